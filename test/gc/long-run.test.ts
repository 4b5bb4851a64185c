// A long run: gigabytes allocated while the live set stays the same size must leave the heap
// bounded by a small multiple of the live set, not by what was allocated.

import * as L from "../../runtime/layout";
import { createHeap } from "../../gc";
import { verifyHeap } from "../../gc/verify";
import { PagedOldSpace } from "../../gc/old-space";

const LIST_LENGTH = 1000;
const LIST_BYTES = LIST_LENGTH * 2 * L.WORD_BYTES;
const LIVE_BYTES = 50 * 2 ** 20;
const RING = Math.ceil(LIVE_BYTES / LIST_BYTES);
const ALLOCATED_BYTES = 2 * 2 ** 30;
/** One list in this many is kept (in the ring, until it comes round again); the rest die young. */
const KEEP_EVERY = 10;
/** The heap may grow to this many times the live set. */
const BOUND = 4;

describe("a long run", () => {
  it("allocating 2 GB with a steady 50 MB live set ends with a heap bounded by a few times the live set", () => {
    const heap = createHeap({ limitBytes: 2 ** 30, stress: false, verify: false });
    const ring = new Array<number>(RING).fill(L.NIL);
    heap.rootSets.push({ forEachRoot: (visit) => ring.forEach((w, i) => (ring[i] = visit(w))) });
    let allocated = 0;
    let kept = 0;
    let peakPages = 0;
    for (let n = 0; allocated < ALLOCATED_BYTES; n++) {
      let list = L.NIL;
      for (let i = 0; i < LIST_LENGTH; i++) list = heap.cons(L.makeFixnum(n), list);
      allocated += LIST_BYTES;
      if (n % KEEP_EVERY === 0) ring[kept++ % RING] = list;
      if (heap.collectRequested) {
        // A safe point (heap H5): `list` is dead or in the ring.
        heap.collector.collect("minor");
        peakPages = Math.max(peakPages, heap.pagesPerSpace().reduce((a, b, space) => space === L.SPACE_FREE ? a : a + b, 0));
      }
    }
    const stats = heap.collector.statistics;
    expect(stats.full.count).toBeGreaterThan(0);
    expect(peakPages * L.PAGE_BYTES).toBeLessThan(BOUND * LIVE_BYTES);
    expect(heap.pageHighWater * L.PAGE_BYTES).toBeLessThan(BOUND * LIVE_BYTES);
    // What is live is intact: each list in the ring is LIST_LENGTH copies of its number.
    heap.collector.collect("full");
    expect(verifyHeap(heap, heap.oldSpace as PagedOldSpace)).toEqual([]);
    for (const list of ring) {
      let length = 0;
      const first = heap.car(list);
      for (let l = list; L.isPair(l); l = heap.cdr(l), length++) if (heap.car(l) !== first) throw new Error("a list changed");
      expect(length).toBe(LIST_LENGTH);
    }
  }, 300_000);
});
