// Crash safety of images, in SQLite's manner: a world is saved through CrashIO (crash-io.ts),
// which records every file operation; then, for every operation boundary of the save and every
// way a crash there can leave the disk (a process crash; a power loss with any subset of the
// unsynced writes, or one torn), the file system is rebuilt and the image opened. What opens
// must be exactly the world before the save ("old") or after it ("new"), or no image at all for
// a first save; and the new world once the save's last fsync is done (sysout has returned).

import { CrashIO, CrashOptions, Mark, changesFiles, isDurabilityStep } from "./crash-io";
import { IMAGE, Outcome, OutcomeCache, TestSession, crashIO, describeOutcome, newSession, openWorld, resumedSession, sameOutcome } from "./support";
import { CrashStateView } from "./crash-io";
import { WorldImages } from "../../image/world-images";
import { nodeIO } from "../../image/io";

jest.setTimeout(60_000);

/** Every crash state opened in this file, for the counts printed at the end. */
const totals = { states: 0, old: 0, new: 0, none: 0 };
const cache = new OutcomeCache();

/** A save and the worlds on either side of it. */
interface Save {
  readonly io: CrashIO;
  readonly mark: Mark;
  /** One past the save's last operation. */
  readonly end: number;
  readonly old: Outcome;
  readonly new: Outcome;
  /** The value the program that saved returned. */
  readonly value: string;
}

/** What a sweep over a save's crash states found. */
interface Sweep {
  readonly states: number;
  readonly old: number;
  readonly new: number;
  /** States after the save's last durability step. */
  readonly late: number;
  /** States that opened neither world (boundary, kind, variant, outcome). */
  readonly neither: string[];
  /** States after the last durability step that did not open the new world. */
  readonly lateNotNew: string[];
  /** Every state that did not open the new world. */
  readonly notNew: { readonly boundary: number; readonly where: string }[];
}

/** The image as it is in a file system now. */
function openNow(io: CrashIO): Outcome {
  return openWorld(new CrashStateView(io.now()));
}

/** Runs `source`, which saves to IMAGE, recording the worlds before and after. */
async function save(io: CrashIO, s: TestSession, source: string): Promise<Save> {
  const old = openNow(io);
  const mark = io.mark();
  const value = await s.evaluate(source);
  return { io, mark, end: io.log.length, old, new: openNow(io), value };
}

const sweeps = new Map<Save, Sweep>();

/** Opens the image in every crash state of a save (memoized per save). */
function sweep(save: Save, options: CrashOptions = {}): Sweep {
  const done = sweeps.get(save);
  if (done !== undefined) return done;
  const { io, mark, end } = save;
  let durable = mark.index;
  for (let i = mark.index; i < end; i++) if (isDurabilityStep(io.log[i])) durable = i + 1;
  const found = { states: 0, old: 0, new: 0, late: 0, neither: [] as string[], lateNotNew: [] as string[],
    notNew: [] as { boundary: number; where: string }[] };
  for (const state of io.crashStates(mark, end, options)) {
    const o = cache.outcome(state);
    const where = () => `boundary ${state.boundary} (after ${io.log[state.boundary - 1]?.op ?? "nothing"}), ${state.kind} ${state.variant}: ${describeOutcome(o)}`;
    found.states++;
    const isNew = sameOutcome(o, save.new);
    if (isNew) {
      found.new++;
    } else {
      found.notNew.push({ boundary: state.boundary, where: where() });
      if (sameOutcome(o, save.old)) found.old++;
      else found.neither.push(where());
    }
    if (state.boundary >= durable) {
      found.late++;
      if (!isNew) found.lateNotNew.push(where());
    }
  }
  totals.states += found.states;
  totals.new += found.new;
  if ("digest" in save.old) totals.old += found.old;
  else totals.none += found.old;
  sweeps.set(save, found);
  return found;
}

function expectOldOrNew(found: Sweep): void {
  expect(found.neither.slice(0, 5)).toEqual([]);
  // Both worlds are reachable by some crash: the sweep did cover the save.
  expect(found.old).toBeGreaterThan(0);
  expect(found.new).toBeGreaterThan(0);
}

/** Every crash of `save` leaves the old or the new world, and the new one once it has returned. */
function expectOldOrNewThenNew(save: Save): void {
  const found = sweep(save);
  expectOldOrNew(found);
  expect(found.lateNotNew.slice(0, 5)).toEqual([]);
}

afterAll(() => {
  process.stdout.write(`crash states: ${totals.states} opened; ${cache.distinct} distinct files; ` +
    `old world ${totals.old}, new world ${totals.new}, no image ${totals.none}\n`);
});

