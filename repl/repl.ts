// The interactive REPL: the host's part in the world's toplevel loop (session.ts ToplevelHost,
// runtime/library/data.scm %toplevel). The loop is a computation of the world like any other; the
// REPL gives it forms read from the terminal, shows the values it is given, and reports the
// uncaught errors it goes on from. So every input is part of one computation: a continuation of
// an earlier input, even of one typed before the world was saved and resumed, can be invoked
// from a later one, and a sysout taken at the prompt resumes at the prompt.
//
// Lines are collected until they hold a complete datum. Prompts, history and completion only
// when standard input is a terminal, so the same loop serves a pipe without noise. Commands
// start with a comma: ,help lists them.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Session, RunResult, ToplevelHost } from "./session";
import { LineSource } from "./input";
import { Reader } from "../reader/reader";
import { ReadError } from "../reader/errors";
import { SchemeError } from "../runtime/errors";
import {
  BOX_VALUE, EOF, OBJECT_GLOBAL, OBJECT_PARAMETER, PARAMETER_VALUE, UNBOUND, UNSPECIFIED, GLOBAL_VALUE, GLOBAL_SYMBOL,
  fixnumValue, isFixnum,
} from "../runtime/layout";
import { printToString } from "../runtime/printer";
import { DEFAULT_WIDTH, PrettyOptions, prettyChunks } from "../runtime/pretty";
import { type Io, version } from "./cli";
import { CommandError, CommandOutcome, runCommand } from "./commands";

const PROMPT = "> ";
const CONTINUATION_PROMPT = "  ";
const HISTORY_LINES = 1000;

/** Where the REPL keeps its history: next to the images (STASIS_HOME, default ~/.stasis). */
function historyFile(): string {
  return path.join(process.env.STASIS_HOME ?? path.join(os.homedir(), ".stasis"), "history");
}

export interface ReplOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Makes the session once the line source exists (its stdin is the REPL's line source). */
  readonly session: (stdin: () => Promise<string | null>) => Promise<Session>;
  readonly io: Io;
}

export async function runRepl(options: ReplOptions): Promise<number> {
  const interactive = (options.input as NodeJS.ReadStream).isTTY === true;
  let session: Session | undefined;
  const lines = new LineSource(options.input, interactive ? options.output : undefined, (line: string) => completions(session, line));
  const host = new ReplHost(lines, options.io, options.output, interactive);
  session = await options.session(() => host.programInput());
  host.session = session;
  if (interactive) {
    loadHistory(lines);
    options.io.out(banner(session));
  }
  lines.interface.on("SIGINT", () => host.interrupt());
  try {
    const result = await session.runToplevel(host);
    if (interactive && result.kind !== "exit") options.io.out("\n");
    return result.kind === "exit" ? result.code : 0;
  } finally {
    saveHistory(lines, interactive);
    lines.close();
  }
}

/** The REPL's part in the toplevel loop. */
class ReplHost implements ToplevelHost {
  session: Session | undefined;
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
  /** Whether the REPL waits at its prompt (else a form is running, or a program reads input). */
  private atPrompt = false;
  /** How a wait of the running program for standard input is cut short by Ctrl-C. */
  private cancelProgramInput: (() => void) | undefined;
  /** A value is being printed (show); Ctrl-C makes it false, which stops the printing. */
  private printing = false;
  /** The last error reported (,bt). */
  private lastError: (RunResult & { kind: "error" }) | undefined;
  /** A line asked for by a program's read that Ctrl-C cut short, not yet typed. */
  private lineAhead: Promise<string | null> | undefined;

  constructor(private readonly lines: LineSource, private readonly io: Io, private readonly output: NodeJS.WritableStream,
    private readonly interactive: boolean) {}

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

  async more(): Promise<void> {
    const blank = this.pending.trim() === "";
    if (this.interactive) this.io.out(blank ? PROMPT : CONTINUATION_PROMPT);
    this.atPrompt = true;
    const line = await this.nextLine();
    this.atPrompt = false;
    if (line === null) {
      this.ended = true;
      return;
    }
    if (blank && line.trim().startsWith(",")) {
      this.command(line.trim());
      return;
    }
    this.startPending(blank, line);
  }

  /** Adds a line to the text read; a line after blank text starts a new form at that line. */
  private startPending(blank: boolean, line: string): void {
    if (blank) {
      this.pending = "";
      this.pendingLine = this.linesRead;
      this.pendingColumn = 1;
    }
    this.pending += line + "\n";
  }

