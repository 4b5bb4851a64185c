// The printer: R7RS `write` and `display` of heap data, and the walk that every printer of heap
// data shares (this module's printToString; pretty.ts, which lays the same tokens out in lines).
//
// `write` output reads back as an equal datum (for readable data): strings and characters are
// escaped, symbols that would not read back as themselves are written in |bars|, flonums in the
// shortest form that reads back as the same flonum. `display` writes strings, characters and
// symbols as their plain text. What is not data is written `#<kind ...>`, which does not read.
//
// The walk. A Walk turns a value into tokens, in the order they are written: atoms, the opening
// and closing brackets of lists, vectors and `#<...>` objects, and the spaces between their
// elements. A printer only decides what a space becomes (a space, or a line break) and where
// output goes. The walk applies the limits a printer asks for: `maxLength` elements of a node (a
// list, vector, bytevector, a record's fields, multiple values) and characters of a string, and
// `maxTableEntries` entries of a hash table, are written before `...`; a node nested deeper than
// `maxDepth` brackets is written `...`.
//
// Cycles. Pairs and vectors are immutable, so any cycle passes through a cell: a box, a record's
// mutable field, or a hash table. Before it yields a token, a Walk goes once through the value
// under the same limits, writing nothing, and marks each cell that it meets again while still
// writing it; then it writes such a cell with a datum label, `#0=#<box (a #0#)>`, and later
// references to it as `#0#`. Shared structure without a cycle is written out in full, as R7RS
// `write` does.
//
// Neither pass recurses in JavaScript: both keep an explicit stack of the nodes being written,
// each with a cursor into its elements, so a list nested a million deep, or a million long,
// prints like any other, and a printer can stop part-way and resume (pretty.ts prints in chunks).
// The heap must not change while a walk is in progress: it holds raw pointers (heap H5).

import { Heap } from "./heap";
import { World } from "./world";
import {
  ANNOTATION_COLUMN, ANNOTATION_LINE, ANNOTATION_SOURCE, ANNOTATION_STRIPPED, BOX_VALUE, BYTEVECTOR_BYTES,
  CONSTANT_NAMES, GLOBAL_SYMBOL, OBJECT_ANNOTATION, OBJECT_BIGNUM, OBJECT_BOX, OBJECT_BYTEVECTOR,
  OBJECT_FLONUM, OBJECT_GLOBAL, OBJECT_STRING, OBJECT_STRING_WIDE, OBJECT_SYMBOL, OBJECT_TYPE_BY_NUMBER,
  OBJECT_VECTOR, SYMBOL_NAME, VECTOR_ELEMENTS, WORD_BYTES, addressOf, charCode, fixnumValue, headerType, isChar,
  OBJECT_RECORD, RECORD_FIELDS, RECORD_DESCRIPTOR, RECORD_TYPE_NAME, RECORD_TYPE_MUTABLE, TRUE,
  OBJECT_CLOSURE, CLOSURE_CODE, OBJECT_CASE_LAMBDA, CASE_LAMBDA_CLAUSES, OBJECT_PRIMITIVE, PRIMITIVE_NAME,
  OBJECT_CODE, OBJECT_MACRO, MACRO_NAME, OBJECT_SPECIAL_FORM, SPECIAL_FORM_NAME, OBJECT_RECORD_TYPE,
  OBJECT_PORT, PORT_NAME, OBJECT_HASH_MAP, OBJECT_HASH_TABLE, HASH_TABLE_MAP,
  OBJECT_VALUES, VALUES_ELEMENTS,
  isFixnum, isImmediate, isObject, isPair, makeFixnum, NIL,
} from "./layout";
import { bignumToBigInt } from "./numbers";
import { isNumberSyntax } from "./number-syntax";
import { bytevectorLength, stringLength, stringRef, stringToJs } from "./objects";
import { hashMapCount, hashMapForEach } from "./hamt";
import { CHAR_NAME_OF, isGraphic } from "./chars";
import { codeName } from "./code";

