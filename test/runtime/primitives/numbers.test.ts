// The numeric procedures (runtime/primitives/numbers.ts), called as the machine calls them. The
// examples of R7RS 6.2.6 and 6.2.7 are here, adjusted where Stasis has no exact rationals (R1:
// 7/2 reads as 3.5), and every error names the procedure the user called.

import { caller } from "./support";
import { createWorld } from "../../../gc";
import { numberPrimitives } from "../../../runtime/primitives/numbers";
import { VARIADIC } from "../../../runtime/primitives/registry";
import { OBJECT_VALUES, VALUES_ELEMENTS, isFixnum } from "../../../runtime/layout";
import { isBignum } from "../../../runtime/numbers";
import { formatFlonum } from "../../../runtime/printer";
import { INTEGER_BITS_MAX } from "../../../runtime/arithmetic";

const c = caller(numberPrimitives);
const heap = c.world.heap;
const BIG = (2n ** 100n).toString();
const FIXNUM_MAX = String(2 ** 30 - 1);
const FIXNUM_MIN = String(-(2 ** 30));

/** The values a procedure returns, written: several values, or the one value. */
function values(name: string, ...sources: string[]): string[] {
  const result = c.call(name, ...sources.map(c.datum));
  if (!heap.isType(result, OBJECT_VALUES)) return [c.write(result)];
  return Array.from({ length: heap.objectSize(result) }, (_, i) => c.write(heap.field(result, VALUES_ELEMENTS + i)));
}

/** The message and written irritants of the error a call raises. */
function failure(name: string, ...sources: string[]): { message: string; irritants: string[] } {
  const e = c.error(name, ...sources);
  return { message: e.message, irritants: e.irritants.map(c.write) };
}

describe("the procedures", () => {
  const ARITIES: Record<string, [number, number]> = {
    "number?": [1, 1], "complex?": [1, 1], "real?": [1, 1], "rational?": [1, 1], "integer?": [1, 1],
    "exact?": [1, 1], "inexact?": [1, 1], "exact-integer?": [1, 1], "exact-rational?": [1, 1],
    "finite?": [1, 1], "infinite?": [1, 1], "nan?": [1, 1],
    "=": [1, VARIADIC], "<": [1, VARIADIC], ">": [1, VARIADIC], "<=": [1, VARIADIC], ">=": [1, VARIADIC],
    "zero?": [1, 1], "positive?": [1, 1], "negative?": [1, 1], "odd?": [1, 1], "even?": [1, 1],
    max: [1, VARIADIC], min: [1, VARIADIC],
    "+": [0, VARIADIC], "*": [0, VARIADIC], "-": [1, VARIADIC], "/": [1, VARIADIC],
    abs: [1, 1], quotient: [2, 2], remainder: [2, 2], modulo: [2, 2],
    "floor/": [2, 2], "floor-quotient": [2, 2], "floor-remainder": [2, 2],
    "truncate/": [2, 2], "truncate-quotient": [2, 2], "truncate-remainder": [2, 2],
    gcd: [0, VARIADIC], lcm: [0, VARIADIC], numerator: [1, 1], denominator: [1, 1],
    floor: [1, 1], ceiling: [1, 1], truncate: [1, 1], round: [1, 1], rationalize: [2, 2],
    exp: [1, 1], log: [1, 2], sin: [1, 1], cos: [1, 1], tan: [1, 1], asin: [1, 1], acos: [1, 1], atan: [1, 2],
    square: [1, 1], sqrt: [1, 1], "exact-integer-sqrt": [1, 1], expt: [2, 2],
    exact: [1, 1], inexact: [1, 1], "exact->inexact": [1, 1], "inexact->exact": [1, 1],
    "number->string": [1, 2], "string->number": [1, 2],
    "real-part": [1, 1], "imag-part": [1, 1], magnitude: [1, 1], angle: [1, 1],
  };

  it("are exactly the numeric procedures of R7RS, with R7RS arities", () => {
    const specs = numberPrimitives(createWorld({ limitBytes: 2 ** 22 }));
    const arities = Object.fromEntries(specs.map((s) => [s.name, [s.minArgs, s.maxArgs]]));
    expect(arities).toEqual(ARITIES);
    expect(specs.length).toBe(Object.keys(ARITIES).length);
  });
});