/** Changes to a world between saves, each followed by a save: [what it does, the program]. */
const SMALL_CHANGES: readonly (readonly [string, string])[] = [
  ["a string is made", `(define text (make-string 3000 #\\a))`],
  ["a procedure is defined", `(define (square x) (* x x)) (define squares (map square (iota 100)))`],
  ["a record type is defined", `(define-record-type point (make-point x y) point? (x point-x) (y point-y)) (define p (make-point 1 2))`],
  ["a box is set to a new list", `(set-box! b (iota 500))`],
  ["numbers of every kind are made", `(define numbers (list (expt 2 200) 3.25 -7 (/ 1 3)))`],
  ["a hash map is made", `(define table (hash-map 'a 1 'b 2 'c 3))`],
  ["a bytevector is made", `(define bytes (make-bytevector 5000 7))`],
  ["the big list is dropped", `(set! big #f) (set! counter 3)`],
  ["a string port is written", `(define port (open-output-string)) (write 'hello port)`],
  ["a deep list is made", `(define deep (let loop ((n 2000) (acc '())) (if (= n 0) acc (loop (- n 1) (list acc n)))))`],
  ["a closure's state changes", `(define next! (let ((n 0)) (lambda () (set! n (+ n 1)) n))) (next!) (next!)`],
  ["a vector of strings is made", `(define names (list->vector (map number->string (iota 2000))))`],
  ["a parameter is made", `(define width (make-parameter 80))`],
  ["a symbol table grows", `(define symbols (map (lambda (i) (string->symbol (string-append "sym-" (number->string i)))) (iota 1000)))`],
  ["a macro is defined", `(define-syntax twice (syntax-rules () ((_ e) (begin e e)))) (twice (set! counter (+ counter 1)))`],
  ["an association list is rebuilt", `(define alist (map (lambda (i) (cons i (* i i))) (iota 3000)))`],
  ["a wide string is made", `(define wide (make-string 1000 #\\x3bb))`],
  ["a continuation is captured", `(define k (call/cc (lambda (k) k)))`],
];

describe("a world saved again and again (new file, then appends)", () => {
  let io: CrashIO;
  let first: Save;
  let define: Save;
  let cells: Save;
  let bigList: Save;
  let running: Save;
  const small: Save[] = [];

  beforeAll(async () => {
    io = crashIO();
    const s = await newSession(io);
    first = await save(io, s, `(define counter 0) (define b (box 'b)) (sysout "${IMAGE}")`);
    define = await save(io, s, `(define (greet name) (string-append "hello, " name)) (define pair (cons 1 (box 2))) (sysout "${IMAGE}")`);
    cells = await save(io, s, `(set! counter 1) (set-box! b 'changed) (set-box! (cdr pair) 'one) (sysout "${IMAGE}")`);
    bigList = await save(io, s, `(define big (iota 60000)) (set! counter 2) (sysout "${IMAGE}")`);
    for (const [, source] of SMALL_CHANGES) small.push(await save(io, s, `${source} (sysout "${IMAGE}")`));
    running = await save(io, s, `
      (define (work n acc)
        (if (= n 0) acc (begin (if (= n 300) (sysout "${IMAGE}")) (set! counter n) (work (- n 1) (cons n acc)))))
      (length (work 600 '()))`);
  });

  test("each save returns #f to the live world and changes the world in the image", () => {
    expect([first, define, cells, bigList].map((s) => s.value)).toEqual(["#f", "#f", "#f", "#f"]);
    expect(running.value).toBe("600");
    const unchanged = [first, define, cells, bigList, ...small, running].filter((s) => sameOutcome(s.old, s.new)).map((s) => s.mark.index);
    expect(unchanged).toEqual([]);
    expect(first.old).toEqual({ error: `no image ${IMAGE}` });
  });

  test("a crash at any point of the first save (a new file) leaves no image or the new world", () => {
    expectOldOrNew(sweep(first));
  });

  test("a crash at any point of an append after a define leaves the old or the new world", () => {
    expectOldOrNew(sweep(define));
  });

  test("a crash at any point of an append after cell writes leaves the old or the new world", () => {
    expectOldOrNew(sweep(cells));
  });

  test("a crash at any point of an append of a big list leaves the old or the new world", () => {
    expectOldOrNew(sweep(bigList));
  });

  test.each(SMALL_CHANGES.map(([what], i) => [what, i] as const))("a crash at any point of an append after %s leaves the old or the new world", (_, i) => {
    expect(small[i].value).toBe("#f");
    expectOldOrNew(sweep(small[i]));
  });

  test("a crash at any point of a save made in the middle of a computation leaves the old or the new world", () => {
    expectOldOrNew(sweep(running));
  });

  test("once the save's last fsync is done (sysout returned), every crash leaves the new world", () => {
    for (const s of [first, define, cells, bigList, ...small, running]) {
      const found = sweep(s);
      expect(found.late).toBeGreaterThan(0);
      expect(found.lateNotNew.slice(0, 5)).toEqual([]);
    }
  });

  test("opening an image never writes: recovery is read-only, so a crash during it changes nothing", async () => {
    for (const s of [first, define, cells, bigList, ...small, running]) sweep(s);
    expect(cache.writesDuringOpen).toEqual([]);
    // A torn tail, opened (and resumed) through a recording file system: no operation changes a file.
    const torn = tornTail(bigList);
    const restarted = CrashIO.withFiles(new Map([[IMAGE, torn]]), { readThrough: nodeIO });
    const world = openWorld(restarted);
    const resumed = await resumedSession(restarted);
    expect(sameOutcome(world, bigList.old)).toBe(true);
    expect(resumed.output()).toBe("");
    expect(restarted.log.filter(changesFiles)).toEqual([]);
    expect(restarted.now().read(IMAGE)).toEqual(torn);
  });
});

