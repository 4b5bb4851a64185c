// The heap: one reserved ArrayBuffer divided into pages, pages assigned to spaces, and bump
// allocation within the current page of each space. Object layouts are in layout.ts.
//
// Invariants
//   H1. Every page belongs to exactly one space (pageSpace). Page 0 is reserved and never
//       allocated, so no pointer has an address in it.
//   H2. A page handed to a space is all zeros; allocation never has to clear memory, and an
//       allocated object's payload reads as fixnum 0 until it is filled.
//   H3. An object lies within one page, except a large object (larger than a page), which
//       starts at the first word of a run of pages that it owns alone. Page p's objects are the
//       words [p * PAGE_WORDS, p * PAGE_WORDS + usedWords(p)); a run's later pages have none.
//   H4. A page becomes dirty (pageEpoch[p] = epoch) only when an object is allocated into it or
//       a cell in it is written; reading or freeing never dirties a page. The current allocation
//       page of each space is dirty in the current epoch.
//   H5. Objects do not move outside a collection, and a collection runs only at a safe point,
//       never inside an allocation: JS code may hold raw pointers between safe points.
//   H6. The last RESERVE_PAGES pages are kept back. The first allocation that would need them
//       throws HeapExhausted and releases them, so that raising the error and running its
//       handlers can still allocate; an allocation past them throws HeapExhausted again.
//
// The reservation is lazily committed by the OS: untouched pages cost no memory, so the heap
// limit is simply the size of the reservation.

import {
  FLONUM_SIZE, HEADER_SIZE_MAX, OBJECT_BOX, OBJECT_FLONUM, OBJECT_TYPE_BY_NUMBER, PAGE_BYTES,
  PAGE_RESERVED, PAGE_WORD_SHIFT, PAGE_WORDS, ROOT_COUNT, SPACE_CELL, SPACE_CONS, SPACE_FREE,
  SPACE_NAMES, SPACE_RESERVED, SPACE_STACK, SPACE_VECTOR, BOX_SIZE, BOX_VALUE, FLONUM_VALUE, HEAP_BYTES_MAX, UNSPECIFIED,
  addressOf, headerSize, headerType, isObject, makeHeader, objectPointer, objectWords, pairPointer,
} from "./layout";
import { HeapExhausted, LispError, SchemeError } from "./errors";

export const HEAP_LIMIT_DEFAULT = 1024 * 1024 * 1024;
/** Pages kept back for raising and handling an out-of-memory error (H6). */
export const RESERVE_PAGES = 16;

export interface HeapOptions {
  /** Upper bound on the heap's size in bytes; rounded down to whole pages. */
  limitBytes?: number;
}

/** Allocation state of one space: the page being filled and the free words left in it. */
interface AllocationSpace {
  readonly space: number;
  page: number;
  top: number; // word index of the next free word
  limit: number; // word index one past the page's last word
}

export class Heap {
  readonly buffer: ArrayBuffer;
  readonly words: Int32Array;
  readonly bytes: Uint8Array;
  readonly float64: Float64Array;
  readonly pageCount: number;

  /** Space of each page (SPACE_*). */
  readonly pageSpace: Uint8Array;
  /** Words in use in each page that is not a current allocation page (see usedWords). */
  readonly pageTop: Int32Array;
  /** Epoch in which each page was last dirtied; 0 if never. */
  readonly pageEpoch: Uint32Array;
  /** The current checkpoint generation. */
  epoch = 1;

  /** The root table (ROOT_* slots in layout.ts). */
  readonly roots: Int32Array = new Int32Array(ROOT_COUNT);

  private nextFreshPage = PAGE_RESERVED + 1;
  /** Pages still kept back (H6): RESERVE_PAGES until the limit is first reached, then 0. */
  private reserve = RESERVE_PAGES;
  private readonly conses: AllocationSpace = { space: SPACE_CONS, page: 0, top: 0, limit: 0 };
  private readonly vectors: AllocationSpace = { space: SPACE_VECTOR, page: 0, top: 0, limit: 0 };
  private readonly cells: AllocationSpace = { space: SPACE_CELL, page: 0, top: 0, limit: 0 };

  constructor(options: HeapOptions = {}) {
    const requested = options.limitBytes ?? HEAP_LIMIT_DEFAULT;
    const pages = Math.floor(Math.min(requested, HEAP_BYTES_MAX - PAGE_BYTES) / PAGE_BYTES);
    if (pages < 2 * RESERVE_PAGES) {
      throw new LispError(`heap limit ${requested} bytes is below the minimum of ${2 * RESERVE_PAGES * PAGE_BYTES}`);
    }
    this.pageCount = pages;
    this.buffer = new ArrayBuffer(pages * PAGE_BYTES);
    this.words = new Int32Array(this.buffer);
    this.bytes = new Uint8Array(this.buffer);
    this.float64 = new Float64Array(this.buffer);
    this.pageSpace = new Uint8Array(pages);
    this.pageTop = new Int32Array(pages);
    this.pageEpoch = new Uint32Array(pages);
    this.pageSpace[PAGE_RESERVED] = SPACE_RESERVED;
  }

  // ---- Pages ---------------------------------------------------------------------------------

  /** The bytes of page p: a view of the heap, not a copy. */
  pageBytes(p: number): Uint8Array {
    return this.bytes.subarray(p * PAGE_BYTES, (p + 1) * PAGE_BYTES);
  }

  /** Words in use in page p, counted from its first word (H3). */
  usedWords(p: number): number {
    for (const a of [this.conses, this.vectors, this.cells]) {
      if (a.page === p) return a.top - p * PAGE_WORDS;
    }
    return this.pageTop[p];
  }

