// Generic arithmetic on heap numbers (runtime/arithmetic.ts): every mix of fixnum, bignum and
// flonum, the fixnum/bignum boundary in both directions, exactness (A1, A2), exact comparison
// (A3), and the errors that name the calling procedure (A4). Properties check the exact integer
// operations against BigInt.

import fc from "fast-check";
import { createWorld } from "../../gc";
import { TEST_HEAP } from "./primitives/support";
import { FIXNUM_MAX, FIXNUM_MIN, fixnumValue, isFixnum, makeFixnum } from "../../runtime/layout";
import { integerToBigInt, isBignum, isFlonum, makeInteger } from "../../runtime/numbers";
import { makeString } from "../../runtime/objects";
import { SchemeError } from "../../runtime/errors";
import {
  INTEGER_BITS_MAX, ORDER_EQUAL, ORDER_GREATER, ORDER_LESS, ORDER_UNORDERED, add, bitLength, checkNumber,
  compare, divide, doubleValue, exactIntegerSqrt, expt, floorQuotient, gcd, isEven, isInteger, isNumber, lcm,
  lessThan, modulo, multiply, negate, numberEquals, quotient, ratioToDouble, remainder, sqrt, subtract,
  toExact, toInexact,
} from "../../runtime/arithmetic";

const world = createWorld(TEST_HEAP);
const heap = world.heap;

const int = (n: number | bigint): number => makeInteger(heap, n);
const flo = (x: number): number => heap.makeFlonum(x);
/** An exact result as a BigInt, after checking it is normalized (a fixnum exactly when it fits). */
const exact = (w: number): bigint => {
  const n = integerToBigInt(heap, w);
  expect(isFixnum(w)).toBe(n >= BigInt(FIXNUM_MIN) && n <= BigInt(FIXNUM_MAX));
  if (!isFixnum(w)) expect(isBignum(heap, w)).toBe(true);
  return n;
};
/** A flonum result's value (Object.is distinguishes -0.0 in toBe). */
const inexact = (w: number): number => {
  expect(isFlonum(heap, w)).toBe(true);
  return heap.flonumValue(w);
};
const errorOf = (thunk: () => unknown): SchemeError => {
  try {
    thunk();
  } catch (e) {
    if (e instanceof SchemeError) return e;
    throw e;
  }
  throw new Error("no error raised");
};

const BIG = 2n ** 100n;
const TWO_30 = 2n ** 30n;
const aString = makeString(heap, "a");

describe("classification", () => {
  it("knows fixnums, bignums and flonums as numbers, and nothing else", () => {
    expect([int(1), int(BIG), flo(1.5)].map((w) => isNumber(heap, w))).toEqual([true, true, true]);
    expect(isNumber(heap, aString)).toBe(false);
  });

  it("counts integral finite flonums as integers, not 2.5 or infinities", () => {
    expect([int(3), int(BIG), flo(3), flo(2.5), flo(Infinity), flo(NaN)].map((w) => isInteger(heap, w)))
      .toEqual([true, true, true, false, false, false]);
  });

  it("checkNumber returns its argument or raises a type error naming who", () => {
    expect(checkNumber(heap, int(5), "f")).toBe(int(5));
    const e = errorOf(() => checkNumber(heap, aString, "f"));
    expect([e.message, e.kind, e.irritants]).toEqual(["f: expected a number", "type", [aString]]);
  });
});

