// Read errors (reader.ts R2): each is a ReadError at the line and column of the offending text,
// with a one-line message saying what was found and what was expected; `incomplete` is true
// exactly when the text ended inside an unfinished datum.

import { LispError } from "../../runtime/errors";
import { Reader } from "../../reader/reader";
import { ReadError } from "../../reader/errors";
import { FILE, newWorld, readError } from "./data";

const error = (message: string, at: string, incomplete = false) => ({ message, at, incomplete });

describe("the ReadError", () => {
  it("is a LispError that describes itself as FILE:LINE:COL: message", () => {
    let caught: unknown;
    try {
      new Reader(newWorld(), "\n  )", { file: "prog.scm" }).next();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ReadError);
    expect(caught).toBeInstanceOf(LispError);
    expect((caught as ReadError).describe()).toBe("prog.scm:2:3: unexpected ')'");
  });
});

describe("parentheses", () => {
  it("reports an unexpected ')' or ']'", () => {
    expect(readError("a )")).toEqual(error("unexpected ')'", "1:3"));
    expect(readError("]")).toEqual(error("unexpected ']'", "1:1"));
  });

  it("reports a bracket closed by a parenthesis, at the closer, naming the opener", () => {
    expect(readError("(a\n [b))")).toEqual(error("unexpected ')': the '[' at 2:2 is closed by ']'", "2:4"));
    expect(readError("(a]")).toEqual(error("unexpected ']': the '(' at 1:1 is closed by ')'", "1:3"));
  });

  it("reports an unclosed list at its '(' and as incomplete", () => {
    expect(readError("(a b\n   (c d)")).toEqual(error("unterminated list: no ')' for the '(' at 1:1", "1:1", true));
  });

  it("reports the innermost unclosed list", () => {
    expect(readError("(define (f x)\n  (g x")).toEqual(error("unterminated list: no ')' for the '(' at 2:3", "2:3", true));
  });

  it("reports an unclosed '[' as missing its ']'", () => {
    expect(readError("[a").message).toBe("unterminated list: no ']' for the '[' at 1:1");
  });

  it("reports an unclosed vector and bytevector as incomplete", () => {
    expect(readError(" #(1 2")).toEqual(error("unterminated vector: no ')' for the '#(' at 1:2", "1:2", true));
    expect(readError("#u8(1")).toEqual(error("unterminated bytevector: no ')' for the '#u8(' at 1:1", "1:1", true));
  });
});

describe("dotted lists", () => {
  it("reports ( . a): nothing before the dot", () => {
    expect(readError("( . a)")).toEqual(error("unexpected '.': a dotted list needs a datum before the '.'", "1:3"));
  });

  it("reports (a . ): nothing after the dot", () => {
    expect(readError("(a . )")).toEqual(error("unexpected ')': expected a datum after '.'", "1:6"));
  });

  it("reports (a . b c): more than one datum after the dot", () => {
    expect(readError("(a . b c)")).toEqual(error("unexpected datum after the tail of a dotted list: expected ')'", "1:8"));
    expect(readError("(a . b (c))").at).toBe("1:8");
  });

  it("reports a second dot", () => {
    expect(readError("(a . b . c)")).toEqual(error("unexpected second '.' in a list", "1:8"));
  });

  it("reports a dot outside a list, in a vector and after a quote", () => {
    expect(readError(" .")).toEqual(error("unexpected '.' outside a list", "1:2"));
    expect(readError("#(a . b)")).toEqual(error("unexpected '.' in a vector", "1:5"));
    expect(readError("#u8(1 . 2)")).toEqual(error("unexpected '.' in a bytevector", "1:7"));
    expect(readError("(a '. b)")).toEqual(error("unexpected '.': expected a datum after '''", "1:5"));
  });

  it("reports (a . with the text ending after the dot as incomplete", () => {
    expect(readError("(a .").incomplete).toBe(true);
  });
});

describe("strings, symbols and comments", () => {
  it("reports an unterminated string at its opening quote, as incomplete", () => {
    expect(readError('(display "abc\n')).toEqual(error("unterminated string: no closing '\"'", "1:10", true));
  });

  it("reports a string ending in an escaped quote as unterminated", () => {
    expect(readError('"abc\\"').incomplete).toBe(true);
  });

  it("reports an unterminated |symbol| as incomplete", () => {
    expect(readError("|abc")).toEqual(error("unterminated |symbol|: no closing '|'", "1:1", true));
  });

  it("reports an unterminated block comment as incomplete, even when nested ones are closed", () => {
    expect(readError("x #| a #| b |#")).toEqual(error("unterminated block comment: no '|#' for the '#|'", "1:3", true));
  });

  it("reports an unknown escape at its backslash", () => {
    expect(readError('"ab\\qc"')).toEqual(error("unknown escape \\q in a string", "1:4"));
    expect(readError("|a\\qb|")).toEqual(error("unknown escape \\q in a symbol", "1:3"));
  });

  it("reports a \\x escape without its ';' or without hex digits", () => {
    expect(readError('"\\x41"')).toEqual(error("bad \\x escape in a string: expected hex digits and ';'", "1:2"));
    expect(readError('"\\x;"').message).toBe("bad \\x escape in a string: expected hex digits and ';'");
    expect(readError('"\\xZZ;"').message).toBe("bad \\x escape in a string: expected hex digits and ';'");
  });

  it("reports a \\x escape naming a surrogate or a value beyond U+10FFFF", () => {
    expect(readError('"\\xD800;"')).toEqual(error("\\xD800; is not a Unicode scalar value", "1:2"));
    expect(readError('"\\x110000;"').message).toBe("\\x110000; is not a Unicode scalar value");
  });

  it("reports a backslash followed by spaces that do not end the line", () => {
    expect(readError('"a\\  b"')).toEqual(error("a '\\' followed by spaces in a string must end the line", "1:3"));
  });

  it("reports errors inside a string on the string's later lines", () => {
    expect(readError('"line one\nline \\q"').at).toBe("2:6");
  });
});

