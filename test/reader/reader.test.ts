// The data syntax (R7RS 2 and 7.1.2): what each kind of text reads as, without annotations.

import * as L from "../../runtime/layout";
import { EOF } from "../../runtime/layout";
import { Reader, readAll } from "../../reader/reader";
import { FILE, chr, flo, newWorld, plain, read1, readError, readPlain, sym } from "./data";

describe("symbols (R7RS 2.1)", () => {
  it.each(["...", "+", "+soup+", "<=?", "->string", "a34kTMNs", "lambda", "list->vector", "q", "V17a",
    "the-word-recursion-has-many-meanings", "λ", "a.b", "x#y", "a'b"])("reads %s as a symbol", (name) => {
    expect(read1(name)).toEqual(sym(name));
  });

  it("keeps the case of identifiers", () => {
    expect(readPlain("Foo foo FOO")).toEqual([sym("Foo"), sym("foo"), sym("FOO")]);
  });

  it("reads |two words| as one symbol", () => {
    expect(read1("|two words|")).toEqual(sym("two words"));
  });

  it("reads the escapes of |symbols|: \\x20; \\| \\\\ and the mnemonic escapes", () => {
    expect(read1("|two\\x20;words|")).toEqual(sym("two words"));
    expect(read1("|a\\|b|")).toEqual(sym("a|b"));
    expect(read1("|a\\\\b|")).toEqual(sym("a\\b"));
    expect(read1("|\\x41;\\t|")).toEqual(sym("A\t"));
    expect(read1("||")).toEqual(sym(""));
  });

  it("interns symbols: every occurrence of a name is the same word", () => {
    const world = newWorld();
    const [a, b, c, d] = readAll(world, "foo foo |foo| (foo)", { file: FILE });
    expect(a).toBe(b);
    expect(a).toBe(c);
    expect(world.heap.car(d)).toBe(a);
    expect(a).toBe(world.symbols.intern("foo"));
  });

  it("reads a |symbol| right after an identifier as a second symbol: | is a delimiter", () => {
    expect(readPlain("abc|def|")).toEqual([sym("abc"), sym("def")]);
  });
});

describe("booleans", () => {
  it("reads #t #f #true #false", () => {
    expect(readPlain("#t #f #true #false")).toEqual([true, false, true, false]);
  });

  it("reads booleans in any case: case is insignificant in # syntax", () => {
    expect(readPlain("#T #F #TRUE #False")).toEqual([true, false, true, false]);
  });
});

describe("characters (R7RS 6.6)", () => {
  it("reads #\\a #\\A #\\( and #\\ (space)", () => {
    expect(readPlain("#\\a #\\A #\\( #\\ ")).toEqual([chr("a"), chr("A"), chr("("), chr(" ")]);
  });

  it("reads every R7RS character name", () => {
    expect(readPlain("#\\alarm #\\backspace #\\delete #\\escape #\\newline #\\null #\\return #\\space #\\tab"))
      .toEqual(["\x07", "\b", "\x7f", "\x1b", "\n", "\0", "\r", " ", "\t"].map(chr));
  });

  it("reads hex characters #\\x3bb and #\\x41", () => {
    expect(readPlain("#\\x3bb #\\x03BB #\\x41")).toEqual([chr("λ"), chr("λ"), chr("A")]);
  });

  it("reads #\\x alone as the character x", () => {
    expect(read1("#\\x")).toEqual(chr("x"));
  });

  it("reads a character outside the BMP, #\\😀", () => {
    expect(read1("#\\😀")).toEqual(chr("😀"));
  });

  it("reads #\\) #\\; #\\\" #\\| and #\\# as those characters", () => {
    expect(readPlain("#\\) #\\; #\\\" #\\| #\\#")).toEqual([chr(")"), chr(";"), chr("\""), chr("|"), chr("#")]);
  });

  it("ends a character at a delimiter: (#\\a) is a list of one character", () => {
    expect(read1("(#\\a)")).toEqual([chr("a")]);
    expect(read1("(#\\))")).toEqual([chr(")")]);
  });

  it("reads #\\ followed by a newline as the newline character", () => {
    expect(read1("#\\\n")).toEqual(chr("\n"));
  });
});

