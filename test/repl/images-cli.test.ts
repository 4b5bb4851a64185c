// Images from the command line, with the real executable: `stasis --image NAME` resumes a world
// (its saved computation runs to its end first, then -e EXPR, FILE or the REPL), `--commit N`
// picks an older commit, and `stasis image ls|info|history|rm|cp|compact` looks after the store.
// Every error is one line `stasis: ...` on stderr, without a JavaScript trace.

import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { STASIS_COMMAND, STASIS_EXECUTABLE } from "../support/stasis";

let home: string;

jest.setTimeout(30_000);

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-images-cli-"));
});

afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `stasis ARGS` with the test's store (STASIS_HOME), from the test's directory. The journal
 * is off (STASIS_JOURNAL_MS=0): a slow run would otherwise append journal records to an image
 * between its commits, and what a resume continues would depend on the machine's speed.
 */
function stasis(args: string[], input?: string): Outcome {
  const r = spawnSync(STASIS_COMMAND, args, {
    input, encoding: "utf8", cwd: home, env: { ...process.env, STASIS_HOME: home, STASIS_JOURNAL_MS: "0" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `stasis ARGS`, expecting success and nothing on stderr; its stdout. */
function ok(args: string[], input?: string): string {
  const r = stasis(args, input);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
  return r.stdout;
}

function imageFile(name: string): string {
  return path.join(home, "images", `${name}.image`);
}

/** An error outcome: exit code `code` and exactly one line on stderr, `stasis: MESSAGE`, nothing on stdout. */
function expectError(r: Outcome, code: number, message: string | RegExp): void {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe("");
  const lines = r.stderr.split("\n");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toBe("");
  if (typeof message === "string") expect(lines[0]).toBe(`stasis: ${message}`);
  else expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

// A world saved in the middle of an -e program: the rest of the program is its saved computation.
const SAVING = `(display "saving ") (define n 41) (sysout "cli") (display "rest ") (+ n 1)`;

describe("stasis --image NAME", () => {
  beforeAll(() => {
    expect(ok(["-e", SAVING])).toBe("saving rest 42\n");
  });

  it("with -e EXPR, runs the saved computation to its end, then EXPR in that world, and shows the last value, as -e does", () => {
    expect(ok(["--image", "cli", "-e", "(* n 2)"])).toBe("rest 82\n");
  });

  it("with FILE, runs the saved computation, then the file", () => {
    const file = path.join(home, "after.scm");
    fs.writeFileSync(file, `(display (list 'file n))`);
    expect(ok(["--image", "cli", file])).toBe("rest (file 41)");
  });

  it("with the REPL through a pipe, runs the saved computation, showing its forms' values as the REPL does, then the forms read", () => {
    expect(ok(["--image", "cli"], "(+ n 100)\n(define m 1)\n(list n m)\n")).toBe("#t\nrest 42\n141\n(41 1)\n");
  });

  it("resumes a world saved by a REPL form, whose sysout then prints #t", () => {
    expect(ok([], `(define z 9)\n(sysout "repl")\n(set! z 10)\n`)).toBe("#f\n");
    expect(ok(["--image", "repl"], "z\n")).toBe("#t\n9\n");
  });

  it("does not change the image when the resumed world is not saved (the journal off)", () => {
    const before = fs.readFileSync(imageFile("cli"));
    ok(["--image", "cli", "-e", "(define n 0)"]);
    expect(fs.readFileSync(imageFile("cli")).equals(before)).toBe(true);
    expect(ok(["--image", "cli", "-e", "n"])).toBe("rest 41\n");
  });

  it("exits with the status of an exit in the saved computation, running nothing after it", () => {
    expect(stasis(["-e", `(sysout "exits") (exit 3)`]).code).toBe(3);
    const r = stasis(["--image", "exits", "-e", `(display "not reached")`]);
    expect(r).toEqual({ code: 3, stdout: "", stderr: "" });
  });

  it("with --commit N, resumes commit N", () => {
    expect(ok([], `(define v 'first)\n(sysout "two")\n(set! v 'second)\n(sysout "two")\n`)).toBe("#f\n#f\n");
    expect(ok(["--image", "two", "--commit", "1", "-e", "v"])).toBe("first\n");
    expect(ok(["--image", "two", "--commit", "2", "-e", "v"])).toBe("second\n");
    expect(ok(["--image", "two", "-e", "v"])).toBe("second\n");
  });
});

describe("the heap of a resumed world", () => {
  // Regression: a resumed world's heap was made only as big as its image (about 9 MiB for the
  // base image), so every start without --heap-limit ran out of memory early.
  const bigList = "(length (iota 3000000))";
  const withDefaultLimit = (args: string[]) => spawnSync(process.execPath, [STASIS_EXECUTABLE, ...args], {
    encoding: "utf8", cwd: home, env: { ...process.env, STASIS_HOME: home, STASIS_JOURNAL_MS: "0", STASIS_HEAP_LIMIT: "" },
  });

  it("has the default limit when resumed from the base image", () => {
    const r = withDefaultLimit(["-e", bigList]);
    expect({ stdout: r.stdout, stderr: r.stderr }).toEqual({ stdout: "3000000\n", stderr: "" });
  });

  it("has the default limit when resumed from a named image", () => {
    ok(["-e", `(sysout "small")`]);
    const r = withDefaultLimit(["--image", "small", "-e", bigList]);
    expect({ stdout: r.stdout, stderr: r.stderr }).toEqual({ stdout: "3000000\n", stderr: "" });
  });
});

describe("stasis image", () => {
  beforeAll(() => {
    ok([], `(define a 1)\n(sysout "alpha")\n(set! a 2)\n(sysout "alpha")\n(sysout "beta")\n`);
  });

  it("ls lists the images in the store, one a line, sorted", () => {
    const names = ok(["image", "ls"]).split("\n");
    expect(names[names.length - 1]).toBe("");
    expect(names.slice(0, -1)).toEqual([...names.slice(0, -1)].sort());
    expect(names).toEqual(expect.arrayContaining(["alpha", "beta"]));
  });

  it("ls in an empty store prints nothing and succeeds", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-images-cli-empty-"));
    const r = spawnSync(process.execPath, [STASIS_EXECUTABLE, "image", "ls"], { encoding: "utf8", env: { ...process.env, STASIS_HOME: empty, STASIS_JOURNAL_MS: "0" } });
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: "", stderr: "" });
    fs.rmSync(empty, { recursive: true });
  });

  it("info describes an image: name, path, bytes, commits, created and saved", () => {
    const out = ok(["image", "info", "alpha"]);
    const size = fs.statSync(imageFile("alpha")).size;
    expect(out).toMatch(new RegExp(
      `^name     alpha\\npath     ${imageFile("alpha").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\nbytes    ${size}\\ncommits  2\\n` +
      `created  \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\nsaved    \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(commit 2, \\d+ pages\\)\\n$`));
  });

  it("history lists the commits newest first: number, time, pages, offset, and whether it was running", () => {
    const lines = ok(["image", "history", "alpha"]).trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^2\t\d{4}-\d\d-\d\dT[\d:.]+Z\t\d+ pages\toffset \d+\trunning$/);
    expect(lines[1]).toMatch(/^1\t\d{4}-\d\d-\d\dT[\d:.]+Z\t\d+ pages\toffset \d+\trunning$/);
  });

  it("cp copies an image to a new name: the same world, one commit", () => {
    expect(ok(["image", "cp", "alpha", "gamma"])).toBe("");
    expect(ok(["image", "history", "gamma"]).trimEnd().split("\n")).toHaveLength(1);
    expect(ok(["--image", "gamma", "-e", "a"])).toBe("2\n");
    // The copy is a different image: saving to it leaves the original as it was.
    ok(["--image", "gamma", "-e", `(set! a 'changed) (sysout "gamma")`]);
    expect(ok(["--image", "gamma", "-e", "a"])).toBe("changed\n");
    expect(ok(["--image", "alpha", "-e", "a"])).toBe("2\n");
  });

  it("compact rewrites an image to its newest commit alone, smaller, and says so", () => {
    ok([], `(define junk (let loop ((i 0) (l '())) (if (= i 20000) l (loop (+ i 1) (cons (number->string i) l)))))\n` +
      `(sysout "fat")\n(set! junk (cdr junk))\n(sysout "fat")\n(set! junk #f)\n(sysout "fat")\n`);
    const before = fs.statSync(imageFile("fat")).size;
    const out = ok(["image", "compact", "fat"]);
    const after = fs.statSync(imageFile("fat")).size;
    expect(out).toBe(`fat: ${before} bytes -> ${after} bytes\n`);
    expect(after).toBeLessThan(before);
    expect(ok(["image", "history", "fat"]).trimEnd().split("\n")).toHaveLength(1);
    expect(ok(["--image", "fat", "-e", "junk"])).toBe("#f\n");
  });

  it("rm deletes an image; a second rm is an error", () => {
    ok(["-e", `(sysout "gone")`]);
    expect(ok(["image", "rm", "gone"])).toBe("");
    expect(fs.existsSync(imageFile("gone"))).toBe(false);
    expectError(stasis(["image", "rm", "gone"]), 1, "no image gone");
  });

  it("with the wrong number of names is a usage error (exit 2)", () => {
    expectError(stasis(["image", "info"]), 2, "usage: stasis image info NAME");
    expectError(stasis(["image", "cp", "alpha"]), 2, "usage: stasis image cp FROM TO");
    expectError(stasis(["image", "ls", "extra"]), 2, "usage: stasis image ls");
  });

  it("with an unknown action is a usage error (exit 2)", () => {
    expectError(stasis(["image", "frob"]), 2, /^stasis: stasis image needs one of ls, info, history, rm, cp, compact/);
  });
});

describe("errors", () => {
  beforeAll(() => {
    fs.mkdirSync(path.join(home, "images"), { recursive: true });
    fs.writeFileSync(imageFile("text"), "this is a text file, not an image, but it is long enough to have a header");
  });

  it("a missing image: one line, exit 1", () => {
    expectError(stasis(["--image", "missing", "-e", "1"]), 1, "no image missing");
    expectError(stasis(["image", "info", "missing"]), 1, "no image missing");
    expectError(stasis(["image", "history", "missing"]), 1, "no image missing");
    expectError(stasis(["image", "cp", "missing", "other"]), 1, "no image missing");
    expect(fs.existsSync(imageFile("other"))).toBe(false);
  });

  it("a bad name: one line, exit 1, nothing written", () => {
    const before = fs.readdirSync(path.join(home, "images")).sort();
    expectError(stasis(["--image", "../x", "-e", "1"]), 1, `image name "../x" is a path: a path to an image must end in .image`);
    expectError(stasis(["--image", ".hidden", "-e", "1"]), 1, /^stasis: image name "\.hidden" is not valid/);
    expectError(stasis(["image", "cp", "alpha", "a b"]), 1, /^stasis: image name "a b" is not valid/);
    expect(fs.readdirSync(path.join(home, "images")).sort()).toEqual(before);
  });

  it("a file that is not an image: one line, exit 1, and rm leaves it", () => {
    expectError(stasis(["--image", "text", "-e", "1"]), 1, "text is not a Stasis image");
    expectError(stasis(["image", "info", "text"]), 1, "text is not a Stasis image");
    expectError(stasis(["image", "rm", "text"]), 1, "text is not a Stasis image");
    expect(fs.existsSync(imageFile("text"))).toBe(true);
  });

  it("a commit the image does not have: one line, exit 1", () => {
    ok(["-e", `(sysout "single")`]);
    expectError(stasis(["--image", "single", "--commit", "5", "-e", "1"]), 1, "image single has no commit 5 (see image-history)");
  });

  it("--commit without --image is a usage error (exit 2)", () => {
    expectError(stasis(["--commit", "1", "-e", "1"]), 2, "--commit needs --image NAME");
  });

  it("--commit without a commit number, or with one that is not, is a usage error (exit 2)", () => {
    expectError(stasis(["--image", "single", "--commit", "0", "-e", "1"]), 2, "--commit needs a commit number, e.g. --commit 3");
    expectError(stasis(["--image", "single", "--commit", "x"]), 2, "--commit needs a commit number, e.g. --commit 3");
    expectError(stasis(["--image", "single", "--commit"]), 2, "--commit needs a commit number, e.g. --commit 3");
  });

  it("--image without a name is a usage error (exit 2)", () => {
    expectError(stasis(["--image"]), 2, "--image needs an image name, e.g. --image work");
  });
});