describe("numerical types (R7RS 6.2.6)", () => {
  it("number? complex? real? hold for every number and nothing else", () => {
    for (const name of ["number?", "complex?", "real?"]) {
      expect(["1", BIG, "1.5", "+nan.0", '"a"', "a"].map((s) => c.run(name, s))).toEqual(["#t", "#t", "#t", "#t", "#f", "#f"]);
    }
  });

  it("follows the R7RS examples of complex? real? rational? integer?", () => {
    expect(c.run("complex?", "3")).toBe("#t");
    expect(c.run("real?", "3")).toBe("#t");
    expect(c.run("real?", "-2.5")).toBe("#t");
    expect(c.run("real?", "#e1e10")).toBe("#t");
    expect(c.run("rational?", "6/10")).toBe("#t");
    expect(c.run("rational?", "6/3")).toBe("#t");
    expect(c.run("integer?", "3.0")).toBe("#t");
    expect(c.run("integer?", "8/4")).toBe("#t");
  });

  it("rational? is false for infinities, NaN and non-numbers", () => {
    expect(["-inf.0", "+inf.0", "+nan.0", '"a"'].map((s) => c.run("rational?", s))).toEqual(["#f", "#f", "#f", "#f"]);
  });

  it("integer? holds for exact integers and integral flonums only", () => {
    expect([BIG, "3.5", "+inf.0", "+nan.0", '"3"'].map((s) => c.run("integer?", s))).toEqual(["#t", "#f", "#f", "#f", "#f"]);
  });

  it("exact? and inexact? tell fixnums and bignums from flonums", () => {
    expect(["3.0", "#e3.0", BIG].map((s) => c.run("exact?", s))).toEqual(["#f", "#t", "#t"]);
    expect(["3.", "3"].map((s) => c.run("inexact?", s))).toEqual(["#t", "#f"]);
  });

  it("exact? and inexact? raise a type error for a non-number", () => {
    expect(failure("exact?", '"a"')).toEqual({ message: "exact?: expected a number", irritants: ['"a"'] });
    expect(failure("inexact?", "x").message).toBe("inexact?: expected a number");
  });

  it("exact-integer? and exact-rational? hold for exact integers only", () => {
    expect(["32", "32.0", "32/5", BIG, '"a"'].map((s) => c.run("exact-integer?", s))).toEqual(["#t", "#f", "#f", "#t", "#f"]);
    expect(["32", "0.5", '"a"'].map((s) => c.run("exact-rational?", s))).toEqual(["#t", "#f", "#f"]);
  });

  it("finite? infinite? nan? follow the R7RS examples", () => {
    expect(["3", "+inf.0", "+nan.0", BIG].map((s) => c.run("finite?", s))).toEqual(["#t", "#f", "#f", "#t"]);
    expect(["3", "3.0", "-inf.0", "+nan.0"].map((s) => c.run("infinite?", s))).toEqual(["#f", "#f", "#t", "#f"]);
    expect(["+nan.0", "32", "+inf.0"].map((s) => c.run("nan?", s))).toEqual(["#t", "#f", "#f"]);
  });

  it("finite? infinite? nan? raise a type error for a non-number", () => {
    for (const name of ["finite?", "infinite?", "nan?"]) expect(failure(name, "#t").message).toBe(`${name}: expected a number`);
  });
});

describe("comparison", () => {
  it("compares across exactness: (= 1 1.0)", () => {
    expect(c.run("=", "1", "1.0")).toBe("#t");
    expect(c.run("=", BIG, `${BIG}.0`)).toBe("#t");
  });

  it("checks every adjacent pair: monotonically increasing, decreasing, ...", () => {
    expect(c.run("<", "1", "2", "3")).toBe("#t");
    expect(c.run("<", "1", "3", "2")).toBe("#f");
    expect(c.run("<=", "1", "1", "2")).toBe("#t");
    expect(c.run(">", "3", "2", "1")).toBe("#t");
    expect(c.run(">=", "3", "3", "1")).toBe("#t");
    expect(c.run(">=", "3", "4", "1")).toBe("#f");
    expect(c.run("=", "2", "2", "2.5")).toBe("#f");
  });

  it("is true of one number", () => {
    for (const name of ["=", "<", ">", "<=", ">="]) expect(c.run(name, "5")).toBe("#t");
  });

  it("is false whenever NaN is compared", () => {
    expect(c.run("=", "+nan.0", "+nan.0")).toBe("#f");
    expect(c.run("<", "1", "+nan.0")).toBe("#f");
    expect(c.run(">=", "+nan.0", "1")).toBe("#f");
    expect(c.run("<=", "1", "+nan.0", "2")).toBe("#f");
  });

  it("is transitive across a bignum and a flonum: 2^53 + 1 is not = 2^53 as a flonum", () => {
    expect(c.run("=", "9007199254740993", "9007199254740992.0")).toBe("#f");
    expect(c.run("<", "9007199254740992", "9007199254740992.0", "9007199254740993")).toBe("#f");
    expect(c.run("<=", "9007199254740992", "9007199254740992.0", "9007199254740993")).toBe("#t");
  });

  it("finds -0.0 equal to 0", () => {
    expect(c.run("=", "-0.0", "0", "0.0")).toBe("#t");
  });

  it("orders infinities around every bignum", () => {
    expect(c.run("<", "-inf.0", `-${BIG}`, BIG, "+inf.0")).toBe("#t");
  });

  it("raises a type error for a non-number anywhere, even after a false pair", () => {
    expect(failure("<", "2", "1", '"a"')).toEqual({ message: "<: expected a number", irritants: ['"a"'] });
    expect(failure("=", "x").message).toBe("=: expected a number");
    expect(failure(">=", "1", "#t").message).toBe(">=: expected a number");
  });
});

