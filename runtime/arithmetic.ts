// Generic arithmetic on heap numbers: fixnums, bignums and flonums, in every mix. The VM inlines
// the fixnum cases of its arithmetic opcodes (tagged fixnums add, subtract and compare without
// untagging: layout.ts) and calls these for everything else; the numeric primitives
// (primitives/numbers.ts) are built on them.
//
// Invariants
//   A1. Exactness. An operation on exact numbers gives an exact number, normalized (a fixnum when
//       it fits: numbers.ts makeInteger); an operation with a flonum operand gives a flonum. The
//       one exception: `/` of exact numbers gives a flonum when the quotient is not an integer,
//       since Stasis has no exact rationals yet (LANGUAGE.md).
//   A2. Exact results are exact. Fixnum paths compute in doubles only where every intermediate
//       stays below 2^53; beyond that they use BigInt. An exact value converted to a flonum is
//       rounded once, to nearest, ties to even (ratioToDouble).
//   A3. Comparisons are exact, also between a bignum and a flonum, so = < > <= >= are transitive.
//       NaN is ORDER_UNORDERED with everything, itself included.
//   A4. Every function takes `who`, the procedure the user called, and names it in its errors. A
//       bad argument raises a SchemeError (primitives P3): a non-number where a number is needed,
//       a non-integer where an integer is, exact division by zero, a result that would need
//       complex numbers, an exact result too large for a bignum.
//   A5. BigInt only at the edge: bignums are converted with integerToBigInt, results stored back
//       with makeInteger. Operations on fixnums compute in doubles, and turn to BigInt only when
//       the exact result is beyond 2^53 (a bignum, or the power inside a tiny (expt b -e)).

import { Heap } from "./heap";
import {
  BIGNUM_LIMBS, BIGNUM_SIGN, BIGNUM_SIGN_NEGATIVE, HEADER_SIZE_MAX, OBJECT_BIGNUM, OBJECT_FLONUM, WORD_BYTES, fixnumValue,
  isFixnum, isObject, makeFixnum,
} from "./layout";
import { bignumToBigInt, integerToBigInt, makeInteger, safeIntegerValue } from "./numbers";
import { SchemeError, rangeError, typeError } from "./errors";

// ---- Orders --------------------------------------------------------------------------------

/** What compare answers. */
export const ORDER_LESS = -1;
export const ORDER_EQUAL = 0;
export const ORDER_GREATER = 1;
/** compare's answer when an operand is NaN, which is neither less than, equal to nor greater. */
export const ORDER_UNORDERED = 2;

// ---- Constants -----------------------------------------------------------------------------

const ZERO = makeFixnum(0);
const ONE = makeFixnum(1);
const MINUS_ONE = makeFixnum(-1);

const BITS_PER_BYTE = 8;
const LIMB_BITS = WORD_BYTES * BITS_PER_BYTE;
/**
 * The most bits an exact integer can have: a bignum's header size field bounds its payload, the
 * sign word and the limbs. Operations whose result would be larger refuse up front, before
 * BigInt runs out of memory or time.
 */
export const INTEGER_BITS_MAX = (HEADER_SIZE_MAX - (BIGNUM_LIMBS - 1)) * LIMB_BITS;

const HEX_DIGIT_BITS = 4;
const HEX_RADIX = 16;
const UINT32_BITS = 32;

/** Bits of a double's significand, the implicit leading bit included. */
const DOUBLE_SIGNIFICAND_BITS = 53;
/** The largest binary exponent of a finite double: they are below 2^1024. */
const DOUBLE_EXPONENT_MAX = 1023;
/** Doubles are multiples of 2^-1074 (the smallest subnormal): their finest spacing. */
const DOUBLE_SPACING_EXPONENT_MIN = -1074;
/** 1/x rounds to zero once |x| > 2^1075 (half the smallest subnormal is a tie, to even: 0). */
const RECIPROCAL_UNDERFLOW_BITS = -DOUBLE_SPACING_EXPONENT_MIN + 1;
/**
 * The integer square root computed for sqrt of a bignum has at least this many bits: two more
 * than a double's significand, so the root's rounding is decided by bits the root has (see
 * irrationalSqrt).
 */
const SQRT_ROOT_BITS = DOUBLE_SIGNIFICAND_BITS + 2;

// ---- Kinds ---------------------------------------------------------------------------------

