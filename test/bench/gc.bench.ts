// The collector benchmark (issue: the generational collector).
//   1. Allocation throughput: conses per second through the heap's allocator, with the minor
//      collections it causes, against plain JavaScript allocating two-element arrays in the same
//      loop. Goal: >= 0.3. The same loop written in Lisp is reported beside it.
//   2. Minor-collection pauses at nursery sizes of 1, 8 and 32 MiB, on a Lisp program that keeps
//      some of its results for a while: one in 16 for 4,096 iterations (typical survival, a few
//      percent) and one in 4 for 16,384 (heavy, some 15%); the survival rates are reported.
//      Goal: mean pause <= 5 ms at 8 MiB, typical survival.
//   3. Old pages a checkpoint would write: dirty old pages per 1,000 updates of a 100,000-key
//      persistent hash map, with promotion filling the busiest page first and with first fit.
//      Reported, no goal.
//   4. Full collections and compactions while 2 GiB is allocated with a steady 50 MiB live:
//      how often, how long, and how large old space grows. Reported, no goal.

import { Benchmark, BenchResult, medianMs } from "./harness";
import { Session } from "../../repl/session";
import { createHeap } from "../../gc";
import { PromotionPolicy } from "../../gc/old-space";
import { GENERATION_OLD, Heap } from "../../runtime/heap";
import { NIL, PAGE_BYTES, WORD_BYTES, makeFixnum } from "../../runtime/layout";

const MIB = 2 ** 20;
const HEAP_LIMIT_BYTES = 2 ** 30;
const THROUGHPUT_GOAL = 0.3;
const PAUSE_GOAL_MS = 5;
const PAUSE_GOAL_NURSERY_MIB = 8;

// ---- 1. Allocation throughput ------------------------------------------------------------------

/** Conses allocated per measured run; lists of LIST_LENGTH are built and dropped. */
const CONSES = 4_000_000;
const LIST_LENGTH = 1000;

function consLoop(heap: Heap, root: { list: number }): void {
  let list = NIL;
  for (let i = 0; i < CONSES; i++) {
    list = heap.cons(makeFixnum(i), i % LIST_LENGTH === 0 ? NIL : list);
    if (heap.collectRequested) {
      // A safe point: what the machine does at a call or a jump (heap H5).
      root.list = list;
      heap.collector.collect("minor");
      list = root.list;
    }
  }
  root.list = list;
}

function arrayLoop(): unknown {
  let list: unknown = null;
  for (let i = 0; i < CONSES; i++) list = [i, i % LIST_LENGTH === 0 ? null : list];
  return list;
}

const LISP_CONS_LOOP = `
(define (cons-loop n)
  (let loop ((i 0) (list '()))
    (if (= i n) (length list) (loop (+ i 1) (cons i (if (= 0 (remainder i ${LIST_LENGTH})) '() list))))))`;

async function throughput(): Promise<BenchResult[]> {
  const heap = createHeap({ limitBytes: HEAP_LIMIT_BYTES });
  const root = { list: NIL };
  heap.rootSets.push({ forEachRoot: (visit) => void (root.list = visit(root.list)) });
  let sink: unknown;
  const js = medianMs(() => { sink = arrayLoop(); });
  const stasis = medianMs(() => consLoop(heap, root));
  if (sink === null) throw new Error("the array loop built nothing");
  const session = new Session({ heapLimitBytes: HEAP_LIMIT_BYTES });
  await session.runProgram(session.readProgram(LISP_CONS_LOOP, "bench.scm"));
  const form = session.world.heap.hold(session.readProgram(`(cons-loop ${CONSES})`, "bench.scm"));
  const lisp = await medianAsyncMs(async () => {
    const r = await session.evaluateProgram(form.value);
    if (r.kind !== "value") throw new Error("cons-loop failed");
  });
  const rate = (ms: number) => `${(CONSES / ms / 1000).toFixed(1)} M conses/s`;
  return [
    {
      name: `gc: allocation throughput, ${CONSES / 1e6} M conses through the allocator with its minor collections`,
      ratio: js / stasis,
      ratioMeaning: "Stasis conses/s / JavaScript two-element arrays/s",
      goal: { atLeast: THROUGHPUT_GOAL },
      detail: `Stasis ${rate(stasis)} (${stasis.toFixed(1)} ms, ${heap.collector.statistics.minor.count} minor collections), ` +
        `JavaScript ${rate(js)} (${js.toFixed(1)} ms)`,
    },
    {
      name: "gc: allocation throughput, the same loop in Lisp",
      ratio: js / lisp,
      ratioMeaning: "Stasis Lisp loop conses/s / JavaScript two-element arrays/s",
      detail: `Lisp ${rate(lisp)} (${lisp.toFixed(1)} ms)`,
    },
  ];
}