describe("zero? positive? negative? odd? even?", () => {
  it("zero? holds for 0, 0.0 and -0.0, not NaN", () => {
    expect(["0", "0.0", "-0.0", "+nan.0", "1", BIG].map((s) => c.run("zero?", s))).toEqual(["#t", "#t", "#t", "#f", "#f", "#f"]);
  });

  it("positive? and negative? see signs of fixnums, bignums, flonums and infinities, not NaN", () => {
    expect(["1", "0", BIG, `-${BIG}`, "+inf.0", "-0.5", "+nan.0"].map((s) => c.run("positive?", s)))
      .toEqual(["#t", "#f", "#t", "#f", "#t", "#f", "#f"]);
    expect(["1", "0", `-${BIG}`, "-inf.0", "-0.0", "+nan.0"].map((s) => c.run("negative?", s)))
      .toEqual(["#f", "#f", "#t", "#t", "#f", "#f"]);
  });

  it("odd? and even? work on exact integers, bignums and integral flonums", () => {
    expect(["3", "0", "-1", BIG, "3.0", "1e300"].map((s) => c.run("odd?", s))).toEqual(["#t", "#f", "#t", "#f", "#t", "#f"]);
    expect(["0", "-2", `-${BIG}`, "7.0"].map((s) => c.run("even?", s))).toEqual(["#t", "#t", "#t", "#f"]);
  });

  it("odd? and even? raise a type error for a non-integer", () => {
    expect(failure("odd?", "2.5")).toEqual({ message: "odd?: expected an integer", irritants: ["2.5"] });
    expect(failure("even?", "+inf.0").message).toBe("even?: expected an integer");
  });

  it("zero? positive? negative? raise a type error for a non-number", () => {
    for (const name of ["zero?", "positive?", "negative?"]) expect(failure(name, '"0"').message).toBe(`${name}: expected a number`);
  });
});

describe("max and min", () => {
  it("follows the R7RS examples: (max 3 4) = 4, (max 3.9 4) = 4.0", () => {
    expect(c.run("max", "3", "4")).toBe("4");
    expect(c.run("max", "3.9", "4")).toBe("4.0");
  });

  it("is inexact if any argument is: (max 1 2.0) = 2.0, (min 1 2.0) = 1.0", () => {
    expect(c.run("max", "1", "2.0")).toBe("2.0");
    expect(c.run("min", "1", "2.0")).toBe("1.0");
  });

  it("works across bignums", () => {
    expect(c.run("max", "1", BIG, "-5")).toBe(BIG);
    expect(c.run("min", "1", `-${BIG}`)).toBe(`-${BIG}`);
  });

  it("gives NaN if any argument is NaN", () => {
    expect(c.run("max", "1", "+nan.0", "2")).toBe("+nan.0");
    expect(c.run("min", "+nan.0", "1")).toBe("+nan.0");
  });

  it("returns a single argument", () => {
    expect(c.run("min", "7")).toBe("7");
  });

  it("raises a type error for a non-number", () => {
    expect(failure("max", "1", '"a"').message).toBe("max: expected a number");
    expect(failure("min", "x").message).toBe("min: expected a number");
  });
});

describe("+ * - /", () => {
  it("follows the R7RS examples", () => {
    expect(c.run("+", "3", "4")).toBe("7");
    expect(c.run("+", "3")).toBe("3");
    expect(c.run("+")).toBe("0");
    expect(c.run("*", "4")).toBe("4");
    expect(c.run("*")).toBe("1");
    expect(c.run("-", "3", "4")).toBe("-1");
    expect(c.run("-", "3", "4", "5")).toBe("-6");
    expect(c.run("-", "3")).toBe("-3");
    expect(c.run("/", "3", "4", "5")).toBe("0.15");
    expect(c.run("/", "3")).toBe("0.3333333333333333");
  });

  it("is inexact with a flonum: (+ 1 2.5) = 3.5", () => {
    expect(c.run("+", "1", "2.5")).toBe("3.5");
    expect(c.run("*", "2", "1.5", "2")).toBe("6.0");
  });

  it("overflows fixnums into bignums at both ends", () => {
    expect(c.run("+", FIXNUM_MAX, "1")).toBe("1073741824");
    expect(c.run("-", FIXNUM_MIN, "1")).toBe("-1073741825");
    expect(c.run("+", FIXNUM_MIN, "-1")).toBe("-1073741825");
    expect(c.run("*", "65536", "65536")).toBe("4294967296");
  });

  it("negates -2^30 into 2^30, a bignum: (- (- 2^30)) = 2^30", () => {
    const minus = c.call("-", c.datum("1073741824"));
    expect(isFixnum(minus)).toBe(true);
    const plus = c.call("-", minus);
    expect(isBignum(heap, plus)).toBe(true);
    expect(c.write(plus)).toBe("1073741824");
  });

  it("gives fixnums for bignum results that fit", () => {
    const w = c.call("+", c.datum("1073741824"), c.datum("-1"));
    expect(isFixnum(w)).toBe(true);
    expect(c.write(w)).toBe(FIXNUM_MAX);
    expect(isFixnum(c.call("-", c.datum(BIG), c.datum(BIG)))).toBe(true);
  });

  it("mixes bignums and flonums into flonums", () => {
    expect(c.run("+", BIG, "1.0")).toBe("1.2676506002282294e30");
    expect(c.run("*", BIG, "0.5")).toBe("6.338253001141147e29");
    expect(c.run("/", BIG, "2.0")).toBe("6.338253001141147e29");
  });

  it("keeps -0.0: (- 0.0) = -0.0, (+ -0.0) = -0.0, (* -1 0.0) = -0.0", () => {
    expect(c.run("-", "0.0")).toBe("-0.0");
    expect(c.run("+", "-0.0")).toBe("-0.0");
    expect(c.run("*", "-1", "0.0")).toBe("-0.0");
    expect(c.run("-", "0")).toBe("0");
  });

  it("divides exactly when it can and to a flonum when it cannot: (/ 6 3) = 2, (/ 1 3) = 0.333...", () => {
    expect(c.run("/", "6", "3")).toBe("2");
    expect(c.run("/", "1", "3")).toBe("0.3333333333333333");
    expect(c.run("/", "12", "2", "3")).toBe("2");
    expect(c.run("/", `${BIG}0`, BIG)).toBe("10");
  });

  it("raises division by zero for an exact zero divisor", () => {
    expect(failure("/", "1", "0")).toEqual({ message: "/: division by zero", irritants: ["1", "0"] });
    expect(failure("/", "0").message).toBe("/: division by zero");
    expect(failure("/", "6", "2", "0").message).toBe("/: division by zero");
  });

  it("gives infinities and NaN for a flonum division by zero: (/ 1.0 0) = +inf.0", () => {
    expect(c.run("/", "1.0", "0")).toBe("+inf.0");
    expect(c.run("/", "-1", "0.0")).toBe("-inf.0");
    expect(c.run("/", "0.0", "0")).toBe("+nan.0");
    expect(c.run("/", "0.0")).toBe("+inf.0");
  });

  it("adds and subtracts infinities and NaN as IEEE does", () => {
    expect(c.run("+", "+inf.0", "1")).toBe("+inf.0");
    expect(c.run("+", "+inf.0", "-inf.0")).toBe("+nan.0");
    expect(c.run("-", "+nan.0", BIG)).toBe("+nan.0");
  });

  it("raises a type error naming the procedure, with the bad argument", () => {
    expect(failure("+", "1", '"a"')).toEqual({ message: "+: expected a number", irritants: ['"a"'] });
    expect(failure("+", '"a"')).toEqual({ message: "+: expected a number", irritants: ['"a"'] });
    expect(failure("*", "2", "x")).toEqual({ message: "*: expected a number", irritants: ["x"] });
    expect(failure("-", '"a"').message).toBe("-: expected a number");
    expect(failure("-", "1", "#t").message).toBe("-: expected a number");
    expect(failure("/", "1", "()").message).toBe("/: expected a number");
    expect(failure("/", "#\\a").message).toBe("/: expected a number");
  });
});

