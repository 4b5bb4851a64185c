// jest globalSetup: compile the tree and build the base image and the start-up snapshot, as
// `npm run build` does, so the tests that run the real `stasis` command (repl/stasis, and
// build/repl/main.js) never run a stale build.
import { execFileSync } from "child_process";
import * as path from "path";

export default function build(): void {
  const root = path.join(__dirname, "..", "..");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  for (const step of ["build-base-image.js", "build-snapshot.js"]) {
    execFileSync(process.execPath, [path.join(root, "build", "repl", step)], { cwd: root, stdio: "inherit" });
  }
}
