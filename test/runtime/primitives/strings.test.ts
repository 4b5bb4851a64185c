// String and symbol primitives (runtime/primitives/strings.ts): R7RS 6.7, the string procedures
// of (scheme char), symbols (6.5), UTF-8 (6.9), gensym, and the Stasis string extensions.

import { stringPrimitives } from "../../../runtime/primitives/strings";
import { OBJECT_STRING, OBJECT_STRING_WIDE, makeFixnum } from "../../../runtime/layout";
import { makeString, stringLength } from "../../../runtime/objects";
import { caller } from "./support";

const c = caller(stringPrimitives);
const heap = c.world.heap;
const str = (text: string) => makeString(heap, text);
const representation = (s: number) => heap.objectType(s);

describe("constructors", () => {
  it("string? is true of strings only", () => {
    expect(c.run("string?", '"abc"')).toBe("#t");
    expect(c.run("string?", '"λ"')).toBe("#t");
    expect(c.run("string?", "abc")).toBe("#f");
    expect(c.run("string?", "#\\a")).toBe("#f");
  });

  it("make-string fills with the given character", () => {
    expect(c.run("make-string", "3", "#\\x")).toBe('"xxx"');
    expect(c.run("make-string", "2", "#\\λ")).toBe('"λλ"');
  });

  it("make-string fills with spaces by default", () => {
    expect(c.run("make-string", "3")).toBe('"   "');
    expect(c.run("make-string", "0")).toBe('""');
  });

  it("string makes a string of its arguments", () => {
    expect(c.run("string", "#\\a", "#\\λ", "#\\😀")).toBe('"aλ😀"');
    expect(c.run("string")).toBe('""');
  });

  it("string-length counts characters, not UTF-16 code units", () => {
    expect(c.run("string-length", '"abc"')).toBe("3");
    expect(c.run("string-length", '"λ😀"')).toBe("2");
    expect(c.run("string-length", '""')).toBe("0");
  });

  it("string-ref gives the character at an index", () => {
    expect(c.run("string-ref", '"abc"', "0")).toBe("#\\a");
    expect(c.run("string-ref", '"abc"', "2")).toBe("#\\c");
    expect(c.run("string-ref", '"aλ😀"', "1")).toBe("#\\λ");
    expect(c.run("string-ref", '"aλ😀"', "2")).toBe("#\\😀");
  });
});

describe("comparisons", () => {
  it("string=? compares characters", () => {
    expect(c.run("string=?", '"abc"', '"abc"')).toBe("#t");
    expect(c.run("string=?", '"abc"', '"abd"')).toBe("#f");
    expect(c.run("string=?", '"abc"', '"ab"')).toBe("#f");
    expect(c.run("string=?", '"abc"', '"abc"', '"abc"')).toBe("#t");
  });

  it("string=? is true of equal narrow and wide strings", () => {
    const wide = c.call("substring", str("λabc"), makeFixnum(1));
    expect(c.write(c.call("string=?", str("abc"), wide))).toBe("#t");
  });

  it("string<? and kin order lexicographically by code point, a prefix first", () => {
    expect(c.run("string<?", '"abc"', '"abd"')).toBe("#t");
    expect(c.run("string<?", '"ab"', '"abc"')).toBe("#t");
    expect(c.run("string<?", '"abc"', '"ab"')).toBe("#f");
    expect(c.run("string>?", '"b"', '"abc"')).toBe("#t");
    expect(c.run("string<=?", '"abc"', '"abc"', '"abd"')).toBe("#t");
    expect(c.run("string>=?", '"abc"', '"abd"')).toBe("#f");
    expect(c.run("string<?", '"Z"', '"a"')).toBe("#t");
  });

  it("string<? orders characters beyond U+FFFF after those below it", () => {
    // In UTF-16 order 😀 (a surrogate pair, D83D DE00) would come before U+FFFD.
    expect(c.run("string<?", '"\\xFFFD;"', '"😀"')).toBe("#t");
  });

  it("are true of a single argument", () => {
    expect(c.run("string<?", '"a"')).toBe("#t");
  });

  it("the -ci comparisons compare case-folded strings", () => {
    expect(c.run("string-ci=?", '"Hello"', '"hELLO"')).toBe("#t");
    expect(c.run("string-ci<?", '"apple"', '"Banana"')).toBe("#t");
    expect(c.run("string-ci>?", '"apple"', '"Banana"')).toBe("#f");
    expect(c.run("string-ci<=?", '"A"', '"a"', '"B"')).toBe("#t");
    expect(c.run("string-ci>=?", '"b"', '"A"')).toBe("#t");
  });

  it("string-ci=? folds fully: Straße and STRASSE are equal", () => {
    expect(c.run("string-ci=?", '"Straße"', '"STRASSE"')).toBe("#t");
    expect(c.run("string-ci=?", '"ΟΔΟΣ"', '"οδος"', '"οδος"')).toBe("#t");
  });
});

