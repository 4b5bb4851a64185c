// Hashes of heap values for hash maps and tables (hamt.ts): equalHash agrees with equal?,
// eqvHash with eqv? (equality.ts).
//
// Invariants
//   K1. A hash is a nonnegative integer of HASH_BITS bits (at most FIXNUM_MAX), so it can be stored
//       as a fixnum (HAMT_COLLISION_HASH) and the trie consumes a fixed number of levels.
//   K2. equal(a, b) implies equalHash(a) === equalHash(b); eqv(a, b) implies eqvHash(a) ===
//       eqvHash(b). Hashes depend only on what the equivalence compares, never on an address,
//       so they survive a compacting collection and an image round trip.
//   K3. Identities come from the heap: a symbol hashes by SYMBOL_HASH, a record by RECORD_HASH, a
//       record type by RECORD_TYPE_HASH, all fixed when the object was made. Every other object
//       that is compared by identity (boxes, procedures, ports, hash maps, and, under eqv, pairs,
//       vectors and strings) has no stored identity hash and hashes by its type alone: correct by
//       K2, but all such keys of one type collide, so a table keyed by them is a linear list.
//   K4. equalHash is bounded: it visits at most HASH_VISIT_LIMIT pairs, vectors and atoms, in a
//       fixed depth-first order, so hashing a list of a million elements costs no more than one of
//       a hundred. Equal values have the same shape, so they visit the same nodes (K2). A string
//       or bytevector counts as one atom and is hashed whole, as equal? compares it whole.
//   K5. No JavaScript recursion and no heap allocation.

import { Heap } from "./heap";
import {
  BIGNUM_SIGN, FIXNUM_BITS, FIXNUM_MAX, FLONUM_VALUE, OBJECT_BIGNUM, OBJECT_BYTEVECTOR, OBJECT_FLONUM,
  OBJECT_RECORD, OBJECT_RECORD_TYPE, OBJECT_STRING, OBJECT_STRING_WIDE, OBJECT_SYMBOL, OBJECT_VECTOR,
  RECORD_HASH, RECORD_TYPE_HASH, STRING_CHARS, STRING_LENGTH, SYMBOL_HASH, VECTOR_ELEMENTS, WORD_BYTES,
  addressOf, fixnumValue, headerType, isObject, isPair, makeHeader,
} from "./layout";
import { bytevectorBytes } from "./objects";

/** Bits in a hash (K1): those of a nonnegative fixnum. */
export const HASH_BITS = FIXNUM_BITS - 1;

/** Pairs, vectors and atoms equalHash visits at most (K4). */
export const HASH_VISIT_LIMIT = 64;

// Each kind of value is mixed in with a distinct header word first, so that, say, a vector and a
// list of the same elements hash apart. Header words are never values, so they cannot be confused
// with a fixnum or an immediate mixed in as itself. Object type 0 is unused: it stands for pairs.
const PAIR_KIND = makeHeader(0, 0);
const VECTOR_KIND = makeHeader(OBJECT_VECTOR, 0);
/** Narrow and wide strings hash as one kind (equality E2). */
const STRING_KIND = makeHeader(OBJECT_STRING, 0);
const BYTEVECTOR_KIND = makeHeader(OBJECT_BYTEVECTOR, 0);

/** An IEEE double occupies two words from FLONUM_VALUE. */
const FLONUM_WORDS = 2;

// MurmurHash3 (x86, 32-bit): its block step to combine words, its finalizer to spread the bits.
const WORD_BITS = 32;
const MURMUR_SEED = 0x9747b28c;
const MURMUR_C1 = 0xcc9e2d51;
const MURMUR_C2 = 0x1b873593;
const MURMUR_BLOCK_ROTATE = 15;
const MURMUR_STATE_ROTATE = 13;
const MURMUR_STATE_MULTIPLY = 5;
const MURMUR_STATE_ADD = 0xe6546b64;
const MURMUR_FINAL_SHIFT_1 = 16;
const MURMUR_FINAL_SHIFT_2 = 13;
const MURMUR_FINAL_C1 = 0x85ebca6b;
const MURMUR_FINAL_C2 = 0xc2b2ae35;

function rotateLeft(x: number, bits: number): number {
  return (x << bits) | (x >>> (WORD_BITS - bits));
}

/** Mixes one 32-bit word into hash state h. */
function combine(h: number, word: number): number {
  const k = Math.imul(rotateLeft(Math.imul(word, MURMUR_C1), MURMUR_BLOCK_ROTATE), MURMUR_C2);
  return (Math.imul(rotateLeft(h ^ k, MURMUR_STATE_ROTATE), MURMUR_STATE_MULTIPLY) + MURMUR_STATE_ADD) | 0;
}

