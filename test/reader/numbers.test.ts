// Number syntax (R7RS 6.2.5 and 7.1.1), as Stasis has it: exact integers of any size, flonums,
// and no exact rationals or complex numbers yet (reader/numbers.ts N1, N2).

import { flo, read1, readError, sym } from "./data";

describe("integers", () => {
  it("reads decimal integers with and without a sign", () => {
    expect(read1("0")).toBe(0);
    expect(read1("42")).toBe(42);
    expect(read1("+5")).toBe(5);
    expect(read1("-5")).toBe(-5);
    expect(read1("-0")).toBe(0);
    expect(read1("007")).toBe(7);
  });

  it("reads 2^30 - 1 and -2^30 as fixnums, 2^30 and -2^30 - 1 as bignums", () => {
    expect(read1(String(2 ** 30 - 1))).toBe(2 ** 30 - 1);
    expect(read1(String(-(2 ** 30)))).toBe(-(2 ** 30));
    expect(read1(String(2 ** 30))).toBe(2n ** 30n);
    expect(read1(String(-(2 ** 30) - 1))).toBe(-(2n ** 30n) - 1n);
  });

  it("reads 2^100 and -2^100 as bignums", () => {
    expect(read1((2n ** 100n).toString())).toBe(2n ** 100n);
    expect(read1((-(2n ** 100n)).toString())).toBe(-(2n ** 100n));
  });

  it("reads integers beyond a double's precision exactly", () => {
    expect(read1("9007199254740993")).toBe(9007199254740993n);
    expect(read1("123456789012345678901234567890")).toBe(123456789012345678901234567890n);
  });

  it("reads the radix prefixes #b #o #d #x", () => {
    expect(read1("#b1010")).toBe(10);
    expect(read1("#o17")).toBe(15);
    expect(read1("#d19")).toBe(19);
    expect(read1("#x1F")).toBe(31);
  });

  it("reads #x-ff as -255", () => {
    expect(read1("#x-ff")).toBe(-255);
  });

  it("reads #x-ffffffffffffffffff as a negative bignum", () => {
    expect(read1("#x-ffffffffffffffffff")).toBe(-0xffffffffffffffffffn);
  });

  it("reads prefixes and hex digits in either case", () => {
    expect(read1("#X1a")).toBe(26);
    expect(read1("#B101")).toBe(5);
    expect(read1("#xAbC")).toBe(0xabc);
  });

  it("reads the exactness prefix before or after the radix prefix", () => {
    expect(read1("#e#x10")).toBe(16);
    expect(read1("#x#e10")).toBe(16);
    expect(read1("#i#x10")).toEqual(flo(16));
    expect(read1("#x#i10")).toEqual(flo(16));
  });

  it("reads #i on an integer as a flonum", () => {
    expect(read1("#i3")).toEqual(flo(3));
    expect(read1("#i-3")).toEqual(flo(-3));
  });
});

describe("decimals", () => {
  it("reads 1.5 .5 1. 1e10 1.5e-3 1E3 as flonums", () => {
    expect(read1("1.5")).toEqual(flo(1.5));
    expect(read1(".5")).toEqual(flo(0.5));
    expect(read1("1.")).toEqual(flo(1));
    expect(read1("1e10")).toEqual(flo(1e10));
    expect(read1("1.5e-3")).toEqual(flo(1.5e-3));
    expect(read1("1E3")).toEqual(flo(1000));
  });

  it("reads signed decimals and explicit exponent signs", () => {
    expect(read1("-2.5")).toEqual(flo(-2.5));
    expect(read1("+.5")).toEqual(flo(0.5));
    expect(read1("-.5e+2")).toEqual(flo(-50));
  });

  it("reads -0.0 as negative zero", () => {
    expect(Object.is((read1("-0.0") as { flonum: number }).flonum, -0)).toBe(true);
  });

  it("reads a decimal too large for a double as +inf.0", () => {
    expect(read1("1e400")).toEqual(flo(Infinity));
  });

  it("reads #e on a decimal with an integral value as an exact integer", () => {
    expect(read1("#e1.2e3")).toBe(1200);
    expect(read1("#e1.")).toBe(1);
    expect(read1("#e-2.50e1")).toBe(-25);
    expect(read1("#e1e10")).toBe(10000000000n);
  });

  it("computes #e decimals exactly, not through a double", () => {
    expect(read1("#e1e30")).toBe(10n ** 30n);
    expect(read1("#e123456789.123456789e9")).toBe(123456789123456789n);
  });

  it("reads #d and #i on decimals", () => {
    expect(read1("#d1.5")).toEqual(flo(1.5));
    expect(read1("#i1.5")).toEqual(flo(1.5));
  });
});

