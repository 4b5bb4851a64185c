// The printer: R7RS `write` and `display` of heap data, to a JS string.
//
// `write` output reads back as an equal datum (for readable data): strings and characters are
// escaped, symbols that would not read back as themselves are written in |bars|, flonums in the
// shortest form that reads back as the same flonum. `display` writes strings, characters and
// symbols as their plain text.
//
// Cycles. Pairs and vectors are immutable, so any cycle passes through a cell: a box, or a
// record's mutable field. Before printing, a depth-first pass marks each box or record that can
// reach itself; it is written with a datum label, `#0=#<box (a #0#)>`, and later references to it
// as `#0#`. Shared structure without a cycle is written out in full, as R7RS `write` does.
//
// Neither pass recurses in JavaScript: both keep an explicit work stack, so a list nested a
// million deep prints like any other.

import { Heap } from "./heap";
import { World } from "./world";
import {
  ANNOTATION_COLUMN, ANNOTATION_LINE, ANNOTATION_SOURCE, ANNOTATION_STRIPPED, BOX_VALUE,
  CONSTANT_NAMES, GLOBAL_SYMBOL, OBJECT_ANNOTATION, OBJECT_BIGNUM, OBJECT_BOX, OBJECT_BYTEVECTOR,
  OBJECT_FLONUM, OBJECT_GLOBAL, OBJECT_STRING, OBJECT_STRING_WIDE, OBJECT_SYMBOL, OBJECT_TYPE_BY_NUMBER,
  OBJECT_VECTOR, SYMBOL_NAME, VECTOR_ELEMENTS, addressOf, charCode, fixnumValue, headerType, isChar,
  OBJECT_RECORD, RECORD_FIELDS, RECORD_DESCRIPTOR, RECORD_TYPE_NAME, RECORD_TYPE_MUTABLE, TRUE,
  OBJECT_CLOSURE, CLOSURE_CODE, OBJECT_CASE_LAMBDA, CASE_LAMBDA_CLAUSES, OBJECT_PRIMITIVE, PRIMITIVE_NAME,
  OBJECT_CODE, OBJECT_MACRO, MACRO_NAME, OBJECT_SPECIAL_FORM, SPECIAL_FORM_NAME, OBJECT_RECORD_TYPE,
  OBJECT_PORT, PORT_NAME, OBJECT_HASH_MAP, HASH_MAP_COUNT, OBJECT_HASH_TABLE, HASH_TABLE_MAP,
  OBJECT_VALUES, VALUES_ELEMENTS,
  isFixnum, isImmediate, isObject, isPair, makeHeader, NIL,
} from "./layout";
import { bignumToBigInt } from "./numbers";
import { isNumberSyntax } from "./number-syntax";
import { bytevectorBytes, stringLength, stringRef, stringToJs } from "./objects";
import { CHAR_NAME_OF, isGraphic } from "./chars";
import { codeName } from "./code";

export type PrintMode = "write" | "display";

/** What the printer's work stack holds (Printer.print). */
type WorkItem = number | string | { readonly field: number };

