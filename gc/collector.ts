// The generational collector. Young objects are bump-allocated in nursery pages (heap.ts); a
// minor collection copies the survivors into old space (old-space.ts) and frees the nursery. A
// full collection marks old space from the roots and sweeps it in the side tables; when old
// space is fragmented it compacts the sparsest pages. Collections run only at safe points
// (heap H5), with the machine's registers synced: the roots are the root table, the root sets
// (the machine's stack and registers), remembered cell pages and recent old objects (heap H7).
//
// Invariants
//   C1. After a minor collection no young page is in use and no pointer anywhere refers to one.
//   C2. A full collection without compaction writes no page: marks are side tables, and a sweep
//       adopts them as the pages' tables (old-space I1). Page dirty epochs are unchanged by it.
//   C3. A minor collection writes only the old pages it copies into and the old words whose
//       young pointer it updates, and dirties exactly those pages (heap H4).
//   C4. Compaction moves the objects of the sparsest pages into others, then updates every
//       reference: roots, live objects, and the JS caches (RootSet.relocated).

import {
  GENERATION_OLD, GENERATION_YOUNG, CollectionKind, Collector, CollectorStatistics, Heap, PauseStatistics, SpaceCensus,
} from "../runtime/heap";
import {
  OBJECT_FORWARDED, OBJECT_TYPE_BY_NUMBER, PAGE_WORDS, PAGE_WORD_SHIFT, SPACE_CELL, SPACE_CONS, SPACE_VECTOR, WORD_BYTES,
  addressOf, headerSize, headerType, isPair, isPointer, makeHeader, objectPointer, objectWords, pairPointer,
} from "../runtime/layout";
import { GRANULE_WORDS, PAGE_GRANULES, PagedOldSpace, forEachGranule, newBitmap, setBit, testBit } from "./old-space";

/** The first word of a moved object or cons during a collection: a header, never a value. */
const FORWARDED = makeHeader(OBJECT_FORWARDED, 0);
/** A full collection is due when old space has grown this much since the last one... */
const FULL_GROWTH = 2;
/**
 * ...and is at least this many pages, and this many nurseries: a full collection's work is then
 * paid for by at least that many minor collections' worth of promotion.
 */
const FULL_MIN_PAGES = 64;
const FULL_MIN_NURSERIES = 4;
/** Compaction is due when old small-object pages are less than this full on average... */
const COMPACT_BELOW_OCCUPANCY = 0.5;
/** ...and there are at least this many of them. */
const COMPACT_MIN_PAGES = 32;
/** A page is evacuated by a compaction when less than this full. */
const EVACUATE_BELOW_OCCUPANCY = 0.25;
/** Objects up to this many words are copied word by word rather than with copyWithin. */
const SMALL_COPY_WORDS = 8;
/** Cons, vector and cell space: the spaces of small objects, each with its own old pages. */
const SMALL_OBJECT_SPACES = 3;
/** Entries of the minor collection's scan stack to begin with; it grows as needed. */
const SCAN_STACK_INITIAL = 4096;
/**
 * In stress mode, a compacting full collection after one minor collection for every
 * STRESS_WORDS_PER_MINOR words the last full one traced, and at least STRESS_MIN_MINORS: a full
 * collection costs in proportion to what it traces, a minor one (of an almost empty nursery)
 * next to nothing, so this keeps the full ones a fixed share of the work at any heap size.
 */
const STRESS_WORDS_PER_MINOR = 64;
const STRESS_MIN_MINORS = 4096;

/** valueWords of each header type: the number of leading payload words to trace, -1 for all. */
const TRACED_WORDS: Int32Array = (() => {
  const table = new Int32Array(OBJECT_TYPE_BY_NUMBER.length).fill(0);
  OBJECT_TYPE_BY_NUMBER.forEach((t, i) => {
    if (t !== undefined) table[i] = t.valueWords === "all" ? -1 : t.valueWords;
  });
  return table;
})();