describe("substrings and copies", () => {
  it("substring takes start and end", () => {
    expect(c.run("substring", '"hello"', "1", "3")).toBe('"el"');
    expect(c.run("substring", '"hello"', "0", "5")).toBe('"hello"');
    expect(c.run("substring", '"hello"', "2", "2")).toBe('""');
  });

  it("substring without end runs to the end", () => {
    expect(c.run("substring", '"hello"', "3")).toBe('"lo"');
  });

  it("string-copy copies all or part of a string into a new one", () => {
    expect(c.run("string-copy", '"hello"')).toBe('"hello"');
    expect(c.run("string-copy", '"hello"', "1")).toBe('"ello"');
    expect(c.run("string-copy", '"hello"', "1", "4")).toBe('"ell"');
    const s = str("abc");
    expect(c.call("string-copy", s)).not.toBe(s);
  });

  it("a narrow part of a wide string is narrow", () => {
    const part = c.call("substring", str("λabc"), makeFixnum(1));
    expect(c.write(part)).toBe('"abc"');
    expect(representation(part)).toBe(OBJECT_STRING);
  });
});

describe("string-append", () => {
  it("appends any number of strings", () => {
    expect(c.run("string-append", '"ab"', '"c"')).toBe('"abc"');
    expect(c.run("string-append", '"a"', '""', '"b"', '"c"')).toBe('"abc"');
    expect(c.run("string-append")).toBe('""');
  });

  it("keeps an all-Latin-1 result narrow", () => {
    const s = c.call("string-append", str("ab"), str("ÿé"));
    expect(c.write(s)).toBe('"abÿé"');
    expect(representation(s)).toBe(OBJECT_STRING);
  });

  it("makes a wide string of a narrow one and a wide one", () => {
    const s = c.call("string-append", str("café "), str("λ😀"));
    expect(c.write(s)).toBe('"café λ😀"');
    expect(representation(s)).toBe(OBJECT_STRING_WIDE);
    expect(stringLength(heap, s)).toBe(7);
  });

  it("appends many strings into one large string", () => {
    const pieces = Array.from({ length: 10_000 }, (_, i) => str(i % 2 === 0 ? "abcdefghij".repeat(10) : "λ"));
    const s = c.call("string-append", ...pieces);
    expect(stringLength(heap, s)).toBe(5_000 * 101);
    expect(representation(s)).toBe(OBJECT_STRING_WIDE);
  });
});

describe("lists and vectors", () => {
  it("string->list lists the characters, within start and end", () => {
    expect(c.run("string->list", '"aλc"')).toBe("(#\\a #\\λ #\\c)");
    expect(c.run("string->list", '"abcde"', "2")).toBe("(#\\c #\\d #\\e)");
    expect(c.run("string->list", '"abcde"', "1", "3")).toBe("(#\\b #\\c)");
    expect(c.run("string->list", '""')).toBe("()");
  });

  it("list->string makes a string of a list of characters", () => {
    expect(c.run("list->string", "(#\\a #\\λ #\\😀)")).toBe('"aλ😀"');
    expect(c.run("list->string", "()")).toBe('""');
  });

  it("string->vector makes a vector of the characters, within start and end", () => {
    expect(c.run("string->vector", '"ABC"')).toBe("#(#\\A #\\B #\\C)");
    expect(c.run("string->vector", '"ABC"', "1")).toBe("#(#\\B #\\C)");
    expect(c.run("string->vector", '"ABC"', "0", "1")).toBe("#(#\\A)");
  });

  it("vector->string makes a string of a vector of characters, within start and end", () => {
    expect(c.run("vector->string", "#(#\\1 #\\2 #\\3)")).toBe('"123"');
    expect(c.run("vector->string", "#(#\\1 #\\2 #\\3)", "1")).toBe('"23"');
    expect(c.run("vector->string", "#(#\\1 #\\λ #\\3)", "1", "2")).toBe('"λ"');
  });
});

