// jest globalSetup: compile the tree and build the base image, so the tests that run the real
// `stasis` executable (build/repl/main.js) never run a stale build.
import { execFileSync } from "child_process";
import * as path from "path";

export default function build(): void {
  const root = path.join(__dirname, "..", "..");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  execFileSync(process.execPath, [path.join(root, "build", "repl", "build-base-image.js")], { cwd: root, stdio: "inherit" });
}
