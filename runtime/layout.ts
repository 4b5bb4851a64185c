// The object layout of the Stasis heap: every tag, header field, object type and page constant,
// defined once. Nothing else in the tree writes a tag literal; the collector, the heap verifier,
// the heap digest and the image checks read the tables below instead of repeating them.
//
// WORDS
// A value is a tagged 32-bit word. The low bits say what it is:
//
//     ...............................0   fixnum: a 31-bit signed integer, value = word >> 1
//     .............................001   pointer to a pair in cons space
//     .............................011   pointer to an object in vector or cell space
//     .............................101   immediate: kind in bits 3..7, payload in bits 8..31
//     .............................111   header: first word of an object, never a value
//
// A pointer is the object's byte address with the tag in its low bits. Objects are 8-byte
// aligned, so `pointer >>> 2` is the object's word index in the heap for both pointer tags (the
// tag bits 0..1 shift out and bit 2 of an aligned address is 0). Byte addresses are unsigned
// 32-bit, which bounds the heap at 4 GiB. Fixnums carry tag 0 so that tagged fixnums add,
// subtract and compare without untagging.
//
// OBJECTS
// Cons space holds pairs: two value words, car then cdr, no header. Vector space and cell space
// hold objects that begin with a header word:
//
//     bits 0..2   HEADER tag (111)
//     bits 3..8   object type (OBJECT_* below)
//     bits 9..31  payload size in words, excluding the header (at most HEADER_SIZE_MAX)
//
// An object occupies 1 + size words, rounded up to an even number (8-byte alignment). Its first
// `valueWords` payload words are tagged values that the collector traces; the rest are raw
// (bytes, limbs, float bits) and are never interpreted as values (OBJECT_TYPES below).
//
// PAGES
// The heap is one array of PAGE_BYTES pages. A page belongs to exactly one space at a time, and
// every object lies inside one page, except an object larger than a page, which owns a run of
// whole pages from its first word. So every page can be walked from its first word.

// ---- Words -----------------------------------------------------------------------------------

export const WORD_BYTES = 4;

export const TAG_MASK = 0b111;
export const TAG_FIXNUM_MASK = 0b1;
export const TAG_FIXNUM = 0b0;
export const TAG_PAIR = 0b001;
export const TAG_OBJECT = 0b011;
export const TAG_IMMEDIATE = 0b101;
export const TAG_HEADER = 0b111;

/** `pointer >>> POINTER_SHIFT` is the word index of the pair or object pointed to. */
export const POINTER_SHIFT = 2;
/** Pairs (001) and objects (011) are exactly the words w with (w & POINTER_TEST_MASK) === 001. */
export const POINTER_TEST_MASK = 0b101;

export const FIXNUM_BITS = 31;
export const FIXNUM_MAX = 2 ** 30 - 1;
export const FIXNUM_MIN = -(2 ** 30);

// ---- Immediates ------------------------------------------------------------------------------

export const IMMEDIATE_KIND_SHIFT = 3;
export const IMMEDIATE_KIND_MASK = 0b11111;
export const IMMEDIATE_PAYLOAD_SHIFT = 8;

export const IMMEDIATE_KIND_CONSTANT = 0;
export const IMMEDIATE_KIND_CHAR = 1;

function constant(payload: number): number {
  return (payload << IMMEDIATE_PAYLOAD_SHIFT) | (IMMEDIATE_KIND_CONSTANT << IMMEDIATE_KIND_SHIFT) | TAG_IMMEDIATE;
}

export const NIL = constant(0);
export const FALSE = constant(1);
export const TRUE = constant(2);
/** The value of expressions R7RS leaves unspecified; the REPL prints nothing for it. */
export const UNSPECIFIED = constant(3);
export const EOF = constant(4);
/** Marks an optional argument that was not supplied. */
export const DEFAULT_OBJECT = constant(5);
/** The value of a global cell that has never been defined. */
export const UNBOUND = constant(6);
/** The value of a letrec variable before its initializer has run. */
export const UNINITIALIZED = constant(7);

