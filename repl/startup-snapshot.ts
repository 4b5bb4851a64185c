// The start-up snapshot's entry point. `npm run build` bundles this module with everything it
// imports into build/stasis-bundle.js (repl/build-snapshot.ts) and runs it under
// `node --build-snapshot`; node saves its own heap afterwards as build/stasis.snapshot. The
// `stasis` launcher (repl/stasis) starts node from that snapshot: every module is then already
// loaded, the reader's lexer built and the base image read, which is most of what starting
// costs, and the process goes straight to startProcess. It is Emacs's dump, for node: a cache of
// a started process, never a second source of truth; a process started without it (plain
// build/repl/main.js) behaves the same, only later.
//
// Invariants
// - Nothing here holds what belongs to one process: no stream, descriptor, timer, environment
//   value or WebAssembly instance is made before the snapshot is taken (the checksum library is
//   loaded by Session.create, after; the warm-up's hasher is gone by then). process.env and
//   process.argv are read when used.
// - The snapshot is built by the same node binary that will start from it (repl/stasis checks).

import * as v8 from "v8";
import { preloadBaseImage } from "./base-image";
import { startProcess } from "./main";
import { Session } from "./session";
import { withJavaScriptHasher } from "../image/format";

/** A program that runs a little of everything a start runs: reading, compiling, calling, printing. */
const WARM_UP_PROGRAM = "(define (square x) (* x x)) (display (square 12)) (list 'warm (square 2))";

/**
 * Starts a session as a process does, from the base image just read, runs WARM_UP_PROGRAM in
 * it, and throws it away. V8 compiles a function when it is first called and keeps what it
 * compiled in the snapshot: without this, every start would compile the compiler, the machine
 * and the printer again (45 M of 231 M instructions, under callgrind). It is also the load that
 * checks the base image (in JavaScript: node has no WebAssembly while it builds a snapshot),
 * after which every session reloads it unchecked (repl/base-image.ts).
 */
async function warmUp(): Promise<void> {
  const quiet = (): void => undefined;
  await withJavaScriptHasher(async () => {
    const session = await Session.create({ stdout: quiet, stderr: quiet });
    const result = await session.evaluateProgram(session.readProgram(WARM_UP_PROGRAM, "-e"));
    if (result.kind !== "value") throw new Error(`stasis: the start-up snapshot's warm-up failed: ${JSON.stringify(result)}`);
    session.show(result.value);
  });
}

if (!v8.startupSnapshot.isBuildingSnapshot()) {
  throw new Error("stasis: repl/startup-snapshot is run by node --build-snapshot (npm run build), not directly");
}
preloadBaseImage();
void warmUp();
// From a snapshot, process.argv is [node, ...the arguments after `--`].
v8.startupSnapshot.setDeserializeMainFunction(() => startProcess(process.argv.slice(1)));
