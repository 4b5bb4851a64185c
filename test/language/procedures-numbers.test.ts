// R7RS 6.2 (numbers), through the evaluator. Stasis numbers are fixnums, bignums and flonums
// (LANGUAGE.md "Numbers"): until exact rationals arrive, a quotient that is not an integer, and
// text such as 1/2, is a flonum.
import { evaluator } from "./support";

const e = evaluator();

/** Evaluates each source in turn (one session) and expects the written value beside it. */
async function examples(rows: readonly (readonly [string, string])[]): Promise<void> {
  const actual: (readonly [string, string])[] = [];
  for (const [source] of rows) actual.push([source, await e.value(source)]);
  expect(actual).toEqual(rows);
}

/** The results of an expression of several values, as a list. */
const valuesOf = (expression: string) => `(call-with-values (lambda () ${expression}) list)`;

describe("R7RS 6.2.6 numerical predicates and exactness", () => {
  it("the numerical tower: every number is complex and real; integers are rational", async () => {
    await examples([
      ["(complex? 3)", "#t"],
      ["(real? 3)", "#t"],
      ["(real? -2.5)", "#t"],
      ["(real? 1e10)", "#t"],
      ["(rational? 6/10)", "#t"],
      ["(rational? 6/3)", "#t"],
      ["(integer? 3.0)", "#t"],
      ["(integer? 8/4)", "#t"],
      ['(integer? "3")', "#f"],
      ["(number? 'a)", "#f"],
    ]);
  });

  it("infinities and NaN are real but not rational", async () => {
    await examples([
      ["(rational? -inf.0)", "#f"],
      ["(rational? +nan.0)", "#f"],
      ["(real? +nan.0)", "#t"],
      ["(finite? 3)", "#t"],
      ["(finite? +inf.0)", "#f"],
      ["(infinite? -inf.0)", "#t"],
      ["(infinite? 3.0)", "#f"],
      ["(nan? +nan.0)", "#t"],
      ["(nan? 32)", "#f"],
    ]);
  });

  it("exact? and inexact? tell integers and bignums from flonums", async () => {
    await examples([
      ["(exact? 3.0)", "#f"],
      ["(exact? #e3.0)", "#t"],
      ["(inexact? 3.)", "#t"],
      ["(exact? (expt 2 100))", "#t"],
      ["(exact-integer? 32)", "#t"],
      ["(exact-integer? 32.0)", "#f"],
      ["(exact-integer? (expt 2 100))", "#t"],
    ]);
  });

  it("exact and inexact convert between integers and flonums", async () => {
    await examples([
      ["(exact 2.0)", "2"],
      ["(exact -0.0)", "0"],
      ["(exact 1e20)", "100000000000000000000"],
      ["(inexact 2)", "2.0"],
      ["(inexact (expt 2 100))", "1.2676506002282294e30"],
      ["(exact->inexact 1)", "1.0"],
      ["(inexact->exact 4.0)", "4"],
    ]);
  });

  it("exact of a flonum with a fraction is an error until Stasis has exact rationals", async () => {
    expect(await e.error("(exact 2.5)")).toMatch(/^test\.scm:1:1: exact: no exact integer value \(Stasis has no exact rationals yet\): 2\.5$/);
  });

  it("zero? positive? negative? odd? even?", async () => {
    await examples([
      ["(zero? 0)", "#t"],
      ["(zero? -0.0)", "#t"],
      ["(zero? 1)", "#f"],
      ["(positive? 1)", "#t"],
      ["(negative? -1)", "#t"],
      ["(negative? 0)", "#f"],
      ["(odd? 3)", "#t"],
      ["(even? 0)", "#t"],
      ["(even? 2.0)", "#t"],
      ["(odd? (expt 2 100))", "#f"],
      ["(even? (+ (expt 2 100) 2))", "#t"],
    ]);
  });
});

