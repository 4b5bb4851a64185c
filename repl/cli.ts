// The `stasis` command line: parses arguments and runs the chosen mode in a new session.
//
// Exit codes (also in README.md):
//   0  success (or the status a program passed to exit)
//   1  the program failed: a read error, or an error raised while running it
//   2  usage: an unknown option, a missing argument, a file that cannot be read
//   70 internal error: a bug in Stasis (reported in one line; STASIS_DEBUG=1 shows the trace)

import * as fs from "fs";
import * as path from "path";
import { LispError } from "../runtime/errors";
import { JOURNAL_MS_DEFAULT, Session, RunResult, describeFileError, formatError, parseHeapLimit } from "./session";
import { chunkSource } from "./input";
import { runRepl } from "./repl";
import { imageCommand } from "./image-command";
import { packageRoot } from "./base-image";

export const EXIT_OK = 0;
export const EXIT_PROGRAM_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

const USAGE = `usage: stasis [OPTIONS] [FILE [ARGS...]]

  stasis              start the interactive REPL
  stasis FILE [ARGS]  run the program in FILE
  stasis -e EXPR      evaluate EXPR and print its value
  stasis image ls|info|history|rm|cp|compact [NAME...]
                      list, describe, delete, copy or compact saved images

options:
  -e, --eval EXPR     evaluate EXPR instead of a file
  --image NAME        resume the image NAME: its saved computation runs to its end first,
                      then FILE, EXPR or the REPL runs in its world
  --commit N          with --image: resume commit N of the image (see stasis image history)
  --heap-limit SIZE   the most memory the heap may use, e.g. 512m or 4g (also STASIS_HEAP_LIMIT)

A world that came from or was saved to an image is journaled to it while it changes, every
STASIS_JOURNAL_MS milliseconds (default 1000; 0 turns the journal off), so a crash loses at
most about two seconds of it.
  -h, --help          show this help and exit
  -v, --version       show the version and exit

images are kept in $STASIS_HOME/images (default ~/.stasis/images); a NAME with a / is a
path to an image file, ending in .image.

exit codes: 0 success, 1 the program failed, 2 usage error, 70 internal error`;

export type Command = (
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "eval"; source: string }
  | { kind: "file"; file: string; args: string[] }
  | { kind: "repl" }
  | { kind: "image"; action: string; names: string[] }
) & { heapLimitBytes?: number; image?: string; commit?: number };

const IMAGE_ACTIONS = ["ls", "info", "history", "rm", "cp", "compact"];

/** Parses the arguments after `stasis`; a string result is a usage error message. */
export function parseArguments(argv: readonly string[]): Command | string {
  let heapLimitBytes: number | undefined;
  let image: string | undefined;
  let commit: number | undefined;
  const command = (c: Command): Command | string => {
    if (commit !== undefined && image === undefined) return "--commit needs --image NAME";
    if (image !== undefined && c.kind === "image") return "--image cannot be used with stasis image";
    return { ...c, ...(heapLimitBytes !== undefined && { heapLimitBytes }), ...(image !== undefined && { image }), ...(commit !== undefined && { commit }) };
  };
  if (argv[0] === "image") {
    const action = argv[1];
    if (action === undefined || !IMAGE_ACTIONS.includes(action)) return `stasis image needs one of ${IMAGE_ACTIONS.join(", ")} (see stasis --help)`;
    return command({ kind: "image", action, names: argv.slice(2) });
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--image") {
      if (argv[i + 1] === undefined) return "--image needs an image name, e.g. --image work";
      image = argv[++i];
      continue;
    }
    if (a === "--commit") {
      const n = Number(argv[i + 1]);
      if (!Number.isSafeInteger(n) || n < 1) return "--commit needs a commit number, e.g. --commit 3";
      commit = n;
      i++;
      continue;
    }
    if (a === "--heap-limit") {
      if (argv[i + 1] === undefined) return "--heap-limit needs a size, e.g. --heap-limit 512m";
      const size = parseHeapLimit(argv[i + 1], "--heap-limit");
      if (typeof size === "string") return size;
      heapLimitBytes = size;
      i++;
      continue;
    }
    if (a === "-h" || a === "--help") return command({ kind: "help" });
    if (a === "-v" || a === "--version") return command({ kind: "version" });
    if (a === "-e" || a === "--eval") {
      if (i + 1 >= argv.length) return `${a} needs an expression, e.g. stasis -e '(+ 1 2)'`;
      if (i + 2 < argv.length) return `unexpected argument after ${a} EXPR: ${argv[i + 2]}`;
      return command({ kind: "eval", source: argv[i + 1] });
    }
    if (a === "--") {
      if (i + 1 >= argv.length) return "-- must be followed by a FILE";
      return command({ kind: "file", file: argv[i + 1], args: argv.slice(i + 2) });
    }
    if (a.startsWith("-") && a !== "-") return `unknown option ${a} (see stasis --help)`;
    return command({ kind: "file", file: a, args: argv.slice(i + 1) });
  }
  return command({ kind: "repl" });
}

