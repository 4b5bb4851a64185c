// Numbers in the heap: fixnums (immediate), bignums and flonums (vector space). BigInt appears
// only at the edge: a bignum is converted to a BigInt to compute with, and a result is stored
// back in the smallest representation (fixnum if it fits, else a normalized bignum).

import { Heap } from "./heap";
import {
  BIGNUM_LIMBS, BIGNUM_SIGN, BIGNUM_SIGN_NEGATIVE, FIXNUM_MAX, FIXNUM_MIN, OBJECT_BIGNUM, OBJECT_FLONUM, addressOf,
  fixnumValue, isFixnum, makeFixnum, isObject, headerType,
} from "./layout";

const LIMB_HEX_DIGITS = 8;
/** A limb holds 32 bits: 2^32. */
const LIMB_RADIX = 0x100000000;
/** A bignum whose magnitude is below 2^53 has at most two limbs, the high one below this. */
const SAFE_HIGH_LIMB_LIMIT = 2 ** 21;
const BIG_FIXNUM_MIN = BigInt(FIXNUM_MIN);
const BIG_FIXNUM_MAX = BigInt(FIXNUM_MAX);

/** An exact integer: a fixnum if it fits, otherwise a normalized bignum. */
export function makeInteger(heap: Heap, n: bigint | number): number {
  if (typeof n === "number") {
    if (n >= FIXNUM_MIN && n <= FIXNUM_MAX) return makeFixnum(n);
    if (Number.isSafeInteger(n)) return makeSafeBignum(heap, n);
    n = BigInt(n);
  }
  if (n >= BIG_FIXNUM_MIN && n <= BIG_FIXNUM_MAX) return makeFixnum(Number(n));
  return makeBignum(heap, n);
}

/**
 * A normalized bignum from a safe integer outside the fixnum range: its limbs written directly,
 * without a BigInt (the common case of integers just past the fixnums).
 */
function makeSafeBignum(heap: Heap, n: number): number {
  const magnitude = Math.abs(n);
  const high = Math.floor(magnitude / LIMB_RADIX);
  const b = heap.allocate(OBJECT_BIGNUM, BIGNUM_LIMBS - 1 + (high === 0 ? 1 : 2));
  const base = addressOf(b);
  heap.words[base + BIGNUM_SIGN] = n < 0 ? BIGNUM_SIGN_NEGATIVE : 0;
  heap.words[base + BIGNUM_LIMBS] = (magnitude % LIMB_RADIX) | 0;
  if (high !== 0) heap.words[base + BIGNUM_LIMBS + 1] = high;
  return b;
}

/** The value of an exact integer as a JS number, if it is a safe integer; else undefined. */
export function safeIntegerValue(heap: Heap, w: number): number | undefined {
  if (isFixnum(w)) return fixnumValue(w);
  const base = addressOf(w);
  const limbs = heap.objectSize(w) - (BIGNUM_LIMBS - 1);
  const low = heap.words[base + BIGNUM_LIMBS] >>> 0;
  let magnitude: number;
  if (limbs === 1) magnitude = low;
  else if (limbs === 2 && (heap.words[base + BIGNUM_LIMBS + 1] >>> 0) < SAFE_HIGH_LIMB_LIMIT) {
    magnitude = (heap.words[base + BIGNUM_LIMBS + 1] >>> 0) * LIMB_RADIX + low;
  } else return undefined;
  return heap.words[base + BIGNUM_SIGN] === BIGNUM_SIGN_NEGATIVE ? -magnitude : magnitude;
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
  const safe = safeIntegerValue(heap, b);
  if (safe !== undefined) return BigInt(safe);
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
