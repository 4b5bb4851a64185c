// The REPL's line editor: reads an entry at a terminal, as Chez Scheme's expression editor
// (expeditor) does, and rebel-readline and Racket's xrepl after it. An entry is what the REPL
// evaluates next, a datum or a ,command, and may take several lines: Enter submits it when the
// caller's isComplete says it is complete, and opens a new line under it when not. A program's
// read-line reads with no isComplete: every Enter submits. From open to close the editor holds
// the terminal in raw mode (no echo, no line discipline, no signals from keys): it decodes every
// key, draws the entry itself, and sees Ctrl-C also while the program runs.
//
// KEYS, emacs's as readline binds them:
//   Enter, Ctrl-J        submit a complete entry, else break the line   Alt-Enter  break the line
//   Left Right, Ctrl-B Ctrl-F   a character      Alt-B Alt-F, Ctrl-Left Ctrl-Right  a word
//   Home End, Ctrl-A Ctrl-E     the line's start, end
//   Up Down, Ctrl-P Ctrl-N      the line above, below; from the first line the older entry of
//                               the history, from the last the newer
//   Backspace, Delete           the character before, under the cursor
//   Ctrl-D                      the character under the cursor; on an empty entry, the end
//   Ctrl-K                      kill to the line's end (at its end, its line break)
//   Ctrl-U                      kill to the line's start
//   Ctrl-W                      kill to the white space before      Alt-Backspace, Alt-D  a word
//   Ctrl-Y                      yank the last text killed
//   Tab                         complete; a second Tab lists what it could be
//   Ctrl-R                      search the history backwards, shown as bash shows it:
//                               (reverse-i-search)'text': match
//   Ctrl-L                      clear the screen
//   Ctrl-C                      discard the entry; while no read is under way, onInterrupt
// In a search, what is typed extends the text searched for, Backspace shortens it, Ctrl-R finds
// the next older match, Ctrl-G or Escape gives back the entry as it was, and any other key takes
// the match as the entry and then does what it does (Enter submits it, Left moves in it).
// Enter submits a complete entry wherever the cursor is in it, so that an entry recalled from
// the history, or edited in its middle, is submitted as it is.
// A word is a run of characters that can be in a symbol: not white space, not ()[]{}"';`, .
// Text pasted arrives as keys, its line breaks as Enter: each complete entry is submitted and
// the rest waits for the next read. The terminal is asked to bracket a paste (xterm's mode 2004)
// so that a Tab in it is a tab, not a completion.
//
// THE SCREEN. The entry is drawn on the rows from the prompt's down: its first line after the
// prompt, each other line after the continuation prompt, wrapped at the output's `columns`. A
// character that would cross the right edge starts the next row (so a wide character, 2 columns,
// is never split); a tab is drawn as spaces to the next multiple of TAB_STOP.
//   LE1  Nothing is drawn below the entry: each draw goes up to the prompt's row, clears to the
//        end of the screen and writes the whole entry. The keys of one chunk of input (a paste)
//        are handled first and drawn once.
//   LE2  The terminal is never left in its "pending wrap" state (the cursor held on the last
//        column, the next character going to the next row, or not, by terminal): a row filled
//        to its edge is followed by "\r\n" at once, so a move relative to any place is exact.
//   LE3  After a draw the terminal's cursor is `cursorRow` rows below the prompt's row, at the
//        place of the entry's cursor.
// A read starts at the start of a fresh row: when the program's output did not end its line,
// the editor writes `columns` spaces and a carriage return, which ends on the next row if the
// cursor was not at the start of one, and on the same row if it was (zsh's PROMPT_SP). A read
// for a program's read-line may start after what the program wrote instead (freshLine).
//
// THE TERMINAL. LE4: the input is in raw mode exactly while the editor is open; close() and the
// process's exit (also by an uncaught exception, and the SIGINT the editor sends when there is
// no onInterrupt) take it out. A death by another signal (SIGTERM, SIGKILL) cannot; the shell's
// own line editor sets the terminal's modes again at its next prompt. Keys typed while no read is under
// way (the program is running) are kept and handled by the next read (type-ahead), except
// Ctrl-C, which drops them and calls onInterrupt, as a terminal flushes its input on SIGINT.

