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

export const STASIS_EXECUTABLE = path.join(__dirname, "..", "..", "build", "repl", "main.js");

export function runExecutable(args: string[], input?: string, environment: Record<string, string> = {}): Outcome {
  const env = { ...process.env, ...environment };
  const result = spawnSync(process.execPath, [STASIS_EXECUTABLE, ...args], { input, encoding: "utf8", env });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
