// The reader: source text -> heap data, one datum at a time (R7RS 2 and 7.1.2).
//
// The text is lexed a window at a time as reading proceeds (lexer.ts, TokenStream); the reader
// walks the tokens and builds each datum directly in the heap with the runtime's constructors.
// Lines and columns are computed only for annotations and errors (lines.ts). It is not
// recursive: unfinished lists, vectors and prefixes (quote marks, `#;`, `#n=`) are frames on an
// explicit stack, and the elements read so far are on a value stack, so the depth of nesting is
// bounded by memory, not by the JavaScript stack.
//
// Invariants
//   R1. No collection happens while reading (heap H5), so the value stack and the frames hold
//       raw heap words. Lists are built from their end with cons once they close.
//   R2. A datum read by next() is either returned whole or not at all: every error is a
//       ReadError positioned at the text that caused it, and after one the Reader keeps
//       throwing it. `incomplete` is true exactly when the text ended inside a datum.
//   R3. With `annotate`, every datum, at every depth, is an annotation whose `expression` holds
//       the annotations of its sub-data (lists, vectors, quote forms, dotted tails) and whose
//       `stripped` is the same datum as plain data. Without it, no annotation is made.
//   R4. Datum labels are scoped to one top-level datum, and a label can only be referred to once
//       its datum is complete: data is immutable, so a datum cannot contain itself.

import { World } from "../runtime/world";
import { Heap } from "../runtime/heap";
import { SymbolTable } from "../runtime/symbols";
import {
  ANNOTATION_EXPRESSION, ANNOTATION_STRIPPED, EOF, FALSE, NIL, TRUE, fixnumValue, isFixnum, makeChar,
} from "../runtime/layout";
import { makeAnnotation, makeBytevector, makeString, makeVector } from "../runtime/objects";
import { ReadError } from "./errors";
import type { SourcePosition } from "../runtime/errors";
import type { ReadOutcome } from "../runtime/ports";
import { SyntaxFail, excerpt } from "../runtime/errors";
import { LineTable } from "./lines";
import {
  TOKEN_ATOM, TOKEN_BYTEVECTOR_OPEN, TOKEN_CHARACTER, TOKEN_CLOSE, TOKEN_DATUM_COMMENT, TOKEN_HASH,
  TOKEN_LABEL, TOKEN_OPEN, TOKEN_PIPE_SYMBOL, TOKEN_QUOTE, TOKEN_STRING,
  TOKEN_UNTERMINATED, TOKEN_VECTOR_OPEN, TokenStream,
} from "./lexer";
import { hasNumberPrefix, parseNumber } from "../runtime/number-syntax";
import { characterCode, decodeEscapes } from "./characters";

export interface ReadOptions {
  /** The file name that positions and annotations carry. */
  file: string;
  /** Wrap every datum in an annotation with its source position (R3). */
  annotate?: boolean;
  /** Skip a first line that starts with `#!/` or `#! `: a script's interpreter line. */
  shebang?: boolean;
  /** The line number of the text's first line (a REPL numbers lines across its session). */
  firstLine?: number;
  /** The column of the text's first character (the text may start in the middle of a line). */
  firstColumn?: number;
}

// Frames. The first three are sequences, which collect data until their closing parenthesis;
// the others are prefixes, which take the one datum that follows them.
const FRAME_LIST = 0;
const FRAME_VECTOR = 1;
const FRAME_BYTEVECTOR = 2;
const FRAME_QUOTE = 3;
const FRAME_DATUM_COMMENT = 4;
const FRAME_LABEL = 5;
const FRAME_LAST_SEQUENCE = FRAME_BYTEVECTOR;

/** Frame.dot of a list that has no `.` (yet). */
const NO_DOT = -1;
const BYTE_MAX = 255;

const DOT = 0x2e;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_PARENTHESIS = 0x29;
const QUOTE_MARK = 0x22;
const BAR = 0x7c;
const EQUALS = 0x3d;

const SHEBANG = /^#![/ ]/;
const QUOTE_SYMBOLS: ReadonlyArray<readonly [string, string]> = [
  ["'", "quote"], ["`", "quasiquote"], [",", "unquote"], [",@", "unquote-splicing"],
];

