// The lexer: source text -> a vector of tokens, by one chevrotain Lexer built once per process.
//
// The token set is deliberately small and total:
//   T1. Every character of every text starts some token, so lexing never fails and never skips
//       text: a run of non-delimiters is an ATOM (a number, a symbol or a lone `.`, which the
//       reader tells apart), and every unfinished construct (string, |symbol|, #| comment) has an
//       Unterminated* token type that takes the rest of the text. The reader, not the lexer,
//       turns those into errors, so it can say whether the text merely ended too soon.
//   T2. Every token type can be told by its first character (chevrotain's "first char"
//       optimization, enforced by ensureOptimizations): one array lookup per token picks the
//       few patterns worth trying, in the order they are listed below.
//   T3. Whitespace and comments other than `#;` are SKIPPED: chevrotain makes no token and no
//       substring for them.
// The text is lexed a window at a time, as the reader needs tokens (TokenStream, T4).
// Positions are offsets only (positionTracking "onlyOffset"); lines and columns are computed by
// the reader from a table of line starts, and only when it needs them (lines.ts).
//
// Delimiters (R7RS 7.1.1, plus the brackets): whitespace ( ) [ ] " ; |

import type * as Chevrotain from "chevrotain";
import { chevrotain } from "./chevrotain";

const { Lexer, createToken } = chevrotain;

// ---- Token kinds: what the reader dispatches on ------------------------------------------------

export const TOKEN_OPEN = 0; // ( or [
export const TOKEN_CLOSE = 1; // ) or ]
export const TOKEN_VECTOR_OPEN = 2; // #(
export const TOKEN_BYTEVECTOR_OPEN = 3; // #u8(
export const TOKEN_QUOTE = 4; // ' ` , ,@
export const TOKEN_ATOM = 5; // a number, a symbol, or the `.` of a dotted list
export const TOKEN_STRING = 6; // "..."
export const TOKEN_PIPE_SYMBOL = 7; // |...|
export const TOKEN_CHARACTER = 8; // #\...
export const TOKEN_HASH = 9; // #t #false #x1F #e1.5 #!fold-case #foo ...: # and a run of non-delimiters
export const TOKEN_LABEL = 10; // #0= or #0#
export const TOKEN_DATUM_COMMENT = 11; // #;
export const TOKEN_UNTERMINATED = 12; // a string, |symbol| or #| comment the text ends inside

// ---- Patterns ----------------------------------------------------------------------------------

/** A run of characters that are not delimiters (R7RS <delimiter>, with the brackets). */
const NON_DELIMITERS = String.raw`[^\s()\[\]";|]*`;
/**
 * The first character of an atom: anything but a delimiter and the characters that begin other
 * tokens (# ' ` ,), as a positive set so that chevrotain can index it (T2). It includes the
 * non-ASCII whitespace; the Whitespace token is listed first and takes those.
 */
const ATOM_START = String.raw`[\x00-\x08\x0e-\x1f!$%&*+\-./0-9:<=>?@A-Z\\^_a-z{}~\x7f-\uffff]`;

const HASH = "#".charCodeAt(0);
const BAR = "|".charCodeAt(0);

/**
 * A nested `#| ... |#` comment starting at offset, or null if there is none or the text ends
 * inside it (then UnterminatedBlockComment takes it, T1). A custom pattern: nesting is not regular.
 */
function matchBlockComment(text: string, offset: number): Chevrotain.CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== HASH || text.charCodeAt(offset + 1) !== BAR) return null;
  let depth = 1;
  let i = offset + 2;
  const end = text.length - 1;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === BAR && text.charCodeAt(i + 1) === HASH) {
      i += 2;
      if (--depth === 0) return [text.slice(offset, i)];
    } else if (c === HASH && text.charCodeAt(i + 1) === BAR) {
      i += 2;
      depth++;
    } else {
      i++;
    }
  }
  return null;
}

interface TokenDefinition {
  readonly type: Chevrotain.TokenType;
  /** The TOKEN_* kind the reader sees; absent for skipped tokens. */
  readonly kind?: number;
}

function token(name: string, pattern: Chevrotain.TokenPattern, kind: number): TokenDefinition {
  return { type: createToken({ name, pattern }), kind };
}

function skipped(name: string, pattern: Chevrotain.TokenPattern, hint?: string[]): TokenDefinition {
  return { type: createToken({ name, pattern, group: Lexer.SKIPPED, ...(hint && { start_chars_hint: hint }) }) };
}