/** The image file as a process crash halfway through a save's writes leaves it: a torn tail. */
function tornTail(save: Save): Uint8Array {
  const writes: number[] = [];
  for (let i = save.mark.index; i < save.end; i++) if (save.io.log[i].op === "write") writes.push(i);
  const middle = writes[Math.floor(writes.length / 2)];
  for (const state of save.io.crashStates(save.mark, save.end, { power: false })) {
    if (state.boundary === middle) return state.read(IMAGE)!;
  }
  throw new Error("no such boundary");
}

describe("the first save after a crash", () => {
  let io: CrashIO;
  let crashed: Save;
  let resumedSave: Save;
  let freshSave: Save;

  beforeAll(async () => {
    const before = crashIO();
    const s = await newSession(before);
    await s.evaluate(`(define counter 0) (define big (iota 20000)) (sysout "${IMAGE}")`);
    crashed = await save(before, s, `(define big2 (iota 30000)) (set! counter 1) (sysout "${IMAGE}")`);
    // The machine restarts with the file as the crash left it; the world it resumes saves again.
    io = CrashIO.withFiles(new Map([[IMAGE, tornTail(crashed)]]), { readThrough: nodeIO });
    const resumed = await resumedSession(io);
    resumedSave = await save(io, resumed, `(set! counter 2) (define after-crash (list 'a 'b)) (sysout "${IMAGE}")`);
    // A new world saved to the same file appends after the torn tail.
    const fresh = await newSession(io);
    freshSave = await save(io, fresh, `(define other-world 'yes) (sysout "${IMAGE}")`);
  });

  test("a resumed world's save onto a file with a torn tail can crash anywhere and leave the old or the new world", () => {
    expect(sameOutcome(resumedSave.old, crashed.old)).toBe(true);
    expectOldOrNewThenNew(resumedSave);
  });

  test("a new world's save onto a file with a torn tail can crash anywhere and leave the old or the new world", () => {
    expectOldOrNewThenNew(freshSave);
  });

  test("after a new world's first save after a crash the image opens with no warning", () => {
    const o = openNow(io);
    expect("digest" in o && o.warning).toBeFalsy();
  });
});

/**
 * The image file as a power loss during a save can leave it: every write but the save's first
 * reached the disk, so the new commit record and trailer are intact but a record it names is not.
 */
function lostFirstRecord(save: Save): Uint8Array {
  const bytes = openFile(save.io).slice();
  const first = save.io.log.slice(save.mark.index, save.end).find((o) => o.op === "write");
  if (first?.op !== "write") throw new Error("the save wrote nothing");
  bytes.fill(0, first.position, first.position + first.bytes.length);
  return bytes;
}

function openFile(io: CrashIO): Uint8Array {
  return io.now().read(IMAGE)!;
}

describe("the first save after a power loss left a damaged newest commit", () => {
  let crashed: Save;
  let io: CrashIO;
  let warning: string;
  let resumedSave: Save;

  beforeAll(async () => {
    const before = crashIO();
    const s = await newSession(before);
    await s.evaluate(`(define counter 0) (sysout "${IMAGE}")`);
    crashed = await save(before, s, `(define big2 (iota 30000)) (set! counter 1) (sysout "${IMAGE}")`);
    io = CrashIO.withFiles(new Map([[IMAGE, lostFirstRecord(crashed)]]), { readThrough: nodeIO });
    const resumed = await resumedSession(io);
    warning = resumed.output();
    resumedSave = await save(io, resumed, `(set! counter 2) (sysout "${IMAGE}")`);
  });

  test("the world resumed from it is the one before the save, with a warning naming the damage", () => {
    expect(sameOutcome(resumedSave.old, crashed.old)).toBe(true);
    expect(warning).toMatch(/warning: image \/mem\/w\.image is damaged at offset \d+ \(commit 2\); resumed commit 1 instead/);
  });

  test("a crash at any point of its first save leaves the old or the new world", () => {
    expectOldOrNewThenNew(resumedSave);
  });

  test("once its first save is done the image opens with no warning", () => {
    const o = openNow(io);
    expect(sameOutcome(o, resumedSave.new)).toBe(true);
    expect("digest" in o ? o.warning : o.error).toBeUndefined();
  });
});

