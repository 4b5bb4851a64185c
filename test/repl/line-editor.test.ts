// The REPL's line editor (repl/line-editor.ts) and its history (repl/history.ts), driven through
// a fake terminal: an input stream marked as a TTY that records its raw mode, and an output
// that records what is written and feeds a model of the screen (test/support/pty.ts's Screen),
// so that a test reads what a person would see.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PassThrough } from "stream";
import * as fc from "fast-check";
import { LineEditor, ReadOptions, ReadResult } from "../../repl/line-editor";
import { History } from "../../repl/history";
import { Screen } from "../support/pty";

const LEFT = "\x1b[D";
const RIGHT = "\x1b[C";
const UP = "\x1b[A";
const DOWN = "\x1b[B";
const HOME = "\x1b[H";
const END = "\x1b[F";
const DELETE = "\x1b[3~";
const ALT_B = "\x1bb";
const ALT_F = "\x1bf";
const ALT_BACKSPACE = "\x1b\x7f";
const ALT_ENTER = "\x1b\r";
const CTRL_LEFT = "\x1b[1;5D";
const CTRL_RIGHT = "\x1b[1;5C";
const BACKSPACE = "\x7f";
const CTRL_A = "\x01";
const CTRL_C = "\x03";
const CTRL_D = "\x04";
const CTRL_E = "\x05";
const CTRL_G = "\x07";
const CTRL_K = "\x0b";
const CTRL_L = "\x0c";
const CTRL_R = "\x12";
const CTRL_U = "\x15";
const CTRL_W = "\x17";
const CTRL_Y = "\x19";
const PASTE_START = "\x1b[200~";
const PASTE_END = "\x1b[201~";

class FakeInput extends PassThrough {
  readonly isTTY = true;
  raw = false;
  setRawMode(raw: boolean): this {
    this.raw = raw;
    return this;
  }
}

/** A terminal `columns` wide, with no bottom (nothing scrolls off). */
class FakeTerminal {
  readonly input = new FakeInput();
  readonly screen: Screen;
  readonly output: { isTTY: true; columns: number; write(text: string): boolean };

  constructor(columns = 40) {
    this.screen = new Screen(columns, Infinity);
    this.output = { isTTY: true, columns, write: (text) => (this.screen.write(text), true) };
  }