import { History } from "./history";

export type ReadResult =
  /** The text entered; its lines are joined by "\n", and it has no final line break. */
  | { readonly kind: "entry"; readonly text: string }
  /** Ctrl-D on an empty entry. */
  | { readonly kind: "end" }
  /** Ctrl-C: the entry is discarded. */
  | { readonly kind: "interrupted" };

/** What Tab completes: `word`, the end of the text before the cursor, and what it may become. */
export interface Completion {
  readonly word: string;
  readonly candidates: readonly string[];
}

export interface ReadOptions {
  /** Up, Down and Ctrl-R recall the history, and the entry submitted is added to it. */
  readonly history?: boolean;
  /** Tab completes through this (given the text before the cursor); without it, Tab is a tab. */
  readonly complete?: (textBeforeCursor: string) => Completion;
  /** Whether Enter submits `text`; without it, every Enter does (plain lines). */
  readonly isComplete?: (text: string) => boolean;
  /**
   * false: the read does not start on a fresh row (THE SCREEN) but where the program's output
   * left the cursor, and `prompt` is what the program wrote since its last line break (a
   * program's read-line after (display "Name: ")), which is drawn again over itself.
   */
  readonly freshLine?: boolean;
}

export interface TerminalInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
}

export interface TerminalOutput {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface LineEditorOptions {
  readonly input: TerminalInput;
  readonly output: TerminalOutput;
  /** The entries Up, Down and Ctrl-R recall; in memory only when not given. */
  readonly history?: History;
  /**
   * Called for a Ctrl-C typed while no read is under way. Without it, the process is sent
   * SIGINT, as a terminal not in raw mode would send it.
   */
  readonly onInterrupt?: () => void;
}

const TAB_STOP = 8;
/** How long a lone ESC waits for the rest of an escape sequence before it is the Escape key. */
const ESCAPE_TIMEOUT_MS = 50;
const ESC = "\x1b";
const BRACKETED_PASTE_ON = "\x1b[?2004h";
const BRACKETED_PASTE_OFF = "\x1b[?2004l";
const CLEAR_SCREEN = "\x1b[H\x1b[2J";
const CLEAR_TO_END_OF_SCREEN = "\x1b[J";

// ---------------------------------------------------------------------------------------------
// Keys, decoded from what a terminal sends: xterm's sequences, which its kin (VTE, kitty, iTerm,
// tmux, the Linux console, Windows Terminal) send too.

type KeyName =
  | "enter" | "alt-enter" | "tab" | "escape" | "backspace" | "delete" | "alt-backspace"
  | "left" | "right" | "up" | "down" | "home" | "end" | "ctrl-left" | "ctrl-right"
  | "ctrl-a" | "ctrl-b" | "ctrl-c" | "ctrl-d" | "ctrl-e" | "ctrl-f" | "ctrl-g" | "ctrl-k"
  | "ctrl-l" | "ctrl-n" | "ctrl-p" | "ctrl-r" | "ctrl-u" | "ctrl-w" | "ctrl-y"
  | "alt-b" | "alt-d" | "alt-f" | "paste-start" | "paste-end";

/** A key, or a run of printable characters typed or pasted together (inserted at once). */
type Key = { readonly name: KeyName } | { readonly name: "text"; readonly text: string };

const CONTROL_KEYS: Readonly<Record<string, KeyName>> = {
  "\x01": "ctrl-a", "\x02": "ctrl-b", "\x03": "ctrl-c", "\x04": "ctrl-d", "\x05": "ctrl-e",
  "\x06": "ctrl-f", "\x07": "ctrl-g", "\x08": "backspace", "\t": "tab", "\n": "enter",
  "\x0b": "ctrl-k", "\x0c": "ctrl-l", "\r": "enter", "\x0e": "ctrl-n", "\x10": "ctrl-p",
  "\x12": "ctrl-r", "\x15": "ctrl-u", "\x17": "ctrl-w", "\x19": "ctrl-y", "\x7f": "backspace",
};

/** What follows ESC: a CSI sequence ("[", parameters, a final byte) or an SS3 one ("O", one byte). */
const ESCAPE_SEQUENCES: Readonly<Record<string, KeyName>> = {
  "[A": "up", "[B": "down", "[C": "right", "[D": "left",
  "OA": "up", "OB": "down", "OC": "right", "OD": "left",
  "[H": "home", "[F": "end", "OH": "home", "OF": "end",
  "[1~": "home", "[7~": "home", "[4~": "end", "[8~": "end", "[3~": "delete",
  "[1;5C": "ctrl-right", "[1;5D": "ctrl-left", "[1;3C": "alt-f", "[1;3D": "alt-b",
  "[200~": "paste-start", "[201~": "paste-end",
};

/** Alt-x: ESC, then x. */
const ALT_KEYS: Readonly<Record<string, KeyName>> = {
  b: "alt-b", d: "alt-d", f: "alt-f", "\x7f": "alt-backspace", "\x08": "alt-backspace", "\r": "alt-enter",
};

/** Turns chunks of input into keys; an escape sequence or a UTF-8 character may be cut between chunks. */
class KeyDecoder {
  private readonly utf8 = new TextDecoder("utf-8");
  /** The start of an escape sequence that ended the last chunk. */
  private pending = "";

