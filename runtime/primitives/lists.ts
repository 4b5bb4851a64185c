// Pair and list primitives (R7RS 6.4, (scheme cxr)) and the SRFI-1 extras of LANGUAGE.md that
// need no procedure argument: last, iota, delete, delete-duplicates, cons*. Pairs are immutable
// (LANGUAGE.md): set-car!, set-cdr! and list-set! are bound but raise an immutable error that
// says what to do instead.
//
// Invariants
//   L1. No primitive here writes an existing pair: results are built with cons from their end.
//   L2. Lists are walked with loops, never JavaScript recursion, so a million-element list works.
//       Immutable pairs cannot form a cycle (only cells can, and a cell is not a pair), so every
//       walk along cdrs ends: list? needs no cycle detection.
//   L3. Results share structure where R7RS or SRFI-1 allows: append shares its last argument,
//       list-tail and member return a tail of their argument, delete shares the tail after the
//       last element it removes. list-copy copies the spine, as R7RS says.
//   L4. member, assoc, delete and delete-duplicates compare with equal?; the variants with a
//       predicate argument are Lisp (registry P4). make-list without a fill fills with #f.

import { World } from "../world";
import { PrimitiveSpec, VARIADIC, primitive } from "./registry";
import { FALSE, FIXNUM_MAX, NIL, isPair, makeBoolean, makeFixnum } from "../layout";
import { makeList } from "../objects";
import { immutableError, rangeError, typeError } from "../errors";
import { eqv, equal } from "../equality";
import { equalHash } from "../hashing";
import { add, checkNumber, multiply } from "../arithmetic";
import { indexArgument, listArgument, notAList } from "./vectors";

/** The composed accessors of (scheme cxr) have two to four a's and d's between c and r. */
const CXR_LENGTH_MIN = 2;
const CXR_LENGTH_MAX = 4;
const CXR_LETTERS = ["a", "d"];

/** Every name c[ad]{2,4}r: 4 + 8 + 16 = 28 of them. */
function cxrNames(): string[] {
  let names = [""];
  const out: string[] = [];
  for (let length = 1; length <= CXR_LENGTH_MAX; length++) {
    names = names.flatMap((n) => CXR_LETTERS.map((letter) => n + letter));
    if (length >= CXR_LENGTH_MIN) out.push(...names.map((n) => `c${n}r`));
  }
  return out;
}

const IMMUTABLE = "pairs";
const INSTEAD = "build a new list, or keep the changing part in a box";