/** In the order chevrotain tries them: for a shared first character, the first match wins. */
const DEFINITIONS: readonly TokenDefinition[] = [
  // Most whitespace is one space between two tokens: a one-character pattern is a compare, not a
  // regular expression call (measured: 15% of the lexer's time on typical source).
  skipped("Space", " "),
  skipped("Whitespace", /\s+/),
  skipped("LineComment", /;[^\n]*/),
  skipped("BlockComment", matchBlockComment, ["#"]),
  token("UnterminatedBlockComment", /#\|[\s\S]*/, TOKEN_UNTERMINATED),
  token("Open", "(", TOKEN_OPEN),
  token("Close", ")", TOKEN_CLOSE),
  token("OpenBracket", "[", TOKEN_OPEN),
  token("CloseBracket", "]", TOKEN_CLOSE),
  token("Quote", "'", TOKEN_QUOTE),
  token("Quasiquote", "`", TOKEN_QUOTE),
  token("UnquoteSplicing", ",@", TOKEN_QUOTE),
  token("Unquote", ",", TOKEN_QUOTE),
  token("String", /"[^"\\]*(?:\\[\s\S][^"\\]*)*"/, TOKEN_STRING),
  token("UnterminatedString", /"[\s\S]*/, TOKEN_UNTERMINATED),
  token("PipeSymbol", /\|[^|\\]*(?:\\[\s\S][^|\\]*)*\|/, TOKEN_PIPE_SYMBOL),
  token("UnterminatedPipeSymbol", /\|[\s\S]*/, TOKEN_UNTERMINATED),
  token("DatumComment", "#;", TOKEN_DATUM_COMMENT),
  token("VectorOpen", "#(", TOKEN_VECTOR_OPEN),
  token("BytevectorOpen", /#[uU]8\(/, TOKEN_BYTEVECTOR_OPEN),
  // `#\` takes any one character, delimiters included (`#\(`, `#\ `), then a name's letters.
  token("Character", new RegExp(String.raw`#\\[\s\S]` + NON_DELIMITERS), TOKEN_CHARACTER),
  token("Label", /#[0-9]+[=#]/, TOKEN_LABEL),
  token("Hash", new RegExp("#" + NON_DELIMITERS), TOKEN_HASH),
  token("Atom", new RegExp(ATOM_START + NON_DELIMITERS), TOKEN_ATOM),
];

/** The token types, in order; exported for the test that validates them. */
export const TOKEN_TYPES: Chevrotain.TokenType[] = DEFINITIONS.map((d) => d.type);

export const LEXER_CONFIG: Chevrotain.ILexerConfig = {
  positionTracking: "onlyOffset",
  ensureOptimizations: true,
  // The definitions are fixed, and a test builds a Lexer from them with validation on; skipping
  // it at every start-up saves 2 of the 10 ms the Lexer takes to build (measured).
  skipValidations: true,
};

const lexer = new Lexer(TOKEN_TYPES, LEXER_CONFIG);

/** TOKEN_KINDS[token.tokenTypeIdx] is the token's TOKEN_* kind. */
export const TOKEN_KINDS: Uint8Array = (() => {
  const kinds = new Uint8Array(Math.max(...DEFINITIONS.map((d) => d.type.tokenTypeIdx!)) + 1);
  for (const d of DEFINITIONS) if (d.kind !== undefined) kinds[d.type.tokenTypeIdx!] = d.kind;
  return kinds;
})();

export type Token = Chevrotain.IToken;

/**
 * Text is lexed in windows of about this many characters (TokenStream): small enough that a
 * window's tokens are garbage by the next nursery collection. On a 5 MB program, windows of 2 to
 * 32 KiB lex equally fast; 64 KiB windows are 25% slower, the whole text at once 2.4 times.
 */
export const WINDOW_CHARS = 8 * 1024;

/**
 * The tokens of a text, lexed a window at a time as the reader asks for them. A token is a JS
 * object with a substring; lexing a 5 MB text at once keeps a million of them alive until the
 * reader is done with them, and the JS collector then spends more time copying them out of its
 * nursery than the lexer spent making them. A window's tokens die young instead.
 *
 * A window may end inside a token, and the text after it can change how the text before it lexes
 * (a string whose closing quote is beyond the window is an Unterminated* token in it). But every
 * token that can change reaches the window's end (T1: the fallback token types take the rest of
 * the window), and the lexer has no state between tokens. So:
 *   T4. Of each window, only the tokens that end before the window's end are kept; the next
 *       window starts where the last kept token ends. A window that keeps no token is retried
 *       twice as large. The last window of the text keeps all its tokens.
 * The tokens kept are exactly those of lexing the whole text at once.
 */
export class TokenStream {
  /** The current window's tokens; tokens[0, count) are kept (T4). */
  tokens: Token[] = [];
  count = 0;
  /** The offset of the current window: a token starts at `base + token.startOffset`. */
  base = 0;
  /** Offset of text no token matched, or -1. By T1 it stays -1; the reader checks. */
  errorOffset = -1;
  /** Where the next window starts. */
  private next = 0;

  constructor(private readonly text: string, private readonly windowChars: number = WINDOW_CHARS) {}

  /** Lexes the next window; false when the text has no more tokens. */
  advance(): boolean {
    const text = this.text;
    const start = this.next;
    for (let size = this.windowChars; start < text.length && this.errorOffset < 0; size *= 2) {
      const end = Math.min(text.length, start + size);
      const result = lexer.tokenize(start === 0 && end === text.length ? text : text.slice(start, end));
      const tokens = result.tokens;
      let count = tokens.length;
      let kept = end - start;
      if (result.errors.length > 0) {
        const error = result.errors[0].offset;
        this.errorOffset = start + error;
        while (count > 0 && tokens[count - 1].startOffset >= error) count--;
      } else if (end < text.length) {
        while (count > 0 && tokenEnd(tokens[count - 1]) >= kept) count--;
        if (count === 0) continue;
        kept = tokenEnd(tokens[count - 1]);
      }
      this.tokens = tokens;
      this.count = count;
      this.base = start;
      this.next = start + kept;
      return count > 0;
    }
    return false;
  }
}

function tokenEnd(token: Token): number {
  return token.startOffset + token.image.length;
}