  /** Types `keys` as one chunk of input, and lets the editor handle it. */
  async type(keys: string | Buffer): Promise<void> {
    this.input.write(keys);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const editors: LineEditor[] = [];
afterEach(() => {
  for (const editor of editors.splice(0)) editor.close();
});

function open(options: { history?: History; onInterrupt?: () => void; columns?: number } = {}) {
  const terminal = new FakeTerminal(options.columns);
  const editor = new LineEditor({ input: terminal.input, output: terminal.output, history: options.history, onInterrupt: options.onInterrupt });
  editors.push(editor);
  return { terminal, editor };
}

/** Enough of the REPL's rule for these tests: an entry is complete when its parentheses balance. */
function balanced(text: string): boolean {
  let depth = 0;
  for (const c of text) depth += c === "(" ? 1 : c === ")" ? -1 : 0;
  return depth <= 0;
}

const REPL: ReadOptions = { history: true, isComplete: balanced };

/** Opens an editor, reads one entry typing `keys`, and returns what the read returned. */
async function readTyping(keys: string[], options: ReadOptions = {}): Promise<ReadResult> {
  const { terminal, editor } = open();
  const result = editor.read("> ", "  ", options);
  for (const k of keys) await terminal.type(k);
  return result;
}

const entry = (text: string): ReadResult => ({ kind: "entry", text });

describe("reading an entry", () => {
  it("returns the line typed when Enter submits it", async () => {
    const { terminal, editor } = open();
    const result = editor.read("> ", "  ");
    await terminal.type("(+ 1 2)\r");
    expect(await result).toEqual(entry("(+ 1 2)"));
    expect(terminal.screen.text()).toBe("> (+ 1 2)");
    expect([terminal.screen.row, terminal.screen.column]).toEqual([1, 0]);
  });

  it("breaks the line on Enter while the entry is incomplete, and shows the continuation prompt", async () => {
    const { terminal, editor } = open();
    const result = editor.read("> ", "  ", REPL);
    await terminal.type("(define (f x)\r");
    expect(terminal.screen.text()).toBe("> (define (f x)\n  ");
    await terminal.type("  (* x 2))\r");
    expect(await result).toEqual(entry("(define (f x)\n  (* x 2))"));
    expect(terminal.screen.text()).toBe("> (define (f x)\n    (* x 2))");
  });

  it("submits on every Enter when no isComplete is given (a program's read-line)", async () => {
    expect(await readTyping(["(unbalanced (\r"])).toEqual(entry("(unbalanced ("));
  });

  it("breaks the line on Alt-Enter even when the entry is complete", async () => {
    expect(await readTyping(["(a)", ALT_ENTER, "(b)\r"], REPL)).toEqual(entry("(a)\n(b)"));
  });

  it("takes each line break of a paste as Enter: a complete entry is submitted, the next read gets the rest", async () => {
    const { terminal, editor } = open();
    const first = editor.read("> ", "  ", REPL);
    await terminal.type("(+ 1\r2)\r(* 3 4)\r(list\r");
    expect(await first).toEqual(entry("(+ 1\n2)"));
    expect(await editor.read("> ", "  ", REPL)).toEqual(entry("(* 3 4)"));
    const third = editor.read("> ", "  ", REPL);
    await terminal.type("5)\r");
    expect(await third).toEqual(entry("(list\n5)"));
    expect(terminal.screen.text()).toBe("> (+ 1\n  2)\n> (* 3 4)\n> (list\n  5)");
  });

  it("ends on Ctrl-D in an empty entry, and deletes the character under the cursor otherwise", async () => {
    expect(await readTyping([CTRL_D])).toEqual({ kind: "end" });
    expect(await readTyping(["abc", LEFT, LEFT, CTRL_D, "\r"])).toEqual(entry("ac"));
  });

  it("discards the whole entry on Ctrl-C, shows ^C, and starts the next read empty", async () => {
    const { terminal, editor } = open();
    const first = editor.read("> ", "  ", REPL);
    await terminal.type("(define (f x)\r  (car");
    await terminal.type(CTRL_C);
    expect(await first).toEqual({ kind: "interrupted" });
    const second = editor.read("> ", "  ", REPL);
    await terminal.type("(+ 1 2)\r");
    expect(await second).toEqual(entry("(+ 1 2)"));
    expect(terminal.screen.text()).toBe("> (define (f x)\n    (car^C\n> (+ 1 2)");
  });

  it("starts the prompt on a row of its own when the program's output did not end its line", async () => {
    const { terminal, editor } = open();
    terminal.output.write("hello");
    const result = editor.read("> ", "  ");
    await terminal.type("x\r");
    await result;
    // The rest of the first row holds the spaces that took the cursor to the next row.
    expect(terminal.screen.text().split("\n").map((row) => row.trimEnd())).toEqual(["hello", "> x"]);
  });

  it("starts after what the program wrote when the read says so (a read-line after a prompt of the program's)", async () => {
    const { terminal, editor } = open();
    terminal.output.write("Hello.\r\nName: ");
    const result = editor.read("Name: ", "", { freshLine: false });
    await terminal.type("Bob" + BACKSPACE + "b\r");
    expect(await result).toEqual(entry("Bob"));
    expect(terminal.screen.text()).toBe("Hello.\nName: Bob");
  });

  it("wraps a line longer than the terminal, and edits in its middle", async () => {
    const { terminal, editor } = open({ columns: 10 });
    const result = editor.read("> ", "  ");
    await terminal.type("abcdefghijklmnop");
    expect(terminal.screen.text()).toBe("> abcdefgh\nijklmnop");
    await terminal.type(CTRL_A + RIGHT + "XYZ");
    expect(terminal.screen.text()).toBe("> aXYZbcde\nfghijklmno\np");
    expect([terminal.screen.row, terminal.screen.column]).toEqual([0, 6]);
    await terminal.type("\r");
    expect(await result).toEqual(entry("aXYZbcdefghijklmnop"));
  });

  it("never splits a wide character at the right edge", async () => {
    const { terminal, editor } = open({ columns: 6 });
    const result = editor.read("> ", "  ");
    await terminal.type("abc字d\r");
    expect(await result).toEqual(entry("abc字d"));
    expect(terminal.screen.text()).toBe("> abc\n字d");
  });
});

describe("editing", () => {
  it.each([
    ["Left and Right move by a character", ["abc", LEFT, LEFT, "X", RIGHT, "Y"], "aXbYc"],
    ["Home and End go to the line's start and end", ["bc", HOME, "a", END, "d"], "abcd"],
    ["Ctrl-A and Ctrl-E go to the line's start and end", ["bc", CTRL_A, "a", CTRL_E, "d"], "abcd"],
    ["Backspace deletes before the cursor, Delete under it", ["abcd", LEFT, LEFT, BACKSPACE, DELETE], "ad"],
    ["Ctrl-K kills to the line's end, and Ctrl-Y yanks it", ["hello world", ALT_B, CTRL_K, CTRL_A, CTRL_Y], "worldhello "],
    ["Ctrl-U kills to the line's start", ["abc def", LEFT, LEFT, LEFT, CTRL_U], "def"],
    ["Ctrl-W kills back to white space", ["(car (cdr x", CTRL_W, CTRL_W], "(car "],
    ["Alt-B and Alt-F move by a word, a symbol's name", ["(list->vector (f))", CTRL_A, ALT_F, "!", ALT_F, ALT_B, "g"], "(list->vector! (gf))"],
    ["Ctrl-Left and Ctrl-Right move by a word", ["one two", CTRL_LEFT, "x", CTRL_RIGHT, "y"], "one xtwoy"],
    ["Alt-Backspace kills the word before the cursor", ["(vector-ref v", ALT_BACKSPACE, ALT_BACKSPACE], "("],
    ["a character beyond the BMP is one character", ["a😀b", LEFT, BACKSPACE], "ab"],
    ["UTF-8 and wide characters are one character each", ["λé字", LEFT, BACKSPACE, RIGHT, "!"], "λ字!"],
  ])("%s", async (_, keys, text) => {
    expect(await readTyping([...keys, "\r"])).toEqual(entry(text));
  });

  it("Ctrl-K at the end of a line joins the next line to it", async () => {
    expect(await readTyping(["(a", ALT_ENTER, "b)", UP, CTRL_E, CTRL_K, "\r"], REPL)).toEqual(entry("(ab)"));
  });

  it("Up and Down move between the lines of an entry, keeping the column", async () => {
    expect(await readTyping(["(let ((x 1))", ALT_ENTER, "y", ALT_ENTER, "  x)", UP, UP, "!", DOWN, DOWN, "?", "\r"], REPL))
      .toEqual(entry("(let! ((x 1))\ny\n  x)?"));
    expect(await readTyping(["(abcdef", ALT_ENTER, "ab", ALT_ENTER, "abcdef)", LEFT, UP, UP, "|", "\r"], REPL))
      .toEqual(entry("(abcde|f\nab\nabcdef)"));
  });

  it("decodes an escape sequence or a UTF-8 character cut between two chunks as one key", async () => {
    const { terminal, editor } = open();
    const result = editor.read("> ", "  ");
    await terminal.type("ab\x1b");
    await terminal.type("[D");
    const e = Buffer.from("é");
    await terminal.type(e.subarray(0, 1));
    await terminal.type(e.subarray(1));
    await terminal.type("\x1b[");
    await terminal.type("3~\r");
    expect(await result).toEqual(entry("aé"));
  });

  it("clears the screen on Ctrl-L and draws the entry at its top", async () => {
    const { terminal, editor } = open();
    terminal.output.write("noise\r\nmore noise\r\n");
    const result = editor.read("> ", "  ", REPL);
    await terminal.type("(a\rb");
    await terminal.type(CTRL_L);
    expect(terminal.screen.text()).toBe("> (a\n  b");
    await terminal.type(")\r");
    expect(await result).toEqual(entry("(a\nb)"));
  });

  // LE1-LE3: every draw is relative to the last, so a wrong row count leaves rows behind or
  // draws over the output above; after any run of edits the screen must hold just the entry.
  it("draws the entry, wrapped, as its text after any run of edits (LE1-LE3)", async () => {
    const KEYS = ["a", "b", "(", " ", "字", ALT_ENTER, LEFT, RIGHT, UP, DOWN, HOME, END, BACKSPACE, DELETE, CTRL_K, CTRL_U, CTRL_W, ALT_B, ALT_F, CTRL_Y];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 5, max: 12 }), fc.array(fc.constantFrom(...KEYS), { maxLength: 40 }), async (columns, keys) => {
        const { terminal, editor } = open({ columns });
        let done = false;
        const result = editor.read("> ", "..", { isComplete: () => done });
        for (const key of keys) await terminal.type(key);
        done = true;
        await terminal.type("\r");
        const read = await result;
        editor.close();
        if (read.kind !== "entry") throw new Error(`read ${read.kind}`);
        const rows = expectedRows("> ", "..", read.text, columns);
        expect(terminal.screen.text()).toBe(rows.join("\n").replace(/\n+$/, ""));
        expect(terminal.screen.row).toBe(rows[rows.length - 1] === "" ? rows.length - 1 : rows.length);
        expect(terminal.screen.column).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});

/** The rows an entry takes (THE SCREEN in repl/line-editor.ts); a row filled to the edge is followed by a new one. */
function expectedRows(prompt: string, continuationPrompt: string, text: string, columns: number): string[] {
  const rows: string[] = [];
  text.split("\n").forEach((line, i) => {
    let row = "";
    let width = 0;
    for (const char of (i === 0 ? prompt : continuationPrompt) + line) {
      const w = char === "字" ? 2 : 1;
      if (width + w > columns) {
        rows.push(row);
        [row, width] = ["", 0];
      }
      row += char;
      width += w;
      if (width === columns) {
        rows.push(row);
        [row, width] = ["", 0];
      }
    }
    rows.push(row);
  });
  return rows;
}

describe("history", () => {
  function withHistory(entries: string[]) {
    const history = new History(undefined);
    for (const e of entries) history.add(e);
    return open({ history, columns: 80 });
  }

  it("recalls a multi-line entry whole with Up, and comes back to the entry being written with Down", async () => {
    const { terminal, editor } = withHistory(["(define (f x)\n  (* x 2))", "(f 21)"]);
    const result = editor.read("> ", "  ", REPL);
    await terminal.type("(dra");
    await terminal.type(UP);
    expect(terminal.screen.text()).toBe("> (f 21)");
    await terminal.type(UP);
    expect(terminal.screen.text()).toBe("> (define (f x)\n    (* x 2))");
    await terminal.type(DOWN + DOWN);
    expect(terminal.screen.text()).toBe("> (dra");
    await terminal.type(UP + UP + "\r");
    expect(await result).toEqual(entry("(define (f x)\n  (* x 2))"));
  });

  it("moves up through a recalled entry's lines before going to an older entry", async () => {
    const { terminal, editor } = withHistory(["(older)", "(a\n b)"]);
    const result = editor.read("> ", "  ", REPL);
    await terminal.type(UP + UP + UP);
    expect(terminal.screen.text()).toBe("> (older)");
    await terminal.type(DOWN + DOWN + END + "!\r");
    expect(await result).toEqual(entry("(a\n b)!"));
  });

  it("adds each entry submitted, not one that repeats the entry before it nor a blank one", async () => {
    const history = new History(undefined);
    const { terminal, editor } = open({ history });
    for (const text of ["(a)", "(a)", "   ", "(b)", "(a)"]) {
      const result = editor.read("> ", "  ", REPL);
      await terminal.type(text + "\r");
      await result;
    }
    expect(history.entries).toEqual(["(a)", "(b)", "(a)"]);
  });

  it("neither adds nor recalls entries in a read without history (a program's read-line)", async () => {
    const history = new History(undefined);
    history.add("(old)");
    const { terminal, editor } = open({ history });
    const result = editor.read("", "");
    await terminal.type(UP + CTRL_R + "old" + "line\r");
    expect(await result).toEqual(entry("oldline"));
    expect(history.entries).toEqual(["(old)"]);
  });

  describe("Ctrl-R", () => {
    const ENTRIES = ["(define (square x)\n  (* x x))", "(display \"hi\")", "(square 4)"];

    it("finds the newest entry holding the text typed, shown as bash shows it", async () => {
      const { terminal, editor } = withHistory(ENTRIES);
      const result = editor.read("> ", "  ", REPL);
      await terminal.type(CTRL_R);
      expect(terminal.screen.text()).toBe("(reverse-i-search)'': ");
      await terminal.type("squ");
      expect(terminal.screen.text()).toBe("(reverse-i-search)'squ': (square 4)");
      expect(terminal.screen.column).toBe("(reverse-i-search)'squ': (".length);
      await terminal.type("\r");
      expect(await result).toEqual(entry("(square 4)"));
      expect(terminal.screen.text()).toBe("> (square 4)");
    });

    it("finds the next older match on Ctrl-R again, a multi-line entry shown whole", async () => {
      const { terminal, editor } = withHistory(ENTRIES);
      const result = editor.read("> ", "  ", REPL);
      await terminal.type(CTRL_R + "squ" + CTRL_R);
      expect(terminal.screen.text()).toBe("(reverse-i-search)'squ': (define (square x)\n    (* x x))");
      await terminal.type(CTRL_R);
      expect(terminal.screen.text()).toBe("(failed reverse-i-search)'squ': (define (square x)\n    (* x x))");
      await terminal.type(END + " ; kept\r");
      expect(await result).toEqual(entry("(define (square x) ; kept\n  (* x x))"));
    });

    it("finds each match within one entry, newest first", async () => {
      const { terminal, editor } = withHistory(["(x (x x))"]);
      const result = editor.read("> ", "  ", REPL);
      const label = "(reverse-i-search)'x': ".length;
      await terminal.type(CTRL_R + "x");
      expect(terminal.screen.column).toBe(label + 6);
      await terminal.type(CTRL_R);
      expect(terminal.screen.column).toBe(label + 4);
      await terminal.type(CTRL_R);
      expect(terminal.screen.column).toBe(label + 1);
      await terminal.type(RIGHT + "!\r");
      expect(await result).toEqual(entry("(x! (x x))"));
    });

    it("says failed when nothing matches, and searches again after Backspace", async () => {
      const { terminal, editor } = withHistory(ENTRIES);
      const result = editor.read("> ", "  ", REPL);
      await terminal.type(CTRL_R + "hiz");
      expect(terminal.screen.text()).toBe("(failed reverse-i-search)'hiz': (display \"hi\")");
      await terminal.type(BACKSPACE);
      expect(terminal.screen.text()).toBe("(reverse-i-search)'hi': (display \"hi\")");
      await terminal.type(CTRL_G + "\r");
      expect(await result).toEqual(entry(""));
    });

    it("gives back the entry being written on Ctrl-G or Escape", async () => {
      const { terminal, editor } = withHistory(ENTRIES);
      const result = editor.read("> ", "  ", REPL);
      await terminal.type("(mine" + CTRL_R + "squ" + CTRL_G);
      expect(terminal.screen.text()).toBe("> (mine");
      await terminal.type(CTRL_R + "disp");
      await terminal.type("\x1b");
      await new Promise((resolve) => setTimeout(resolve, 100)); // a lone ESC waits for a sequence
      expect(terminal.screen.text()).toBe("> (mine");
      await terminal.type(")\r");
      expect(await result).toEqual(entry("(mine)"));
    });
  });
});

describe("completion", () => {
  const NAMES = ["car", "cdr", "vector-length", "vector-ref", "vector-set!", "vector?"];
  const complete = (before: string) => {
    const word = /[^\s()]*$/.exec(before)![0];
    return { word, candidates: NAMES.filter((n) => n.startsWith(word)) };
  };

  it("completes the only candidate on Tab", async () => {
    expect(await readTyping(["(ca\t 'x)\r"], { complete })).toEqual(entry("(car 'x)"));
  });

  it("completes the common prefix of several, and lists them in columns on a second Tab, drawing the entry again below", async () => {
    const { terminal, editor } = open();
    const result = editor.read("> ", "  ", { complete });
    await terminal.type("(vec\t");
    expect(terminal.screen.text()).toBe("> (vector");
    await terminal.type("\t");
    expect(terminal.screen.text()).toBe("> (vector\nvector-length  vector-set!\nvector-ref     vector?\n> (vector");
    await terminal.type("-r\t\r");
    expect(await result).toEqual(entry("(vector-ref"));
  });

  it("inserts a tab for Tab inside a bracketed paste, and when the read does not complete", async () => {
    expect(await readTyping([PASTE_START + "(ca\tx)" + PASTE_END + "\t\r"], { complete })).toEqual(entry("(ca\tx)"));
    expect(await readTyping(["a\tb\r"])).toEqual(entry("a\tb"));
  });

  it("draws a tab as spaces to the next tab stop", async () => {
    const { terminal, editor } = open();
    const result = editor.read("> ", "  ");
    await terminal.type("a\tb");
    expect(terminal.screen.text()).toBe("> a     b");
    await terminal.type(LEFT + LEFT + "c\r");
    expect(await result).toEqual(entry("ac\tb"));
  });
});

describe("the terminal", () => {
  it("refuses an input or an output that is not a terminal", () => {
    const terminal = new FakeTerminal();
    expect(() => new LineEditor({ input: new PassThrough(), output: terminal.output })).toThrow("stasis: the line editor needs a terminal");
    expect(() => new LineEditor({ input: terminal.input, output: { write: () => true } })).toThrow("stasis: the line editor needs a terminal");
  });

  it("holds the terminal in raw mode while open, and gives it back on close (LE4)", () => {
    const { terminal, editor } = open();
    expect(terminal.input.raw).toBe(true);
    editor.close();
    expect(terminal.input.raw).toBe(false);
  });

  it("gives the terminal back when the process exits (LE4)", () => {
    const before = process.listeners("exit");
    const { terminal } = open();
    const added = process.listeners("exit").filter((l) => !before.includes(l));
    expect(added).toHaveLength(1);
    added[0](0);
    expect(terminal.input.raw).toBe(false);
  });

  it("ends a read under way on close", async () => {
    const { editor } = open();
    const result = editor.read("> ", "  ");
    editor.close();
    expect(await result).toEqual({ kind: "end" });
  });

  it("keeps keys typed while no read is under way for the next read (type-ahead)", async () => {
    const { terminal, editor } = open();
    await terminal.type("(+ 1");
    await terminal.type("\r2)\r(next");
    expect(terminal.screen.text()).toBe("");
    expect(await editor.read("> ", "  ", REPL)).toEqual(entry("(+ 1\n2)"));
    const second = editor.read("> ", "  ", REPL);
    await terminal.type(")\r");
    expect(await second).toEqual(entry("(next)"));
  });

  it("calls onInterrupt for Ctrl-C while no read is under way, and drops what was typed ahead", async () => {
    let interrupts = 0;
    const { terminal, editor } = open({ onInterrupt: () => interrupts++ });
    await terminal.type("(typed ahead)\r" + CTRL_C);
    expect(interrupts).toBe(1);
    const result = editor.read("> ", "  ", REPL);
    await terminal.type("(after)\r");
    expect(await result).toEqual(entry("(after)"));
  });
});

describe("the history file (repl/history.ts)", () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-history-"));
  });
  afterEach(() => {
    fs.chmodSync(home, 0o700);
    fs.rmSync(home, { recursive: true, force: true });
  });

  it("writes a multi-line entry on one line, escaped, and reads it back whole", () => {
    const file = path.join(home, "history");
    const text = '(define (f x)\n  (string-append x "\\n" #\\a))';
    new History(file).add(text);
    expect(fs.readFileSync(file, "utf8")).toBe('(define (f x)\\n  (string-append x "\\\\n" #\\\\a))\n');
    expect(new History(file).entries).toEqual([text]);
  });

  it("reads a file of plain lines as it is, but for backslash pairs it would write", () => {
    const file = path.join(home, "history");
    fs.writeFileSync(file, "(car '(1 2))\n(string #\\a)\n");
    expect(new History(file).entries).toEqual(["(car '(1 2))", "(string #\\a)"]);
  });

  it("makes the file and its home when there are none", () => {
    const file = path.join(home, "deeper", ".stasis", "history");
    new History(file).add("(first)");
    expect(new History(file).entries).toEqual(["(first)"]);
  });

  it("keeps the entries of two sessions on one file: each appends, neither overwrites", async () => {
    const file = path.join(home, "history");
    const one = open({ history: new History(file) });
    const two = open({ history: new History(file) });
    for (const [session, text] of [[one, "(one 1)"], [two, "(two 1)"], [one, "(one\n2)"], [two, "(two 2)"]] as const) {
      const result = session.editor.read("> ", "  ", REPL);
      await session.terminal.type(text.replace("\n", "\r") + "\r");
      await result;
    }
    expect(new History(file).entries).toEqual(["(one 1)", "(two 1)", "(one\n2)", "(two 2)"]);
  });

  it("loads the last `limit` entries, and cuts the file to them, with what others appended, past twice that", () => {
    const file = path.join(home, "history");
    const mine = new History(file, 3);
    const other = new History(file, 3);
    for (let i = 1; i <= 5; i++) mine.add(`(e ${i})`);
    other.add("(other)");
    mine.add("(e 6)");
    expect(fs.readFileSync(file, "utf8").split("\n")).toHaveLength(7 + 1);
    // mine knows of 7 lines now, more than twice 3: it reads the file again and keeps its last 3.
    mine.add("(e 7)");
    expect(fs.readFileSync(file, "utf8")).toBe("(other)\n(e 6)\n(e 7)\n");
    expect(fs.readdirSync(home)).toEqual(["history"]);
    expect(new History(file, 3).entries).toEqual(["(other)", "(e 6)", "(e 7)"]);
  });

  it("cuts a file read at start with more than twice `limit` entries, keeping the newest", () => {
    const file = path.join(home, "history");
    fs.writeFileSync(file, Array.from({ length: 7 }, (_, i) => `(e ${i + 1})\n`).join(""));
    expect(new History(file, 3).entries).toEqual(["(e 5)", "(e 6)", "(e 7)"]);
    expect(fs.readFileSync(file, "utf8")).toBe("(e 5)\n(e 6)\n(e 7)\n");
  });

  it("keeps entries in memory only when its home cannot be made (a file where the directory should be)", async () => {
    fs.writeFileSync(path.join(home, "not-a-directory"), "");
    const history = new History(path.join(home, "not-a-directory", "history"));
    const { terminal, editor } = open({ history });
    const first = editor.read("> ", "  ", REPL);
    await terminal.type("(kept)\r");
    await first;
    const second = editor.read("> ", "  ", REPL);
    await terminal.type(UP + "\r");
    expect(await second).toEqual(entry("(kept)"));
  });

  // As root, the permission bits do not stop a write, and the file would be written.
  (process.getuid?.() === 0 ? it.skip : it)("reads a read-only history file, never writes it, and goes on", async () => {
    const file = path.join(home, "history");
    fs.writeFileSync(file, "(old)\n", { mode: 0o444 });
    fs.chmodSync(home, 0o500);
    const history = new History(file);
    const { terminal, editor } = open({ history });
    const first = editor.read("> ", "  ", REPL);
    await terminal.type("(new)\r");
    await first;
    const second = editor.read("> ", "  ", REPL);
    await terminal.type(UP + UP + "\r");
    expect(await second).toEqual(entry("(old)"));
    expect(fs.readFileSync(file, "utf8")).toBe("(old)\n");
  });
});
