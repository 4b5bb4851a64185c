import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArguments } from "../../repl/cli";
import { runExecutable, runInProcess } from "../support/stasis";

function tempFile(name: string, contents: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-cli-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, contents);
  return file;
}

describe("arguments", () => {
  it("runs the REPL without arguments", () => {
    expect(parseArguments([])).toEqual({ kind: "repl" });
  });

  it("takes the first non-option as the script and the rest as its arguments", () => {
    expect(parseArguments(["prog.scm", "-x", "y"])).toEqual({ kind: "file", file: "prog.scm", args: ["-x", "y"] });
  });

  it("reports an unknown option as a usage error", () => {
    expect(parseArguments(["--frobnicate"])).toBe("unknown option --frobnicate (see stasis --help)");
  });

  it("reports -e without an expression", () => {
    expect(parseArguments(["-e"])).toMatch(/-e needs an expression/);
  });
});

describe("running programs", () => {
  it("prints the value of the last form of -e EXPR", async () => {
    expect(await runInProcess(["-e", "(define x 20) (+ x 22)"])).toEqual({ code: 0, stdout: "42\n", stderr: "" });
  });

  it("prints nothing for an unspecified value", async () => {
    expect(await runInProcess(["-e", "(define x 1)"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("runs a file's forms in order, after a #! line", async () => {
    const file = tempFile("prog.scm", "#!/usr/bin/env stasis\n(define x 1) ; comment\n#| block |# (display (+ x 1.5))\n");
    expect(await runInProcess([file])).toEqual({ code: 0, stdout: "2.5", stderr: "" });
  });

  it("gives the script its name and arguments as (command-line)", async () => {
    const file = tempFile("args.scm", "(write (command-line))");
    expect((await runInProcess([file, "a", "-b"])).stdout).toBe(`("${file}" "a" "-b")`);
  });

  it("exits with the status the program passes to exit", async () => {
    expect((await runInProcess(["-e", "(exit 7)"])).code).toBe(7);
    expect((await runInProcess(["-e", "(exit #f)"])).code).toBe(1);
    expect((await runInProcess(["-e", "(exit)"])).code).toBe(0);
  });

  it("reports a read error as FILE:LINE:COL on stderr and exits 1, running nothing", async () => {
    const file = tempFile("bad.scm", "(display 1)\n  (oops\n");
    const r = await runInProcess([file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`stasis: ${file}:2:3: unterminated list: no ')' for the '(' at 2:3\n`);
  });

  it("reports an uncaught error with its place and a backtrace of procedure names, and exits 1", async () => {
    const file = tempFile("fail.scm", "(define (outer x) (+ 1 (inner x)))\n(define (inner x) (car x))\n(display (outer 5))\n");
    const r = await runInProcess([file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `stasis: ${file}:2:19: car: expected a pair, got 5\n` +
      `  in inner (${file}:2:19)\n  in outer (${file}:1:24)\n  in toplevel form (${file}:3:10)\n`);
  });

  it("leaves out of the backtrace the frames a tail call replaced, but keeps the toplevel form's", async () => {
    const file = tempFile("tail.scm", "(define (outer x) (inner x))\n(define (inner x) (car x))\n(outer 5)\n");
    expect((await runInProcess([file])).stderr)
      .toBe(`stasis: ${file}:2:19: car: expected a pair, got 5\n  in inner (${file}:2:19)\n  in toplevel form (${file}:3:1)\n`);
  });

  it("reports a missing file in one line and exits 2", async () => {
    const r = await runInProcess(["/nonexistent/prog.scm"]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: "stasis: cannot read /nonexistent/prog.scm: no such file\n" });
  });

  it("reports a usage error in one line and exits 2", async () => {
    const r = await runInProcess(["--bogus"]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: "stasis: unknown option --bogus (see stasis --help)\n" });
  });
});

describe("the executable", () => {
  it("prints its version from package.json", () => {
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version;
    expect(runExecutable(["--version"])).toEqual({ code: 0, stdout: `stasis ${version}\n`, stderr: "" });
  });

  it("prints usage with the exit codes for --help", () => {
    const r = runExecutable(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: stasis/);
    expect(r.stdout).toMatch(/exit codes/);
  });

  it("runs a REPL through a pipe: values written, no prompts, definitions kept across errors", () => {
    const r = runExecutable([], "(define x 10)\n(* x\n   x)\n(car 1)\n(+ x 1)\n");
    expect(r.stdout).toBe("100\n11\n");
    expect(r.stderr).toBe("stasis: repl:4:1: car: expected a pair, got 1\n  in toplevel form (repl:4:1)\n");
    expect(r.code).toBe(0);
  });

  it("gives a program at the REPL the lines after its form as standard input", () => {
    const r = runExecutable([], "(read-line)\nhello there\n(string-length (read-line))\nabc\n");
    expect(r.stdout).toBe('"hello there"\n3\n');
  });

  it("reads standard input for a script", () => {
    const file = tempFile("echo.scm", "(let loop ((line (read-line))) (unless (eof-object? line) (display (string-upcase line)) (newline) (loop (read-line))))");
    expect(runExecutable([file], "one\ntwo\n").stdout).toBe("ONE\nTWO\n");
  });

  it("reports a read error from a pipe and goes on with the next line", () => {
    const r = runExecutable([], ")\n(+ 1 2)\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("3\n");
    expect(r.stderr).toBe("stasis: repl:1:1: unexpected ')'\n");
  });

  it("shows a read error from -e as one line, without a JavaScript trace", () => {
    const r = runExecutable(["-e", "(1 2"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toBe("stasis: -e:1:1: unterminated list: no ')' for the '(' at 1:1\n");
  });
});

describe("the heap limit", () => {
  const LIMIT = "(cdr (assq 'limit-bytes (heap-statistics)))";
  const GROW = "(let loop ((l '())) (loop (cons 1 l)))";

  it("is taken from --heap-limit SIZE", () => {
    expect(parseArguments(["--heap-limit", "64m", "-e", "1"])).toEqual({ kind: "eval", source: "1", heapLimitBytes: 64 * 2 ** 20 });
  });

  it("reports --heap-limit without a size, or with a size too small or too large, as a usage error", () => {
    expect(parseArguments(["--heap-limit"])).toMatch(/--heap-limit needs a size/);
    expect(parseArguments(["--heap-limit", "lots"])).toBe("--heap-limit: not a size: lots (write it like 512m or 2g)");
    expect(parseArguments(["--heap-limit", "1m"])).toBe("--heap-limit: 1m is too small; a session needs at least 16m");
    expect(parseArguments(["--heap-limit", "8g"])).toBe("--heap-limit: 8g is too large; a heap can be at most 4g");
  });

  it("is taken from STASIS_HEAP_LIMIT when there is no --heap-limit", () => {
    expect(runExecutable(["-e", LIMIT], undefined, { STASIS_HEAP_LIMIT: "40m" }).stdout.trim()).toBe(String(40 * 2 ** 20));
    expect(runExecutable(["--heap-limit", "48m", "-e", LIMIT], undefined, { STASIS_HEAP_LIMIT: "40m" }).stdout.trim()).toBe(String(48 * 2 ** 20));
  });

  it("reports a STASIS_HEAP_LIMIT that is not a size in one line naming the variable", () => {
    const r = runExecutable(["-e", "1"], undefined, { STASIS_HEAP_LIMIT: "zz" });
    expect(r.stderr).toBe("stasis: STASIS_HEAP_LIMIT: not a size: zz (write it like 512m or 2g)\n");
    expect(r.code).not.toBe(0);
  });

  it("when reached by a script, is one out-of-memory line at the allocation, and exit status 1", () => {
    const r = runExecutable(["--heap-limit", "32m", "-e", GROW]);
    expect(r.stderr.split("\n")[0]).toBe("stasis: -e:1:27: out of memory: the heap reached its limit of 32 MiB");
    expect(r.code).toBe(1);
  });

  it("when reached at the REPL, is reported, and the REPL goes on with the next form", () => {
    const r = runExecutable(["--heap-limit", "32m"], `(define (grow l) (grow (cons 1 l)))\n(grow '())\n(+ 1 2)\n`);
    expect(r.stderr).toMatch(/^stasis: repl:1:24: out of memory: the heap reached its limit of 32 MiB/);
    expect(r.stdout).toBe("3\n");
    expect(r.code).toBe(0);
  });
});
