// The image benchmark (issue: named images).
//   1. sysout and sysin throughput of 10, 100 and 500 MB worlds: a whole save to a new image
//      (minor collection, write, fsync, rename, directory fsync) and a load into a new heap, in
//      MB/s of image file, each against plain `fs` doing the same number of bytes in the same run:
//      fs.writeSync of 64 KiB chunks to a new file then fsyncSync, and fs.readSync of the file
//      in 64 KiB chunks into a new buffer. Goal: >= 0.5 for both. Each load replaces the world
//      loaded before it, as sysin does: that world's heap is retired, and its memory goes to the
//      next load (runtime/heap.ts RECYCLING); the first load, into new memory, is reported
//      beside. A full V8 collection runs before each read and each load, untimed, so that
//      neither side's time depends on when V8 frees the other's garbage (the plain read's new
//      buffer is memory malloc had before, when it can be: a buffer of 32 MiB or less).
//   2. Incremental sysout of a one-definition change, (define x N) then a save to the image the
//      world was last saved to, at each size. Goal: <= 50 ms, and flat in the world's size (the
//      largest world's time over the smallest's is reported).
//   3. Start-up to the first evaluation from the base image: the `stasis` command (repl/stasis,
//      which starts node from the start-up snapshot) running `-e 1`, against `node -e 0`, wall
//      time, run in turn: the median of the pairs' ratios. Goal: <= 1.5 (issue 11: the command
//      the README tells a new user to run). Beside it: node from the snapshot doing no more than print
//      --help (the snapshot's own cost), and `node build/repl/main.js -e 1` (no snapshot). If
//      build/ has no base image or snapshot (tsc alone makes neither), they are built first.
//
// Worlds are built in a Session from Lisp: a list of items, each an 800-character string and a
// 10-element list, to the target size of image file. Image files go to a temporary directory
// (explicit paths), which is removed at the end.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import * as v8 from "v8";
import * as vm from "vm";
import { Benchmark, BenchResult } from "./harness";
import { Session } from "../../repl/session";
import { LoadedWorld, WorldImages } from "../../image/world-images";
import { ImageName } from "../../image/store";
import { STARTUP_SNAPSHOT, baseImageDirectory, baseImagePath, packageRoot } from "../../repl/base-image";

const MB = 1e6;
const MIB = 2 ** 20;
const SIZES_MB = [10, 100, 500];
const THROUGHPUT_GOAL = 0.5;
const INCREMENTAL_GOAL_MS = 50;
const STARTUP_GOAL = 1.5;
/** Whole saves and loads measured per size (the median is reported), fewer for big worlds. */
const runsFor = (mb: number): number => (mb >= 500 ? 3 : mb >= 100 ? 5 : 9);
const INCREMENTAL_RUNS = 9;
const INCREMENTAL_WARMUP = 2;
const STARTUP_RUNS = 11;
/** Image bytes per item of the world (measured: an 800-byte string, 11 conses and headers). */
const BYTES_PER_ITEM = 940;
const CHUNK_BYTES = 64 * 1024;

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** A full collection of V8's heap (the flag set at run time: `npm run bench` runs node without it). */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
})();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Not there.
  }
}

// ---- Baselines: plain fs -----------------------------------------------------------------------

/** Writes `bytes` to a new file in 64 KiB chunks with fs.writeSync, then fsyncs it. */
function plainWrite(file: string, bytes: number, chunk: Uint8Array): number {
  const start = nowMs();
  const fd = fs.openSync(file, "w");
  try {
    for (let at = 0; at < bytes; at += chunk.length) fs.writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - at), at);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return nowMs() - start;
}