  decode(chunk: Buffer | string): Key[] {
    const text = this.pending + (typeof chunk === "string" ? chunk : this.utf8.decode(chunk, { stream: true }));
    this.pending = "";
    const keys: Key[] = [];
    for (let i = 0; i < text.length; ) {
      const c = text[i];
      if (c === ESC) {
        if (i + 1 === text.length) {
          this.pending = ESC;
          break;
        }
        const next = text[i + 1];
        if (next === "[" || next === "O") {
          let final = i + 2;
          if (next === "[") while (final < text.length && isCsiParameter(text.charCodeAt(final))) final++;
          if (final >= text.length) {
            this.pending = text.slice(i);
            break;
          }
          const name = ESCAPE_SEQUENCES[text.slice(i + 1, final + 1)];
          if (name !== undefined) keys.push({ name });
          i = final + 1;
        } else if (next === ESC) {
          keys.push({ name: "escape" });
          i += 1;
        } else {
          const name = ALT_KEYS[next];
          if (name !== undefined) keys.push({ name });
          i = nextCodePoint(text, i + 1);
        }
        continue;
      }
      const name = CONTROL_KEYS[c];
      if (name !== undefined) {
        keys.push({ name });
        // A pasted "\r\n" is one line break.
        i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      } else if (c >= " ") {
        let end = i + 1;
        while (end < text.length && text[end] >= " " && text[end] !== "\x7f") end++;
        keys.push({ name: "text", text: text.slice(i, end) });
        i = end;
      } else {
        i++; // another control character: nothing
      }
    }
    return keys;
  }

  /** Whether the last chunk ended inside an escape sequence. */
  get waiting(): boolean {
    return this.pending !== "";
  }

  /** When no more came: a lone ESC was the Escape key; a cut sequence is dropped. */
  flush(): Key[] {
    const keys: Key[] = this.pending === ESC ? [{ name: "escape" }] : [];
    this.pending = "";
    return keys;
  }
}

/** A CSI sequence's parameter and intermediate bytes (ECMA-48: 0x20-0x3F); any other ends it. */
function isCsiParameter(code: number): boolean {
  return code >= 0x20 && code <= 0x3f;
}

// ---------------------------------------------------------------------------------------------
// Widths and the layout of an entry on the screen (THE SCREEN).

/** East Asian wide and fullwidth characters (Markus Kuhn's wcwidth), and emoji: 2 columns. */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x2329, 0x232a], [0x2e80, 0x303e], [0x3041, 0xa4cf], [0xac00, 0xd7a3],
  [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff00, 0xff60], [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x20000, 0x2fffd], [0x30000, 0x3fffd],
];
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200f]$/u;