describe("abs", () => {
  it("follows the R7RS example: (abs -7) = 7", () => {
    expect(c.run("abs", "-7")).toBe("7");
  });

  it("overflows (abs -2^30) into a bignum and handles bignums", () => {
    expect(c.run("abs", FIXNUM_MIN)).toBe("1073741824");
    expect(c.run("abs", `-${BIG}`)).toBe(BIG);
  });

  it("clears the sign of flonums: (abs -0.0) = 0.0, (abs -inf.0) = +inf.0", () => {
    expect(c.run("abs", "-0.0")).toBe("0.0");
    expect(c.run("abs", "-inf.0")).toBe("+inf.0");
    expect(c.run("abs", "-2.5")).toBe("2.5");
  });

  it("raises a type error for a non-number", () => {
    expect(failure("abs", '"a"').message).toBe("abs: expected a number");
  });
});

describe("integer division", () => {
  it.each([
    ["floor/", "5", "2", ["2", "1"]],
    ["floor/", "-5", "2", ["-3", "1"]],
    ["floor/", "5", "-2", ["-3", "-1"]],
    ["floor/", "-5", "-2", ["2", "-1"]],
    ["truncate/", "5", "2", ["2", "1"]],
    ["truncate/", "-5", "2", ["-2", "-1"]],
    ["truncate/", "5", "-2", ["-2", "1"]],
    ["truncate/", "-5", "-2", ["2", "-1"]],
    ["truncate/", "-5.0", "2", ["-2.0", "-1.0"]],
  ])("(%s %s %s) follows the R7RS table", (name, a, b, expected) => {
    expect(values(name, a, b)).toEqual(expected);
  });

  it.each([
    ["floor-quotient", "-5", "2", "-3"],
    ["floor-remainder", "-5", "2", "1"],
    ["truncate-quotient", "-5", "2", "-2"],
    ["truncate-remainder", "-5", "2", "-1"],
  ])("(%s %s %s) = %s", (name, a, b, expected) => {
    expect(c.run(name, a, b)).toBe(expected);
  });

  it.each([
    ["modulo", "13", "4", "1"], ["remainder", "13", "4", "1"],
    ["modulo", "-13", "4", "3"], ["remainder", "-13", "4", "-1"],
    ["modulo", "13", "-4", "-3"], ["remainder", "13", "-4", "1"],
    ["modulo", "-13", "-4", "-1"], ["remainder", "-13", "-4", "-1"],
    ["remainder", "-13", "-4.0", "-1.0"],
  ])("(%s %s %s) = %s as in R7RS", (name, a, b, expected) => {
    expect(c.run(name, a, b)).toBe(expected);
  });

  it("quotient rounds toward zero: (quotient 17 -5) = -3", () => {
    expect(c.run("quotient", "17", "-5")).toBe("-3");
  });

  it("divides bignums exactly", () => {
    const n = 2n ** 100n;
    expect(c.run("quotient", BIG, "3")).toBe(String(n / 3n));
    expect(c.run("modulo", `-${BIG}`, "7")).toBe(String(((-n % 7n) + 7n) % 7n));
    expect(values("floor/", `-${BIG}`, String(2n ** 70n + 1n))).toEqual([
      String(-n / (2n ** 70n + 1n) - 1n), String(-n - (-n / (2n ** 70n + 1n) - 1n) * (2n ** 70n + 1n)),
    ]);
  });

  it("overflows (quotient -2^30 -1) into a bignum", () => {
    expect(c.run("quotient", FIXNUM_MIN, "-1")).toBe("1073741824");
  });

  it("divides integral flonums beyond 2^53 exactly, giving a flonum", () => {
    expect(c.run("quotient", "1e20", "7")).toBe(formatFlonum(Number(10n ** 20n / 7n)));
  });

  it("raises division by zero naming the procedure", () => {
    for (const name of ["quotient", "remainder", "modulo", "floor/", "floor-quotient", "truncate/", "truncate-remainder"]) {
      expect(failure(name, "7", "0")).toEqual({ message: `${name}: division by zero`, irritants: ["7", "0"] });
    }
    expect(failure("quotient", "1.0", "0.0").message).toBe("quotient: division by zero");
  });

  it("raises a type error for a non-integer, naming the procedure", () => {
    expect(failure("quotient", "2.5", "1")).toEqual({ message: "quotient: expected an integer", irritants: ["2.5"] });
    expect(failure("modulo", "1", '"a"').message).toBe("modulo: expected an integer");
    expect(failure("floor/", "+inf.0", "1").message).toBe("floor/: expected an integer");
  });
});

