// Character primitives (runtime/primitives/chars.ts): R7RS 6.6 and (scheme char).

import { charPrimitives } from "../../../runtime/primitives/chars";
import { caller } from "./support";

const c = caller(charPrimitives);

describe("char? and the conversions", () => {
  it("char? is true of characters only", () => {
    expect(c.run("char?", "#\\a")).toBe("#t");
    expect(c.run("char?", '"a"')).toBe("#f");
    expect(c.run("char?", "97")).toBe("#f");
  });

  it("char->integer gives the code point", () => {
    expect(c.run("char->integer", "#\\a")).toBe("97");
    expect(c.run("char->integer", "#\\λ")).toBe("955");
    expect(c.run("char->integer", "#\\😀")).toBe("128512");
  });

  it("integer->char makes the character of a code point", () => {
    expect(c.run("integer->char", "97")).toBe("#\\a");
    expect(c.run("integer->char", "955")).toBe("#\\λ");
    expect(c.run("integer->char", "#x10FFFF")).toBe("#\\x10ffff");
  });

  it("integer->char and char->integer are inverse", () => {
    for (const code of [0, 0x7f, 0xff, 0x100, 0xd7ff, 0xe000, 0x1f600]) {
      expect(c.run("char->integer", c.run("integer->char", String(code)))).toBe(String(code));
    }
  });
});

describe("comparisons", () => {
  it("compare by code point", () => {
    expect(c.run("char<?", "#\\a", "#\\b")).toBe("#t");
    expect(c.run("char<?", "#\\b", "#\\a")).toBe("#f");
    expect(c.run("char>?", "#\\λ", "#\\z")).toBe("#t");
    expect(c.run("char<=?", "#\\a", "#\\a")).toBe("#t");
    expect(c.run("char>=?", "#\\a", "#\\b")).toBe("#f");
    expect(c.run("char=?", "#\\a", "#\\a")).toBe("#t");
    expect(c.run("char=?", "#\\a", "#\\A")).toBe("#f");
  });

  it("take any number of arguments and hold of every adjacent pair", () => {
    expect(c.run("char<?", "#\\a", "#\\b", "#\\c")).toBe("#t");
    expect(c.run("char<?", "#\\a", "#\\c", "#\\b")).toBe("#f");
    expect(c.run("char<=?", "#\\a", "#\\a", "#\\b")).toBe("#t");
    expect(c.run("char=?", "#\\a", "#\\a", "#\\a", "#\\b")).toBe("#f");
  });

  it("are true of a single argument", () => {
    expect(c.run("char=?", "#\\a")).toBe("#t");
    expect(c.run("char-ci<?", "#\\a")).toBe("#t");
  });

  it("the -ci comparisons compare case-folded characters", () => {
    expect(c.run("char-ci=?", "#\\a", "#\\A")).toBe("#t");
    expect(c.run("char-ci<?", "#\\a", "#\\B")).toBe("#t");
    expect(c.run("char-ci>?", "#\\a", "#\\B")).toBe("#f");
    expect(c.run("char-ci<=?", "#\\Z", "#\\z")).toBe("#t");
    expect(c.run("char-ci>=?", "#\\z", "#\\Z", "#\\y")).toBe("#t");
    expect(c.run("char-ci=?", "#\\Λ", "#\\λ")).toBe("#t");
    expect(c.run("char-ci=?", "#\\σ", "#\\ς", "#\\Σ")).toBe("#t");
  });
});

describe("classes", () => {
  it("char-alphabetic? is Unicode Alphabetic", () => {
    expect(c.run("char-alphabetic?", "#\\a")).toBe("#t");
    expect(c.run("char-alphabetic?", "#\\λ")).toBe("#t");
    expect(c.run("char-alphabetic?", "#\\1")).toBe("#f");
    expect(c.run("char-alphabetic?", "#\\space")).toBe("#f");
  });

  it("char-numeric? is decimal digits of any script", () => {
    expect(c.run("char-numeric?", "#\\1")).toBe("#t");
    expect(c.run("char-numeric?", "#\\x0664")).toBe("#t"); // ARABIC-INDIC DIGIT FOUR
    expect(c.run("char-numeric?", "#\\x00BD")).toBe("#f"); // ½ is numeric but not a digit
    expect(c.run("char-numeric?", "#\\a")).toBe("#f");
  });

  it("char-whitespace? is Unicode White_Space", () => {
    expect(c.run("char-whitespace?", "#\\space")).toBe("#t");
    expect(c.run("char-whitespace?", "#\\tab")).toBe("#t");
    expect(c.run("char-whitespace?", "#\\newline")).toBe("#t");
    expect(c.run("char-whitespace?", "#\\x00A0")).toBe("#t");
    expect(c.run("char-whitespace?", "#\\x3000")).toBe("#t");
    expect(c.run("char-whitespace?", "#\\a")).toBe("#f");
  });

  it("char-upper-case? and char-lower-case? are Unicode Uppercase and Lowercase", () => {
    expect(c.run("char-upper-case?", "#\\A")).toBe("#t");
    expect(c.run("char-upper-case?", "#\\a")).toBe("#f");
    expect(c.run("char-upper-case?", "#\\Λ")).toBe("#t");
    expect(c.run("char-lower-case?", "#\\a")).toBe("#t");
    expect(c.run("char-lower-case?", "#\\λ")).toBe("#t");
    expect(c.run("char-lower-case?", "#\\ß")).toBe("#t");
    expect(c.run("char-lower-case?", "#\\1")).toBe("#f");
    expect(c.run("char-upper-case?", "#\\1")).toBe("#f");
  });
});

