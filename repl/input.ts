// Standard input as the REPL and programs see it: lines for the REPL through a pipe (which gives
// a program the text after its form, repl.ts; on a terminal the line editor reads), and chunks
// for a script.

import type * as Readline from "readline";

type ReadlineModule = typeof Readline;

/** Standard input as lines, for the REPL when it is not a terminal (a pipe, a file). */
export class LineSource {
  private readonly lines: AsyncIterator<string>;
  private readonly interface: Readline.Interface;

  constructor(input: NodeJS.ReadableStream) {
    // Loaded here, not at the top: node does not support readline's module state in a start-up
    // snapshot (repl/startup-snapshot.ts), and only the REPL needs it.
    const readline = require("readline") as ReadlineModule;
    this.interface = readline.createInterface({ input, terminal: false });
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