  /** Pages in use (allocated to some space), in ascending order. */
  *pagesInUse(): Generator<number> {
    for (let p = 0; p < this.nextFreshPage; p++) {
      const s = this.pageSpace[p];
      if (s !== SPACE_FREE && s !== SPACE_RESERVED) yield p;
    }
  }

  isDirty(p: number): boolean {
    return this.pageEpoch[p] === this.epoch;
  }

  /**
   * Starts a new checkpoint generation: no page is dirty in it except the current allocation
   * pages (H4). O(1) in the size of the heap.
   */
  flipGeneration(): void {
    this.epoch++;
    for (const a of [this.conses, this.vectors, this.cells]) {
      if (a.page !== 0) this.pageEpoch[a.page] = this.epoch;
    }
  }

  private takePages(space: number, count: number): number {
    if (this.nextFreshPage + count > this.pageCount - this.reserve) {
      // H6: the first time, release the reserve for the error's sake; past it, fail for good.
      this.reserve = 0;
      throw new HeapExhausted(this.pageCount * PAGE_BYTES);
    }
    const first = this.nextFreshPage;
    this.nextFreshPage += count;
    for (let p = first; p < first + count; p++) {
      this.pageSpace[p] = space;
      this.pageEpoch[p] = this.epoch;
    }
    return first;
  }

  private openPage(a: AllocationSpace): void {
    if (a.page !== 0) this.pageTop[a.page] = a.top - a.page * PAGE_WORDS;
    const p = this.takePages(a.space, 1);
    a.page = p;
    a.top = p * PAGE_WORDS;
    a.limit = a.top + PAGE_WORDS;
  }

  // ---- Allocation ----------------------------------------------------------------------------

  cons(car: number, cdr: number): number {
    const a = this.conses;
    if (a.top === a.limit) this.openPage(a);
    const at = a.top;
    a.top = at + 2;
    this.words[at] = car;
    this.words[at + 1] = cdr;
    return pairPointer(at);
  }

  /**
   * Allocates an object of the given type and payload size, with its header written and its
   * payload zero (H2). The type's entry in OBJECT_TYPES says which space it lives in.
   */
  allocate(type: number, size: number): number {
    if (size > HEADER_SIZE_MAX) {
      throw new SchemeError(`object too large: ${size} words, the most is ${HEADER_SIZE_MAX}`, [], "memory");
    }
    const a = OBJECT_TYPE_BY_NUMBER[type]!.space === SPACE_CELL ? this.cells : this.vectors;
    const words = objectWords(size);
    let at: number;
    if (words > PAGE_WORDS) {
      at = this.allocateLarge(a.space, words);
    } else {
      if (a.top + words > a.limit) this.openPage(a);
      at = a.top;
      a.top = at + words;
    }
    this.words[at] = makeHeader(type, size);
    return objectPointer(at);
  }

  private allocateLarge(space: number, words: number): number {
    const count = Math.ceil(words / PAGE_WORDS);
    const first = this.takePages(space, count);
    this.pageTop[first] = words;
    return first * PAGE_WORDS;
  }

  /**
   * Reserves a run of pages for the VM's stack (SPACE_STACK) and returns the word index of its
   * first word. Stack pages hold frames, not objects: their used words are 0 for walkers (H3),
   * and an image writes the ones in use at every commit.
   */
  allocateStackRegion(words: number): number {
    return this.takePages(SPACE_STACK, Math.ceil(words / PAGE_WORDS)) * PAGE_WORDS;
  }

  // ---- Access --------------------------------------------------------------------------------

  car(pair: number): number {
    return this.words[addressOf(pair)];
  }
  cdr(pair: number): number {
    return this.words[addressOf(pair) + 1];
  }

  objectType(object: number): number {
    return headerType(this.words[addressOf(object)]);
  }
  objectSize(object: number): number {
    return headerSize(this.words[addressOf(object)]);
  }
  isType(w: number, type: number): boolean {
    return isObject(w) && headerType(this.words[addressOf(w)]) === type;
  }

  /** Payload word `offset` (a layout field offset, counted from the header). */
  field(object: number, offset: number): number {
    return this.words[addressOf(object) + offset];
  }
  /** Initializes a field of a freshly allocated object; never used to mutate (see setCell). */
  initField(object: number, offset: number, value: number): void {
    this.words[addressOf(object) + offset] = value;
  }

  /** Writes a field of a cell: the only mutation of heap data there is (H4). */
  setCell(cell: number, offset: number, value: number): void {
    const at = addressOf(cell) + offset;
    this.words[at] = value;
    this.pageEpoch[at >>> PAGE_WORD_SHIFT] = this.epoch;
  }

  // ---- Basic objects -------------------------------------------------------------------------

  makeBox(value: number = UNSPECIFIED): number {
    const box = this.allocate(OBJECT_BOX, BOX_SIZE);
    this.initField(box, BOX_VALUE, value);
    return box;
  }

  makeFlonum(x: number): number {
    const f = this.allocate(OBJECT_FLONUM, FLONUM_SIZE);
    this.float64[(addressOf(f) + FLONUM_VALUE) >>> 1] = x;
    return f;
  }
  flonumValue(f: number): number {
    return this.float64[(addressOf(f) + FLONUM_VALUE) >>> 1];
  }

  // ---- Statistics ----------------------------------------------------------------------------

  /** Pages in use per space (indexed by SPACE_*), for (room) and tests. */
  pagesPerSpace(): number[] {
    const counts = SPACE_NAMES.map(() => 0);
    for (let p = 0; p < this.nextFreshPage; p++) counts[this.pageSpace[p]]++;
    return counts;
  }
}
