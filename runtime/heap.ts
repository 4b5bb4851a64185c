// The heap: one reserved ArrayBuffer divided into pages; pages assigned to spaces and to a
// generation; young objects bump-allocated in nursery pages; old space and the collector are
// plugged in by gc/ (runtime/ does not depend on gc/: gc/createHeap builds heaps). Object
// layouts are in layout.ts.
//
// Invariants
//   H1. Every page belongs to exactly one space (pageSpace). Page 0 is reserved and never
//       allocated, so no pointer has an address in it.
//   H2. A page handed to a space is all zeros; a new object's payload reads as fixnum 0 until it
//       is filled (old-space allocation into a hole clears the object's words).
//   H3. An object lies within one page, except a large object (larger than a page), which
//       starts at the first word of a run of pages that it owns alone.
//   H4. A page becomes dirty (pageEpoch[p] = epoch) only when an object is allocated into it or
//       a cell in it is written; reading or freeing never dirties a page. The current allocation
//       pages are dirty in the current epoch.
//   H5. Objects move only in a collection, and a collection runs only at a safe point, never
//       inside an allocation: JS code may hold raw pointers between safe points.
//   H6. The last RESERVE_PAGES pages are kept back. The first allocation that would need them
//       throws HeapExhausted and releases them, so that raising the error and running its
//       handlers can still allocate; a collection that frees pages keeps them back again.
//   H7. Old objects point to young ones only from cells (and the stack, and the roots): a
//       write of a young pointer into an old cell marks the cell's page remembered (the write
//       barrier). Objects allocated directly old (pretenured or large) may point to young ones
//       until the next minor collection, which scans them (recentOld).
//   H8. A collection never runs out of pages: allocation outside a collection leaves enough
//       free pages to promote the whole nursery (the young pages plus one per space), and a
//       collection may use every page, the reserve included.
//
// The reservation is lazily committed by the OS: untouched pages cost no memory, so the heap
// limit is simply the size of the reservation.
//
// V8 is told how much memory a heap uses, not how much it reserves. It counts an ArrayBuffer's
// length as external memory, and answers a large new one with a full collection of the
// JavaScript heap: for a 2 GiB reservation, ~6 ms at every start and every sysin, to free
// nothing. So a reservation larger than BALLAST_BYTES is a SharedArrayBuffer, which V8 does not
// count (typed arrays on it run as fast), and beside it the heap keeps ballast: ArrayBuffers that
// are never written, so the OS never gives them memory, as long in all as the pages the heap has
// taken, rounded up to BALLAST_BYTES. V8 counts those, and so frees a dropped world's heap as
// soon as it would have freed an ArrayBuffer of the memory it really held. A smaller reservation
// (a world opened only to be looked at, a test's) is an ArrayBuffer, counted as it is: ballast
// would overstate it, and make V8 collect after every few such heaps.
//
// RECYCLING. A world that sysin replaced is never run again, and the world that replaced it, or
// the next one, usually has the same heap size. retire() hands the old heap's memory (buffer and
// ballast) to the next heap made with the same reservation before the event loop turns; after
// that it is let go, for V8 to free. The memory is resident already: a load into it costs no
// first touch of fresh pages (most of the cost of loading a small world) and tells V8 of no new
// memory. It holds the old world's bytes below that heap's last fresh page (dirtyPages), so H2
// takes work there: a page taken fresh below the mark is cleared, a restored page past the
// bytes the image gave (but a stack page: machine.ts M1), and a free page left by a restore is
// cleared when it is taken.

import {
  BOX_SIZE, BOX_VALUE, FLONUM_SIZE, FLONUM_VALUE, HEADER_SIZE_MAX, HEAP_BYTES_MAX, OBJECT_BOX, OBJECT_FLONUM,
  OBJECT_TYPE_BY_NUMBER, PAGE_BYTES, PAGE_RESERVED, PAGE_WORD_SHIFT, PAGE_WORDS, POINTER_SHIFT, ROOT_COUNT,
  SPACE_CELL, SPACE_CONS, SPACE_FREE, SPACE_NAMES, SPACE_RESERVED, SPACE_STACK, SPACE_VECTOR, UNSPECIFIED, WORD_BYTES,
  addressOf, headerSize, headerType, isObject, isPointer, makeHeader, objectPointer, objectWords, pairPointer,
} from "./layout";
import { HeapExhausted, LispError, SchemeError } from "./errors";

