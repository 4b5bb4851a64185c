// R7RS 6.5 (symbols), 6.6 (characters) and 6.7 (strings) with (scheme char), through the
// evaluator. Strings are immutable (LANGUAGE.md): the string mutators are bound and say so.
import { evaluator } from "./support";

const e = evaluator();

/** Evaluates each source in turn (one session) and expects the written value beside it. */
async function examples(rows: readonly (readonly [string, string])[]): Promise<void> {
  const actual: (readonly [string, string])[] = [];
  for (const [source] of rows) actual.push([source, await e.value(source)]);
  expect(actual).toEqual(rows);
}

describe("R7RS 6.5 symbols", () => {
  it("symbol? (the report's examples)", async () => {
    await examples([
      ["(symbol? 'foo)", "#t"],
      ["(symbol? (car '(a b)))", "#t"],
      ['(symbol? "bar")', "#f"],
      ["(symbol? 'nil)", "#t"],
      ["(symbol? '())", "#f"],
      ["(symbol? #f)", "#f"],
    ]);
  });

  it("symbol=? compares any number of symbols", async () => {
    await examples([
      ["(symbol=? 'a 'a 'a)", "#t"],
      ["(symbol=? 'a 'b)", "#f"],
    ]);
    expect(await e.error('(symbol=? \'a "a")')).toBe('test.scm:1:1: symbol=?: expected a symbol, got "a"');
  });

  it("symbol->string and string->symbol keep case (the report's examples)", async () => {
    await examples([
      ["(symbol->string 'flying-fish)", '"flying-fish"'],
      ["(symbol->string 'Martin)", '"Martin"'],
      ['(symbol->string (string->symbol "Malvina"))', '"Malvina"'],
      ['(string->symbol "mISSISSIppi")', "mISSISSIppi"],
      ["(eq? 'abc (string->symbol \"abc\"))", "#t"],
    ]);
  });

  it("a symbol whose name needs it is written between bars", async () => {
    await examples([
      ['(string->symbol "hello world")', "|hello world|"],
      ['(string->symbol "")', "||"],
      ["'|a b|", "|a b|"],
    ]);
  });
});