export type PrintMode = "write" | "display";

/**
 * How many entries of a hash table or hash map `write` and `display` show. Tables are not R7RS
 * data and do not read back, so their contents are shown for the person reading, and bounded
 * so that writing a large table in passing (an irritant in an error message) stays short.
 */
export const WRITE_TABLE_ENTRIES = 8;

/** The text of `value` as `write` (or `display`) writes it. */
export function printToString(world: World, value: number, mode: PrintMode = "write"): string {
  const walk = new Walk(world, value, { mode, maxTableEntries: WRITE_TABLE_ENTRIES });
  let out = "";
  for (let token = walk.next(); token !== TOKEN_END; token = walk.next()) out += token === TOKEN_SPACE ? " " : walk.text;
  return out;
}

// ---- Atoms -----------------------------------------------------------------------------------

/** Shortest text that reads back as the same flonum, always with a `.` or an exponent. */
export function formatFlonum(x: number): string {
  if (Number.isNaN(x)) return "+nan.0";
  if (x === Infinity) return "+inf.0";
  if (x === -Infinity) return "-inf.0";
  if (Object.is(x, -0)) return "-0.0";
  const s = String(x); // ECMAScript Number::toString is the shortest round-trip form
  if (s.includes("e")) return s.replace("e+", "e");
  return s.includes(".") ? s : s + ".0";
}

const STRING_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x22, '\\"'], [0x5c, "\\\\"], [0x07, "\\a"], [0x08, "\\b"], [0x09, "\\t"], [0x0a, "\\n"], [0x0d, "\\r"],
]);

function hexEscape(codePoint: number): string {
  return `\\x${codePoint.toString(16)};`;
}

/** Characters that `write` escapes inside strings and |symbols| beyond the named escapes. */
function needsHexEscape(codePoint: number): boolean {
  return codePoint !== 0x20 && !isGraphic(codePoint);
}

/** The string as `write` writes it; its first `shown` characters and `...` if it is longer. */
function writeStringLiteral(heap: Heap, s: number, shown: number): string {
  let out = '"';
  const n = Math.min(stringLength(heap, s), shown);
  for (let i = 0; i < n; i++) {
    const c = stringRef(heap, s, i);
    const named = STRING_ESCAPES.get(c);
    if (named !== undefined) out += named;
    else if (needsHexEscape(c)) out += hexEscape(c);
    else out += String.fromCodePoint(c);
  }
  return out + (n < stringLength(heap, s) ? '..."' : '"');
}

/** The string as `display` writes it; its first `shown` characters and `...` if it is longer. */
function displayString(heap: Heap, s: number, shown: number): string {
  const length = stringLength(heap, s);
  if (length <= shown) return stringToJs(heap, s);
  let out = "";
  for (let i = 0; i < shown; i++) out += String.fromCodePoint(stringRef(heap, s, i));
  return out + "...";
}

function writeChar(codePoint: number): string {
  const name = CHAR_NAME_OF.get(codePoint);
  if (name !== undefined) return "#\\" + name;
  return isGraphic(codePoint) ? "#\\" + String.fromCodePoint(codePoint) : `#\\x${codePoint.toString(16)}`;
}

// A symbol can be written bare when the reader would read its name back as the same symbol: it
// is not number syntax, not `.`, does not start like another token (# ' ` ,), and holds no
// delimiter, escape or non-graphic character.
const DELIMITER_OR_SPECIAL = /[\s()[\]{}";'`,|\\]/u;

function symbolNeedsBars(name: string): boolean {
  if (name === "" || name === "." || name[0] === "#") return true;
  if (DELIMITER_OR_SPECIAL.test(name) || isNumberSyntax(name)) return true;
  for (const ch of name) if (!isGraphic(ch.codePointAt(0)!)) return true;
  return false;
}

function writeSymbolName(name: string): string {
  if (!symbolNeedsBars(name)) return name;
  let out = "|";
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    if (c === 0x7c) out += "\\|";
    else if (c === 0x5c) out += "\\\\";
    else if (needsHexEscape(c)) out += hexEscape(c);
    else out += ch;
  }
  return out + "|";
}

