// Numbers in the heap: fixnums (immediate), bignums and flonums (vector space). BigInt appears
// only at the edge: a bignum is converted to a BigInt to compute with, and a result is stored
// back in the smallest representation (fixnum if it fits, else a normalized bignum).

import { Heap } from "./heap";
import {
  BIGNUM_LIMBS, BIGNUM_SIGN, BIGNUM_SIGN_NEGATIVE, FIXNUM_MAX, FIXNUM_MIN, OBJECT_BIGNUM, OBJECT_FLONUM, addressOf,
  fixnumValue, isFixnum, makeFixnum, isObject, headerType,
} from "./layout";

const LIMB_HEX_DIGITS = 8;
const BIG_FIXNUM_MIN = BigInt(FIXNUM_MIN);
const BIG_FIXNUM_MAX = BigInt(FIXNUM_MAX);

/** An exact integer: a fixnum if it fits, otherwise a normalized bignum. */
export function makeInteger(heap: Heap, n: bigint | number): number {
  if (typeof n === "number") {
    if (n >= FIXNUM_MIN && n <= FIXNUM_MAX) return makeFixnum(n);
    n = BigInt(n);
  }
  if (n >= BIG_FIXNUM_MIN && n <= BIG_FIXNUM_MAX) return makeFixnum(Number(n));
  return makeBignum(heap, n);
}

function makeBignum(heap: Heap, n: bigint): number {
  const negative = n < 0n;
  const hex = (negative ? -n : n).toString(16);
  const limbs = Math.ceil(hex.length / LIMB_HEX_DIGITS);
  const b = heap.allocate(OBJECT_BIGNUM, BIGNUM_LIMBS - 1 + limbs);
  const words = heap.words;
  const base = addressOf(b);
  words[base + BIGNUM_SIGN] = negative ? BIGNUM_SIGN_NEGATIVE : 0;
  for (let i = 0; i < limbs; i++) {
    const end = hex.length - i * LIMB_HEX_DIGITS;
    words[base + BIGNUM_LIMBS + i] = parseInt(hex.slice(Math.max(0, end - LIMB_HEX_DIGITS), end), 16) | 0;
  }
  return b;
}

export function isBignum(heap: Heap, w: number): boolean {
  return isObject(w) && headerType(heap.words[addressOf(w)]) === OBJECT_BIGNUM;
}

export function isFlonum(heap: Heap, w: number): boolean {
  return isObject(w) && headerType(heap.words[addressOf(w)]) === OBJECT_FLONUM;
}

export function isExactInteger(heap: Heap, w: number): boolean {
  return isFixnum(w) || isBignum(heap, w);
}

export function bignumToBigInt(heap: Heap, b: number): bigint {
  const base = addressOf(b);
  const limbs = heap.objectSize(b) - (BIGNUM_LIMBS - 1);
  let hex = "";
  for (let i = limbs - 1; i >= 0; i--) {
    const limb = (heap.words[base + BIGNUM_LIMBS + i] >>> 0).toString(16);
    hex += i === limbs - 1 ? limb : limb.padStart(LIMB_HEX_DIGITS, "0");
  }
  const magnitude = BigInt("0x" + hex);
  return heap.words[base + BIGNUM_SIGN] === BIGNUM_SIGN_NEGATIVE ? -magnitude : magnitude;
}

/** The value of an exact integer (fixnum or bignum) as a BigInt. */
export function integerToBigInt(heap: Heap, w: number): bigint {
  return isFixnum(w) ? BigInt(fixnumValue(w)) : bignumToBigInt(heap, w);
}