describe("R7RS 6.2.6 arithmetic", () => {
  it("comparisons take any number of arguments and mix exactness", async () => {
    await examples([
      ["(= 1 1.0)", "#t"],
      ["(< 1 2 3)", "#t"],
      ["(< 1 3 2)", "#f"],
      ["(>= 3 3 2)", "#t"],
      ["(<= 1 1 2)", "#t"],
      ["(> 3 2 1)", "#t"],
      ["(= (expt 2 100) (expt 2.0 100))", "#t"],
      ["(< 1 +inf.0)", "#t"],
      ["(= +nan.0 +nan.0)", "#f"],
    ]);
  });

  it("max and min are inexact if any argument is", async () => {
    await examples([
      ["(max 3 4)", "4"],
      ["(max 3.9 4)", "4.0"],
      ["(min 1 2.0)", "1.0"],
      ["(min -inf.0 3)", "-inf.0"],
    ]);
  });

  it("+ * - / with zero, one and several arguments (the report's examples)", async () => {
    await examples([
      ["(+ 3 4)", "7"],
      ["(+ 3)", "3"],
      ["(+)", "0"],
      ["(* 4)", "4"],
      ["(*)", "1"],
      ["(- 3 4)", "-1"],
      ["(- 3 4 5)", "-6"],
      ["(- 3)", "-3"],
      ["(/ 3 4 5)", "0.15"],
      ["(/ 3)", "0.3333333333333333"],
      ["(abs -7)", "7"],
      ["(abs -7.5)", "7.5"],
    ]);
  });

  it("(/ 1 3) is a flonum, while a quotient that is an integer stays exact", async () => {
    await examples([
      ["(/ 1 3)", "0.3333333333333333"],
      ["(exact? (/ 1 3))", "#f"],
      ["(/ 6 3)", "2"],
      ["(exact? (/ 6 3))", "#t"],
      ["(/ 0 5)", "0"],
      ["1/2", "0.5"],
    ]);
  });

  it("exact division by zero is an error; inexact division gives infinities and NaN", async () => {
    expect(await e.error("(/ 1 0)")).toBe("test.scm:1:1: /: division by zero: 1 0");
    await examples([
      ["(/ 1.0 0)", "+inf.0"],
      ["(/ -1 0.0)", "-inf.0"],
      ["(/ 0.0 0)", "+nan.0"],
    ]);
  });

  it("arithmetic on a non-number is a type error", async () => {
    expect(await e.error("(+ 1 'a)")).toBe("test.scm:1:1: +: expected a number, got a");
  });

  it("the division operators follow the report's table", async () => {
    await examples([
      [valuesOf("(floor/ 5 2)"), "(2 1)"],
      [valuesOf("(floor/ -5 2)"), "(-3 1)"],
      [valuesOf("(floor/ 5 -2)"), "(-3 -1)"],
      [valuesOf("(floor/ -5 -2)"), "(2 -1)"],
      [valuesOf("(truncate/ 5 2)"), "(2 1)"],
      [valuesOf("(truncate/ -5 2)"), "(-2 -1)"],
      [valuesOf("(truncate/ 5 -2)"), "(-2 1)"],
      [valuesOf("(truncate/ -5 -2)"), "(2 -1)"],
      [valuesOf("(truncate/ -5.0 2)"), "(-2.0 -1.0)"],
    ]);
  });

  it("floor- and truncate- quotients and remainders, and the older quotient remainder modulo", async () => {
    await examples([
      ["(floor-quotient 7 -2)", "-4"],
      ["(floor-remainder 7 -2)", "-1"],
      ["(truncate-quotient -7 2)", "-3"],
      ["(truncate-remainder -7 2)", "-1"],
      ["(modulo 13 4)", "1"],
      ["(remainder 13 4)", "1"],
      ["(modulo -13 4)", "3"],
      ["(remainder -13 4)", "-1"],
      ["(modulo 13 -4)", "-3"],
      ["(remainder 13 -4)", "1"],
      ["(remainder -13 -4.0)", "-1.0"],
      ["(quotient (expt 10 30) (expt 10 10))", "100000000000000000000"],
      ["(remainder (expt 10 30) 7)", "1"],
    ]);
  });

  it("gcd and lcm (the report's examples)", async () => {
    await examples([
      ["(gcd 32 -36)", "4"],
      ["(gcd)", "0"],
      ["(lcm 32 -36)", "288"],
      ["(lcm 32.0 -36)", "288.0"],
      ["(lcm)", "1"],
    ]);
  });

  it("numerator and denominator of integers, and of flonums as binary fractions", async () => {
    await examples([
      ["(numerator 6)", "6"],
      ["(denominator 6)", "1"],
      ["(denominator (inexact 6))", "1.0"],
      ["(numerator 0.5)", "1.0"],
      ["(denominator 0.5)", "2.0"],
    ]);
  });

  it("floor ceiling truncate round (the report's examples; round breaks ties to even)", async () => {
    await examples([
      ["(floor -4.3)", "-5.0"],
      ["(ceiling -4.3)", "-4.0"],
      ["(truncate -4.3)", "-4.0"],
      ["(round -4.3)", "-4.0"],
      ["(floor 3.5)", "3.0"],
      ["(ceiling 3.5)", "4.0"],
      ["(truncate 3.5)", "3.0"],
      ["(round 3.5)", "4.0"],
      ["(round 2.5)", "2.0"],
      ["(round -2.5)", "-2.0"],
      ["(round 7)", "7"],
    ]);
  });

  it("rationalize finds the simplest rational within the tolerance", async () => {
    await examples([
      ["(rationalize .3 1/10)", "0.3333333333333333"],
      ["(rationalize 3 1)", "2"],
      ["(rationalize 5 2)", "3"],
    ]);
  });

  it("the transcendental functions of (scheme inexact)", async () => {
    await examples([
      ["(exp 0)", "1.0"],
      ["(log 1)", "0.0"],
      ["(log 100 10)", "2.0"],
      ["(sin 0)", "0.0"],
      ["(cos 0)", "1.0"],
      ["(tan 0)", "0.0"],
      ["(asin 0)", "0.0"],
      ["(acos 1)", "0.0"],
      ["(atan 1 1)", "0.7853981633974483"],
      ["(atan 0)", "0.0"],
    ]);
  });

  it("square, sqrt and expt keep exact results exact", async () => {
    await examples([
      ["(square 42)", "1764"],
      ["(square 2.0)", "4.0"],
      ["(sqrt 9)", "3"],
      ["(sqrt 2)", "1.4142135623730951"],
      ["(sqrt 16.0)", "4.0"],
      ["(sqrt (expt 10 40))", "100000000000000000000"],
      ["(expt 0 0)", "1"],
      ["(expt 0.0 0)", "1.0"],
      ["(expt 0 2)", "0"],
      ["(expt 2 10)", "1024"],
      ["(expt 2.0 3)", "8.0"],
      ["(expt 4 1/2)", "2.0"],
      ["(expt 2 -1)", "0.5"],
    ]);
  });

  it("a result that would be complex is an error", async () => {
    expect(await e.error("(sqrt -4)")).toBe("test.scm:1:1: sqrt: complex numbers are not supported: -4");
  });

  it("exact-integer-sqrt returns the root and the remainder (the report's examples)", async () => {
    await examples([
      [valuesOf("(exact-integer-sqrt 4)"), "(2 0)"],
      [valuesOf("(exact-integer-sqrt 5)"), "(2 1)"],
      [valuesOf("(exact-integer-sqrt 17)"), "(4 1)"],
      [valuesOf("(exact-integer-sqrt 0)"), "(0 0)"],
      [valuesOf("(exact-integer-sqrt (+ (expt 10 40) 1))"), "(100000000000000000000 1)"],
    ]);
  });

  it("exact-integer-sqrt of a negative or inexact number is a type error", async () => {
    expect(await e.error("(exact-integer-sqrt -1)")).toBe(
      "test.scm:1:1: exact-integer-sqrt: expected an exact nonnegative integer, got -1");
    expect(await e.error("(exact-integer-sqrt 4.0)")).toBe(
      "test.scm:1:1: exact-integer-sqrt: expected an exact nonnegative integer, got 4.0");
  });
});