describe("ratios", () => {
  it("reads n/d as an exact integer when d divides n", () => {
    expect(read1("4/2")).toBe(2);
    expect(read1("-6/3")).toBe(-2);
    expect(read1("#x10/2")).toBe(8);
  });

  it("reads n/d as the flonum n/d when it is not an integer", () => {
    expect(read1("1/2")).toEqual(flo(0.5));
    expect(read1("6/10")).toEqual(flo(0.6));
    expect(read1("-1/3")).toEqual(flo(-1 / 3));
  });

  it("reads ratios of big integers as the nearest flonum", () => {
    expect(read1(`${10n ** 400n}/${3n * 10n ** 399n}`)).toEqual(flo(10 / 3));
  });

  it("reads #i on an integral ratio as a flonum", () => {
    expect(read1("#i4/2")).toEqual(flo(2));
  });
});

describe("infinities and NaNs", () => {
  it("reads +inf.0 -inf.0 +nan.0 -nan.0", () => {
    expect(read1("+inf.0")).toEqual(flo(Infinity));
    expect(read1("-inf.0")).toEqual(flo(-Infinity));
    expect(read1("+nan.0")).toEqual(flo(NaN));
    expect(read1("-nan.0")).toEqual(flo(NaN));
  });

  it("reads +INF.0 in upper case", () => {
    expect(read1("+INF.0")).toEqual(flo(Infinity));
  });

  it("reads inf.0 without a sign as a symbol", () => {
    expect(read1("inf.0")).toEqual(sym("inf.0"));
  });
});

describe("text that is not a number is a symbol", () => {
  it.each(["+", "-", "...", "1+", "->x", "-1+", "1e", "1.2.3", "+.", "1/", "/2", "1/2/3", "+-1", "-a"])(
    "reads %s as a symbol", (text) => {
      expect(read1(text)).toEqual(sym(text));
    });

  it("reads 1/2e3 as a symbol: a ratio has no exponent", () => {
    expect(read1("1/2e3")).toEqual(sym("1/2e3"));
  });
});

describe("number errors", () => {
  it("refuses #e on a non-integral decimal: exact rationals are not supported yet", () => {
    expect(readError("#e1.5")).toEqual({
      message: "exact rationals are not supported yet: #e1.5 is not an integer", at: "1:1", incomplete: false,
    });
    expect(readError("#e1.2").message).toMatch(/exact rationals are not supported yet/);
  });

  it("refuses #e on a non-integral ratio", () => {
    expect(readError("#e1/3").message).toMatch(/exact rationals are not supported yet/);
  });

  it.each(["1+2i", "+i", "-i", "1-i", "+2i", "1.5-2.5i", "1@2", "+inf.0i", "1+inf.0i", "#x1+ai"])(
    "refuses the complex number %s", (text) => {
      expect(readError(text).message).toBe(`complex numbers are not supported: ${text}`);
    });

  it("refuses division by zero in a ratio", () => {
    expect(readError("1/0").message).toBe("division by zero in 1/0");
  });

  it("refuses #e on an infinity", () => {
    expect(readError("#e+inf.0").message).toBe("#e+inf.0 has no exact representation");
  });

  it("refuses a prefixed text that is not a number", () => {
    expect(readError("#x1g")).toEqual({ message: "bad number syntax #x1g", at: "1:1", incomplete: false });
    expect(readError("#b102").message).toBe("bad number syntax #b102");
    expect(readError("#x1.5").message).toBe("bad number syntax #x1.5");
    expect(readError("#e").message).toBe("bad number syntax #e");
  });

  it("refuses two radix or two exactness prefixes", () => {
    expect(readError("#x#x10").message).toBe("bad number syntax #x#x10");
    expect(readError("#e#i10").message).toBe("bad number syntax #e#i10");
  });

  it("positions a number error at the number", () => {
    expect(readError("(a\n  1+2i)").at).toBe("2:3");
  });
});
