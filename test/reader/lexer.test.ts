// The lexer (reader/lexer.ts): its token kinds, T1 (every text lexes: every character starts a
// token), the tokens of its table as regular expressions (the reference below), and T4 (lexing a
// window at a time gives the tokens of lexing the whole text at once).

import * as fc from "fast-check";
import {
  TOKEN_ATOM, TOKEN_BYTEVECTOR_OPEN, TOKEN_CHARACTER, TOKEN_CLOSE, TOKEN_DATUM_COMMENT, TOKEN_HASH,
  TOKEN_LABEL, TOKEN_OPEN, TOKEN_PIPE_SYMBOL, TOKEN_QUOTE, TOKEN_STRING, TOKEN_UNTERMINATED,
  TOKEN_VECTOR_OPEN, TokenStream,
} from "../../reader/lexer";

/** Every token of `text` as [offset, image, kind], lexed in windows of `window`. */
function lex(text: string, window = text.length + 1): [number, string, number][] {
  const stream = new TokenStream(text, window);
  const tokens: [number, string, number][] = [];
  while (stream.advance()) {
    for (let i = 0; i < stream.count; i++) {
      const t = stream.tokens[i];
      tokens.push([t.startOffset, t.image, t.kind]);
    }
  }
  return tokens;
}

const kinds = (text: string) => lex(text).map(([, image, kind]) => [image, kind]);

/**
 * The lexer's table (lexer.ts, THE TOKENS) as regular expressions, tried in order at each offset,
 * the first that matches taking the text (undefined kind: skipped); a nested block comment is
 * the one token that is not regular. The lexer must give exactly these tokens.
 */
