// The instruction set of the VM: one table, read by the dispatch loop (machine.ts), the compiler
// (compiler/codegen.ts), the disassembler and a test that checks every opcode is dispatched.
//
// An instruction is an opcode word followed by its operands, one word each, in the code object's
// raw part (layout.ts CODE_INSTRUCTIONS). Operand kinds:
//   slot    a frame slot, counted from fp (slot 0 holds the running closure)
//   const   an index into the code object's constants vector
//   word    a tagged fixnum or immediate, inline (never a pointer: a collection does not look
//           inside instructions)
//   count   a small nonnegative integer
//   free    an index into the running closure's free variables
//   target  an instruction offset, counted from CODE_INSTRUCTIONS
//   slots   a count n followed by n slots
//
// Frames (machine.ts has the full story): a call's header is three slots below the callee's fp:
// return code object, return pc, and the distance back to the caller's fp. `CALL a n` finds that
// header at slots a..a+2, the procedure at a+3 and the n arguments after it, and the value comes
// back in slot a. A tail call needs no header: `TAIL_CALL a n` finds the procedure at slot a.

export type OperandKind = "slot" | "const" | "word" | "count" | "free" | "target" | "slots";

export interface Opcode {
  readonly code: number;
  readonly name: string;
  readonly operands: readonly OperandKind[];
  readonly semantics: string;
}

// Opcode numbers. A const enum, so that tsc writes them into the dispatch loop's `case` labels as
// literals (V8 then dispatches through a jump table: measured twice as fast on fib as labels read
// from a module object). Under ts-jest's isolatedModules they stay property reads, which is
// correct and only slower.
export const enum Op {
  MOVE = 0,
  CONST = 1,
  IMM = 2,
  GREF = 3,
  GSET = 4,
  GDEF = 5,
  FREF = 6,
  BOX = 7,
  UNBOX = 8,
  UNBOX_CHECKED = 9,
  SET_BOX = 10,
  CLOSURE = 11,
  FIX_FREE = 12,
  CASE_LAMBDA = 13,
  JUMP = 14,
  JUMP_IF_FALSE = 15,
  CALL = 16,
  TAIL_CALL = 17,
  RETURN = 18,
  ADD = 19,
  SUB = 20,
  MUL = 21,
  ADD_IMM = 22,
  LT = 23,
  LE = 24,
  GT = 25,
  GE = 26,
  NUM_EQ = 27,
  EQ = 28,
  EQV = 29,
  CAR = 30,
  CDR = 31,
  CONS = 32,
  NULL_P = 33,
  PAIR_P = 34,
  NOT = 35,
  ZERO_P = 36,
  VECTOR_REF = 37,
  VECTOR_LENGTH = 38,
  JUMP_UNLESS_LT = 39,
  JUMP_UNLESS_LE = 40,
  JUMP_UNLESS_GT = 41,
  JUMP_UNLESS_GE = 42,
  JUMP_UNLESS_NUM_EQ = 43,
  JUMP_UNLESS_LT_IMM = 44,
  JUMP_UNLESS_LE_IMM = 45,
  JUMP_UNLESS_GT_IMM = 46,
  JUMP_UNLESS_GE_IMM = 47,
  JUMP_UNLESS_NUM_EQ_IMM = 48,
  JUMP_UNLESS_EQ = 49,
  JUMP_UNLESS_NULL = 50,
  JUMP_UNLESS_PAIR = 51,
  JUMP_UNLESS_ZERO = 52,
  BOX_REF = 53,
}