/** `#<kind name>`, or `#<kind>` without a name. */
function named(kind: string, name: string | undefined): string {
  return name === undefined ? `#<${kind}>` : `#<${kind} ${name}>`;
}

// ---- Records the printer does not open -------------------------------------------------------

// Record types whose fields are the standard library's implementation, not the user's data, are
// written `#<name>` (Racket's opaque structures; R6RS's opaque record types). Stasis's record
// types carry no opacity flag (it would be a field of the record type in layout.ts, and the
// image format with it), so the printer knows these types by the globals the library binds them
// to: a record is written `#<promise>` exactly when `promise?`, which tests the type held by the
// global `promise`, accepts it (runtime/library/control.scm).
const OPAQUE_RECORD_TYPES: ReadonlySet<string> = new Set(["promise"]);

function isOpaqueRecordType(world: World, type: number): boolean {
  const name = world.heap.field(type, RECORD_TYPE_NAME);
  return OPAQUE_RECORD_TYPES.has(world.symbols.name(name)) && world.globals.value(name) === type;
}

/** A record type's name as records are written: without the conventional <angle brackets>. */
function recordTypeName(world: World, type: number): string {
  return world.symbols.name(world.heap.field(type, RECORD_TYPE_NAME)).replace(/^<(.+)>$/, "$1");
}

// ---- The walk --------------------------------------------------------------------------------

/** What Walk.next returns. */
export const TOKEN_END = 0;
/** `text` is an atom, a datum label's reference `#n#`, or `...` for what a limit left out. */
export const TOKEN_ATOM = 1;
/** `text` opens a node: `(`, `#(`, `#u8(` or `#<`, after any prefix (`'`, `#0=`, `. `). */
export const TOKEN_OPEN = 2;
/** Separates two elements of the innermost open node. */
export const TOKEN_SPACE = 3;
/** `text` closes the innermost open node: `)` or `>`. */
export const TOKEN_CLOSE = 4;

// What a node is (Walk.shape, set with each TOKEN_OPEN), for a layout to choose by.
/** A list whose first element is a symbol: a form, as far as a printer can tell. */
export const SHAPE_FORM = 0;
/** Any other list, a vector, a bytevector, a hash table's entry. */
export const SHAPE_DATA = 1;
/** `#<tag element ...>`: a box, a record, multiple values, an annotation. */
export const SHAPE_OBJECT = 2;
/** `#<hash-table count entry ...>`, or a hash map. */
export const SHAPE_TABLE = 3;

export interface WalkOptions {
  readonly mode: PrintMode;
  /** Elements of a node, and characters of a string, written before `...`; no limit if absent. */
  readonly maxLength?: number;
  /** Brackets nested before a node is written `...`; no limit if absent. */
  readonly maxDepth?: number;
  /** Entries of a hash table or map written before `...`; no limit if absent. */
  readonly maxTableEntries?: number;
}

/** A record's mutable field: the contents of its box, written with the box's label if any. */
class FieldContents {
  constructor(readonly box: number) {}
}

/** A hash table's entry, written as `(cons key value)` is: `(key . value)`, `(key 1 2)`. */
class Entry {
  constructor(readonly key: number, readonly value: number) {}
}

/** The tail of an improper list, written after `. `. */
class Tail {
  constructor(readonly value: number) {}
}

/** What a node's elements are: a value, an atom's text, or one of the classes above. */
type Element = number | string | FieldContents | Entry | Tail;

const ELLIPSIS = "...";