/** How many payload words of an object with this header are values. */
export function tracedWords(header: number): number {
  const traced = TRACED_WORDS[headerType(header)];
  const size = headerSize(header);
  return traced < 0 ? size : Math.min(traced, size);
}

export interface CollectorOptions {
  /**
   * Collect at every safe point (STASIS_GC_STRESS); now and then a compacting full collection
   * (STRESS_WORDS_PER_MINOR).
   */
  readonly stress?: boolean;
  /** Check the heap after every collection (gc/verify.ts); a violation is thrown. */
  readonly verify?: (heap: Heap) => void;
}

/** A full collection's mark bitmaps, by page; undefined for a page with nothing marked. */
type Marks = (Uint8Array | undefined)[];

function pause(): PauseStatistics {
  return { count: 0, lastMs: 0, maxMs: 0, totalMs: 0 };
}

function record(p: PauseStatistics, ms: number): void {
  p.count++;
  p.lastMs = ms;
  p.maxMs = Math.max(p.maxMs, ms);
  p.totalMs += ms;
}

export class GenerationalCollector implements Collector {
  readonly statistics: CollectorStatistics = {
    minor: pause(), full: pause(), compaction: pause(), promotedBytes: 0, pagesFreed: 0, lastPagesFreed: 0,
  };
  private oldPagesAfterFull = 0;
  private minorsSinceFull = 0;
  /** Words the last full collection traced (the roots and every live object's value words). */
  private lastFullTraced = 0;

  private readonly words: Int32Array;
  private readonly generation: Uint8Array;

  constructor(private readonly heap: Heap, private readonly old: PagedOldSpace, private readonly options: CollectorOptions = {}) {
    this.words = heap.words;
    this.generation = heap.pageGeneration;
  }

  collect(kind: CollectionKind): void {
    const heap = this.heap;
    const stressFull = this.options.stress === true &&
      ++this.minorsSinceFull >= Math.max(STRESS_MIN_MINORS, this.lastFullTraced / STRESS_WORDS_PER_MINOR);
    const compact = kind === "compacting" || stressFull;
    const freedBefore = this.statistics.pagesFreed;
    heap.collecting = true;
    try {
      let start = performance.now();
      this.minor();
      record(this.statistics.minor, performance.now() - start);
      if (kind !== "minor" || heap.collectFull || stressFull || this.oldHasGrown()) {
        start = performance.now();
        this.full(compact);
        record(this.statistics.full, performance.now() - start);
      }
    } finally {
      heap.collecting = false;
    }
    this.statistics.lastPagesFreed = this.statistics.pagesFreed - freedBefore;
    heap.collectRequested = this.options.stress === true;
    heap.collectFull = false;
    heap.afterCollection();
    this.options.verify?.(heap);
  }

  census(): SpaceCensus[] {
    const heap = this.heap;
    const census: SpaceCensus[] = [];
    for (const generation of [GENERATION_YOUNG, GENERATION_OLD]) {
      for (const space of [SPACE_CONS, SPACE_VECTOR, SPACE_CELL]) {
        let pages = 0;
        let words = 0;
        for (let p = 0; p < heap.pageHighWater; p++) {
          if (heap.pageSpace[p] !== space || heap.pageGeneration[p] !== generation) continue;
          pages++;
          if (generation === GENERATION_YOUNG) words += heap.youngUsedWords(p);
          else if (heap.pageRun[p] > 0) words += heap.pageTop[p];
          else words += this.old.live[p] * GRANULE_WORDS;
        }
        census.push({ space, generation, pages, bytes: words * WORD_BYTES });
      }
    }
    return census;
  }

  private oldHasGrown(): boolean {
    const pages = this.heap.pagesOfGeneration(GENERATION_OLD);
    const floor = Math.max(FULL_MIN_PAGES, FULL_MIN_NURSERIES * this.heap.nurseryPages);
    return pages >= floor && pages >= this.oldPagesAfterFull * FULL_GROWTH;
  }

  // ---- Minor collection ----------------------------------------------------------------------

