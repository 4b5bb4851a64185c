// The intermediate representation between the expander and the code generator: core Scheme with
// lexical variables resolved. Derived forms (let*, cond, do, ...) are gone; what is left is what
// the code generator knows how to compile.

import { SourcePosition } from "../errors";

/** A lexical variable. `assigned` is set when the expander sees a set! of it. */
export class Variable {
  assigned = false;
  constructor(readonly name: string, readonly position?: SourcePosition) {}
}

export interface Constant { readonly kind: "constant"; readonly value: number }
export interface LocalRef { readonly kind: "local"; readonly variable: Variable; readonly position?: SourcePosition }
/**
 * A global variable, by its cell (compiled code holds the cell itself). `link`: if the global
 * holds a procedure when the code is compiled, the code holds that procedure instead (codegen
 * G4), for references the expander generates to runtime procedures.
 */
export interface GlobalRef { readonly kind: "global"; readonly cell: number; readonly position?: SourcePosition; readonly link?: boolean }
export interface LocalSet { readonly kind: "set-local"; readonly variable: Variable; readonly value: Node }
export interface GlobalSet { readonly kind: "set-global"; readonly cell: number; readonly value: Node; readonly position?: SourcePosition }
export interface GlobalDefine { readonly kind: "define-global"; readonly cell: number; readonly value: Node }
export interface If { readonly kind: "if"; readonly test: Node; readonly consequent: Node; readonly alternative: Node }
export interface Sequence { readonly kind: "sequence"; readonly body: readonly Node[] }
export interface Lambda {
  readonly kind: "lambda";
  readonly parameters: readonly Variable[];
  readonly rest: Variable | undefined;
  readonly body: Node;
  readonly name: string | undefined;
  readonly position?: SourcePosition;
}
export interface CaseLambda { readonly kind: "case-lambda"; readonly clauses: readonly Lambda[] }
export interface Call { readonly kind: "call"; readonly callee: Node; readonly args: readonly Node[]; readonly position?: SourcePosition }
/** Binds variables to values computed outside their scope. */
export interface Let { readonly kind: "let"; readonly variables: readonly Variable[]; readonly inits: readonly Node[]; readonly body: Node }
/** letrec* : the inits run in order, in the scope of all the variables. */
export interface Letrec { readonly kind: "letrec"; readonly variables: readonly Variable[]; readonly inits: readonly Node[]; readonly body: Node }

export type Node =
  | Constant | LocalRef | GlobalRef | LocalSet | GlobalSet | GlobalDefine | If | Sequence | Lambda | CaseLambda
  | Call | Let | Letrec;

export function constant(value: number): Constant {
  return { kind: "constant", value };
}

export function sequence(body: readonly Node[], empty: Node): Node {
  if (body.length === 0) return empty;
  return body.length === 1 ? body[0] : { kind: "sequence", body };
}
