// Syntax: the compiler's view of source forms. Heap data read with annotations (or plain data, for
// `eval` and define-macro results) becomes a tree of JS objects for the duration of one
// compilation; nothing here is saved, and the heap words it holds (symbols, constants) are safe
// because no collection runs while compiling (heap H5).
//
// Hygiene is by renaming. An identifier is a symbol and, if a macro expansion introduced it, an
// alias: the identifier as written in the macro's template, the scope the macro was defined in,
// and a number unique to that expansion. Two identifiers are the same binding name when their
// keys are equal (bound-identifier=?); an alias not bound by its own expansion means what its
// template identifier means in the macro's scope (scope.ts).

import { Heap } from "../heap";
import { SymbolTable } from "../symbols";
import {
  ANNOTATION_COLUMN, ANNOTATION_EXPRESSION, ANNOTATION_LINE, ANNOTATION_SOURCE, ANNOTATION_STRIPPED, NIL,
  OBJECT_ANNOTATION, OBJECT_SYMBOL, OBJECT_VECTOR, VECTOR_ELEMENTS, fixnumValue, isPair,
} from "../layout";
import { SourcePosition } from "../errors";
import { makeList, makeVector, stringToJs } from "../objects";
import type { Scope } from "./scope";

export interface Alias {
  readonly id: number;
  /** The identifier as it appears in the macro's template. */
  readonly original: Identifier;
  /** The scope the macro was defined in. */
  readonly scope: Scope;
}

export class Identifier {
  /** bound-identifier=? identifiers have equal keys. */
  readonly key: string;
  constructor(
    readonly symbol: number,
    readonly name: string,
    readonly alias: Alias | undefined,
    readonly position: SourcePosition | undefined,
  ) {
    // The symbol and every expansion that renamed it: an alias of an alias differs from an alias,
    // made by the same expansion, of the plain identifier.
    this.key = alias === undefined ? String(symbol) : `${alias.original.key}.${alias.id}`;
  }

  /** The same identifier at another position (positions do not affect identity). */
  at(position: SourcePosition | undefined): Identifier {
    return new Identifier(this.symbol, this.name, this.alias, position);
  }
}

/** A list: its elements and, for an improper list, the final cdr (never itself a list). */
export class SyntaxList {
  constructor(
    readonly elements: readonly Syntax[],
    readonly tail: Syntax | undefined,
    readonly position: SourcePosition | undefined,
    /** The same list as plain heap data, when it came straight from the reader. */
    readonly datum?: number,
  ) {}

  get isProper(): boolean {
    return this.tail === undefined;
  }
}

export class SyntaxVector {
  constructor(
    readonly elements: readonly Syntax[],
    readonly position: SourcePosition | undefined,
    readonly datum?: number,
  ) {}
}

/** Any other datum (number, string, character, boolean, bytevector, ...): it means itself. */
export class Datum {
  constructor(readonly value: number, readonly position: SourcePosition | undefined) {}
}

export type Syntax = Identifier | SyntaxList | SyntaxVector | Datum;

export function positionOf(s: Syntax): SourcePosition | undefined {
  return s.position;
}

export function isIdentifier(s: Syntax): s is Identifier {
  return s instanceof Identifier;
}

// ---- From heap data --------------------------------------------------------------------------

/**
 * Syntax from a heap datum: annotated (from the reader) or plain. A plain datum takes
 * `position` (the form it came from) for itself and everything in it.
 */
export function syntaxFromDatum(heap: Heap, symbols: SymbolTable, datum: number, position?: SourcePosition): Syntax {
  const convert = (w: number, inherited: SourcePosition | undefined): Syntax => {
    let at = inherited;
    let value = w;
    let stripped: number | undefined;
    if (heap.isType(w, OBJECT_ANNOTATION)) {
      at = {
        file: stringToJs(heap, heap.field(w, ANNOTATION_SOURCE)),
        line: fixnumValue(heap.field(w, ANNOTATION_LINE)),
        column: fixnumValue(heap.field(w, ANNOTATION_COLUMN)),
      };
      value = heap.field(w, ANNOTATION_EXPRESSION);
      stripped = heap.field(w, ANNOTATION_STRIPPED);
    }
    if (heap.isType(value, OBJECT_SYMBOL)) return new Identifier(value, symbols.name(value), undefined, at);
    if (isPair(value)) {
      const elements: Syntax[] = [];
      let l = value;
      for (; isPair(l); l = heap.cdr(l)) elements.push(convert(heap.car(l), at));
      const tail = l === NIL ? undefined : convert(l, at);
      if (tail instanceof SyntaxList) {
        // `(a . (b c))` as annotated data: an annotated tail that is itself a list.
        return new SyntaxList(elements.concat(tail.elements), tail.tail, at, stripped);
      }
      return new SyntaxList(elements, tail, at, stripped ?? w);
    }
    if (value === NIL) return new SyntaxList([], undefined, at, NIL);
    if (heap.isType(value, OBJECT_VECTOR)) {
      const elements: Syntax[] = [];
      for (let i = 0; i < heap.objectSize(value); i++) elements.push(convert(heap.field(value, VECTOR_ELEMENTS + i), at));
      return new SyntaxVector(elements, at, stripped ?? w);
    }
    return new Datum(stripped ?? value, at);
  };
  return convert(datum, position);
}