describe("gcd and lcm", () => {
  it("follows the R7RS examples", () => {
    expect(c.run("gcd", "32", "-36")).toBe("4");
    expect(c.run("gcd")).toBe("0");
    expect(c.run("lcm", "32", "-36")).toBe("288");
    expect(c.run("lcm", "32.0", "-36")).toBe("288.0");
    expect(c.run("lcm")).toBe("1");
  });

  it("takes any number of arguments, and one gives its magnitude", () => {
    expect(c.run("gcd", "12", "18", "27")).toBe("3");
    expect(c.run("lcm", "2", "3", "4")).toBe("12");
    expect(c.run("gcd", "-7")).toBe("7");
    expect(c.run("lcm", "-7")).toBe("7");
  });

  it("works on bignums", () => {
    expect(c.run("gcd", BIG, String(3n * 2n ** 60n))).toBe(String(2n ** 60n));
    expect(c.run("lcm", BIG, "3")).toBe(String(3n * 2n ** 100n));
  });

  it("raises a type error for a non-integer", () => {
    expect(failure("gcd", "2.5", "1").message).toBe("gcd: expected an integer");
    expect(failure("lcm", '"a"').message).toBe("lcm: expected an integer");
  });
});

describe("numerator and denominator", () => {
  it("gives an exact integer n as n / 1", () => {
    expect([c.run("numerator", "6"), c.run("denominator", "6")]).toEqual(["6", "1"]);
    expect(c.run("numerator", BIG)).toBe(BIG);
  });

  it("gives a flonum's exact binary fraction as flonums: (denominator 0.5) = 2.0", () => {
    expect(c.run("denominator", "0.5")).toBe("2.0");
    expect([c.run("numerator", "6/4"), c.run("denominator", "6/4")]).toEqual(["3.0", "2.0"]);
    expect([c.run("numerator", "-0.75"), c.run("denominator", "-0.75")]).toEqual(["-3.0", "4.0"]);
    expect([c.run("numerator", "3.0"), c.run("denominator", "3.0")]).toEqual(["3.0", "1.0"]);
  });

  it("follows the R7RS example (denominator (inexact (/ 6 4))) = 2.0", () => {
    expect(c.run("denominator", c.run("inexact", "6/4"))).toBe("2.0");
  });

  it("raises a type error for infinities, NaN and non-numbers", () => {
    expect(failure("numerator", "+inf.0")).toEqual({ message: "numerator: expected a rational number", irritants: ["+inf.0"] });
    expect(failure("denominator", "+nan.0").message).toBe("denominator: expected a rational number");
    expect(failure("denominator", '"a"').message).toBe("denominator: expected a number");
  });
});

describe("floor ceiling truncate round", () => {
  it.each([
    ["floor", "-4.3", "-5.0"], ["ceiling", "-4.3", "-4.0"], ["truncate", "-4.3", "-4.0"], ["round", "-4.3", "-4.0"],
    ["floor", "3.5", "3.0"], ["ceiling", "3.5", "4.0"], ["truncate", "3.5", "3.0"], ["round", "3.5", "4.0"],
    ["round", "7/2", "4.0"], ["round", "7", "7"],
  ])("(%s %s) = %s as in R7RS", (name, x, expected) => {
    expect(c.run(name, x)).toBe(expected);
  });

  it("rounds halves to even, keeping the sign of zero", () => {
    expect(["2.5", "-2.5", "0.5", "-0.5", "1.5", "-3.5"].map((x) => c.run("round", x)))
      .toEqual(["2.0", "-2.0", "0.0", "-0.0", "2.0", "-4.0"]);
  });

  it("returns exact integers as they are", () => {
    for (const name of ["floor", "ceiling", "truncate", "round"]) expect(c.run(name, `-${BIG}`)).toBe(`-${BIG}`);
  });

  it("keeps infinities and NaN", () => {
    expect(c.run("floor", "+inf.0")).toBe("+inf.0");
    expect(c.run("round", "+nan.0")).toBe("+nan.0");
  });

  it("raises a type error for a non-number", () => {
    expect(failure("round", '"a"').message).toBe("round: expected a number");
  });
});