export function printToString(world: World, value: number, mode: PrintMode = "write"): string {
  const printer = new Printer(world, mode, findCycles(world.heap, value));
  printer.print(value);
  return printer.text();
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

function writeStringLiteral(heap: Heap, s: number): string {
  let out = '"';
  const n = stringLength(heap, s);
  for (let i = 0; i < n; i++) {
    const c = stringRef(heap, s, i);
    const named = STRING_ESCAPES.get(c);
    if (named !== undefined) out += named;
    else if (needsHexEscape(c)) out += hexEscape(c);
    else out += String.fromCodePoint(c);
  }
  return out + '"';
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

// ---- Cycle detection -------------------------------------------------------------------------

const EXPLORED = 1;
const IN_PROGRESS = 2;
/** A work item meaning "the box or record below me is fully explored": a header, never a value. */
const EXPLORED_MARK = makeHeader(OBJECT_BOX, 0);

/** The boxes and records reachable from `root` that lie on a cycle (see the module comment). */
function findCycles(heap: Heap, root: number): Set<number> {
  const cyclic = new Set<number>();
  const state = new Map<number, number>();
  const work: number[] = [root];
  while (work.length > 0) {
    const item = work.pop()!;
    if (item === EXPLORED_MARK) {
      state.set(work.pop()!, EXPLORED);
    } else if (isPair(item)) {
      work.push(heap.cdr(item), heap.car(item));
    } else if (isObject(item)) {
      const type = heap.objectType(item);
      if (type === OBJECT_VECTOR) {
        const base = addressOf(item) + VECTOR_ELEMENTS;
        for (let i = heap.objectSize(item) - 1; i >= 0; i--) work.push(heap.words[base + i]);
      } else if (type === OBJECT_BOX || type === OBJECT_RECORD) {
        const s = state.get(item);
        if (s === IN_PROGRESS) cyclic.add(item);
        if (s !== undefined) continue;
        state.set(item, IN_PROGRESS);
        work.push(item, EXPLORED_MARK);
        if (type === OBJECT_BOX) {
          work.push(heap.field(item, BOX_VALUE));
        } else {
          const base = addressOf(item) + RECORD_FIELDS;
          for (let i = heap.objectSize(item) - RECORD_FIELDS; i >= 0; i--) work.push(heap.words[base + i]);
        }
      }
    }
  }
  return cyclic;
}

// ---- The printer -----------------------------------------------------------------------------

class Printer {
  private readonly out: string[] = [];
  private readonly heap: Heap;
  private readonly labels = new Map<number, number>();
  private readonly labelled = new Set<number>();

  constructor(private readonly world: World, private readonly mode: PrintMode, cyclic: Set<number>) {
    this.heap = world.heap;
    for (const object of cyclic) this.labels.set(object, this.labels.size);
  }

  text(): string {
    return this.out.join("");
  }

  /**
   * Prints a value. Work items are values, strings emitted as they are, and the contents of a
   * record's mutable field (a box, labelled like one when it is on a cycle).
   */
  print(root: number): void {
    const heap = this.heap;
    const work: WorkItem[] = [root];
    while (work.length > 0) {
      const item = work.pop()!;
      if (typeof item === "string") {
        this.out.push(item);
      } else if (typeof item === "object") {
        if (this.label(item.field)) work.push(heap.field(item.field, BOX_VALUE));
      } else if (isPair(item)) {
        this.pushList(item, work);
      } else if (isObject(item) && heap.objectType(item) === OBJECT_VECTOR) {
        const base = addressOf(item) + VECTOR_ELEMENTS;
        const n = heap.objectSize(item);
        work.push(")");
        for (let i = n - 1; i >= 0; i--) {
          work.push(heap.words[base + i]);
          if (i > 0) work.push(" ");
        }
        this.out.push("#(");
      } else if (isObject(item) && heap.objectType(item) === OBJECT_BOX) {
        if (!this.label(item)) continue;
        this.out.push("#<box ");
        work.push(">", heap.field(item, BOX_VALUE));
      } else if (isObject(item) && heap.objectType(item) === OBJECT_RECORD) {
        if (this.label(item)) this.pushRecord(item, work);
      } else {
        this.out.push(this.atom(item));
      }
    }
  }

  /**
   * Writes the datum label of a box or record on a cycle: `#n=` the first time (true: print it),
   * `#n#` after (false: it is printed already). True for one on no cycle.
   */
  private label(object: number): boolean {
    const label = this.labels.get(object);
    if (label === undefined) return true;
    if (this.labelled.has(object)) {
      this.out.push(`#${label}#`);
      return false;
    }
    this.labelled.add(object);
    this.out.push(`#${label}=`);
    return true;
  }

  /** `#<type field ...>`: the record's type name (without <>) and its fields' values. */
  private pushRecord(record: number, work: WorkItem[]): void {
    const heap = this.heap;
    const type = heap.field(record, RECORD_DESCRIPTOR);
    const name = this.world.symbols.name(heap.field(type, RECORD_TYPE_NAME)).replace(/^<(.+)>$/, "$1");
    const mutable = heap.field(type, RECORD_TYPE_MUTABLE);
    const count = heap.objectSize(record) - (RECORD_FIELDS - 1);
    work.push(">");
    for (let i = count - 1; i >= 0; i--) {
      const field = heap.field(record, RECORD_FIELDS + i);
      work.push(heap.field(mutable, VECTOR_ELEMENTS + i) === TRUE ? { field } : field, " ");
    }
    this.out.push(`#<${name}`);
  }

  private static readonly ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
    ["quote", "'"], ["quasiquote", "`"], ["unquote", ","], ["unquote-splicing", ",@"],
  ]);

  /** Pushes the work of printing a list: `(a b . c)`, or `'x` for (quote x) and its kin. */
  private pushList(list: number, work: WorkItem[]): void {
    const heap = this.heap;
    const head = heap.car(list);
    const rest = heap.cdr(list);
    if (heap.isType(head, OBJECT_SYMBOL) && isPair(rest) && heap.cdr(rest) === NIL) {
      const prefix = Printer.ABBREVIATIONS.get(this.world.symbols.name(head));
      if (prefix !== undefined) {
        this.out.push(prefix);
        work.push(heap.car(rest));
        return;
      }
    }
    const elements: number[] = [];
    let l = list;
    while (isPair(l)) {
      elements.push(heap.car(l));
      l = heap.cdr(l);
    }
    work.push(")");
    if (l !== NIL) work.push(l, " . ");
    for (let i = elements.length - 1; i >= 0; i--) {
      work.push(elements[i]);
      if (i > 0) work.push(" ");
    }
    this.out.push("(");
  }

  /** `#<kind name>`, or `#<kind>` without a name. */
  private named(kind: string, name: string | undefined): string {
    return name === undefined ? `#<${kind}>` : `#<${kind} ${name}>`;
  }

  private atom(w: number): string {
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
        return write ? writeStringLiteral(heap, w) : stringToJs(heap, w);
      case OBJECT_SYMBOL: {
        const name = stringToJs(heap, heap.field(w, SYMBOL_NAME));
        return write ? writeSymbolName(name) : name;
      }
      case OBJECT_BIGNUM:
        return bignumToBigInt(heap, w).toString();
      case OBJECT_FLONUM:
        return formatFlonum(heap.flonumValue(w));
      case OBJECT_BYTEVECTOR:
        return `#u8(${Array.from(bytevectorBytes(heap, w)).join(" ")})`;
      case OBJECT_GLOBAL:
        return `#<global ${writeSymbolName(this.world.symbols.name(heap.field(w, GLOBAL_SYMBOL)))}>`;
      case OBJECT_CLOSURE:
        return this.named("procedure", codeName(heap, heap.field(w, CLOSURE_CODE)));
      case OBJECT_CASE_LAMBDA:
        return this.named("procedure", heap.objectSize(w) === 0 ? undefined
          : codeName(heap, heap.field(heap.field(w, CASE_LAMBDA_CLAUSES), CLOSURE_CODE)));
      case OBJECT_PRIMITIVE:
        return this.named("procedure", this.world.symbols.name(heap.field(w, PRIMITIVE_NAME)));
      case OBJECT_CODE:
        return this.named("code", codeName(heap, w));
      case OBJECT_MACRO:
        return this.named("macro", this.world.symbols.name(heap.field(w, MACRO_NAME)));
      case OBJECT_SPECIAL_FORM:
        return this.named("syntax", this.world.symbols.name(heap.field(w, SPECIAL_FORM_NAME)));
      case OBJECT_RECORD_TYPE:
        return this.named("record-type", this.world.symbols.name(heap.field(w, RECORD_TYPE_NAME)));
      case OBJECT_PORT:
        return this.named("port", stringToJs(heap, heap.field(w, PORT_NAME)));
      case OBJECT_HASH_MAP:
        return `#<hash-map ${fixnumValue(heap.field(w, HASH_MAP_COUNT))}>`;
      case OBJECT_HASH_TABLE:
        return `#<hash-table ${fixnumValue(heap.field(heap.field(w, HASH_TABLE_MAP), HASH_MAP_COUNT))}>`;
      case OBJECT_VALUES: {
        const values: string[] = [];
        for (let i = 0; i < heap.objectSize(w); i++) values.push(printToString(this.world, heap.field(w, VALUES_ELEMENTS + i), this.mode));
        return `#<values${values.map((v) => " " + v).join("")}>`;
      }
      case OBJECT_ANNOTATION: {
        const where = `${stringToJs(heap, heap.field(w, ANNOTATION_SOURCE))}:` +
          `${fixnumValue(heap.field(w, ANNOTATION_LINE))}:${fixnumValue(heap.field(w, ANNOTATION_COLUMN))}`;
        return `#<annotation ${where} ${printToString(this.world, heap.field(w, ANNOTATION_STRIPPED), this.mode)}>`;
      }
      default:
        return `#<${OBJECT_TYPE_BY_NUMBER[type]?.name ?? "invalid object"}>`;
    }
  }
}