/** An unfinished datum. Frames are reused: frames[d] serves every datum at depth d. */
class Frame {
  kind = FRAME_LIST;
  /** The token that opened the frame, e.g. "(", "#u8(", ",@", "#;", "#0=", and its offset. */
  opener = "";
  start = 0;
  /** Annotated reading: the opener's line and column. */
  line = 0;
  column = 0;
  /** Sequences: value-stack index of the first element, and the character that closes it. */
  base = 0;
  closer = 0;
  /** Lists: value-stack index of the datum after a `.`, or NO_DOT. */
  dot = NO_DOT;
  /** Quote prefixes: the symbol the datum is quoted with. */
  symbol = 0;
  /** Label prefixes: the label's number, as digits without leading zeros. */
  label = "";
}

export class Reader {
  private readonly heap: Heap;
  private readonly symbols: SymbolTable;
  private readonly file: string;
  private readonly annotate: boolean;
  private readonly firstLine: number;
  private readonly firstColumn: number;
  private readonly text: string;
  private readonly stream: TokenStream;
  /** The file name as a heap string, for annotations. */
  private readonly source: number;
  private readonly quoteSymbols: Map<string, number>;
  private readonly frames: Frame[] = [];
  private readonly values: number[] = [];
  private readonly fail: SyntaxFail;
  private lines: LineTable | undefined;
  private labels: Map<string, number | undefined> | undefined;
  private foldCase = false;
  /** The next token to read: stream.tokens[index]. */
  private index = 0;
  /** Offset just past the last datum returned. */
  private end = 0;
  private failure: ReadError | undefined;

  constructor(world: World, text: string, options: ReadOptions) {
    this.heap = world.heap;
    this.symbols = world.symbols;
    this.file = options.file;
    this.annotate = options.annotate === true;
    this.firstLine = options.firstLine ?? 1;
    this.firstColumn = options.firstColumn ?? 1;
    // Text is UTF-16 that may hold unpaired surrogates; characters are scalar values. Replace
    // them with U+FFFD as a UTF-8 decoder would, which keeps every offset.
    let source = text.isWellFormed() ? text : text.toWellFormed();
    if (options.shebang === true && SHEBANG.test(source)) {
      // Blank the line out rather than cut it off, so offsets stay those of the file.
      const newline = source.indexOf("\n");
      const lineEnd = newline < 0 ? source.length : newline;
      source = " ".repeat(lineEnd) + source.slice(lineEnd);
    }
    this.text = source;
    this.stream = new TokenStream(source);
    this.source = this.annotate ? makeString(this.heap, this.file) : NIL;
    this.quoteSymbols = new Map(QUOTE_SYMBOLS.map(([mark, name]) => [mark, world.symbols.intern(name)]));
    this.fail = (offset, message) => {
      throw this.error(offset, message);
    };
  }

  /** UTF-16 offset just past the last datum returned by next(). */
  get offset(): number {
    return this.end;
  }

  /** The next datum (an annotation when options.annotate), or EOF at the end of the text. */
  next(): number {
    if (this.failure !== undefined) throw this.failure;
    try {
      return this.read();
    } catch (e) {
      if (e instanceof ReadError) this.failure = e;
      throw e;
    }
  }

  // ---- The loop ------------------------------------------------------------------------------

