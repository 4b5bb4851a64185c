// Test helpers: read text and turn the heap data into plain JS values that jest can compare
// structurally, independently of the printer.
//
//   fixnum -> number            bignum -> bigint          flonum -> { flonum: x }
//   symbol -> { sym: "name" }   string -> JS string       char -> { char: "a" }
//   #t/#f -> true/false         () -> []                  proper list -> array
//   dotted list -> { list: [...], tail: x }               vector -> { vector: [...] }
//   bytevector -> { bytevector: [...] }                   eof -> { eof: true }
//   annotation -> { at: "LINE:COL", datum: plain(expression) }, after checking R3: its
//                 `stripped` is its expression without annotations, its source the file name.

import { World } from "../../runtime/world";
import { createWorld } from "../../gc";
import * as L from "../../runtime/layout";
import { bignumToBigInt } from "../../runtime/numbers";
import { bytevectorBytes, stringToJs, vectorLength, vectorRef } from "../../runtime/objects";
import { ReadOptions, readAll } from "../../reader/reader";
import { ReadError } from "../../reader/errors";

export type Plain =
  | number | bigint | boolean | string | Plain[]
  | { flonum: number } | { sym: string } | { char: string } | { list: Plain[]; tail: Plain }
  | { vector: Plain[] } | { bytevector: number[] } | { eof: true } | { at: string; datum: Plain };

export const TEST_HEAP = { limitBytes: 2 ** 26 };
export const FILE = "test.scm";

/** A fresh world with a heap big enough for every reader test. */
export function newWorld(): World {
  return createWorld(TEST_HEAP);
}

export function plain(world: World, w: number): Plain {
  const heap = world.heap;
  if (L.isFixnum(w)) return L.fixnumValue(w);
  if (L.isChar(w)) return { char: String.fromCodePoint(L.charCode(w)) };
  if (w === L.TRUE) return true;
  if (w === L.FALSE) return false;
  if (w === L.NIL) return [];
  if (w === L.EOF) return { eof: true };
  if (L.isPair(w)) {
    const elements: Plain[] = [];
    let l = w;
    for (; L.isPair(l); l = heap.cdr(l)) elements.push(plain(world, heap.car(l)));
    return l === L.NIL ? elements : { list: elements, tail: plain(world, l) };
  }
  if (!L.isObject(w)) throw new Error(`unexpected word ${w}`);
  switch (heap.objectType(w)) {
    case L.OBJECT_SYMBOL: return { sym: world.symbols.name(w) };
    case L.OBJECT_STRING:
    case L.OBJECT_STRING_WIDE: return stringToJs(heap, w);
    case L.OBJECT_FLONUM: return { flonum: heap.flonumValue(w) };
    case L.OBJECT_BIGNUM: return bignumToBigInt(heap, w);
    case L.OBJECT_VECTOR: {
      const elements: Plain[] = [];
      for (let i = 0; i < vectorLength(heap, w); i++) elements.push(plain(world, vectorRef(heap, w, i)));
      return { vector: elements };
    }
    case L.OBJECT_BYTEVECTOR: return { bytevector: Array.from(bytevectorBytes(heap, w)) };
    case L.OBJECT_ANNOTATION: {
      const expression = heap.field(w, L.ANNOTATION_EXPRESSION);
      expect(plain(world, heap.field(w, L.ANNOTATION_STRIPPED))).toEqual(strip(plain(world, expression)));
      expect(stringToJs(heap, heap.field(w, L.ANNOTATION_SOURCE))).toBe(FILE);
      const line = L.fixnumValue(heap.field(w, L.ANNOTATION_LINE));
      const column = L.fixnumValue(heap.field(w, L.ANNOTATION_COLUMN));
      return { at: `${line}:${column}`, datum: plain(world, expression) };
    }
    default: throw new Error(`unexpected object type ${heap.objectType(w)}`);
  }
}

/** A plain value with its annotations removed. */
export function strip(p: Plain): Plain {
  if (Array.isArray(p)) return p.map(strip);
  if (typeof p !== "object") return p;
  if ("at" in p) return strip(p.datum);
  if ("list" in p) return { list: p.list.map(strip), tail: strip(p.tail) };
  if ("vector" in p) return { vector: p.vector.map(strip) };
  return p;
}

/** Every datum of `text`, as plain values. */
export function readPlain(text: string, options: Partial<ReadOptions> = {}): Plain[] {
  const world = newWorld();
  return readAll(world, text, { file: FILE, ...options }).map((w) => plain(world, w));
}

/** The one datum of `text`, as a plain value. */
export function read1(text: string, options: Partial<ReadOptions> = {}): Plain {
  const data = readPlain(text, options);
  expect(data).toHaveLength(1);
  return data[0];
}

/** The annotated datum of `text` (R3 checked at every level). */
export function readAnnotated(text: string): Plain {
  return read1(text, { annotate: true });
}

export interface ErrorReport {
  message: string;
  at: string;
  incomplete: boolean;
}

/** The ReadError reading `text` raises, as message, "LINE:COL" and incomplete. */
export function readError(text: string, options: Partial<ReadOptions> = {}): ErrorReport {
  try {
    readAll(newWorld(), text, { file: FILE, ...options });
  } catch (e) {
    if (!(e instanceof ReadError)) throw e;
    return { message: e.message, at: `${e.position.line}:${e.position.column}`, incomplete: e.incomplete };
  }
  throw new Error(`reading ${JSON.stringify(text)} raised no error`);
}

export const sym = (name: string): Plain => ({ sym: name });
export const flo = (x: number): Plain => ({ flonum: x });
export const chr = (c: string): Plain => ({ char: c });