export const HEAP_LIMIT_DEFAULT = 2 * 1024 * 1024 * 1024;
/**
 * One piece of ballast (see the top). glibc's calloc takes an allocation of at least 32 MiB
 * straight from mmap, whatever its adaptive threshold: fresh pages, which stay unbacked while
 * nothing writes them. A smaller one may be carved from memory already in use, and zeroed.
 */
const BALLAST_BYTES = 32 * 1024 * 1024;

/** A retired heap's memory, until a heap with the same reservation takes it (RECYCLING, at the top). */
interface RetiredMemory {
  readonly buffer: ArrayBufferLike;
  /** Whether the buffer is a SharedArrayBuffer, with ballast (see the top). */
  readonly shared: boolean;
  readonly ballast: ArrayBuffer[];
  /** Pages below this may hold the old world's bytes. */
  readonly dirtyPages: number;
}

let retired: RetiredMemory | undefined;

/** The retired memory if it is `bytes` long and of the kind asked for (shared or not); it is taken. */
function takeRetired(bytes: number, shared: boolean): RetiredMemory | undefined {
  const memory = retired;
  if (memory === undefined || memory.buffer.byteLength !== bytes || memory.shared !== shared) return undefined;
  retired = undefined;
  return memory;
}

/** Pages kept back for raising and handling an out-of-memory error (H6). */
export const RESERVE_PAGES = 16;
/** Pages beyond the young ones a promotion may need (H8): one partly filled page per space. */
const PROMOTION_SLACK_PAGES = 3;
/** A full collection is requested when fewer than 1/LOW_WATER_FRACTION of the pages are free. */
const LOW_WATER_FRACTION = 16;
const LOW_WATER_REARM = 2;
/** The nursery's size: a minor collection is requested when it fills. */
export const NURSERY_BYTES_DEFAULT = 8 * 1024 * 1024;
/** The nursery is at most this fraction of the heap. */
const NURSERY_SHARE_MAX = 8;

/** pageGeneration values. */
export const GENERATION_NONE = 0;
export const GENERATION_YOUNG = 1;
export const GENERATION_OLD = 2;

export interface HeapOptions {
  /** Upper bound on the heap's size in bytes; rounded down to whole pages. */
  limitBytes?: number;
  /** The nursery's size in bytes. */
  nurseryBytes?: number;
}

/**
 * Old space: where promoted, pretenured and large objects go (gc/old-space.ts). Allocation
 * returns the object's first word index and clears its words (H2).
 */
export interface OldSpace {
  allocate(space: number, words: number): number;
  /** A large object: a run of whole pages, owned by the object (H3). */
  allocateLarge(space: number, words: number): number;
}

/** How many collections of a kind ran, and how long they paused the program. */
export interface PauseStatistics {
  count: number;
  lastMs: number;
  maxMs: number;
  totalMs: number;
}

export interface CollectorStatistics {
  readonly minor: PauseStatistics;
  readonly full: PauseStatistics;
  /** Compactions, part of full collections; their pauses count in the full ones' too. */
  readonly compaction: PauseStatistics;
  /** Bytes copied from the nursery into old space, in all. */
  promotedBytes: number;
  /** Pages collections have freed, in all. */
  pagesFreed: number;
  /** Pages the last collection freed. */
  lastPagesFreed: number;
}

/** The pages of one space and generation, and the bytes its objects occupy. */
export interface SpaceCensus {
  readonly space: number;
  readonly generation: number;
  readonly pages: number;
  /** Young: bytes allocated. Old: bytes of the objects the last sweep kept plus those placed since. */
  readonly bytes: number;
}

/**
 * What a collection does at least: a minor collection (followed by a full one when one is due),
 * a full one, or a full one that also evacuates every sparse page (a compaction; a full
 * collection compacts by itself only when old space is fragmented).
 */