describe("R7RS 6.6 characters", () => {
  it("character names and hex escapes", async () => {
    await examples([
      ["(list #\\a #\\A #\\( #\\space #\\newline #\\tab)", "(#\\a #\\A #\\( #\\space #\\newline #\\tab)"],
      ["(list #\\alarm #\\backspace #\\delete #\\escape #\\null #\\return)",
        "(#\\alarm #\\backspace #\\delete #\\escape #\\null #\\return)"],
      ["(list #\\x41 #\\x3bb #\\λ #\\x1F600)", "(#\\A #\\λ #\\λ #\\😀)"],
    ]);
  });

  it("char->integer and integer->char are inverses on Unicode scalar values", async () => {
    await examples([
      ["(char->integer #\\a)", "97"],
      ["(integer->char 955)", "#\\λ"],
      ["(char->integer (integer->char #x10FFFF))", "1114111"],
      ["(char? #\\a)", "#t"],
      ['(char? "a")', "#f"],
    ]);
  });

  it("integer->char refuses surrogates and negative numbers", async () => {
    expect(await e.error("(integer->char #xD800)")).toBe("test.scm:1:1: integer->char: not a Unicode scalar value: 55296");
    expect(await e.error("(integer->char -1)")).toBe("test.scm:1:1: integer->char: not a Unicode scalar value: -1");
  });

  it("the comparisons take any number of characters; the -ci ones fold case", async () => {
    await examples([
      ["(char<? #\\a #\\b #\\c)", "#t"],
      ["(char<? #\\a #\\c #\\b)", "#f"],
      ["(char=? #\\a #\\a)", "#t"],
      ["(char>? #\\b #\\a)", "#t"],
      ["(char<=? #\\a #\\a #\\b)", "#t"],
      ["(char>=? #\\b #\\b #\\a)", "#t"],
      ["(char-ci=? #\\a #\\A)", "#t"],
      ["(char-ci<? #\\a #\\B)", "#t"],
      ["(char-ci>? #\\b #\\A)", "#t"],
      ["(char-ci<=? #\\a #\\A)", "#t"],
      ["(char-ci>=? #\\Z #\\a)", "#t"],
    ]);
    expect(await e.error("(char<? #\\a 1)")).toBe("test.scm:1:1: char<?: expected a character, got 1");
  });

  it("the character classes are Unicode's", async () => {
    await examples([
      ["(char-alphabetic? #\\a)", "#t"],
      ["(char-alphabetic? #\\1)", "#f"],
      ["(char-alphabetic? #\\λ)", "#t"],
      ["(char-numeric? #\\1)", "#t"],
      ["(char-numeric? #\\x0664)", "#t"],
      ["(char-whitespace? #\\space)", "#t"],
      ["(char-whitespace? #\\x00A0)", "#t"],
      ["(char-whitespace? #\\a)", "#f"],
      ["(char-upper-case? #\\A)", "#t"],
      ["(char-upper-case? #\\a)", "#f"],
      ["(char-lower-case? #\\a)", "#t"],
      ["(char-lower-case? #\\λ)", "#t"],
    ]);
  });

  it("digit-value (the report's examples)", async () => {
    await examples([
      ["(digit-value #\\3)", "3"],
      ["(digit-value #\\x0664)", "4"],
      ["(digit-value #\\x0AE6)", "0"],
      ["(digit-value #\\x0EA6)", "#f"],
      ["(digit-value #\\a)", "#f"],
    ]);
  });

  it("char-upcase char-downcase char-foldcase map one character to one", async () => {
    await examples([
      ["(char-upcase #\\a)", "#\\A"],
      ["(char-upcase #\\λ)", "#\\Λ"],
      ["(char-upcase #\\ÿ)", "#\\Ÿ"],
      ["(char-upcase #\\ß)", "#\\ß"],
      ["(char-upcase #\\1)", "#\\1"],
      ["(char-downcase #\\A)", "#\\a"],
      ["(char-downcase #\\Λ)", "#\\λ"],
      ["(char-foldcase #\\A)", "#\\a"],
      ["(char-foldcase #\\Σ)", "#\\σ"],
    ]);
  });
});