// The kinds of number are bits, so that `kindOf(a) | kindOf(b)` says at once whether both are
// fixnums (0), whether either is a flonum (KIND_FLONUM set), or else that a bignum is involved.
const KIND_FIXNUM = 0;
const KIND_BIGNUM = 1;
const KIND_FLONUM = 2;

function kindOf(heap: Heap, w: number, who: string): number {
  if (isFixnum(w)) return KIND_FIXNUM;
  if (isObject(w)) {
    const type = heap.objectType(w);
    if (type === OBJECT_FLONUM) return KIND_FLONUM;
    if (type === OBJECT_BIGNUM) return KIND_BIGNUM;
  }
  throw typeError(who, "a number", w);
}

export function isNumber(heap: Heap, w: number): boolean {
  if (isFixnum(w)) return true;
  if (!isObject(w)) return false;
  const type = heap.objectType(w);
  return type === OBJECT_FLONUM || type === OBJECT_BIGNUM;
}

/** `w` if it is a number; otherwise a type error naming `who`. */
export function checkNumber(heap: Heap, w: number, who: string): number {
  kindOf(heap, w, who);
  return w;
}

/** R7RS integer?: an exact integer, or a flonum whose value is an integer (so finite). */
export function isInteger(heap: Heap, w: number): boolean {
  if (isFixnum(w)) return true;
  if (!isObject(w)) return false;
  const type = heap.objectType(w);
  return type === OBJECT_BIGNUM || (type === OBJECT_FLONUM && Number.isInteger(heap.flonumValue(w)));
}

function isNegativeBignum(heap: Heap, b: number): boolean {
  return heap.field(b, BIGNUM_SIGN) === BIGNUM_SIGN_NEGATIVE;
}

// ---- Conversions ---------------------------------------------------------------------------

/** The value of a number already known to be one, as a double (rounded if a bignum). */
function toDouble(heap: Heap, w: number): number {
  if (isFixnum(w)) return fixnumValue(w);
  return heap.objectType(w) === OBJECT_FLONUM ? heap.flonumValue(w) : Number(bignumToBigInt(heap, w));
}

/** The value of a number as a double: what `inexact` gives, unboxed. */
export function doubleValue(heap: Heap, w: number, who: string): number {
  kindOf(heap, w, who);
  return toDouble(heap, w);
}

/** R7RS inexact: a flonum of the same value, rounded to nearest (A2). */
export function toInexact(heap: Heap, w: number, who: string): number {
  return kindOf(heap, w, who) === KIND_FLONUM ? w : heap.makeFlonum(toDouble(heap, w));
}

/** R7RS exact. Only integer flonums have an exact value in Stasis until exact rationals come. */
export function toExact(heap: Heap, w: number, who: string): number {
  if (kindOf(heap, w, who) !== KIND_FLONUM) return w;
  const x = heap.flonumValue(w);
  if (Number.isInteger(x)) return makeInteger(heap, x);
  if (!Number.isFinite(x)) throw new SchemeError(`${who}: no exact value`, [w], "range");
  throw new SchemeError(`${who}: no exact integer value (Stasis has no exact rationals yet)`, [w], "range");
}

/** Bits in the magnitude of n: 0 for 0, else floor(log2 |n|) + 1. */
export function bitLength(n: bigint): number {
  if (n === 0n) return 0;
  const hex = (n < 0n ? -n : n).toString(HEX_RADIX);
  return (hex.length - 1) * HEX_DIGIT_BITS + UINT32_BITS - Math.clz32(parseInt(hex[0], HEX_RADIX));
}

/** The double nearest to n/d (d nonzero), ties to even, however large n and d are. */
export function ratioToDouble(n: bigint, d: bigint): number {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const negative = n < 0n;
  const a = negative ? -n : n;
  if (a === 0n) return 0;
  // floor(log2(a/d)): a/d lies in [2^(e-1), 2^(e+1)) for e the difference of their bit lengths.
  let exponent = bitLength(a) - bitLength(d);
  if (exponent >= 0 ? a < d << BigInt(exponent) : a << BigInt(-exponent) < d) exponent--;
  if (exponent > DOUBLE_EXPONENT_MAX) return negative ? -Infinity : Infinity;
  // Round a/d to a multiple of 2^spacing, the distance between doubles near it (constant below
  // the normal range), by integer division with its remainder: one rounding, exactly.
  const spacing = Math.max(exponent - (DOUBLE_SIGNIFICAND_BITS - 1), DOUBLE_SPACING_EXPONENT_MIN);
  const numerator = spacing < 0 ? a << BigInt(-spacing) : a;
  const denominator = spacing > 0 ? d << BigInt(spacing) : d;
  let q = numerator / denominator;
  const twiceRemainder = (numerator - q * denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && (q & 1n) === 1n)) q++;
  // q <= 2^53 is exact as a double, and 2^spacing is a double, so the product rounds only if it
  // overflows, to infinity, as it must.
  const magnitude = Number(q) * 2 ** spacing;
  return negative ? -magnitude : magnitude;
}