/** The hash of final state h (K1). */
function finish(h: number): number {
  h ^= h >>> MURMUR_FINAL_SHIFT_1;
  h = Math.imul(h, MURMUR_FINAL_C1);
  h ^= h >>> MURMUR_FINAL_SHIFT_2;
  h = Math.imul(h, MURMUR_FINAL_C2);
  h ^= h >>> MURMUR_FINAL_SHIFT_1;
  return h & FIXNUM_MAX;
}

/** A hash consistent with eqv? (K2, K3). */
export function eqvHash(heap: Heap, v: number): number {
  return finish(combineIdentity(heap, MURMUR_SEED, v));
}

/** A hash consistent with equal? (K2-K4). */
export function equalHash(heap: Heap, v: number): number {
  if (!isPair(v) && !heap.isType(v, OBJECT_VECTOR)) return finish(combineAtom(heap, MURMUR_SEED, v));
  const words = heap.words;
  const work: number[] = [v];
  let h = MURMUR_SEED;
  let visits = 0;
  while (work.length > 0 && visits < HASH_VISIT_LIMIT) {
    const x = work.pop()!;
    visits++;
    if (isPair(x)) {
      h = combine(h, PAIR_KIND);
      work.push(heap.cdr(x), heap.car(x));
    } else if (isObject(x) && headerType(words[addressOf(x)]) === OBJECT_VECTOR) {
      const n = heap.objectSize(x);
      h = combine(combine(h, VECTOR_KIND), n);
      // Only the first elements can still be visited within the limit; pushed last to first.
      const base = addressOf(x) + VECTOR_ELEMENTS;
      for (let i = Math.min(n, HASH_VISIT_LIMIT - visits) - 1; i >= 0; i--) work.push(words[base + i]);
    } else {
      h = combineAtom(heap, h, x);
    }
  }
  return finish(h);
}

/** Mixes in a value that is not a pair or vector, by content for strings and bytevectors. */
function combineAtom(heap: Heap, h: number, v: number): number {
  if (!isObject(v)) return combine(h, v);
  const type = heap.objectType(v);
  if (type === OBJECT_STRING || type === OBJECT_STRING_WIDE) return combineText(heap, h, v);
  if (type === OBJECT_BYTEVECTOR) {
    const bytes = bytevectorBytes(heap, v);
    h = combine(combine(h, BYTEVECTOR_KIND), bytes.length);
    for (let i = 0; i < bytes.length; i++) h = combine(h, bytes[i]);
    return h;
  }
  return combineIdentity(heap, h, v);
}

/** Mixes in a string's characters, the same for either representation. */
function combineText(heap: Heap, h: number, s: number): number {
  const n = fixnumValue(heap.field(s, STRING_LENGTH));
  h = combine(combine(h, STRING_KIND), n);
  if (heap.objectType(s) === OBJECT_STRING) {
    const bytes = heap.bytes;
    const base = (addressOf(s) + STRING_CHARS) * WORD_BYTES;
    for (let i = 0; i < n; i++) h = combine(h, bytes[base + i]);
  } else {
    const words = heap.words;
    const base = addressOf(s) + STRING_CHARS;
    for (let i = 0; i < n; i++) h = combine(h, words[base + i]);
  }
  return h;
}

/** Mixes in what eqv? compares of a value (equality E1, K3). */
function combineIdentity(heap: Heap, h: number, v: number): number {
  if (isPair(v)) return combine(h, PAIR_KIND);
  if (!isObject(v)) return combine(h, v);
  const words = heap.words;
  const at = addressOf(v);
  const header = words[at];
  const type = headerType(header);
  h = combine(h, makeHeader(type, 0));
  switch (type) {
    case OBJECT_FLONUM:
      for (let i = 0; i < FLONUM_WORDS; i++) h = combine(h, words[at + FLONUM_VALUE + i]);
      return h;
    case OBJECT_BIGNUM: {
      const size = heap.objectSize(v);
      for (let i = BIGNUM_SIGN; i <= size; i++) h = combine(h, words[at + i]);
      return h;
    }
    case OBJECT_SYMBOL:
      return combine(h, words[at + SYMBOL_HASH]);
    case OBJECT_RECORD:
      return combine(h, words[at + RECORD_HASH]);
    case OBJECT_RECORD_TYPE:
      return combine(h, words[at + RECORD_TYPE_HASH]);
    default:
      return h;
  }
}