/** The columns a character (one code point, not a tab) takes on a terminal. */
export function characterWidth(char: string): number {
  const code = char.codePointAt(0)!;
  if (code < 0x300) return 1;
  if (ZERO_WIDTH.test(char)) return 0;
  return WIDE_RANGES.some(([first, last]) => code >= first && code <= last) ? 2 : 1;
}

function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += characterWidth(char);
  return width;
}

/** A place on the screen: rows below the prompt's row, and a column. */
interface Place {
  readonly row: number;
  readonly column: number;
}

interface Layout {
  /** What draws the entry, from the start of the prompt's row. */
  readonly output: string;
  /** The place of the cursor when it is before text[i], for each i at a code point's start. */
  readonly places: Place[];
  /** Where drawing ends: the cursor's place at the end of the text. */
  readonly end: Place;
}

function layOut(prompt: string, continuationPrompt: string, text: string, columns: number): Layout {
  let output = "";
  let row = 0;
  let column = 0;
  const newRow = (): void => {
    output += "\r\n";
    row++;
    column = 0;
  };
  /** Draws one character, and returns its place. */
  const put = (char: string): Place => {
    const width = char === "\t" ? Math.min(TAB_STOP - (column % TAB_STOP), columns - column) : characterWidth(char);
    if (column > 0 && column + width > columns) newRow();
    const place = { row, column };
    output += char === "\t" ? " ".repeat(width) : char;
    column += width;
    if (column >= columns) newRow(); // LE2
    return place;
  };
  for (const char of prompt) put(char);
  const places: Place[] = [];
  for (let i = 0; i < text.length; i = nextCodePoint(text, i)) {
    const char = String.fromCodePoint(text.codePointAt(i)!);
    if (char === "\n") {
      places[i] = { row, column };
      newRow();
      for (const p of continuationPrompt) put(p);
    } else {
      places[i] = put(char);
    }
  }
  const end = { row, column };
  places[text.length] = end;
  return { output, places, end };
}

/** Whether drawing ended at the start of a row of its own, which is then a fresh line. */
function endsOnFreshRow(layout: Layout): boolean {
  return layout.end.column === 0 && layout.end.row > 0;
}

function cursorUp(rows: number): string {
  return rows > 0 ? `\x1b[${rows}A` : "";
}

function cursorRight(columns: number): string {
  return columns > 0 ? `\x1b[${columns}C` : "";
}

/** Candidates in columns, down then across (as ls), each line ended by "\r\n". */
function inColumns(candidates: readonly string[], columns: number): string {
  const width = Math.max(...candidates.map(textWidth)) + 2;
  const across = Math.max(1, Math.floor(columns / width));
  const down = Math.ceil(candidates.length / across);
  let output = "";
  for (let row = 0; row < down; row++) {
    let line = "";
    for (let i = row; i < candidates.length; i += down) line += candidates[i] + " ".repeat(width - textWidth(candidates[i]));
    output += line.trimEnd() + "\r\n";
  }
  return output;
}

// ---------------------------------------------------------------------------------------------
// Places in the text. The cursor is an index into the text at a code point's start.

function nextCodePoint(text: string, i: number): number {
  if (i >= text.length) return text.length;
  return i + (text.codePointAt(i)! > 0xffff ? 2 : 1);
}

function previousCodePoint(text: string, i: number): number {
  if (i <= 1) return 0;
  const low = text.charCodeAt(i - 1);
  const high = text.charCodeAt(i - 2);
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? i - 2 : i - 1;
}

function lineStart(text: string, i: number): number {
  return i === 0 ? 0 : text.lastIndexOf("\n", i - 1) + 1;
}

function lineEnd(text: string, i: number): number {
  const at = text.indexOf("\n", i);
  return at < 0 ? text.length : at;
}