  /** Word indexes of promoted copies whose words are still to be forwarded. */
  private scan = new Int32Array(SCAN_STACK_INITIAL);
  private scanTop = 0;
  private promotedWords = 0;

  /** Copies every young object reachable from the roots into old space (C1, C3). */
  private minor(): void {
    const heap = this.heap;
    const words = heap.words;
    const forward = this.forwardYoung;
    this.scanTop = 0;
    this.promotedWords = 0;
    for (let i = 0; i < heap.roots.length; i++) heap.roots[i] = forward(heap.roots[i]);
    for (const set of heap.rootSets) (set.forEachYoungRoot ?? set.forEachRoot).call(set, forward);
    // Old objects that may point to young ones (heap H7): their words change in place (C3).
    for (const p of heap.rememberedPages) {
      heap.pageRemembered[p] = 0;
      this.old.forEachObject(p, (at) => this.updateObject(at, forward));
    }
    heap.rememberedPages = [];
    for (const object of heap.recentOld) this.updateObject(addressOf(object), forward);
    heap.recentOld = [];
    // The copies, transitively: they are new in their pages, so written in place.
    const space = heap.pageSpace;
    const generation = this.generation;
    while (this.scanTop > 0) {
      const at = this.scan[--this.scanTop];
      if (space[at >>> PAGE_WORD_SHIFT] === SPACE_CONS) {
        const car = words[at];
        if (isPointer(car) && generation[addressOf(car) >>> PAGE_WORD_SHIFT] === GENERATION_YOUNG) words[at] = this.promote(car);
        const cdr = words[at + 1];
        if (isPointer(cdr) && generation[addressOf(cdr) >>> PAGE_WORD_SHIFT] === GENERATION_YOUNG) words[at + 1] = this.promote(cdr);
      } else {
        const end = at + 1 + tracedWords(words[at]);
        for (let i = at + 1; i < end; i++) {
          const w = words[i];
          if (isPointer(w) && generation[addressOf(w) >>> PAGE_WORD_SHIFT] === GENERATION_YOUNG) words[i] = this.promote(w);
        }
      }
    }
    heap.resetNursery();
    this.statistics.promotedBytes += this.promotedWords * WORD_BYTES;
  }

  /**
   * A young pointer's copy in old space, made on first sight, when the original's first two
   * words become FORWARDED and the copy's pointer; any other word as it is.
   */
  private readonly forwardYoung = (w: number): number =>
    isPointer(w) && this.generation[addressOf(w) >>> PAGE_WORD_SHIFT] === GENERATION_YOUNG ? this.promote(w) : w;

  /** The copy of a young object or pair: made now, or found through its FORWARDED mark. */
  private promote(w: number): number {
    const at = addressOf(w);
    const words = this.words;
    const first = words[at];
    if (first === FORWARDED) return words[at + 1];
    let moved: number;
    if (isPair(w)) {
      const copyAt = this.old.place(SPACE_CONS, GRANULE_WORDS);
      words[copyAt] = first;
      words[copyAt + 1] = words[at + 1];
      moved = pairPointer(copyAt);
      this.push(copyAt);
      this.promotedWords += GRANULE_WORDS;
    } else {
      const size = objectWords(headerSize(first));
      const copyAt = this.old.place(this.heap.pageSpace[at >>> PAGE_WORD_SHIFT], size);
      if (size <= SMALL_COPY_WORDS) for (let i = 0; i < size; i++) words[copyAt + i] = words[at + i];
      else words.copyWithin(copyAt, at, at + size);
      moved = objectPointer(copyAt);
      if (tracedWords(first) > 0) this.push(copyAt);
      this.promotedWords += size;
    }
    words[at] = FORWARDED;
    words[at + 1] = moved;
    return moved;
  }

  private push(at: number): void {
    if (this.scanTop === this.scan.length) {
      const bigger = new Int32Array(this.scan.length * 2);
      bigger.set(this.scan);
      this.scan = bigger;
    }
    this.scan[this.scanTop++] = at;
  }

