// Real kills (image/image-file.ts, THE COMMIT PROTOCOL). A `stasis` child runs a loop that changes
// its world and saves it with (sysout "k") at every step (fixtures/kill-loop.scm: a counter in a
// box, the same count at the head of a list and in 20,000 other boxes, all set in the same step
// before the save). It is killed with SIGKILL, and the image is opened in this process:
//   - just before each file operation of its saves in turn (fixtures/kill-at.js, preloaded,
//     counts the operations on the image store and kills the process itself): a new image,
//     appends, a compaction. The image must hold exactly the saves whose bytes reached the file
//     before the kill: an append once its write has run, a new file once its rename has.
//   - at random moments (seeded), over and over, each child resuming the world the last one
//     left (`stasis --image k`): the image must always open once a save has completed, hold a
//     consistent world, never go back, and hold every save the program saw complete (it writes
//     the count after sysout returns) and at most the one after.

import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Session } from "../../repl/session";
import { STASIS_EXECUTABLE } from "../support/stasis";
import { seededRandom } from "../support/random";

const LOOP = path.join(__dirname, "fixtures", "kill-loop.scm");
const KILL_AT = path.join(__dirname, "fixtures", "kill-at.js");
/** The image the loop saves to, in STASIS_HOME's store. */
const IMAGE = "k";
/** The children's heap: small, so that each start of a child commits little memory. */
const CHILD_HEAP_LIMIT = "64m";
/*
 * The children run without the journal (STASIS_JOURNAL_MS=0): a journal record holds the world
 * at any safe point, in the middle of a step, and is written on a timer, which would make the
 * operations of a run differ from one run to the next. journal.test.ts is about the journal.
 */
/** Children run at once. */
const LANES = 2;
/** Kills at random moments, in all. */
const RANDOM_KILLS = 200;
/** The share of them at any moment from a child's start; the others are in its save loop. */
const START_SHARE = 0.2;
/** Operations at the start that each get a kill: the new image's and a few appends'. */
const EVERY_OPERATION_FIRST = 24;
/** Steps of the loop when killed before a given file operation: enough for a compaction. */
const STEPS_BEFORE_EACH_OPERATION = 25;

const imagePath = (home: string) => path.join(home, "images", `${IMAGE}.image`);

interface Run {
  /** The counts the loop wrote: each after its save returned. */
  readonly counts: number[];
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  readonly stderr: string;
}

/**
 * When to kill a child: `ms` after it starts, or `ms` after it writes its first count (which
 * reaches standard output when its second save begins: it is in its save loop).
 */
type KillAfter = { readonly from: "start" | "first count"; readonly ms: number };

/** A child is killed after this long whatever happens (it never ends by itself). */
const CHILD_TIME_LIMIT_MS = 20_000;

/** Runs `stasis ARGS` in `home`, killed with SIGKILL as `kill` says if given; its output. */
function run(home: string, args: string[], environment: Record<string, string>, kill?: KillAfter): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, args, {
      env: { ...process.env, STASIS_HOME: home, STASIS_HEAP_LIMIT: CHILD_HEAP_LIMIT, STASIS_JOURNAL_MS: "0", ...environment },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timers = [setTimeout(() => child.kill("SIGKILL"), CHILD_TIME_LIMIT_MS)];
    if (kill?.from === "start") timers.push(setTimeout(() => child.kill("SIGKILL"), kill.ms));
    child.stdout!.on("data", (d: Buffer) => {
      if (kill?.from === "first count" && !stdout.includes("\n") && d.includes("\n")) timers.push(setTimeout(() => child.kill("SIGKILL"), kill.ms));
      stdout += d.toString();
    });
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      timers.forEach(clearTimeout);
      // A count is written whole, with its newline, by one write.
      const counts = stdout.split("\n").filter((l) => l !== "").map(Number);
      resolve({ counts, signal, code, stderr });
    });
  });
}

