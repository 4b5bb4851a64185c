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

describe("read-print mode", () => {
  it("writes back each datum of -e EXPR on its own line", async () => {
    const r = await runInProcess(["-e", "(a . b) #(1 \"x\") 'q"]);
    expect(r).toEqual({ code: 0, stdout: '(a . b)\n#(1 "x")\n\'q\n', stderr: "" });
  });

  it("writes back each datum of a file, skipping a #! line", async () => {
    const file = tempFile("data.scm", "#!/usr/bin/env stasis\n(define x 1) ; comment\n#| block |# 2.50\n");
    const r = await runInProcess([file]);
    expect(r).toEqual({ code: 0, stdout: "(define x 1)\n2.5\n", stderr: "" });
  });

  it("reports a read error as FILE:LINE:COL on stderr and exits 1", async () => {
    const file = tempFile("bad.scm", "(ok)\n  (oops\n");
    const r = await runInProcess([file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("(ok)\n");
    expect(r.stderr).toMatch(new RegExp(`^stasis: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2:3: .+\n$`));
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

  it("reads data from a pipe without prompts, continuing a datum over several lines", () => {
    const r = runExecutable([], "(1\n 2)\n\"a\nb\" x\n");
    expect(r).toEqual({ code: 0, stdout: '(1 2)\n"a\\nb"\nx\n', stderr: "" });
  });

  it("reports a read error from a pipe and goes on with the next line", () => {
    const r = runExecutable([], ")\n(fine)\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("(fine)\n");
    expect(r.stderr).toMatch(/^stasis: stdin:1:1: .*\)/);
  });

  it("shows a read error from -e as one line, without a JavaScript trace", () => {
    const r = runExecutable(["-e", "(1 2"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^stasis: -e:1:1: /);
  });
});