// ---- To heap data ----------------------------------------------------------------------------

/** The plain datum a syntax object stands for (what `quote` gives): aliases become symbols. */
export function syntaxToDatum(heap: Heap, s: Syntax): number {
  if (s instanceof Identifier) return s.symbol;
  if (s instanceof Datum) return s.value;
  if (s.datum !== undefined) return s.datum;
  if (s instanceof SyntaxVector) return makeVector(heap, s.elements.map((e) => syntaxToDatum(heap, e)));
  return makeList(heap, s.elements.map((e) => syntaxToDatum(heap, e)), s.tail === undefined ? NIL : syntaxToDatum(heap, s.tail));
}

// ---- Macro specifications kept as heap data --------------------------------------------------
//
// A global syntax-rules macro is kept as its specification, plain heap data (the parsed macro is
// a JS-side cache). When a macro expansion wrote that specification (a macro defining a macro),
// some of its identifiers are aliases, and plain symbols would merge an alias with the user's
// identifier of the same name: a pattern variable `x` the outer macro introduced would capture
// the `x` a user passed in. So each alias is kept as an uninterned symbol of its own, listed with
// the symbol it stands for, and reading the specification back makes each one an alias again.
// Every alias in a toplevel specification comes from a global macro, so it means what its symbol
// means at toplevel, which is what the restored alias says.

/** A specification as heap data: `datum`, and `renames` (uninterned symbol, symbol) for aliases. */
export function specificationToDatum(
  heap: Heap, s: Syntax, uninterned: (name: string) => number,
): { datum: number; renames: [number, number][] } {
  const renames: [number, number][] = [];
  const byKey = new Map<string, number>();
  const convert = (t: Syntax): number => {
    if (t instanceof Identifier) {
      if (t.alias === undefined) return t.symbol;
      let u = byKey.get(t.key);
      if (u === undefined) {
        u = uninterned(t.name);
        byKey.set(t.key, u);
        renames.push([u, t.symbol]);
      }
      return u;
    }
    if (t instanceof Datum) return t.value;
    if (t.datum !== undefined) return t.datum; // straight from the reader: no aliases in it
    if (t instanceof SyntaxVector) return makeVector(heap, t.elements.map(convert));
    return makeList(heap, t.elements.map(convert), t.tail === undefined ? NIL : convert(t.tail));
  };
  const datum = convert(s);
  return { datum, renames };
}

/** The inverse of specificationToDatum: each renamed symbol an alias, in `scope`, of its symbol. */
export function specificationFromDatum(
  heap: Heap, symbols: SymbolTable, datum: number, renames: ReadonlyMap<number, number>, scope: Scope, nextId: () => number,
): Syntax {
  const spec = syntaxFromDatum(heap, symbols, datum);
  if (renames.size === 0) return spec;
  const aliases = new Map<number, Identifier>();
  const restore = (t: Syntax): Syntax => {
    if (t instanceof Identifier) {
      const symbol = renames.get(t.symbol);
      if (symbol === undefined) return t;
      let alias = aliases.get(t.symbol);
      if (alias === undefined) {
        const name = symbols.name(symbol);
        alias = new Identifier(symbol, name, { id: nextId(), original: new Identifier(symbol, name, undefined, undefined), scope }, undefined);
        aliases.set(t.symbol, alias);
      }
      return alias.at(t.position);
    }
    if (t instanceof SyntaxList) return new SyntaxList(t.elements.map(restore), t.tail === undefined ? undefined : restore(t.tail), t.position);
    if (t instanceof SyntaxVector) return new SyntaxVector(t.elements.map(restore), t.position);
    return t;
  };
  return restore(spec);
}