describe("strings (R7RS 6.7)", () => {
  it("reads the R7RS examples", () => {
    expect(read1('"The word \\"recursion\\" has many meanings."')).toBe('The word "recursion" has many meanings.');
    expect(read1('"Another example:\\ntwo lines of text"')).toBe("Another example:\ntwo lines of text");
    expect(read1('"Here\'s text \\\n   containing just one line"')).toBe("Here's text containing just one line");
    expect(read1('"\\x03B1; is named GREEK SMALL LETTER ALPHA."')).toBe("α is named GREEK SMALL LETTER ALPHA.");
  });

  it("reads every mnemonic escape: \\a \\b \\t \\n \\r \\\" \\\\ \\|", () => {
    expect(read1('"\\a\\b\\t\\n\\r\\"\\\\\\|"')).toBe("\x07\b\t\n\r\"\\|");
  });

  it("reads hex escapes of any length, and of characters outside the BMP", () => {
    expect(read1('"\\x41;\\x0041;\\x1F600;"')).toBe("AA😀");
  });

  it("removes a line continuation with spaces and tabs around the line ending", () => {
    expect(read1('"a \\  \t\n \t b"')).toBe("a b");
  });

  it("removes a line continuation ending in CRLF", () => {
    expect(read1('"a\\\r\n  b"')).toBe("ab");
  });

  it("keeps newlines written in a string", () => {
    expect(read1('"line 1\nline 2"')).toBe("line 1\nline 2");
  });

  it("reads non-ASCII strings, including characters outside the BMP", () => {
    expect(read1('"λ → 😀"')).toBe("λ → 😀");
  });

  it("reads the empty string", () => {
    expect(read1('""')).toBe("");
  });
});

describe("lists and pairs", () => {
  it("reads the empty list", () => {
    expect(read1("()")).toEqual([]);
    expect(read1("( )")).toEqual([]);
  });

  it("reads nested lists", () => {
    expect(read1("(a (b c) () d)")).toEqual([sym("a"), [sym("b"), sym("c")], [], sym("d")]);
  });

  it("reads dotted pairs and dotted lists", () => {
    expect(read1("(a . b)")).toEqual({ list: [sym("a")], tail: sym("b") });
    expect(read1("(1 2 . 3)")).toEqual({ list: [1, 2], tail: 3 });
  });

  it("reads (a . (b c)) as the list (a b c)", () => {
    expect(read1("(a . (b c))")).toEqual([sym("a"), sym("b"), sym("c")]);
  });

  it("reads brackets as parentheses", () => {
    expect(read1("[a [b] (c)]")).toEqual([sym("a"), [sym("b")], [sym("c")]]);
  });

  it("reads atoms that touch parentheses", () => {
    expect(read1("(a(b)c)")).toEqual([sym("a"), [sym("b")], sym("c")]);
  });

  it("reads a list nested 100,000 deep without overflowing the stack", () => {
    const depth = 100_000;
    const world = newWorld();
    const [datum] = readAll(world, "(".repeat(depth) + "x" + ")".repeat(depth), { file: FILE });
    let l = datum;
    let levels = 0;
    for (; L.isPair(l); levels++) l = world.heap.car(l);
    expect(levels).toBe(depth);
    expect(plain(world, l)).toEqual(sym("x"));
  });

  it("reads 100,000 nested quotes without overflowing the stack", () => {
    const depth = 100_000;
    const world = newWorld();
    let [l] = readAll(world, "'".repeat(depth) + "x", { file: FILE });
    for (let i = 0; i < depth; i++) l = world.heap.car(world.heap.cdr(l));
    expect(plain(world, l)).toEqual(sym("x"));
  });
});

describe("vectors and bytevectors", () => {
  it("reads vectors", () => {
    expect(read1("#(0 (2 2 2 2) \"Anna\")")).toEqual({ vector: [0, [2, 2, 2, 2], "Anna"] });
    expect(read1("#()")).toEqual({ vector: [] });
  });

  it("reads nested vectors", () => {
    expect(read1("#(#(1) #())")).toEqual({ vector: [{ vector: [1] }, { vector: [] }] });
  });

  it("reads bytevectors", () => {
    expect(read1("#u8(0 10 5 255)")).toEqual({ bytevector: [0, 10, 5, 255] });
    expect(read1("#u8()")).toEqual({ bytevector: [] });
  });

  it("reads #U8( in upper case", () => {
    expect(read1("#U8(1)")).toEqual({ bytevector: [1] });
  });

  it("reads bytevector elements written in any radix", () => {
    expect(read1("#u8(#xff #b1 #e1.)")).toEqual({ bytevector: [255, 1, 1] });
  });
});

