// The pretty printer: `write` (or `display`) syntax laid out in lines of at most `width`
// columns, as the pretty printers of Racket, Chez Scheme and Gambit (Feeley's pp) lay it out,
// for the REPL's results.
//
// Layout. A node (list, vector, `#<...>` object) that fits on the rest of its line, its closing
// brackets and any that directly follow it included, is written on one line. One that does not
// is broken: its elements go one per line, lined up by what the node is (printer.ts, SHAPE_*):
//
//     a form          (f a            its arguments under the first (but a head longer than
//                        b)           CALL_HEAD_SHORT whose first argument does not fit after
//                                     it: then all on lines of their own, indented 2);
//     a body form     (define (f x)   the first BODY_FORMS arguments on the head line, the body
//                       (g x))        indented 2 past the bracket;
//     data            (1 2 3          a list not headed by a symbol, a vector: its elements under
//                      4 5)           the first, as many on a line as fit (filled, as Chez does);
//     an object       #<point 1       like a form: the fields under the first;
//                             2>
//     a table         #<hash-table 2  like a body form: the count on the head line.
//                        (a . 1)
//                        (b . 2)>
//
// Each broken element decides again for itself. A node that starts at or past the margin is
// written on one line: breaking it could only indent its elements further past it, and this is
// what keeps a structure nested a million deep from indenting a million lines a million deep.
//
// Method. The decision for a node looks ahead in the walk's tokens only until they are known to
// exceed the rest of the line: at most `width` characters, and as many tokens, since every token
// but an empty atom (a `display`ed empty string or symbol) is at least one character, and an
// empty atom is followed by a space or a bracket. So the printer holds O(width) tokens whatever the size of the value, and
// output comes out in order as the tokens are laid out: prettyChunks hands it over in pieces, and
// a caller that stops asking stops the printing (the REPL's Ctrl-C). The first piece waits for
// the walk's search for cycles (printer.ts), which reads the whole value but writes nothing.

import { World } from "./world";
import {
  PrintMode, SHAPE_DATA, SHAPE_FORM, SHAPE_OBJECT, SHAPE_TABLE, TOKEN_ATOM, TOKEN_CLOSE, TOKEN_END, TOKEN_OPEN,
  TOKEN_SPACE, Walk,
} from "./printer";

export interface PrettyOptions {
  /** The columns a line may take (DEFAULT_WIDTH if absent). */
  readonly width?: number;
  /** Elements of a list, vector, record or table, and characters of a string, shown before `...`. */
  readonly maxLength?: number;
  /** Brackets nested before a node is shown as `...`. */
  readonly maxDepth?: number;
  /** "write" (the default) or "display". */
  readonly mode?: PrintMode;
}

export const DEFAULT_WIDTH = 80;
/** The size of prettyChunks' pieces if the caller does not choose. */
export const DEFAULT_CHUNK_CHARS = 16384;

/** The value laid out in lines, without a final newline. */
export function prettyPrint(world: World, value: number, options: PrettyOptions = {}): string {
  let text = "";
  for (const chunk of prettyChunks(world, value, options, Infinity)) text += chunk;
  return text;
}

/**
 * prettyPrint's text in pieces of `chunkChars` UTF-16 code units (at least 2), but the last,
 * which is shorter, and any that would end inside a surrogate pair, which end before it. The
 * heap must not change while the generator is in use (a collection moves what it points to).
 */
export function* prettyChunks(
  world: World, value: number, options: PrettyOptions = {}, chunkChars: number = DEFAULT_CHUNK_CHARS,
): Generator<string, void, undefined> {
  const layout = new Layout(world, value, options);
  while (!layout.done) {
    layout.run(chunkChars);
    for (let chunk = layout.take(chunkChars); chunk !== undefined; chunk = layout.take(chunkChars)) yield chunk;
  }
}

/**
 * The forms whose first N arguments stay on the head line when broken, the rest (the body) on
 * lines of their own, indented 2 past the bracket. A named let keeps one more (LET_NAMED).
 */