async function medianAsyncMs(fn: () => Promise<void>, runs = 7, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

// ---- 2. Minor pauses ---------------------------------------------------------------------------

/** Derivatives of one expression; `(churn n keep-every lifetime)` keeps every keep-every-th
 * result for the next `lifetime` iterations, in a ring of boxes. */
const CHURN = `
(define (deriv a)
  (cond ((not (pair? a)) (if (eq? a 'x) 1 0))
        ((eq? (car a) '+) (cons '+ (map deriv (cdr a))))
        ((eq? (car a) '*) (list '* a (cons '+ (map (lambda (a) (list '/ (deriv a) a)) (cdr a)))))
        (else (error "no derivation for" (car a)))))
(define (churn n keep-every lifetime)
  (let* ((slots (quotient lifetime keep-every))
         (ring (list->vector (map (lambda (i) (box #f)) (iota slots)))))
    (let loop ((i 0))
      (when (< i n)
        (let ((d (deriv '(+ (* 3 x x) (* a x x) (* b x) 5))))
          (when (= 0 (remainder i keep-every))
            (set-box! (vector-ref ring (remainder (quotient i keep-every) slots)) d)))
        (loop (+ i 1))))))`;
const CHURN_ITERATIONS = 400_000;

/** The workloads pauses are measured on: a typical survival rate, and a heavy one. */
const WORKLOADS = [
  { name: "typical", keepEvery: 16, lifetime: 4096, goal: true },
  { name: "heavy", keepEvery: 4, lifetime: 16384, goal: false },
];

async function pauses(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const workload of WORKLOADS) {
    for (const nurseryMib of [1, 8, 32]) {
      const session = new Session({ heapLimitBytes: HEAP_LIMIT_BYTES, nurseryBytes: nurseryMib * MIB });
      await session.runProgram(session.readProgram(CHURN, "bench.scm"));
      const heap = session.world.heap;
      const stats = heap.collector.statistics;
      const churn = async (n: number) => {
        const r = await session.runProgram(session.readProgram(`(churn ${n} ${workload.keepEvery} ${workload.lifetime})`, "bench.scm"));
        if (r.kind !== "value") throw new Error(`churn failed: ${r.kind === "error" ? r.message : "exit"}`);
      };
      await churn(CHURN_ITERATIONS / 4); // warm-up
      const before = { ...stats.minor, promoted: stats.promotedBytes, full: stats.full.count };
      await churn(CHURN_ITERATIONS);
      const count = stats.minor.count - before.count;
      const mean = (stats.minor.totalMs - before.totalMs) / count;
      const promoted = stats.promotedBytes - before.promoted;
      const survival = promoted / (count * heap.nurseryPages * PAGE_BYTES);
      results.push({
        name: `gc: minor collection pause, nursery ${nurseryMib} MiB, ${workload.name} survival ` +
          `(deriv keeping 1 result in ${workload.keepEvery} for ${workload.lifetime} iterations)`,
        ratio: mean,
        ratioMeaning: "mean pause in ms",
        goal: workload.goal && nurseryMib === PAUSE_GOAL_NURSERY_MIB ? { atMost: PAUSE_GOAL_MS } : undefined,
        detail: `${count} minor collections, mean ${mean.toFixed(2)} ms, longest ${stats.minor.maxMs.toFixed(2)} ms; ` +
          `${(promoted / MIB).toFixed(1)} MiB promoted (${(survival * 100).toFixed(1)}% of the nursery survives); ` +
          `${stats.full.count - before.full} full collections meanwhile, longest ${stats.full.maxMs.toFixed(1)} ms`,
      });
    }
  }
  return results;
}

// ---- 3. Dirty old pages under each promotion policy --------------------------------------------

const MAP_KEYS = 100_000;
const UPDATES = 1000;

/**
 * A 100,000-key map built beside as much garbage that lives just long enough to be promoted,
 * so that old space has holes everywhere after a full collection; then the pages 1,000 updates
 * dirty once promoted (the new versions' paths replace the old ones').
 */
