// Standard input as the REPL and programs see it. One source of lines: the REPL takes lines to
// read forms from, and a program that reads (read-line, read, ...) takes the lines after them,
// so `stasis < input` and a REPL session both give a program the text that follows its form.

import * as readline from "readline";

export class LineSource {
  private readonly lines: AsyncIterator<string>;
  /** Lines typed ahead of a program's read, from the REPL's own buffer. */
  private readonly pending: string[] = [];
  readonly interface: readline.Interface;

  constructor(input: NodeJS.ReadableStream, output: NodeJS.WritableStream | undefined, completer?: readline.Completer) {
    const terminal = (input as NodeJS.ReadStream).isTTY === true && output !== undefined;
    this.interface = readline.createInterface({ input, output: terminal ? output : undefined, terminal, completer });
    this.lines = this.interface[Symbol.asyncIterator]();
  }

  /** The next line without its line ending, or null at the end of input. */
  async nextLine(): Promise<string | null> {
    if (this.pending.length > 0) return this.pending.shift()!;
    const next = await this.lines.next();
    return next.done ? null : next.value;
  }

  /** For a program's standard input: the next line with its newline, or null at the end. */
  async nextText(): Promise<string | null> {
    const line = await this.nextLine();
    return line === null ? null : line + "\n";
  }

  /** Gives back text the REPL read but did not use, for the next read. */
  unread(text: string): void {
    const lines = text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    this.pending.unshift(...lines);
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