  private read(): number {
    const stream = this.stream;
    let tokens = stream.tokens;
    let limit = stream.count;
    const frames = this.frames;
    const values = this.values;
    const heap = this.heap;
    const annotate = this.annotate;
    let index = this.index;
    let depth = 0; // frames in use
    let top = 0; // values in use
    this.labels = undefined;
    for (;;) {
      if (index === limit) {
        if (!stream.advance()) {
          this.index = index;
          return this.endOfText(depth);
        }
        tokens = stream.tokens;
        limit = stream.count;
        index = 0;
      }
      const token = tokens[index++];
      let start = token.startOffset;
      let value: number;
      switch (token.kind) {
        case TOKEN_ATOM: {
          const image = token.image;
          const c = image.charCodeAt(0);
          let atom: number | undefined;
          if ((c >= DIGIT_0 && c <= DIGIT_9) || c === PLUS || c === MINUS || c === DOT) {
            if (c === DOT && image.length === 1) {
              this.dot(depth, top, start);
              continue;
            }
            atom = parseNumber(heap, image, start, this.fail);
          }
          if (atom === undefined) atom = this.symbols.intern(this.foldCase ? image.toLowerCase() : image);
          value = annotate ? this.annotation(atom, atom, start) : atom;
          break;
        }
        case TOKEN_OPEN:
          this.push(depth++, FRAME_LIST, token.image, start, top);
          continue;
        case TOKEN_VECTOR_OPEN:
          this.push(depth++, FRAME_VECTOR, token.image, start, top);
          continue;
        case TOKEN_BYTEVECTOR_OPEN:
          this.push(depth++, FRAME_BYTEVECTOR, token.image, start, top);
          continue;
        case TOKEN_CLOSE: {
          if (depth === 0) throw this.error(start, `unexpected '${token.image}'`);
          const frame = frames[depth - 1];
          this.checkClose(frame, token.image, start, top);
          value = frame.kind === FRAME_LIST ? this.finishList(frame, top) : this.finishVector(frame, top);
          top = frame.base;
          depth--;
          start = frame.start;
          break;
        }
        case TOKEN_STRING: {
          const image = token.image;
          const close = image.length - 1;
          const text = image.indexOf("\\") < 0 ? image.slice(1, close) : decodeEscapes(image, 1, close, start, "string", this.fail);
          const string = makeString(heap, text);
          value = annotate ? this.annotation(string, string, start) : string;
          break;
        }
        case TOKEN_QUOTE:
          this.push(depth++, FRAME_QUOTE, token.image, start, top).symbol = this.quoteSymbols.get(token.image)!;
          continue;
        case TOKEN_HASH: {
          const datum = this.hash(token.image, start);
          if (datum === undefined) continue; // a directive
          value = annotate ? this.annotation(datum, datum, start) : datum;
          break;
        }
        case TOKEN_CHARACTER: {
          const char = makeChar(characterCode(token.image, start, this.foldCase, this.fail));
          value = annotate ? this.annotation(char, char, start) : char;
          break;
        }
        case TOKEN_PIPE_SYMBOL: {
          const image = token.image;
          const symbol = this.symbols.intern(decodeEscapes(image, 1, image.length - 1, start, "symbol", this.fail));
          value = annotate ? this.annotation(symbol, symbol, start) : symbol;
          break;
        }
        case TOKEN_LABEL: {
          const image = token.image;
          const label = image.slice(1, -1).replace(/^0+(?=.)/, "");
          if (image.charCodeAt(image.length - 1) === EQUALS) {
            this.defineLabel(label, start);
            this.push(depth++, FRAME_LABEL, image, start, top).label = label;
            continue;
          }
          value = this.labelReference(label, image, start);
          break;
        }
        case TOKEN_DATUM_COMMENT:
          this.push(depth++, FRAME_DATUM_COMMENT, token.image, start, top);
          continue;
        case TOKEN_UNTERMINATED:
        default:
          throw this.unterminated(token.image, start);
      }

      // `value`, which starts at `start`, is complete: the innermost frames take it in turn.
      for (;;) {
        if (depth === 0) {
          this.index = index;
          const last = tokens[index - 1];
          this.end = last.startOffset + last.image.length;
          return value;
        }
        const frame = frames[depth - 1];
        const kind = frame.kind;
        if (kind <= FRAME_LAST_SEQUENCE) {
          if (kind === FRAME_LIST) {
            if (frame.dot !== NO_DOT && top > frame.dot) {
              throw this.error(start, "unexpected datum after the tail of a dotted list: expected ')'");
            }
          } else if (kind === FRAME_BYTEVECTOR) {
            this.checkByte(value, start);
          }
          values[top++] = value;
          break;
        }
        depth--;
        if (kind === FRAME_QUOTE) {
          value = this.quoted(frame, value);
          start = frame.start;
        } else if (kind === FRAME_LABEL) {
          this.labels!.set(frame.label, value);
          start = frame.start;
        } else {
          break; // FRAME_DATUM_COMMENT: the datum is dropped
        }
      }
    }
  }

  /** Opens a frame at `depth` for the token `opener` at offset `start`. */
  private push(depth: number, kind: number, opener: string, start: number, top: number): Frame {
    let frame = this.frames[depth];
    if (frame === undefined) frame = this.frames[depth] = new Frame();
    frame.kind = kind;
    frame.opener = opener;
    frame.start = start;
    frame.base = top;
    frame.closer = opener.charCodeAt(0) === OPEN_BRACKET ? CLOSE_BRACKET : CLOSE_PARENTHESIS;
    frame.dot = NO_DOT;
    if (this.annotate) {
      const lines = this.lineTable();
      const line = lines.lineIndex(frame.start);
      frame.line = line + this.firstLine;
      frame.column = this.column(line, frame.start - lines.lineStart(line) + 1);
    }
    return frame;
  }

