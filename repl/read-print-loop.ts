// The interactive loop, in read-print form until the evaluator exists: lines are collected until
// they hold complete data, then each datum is written back. A prompt is shown only when stdin
// is a terminal, so the same loop serves a pipe without prompt noise.

import * as readline from "readline";
import { World } from "../runtime/world";
import { EOF } from "../runtime/layout";
import { printToString } from "../runtime/printer";
import { Reader } from "../reader/reader";
import { ReadError } from "../reader/errors";
import type { Io } from "./cli";

const PROMPT = "> ";
const CONTINUATION_PROMPT = "  ";

export async function readPrintLoop(world: World, io: Io, input: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const interactive = (input as NodeJS.ReadStream).isTTY === true;
  const lines = readline.createInterface({ input, terminal: interactive, output: interactive ? process.stdout : undefined });
  let pending = "";
  if (interactive) io.out(PROMPT);
  for await (const line of lines) {
    pending += line + "\n";
    pending = readPending(world, pending, io);
    if (interactive) io.out(pending.trim() === "" ? PROMPT : CONTINUATION_PROMPT);
  }
  if (interactive) io.out("\n");
  return 0;
}

/** Writes back each complete datum in `text`; returns the unfinished rest, if any. */
function readPending(world: World, text: string, io: Io): string {
  const reader = new Reader(world, text, { file: "stdin" });
  try {
    for (let datum = reader.next(); datum !== EOF; datum = reader.next()) {
      io.out(printToString(world, datum, "write") + "\n");
    }
    return "";
  } catch (e) {
    if (e instanceof ReadError && e.incomplete) return text.slice(reader.offset);
    if (e instanceof ReadError) {
      io.err(`stasis: ${e.describe()}\n`);
      return "";
    }
    throw e;
  }
}