describe("case mappings", () => {
  it("string-upcase and string-downcase map every character", () => {
    expect(c.run("string-upcase", '"Hello λ"')).toBe('"HELLO Λ"');
    expect(c.run("string-downcase", '"Hello Λ"')).toBe('"hello λ"');
  });

  it("string-upcase of ß is SS: full mappings may change the length", () => {
    expect(c.run("string-upcase", '"Straße"')).toBe('"STRASSE"');
  });

  it("string-downcase writes a final sigma at the end of a word", () => {
    expect(c.run("string-downcase", '"ΟΔΟΣ"')).toBe('"οδος"');
  });

  it("string-foldcase folds fully and folds the final sigma to σ", () => {
    expect(c.run("string-foldcase", '"Straße"')).toBe('"strasse"');
    expect(c.run("string-foldcase", '"\\x1E9E;"')).toBe('"ss"');
    expect(c.run("string-foldcase", '"ΟΔΟΣ οδος"')).toBe('"οδοσ οδοσ"');
  });

  it("a case mapping into Latin-1 gives a narrow string", () => {
    const s = c.call("string-downcase", str("ÀΒ"));
    expect(representation(s)).toBe(OBJECT_STRING_WIDE);
    expect(representation(c.call("string-downcase", str("ÀB")))).toBe(OBJECT_STRING);
  });
});

describe("symbols", () => {
  it("symbol? is true of symbols only", () => {
    expect(c.run("symbol?", "foo")).toBe("#t");
    expect(c.run("symbol?", '"foo"')).toBe("#f");
    expect(c.run("symbol?", "'foo")).toBe("#f");
  });

  it("symbol=? is true when all its arguments are the same symbol", () => {
    expect(c.run("symbol=?", "a", "a")).toBe("#t");
    expect(c.run("symbol=?", "a", "a", "b")).toBe("#f");
    expect(c.run("symbol=?", "a")).toBe("#t");
  });

  it("symbol->string gives the name", () => {
    expect(c.run("symbol->string", "flying-fish")).toBe('"flying-fish"');
    expect(c.run("symbol->string", "|two words|")).toBe('"two words"');
  });

  it("string->symbol interns: the same name gives the same symbol", () => {
    expect(c.call("string->symbol", str("mISSISSIppi"))).toBe(c.datum("|mISSISSIppi|"));
    expect(c.run("string->symbol", '"a b"')).toBe("|a b|");
  });

  it("string->symbol and symbol->string are inverse", () => {
    expect(c.run("symbol->string", c.run("string->symbol", '"λ-x"'))).toBe('"λ-x"');
  });
});

describe("gensym", () => {
  it("makes a symbol named g and a number by default", () => {
    const g = c.call("gensym");
    expect(c.write(c.call("symbol?", g))).toBe("#t");
    expect(c.write(c.call("symbol->string", g))).toMatch(/^"g\d+"$/);
  });

  it("makes a fresh symbol each time", () => {
    const a = c.call("gensym");
    const b = c.call("gensym");
    expect(a).not.toBe(b);
    expect(c.write(c.call("symbol=?", a, b))).toBe("#f");
    expect(c.write(a)).not.toBe(c.write(b));
  });

  it("names the symbol with a string or symbol prefix", () => {
    expect(c.write(c.call("gensym", str("tmp")))).toMatch(/^tmp\d+$/);
    expect(c.write(c.call("gensym", c.datum("loop")))).toMatch(/^loop\d+$/);
  });

  it("does not intern: a gensym is not eq? to the interned symbol of its name", () => {
    const g = c.call("gensym");
    const interned = c.call("string->symbol", c.call("symbol->string", g));
    expect(interned).not.toBe(g);
    expect(c.write(c.call("symbol=?", g, interned))).toBe("#f");
    expect(c.world.symbols.intern(c.world.symbols.name(g))).toBe(interned);
  });
});