export const OPCODES: readonly Opcode[] = [
  { code: Op.MOVE, name: "move", operands: ["slot", "slot"], semantics: "slot[a] = slot[b]" },
  { code: Op.CONST, name: "const", operands: ["slot", "const"], semantics: "slot[a] = constants[k]" },
  { code: Op.IMM, name: "imm", operands: ["slot", "word"], semantics: "slot[a] = w" },
  { code: Op.GREF, name: "gref", operands: ["slot", "const"], semantics: "slot[a] = value of the global cell constants[k]; error if unbound" },
  { code: Op.GSET, name: "gset", operands: ["const", "slot"], semantics: "set! the global cell constants[k] to slot[b]; error if unbound" },
  { code: Op.GDEF, name: "gdef", operands: ["const", "slot"], semantics: "define: the global cell constants[k] = slot[b]" },
  { code: Op.FREF, name: "fref", operands: ["slot", "free"], semantics: "slot[a] = free variable i of the running closure" },
  { code: Op.BOX, name: "box", operands: ["slot", "slot"], semantics: "slot[a] = a new box holding slot[b]" },
  { code: Op.UNBOX, name: "unbox", operands: ["slot", "slot"], semantics: "slot[a] = contents of the box slot[b]" },
  { code: Op.UNBOX_CHECKED, name: "unbox-checked", operands: ["slot", "slot", "const"], semantics: "unbox; error naming constants[k] if not yet initialized (letrec)" },
  { code: Op.SET_BOX, name: "set-box", operands: ["slot", "slot"], semantics: "contents of the box slot[a] = slot[b]" },
  { code: Op.CLOSURE, name: "closure", operands: ["slot", "const", "slots"], semantics: "slot[a] = a closure of code constants[k] over the values of the slots" },
  { code: Op.FIX_FREE, name: "fix-free", operands: ["slot", "free", "slot"], semantics: "free variable i of the closure in slot[a], made by this frame just now, = slot[b] (letrec)" },
  { code: Op.CASE_LAMBDA, name: "case-lambda", operands: ["slot", "slots"], semantics: "slot[a] = a case-lambda of the closures in the slots" },
  { code: Op.JUMP, name: "jump", operands: ["target"], semantics: "pc = t" },
  { code: Op.JUMP_IF_FALSE, name: "jump-if-false", operands: ["slot", "target"], semantics: "if slot[a] is #f, pc = t" },
  { code: Op.CALL, name: "call", operands: ["slot", "count"], semantics: "call slot[a+3] with the n arguments after it; the value comes back in slot[a]" },
  { code: Op.TAIL_CALL, name: "tail-call", operands: ["slot", "count"], semantics: "move slot[a..a+n] (procedure, arguments) down to slot[0..n] and call it, reusing this frame's header" },
  { code: Op.RETURN, name: "return", operands: ["slot"], semantics: "return slot[a] to the caller" },
  { code: Op.ADD, name: "add", operands: ["slot", "slot", "slot"], semantics: "slot[a] = slot[b] + slot[c]" },
  { code: Op.SUB, name: "sub", operands: ["slot", "slot", "slot"], semantics: "slot[a] = slot[b] - slot[c]" },
  { code: Op.MUL, name: "mul", operands: ["slot", "slot", "slot"], semantics: "slot[a] = slot[b] * slot[c]" },
  { code: Op.ADD_IMM, name: "add-imm", operands: ["slot", "slot", "word"], semantics: "slot[a] = slot[b] + w (w a fixnum)" },
  { code: Op.LT, name: "lt", operands: ["slot", "slot", "slot"], semantics: "slot[a] = (< slot[b] slot[c])" },
  { code: Op.LE, name: "le", operands: ["slot", "slot", "slot"], semantics: "slot[a] = (<= slot[b] slot[c])" },
  { code: Op.GT, name: "gt", operands: ["slot", "slot", "slot"], semantics: "slot[a] = (> slot[b] slot[c])" },
  { code: Op.GE, name: "ge", operands: ["slot", "slot", "slot"], semantics: "slot[a] = (>= slot[b] slot[c])" },
  { code: Op.NUM_EQ, name: "num-eq", operands: ["slot", "slot", "slot"], semantics: "slot[a] = (= slot[b] slot[c])" },
  { code: Op.EQ, name: "eq", operands: ["slot", "slot", "slot"], semantics: "slot[a] = (eq? slot[b] slot[c])" },
  { code: Op.EQV, name: "eqv", operands: ["slot", "slot", "slot"], semantics: "slot[a] = (eqv? slot[b] slot[c])" },
  { code: Op.CAR, name: "car", operands: ["slot", "slot"], semantics: "slot[a] = (car slot[b])" },
  { code: Op.CDR, name: "cdr", operands: ["slot", "slot"], semantics: "slot[a] = (cdr slot[b])" },
  { code: Op.CONS, name: "cons", operands: ["slot", "slot", "slot"], semantics: "slot[a] = (cons slot[b] slot[c])" },
  { code: Op.NULL_P, name: "null?", operands: ["slot", "slot"], semantics: "slot[a] = (null? slot[b])" },
  { code: Op.PAIR_P, name: "pair?", operands: ["slot", "slot"], semantics: "slot[a] = (pair? slot[b])" },
  { code: Op.NOT, name: "not", operands: ["slot", "slot"], semantics: "slot[a] = (not slot[b])" },
  { code: Op.ZERO_P, name: "zero?", operands: ["slot", "slot"], semantics: "slot[a] = (zero? slot[b])" },
  { code: Op.VECTOR_REF, name: "vector-ref", operands: ["slot", "slot", "slot"], semantics: "slot[a] = (vector-ref slot[b] slot[c])" },
  { code: Op.VECTOR_LENGTH, name: "vector-length", operands: ["slot", "slot"], semantics: "slot[a] = (vector-length slot[b])" },
  { code: Op.JUMP_UNLESS_LT, name: "jump-unless-lt", operands: ["slot", "slot", "target"], semantics: "unless (< slot[a] slot[b]), pc = t" },
  { code: Op.JUMP_UNLESS_LE, name: "jump-unless-le", operands: ["slot", "slot", "target"], semantics: "unless (<= slot[a] slot[b]), pc = t" },
  { code: Op.JUMP_UNLESS_GT, name: "jump-unless-gt", operands: ["slot", "slot", "target"], semantics: "unless (> slot[a] slot[b]), pc = t" },
  { code: Op.JUMP_UNLESS_GE, name: "jump-unless-ge", operands: ["slot", "slot", "target"], semantics: "unless (>= slot[a] slot[b]), pc = t" },
  { code: Op.JUMP_UNLESS_NUM_EQ, name: "jump-unless-num-eq", operands: ["slot", "slot", "target"], semantics: "unless (= slot[a] slot[b]), pc = t" },
  { code: Op.JUMP_UNLESS_LT_IMM, name: "jump-unless-lt-imm", operands: ["slot", "word", "target"], semantics: "unless (< slot[a] w), pc = t" },
  { code: Op.JUMP_UNLESS_LE_IMM, name: "jump-unless-le-imm", operands: ["slot", "word", "target"], semantics: "unless (<= slot[a] w), pc = t" },
  { code: Op.JUMP_UNLESS_GT_IMM, name: "jump-unless-gt-imm", operands: ["slot", "word", "target"], semantics: "unless (> slot[a] w), pc = t" },
  { code: Op.JUMP_UNLESS_GE_IMM, name: "jump-unless-ge-imm", operands: ["slot", "word", "target"], semantics: "unless (>= slot[a] w), pc = t" },
  { code: Op.JUMP_UNLESS_NUM_EQ_IMM, name: "jump-unless-num-eq-imm", operands: ["slot", "word", "target"], semantics: "unless (= slot[a] w), pc = t" },
  { code: Op.JUMP_UNLESS_EQ, name: "jump-unless-eq", operands: ["slot", "slot", "target"], semantics: "unless (eq? slot[a] slot[b]), pc = t" },
  { code: Op.JUMP_UNLESS_NULL, name: "jump-unless-null", operands: ["slot", "target"], semantics: "unless (null? slot[a]), pc = t" },
  { code: Op.JUMP_UNLESS_PAIR, name: "jump-unless-pair", operands: ["slot", "target"], semantics: "unless (pair? slot[a]), pc = t" },
  { code: Op.JUMP_UNLESS_ZERO, name: "jump-unless-zero", operands: ["slot", "target"], semantics: "unless (zero? slot[a]), pc = t" },
  { code: Op.BOX_REF, name: "box-ref", operands: ["slot", "free"], semantics: "slot[a] = contents of the box in free variable i (a captured assigned variable)" },
];

/** OPCODE_BY_CODE[op] is the entry of opcode `op`. */
export const OPCODE_BY_CODE: readonly Opcode[] = (() => {
  const table: Opcode[] = [];
  for (const op of OPCODES) table[op.code] = op;
  return table;
})();

/** Words an instruction occupies, given the words of its code (for the variable-length ones). */
export function instructionLength(instructions: ArrayLike<number>, at: number): number {
  const op = OPCODE_BY_CODE[instructions[at]];
  let length = 1;
  for (const kind of op.operands) {
    length += kind === "slots" ? 1 + instructions[at + length] : 1;
  }
  return length;
}
