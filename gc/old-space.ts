// Old space: pages of old objects, and the free-space tables that say where in them there is
// room. The tables live here, outside the pages (DESIGN "The heap"): a collection that frees
// objects rewrites the tables, never the pages, so it dirties no page (I1).
//
// Space in a page is counted in granules of two words (objects are 8-byte aligned). For each old
// page of small objects (cons, vector or cell space) there are:
//   starts  a bitmap with a bit at the first granule of every object (every cons)
//   holes   the free runs of granules, ascending, as flat (start, length) pairs
//   live    the number of granules objects occupy
// A large object owns a run of pages and has no tables (heap.ts H3).
//
// Invariants
//   I1. Freeing writes no page: a sweep replaces a page's tables (starts becomes the marks).
//   I2. Allocation into a page dirties it (heap H4) and clears the object's words (heap H2): a
//       hole holds whatever the dead objects left.
//   I3. Allocation fills the busiest page that has room first (Post-Scarcity's "allocate from the
//       busiest page"), so new old objects, and so the pages a checkpoint must write, gather in
//       few pages. The first-fit policy (lowest page first) exists to measure this against.
//   I4. Each space allocates from one bump region at a time: a hole taken out of its page's
//       list. Its unused part is free but in no list until the region ends (and goes back) or
//       a sweep rebuilds the page's holes from the marks.
//   I5. A page's tables change in a way an image must write (heap.tablesEpoch) only when an
//       object is placed in it or objects in it are freed. Tables an image holds never claim
//       as free a granule an object occupies: its holes are those of its commit, or fewer.

import { GENERATION_OLD, Heap, OldSpace } from "../runtime/heap";
import { PAGE_WORDS, PAGE_WORD_SHIFT, SPACE_CELL, SPACE_CONS, SPACE_VECTOR } from "../runtime/layout";

export const GRANULE_WORDS = 2;
export const PAGE_GRANULES = PAGE_WORDS / GRANULE_WORDS;
const BITS_PER_BYTE = 8;
/** A granule's byte in a bitmap is granule >>> BYTE_OF_BIT, its bit granule & BIT_IN_BYTE. */
const BYTE_OF_BIT = 3;
const BIT_IN_BYTE = BITS_PER_BYTE - 1;
const BITMAP_BYTES = PAGE_GRANULES / BITS_PER_BYTE;
/** Candidate pages looked at for a hole before a fresh page is opened. */
const CANDIDATE_SEARCH = 16;
const SMALL_OBJECT_SPACES = [SPACE_CONS, SPACE_VECTOR, SPACE_CELL];

export type PromotionPolicy = "busiest" | "first-fit";

/** A bitmap with one bit per granule of a page. */
export function newBitmap(): Uint8Array {
  return new Uint8Array(BITMAP_BYTES);
}

export function testBit(bitmap: Uint8Array, granule: number): boolean {
  return (bitmap[granule >>> BYTE_OF_BIT] & (1 << (granule & BIT_IN_BYTE))) !== 0;
}

export function setBit(bitmap: Uint8Array, granule: number): void {
  bitmap[granule >>> BYTE_OF_BIT] |= 1 << (granule & BIT_IN_BYTE);
}

/** Calls visit with each granule whose bit is set, in ascending order. */
export function forEachGranule(bitmap: Uint8Array, visit: (granule: number) => void): void {
  for (let byte = 0; byte < BITMAP_BYTES; byte++) {
    const bits = bitmap[byte];
    if (bits === 0) continue;
    for (let bit = 0; bit < BITS_PER_BYTE; bit++) {
      if ((bits & (1 << bit)) !== 0) visit(byte * BITS_PER_BYTE + bit);
    }
  }
}

/**
 * Allocation state of one space in old space. The bump region is a hole taken whole from its
 * page's list: objects are placed at its start until the next does not fit, when what is left
 * goes back to the list (I4).
 */
interface SpaceState {
  bumpAt: number; // word index of the region's next free word; 0 if there is no region
  bumpEnd: number; // word index one past the region
  /** Pages with holes, in the policy's order (I3); those before cursor are known full. */
  candidates: number[];
  cursor: number;
}

