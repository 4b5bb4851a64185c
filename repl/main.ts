#!/usr/bin/env node
// The `stasis` executable. Everything is in cli.ts; this only connects it to the process.

import { run } from "./cli";

// A closed pipe (`stasis prog.scm | head`) ends the output quietly, as it does for cat.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

run(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
