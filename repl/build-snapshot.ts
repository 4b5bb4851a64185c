// Builds the start-up snapshot (repl/startup-snapshot.ts), after the base image: bundles the
// entry and everything it imports into one file, the only kind of script node's
// --build-snapshot runs, then runs it to write build/stasis.snapshot, and stamps the snapshot
// with the node binary it belongs to (a snapshot only starts the node that built it).
//
// The bundle is made by esbuild (a devDependency): node cannot load modules of our own while it
// builds a snapshot. The snapshot holds every function of the bundle, and every start
// deserialises it: what the bundle does not need to hold, it should not.
// A machine where the snapshot cannot be built (another platform, a node without the feature)
// gets a warning and no snapshot: `stasis` then starts from build/repl/main.js, only slower.

import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { STARTUP_SNAPSHOT, baseImageDirectory } from "./base-image";

async function buildSnapshot(): Promise<void> {
  const build = baseImageDirectory();
  const snapshot = path.join(build, STARTUP_SNAPSHOT.snapshot);
  const stamp = path.join(build, STARTUP_SNAPSHOT.nodeStamp);
  // An old snapshot must not outlive the build it was made from.
  for (const f of [snapshot, stamp]) fs.rmSync(f, { force: true });
  if (process.platform === "win32") {
    process.stderr.write("stasis: no start-up snapshot on Windows; stasis starts without one\n");
    return;
  }
  const bundle = path.join(build, STARTUP_SNAPSHOT.bundle);
  const esbuild = require("esbuild") as typeof import("esbuild");
  await esbuild.build({
    entryPoints: [path.join(build, "repl", "startup-snapshot.js")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "iife", // node runs the snapshot's entry as a script: it has no `exports` of its own
    minify: true, // the snapshot keeps every function's source: smaller is faster to start
    define: { STASIS_BUNDLE: "true" },
    logLevel: "error",
  });
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // the snapshot must match a node started with no options (repl/stasis)
  const partial = `${snapshot}.partial`;
  const made = spawnSync(process.execPath, ["--snapshot-blob", partial, "--build-snapshot", bundle], { env, encoding: "utf8" });
  if (made.status !== 0) {
    fs.rmSync(partial, { force: true });
    const lines = (made.stderr || made.error?.message || `exit ${made.status}`).trim().split("\n");
    const why = lines.find((l) => /^\w*Error\b/.test(l)) ?? lines[0];
    process.stderr.write(`stasis: warning: cannot build the start-up snapshot (${why}); stasis starts without one, more slowly\n`);
    return;
  }
  // A launcher never sees a half-written snapshot: it appears whole, and only then its stamp.
  fs.renameSync(partial, snapshot);
  fs.writeFileSync(stamp, `${process.execPath}\n`);
  const touched = spawnSync("touch", ["-r", process.execPath, stamp]);
  if (touched.status !== 0) {
    fs.rmSync(stamp, { force: true });
    process.stderr.write("stasis: warning: cannot stamp the start-up snapshot (touch -r failed); stasis starts without it\n");
  }
}

buildSnapshot().catch((e: unknown) => {
  process.stderr.write(`stasis: warning: cannot build the start-up snapshot: ${e instanceof Error ? e.message : String(e)}\n`);
});