describe("UTF-8", () => {
  it("string->utf8 encodes a string, within start and end", () => {
    expect(c.run("string->utf8", '"abc"')).toBe("#u8(97 98 99)");
    expect(c.run("string->utf8", '"aλ😀"')).toBe("#u8(97 206 187 240 159 152 128)");
    expect(c.run("string->utf8", '"aλc"', "1")).toBe("#u8(206 187 99)");
    expect(c.run("string->utf8", '"aλc"', "1", "2")).toBe("#u8(206 187)");
  });

  it("utf8->string decodes a bytevector, within start and end", () => {
    expect(c.run("utf8->string", "#u8(#x41)")).toBe('"A"');
    expect(c.run("utf8->string", "#u8(97 206 187 240 159 152 128)")).toBe('"aλ😀"');
    expect(c.run("utf8->string", "#u8(97 206 187 99)", "1")).toBe('"λc"');
    expect(c.run("utf8->string", "#u8(97 206 187 99)", "1", "3")).toBe('"λ"');
  });

  it("utf8->string decodes invalid UTF-8 to U+FFFD", () => {
    expect(c.run("utf8->string", "#u8(97 255 98)")).toBe('"a\uFFFDb"');
    expect(c.run("utf8->string", "#u8(206)")).toBe('"\uFFFD"');
    expect(c.run("utf8->string", "#u8(237 160 128)")).toBe('"\uFFFD\uFFFD\uFFFD"'); // an encoded surrogate
  });

  it("utf8->string keeps a leading byte order mark", () => {
    expect(c.run("string-length", c.run("utf8->string", "#u8(239 187 191 97)"))).toBe("2");
  });
});

