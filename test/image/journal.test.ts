// The journal (image/format.ts JOURNAL): a world that has an image is appended to it every
// STASIS_JOURNAL_MS while it changes, so a crash without (sysout) or (checkpoint) loses at most
// about two intervals; the next commit folds the journal in.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Session } from "../../repl/session";
import { WorldImages } from "../../image/world-images";
import { BOX_VALUE, fixnumValue } from "../../runtime/layout";

const STASIS = path.join(__dirname, "..", "..", "build", "repl", "main.js");
const JOURNAL_MS = 200;

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-journal-"));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

/** Runs a script in a child with the journal on, and kills it (SIGKILL) after `ms`. */
async function runAndKill(script: string, ms: number): Promise<void> {
  const file = path.join(home, "script.scm");
  fs.writeFileSync(file, script);
  const child = spawn(process.execPath, [STASIS, file], { env: { ...process.env, STASIS_HOME: home, STASIS_JOURNAL_MS: String(JOURNAL_MS) }, stdio: "ignore" });
  await new Promise((resolve) => setTimeout(resolve, ms));
  child.kill("SIGKILL");
  await new Promise((resolve) => child.on("exit", resolve));
}

/** The value in the box a global names, in the world the image `name` opens to, without running it. */
async function boxedGlobal(name: string, global: string): Promise<number> {
  await WorldImages.ready();
  const session = new Session({ imageIO: undefined }, { name: path.join(home, "images", `${name}.image`) });
  const heap = session.world.heap;
  return fixnumValue(heap.field(session.global(global), BOX_VALUE));
}

const COUNTING_LOOP = `
(define counter (box 0))
(sysout "j")
(let loop ((i 1))
  (set-box! counter i)
  (loop (+ i 1)))
`;

test("a killed computation's image opens to a state journaled after its last sysout", async () => {
  await runAndKill(COUNTING_LOOP, 2000);
  // The sysout saw 0; the journal, records of the loop well under way.
  expect(await boxedGlobal("j", "counter")).toBeGreaterThan(0);
});

test("the journal is written as the world changes: a later kill finds a later state", async () => {
  await runAndKill(COUNTING_LOOP, 1200);
  const early = await boxedGlobal("j", "counter");
  await runAndKill(COUNTING_LOOP, 2500);
  expect(await boxedGlobal("j", "counter")).toBeGreaterThan(early);
});

test("the journal does not make history: the image still has one commit", async () => {
  await runAndKill(COUNTING_LOOP, 1500);
  await WorldImages.ready();
  const images = new WorldImages(undefined, { STASIS_HOME: home });
  expect(images.history(images.resolve("j"))).toHaveLength(1);
});

test("a commit after journal records folds them in: it opens to the committed world", async () => {
  const file = path.join(home, "script.scm");
  fs.writeFileSync(file, `
(define counter (box 0))
(sysout "f")
(let loop ((i 1))
  (set-box! counter i)
  (if (< i 3000000) (loop (+ i 1))))
(checkpoint)
(set-box! counter -1)
`);
  const run = spawnSync(process.execPath, [STASIS, file], { env: { ...process.env, STASIS_HOME: home, STASIS_JOURNAL_MS: "50" }, encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(await boxedGlobal("f", "counter")).toBe(3000000);
  const images = new WorldImages(undefined, { STASIS_HOME: home });
  expect(images.history(images.resolve("f"))).toHaveLength(2);
});

test("STASIS_JOURNAL_MS that is not a number is a usage error", () => {
  const run = spawnSync(process.execPath, [STASIS, "-e", "1"], { env: { ...process.env, STASIS_JOURNAL_MS: "soon" }, encoding: "utf8" });
  expect(run.status).toBe(2);
  expect(run.stderr).toBe("stasis: STASIS_JOURNAL_MS: not a number of milliseconds: soon\n");
});

describe("(autosave SECONDS)", () => {
  const runScript = (script: string) => {
    const file = path.join(home, "script.scm");
    fs.writeFileSync(file, script);
    return spawnSync(process.execPath, [STASIS, file], { env: { ...process.env, STASIS_HOME: home, STASIS_JOURNAL_MS: "0" }, encoding: "utf8" });
  };
  const commits = (name: string) => {
    const images = new WorldImages(undefined, { STASIS_HOME: home });
    return images.history(images.resolve(name)).length;
  };
  // A loop that runs for about `seconds` seconds of wall time, changing the world as it goes.
  const busy = (seconds: number) => `
(define counter (box 0))
(define (busy-for ms)
  (let ((end (+ (current-jiffy) (* ms (quotient (jiffies-per-second) 1000)))))
    (let loop () (set-box! counter (+ (unbox counter) 1)) (if (< (current-jiffy) end) (loop)))))
(busy-for ${seconds * 1000})`;

  beforeAll(() => WorldImages.ready());

  test("commits the world to its image every SECONDS while it runs", () => {
    const run = runScript(`(sysout "auto") (autosave 1) ${busy(3.5)}`);
    expect(run.stderr).toBe("");
    // The sysout, then about one commit a second.
    expect(commits("auto")).toBeGreaterThanOrEqual(3);
  });

  test("(autosave #f) stops it", () => {
    const run = runScript(`(sysout "off") (autosave 1) (autosave #f) ${busy(2.5)}`);
    expect(run.stderr).toBe("");
    expect(commits("off")).toBe(1);
  });

  test("takes a number of seconds or #f, and says so otherwise", () => {
    const run = runScript(`(autosave "often")`);
    expect(run.status).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe(`stasis: ${path.join(home, "script.scm")}:1:1: autosave: expected a number of seconds or #f, got "often"`);
  });
});