// How a node's cursor moves through its elements.
const FRAME_LIST = 0; // cursor: the rest of the list
const FRAME_ENTRY = 1; // object: the key, written first; then as FRAME_LIST, cursor: the value
const FRAME_VECTOR = 2; // cursor: the index of the next element; end: the length
const FRAME_BYTEVECTOR = 3; // cursor: the byte offset of the next byte in heap.bytes; end: past the last
const FRAME_ELEMENTS = 4; // cursor: the index of the next of `elements`

interface Frame {
  readonly kind: number;
  readonly close: string;
  /** The vector whose elements a FRAME_VECTOR writes; the key a FRAME_ENTRY writes. */
  readonly object: number;
  cursor: number;
  readonly end: number;
  readonly elements: readonly Element[];
  /** Elements written so far. */
  shown: number;
  /** While searching for cycles: the cells whose writing ends with this node's. */
  readonly cells: readonly number[];
}

const NO_ELEMENTS: readonly Element[] = [];
const NO_CELLS: readonly number[] = [];

const IN_PROGRESS = 1;
const EXPLORED = 2;

const ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ["quote", "'"], ["quasiquote", "`"], ["unquote", ","], ["unquote-splicing", ",@"],
]);

export class Walk {
  /** The text of the token next() returned last (but TOKEN_SPACE and TOKEN_END). */
  text = "";
  /** What the node opened by the last TOKEN_OPEN is (SHAPE_*). */
  shape = SHAPE_DATA;

  private readonly heap: Heap;
  private readonly mode: PrintMode;
  private readonly maxLength: number;
  private readonly maxDepth: number;
  private readonly maxTableEntries: number;
  private readonly frames: Frame[] = [];
  /** The element to write at the next call: the root, or the one after a TOKEN_SPACE. */
  private pending: Element | undefined;
  /** Written before the next atom or opening bracket: abbreviations, labels, `. `. */
  private prefix = "";

  // Searching for cycles (the constructor's walk): each cell's state, the cells met again while
  // in progress, and the cells entered since the last token, whose writing ends with the next
  // node's (or at once, if the next token is an atom).
  private searching = true;
  private readonly state = new Map<number, number>();
  private readonly cyclic = new Set<number>();
  private entering: number[] = [];
  /** Printing: the label of each cell on a cycle written so far, numbered in writing order. */
  private readonly labels = new Map<number, number>();

  /** A walk of `root`; it first walks `root` once to find the cells to label. */
  constructor(private readonly world: World, root: number, options: WalkOptions) {
    this.heap = world.heap;
    this.mode = options.mode;
    this.maxLength = options.maxLength ?? Infinity;
    this.maxDepth = options.maxDepth ?? Infinity;
    this.maxTableEntries = options.maxTableEntries ?? Infinity;
    this.pending = root;
    while (this.next() !== TOKEN_END) continue;
    this.searching = false;
    this.pending = root;
  }

