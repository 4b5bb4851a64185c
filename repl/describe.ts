// What the REPL says about a global name (,describe, ,apropos): what it is bound to, a
// procedure's arity and where it was defined. Read from the heap, as a backtrace is.

import { World } from "../runtime/world";
import {
  CASE_LAMBDA_CLAUSES, CLOSURE_CODE, GLOBAL_SYMBOL, GLOBAL_VALUE, OBJECT_CASE_LAMBDA, OBJECT_CLOSURE, OBJECT_GLOBAL,
  OBJECT_MACRO, OBJECT_PARAMETER, OBJECT_PRIMITIVE, OBJECT_RECORD_TYPE, OBJECT_SPECIAL_FORM, UNBOUND, CODE_FLAG_LIBRARY, CODE_PARAMETERS, FALSE, isObject,
} from "../runtime/layout";
import { codeArity, codeFlags, firstPosition } from "../runtime/code";
import { printToString } from "../runtime/printer";
import { PrimitiveSpec, VARIADIC } from "../runtime/primitives/registry";

/** A value written in a description is cut to this many characters. */
const VALUE_EXCERPT = 60;

/** The globals with a value, by name, leaving out the runtime's own (%-names). */
export function globalNames(world: World): string[] {
  const { heap, symbols, globals } = world;
  const names: string[] = [];
  for (const cell of globals.cells()) {
    if (!heap.isType(cell, OBJECT_GLOBAL) || heap.field(cell, GLOBAL_VALUE) === UNBOUND) continue;
    const name = symbols.name(heap.field(cell, GLOBAL_SYMBOL));
    if (!name.startsWith("%")) names.push(name);
  }
  return names.sort();
}

/**
 * One line on what the global `name` is: `map: a procedure of at least 2 arguments (library)`,
 * `f: a procedure of 1 argument, defined at repl:1:1`, `x: a variable, 42`, `when: syntax`.
 * `primitive` gives a primitive procedure's arity (the machine's table).
 */
export function describeGlobal(world: World, name: string, primitive: (object: number) => PrimitiveSpec | undefined): string {
  const { heap, symbols, globals } = world;
  const value = globals.value(symbols.intern(name));
  if (value === UNBOUND) return `${name} is not defined`;
  switch (isObject(value) ? heap.objectType(value) : -1) {
    case OBJECT_CLOSURE:
      return `${name}: ${describeClosure(world, name, value)}`;
    case OBJECT_CASE_LAMBDA: {
      const clauses = Array.from({ length: heap.objectSize(value) }, (_, i) => heap.field(value, CASE_LAMBDA_CLAUSES + i));
      const arities = clauses.map((c) => {
        const { required, rest } = codeArity(heap, heap.field(c, CLOSURE_CODE));
        return arity(required, rest ? VARIADIC : undefined);
      });
      return `${name}: a procedure (case-lambda) of ${arities.join(", or ")}`;
    }
    case OBJECT_PRIMITIVE: {
      const spec = primitive(value);
      return `${name}: a primitive procedure${spec === undefined ? "" : ` of ${arity(spec.minArgs, spec.maxArgs)}`}`;
    }
    case OBJECT_PARAMETER:
      return `${name}: a parameter object`;
    case OBJECT_MACRO:
    case OBJECT_SPECIAL_FORM:
      return `${name}: syntax`;
    case OBJECT_RECORD_TYPE:
      return `${name}: a record type`;
    default: {
      const written = printToString(world, value, "write");
      return `${name}: a variable, ${written.length > VALUE_EXCERPT ? written.slice(0, VALUE_EXCERPT) + "..." : written}`;
    }
  }
}

/**
 * "a procedure of 2 arguments, (f x y), defined at FILE:LINE:COL": its arity, its parameters as
 * a call would name them, and where; or "(standard library)".
 */
function describeClosure(world: World, name: string, closure: number): string {
  const heap = world.heap;
  const code = heap.field(closure, CLOSURE_CODE);
  const { required, rest } = codeArity(heap, code);
  const parameters = heap.field(code, CODE_PARAMETERS);
  const call = parameters === FALSE ? "" : `, ${printToString(world, heap.cons(world.symbols.intern(name), parameters), "write")}`;
  const what = `a procedure of ${arity(required, rest ? VARIADIC : undefined)}${call}`;
  if ((codeFlags(heap, code) & CODE_FLAG_LIBRARY) !== 0) return `${what} (standard library)`;
  const where = firstPosition(heap, code);
  return where === undefined ? what : `${what}, defined at ${where.file}:${where.line}:${where.column}`;
}

/** "1 argument", "at least 2 arguments", "1 to 3 arguments"; `max` undefined: exactly `min`. */
function arity(min: number, max: number | undefined): string {
  const count = (n: number) => `${n} argument${n === 1 ? "" : "s"}`;
  if (max === undefined || max === min) return count(min);
  if (max === VARIADIC) return `at least ${count(min)}`;
  return `${min} to ${count(max)}`;
}
