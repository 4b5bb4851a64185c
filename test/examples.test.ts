// Every program in examples/ runs, and its output is the .out file beside it.
import * as fs from "fs";
import * as path from "path";
import { runInProcess } from "./support/stasis";

const EXAMPLES = path.join(__dirname, "..", "examples");
const programs = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".scm")).sort();

describe("examples", () => {
  it("has programs to run", () => {
    expect(programs.length).toBeGreaterThan(0);
  });

  it.each(programs)("%s writes its .out file", async (program) => {
    const expected = fs.readFileSync(path.join(EXAMPLES, program.replace(/\.scm$/, ".out")), "utf8");
    const r = await runInProcess([path.join(EXAMPLES, program)]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(expected);
    expect(r.code).toBe(0);
  });
});
