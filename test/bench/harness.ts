// The benchmark harness. Every benchmark is a ratio against a baseline measured in the same
// process and the same run, so that a noisy, shared machine moves both sides together. Timings
// are medians of several runs after a warm-up.

export interface BenchResult {
  /** What was measured, e.g. "reader: read 5 MB into heap data". */
  readonly name: string;
  /** The ratio, and what it is a ratio of (e.g. "stasis MB/s / counting loop MB/s"). */
  readonly ratio: number;
  readonly ratioMeaning: string;
  /** The goal, e.g. { atLeast: 0.25 } or { atMost: 20 }; absent for a number only reported. */
  readonly goal?: { atLeast?: number; atMost?: number };
  /** The raw numbers behind the ratio, for the report. */
  readonly detail: string;
}

export interface Benchmark {
  readonly name: string;
  run(): BenchResult[] | Promise<BenchResult[]>;
}

/** Median wall time in milliseconds of `fn`, after `warmup` unmeasured runs. */
export function medianMs(fn: () => void, runs = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export function meetsGoal(r: BenchResult): boolean | undefined {
  if (!r.goal) return undefined;
  if (r.goal.atLeast !== undefined && r.ratio < r.goal.atLeast) return false;
  if (r.goal.atMost !== undefined && r.ratio > r.goal.atMost) return false;
  return true;
}

export function formatResult(r: BenchResult): string {
  const goal = r.goal
    ? ` (goal ${r.goal.atLeast !== undefined ? ">= " + r.goal.atLeast : "<= " + r.goal.atMost}: ${meetsGoal(r) ? "met" : "NOT met"})`
    : "";
  return `${r.name}\n  ratio ${r.ratio.toFixed(3)} = ${r.ratioMeaning}${goal}\n  ${r.detail}`;
}
