// Code objects (layout.ts OBJECT_CODE): building them, reading their fields, mapping a pc to a
// source position, and disassembling them for tests and debugging.

import { Heap } from "./heap";
import {
  CODE_CONSTANTS, CODE_FLAGS, CODE_FRAME_SIZE, CODE_INSTRUCTIONS, CODE_NAME, CODE_POSITIONS, CODE_REQUIRED,
  CODE_PARAMETERS, CODE_REST, CODE_SOURCE, FALSE, OBJECT_CODE, TRUE, VECTOR_ELEMENTS, addressOf, fixnumValue,
  makeFixnum, OBJECT_SYMBOL, OBJECT_VECTOR, SYMBOL_NAME,
} from "./layout";
import { makeVector, stringToJs } from "./objects";
import { OPCODE_BY_CODE, instructionLength } from "./opcodes";

export interface CodeSpec {
  readonly instructions: readonly number[];
  readonly constants: readonly number[];
  /** The procedure's name (a symbol), or FALSE. */
  readonly name: number;
  readonly required: number;
  readonly rest: boolean;
  readonly frameSize: number;
  /** The source file names (strings) the positions refer to, by index. */
  readonly sources: readonly number[];
  /** Flat (pc, source index, line, column) entries, pc ascending. */
  readonly positions: readonly number[];
  readonly flags: number;
  /** The formals as written: a list of symbols, improper for a rest parameter; or FALSE. */
  readonly parameters: number;
}

export function makeCode(heap: Heap, spec: CodeSpec): number {
  const constants = makeVector(heap, spec.constants);
  const positions = spec.positions.length === 0 ? FALSE : makeVector(heap, spec.positions.map(makeFixnum));
  // Code is allocated old (pretenured): long-lived, and the machine holds it in its registers.
  const code = heap.allocateOld(OBJECT_CODE, CODE_INSTRUCTIONS - 1 + spec.instructions.length);
  heap.initField(code, CODE_CONSTANTS, constants);
  heap.initField(code, CODE_NAME, spec.name);
  heap.initField(code, CODE_REQUIRED, makeFixnum(spec.required));
  heap.initField(code, CODE_REST, spec.rest ? TRUE : FALSE);
  heap.initField(code, CODE_FRAME_SIZE, makeFixnum(spec.frameSize));
  heap.initField(code, CODE_SOURCE, spec.sources.length === 0 ? FALSE : makeVector(heap, spec.sources));
  heap.initField(code, CODE_POSITIONS, positions);
  heap.initField(code, CODE_FLAGS, makeFixnum(spec.flags));
  heap.initField(code, CODE_PARAMETERS, spec.parameters);
  heap.words.set(spec.instructions, addressOf(code) + CODE_INSTRUCTIONS);
  return code;
}

export function isCode(heap: Heap, w: number): boolean {
  return heap.isType(w, OBJECT_CODE);
}

/** The procedure name of a code object, or undefined for an anonymous one. */
export function codeName(heap: Heap, code: number): string | undefined {
  const name = heap.field(code, CODE_NAME);
  return heap.isType(name, OBJECT_SYMBOL) ? stringToJs(heap, heap.field(name, SYMBOL_NAME)) : undefined;
}

export function codeFlags(heap: Heap, code: number): number {
  return fixnumValue(heap.field(code, CODE_FLAGS));
}

export interface CodePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Words of one entry of CODE_POSITIONS: pc, source index, line, column. */
const POSITION_ENTRY = 4;

/** The source position of the instruction at `pc` (relative), from the last entry at or before it. */
export function positionAt(heap: Heap, code: number, pc: number): CodePosition | undefined {
  const sources = heap.field(code, CODE_SOURCE);
  const positions = heap.field(code, CODE_POSITIONS);
  if (!heap.isType(sources, OBJECT_VECTOR) || !heap.isType(positions, OBJECT_VECTOR)) return undefined;
  const at = addressOf(positions) + VECTOR_ELEMENTS;
  const entries = heap.objectSize(positions) / POSITION_ENTRY;
  let low = 0;
  let high = entries - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (fixnumValue(heap.words[at + POSITION_ENTRY * middle]) <= pc) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (found < 0) return undefined;
  const entry = at + POSITION_ENTRY * found;
  return {
    file: stringToJs(heap, heap.field(sources, VECTOR_ELEMENTS + fixnumValue(heap.words[entry + 1]))),
    line: fixnumValue(heap.words[entry + 2]),
    column: fixnumValue(heap.words[entry + 3]),
  };
}

/** Where a code object's source begins: the position of its first instruction that has one. */
export function firstPosition(heap: Heap, code: number): CodePosition | undefined {
  const positions = heap.field(code, CODE_POSITIONS);
  if (!heap.isType(positions, OBJECT_VECTOR) || heap.objectSize(positions) === 0) return undefined;
  return positionAt(heap, code, fixnumValue(heap.field(positions, VECTOR_ELEMENTS)));
}

/** The instructions of a code object as text, one per line: `pc name operands`. */
export function disassemble(heap: Heap, code: number): string {
  const start = addressOf(code) + CODE_INSTRUCTIONS;
  const count = heap.objectSize(code) - (CODE_INSTRUCTIONS - 1);
  const instructions = heap.words.subarray(start, start + count);
  const lines: string[] = [];
  for (let pc = 0; pc < count; pc += instructionLength(instructions, pc)) {
    const op = OPCODE_BY_CODE[instructions[pc]];
    const operands = Array.from(instructions.subarray(pc + 1, pc + instructionLength(instructions, pc)));
    lines.push(`${pc} ${op.name} ${operands.join(" ")}`.trimEnd());
  }
  return lines.join("\n");
}

/** Arity fields of a code object. */
export function codeArity(heap: Heap, code: number): { required: number; rest: boolean } {
  return { required: fixnumValue(heap.field(code, CODE_REQUIRED)), rest: heap.field(code, CODE_REST) === TRUE };
}
