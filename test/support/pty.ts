// Tests that drive the `stasis` command as a person at a terminal would: keys in, a screen out.
//
// Method: no native module (node-pty) is needed; util-linux `script` makes the pseudo-terminal.
//   script -qfec "echo $$ >&3; exec 3>&-; stty cols C rows R; exec stasis ARGS" /dev/null
// runs the command in a shell on a new pseudo-terminal (its controlling terminal, in a session
// of its own), copies what is written to script's standard input (a pipe) to the terminal as
// keys, and the terminal's output to script's standard output (-f: at once; -q: nothing of its
// own; -e: script's exit code is the command's). The shell tells its pid on descriptor 3 (a pipe
// script passes on) before it becomes the command with exec, so that the command can be killed:
// killing script leaves it running. Enter is "\r" (the terminal's ICRNL or a raw-mode program
// makes of it what a keyboard's would), Ctrl-C "\x03", Ctrl-D "\x04", Up "\x1b[A", Tab "\t".
//
// The screen is a model of a terminal (Screen, below): enough of xterm's control sequences for
// what node's readline and repl/line-editor.ts write.
//
// Every Pty still running when a test ends is killed (the afterEach below), waitFor and exit
// give up after their timeout, and their timers do not keep node alive, so that a test that
// fails or times out never leaves a process behind, nor jest waiting.

import { ChildProcess, spawn } from "child_process";
import * as os from "os";
import type { Readable } from "stream";
import { STASIS_COMMAND } from "./stasis";
import { characterWidth } from "../../repl/line-editor";

/** How long script has to exit after its command was killed, before it is killed too. */
const SCRIPT_GRACE_MS = 1000;
const running = new Set<Pty>();

afterEach(() => {
  for (const pty of running) pty.kill();
});

/**
 * This process's environment for the command, without the collector's stress and verify modes
 * (gc/README.md): the terminal tests are of the REPL's keys and screen, and a collection at every
 * safe point would make a person's pace of typing and printing minutes long.
 */
function terminalEnvironment(): NodeJS.ProcessEnv {
  const { STASIS_GC_STRESS: _stress, STASIS_GC_VERIFY: _verify, ...rest } = process.env;
  return rest;
}

export interface PtySize {
  readonly columns?: number;
  readonly rows?: number;
}

export class Pty {
  private readonly model: Screen;
  private exitCode: number | undefined;
  private readonly exited: Promise<number>;
  /** The waitFors under way, each told of every change of the screen and of the exit. */
  private readonly waiting = new Set<() => void>();

  /** `pid`: the command's (not script's). */
  private constructor(private readonly script: ChildProcess, readonly pid: number, size: Required<PtySize>) {
    this.model = new Screen(size.columns, size.rows);
    const decoder = new TextDecoder("utf-8");
    script.stdout!.on("data", (chunk: Buffer) => {
      this.model.write(decoder.decode(chunk, { stream: true }));
      this.changed();
    });
    this.exited = new Promise((resolve) => {
      script.on("exit", (code, signal) => {
        running.delete(this);
        this.exitCode = signal === null ? code! : 128 + os.constants.signals[signal];
        this.changed();
        resolve(this.exitCode);
      });
    });
  }

  /** Starts `stasis ARGS` on a new terminal of `size` (80 by 24), with `env` added to this process's. */
  static async spawn(args: readonly string[], env: Record<string, string> = {}, size: PtySize = {}): Promise<Pty> {
    const columns = size.columns ?? 80;
    const rows = size.rows ?? 24;
    const command = `echo $$ >&3; exec 3>&-; stty cols ${columns} rows ${rows}; exec ${[STASIS_COMMAND, ...args].map(shellQuote).join(" ")}`;
    const script = spawn("script", ["-qfec", command, "/dev/null"], {
      stdio: ["pipe", "pipe", "inherit", "pipe"],
      env: { ...terminalEnvironment(), TERM: "xterm-256color", ...env, SHELL: "/bin/sh" },
    });
    const pid = await new Promise<number>((resolve, reject) => {
      let told = "";
      (script.stdio[3] as Readable).on("data", (chunk: Buffer) => {
        told += chunk.toString();
        if (told.endsWith("\n")) resolve(Number(told));
      });
      script.on("error", reject);
      script.on("exit", () => reject(new Error(`script exited before it started ${STASIS_COMMAND}`)));
    });
    const pty = new Pty(script, pid, { columns, rows });
    running.add(pty);
    return pty;
  }

