// The lexer: source text -> tokens, by one loop over the text's UTF-16 code units.
//
// The token set is deliberately small and total:
//   T1. Every character of every text starts some token, so lexing never fails and never skips
//       text: a run of non-delimiters is an ATOM (a number, a symbol or a lone `.`, which the
//       reader tells apart), and every unfinished construct (string, |symbol|, #| comment) is an
//       UNTERMINATED token that takes the rest of the text. The reader, not the lexer, turns
//       those into errors, so it can say whether the text merely ended too soon.
//   T2. Every token is told by its first character (and, after `#` and `,`, its second): the
//       lexer switches on it, and each case scans the one token it can begin.
//   T3. Whitespace and comments other than `#;` are skipped: they make no token and no substring.
// The text is lexed a window at a time, as the reader needs tokens (TokenStream, T4).
// Positions are offsets only; lines and columns are computed by the reader from a table of line
// starts, and only when it needs them (lines.ts).
//
// THE TOKENS, by their first character (a run of non-delimiters: up to a delimiter, or the end):
//     whitespace (JavaScript's \s) ;... to the line's end, #| ... |# nested   skipped (T3)
//     ( [                 OPEN                  ) ]              CLOSE
//     ' ` , ,@            QUOTE                 "..."  |...|      STRING, PIPE_SYMBOL, with
//                                                                 their backslash escapes
//     #|... unclosed, "... unclosed, |... unclosed                UNTERMINATED, to the end
//     #;                  DATUM_COMMENT         #(  #u8( #U8(     VECTOR_OPEN, BYTEVECTOR_OPEN
//     #\ then any one code unit, then a run    CHARACTER (`#\(`, `#\ `, `#\space`)
//     # digits = or #     LABEL                 # then a run      HASH (#t #x1F #!fold-case)
//     anything else, then a run                 ATOM
// Delimiters (R7RS 7.1.1, plus the brackets): whitespace ( ) [ ] " ; |

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

export interface Token {
  /** TOKEN_*. */
  readonly kind: number;
  /** The token's text. */
  readonly image: string;
  /** Its offset in the text. */
  readonly startOffset: number;
}

// ---- Characters --------------------------------------------------------------------------------

const SPACE = 0x20;
const TAB = 0x09;
const CARRIAGE_RETURN = 0x0d;
const OPEN_PARENTHESIS = 0x28;
const CLOSE_PARENTHESIS = 0x29;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const DOUBLE_QUOTE = 0x22;
const SEMICOLON = 0x3b;
const BAR = 0x7c;
const HASH = 0x23;
const QUOTE = 0x27;
const BACKQUOTE = 0x60;
const COMMA = 0x2c;
const AT = 0x40;
const BACKSLASH = 0x5c;
const EQUALS = 0x3d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LOWER_U = 0x75;
const UPPER_U = 0x55;
const DIGIT_8 = 0x38;
const FIRST_NON_ASCII = 0x80;

/** JavaScript's \s: the ASCII whitespace, and Unicode's space separators and line breaks. */
const NON_ASCII_WHITESPACE = /\s/;

function isWhitespace(c: number): boolean {
  if (c < FIRST_NON_ASCII) return c === SPACE || (c >= TAB && c <= CARRIAGE_RETURN);
  return NON_ASCII_WHITESPACE.test(String.fromCharCode(c));
}

/** Whitespace, ( ) [ ] " ; | (R7RS <delimiter>, with the brackets). */
function isDelimiter(c: number): boolean {
  switch (c) {
    case OPEN_PARENTHESIS: case CLOSE_PARENTHESIS: case OPEN_BRACKET: case CLOSE_BRACKET:
    case DOUBLE_QUOTE: case SEMICOLON: case BAR:
      return true;
    default:
      return isWhitespace(c);
  }
}

// ---- Scanning: each function takes the offset a token starts at and returns where it ends -------

/** The end of the run of non-delimiters from `i`. */
function runEnd(text: string, i: number): number {
  while (i < text.length && !isDelimiter(text.charCodeAt(i))) i++;
  return i;
}

/** The end of a "string" or |symbol| opened at `start` by `close`, or -1 if the text ends first. */
function quotedEnd(text: string, start: number, close: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === close) return i + 1;
    if (c === BACKSLASH) i++;
  }
  return -1;
}

/** The end of a nested #| ... |# comment opened at `start`, or -1 if the text ends inside it. */
function blockCommentEnd(text: string, start: number): number {
  let depth = 1;
  for (let i = start + 2; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === BAR && text.charCodeAt(i + 1) === HASH) {
      i++;
      if (--depth === 0) return i + 1;
    } else if (c === HASH && text.charCodeAt(i + 1) === BAR) {
      i++;
      depth++;
    }
  }
  return -1;
}

/** A label `#digits=` or `#digits#` at `start`: its end, or -1 if it is not one. */
function labelEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text.charCodeAt(i) >= DIGIT_0 && text.charCodeAt(i) <= DIGIT_9) i++;
  if (i === start + 1 || i === text.length) return -1;
  const c = text.charCodeAt(i);
  return c === EQUALS || c === HASH ? i + 1 : -1;
}