// ---- Errors --------------------------------------------------------------------------------

function divisionByZero(who: string, dividend: number, divisor: number): SchemeError {
  return new SchemeError(`${who}: division by zero`, [dividend, divisor], "range");
}

/** `who` of `x` would be a complex number, which Stasis does not have. */
export function complexResultError(who: string, x: number): SchemeError {
  return rangeError(who, "complex numbers are not supported", x);
}

function resultTooLarge(who: string): SchemeError {
  return new SchemeError(`${who}: the exact result would have more than ${INTEGER_BITS_MAX} bits`, [], "range");
}

function checkResultBits(bits: number, who: string): void {
  if (bits > INTEGER_BITS_MAX) throw resultTooLarge(who);
}

/** An upper bound on the bits of an exact integer, read from its size in the heap: no BigInt. */
function bitsBound(heap: Heap, w: number): number {
  return isFixnum(w) ? UINT32_BITS : (heap.objectSize(w) - (BIGNUM_LIMBS - 1)) * LIMB_BITS;
}

// ---- + - * / -------------------------------------------------------------------------------

/**
 * Both operands as safe JS integers, when they are exact integers that are: the fast path for
 * integers just beyond the fixnums (no BigInt, A-fast).
 */
function safePair(heap: Heap, a: number, b: number): [number, number] | undefined {
  const x = safeIntegerValue(heap, a);
  if (x === undefined) return undefined;
  const y = safeIntegerValue(heap, b);
  return y === undefined ? undefined : [x, y];
}

export function add(heap: Heap, a: number, b: number, who: string): number {
  const kinds = kindOf(heap, a, who) | kindOf(heap, b, who);
  if (kinds === KIND_FIXNUM) return makeInteger(heap, fixnumValue(a) + fixnumValue(b));
  if (kinds & KIND_FLONUM) return heap.makeFlonum(toDouble(heap, a) + toDouble(heap, b));
  const safe = safePair(heap, a, b);
  if (safe !== undefined && Number.isSafeInteger(safe[0] + safe[1])) return makeInteger(heap, safe[0] + safe[1]);
  checkResultBits(Math.max(bitsBound(heap, a), bitsBound(heap, b)) + 1, who);
  return makeInteger(heap, integerToBigInt(heap, a) + integerToBigInt(heap, b));
}

export function subtract(heap: Heap, a: number, b: number, who: string): number {
  const kinds = kindOf(heap, a, who) | kindOf(heap, b, who);
  if (kinds === KIND_FIXNUM) return makeInteger(heap, fixnumValue(a) - fixnumValue(b));
  if (kinds & KIND_FLONUM) return heap.makeFlonum(toDouble(heap, a) - toDouble(heap, b));
  const safe = safePair(heap, a, b);
  if (safe !== undefined && Number.isSafeInteger(safe[0] - safe[1])) return makeInteger(heap, safe[0] - safe[1]);
  checkResultBits(Math.max(bitsBound(heap, a), bitsBound(heap, b)) + 1, who);
  return makeInteger(heap, integerToBigInt(heap, a) - integerToBigInt(heap, b));
}

export function multiply(heap: Heap, a: number, b: number, who: string): number {
  const kinds = kindOf(heap, a, who) | kindOf(heap, b, who);
  if (kinds === KIND_FIXNUM) {
    // Exact when it is a safe integer: a product of magnitude 2^53 or more rounds to one.
    const product = fixnumValue(a) * fixnumValue(b);
    if (Number.isSafeInteger(product)) return makeInteger(heap, product);
  } else if (kinds & KIND_FLONUM) {
    return heap.makeFlonum(toDouble(heap, a) * toDouble(heap, b));
  } else {
    const safe = safePair(heap, a, b);
    if (safe !== undefined && Number.isSafeInteger(safe[0] * safe[1])) return makeInteger(heap, safe[0] * safe[1]);
  }
  checkResultBits(bitsBound(heap, a) + bitsBound(heap, b), who);
  return makeInteger(heap, integerToBigInt(heap, a) * integerToBigInt(heap, b));
}