async function dirtyPages(policy: PromotionPolicy): Promise<{ dirty: number; oldPages: number }> {
  const session = new Session({ heapLimitBytes: HEAP_LIMIT_BYTES, policy });
  const heap = session.world.heap;
  const program = `
    (define m (hash-map))
    (define scratch (box '()))
    (let loop ((i 0))
      (when (< i ${MAP_KEYS})
        (set! m (hash-map-set m i (list i)))
        (set-box! scratch (cons (make-vector 3 i) (unbox scratch)))
        (when (= 0 (remainder i 10000)) (%collect 'full))
        (loop (+ i 1))))
    (set-box! scratch '())
    (gc)`;
  const r = await session.runProgram(session.readProgram(program, "bench.scm"));
  if (r.kind !== "value") throw new Error(`building the map failed: ${r.kind === "error" ? r.message : "exit"}`);
  heap.flipGeneration();
  const updates = await session.runProgram(session.readProgram(`
    (let loop ((i 0))
      (when (< i ${UPDATES})
        (set! m (hash-map-set m (* i 97) (list 'updated i)))
        (loop (+ i 1))))
    (%collect 'minor)`, "bench.scm"));
  if (updates.kind !== "value") throw new Error("the updates failed");
  let dirty = 0;
  let oldPages = 0;
  for (let p = 0; p < heap.pageHighWater; p++) {
    if (heap.pageGeneration[p] !== GENERATION_OLD) continue;
    oldPages++;
    if (heap.isDirty(p)) dirty++;
  }
  return { dirty, oldPages };
}

async function policies(): Promise<BenchResult[]> {
  const busiest = await dirtyPages("busiest");
  const firstFit = await dirtyPages("first-fit");
  return [{
    name: `gc: dirty old pages per ${UPDATES} updates of a ${MAP_KEYS}-key persistent hash map`,
    ratio: busiest.dirty / firstFit.dirty,
    ratioMeaning: "busiest-page-first dirty pages / first-fit dirty pages",
    detail: `busiest-page-first ${busiest.dirty} of ${busiest.oldPages} old pages, first-fit ${firstFit.dirty} of ${firstFit.oldPages}`,
  }];
}

// ---- 4. Full collections and compaction under a steady live set ---------------------------------

const STEADY_LIVE_BYTES = 50 * MIB;
const STEADY_ALLOCATED_BYTES = 2 ** 31;
const STEADY_KEEP_EVERY = 10;

/**
 * Lists of LIST_LENGTH conses, one in STEADY_KEEP_EVERY kept in a ring that holds 50 MiB (so
 * each kept list dies when the ring comes round), the rest dropped at once: old space fills with
 * lists that die there, which full collections free and, when pages are left sparse, compact.
 */
function steady(): BenchResult[] {
  const heap = createHeap({ limitBytes: HEAP_LIMIT_BYTES, stress: false });
  const ringLength = Math.ceil(STEADY_LIVE_BYTES / (LIST_LENGTH * 2 * WORD_BYTES));
  const ring = new Array<number>(ringLength).fill(NIL);
  heap.rootSets.push({ forEachRoot: (visit) => ring.forEach((w, i) => (ring[i] = visit(w))) });
  let peakPages = 0;
  const start = performance.now();
  for (let n = 0, allocated = 0, kept = 0; allocated < STEADY_ALLOCATED_BYTES; n++, allocated += LIST_LENGTH * 2 * WORD_BYTES) {
    let list = NIL;
    for (let i = 0; i < LIST_LENGTH; i++) list = heap.cons(makeFixnum(n), list);
    if (n % STEADY_KEEP_EVERY === 0) ring[kept++ % ringLength] = list;
    if (heap.collectRequested) {
      heap.collector.collect("minor");
      peakPages = Math.max(peakPages, heap.pagesOfGeneration(GENERATION_OLD));
    }
  }
  const ms = performance.now() - start;
  const { full, compaction, minor } = heap.collector.statistics;
  const mean = (p: { count: number; totalMs: number }) => (p.count === 0 ? 0 : p.totalMs / p.count);
  return [{
    name: `gc: full collections and compactions, ${STEADY_ALLOCATED_BYTES / 2 ** 30} GiB allocated with a steady ${STEADY_LIVE_BYTES / MIB} MiB live`,
    ratio: (peakPages * PAGE_BYTES) / STEADY_LIVE_BYTES,
    ratioMeaning: "largest old space / live set",
    detail: `${full.count} full collections, mean ${mean(full).toFixed(1)} ms, longest ${full.maxMs.toFixed(1)} ms; ` +
      `${compaction.count} compactions, mean ${mean(compaction).toFixed(1)} ms, longest ${compaction.maxMs.toFixed(1)} ms; ` +
      `${minor.count} minor collections, mean ${mean(minor).toFixed(2)} ms; ${(ms / 1000).toFixed(1)} s in all`,
  }];
}

export const gcBenchmark: Benchmark = {
  name: "gc",
  async run(): Promise<BenchResult[]> {
    return [...await throughput(), ...await pauses(), ...await policies(), ...steady()];
  },
};