describe("characters", () => {
  it("reports an unknown character name", () => {
    expect(readError("(a #\\foo)")).toEqual(error("unknown character name #\\foo", "1:4"));
  });

  it("reports character names in the wrong case: names are case-sensitive", () => {
    expect(readError("#\\Space").message).toBe("unknown character name #\\Space");
  });

  it("reports a hex character that is not a Unicode scalar value", () => {
    expect(readError("#\\xD800")).toEqual(error("#\\xD800 is not a Unicode scalar value", "1:1"));
    expect(readError("#\\x110000").message).toBe("#\\x110000 is not a Unicode scalar value");
  });

  it("reports #\\ at the end of the text as incomplete", () => {
    expect(readError("#\\")).toEqual(error("unexpected end of text after '#\\'", "1:1", true));
  });
});

describe("# syntax", () => {
  it("reports an unknown # syntax", () => {
    expect(readError("#foo")).toEqual(error("unknown # syntax #foo", "1:1"));
    expect(readError("# (a)")).toEqual(error("unknown # syntax #", "1:1"));
    expect(readError("#u8 (1)").message).toBe("unknown # syntax #u8");
  });

  it("reports # at the end of the text as incomplete", () => {
    expect(readError("(a) #")).toEqual(error("unexpected end of text after '#'", "1:5", true));
  });

  it("cuts long text in a message to one short line", () => {
    expect(readError("#" + "z".repeat(100)).message).toBe(`unknown # syntax #${"z".repeat(39)}...`);
  });
});

describe("bytevectors", () => {
  it.each(["256", "-1", "1.0", "x", "(1)", "#xfff"])("reports the element %s, which is not an exact integer 0..255", (element) => {
    expect(readError(`#u8(1 ${element})`)).toEqual(error("bytevector element must be an exact integer 0..255", "1:7"));
  });
});

describe("prefixes without a datum", () => {
  it("reports a quote mark before ')'", () => {
    expect(readError("(a ')")).toEqual(error("unexpected ')': expected a datum after '''", "1:5"));
    expect(readError("(,@)").message).toBe("unexpected ')': expected a datum after ',@'");
  });

  it("reports #; before ')'", () => {
    expect(readError("(a #;)")).toEqual(error("unexpected ')': expected a datum after '#;'", "1:6"));
  });

  it("reports a quote, #; or label at the end of the text as incomplete", () => {
    expect(readError("'")).toEqual(error("unexpected end of text: expected a datum after '''", "1:1", true));
    expect(readError("a `")).toEqual(error("unexpected end of text: expected a datum after '`'", "1:3", true));
    expect(readError("#;")).toEqual(error("unexpected end of text: expected a datum after '#;'", "1:1", true));
    expect(readError("#; a #;")).toEqual(error("unexpected end of text: expected a datum after '#;'", "1:6", true));
    expect(readError("#0=")).toEqual(error("unexpected end of text: expected a datum after '#0='", "1:1", true));
  });
});

describe("datum labels", () => {
  it("refuses a label that refers to the datum it is part of: data is immutable", () => {
    expect(readError("#0=(a b c . #0#)")).toEqual(error(
      "datum label #0# refers to the datum it is part of: data in Stasis is immutable, so a datum cannot contain itself",
      "1:13"));
  });

  it("reports a reference to an undefined label", () => {
    expect(readError("(a #1#)")).toEqual(error("undefined datum label #1#", "1:4"));
  });

  it("reports a label defined twice in one datum", () => {
    expect(readError("(#0=a #0=b)")).toEqual(error("datum label #0= is defined twice", "1:7"));
  });
});

describe("incomplete is exactly 'the text ended too soon'", () => {
  it.each(["(", "(a", "#(", "#u8(", "\"", "|", "#|", "'", "`", ",", ",@", "#;", "#0=", "(a . ", "(#;", "#\\", "#"])(
    "is incomplete for %p", (text) => {
      expect(readError(text).incomplete).toBe(true);
    });

  it.each([")", "(a))", "(. a)", "#foo", "#\\foo", "(a #;)", "#u8(300", "#0=#0#"])(
    "is complete (a real error) for %p", (text) => {
      expect(readError(text).incomplete).toBe(false);
    });

  it("becomes readable when the rest of the text arrives", () => {
    for (const [start, rest] of [["(a", " b)"], ['"ab', 'c"'], ["#| x", " |# y"], ["'", "q"], ["#;", " a b"]]) {
      expect(readError(start).incomplete).toBe(true);
      expect(() => new Reader(newWorld(), start + rest, { file: FILE }).next()).not.toThrow();
    }
  });
});

describe("messages stay on one line", () => {
  // Found by the fuzz test: `#\` followed by a newline made a character token whose text, quoted
  // in the message, split the message over two lines.
  it("shows a newline in quoted source text as an escape", () => {
    expect(readError("#\\\n#;")).toEqual(error("unknown character name #\\\\xa;#", "1:1"));
  });

  it("shows a control character after a backslash as an escape", () => {
    expect(readError('"a\\\x01"').message).toBe("unknown escape \\\\x1; in a string");
  });
});