/**
 * a / b. With a flonum operand, IEEE division: (/ 1.0 0) is +inf.0. Exact operands give an exact
 * integer when b divides a, else the flonum nearest the quotient (A1); an exact zero divisor is
 * an error.
 */
export function divide(heap: Heap, a: number, b: number, who: string): number {
  const kinds = kindOf(heap, a, who) | kindOf(heap, b, who);
  if (kinds & KIND_FLONUM) return heap.makeFlonum(toDouble(heap, a) / toDouble(heap, b));
  if (b === ZERO) throw divisionByZero(who, a, b);
  if (kinds === KIND_FIXNUM) {
    const x = fixnumValue(a);
    const y = fixnumValue(b);
    // Both are exact doubles, so x / y is the correctly rounded quotient, and exact if integral.
    return x % y === 0 ? makeInteger(heap, x / y) : heap.makeFlonum(x / y);
  }
  const n = integerToBigInt(heap, a);
  const d = integerToBigInt(heap, b);
  return n % d === 0n ? makeInteger(heap, n / d) : heap.makeFlonum(ratioToDouble(n, d));
}

export function negate(heap: Heap, a: number, who: string): number {
  switch (kindOf(heap, a, who)) {
    case KIND_FIXNUM:
      return makeInteger(heap, -fixnumValue(a));
    case KIND_FLONUM:
      return heap.makeFlonum(-heap.flonumValue(a));
    default:
      return makeInteger(heap, -bignumToBigInt(heap, a));
  }
}

// ---- Comparison ----------------------------------------------------------------------------

function orderOf(x: number | bigint, y: number | bigint): number {
  if (x < y) return ORDER_LESS;
  if (x > y) return ORDER_GREATER;
  return x === y ? ORDER_EQUAL : ORDER_UNORDERED;
}

function reverseOrder(order: number): number {
  if (order === ORDER_LESS) return ORDER_GREATER;
  if (order === ORDER_GREATER) return ORDER_LESS;
  return order;
}

/** The order of an exact integer and a double, exactly (A3): the double is not rounded to it. */
function compareIntegerToDouble(n: bigint, x: number): number {
  if (Number.isNaN(x)) return ORDER_UNORDERED;
  if (x === Infinity) return ORDER_LESS;
  if (x === -Infinity) return ORDER_GREATER;
  const floor = Math.floor(x);
  const order = orderOf(n, BigInt(floor));
  // n = floor(x) is below x unless x is that integer.
  return order === ORDER_EQUAL && x !== floor ? ORDER_LESS : order;
}

/** The order of two numbers: ORDER_LESS, ORDER_EQUAL, ORDER_GREATER, or ORDER_UNORDERED for NaN. */
export function compare(heap: Heap, a: number, b: number, who: string): number {
  const kindA = kindOf(heap, a, who);
  const kindB = kindOf(heap, b, who);
  const kinds = kindA | kindB;
  // Tagged fixnums are their values shifted left: they are in the same order.
  if (kinds === KIND_FIXNUM) return orderOf(a, b);
  if (kinds & KIND_FLONUM) {
    if (kindA === KIND_BIGNUM) return compareIntegerToDouble(bignumToBigInt(heap, a), heap.flonumValue(b));
    if (kindB === KIND_BIGNUM) return reverseOrder(compareIntegerToDouble(bignumToBigInt(heap, b), heap.flonumValue(a)));
    // A fixnum is exact as a double, so comparing doubles is exact.
    return orderOf(toDouble(heap, a), toDouble(heap, b));
  }
  // A normalized bignum lies outside the fixnum range, so against a fixnum its sign decides.
  if (kindA === KIND_FIXNUM) return isNegativeBignum(heap, b) ? ORDER_GREATER : ORDER_LESS;
  if (kindB === KIND_FIXNUM) return isNegativeBignum(heap, a) ? ORDER_LESS : ORDER_GREATER;
  return orderOf(bignumToBigInt(heap, a), bignumToBigInt(heap, b));
}

