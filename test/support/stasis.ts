// Helpers for tests of the `stasis` command: run it in this process with captured output, or as
// a real child process from the build (which test/support/build.ts keeps current).
import { spawnSync } from "child_process";
import * as path from "path";
import { run } from "../../repl/cli";

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runInProcess(args: string[]): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** The executable as a plain node script: `node STASIS_EXECUTABLE ARGS`. */
export const STASIS_EXECUTABLE = path.join(__dirname, "..", "..", "build", "repl", "main.js");
/** The `stasis` command as a user runs it: the launcher, which starts from the start-up snapshot. */
export const STASIS_COMMAND = path.join(__dirname, "..", "..", "repl", "stasis");

/** Runs the `stasis` command, as a user would. */
export function runExecutable(args: string[], input?: string, environment: Record<string, string> = {}): Outcome {
  const env = { ...process.env, ...environment };
  const result = spawnSync(STASIS_COMMAND, args, { input, encoding: "utf8", env });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