  private endOfText(depth: number): number {
    if (depth === 0) return EOF;
    const frame = this.frames[depth - 1];
    const at = this.where(frame.start);
    switch (frame.kind) {
      case FRAME_LIST:
        throw this.error(frame.start, `unterminated list: no '${String.fromCharCode(frame.closer)}' for the '${frame.opener}' at ${at}`, true);
      case FRAME_VECTOR:
        throw this.error(frame.start, `unterminated vector: no ')' for the '${frame.opener}' at ${at}`, true);
      case FRAME_BYTEVECTOR:
        throw this.error(frame.start, `unterminated bytevector: no ')' for the '${frame.opener}' at ${at}`, true);
      default:
        throw this.error(frame.start, `unexpected end of text: expected a datum after '${frame.opener}'`, true);
    }
  }

  // ---- Sequences -----------------------------------------------------------------------------

  private dot(depth: number, top: number, start: number): void {
    if (depth === 0) throw this.error(start, "unexpected '.' outside a list");
    const frame = this.frames[depth - 1];
    if (frame.kind === FRAME_VECTOR || frame.kind === FRAME_BYTEVECTOR) {
      throw this.error(start, `unexpected '.' in a ${frame.kind === FRAME_VECTOR ? "vector" : "bytevector"}`);
    }
    if (frame.kind !== FRAME_LIST) throw this.error(start, `unexpected '.': expected a datum after '${frame.opener}'`);
    if (frame.dot !== NO_DOT) throw this.error(start, "unexpected second '.' in a list");
    if (top === frame.base) throw this.error(start, "unexpected '.': a dotted list needs a datum before the '.'");
    frame.dot = top;
  }

  private checkClose(frame: Frame, close: string, start: number, top: number): void {
    if (frame.kind > FRAME_LAST_SEQUENCE) {
      throw this.error(start, `unexpected '${close}': expected a datum after '${frame.opener}'`);
    }
    if (close.charCodeAt(0) !== frame.closer) {
      throw this.error(start,
        `unexpected '${close}': the '${frame.opener}' at ${this.where(frame.start)} is closed by '${String.fromCharCode(frame.closer)}'`);
    }
    if (frame.dot === top) throw this.error(start, `unexpected '${close}': expected a datum after '.'`);
  }

  private checkByte(value: number, start: number): void {
    const byte = this.annotate ? this.stripped(value) : value;
    if (!isFixnum(byte) || fixnumValue(byte) < 0 || fixnumValue(byte) > BYTE_MAX) {
      throw this.error(start, `bytevector element must be an exact integer 0..${BYTE_MAX}`);
    }
  }

  /** R1: the list is built from its end, tail first. */
  private finishList(frame: Frame, top: number): number {
    const heap = this.heap;
    const values = this.values;
    const base = frame.base;
    let end = top;
    if (!this.annotate) {
      let list = frame.dot === NO_DOT ? NIL : values[--end];
      for (let i = end - 1; i >= base; i--) list = heap.cons(values[i], list);
      return list;
    }
    let expression = frame.dot === NO_DOT ? NIL : values[--end];
    let stripped = frame.dot === NO_DOT ? NIL : this.stripped(expression);
    for (let i = end - 1; i >= base; i--) {
      expression = heap.cons(values[i], expression);
      stripped = heap.cons(this.stripped(values[i]), stripped);
    }
    return makeAnnotation(heap, expression, stripped, this.source, frame.line, frame.column);
  }

  private finishVector(frame: Frame, top: number): number {
    const heap = this.heap;
    const elements = this.values.slice(frame.base, top);
    const plain = this.annotate ? elements.map((e) => this.stripped(e)) : elements;
    if (frame.kind === FRAME_BYTEVECTOR) {
      const bytevector = makeBytevector(heap, plain.map(fixnumValue));
      return this.annotate ? makeAnnotation(heap, bytevector, bytevector, this.source, frame.line, frame.column) : bytevector;
    }
    if (!this.annotate) return makeVector(heap, plain);
    return makeAnnotation(heap, makeVector(heap, elements), makeVector(heap, plain), this.source, frame.line, frame.column);
  }

  // ---- Prefixes ------------------------------------------------------------------------------

  /** (quote datum), (quasiquote datum), ...; annotated, the symbol has the mark's position. */
  private quoted(frame: Frame, datum: number): number {
    const heap = this.heap;
    const symbol = frame.symbol;
    if (!this.annotate) return heap.cons(symbol, heap.cons(datum, NIL));
    const keyword = makeAnnotation(heap, symbol, symbol, this.source, frame.line, frame.column);
    return makeAnnotation(heap,
      heap.cons(keyword, heap.cons(datum, NIL)),
      heap.cons(symbol, heap.cons(this.stripped(datum), NIL)),
      this.source, frame.line, frame.column);
  }

