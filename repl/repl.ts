// The interactive REPL: the host's part in the world's toplevel loop (session.ts ToplevelHost,
// runtime/library/data.scm %toplevel). The loop is a computation of the world like any other; the
// REPL gives it forms read from the terminal, shows the values it is given, and reports the
// uncaught errors it goes on from. So every input is part of one computation: a continuation of
// an earlier input, even of one typed before the world was saved and resumed, can be invoked
// from a later one, and a sysout taken at the prompt resumes at the prompt.
//
// On a terminal the REPL reads with its own line editor (line-editor.ts): an entry is a whole
// form, however many lines it takes, and one entry of the history (history.ts); Ctrl-C discards
// the entry being typed, stops the printing of a value, or interrupts the running form. Through
// a pipe it reads plain lines, collecting them until they hold a complete datum, with no
// prompts, so the same loop serves a script piped in. Commands start with a comma (commands.ts).

import * as os from "os";
import * as path from "path";
import { ErrorResult, Session, ToplevelHost, formatError } from "./session";
import { LineSource } from "./input";
import { LineEditor } from "./line-editor";
import { History } from "./history";
import { Reader } from "../reader/reader";
import { ReadError } from "../reader/errors";
import { SchemeError } from "../runtime/errors";
import { EOF, UNSPECIFIED, fixnumValue, isFixnum } from "../runtime/layout";
import { printToString } from "../runtime/printer";
import { DEFAULT_WIDTH, PrettyOptions, prettyChunks } from "../runtime/pretty";
import { type Io, version } from "./cli";
import { CommandError, CommandOutcome, commandCompletions, runCommand } from "./commands";
import { globalNames } from "./describe";

const PROMPT = "> ";
const CONTINUATION_PROMPT = "  ";

/** Where the REPL keeps its history: next to the images (STASIS_HOME, default ~/.stasis). */
function historyFile(): string {
  return path.join(process.env.STASIS_HOME ?? path.join(os.homedir(), ".stasis"), "history");
}

export interface ReplOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /**
   * Makes the session once the REPL's input exists: its standard input is the REPL's, and its
   * output goes through `io` (which the REPL watches, to know where the cursor is).
   */
  readonly session: (stdin: () => Promise<string | null>, io: Io) => Promise<Session>;
  readonly io: Io;
}

export async function runRepl(options: ReplOptions): Promise<number> {
  const terminal = (options.input as NodeJS.ReadStream).isTTY === true && (options.output as NodeJS.WriteStream).isTTY === true;
  const io = new WatchedIo(options.io);
  const host = new ReplHost(io, options.output, terminal ? undefined : new LineSource(options.input));
  const session = await options.session(() => host.programInput(), io);
  host.session = session;
  if (terminal) {
    host.editor = new LineEditor({
      input: options.input as NodeJS.ReadStream, output: options.output as NodeJS.WriteStream,
      history: new History(historyFile()), onInterrupt: () => host.interrupt(),
    });
    io.out(banner(session));
  }
  try {
    const result = await session.runToplevel(host);
    return result.kind === "exit" ? result.code : 0;
  } finally {
    host.close();
  }
}

/** The REPL's output, watched for what follows its last line break (a fresh line, a prompt). */
class WatchedIo implements Io {
  /** What was written since the last line break, on standard output or error. */
  lineSoFar = "";

  constructor(private readonly io: Io) {}

  out(text: string): void {
    this.watch(text);
    this.io.out(text);
  }

  err(text: string): void {
    this.watch(text);
    this.io.err(text);
  }

  private watch(text: string): void {
    const end = text.lastIndexOf("\n");
    this.lineSoFar = end < 0 ? this.lineSoFar + text : text.slice(end + 1);
  }
}

/** The REPL's part in the toplevel loop. */
class ReplHost implements ToplevelHost {
  session: Session | undefined;
  /** The line editor, on a terminal. */
  editor: LineEditor | undefined;
  /**
   * Text read but not yet evaluated, and where it starts in the session's input. A program that
   * reads standard input gets the rest of the current line first, then the lines after it.
   */
  private pending = "";
  private pendingLine = 1;
  private pendingColumn = 1;
  private linesRead = 0;
  /** The input has ended (Ctrl-D, the end of a pipe, ,quit): the loop reads EOF. */
  private ended = false;
  /** A value is being printed (show); Ctrl-C makes it false, which stops the printing. */
  private printing = false;
  /** The last error reported (,bt). */
  private lastError: ErrorResult | undefined;

