// Number syntax (R7RS 7.1.1): text -> an exact integer or a flonum in the heap. The reader uses
// it for atoms and `#` tokens, the printer to know which symbols must be written in |bars|.
//
// It accepts R7RS 7.1.1 <number> for the reals Stasis has: radix and exactness prefixes in
// either order (case is insignificant in prefixes, exponent markers, hex digits, inf and nan),
// integers of any size, decimals, `n/d`, and ±inf.0 / ±nan.0. Stasis has no exact rationals
// yet, so:
//   N1. `n/d` is the exact integer n/d when d divides n, otherwise the flonum n/d (as `/` does);
//       `#e` on a decimal or ratio whose value is not an integer is an error.
//   N2. `#e` on a decimal is computed exactly, from the digits, never through a double.
// Complex syntax (`1+2i`, `+i`, `1@2`) is recognized only to report that it is not supported.
// Text that is none of these is not a number: parseNumber returns undefined and the reader
// makes a symbol of it (`1+`, `...`, `->x`, `1e`), unless a prefix said it must be a number.

import { Heap } from "./heap";
import { FIXNUM_MAX, makeFixnum } from "./layout";
import { makeInteger } from "./numbers";
import { SyntaxFail, excerpt } from "./errors";

const HASH = 0x23;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const SLASH = 0x2f;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LOWER_A = 0x61;
const LOWER_Z = 0x7a;
/** ORing it into an ASCII letter gives the lower-case letter. */
const LOWER_CASE_BIT = 0x20;
const LOWER_B = 0x62, LOWER_D = 0x64, LOWER_E = 0x65, LOWER_I = 0x69, LOWER_O = 0x6f, LOWER_X = 0x78;
const DECIMAL = 10;
const LETTER_DIGIT_BASE = 10; // the value of the digit `a`
/** What digitValue gives a character that is a digit in no radix (radixes go up to 36). */
const NOT_A_DIGIT = 36;

/** Decimal integers with at most this many digits are fixnums (10^9 - 1 <= FIXNUM_MAX). */
const FIXNUM_DECIMAL_DIGITS = String(FIXNUM_MAX).length - 1;
/** Bits of a double's significand: integers below 2^53 are exact in a double. */
const DOUBLE_SIGNIFICAND_BITS = 53;
/** Extra quotient bits computed when dividing big integers into a flonum, for rounding. */
const QUOTIENT_GUARD_BITS = 64;
/** `#e` with a larger decimal exponent is refused rather than building an enormous bignum. */
const EXACT_EXPONENT_MAX = 100_000;

const RADIX_BY_PREFIX: Readonly<Record<number, number>> = { [LOWER_B]: 2, [LOWER_O]: 8, [LOWER_D]: 10, [LOWER_X]: 16 };
/** How BigInt() is told the radix of a digit string. */
const BIGINT_PREFIX: Readonly<Record<number, string>> = { 2: "0b", 8: "0o", 10: "", 16: "0x" };

const EXACTNESS_UNSPECIFIED = 0;
const EXACTNESS_EXACT = 1;
const EXACTNESS_INEXACT = 2;

/** The value of an ASCII digit or letter as a digit (a = 10, case-insensitive), or NOT_A_DIGIT. */
function digitValue(c: number): number {
  if (c >= DIGIT_0 && c <= DIGIT_9) return c - DIGIT_0;
  const lower = c | LOWER_CASE_BIT;
  if (lower >= LOWER_A && lower <= LOWER_Z) return lower - LOWER_A + LETTER_DIGIT_BASE;
  return NOT_A_DIGIT;
}

/** End of the run of radix digits in text[from, to). */
function scanDigits(text: string, from: number, to: number, radix: number): number {
  let i = from;
  while (i < to && digitValue(text.charCodeAt(i)) < radix) i++;
  return i;
}

// ---- The syntax of a real --------------------------------------------------------------------

const REAL_INTEGER = 0;
const REAL_DECIMAL = 1;
const REAL_RATIO = 2;
const REAL_INFINITY = 3;
const REAL_NAN = 4;