describe("add", () => {
  it("overflows 2^30 - 1 + 1 into the bignum 2^30", () => {
    expect(exact(add(heap, int(FIXNUM_MAX), int(1), "+"))).toBe(TWO_30);
  });

  it("overflows -2^30 + -1 into the bignum -2^30 - 1", () => {
    expect(exact(add(heap, int(FIXNUM_MIN), int(-1), "+"))).toBe(-TWO_30 - 1n);
  });

  it("shrinks a bignum result that fits back into a fixnum", () => {
    const w = add(heap, int(TWO_30), int(-1), "+");
    expect(isFixnum(w)).toBe(true);
    expect(fixnumValue(w)).toBe(FIXNUM_MAX);
  });

  it("adds bignums exactly", () => {
    expect(exact(add(heap, int(BIG), int(BIG + 1n), "+"))).toBe(2n * BIG + 1n);
  });

  it("gives a flonum when either operand is a flonum", () => {
    expect(inexact(add(heap, int(1), flo(2.5), "+"))).toBe(3.5);
    expect(inexact(add(heap, int(BIG), flo(1), "+"))).toBe(2 ** 100);
  });

  it("raises a type error naming who for a non-number on either side", () => {
    for (const [a, b] of [[int(1), aString], [aString, int(1)], [flo(1), aString], [int(BIG), aString]]) {
      const e = errorOf(() => add(heap, a, b, "+"));
      expect([e.message, e.irritants]).toEqual(["+: expected a number", [aString]]);
    }
  });
});

describe("subtract", () => {
  it("overflows -2^30 - 1 into a bignum", () => {
    expect(exact(subtract(heap, int(FIXNUM_MIN), int(1), "-"))).toBe(-TWO_30 - 1n);
  });

  it("overflows 0 - (-2^30) into the bignum 2^30", () => {
    expect(exact(subtract(heap, int(0), int(FIXNUM_MIN), "-"))).toBe(TWO_30);
  });

  it("shrinks a difference of bignums back into a fixnum", () => {
    expect(exact(subtract(heap, int(BIG + 5n), int(BIG), "-"))).toBe(5n);
  });

  it("gives a flonum with a flonum operand", () => {
    expect(inexact(subtract(heap, flo(0.5), int(BIG), "-"))).toBe(0.5 - 2 ** 100);
  });

  it("names who in its type error", () => {
    expect(errorOf(() => subtract(heap, aString, int(1), "-")).message).toBe("-: expected a number");
  });
});

describe("multiply", () => {
  it("overflows 65536 * 65536 into the bignum 2^32", () => {
    expect(exact(multiply(heap, int(65536), int(65536), "*"))).toBe(2n ** 32n);
  });

  it("multiplies the largest fixnums exactly, beyond 2^53", () => {
    expect(exact(multiply(heap, int(FIXNUM_MAX), int(FIXNUM_MAX), "*"))).toBe(BigInt(FIXNUM_MAX) ** 2n);
    expect(exact(multiply(heap, int(FIXNUM_MIN), int(FIXNUM_MIN), "*"))).toBe(TWO_30 ** 2n);
  });

  it("gives the fixnum 0 for a bignum times 0", () => {
    expect(multiply(heap, int(BIG), int(0), "*")).toBe(makeFixnum(0));
  });

  it("gives a flonum with a flonum operand, keeping the sign of zero", () => {
    expect(inexact(multiply(heap, int(-1), flo(0), "*"))).toBe(-0);
    expect(inexact(multiply(heap, int(BIG), flo(0.5), "*"))).toBe(2 ** 99);
  });
});

describe("divide", () => {
  it("gives an exact integer when the divisor divides: 6 / 3 = 2", () => {
    expect(divide(heap, int(6), int(3), "/")).toBe(makeFixnum(2));
  });

  it("gives the nearest flonum otherwise: 1 / 3", () => {
    expect(inexact(divide(heap, int(1), int(3), "/"))).toBe(1 / 3);
  });

  it("divides bignums exactly when they divide, else to the nearest flonum", () => {
    expect(exact(divide(heap, int(BIG), int(2n ** 50n), "/"))).toBe(2n ** 50n);
    expect(inexact(divide(heap, int(BIG), int(3), "/"))).toBe(2 ** 100 / 3);
  });

  it("overflows -2^30 / -1 into the bignum 2^30", () => {
    expect(exact(divide(heap, int(FIXNUM_MIN), int(-1), "/"))).toBe(TWO_30);
  });

  it("raises division by zero for an exact zero divisor", () => {
    const e = errorOf(() => divide(heap, int(1), int(0), "/"));
    expect([e.message, e.kind]).toEqual(["/: division by zero", "range"]);
    expect(errorOf(() => divide(heap, int(BIG), int(0), "/")).message).toBe("/: division by zero");
  });

  it("follows IEEE with a flonum: 1.0 / 0 is +inf.0, -1 / 0.0 is -inf.0, 0 / 0.0 is NaN", () => {
    expect(inexact(divide(heap, flo(1), int(0), "/"))).toBe(Infinity);
    expect(inexact(divide(heap, int(-1), flo(0), "/"))).toBe(-Infinity);
    expect(inexact(divide(heap, int(0), flo(0), "/"))).toBeNaN();
  });
});