export const CONSTANT_NAMES: ReadonlyMap<number, string> = new Map([
  [NIL, "()"], [FALSE, "#f"], [TRUE, "#t"], [UNSPECIFIED, "#<unspecified>"], [EOF, "#<eof>"],
  [DEFAULT_OBJECT, "#<default>"], [UNBOUND, "#<unbound>"], [UNINITIALIZED, "#<uninitialized>"],
]);

/** Characters are Unicode scalar values: 0..0x10FFFF excluding the surrogates. */
export const CHAR_MAX = 0x10ffff;

// ---- Headers ---------------------------------------------------------------------------------

export const HEADER_TYPE_SHIFT = 3;
export const HEADER_TYPE_MASK = 0b111111;
export const HEADER_SIZE_SHIFT = 9;
export const HEADER_SIZE_MAX = 2 ** 23 - 1;

// Object types. A type's number is part of the image format (it is in every header).
export const OBJECT_VECTOR = 1;
export const OBJECT_STRING = 2;
export const OBJECT_STRING_WIDE = 3;
export const OBJECT_SYMBOL = 4;
export const OBJECT_BIGNUM = 5;
export const OBJECT_FLONUM = 6;
export const OBJECT_BYTEVECTOR = 7;
export const OBJECT_BOX = 8;
export const OBJECT_GLOBAL = 9;
export const OBJECT_ANNOTATION = 10;

// Field offsets, in words from the header. `*_SIZE` is the payload size of fixed-size objects.

/** vector: element i at VECTOR_ELEMENTS + i; the length is the header size. */
export const VECTOR_ELEMENTS = 1;

/**
 * string: length in characters (a fixnum), then the characters. OBJECT_STRING holds one byte per
 * character (all < 256, Latin-1); OBJECT_STRING_WIDE one raw word per character (code points).
 */
export const STRING_LENGTH = 1;
export const STRING_CHARS = 2;
export const STRING_NARROW_LIMIT = 0x100;

/** symbol: its name (a string) and the hash of the name (a fixnum), fixed at creation. */
export const SYMBOL_NAME = 1;
export const SYMBOL_HASH = 2;
export const SYMBOL_SIZE = 2;

/**
 * bignum: sign (raw: 0 positive, 1 negative), then 32-bit limbs least significant first (raw).
 * Invariant: a bignum is normalized: its value is outside the fixnum range and its most
 * significant limb is nonzero.
 */
export const BIGNUM_SIGN = 1;
export const BIGNUM_LIMBS = 2;

/** flonum: one pad word so that the IEEE double at FLONUM_VALUE is 8-byte aligned. */
export const FLONUM_VALUE = 2;
export const FLONUM_SIZE = 3;

/** bytevector: length in bytes (a fixnum), then the bytes. */
export const BYTEVECTOR_LENGTH = 1;
export const BYTEVECTOR_BYTES = 2;

/** box: a cell holding one value. Lives in cell space. */
export const BOX_VALUE = 1;
export const BOX_SIZE = 1;

/** global: the cell of a global variable: its value (UNBOUND until defined) and its symbol. */
export const GLOBAL_VALUE = 1;
export const GLOBAL_SYMBOL = 2;
export const GLOBAL_SIZE = 2;

/**
 * annotation: a datum read from source with its position (Chez Scheme's annotations).
 * `expression` is the datum whose subforms are annotations; `stripped` the same datum as plain
 * data; `source` the file name (a string); line and column 1-based fixnums.
 */
export const ANNOTATION_EXPRESSION = 1;
export const ANNOTATION_STRIPPED = 2;
export const ANNOTATION_SOURCE = 3;
export const ANNOTATION_LINE = 4;
export const ANNOTATION_COLUMN = 5;
export const ANNOTATION_SIZE = 5;

export interface ObjectType {
  readonly type: number;
  readonly name: string;
  /** Number of leading payload words that are tagged values; "all" for every payload word. */
  readonly valueWords: number | "all";
  /** Payload size if every object of the type has the same size. */
  readonly fixedSize?: number;
  /** The space its objects are allocated in. */
  readonly space: number;
}