/** A real number's syntax as found in the text: spans of digits, not yet a value. */
interface RealSyntax {
  readonly kind: number;
  readonly radix: number;
  readonly negative: boolean;
  /** Where the real starts (at its sign, if any) and ends. */
  readonly start: number;
  readonly end: number;
  /** Integer part (or numerator) digits. */
  readonly digitsStart: number;
  readonly digitsEnd: number;
  /** Fraction digits of a decimal; denominator digits of a ratio. */
  readonly secondStart: number;
  readonly secondEnd: number;
  /** Decimal exponent (0 if none). */
  readonly exponent: number;
}

const INFINITY_TEXT = "inf.0";
const NAN_TEXT = "nan.0";

/** Parses R7RS <real R> in text[from, to), or returns undefined. */
function scanReal(text: string, from: number, to: number, radix: number): RealSyntax | undefined {
  let i = from;
  const sign = text.charCodeAt(i);
  const signed = sign === PLUS || sign === MINUS;
  const negative = sign === MINUS;
  if (signed) i++;
  if (signed && to - i === INFINITY_TEXT.length) {
    const rest = text.slice(i, to).toLowerCase();
    const kind = rest === INFINITY_TEXT ? REAL_INFINITY : rest === NAN_TEXT ? REAL_NAN : -1;
    if (kind >= 0) return { kind, radix, negative, start: from, end: to, digitsStart: i, digitsEnd: i, secondStart: i, secondEnd: i, exponent: 0 };
  }
  const digitsStart = i;
  const digitsEnd = (i = scanDigits(text, i, to, radix));
  if (i < to && text.charCodeAt(i) === SLASH) {
    const secondStart = i + 1;
    const secondEnd = scanDigits(text, secondStart, to, radix);
    if (digitsEnd === digitsStart || secondEnd === secondStart || secondEnd !== to) return undefined;
    return { kind: REAL_RATIO, radix, negative, start: from, end: to, digitsStart, digitsEnd, secondStart, secondEnd, exponent: 0 };
  }
  let kind = REAL_INTEGER;
  let secondStart = i;
  let secondEnd = i;
  if (radix === DECIMAL && i < to && text.charCodeAt(i) === DOT) {
    kind = REAL_DECIMAL;
    secondStart = i + 1;
    secondEnd = i = scanDigits(text, secondStart, to, DECIMAL);
  }
  if (digitsEnd === digitsStart && secondEnd === secondStart) return undefined;
  let exponent = 0;
  if (radix === DECIMAL && i < to && (text.charCodeAt(i) | LOWER_CASE_BIT) === LOWER_E) {
    kind = REAL_DECIMAL;
    i++;
    const exponentSign = text.charCodeAt(i);
    if (exponentSign === PLUS || exponentSign === MINUS) i++;
    const exponentStart = i;
    i = scanDigits(text, i, to, DECIMAL);
    if (i === exponentStart) return undefined;
    exponent = Number(text.slice(exponentStart, i)) * (exponentSign === MINUS ? -1 : 1);
  }
  if (i !== to) return undefined;
  return { kind, radix, negative, start: from, end: to, digitsStart, digitsEnd, secondStart, secondEnd, exponent };
}

/** Whether text[from, end) is complex syntax: <real>@<real>, or [<real>]<sign>[<ureal>|inf.0|nan.0]i. */
function isComplexSyntax(text: string, from: number, radix: number): boolean {
  const end = text.length;
  const at = text.indexOf("@", from);
  if (at >= 0) return scanReal(text, from, at, radix) !== undefined && scanReal(text, at + 1, end, radix) !== undefined;
  if ((text.charCodeAt(end - 1) | LOWER_CASE_BIT) !== LOWER_I) return false;
  const imaginaryEnd = end - 1;
  for (let k = imaginaryEnd - 1; k >= from; k--) {
    const c = text.charCodeAt(k);
    if (c !== PLUS && c !== MINUS) continue;
    if (k > from && scanReal(text, from, k, radix) === undefined) continue;
    if (imaginaryEnd - k === 1 || scanReal(text, k, imaginaryEnd, radix) !== undefined) return true;
  }
  return false;
}