const DELIMITER = /[\s()[\]{}"';`,]/;

/** The start of the word before i (Alt-B). */
function wordStart(text: string, i: number): number {
  while (i > 0 && DELIMITER.test(text[i - 1])) i--;
  while (i > 0 && !DELIMITER.test(text[i - 1])) i--;
  return i;
}

/** The end of the word after i (Alt-F). */
function wordEnd(text: string, i: number): number {
  while (i < text.length && DELIMITER.test(text[i])) i++;
  while (i < text.length && !DELIMITER.test(text[i])) i++;
  return i;
}

/** The start of the run of non-white space before i (Ctrl-W). */
function nonBlankStart(text: string, i: number): number {
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  while (i > 0 && !/\s/.test(text[i - 1])) i--;
  return i;
}

/** The place in the line [start, end) nearest `column` columns from its start, not past it. */
function atColumn(text: string, start: number, end: number, column: number): number {
  let i = start;
  let width = 0;
  while (i < end) {
    const next = nextCodePoint(text, i);
    width += characterWidth(text.slice(i, next));
    if (width > column) break;
    i = next;
  }
  return i;
}

function commonPrefix(strings: readonly string[]): string {
  let prefix = strings[0];
  for (const s of strings) while (!s.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

// ---------------------------------------------------------------------------------------------

interface Reading {
  readonly prompt: string;
  readonly continuationPrompt: string;
  readonly options: ReadOptions;
  readonly resolve: (result: ReadResult) => void;
}

/** A reverse incremental search (Ctrl-R): the text searched for, and the match shown. */
interface Search {
  query: string;
  /** The history entry matched, and where in it; none until something matches. */
  match: { readonly entry: number; readonly offset: number } | undefined;
  /** The query has no match (older than the one shown). */
  failed: boolean;
}

const VERTICAL_KEYS: ReadonlySet<string> = new Set(["up", "down", "ctrl-p", "ctrl-n"]);

export class LineEditor {
  private readonly input: TerminalInput & { setRawMode(raw: boolean): unknown };
  private readonly output: TerminalOutput;
  private readonly history: History;
  private readonly onInterrupt: () => void;
  private readonly decoder = new KeyDecoder();
  private escapeTimer: NodeJS.Timeout | undefined;
  /** Keys typed while no read was under way, for the next (THE TERMINAL). */
  private readonly typeAhead: Key[] = [];
  private reading: Reading | undefined;
  private closed = false;

  // The entry being edited.
  private text = "";
  private cursor = 0;
  /** LE3. */
  private cursorRow = 0;
  private lastKey: Key["name"] | undefined;
  /** The column Up and Down keep to, from where the first of a run of them started. */
  private goalColumn: number | undefined;
  private killed = "";
  /** Between a paste's brackets. */
  private pasting = false;
  /** The history entry shown (entries.length: the entry being written, kept in draft meanwhile). */
  private historyPosition = 0;
  private draft = "";
  private search: Search | undefined;

  constructor(options: LineEditorOptions) {
    const { input, output } = options;
    if (input.isTTY !== true || typeof input.setRawMode !== "function" || output.isTTY !== true) {
      throw new Error("stasis: the line editor needs a terminal for its input and its output");
    }
    this.input = input as TerminalInput & { setRawMode(raw: boolean): unknown };
    this.output = output;
    this.history = options.history ?? new History(undefined);
    this.onInterrupt = options.onInterrupt ?? (() => this.interruptProcess());
    this.input.setRawMode(true);
    this.output.write(BRACKETED_PASTE_ON);
    process.on("exit", this.restoreTerminal); // LE4
    this.input.on("data", this.receiveChunk);
  }

  /**
   * Reads an entry: shows `prompt` on a fresh line (and `continuationPrompt` before each line
   * after the first; both plain text, no control sequences), handles the keys typed ahead and
   * those that come, and resolves when Enter submits, Ctrl-D ends or Ctrl-C interrupts. The
   * cursor is then at the start of the line below the entry (after "^C" for an interrupt). One
   * read at a time; after close(), "end".
   */
  read(prompt: string, continuationPrompt: string, options: ReadOptions = {}): Promise<ReadResult> {
    if (this.closed) return Promise.resolve({ kind: "end" });
    if (this.reading !== undefined) throw new Error("stasis: LineEditor.read while a read is under way");
    return new Promise((resolve) => {
      this.reading = { prompt, continuationPrompt, options, resolve };
      this.text = "";
      this.cursor = 0;
      this.lastKey = undefined;
      this.goalColumn = undefined;
      this.historyPosition = this.history.entries.length;
      this.draft = "";
      if (options.freshLine === false) {
        this.cursorRow = layOut(prompt, continuationPrompt, "", this.columns()).end.row;
      } else {
        this.output.write(" ".repeat(this.columns())); // to a fresh row (THE SCREEN)
        this.cursorRow = 0;
      }
      this.receive(this.typeAhead.splice(0));
    });
  }

  /** Gives the terminal back (LE4); a read under way ends. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.escapeTimer);
    this.input.off("data", this.receiveChunk);
    this.input.pause();
    process.off("exit", this.restoreTerminal);
    this.restoreTerminal();
    const reading = this.reading;
    this.reading = undefined;
    reading?.resolve({ kind: "end" });
  }

  private readonly restoreTerminal = (): void => {
    this.output.write(BRACKETED_PASTE_OFF);
    this.input.setRawMode(false);
  };

  /**
   * Ctrl-C with no read under way and no onInterrupt: SIGINT, as the terminal would send it.
   * It ends the process at once unless someone listens for it, and a death by signal runs no
   * exit handler: the terminal is given back first (LE4), and taken again if the process lives.
   */
  private interruptProcess(): void {
    this.restoreTerminal();
    process.kill(process.pid, "SIGINT");
    this.input.setRawMode(true);
    this.output.write(BRACKETED_PASTE_ON);
  }

  private readonly receiveChunk = (chunk: Buffer | string): void => {
    clearTimeout(this.escapeTimer);
    this.receive(this.decoder.decode(chunk));
    if (this.decoder.waiting) this.escapeTimer = setTimeout(() => this.receive(this.decoder.flush()), ESCAPE_TIMEOUT_MS).unref();
  };

  /** Handles keys while a read is under way, keeps them for the next otherwise (THE TERMINAL). */
  private receive(keys: readonly Key[]): void {
    for (const key of keys) {
      if (this.reading !== undefined) {
        this.handle(key);
      } else if (key.name === "ctrl-c") {
        this.typeAhead.length = 0;
        this.onInterrupt();
      } else {
        this.typeAhead.push(key);
      }
    }
    if (this.reading !== undefined) this.draw(); // LE1: once for all the keys
  }

  private columns(): number {
    return Math.max(1, this.output.columns || 80);
  }

  /** Draws the entry (LE1-LE3), with the cursor at its end if `atEnd`, and returns its layout. */
  private draw(atEnd = false): Layout {
    const { prompt, continuationPrompt } = this.reading!;
    const search = this.search;
    let shown = { prompt, text: this.text, cursor: this.cursor };
    if (search !== undefined) {
      const label = `(${search.failed ? "failed " : ""}reverse-i-search)'${search.query}': `;
      const { match } = search;
      shown = match === undefined
        ? { prompt: label, text: this.text, cursor: this.cursor }
        : { prompt: label, text: this.history.entries[match.entry], cursor: match.offset };
    }
    const layout = layOut(shown.prompt, continuationPrompt, shown.text, this.columns());
    const place = atEnd ? layout.end : layout.places[shown.cursor];
    this.output.write(
      cursorUp(this.cursorRow) + "\r" + CLEAR_TO_END_OF_SCREEN + layout.output +
      cursorUp(layout.end.row - place.row) + "\r" + cursorRight(place.column),
    );
    this.cursorRow = place.row;
    return layout;
  }

  /** Ends the read: the entry drawn whole, `mark` after it, the cursor on a fresh line. */
  private finish(result: ReadResult, mark = ""): void {
    this.search = undefined;
    const layout = this.draw(true);
    this.output.write(mark + (mark === "" && endsOnFreshRow(layout) ? "" : "\r\n"));
    const { resolve } = this.reading!;
    this.reading = undefined;
    this.text = "";
    this.cursor = 0;
    this.cursorRow = 0;
    resolve(result);
  }

  /** The dispatch of keys: one case per key, for the entry being edited. */
  private handle(key: Key): void {
    if (this.search !== undefined && !this.handleSearchKey(key)) {
      this.lastKey = key.name;
      return;
    }
    const { text, cursor } = this;
    switch (key.name) {
      case "text":
        this.insert(key.text);
        break;
      case "enter":
        this.enter();
        break;
      case "alt-enter":
        this.insert("\n");
        break;
      case "tab":
        this.tab();
        break;
      case "ctrl-c":
        this.finish({ kind: "interrupted" }, "^C");
        break;
      case "ctrl-d":
        if (text === "") this.finish({ kind: "end" });
        else this.remove(cursor, nextCodePoint(text, cursor));
        break;
      case "left":
      case "ctrl-b":
        this.cursor = previousCodePoint(text, cursor);
        break;
      case "right":
      case "ctrl-f":
        this.cursor = nextCodePoint(text, cursor);
        break;
      case "home":
      case "ctrl-a":
        this.cursor = lineStart(text, cursor);
        break;
      case "end":
      case "ctrl-e":
        this.cursor = lineEnd(text, cursor);
        break;
      case "alt-b":
      case "ctrl-left":
        this.cursor = wordStart(text, cursor);
        break;
      case "alt-f":
      case "ctrl-right":
        this.cursor = wordEnd(text, cursor);
        break;
      case "up":
      case "ctrl-p":
        this.up();
        break;
      case "down":
      case "ctrl-n":
        this.down();
        break;
      case "backspace":
        this.remove(previousCodePoint(text, cursor), cursor);
        break;
      case "delete":
        this.remove(cursor, nextCodePoint(text, cursor));
        break;
      case "ctrl-k": {
        const end = lineEnd(text, cursor);
        this.kill(cursor, end === cursor ? nextCodePoint(text, cursor) : end);
        break;
      }
      case "ctrl-u":
        this.kill(lineStart(text, cursor), cursor);
        break;
      case "ctrl-w":
        this.kill(nonBlankStart(text, cursor), cursor);
        break;
      case "alt-backspace":
        this.kill(wordStart(text, cursor), cursor);
        break;
      case "alt-d":
        this.kill(cursor, wordEnd(text, cursor));
        break;
      case "ctrl-y":
        this.insert(this.killed);
        break;
      case "ctrl-l":
        this.output.write(CLEAR_SCREEN);
        this.cursorRow = 0;
        break;
      case "ctrl-r":
        if (this.reading!.options.history === true) this.search = { query: "", match: undefined, failed: false };
        break;
      case "paste-start":
        this.pasting = true;
        break;
      case "paste-end":
        this.pasting = false;
        break;
      case "ctrl-g":
      case "escape":
        break;
    }
    if (!VERTICAL_KEYS.has(key.name)) this.goalColumn = undefined;
    this.lastKey = key.name;
  }

  private insert(inserted: string): void {
    this.text = this.text.slice(0, this.cursor) + inserted + this.text.slice(this.cursor);
    this.cursor += inserted.length;
  }

  private remove(start: number, end: number): void {
    this.text = this.text.slice(0, start) + this.text.slice(end);
    this.cursor = start;
  }

  private kill(start: number, end: number): void {
    if (end > start) this.killed = this.text.slice(start, end);
    this.remove(start, end);
  }

  private enter(): void {
    const { options } = this.reading!;
    if (options.isComplete !== undefined && !options.isComplete(this.text)) {
      this.insert("\n");
      return;
    }
    if (options.history === true) this.history.add(this.text);
    this.finish({ kind: "entry", text: this.text });
  }

  private up(): void {
    const { text, cursor } = this;
    const start = lineStart(text, cursor);
    if (start === 0) return this.recall(this.historyPosition - 1);
    this.goalColumn ??= textWidth(text.slice(start, cursor));
    this.cursor = atColumn(text, lineStart(text, start - 1), start - 1, this.goalColumn);
  }

  private down(): void {
    const { text, cursor } = this;
    const end = lineEnd(text, cursor);
    if (end === text.length) return this.recall(this.historyPosition + 1);
    this.goalColumn ??= textWidth(text.slice(lineStart(text, cursor), cursor));
    this.cursor = atColumn(text, end + 1, lineEnd(text, end + 1), this.goalColumn);
  }

  /**
   * Shows history entry `position` (entries.length: the entry being written): going back, with
   * the cursor at its end, so that Up goes on through its lines; going forward, at the end of
   * its first line, so that Down does.
   */
  private recall(position: number): void {
    const { entries } = this.history;
    if (this.reading!.options.history !== true || position < 0 || position > entries.length) return;
    if (this.historyPosition === entries.length) this.draft = this.text;
    const back = position < this.historyPosition;
    this.historyPosition = position;
    this.text = position === entries.length ? this.draft : entries[position];
    this.cursor = back || position === entries.length ? this.text.length : lineEnd(this.text, 0);
    this.goalColumn = undefined;
  }

  /**
   * A key during a search: returns true when it ends the search with the match taken, and is
   * then to be handled as an edit of it (Enter submits it, Left moves in it, ...).
   */
  private handleSearchKey(key: Key): boolean {
    const search = this.search!;
    const { entries } = this.history;
    const newest = { entry: entries.length - 1, offset: Infinity };
    switch (key.name) {
      case "text":
        // Incremental: the match is kept at the last character that had one.
        for (const char of key.text) {
          search.query += char;
          if (!search.failed) this.searchFrom(search.match ?? newest);
        }
        return false;
      case "backspace":
        search.query = search.query.slice(0, previousCodePoint(search.query, search.query.length));
        search.match = undefined;
        search.failed = false;
        if (search.query !== "") this.searchFrom(newest);
        return false;
      case "ctrl-r":
        if (search.query !== "") {
          const { match } = search;
          this.searchFrom(match === undefined ? newest : { entry: match.entry, offset: match.offset - 1 });
        }
        return false;
      case "ctrl-g":
      case "escape":
        this.search = undefined;
        return false;
      case "ctrl-c":
        this.search = undefined;
        return true;
      default: {
        const { match } = search;
        this.search = undefined;
        if (match !== undefined) {
          if (this.historyPosition === entries.length) this.draft = this.text;
          this.historyPosition = match.entry;
          this.text = entries[match.entry];
          this.cursor = match.offset;
        }
        return true;
      }
    }
  }

  /** Finds the query at `from` or before it, the newest such place, and shows it or fails. */
  private searchFrom(from: { entry: number; offset: number }): void {
    const search = this.search!;
    const { entries } = this.history;
    for (let entry = from.entry; entry >= 0; entry--) {
      const offset = entry === from.entry ? from.offset : Infinity;
      if (offset < 0) continue;
      const at = entries[entry].lastIndexOf(search.query, offset);
      if (at >= 0) {
        search.match = { entry, offset: at };
        search.failed = false;
        return;
      }
    }
    search.failed = true;
  }

  /**
   * Tab: one candidate replaces the word; several, their common prefix, and on a second Tab
   * in a row they are listed under the entry, which is drawn again below them.
   */
  private tab(): void {
    const { complete } = this.reading!.options;
    if (complete === undefined || this.pasting) return this.insert("\t");
    const before = this.text.slice(0, this.cursor);
    const { word, candidates } = complete(before);
    if (candidates.length === 0) return;
    const completed = candidates.length === 1 ? candidates[0] : commonPrefix(candidates);
    if (completed.length > word.length) {
      const start = before.length - word.length;
      this.text = before.slice(0, start) + completed + this.text.slice(this.cursor);
      this.cursor = start + completed.length;
    } else if (candidates.length > 1 && this.lastKey === "tab") {
      const layout = this.draw(true);
      this.output.write((endsOnFreshRow(layout) ? "" : "\r\n") + inColumns(candidates, this.columns()));
      this.cursorRow = 0;
    }
  }
}