/** Reads a whole file with fs.readSync, 64 KiB at a time, into a new buffer of its size. */
function plainRead(file: string): number {
  const start = nowMs();
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const buffer = new Uint8Array(size);
    for (let done = 0; done < size;) {
      const n = fs.readSync(fd, buffer, done, Math.min(CHUNK_BYTES, size - done), done);
      if (n === 0) throw new Error(`short read of ${file}`);
      done += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return nowMs() - start;
}

// ---- Worlds ------------------------------------------------------------------------------------

interface World {
  readonly session: Session;
  readonly heapLimitBytes: number;
  readonly buildMs: number;
}

async function buildWorld(mb: number): Promise<World> {
  const heapLimitBytes = Math.max(256 * MIB, Math.ceil((3 * mb * MB) / MIB) * MIB);
  const start = nowMs();
  const session = await Session.create({ heapLimitBytes, stdout: () => undefined, stderr: (t) => process.stderr.write(t) });
  const items = Math.round((mb * MB) / BYTES_PER_ITEM);
  const program = `
    (define world
      (let loop ((i 0) (items '()))
        (if (= i ${items})
            items
            (loop (+ i 1) (cons (cons (make-string 800 #\\a) (list i i i i i i i i i i)) items)))))`;
  const r = await session.runProgram(session.readProgram(program, "images.bench.scm"));
  if (r.kind !== "value") throw new Error(`building a ${mb} MB world failed: ${r.kind === "error" ? r.message : "exit"}`);
  return { session, heapLimitBytes, buildMs: nowMs() - start };
}

function saveWhole(world: World, name: ImageName): number {
  const { session } = world;
  const start = nowMs();
  session.images.save(session.world.heap, name, { stackTop: session.machine.stackTop, running: false });
  return nowMs() - start;
}

// ---- 1 and 2 -----------------------------------------------------------------------------------

async function worldSize(dir: string, mb: number, incremental: Map<number, { ms: number; defineMs: number; bytes: number; pages: number }>): Promise<BenchResult[]> {
  const world = await buildWorld(mb);
  const heap = world.session.world.heap;
  const chunk = new Uint8Array(CHUNK_BYTES).map((_, i) => (i * 2654435761) >>> 24);
  const runs = runsFor(mb);
  const save: number[] = [], load: number[] = [], write: number[] = [], read: number[] = [];
  let fileBytes = 0;
  let last: ImageName | undefined;
  let loaded: LoadedWorld | undefined;
  for (let i = 0; i < runs; i++) {
    // A new name each time: a whole save. The previous run's file goes, to keep the disk small.
    const name = world.session.images.resolve(path.join(dir, `world-${mb}-${i}.image`));
    save.push(saveWhole(world, name));
    fileBytes = fs.statSync(name.path).size;
    if (last !== undefined) removeQuietly(last.path);
    last = name;
    const plain = path.join(dir, `plain-${mb}.bin`);
    write.push(plainWrite(plain, fileBytes, chunk));
    collectGarbage();
    read.push(plainRead(plain));
    removeQuietly(plain);
    collectGarbage();
    const start = nowMs();
    const replaced = loaded;
    loaded = new WorldImages().load(name, { limitBytes: world.heapLimitBytes });
    replaced?.heap.retire();
    load.push(nowMs() - start);
    if (loaded.heap.pageHighWater !== heap.pageHighWater) throw new Error("the loaded world is not the saved one");
  }
  const rate = (ms: number) => fileBytes / MB / (ms / 1000);
  const s = median(save), l = median(load), w = median(write), r = median(read);
  const size = `${(fileBytes / MB).toFixed(1)} MB image (${heap.pageHighWater} pages in use; built in ${(world.buildMs / 1000).toFixed(1)} s)`;

  // 2. Incremental: the world was last saved to `last`.
  const session = world.session;
  const times: number[] = [], defines: number[] = [];
  let grew = 0;
  for (let i = 0; i < INCREMENTAL_WARMUP + INCREMENTAL_RUNS; i++) {
    const before = fs.statSync(last!.path).size;
    const start = nowMs();
    const d = await session.runProgram(session.readProgram(`(define x ${i})`, "images.bench.scm"));
    if (d.kind !== "value") throw new Error("(define x N) failed");
    const defined = nowMs();
    const point = session.images.save(heap, last!, { stackTop: session.machine.stackTop, running: false });
    const end = nowMs();
    if (point.end - before > fileBytes / 2) throw new Error(`the save was not incremental (${point.end - before} bytes appended)`);
    if (i < INCREMENTAL_WARMUP) continue;
    times.push(end - start);
    defines.push(defined - start);
    grew += point.end - before;
  }
  incremental.set(mb, { ms: median(times), defineMs: median(defines), bytes: grew / INCREMENTAL_RUNS, pages: heap.pageHighWater });
  removeQuietly(last!.path);

  return [
    {
      name: `images: sysout of a ${mb} MB world (whole, to a new image)`,
      ratio: w / s,
      ratioMeaning: "sysout MB/s / fs.writeSync 64 KiB chunks + fsyncSync MB/s",
      goal: { atLeast: THROUGHPUT_GOAL },
      detail: `${size}; sysout ${rate(s).toFixed(0)} MB/s (${s.toFixed(0)} ms), plain fs ${rate(w).toFixed(0)} MB/s (${w.toFixed(0)} ms); median of ${runs}`,
    },
    {
      name: `images: sysin of a ${mb} MB world (replacing the world loaded before)`,
      ratio: r / l,
      ratioMeaning: "sysin MB/s / fs.readSync into a new buffer MB/s",
      goal: { atLeast: THROUGHPUT_GOAL },
      detail: `sysin ${rate(l).toFixed(0)} MB/s (${l.toFixed(1)} ms), plain fs ${rate(r).toFixed(0)} MB/s (${r.toFixed(1)} ms); median of ${runs}; ` +
        `the first load, into new memory, ${load[0].toFixed(1)} ms`,
    },
  ];
}

function incrementalResults(incremental: Map<number, { ms: number; defineMs: number; bytes: number; pages: number }>): BenchResult[] {
  const results: BenchResult[] = [];
  for (const [mb, m] of incremental) {
    results.push({
      name: `images: incremental sysout of a one-definition change, ${mb} MB world`,
      ratio: m.ms,
      ratioMeaning: "ms for (define x N) then a save to the image the world was last saved to",
      goal: { atMost: INCREMENTAL_GOAL_MS },
      detail: `${m.ms.toFixed(2)} ms (the define ${m.defineMs.toFixed(2)} ms); ${(m.bytes / 1024).toFixed(0)} KiB appended per save ` +
        `(${m.pages} pages in the world); median of ${INCREMENTAL_RUNS}`,
    });
  }
  const sizes = [...incremental.keys()];
  const smallest = incremental.get(Math.min(...sizes))!, largest = incremental.get(Math.max(...sizes))!;
  results.push({
    name: `images: incremental sysout, ${Math.max(...sizes)} MB world against ${Math.min(...sizes)} MB`,
    ratio: largest.ms / smallest.ms,
    ratioMeaning: "largest world's incremental sysout ms / smallest's (flat: near 1)",
    detail: [...incremental].map(([mb, m]) => `${mb} MB ${m.ms.toFixed(2)} ms`).join(", "),
  });
  return results;
}

// ---- 3. Start-up ---------------------------------------------------------------------------------

function wallMs(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const start = nowMs();
  const r = spawnSync(command, args, { env, encoding: "utf8" });
  const ms = nowMs() - start;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${r.stderr}`);
  return ms;
}

function startup(dir: string): BenchResult[] {
  const env: NodeJS.ProcessEnv = { ...process.env, STASIS_HOME: dir };
  delete env.NODE_EXTRA_CA_CERTS; // it adds 0.1-0.2 s to every start of node
  delete env.NODE_OPTIONS; // the start-up snapshot is not used under node options (repl/stasis)
  delete env.STASIS_HEAP_LIMIT;
  const root = packageRoot();
  const build = baseImageDirectory();
  const launcher = path.join(root, "repl", "stasis");
  const main = path.join(build, "repl", "main.js");
  const snapshot = path.join(build, STARTUP_SNAPSHOT.snapshot);
  // The base image and the snapshot of the current build (npm run build makes them; tsc alone does not).
  let built = "";
  if (!fs.existsSync(baseImagePath()) || !fs.existsSync(snapshot)) {
    for (const step of ["build-base-image.js", "build-snapshot.js"]) {
      const b = spawnSync(process.execPath, [path.join(build, "repl", step)], { env, encoding: "utf8" });
      if (b.status !== 0) throw new Error(`${step} failed: ${b.stderr}`);
    }
    built = " (the base image or the snapshot was missing: built them first)";
  }
  const check = spawnSync(launcher, ["-e", "1"], { env, encoding: "utf8" });
  if (check.status !== 0 || check.stdout.trim() !== "1") throw new Error(`stasis -e 1 failed: ${check.stdout}${check.stderr}`);
  const runs = { launcher: [] as number[], plain: [] as number[], help: [] as number[], script: [] as number[], ratio: [] as number[] };
  for (let i = 0; i < STARTUP_RUNS + 1; i++) {
    const launched = wallMs(launcher, ["-e", "1"], env);
    const plain = wallMs(process.execPath, ["-e", "0"], env);
    const help = wallMs(process.execPath, ["--snapshot-blob", snapshot, "--", "--help"], env);
    const script = wallMs(process.execPath, [main, "-e", "1"], env);
    if (i === 0) continue; // warm-up
    runs.launcher.push(launched);
    runs.plain.push(plain);
    runs.ratio.push(launched / plain);
    runs.help.push(help);
    runs.script.push(script);
  }
  const s = median(runs.launcher), p = median(runs.plain);
  return [{
    name: "images: start-up to the first evaluation from the base image (stasis -e 1)",
    ratio: median(runs.ratio),
    ratioMeaning: "`repl/stasis -e 1` (the stasis command) wall ms / `node -e 0` wall ms, the median of pairs run in turn",
    goal: { atMost: STARTUP_GOAL },
    detail: `stasis -e 1 ${s.toFixed(0)} ms, node -e 0 ${p.toFixed(0)} ms; median of ${STARTUP_RUNS}${built}. ` +
      `Where it goes: node started from the start-up snapshot, printing --help (no session) ${median(runs.help).toFixed(0)} ms; ` +
      `without the snapshot (node build/repl/main.js -e 1) ${median(runs.script).toFixed(0)} ms`,
  }];
}

export const imagesBenchmark: Benchmark = {
  name: "images",
  async run(): Promise<BenchResult[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-images-bench-"));
    try {
      const results: BenchResult[] = [...startup(dir)];
      const incremental = new Map<number, { ms: number; defineMs: number; bytes: number; pages: number }>();
      for (const mb of SIZES_MB) {
        results.push(...await worldSize(dir, mb, incremental));
        collectGarbage();
      }
      results.push(...incrementalResults(incremental));
      return results;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