  /** `lines`: the plain lines of a pipe; undefined on a terminal (the editor reads). */
  constructor(private readonly io: WatchedIo, private readonly output: NodeJS.WritableStream, private readonly lines: LineSource | undefined) {}

  read(): number | undefined {
    const session = this.session!;
    if (this.pending.trim() === "") return this.ended ? EOF : undefined;
    const reader = new Reader(session.world, this.pending, { file: "repl", annotate: true, firstLine: this.pendingLine, firstColumn: this.pendingColumn });
    let form: number;
    try {
      form = reader.next();
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      // The datum goes on: more input, or an error at its end.
      if (e.incomplete && !this.ended) return undefined;
      this.pending = "";
      throw new SchemeError(e.message, [], "read", e.position);
    }
    if (form === EOF) {
      this.pending = "";
      return this.read();
    }
    // What follows the datum waits for the next turn; it starts where the datum ended.
    const consumed = this.pending.slice(0, reader.offset);
    this.pending = this.pending.slice(reader.offset);
    const newlines = consumed.split("\n").length - 1;
    this.pendingLine += newlines;
    this.pendingColumn = newlines === 0 ? this.pendingColumn + consumed.length : consumed.length - consumed.lastIndexOf("\n");
    return form;
  }

  /** Reads an entry at the terminal, or a line of the pipe; a command is run as it comes. */
  async more(): Promise<void> {
    const blank = this.pending.trim() === "";
    const text = this.editor === undefined ? await this.nextLine() : await this.nextEntry(blank);
    if (text === null) {
      this.ended = true;
      return;
    }
    const firstLine = this.linesRead + 1;
    this.linesRead += text.split("\n").length;
    if (blank && text.trim().startsWith(",")) {
      this.command(text.trim(), firstLine);
      return;
    }
    this.addPending(blank, text, firstLine);
  }

  /** An entry typed at the terminal (a whole form, or a command); null at Ctrl-D. */
  private async nextEntry(blank: boolean): Promise<string | null> {
    for (;;) {
      const result = await this.editor!.read(blank ? PROMPT : CONTINUATION_PROMPT, CONTINUATION_PROMPT, {
        history: true,
        complete: (before) => this.complete(before),
        isComplete: (text) => this.isComplete(text),
      });
      this.io.lineSoFar = "";
      switch (result.kind) {
        case "entry":
          return result.text;
        case "end":
          return null;
        case "interrupted":
          // Ctrl-C discards what was typed, and what was left of the line before it.
          this.pending = "";
          blank = true;
      }
    }
  }

  /** Whether Enter submits the text typed: a command, or text that holds whole data. */
  private isComplete(text: string): boolean {
    if (text.trim().startsWith(",")) return true;
    const reader = new Reader(this.session!.world, text, { file: "repl" });
    try {
      while (reader.next() !== EOF);
      return true;
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      return !e.incomplete; // a read error is submitted, to be reported
    }
  }