describe("quote forms", () => {
  it("reads 'x `x ,x ,@x as (quote x) (quasiquote x) (unquote x) (unquote-splicing x)", () => {
    expect(readPlain("'x `x ,x ,@x")).toEqual([
      [sym("quote"), sym("x")], [sym("quasiquote"), sym("x")],
      [sym("unquote"), sym("x")], [sym("unquote-splicing"), sym("x")],
    ]);
  });

  it("quotes the next datum, whatever it is", () => {
    expect(read1("'(a . b)")).toEqual([sym("quote"), { list: [sym("a")], tail: sym("b") }]);
    expect(read1("'#(1)")).toEqual([sym("quote"), { vector: [1] }]);
    expect(read1("''a")).toEqual([sym("quote"), [sym("quote"), sym("a")]]);
  });

  it("reads `(a ,b ,@c) with the quote forms nested", () => {
    expect(read1("`(a ,b ,@c)")).toEqual([sym("quasiquote"),
      [sym("a"), [sym("unquote"), sym("b")], [sym("unquote-splicing"), sym("c")]]]);
  });

  it("quotes with the interned symbols", () => {
    const world = newWorld();
    const [q] = readAll(world, "'x", { file: FILE });
    expect(world.heap.car(q)).toBe(world.symbols.intern("quote"));
  });

  it("allows whitespace and comments between a quote and its datum", () => {
    expect(read1("' ; comment\n #;skipped x")).toEqual([sym("quote"), sym("x")]);
  });
});

describe("comments (R7RS 2.2)", () => {
  it("skips line comments", () => {
    expect(readPlain("a ; comment (\nb")).toEqual([sym("a"), sym("b")]);
  });

  it("skips the R7RS block comment example", () => {
    const text = `#|
   The FACT procedure computes the factorial
   of a non-negative integer.
|#
(define fact
  (lambda (n)
    (if (= n 0)
        #;(= n 1)
        1        ;Base case: return 1
        (* n (fact (- n 1))))))`;
    expect(read1(text)).toEqual([sym("define"), sym("fact"), [sym("lambda"), [sym("n")],
      [sym("if"), [sym("="), sym("n"), 0], 1, [sym("*"), sym("n"), [sym("fact"), [sym("-"), sym("n"), 1]]]]]]);
  });

  it("skips nested block comments", () => {
    expect(readPlain("#| a #| b |# c |# x")).toEqual([sym("x")]);
  });

  it("skips block comments containing quote marks and bars", () => {
    expect(readPlain('#| " | |# x')).toEqual([sym("x")]);
  });

  it("skips a block comment between two data", () => {
    expect(readPlain("(a)#|c|#(b)")).toEqual([[sym("a")], [sym("b")]]);
  });

  it("skips the datum after #;, even a nested list", () => {
    expect(readPlain("#;(a (b c)) d")).toEqual([sym("d")]);
    expect(read1("(a #;(b (c)) d)")).toEqual([sym("a"), sym("d")]);
  });

  it("skips two data after #; #;", () => {
    expect(readPlain("#; #; a b c")).toEqual([sym("c")]);
  });

  it("allows a datum comment at the end of a list", () => {
    expect(read1("(a #;b)")).toEqual([sym("a")]);
    expect(read1("(a . b #;c)")).toEqual({ list: [sym("a")], tail: sym("b") });
  });

  it("reads only comments as no data", () => {
    expect(readPlain("; nothing\n#| here |# #;(at all)")).toEqual([]);
  });
});

describe("datum labels (R7RS 2.4)", () => {
  it("reads #0= and #0# as shared structure: the same word twice", () => {
    const world = newWorld();
    const [list] = readAll(world, "(#0=(a b) #0#)", { file: FILE });
    const heap = world.heap;
    expect(heap.car(list)).toBe(heap.car(heap.cdr(list)));
    expect(plain(world, list)).toEqual([[sym("a"), sym("b")], [sym("a"), sym("b")]]);
  });

  it("reads a label on an atom", () => {
    expect(read1("(#1=x #1# #1#)")).toEqual([sym("x"), sym("x"), sym("x")]);
  });

  it("reads labels with leading zeros as the same label", () => {
    expect(read1("(#01=x #1#)")).toEqual([sym("x"), sym("x")]);
  });

  it("scopes labels to one top-level datum", () => {
    expect(readError("#0=a #0#").message).toBe("undefined datum label #0#");
  });
});