describe("rationalize", () => {
  it("follows the R7RS example (rationalize .3 1/10) = #i1/3", () => {
    expect(c.run("rationalize", ".3", "1/10")).toBe("0.3333333333333333");
  });

  it("gives the simplest exact integer within an exact tolerance", () => {
    expect(c.run("rationalize", "3", "1")).toBe("2");
    expect(c.run("rationalize", "-3", "1")).toBe("-2");
    expect(c.run("rationalize", "5", "10")).toBe("0");
    expect(c.run("rationalize", BIG, "0")).toBe(BIG);
  });

  it("gives the flonum itself with a zero tolerance", () => {
    expect(c.run("rationalize", "0.1", "0")).toBe("0.1");
  });

  it("finds simple fractions near negative flonums", () => {
    expect(c.run("rationalize", "-0.66", "0.01")).toBe(formatFlonum(-2 / 3));
  });

  it("handles infinities and NaN", () => {
    expect(c.run("rationalize", "+inf.0", "3")).toBe("+inf.0");
    expect(c.run("rationalize", "3", "+inf.0")).toBe("0.0");
    expect(c.run("rationalize", "+inf.0", "+inf.0")).toBe("+nan.0");
    expect(c.run("rationalize", "+nan.0", "1")).toBe("+nan.0");
  });

  it("raises a type error for a non-number", () => {
    expect(failure("rationalize", '"a"', "1").message).toBe("rationalize: expected a number");
  });
});

describe("(scheme inexact)", () => {
  it("computes exp, log, sin, cos, tan, asin, acos, atan as flonums", () => {
    expect(c.run("exp", "0")).toBe("1.0");
    expect(c.run("exp", "1")).toBe(formatFlonum(Math.E));
    expect(c.run("log", "1")).toBe("0.0");
    expect(c.run("sin", "0")).toBe("0.0");
    expect(c.run("cos", "0")).toBe("1.0");
    expect(c.run("tan", "0.5")).toBe(formatFlonum(Math.tan(0.5)));
    expect(c.run("asin", "1")).toBe(formatFlonum(Math.PI / 2));
    expect(c.run("acos", "1")).toBe("0.0");
    expect(c.run("atan", "1")).toBe(formatFlonum(Math.PI / 4));
  });

  it("takes a base as log's second argument", () => {
    expect(c.run("log", "100", "10")).toBe(formatFlonum(Math.log(100) / Math.log(10)));
    expect(c.run("log", "8", "2")).toBe(formatFlonum(Math.log(8) / Math.log(2)));
  });

  it("takes the logarithm of bignums beyond the doubles", () => {
    expect(Number(c.run("log", `1${"0".repeat(400)}`))).toBeCloseTo(400 * Math.LN10, 10);
  });

  it("gives (log 0) = -inf.0", () => {
    expect(c.run("log", "0")).toBe("-inf.0");
  });

  it("takes (atan y x) in the right quadrant", () => {
    expect(c.run("atan", "1", "-1")).toBe(formatFlonum((3 * Math.PI) / 4));
    expect(c.run("atan", "-1", "-1")).toBe(formatFlonum((-3 * Math.PI) / 4));
  });

  it("refuses arguments whose result would be complex", () => {
    expect(failure("log", "-1")).toEqual({ message: "log: complex numbers are not supported", irritants: ["-1"] });
    expect(failure("log", `-${BIG}`).message).toBe("log: complex numbers are not supported");
    expect(failure("asin", "2").message).toBe("asin: complex numbers are not supported");
    expect(failure("acos", "-1.5").message).toBe("acos: complex numbers are not supported");
  });

  it("raises a type error naming the procedure for a non-number", () => {
    for (const name of ["exp", "log", "sin", "cos", "tan", "asin", "acos", "atan"]) {
      expect(failure(name, '"a"').message).toBe(`${name}: expected a number`);
    }
    expect(failure("atan", "1", "x").message).toBe("atan: expected a number");
    expect(failure("log", "2", "x").message).toBe("log: expected a number");
  });
});

describe("square and sqrt", () => {
  it("follows the R7RS examples (square 42) = 1764, (square 2.0) = 4.0", () => {
    expect(c.run("square", "42")).toBe("1764");
    expect(c.run("square", "2.0")).toBe("4.0");
  });

  it("squares into bignums", () => {
    expect(c.run("square", "65536")).toBe("4294967296");
    expect(c.run("square", BIG)).toBe(String(2n ** 200n));
  });

  it("gives exact roots of exact perfect squares: (sqrt 9) = 3, (sqrt 16) = 4", () => {
    expect(c.run("sqrt", "9")).toBe("3");
    expect(c.run("sqrt", "16")).toBe("4");
    expect(c.run("sqrt", "0")).toBe("0");
    expect(c.run("sqrt", `1${"0".repeat(100)}`)).toBe(`1${"0".repeat(50)}`);
  });

  it("gives flonums otherwise: (sqrt 2) = 1.414...", () => {
    expect(c.run("sqrt", "2")).toBe("1.4142135623730951");
    expect(c.run("sqrt", "4.0")).toBe("2.0");
    expect(c.run("sqrt", "+inf.0")).toBe("+inf.0");
    expect(c.run("sqrt", "-0.0")).toBe("-0.0");
  });

  it("refuses negative numbers: (sqrt -4) would be complex", () => {
    expect(failure("sqrt", "-4")).toEqual({ message: "sqrt: complex numbers are not supported", irritants: ["-4"] });
    expect(failure("sqrt", "-4.0").message).toBe("sqrt: complex numbers are not supported");
    expect(failure("sqrt", "-inf.0").message).toBe("sqrt: complex numbers are not supported");
  });

  it("raises a type error for a non-number", () => {
    expect(failure("square", '"a"').message).toBe("square: expected a number");
    expect(failure("sqrt", '"a"').message).toBe("sqrt: expected a number");
  });

  it("follows the R7RS examples of exact-integer-sqrt: 4 is 2 0, 5 is 2 1", () => {
    expect(values("exact-integer-sqrt", "4")).toEqual(["2", "0"]);
    expect(values("exact-integer-sqrt", "5")).toEqual(["2", "1"]);
  });

  it("takes exact-integer-sqrt of bignums", () => {
    expect(values("exact-integer-sqrt", String(10n ** 100n + 7n))).toEqual([String(10n ** 50n), "7"]);
  });

  it("refuses exact-integer-sqrt of negative or inexact numbers", () => {
    expect(failure("exact-integer-sqrt", "-1")).toEqual({ message: "exact-integer-sqrt: expected an exact nonnegative integer", irritants: ["-1"] });
    expect(failure("exact-integer-sqrt", "4.0").message).toBe("exact-integer-sqrt: expected an exact nonnegative integer");
  });
});