  /** Types `keys`, as they are: "\r" is Enter. */
  type(keys: string): void {
    this.script.stdin!.write(keys);
  }

  /** The screen now: its rows, the scrolled-off ones first (Screen.text). */
  screen(): string {
    return this.model.text();
  }

  /** Waits until the screen matches `expected` (a string: contains it); returns the screen. */
  waitFor(expected: RegExp | string, timeoutMs = 3000): Promise<string> {
    const matches = (): boolean => {
      const screen = this.screen();
      return typeof expected === "string" ? screen.includes(expected) : expected.test(screen);
    };
    return new Promise((resolve, reject) => {
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        this.waiting.delete(check);
        if (error === undefined) resolve(this.screen());
        else reject(error);
      };
      const check = (): void => {
        if (matches()) finish();
        else if (this.exitCode !== undefined) finish(this.failure(`the command exited (${this.exitCode}) without ${expected} on the screen`));
      };
      const timer = setTimeout(() => finish(this.failure(`no ${expected} on the screen after ${timeoutMs} ms`)), timeoutMs).unref();
      this.waiting.add(check);
      check();
    });
  }

  /** Waits for the command to exit, and returns its exit code (as a shell's: 128 + N for signal N). */
  async exit(timeoutMs = 3000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.kill();
        reject(this.failure(`the command did not exit within ${timeoutMs} ms`));
      }, timeoutMs).unref();
    });
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Kills the command, if still running; script then collects it and exits (killed first, it
   * would leave the command to be collected by whatever init the machine has, perhaps none).
   */
  kill(): void {
    if (this.exitCode !== undefined) return;
    try {
      process.kill(this.pid, "SIGKILL");
    } catch {
      // It exited already; script is about to.
    }
    setTimeout(() => this.script.kill("SIGKILL"), SCRIPT_GRACE_MS).unref();
  }

  private changed(): void {
    for (const check of [...this.waiting]) check();
  }

  private failure(message: string): Error {
    return new Error(`${message}; the screen:\n${this.screen()}`);
  }
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A terminal's screen, from what is written to it: printable characters (wide ones in two
 * cells), CR, LF, BS, TAB, and the CSI sequences CUU CUD CUF CUB (A-D), CHA (G), CUP (H, f),
 * ED (J) and EL (K); other sequences (SGR colours, modes) are read and ignored. Like xterm, it
 * wraps at the right edge with a pending wrap (a character written in the last column leaves
 * the cursor there; the next one goes to the next row). Rows that scroll off the top are kept.
 * `rows` may be Infinity: nothing scrolls.
 */
export class Screen {
  /** Each row's cells: a character, "" for the second half of a wide one, undefined if blank. */
  private readonly lines: (string | undefined)[][] = [[]];
  /** The first row on the screen; rows before it have scrolled off. */
  private top = 0;
  row = 0;
  column = 0;
  private pendingWrap = false;
  /** An escape sequence cut by the end of the last write. */
  private pending = "";

  constructor(readonly columns = 80, readonly rows = 24) {}

  write(text: string): void {
    text = this.pending + text;
    this.pending = "";
    for (let i = 0; i < text.length; ) {
      const c = text[i];
      if (c === "\x1b") {
        const end = this.escape(text, i);
        if (end === undefined) {
          this.pending = text.slice(i);
          return;
        }
        i = end;
        continue;
      }
      const char = String.fromCodePoint(text.codePointAt(i)!);
      i += char.length;
      switch (char) {
        case "\r":
          this.moveTo(this.row, 0);
          break;
        case "\n":
          this.lineFeed();
          break;
        case "\b":
          this.moveTo(this.row, Math.max(0, this.column - 1));
          break;
        case "\t":
          this.moveTo(this.row, Math.min(this.columns - 1, this.column + 8 - (this.column % 8)));
          break;
        default:
          if (char >= " ") this.put(char);
      }
    }
  }