export function version(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")).version;
  } catch {
    return "unknown";
  }
}

/** Where a session's text goes and where its input comes from; the tests substitute their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Standard input; process.stdin when absent. */
  readonly input?: NodeJS.ReadableStream;
}

/** Runs a command; returns the exit code. Every error a user can cause is one line on `io.err`. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const command = parseArguments(argv);
  if (typeof command === "string") {
    io.err(`stasis: ${command}\n`);
    return EXIT_USAGE;
  }
  const journalMs = journalInterval(process.env.STASIS_JOURNAL_MS);
  if (typeof journalMs === "string") {
    io.err(`stasis: ${journalMs}\n`);
    return EXIT_USAGE;
  }
  const input = (): NodeJS.ReadableStream => io.input ?? process.stdin;
  const image = command.image === undefined ? undefined : { name: command.image, commit: command.commit };
  /** A session in the world of --image if given (whose saved computation goes on in its toplevel). */
  const newSession = (commandLine: string[], stdin = chunkSource(input), sessionIo = io): Promise<Session> =>
    Session.create({
      stdout: (text) => sessionIo.out(text), stderr: (text) => sessionIo.err(text), stdin, process: { commandLine, environment: process.env }, heapLimitBytes: command.heapLimitBytes,
      journalMs,
    }, image);
  try {
    switch (command.kind) {
      case "help":
        io.out(USAGE + "\n");
        return EXIT_OK;
      case "version":
        io.out(`stasis ${version()}\n`);
        return EXIT_OK;
      case "image":
        return await imageCommand(command.action, command.names, io);
      case "eval": {
        const session = await newSession(["stasis"]);
        const result = await session.evaluateProgram(session.readProgram(command.source, "-e"));
        if (result.kind === "value") {
          const text = session.show(result.value);
          if (text !== undefined) session.writeOutput(text + "\n");
        }
        return exitCode(result, io);
      }
      case "file": {
        let text: string;
        try {
          text = fs.readFileSync(command.file, "utf8");
        } catch (e) {
          io.err(`stasis: cannot read ${command.file}: ${describeFileError(e)}\n`);
          return EXIT_USAGE;
        }
        const session = await newSession([command.file, ...command.args]);
        return exitCode(await session.runProgram(session.readProgram(text, command.file, true)), io);
      }
      case "repl":
        return await runRepl({
          input: input(),
          output: process.stdout,
          io,
          session: (stdin, replIo) => newSession(["stasis"], stdin, replIo),
        });
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

/** STASIS_JOURNAL_MS: ms between journal records, 0 for none; a message if it is not a number. */
function journalInterval(text: string | undefined): number | string {
  if (text === undefined || text === "") return JOURNAL_MS_DEFAULT;
  const ms = Number(text);
  if (!Number.isSafeInteger(ms) || ms < 0) return `STASIS_JOURNAL_MS: not a number of milliseconds: ${text}`;
  return ms;
}

function exitCode(result: RunResult, io: Io): number {
  switch (result.kind) {
    case "value":
      return EXIT_OK;
    case "exit":
      return result.code;
    case "error":
      io.err(formatError(result));
      return EXIT_PROGRAM_FAILED;
  }
}