describe("expt", () => {
  it("is exact for an exact base and a nonnegative exact exponent, bignums included", () => {
    expect(c.run("expt", "2", "10")).toBe("1024");
    expect(c.run("expt", "2", "30")).toBe("1073741824");
    expect(c.run("expt", "2", "100")).toBe(BIG);
    expect(c.run("expt", BIG, "2")).toBe(String(2n ** 200n));
    expect(c.run("expt", "-2", "3")).toBe("-8");
  });

  it("gives (expt 0 0) = 1, (expt 0.0 0) = 1.0, (expt 0 0.0) = 1.0, (expt 0 5) = 0", () => {
    expect(c.run("expt", "0", "0")).toBe("1");
    expect(c.run("expt", "0.0", "0")).toBe("1.0");
    expect(c.run("expt", "0", "0.0")).toBe("1.0");
    expect(c.run("expt", "0", "5")).toBe("0");
  });

  it("gives a flonum for a negative exact exponent: (expt 2 -1) = 0.5", () => {
    expect(c.run("expt", "2", "-1")).toBe("0.5");
    expect(c.run("expt", "-2", "-3")).toBe("-0.125");
  });

  it("is inexact with a flonum", () => {
    expect(c.run("expt", "4", "0.5")).toBe("2.0");
    expect(c.run("expt", "1.5", "2")).toBe("2.25");
    expect(c.run("expt", "2.0", "-1")).toBe("0.5");
  });

  it("raises division by zero for (expt 0 -1)", () => {
    expect(failure("expt", "0", "-1").message).toBe("expt: division by zero");
  });

  it("refuses a negative base with a fractional exponent: (expt -8 1/3) would be complex", () => {
    expect(failure("expt", "-8", "1/3").message).toBe("expt: complex numbers are not supported");
  });

  it("refuses an exact result too large for a bignum", () => {
    expect(failure("expt", "7", "10000000000").message).toBe(`expt: the exact result would have more than ${INTEGER_BITS_MAX} bits`);
  });

  it("raises a type error for a non-number", () => {
    expect(failure("expt", '"a"', "2").message).toBe("expt: expected a number");
    expect(failure("expt", "2", '"a"').message).toBe("expt: expected a number");
  });
});

describe("exact and inexact", () => {
  it("makes integral flonums exact: (exact 2.0) = 2, huge ones bignums", () => {
    expect(c.run("exact", "2.0")).toBe("2");
    expect(c.run("exact", "-0.0")).toBe("0");
    expect(c.run("exact", "1e300")).toBe(BigInt(1e300).toString());
    expect(c.run("inexact->exact", "4.0")).toBe("4");
  });

  it("refuses (exact 2.5): Stasis has no exact rationals yet", () => {
    expect(failure("exact", "2.5").message).toBe("exact: no exact integer value (Stasis has no exact rationals yet)");
    expect(failure("inexact->exact", "0.5").message).toBe("inexact->exact: no exact integer value (Stasis has no exact rationals yet)");
  });

  it("refuses infinities and NaN", () => {
    expect(failure("exact", "+inf.0").message).toBe("exact: no exact value");
    expect(failure("exact", "+nan.0").message).toBe("exact: no exact value");
  });

  it("makes exact integers inexact, rounding bignums to nearest", () => {
    expect(c.run("inexact", "2")).toBe("2.0");
    expect(c.run("exact->inexact", "1")).toBe("1.0");
    expect(c.run("inexact", BIG)).toBe("1.2676506002282294e30");
    expect(c.run("inexact", `1${"0".repeat(400)}`)).toBe("+inf.0");
  });

  it("returns numbers of the wanted exactness as they are", () => {
    expect(c.run("exact", BIG)).toBe(BIG);
    expect(c.run("inexact", "1.5")).toBe("1.5");
  });

  it("raises a type error for a non-number, naming the procedure", () => {
    for (const name of ["exact", "inexact", "exact->inexact", "inexact->exact"]) {
      expect(failure(name, '"a"').message).toBe(`${name}: expected a number`);
    }
  });
});