  /**
   * Writes a form's values, one per line: on a terminal pretty-printed to its width, within the
   * limits of repl-print-length and repl-print-depth unless `whole` (,pp), in pieces, so that
   * Ctrl-C can stop a large one; through a pipe as `write` writes them.
   */
  show(values: readonly number[], whole: boolean): Promise<void> | undefined {
    const session = this.session!;
    const shown = values.filter((v) => v !== UNSPECIFIED);
    if (!this.interactive) {
      for (const value of shown) session.writeOutput(printToString(session.world, value, "write") + "\n");
      return undefined;
    }
    if (shown.length === 0) return undefined;
    const options: PrettyOptions = {
      width: this.columns(),
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

  /** A limit the program sets with a parameter (runtime/library/data.scm), or none. */
  private limit(name: string): number | undefined {
    const { heap } = this.session!.world;
    const parameter = this.session!.global(name);
    if (!heap.isType(parameter, OBJECT_PARAMETER)) return undefined;
    const value = heap.field(heap.field(parameter, PARAMETER_VALUE), BOX_VALUE);
    return isFixnum(value) && fixnumValue(value) > 0 ? fixnumValue(value) : undefined;
  }

  /** The terminal's width. */
  private columns(): number {
    return (this.output as NodeJS.WriteStream).columns ?? DEFAULT_WIDTH;
  }

  goesOn(error: RunResult & { kind: "error" }): boolean {
    this.lastError = error;
    this.io.err(formatError(error));
    return true;
  }

  /**
   * Standard input for the program running: the rest of the line its form was on (when there is
   * more than its end), then the lines after it.
   */
  async programInput(): Promise<string | null> {
    this.pending = this.pending.replace(/^[ \t]*\n/, "");
    if (this.pending === "") {
      const next = this.nextLine();
      const line = await new Promise<string | null>((resolve) => {
        // The line then typed is not lost: the next read takes it.
        this.cancelProgramInput = () => {
          this.lineAhead = next;
          resolve("");
        };
        next.then(resolve);
      });
      this.cancelProgramInput = undefined;
      return line === null ? null : line === "" ? "" : line + "\n";
    }
    const text = this.pending;
    this.pending = "";
    return text;
  }

  /**
   * Ctrl-C: at the prompt, discards the text typed; while a value is printed, stops the printing;
   * else interrupts the running form (M8).
   */
  interrupt(): void {
    if (this.printing) {
      this.printing = false;
      return;
    }
    if (this.atPrompt) {
      this.pending = "";
      this.io.out("\n" + PROMPT);
      return;
    }
    this.session!.machine.interruptRequested = true;
    this.cancelProgramInput?.();
  }

  private async nextLine(): Promise<string | null> {
    const ahead = this.lineAhead;
    this.lineAhead = undefined;
    const line = await (ahead ?? this.lines.nextLine());
    if (line !== null) this.linesRead++;
    return line;
  }

  /** Runs a ,command: at once, or as the next form to evaluate (commands.ts). */
  private command(line: string): void {
    let outcome: CommandOutcome;
    try {
      outcome = runCommand({ session: this.session!, out: (text) => this.io.out(text), lastError: this.lastError }, line);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      this.io.err(`stasis: ${e.message}\n`);
      return;
    }
    if (outcome === "quit") this.ended = true;
    else if (outcome !== undefined) this.startPending(true, outcome.evaluate);
  }
}

/** The REPL's first line: the version, the world's image if it has one, and where help is. */
function banner(session: Session): string {
  const image = session.image === undefined ? "a new world" : `the world of image ${session.image}`;
  return `Stasis ${version()}, ${image}. ,help lists the commands.\n`;
}

/** The error line and its backtrace, as the CLI prints them. */
export function formatError(result: RunResult & { kind: "error" }): string {
  const trace = result.backtrace.map((line) => `  ${line}\n`).join("");
  return `stasis: ${result.message}\n${trace}`;
}

/** Completion of global names: the defined globals whose names start with the word typed. */
function completions(session: Session | undefined, line: string): [string[], string] {
  const word = /[^\s()'`,"]*$/.exec(line)![0];
  if (session === undefined || word === "") return [[], word];
  const { heap, symbols, globals } = session.world;
  const names: string[] = [];
  for (const cell of globals.cells()) {
    if (!heap.isType(cell, OBJECT_GLOBAL) || heap.field(cell, GLOBAL_VALUE) === UNBOUND) continue;
    const name = symbols.name(heap.field(cell, GLOBAL_SYMBOL));
    if (name.startsWith(word) && !name.startsWith("%")) names.push(name);
  }
  return [names.sort(), word];
}

function loadHistory(lines: LineSource): void {
  try {
    const saved = fs.readFileSync(historyFile(), "utf8").split("\n").filter((l) => l !== "");
    // readline keeps history newest first.
    (lines.interface as unknown as { history: string[] }).history = saved.reverse();
  } catch {
    // No history yet.
  }
}

function saveHistory(lines: LineSource, interactive: boolean): void {
  if (!interactive) return;
  const history = (lines.interface as unknown as { history: string[] }).history ?? [];
  try {
    fs.mkdirSync(path.dirname(historyFile()), { recursive: true });
    fs.writeFileSync(historyFile(), history.slice(0, HISTORY_LINES).reverse().join("\n") + "\n");
  } catch {
    // History is a convenience: a read-only home directory must not break the REPL.
  }
}