describe("negate", () => {
  it("negates -2^30 into the bignum 2^30, and 2^30 back into the fixnum -2^30", () => {
    const w = negate(heap, int(FIXNUM_MIN), "-");
    expect(exact(w)).toBe(TWO_30);
    expect(negate(heap, w, "-")).toBe(makeFixnum(FIXNUM_MIN));
  });

  it("negates 0.0 into -0.0", () => {
    expect(inexact(negate(heap, flo(0), "-"))).toBe(-0);
  });

  it("keeps the fixnum 0", () => {
    expect(negate(heap, int(0), "-")).toBe(makeFixnum(0));
  });
});

describe("compare", () => {
  it("orders fixnums, bignums and flonums in every mix", () => {
    const ascending = [int(-BIG), flo(-1e20), int(FIXNUM_MIN), flo(-0.5), int(0), int(7), flo(7.5), int(TWO_30), flo(1e40), int(BIG * BIG)];
    for (let i = 0; i < ascending.length; i++) {
      for (let j = 0; j < ascending.length; j++) {
        const expected = i < j ? ORDER_LESS : i > j ? ORDER_GREATER : ORDER_EQUAL;
        expect(compare(heap, ascending[i], ascending[j], "<")).toBe(expected);
      }
    }
  });

  it("finds NaN unordered with everything, itself included", () => {
    const nan = flo(NaN);
    for (const w of [nan, int(1), int(BIG), flo(Infinity)]) {
      expect(compare(heap, nan, w, "<")).toBe(ORDER_UNORDERED);
      expect(compare(heap, w, nan, "<")).toBe(ORDER_UNORDERED);
    }
  });

  it("compares a bignum and a flonum exactly: 2^53 + 1 is above the flonum 2^53", () => {
    const above = int(2n ** 53n + 1n);
    expect(compare(heap, above, flo(2 ** 53), "<")).toBe(ORDER_GREATER);
    expect(compare(heap, flo(2 ** 53), above, "<")).toBe(ORDER_LESS);
    expect(numberEquals(heap, int(2n ** 53n), flo(2 ** 53), "=")).toBe(true);
  });

  it("compares a bignum with a non-integral flonum next to it", () => {
    expect(compare(heap, int(TWO_30), flo(2 ** 30 + 0.5), "<")).toBe(ORDER_LESS);
    expect(compare(heap, int(TWO_30), flo(2 ** 30 - 0.5), "<")).toBe(ORDER_GREATER);
  });

  it("puts every bignum between -inf.0 and +inf.0", () => {
    expect(compare(heap, int(BIG ** 20n), flo(Infinity), "<")).toBe(ORDER_LESS);
    expect(compare(heap, int(-(BIG ** 20n)), flo(-Infinity), "<")).toBe(ORDER_GREATER);
  });

  it("finds -0.0 equal to 0 and 0.0", () => {
    expect(numberEquals(heap, flo(-0), int(0), "=")).toBe(true);
    expect(numberEquals(heap, flo(-0), flo(0), "=")).toBe(true);
  });

  it("answers lessThan and numberEquals", () => {
    expect(lessThan(heap, int(1), flo(1.5), "<")).toBe(true);
    expect(lessThan(heap, flo(NaN), int(1), "<")).toBe(false);
    expect(numberEquals(heap, int(BIG), int(BIG), "=")).toBe(true);
  });

  it("names who in its type error", () => {
    expect(errorOf(() => compare(heap, int(1), aString, "<=")).message).toBe("<=: expected a number");
  });
});

