// The image benchmark (issue: named images).
//   1. sysout and sysin throughput of 10, 100 and 500 MB worlds: a whole save to a new image
//      (minor collection, write, fsync, rename, directory fsync) and a load into a new heap, in
//      MB/s of image file, each against plain `fs` doing the same number of bytes in the same run:
//      fs.writeSync of 64 KiB chunks to a new file then fsyncSync, and fs.readSync of the file
//      into a new buffer. Goal: >= 0.5 for both.
//   2. Incremental sysout of a one-definition change, (define x N) then a save to the image the
//      world was last saved to, at each size. Goal: <= 50 ms, and flat in the world's size (the
//      largest world's time over the smallest's is reported).
//   3. Start-up to the first evaluation from the base image: `node build/repl/main.js -e 1`
//      against `node -e 0`, wall time, medians. Goal: <= 2. Where the time goes is reported
//      beside it (requiring the session's modules, Session.create, the evaluation). If build/
//      has no base image of the current sources (tsc alone does not make one), it is built first.
//
// Worlds are built in a Session from Lisp: a list of items, each an 800-character string and a
// 10-element list, to the target size of image file. Image files go to a temporary directory
// (explicit paths), which is removed at the end.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { Benchmark, BenchResult } from "./harness";
import { Session } from "../../repl/session";
import { WorldImages } from "../../image/world-images";
import { ImageName } from "../../image/store";
import { baseImagePath, packageRoot } from "../../repl/base-image";

const MB = 1e6;
const MIB = 2 ** 20;
const SIZES_MB = [10, 100, 500];
const THROUGHPUT_GOAL = 0.5;
const INCREMENTAL_GOAL_MS = 50;
const STARTUP_GOAL = 2;
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

/**
 * Reads a whole file with fs.readSync, 64 KiB at a time, into a new buffer of its size (new
 * memory, as a load's new heap is: its first touch is part of the cost on both sides).
 */
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
  session.images.save(session.world.heap, name, { stackTop: session.machine.stackTop, running: false, show: false });
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
  for (let i = 0; i < runs; i++) {
    // A new name each time: a whole save. The previous run's file goes, to keep the disk small.
    const name = world.session.images.resolve(path.join(dir, `world-${mb}-${i}.image`));
    save.push(saveWhole(world, name));
    fileBytes = fs.statSync(name.path).size;
    if (last !== undefined) removeQuietly(last.path);
    last = name;
    const plain = path.join(dir, `plain-${mb}.bin`);
    write.push(plainWrite(plain, fileBytes, chunk));
    read.push(plainRead(plain));
    removeQuietly(plain);
    const start = nowMs();
    const loaded = new WorldImages().load(name, { limitBytes: world.heapLimitBytes });
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
    const point = session.images.save(heap, last!, { stackTop: session.machine.stackTop, running: false, show: false });
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
      name: `images: sysin of a ${mb} MB world (into a new heap)`,
      ratio: r / l,
      ratioMeaning: "sysin MB/s / fs.readSync into a new buffer MB/s",
      goal: { atLeast: THROUGHPUT_GOAL },
      detail: `sysin ${rate(l).toFixed(0)} MB/s (${l.toFixed(0)} ms), plain fs ${rate(r).toFixed(0)} MB/s (${r.toFixed(0)} ms); median of ${runs}`,
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

function wallMs(args: string[], env: NodeJS.ProcessEnv): number {
  const start = nowMs();
  const r = spawnSync(process.execPath, args, { env, encoding: "utf8" });
  const ms = nowMs() - start;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${r.stderr}`);
  return ms;
}

type Phase = "boot" | "reader" | "images" | "session" | "create" | "evaluate";

function startup(dir: string): BenchResult[] {
  const env: NodeJS.ProcessEnv = { ...process.env, STASIS_HOME: dir };
  delete env.NODE_EXTRA_CA_CERTS; // it adds 0.1-0.2 s to every start of node
  delete env.STASIS_HEAP_LIMIT;
  const root = packageRoot();
  const main = path.join(root, "build", "repl", "main.js");
  // The base image of the current sources (npm run build makes it; tsc alone does not).
  let built = "";
  if (!fs.existsSync(baseImagePath())) {
    const b = spawnSync(process.execPath, [path.join(root, "build", "repl", "build-base-image.js")], { env, encoding: "utf8" });
    if (b.status !== 0) throw new Error(`building the base image failed: ${b.stderr}`);
    built = " (the base image was not current: built it first)";
  }
  const check = spawnSync(process.execPath, [main, "-e", "1"], { env, encoding: "utf8" });
  if (check.status !== 0 || check.stdout.trim() !== "1") throw new Error(`stasis -e 1 failed: ${check.stdout}${check.stderr}`);
  // Where the time goes, in a child like the one measured.
  const module = (m: string) => JSON.stringify(path.join(root, "build", m));
  const phases = `
    const t0 = performance.now();
    require(${module("reader/reader.js")});
    const t1 = performance.now();
    require(${module("image/world-images.js")});
    const t2 = performance.now();
    const { Session } = require(${module("repl/session.js")});
    const t3 = performance.now();
    Session.create({}).then(async (s) => {
      const t4 = performance.now();
      const r = await s.evaluateProgram(s.readProgram("1", "-e"));
      const t5 = performance.now();
      process.stdout.write(JSON.stringify({ boot: t0, reader: t1 - t0, images: t2 - t1, session: t3 - t2, create: t4 - t3, evaluate: t5 - t4 }));
    });`;
  const stasis: number[] = [], plain: number[] = [];
  const parts: Record<Phase, number>[] = [];
  for (let i = 0; i < STARTUP_RUNS + 1; i++) {
    const s = wallMs([main, "-e", "1"], env);
    const p = wallMs(["-e", "0"], env);
    const r = spawnSync(process.execPath, ["-e", phases], { env, encoding: "utf8" });
    if (i === 0) continue; // warm-up
    stasis.push(s);
    plain.push(p);
    if (r.status === 0) parts.push(JSON.parse(r.stdout));
  }
  const s = median(stasis), p = median(plain);
  const part = (k: Phase) => median(parts.map((x) => x[k])).toFixed(0);
  return [{
    name: "images: start-up to the first evaluation from the base image (stasis -e 1)",
    ratio: s / p,
    ratioMeaning: "`node build/repl/main.js -e 1` wall ms / `node -e 0` wall ms",
    goal: { atMost: STARTUP_GOAL },
    detail: `stasis -e 1 ${s.toFixed(0)} ms, node -e 0 ${p.toFixed(0)} ms; median of ${STARTUP_RUNS}${built}. ` +
      `Where it goes, in a child (medians): node ready at ${part("boot")} ms; then require reader/reader (chevrotain) ` +
      `${part("reader")} ms, image/world-images (msgpackr, xxhash-wasm) ${part("images")} ms, the rest of repl/session ` +
      `${part("session")} ms; Session.create (loads the base image) ${part("create")} ms; evaluating 1 ${part("evaluate")} ms`,
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
        if (global.gc) global.gc();
      }
      results.push(...incrementalResults(incremental));
      return results;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