  /**
   * Replaces the value words of an object or cons that was already in its old page by `map` of
   * them, writing and dirtying only what changes (C3).
   */
  private updateObject(at: number, map: (w: number) => number): void {
    const heap = this.heap;
    const words = heap.words;
    const first = heap.pageSpace[at >>> PAGE_WORD_SHIFT] === SPACE_CONS ? at : at + 1;
    const end = heap.pageSpace[at >>> PAGE_WORD_SHIFT] === SPACE_CONS ? at + 2 : at + 1 + tracedWords(words[at]);
    for (let i = first; i < end; i++) {
      const w = words[i];
      const m = map(w);
      if (m !== w) {
        words[i] = m;
        heap.pageEpoch[i >>> PAGE_WORD_SHIFT] = heap.epoch;
      }
    }
  }

  // ---- Full collection -----------------------------------------------------------------------

  /**
   * Marks old space from the roots, then sweeps (C2), or compacts (C4) when old space is
   * fragmented or `compact` says to whatever its state. The nursery is empty.
   */
  private full(compact: boolean): void {
    const heap = this.heap;
    const words = heap.words;
    const marks: Marks = new Array(heap.pageHighWater).fill(undefined);
    const largeMarked = new Uint8Array(heap.pageHighWater);
    const markedGranules = new Int32Array(heap.pageHighWater);
    const pageRun = heap.pageRun;
    const space = heap.pageSpace;
    this.scanTop = 0;
    let traced = 0;
    const mark = (w: number): number => {
      traced++;
      if (!isPointer(w)) return w;
      const at = addressOf(w);
      const p = at >>> PAGE_WORD_SHIFT;
      if (pageRun[p] > 0) {
        if (largeMarked[p] === 0) {
          largeMarked[p] = 1;
          this.push(at);
        }
        return w;
      }
      let m = marks[p];
      if (m === undefined) marks[p] = m = newBitmap();
      const granule = (at % PAGE_WORDS) / GRANULE_WORDS;
      if (!testBit(m, granule)) {
        setBit(m, granule);
        markedGranules[p] += isPair(w) ? 1 : objectWords(headerSize(words[at])) / GRANULE_WORDS;
        this.push(at);
      }
      return w;
    };
    for (let i = 0; i < heap.roots.length; i++) mark(heap.roots[i]);
    for (const set of heap.rootSets) set.forEachRoot(mark);
    while (this.scanTop > 0) {
      const at = this.scan[--this.scanTop];
      if (space[at >>> PAGE_WORD_SHIFT] === SPACE_CONS) {
        mark(words[at]);
        mark(words[at + 1]);
      } else {
        const end = at + 1 + tracedWords(words[at]);
        for (let i = at + 1; i < end; i++) mark(words[i]);
      }
    }
    const evacuees = this.evacuees(markedGranules, compact);
    if (evacuees.length > 0) this.compact(marks, largeMarked, evacuees);
    else this.sweep(marks, largeMarked);
    this.old.rebuildCandidates();
    this.oldPagesAfterFull = heap.pagesOfGeneration(GENERATION_OLD);
    this.minorsSinceFull = 0;
    this.lastFullTraced = traced;
  }

  /**
   * The pages a compaction would evacuate, those less than EVACUATE_BELOW_OCCUPANCY full, if
   * old space is fragmented or `compact` says to compact anyway; none if it is not, or if the
   * free pages could not take their objects.
   */
  private evacuees(markedGranules: Int32Array, compact: boolean): number[] {
    const heap = this.heap;
    let pages = 0;
    let liveGranules = 0;
    const sparse: number[] = [];
    let moving = 0;
    for (let p = 0; p < heap.pageHighWater; p++) {
      if (this.old.holes[p] === undefined) continue;
      pages++;
      liveGranules += markedGranules[p];
      if (markedGranules[p] < PAGE_GRANULES * EVACUATE_BELOW_OCCUPANCY) {
        sparse.push(p);
        moving += markedGranules[p];
      }
    }
    const fragmented = pages >= COMPACT_MIN_PAGES && liveGranules < pages * PAGE_GRANULES * COMPACT_BELOW_OCCUPANCY;
    // The worst case: no hole in the pages that stay takes anything, and the pages the objects
    // move to are no more than half filled before one does not fit (objects are at most a page).
    const room = Math.ceil((2 * moving) / PAGE_GRANULES) + SMALL_OBJECT_SPACES;
    return (fragmented || compact) && heap.pagesUnused >= room ? sparse : [];
  }