/**
 * The token that starts at `start` (not whitespace or a comment): its kind and end. Returns the
 * kind; the end is left in `scan.end`.
 */
function scanToken(text: string, start: number, scan: { end: number }): number {
  const c = text.charCodeAt(start);
  switch (c) {
    case OPEN_PARENTHESIS:
    case OPEN_BRACKET:
      scan.end = start + 1;
      return TOKEN_OPEN;
    case CLOSE_PARENTHESIS:
    case CLOSE_BRACKET:
      scan.end = start + 1;
      return TOKEN_CLOSE;
    case QUOTE:
    case BACKQUOTE:
      scan.end = start + 1;
      return TOKEN_QUOTE;
    case COMMA:
      scan.end = text.charCodeAt(start + 1) === AT ? start + 2 : start + 1;
      return TOKEN_QUOTE;
    case DOUBLE_QUOTE:
    case BAR: {
      const end = quotedEnd(text, start, c);
      scan.end = end < 0 ? text.length : end;
      return end < 0 ? TOKEN_UNTERMINATED : c === BAR ? TOKEN_PIPE_SYMBOL : TOKEN_STRING;
    }
    case HASH:
      return scanHash(text, start, scan);
    default:
      scan.end = runEnd(text, start + 1);
      return TOKEN_ATOM;
  }
}

/** A token that starts with `#` (not a block comment, which is skipped). */
function scanHash(text: string, start: number, scan: { end: number }): number {
  const next = text.charCodeAt(start + 1);
  switch (next) {
    case BAR:
      scan.end = text.length; // a block comment the text ends inside
      return TOKEN_UNTERMINATED;
    case SEMICOLON:
      scan.end = start + 2;
      return TOKEN_DATUM_COMMENT;
    case OPEN_PARENTHESIS:
      scan.end = start + 2;
      return TOKEN_VECTOR_OPEN;
    case BACKSLASH:
      // Any one code unit after `#\`, delimiters included (`#\(`, `#\ `), then a name's letters.
      scan.end = start + 2 < text.length ? runEnd(text, start + 3) : runEnd(text, start + 2);
      return start + 2 < text.length ? TOKEN_CHARACTER : TOKEN_HASH;
    case LOWER_U:
    case UPPER_U:
      if (text.charCodeAt(start + 2) === DIGIT_8 && text.charCodeAt(start + 3) === OPEN_PARENTHESIS) {
        scan.end = start + 4;
        return TOKEN_BYTEVECTOR_OPEN;
      }
      break;
    default: {
      const label = labelEnd(text, start);
      if (label >= 0) {
        scan.end = label;
        return TOKEN_LABEL;
      }
    }
  }
  scan.end = runEnd(text, start + 1);
  return TOKEN_HASH;
}

/**
 * Where the next token at or after `i` starts, past whitespace and comments (T3); text.length if
 * none does.
 */
function skipBlank(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === SPACE || isWhitespace(c)) {
      i++;
    } else if (c === SEMICOLON) {
      const newline = text.indexOf("\n", i);
      i = newline < 0 ? text.length : newline;
    } else if (c === HASH && text.charCodeAt(i + 1) === BAR) {
      const end = blockCommentEnd(text, i);
      if (end < 0) return i; // unterminated: a token (T1)
      i = end;
    } else {
      return i;
    }
  }
  return i;
}

/**
 * Text is lexed in windows of about this many characters (TokenStream): small enough that a
 * window's tokens are garbage by the next nursery collection of the JavaScript heap.
 */
export const WINDOW_CHARS = 8 * 1024;

/**
 * The tokens of a text, lexed a window at a time as the reader asks for them. A token is a JS
 * object with a substring; lexing a 5 MB text at once would keep a million of them alive until
 * the reader is done with them. A window's tokens die young instead.
 *   T4. Each window holds the tokens that start in the next `windowChars` characters of text
 *       (at least one), each scanned whole, whatever its length: the tokens of all the windows
 *       are exactly those of lexing the whole text at once.
 */
export class TokenStream {
  /** The current window's tokens, tokens[0, count). */
  tokens: Token[] = [];
  count = 0;
  /** Where the next window starts. */
  private next = 0;
  private readonly scan = { end: 0 };

  constructor(private readonly text: string, private readonly windowChars: number = WINDOW_CHARS) {}

  /** Lexes the next window; false (the window as it was) when the text has no more tokens. */
  advance(): boolean {
    const text = this.text;
    let i = skipBlank(text, this.next);
    if (i >= text.length) return false;
    const tokens: Token[] = [];
    const limit = i + this.windowChars;
    while (i < text.length && (tokens.length === 0 || i < limit)) {
      const kind = scanToken(text, i, this.scan);
      const end = this.scan.end;
      tokens.push({ kind, image: text.slice(i, end), startOffset: i });
      i = skipBlank(text, end);
    }
    this.next = i;
    this.tokens = tokens;
    this.count = tokens.length;
    return true;
  }
}
