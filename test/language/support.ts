// Evaluating Stasis source in tests: one session per test file (definitions accumulate, as at a
// REPL), results as the text `write` gives, errors as the one line a user would see.
import { Session, SessionOptions, formatError } from "../../repl/session";

export const TEST_HEAP_BYTES = 2 ** 28;

/** How much longer tests may take when a collection runs at every safe point. */
const STRESS_SLOWDOWN = 20;

/** A test's time limit in ms: `ms`, or STRESS_SLOWDOWN times it under STASIS_GC_STRESS=1. */
export function timeLimit(ms: number): number {
  return process.env.STASIS_GC_STRESS === "1" ? ms * STRESS_SLOWDOWN : ms;
}

export interface Evaluator {
  readonly session: Session;
  /** The written value of the last form of `source`; throws if evaluation fails. */
  value(source: string): Promise<string>;
  /** What evaluating `source` wrote to the current output port. */
  output(source: string): Promise<string>;
  /** The error line (FILE:LINE:COL: message) evaluating `source` ends with; throws if none. */
  error(source: string): Promise<string>;
  /** The error line and backtrace, exactly as the command line prints them. */
  report(source: string): Promise<string>;
}

export function evaluator(options: SessionOptions = {}): Evaluator {
  let written = "";
  const session = new Session({
    heapLimitBytes: TEST_HEAP_BYTES,
    stdout: (t) => (written += t),
    stderr: (t) => (written += t),
    ...options,
  });
  const run = async (source: string) => session.evaluateProgram(session.readProgram(source, "test.scm"));
  return {
    session,
    async value(source) {
      const r = await run(source);
      if (r.kind !== "value") throw new Error(`evaluating ${source}: ${r.kind === "error" ? r.message : `exit ${r.code}`}`);
      return session.show(r.value) ?? "#<unspecified>";
    },
    async output(source) {
      written = "";
      const r = await run(source);
      if (r.kind === "error") throw new Error(`evaluating ${source}: ${r.message}`);
      return written;
    },
    async error(source) {
      const r = await run(source);
      if (r.kind !== "error") throw new Error(`evaluating ${source} raised no error`);
      return r.message;
    },
    async report(source) {
      const r = await run(source);
      if (r.kind !== "error") throw new Error(`evaluating ${source} raised no error`);
      return formatError(r);
    },
  };
}
