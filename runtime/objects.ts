// Constructors and accessors for the heap's data objects: strings, vectors, bytevectors, lists
// and annotations. Each works on the layouts of layout.ts and nothing else.

import { Heap } from "./heap";
import {
  ANNOTATION_COLUMN, ANNOTATION_EXPRESSION, ANNOTATION_LINE, ANNOTATION_SIZE, ANNOTATION_SOURCE,
  ANNOTATION_STRIPPED, BYTEVECTOR_BYTES, BYTEVECTOR_LENGTH, NIL, OBJECT_ANNOTATION,
  OBJECT_BYTEVECTOR, OBJECT_STRING, OBJECT_STRING_WIDE, OBJECT_VALUES, OBJECT_VECTOR, STRING_CHARS, VALUES_ELEMENTS,
  STRING_LENGTH, STRING_NARROW_LIMIT, VECTOR_ELEMENTS, WORD_BYTES, addressOf, fixnumValue,
  isObject, isPair, makeFixnum, headerType,
} from "./layout";
import { typeError } from "./errors";

// ---- Strings ---------------------------------------------------------------------------------

/** Number of Unicode scalar values in a JS string, and whether all are below 256. */
function measure(text: string): { length: number; narrow: boolean } {
  let length = 0;
  let narrow = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= STRING_NARROW_LIMIT) {
      narrow = false;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
    }
    length++;
  }
  return { length, narrow };
}

export function makeString(heap: Heap, text: string): number {
  const { length, narrow } = measure(text);
  return narrow ? makeNarrowString(heap, text, length) : makeWideString(heap, text, length);
}

function makeNarrowString(heap: Heap, text: string, length: number): number {
  const s = heap.allocate(OBJECT_STRING, STRING_CHARS - 1 + Math.ceil(length / WORD_BYTES));
  heap.initField(s, STRING_LENGTH, makeFixnum(length));
  const base = (addressOf(s) + STRING_CHARS) * WORD_BYTES;
  const bytes = heap.bytes;
  for (let i = 0; i < length; i++) bytes[base + i] = text.charCodeAt(i);
  return s;
}

function makeWideString(heap: Heap, text: string, length: number): number {
  const s = heap.allocate(OBJECT_STRING_WIDE, STRING_CHARS - 1 + length);
  heap.initField(s, STRING_LENGTH, makeFixnum(length));
  let at = addressOf(s) + STRING_CHARS;
  const words = heap.words;
  for (const ch of text) words[at++] = ch.codePointAt(0)!;
  return s;
}

/** A string from code points, each a Unicode scalar value (the caller checks). */
export function makeStringFromCodePoints(heap: Heap, codePoints: ArrayLike<number>): number {
  let narrow = true;
  for (let i = 0; i < codePoints.length; i++) if (codePoints[i] >= STRING_NARROW_LIMIT) narrow = false;
  const length = codePoints.length;
  if (narrow) {
    const s = heap.allocate(OBJECT_STRING, STRING_CHARS - 1 + Math.ceil(length / WORD_BYTES));
    heap.initField(s, STRING_LENGTH, makeFixnum(length));
    heap.bytes.set(codePoints, (addressOf(s) + STRING_CHARS) * WORD_BYTES);
    return s;
  }
  const s = heap.allocate(OBJECT_STRING_WIDE, STRING_CHARS - 1 + length);
  heap.initField(s, STRING_LENGTH, makeFixnum(length));
  heap.words.set(codePoints, addressOf(s) + STRING_CHARS);
  return s;
}

export function isString(heap: Heap, w: number): boolean {
  if (!isObject(w)) return false;
  const t = headerType(heap.words[addressOf(w)]);
  return t === OBJECT_STRING || t === OBJECT_STRING_WIDE;
}

export function stringLength(heap: Heap, s: number): number {
  return fixnumValue(heap.field(s, STRING_LENGTH));
}

/** The code point at index i (0 <= i < length). */
export function stringRef(heap: Heap, s: number, i: number): number {
  const at = addressOf(s) + STRING_CHARS;
  return heap.objectType(s) === OBJECT_STRING ? heap.bytes[at * WORD_BYTES + i] : heap.words[at + i];
}