const BODY_FORMS: ReadonlyMap<string, number> = new Map([
  ["begin", 0], ["case-lambda", 0],
  ["lambda", 1], ["define", 1], ["define-syntax", 1], ["define-values", 1], ["define-record-type", 1],
  ["define-macro", 1], ["let", 1], ["let*", 1], ["letrec", 1], ["letrec*", 1], ["let-values", 1],
  ["let*-values", 1], ["let-syntax", 1], ["letrec-syntax", 1], ["parameterize", 1], ["when", 1],
  ["unless", 1], ["case", 1], ["syntax-rules", 1], ["guard", 1],
  ["do", 2],
]);
const LET_NAMED = 2;
const BODY_INDENT = 2;
/**
 * A call's arguments line up under its first when its head is this short or the first fits on
 * the head line; else they go on lines of their own, indented 2 (Feeley's pp, as in Gambit and
 * Chicken, whose max-call-head-width is 5).
 */
const CALL_HEAD_SHORT = 5;
/** A broken node's indent before its first space says where its elements line up. */
const INDENT_AT_FIRST_ARGUMENT = -1;

/** A node written over several lines. */
interface BrokenNode {
  /** The spaces still to come that stay spaces: between the head and the arguments on its line. */
  spacesOnHeadLine: number;
  /** The column the elements after them start at (INDENT_AT_FIRST_ARGUMENT until known). */
  indent: number;
  /** Data: an element goes on the line before it if it fits there. */
  readonly fill: boolean;
}

const HIGH_SURROGATE_FIRST = 0xd800;
const HIGH_SURROGATE_LAST = 0xdbff;
/** Tokens consumed from the front of the lookahead before it is compacted. */
const LOOKAHEAD_COMPACT = 4096;

class Layout {
  done = false;

  private readonly walk: Walk;
  private readonly width: number;
  /** Output laid out and not yet taken. */
  private out = "";
  private column = 0;
  /** Nodes being written on one line (the rest of the innermost broken node's element). */
  private flatDepth = 0;
  private readonly broken: BrokenNode[] = [];

  // The lookahead: tokens read from the walk and not yet laid out, from `head` on.
  private readonly kinds: number[] = [];
  private readonly texts: string[] = [];
  private readonly shapes: number[] = [];
  private head = 0;

  constructor(world: World, value: number, options: PrettyOptions) {
    this.width = options.width ?? DEFAULT_WIDTH;
    this.walk = new Walk(world, value, {
      mode: options.mode ?? "write",
      maxLength: options.maxLength,
      maxDepth: options.maxDepth,
      maxTableEntries: options.maxLength,
    });
  }

  /** Lays out tokens until `chars` characters of output wait to be taken, or to the end. */
  run(chars: number): void {
    while (!this.done && this.out.length < chars) {
      const kind = this.peek(0);
      const text = this.texts[this.head];
      switch (kind) {
        case TOKEN_END:
          this.done = true;
          break;
        case TOKEN_ATOM:
          this.emit(text);
          break;
        case TOKEN_OPEN:
          this.open(text, this.shapes[this.head]);
          break;
        case TOKEN_SPACE:
          this.space();
          break;
        case TOKEN_CLOSE:
          this.emit(text);
          if (this.flatDepth > 0) this.flatDepth--;
          else this.broken.pop();
          break;
      }
      this.advance();
    }
  }

  /** The next piece of at most `chars` code units, if `chars` wait or the end was reached. */
  take(chars: number): string | undefined {
    if (this.out.length === 0 || (this.out.length < chars && !this.done)) return undefined;
    let end = Math.min(chars, this.out.length);
    const last = this.out.charCodeAt(end - 1);
    if (end < this.out.length && last >= HIGH_SURROGATE_FIRST && last <= HIGH_SURROGATE_LAST) end--;
    const chunk = this.out.slice(0, end);
    this.out = this.out.slice(end);
    return chunk;
  }