export function listPrimitives(world: World): PrimitiveSpec[] {
  const heap = world.heap;

  const pairArgument = (who: string, x: number): number => {
    if (!isPair(x)) throw typeError(who, "a pair", x);
    return x;
  };

  /** (cadr x) is (car (cdr x)): the letters apply from the last to the first. */
  const cxr = (name: string) => primitive(name, 1, 1, (x) => {
    let v = x;
    for (let i = name.length - 2; i >= 1; i--) {
      pairArgument(name, v);
      v = name[i] === "a" ? heap.car(v) : heap.cdr(v);
    }
    return v;
  });

  /** The first tail of `list` whose car is `same` as x, or #f (memq, memv, member). */
  const memberBy = (who: string, same: (a: number, b: number) => boolean) => primitive(who, 2, 2, (x, list) => {
    let l = list;
    for (; isPair(l); l = heap.cdr(l)) if (same(x, heap.car(l))) return l;
    if (l !== NIL) throw notAList(who, list);
    return FALSE;
  });

  /** The first pair of `alist` whose car is `same` as x, or #f (assq, assv, assoc). */
  const assocBy = (who: string, same: (a: number, b: number) => boolean) => primitive(who, 2, 2, (x, alist) => {
    let l = alist;
    for (; isPair(l); l = heap.cdr(l)) {
      const entry = heap.car(l);
      if (!isPair(entry)) throw typeError(who, "a pair in the list", entry);
      if (same(x, heap.car(entry))) return entry;
    }
    if (l !== NIL) throw notAList(who, alist);
    return FALSE;
  });

  const isEqv = (a: number, b: number) => eqv(heap, a, b);
  const isEqual = (a: number, b: number) => equal(heap, a, b);

  return [
    primitive("pair?", 1, 1, (x) => makeBoolean(isPair(x))),
    primitive("cons", 2, 2, (a, d) => heap.cons(a, d)),
    primitive("car", 1, 1, (p) => heap.car(pairArgument("car", p))),
    primitive("cdr", 1, 1, (p) => heap.cdr(pairArgument("cdr", p))),
    ...cxrNames().map(cxr),
    primitive("null?", 1, 1, (x) => makeBoolean(x === NIL)),
    primitive("list?", 1, 1, (x) => {
      let l = x;
      while (isPair(l)) l = heap.cdr(l);
      return makeBoolean(l === NIL);
    }),
    primitive("list", 0, VARIADIC, (...xs) => makeList(heap, xs)),
    primitive("cons*", 1, VARIADIC, (...xs) => makeList(heap, xs.slice(0, -1), xs[xs.length - 1])),
    primitive("make-list", 1, 2, (k, fill = FALSE) => {
      const n = indexArgument(heap, "make-list", k, FIXNUM_MAX, "length out of range");
      let list = NIL;
      for (let i = 0; i < n; i++) list = heap.cons(fill, list);
      return list;
    }),
    primitive("length", 1, 1, (list) => {
      let n = 0;
      let l = list;
      for (; isPair(l); l = heap.cdr(l)) n++;
      if (l !== NIL) throw notAList("length", list);
      return makeFixnum(n);
    }),
    primitive("append", 0, VARIADIC, (...lists) => {
      if (lists.length === 0) return NIL;
      const elements: number[] = [];
      for (let i = 0; i < lists.length - 1; i++) {
        for (const x of listArgument(heap, "append", lists[i])) elements.push(x);
      }
      return makeList(heap, elements, lists[lists.length - 1]);
    }),
    primitive("reverse", 1, 1, (list) => {
      let reversed = NIL;
      let l = list;
      for (; isPair(l); l = heap.cdr(l)) reversed = heap.cons(heap.car(l), reversed);
      if (l !== NIL) throw notAList("reverse", list);
      return reversed;
    }),
    primitive("list-tail", 2, 2, (list, k) => {
      const n = indexArgument(heap, "list-tail", k, FIXNUM_MAX);
      let l = list;
      for (let i = 0; i < n; i++) {
        if (!isPair(l)) throw rangeError("list-tail", "index out of range", k);
        l = heap.cdr(l);
      }
      return l;
    }),
    primitive("list-ref", 2, 2, (list, k) => {
      const n = indexArgument(heap, "list-ref", k, FIXNUM_MAX);
      if (!isPair(list) && list !== NIL) throw typeError("list-ref", "a list", list);
      let l = list;
      for (let i = 0; i < n && isPair(l); i++) l = heap.cdr(l);
      if (!isPair(l)) throw rangeError("list-ref", "index out of range", k);
      return heap.car(l);
    }),
    primitive("list-copy", 1, 1, (x) => {
      const elements: number[] = [];
      let l = x;
      for (; isPair(l); l = heap.cdr(l)) elements.push(heap.car(l));
      return makeList(heap, elements, l);
    }),
    primitive("last", 1, 1, (list) => {
      if (!isPair(list)) throw typeError("last", "a non-empty list", list);
      let l = list;
      while (isPair(heap.cdr(l))) l = heap.cdr(l);
      return heap.car(l);
    }),
    memberBy("memq", (a, b) => a === b),
    memberBy("memv", isEqv),
    memberBy("member", isEqual),
    assocBy("assq", (a, b) => a === b),
    assocBy("assv", isEqv),
    assocBy("assoc", isEqual),
    primitive("iota", 1, 3, (count, start = makeFixnum(0), step = makeFixnum(1)) => {
      const n = indexArgument(heap, "iota", count, FIXNUM_MAX, "count out of range");
      checkNumber(heap, start, "iota");
      checkNumber(heap, step, "iota");
      // SRFI-1: element i is start + i * step, computed afresh so flonum errors do not accumulate.
      let list = NIL;
      for (let i = n - 1; i >= 0; i--) {
        list = heap.cons(add(heap, start, multiply(heap, makeFixnum(i), step, "iota"), "iota"), list);
      }
      return list;
    }),
    primitive("delete", 2, 2, (x, list) => {
      const elements = listArgument(heap, "delete", list);
      let lastDeleted = -1;
      for (let i = 0; i < elements.length; i++) if (equal(heap, x, elements[i])) lastDeleted = i;
      if (lastDeleted < 0) return list;
      const kept = elements.slice(0, lastDeleted).filter((e) => !equal(heap, x, e));
      let tail = list;
      for (let i = 0; i <= lastDeleted; i++) tail = heap.cdr(tail);
      return makeList(heap, kept, tail);
    }),
    primitive("delete-duplicates", 1, 1, (list) => {
      // Buckets of the elements kept so far, by equalHash: each element is compared only with
      // kept elements of its hash, so the usual case is linear.
      const buckets = new Map<number, number[]>();
      const kept: number[] = [];
      for (const x of listArgument(heap, "delete-duplicates", list)) {
        const h = equalHash(heap, x);
        const bucket = buckets.get(h);
        if (bucket === undefined) buckets.set(h, [x]);
        else if (bucket.some((y) => equal(heap, x, y))) continue;
        else bucket.push(x);
        kept.push(x);
      }
      return makeList(heap, kept);
    }),
    primitive("set-car!", 2, 2, () => {
      throw immutableError("set-car!", IMMUTABLE, INSTEAD);
    }),
    primitive("set-cdr!", 2, 2, () => {
      throw immutableError("set-cdr!", IMMUTABLE, INSTEAD);
    }),
    primitive("list-set!", 3, 3, () => {
      throw immutableError("list-set!", "lists", INSTEAD);
    }),
  ];
}