describe("R7RS 6.7 strings", () => {
  it("make-string returns a filled string", async () => {
    await examples([
      ["(make-string 3 #\\*)", '"***"'],
      ["(string-length (make-string 2))", "2"],
      ["(make-string 0 #\\a)", '""'],
    ]);
  });

  it("string string-length string-ref count characters, not UTF-16 units", async () => {
    await examples([
      ["(string #\\a #\\b)", '"ab"'],
      ["(string)", '""'],
      ['(string-length "abc")', "3"],
      ['(string-length "λx😀")', "3"],
      ['(string-ref "abc" 1)', "#\\b"],
      ['(string-ref "λ😀" 1)', "#\\😀"],
    ]);
    expect(await e.error('(string-ref "abc" 3)')).toBe("test.scm:1:1: string-ref: index out of range: 3");
  });

  it("the comparisons take any number of strings; the -ci ones use full case folding", async () => {
    await examples([
      ['(string=? "a" "a" "a")', "#t"],
      ['(string<? "abc" "abd")', "#t"],
      ['(string<? "ab" "abc")', "#t"],
      ['(string<? "Z" "a")', "#t"],
      ['(string>? "b" "a")', "#t"],
      ['(string<=? "a" "a" "b")', "#t"],
      ['(string>=? "b" "a" "a")', "#t"],
      ['(string-ci=? "Strasse" "STRASSE")', "#t"],
      ['(string-ci=? "Straße" "STRASSE")', "#t"],
      ['(string-ci<? "a" "B")', "#t"],
      ['(string-ci>? "Z" "a")', "#t"],
      ['(string-ci<=? "a" "A")', "#t"],
      ['(string-ci>=? "b" "A")', "#t"],
    ]);
  });

  it("string-upcase string-downcase string-foldcase use the full mappings", async () => {
    await examples([
      ['(string-upcase "hello")', '"HELLO"'],
      ['(string-upcase "straße")', '"STRASSE"'],
      ['(string-downcase "HELLO")', '"hello"'],
      ['(string-downcase "ΧΑΟΣ")', '"χαος"'],
      ['(string-foldcase "HeLLo")', '"hello"'],
      ['(string-foldcase "Straße")', '"strasse"'],
    ]);
  });

  it("substring string-append string-copy", async () => {
    await examples([
      ['(substring "hello" 1 3)', '"el"'],
      ['(substring "abc" 3 3)', '""'],
      ['(string-append "a" "b" "c")', '"abc"'],
      ["(string-append)", '""'],
      ['(string-copy "abc")', '"abc"'],
      ['(string-copy "abcde" 2)', '"cde"'],
      ['(string-copy "abcde" 1 3)', '"bc"'],
    ]);
  });

  it("string->list list->string string->vector vector->string take ranges", async () => {
    await examples([
      ['(string->list "abc")', "(#\\a #\\b #\\c)"],
      ['(string->list "abcde" 2)', "(#\\c #\\d #\\e)"],
      ['(string->list "abcde" 1 3)', "(#\\b #\\c)"],
      ['(string->list "")', "()"],
      ["(list->string '(#\\a #\\b))", '"ab"'],
      ['(string->vector "abc")', "#(#\\a #\\b #\\c)"],
      ['(string->vector "abcde" 1 3)', "#(#\\b #\\c)"],
      ["(vector->string #(#\\a #\\b))", '"ab"'],
      ["(vector->string #(#\\a #\\b #\\c) 1)", '"bc"'],
      ["(vector->string #(#\\a #\\b #\\c) 0 1)", '"a"'],
    ]);
  });

  it("a range whose end is before its start is a range error", async () => {
    expect(await e.error('(string->list "abc" 2 1)')).toBe("test.scm:1:1: string->list: end out of range: 1");
  });

  it("string-map with one and several strings (the report's examples)", async () => {
    await examples([
      ['(string-map char-foldcase "AbdEgH")', '"abdegh"'],
      ['(string-map (lambda (c) (integer->char (+ 1 (char->integer c)))) "HAL")', '"IBM"'],
      [`(string-map
          (lambda (c k) ((if (eqv? k #\\u) char-upcase char-downcase) c))
          "studlycaps xxx"
          "ululululul")`, '"StUdLyCaPs"'],
    ]);
  });

  it("string-for-each with one and several strings, stopping at the shortest", async () => {
    await examples([
      [`(let ((v '()))
          (string-for-each (lambda (c) (set! v (cons (char->integer c) v))) "abcde")
          v)`, "(101 100 99 98 97)"],
      [`(let ((v '()))
          (string-for-each (lambda (a b) (set! v (cons (string a b) v))) "abc" "xy")
          v)`, '("by" "ax")'],
    ]);
  });

  it("string->utf8 and utf8->string convert with ranges", async () => {
    await examples([
      ['(string->utf8 "λ")', "#u8(206 187)"],
      ['(string->utf8 "abcde" 1 3)', "#u8(98 99)"],
      ["(utf8->string (bytevector 206 187))", '"λ"'],
      ["(utf8->string #u8(65 66 67) 1)", '"BC"'],
    ]);
  });

  it("string-set! string-fill! and string-copy! say that strings are immutable", async () => {
    expect(await e.error("(string-set! (make-string 2 #\\a) 0 #\\b)")).toBe(
      "test.scm:1:1: string-set!: strings are immutable in Stasis; build a new string with string-append, substring or string-map");
    expect(await e.error("(string-fill! (make-string 2 #\\a) #\\b)")).toBe(
      "test.scm:1:1: string-fill!: strings are immutable in Stasis; make a filled string with make-string");
    expect(await e.error('(string-copy! (make-string 2 #\\a) 0 "bb")')).toBe(
      "test.scm:1:1: string-copy!: strings are immutable in Stasis; build a new string with string-append, substring or string-copy");
  });
});

describe("simple case mappings", () => {
  it("char-downcase of U+0130 (İ) is i, its simple lowercase mapping", async () => {
    expect(await e.value("(char-downcase #\\x130)")).toBe("#\\i");
  });
});