export type CollectionKind = "minor" | "full" | "compacting";
export const COLLECTION_KINDS: readonly CollectionKind[] = ["minor", "full", "compacting"];

/** The collector (gc/collector.ts), called by the machine at safe points (H5). */
export interface Collector {
  collect(kind: CollectionKind): void;
  readonly statistics: CollectorStatistics;
  /** Pages and bytes per space and generation (young and old cons, vector and cell space). */
  census(): SpaceCensus[];
}

/** Something outside the heap holding heap words the collector must trace and update. */
export interface RootSet {
  /** Calls `visit` on each root word; stores back what it returns (the word, relocated). */
  forEachRoot(visit: (word: number) => number): void;
  /** The same, for a minor collection: may leave out roots known to hold no young pointer. */
  forEachYoungRoot?(visit: (word: number) => number): void;
  /** After a compaction moved old objects: update any JS-side cache of heap pointers. */
  relocated?(forward: (word: number) => number): void;
}

/**
 * A heap word held by JavaScript code across safe points: a root, updated when its object moves.
 * Made by Heap.hold, and released when no longer needed (a held object is never freed).
 */
export interface Handle {
  readonly value: number;
}

/** Allocation state of one space in the nursery: the page being filled. */
interface YoungSpace {
  readonly space: number;
  page: number;
  top: number; // word index of the next free word
  limit: number; // word index one past the page's last word
}

export class Heap {
  readonly buffer: ArrayBufferLike;
  readonly words: Int32Array;
  readonly bytes: Uint8Array;
  /** The same bytes as a Node Buffer, for decoding Latin-1 strings without a Buffer each time. */
  readonly latin1: Buffer;
  readonly float64: Float64Array;
  readonly pageCount: number;

  /** Space of each page (SPACE_*). */
  readonly pageSpace: Uint8Array;
  /** Generation of each page (GENERATION_*). */
  readonly pageGeneration: Uint8Array;
  /** Words in use of a young page that is no longer being filled; words of a large object; words
   * of a free page that may not be zero (the rest are). */
  readonly pageTop: Int32Array;
  /** Pages in a large object's run, on its first page; 0 elsewhere. */
  readonly pageRun: Int32Array;
  /** Epoch in which each page was last dirtied; 0 if never. */
  readonly pageEpoch: Uint32Array;
  /**
   * Epoch in which the free-space tables of each old page (kept by old space, outside the page)
   * last changed in a way an image must record: an object placed, or objects freed.
   */
  readonly tablesEpoch: Uint32Array;
  /** Old cell pages written with young pointers since the last minor collection (H7). */
  readonly pageRemembered: Uint8Array;
  /** The pages pageRemembered marks, in the order they were marked. */
  rememberedPages: number[] = [];
  /** The pages of the nursery. */
  youngPageList: number[] = [];
  /** Pages in use per generation (GENERATION_*). */
  private readonly generationPages = [0, 0, 0];
  /** The current checkpoint generation. */
  epoch = 1;

  /** The root table (ROOT_* slots in layout.ts). */
  readonly roots: Int32Array = new Int32Array(ROOT_COUNT);
  /** Other roots (the machine's stack and registers), and JS caches to relocate. */
  readonly rootSets: RootSet[] = [];
  /** Words JavaScript code holds across safe points (Handle). */
  private readonly handles = new Set<{ value: number }>();
  /** Objects allocated directly old since the last minor collection (H7). */
  recentOld: number[] = [];

  oldSpace!: OldSpace;
  collector!: Collector;
  /** A minor collection (or, with collectFull, a full one) is wanted at the next safe point. */
  collectRequested = false;
  collectFull = false;
  /** While positive, safe points do not collect (nested runs for the compiler, H5). */
  collectionsDisabled = 0;
  /** True while a collection runs: it may take every page (H8). */
  collecting = false;
  /**
   * Free pages below which a full collection is requested: once, until a collection leaves
   * LOW_WATER_REARM times as many (without the margin, a heap whose live data sits at the mark
   * would be collected in full for every page it takes).
   */
  readonly lowWaterPages: number;
  private lowWaterArmed = true;

