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
    this.key = alias === undefined ? String(symbol) : `${symbol}.${alias.id}`;
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
