// Primitives: procedures written in TypeScript. A module of primitives exports a function that
// takes the world (and whatever runtime services it needs) and returns specs; the machine puts
// them in its primitive table, binds each name globally to a primitive object, and calls `fn`
// with the arguments as heap words.
//
// Conventions (P1-P4)
//   P1. `fn` receives exactly the arguments given, between minArgs and maxArgs of them (the
//       machine checks the count before calling): a missing optional argument is `undefined`.
//   P2. `fn` returns one heap word. It may allocate; no collection happens during the call
//       (heap H5), so it may hold raw pointers throughout.
//   P3. Bad arguments throw a SchemeError (runtime/errors.ts: typeError, rangeError, ...) naming
//       the primitive; the machine raises it as a Lisp error. Never any other exception.
//   P4. A primitive does not call Lisp procedures. What needs to (map, sort with a predicate,
//       hash-table-update!, ...) is written in Lisp in runtime/library/.

export const VARIADIC = -1;

export type PrimitiveFunction = (...args: number[]) => number;

export interface PrimitiveSpec {
  readonly name: string;
  readonly minArgs: number;
  /** The most arguments accepted, or VARIADIC. */
  readonly maxArgs: number;
  readonly fn: PrimitiveFunction;
}

export function primitive(name: string, minArgs: number, maxArgs: number, fn: PrimitiveFunction): PrimitiveSpec {
  return { name, minArgs, maxArgs, fn };
}