  next(): number {
    const pending = this.pending;
    if (pending !== undefined) {
      this.pending = undefined;
      return this.begin(pending);
    }
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) return TOKEN_END;
    const element = this.nextElement(frame);
    if (element === undefined) {
      this.frames.pop();
      for (const cell of frame.cells) this.state.set(cell, EXPLORED);
      this.text = frame.close;
      return TOKEN_CLOSE;
    }
    if (frame.shown++ === 0) return this.begin(element);
    this.pending = element;
    return TOKEN_SPACE;
  }

  /** The node's next element, `...` where maxLength cuts it short, or undefined after the last. */
  private nextElement(frame: Frame): Element | undefined {
    const heap = this.heap;
    if (frame.kind === FRAME_ENTRY && frame.shown === 0) return frame.object;
    switch (frame.kind) {
      case FRAME_LIST:
      case FRAME_ENTRY: { // after its key, an entry is the list (key . value) from its cdr on
        const rest = frame.cursor;
        if (rest === NIL) return undefined;
        if (!isPair(rest)) {
          frame.cursor = NIL;
          return new Tail(rest);
        }
        if (frame.shown === this.maxLength) {
          frame.cursor = NIL;
          return ELLIPSIS;
        }
        frame.cursor = heap.cdr(rest);
        return heap.car(rest);
      }
      case FRAME_VECTOR:
        if (frame.cursor === frame.end) return undefined;
        if (frame.shown === this.maxLength) {
          frame.cursor = frame.end;
          return ELLIPSIS;
        }
        return heap.field(frame.object, VECTOR_ELEMENTS + frame.cursor++);
      case FRAME_BYTEVECTOR:
        if (frame.cursor === frame.end) return undefined;
        if (frame.shown === this.maxLength) {
          frame.cursor = frame.end;
          return ELLIPSIS;
        }
        return makeFixnum(heap.bytes[frame.cursor++]);
      default:
        return frame.elements[frame.cursor++];
    }
  }

  /** Starts writing an element: returns TOKEN_ATOM or TOKEN_OPEN. */
  private begin(element: Element): number {
    if (typeof element === "number") return this.beginValue(element);
    if (typeof element === "string") return this.atom(element);
    if (element instanceof Tail) {
      this.prefix += ". ";
      return this.beginValue(element.value);
    }
    if (element instanceof Entry) {
      if (!this.mayOpen(undefined)) return TOKEN_ATOM;
      const shape = this.heap.isType(element.key, OBJECT_SYMBOL) ? SHAPE_FORM : SHAPE_DATA;
      return this.push(FRAME_ENTRY, "(", ")", shape, element.key, element.value, 0, NO_ELEMENTS);
    }
    if (!this.enter(element.box)) return TOKEN_ATOM;
    return this.beginValue(this.heap.field(element.box, BOX_VALUE));
  }

  private beginValue(value: number): number {
    const heap = this.heap;
    let v = value;
    while (isPair(v)) {
      const head = heap.car(v);
      const rest = heap.cdr(v);
      const abbreviation = heap.isType(head, OBJECT_SYMBOL) && isPair(rest) && heap.cdr(rest) === NIL
        ? ABBREVIATIONS.get(this.world.symbols.name(head)) : undefined;
      if (abbreviation === undefined) {
        if (!this.mayOpen(undefined)) return TOKEN_ATOM;
        return this.push(FRAME_LIST, "(", ")", heap.isType(head, OBJECT_SYMBOL) ? SHAPE_FORM : SHAPE_DATA, 0, v, 0, NO_ELEMENTS);
      }
      this.prefix += abbreviation;
      v = heap.car(rest);
    }
    if (!isObject(v)) return this.atom(this.atomText(v));
    switch (heap.objectType(v)) {
      case OBJECT_VECTOR:
        if (!this.mayOpen(undefined)) return TOKEN_ATOM;
        return this.push(FRAME_VECTOR, "#(", ")", SHAPE_DATA, v, 0, heap.objectSize(v), NO_ELEMENTS);
      case OBJECT_BYTEVECTOR: {
        if (!this.mayOpen(undefined)) return TOKEN_ATOM;
        const start = (addressOf(v) + BYTEVECTOR_BYTES) * WORD_BYTES;
        return this.push(FRAME_BYTEVECTOR, "#u8(", ")", SHAPE_DATA, 0, start, start + bytevectorLength(heap, v), NO_ELEMENTS);
      }
      case OBJECT_BOX:
        if (!this.mayOpen(v)) return TOKEN_ATOM;
        return this.open("#<", ">", SHAPE_OBJECT, ["box", heap.field(v, BOX_VALUE)]);
      case OBJECT_RECORD: {
        const type = heap.field(v, RECORD_DESCRIPTOR);
        if (isOpaqueRecordType(this.world, type)) return this.atom(`#<${recordTypeName(this.world, type)}>`);
        if (!this.mayOpen(v)) return TOKEN_ATOM;
        const mutable = heap.field(type, RECORD_TYPE_MUTABLE);
        const count = heap.objectSize(v) - (RECORD_FIELDS - 1);
        const elements: Element[] = [recordTypeName(this.world, type)];
        for (let i = 0; i < Math.min(count, this.maxLength); i++) {
          const field = heap.field(v, RECORD_FIELDS + i);
          elements.push(heap.field(mutable, VECTOR_ELEMENTS + i) === TRUE ? new FieldContents(field) : field);
        }
        if (count > this.maxLength) elements.push(ELLIPSIS);
        return this.open("#<", ">", SHAPE_OBJECT, elements);
      }
      case OBJECT_HASH_TABLE:
        if (!this.mayOpen(v)) return TOKEN_ATOM;
        return this.open("#<", ">", SHAPE_TABLE, this.tableElements("hash-table", heap.field(v, HASH_TABLE_MAP)));
      case OBJECT_HASH_MAP:
        if (!this.mayOpen(undefined)) return TOKEN_ATOM;
        return this.open("#<", ">", SHAPE_TABLE, this.tableElements("hash-map", v));
      case OBJECT_VALUES: {
        if (!this.mayOpen(undefined)) return TOKEN_ATOM;
        const count = heap.objectSize(v);
        const elements: Element[] = ["values"];
        for (let i = 0; i < Math.min(count, this.maxLength); i++) elements.push(heap.field(v, VALUES_ELEMENTS + i));
        if (count > this.maxLength) elements.push(ELLIPSIS);
        return this.open("#<", ">", SHAPE_OBJECT, elements);
      }
      case OBJECT_ANNOTATION: {
        if (!this.mayOpen(undefined)) return TOKEN_ATOM;
        const where = `${stringToJs(heap, heap.field(v, ANNOTATION_SOURCE))}:` +
          `${fixnumValue(heap.field(v, ANNOTATION_LINE))}:${fixnumValue(heap.field(v, ANNOTATION_COLUMN))}`;
        return this.open("#<", ">", SHAPE_OBJECT, ["annotation", where, heap.field(v, ANNOTATION_STRIPPED)]);
      }
      default:
        return this.atom(this.atomText(v));
    }
  }

  /**
   * `#<kind count entry ...>`, in the map's trie order (address-free, so the same for the same
   * keys in every run), at most maxTableEntries of them. Not Racket's `#hash((a . 1))`: that
   * reads back in Racket, but Stasis's reader has no such syntax, and a hash table is a cell
   * whose identity a copy read back would not have; `#<` says that it does not read, and the
   * count says how much a `...` left out.
   */
  private tableElements(kind: string, map: number): Element[] {
    const count = hashMapCount(this.heap, map);
    const elements: Element[] = [kind, String(count)];
    const shown = Math.min(count, this.maxTableEntries);
    if (shown > 0) {
      hashMapForEach(this.heap, map, (key, value) => {
        if (elements.length < 2 + shown) elements.push(new Entry(key, value));
      });
    }
    if (count > shown) elements.push(ELLIPSIS);
    return elements;
  }

  /**
   * Whether a node (of `cell`, if it is one) is opened: false, with its TOKEN_ATOM's text set,
   * if it lies deeper than maxDepth (`...`) or is a labelled cell written before (`#n#`).
   */
  private mayOpen(cell: number | undefined): boolean {
    if (this.frames.length >= this.maxDepth) {
      this.atom(ELLIPSIS);
      return false;
    }
    return cell === undefined || this.enter(cell);
  }

  /**
   * Whether the cell's contents are written here. Searching, a cell met again while in progress
   * is on a cycle, and one met again after is not explored twice; printing, a labelled cell is
   * `#n=` before its first writing and `#n#` after.
   */
  private enter(cell: number): boolean {
    if (this.searching) {
      const state = this.state.get(cell);
      if (state === IN_PROGRESS) this.cyclic.add(cell);
      if (state !== undefined) {
        this.atom(ELLIPSIS);
        return false;
      }
      this.state.set(cell, IN_PROGRESS);
      this.entering.push(cell);
      return true;
    }
    if (!this.cyclic.has(cell)) return true;
    const label = this.labels.get(cell);
    if (label !== undefined) {
      this.atom(`#${label}#`);
      return false;
    }
    this.labels.set(cell, this.labels.size);
    this.prefix += `#${this.labels.size - 1}=`;
    return true;
  }

  private atom(text: string): number {
    this.text = this.prefix + text;
    this.prefix = "";
    if (this.entering.length > 0) {
      for (const cell of this.entering) this.state.set(cell, EXPLORED);
      this.entering = [];
    }
    return TOKEN_ATOM;
  }

  private open(open: string, close: string, shape: number, elements: readonly Element[]): number {
    return this.push(FRAME_ELEMENTS, open, close, shape, 0, 0, elements.length, elements);
  }

  private push(
    kind: number, open: string, close: string, shape: number, object: number, cursor: number, end: number,
    elements: readonly Element[],
  ): number {
    const cells = this.entering.length === 0 ? NO_CELLS : this.entering;
    this.entering = [];
    this.frames.push({ kind, close, object, cursor, end, elements, shown: 0, cells });
    this.text = this.prefix + open;
    this.prefix = "";
    this.shape = shape;
    return TOKEN_OPEN;
  }

  /** The text of an atom: not a pair, vector, box, record, table or other node. */
  private atomText(w: number): string {
    if (this.searching) return ""; // the search for cycles writes nothing
    const heap = this.heap;
    const write = this.mode === "write";
    if (isFixnum(w)) return String(fixnumValue(w));
    if (isChar(w)) return write ? writeChar(charCode(w)) : String.fromCodePoint(charCode(w));
    if (isImmediate(w)) return CONSTANT_NAMES.get(w) ?? `#<immediate 0x${(w >>> 0).toString(16)}>`;
    if (!isObject(w)) return `#<invalid word 0x${(w >>> 0).toString(16)}>`;
    const type = headerType(heap.words[addressOf(w)]);
    switch (type) {
      case OBJECT_STRING:
      case OBJECT_STRING_WIDE:
        return write ? writeStringLiteral(heap, w, this.maxLength) : displayString(heap, w, this.maxLength);
      case OBJECT_SYMBOL: {
        const name = stringToJs(heap, heap.field(w, SYMBOL_NAME));
        return write ? writeSymbolName(name) : name;
      }
      case OBJECT_BIGNUM:
        return bignumToBigInt(heap, w).toString();
      case OBJECT_FLONUM:
        return formatFlonum(heap.flonumValue(w));
      case OBJECT_GLOBAL:
        return `#<global ${writeSymbolName(this.world.symbols.name(heap.field(w, GLOBAL_SYMBOL)))}>`;
      case OBJECT_CLOSURE:
        return named("procedure", codeName(heap, heap.field(w, CLOSURE_CODE)));
      case OBJECT_CASE_LAMBDA:
        return named("procedure", heap.objectSize(w) === 0 ? undefined
          : codeName(heap, heap.field(heap.field(w, CASE_LAMBDA_CLAUSES), CLOSURE_CODE)));
      case OBJECT_PRIMITIVE:
        return named("procedure", this.world.symbols.name(heap.field(w, PRIMITIVE_NAME)));
      case OBJECT_CODE:
        return named("code", codeName(heap, w));
      case OBJECT_MACRO:
        return named("macro", this.world.symbols.name(heap.field(w, MACRO_NAME)));
      case OBJECT_SPECIAL_FORM:
        return named("syntax", this.world.symbols.name(heap.field(w, SPECIAL_FORM_NAME)));
      case OBJECT_RECORD_TYPE:
        return named("record-type", this.world.symbols.name(heap.field(w, RECORD_TYPE_NAME)));
      case OBJECT_PORT:
        return named("port", stringToJs(heap, heap.field(w, PORT_NAME)));
      default:
        return `#<${OBJECT_TYPE_BY_NUMBER[type]?.name ?? "invalid object"}>`;
    }
  }
}