  /** Tab: the global names, or the commands, that start with the word before the cursor. */
  private complete(before: string): { word: string; candidates: string[] } {
    const command = /^\s*(,\S*)$/.exec(before);
    if (command !== null) return { word: command[1], candidates: commandCompletions(command[1]) };
    const word = /[^\s()[\]'`,"]*$/.exec(before)![0];
    if (word === "") return { word, candidates: [] };
    return { word, candidates: globalNames(this.session!.world).filter((name) => name.startsWith(word)) };
  }

  /**
   * Adds text read to what waits to be evaluated; text after blank text starts a new form, at
   * line `firstLine` of the session's input.
   */
  private addPending(blank: boolean, text: string, firstLine: number): void {
    if (blank) {
      this.pending = "";
      this.pendingLine = firstLine;
      this.pendingColumn = 1;
    }
    this.pending += text + "\n";
  }

  /**
   * Writes a form's values, one per line: on a terminal pretty-printed to its width, within the
   * limits of repl-print-length and repl-print-depth unless `whole` (,pp), in pieces, so that
   * Ctrl-C can stop a large one; through a pipe as `write` writes them.
   */
  show(values: readonly number[], whole: boolean): Promise<void> | undefined {
    const session = this.session!;
    const shown = values.filter((v) => v !== UNSPECIFIED);
    if (shown.length > 0) this.freshLine();
    if (this.editor === undefined) {
      for (const value of shown) session.writeOutput(printToString(session.world, value, "write") + "\n");
      return undefined;
    }
    if (shown.length === 0) return undefined;
    const options: PrettyOptions = {
      width: (this.output as NodeJS.WriteStream).columns ?? DEFAULT_WIDTH,
      maxLength: whole ? undefined : this.limit("repl-print-length"),
      maxDepth: whole ? undefined : this.limit("repl-print-depth"),
    };
    return this.print(shown, options);
  }

  /** Prints values a piece at a time, giving the event loop a turn between pieces (Ctrl-C). */
  private async print(values: readonly number[], options: PrettyOptions): Promise<void> {
    const session = this.session!;
    this.printing = true;
    try {
      for (const value of values) {
        for (const chunk of prettyChunks(session.world, value, options)) {
          session.writeOutput(chunk);
          await new Promise((resolve) => setImmediate(resolve));
          if (!this.printing) {
            session.writeOutput(" ...\n;; printing stopped\n");
            return;
          }
        }
        session.writeOutput("\n");
      }
    } finally {
      this.printing = false;
    }
  }

  /** A limit the program sets in a global variable (runtime/library/data.scm), or none. */
  private limit(name: string): number | undefined {
    const value = this.session!.global(name);
    return isFixnum(value) && fixnumValue(value) > 0 ? fixnumValue(value) : undefined;
  }

  goesOn(error: ErrorResult): boolean {
    this.lastError = error;
    this.session!.ports.flushAll();
    this.freshLine();
    this.io.err(formatError(error));
    return true;
  }

  /** Ends the line the program's output left unfinished, so that what the REPL writes starts a line. */
  private freshLine(): void {
    if (this.editor === undefined) return;
    this.session!.ports.flushAll();
    if (this.io.lineSoFar !== "") this.session!.writeOutput("\n");
  }

  /**
   * Standard input for the program running: the rest of the line its form was on (when there is
   * more than its end), then the lines typed after it (at the terminal, after what the program
   * wrote on that line).
   */
  async programInput(): Promise<string | null> {
    this.pending = this.pending.replace(/^[ \t]*\n/, "");
    if (this.pending !== "") {
      const text = this.pending;
      this.pending = "";
      return text;
    }
    if (this.editor !== undefined) {
      this.session!.ports.flushAll();
      const result = await this.editor.read(this.io.lineSoFar, "", { freshLine: false });
      this.io.lineSoFar = "";
      if (result.kind === "end") return null;
      if (result.kind === "entry") {
        this.linesRead++;
        return result.text + "\n";
      }
      this.session!.machine.interruptRequested = true; // Ctrl-C in read-line (M8)
      return "";
    }
    const line = await this.nextLine();
    if (line === null) return null;
    this.linesRead++;
    return line + "\n";
  }

  /**
   * Ctrl-C at the terminal while no entry is being read: stops the printing of a value, or
   * interrupts the running form (M8). (A read by the program that Ctrl-C cuts short comes back
   * from the line editor as interrupted: programInput.)
   */
  interrupt(): void {
    if (this.printing) {
      this.printing = false;
      return;
    }
    this.session!.machine.interruptRequested = true;
  }

  close(): void {
    this.editor?.close();
    this.lines?.close();
  }

  /** A line of the pipe; null at its end. */
  private nextLine(): Promise<string | null> {
    return this.lines!.nextLine();
  }

  /** Runs a ,command: at once, or as the next form to evaluate (commands.ts). */
  private command(line: string, firstLine: number): void {
    let outcome: CommandOutcome;
    try {
      outcome = runCommand({ session: this.session!, out: (text) => this.io.out(text), lastError: this.lastError }, line);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      this.io.err(`stasis: ${e.message}\n`);
      return;
    }
    if (outcome === "quit") this.ended = true;
    else if (outcome !== undefined) this.addPending(true, outcome.evaluate, firstLine);
  }
}

/** The REPL's first line: the version, the world's image if it has one, and where help is. */
function banner(session: Session): string {
  const image = session.image === undefined ? "a new world" : `the world of image ${session.image}`;
  return `Stasis ${version()}, ${image}. ,help lists the commands.\n`;
}

