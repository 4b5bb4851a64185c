// Equivalence of heap values: R7RS eqv? and equal? (6.1). eq? is word identity (`a === b`) and
// needs no function.
//
// Invariants
//   E1. eqv(a, b) holds when the words are identical, or when both are flonums with the same bits
//       (so (eqv? 0.0 -0.0) is #f and (eqv? +nan.0 +nan.0) is #t), or both are bignums with the
//       same value. Fixnums and characters are immediate, so equal ones are identical words;
//       every other object (strings, vectors, boxes, records, procedures...) is eqv only to itself.
//   E2. equal(a, b) compares pairs, vectors, strings (by text: a narrow and a wide string holding
//       the same characters are equal) and bytevectors by content, and everything else by eqv.
//   E3. equal never recurses in JavaScript: the pairs of values still to compare are on an
//       explicit stack, so a list a million long or a million deep compares like any other.
//   E4. equal terminates on every value. Pairs and vectors are immutable, so a cycle must pass
//       through a cell (a box, a mutable record field, a hash table); equal compares cells with
//       eqv (identity) and never looks inside one, so it never follows a cycle.
//   E5. Neither function allocates, so both may be called with raw pointers (heap H5).
// hashing.ts keeps its hashes consistent with E1 and E2; change them together.

import { Heap } from "./heap";
import {
  BYTEVECTOR_LENGTH, FLONUM_VALUE, OBJECT_BIGNUM, OBJECT_BYTEVECTOR, OBJECT_FLONUM, OBJECT_STRING,
  OBJECT_STRING_WIDE, OBJECT_VECTOR, STRING_CHARS, STRING_LENGTH, VECTOR_ELEMENTS, WORD_BYTES, addressOf,
  fixnumValue, headerType, isObject, isPair,
} from "./layout";
import { bytevectorBytes, stringRef } from "./objects";

/** An IEEE double occupies two words from FLONUM_VALUE. */
const FLONUM_WORDS = 2;

/** R7RS eqv? (E1). */
export function eqv(heap: Heap, a: number, b: number): boolean {
  if (a === b) return true;
  if (!isObject(a) || !isObject(b)) return false;
  const words = heap.words;
  const at = addressOf(a);
  const bt = addressOf(b);
  const header = words[at];
  // Equal headers mean the same type and the same size, which a bignum's value also fixes.
  if (header !== words[bt]) return false;
  const type = headerType(header);
  if (type === OBJECT_FLONUM) {
    for (let i = 0; i < FLONUM_WORDS; i++) {
      if (words[at + FLONUM_VALUE + i] !== words[bt + FLONUM_VALUE + i]) return false;
    }
    return true;
  }
  if (type === OBJECT_BIGNUM) {
    // Sign and limbs are raw words, and normalized (layout.ts), so equal values have equal words.
    const size = heap.objectSize(a);
    for (let i = 1; i <= size; i++) if (words[at + i] !== words[bt + i]) return false;
    return true;
  }
  return false;
}

/** R7RS equal? (E2-E4). */
export function equal(heap: Heap, a: number, b: number): boolean {
  // Pairs of values still to compare, flattened: a0, b0, a1, b1, ...
  const pending: number[] = [];
  const words = heap.words;
  for (;;) {
    if (a !== b) {
      if (isPair(a)) {
        if (!isPair(b)) return false;
        const ad = heap.cdr(a);
        const bd = heap.cdr(b);
        if (ad !== bd) pending.push(ad, bd);
        a = heap.car(a);
        b = heap.car(b);
        continue;
      }
      if (!isObject(a) || !isObject(b)) return false;
      const ta = headerType(words[addressOf(a)]);
      const tb = headerType(words[addressOf(b)]);
      if (ta === OBJECT_VECTOR) {
        if (tb !== OBJECT_VECTOR) return false;
        const n = heap.objectSize(a);
        if (heap.objectSize(b) !== n) return false;
        const ae = addressOf(a) + VECTOR_ELEMENTS;
        const be = addressOf(b) + VECTOR_ELEMENTS;
        // Pushed last to first, so the first elements are compared first.
        for (let i = n - 1; i >= 0; i--) {
          if (words[ae + i] !== words[be + i]) pending.push(words[ae + i], words[be + i]);
        }
      } else if (ta === OBJECT_STRING || ta === OBJECT_STRING_WIDE) {
        if ((tb !== OBJECT_STRING && tb !== OBJECT_STRING_WIDE) || !sameText(heap, a, b)) return false;
      } else if (ta === OBJECT_BYTEVECTOR) {
        if (tb !== OBJECT_BYTEVECTOR || !sameBytes(heap, a, b)) return false;
      } else if (!eqv(heap, a, b)) {
        return false;
      }
    }
    if (pending.length === 0) return true;
    b = pending.pop()!;
    a = pending.pop()!;
  }
}

/** Whether two strings hold the same characters, whatever their representations. */
function sameText(heap: Heap, a: number, b: number): boolean {
  const length = heap.field(a, STRING_LENGTH);
  if (heap.field(b, STRING_LENGTH) !== length) return false;
  const n = fixnumValue(length);
  const ta = heap.objectType(a);
  if (ta === heap.objectType(b)) {
    // Same representation: compare the payload units directly.
    if (ta === OBJECT_STRING) {
      const bytes = heap.bytes;
      const ab = (addressOf(a) + STRING_CHARS) * WORD_BYTES;
      const bb = (addressOf(b) + STRING_CHARS) * WORD_BYTES;
      for (let i = 0; i < n; i++) if (bytes[ab + i] !== bytes[bb + i]) return false;
      return true;
    }
    const words = heap.words;
    const aw = addressOf(a) + STRING_CHARS;
    const bw = addressOf(b) + STRING_CHARS;
    for (let i = 0; i < n; i++) if (words[aw + i] !== words[bw + i]) return false;
    return true;
  }
  for (let i = 0; i < n; i++) if (stringRef(heap, a, i) !== stringRef(heap, b, i)) return false;
  return true;
}

function sameBytes(heap: Heap, a: number, b: number): boolean {
  if (heap.field(a, BYTEVECTOR_LENGTH) !== heap.field(b, BYTEVECTOR_LENGTH)) return false;
  const x = bytevectorBytes(heap, a);
  const y = bytevectorBytes(heap, b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