const DECODE_CHUNK = 8192;

export function stringToJs(heap: Heap, s: number): string {
  const length = stringLength(heap, s);
  const at = addressOf(s) + STRING_CHARS;
  if (heap.objectType(s) === OBJECT_STRING) return heap.latin1.toString("latin1", at * WORD_BYTES, at * WORD_BYTES + length);
  let out = "";
  for (let i = 0; i < length; i += DECODE_CHUNK) {
    const chunk = heap.words.subarray(at + i, at + Math.min(length, i + DECODE_CHUNK));
    out += String.fromCodePoint(...chunk);
  }
  return out;
}

// ---- Vectors and bytevectors -----------------------------------------------------------------

/** The elements of a vector, as an array of words. */
export function vectorElements(heap: Heap, vector: number): number[] {
  const at = addressOf(vector) + VECTOR_ELEMENTS;
  return Array.from(heap.words.subarray(at, at + heap.objectSize(vector)));
}

export function makeVector(heap: Heap, elements: ArrayLike<number>): number {
  const v = heap.allocate(OBJECT_VECTOR, elements.length);
  heap.words.set(elements, addressOf(v) + VECTOR_ELEMENTS);
  return v;
}

export function vectorLength(heap: Heap, v: number): number {
  return heap.objectSize(v);
}

export function vectorRef(heap: Heap, v: number, i: number): number {
  return heap.field(v, VECTOR_ELEMENTS + i);
}

export function makeBytevector(heap: Heap, contents: ArrayLike<number>): number {
  const b = heap.allocate(OBJECT_BYTEVECTOR, BYTEVECTOR_BYTES - 1 + Math.ceil(contents.length / WORD_BYTES));
  heap.initField(b, BYTEVECTOR_LENGTH, makeFixnum(contents.length));
  heap.bytes.set(contents, (addressOf(b) + BYTEVECTOR_BYTES) * WORD_BYTES);
  return b;
}

export function bytevectorLength(heap: Heap, b: number): number {
  return fixnumValue(heap.field(b, BYTEVECTOR_LENGTH));
}

/** The bytevector's contents: a view of the heap, valid until the next collection (H5). */
export function bytevectorBytes(heap: Heap, b: number): Uint8Array {
  const start = (addressOf(b) + BYTEVECTOR_BYTES) * WORD_BYTES;
  return heap.bytes.subarray(start, start + bytevectorLength(heap, b));
}

// ---- Lists -----------------------------------------------------------------------------------

/** A proper list of the values, or an improper one ending in `tail`. */
export function makeList(heap: Heap, elements: ArrayLike<number>, tail: number = NIL): number {
  let list = tail;
  for (let i = elements.length - 1; i >= 0; i--) list = heap.cons(elements[i], list);
  return list;
}

/** The elements of a proper list; throws a type error naming `who` if it is not one. */
export function listToArray(heap: Heap, list: number, who: string): number[] {
  const out: number[] = [];
  let l = list;
  while (isPair(l)) {
    out.push(heap.car(l));
    l = heap.cdr(l);
  }
  if (l !== NIL) throw typeError(who, "a proper list", list);
  return out;
}

// ---- Multiple values -----------------------------------------------------------------------

/** What `(values v ...)` returns: the value itself when there is exactly one. */
export function makeValues(heap: Heap, values: ArrayLike<number>): number {
  if (values.length === 1) return values[0];
  const v = heap.allocate(OBJECT_VALUES, values.length);
  heap.words.set(values, addressOf(v) + VALUES_ELEMENTS);
  return v;
}

// ---- Annotations -----------------------------------------------------------------------------

export function makeAnnotation(
  heap: Heap, expression: number, stripped: number, source: number, line: number, column: number,
): number {
  const a = heap.allocate(OBJECT_ANNOTATION, ANNOTATION_SIZE);
  heap.initField(a, ANNOTATION_EXPRESSION, expression);
  heap.initField(a, ANNOTATION_STRIPPED, stripped);
  heap.initField(a, ANNOTATION_SOURCE, source);
  heap.initField(a, ANNOTATION_LINE, makeFixnum(line));
  heap.initField(a, ANNOTATION_COLUMN, makeFixnum(column));
  return a;
}
