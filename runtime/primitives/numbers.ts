// The numeric procedures of R7RS (scheme base) and (scheme inexact), and of (scheme complex) the
// four that are trivial on reals: real-part imag-part magnitude angle. The arithmetic itself is
// in runtime/arithmetic.ts (its invariants A1-A5 hold here); this module adds the R7RS argument
// conventions (n-ary folds, optional arguments, several values), the predicates, rounding,
// rationalize and the conversions to and from text.
//
// Stasis numbers are fixnums, bignums and flonums (LANGUAGE.md). Without exact rationals:
//   R1. Text such as 7/2 reads as the flonum 3.5 (number-syntax.ts N1), and a procedure whose
//       R7RS result would be a non-integer exact rational returns the nearest flonum instead
//       ((/ 1 3), (expt 2 -1)), or raises an error where R7RS demands exactness ((exact 2.5)).
//   R2. numerator and denominator of a flonum are those of the exact binary fraction it is,
//       as flonums: (denominator 0.5) = 2.0.
// A procedure that would produce a complex number raises an error instead ((sqrt -4)).

import { World } from "../world";
import { Heap } from "../heap";
import { PrimitiveSpec, VARIADIC, primitive } from "./registry";
import { FALSE, TRUE, fixnumValue, isFixnum, makeBoolean, makeFixnum } from "../layout";
import { bignumToBigInt, integerToBigInt, isBignum, isExactInteger, isFlonum, makeInteger } from "../numbers";
import { parseNumber } from "../number-syntax";
import { isString, makeString, makeValues, stringToJs } from "../objects";
import { formatFlonum } from "../printer";
import { SyntaxFail, rangeError, typeError } from "../errors";
import {
  ORDER_EQUAL, ORDER_GREATER, ORDER_LESS, add, bitLength, checkNumber, compare, complexResultError,
  divide, doubleValue, exactIntegerSqrt, expt, floorQuotient, gcd, isEven, isInteger, isNumber, lcm,
  modulo, multiply, negate, quotient, ratioToDouble, remainder, sqrt, subtract, toExact, toInexact,
} from "../arithmetic";

const ZERO = makeFixnum(0);
const ONE = makeFixnum(1);