/** What the image holds, as this process opens it. */
type Found =
  | { readonly kind: "absent" }
  | { readonly kind: "error"; readonly message: string }
  | {
    readonly kind: "world";
    /** The counter in the box. */
    readonly count: number;
    /** Whether the list is count, count-1, ..., 1 and the 20,000 boxes all hold count. */
    readonly consistent: boolean;
    readonly warning: string;
    /** Bytes after the end of the commit opened (a torn tail). */
    readonly tail: number;
  };

const CHECK = `
(let ((n (unbox counter)))
  (list n
        (and (let loop ((h history) (k n)) (if (null? h) (= k 0) (and (eqv? (car h) k) (loop (cdr h) (- k 1)))))
             (let loop ((b ballast)) (or (null? b) (and (eqv? (unbox (car b)) n) (loop (cdr b))))))))`;

async function inspect(home: string): Promise<Found> {
  const file = imagePath(home);
  if (!fs.existsSync(file)) return { kind: "absent" };
  let warning = "";
  let session: Session;
  try {
    session = await Session.create({ heapLimitBytes: 2 ** 25, stdout: () => undefined, stderr: (t) => (warning += t) }, { name: file });
  } catch (e) {
    return { kind: "error", message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
  session.discardSaved(); // the saving loop never ends: look at the world it left
  const result = await session.evaluateProgram(session.readProgram(CHECK, "check"));
  if (result.kind !== "value") return { kind: "error", message: `checking the world failed: ${JSON.stringify(result)}` };
  const [count, consistent] = session.show(result.value)!.slice(1, -1).split(" ");
  return { kind: "world", count: Number(count), consistent: consistent === "#t", warning, tail: fs.statSync(file).size - session.images.current!.end };
}

/** Runs `work` on each item, at most `lanes` at a time. */
async function inParallel<T, R>(items: readonly T[], lanes: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  }));
  return results;
}

const stats = {
  beforeOperation: new Map<string, number>(),
  random: new Map<string, number>(),
  finalCounts: [] as number[],
};

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

let root: string;
const started = Date.now();

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-kill-"));
});

