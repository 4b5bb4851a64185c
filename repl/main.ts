#!/usr/bin/env node
// The `stasis` executable as a plain script, and the process entry the start-up snapshot shares
// (repl/startup-snapshot.ts). Everything else is in cli.ts; this only connects it to the process.

import { run } from "./cli";

/** Runs the command line `argv` (the arguments after `stasis`) in this process. */
export function startProcess(argv: readonly string[]): void {
  // A closed pipe (`stasis prog.scm | head`) ends the output quietly, as it does for cat.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  run(argv, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) startProcess(process.argv.slice(2));