const DECIMAL = 10;
/** The radixes number->string and string->number accept (R7RS 6.2.7), and their text prefixes. */
const RADIX_PREFIXES: ReadonlyMap<number, string> = new Map([[2, "#b"], [8, "#o"], [DECIMAL, "#d"], [16, "#x"]]);
/** Number text that begins with a radix prefix, possibly after an exactness prefix. */
const RADIX_PREFIX = /^(?:#[ei])?#[bodx]/i;

/**
 * Bignums whose magnitude has more bits than this are scaled down by a power of two before Math.log
 * sees them: Number() of a bignum above 2^1024 is infinite, its logarithm is not.
 */
const LOG_SIGNIFICANT_BITS = 64;

/** A generic arithmetic operation of runtime/arithmetic.ts on two numbers. */
type BinaryOperation = (heap: Heap, a: number, b: number, who: string) => number;

/** What parseNumber's `fail` throws, and string->number catches: the text is not a number. */
class NotANumber {}
const notANumber: SyntaxFail = () => {
  throw new NotANumber();
};

/** A rational number n/d, not necessarily in lowest terms, with d > 0. */
interface Fraction {
  readonly n: bigint;
  readonly d: bigint;
}

/** The exact binary fraction a finite flonum is: n / 2^k, k as small as can be (R2). */
function binaryFraction(x: number): { numerator: number; exponent: number } {
  let numerator = x;
  let exponent = 0;
  // Doubling a finite non-integer double is exact: it is below 2^52, far from overflow.
  while (!Number.isInteger(numerator)) {
    numerator *= 2;
    exponent++;
  }
  return { numerator, exponent };
}

/** Round to nearest, ties to even (R7RS round); Math.round breaks ties toward +infinity. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // r - x is exact: for |x| < 2^52 both lie within one of each other, above that x is integral.
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The simplest rational in [lo, hi], 0 < lo <= hi: the one with the smallest denominator (and
 * then numerator). Built from the continued fractions of lo and hi, which agree on their first
 * terms; the simplest rational takes those, then the smallest integer between the next terms.
 */
function simplestPositive(lo: Fraction, hi: Fraction): Fraction {
  const terms: bigint[] = [];
  for (;;) {
    const floor = lo.n / lo.d;
    if (floor * lo.d === lo.n) {
      terms.push(floor); // lo is an integer
      break;
    }
    if (floor < hi.n / hi.d) {
      terms.push(floor + 1n); // an integer lies in (lo, hi]
      break;
    }
    terms.push(floor);
    // lo - floor and hi - floor lie in (0, 1); continue with their reciprocals, in swapped order.
    [lo, hi] = [{ n: hi.d, d: hi.n - floor * hi.d }, { n: lo.d, d: lo.n - floor * lo.d }];
  }
  let n = terms.pop()!;
  let d = 1n;
  for (let t = terms.pop(); t !== undefined; t = terms.pop()) [n, d] = [t * n + d, n];
  return { n, d };
}

function simplestBetween(lo: Fraction, hi: Fraction): Fraction {
  if (lo.n > 0n) return simplestPositive(lo, hi);
  if (hi.n < 0n) {
    const s = simplestPositive({ n: -hi.n, d: hi.d }, { n: -lo.n, d: lo.d });
    return { n: -s.n, d: s.d };
  }
  return { n: 0n, d: 1n };
}

export function numberPrimitives(world: World): PrimitiveSpec[] {
  const heap: Heap = world.heap;

  const predicate = (name: string, test: (w: number) => boolean): PrimitiveSpec =>
    primitive(name, 1, 1, (w) => makeBoolean(test(w)));

  /** A predicate on numbers: a type error for anything else. */
  const numberPredicate = (name: string, test: (w: number) => boolean): PrimitiveSpec =>
    primitive(name, 1, 1, (w) => makeBoolean(test(checkNumber(heap, w, name))));

  /** The value of a flonum, or undefined for an exact number. */
  const flonumOf = (w: number): number | undefined => (isFlonum(heap, w) ? heap.flonumValue(w) : undefined);

  const isRational = (w: number): boolean => isExactInteger(heap, w) || (isFlonum(heap, w) && Number.isFinite(heap.flonumValue(w)));

  /** abs and magnitude: a flonum's sign bit is cleared, so (abs -0.0) is 0.0. */
  const absolute = (w: number, who: string): number => {
    const x = flonumOf(checkNumber(heap, w, who));
    if (x !== undefined) return heap.makeFlonum(Math.abs(x));
    return compare(heap, w, ZERO, who) === ORDER_LESS ? negate(heap, w, who) : w;
  };

  /** = < > <= >=: every argument a number, each adjacent pair in an order `holds` accepts. */
  const comparison = (name: string, holds: (order: number) => boolean): PrimitiveSpec =>
    primitive(name, 1, VARIADIC, (...args) => {
      for (const a of args) checkNumber(heap, a, name);
      for (let i = 0; i + 1 < args.length; i++) {
        if (!holds(compare(heap, args[i], args[i + 1], name))) return FALSE;
      }
      return TRUE;
    });

  /** + *: a fold from the identity; one argument is returned as it is ((+ -0.0) is -0.0). */
  const sum = (name: string, identity: number, combine: BinaryOperation): PrimitiveSpec =>
    primitive(name, 0, VARIADIC, (...args) => {
      if (args.length === 0) return identity;
      let result = checkNumber(heap, args[0], name);
      for (let i = 1; i < args.length; i++) result = combine(heap, result, args[i], name);
      return result;
    });

  /** - /: of one argument, its inverse ((- x), (/ x)); of more, a fold from the first. */
  const difference = (name: string, invert: (x: number) => number, combine: BinaryOperation): PrimitiveSpec =>
    primitive(name, 1, VARIADIC, (...args) => {
      if (args.length === 1) return invert(args[0]);
      let result = args[0];
      for (let i = 1; i < args.length; i++) result = combine(heap, result, args[i], name);
      return result;
    });

  /** max min: NaN if any argument is NaN; inexact if any argument is (R7RS 6.2.6). */
  const extremum = (name: string, wanted: number): PrimitiveSpec =>
    primitive(name, 1, VARIADIC, (...args) => {
      let inexact = false;
      for (const a of args) {
        const x = flonumOf(checkNumber(heap, a, name));
        if (x === undefined) continue;
        if (Number.isNaN(x)) return a;
        inexact = true;
      }
      let best = args[0];
      for (let i = 1; i < args.length; i++) if (compare(heap, args[i], best, name) === wanted) best = args[i];
      return inexact ? toInexact(heap, best, name) : best;
    });

  const binary = (name: string, operation: BinaryOperation): PrimitiveSpec =>
    primitive(name, 2, 2, (a, b) => operation(heap, a, b, name));

  /** floor/ truncate/: the quotient and remainder as two values. */
  const division = (name: string, quotientOf: BinaryOperation, remainderOf: BinaryOperation): PrimitiveSpec =>
    primitive(name, 2, 2, (a, b) => makeValues(heap, [quotientOf(heap, a, b, name), remainderOf(heap, a, b, name)]));

  /** gcd lcm: n-ary from the identity (0 for gcd, 1 for lcm). */
  const divisorFold = (name: string, identity: number, combine: BinaryOperation): PrimitiveSpec =>
    primitive(name, 0, VARIADIC, (...args) => {
      let result = identity;
      for (const a of args) result = combine(heap, result, a, name);
      return result;
    });

  /** floor ceiling truncate round: exact integers are already integers; flonums stay flonums. */
  const rounding = (name: string, round: (x: number) => number): PrimitiveSpec =>
    primitive(name, 1, 1, (w) => {
      const x = flonumOf(checkNumber(heap, w, name));
      return x === undefined ? w : heap.makeFlonum(round(x));
    });

  /** A numerator or denominator of a flonum (R2), given its binary fraction n / 2^k. */
  const fractionPart = (name: string, exactPart: (w: number) => number, part: (f: { numerator: number; exponent: number }) => number): PrimitiveSpec =>
    primitive(name, 1, 1, (w) => {
      const x = flonumOf(checkNumber(heap, w, name));
      if (x === undefined) return exactPart(w);
      if (!Number.isFinite(x)) throw typeError(name, "a rational number", w);
      return heap.makeFlonum(part(binaryFraction(x)));
    });

  /** An exact integer, or a finite flonum, as an exact fraction. */
  const fractionOf = (w: number): Fraction => {
    const x = flonumOf(w);
    if (x === undefined) return { n: integerToBigInt(heap, w), d: 1n };
    const { numerator, exponent } = binaryFraction(x);
    return { n: BigInt(numerator), d: 1n << BigInt(exponent) };
  };

  /** R7RS rationalize: the simplest rational within |y| of x; a flonum if either is inexact. */
  const rationalize = (x: number, y: number): number => {
    const who = "rationalize";
    const xf = flonumOf(checkNumber(heap, x, who));
    const yf = flonumOf(checkNumber(heap, y, who));
    const inexact = xf !== undefined || yf !== undefined;
    if (inexact) {
      const xv = doubleValue(heap, x, who);
      const yv = doubleValue(heap, y, who);
      if (Number.isNaN(xv) || Number.isNaN(yv)) return heap.makeFlonum(NaN);
      // Every rational is within an infinite tolerance of a finite x, and 0 is the simplest.
      if (!Number.isFinite(yv)) return heap.makeFlonum(Number.isFinite(xv) ? 0 : NaN);
      if (!Number.isFinite(xv)) return toInexact(heap, x, who);
    }
    const center = fractionOf(x);
    const radius = fractionOf(y);
    const radiusN = radius.n < 0n ? -radius.n : radius.n;
    const d = center.d * radius.d;
    const simplest = simplestBetween(
      { n: center.n * radius.d - radiusN * center.d, d },
      { n: center.n * radius.d + radiusN * center.d, d },
    );
    // With exact (integer) bounds the simplest rational is an integer: d is 1.
    return inexact ? heap.makeFlonum(ratioToDouble(simplest.n, simplest.d)) : makeInteger(heap, simplest.n);
  };

  /** The natural logarithm of a real number: an error for a negative one (complex). */
  const logarithm = (w: number, who: string): number => {
    if (isBignum(heap, w)) {
      const n = bignumToBigInt(heap, w);
      if (n < 0n) throw complexResultError(who, w);
      const excess = Math.max(0, bitLength(n) - LOG_SIGNIFICANT_BITS);
      return Math.log(Number(n >> BigInt(excess))) + excess * Math.LN2;
    }
    const x = doubleValue(heap, w, who);
    if (x < 0) throw complexResultError(who, w);
    return Math.log(x);
  };

  /** A procedure of (scheme inexact) on one real: its flonum result. */
  const inexactFunction = (name: string, f: (x: number) => number): PrimitiveSpec =>
    primitive(name, 1, 1, (w) => heap.makeFlonum(f(doubleValue(heap, w, name))));

  /** asin acos: defined on [-1, 1]; outside it the result would be complex. */
  const arcFunction = (name: string, f: (x: number) => number): PrimitiveSpec =>
    primitive(name, 1, 1, (w) => {
      const x = doubleValue(heap, w, name);
      if (x < -1 || x > 1) throw complexResultError(name, w);
      return heap.makeFlonum(f(x));
    });

  /** An optional radix argument: 10 if absent, else one of RADIX_PREFIXES. */
  const radixOf = (r: number | undefined, who: string): number => {
    if (r === undefined) return DECIMAL;
    if (!isExactInteger(heap, r)) throw typeError(who, "an exact integer radix", r);
    if (!isFixnum(r) || !RADIX_PREFIXES.has(fixnumValue(r))) throw rangeError(who, "radix must be 2, 8, 10 or 16", r);
    return fixnumValue(r);
  };

  const numberToString = (z: number, r: number | undefined): number => {
    const who = "number->string";
    checkNumber(heap, z, who);
    const radix = radixOf(r, who);
    const x = flonumOf(z);
    if (x === undefined) return makeString(heap, integerToBigInt(heap, z).toString(radix));
    if (radix !== DECIMAL) throw rangeError(who, "a flonum can only be written in radix 10", r!);
    return makeString(heap, formatFlonum(x));
  };

  const stringToNumber = (s: number, r: number | undefined): number => {
    const who = "string->number";
    if (!isString(heap, s)) throw typeError(who, "a string", s);
    const radix = radixOf(r, who);
    const text = stringToJs(heap, s);
    // A radix prefix in the text overrides the radix argument (R7RS 6.2.7).
    const prefixed = radix === DECIMAL || RADIX_PREFIX.test(text) ? text : RADIX_PREFIXES.get(radix) + text;
    try {
      return parseNumber(heap, prefixed, 0, notANumber) ?? FALSE;
    } catch (e) {
      if (e instanceof NotANumber) return FALSE;
      throw e;
    }
  };

  return [
    // ---- Predicates (R7RS 6.2.6) ----
    predicate("number?", (w) => isNumber(heap, w)),
    predicate("complex?", (w) => isNumber(heap, w)),
    predicate("real?", (w) => isNumber(heap, w)),
    predicate("rational?", isRational),
    predicate("integer?", (w) => isInteger(heap, w)),
    predicate("exact-integer?", (w) => isExactInteger(heap, w)),
    // Every exact number is an integer until Stasis has exact rationals.
    predicate("exact-rational?", (w) => isExactInteger(heap, w)),
    numberPredicate("exact?", (w) => !isFlonum(heap, w)),
    numberPredicate("inexact?", (w) => isFlonum(heap, w)),
    numberPredicate("finite?", (w) => !isFlonum(heap, w) || Number.isFinite(heap.flonumValue(w))),
    numberPredicate("infinite?", (w) => isFlonum(heap, w) && Math.abs(heap.flonumValue(w)) === Infinity),
    numberPredicate("nan?", (w) => isFlonum(heap, w) && Number.isNaN(heap.flonumValue(w))),

    comparison("=", (o) => o === ORDER_EQUAL),
    comparison("<", (o) => o === ORDER_LESS),
    comparison(">", (o) => o === ORDER_GREATER),
    comparison("<=", (o) => o === ORDER_LESS || o === ORDER_EQUAL),
    comparison(">=", (o) => o === ORDER_GREATER || o === ORDER_EQUAL),

    numberPredicate("zero?", (w) => compare(heap, w, ZERO, "zero?") === ORDER_EQUAL),
    numberPredicate("positive?", (w) => compare(heap, w, ZERO, "positive?") === ORDER_GREATER),
    numberPredicate("negative?", (w) => compare(heap, w, ZERO, "negative?") === ORDER_LESS),
    primitive("odd?", 1, 1, (w) => makeBoolean(!isEven(heap, w, "odd?"))),
    primitive("even?", 1, 1, (w) => makeBoolean(isEven(heap, w, "even?"))),

    extremum("max", ORDER_GREATER),
    extremum("min", ORDER_LESS),

    // ---- Arithmetic ----
    sum("+", ZERO, add),
    sum("*", ONE, multiply),
    difference("-", (x) => negate(heap, x, "-"), subtract),
    difference("/", (x) => divide(heap, ONE, x, "/"), divide),

    primitive("abs", 1, 1, (w) => absolute(w, "abs")),

    binary("quotient", quotient),
    binary("remainder", remainder),
    binary("modulo", modulo),
    division("floor/", floorQuotient, modulo),
    binary("floor-quotient", floorQuotient),
    binary("floor-remainder", modulo),
    division("truncate/", quotient, remainder),
    binary("truncate-quotient", quotient),
    binary("truncate-remainder", remainder),

    divisorFold("gcd", ZERO, gcd),
    divisorFold("lcm", ONE, lcm),
    fractionPart("numerator", (w) => w, (f) => f.numerator),
    fractionPart("denominator", () => ONE, (f) => 2 ** f.exponent),

    rounding("floor", Math.floor),
    rounding("ceiling", Math.ceil),
    rounding("truncate", Math.trunc),
    rounding("round", roundHalfEven),
    primitive("rationalize", 2, 2, rationalize),

    // ---- (scheme inexact) ----
    inexactFunction("exp", Math.exp),
    primitive("log", 1, 2, (z, base) => {
      const lnZ = logarithm(z, "log");
      return heap.makeFlonum(base === undefined ? lnZ : lnZ / logarithm(base, "log"));
    }),
    inexactFunction("sin", Math.sin),
    inexactFunction("cos", Math.cos),
    inexactFunction("tan", Math.tan),
    arcFunction("asin", Math.asin),
    arcFunction("acos", Math.acos),
    primitive("atan", 1, 2, (y, x) => {
      const yv = doubleValue(heap, y, "atan");
      return heap.makeFlonum(x === undefined ? Math.atan(yv) : Math.atan2(yv, doubleValue(heap, x, "atan")));
    }),

    primitive("square", 1, 1, (w) => multiply(heap, w, w, "square")),
    primitive("sqrt", 1, 1, (w) => sqrt(heap, w, "sqrt")),
    primitive("exact-integer-sqrt", 1, 1, (w) => makeValues(heap, exactIntegerSqrt(heap, w, "exact-integer-sqrt"))),
    binary("expt", expt),

    // ---- Exactness ----
    primitive("exact", 1, 1, (w) => toExact(heap, w, "exact")),
    primitive("inexact", 1, 1, (w) => toInexact(heap, w, "inexact")),
    primitive("inexact->exact", 1, 1, (w) => toExact(heap, w, "inexact->exact")),
    primitive("exact->inexact", 1, 1, (w) => toInexact(heap, w, "exact->inexact")),

    // ---- Text (R7RS 6.2.7) ----
    primitive("number->string", 1, 2, numberToString),
    primitive("string->number", 1, 2, stringToNumber),

    // ---- (scheme complex), on the reals Stasis has ----
    primitive("real-part", 1, 1, (w) => checkNumber(heap, w, "real-part")),
    primitive("imag-part", 1, 1, (w) => (checkNumber(heap, w, "imag-part"), ZERO)),
    primitive("magnitude", 1, 1, (w) => absolute(w, "magnitude")),
    primitive("angle", 1, 1, (w) => {
      const x = flonumOf(checkNumber(heap, w, "angle"));
      // A negative real lies at angle pi; -0.0 too, as atan2 has it.
      if (x !== undefined) return heap.makeFlonum(Math.atan2(0, x));
      return compare(heap, w, ZERO, "angle") === ORDER_LESS ? heap.makeFlonum(Math.PI) : ZERO;
    }),
  ];
}