export class PagedOldSpace implements OldSpace {
  readonly starts: (Uint8Array | undefined)[];
  readonly holes: (number[] | undefined)[];
  readonly live: Int32Array;
  /** By space number (SPACE_CONS, SPACE_VECTOR, SPACE_CELL). */
  private readonly states: SpaceState[] = [];

  constructor(private readonly heap: Heap, public policy: PromotionPolicy = "busiest") {
    this.starts = new Array(heap.pageCount).fill(undefined);
    this.holes = new Array(heap.pageCount).fill(undefined);
    this.live = new Int32Array(heap.pageCount);
    for (const space of SMALL_OBJECT_SPACES) this.states[space] = { bumpAt: 0, bumpEnd: 0, candidates: [], cursor: 0 };
  }

  // ---- Allocation (OldSpace) -----------------------------------------------------------------

  allocate(space: number, words: number): number {
    const at = this.place(space, words);
    this.heap.words.fill(0, at, at + words);
    return at;
  }

  allocateLarge(space: number, words: number): number {
    const heap = this.heap;
    const count = Math.ceil(words / PAGE_WORDS);
    const first = heap.takePages(space, GENERATION_OLD, count);
    heap.pageTop[first] = words;
    heap.pageRun[first] = count;
    return first * PAGE_WORDS;
  }

  /**
   * Room for `words` words (even) in a page of `space`, without clearing it (the collector
   * copies an object over it): from the bump region, else from a new one (placeInNewRegion).
   * Records the object's start, counts it live and dirties its page (I2).
   */
  place(space: number, words: number): number {
    const state = this.states[space];
    const at = state.bumpAt;
    if (at + words > state.bumpEnd) return this.placeInNewRegion(state, space, words);
    state.bumpAt = at + words;
    const p = at >>> PAGE_WORD_SHIFT;
    setBit(this.starts[p]!, (at % PAGE_WORDS) / GRANULE_WORDS);
    this.live[p] += words / GRANULE_WORDS;
    this.heap.pageEpoch[p] = this.heap.epoch;
    this.heap.tablesEpoch[p] = this.heap.epoch;
    return at;
  }

  /**
   * Gives back what is left of the bump region and makes a new one of the first hole that fits:
   * in the region's own page, else in the candidates in order (I3), else a fresh page.
   */
  private placeInNewRegion(state: SpaceState, space: number, words: number): number {
    const granules = words / GRANULE_WORDS;
    const current = state.bumpEnd > 0 ? (state.bumpEnd - 1) >>> PAGE_WORD_SHIFT : 0;
    this.endRegion(state);
    if (current !== 0 && this.takeRegion(state, current, granules)) return this.place(space, words);
    for (let looked = 0, i = state.cursor; i < state.candidates.length && looked < CANDIDATE_SEARCH; i++) {
      const p = state.candidates[i];
      const holes = this.holes[p];
      if (holes === undefined || holes.length === 0) {
        if (i === state.cursor) state.cursor++; // full: never worth looking at again until a sweep
        continue;
      }
      looked++;
      if (this.takeRegion(state, p, granules)) return this.place(space, words);
    }
    const p = this.heap.takePages(space, GENERATION_OLD, 1);
    this.starts[p] = newBitmap();
    this.holes[p] = [0, PAGE_GRANULES];
    this.live[p] = 0;
    this.takeRegion(state, p, granules);
    return this.place(space, words);
  }

  /** Makes the first hole of page p with at least `granules` the bump region; false if none has. */
  private takeRegion(state: SpaceState, p: number, granules: number): boolean {
    const holes = this.holes[p]!;
    for (let i = 0; i < holes.length; i += 2) {
      if (holes[i + 1] < granules) continue;
      state.bumpAt = p * PAGE_WORDS + holes[i] * GRANULE_WORDS;
      state.bumpEnd = state.bumpAt + holes[i + 1] * GRANULE_WORDS;
      holes.splice(i, 2);
      return true;
    }
    return false;
  }