describe("integer division", () => {
  it("rounds quotient toward zero and modulo's quotient toward negative infinity", () => {
    expect([quotient(heap, int(-7), int(2), "quotient"), floorQuotient(heap, int(-7), int(2), "floor-quotient")])
      .toEqual([makeFixnum(-3), makeFixnum(-4)]);
  });

  it("gives remainder the dividend's sign and modulo the divisor's", () => {
    expect([remainder(heap, int(-7), int(2), "remainder"), modulo(heap, int(-7), int(2), "modulo")])
      .toEqual([makeFixnum(-1), makeFixnum(1)]);
  });

  it("overflows the quotient -2^30 / -1 into the bignum 2^30", () => {
    expect(exact(quotient(heap, int(FIXNUM_MIN), int(-1), "quotient"))).toBe(TWO_30);
    expect(exact(floorQuotient(heap, int(FIXNUM_MIN), int(-1), "floor-quotient"))).toBe(TWO_30);
  });

  it("works on integral flonums, giving flonums", () => {
    expect(inexact(quotient(heap, flo(7), int(2), "quotient"))).toBe(3);
    expect(inexact(modulo(heap, int(-7), flo(2), "modulo"))).toBe(1);
  });

  it("is exact on flonums beyond 2^53", () => {
    expect(inexact(remainder(heap, flo(1e20), int(7), "remainder"))).toBe(Number(10n ** 20n % 7n));
    expect(inexact(quotient(heap, flo(1e20), int(7), "quotient"))).toBe(Number(10n ** 20n / 7n));
  });

  it("raises division by zero naming who, for exact and inexact zeros", () => {
    expect(errorOf(() => quotient(heap, int(1), int(0), "quotient")).message).toBe("quotient: division by zero");
    expect(errorOf(() => modulo(heap, int(BIG), flo(0), "modulo")).message).toBe("modulo: division by zero");
  });

  it("raises a type error for a non-integer, naming who", () => {
    for (const bad of [flo(2.5), flo(Infinity), aString]) {
      const e = errorOf(() => remainder(heap, int(1), bad, "remainder"));
      expect([e.message, e.irritants]).toEqual(["remainder: expected an integer", [bad]]);
    }
  });

  it("tells even from odd integers, exact or not", () => {
    expect([int(0), int(-3), int(BIG), flo(4), flo(1e300)].map((w) => isEven(heap, w, "even?")))
      .toEqual([true, false, true, true, true]);
  });
});

describe("gcd and lcm", () => {
  it("gives nonnegative results", () => {
    expect(gcd(heap, int(32), int(-36), "gcd")).toBe(makeFixnum(4));
    expect(lcm(heap, int(32), int(-36), "lcm")).toBe(makeFixnum(288));
  });

  it("gives 0 for gcd 0 0 and lcm with a 0", () => {
    expect(gcd(heap, int(0), int(0), "gcd")).toBe(makeFixnum(0));
    expect(lcm(heap, int(0), int(5), "lcm")).toBe(makeFixnum(0));
  });

  it("works on bignums, and lcm of fixnums overflows into a bignum", () => {
    expect(exact(gcd(heap, int(BIG), int(2n ** 60n * 3n), "gcd"))).toBe(2n ** 60n);
    expect(exact(lcm(heap, int(FIXNUM_MAX), int(FIXNUM_MAX - 1), "lcm"))).toBe(BigInt(FIXNUM_MAX) * BigInt(FIXNUM_MAX - 1));
  });

  it("is inexact with an inexact operand", () => {
    expect(inexact(lcm(heap, flo(32), int(-36), "lcm"))).toBe(288);
  });
});