  readonly nurseryPages: number;

  private readonly freePages: number[] = [];
  /** Whether the buffer is one V8 does not count, so that the heap keeps ballast (see the top). */
  private readonly ballasted: boolean;
  /** Never written; as long in all as the pages below nextFreshPage, rounded up (see the top). */
  private readonly ballast: ArrayBuffer[] = [];
  private nextFreshPage = PAGE_RESERVED + 1;
  /** Pages below this may not be zero where H2 wants zeros: the memory was recycled (RECYCLING). */
  private readonly dirtyPages: number;
  /** Pages still kept back (H6): RESERVE_PAGES unless an allocation has just needed them. */
  private reserve = RESERVE_PAGES;
  private readonly conses: YoungSpace = { space: SPACE_CONS, page: 0, top: 0, limit: 0 };
  private readonly vectors: YoungSpace = { space: SPACE_VECTOR, page: 0, top: 0, limit: 0 };
  private readonly cells: YoungSpace = { space: SPACE_CELL, page: 0, top: 0, limit: 0 };

  constructor(options: HeapOptions = {}) {
    const requested = options.limitBytes ?? HEAP_LIMIT_DEFAULT;
    const pages = Math.floor(Math.min(requested, HEAP_BYTES_MAX - PAGE_BYTES) / PAGE_BYTES);
    if (pages < 2 * RESERVE_PAGES) {
      throw new LispError(`heap limit ${requested} bytes is below the minimum of ${2 * RESERVE_PAGES * PAGE_BYTES}`);
    }
    this.pageCount = pages;
    // While node builds a start-up snapshot there is no SharedArrayBuffer.
    this.ballasted = pages * PAGE_BYTES > BALLAST_BYTES && typeof SharedArrayBuffer === "function";
    const recycled = takeRetired(pages * PAGE_BYTES, this.ballasted);
    if (recycled !== undefined) {
      this.buffer = recycled.buffer;
      this.ballast.push(...recycled.ballast);
      this.dirtyPages = recycled.dirtyPages;
    } else {
      this.buffer = this.ballasted ? new SharedArrayBuffer(pages * PAGE_BYTES) : new ArrayBuffer(pages * PAGE_BYTES);
      this.dirtyPages = 0;
    }
    this.addBallast();
    this.words = new Int32Array(this.buffer);
    this.bytes = new Uint8Array(this.buffer);
    this.latin1 = Buffer.from(this.buffer);
    this.float64 = new Float64Array(this.buffer);
    this.pageSpace = new Uint8Array(pages);
    this.pageGeneration = new Uint8Array(pages);
    this.pageTop = new Int32Array(pages);
    this.pageRun = new Int32Array(pages);
    this.pageEpoch = new Uint32Array(pages);
    this.pageRemembered = new Uint8Array(pages);
    this.tablesEpoch = new Uint32Array(pages);
    this.pageSpace[PAGE_RESERVED] = SPACE_RESERVED;
    // The nursery is at most a NURSERY_SHARE_MAX-th of the heap: promoting it needs as much again (H8).
    const nurseryBytes = Math.min(options.nurseryBytes ?? NURSERY_BYTES_DEFAULT, (pages * PAGE_BYTES) / NURSERY_SHARE_MAX);
    this.nurseryPages = Math.max(1, Math.floor(nurseryBytes / PAGE_BYTES));
    this.lowWaterPages = Math.max(2 * RESERVE_PAGES, Math.floor(pages / LOW_WATER_FRACTION));
    this.rootSets.push({
      forEachRoot: (visit) => {
        for (const handle of this.handles) handle.value = visit(handle.value);
      },
    });
  }

  // ---- Handles -------------------------------------------------------------------------------

  /** Holds a word across safe points: the handle's value follows the object when it moves. */
  hold(word: number): Handle {
    const handle = { value: word };
    this.handles.add(handle);
    return handle;
  }

  /** Lets a held word go: the object may now be freed, and the handle is not updated again. */
  release(handle: Handle): void {
    this.handles.delete(handle as { value: number });
  }

  // ---- Pages ---------------------------------------------------------------------------------