  /** Returns the unused end of the bump region to its page's holes, in address order (I4). */
  private endRegion(state: SpaceState): void {
    if (state.bumpAt < state.bumpEnd) {
      const p = state.bumpAt >>> PAGE_WORD_SHIFT;
      const start = (state.bumpAt % PAGE_WORDS) / GRANULE_WORDS;
      const holes = this.holes[p]!;
      let i = 0;
      while (i < holes.length && holes[i] < start) i += 2;
      holes.splice(i, 0, start, (state.bumpEnd - state.bumpAt) / GRANULE_WORDS);
    }
    state.bumpAt = 0;
    state.bumpEnd = 0;
  }

  // ---- Tables --------------------------------------------------------------------------------

  /** Whether an object (or cons) begins at word index `at` of an old page of small objects. */
  isObjectStart(at: number): boolean {
    const starts = this.starts[at >>> PAGE_WORD_SHIFT];
    return starts !== undefined && (at & 1) === 0 && testBit(starts, (at % PAGE_WORDS) / GRANULE_WORDS);
  }

  /** Calls visit with the word index of each object in old page p, in address order. */
  forEachObject(p: number, visit: (at: number) => void): void {
    const starts = this.starts[p];
    if (starts === undefined) return;
    const base = p * PAGE_WORDS;
    forEachGranule(starts, (g) => visit(base + g * GRANULE_WORDS));
  }

  /**
   * After a mark: page p's objects are those marked (I1). `sizeOf` gives an object's granules.
   * Returns the live granules; the caller frees a page with none.
   */
  adoptMarks(p: number, marks: Uint8Array, sizeOf: (at: number) => number): number {
    const base = p * PAGE_WORDS;
    const holes: number[] = [];
    let live = 0;
    let end = 0; // one past the last object seen
    forEachGranule(marks, (g) => {
      if (g > end) holes.push(end, g - end);
      const size = sizeOf(base + g * GRANULE_WORDS);
      live += size;
      end = g + size;
    });
    if (end < PAGE_GRANULES) holes.push(end, PAGE_GRANULES - end);
    // The marks are a subset of the starts: the same live count is the same objects, and the
    // holes an image has for the page are still free (I5).
    if (live !== this.live[p]) this.heap.tablesEpoch[p] = this.heap.epoch;
    this.starts[p] = marks;
    this.holes[p] = holes;
    this.live[p] = live;
    return live;
  }

  /** A restored page's tables, as an image had them (I5). */
  restoreTables(p: number, starts: Uint8Array, holes: number[], live: number): void {
    this.starts[p] = starts;
    this.holes[p] = holes;
    this.live[p] = live;
  }

  /** Forgets a page the collector freed. */
  forget(p: number): void {
    this.starts[p] = undefined;
    this.holes[p] = undefined;
    this.live[p] = 0;
    for (const space of SMALL_OBJECT_SPACES) {
      const state = this.states[space];
      if (state.bumpEnd > 0 && (state.bumpEnd - 1) >>> PAGE_WORD_SHIFT === p) state.bumpAt = state.bumpEnd = 0;
    }
  }

  /**
   * Orders each space's pages for allocation after a sweep (I3): busiest first, or lowest
   * first; pages in `excluded` (being evacuated) are left out. The sweep rebuilt the holes from
   * the marks, so the bump regions are forgotten, not given back.
   */
  rebuildCandidates(excluded?: Uint8Array): void {
    const heap = this.heap;
    for (const space of SMALL_OBJECT_SPACES) {
      const state = this.states[space];
      const pages: number[] = [];
      for (let p = 0; p < heap.pageHighWater; p++) {
        if (this.holes[p] !== undefined && heap.pageSpace[p] === space && excluded?.[p] !== 1) pages.push(p);
      }
      if (this.policy === "busiest") pages.sort((a, b) => this.live[b] - this.live[a] || a - b);
      state.candidates = pages;
      state.cursor = 0;
      state.bumpAt = 0;
      state.bumpEnd = 0;
    }
  }

  /** Pages of small old objects, and the granules their objects occupy. */
  occupancy(): { pages: number; liveGranules: number } {
    let pages = 0;
    let liveGranules = 0;
    for (let p = 0; p < this.heap.pageHighWater; p++) {
      if (this.holes[p] === undefined) continue;
      pages++;
      liveGranules += this.live[p];
    }
    return { pages, liveGranules };
  }
}