describe("number->string", () => {
  it("writes exact integers in radix 2, 8, 10 and 16", () => {
    expect(c.run("number->string", "255")).toBe('"255"');
    expect(c.run("number->string", "255", "16")).toBe('"ff"');
    expect(c.run("number->string", "255", "2")).toBe('"11111111"');
    expect(c.run("number->string", "8", "8")).toBe('"10"');
    expect(c.run("number->string", "-255", "16")).toBe('"-ff"');
    expect(c.run("number->string", "255", "10")).toBe('"255"');
  });

  it("writes bignums in any of the radixes", () => {
    expect(c.run("number->string", BIG, "16")).toBe(`"1${"0".repeat(25)}"`);
    expect(c.run("number->string", `-${BIG}`)).toBe(`"-${BIG}"`);
  });

  it("writes flonums as the printer does", () => {
    expect(["1.5", "1e21", "-0.0", "+nan.0", "-inf.0", "100.0"].map((x) => c.run("number->string", x)))
      .toEqual(['"1.5"', '"1e21"', '"-0.0"', '"+nan.0"', '"-inf.0"', '"100.0"']);
  });

  it("refuses a flonum in a radix other than 10", () => {
    expect(failure("number->string", "1.5", "2")).toEqual({ message: "number->string: a flonum can only be written in radix 10", irritants: ["2"] });
  });

  it("refuses a radix other than 2, 8, 10 or 16", () => {
    expect(failure("number->string", "10", "3")).toEqual({ message: "number->string: radix must be 2, 8, 10 or 16", irritants: ["3"] });
    expect(failure("number->string", "10", BIG).message).toBe("number->string: radix must be 2, 8, 10 or 16");
    expect(failure("number->string", "10", "16.0").message).toBe("number->string: expected an exact integer radix");
  });

  it("raises a type error for a non-number", () => {
    expect(failure("number->string", '"1"').message).toBe("number->string: expected a number");
  });
});

describe("string->number", () => {
  it("follows the R7RS examples", () => {
    expect(c.run("string->number", '"100"')).toBe("100");
    expect(c.run("string->number", '"100"', "16")).toBe("256");
    expect(c.run("string->number", '"1e2"')).toBe("100.0");
  });

  it("reads what the reader reads: bignums, flonums, ratios, infinities, prefixes", () => {
    expect(c.run("string->number", `"${BIG}"`)).toBe(BIG);
    expect(c.run("string->number", '"-0.0"')).toBe("-0.0");
    expect(c.run("string->number", '"1/2"')).toBe("0.5");
    expect(c.run("string->number", '"6/3"')).toBe("2");
    expect(c.run("string->number", '"+inf.0"')).toBe("+inf.0");
    expect(c.run("string->number", '"#xff"')).toBe("255");
    expect(c.run("string->number", '"#e1.5e3"')).toBe("1500");
  });

  it("reads in the radix given", () => {
    expect(c.run("string->number", '"ff"', "16")).toBe("255");
    expect(c.run("string->number", '"-101"', "2")).toBe("-5");
    expect(c.run("string->number", '"17"', "8")).toBe("15");
    expect(c.run("string->number", '"#e10"', "16")).toBe("16");
  });

  it("lets a radix prefix in the text override the radix argument", () => {
    expect(c.run("string->number", '"#x100"', "10")).toBe("256");
    expect(c.run("string->number", '"#b101"', "16")).toBe("5");
    expect(c.run("string->number", '"#e#d10"', "2")).toBe("10");
  });

  it("gives #f for text that is not a number", () => {
    for (const text of ['""', '"abc"', '" 1"', '"1+"', '"-"', '"."', '"1e"', '"#x"', '"2"']) {
      const radix = text === '"2"' ? "2" : "10";
      expect(c.run("string->number", text, radix)).toBe("#f");
    }
  });

  it("gives #f for number syntax Stasis does not have: complex numbers, exact non-integers", () => {
    for (const text of ['"1+2i"', '"+i"', '"1@2"', '"#e1.5"', '"#e1/3"', '"1/0"', '"#e+inf.0"']) {
      expect(c.run("string->number", text)).toBe("#f");
    }
  });

  it("round-trips number->string in every radix", () => {
    for (const radix of ["2", "8", "10", "16"]) {
      for (const n of ["0", "-1", FIXNUM_MIN, BIG, `-${BIG}`]) {
        expect(c.run("string->number", c.run("number->string", n, radix), radix)).toBe(n);
      }
    }
  });

  it("refuses a non-string and a bad radix", () => {
    expect(failure("string->number", "5")).toEqual({ message: "string->number: expected a string", irritants: ["5"] });
    expect(failure("string->number", '"1"', "7").message).toBe("string->number: radix must be 2, 8, 10 or 16");
  });
});

describe("(scheme complex) on reals", () => {
  it("gives a real number as its own real part and 0 as its imaginary part", () => {
    expect(c.run("real-part", "2.5")).toBe("2.5");
    expect(c.run("imag-part", "2.5")).toBe("0");
    expect(c.run("imag-part", BIG)).toBe("0");
  });

  it("gives the absolute value as the magnitude", () => {
    expect(c.run("magnitude", "-5")).toBe("5");
    expect(c.run("magnitude", "-5.0")).toBe("5.0");
    expect(c.run("magnitude", FIXNUM_MIN)).toBe("1073741824");
  });

  it("gives the angle 0 for nonnegative numbers and pi for negative ones", () => {
    expect(c.run("angle", "1")).toBe("0");
    expect(c.run("angle", "-1")).toBe(formatFlonum(Math.PI));
    expect(c.run("angle", "2.0")).toBe("0.0");
    expect(c.run("angle", `-${BIG}`)).toBe(formatFlonum(Math.PI));
  });

  it("raises a type error for a non-number", () => {
    for (const name of ["real-part", "imag-part", "magnitude", "angle"]) {
      expect(failure(name, '"a"').message).toBe(`${name}: expected a number`);
    }
  });
});