  /** The bytes of page p: a view of the heap, not a copy. */
  pageBytes(p: number): Uint8Array {
    return this.bytes.subarray(p * PAGE_BYTES, (p + 1) * PAGE_BYTES);
  }

  /** The page a pointer points into. */
  pageOf(pointer: number): number {
    return addressOf(pointer) >>> PAGE_WORD_SHIFT;
  }

  isYoung(pointer: number): boolean {
    return isPointer(pointer) && this.pageGeneration[addressOf(pointer) >>> PAGE_WORD_SHIFT] === GENERATION_YOUNG;
  }

  /** Words in use in a young page, counted from its first word (the current page's top included). */
  youngUsedWords(p: number): number {
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

  /** Whether any page is dirty in the current epoch: changed since the last checkpoint (H4). */
  hasDirtyPages(): boolean {
    for (let p = 0; p < this.nextFreshPage; p++) if (this.pageEpoch[p] === this.epoch) return true;
    return false;
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

  /**
   * Pages for a space (H1, H2): from the free pool, or fresh from the reservation, zeroed. A run
   * of several pages is always fresh (contiguous). Throws HeapExhausted at the limit (H6).
   */
  takePages(space: number, generation: number, count: number): number {
    // H8: outside a collection, keep room to promote the nursery; a collection uses everything.
    const reserve = this.collecting ? 0 : this.reserve;
    const headroom = this.collecting ? 0 : this.youngPageList.length + PROMOTION_SLACK_PAGES;
    const fresh = this.pageCount - reserve - this.nextFreshPage;
    let first: number;
    if (this.freePages.length + fresh - count < headroom || (count > 1 || this.freePages.length === 0) && fresh < count) {
      // H6: the first time, release the reserve for the error's sake; past it, fail for good.
      this.reserve = 0;
      throw new HeapExhausted(this.pageCount * PAGE_BYTES);
    }
    if (count === 1 && this.freePages.length > 0) {
      first = this.freePages.pop()!;
      this.words.fill(0, first * PAGE_WORDS, first * PAGE_WORDS + this.pageTop[first]);
    } else {
      first = this.nextFreshPage;
      this.nextFreshPage += count;
      this.addBallast();
      if (first < this.dirtyPages) this.words.fill(0, first * PAGE_WORDS, Math.min(first + count, this.dirtyPages) * PAGE_WORDS);
    }
    if (this.lowWaterArmed && this.pagesAvailable < this.lowWaterPages) {
      // Collect before memory runs out, at the next safe point.
      this.lowWaterArmed = false;
      this.collectRequested = true;
      this.collectFull = true;
    }
    this.generationPages[generation] += count;
    for (let p = first; p < first + count; p++) {
      this.pageSpace[p] = space;
      this.pageGeneration[p] = generation;
      this.pageEpoch[p] = this.epoch;
      this.pageTop[p] = 0;
      this.pageRun[p] = 0;
      this.pageRemembered[p] = 0;
    }
    return first;
  }

  /**
   * Gives a page back to the pool (a collection freed it). Its words are cleared when reused: the
   * first `usedWords` of them, the others being zero already.
   */
  releasePage(p: number, usedWords = PAGE_WORDS): void {
    this.generationPages[this.pageGeneration[p]]--;
    this.pageSpace[p] = SPACE_FREE;
    this.pageGeneration[p] = GENERATION_NONE;
    this.pageRemembered[p] = 0;
    this.pageTop[p] = usedWords;
    this.pageRun[p] = 0;
    this.freePages.push(p);
  }

  /**
   * Gives page p its place in a heap being restored from an image, whose first `length` bytes
   * the caller puts in the page; the rest of it is zeros, but on a stack page, where it may be
   * what a recycled world left above its stack, as a running world leaves popped frames (no
   * frame is read before it is cleared: machine.ts M1). The heap must be new: every page free
   * until now. The page is clean in the current epoch (it is what the image has).
   */
  restorePage(p: number, space: number, generation: number, top: number, run: number, length: number): void {
    if (p < this.dirtyPages && space !== SPACE_STACK) {
      // By words, faster than by bytes; `length` is whole words as an image writes a page.
      const tail = Math.ceil((p * PAGE_BYTES + length) / WORD_BYTES);
      this.bytes.fill(0, p * PAGE_BYTES + length, tail * WORD_BYTES);
      this.words.fill(0, tail, (p + 1) * PAGE_WORDS);
    }
    this.pageSpace[p] = space;
    this.pageGeneration[p] = generation;
    this.pageTop[p] = top;
    this.pageRun[p] = run;
    this.pageEpoch[p] = 0;
    this.tablesEpoch[p] = 0;
    this.generationPages[generation]++;
  }

  /** The bytes of memory V8 counts for this heap: its ballast, or its buffer if that is counted. */
  get countedBytes(): number {
    return this.ballasted ? this.ballast.length * BALLAST_BYTES : this.buffer.byteLength;
  }

  /** Adds ballast until it covers the pages below nextFreshPage (see the top). */
  private addBallast(): void {
    if (!this.ballasted) return;
    while (this.ballast.length * BALLAST_BYTES < this.nextFreshPage * PAGE_BYTES) this.ballast.push(new ArrayBuffer(BALLAST_BYTES));
  }

  /** Ends a restore: below `highWater`, the pages not restored are free. */
  finishRestore(highWater: number): void {
    this.nextFreshPage = highWater;
    this.addBallast();
    for (let p = highWater - 1; p > PAGE_RESERVED; p--) {
      if (this.pageSpace[p] !== SPACE_FREE) continue;
      // Recycled memory: cleared when taken (takePages clears a free page's first pageTop words).
      if (p < this.dirtyPages) this.pageTop[p] = PAGE_WORDS;
      this.freePages.push(p);
    }
  }

  /**
   * Gives this heap's memory to the next heap made with the same reservation (RECYCLING, at the
   * top): for a heap whose world is never run again, once nothing runs on it (sysin, after the
   * machine that called it has returned). This heap is unusable after: its views are empty, so a
   * stray use reads nothing and writes nowhere, never into the heap that takes the memory.
   */
  retire(): void {
    if (this.bytes.length === 0) return; // retired already
    // Pages this heap never took may still hold the bytes of the world whose memory it recycled.
    const dirtyPages = Math.max(this.nextFreshPage, this.dirtyPages);
    const memory: RetiredMemory = { buffer: this.buffer, shared: this.ballasted, ballast: this.ballast, dirtyPages };
    retired = memory;
    setImmediate(() => {
      if (retired === memory) retired = undefined;
    }).unref();
    const views = this as { words: Int32Array; bytes: Uint8Array; latin1: Buffer; float64: Float64Array };
    views.words = new Int32Array(0);
    views.bytes = new Uint8Array(0);
    views.latin1 = Buffer.alloc(0);
    views.float64 = new Float64Array(0);
  }

  /** Pages no space has, the reserve included: what a collection may still take (H8). */
  get pagesUnused(): number {
    return this.freePages.length + (this.pageCount - this.nextFreshPage);
  }

  /** Pages the heap may still take, the reserve aside. */
  get pagesAvailable(): number {
    return this.freePages.length + (this.pageCount - this.reserve - this.nextFreshPage);
  }

  /**
   * After a collection: keeps the reserve back again (H6) if there is room for it, and re-arms the
   * low-water request once there are enough free pages again.
   */
  afterCollection(): void {
    if (this.reserve === 0 && this.pagesAvailable >= 2 * RESERVE_PAGES) this.reserve = RESERVE_PAGES;
    if (this.pagesAvailable >= LOW_WATER_REARM * this.lowWaterPages) this.lowWaterArmed = true;
  }

  private openYoungPage(a: YoungSpace): void {
    if (a.page !== 0) this.pageTop[a.page] = a.top - a.page * PAGE_WORDS;
    const p = this.takePages(a.space, GENERATION_YOUNG, 1);
    this.youngPageList.push(p);
    a.page = p;
    a.top = p * PAGE_WORDS;
    a.limit = a.top + PAGE_WORDS;
    if (this.youngPageList.length >= this.nurseryPages) this.collectRequested = true;
  }

  /** After a minor collection emptied the nursery: frees every young page. */
  resetNursery(): void {
    for (const a of [this.conses, this.vectors, this.cells]) {
      if (a.page !== 0) this.pageTop[a.page] = a.top - a.page * PAGE_WORDS;
      a.page = 0;
      a.top = 0;
      a.limit = 0;
    }
    for (const p of this.youngPageList) this.releasePage(p, this.pageTop[p]);
    this.youngPageList = [];
  }

  // ---- Allocation ----------------------------------------------------------------------------

  cons(car: number, cdr: number): number {
    const a = this.conses;
    if (a.top === a.limit) this.openYoungPage(a);
    const at = a.top;
    a.top = at + 2;
    this.words[at] = car;
    this.words[at + 1] = cdr;
    return pairPointer(at);
  }

  /**
   * Allocates a young object of the given type and payload size, with its header written and
   * its payload zero (H2). The type's entry in OBJECT_TYPES says which space it lives in. An
   * object larger than a page is allocated old, as a large object.
   */
  allocate(type: number, size: number): number {
    if (size > HEADER_SIZE_MAX) {
      throw new SchemeError(`object too large: ${size} words, the most is ${HEADER_SIZE_MAX}`, [], "memory");
    }
    const space = OBJECT_TYPE_BY_NUMBER[type]!.space;
    const words = objectWords(size);
    if (words > PAGE_WORDS) return this.placeOld(this.oldSpace.allocateLarge(space, words), type, size);
    const a = space === SPACE_CELL ? this.cells : this.vectors;
    if (a.top + words > a.limit) this.openYoungPage(a);
    const at = a.top;
    a.top = at + words;
    this.words[at] = makeHeader(type, size);
    return objectPointer(at);
  }

  /**
   * Allocates an object directly in old space (pretenured): for objects JS-side caches refer to
   * (symbols, global cells, primitives, code), which then move only in a compaction.
   */
  allocateOld(type: number, size: number): number {
    if (size > HEADER_SIZE_MAX) {
      throw new SchemeError(`object too large: ${size} words, the most is ${HEADER_SIZE_MAX}`, [], "memory");
    }
    const space = OBJECT_TYPE_BY_NUMBER[type]!.space;
    const words = objectWords(size);
    const at = words > PAGE_WORDS ? this.oldSpace.allocateLarge(space, words) : this.oldSpace.allocate(space, words);
    return this.placeOld(at, type, size);
  }

  private placeOld(at: number, type: number, size: number): number {
    this.words[at] = makeHeader(type, size);
    const object = objectPointer(at);
    this.recentOld.push(object);
    return object;
  }

  /**
   * Reserves a run of pages for the VM's stack (SPACE_STACK) and returns the word index of its
   * first word. Stack pages hold frames, not objects; they are a root area of the collector, and
   * an image writes the ones in use at every commit.
   */
  allocateStackRegion(words: number): number {
    return this.takePages(SPACE_STACK, GENERATION_NONE, Math.ceil(words / PAGE_WORDS)) * PAGE_WORDS;
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

  /**
   * Writes a field of a cell: the only mutation of heap data there is (H4), and the write
   * barrier (H7): an old cell given a young pointer has its page remembered.
   */
  setCell(cell: number, offset: number, value: number): void {
    const at = addressOf(cell) + offset;
    this.words[at] = value;
    const page = at >>> PAGE_WORD_SHIFT;
    this.pageEpoch[page] = this.epoch;
    if (isPointer(value) && this.pageGeneration[page] === GENERATION_OLD && this.pageRemembered[page] === 0 &&
      this.pageGeneration[(value >>> POINTER_SHIFT) >>> PAGE_WORD_SHIFT] === GENERATION_YOUNG) {
      this.pageRemembered[page] = 1;
      this.rememberedPages.push(page);
    }
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

  /** Pages of a generation (GENERATION_*) in use. */
  pagesOfGeneration(generation: number): number {
    return this.generationPages[generation];
  }

  /** One past the highest page ever taken: the pages a walk of the heap has to look at. */
  get pageHighWater(): number {
    return this.nextFreshPage;
  }
}
