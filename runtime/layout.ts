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
/** A frame's return code when returning from it ends a run the host started (machine.ts). */
export const FRAME_RETURN_HOST = constant(8);
/** A frame's return code when its caller was spilled into a stack segment (machine.ts). */
export const FRAME_RETURN_UNDERFLOW = constant(9);
/** A frame's return code while the stack barrier is on it (machine.ts M7). */
export const FRAME_RETURN_BARRIER = constant(10);

export const CONSTANT_NAMES: ReadonlyMap<number, string> = new Map([
  [NIL, "()"], [FALSE, "#f"], [TRUE, "#t"], [UNSPECIFIED, "#<unspecified>"], [EOF, "#<eof>"],
  [DEFAULT_OBJECT, "#<default>"], [UNBOUND, "#<unbound>"], [UNINITIALIZED, "#<uninitialized>"],
  [FRAME_RETURN_HOST, "#<host-return>"], [FRAME_RETURN_UNDERFLOW, "#<underflow-return>"],
  [FRAME_RETURN_BARRIER, "#<barrier-return>"],
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
export const OBJECT_CLOSURE = 11;
export const OBJECT_CODE = 12;
export const OBJECT_PRIMITIVE = 13;
export const OBJECT_RECORD = 14;
export const OBJECT_RECORD_TYPE = 15;
export const OBJECT_SEGMENT = 16;
export const OBJECT_CONTINUATION = 17;
export const OBJECT_VALUES = 18;
export const OBJECT_PARAMETER = 19;
export const OBJECT_MACRO = 20;
export const OBJECT_SPECIAL_FORM = 21;
export const OBJECT_CASE_LAMBDA = 22;
export const OBJECT_PORT = 23;
export const OBJECT_HASH_MAP = 24;
export const OBJECT_HAMT_NODE = 25;
export const OBJECT_HAMT_COLLISION = 26;
export const OBJECT_ENVIRONMENT = 27;
export const OBJECT_MACHINE = 28;
export const OBJECT_HASH_TABLE = 29;
/**
 * A forwarding marker (gc/collector.ts): only in the middle of a collection, in the first word of
 * an object or cons that was moved; the second word is the moved copy's pointer.
 */
export const OBJECT_FORWARDED = 30;

// Field offsets, in words from the header. `*_SIZE` is the payload size of fixed-size objects.
// Each type's entry in OBJECT_TYPES below names its fields again, so that the fingerprint covers
// them and a meta-test can check that no field constant is missing from the table.

/** vector: element i at VECTOR_ELEMENTS + i; the length is the header size. */
export const VECTOR_ELEMENTS = 1;

/**
 * string: length in characters (a fixnum), then the characters. OBJECT_STRING holds one byte per
 * character (all < 256, Latin-1); OBJECT_STRING_WIDE one raw word per character (code points).
 */
export const STRING_LENGTH = 1;
export const STRING_CHARS = 2;
export const STRING_NARROW_LIMIT = 0x100;

/**
 * symbol: its name (a string) and the hash of the name (a fixnum), fixed at creation. Interned
 * symbols are in the symbol table (ROOT_SYMBOL_TABLE); gensyms are not.
 */
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
/** The raw BIGNUM_SIGN word of a negative bignum (0 for a positive one). */
export const BIGNUM_SIGN_NEGATIVE = 1;

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

/** closure: a code object and the values of its free variables (flat closure). */
export const CLOSURE_CODE = 1;
export const CLOSURE_FREE = 2;

/**
 * code: a compiled procedure body. The instructions (runtime/opcodes.ts) are raw words from
 * CODE_INSTRUCTIONS to the end; they hold fixnums and immediates inline and reach every heap
 * object through the constants vector, so a collection never has to look inside them.
 * `source` is a vector of the file names (strings) the code came from, or #f; `positions` a
 * vector of fixnums (pc, source index, line, column)*, pc relative to CODE_INSTRUCTIONS,
 * ascending (included files make one code object span several files); `frame size` counts the
 * slots from the closure slot up; `parameters` the formals as written, a list of symbols (an
 * improper one for a rest parameter), or #f (the REPL's ,describe shows them).
 */
export const CODE_CONSTANTS = 1;
export const CODE_NAME = 2;
export const CODE_REQUIRED = 3;
export const CODE_REST = 4;
export const CODE_FRAME_SIZE = 5;
export const CODE_SOURCE = 6;
export const CODE_POSITIONS = 7;
export const CODE_FLAGS = 8;
export const CODE_PARAMETERS = 9;
export const CODE_INSTRUCTIONS = 10;
/** CODE_FLAGS bit: compiled from the standard library (left out of user backtraces). */
export const CODE_FLAG_LIBRARY = 1;
/** CODE_FLAGS bit: the code of a toplevel form (a backtrace calls it "toplevel form"). */
export const CODE_FLAG_TOPLEVEL = 2;

/** primitive: a procedure written in TypeScript, by name and its index in the primitive table. */
export const PRIMITIVE_NAME = 1;
export const PRIMITIVE_INDEX = 2;
export const PRIMITIVE_SIZE = 2;

/** record: its record type, an identity hash (a fixnum), then the fields (mutable ones: cells). */
export const RECORD_DESCRIPTOR = 1;
export const RECORD_HASH = 2;
export const RECORD_FIELDS = 3;

/** record type: name (symbol), field names (vector of symbols), which fields are mutable
 * (vector of booleans), and an identity hash (fixnum). */
export const RECORD_TYPE_NAME = 1;
export const RECORD_TYPE_FIELD_NAMES = 2;
export const RECORD_TYPE_MUTABLE = 3;
export const RECORD_TYPE_HASH = 4;
export const RECORD_TYPE_SIZE = 4;

/**
 * segment: frames spilled from the stack (runtime/machine.ts): the first `length` words of the
 * `frames` vector (segments split from one another share it), and the header of the frame that
 * was above them: where a return out of the segment goes. `parent` is the segment below, or ().
 */
export const SEGMENT_PARENT = 1;
export const SEGMENT_RETURN_CODE = 2;
export const SEGMENT_RETURN_PC = 3;
export const SEGMENT_RETURN_LINK = 4;
export const SEGMENT_FRAMES = 5;
export const SEGMENT_LENGTH = 6;
export const SEGMENT_SIZE = 6;

/** continuation: the segment chain to return into, and the host run it belongs to (a fixnum). */
export const CONTINUATION_SEGMENT = 1;
export const CONTINUATION_RUN = 2;
export const CONTINUATION_SIZE = 2;

/** values: zero or several values returned together by `values`. */
export const VALUES_ELEMENTS = 1;

/** parameter: a parameter object: the box holding its value, and its converter (or #f). */
export const PARAMETER_VALUE = 1;
export const PARAMETER_CONVERTER = 2;
export const PARAMETER_SIZE = 2;

/** macro: a syntax-rules specification or a define-macro transformer procedure (MACRO_KIND). */
export const MACRO_KIND = 1;
export const MACRO_TRANSFORMER = 2;
export const MACRO_NAME = 3;
export const MACRO_SIZE = 3;
export const MACRO_KIND_SYNTAX_RULES = 0;
export const MACRO_KIND_PROCEDURE = 1;

/** special form: the global binding of a syntactic keyword the compiler implements (if, ...). */
export const SPECIAL_FORM_NAME = 1;
export const SPECIAL_FORM_SIZE = 1;

/** case-lambda: closures, tried in order for the first whose arity accepts the arguments. */
export const CASE_LAMBDA_CLAUSES = 1;

/** port: its number in the runtime's port table, its name (a string) and PORT_FLAG_* bits. */
export const PORT_ID = 1;
export const PORT_NAME = 2;
export const PORT_FLAGS = 3;
export const PORT_SIZE = 3;
/** PORT_FLAGS bits. A port without PORT_FLAG_BINARY is textual. */
export const PORT_FLAG_INPUT = 1;
export const PORT_FLAG_OUTPUT = 2;
export const PORT_FLAG_BINARY = 4;

/**
 * hash map: a persistent map (a CHAMP trie, 16-way): entry count, root node, and whether keys
 * are compared by equal? or by eqv? (HASH_MAP_EQUIVALENCE_*).
 */
export const HASH_MAP_COUNT = 1;
export const HASH_MAP_ROOT = 2;
export const HASH_MAP_EQUIVALENCE = 3;
export const HASH_MAP_SIZE = 3;
export const HASH_MAP_EQUIVALENCE_EQUAL = 0;
export const HASH_MAP_EQUIVALENCE_EQV = 1;
export const HASH_MAP_EQUIVALENCE_STRING = 2;

/**
 * trie node: two 16-bit bitmaps (fixnums), then the key/value pairs of the data bitmap's bits,
 * then the child nodes of the node bitmap's bits, each in bit order.
 */
export const HAMT_NODE_DATA_MAP = 1;
export const HAMT_NODE_NODE_MAP = 2;
export const HAMT_NODE_ENTRIES = 3;
/** Bits of the hash consumed per trie level: 16-way nodes, so bitmaps fit in fixnums. */
export const HAMT_BITS_PER_LEVEL = 4;

/** collision node: keys whose hashes are all equal: the hash, then key/value pairs. */
export const HAMT_COLLISION_HASH = 1;
export const HAMT_COLLISION_ENTRIES = 2;

/** environment: what `eval` takes; Stasis has one global environment, named by a datum. */
export const ENVIRONMENT_NAME = 1;
export const ENVIRONMENT_SIZE = 1;

/**
 * machine: the registers of the VM (runtime/machine.ts), written at every safe point, so the
 * heap alone says where a computation is. A cell: it is the one object written at every slice.
 */
export const MACHINE_CODE = 1;
export const MACHINE_PC = 2;
export const MACHINE_FP = 3;
export const MACHINE_NEXT = 4;
export const MACHINE_STACK_BASE = 5;
export const MACHINE_STACK_LIMIT = 6;
export const MACHINE_RUN = 7;
/** The id of the run in progress, and the id the next run gets (machine.ts M4). */
export const MACHINE_RUN_ID = 8;
export const MACHINE_NEXT_RUN_ID = 9;
/** The code object every host run starts in (machine.ts makeTrampoline). */
export const MACHINE_TRAMPOLINE = 10;
/**
 * A call that waits for the host (machine.ts M9): where its callee is (fixnum: words above the
 * stack's base; -1 when no call waits), and its argument count times two, plus one for a tail
 * call.
 */
export const MACHINE_WAIT_FP = 11;
export const MACHINE_WAIT_CALL = 12;
export const MACHINE_SIZE = 12;

/** hash table: a mutable table: a cell holding a persistent hash map. */
export const HASH_TABLE_MAP = 1;
export const HASH_TABLE_SIZE = 1;

export interface ObjectType {
  readonly type: number;
  readonly name: string;
  /** Prefix of the type's field constants, e.g. "CODE" for CODE_NAME. */
  readonly prefix: string;
  /** Payload field offsets by name (the constants above, counted from the header). */
  readonly fields: Readonly<Record<string, number>>;
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
/** The VM's stack region: a run of pages holding frames (runtime/machine.ts). */
export const SPACE_STACK = 5;
export const SPACE_NAMES = ["free", "cons", "vector", "cell", "reserved", "stack"] as const;

const V = SPACE_VECTOR;
const C = SPACE_CELL;

export const OBJECT_TYPES: readonly ObjectType[] = [
  { type: OBJECT_VECTOR, name: "vector", prefix: "VECTOR", fields: { ELEMENTS: VECTOR_ELEMENTS }, valueWords: "all", space: V },
  { type: OBJECT_STRING, name: "string", prefix: "STRING", fields: { LENGTH: STRING_LENGTH, CHARS: STRING_CHARS }, valueWords: 1, space: V },
  { type: OBJECT_STRING_WIDE, name: "string", prefix: "STRING", fields: { LENGTH: STRING_LENGTH, CHARS: STRING_CHARS }, valueWords: 1, space: V },
  { type: OBJECT_SYMBOL, name: "symbol", prefix: "SYMBOL", fields: { NAME: SYMBOL_NAME, HASH: SYMBOL_HASH }, valueWords: "all", fixedSize: SYMBOL_SIZE, space: V },
  { type: OBJECT_BIGNUM, name: "bignum", prefix: "BIGNUM", fields: { SIGN: BIGNUM_SIGN, LIMBS: BIGNUM_LIMBS }, valueWords: 0, space: V },
  { type: OBJECT_FLONUM, name: "flonum", prefix: "FLONUM", fields: { VALUE: FLONUM_VALUE }, valueWords: 0, fixedSize: FLONUM_SIZE, space: V },
  { type: OBJECT_BYTEVECTOR, name: "bytevector", prefix: "BYTEVECTOR", fields: { LENGTH: BYTEVECTOR_LENGTH, BYTES: BYTEVECTOR_BYTES }, valueWords: 1, space: V },
  { type: OBJECT_BOX, name: "box", prefix: "BOX", fields: { VALUE: BOX_VALUE }, valueWords: "all", fixedSize: BOX_SIZE, space: C },
  { type: OBJECT_GLOBAL, name: "global", prefix: "GLOBAL", fields: { VALUE: GLOBAL_VALUE, SYMBOL: GLOBAL_SYMBOL }, valueWords: "all", fixedSize: GLOBAL_SIZE, space: C },
  {
    type: OBJECT_ANNOTATION, name: "annotation", prefix: "ANNOTATION", valueWords: "all", fixedSize: ANNOTATION_SIZE, space: V,
    fields: { EXPRESSION: ANNOTATION_EXPRESSION, STRIPPED: ANNOTATION_STRIPPED, SOURCE: ANNOTATION_SOURCE, LINE: ANNOTATION_LINE, COLUMN: ANNOTATION_COLUMN },
  },
  { type: OBJECT_CLOSURE, name: "procedure", prefix: "CLOSURE", fields: { CODE: CLOSURE_CODE, FREE: CLOSURE_FREE }, valueWords: "all", space: V },
  {
    type: OBJECT_CODE, name: "code", prefix: "CODE", valueWords: CODE_INSTRUCTIONS - 1, space: V,
    fields: {
      CONSTANTS: CODE_CONSTANTS, NAME: CODE_NAME, REQUIRED: CODE_REQUIRED, REST: CODE_REST, FRAME_SIZE: CODE_FRAME_SIZE,
      SOURCE: CODE_SOURCE, POSITIONS: CODE_POSITIONS, FLAGS: CODE_FLAGS, PARAMETERS: CODE_PARAMETERS,
      INSTRUCTIONS: CODE_INSTRUCTIONS,
    },
  },
  { type: OBJECT_PRIMITIVE, name: "procedure", prefix: "PRIMITIVE", fields: { NAME: PRIMITIVE_NAME, INDEX: PRIMITIVE_INDEX }, valueWords: "all", fixedSize: PRIMITIVE_SIZE, space: V },
  { type: OBJECT_RECORD, name: "record", prefix: "RECORD", fields: { DESCRIPTOR: RECORD_DESCRIPTOR, HASH: RECORD_HASH, FIELDS: RECORD_FIELDS }, valueWords: "all", space: V },
  {
    type: OBJECT_RECORD_TYPE, name: "record-type", prefix: "RECORD_TYPE", valueWords: "all", fixedSize: RECORD_TYPE_SIZE, space: V,
    fields: { NAME: RECORD_TYPE_NAME, FIELD_NAMES: RECORD_TYPE_FIELD_NAMES, MUTABLE: RECORD_TYPE_MUTABLE, HASH: RECORD_TYPE_HASH },
  },
  {
    type: OBJECT_SEGMENT, name: "segment", prefix: "SEGMENT", valueWords: "all", fixedSize: SEGMENT_SIZE, space: V,
    fields: {
      PARENT: SEGMENT_PARENT, RETURN_CODE: SEGMENT_RETURN_CODE, RETURN_PC: SEGMENT_RETURN_PC, RETURN_LINK: SEGMENT_RETURN_LINK,
      FRAMES: SEGMENT_FRAMES, LENGTH: SEGMENT_LENGTH,
    },
  },
  { type: OBJECT_CONTINUATION, name: "continuation", prefix: "CONTINUATION", fields: { SEGMENT: CONTINUATION_SEGMENT, RUN: CONTINUATION_RUN }, valueWords: "all", fixedSize: CONTINUATION_SIZE, space: V },
  { type: OBJECT_VALUES, name: "values", prefix: "VALUES", fields: { ELEMENTS: VALUES_ELEMENTS }, valueWords: "all", space: V },
  { type: OBJECT_PARAMETER, name: "parameter", prefix: "PARAMETER", fields: { VALUE: PARAMETER_VALUE, CONVERTER: PARAMETER_CONVERTER }, valueWords: "all", fixedSize: PARAMETER_SIZE, space: V },
  { type: OBJECT_MACRO, name: "macro", prefix: "MACRO", fields: { KIND: MACRO_KIND, TRANSFORMER: MACRO_TRANSFORMER, NAME: MACRO_NAME }, valueWords: "all", fixedSize: MACRO_SIZE, space: V },
  { type: OBJECT_SPECIAL_FORM, name: "special-form", prefix: "SPECIAL_FORM", fields: { NAME: SPECIAL_FORM_NAME }, valueWords: "all", fixedSize: SPECIAL_FORM_SIZE, space: V },
  { type: OBJECT_CASE_LAMBDA, name: "procedure", prefix: "CASE_LAMBDA", fields: { CLAUSES: CASE_LAMBDA_CLAUSES }, valueWords: "all", space: V },
  { type: OBJECT_PORT, name: "port", prefix: "PORT", fields: { ID: PORT_ID, NAME: PORT_NAME, FLAGS: PORT_FLAGS }, valueWords: "all", fixedSize: PORT_SIZE, space: V },
  {
    type: OBJECT_HASH_MAP, name: "hash-map", prefix: "HASH_MAP", valueWords: "all", fixedSize: HASH_MAP_SIZE, space: V,
    fields: { COUNT: HASH_MAP_COUNT, ROOT: HASH_MAP_ROOT, EQUIVALENCE: HASH_MAP_EQUIVALENCE },
  },
  { type: OBJECT_HAMT_NODE, name: "hash-map-node", prefix: "HAMT_NODE", fields: { DATA_MAP: HAMT_NODE_DATA_MAP, NODE_MAP: HAMT_NODE_NODE_MAP, ENTRIES: HAMT_NODE_ENTRIES }, valueWords: "all", space: V },
  { type: OBJECT_HAMT_COLLISION, name: "hash-map-node", prefix: "HAMT_COLLISION", fields: { HASH: HAMT_COLLISION_HASH, ENTRIES: HAMT_COLLISION_ENTRIES }, valueWords: "all", space: V },
  { type: OBJECT_ENVIRONMENT, name: "environment", prefix: "ENVIRONMENT", fields: { NAME: ENVIRONMENT_NAME }, valueWords: "all", fixedSize: ENVIRONMENT_SIZE, space: V },
  {
    type: OBJECT_MACHINE, name: "machine", prefix: "MACHINE", valueWords: "all", fixedSize: MACHINE_SIZE, space: C,
    fields: {
      CODE: MACHINE_CODE, PC: MACHINE_PC, FP: MACHINE_FP, NEXT: MACHINE_NEXT, STACK_BASE: MACHINE_STACK_BASE,
      STACK_LIMIT: MACHINE_STACK_LIMIT, RUN: MACHINE_RUN, RUN_ID: MACHINE_RUN_ID, NEXT_RUN_ID: MACHINE_NEXT_RUN_ID,
      TRAMPOLINE: MACHINE_TRAMPOLINE, WAIT_FP: MACHINE_WAIT_FP, WAIT_CALL: MACHINE_WAIT_CALL,
    },
  },
  { type: OBJECT_HASH_TABLE, name: "hash-table", prefix: "HASH_TABLE", fields: { MAP: HASH_TABLE_MAP }, valueWords: "all", fixedSize: HASH_TABLE_SIZE, space: C },
  { type: OBJECT_FORWARDED, name: "forwarded", prefix: "FORWARDED", fields: {}, valueWords: 0, space: V },
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
export const ROOT_GLOBALS = 1; // a box holding the list of every global cell
export const ROOT_PRIMITIVES = 2; // a vector of the primitive objects, by index
export const ROOT_MACHINE = 3; // the machine: the VM's registers
export const ROOT_GENSYM_COUNTER = 4; // a fixnum: the number of the next gensym
export const ROOT_HASH_COUNTER = 5; // a fixnum: the seed of the next identity hash
export const ROOT_PORT_PARAMETERS = 6; // a vector of the parameters current-input/output/error-port
export const ROOT_PORT_COUNTER = 7; // a fixnum: the id the next port opened gets (ids are never reused)
export const ROOT_COUNT = 8;
export const ROOT_NAMES = [
  "symbol-table", "globals", "primitives", "machine", "gensym-counter", "hash-counter", "port-parameters",
  "port-counter",
] as const;

/** Slots of the vector at ROOT_PORT_PARAMETERS: the current input, output and error port. */
export const CURRENT_PORT_INPUT = 0;
export const CURRENT_PORT_OUTPUT = 1;
export const CURRENT_PORT_ERROR = 2;

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
    pages: [PAGE_BYTES, PAGE_RESERVED, SPACE_NAMES],
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