  private defineLabel(label: string, start: number): void {
    const labels = (this.labels ??= new Map());
    if (labels.has(label)) throw this.error(start, `datum label #${label}= is defined twice`);
    labels.set(label, undefined);
  }

  /** R4: the datum of a complete label; annotated, a new annotation at the reference. */
  private labelReference(label: string, image: string, start: number): number {
    const labels = this.labels;
    if (labels === undefined || !labels.has(label)) throw this.error(start, `undefined datum label ${image}`);
    const datum = labels.get(label);
    if (datum === undefined) {
      throw this.error(start, `datum label ${image} refers to the datum it is part of: ` +
        "data in Stasis is immutable, so a datum cannot contain itself");
    }
    if (!this.annotate) return datum;
    return this.annotation(this.heap.field(datum, ANNOTATION_EXPRESSION), this.stripped(datum), start);
  }

  // ---- Atoms ---------------------------------------------------------------------------------

  /** The datum of a `#` token, or undefined for a directive (#!fold-case, #!no-fold-case). */
  private hash(image: string, start: number): number | undefined {
    switch (image.toLowerCase()) {
      case "#t":
      case "#true":
        return TRUE;
      case "#f":
      case "#false":
        return FALSE;
      case "#!fold-case":
        this.foldCase = true;
        return undefined;
      case "#!no-fold-case":
        this.foldCase = false;
        return undefined;
    }
    if (hasNumberPrefix(image)) {
      const number = parseNumber(this.heap, image, start, this.fail);
      if (number === undefined) throw this.error(start, `bad number syntax ${excerpt(image)}`);
      return number;
    }
    // `#\` needs a character after it; `#` alone may begin anything.
    if ((image === "#" || image === "#\\") && start + image.length === this.text.length) {
      throw this.error(start, `unexpected end of text after '${image}'`, true);
    }
    throw this.error(start, `unknown # syntax ${excerpt(image)}`);
  }

  private unterminated(image: string, start: number): ReadError {
    const first = image.charCodeAt(0);
    const message = first === QUOTE_MARK ? "unterminated string: no closing '\"'"
      : first === BAR ? "unterminated |symbol|: no closing '|'"
      : "unterminated block comment: no '|#' for the '#|'";
    return this.error(start, message, true);
  }

  // ---- Annotations and positions -------------------------------------------------------------

  private annotation(expression: number, stripped: number, offset: number): number {
    const lines = this.lineTable();
    const line = lines.lineIndex(offset);
    return makeAnnotation(this.heap, expression, stripped, this.source, line + this.firstLine, this.column(line, offset - lines.lineStart(line) + 1));
  }

  private stripped(annotation: number): number {
    return this.heap.field(annotation, ANNOTATION_STRIPPED);
  }

  private position(offset: number): SourcePosition {
    const p = this.lineTable().position(this.file, offset);
    return { file: p.file, line: p.line - 1 + this.firstLine, column: this.column(p.line - 1, p.column) };
  }

  /** A column on the text's line with 0-based index `line`, counted from where the line starts. */
  private column(line: number, column: number): number {
    return line === 0 ? column + this.firstColumn - 1 : column;
  }

  private lineTable(): LineTable {
    return (this.lines ??= new LineTable(this.text));
  }

  /** "LINE:COL" of an offset, for messages that point at a second place. */
  private where(offset: number): string {
    const p = this.position(offset);
    return `${p.line}:${p.column}`;
  }

  private error(offset: number, message: string, incomplete = false): ReadError {
    return new ReadError(message, this.position(offset), incomplete);
  }
}

/** Every datum of `text`, in order. */
export function readAll(world: World, text: string, options: ReadOptions): number[] {
  const reader = new Reader(world, text, options);
  const data: number[] = [];
  for (let datum = reader.next(); datum !== EOF; datum = reader.next()) data.push(datum);
  return data;
}

/**
 * Reads the first datum of `text` for a port's `read` (runtime/ports.ts ReadOutcome): the datum or
 * EOF and where it ends, or the read error and where it is.
 */
export function readFirstDatum(world: World, text: string, file: string): ReadOutcome {
  const reader = new Reader(world, text, { file });
  try {
    const datum = reader.next();
    return { kind: "datum", datum, end: datum === EOF ? text.length : reader.offset };
  } catch (e) {
    if (!(e instanceof ReadError)) throw e;
    const lines = new LineTable(text);
    const offset = lines.lineStart(e.position.line - 1) + e.position.column - 1;
    return { kind: "error", message: e.message, offset, incomplete: e.incomplete };
  }
}