describe("expt", () => {
  it("raises exact integers to nonnegative exact powers exactly", () => {
    expect(exact(expt(heap, int(2), int(100), "expt"))).toBe(BIG);
    expect(exact(expt(heap, int(-3), int(41), "expt"))).toBe((-3n) ** 41n);
    expect(exact(expt(heap, int(BIG), int(3), "expt"))).toBe(BIG ** 3n);
  });

  it("gives 1 for (expt 0 0) and 1.0 for (expt 0.0 0)", () => {
    expect(expt(heap, int(0), int(0), "expt")).toBe(makeFixnum(1));
    expect(inexact(expt(heap, flo(0), int(0), "expt"))).toBe(1);
  });

  it("gives the nearest flonum for a negative exact exponent: (expt 2 -1) = 0.5", () => {
    expect(inexact(expt(heap, int(2), int(-1), "expt"))).toBe(0.5);
    expect(inexact(expt(heap, int(-3), int(-3), "expt"))).toBe(-1 / 27);
    expect(inexact(expt(heap, int(10), int(-40), "expt"))).toBe(1e-40);
  });

  it("underflows to the smallest subnormal and then to zero with the right sign", () => {
    expect(inexact(expt(heap, int(2), int(-1074), "expt"))).toBe(5e-324);
    expect(inexact(expt(heap, int(2), int(-1075), "expt"))).toBe(0);
    expect(inexact(expt(heap, int(-2), int(-100001), "expt"))).toBe(-0);
  });

  it("takes the sign of a power of -1 from the exponent's parity, even a bignum's", () => {
    expect(expt(heap, int(-1), int(BIG + 1n), "expt")).toBe(makeFixnum(-1));
    expect(inexact(expt(heap, flo(-1), int(BIG + 1n), "expt"))).toBe(-1);
  });

  it("raises division by zero for 0 to a negative power", () => {
    expect(errorOf(() => expt(heap, int(0), int(-1), "expt")).message).toBe("expt: division by zero");
  });

  it("refuses an exact result larger than any bignum, before computing it", () => {
    const e = errorOf(() => expt(heap, int(3), int(10 ** 9), "expt"));
    expect(e.message).toBe(`expt: the exact result would have more than ${INTEGER_BITS_MAX} bits`);
    expect(errorOf(() => expt(heap, int(2), int(BIG), "expt")).message).toMatch(/^expt: the exact result/);
  });

  it("refuses a negative base with a non-integral flonum exponent: it would be complex", () => {
    const e = errorOf(() => expt(heap, int(-8), flo(1 / 3), "expt"));
    expect([e.message, e.irritants]).toEqual(["expt: complex numbers are not supported", [int(-8)]]);
  });
});

describe("square roots", () => {
  it("gives exact roots of exact perfect squares, bignums included", () => {
    expect(sqrt(heap, int(16), "sqrt")).toBe(makeFixnum(4));
    expect(exact(sqrt(heap, int((BIG + 1n) ** 2n), "sqrt"))).toBe(BIG + 1n);
  });

  it("gives correctly rounded flonums otherwise", () => {
    expect(inexact(sqrt(heap, int(2), "sqrt"))).toBe(Math.SQRT2);
    expect(inexact(sqrt(heap, int(2n * BIG), "sqrt"))).toBe(Math.SQRT2 * 2 ** 50);
    // 3 * 2^2000 is beyond the doubles; its root is not.
    expect(inexact(sqrt(heap, int(3n * 2n ** 2000n), "sqrt"))).toBe(Math.sqrt(3) * 2 ** 1000);
  });

  it("refuses negative numbers: the root would be complex", () => {
    for (const w of [int(-4), int(-BIG), flo(-4)]) {
      expect(errorOf(() => sqrt(heap, w, "sqrt")).message).toBe("sqrt: complex numbers are not supported");
    }
  });

  it("keeps the sign of -0.0", () => {
    expect(inexact(sqrt(heap, flo(-0), "sqrt"))).toBe(-0);
  });

  it("splits an exact integer into s^2 + r", () => {
    for (const k of [0n, 4n, 5n, BigInt(FIXNUM_MAX), BIG + 7n, BIG * BIG - 1n]) {
      const [s, r] = exactIntegerSqrt(heap, int(k), "exact-integer-sqrt").map(exact);
      expect(s * s + r).toBe(k);
      expect((s + 1n) ** 2n > k).toBe(true);
    }
  });

  it("refuses a negative or inexact argument to exact-integer-sqrt", () => {
    for (const w of [int(-1), int(-BIG), flo(4)]) {
      expect(errorOf(() => exactIntegerSqrt(heap, w, "exact-integer-sqrt")).message)
        .toBe("exact-integer-sqrt: expected an exact nonnegative integer");
    }
  });
});