export function numberEquals(heap: Heap, a: number, b: number, who: string): boolean {
  return compare(heap, a, b, who) === ORDER_EQUAL;
}

export function lessThan(heap: Heap, a: number, b: number, who: string): boolean {
  return compare(heap, a, b, who) === ORDER_LESS;
}

// ---- Integer division ----------------------------------------------------------------------

/**
 * The value of an integer operand (an exact integer, or a flonum whose value is an integer): a
 * JS number when it is a safe integer, else a BigInt. Between two safe integers, % and the
 * divisions below are exact in doubles (their results are no larger than their operands).
 */
type IntegerValue = number | bigint;

function integerValue(heap: Heap, w: number, who: string): IntegerValue {
  if (isFixnum(w)) return fixnumValue(w);
  if (isObject(w)) {
    const type = heap.objectType(w);
    if (type === OBJECT_BIGNUM) return bignumToBigInt(heap, w);
    if (type === OBJECT_FLONUM) {
      const x = heap.flonumValue(w);
      if (Number.isSafeInteger(x)) return x;
      if (Number.isInteger(x)) return BigInt(x);
    }
  }
  throw typeError(who, "an integer", w);
}

/** An integer result: a flonum if an operand was one (A1), else normalized. */
function integerResult(heap: Heap, r: IntegerValue, inexact: boolean): number {
  return inexact ? heap.makeFlonum(Number(r)) : makeInteger(heap, r);
}

function eitherFlonum(heap: Heap, a: number, b: number): boolean {
  return heap.isType(a, OBJECT_FLONUM) || heap.isType(b, OBJECT_FLONUM);
}

/** One integer division, on safe integers in doubles and on BigInts. */
interface IntegerDivision {
  small(x: number, y: number): number;
  big(n: bigint, d: bigint): bigint;
}

// JS % truncates: its remainder has the dividend's sign. The floor remainder has the divisor's.
function floorRemainderSmall(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && r < 0 !== y < 0 ? r + y : r;
}

function floorRemainderBig(n: bigint, d: bigint): bigint {
  const r = n % d;
  return r !== 0n && r < 0n !== d < 0n ? r + d : r;
}

const TRUNCATE_QUOTIENT: IntegerDivision = {
  small: (x, y) => (x - (x % y)) / y,
  big: (n, d) => n / d,
};
const TRUNCATE_REMAINDER: IntegerDivision = {
  small: (x, y) => x % y,
  big: (n, d) => n % d,
};
const FLOOR_REMAINDER: IntegerDivision = {
  small: floorRemainderSmall,
  big: floorRemainderBig,
};
const FLOOR_QUOTIENT: IntegerDivision = {
  small: (x, y) => (x - floorRemainderSmall(x, y)) / y,
  big: (n, d) => (n - floorRemainderBig(n, d)) / d,
};

function integerDivision(heap: Heap, a: number, b: number, who: string, division: IntegerDivision): number {
  const x = integerValue(heap, a, who);
  const y = integerValue(heap, b, who);
  // Zero is always a safe integer, so never a BigInt here; -0.0 === 0 too.
  if (y === 0) throw divisionByZero(who, a, b);
  const r = typeof x === "number" && typeof y === "number" ? division.small(x, y) : division.big(BigInt(x), BigInt(y));
  return integerResult(heap, r, eitherFlonum(heap, a, b));
}

/** R7RS quotient and truncate-quotient: a / b rounded toward zero. */
export function quotient(heap: Heap, a: number, b: number, who: string): number {
  return integerDivision(heap, a, b, who, TRUNCATE_QUOTIENT);
}

/** R7RS remainder and truncate-remainder: the sign of a. */
export function remainder(heap: Heap, a: number, b: number, who: string): number {
  return integerDivision(heap, a, b, who, TRUNCATE_REMAINDER);
}

/** R7RS modulo and floor-remainder: the sign of b. */
export function modulo(heap: Heap, a: number, b: number, who: string): number {
  return integerDivision(heap, a, b, who, FLOOR_REMAINDER);
}

/** R7RS floor-quotient: a / b rounded toward negative infinity. */
export function floorQuotient(heap: Heap, a: number, b: number, who: string): number {
  return integerDivision(heap, a, b, who, FLOOR_QUOTIENT);
}