describe("extensions", () => {
  it("string-null? is true of the empty string only", () => {
    expect(c.run("string-null?", '""')).toBe("#t");
    expect(c.run("string-null?", '" "')).toBe("#f");
  });

  it("string-reverse reverses the characters", () => {
    expect(c.run("string-reverse", '"abc"')).toBe('"cba"');
    expect(c.run("string-reverse", '"aλ😀"')).toBe('"😀λa"');
    expect(c.run("string-reverse", '""')).toBe('""');
  });

  it("string-split splits at a character and keeps empty fields", () => {
    expect(c.run("string-split", '"a,b,c"', "#\\,")).toBe('("a" "b" "c")');
    expect(c.run("string-split", '"a,,b"', "#\\,")).toBe('("a" "" "b")');
    expect(c.run("string-split", '",a,"', "#\\,")).toBe('("" "a" "")');
    expect(c.run("string-split", '"abc"', "#\\,")).toBe('("abc")');
    expect(c.run("string-split", '""', "#\\,")).toBe('("")');
    expect(c.run("string-split", '"αλβ"', "#\\λ")).toBe('("α" "β")');
  });

  it("string-join puts a space between the strings by default", () => {
    expect(c.run("string-join", '("a" "b" "c")')).toBe('"a b c"');
    expect(c.run("string-join", "()")).toBe('""');
    expect(c.run("string-join", '("a")')).toBe('"a"');
  });

  it("string-join puts the given delimiter between the strings", () => {
    expect(c.run("string-join", '("a" "b" "c")', '", "')).toBe('"a, b, c"');
    expect(c.run("string-join", '("a" "b")', '"λ"')).toBe('"aλb"');
    expect(c.run("string-join", '("a" "b")', '""')).toBe('"ab"');
  });

  it("string-join joins a hundred thousand strings in linear time", () => {
    const list = c.call("string-split", str("ab,".repeat(100_000)), c.datum("#\\,"));
    const started = Date.now();
    const s = c.call("string-join", list, str("λ"));
    expect(stringLength(heap, s)).toBe(300_000);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("string-join undoes string-split", () => {
    expect(c.run("string-join", c.run("string-split", '"a,,b,"', "#\\,"), '","')).toBe('"a,,b,"');
  });

  it("string-index gives the index of the first occurrence of a character, or #f", () => {
    expect(c.run("string-index", '"hello"', "#\\l")).toBe("2");
    expect(c.run("string-index", '"hello"', "#\\z")).toBe("#f");
    expect(c.run("string-index", '"aλ😀"', "#\\😀")).toBe("2");
  });

  it("string-index searches from start to end", () => {
    expect(c.run("string-index", '"hello"', "#\\l", "3")).toBe("3");
    expect(c.run("string-index", '"hello"', "#\\l", "4")).toBe("#f");
    expect(c.run("string-index", '"hello"', "#\\o", "0", "4")).toBe("#f");
  });

  it("string-search takes the pattern first and gives the index of its first occurrence, or #f", () => {
    expect(c.run("string-search", '"lo"', '"hello lo"')).toBe("3");
    expect(c.run("string-search", '"xyz"', '"hello"')).toBe("#f");
    expect(c.run("string-search", '""', '"hello"')).toBe("0");
    expect(c.run("string-search", '"λ😀"', '"aλλ😀"')).toBe("2");
  });

  it("string-search searches from start", () => {
    expect(c.run("string-search", '"lo"', '"hello lo"', "4")).toBe("6");
    expect(c.run("string-search", '"lo"', '"hello lo"', "7")).toBe("#f");
    expect(c.run("string-search", '""', '"abc"', "3")).toBe("3");
  });

  it("string-search finds a pattern that overlaps a partial match", () => {
    expect(c.run("string-search", '"aab"', '"aaab"')).toBe("1");
    expect(c.run("string-search", '"abab"', '"abacababab"')).toBe("4");
  });

  it("string-search is linear on a repetitive text", () => {
    const text = str("a".repeat(200_000) + "b");
    const pattern = str("a".repeat(100_000) + "b");
    const started = Date.now();
    expect(c.write(c.call("string-search", pattern, text))).toBe("100000");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("string-contains takes the string first (SRFI-13)", () => {
    expect(c.run("string-contains", '"hello lo"', '"lo"')).toBe("3");
    expect(c.run("string-contains", '"hello"', '"xyz"')).toBe("#f");
  });

  it("string-prefix? and string-suffix? take the affix first", () => {
    expect(c.run("string-prefix?", '"he"', '"hello"')).toBe("#t");
    expect(c.run("string-prefix?", '"lo"', '"hello"')).toBe("#f");
    expect(c.run("string-prefix?", '"hello!"', '"hello"')).toBe("#f");
    expect(c.run("string-prefix?", '""', '"hello"')).toBe("#t");
    expect(c.run("string-suffix?", '"lo"', '"hello"')).toBe("#t");
    expect(c.run("string-suffix?", '"he"', '"hello"')).toBe("#f");
    expect(c.run("string-suffix?", '"λ"', '"aλ"')).toBe("#t");
  });

  it("string-trim removes white space at both ends", () => {
    expect(c.run("string-trim", '"  a b \\t\\n"')).toBe('"a b"');
    expect(c.run("string-trim", '"   "')).toBe('""');
    expect(c.run("string-trim", '"\\x3000;λ\\xA0;"')).toBe('"λ"');
  });

  it("string-trim-left and string-trim-right remove it at one end", () => {
    expect(c.run("string-trim-left", '"  a  "')).toBe('"a  "');
    expect(c.run("string-trim-right", '"  a  "')).toBe('"  a"');
  });

  it("string-pad-left pads on the left to the length", () => {
    expect(c.run("string-pad-left", '"42"', "5")).toBe('"   42"');
    expect(c.run("string-pad-left", '"42"', "5", "#\\0")).toBe('"00042"');
    expect(c.run("string-pad-left", '"42"', "4", "#\\λ")).toBe('"λλ42"');
  });

  it("string-pad-left truncates on the left, keeping the rightmost characters", () => {
    expect(c.run("string-pad-left", '"12345"', "3")).toBe('"345"');
    expect(c.run("string-pad-left", '"12345"', "5")).toBe('"12345"');
    expect(c.run("string-pad-left", '"12345"', "0")).toBe('""');
  });

  it("string-pad-right pads on the right, or keeps the leftmost characters", () => {
    expect(c.run("string-pad-right", '"42"', "5")).toBe('"42   "');
    expect(c.run("string-pad-right", '"42"', "4", "#\\*")).toBe('"42**"');
    expect(c.run("string-pad-right", '"12345"', "3")).toBe('"123"');
  });
});

describe("immutable strings", () => {
  it("string-set! is an error that names the alternatives", () => {
    const e = c.error("string-set!", '"abc"', "0", "#\\x");
    expect(e.message).toBe(
      "string-set!: strings are immutable in Stasis; build a new string with string-append, substring or string-map");
    expect(e.kind).toBe("immutable");
  });

  it("string-fill! is an error that names make-string", () => {
    const e = c.error("string-fill!", '"abc"', "#\\x");
    expect(e.message).toBe("string-fill!: strings are immutable in Stasis; make a filled string with make-string");
    expect(e.kind).toBe("immutable");
  });

  it("string-copy! is an error that names the alternatives", () => {
    const e = c.error("string-copy!", '"abc"', "0", '"x"');
    expect(e.message).toBe(
      "string-copy!: strings are immutable in Stasis; build a new string with string-append, substring or string-copy");
    expect(e.kind).toBe("immutable");
  });

  it("no primitive changes its argument", () => {
    const s = str("hello");
    c.call("string-upcase", s);
    c.call("string-reverse", s);
    c.call("string-pad-left", s, makeFixnum(2));
    expect(c.write(s)).toBe('"hello"');
  });
});

describe("type errors", () => {
  it("a non-string argument is a type error naming the procedure and the value", () => {
    const e = c.error("string-length", "abc");
    expect(e.message).toBe("string-length: expected a string");
    expect(e.kind).toBe("type");
    expect(c.write(e.irritants[0])).toBe("abc");
  });

  it("every string procedure checks its string arguments", () => {
    const cases: [string, ...string[]][] = [
      ["string-ref", "1", "0"], ["string=?", '"a"', "1"], ["string-ci<?", "1"], ["substring", "1", "0"],
      ["string-append", '"a"', "1"], ["string->list", "1"], ["string->vector", "1"], ["string-copy", "1"],
      ["string-upcase", "1"], ["string-downcase", "1"], ["string-foldcase", "1"], ["string->symbol", "a"],
      ["string->utf8", "1"], ["string-null?", "1"], ["string-reverse", "1"], ["string-split", "1", "#\\,"],
      ["string-join", '("a" 1)'], ["string-join", '("a")', "#\\,"], ["string-index", "1", "#\\a"],
      ["string-search", "1", '"a"'], ["string-search", '"a"', "1"], ["string-contains", "1", '"a"'],
      ["string-prefix?", "1", '"a"'], ["string-suffix?", '"a"', "1"], ["string-trim", "1"],
      ["string-trim-left", "1"], ["string-trim-right", "1"], ["string-pad-left", "1", "2"],
      ["string-pad-right", "1", "2"],
    ];
    for (const [name, ...args] of cases) {
      const e = c.error(name, ...args);
      expect(e.message).toBe(`${name}: expected a string`);
      expect(e.kind).toBe("type");
    }
  });

  it("a non-character where a character belongs is a type error", () => {
    const cases: [string, ...string[]][] = [
      ["make-string", "2", '"a"'], ["string", "#\\a", "1"], ["list->string", "(#\\a 1)"],
      ["vector->string", "#(#\\a 1)"], ["string-split", '"a"', '","'], ["string-index", '"a"', '"a"'],
      ["string-pad-left", '"a"', "2", '"x"'],
    ];
    for (const [name, ...args] of cases) {
      const e = c.error(name, ...args);
      expect(e.message).toBe(`${name}: expected a character`);
      expect(e.kind).toBe("type");
    }
  });

  it("list->string and string-join need a proper list", () => {
    expect(c.error("list->string", "(#\\a . #\\b)").message).toBe("list->string: expected a proper list");
    expect(c.error("list->string", "#\\a").message).toBe("list->string: expected a proper list");
    expect(c.error("string-join", '("a" . "b")').message).toBe("string-join: expected a proper list");
  });

  it("vector->string needs a vector and utf8->string a bytevector", () => {
    expect(c.error("vector->string", '"abc"').message).toBe("vector->string: expected a vector");
    expect(c.error("utf8->string", '"abc"').message).toBe("utf8->string: expected a bytevector");
  });

  it("symbol procedures need symbols", () => {
    expect(c.error("symbol->string", '"a"').message).toBe("symbol->string: expected a symbol");
    expect(c.error("symbol=?", "a", '"a"').message).toBe("symbol=?: expected a symbol");
  });

  it("gensym's prefix is a string or a symbol", () => {
    const e = c.error("gensym", "1");
    expect(e.message).toBe("gensym: expected a string or a symbol");
    expect(e.kind).toBe("type");
  });

  it("an index that is not an exact integer is a type error", () => {
    for (const k of ["1.0", "a", "#\\a"]) {
      const e = c.error("string-ref", '"abc"', k);
      expect(e.message).toBe("string-ref: expected an exact integer");
      expect(e.kind).toBe("type");
    }
    expect(c.error("make-string", "2.0").message).toBe("make-string: expected an exact integer");
    expect(c.error("substring", '"abc"', "0.5").message).toBe("substring: expected an exact integer");
  });
});

describe("range errors", () => {
  it("string-ref past the end is a range error carrying the index", () => {
    const e = c.error("string-ref", '"abc"', "3");
    expect(e.message).toBe("string-ref: index out of range");
    expect(e.kind).toBe("range");
    expect(c.write(e.irritants[0])).toBe("3");
    expect(c.error("string-ref", '""', "0").message).toBe("string-ref: index out of range");
    expect(c.error("string-ref", '"abc"', "100000000000000000000").kind).toBe("range");
  });

  it("a negative index is a range error", () => {
    for (const k of ["-1", "-100000000000000000000"]) {
      const e = c.error("string-ref", '"abc"', k);
      expect(e.message).toBe("string-ref: index out of range");
      expect(e.kind).toBe("range");
    }
    expect(c.error("substring", '"abc"', "-1").message).toBe("substring: start out of range");
  });

  it("a start past the end of the string is a range error", () => {
    for (const name of ["substring", "string->list", "string->vector", "string-copy", "string->utf8"]) {
      const e = c.error(name, '"abc"', "4");
      expect(e.message).toBe(`${name}: start out of range`);
      expect(e.kind).toBe("range");
    }
    expect(c.error("string-search", '"a"', '"abc"', "4").message).toBe("string-search: start out of range");
    expect(c.error("string-index", '"abc"', "#\\a", "4").message).toBe("string-index: start out of range");
  });

  it("an end past the end of the string is a range error", () => {
    for (const name of ["substring", "string->list", "string->vector", "string-copy", "string->utf8"]) {
      const e = c.error(name, '"abc"', "0", "4");
      expect(e.message).toBe(`${name}: end out of range`);
      expect(e.kind).toBe("range");
    }
  });

  it("an end before the start is a range error", () => {
    const e = c.error("substring", '"abc"', "2", "1");
    expect(e.message).toBe("substring: end out of range");
    expect(c.write(e.irritants[0])).toBe("1");
  });

  it("vector->string and utf8->string check start and end against their argument", () => {
    expect(c.error("vector->string", "#(#\\a)", "2").message).toBe("vector->string: start out of range");
    expect(c.error("utf8->string", "#u8(97)", "0", "2").message).toBe("utf8->string: end out of range");
  });

  it("a length longer than a heap object can hold is a range error, raised before allocating", () => {
    const e = c.error("make-string", "100000000", "#\\a");
    expect(e.message).toBe("make-string: length out of range");
    expect(e.kind).toBe("range");
    expect(c.error("make-string", "100000000000000000000").message).toBe("make-string: length out of range");
    expect(c.error("make-string", "-1").message).toBe("make-string: length out of range");
    // Wide strings take a word per character, so fewer of them fit.
    expect(c.error("make-string", "9000000", "#\\λ").message).toBe("make-string: length out of range");
    expect(c.error("string-pad-left", '"a"', "9000000", "#\\λ").message).toBe("string-pad-left: length out of range");
  });

  it("a result longer than a heap object can hold is a range error naming the procedure", () => {
    // 9,000,000 narrow characters fit; with one wide character they need a word each, too many.
    const big = c.call("make-string", makeFixnum(9_000_000), c.datum("#\\a"));
    expect(() => c.call("string-append", str("λ"), big)).toThrow("string-append: string too long");
    expect(c.write(c.call("string-length", c.call("string-append", str("ÿ"), big)))).toBe("9000001");
  });
});

describe("large strings", () => {
  it("make-string makes a million-character string", () => {
    const s = c.call("make-string", makeFixnum(1_000_000), c.datum("#\\λ"));
    expect(stringLength(heap, s)).toBe(1_000_000);
    expect(c.write(c.call("string-ref", s, makeFixnum(999_999)))).toBe("#\\λ");
  });

  it("converts large wide strings to and from UTF-8", () => {
    const s = c.call("make-string", makeFixnum(100_000), c.datum("#\\😀"));
    const back = c.call("utf8->string", c.call("string->utf8", s));
    expect(c.write(c.call("string=?", s, back))).toBe("#t");
  });
});