describe("digit-value", () => {
  it("gives the value of R7RS's examples", () => {
    expect(c.run("digit-value", "#\\3")).toBe("3");
    expect(c.run("digit-value", "#\\x0664")).toBe("4");
    expect(c.run("digit-value", "#\\x0AE6")).toBe("0");
    expect(c.run("digit-value", "#\\x0EA6")).toBe("#f");
  });

  it("is #f of a character that is not a decimal digit", () => {
    expect(c.run("digit-value", "#\\a")).toBe("#f");
    expect(c.run("digit-value", "#\\x00BD")).toBe("#f");
  });

  it("counts within runs of several digit sets, such as the mathematical digits", () => {
    expect(c.run("digit-value", "#\\x1D7CE")).toBe("0"); // MATHEMATICAL BOLD DIGIT ZERO
    expect(c.run("digit-value", "#\\x1D7D7")).toBe("9");
    expect(c.run("digit-value", "#\\x1D7D8")).toBe("0"); // MATHEMATICAL DOUBLE-STRUCK DIGIT ZERO
    expect(c.run("digit-value", "#\\x1D7FF")).toBe("9");
  });
});

describe("case mappings", () => {
  it("char-upcase and char-downcase map letters", () => {
    expect(c.run("char-upcase", "#\\a")).toBe("#\\A");
    expect(c.run("char-upcase", "#\\λ")).toBe("#\\Λ");
    expect(c.run("char-downcase", "#\\A")).toBe("#\\a");
    expect(c.run("char-downcase", "#\\Λ")).toBe("#\\λ");
  });

  it("leave characters without case unchanged", () => {
    expect(c.run("char-upcase", "#\\1")).toBe("#\\1");
    expect(c.run("char-downcase", "#\\😀")).toBe("#\\😀");
  });

  it("char-upcase of ß is ß, since its uppercase is two characters", () => {
    expect(c.run("char-upcase", "#\\ß")).toBe("#\\ß");
  });

  it("char-downcase of İ is i, its simple lowercase mapping (JS would give i and a combining dot)", () => {
    expect(c.run("char-downcase", "#\\x0130")).toBe("#\\i");
  });

  it("char-foldcase sends every case variant to one character", () => {
    expect(c.run("char-foldcase", "#\\A")).toBe("#\\a");
    expect(c.run("char-foldcase", "#\\Σ")).toBe("#\\σ");
    expect(c.run("char-foldcase", "#\\ς")).toBe("#\\σ");
    expect(c.run("char-foldcase", "#\\x1E9E")).toBe("#\\ß"); // LATIN CAPITAL LETTER SHARP S
    expect(c.run("char-foldcase", "#\\ß")).toBe("#\\ß");
    expect(c.run("char-foldcase", "#\\x212A")).toBe("#\\k"); // KELVIN SIGN
  });
});

describe("errors", () => {
  it("a non-character argument is a type error naming the procedure", () => {
    const e = c.error("char->integer", '"a"');
    expect(e.message).toBe("char->integer: expected a character");
    expect(e.kind).toBe("type");
    expect(c.write(e.irritants[0])).toBe('"a"');
  });

  it("every character procedure checks its argument", () => {
    for (const name of [
      "char-alphabetic?", "char-numeric?", "char-whitespace?", "char-upper-case?", "char-lower-case?",
      "digit-value", "char-upcase", "char-downcase", "char-foldcase",
    ]) {
      expect(c.error(name, "1").message).toBe(`${name}: expected a character`);
    }
  });

  it("comparisons check every argument, even after the answer is known", () => {
    expect(c.error("char<?", "#\\b", "#\\a", "1").message).toBe("char<?: expected a character");
    expect(c.error("char-ci=?", "#\\a", "sym").message).toBe("char-ci=?: expected a character");
  });

  it("integer->char of a non-integer is a type error", () => {
    const e = c.error("integer->char", "1.5");
    expect(e.message).toBe("integer->char: expected an exact integer");
    expect(e.kind).toBe("type");
    expect(c.error("integer->char", "#\\a").kind).toBe("type");
  });

  it("integer->char of a surrogate or beyond U+10FFFF is a range error", () => {
    for (const n of ["#xD800", "#xDFFF", "#x110000", "-1", "100000000000000000000"]) {
      const e = c.error("integer->char", n);
      expect(e.message).toBe("integer->char: not a Unicode scalar value");
      expect(e.kind).toBe("range");
    }
  });
});
