// Vector primitives (R7RS 6.8), with Stasis's rule that vectors are immutable (LANGUAGE.md):
// make-vector returns a filled vector, vector-update returns a new vector with one element
// replaced, and the R7RS mutators are bound but raise an immutable error saying what to use.
// Also the argument checks shared with lists.ts and bytevectors.ts (indices, slices, lists).
//
// Invariants
//   V1. No primitive here writes an existing vector: each vector result is allocated by the call
//       and filled before it returns.
//   V2. Indices, lengths and slice bounds are checked before anything is allocated: a type error
//       if the argument is not an exact nonnegative integer, a range error saying which bound it
//       exceeds otherwise (the wording strings.ts uses too).
//   V3. make-vector without a fill fills with #f (R7RS leaves the contents unspecified).
// vector-map and vector-for-each are Lisp (registry P4); string->vector and vector->string are in
// strings.ts.

import { World } from "../world";
import { Heap } from "../heap";
import { PrimitiveSpec, VARIADIC, primitive } from "./registry";
import {
  FALSE, HEADER_SIZE_MAX, NIL, OBJECT_VECTOR, VECTOR_ELEMENTS, addressOf, fixnumValue, isFixnum, isPair,
  makeBoolean, makeFixnum,
} from "../layout";
import { bignumToBigInt, isBignum, makeInteger } from "../numbers";
import { makeList, makeVector } from "../objects";
import { SchemeError, immutableError, rangeError, typeError } from "../errors";

/** The most elements a vector can hold: its header's size field bounds it. */
export const VECTOR_LENGTH_MAX = HEADER_SIZE_MAX - (VECTOR_ELEMENTS - 1);

/**
 * The value of an index or count argument that must lie in [0, limit] (V2): a type error unless
 * it is an exact nonnegative integer, a range error (`what`) if it is above `limit`. A positive
 * bignum is above any limit a heap object can have.
 */
export function indexArgument(heap: Heap, who: string, w: number, limit: number, what = "index out of range"): number {
  const n = isFixnum(w) ? fixnumValue(w) : isBignum(heap, w) && bignumToBigInt(heap, w) > 0n ? Infinity : -1;
  if (n < 0) throw typeError(who, "an exact nonnegative integer", w);
  if (n > limit) throw rangeError(who, what, w);
  return n;
}

/** The optional `start` and `end` arguments of a slice of a sequence of `length` elements (V2). */
export function sliceArguments(
  heap: Heap, who: string, length: number, start: number | undefined, end: number | undefined,
): { start: number; end: number } {
  const from = start === undefined ? 0 : indexArgument(heap, who, start, length, "start index out of range");
  const to = end === undefined ? length : indexArgument(heap, who, end, length, "end index out of range");
  if (to < from) throw rangeError(who, "end index is before the start index", end!);
  return { start: from, end: to };
}

/** The error of a proper-list argument that is not one. */
export function notAList(who: string, w: number): SchemeError {
  return typeError(who, "a proper list", w);
}

/** The elements of an argument that must be a proper list. */
export function listArgument(heap: Heap, who: string, list: number): number[] {
  const out: number[] = [];
  let l = list;
  for (; isPair(l); l = heap.cdr(l)) out.push(heap.car(l));
  if (l !== NIL) throw notAList(who, list);
  return out;
}

const IMMUTABLE = "vectors";

export function vectorPrimitives(world: World): PrimitiveSpec[] {
  const heap = world.heap;
  const words = heap.words;

  const vectorArgument = (who: string, v: number): number => {
    if (!heap.isType(v, OBJECT_VECTOR)) throw typeError(who, "a vector", v);
    return v;
  };

  /** The elements [start, end) of vector v: a view of the heap, valid while no collection runs. */
  const elements = (v: number, start: number, end: number): Int32Array => {
    const base = addressOf(v) + VECTOR_ELEMENTS;
    return words.subarray(base + start, base + end);
  };

  const slice = (who: string, v: number, start: number | undefined, end: number | undefined): Int32Array => {
    vectorArgument(who, v);
    const bounds = sliceArguments(heap, who, heap.objectSize(v), start, end);
    return elements(v, bounds.start, bounds.end);
  };

  return [
    primitive("vector?", 1, 1, (x) => makeBoolean(heap.isType(x, OBJECT_VECTOR))),
    primitive("make-vector", 1, 2, (k, fill = FALSE) => {
      const n = indexArgument(heap, "make-vector", k, VECTOR_LENGTH_MAX, "length out of range");
      const v = heap.allocate(OBJECT_VECTOR, n);
      const base = addressOf(v) + VECTOR_ELEMENTS;
      words.fill(fill, base, base + n);
      return v;
    }),
    primitive("vector", 0, VARIADIC, (...xs) => makeVector(heap, xs)),
    primitive("vector-length", 1, 1, (v) => makeFixnum(heap.objectSize(vectorArgument("vector-length", v)))),
    primitive("vector-ref", 2, 2, (v, k) => {
      const n = heap.objectSize(vectorArgument("vector-ref", v));
      return heap.field(v, VECTOR_ELEMENTS + indexArgument(heap, "vector-ref", k, n - 1));
    }),
    primitive("vector->list", 1, 3, (v, start, end) => makeList(heap, slice("vector->list", v, start, end))),
    primitive("list->vector", 1, 1, (list) => makeVector(heap, listArgument(heap, "list->vector", list))),
    primitive("vector-copy", 1, 3, (v, start, end) => makeVector(heap, slice("vector-copy", v, start, end))),
    primitive("vector-append", 0, VARIADIC, (...vs) => {
      let n = 0;
      for (const v of vs) n += heap.objectSize(vectorArgument("vector-append", v));
      if (n > VECTOR_LENGTH_MAX) throw new SchemeError("vector-append: the result would be too long", [makeInteger(heap, n)], "range");
      const result = heap.allocate(OBJECT_VECTOR, n);
      let at = addressOf(result) + VECTOR_ELEMENTS;
      for (const v of vs) {
        const part = elements(v, 0, heap.objectSize(v));
        words.set(part, at);
        at += part.length;
      }
      return result;
    }),
    primitive("vector-update", 3, 3, (v, k, obj) => {
      const n = heap.objectSize(vectorArgument("vector-update", v));
      const i = indexArgument(heap, "vector-update", k, n - 1);
      const copy = makeVector(heap, elements(v, 0, n));
      heap.initField(copy, VECTOR_ELEMENTS + i, obj);
      return copy;
    }),
    primitive("vector-set!", 3, 3, () => {
      throw immutableError("vector-set!", IMMUTABLE, "use vector-update for a new vector, or keep the changing part in a box");
    }),
    primitive("vector-fill!", 2, 4, () => {
      throw immutableError("vector-fill!", IMMUTABLE, "use make-vector for a filled vector, or keep the changing part in a box");
    }),
    primitive("vector-copy!", 3, 5, () => {
      throw immutableError("vector-copy!", IMMUTABLE, "use vector-copy or vector-append for a new vector, or keep the changing part in a box");
    }),
  ];
}
