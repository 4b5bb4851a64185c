// Making heaps: a runtime Heap with the paged old space and the generational collector plugged
// in (runtime/ does not depend on gc/). Every heap and world is made here.
//
// Environment: STASIS_GC_STRESS=1 collects at every safe point, now and then a compacting full
// collection (collector.ts); STASIS_GC_VERIFY=1 checks the heap after every collection and fails
// loudly on a violation. Both are for testing the collector: they make programs much slower.

import { Heap, HeapOptions } from "../runtime/heap";
import { World } from "../runtime/world";
import { LispError } from "../runtime/errors";
import { PagedOldSpace, PromotionPolicy } from "./old-space";
import { GenerationalCollector } from "./collector";
import { verifyHeap } from "./verify";

export interface CreateHeapOptions extends HeapOptions {
  /** Where promoted objects go (old-space.ts I3): "busiest" unless measuring the alternative. */
  readonly policy?: PromotionPolicy;
  /** Stress mode; default from STASIS_GC_STRESS. */
  readonly stress?: boolean;
  /** Verify after every collection; default from STASIS_GC_VERIFY. */
  readonly verify?: boolean;
}

export function createHeap(options: CreateHeapOptions = {}): Heap {
  const heap = new Heap(options);
  const old = new PagedOldSpace(heap, options.policy);
  heap.oldSpace = old;
  const verify = options.verify ?? process.env.STASIS_GC_VERIFY === "1";
  const stress = options.stress ?? process.env.STASIS_GC_STRESS === "1";
  heap.collectRequested = stress;
  heap.collector = new GenerationalCollector(heap, old, {
    stress,
    verify: verify ? (h) => {
      const violations = verifyHeap(h, old);
      if (violations.length > 0) throw new LispError(`heap verification failed after a collection: ${violations.join("; ")}`);
    } : undefined,
  });
  return heap;
}

export function createWorld(options: CreateHeapOptions = {}): World {
  return new World(createHeap(options));
}