/** Whether an integer (exact, or an integral flonum) is even; a type error otherwise. */
export function isEven(heap: Heap, w: number, who: string): boolean {
  const x = integerValue(heap, w, who);
  return typeof x === "number" ? x % 2 === 0 : x % 2n === 0n;
}

function gcdOf(x: IntegerValue, y: IntegerValue): IntegerValue {
  if (typeof x === "number" && typeof y === "number") {
    let m = Math.abs(x);
    let n = Math.abs(y);
    while (n !== 0) [m, n] = [n, m % n];
    return m;
  }
  let m = BigInt(x);
  let n = BigInt(y);
  if (m < 0n) m = -m;
  if (n < 0n) n = -n;
  while (n !== 0n) [m, n] = [n, m % n];
  return m;
}

/** The greatest common divisor of two integers, nonnegative; (gcd 0 0) is 0. */
export function gcd(heap: Heap, a: number, b: number, who: string): number {
  return integerResult(heap, gcdOf(integerValue(heap, a, who), integerValue(heap, b, who)), eitherFlonum(heap, a, b));
}

/** The least common multiple of two integers, nonnegative; 0 if either is 0. */
export function lcm(heap: Heap, a: number, b: number, who: string): number {
  const x = integerValue(heap, a, who);
  const y = integerValue(heap, b, who);
  const inexact = eitherFlonum(heap, a, b);
  const divisor = gcdOf(x, y);
  // Only (lcm 0 0) has divisor 0, and 0 is a safe integer.
  if (divisor === 0) return integerResult(heap, 0, inexact);
  if (typeof divisor === "number" && typeof x === "number" && typeof y === "number") {
    const multiple = Math.abs((x / divisor) * y);
    if (Number.isSafeInteger(multiple)) return integerResult(heap, multiple, inexact);
  }
  checkResultBits(bitLength(BigInt(x)) + bitLength(BigInt(y)), who);
  const multiple = (BigInt(x) / BigInt(divisor)) * BigInt(y);
  return integerResult(heap, multiple < 0n ? -multiple : multiple, inexact);
}

// ---- Powers and roots ----------------------------------------------------------------------

/** x^e for e >= 0 by repeated squaring in doubles, or undefined once a step is not a safe integer. */
function safePower(x: number, e: number): number | undefined {
  let result = 1;
  let square = x;
  for (let k = e; ; ) {
    if (k % 2 === 1) {
      result *= square;
      if (!Number.isSafeInteger(result)) return undefined;
    }
    k = Math.floor(k / 2);
    if (k === 0) return result;
    square *= square;
    if (!Number.isSafeInteger(square)) return undefined;
  }
}

/** base^e, both exact: exact for e >= 0, the nearest flonum for e < 0 (no exact rationals). */
function exactPower(heap: Heap, base: number, exponent: number, who: string): number {
  const negativeExponent = isFixnum(exponent) ? exponent < ZERO : isNegativeBignum(heap, exponent);
  const odd = !isEven(heap, exponent, who);
  if (base === ZERO) {
    if (negativeExponent) throw divisionByZero(who, ONE, base);
    return exponent === ZERO ? ONE : ZERO;
  }
  if (base === ONE) return ONE;
  if (base === MINUS_ONE) return odd ? MINUS_ONE : ONE;
  // From here |base| >= 2, so a bignum exponent means a result beyond any bignum or any flonum.
  const baseIsNegative = isFixnum(base) ? base < ZERO : isNegativeBignum(heap, base);
  if (!isFixnum(exponent)) {
    if (!negativeExponent) throw resultTooLarge(who);
    return heap.makeFlonum(odd && baseIsNegative ? -0 : 0);
  }
  const e = Math.abs(fixnumValue(exponent));
  if (isFixnum(base)) {
    const power = safePower(fixnumValue(base), e);
    if (power !== undefined) return negativeExponent ? heap.makeFlonum(1 / power) : makeInteger(heap, power);
  }
  const b = integerToBigInt(heap, base);
  if (negativeExponent) {
    if ((bitLength(b) - 1) * e > RECIPROCAL_UNDERFLOW_BITS) return heap.makeFlonum(odd && baseIsNegative ? -0 : 0);
    return heap.makeFlonum(ratioToDouble(1n, b ** BigInt(e)));
  }
  const log2Base = isFixnum(base) ? Math.log2(Math.abs(fixnumValue(base))) : bitLength(b);
  checkResultBits(Math.floor(e * log2Base) + 1, who);
  return makeInteger(heap, b ** BigInt(e));
}