  /**
   * The rows, the scrolled-off ones first, each up to its last character written (a space
   * written counts; a cell never written or erased does not), without empty rows at the end.
   */
  text(): string {
    const rows = this.lines.map((cells) => {
      let end = cells.length;
      while (end > 0 && cells[end - 1] === undefined) end--;
      return Array.from(cells.slice(0, end), (cell) => cell ?? " ").join("");
    });
    while (rows.length > 0 && rows[rows.length - 1] === "") rows.pop();
    return rows.join("\n");
  }

  private put(char: string): void {
    const width = characterWidth(char);
    if (width === 0) return;
    if (this.pendingWrap || this.column + width > this.columns) {
      this.lineFeed();
      this.column = 0;
    }
    const cells = this.cells(this.row);
    cells[this.column] = char;
    if (width === 2) cells[this.column + 1] = "";
    this.column += width;
    this.pendingWrap = this.column >= this.columns;
    if (this.pendingWrap) this.column = this.columns - 1;
  }

  private lineFeed(): void {
    this.pendingWrap = false;
    this.row++;
    this.cells(this.row);
    if (this.row >= this.top + this.rows) this.top++;
  }

  private moveTo(row: number, column: number): void {
    this.pendingWrap = false;
    this.row = Math.min(Math.max(row, this.top), this.top + this.rows - 1);
    this.column = Math.min(Math.max(column, 0), this.columns - 1);
    this.cells(this.row);
  }

  private cells(row: number): (string | undefined)[] {
    while (this.lines.length <= row) this.lines.push([]);
    return this.lines[row];
  }

  /** Acts on the escape sequence at text[start]; returns where it ends, or undefined if cut. */
  private escape(text: string, start: number): number | undefined {
    if (start + 1 >= text.length) return undefined;
    const kind = text[start + 1];
    if (kind === "]") {
      // OSC (a window title): up to BEL or ST.
      const end = text.slice(start).search(/\x07|\x1b\\/);
      if (end < 0) return undefined;
      return start + end + (text[start + end] === "\x07" ? 1 : 2);
    }
    if (kind !== "[") return start + 2;
    let final = start + 2;
    while (final < text.length && text.charCodeAt(final) >= 0x20 && text.charCodeAt(final) <= 0x3f) final++;
    if (final >= text.length) return undefined;
    const parameters = text.slice(start + 2, final);
    if (!parameters.startsWith("?")) this.control(text[final], parameters.split(";").map((p) => (p === "" ? undefined : Number(p))));
    return final + 1;
  }

  private control(command: string, parameters: (number | undefined)[]): void {
    const n = parameters[0] ?? 1;
    switch (command) {
      case "A":
        return this.moveTo(this.row - n, this.column);
      case "B":
        return this.moveTo(this.row + n, this.column);
      case "C":
        return this.moveTo(this.row, this.column + n);
      case "D":
        return this.moveTo(this.row, this.column - n);
      case "G":
        return this.moveTo(this.row, n - 1);
      case "H":
      case "f":
        return this.moveTo(this.top + n - 1, (parameters[1] ?? 1) - 1);
      case "J": {
        const mode = parameters[0] ?? 0;
        if (mode === 0) {
          this.clearLine(this.column, Infinity);
          this.lines.length = this.row + 1;
        } else if (mode === 2) {
          for (let row = this.top; row < this.lines.length; row++) this.lines[row] = [];
        }
        return;
      }
      case "K": {
        const mode = parameters[0] ?? 0;
        if (mode === 0) this.clearLine(this.column, Infinity);
        else if (mode === 1) this.clearLine(0, this.column + 1);
        else this.clearLine(0, Infinity);
        return;
      }
    }
  }

  private clearLine(from: number, to: number): void {
    const cells = this.cells(this.row);
    for (let column = from; column < Math.min(to, cells.length); column++) cells[column] = undefined;
  }
}