describe("exactness", () => {
  it("makes integral flonums exact, huge ones bignums, -0.0 the fixnum 0", () => {
    expect(toExact(heap, flo(2), "exact")).toBe(makeFixnum(2));
    expect(exact(toExact(heap, flo(1e300), "exact"))).toBe(BigInt(1e300));
    expect(toExact(heap, flo(-0), "exact")).toBe(makeFixnum(0));
  });

  it("refuses 2.5: Stasis has no exact rationals yet", () => {
    const e = errorOf(() => toExact(heap, flo(2.5), "exact"));
    expect(e.message).toBe("exact: no exact integer value (Stasis has no exact rationals yet)");
  });

  it("refuses infinities and NaN", () => {
    expect(errorOf(() => toExact(heap, flo(-Infinity), "inexact->exact")).message).toBe("inexact->exact: no exact value");
    expect(errorOf(() => toExact(heap, flo(NaN), "exact")).message).toBe("exact: no exact value");
  });

  it("makes exact integers inexact, rounding bignums to nearest", () => {
    expect(inexact(toInexact(heap, int(3), "inexact"))).toBe(3);
    expect(inexact(toInexact(heap, int(2n ** 53n + 1n), "inexact"))).toBe(2 ** 53);
    expect(inexact(toInexact(heap, int(10n ** 400n), "inexact"))).toBe(Infinity);
  });

  it("returns a flonum itself from inexact and an exact integer itself from exact", () => {
    const f = flo(1.5);
    const b = int(BIG);
    expect([toInexact(heap, f, "inexact"), toExact(heap, b, "exact")]).toEqual([f, b]);
  });

  it("unboxes any number as a double", () => {
    expect([int(3), int(BIG), flo(0.25)].map((w) => doubleValue(heap, w, "f"))).toEqual([3, 2 ** 100, 0.25]);
  });
});

describe("ratioToDouble", () => {
  it("rounds ties to even", () => {
    expect(ratioToDouble(2n ** 53n + 1n, 1n)).toBe(2 ** 53);
    expect(ratioToDouble(2n ** 53n + 3n, 1n)).toBe(2 ** 53 + 4);
    expect(ratioToDouble(-(2n ** 54n + 2n), 2n)).toBe(-(2 ** 53));
  });

  it("rounds into the subnormals and to zero", () => {
    expect(ratioToDouble(1n, 2n ** 1074n)).toBe(5e-324);
    expect(ratioToDouble(3n, 2n ** 1076n)).toBe(5e-324);
    expect(ratioToDouble(1n, 2n ** 1075n)).toBe(0);
    expect(ratioToDouble(1n, 10n ** 400n)).toBe(0);
  });

  it("overflows to infinity with the sign", () => {
    expect(ratioToDouble(10n ** 400n, 3n)).toBe(Infinity);
    expect(ratioToDouble(10n ** 400n, -3n)).toBe(-Infinity);
  });

  it("divides numbers beyond the doubles: (10^400 + 1) / 10^399 is 10.0", () => {
    expect(ratioToDouble(10n ** 400n + 1n, 10n ** 399n)).toBe(10);
  });

  it("agrees with IEEE division where both fit a double exactly", () => {
    const safe = fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n });
    fc.assert(fc.property(safe, safe.filter((d) => d !== 0n), (n, d) => {
      expect(ratioToDouble(n, d)).toBe(Number(n) / Number(d) || 0);
    }));
  });

  it("agrees with Number() on integers of any size", () => {
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 1100n), max: 2n ** 1100n }), (n) => {
      expect(ratioToDouble(n, 1n)).toBe(Number(n) || 0);
    }));
  });

  it("counts bits with bitLength", () => {
    expect([0n, 1n, 255n, 256n, -256n, 2n ** 100n].map(bitLength)).toEqual([0, 1, 8, 9, 9, 101]);
  });
});