afterAll(() => {
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
  const lines = (map: Map<string, number>) => [...map].map(([k, n]) => `    ${n}\t${k}`).join("\n");
  const total = [...stats.beforeOperation.values(), ...stats.random.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(`kills: ${total} in ${Math.round((Date.now() - started) / 1000)} s\n` +
    `  killed just before a file operation, by operation:\n${lines(stats.beforeOperation)}\n` +
    `  killed at random moments, by what the image then held:\n${lines(stats.random)}\n` +
    `  counts reached by the random lanes: ${stats.finalCounts.join(", ")}\n`);
});

describe("a world killed just before each file operation of its saves in turn", () => {
  /** The file operations on the store of a whole run of the loop, in order (kill-at.js's trace). */
  let operations: string[];

  interface Killed {
    readonly at: number;
    readonly operation: string;
    /** Saves whose bytes reached the file before the kill: appends written, a new file renamed. */
    readonly saved: number;
    readonly run: Run;
    readonly found: Found;
  }
  let killed: Killed[];

  beforeAll(async () => {
    const home = fs.mkdtempSync(path.join(root, "trace-"));
    const trace = path.join(home, "trace");
    const dry = await run(home, ["-r", KILL_AT, STASIS_EXECUTABLE, LOOP, String(STEPS_BEFORE_EACH_OPERATION)], { STASIS_TEST_TRACE: trace });
    if (dry.code !== 0) throw new Error(`the loop failed: ${dry.stderr}`);
    operations = fs.readFileSync(trace, "utf8").split("\n").filter((l) => l !== "");
    // Every operation of the first save (a new image) and the appends after it, every one from
    // the append before the first compaction to a few after it, and every eighth in between.
    const creations = operations.flatMap((o, i) => (o.startsWith("openSync") && o.endsWith(" w+") ? [i + 1] : []));
    const compaction = creations[1] ?? 0;
    if (compaction === 0) throw new Error(`the loop never compacted its image in ${STEPS_BEFORE_EACH_OPERATION} steps`);
    const points = Array.from({ length: Math.min(operations.length, compaction + 10) }, (_, i) => i + 1)
      .filter((at) => at <= EVERY_OPERATION_FIRST || at >= compaction - 15 || at % 8 === 0);
    killed = await inParallel(points, LANES, async (at) => {
      const home = fs.mkdtempSync(path.join(root, `at-${at}-`));
      const run_ = await run(home, ["-r", KILL_AT, STASIS_EXECUTABLE, LOOP, String(STEPS_BEFORE_EACH_OPERATION)], { STASIS_TEST_KILL_AT: String(at) });
      let saved = 0;
      let appending = false;
      for (const op of operations.slice(0, at - 1)) {
        if (op.startsWith("openSync")) appending = op === `openSync ${IMAGE}.image r+`;
        else if (op === `writevSync ${IMAGE}.image` && appending) saved++;
        else if (op === `renameSync ${IMAGE}.image.tmp ${IMAGE}.image` && saved === 0) saved = 1;
      }
      const found = await inspect(home);
      fs.rmSync(home, { recursive: true, force: true });
      count(stats.beforeOperation, operations[at - 1].replace(/ .*/, "") + ` (${operations[at - 1].split(" ").slice(1).join(" ")})`);
      return { at, operation: operations[at - 1], saved, run: run_, found };
    });
  }, 120_000);

  it("covers every operation of a new image, of an append and of a compaction", () => {
    const covered = [...new Set(killed.map((k) => k.operation))];
    expect(covered).toEqual(expect.arrayContaining([
      "closeSync images", "closeSync k.image", "closeSync k.image.tmp", "fsyncSync images", "fsyncSync k.image", "fsyncSync k.image.tmp",
      "mkdirSync images", "openSync images r", "openSync k.image r+", "openSync k.image.tmp w+", "renameSync k.image.tmp k.image",
      "unlinkSync k.image.tmp", "writevSync k.image", "writevSync k.image.tmp",
    ]));
    // The rename of the new image and of the compaction.
    expect(killed.filter((k) => k.operation.startsWith("renameSync")).length).toBe(2);
  });

  it("is killed there, before the operation runs", () => {
    expect(killed.filter((k) => k.run.signal !== "SIGKILL").map((k) => `${k.at} ${k.operation}: ${k.run.code} ${k.run.stderr}`)).toEqual([]);
  });

  it("has no image until the first save's rename has run", () => {
    const before = killed.filter((k) => k.saved === 0);
    expect(before.length).toBeGreaterThan(0);
    expect(before.filter((k) => k.found.kind !== "absent").map((k) => `${k.at} ${k.operation}: ${JSON.stringify(k.found)}`)).toEqual([]);
  });

  it("then opens as exactly the saves that reached the file, consistent and without a warning", () => {
    const after = killed.filter((k) => k.saved > 0);
    const wrong = after.filter((k) => k.found.kind !== "world" || k.found.count !== k.saved || !k.found.consistent || k.found.warning !== "");
    expect(wrong.map((k) => `killed before ${k.at} ${k.operation}: expected count ${k.saved}, found ${JSON.stringify(k.found)}`)).toEqual([]);
  });
});

describe("a world killed at random moments, resumed from its image after each kill", () => {
  interface Killed {
    readonly lane: number;
    readonly kill: KillAfter;
    /** The count the image held before the child ran (undefined: no image). */
    readonly before: number | undefined;
    readonly run: Run;
    readonly found: Found;
  }
  let killed: Killed[];

  beforeAll(async () => {
    const perLane = Math.ceil(RANDOM_KILLS / LANES);
    const lanes = await inParallel(Array.from({ length: LANES }, (_, i) => i), LANES, async (lane) => {
      const home = fs.mkdtempSync(path.join(root, `lane-${lane}-`));
      const next = seededRandom(1000 + lane);
      const out: Killed[] = [];
      let before: number | undefined;
      for (let i = 0; i < perLane; i++) {
        // One kill in five at any moment from the start (loading, resuming, the first save), the
        // others in the save loop.
        const kill: KillAfter = next() < START_SHARE ? { from: "start", ms: Math.round(next() * 400) } : { from: "first count", ms: Math.round(next() * 150) };
        const args = fs.existsSync(imagePath(home)) ? [STASIS_EXECUTABLE, "--image", IMAGE] : [STASIS_EXECUTABLE, LOOP];
        const run_ = await run(home, args, {}, kill);
        const found = await inspect(home);
        out.push({ lane, kill, before, run: run_, found });
        count(stats.random, `${kill.from === "start" ? "from the start" : "in the save loop"}: ${describeKill(before, run_, found, home)}`);
        if (found.kind === "world") before = found.count;
      }
      stats.finalCounts.push(before ?? 0);
      return out;
    });
    killed = lanes.flat();
  }, 150_000);

  it(`kills ${RANDOM_KILLS} children, none of which ends by itself`, () => {
    expect(killed.length).toBeGreaterThanOrEqual(RANDOM_KILLS);
    expect(killed.filter((k) => k.run.signal !== "SIGKILL").map((k) => `${k.run.code}: ${k.run.stderr}`)).toEqual([]);
  });

  it("opens once a save has completed", () => {
    const saved = killed.filter((k) => k.before !== undefined || k.run.counts.length > 0);
    expect(saved.filter((k) => k.found.kind !== "world").map((k) => JSON.stringify(k.found))).toEqual([]);
    // Before the first save: no image, or the first save's whole world.
    const unsaved = killed.filter((k) => k.before === undefined && k.run.counts.length === 0);
    expect(unsaved.filter((k) => k.found.kind === "error" || (k.found.kind === "world" && k.found.count !== 1)).map((k) => JSON.stringify(k.found))).toEqual([]);
  });

  it("holds a consistent world: the box, the list and the 20,000 boxes agree, without a warning", () => {
    const worlds = killed.filter((k) => k.found.kind === "world");
    expect(worlds.filter((k) => k.found.kind === "world" && (!k.found.consistent || k.found.warning !== "")).map((k) => JSON.stringify(k.found))).toEqual([]);
  });

  it("never goes back: each kill leaves at least the count the child resumed from", () => {
    const back = killed.filter((k) => k.before !== undefined && (k.found.kind !== "world" || k.found.count < k.before));
    expect(back.map((k) => `resumed from ${k.before}, found ${JSON.stringify(k.found)}`)).toEqual([]);
  });

  it("holds every save the program saw complete, and at most the one after it", () => {
    const wrong = killed.filter((k) => {
      const seen = k.run.counts.length > 0 ? k.run.counts[k.run.counts.length - 1] : k.before;
      if (seen === undefined) return false;
      return k.found.kind !== "world" || k.found.count < seen || k.found.count > seen + 1;
    });
    expect(wrong.map((k) => `saw ${k.run.counts.slice(-1)} (resumed from ${k.before}), found ${JSON.stringify(k.found)}`)).toEqual([]);
  });

  it("goes on counting across kills", () => {
    expect(Math.min(...stats.finalCounts)).toBeGreaterThan(RANDOM_KILLS / LANES);
  });
});

/** What a random kill left, for the counts printed at the end. */
function describeKill(before: number | undefined, run_: Run, found: Found, home: string): string {
  const parts: string[] = [];
  if (found.kind !== "world") parts.push(found.kind === "absent" ? "no image yet" : "an error");
  else {
    const seen = run_.counts.length > 0 ? run_.counts[run_.counts.length - 1] : before;
    parts.push(run_.counts.length === 0 ? "no save seen in this run" : found.count === seen ? "the last save seen" : "one save after the last seen");
    if (found.tail > 0) parts.push("a torn tail");
  }
  if (fs.existsSync(`${imagePath(home)}.tmp`)) parts.push("a temporary file left");
  return parts.join(", ");
}