// ---- Pages and spaces ------------------------------------------------------------------------

export const PAGE_BYTES = 65536;
export const PAGE_WORDS = PAGE_BYTES / WORD_BYTES;
export const PAGE_WORD_SHIFT = 14;
/** Page 0 is never allocated, so no valid pointer has an address in it. */
export const PAGE_RESERVED = 0;
/** The heap's address space: byte addresses are unsigned 32-bit. */
export const HEAP_BYTES_MAX = 2 ** 32;

export const SPACE_FREE = 0;
export const SPACE_CONS = 1;
export const SPACE_VECTOR = 2;
export const SPACE_CELL = 3;
export const SPACE_RESERVED = 4;
export const SPACE_NAMES = ["free", "cons", "vector", "cell", "reserved"] as const;

export const OBJECT_TYPES: readonly ObjectType[] = [
  { type: OBJECT_VECTOR, name: "vector", valueWords: "all", space: SPACE_VECTOR },
  { type: OBJECT_STRING, name: "string", valueWords: 1, space: SPACE_VECTOR },
  { type: OBJECT_STRING_WIDE, name: "string", valueWords: 1, space: SPACE_VECTOR },
  { type: OBJECT_SYMBOL, name: "symbol", valueWords: "all", fixedSize: SYMBOL_SIZE, space: SPACE_VECTOR },
  { type: OBJECT_BIGNUM, name: "bignum", valueWords: 0, space: SPACE_VECTOR },
  { type: OBJECT_FLONUM, name: "flonum", valueWords: 0, fixedSize: FLONUM_SIZE, space: SPACE_VECTOR },
  { type: OBJECT_BYTEVECTOR, name: "bytevector", valueWords: 1, space: SPACE_VECTOR },
  { type: OBJECT_BOX, name: "box", valueWords: "all", fixedSize: BOX_SIZE, space: SPACE_CELL },
  { type: OBJECT_GLOBAL, name: "global", valueWords: "all", fixedSize: GLOBAL_SIZE, space: SPACE_CELL },
  { type: OBJECT_ANNOTATION, name: "annotation", valueWords: "all", fixedSize: ANNOTATION_SIZE, space: SPACE_VECTOR },
];

/** OBJECT_TYPE_BY_NUMBER[t] is the ObjectType of header type t, or undefined if t is invalid. */
export const OBJECT_TYPE_BY_NUMBER: readonly (ObjectType | undefined)[] = (() => {
  const table: (ObjectType | undefined)[] = new Array(HEADER_TYPE_MASK + 1).fill(undefined);
  for (const t of OBJECT_TYPES) table[t.type] = t;
  return table;
})();

// ---- Roots -----------------------------------------------------------------------------------

// The root table: the few words from which everything live in a world is reachable. It is saved
// in every image commit; its slots are numbered here.
export const ROOT_SYMBOL_TABLE = 0; // a box holding the list of every interned symbol
export const ROOT_COUNT = 1;
export const ROOT_NAMES = ["symbol-table"] as const;

// ---- Word operations -------------------------------------------------------------------------

export function isFixnum(w: number): boolean {
  return (w & TAG_FIXNUM_MASK) === TAG_FIXNUM;
}
export function makeFixnum(n: number): number {
  return n << 1;
}
export function fixnumValue(w: number): number {
  return w >> 1;
}
export function fitsFixnum(n: number): boolean {
  return Number.isInteger(n) && n >= FIXNUM_MIN && n <= FIXNUM_MAX;
}

export function isPair(w: number): boolean {
  return (w & TAG_MASK) === TAG_PAIR;
}
export function isObject(w: number): boolean {
  return (w & TAG_MASK) === TAG_OBJECT;
}
export function isPointer(w: number): boolean {
  return (w & POINTER_TEST_MASK) === TAG_PAIR;
}
export function isImmediate(w: number): boolean {
  return (w & TAG_MASK) === TAG_IMMEDIATE;
}
export function isHeader(w: number): boolean {
  return (w & TAG_MASK) === TAG_HEADER;
}

