// The interactive REPL. Lines are collected until they hold a complete datum; each datum is
// evaluated in the session's world and its value written (nothing for an unspecified value).
// An error prints its line and backtrace and returns to the prompt with every definition
// intact. Prompts, history and completion only when standard input is a terminal, so the same
// loop serves a pipe without noise.
//
// Commands start with a comma: ,help ,quit.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Session, RunResult } from "./session";
import { LineSource } from "./input";
import { Reader } from "../reader/reader";
import { ReadError } from "../reader/errors";
import { LispError } from "../runtime/errors";
import { EOF, OBJECT_GLOBAL, UNBOUND, GLOBAL_VALUE, GLOBAL_SYMBOL } from "../runtime/layout";
import type { Io } from "./cli";

const PROMPT = "> ";
const CONTINUATION_PROMPT = "  ";
const HISTORY_LINES = 1000;
const HELP = `Type a Lisp expression to evaluate it. Commands:
  ,help    this text
  ,quit    leave (or Ctrl-D)
Ctrl-C interrupts a running evaluation, or clears a half-typed one.`;

/** Where the REPL keeps its history: next to the images (STASIS_HOME, default ~/.stasis). */
function historyFile(): string {
  return path.join(process.env.STASIS_HOME ?? path.join(os.homedir(), ".stasis"), "history");
}

export interface ReplOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /**
   * Makes the session once the line source exists (its stdin is the REPL's line source);
   * undefined if the computation of the image it resumed ended the program (exit code `ended`).
   */
  readonly session: (stdin: () => Promise<string | null>) => Promise<Session | undefined>;
  readonly ended: () => number;
  readonly io: Io;
}

export async function runRepl(options: ReplOptions): Promise<number> {
  const { io } = options;
  const interactive = (options.input as NodeJS.ReadStream).isTTY === true;
  let session: Session | undefined;
  const lines = new LineSource(options.input, interactive ? options.output : undefined, (line: string) => completions(session, line));
  // Text read but not yet evaluated, and where it starts in the session's input. A program that
  // reads standard input gets the rest of the current line first, then the lines after it.
  let pending = "";
  let pendingLine = 1;
  let pendingColumn = 1;
  let linesRead = 0;
  const nextLine = async (): Promise<string | null> => {
    const line = await lines.nextLine();
    if (line !== null) linesRead++;
    return line;
  };
  session = await options.session(async () => {
    // The end of the line the form was on, when nothing else is on it, is not input.
    pending = pending.replace(/^[ \t]*\n/, "");
    if (pending === "") {
      const line = await nextLine();
      return line === null ? null : line + "\n";
    }
    const text = pending;
    pending = "";
    return text;
  });
  if (session === undefined) {
    lines.close();
    return options.ended();
  }
  const active = session;
  let running = false;
  if (interactive) loadHistory(lines);
  lines.interface.on("SIGINT", () => {
    if (running) active.machine.interruptRequested = true;
    else {
      pending = "";
      io.out("\n" + PROMPT);
    }
  });
  const leave = (code: number): number => {
    saveHistory(lines, interactive);
    lines.close();
    return code;
  };

  for (;;) {
    if (pending.trim() === "") {
      if (interactive) io.out(PROMPT);
      const line = await nextLine();
      if (line === null) break;
      if (line.trim().startsWith(",")) {
        if (!command(line.trim(), io)) return leave(0);
        continue;
      }
      pending = line + "\n";
      pendingLine = linesRead;
      pendingColumn = 1;
    }
    const reader = new Reader(active.world, pending, { file: "repl", annotate: true, firstLine: pendingLine, firstColumn: pendingColumn });
    let form: number;
    try {
      form = reader.next();
    } catch (e) {
      if (e instanceof ReadError && e.incomplete) {
        // The datum goes on: more input, or an error at its end.
        if (interactive) io.out(CONTINUATION_PROMPT);
        const line = await nextLine();
        if (line === null) {
          io.err(`stasis: ${e.describe()}\n`);
          break;
        }
        pending += line + "\n";
        continue;
      }
      if (!(e instanceof LispError)) throw e;
      io.err(`stasis: ${e.describe()}\n`);
      pending = "";
      continue;
    }
    if (form === EOF) {
      pending = "";
      continue;
    }
    // What follows the datum waits for the next turn; it starts where the datum ended.
    const consumed = pending.slice(0, reader.offset);
    pending = pending.slice(reader.offset);
    const newlines = consumed.split("\n").length - 1;
    pendingLine += newlines;
    pendingColumn = newlines === 0 ? pendingColumn + consumed.length : consumed.length - consumed.lastIndexOf("\n");
    running = true;
    const result = await active.evaluate(form);
    running = false;
    const exit = report(active, result, io);
    if (exit !== undefined) return leave(exit);
  }
  if (interactive) io.out("\n");
  return leave(0);
}

/** Shows a result; returns an exit code when the program called exit. */
function report(session: Session, result: RunResult, io: Io): number | undefined {
  switch (result.kind) {
    case "value": {
      const text = session.show(result.value);
      if (text !== undefined) session.writeOutput(text + "\n");
      return undefined;
    }
    case "exit":
      return result.code;
    case "error":
      io.err(formatError(result));
      return undefined;
  }
}

/** The error line and its backtrace, as the CLI prints them. */
export function formatError(result: RunResult & { kind: "error" }): string {
  const trace = result.backtrace.map((line) => `  ${line}\n`).join("");
  return `stasis: ${result.message}\n${trace}`;
}

/** Runs a ,command; returns false to leave. */
function command(text: string, io: Io): boolean {
  switch (text) {
    case ",help":
    case ",h":
      io.out(HELP + "\n");
      return true;
    case ",quit":
    case ",q":
      return false;
    default:
      io.err(`stasis: unknown command ${text} (try ,help)\n`);
      return true;
  }
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