describe("directives", () => {
  it("folds identifiers and character names to lower case after #!fold-case", () => {
    expect(readPlain("ABC #!fold-case ABC |ABC| #\\NEWLINE #\\A")).toEqual(
      [sym("ABC"), sym("abc"), sym("ABC"), chr("\n"), chr("A")]);
  });

  it("stops folding after #!no-fold-case", () => {
    expect(readPlain("#!fold-case A #!no-fold-case A")).toEqual([sym("a"), sym("A")]);
  });

  it("keeps folding across calls to next(): a directive holds for the rest of the text", () => {
    const world = newWorld();
    const reader = new Reader(world, "#!fold-case X\nY", { file: FILE });
    expect(plain(world, reader.next())).toEqual(sym("x"));
    expect(plain(world, reader.next())).toEqual(sym("y"));
  });
});

describe("shebang lines", () => {
  it("skips a first line #!/usr/bin/env stasis when options.shebang is set", () => {
    expect(readPlain("#!/usr/bin/env stasis \"x\n(a)", { shebang: true })).toEqual([[sym("a")]]);
    expect(readPlain("#! stasis\n(a)", { shebang: true })).toEqual([[sym("a")]]);
  });

  it("skips a shebang only at offset 0", () => {
    expect(readError("\n#!/usr/bin/env stasis", { shebang: true }).message).toBe("unknown # syntax #!/usr/bin/env");
  });

  it("does not skip a shebang unless options.shebang is set", () => {
    expect(readError("#!/usr/bin/env stasis").message).toBe("unknown # syntax #!/usr/bin/env");
  });

  it("keeps the positions of the lines after a shebang", () => {
    expect(readError("#!/bin/stasis\n  )", { shebang: true }).at).toBe("2:3");
  });
});

describe("the Reader", () => {
  it("returns one datum per next(), then EOF, again and again", () => {
    const world = newWorld();
    const reader = new Reader(world, "1 (2) x", { file: FILE });
    expect(plain(world, reader.next())).toBe(1);
    expect(plain(world, reader.next())).toEqual([2]);
    expect(plain(world, reader.next())).toEqual(sym("x"));
    expect(reader.next()).toBe(EOF);
    expect(reader.next()).toBe(EOF);
  });

  it("reports the offset just past the last datum returned", () => {
    const world = newWorld();
    const reader = new Reader(world, "(a b) \"s\" ; c\n", { file: FILE });
    expect(reader.offset).toBe(0);
    reader.next();
    expect(reader.offset).toBe(5);
    reader.next();
    expect(reader.offset).toBe(9);
    reader.next();
    expect(reader.offset).toBe(9);
  });

  it("leaves text after the last complete datum for a REPL to keep: offset is before it", () => {
    const world = newWorld();
    const text = "(display 1) (car";
    const reader = new Reader(world, text, { file: FILE });
    reader.next();
    expect(() => reader.next()).toThrow("unterminated list");
    expect(text.slice(reader.offset)).toBe(" (car");
  });

  it("keeps throwing the same error after a read error", () => {
    const world = newWorld();
    const reader = new Reader(world, ") a", { file: FILE });
    let first: unknown;
    try { reader.next(); } catch (e) { first = e; }
    expect(() => reader.next()).toThrow(first as Error);
  });

  it("reads data past a window of the lexer: a text much longer than one window", () => {
    const n = 20_000;
    const text = Array.from({ length: n }, (_, i) => `(item ${i} "string ${i}")`).join("\n");
    const data = readPlain(text);
    expect(data).toHaveLength(n);
    expect(data[n - 1]).toEqual([sym("item"), n - 1, `string ${n - 1}`]);
  });

  it("reads a string longer than a window of the lexer", () => {
    const long = "x".repeat(100_000);
    expect(readPlain(`a "${long}" b`)).toEqual([sym("a"), long, sym("b")]);
  });

  it("replaces an unpaired surrogate in the text with U+FFFD, keeping offsets", () => {
    expect(read1('"a\uD800b"')).toBe("a\uFFFDb");
    expect(readError("\uDC00 )").at).toBe("1:3");
  });

  it("reads a mix of every kind of datum in sequence", () => {
    expect(readPlain("1 2.5 \"s\" #\\c sym #t () #(1) #u8(2) (a . b) 'q")).toEqual([
      1, flo(2.5), "s", chr("c"), sym("sym"), true, [], { vector: [1] }, { bytevector: [2] },
      { list: [sym("a")], tail: sym("b") }, [sym("quote"), sym("q")],
    ]);
  });
});