// ---- Values ----------------------------------------------------------------------------------

/** The unsigned integer written in text[from, to): a number if exact in a double, else a bigint. */
function integerValue(text: string, from: number, to: number, radix: number): number | bigint {
  const digits = text.slice(from, to);
  if ((to - from) * Math.log2(radix) < DOUBLE_SIGNIFICAND_BITS) return parseInt(digits, radix);
  return BigInt(BIGINT_PREFIX[radix] + digits);
}

function bitLength(n: bigint): number {
  return (n < 0n ? -n : n).toString(2).length;
}

/**
 * n/d as a flonum (d nonzero), even when n and d are beyond the doubles: exact division when both
 * fit a double's significand, otherwise an integer quotient with guard bits, scaled.
 */
function quotientToDouble(n: bigint, d: bigint): number {
  if (bitLength(n) <= DOUBLE_SIGNIFICAND_BITS && bitLength(d) <= DOUBLE_SIGNIFICAND_BITS) return Number(n) / Number(d);
  const shift = bitLength(d) - bitLength(n) + QUOTIENT_GUARD_BITS;
  const q = shift >= 0 ? (n << BigInt(shift)) / d : n / (d << BigInt(-shift));
  return Number(q) * 2 ** -shift;
}

/** Trailing "0" characters of text[from, to). */
function trailingZeros(text: string, from: number, to: number): number {
  let i = to;
  while (i > from && text.charCodeAt(i - 1) === DIGIT_0) i--;
  return to - i;
}

function realValue(heap: Heap, text: string, real: RealSyntax, exactness: number, offset: number, fail: SyntaxFail): number {
  const { negative, radix } = real;
  switch (real.kind) {
    case REAL_INFINITY:
    case REAL_NAN:
      if (exactness === EXACTNESS_EXACT) fail(offset, `${excerpt(text)} has no exact representation`);
      return heap.makeFlonum(real.kind === REAL_NAN ? NaN : negative ? -Infinity : Infinity);
    case REAL_INTEGER: {
      const n = integerValue(text, real.digitsStart, real.digitsEnd, radix);
      if (exactness === EXACTNESS_INEXACT) return heap.makeFlonum(negative ? -Number(n) : Number(n));
      return makeInteger(heap, negative ? -n : n);
    }
    case REAL_DECIMAL:
      if (exactness === EXACTNESS_EXACT) return exactDecimal(heap, text, real, offset, fail);
      return heap.makeFlonum(Number(text.slice(real.start, real.end)));
    default: { // REAL_RATIO
      const n = BigInt(integerValue(text, real.digitsStart, real.digitsEnd, radix));
      const d = BigInt(integerValue(text, real.secondStart, real.secondEnd, radix));
      if (d === 0n) fail(offset, `division by zero in ${excerpt(text)}`);
      const signed = negative ? -n : n;
      if (exactness !== EXACTNESS_INEXACT && signed % d === 0n) return makeInteger(heap, signed / d);
      if (exactness === EXACTNESS_EXACT) fail(offset, `exact rationals are not supported yet: ${excerpt(text)} is not an integer`);
      return heap.makeFlonum(quotientToDouble(signed, d));
    }
  }
}

/** N2: `#e` on a decimal, from its digits: an exact integer, or an error if it is not one. */
function exactDecimal(heap: Heap, text: string, real: RealSyntax, offset: number, fail: SyntaxFail): number {
  const digits = text.slice(real.digitsStart, real.digitsEnd) + text.slice(real.secondStart, real.secondEnd);
  // The value is digits * 10^scale.
  const scale = real.exponent - (real.secondEnd - real.secondStart);
  const sign = real.negative ? -1n : 1n;
  if (/^0*$/.test(digits)) return makeFixnum(0);
  if (scale >= 0) {
    if (scale > EXACT_EXPONENT_MAX) fail(offset, `exponent too large for an exact number: ${excerpt(text)}`);
    return makeInteger(heap, sign * BigInt(digits) * 10n ** BigInt(scale));
  }
  if (trailingZeros(digits, 0, digits.length) < -scale) {
    fail(offset, `exact rationals are not supported yet: ${excerpt(text)} is not an integer`);
  }
  return makeInteger(heap, sign * BigInt(digits.slice(0, digits.length + scale)));
}