  /** Granules an object or cons at `at` occupies. */
  private sizeOf = (at: number): number =>
    this.heap.pageSpace[at >>> PAGE_WORD_SHIFT] === SPACE_CONS ? 1 : objectWords(headerSize(this.heap.words[at])) / GRANULE_WORDS;

  /** Makes the marks the old pages' tables and frees what is unmarked (C2). */
  private sweep(marks: Marks, largeMarked: Uint8Array, evacuated?: Uint8Array): void {
    const heap = this.heap;
    for (let p = 0; p < heap.pageHighWater; p++) {
      if (evacuated !== undefined && evacuated[p] === 1) continue;
      if (this.old.holes[p] !== undefined) {
        if (this.old.adoptMarks(p, marks[p] ?? newBitmap(), this.sizeOf) === 0) this.freePage(p);
      } else if (heap.pageRun[p] > 0 && largeMarked[p] === 0) {
        const run = heap.pageRun[p];
        for (let q = p; q < p + run; q++) heap.releasePage(q);
        this.statistics.pagesFreed += run;
      }
    }
  }

  private freePage(p: number): void {
    this.old.forget(p);
    this.heap.releasePage(p);
    this.statistics.pagesFreed++;
  }

  private forEachMarked(p: number, m: Uint8Array, visit: (at: number) => void): void {
    const base = p * PAGE_WORDS;
    forEachGranule(m, (g) => visit(base + g * GRANULE_WORDS));
  }

  // ---- Compaction ----------------------------------------------------------------------------

  /** Evacuates the sparse pages into the others, then updates every reference (C4). */
  private compact(marks: Marks, largeMarked: Uint8Array, evacuees: readonly number[]): void {
    const start = performance.now();
    const heap = this.heap;
    const words = heap.words;
    const old = this.old;
    const evacuated = new Uint8Array(heap.pageHighWater);
    for (const p of evacuees) evacuated[p] = 1;
    // The pages that stay get their tables first, so the moved objects fill their holes.
    this.sweep(marks, largeMarked, evacuated);
    old.rebuildCandidates(evacuated);
    for (const p of evacuees) {
      const m = marks[p];
      if (m === undefined) continue;
      this.forEachMarked(p, m, (at) => {
        const pair = heap.pageSpace[p] === SPACE_CONS;
        const size = this.sizeOf(at) * GRANULE_WORDS;
        const copyAt = old.place(heap.pageSpace[p], size);
        words.copyWithin(copyAt, at, at + size);
        words[at] = FORWARDED;
        words[at + 1] = pair ? pairPointer(copyAt) : objectPointer(copyAt);
      });
    }
    // A page taken during the evacuation is past the table's end, or in it and not evacuated.
    const forward = (w: number): number => {
      if (!isPointer(w) || evacuated[addressOf(w) >>> PAGE_WORD_SHIFT] !== 1) return w;
      return words[addressOf(w) + 1];
    };
    for (let i = 0; i < heap.roots.length; i++) heap.roots[i] = forward(heap.roots[i]);
    for (const set of heap.rootSets) set.forEachRoot(forward);
    for (let p = 0; p < heap.pageHighWater; p++) {
      if (old.holes[p] !== undefined && evacuated[p] !== 1) old.forEachObject(p, (at) => this.updateObject(at, forward));
      else if (largeMarked[p] === 1) this.updateObject(p * PAGE_WORDS, forward);
    }
    for (const p of evacuees) this.freePage(p);
    for (const set of heap.rootSets) set.relocated?.(forward);
    record(this.statistics.compaction, performance.now() - start);
  }
}