/** Word index of the pair or object a pointer refers to. */
export function addressOf(pointer: number): number {
  return pointer >>> POINTER_SHIFT;
}
export function pairPointer(wordIndex: number): number {
  return ((wordIndex << POINTER_SHIFT) | TAG_PAIR) | 0;
}
export function objectPointer(wordIndex: number): number {
  return ((wordIndex << POINTER_SHIFT) | TAG_OBJECT) | 0;
}

export function makeHeader(type: number, size: number): number {
  return ((size << HEADER_SIZE_SHIFT) | (type << HEADER_TYPE_SHIFT) | TAG_HEADER) | 0;
}
export function headerType(header: number): number {
  return (header >>> HEADER_TYPE_SHIFT) & HEADER_TYPE_MASK;
}
export function headerSize(header: number): number {
  return header >>> HEADER_SIZE_SHIFT;
}
/** Words an object with this payload size occupies, header and alignment included. */
export function objectWords(size: number): number {
  return (size + 2) & ~1;
}

export function isChar(w: number): boolean {
  return (w & ((IMMEDIATE_KIND_MASK << IMMEDIATE_KIND_SHIFT) | TAG_MASK)) ===
    ((IMMEDIATE_KIND_CHAR << IMMEDIATE_KIND_SHIFT) | TAG_IMMEDIATE);
}
export function makeChar(codePoint: number): number {
  return (codePoint << IMMEDIATE_PAYLOAD_SHIFT) | (IMMEDIATE_KIND_CHAR << IMMEDIATE_KIND_SHIFT) | TAG_IMMEDIATE;
}
export function charCode(w: number): number {
  return w >>> IMMEDIATE_PAYLOAD_SHIFT;
}
export function isScalarValue(codePoint: number): boolean {
  return Number.isInteger(codePoint) && codePoint >= 0 && codePoint <= CHAR_MAX &&
    !(codePoint >= 0xd800 && codePoint <= 0xdfff);
}

export function makeBoolean(b: boolean): number {
  return b ? TRUE : FALSE;
}

// ---- Fingerprint -----------------------------------------------------------------------------

/**
 * A hash of everything above that an image depends on: tags, immediates, header fields, object
 * types and their fields, page size, roots. Images are stamped with it; an image whose
 * fingerprint differs was written by a different layout and is refused by name.
 */
export const LAYOUT_FINGERPRINT: string = (() => {
  const table = {
    tags: [TAG_FIXNUM, TAG_PAIR, TAG_OBJECT, TAG_IMMEDIATE, TAG_HEADER, POINTER_SHIFT],
    immediates: [IMMEDIATE_KIND_SHIFT, IMMEDIATE_PAYLOAD_SHIFT, IMMEDIATE_KIND_CHAR, ...CONSTANT_NAMES.keys()],
    header: [HEADER_TYPE_SHIFT, HEADER_SIZE_SHIFT],
    types: OBJECT_TYPES,
    fields: [VECTOR_ELEMENTS, STRING_LENGTH, STRING_CHARS, SYMBOL_NAME, SYMBOL_HASH, BIGNUM_SIGN, BIGNUM_LIMBS,
      FLONUM_VALUE, BYTEVECTOR_LENGTH, BYTEVECTOR_BYTES, BOX_VALUE, GLOBAL_VALUE, GLOBAL_SYMBOL,
      ANNOTATION_EXPRESSION, ANNOTATION_STRIPPED, ANNOTATION_SOURCE, ANNOTATION_LINE, ANNOTATION_COLUMN],
    pages: [PAGE_BYTES, PAGE_RESERVED],
    roots: ROOT_NAMES,
  };
  return fnv1a(JSON.stringify(table)).toString(16).padStart(8, "0");
})();

/** FNV-1a over the UTF-16 code units of a string: 32 bits, unsigned. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
