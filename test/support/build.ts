// jest globalSetup: compile the tree, so the tests that run the real `stasis` executable
// (build/repl/main.js) never run a stale build.
import { execFileSync } from "child_process";
import * as path from "path";

export default function build(): void {
  const root = path.join(__dirname, "..", "..");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
}