describe("journal records", () => {
  let journals: Save[];
  let folded: Save;

  beforeAll(async () => {
    const io = crashIO();
    const s = await newSession(io);
    await s.evaluate(`(define counter 0) (define log '()) (sysout "${IMAGE}")`);
    const journal = async (source: string): Promise<Save> => {
      const old = openNow(io);
      const mark = io.mark();
      const value = await s.evaluate(source);
      const { session } = s;
      session.images.journal(session.world.heap, { stackTop: session.machine.stackTop, running: false });
      return { io, mark, end: io.log.length, old, new: openNow(io), value };
    };
    journals = [await journal(`(set! counter 1) (set! log (iota 2000))`), await journal(`(set! counter 2) (define more (make-string 500 #\\m))`)];
    folded = await save(io, s, `(set! counter 3) (sysout "${IMAGE}")`);
  });

  test.each([0, 1])("a crash at any point of journal record %i's append leaves the world before it or after it", (i) => {
    expect(journals[i].io.log.slice(journals[i].mark.index).some((o) => o.op === "rename")).toBe(false);
    expect(sameOutcome(journals[i].old, journals[i].new)).toBe(false);
    expectOldOrNewThenNew(journals[i]);
  });

  test("a crash at any point of the save that folds the journal into a commit leaves the old or the new world", () => {
    expectOldOrNewThenNew(folded);
  });
});

describe("compaction", () => {
  test("a crash at any point of a compaction (rewrite onto itself) leaves the world as it was", async () => {
    const io = crashIO();
    const s = await newSession(io);
    await s.evaluate(`(define counter 0) (sysout "${IMAGE}")`);
    await s.evaluate(`(define big (iota 30000)) (sysout "${IMAGE}")`);
    await s.evaluate(`(set! big #f) (set! counter 5) (sysout "${IMAGE}")`);
    const world = openNow(io);
    const mark = io.mark();
    const images = new WorldImages(io);
    images.rewrite(images.resolve(IMAGE), images.resolve(IMAGE));
    const compaction: Save = { io, mark, end: io.log.length, old: world, new: openNow(io), value: "" };
    expect(io.log.slice(mark.index).map((o) => o.op)).toEqual(expect.arrayContaining(["create", "rename", "fsyncDirectory"]));
    const found = sweep(compaction);
    expect(found.neither.slice(0, 5)).toEqual([]);
    expect(found.new).toBe(found.states);
  });

  describe("the automatic one in a save, when the file is mostly superseded", () => {
    let compacting: Save;

    beforeAll(async () => {
      const io = crashIO();
      const s = await newSession(io);
      // A vector of 1.2M fixnums is about 4.6 MB of pages. Once it is dropped and collected, the
      // file is mostly superseded: the next save appends, then compacts.
      await s.evaluate(`(define big (make-vector 1200000 1)) (define counter 0) (sysout "${IMAGE}")`);
      compacting = await save(io, s, `(set! big #f) (set! counter 1) (gc) (sysout "${IMAGE}")`);
    });

    test("the save appends, then rewrites the file and renames it over the image", () => {
      const ops = compacting.io.log.slice(compacting.mark.index, compacting.end).map((o) => o.op);
      expect(ops.indexOf("fsync")).toBeLessThan(ops.indexOf("rename"));
      expect(ops.slice(ops.indexOf("rename"))).toEqual(["rename", "fsyncDirectory"]);
    });

    test("a crash at any point of a save that compacts leaves the old or the new world, the new once the append is durable", () => {
      const { io, mark, end } = compacting;
      const appended = io.log.findIndex((o, i) => i >= mark.index && o.op === "fsync") + 1;
      const found = sweep(compacting, { subsetSamples: 2, tornSamples: 1 });
      expectOldOrNew(found);
      expect(found.lateNotNew).toEqual([]);
      // Every state from the append's fsync on (the compaction's included) opens the new world.
      expect(found.notNew.filter((s) => s.boundary >= appended).slice(0, 5)).toEqual([]);
      expect(end - appended).toBeGreaterThan(10);
    });
  });
});