describe("exact integers agree with BigInt (property)", () => {
  const boundaries = [0n, 1n, -1n, TWO_30 - 1n, TWO_30, -TWO_30, -TWO_30 - 1n, 2n ** 31n, 2n ** 53n, -(2n ** 53n) - 1n, 2n ** 64n];
  const exactInteger = fc.oneof(
    fc.integer({ min: FIXNUM_MIN, max: FIXNUM_MAX }).map(BigInt),
    fc.constantFrom(...boundaries),
    fc.bigInt({ min: -(2n ** 130n), max: 2n ** 130n }),
  );
  const nonzero = exactInteger.filter((n) => n !== 0n);
  const floorRemainder = (n: bigint, d: bigint): bigint => ((n % d) + d) % d;
  const order = (a: bigint, b: bigint): number => (a < b ? ORDER_LESS : a > b ? ORDER_GREATER : ORDER_EQUAL);

  it("add", () => {
    fc.assert(fc.property(exactInteger, exactInteger, (a, b) => {
      expect(exact(add(heap, int(a), int(b), "+"))).toBe(a + b);
    }));
  });

  it("subtract", () => {
    fc.assert(fc.property(exactInteger, exactInteger, (a, b) => {
      expect(exact(subtract(heap, int(a), int(b), "-"))).toBe(a - b);
    }));
  });

  it("multiply", () => {
    fc.assert(fc.property(exactInteger, exactInteger, (a, b) => {
      expect(exact(multiply(heap, int(a), int(b), "*"))).toBe(a * b);
    }));
  });

  it("quotient", () => {
    fc.assert(fc.property(exactInteger, nonzero, (a, b) => {
      expect(exact(quotient(heap, int(a), int(b), "quotient"))).toBe(a / b);
    }));
  });

  it("remainder", () => {
    fc.assert(fc.property(exactInteger, nonzero, (a, b) => {
      expect(exact(remainder(heap, int(a), int(b), "remainder"))).toBe(a % b);
    }));
  });

  it("modulo", () => {
    fc.assert(fc.property(exactInteger, nonzero, (a, b) => {
      expect(exact(modulo(heap, int(a), int(b), "modulo"))).toBe(floorRemainder(a, b));
    }));
  });

  it("floor-quotient", () => {
    fc.assert(fc.property(exactInteger, nonzero, (a, b) => {
      expect(exact(floorQuotient(heap, int(a), int(b), "floor-quotient"))).toBe((a - floorRemainder(a, b)) / b);
    }));
  });

  it("compare", () => {
    fc.assert(fc.property(exactInteger, exactInteger, (a, b) => {
      expect(compare(heap, int(a), int(b), "<")).toBe(order(a, b));
    }));
  });

  it("compare with integral flonums, exactly", () => {
    const integralDouble = fc.double({ noNaN: true, noDefaultInfinity: true, min: -(2 ** 140), max: 2 ** 140 }).map(Math.trunc);
    fc.assert(fc.property(exactInteger, integralDouble, (a, x) => {
      expect(compare(heap, int(a), flo(x), "<")).toBe(order(a, BigInt(x)));
    }));
  });
});
