// Standard input as the REPL and programs see it: lines for the REPL (which gives a program that
// reads the text after its form, repl.ts), and chunks for a script.

import type * as Readline from "readline";

type ReadlineModule = typeof Readline;

export class LineSource {
  private readonly lines: AsyncIterator<string>;
  readonly interface: Readline.Interface;

  constructor(input: NodeJS.ReadableStream, output: NodeJS.WritableStream | undefined, completer?: Readline.Completer) {
    const terminal = (input as NodeJS.ReadStream).isTTY === true && output !== undefined;
    // Loaded here, not at the top: node does not support readline's module state in a start-up
    // snapshot (repl/startup-snapshot.ts), and only the REPL needs it.
    const readline = require("readline") as ReadlineModule;
    this.interface = readline.createInterface({ input, output: terminal ? output : undefined, terminal, completer });
    this.lines = this.interface[Symbol.asyncIterator]();
  }

  /** The next line without its line ending, or null at the end of input. */
  async nextLine(): Promise<string | null> {
    const next = await this.lines.next();
    return next.done ? null : next.value;
  }

  close(): void {
    this.interface.close();
  }
}

/**
 * Standard input in chunks, for scripts: decoded as UTF-8. The stream is asked for only when the
 * first chunk is (making process.stdin costs a few ms of every start, and most never read it).
 */
export function chunkSource(input: () => NodeJS.ReadableStream): () => Promise<string | null> {
  let chunks: AsyncIterator<Buffer | string> | undefined;
  const decoder = new TextDecoder("utf-8");
  return async () => {
    chunks ??= (input() as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    const next = await chunks.next();
    if (next.done) {
      const rest = decoder.decode();
      return rest === "" ? null : rest;
    }
    return typeof next.value === "string" ? next.value : decoder.decode(next.value, { stream: true });
  };
}