  private open(text: string, shape: number): void {
    if (this.flatDepth > 0 || this.column >= this.width || this.fits(0, this.width - this.column)) {
      this.flatDepth++;
      this.emit(text);
      return;
    }
    this.emit(text);
    const body = this.column - 1 + BODY_INDENT;
    switch (shape) {
      case SHAPE_FORM:
      case SHAPE_OBJECT: {
        const head = this.textAt(1);
        const distinguished = shape === SHAPE_FORM ? BODY_FORMS.get(head) : undefined;
        if (distinguished !== undefined) {
          const named = head === "let" && this.peek(2) === TOKEN_SPACE && this.peek(3) === TOKEN_ATOM;
          this.broken.push({ spacesOnHeadLine: named ? LET_NAMED : distinguished, indent: body, fill: false });
        } else if (head.length <= CALL_HEAD_SHORT || this.peek(2) !== TOKEN_SPACE ||
            this.fits(3, this.width - this.column - head.length - 1)) {
          this.broken.push({ spacesOnHeadLine: 1, indent: INDENT_AT_FIRST_ARGUMENT, fill: false });
        } else {
          this.broken.push({ spacesOnHeadLine: 0, indent: body, fill: false });
        }
        break;
      }
      case SHAPE_TABLE:
        this.broken.push({ spacesOnHeadLine: 1, indent: body, fill: false });
        break;
      default:
        this.broken.push({ spacesOnHeadLine: 0, indent: this.column, fill: true });
    }
  }

  private space(): void {
    const node = this.broken[this.broken.length - 1];
    if (this.flatDepth > 0 || node.spacesOnHeadLine > 0) {
      this.emit(" ");
      if (this.flatDepth === 0) {
        node.spacesOnHeadLine--;
        if (node.indent === INDENT_AT_FIRST_ARGUMENT) node.indent = this.column;
      }
      return;
    }
    if (node.fill && this.column < this.width && this.fits(1, this.width - this.column - 1)) {
      this.emit(" ");
      return;
    }
    this.out += "\n" + " ".repeat(node.indent);
    this.column = node.indent;
  }

  /**
   * Whether the element that begins `from` tokens after the head of the lookahead, and the
   * closing brackets right after it, fit in `room` columns: reads tokens only until they are
   * known not to.
   */
  private fits(from: number, room: number): boolean {
    let used = 0;
    let depth = 0;
    let i = from;
    for (; ; i++) {
      const kind = this.peek(i);
      used += kind === TOKEN_SPACE ? 1 : this.textAt(i).length;
      if (used > room) return false;
      if (kind === TOKEN_OPEN) depth++;
      else if (kind === TOKEN_CLOSE) depth--;
      if (depth === 0) break;
    }
    for (i++; this.peek(i) === TOKEN_CLOSE; i++) {
      used += this.textAt(i).length;
      if (used > room) return false;
    }
    return true;
  }

  private emit(text: string): void {
    this.out += text;
    const newline = text.lastIndexOf("\n"); // a displayed string or character may hold some
    this.column = newline < 0 ? this.column + text.length : text.length - newline - 1;
  }

  /** The kind of the token `i` places after the head of the lookahead, read from the walk if need be. */
  private peek(i: number): number {
    while (this.kinds.length <= this.head + i) {
      const walk = this.walk;
      const kind = walk.next();
      this.kinds.push(kind);
      this.texts.push(kind === TOKEN_SPACE || kind === TOKEN_END ? "" : walk.text);
      this.shapes.push(kind === TOKEN_OPEN ? walk.shape : SHAPE_DATA);
    }
    return this.kinds[this.head + i];
  }

  /** The text of the token `i` places after the head of the lookahead ("" for a space). */
  private textAt(i: number): string {
    this.peek(i);
    return this.texts[this.head + i];
  }

  private advance(): void {
    this.head++;
    if (this.head === this.kinds.length || this.head >= LOOKAHEAD_COMPACT) {
      this.kinds.splice(0, this.head);
      this.texts.splice(0, this.head);
      this.shapes.splice(0, this.head);
      this.head = 0;
    }
  }
}