const NON_DELIMITERS = String.raw`[^\s()\[\]";|]*`;
const REFERENCE: readonly [RegExp | "block comment", number | undefined][] = [
  [/\s+/y, undefined],
  [/;[^\n]*/y, undefined],
  ["block comment", undefined],
  [/#\|[\s\S]*/y, TOKEN_UNTERMINATED],
  [/[([]/y, TOKEN_OPEN],
  [/[)\]]/y, TOKEN_CLOSE],
  [/,@|['`,]/y, TOKEN_QUOTE],
  [/"[^"\\]*(?:\\[\s\S][^"\\]*)*"/y, TOKEN_STRING],
  [/"[\s\S]*/y, TOKEN_UNTERMINATED],
  [/\|[^|\\]*(?:\\[\s\S][^|\\]*)*\|/y, TOKEN_PIPE_SYMBOL],
  [/\|[\s\S]*/y, TOKEN_UNTERMINATED],
  [/#;/y, TOKEN_DATUM_COMMENT],
  [/#\(/y, TOKEN_VECTOR_OPEN],
  [/#[uU]8\(/y, TOKEN_BYTEVECTOR_OPEN],
  [new RegExp(String.raw`#\\[\s\S]` + NON_DELIMITERS, "y"), TOKEN_CHARACTER],
  [/#[0-9]+[=#]/y, TOKEN_LABEL],
  [new RegExp("#" + NON_DELIMITERS, "y"), TOKEN_HASH],
  [new RegExp(String.raw`[^\s()\[\]";|#'\`,]` + NON_DELIMITERS, "y"), TOKEN_ATOM],
];

function blockCommentEnd(text: string, start: number): number {
  if (!text.startsWith("#|", start)) return -1;
  let depth = 1;
  for (let i = start + 2; i < text.length - 1; i++) {
    if (text.startsWith("|#", i)) {
      i++;
      if (--depth === 0) return i + 1;
    } else if (text.startsWith("#|", i)) {
      i++;
      depth++;
    }
  }
  return -1;
}

function referenceLex(text: string): [number, string, number][] {
  const tokens: [number, string, number][] = [];
  let i = 0;
  while (i < text.length) {
    let end = -1;
    let kind: number | undefined;
    for (const [pattern, k] of REFERENCE) {
      if (pattern === "block comment") {
        end = blockCommentEnd(text, i);
      } else {
        pattern.lastIndex = i;
        end = pattern.exec(text) === null ? -1 : pattern.lastIndex;
      }
      if (end > i) {
        kind = k;
        break;
      }
    }
    if (end <= i) throw new Error(`the reference matches nothing at ${i}: T1 broken in the test's table`);
    if (kind !== undefined) tokens.push([i, text.slice(i, end), kind]);
    i = end;
  }
  return tokens;
}

describe("the lexer", () => {
  const FRAGMENTS = [" ", "\n", "\t", "\u00a0", "\u2028", "(", ")", "[", "]", "'", "`", ",", ",@", "\"", "\\", "|", ";", "#", "#|", "|#",
    "#;", "#(", "#u8(", "#U8(", "#u8", "#\\", "#\\x", "#0=", "#12#", "#3", "a", "1", ".", "λ", "\u{1F600}", "x\ny", "\u0001", "=", "@"];
  const text = fc.oneof(
    fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join("")),
    fc.string({ unit: fc.integer({ min: 0, max: 0x3100 }).map((c) => String.fromCharCode(c)), maxLength: 30 }),
  );

  it("gives exactly the tokens of its table written as regular expressions", () => {
    fc.assert(fc.property(text, (t) => {
      expect(lex(t)).toEqual(referenceLex(t));
    }), { numRuns: 3000 });
  });
});

describe("token kinds", () => {
  it("lexes parentheses and brackets", () => {
    expect(kinds("( ) [ ]")).toEqual([["(", TOKEN_OPEN], [")", TOKEN_CLOSE], ["[", TOKEN_OPEN], ["]", TOKEN_CLOSE]]);
  });

  it("lexes #( and #u8( as openers", () => {
    expect(kinds("#( #u8(")).toEqual([["#(", TOKEN_VECTOR_OPEN], ["#u8(", TOKEN_BYTEVECTOR_OPEN]]);
  });

  it("lexes the four quote marks, ,@ as one token", () => {
    expect(kinds("' ` , ,@")).toEqual([["'", TOKEN_QUOTE], ["`", TOKEN_QUOTE], [",", TOKEN_QUOTE], [",@", TOKEN_QUOTE]]);
  });

  it("lexes a run of non-delimiters as one atom", () => {
    expect(kinds("abc 12 -> ... . a#b λx")).toEqual(
      ["abc", "12", "->", "...", ".", "a#b", "λx"].map((a) => [a, TOKEN_ATOM]));
  });

  it("ends an atom at every delimiter: whitespace ( ) [ ] \" ; |", () => {
    expect(lex("a(b)c[d]e\"f\"g;h\ni|j|").filter(([, , kind]) => kind === TOKEN_ATOM).map(([, image]) => image))
      .toEqual(["a", "b", "c", "d", "e", "g", "i"]);
  });

  it("lexes strings and |symbols| with their escapes as one token each", () => {
    expect(kinds('"a\\"b" |c\\|d|')).toEqual([['"a\\"b"', TOKEN_STRING], ["|c\\|d|", TOKEN_PIPE_SYMBOL]]);
  });

  it("lexes characters, labels and # atoms", () => {
    expect(kinds("#\\a #\\( #\\space #0= #12# #t #x1F #!fold-case")).toEqual([
      ["#\\a", TOKEN_CHARACTER], ["#\\(", TOKEN_CHARACTER], ["#\\space", TOKEN_CHARACTER],
      ["#0=", TOKEN_LABEL], ["#12#", TOKEN_LABEL], ["#t", TOKEN_HASH], ["#x1F", TOKEN_HASH], ["#!fold-case", TOKEN_HASH],
    ]);
  });

  it("lexes #; as a datum comment token", () => {
    expect(kinds("#;a")).toEqual([["#;", TOKEN_DATUM_COMMENT], ["a", TOKEN_ATOM]]);
  });

  it("skips whitespace, line comments and nested block comments (T3)", () => {
    expect(kinds(" \t\n\r\f\u00a0\u3000; c\n#| a #| b |# c |#")).toEqual([]);
  });

  it("lexes an unfinished string, |symbol| or block comment as one UNTERMINATED token to the end (T1)", () => {
    expect(kinds('a "b c')).toEqual([["a", TOKEN_ATOM], ['"b c', TOKEN_UNTERMINATED]]);
    expect(kinds("|b c")).toEqual([["|b c", TOKEN_UNTERMINATED]]);
    expect(kinds("#| #| |# x")).toEqual([["#| #| |# x", TOKEN_UNTERMINATED]]);
  });

  it("lexes control characters and non-ASCII letters as atoms (T1)", () => {
    expect(kinds("\u0001 \u00e9t\u00e9 \u{1F600}")).toEqual([["\u0001", TOKEN_ATOM], ["été", TOKEN_ATOM], ["\u{1F600}", TOKEN_ATOM]]);
  });
});

describe("windows (T4)", () => {
  const SAMPLES = [
    '(define (f x) "a string\nwith lines" #| block #| nested |# |# \'(1 2 . 3) #\\space ,@x)',
    '   ; only a comment\n\n   #;(a b) "unterminated',
    "#u8(1 2) #(a b) #0=x #0# |sym bol| #!fold-case ABC [x] #\\) #\\( 1.5e-3",
    "abcdefghijklmnopqrstuvwxyz 0123456789 \"" + "s".repeat(50) + "\" x",
  ];

  it.each(SAMPLES.map((s, i) => [i, s]))("gives the tokens of the whole text for every window size (sample %i)", (_, text) => {
    const whole = lex(text as string);
    for (let window = 1; window <= 24; window++) expect(lex(text as string, window)).toEqual(whole);
  });

  it("has no tokens for an empty text", () => {
    expect(lex("")).toEqual([]);
    expect(lex("   ", 1)).toEqual([]);
  });
});
