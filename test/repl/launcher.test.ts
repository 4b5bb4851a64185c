// The `stasis` command (repl/stasis) and the start-up snapshot (repl/startup-snapshot.ts): the
// launcher starts node from the snapshot only when that node built it and no node options are
// set, else from build/repl/main.js; either way the program sees its own arguments, environment,
// standard input and images, never the build's.
//
// Which way it started is seen through a `node` of the test's own on PATH: a script that notes
// its arguments, then runs the real node. Given the real node's modification time (touch -r),
// it is the node the snapshot was built by, as far as the launcher can tell.

import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { STARTUP_SNAPSHOT, baseImageDirectory } from "../../repl/base-image";
import { STASIS_COMMAND } from "../support/stasis";

jest.setTimeout(30_000);

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-launcher-"));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Started {
  code: number;
  stdout: string;
  stderr: string;
  /** Whether node was started from the start-up snapshot. */
  fromSnapshot: boolean;
}

/**
 * A directory holding a `node` that notes its arguments in `log` and runs the real node; with
 * the real node's modification time if `sameNode`, else a new one (as after an upgrade).
 */
function nodeOnPath(name: string, sameNode: boolean): { bin: string; log: string } {
  const bin = path.join(dir, name);
  fs.mkdirSync(bin);
  const log = path.join(bin, "arguments.log");
  const node = path.join(bin, "node");
  fs.writeFileSync(node, `#!/bin/sh\necho "$@" >> '${log}'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
  if (sameNode) expect(spawnSync("touch", ["-r", process.execPath, node]).status).toBe(0);
  return { bin, log };
}

const sameNode = () => nodeOnPath(`same-${Math.random().toString(36).slice(2)}`, true);

function start(command: string, args: string[], node: { bin: string; log: string }, options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Started {
  const env: NodeJS.ProcessEnv = { ...process.env, STASIS_HOME: dir, STASIS_JOURNAL_MS: "0", ...options.env, PATH: `${node.bin}:${process.env.PATH}` };
  if (options.env?.NODE_OPTIONS === undefined) delete env.NODE_OPTIONS;
  fs.rmSync(node.log, { force: true });
  const r = spawnSync(command, args, { env, input: options.input, encoding: "utf8" });
  const logged = fs.existsSync(node.log) ? fs.readFileSync(node.log, "utf8") : "";
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, fromSnapshot: logged.includes("--snapshot-blob") };
}

test("npm run build leaves a start-up snapshot stamped with the node that built it", () => {
  const build = baseImageDirectory();
  expect(fs.statSync(path.join(build, STARTUP_SNAPSHOT.snapshot)).size).toBeGreaterThan(0);
  const stamp = path.join(build, STARTUP_SNAPSHOT.nodeStamp);
  expect(fs.readFileSync(stamp, "utf8")).toBe(`${process.execPath}\n`);
  expect(fs.statSync(stamp, { bigint: true }).mtimeNs).toBe(fs.statSync(process.execPath, { bigint: true }).mtimeNs);
});

test("stasis starts from the snapshot when the node on PATH built it", () => {
  const r = start(STASIS_COMMAND, ["-e", "(+ 1 2)"], sameNode());
  expect(r).toEqual({ code: 0, stdout: "3\n", stderr: "", fromSnapshot: true });
});

test("stasis starts without the snapshot, and the same, when the node on PATH is another", () => {
  const r = start(STASIS_COMMAND, ["-e", "(+ 1 2)"], nodeOnPath("other", false));
  expect(r).toEqual({ code: 0, stdout: "3\n", stderr: "", fromSnapshot: false });
});

test("stasis starts without the snapshot when NODE_OPTIONS is set", () => {
  const r = start(STASIS_COMMAND, ["-e", "(+ 1 2)"], sameNode(), { env: { NODE_OPTIONS: "--max-old-space-size=3000" } });
  expect(r).toEqual({ code: 0, stdout: "3\n", stderr: "", fromSnapshot: false });
});

test("stasis finds its package through the symlink npm installs it as", () => {
  const links = path.join(dir, "node_modules", ".bin");
  fs.mkdirSync(links, { recursive: true });
  const link = path.join(links, "stasis");
  fs.symlinkSync(path.relative(links, STASIS_COMMAND), link);
  const r = start(link, ["-e", "(list 1 2)"], sameNode());
  expect(r).toEqual({ code: 0, stdout: "(1 2)\n", stderr: "", fromSnapshot: true });
});

test("stasis says so in one line when there is no node on PATH", () => {
  const r = spawnSync("/bin/sh", [STASIS_COMMAND, "-e", "1"], { env: { PATH: path.join(dir, "nowhere") }, encoding: "utf8" });
  expect(r.status).toBe(127);
  expect(r.stderr).toBe("stasis: node is not on PATH (install Node.js 20.19 or later)\n");
});

test("a program started from the snapshot sees its own arguments, environment and standard input", () => {
  const program = path.join(dir, "echo.scm");
  fs.writeFileSync(program, `(write (list (command-line) (get-environment-variable "STASIS_TEST_WORD") (read-line)))\n`);
  const r = start(STASIS_COMMAND, [program, "a", "b"], sameNode(), { env: { STASIS_TEST_WORD: "fresh" }, input: "typed\n" });
  expect(r).toEqual({ code: 0, stdout: `((${JSON.stringify(program)} "a" "b") "fresh" "typed")`, stderr: "", fromSnapshot: true });
});

test("a world saved by a process started from the snapshot resumes in one started from it", () => {
  const node = sameNode();
  const saved = start(STASIS_COMMAND, ["-e", "(begin (define kept (list 'from 'snapshot)) (sysout \"launched\"))"], node);
  expect(saved).toMatchObject({ code: 0, stderr: "", fromSnapshot: true });
  const resumed = start(STASIS_COMMAND, ["--image", "launched", "-e", "kept"], node);
  expect(resumed).toMatchObject({ code: 0, stderr: "", fromSnapshot: true });
  expect(resumed.stdout.trim().split("\n").pop()).toBe("(from snapshot)");
});

test("errors from a process started from the snapshot are one line, with the exit code of the plain executable", () => {
  const r = start(STASIS_COMMAND, ["-e", "(car 1)"], sameNode());
  expect(r.fromSnapshot).toBe(true);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^stasis: .*car/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});
