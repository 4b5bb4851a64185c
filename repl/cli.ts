// The `stasis` command line: parses arguments and runs the chosen mode. Until the evaluator
// exists, every mode is read-print: each datum read is written back, one per line.
//
// Exit codes (also in README.md):
//   0  success
//   1  the program failed: a read error, or an error raised while running it
//   2  usage: an unknown option, a missing argument, a file that cannot be read
//   70 internal error: a bug in Stasis (reported in one line; STASIS_DEBUG=1 shows the trace)

import * as fs from "fs";
import * as path from "path";
import { World } from "../runtime/world";
import { LispError } from "../runtime/errors";
import { printToString } from "../runtime/printer";
import { EOF } from "../runtime/layout";
import { Reader } from "../reader/reader";
import { readPrintLoop } from "./read-print-loop";

export const EXIT_OK = 0;
export const EXIT_PROGRAM_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

const USAGE = `usage: stasis [OPTIONS] [FILE [ARGS...]]

  stasis              start the interactive REPL
  stasis FILE [ARGS]  run the program in FILE
  stasis -e EXPR      evaluate EXPR and print its value

options:
  -e, --eval EXPR     evaluate EXPR instead of a file
  -h, --help          show this help and exit
  -v, --version       show the version and exit

exit codes: 0 success, 1 the program failed, 2 usage error, 70 internal error`;

/** Where output goes; the tests substitute their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "eval"; source: string }
  | { kind: "file"; file: string; args: string[] }
  | { kind: "repl" };

/** Parses the arguments after `stasis`; a string result is a usage error message. */
export function parseArguments(argv: readonly string[]): Command | string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") return { kind: "help" };
    if (a === "-v" || a === "--version") return { kind: "version" };
    if (a === "-e" || a === "--eval") {
      if (i + 1 >= argv.length) return `${a} needs an expression, e.g. stasis -e '(+ 1 2)'`;
      if (i + 2 < argv.length) return `unexpected argument after ${a} EXPR: ${argv[i + 2]}`;
      return { kind: "eval", source: argv[i + 1] };
    }
    if (a === "--") {
      if (i + 1 >= argv.length) return "-- must be followed by a FILE";
      return { kind: "file", file: argv[i + 1], args: argv.slice(i + 2) };
    }
    if (a.startsWith("-") && a !== "-") return `unknown option ${a} (see stasis --help)`;
    return { kind: "file", file: a, args: argv.slice(i + 1) };
  }
  return { kind: "repl" };
}

export function version(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, "package.json");
    if (fs.existsSync(candidate)) return JSON.parse(fs.readFileSync(candidate, "utf8")).version;
    const parent = path.dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
}

/** Reads every datum of `text` and writes each back on its own line. */
export function readPrint(world: World, text: string, file: string, io: Io, shebang: boolean): void {
  const reader = new Reader(world, text, { file, shebang });
  for (let datum = reader.next(); datum !== EOF; datum = reader.next()) {
    io.out(printToString(world, datum, "write") + "\n");
  }
}

/** Runs a command; returns the exit code. Every error a user can cause is one line on `io.err`. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const command = parseArguments(argv);
  if (typeof command === "string") {
    io.err(`stasis: ${command}\n`);
    return EXIT_USAGE;
  }
  try {
    switch (command.kind) {
      case "help":
        io.out(USAGE + "\n");
        return EXIT_OK;
      case "version":
        io.out(`stasis ${version()}\n`);
        return EXIT_OK;
      case "eval":
        readPrint(new World(), command.source, "-e", io, false);
        return EXIT_OK;
      case "file": {
        let text: string;
        try {
          text = fs.readFileSync(command.file, "utf8");
        } catch (e) {
          io.err(`stasis: cannot read ${command.file}: ${describeFileError(e)}\n`);
          return EXIT_USAGE;
        }
        readPrint(new World(), text, command.file, io, true);
        return EXIT_OK;
      }
      case "repl":
        return await readPrintLoop(new World(), io);
    }
  } catch (e) {
    if (e instanceof LispError) {
      io.err(`stasis: ${e.describe()}\n`);
      return EXIT_PROGRAM_FAILED;
    }
    io.err(`stasis: internal error: ${e instanceof Error ? e.message : String(e)} (this is a bug in Stasis)\n`);
    if (process.env.STASIS_DEBUG) io.err(`${e instanceof Error ? e.stack : ""}\n`);
    return EXIT_INTERNAL;
  }
}

function describeFileError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT": return "no such file";
    case "EACCES": return "permission denied";
    case "EISDIR": return "it is a directory";
    default: return code ?? String(e);
  }
}
