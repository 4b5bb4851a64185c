// The REPL's commands: a line that starts with a comma, `,NAME ARGUMENT`. One table, from which
// ,help is written and the commands are completed. A command either does its work at once in
// the host (,help ,apropos ,describe ,bt ,images ,quit) or gives a form for the toplevel loop to
// evaluate as the next input (,time ,load ,pp ,trace ,untrace ,room), so that it runs in the
// world like anything typed, and can be interrupted, fail and be reported like it.

import { ErrorResult, Session, formatError } from "./session";
import { describeGlobal, globalNames } from "./describe";

export interface CommandContext {
  readonly session: Session;
  /** Writes to the REPL's output. */
  out(text: string): void;
  /** The last error the REPL reported (,bt). */
  readonly lastError: ErrorResult | undefined;
}

/** What a command asks of the REPL: a form to evaluate (its text), to leave, or nothing more. */
export type CommandOutcome = { readonly evaluate: string } | "quit" | undefined;

export interface ReplCommand {
  readonly name: string;
  readonly aliases: readonly string[];
  /** What follows the name, as ,help shows it ("" for none). */
  readonly argument: string;
  readonly help: string;
  run(context: CommandContext, argument: string): CommandOutcome;
}

/** An argument that must be there: the text, or an error message naming the command. */
function required(command: string, argument: string, what: string): string {
  if (argument === "") throw new CommandError(`,${command} needs ${what} (see ,help)`);
  return argument;
}

/** A command used wrongly: one line, and the REPL goes on. */
export class CommandError extends Error {}

export const REPL_COMMANDS: readonly ReplCommand[] = [
  {
    name: "help", aliases: ["h", "?"], argument: "", help: "these commands",
    run: (context) => {
      context.out(helpText());
      return undefined;
    },
  },
  {
    name: "apropos", aliases: ["ap"], argument: "TEXT", help: "the global names that contain TEXT",
    run: (context, argument) => {
      const text = required("apropos", argument, "some text to look for");
      const names = globalNames(context.session.world).filter((name) => name.includes(text));
      context.out(names.length === 0 ? `no global name contains ${text}\n` : names.join("\n") + "\n");
      return undefined;
    },
  },
  {
    name: "describe", aliases: ["d"], argument: "NAME", help: "what NAME is bound to: a procedure's arity and where it was defined",
    run: (context, argument) => {
      const { world, machine } = context.session;
      context.out(describeGlobal(world, required("describe", argument, "a name"), (object) => machine.primitiveSpec(object)) + "\n");
      return undefined;
    },
  },
  {
    name: "time", aliases: ["t"], argument: "EXPR", help: "evaluate EXPR and say how long it took",
    run: (_, argument) => ({ evaluate: `(time ${required("time", argument, "an expression")})` }),
  },
  {
    name: "load", aliases: ["l"], argument: "FILE", help: "evaluate every form of FILE",
    run: (_, argument) => {
      const file = required("load", argument, "a file name");
      return { evaluate: `(load ${file.startsWith('"') ? file : JSON.stringify(file)})` };
    },
  },
  {
    name: "pp", aliases: [], argument: "EXPR", help: "evaluate EXPR and pretty-print its value whole, without the REPL's limits",
    run: (_, argument) => ({ evaluate: `(call-with-values (lambda () ${required("pp", argument, "an expression")}) %toplevel-show-whole)` }),
  },
  {
    name: "trace", aliases: [], argument: "NAME", help: "write each call of the procedure NAME and what it returns",
    run: (_, argument) => ({ evaluate: `(%trace '${required("trace", argument, "the name of a procedure")})` }),
  },
  {
    name: "untrace", aliases: [], argument: "NAME", help: "stop tracing NAME",
    run: (_, argument) => ({ evaluate: `(%untrace '${required("untrace", argument, "the name of a procedure")})` }),
  },
  {
    name: "bt", aliases: ["backtrace"], argument: "", help: "the whole backtrace of the last error",
    run: (context) => {
      const error = context.lastError;
      if (error === undefined) context.out("no error yet\n");
      else context.out(formatError(error, Infinity));
      return undefined;
    },
  },
  {
    name: "images", aliases: [], argument: "", help: "the saved images: name, size, commits, when last saved",
    run: (context) => {
      const images = context.session.images;
      const names = images.list();
      if (names.length === 0) context.out("no images yet: save one with (sysout NAME)\n");
      for (const name of names) {
        const info = images.info(images.resolve(name));
        const saved = info.newest === undefined ? "no valid commit" : `saved ${new Date(info.newest.time).toISOString().replace("T", " ").slice(0, 19)}`;
        context.out(`${name}  ${Math.ceil(info.bytes / 1024)} KiB  ${info.commits} commit${info.commits === 1 ? "" : "s"}  ${saved}\n`);
      }
      return undefined;
    },
  },
  {
    name: "room", aliases: [], argument: "", help: "the heap: pages and bytes per space and generation, collections",
    run: () => ({ evaluate: "(room)" }),
  },
  {
    name: "quit", aliases: ["q", "exit"], argument: "", help: "leave (or Ctrl-D)",
    run: () => "quit",
  },
];

/** The command a name or alias (without the comma) names. */
export function findCommand(name: string): ReplCommand | undefined {
  return REPL_COMMANDS.find((c) => c.name === name || c.aliases.includes(name));
}

/** ,help: every command, with its argument and aliases. */
export function helpText(): string {
  const usage = (c: ReplCommand) => `,${c.name}${c.argument === "" ? "" : " " + c.argument}`;
  const width = Math.max(...REPL_COMMANDS.map((c) => usage(c).length));
  const lines = REPL_COMMANDS.map((c) => {
    const aliases = c.aliases.length === 0 ? "" : ` (also ${c.aliases.map((a) => "," + a).join(" ")})`;
    return `  ${usage(c).padEnd(width)}  ${c.help}${aliases}`;
  });
  return `Type a Lisp expression to evaluate it, or a command:\n${lines.join("\n")}\n` +
    "Ctrl-C interrupts a running evaluation, or clears a half-typed one; Ctrl-R searches the history.\n";
}

/**
 * Runs a command line (`,name argument`): what it asks of the REPL. An unknown command or a
 * missing argument is a CommandError.
 */
export function runCommand(context: CommandContext, line: string): CommandOutcome {
  const m = /^,(\S*)\s*([\s\S]*)$/.exec(line.trim())!;
  const command = findCommand(m[1]);
  if (command === undefined) throw new CommandError(`unknown command ,${m[1]} (try ,help)`);
  return command.run(context, m[2].trim());
}

/** Completions of a command being typed: the names (with the comma) that start with `word`. */
export function commandCompletions(word: string): string[] {
  return REPL_COMMANDS.map((c) => "," + c.name).filter((name) => name.startsWith(word));
}