/**
 * R7RS expt. Exact base and exact integer exponent: exact when the exponent is nonnegative,
 * (expt 0 0) = 1. With a flonum: Math.pow, (expt 0.0 0) = 1.0; a negative base with a
 * non-integer exponent would be complex, an error.
 */
export function expt(heap: Heap, base: number, exponent: number, who: string): number {
  const kindBase = kindOf(heap, base, who);
  const kindExponent = kindOf(heap, exponent, who);
  if (kindExponent !== KIND_FLONUM) {
    if (kindBase !== KIND_FLONUM) return exactPower(heap, base, exponent, who);
    // Number(e) of a bignum exponent may lose its parity, which decides the sign: take it exactly.
    const x = heap.flonumValue(base);
    const magnitude = Math.pow(Math.abs(x), toDouble(heap, exponent));
    const negative = !isEven(heap, exponent, who) && (x < 0 || Object.is(x, -0));
    return heap.makeFlonum(negative ? -magnitude : magnitude);
  }
  const x = toDouble(heap, base);
  const y = heap.flonumValue(exponent);
  if (x < 0 && Number.isFinite(y) && !Number.isInteger(y)) throw complexResultError(who, base);
  return heap.makeFlonum(Math.pow(x, y));
}

/** floor(sqrt(n)) for n >= 0, by Newton's iteration from above. */
function integerSqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const next = (x + n / x) >> 1n;
    if (next >= x) return x;
    x = next;
  }
}

/**
 * sqrt(n), correctly rounded, for an integer n > 0 that is not a perfect square. Scaled by 4^k so
 * its integer root s has SQRT_ROOT_BITS bits or more, the true root lies strictly between s and
 * s + 1; 2s + 1 then rounds as every point of (2s, 2s + 2) does, since the rounding boundaries at
 * that size are even integers.
 */
function irrationalSqrt(n: bigint): number {
  const k = Math.max(0, Math.ceil((2 * SQRT_ROOT_BITS - bitLength(n)) / 2));
  const s = integerSqrt(n << BigInt(2 * k));
  return Number(2n * s + 1n) * 2 ** -(k + 1);
}

/**
 * R7RS sqrt: exact for an exact perfect square (bignums too), else a flonum. The square root of
 * a negative number would be complex, an error; (sqrt -0.0) is -0.0.
 */
export function sqrt(heap: Heap, x: number, who: string): number {
  switch (kindOf(heap, x, who)) {
    case KIND_FLONUM: {
      const v = heap.flonumValue(x);
      if (v < 0) throw complexResultError(who, x);
      return heap.makeFlonum(Math.sqrt(v));
    }
    case KIND_FIXNUM: {
      const v = fixnumValue(x);
      if (v < 0) throw complexResultError(who, x);
      // Math.sqrt is correctly rounded, so exact for a perfect square.
      const root = Math.sqrt(v);
      return Number.isInteger(root) ? makeFixnum(root) : heap.makeFlonum(root);
    }
    default: {
      const n = bignumToBigInt(heap, x);
      if (n < 0n) throw complexResultError(who, x);
      const root = integerSqrt(n);
      return root * root === n ? makeInteger(heap, root) : heap.makeFlonum(irrationalSqrt(n));
    }
  }
}

/** R7RS exact-integer-sqrt: [s, r] with s^2 + r = k and s^2 <= k < (s + 1)^2, for k exact >= 0. */
export function exactIntegerSqrt(heap: Heap, k: number, who: string): [number, number] {
  if (isFixnum(k) && k >= ZERO) {
    const v = fixnumValue(k);
    // sqrt of an integer below 2^30 is far enough from the next integer not to round up to it.
    const s = Math.floor(Math.sqrt(v));
    return [makeFixnum(s), makeFixnum(v - s * s)];
  }
  if (!heap.isType(k, OBJECT_BIGNUM) || isNegativeBignum(heap, k)) {
    throw typeError(who, "an exact nonnegative integer", k);
  }
  const n = bignumToBigInt(heap, k);
  const s = integerSqrt(n);
  return [makeInteger(heap, s), makeInteger(heap, n - s * s)];
}