describe("R7RS 6.2 exact integers of unlimited size", () => {
  it("(expt 2 100) is exact", async () => {
    expect(await e.value("(expt 2 100)")).toBe("1267650600228229401496703205376");
  });

  it("products of fixnums overflow into bignums", async () => {
    expect(await e.value("(* 99999999999 99999999999)")).toBe("9999999999800000000001");
  });

  it("factorial 30", async () => {
    await e.value("(define (factorial n) (if (= n 0) 1 (* n (factorial (- n 1)))))");
    expect(await e.value("(factorial 30)")).toBe("265252859812191058636308480000000");
  });

  it("sums and differences cross the fixnum boundary both ways", async () => {
    await examples([
      ["(+ (expt 2 62) (expt 2 62))", "9223372036854775808"],
      ["(- (+ (expt 2 62) (expt 2 62)) (expt 2 62) (expt 2 62))", "0"],
      ["(- (- (expt 2 100)) 1)", "-1267650600228229401496703205377"],
      ["(abs (- (expt 2 100)))", "1267650600228229401496703205376"],
      ["(exact->inexact (expt 10 30))", "1e30"],
      ["(exact (expt 2. 70))", "1180591620717411303424"],
    ]);
  });
});

describe("R7RS 6.2.7 numerical input and output", () => {
  it("number->string writes exact integers in radix 2, 8, 10 and 16", async () => {
    await examples([
      ["(number->string 10)", '"10"'],
      ["(number->string 255 16)", '"ff"'],
      ["(number->string 255 2)", '"11111111"'],
      ["(number->string -255 8)", '"-377"'],
      ["(number->string (expt 2 100) 16)", '"10000000000000000000000000"'],
      ["(number->string 3.5)", '"3.5"'],
      ["(number->string 100.0)", '"100.0"'],
    ]);
  });

  it("string->number reads in a radix, and a prefix in the text overrides it", async () => {
    await examples([
      ['(string->number "100")', "100"],
      ['(string->number "100" 16)', "256"],
      ['(string->number "1e2")', "100.0"],
      ['(string->number "#x100")', "256"],
      ['(string->number "ff" 16)', "255"],
      ['(string->number "101" 2)', "5"],
      ['(string->number "12" 8)', "10"],
      ['(string->number "#b101" 10)', "5"],
      ['(string->number "-17")', "-17"],
      ['(string->number "#i10")', "10.0"],
      ['(string->number "+inf.0")', "+inf.0"],
      ['(string->number "1/2")', "0.5"],
      ['(string->number "123456789012345678901234567890")', "123456789012345678901234567890"],
    ]);
  });

  it("string->number of text that is not a number in the radix is #f", async () => {
    await examples([
      ['(string->number "abc")', "#f"],
      ['(string->number "")', "#f"],
      ['(string->number "9" 8)', "#f"],
      ['(string->number "2" 2)', "#f"],
    ]);
  });

  it("a radix other than 2, 8, 10 and 16 is a range error; flonums are written in radix 10 only", async () => {
    expect(await e.error('(string->number "10" 3)')).toBe("test.scm:1:1: string->number: radix must be 2, 8, 10 or 16: 3");
    expect(await e.error("(number->string 1.5 2)")).toBe(
      "test.scm:1:1: number->string: a flonum can only be written in radix 10: 2");
  });
});