// ---- Entry point -----------------------------------------------------------------------------

/**
 * The number `text` denotes, as a heap word, or undefined if it is not number syntax. `offset`
 * is where the text starts in the source, for errors (complex numbers, `#e` on a non-integer,
 * division by zero), which are reported through `fail`.
 */
export function parseNumber(heap: Heap, text: string, offset: number, fail: SyntaxFail): number | undefined {
  // The common case first: an unprefixed decimal integer short enough to be a fixnum.
  const length = text.length;
  const first = text.charCodeAt(0);
  let i = first === PLUS || first === MINUS ? 1 : 0;
  const digitsStart = i;
  let n = 0;
  for (; i < length; i++) {
    const d = text.charCodeAt(i) - DIGIT_0;
    if (d < 0 || d > DIGIT_9 - DIGIT_0) break;
    n = n * DECIMAL + d;
  }
  if (i === length && i > digitsStart && i - digitsStart <= FIXNUM_DECIMAL_DIGITS) {
    return makeFixnum(first === MINUS ? -n : n);
  }
  return parseGeneral(heap, text, offset, fail);
}

/** The radix and exactness prefixes of number text, and where the real after them starts. */
interface Prefixes {
  readonly radix: number;
  readonly exactness: number;
  readonly start: number;
}

/** Reads `#x`, `#e`, ... (each at most once, in either order); undefined if they are malformed. */
function scanPrefixes(text: string): Prefixes | undefined {
  let radix = 0;
  let exactness = EXACTNESS_UNSPECIFIED;
  let i = 0;
  for (; text.charCodeAt(i) === HASH; i += 2) {
    const letter = text.charCodeAt(i + 1) | LOWER_CASE_BIT;
    const prefixRadix = RADIX_BY_PREFIX[letter];
    if (prefixRadix !== undefined && radix === 0) radix = prefixRadix;
    else if ((letter === LOWER_E || letter === LOWER_I) && exactness === EXACTNESS_UNSPECIFIED) {
      exactness = letter === LOWER_E ? EXACTNESS_EXACT : EXACTNESS_INEXACT;
    } else return undefined;
  }
  if (i === text.length) return undefined;
  return { radix: radix === 0 ? DECIMAL : radix, exactness, start: i };
}

function parseGeneral(heap: Heap, text: string, offset: number, fail: SyntaxFail): number | undefined {
  const prefixes = scanPrefixes(text);
  if (prefixes === undefined) return undefined;
  const { radix, exactness, start } = prefixes;
  const real = scanReal(text, start, text.length, radix);
  if (real === undefined) {
    if (isComplexSyntax(text, start, radix)) fail(offset, `complex numbers are not supported: ${excerpt(text)}`);
    return undefined;
  }
  return realValue(heap, text, real, exactness, offset, fail);
}

/**
 * Whether `text` is number syntax, including the syntax Stasis recognizes only to refuse (complex
 * numbers): exactly the atoms the reader does not make a symbol of. Allocates nothing.
 */
export function isNumberSyntax(text: string): boolean {
  const prefixes = scanPrefixes(text);
  if (prefixes === undefined) return false;
  const { radix, start } = prefixes;
  return scanReal(text, start, text.length, radix) !== undefined || isComplexSyntax(text, start, radix);
}

/** Whether a `#` token begins with a number prefix (#b #o #d #x #e #i), so must be a number. */
export function hasNumberPrefix(text: string): boolean {
  const letter = text.charCodeAt(1) | LOWER_CASE_BIT;
  return RADIX_BY_PREFIX[letter] !== undefined || letter === LOWER_E || letter === LOWER_I;
}
