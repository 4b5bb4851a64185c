// Standard input as the REPL and programs see it: lines for the REPL (which gives a program that
// reads the text after its form, repl.ts), and chunks for a script.

import * as readline from "readline";

export class LineSource {
  private readonly lines: AsyncIterator<string>;
  readonly interface: readline.Interface;

  constructor(input: NodeJS.ReadableStream, output: NodeJS.WritableStream | undefined, completer?: readline.Completer) {
    const terminal = (input as NodeJS.ReadStream).isTTY === true && output !== undefined;
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

/** Standard input in chunks, for scripts: decoded as UTF-8, started only when first asked for. */
export function chunkSource(input: NodeJS.ReadableStream): () => Promise<string | null> {
  let chunks: AsyncIterator<Buffer | string> | undefined;
  const decoder = new TextDecoder("utf-8");
  return async () => {
    chunks ??= (input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    const next = await chunks.next();
    if (next.done) {
      const rest = decoder.decode();
      return rest === "" ? null : rest;
    }
    return typeof next.value === "string" ? next.value : decoder.decode(next.value, { stream: true });
  };
}
