// `npm run bench [NAME...]`: runs the benchmarks (all, or those whose name contains a NAME) and
// prints each ratio with its goal. Exits 0 whatever the ratios are: goals are reported, not
// enforced, since a shared machine can always make one run slow.

import { Benchmark, formatResult } from "./harness";
import { readerBenchmark } from "./reader.bench";
import { evaluatorBenchmark } from "./evaluator.bench";
import { gcBenchmark } from "./gc.bench";
import { imagesBenchmark } from "./images.bench";

const BENCHMARKS: Benchmark[] = [readerBenchmark, evaluatorBenchmark, gcBenchmark, imagesBenchmark];

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const chosen = BENCHMARKS.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
  console.log(`stasis benchmarks, node ${process.version}, ${new Date().toISOString()}`);
  for (const b of chosen) {
    for (const r of await b.run()) console.log(formatResult(r));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
