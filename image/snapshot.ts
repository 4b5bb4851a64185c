// A world as an image holds it: the pages in use, their metadata and old space's free-space
// tables, the root table. Capturing reads the heap in place (a page record's payload is a view
// of the page, never a serialization); restoring fills a new heap's pages from records.

import { GENERATION_NONE, GENERATION_OLD, Heap } from "../runtime/heap";
import { PAGE_BYTES, PAGE_RESERVED, PAGE_WORDS, SPACE_FREE, SPACE_RESERVED, SPACE_STACK, WORD_BYTES } from "../runtime/layout";
import { PAGE_GRANULES, PagedOldSpace, newBitmap } from "../gc/old-space";
import { TABLES_LIVE_BYTES } from "./format";

const STARTS_BYTES = newBitmap().length;
const HOLE_BYTES = 2;

/** Bits of WorldPages.flags: whether a page changed since the last commit, its tables, and whether it has any. */
export const PAGE_CHANGED = 1;
export const TABLES_CHANGED = 2;
export const HAS_TABLES = 4;

/**
 * The pages of a world as a commit sees them: for every page in use, in ascending order, its
 * metadata as columns (page, space, generation, top, run: the first `count` entries) and flags;
 * and what a commit writes of the pages it writes.
 */
export interface WorldPages {
  readonly count: number;
  readonly page: Uint32Array;
  readonly space: Uint8Array;
  readonly generation: Uint8Array;
  readonly top: Int32Array;
  readonly run: Int32Array;
  /** PAGE_CHANGED, TABLES_CHANGED, HAS_TABLES. */
  readonly flags: Uint8Array;
  /** Page p's bytes up to its last nonzero word (a view of the heap). */
  bytes(p: number): Uint8Array;
  /** The free-space tables of old page p (HAS_TABLES), encoded. */
  tables(p: number): Uint8Array;
}

/**
 * Every page in use, for a commit. The nursery must be empty (a minor collection has just run).
 * A page changed if it was written since the heap's epoch began (the last commit), its tables
 * likewise. Stack pages count as changed up to `stackTop` (a word index), and their words from
 * there on as zero: the machine writes its stack without dirtying pages, and what lies above the
 * running frame is never read (machine.ts M1). A tight pass over the heap's page metadata: the
 * writer does work in proportion to the pages that changed, not to the world.
 */
export function worldPages(heap: Heap, oldSpace: PagedOldSpace, stackTop: number): WorldPages {
  const limit = heap.pageHighWater;
  const page = new Uint32Array(limit), space = new Uint8Array(limit), generation = new Uint8Array(limit);
  const top = new Int32Array(limit), run = new Int32Array(limit), flags = new Uint8Array(limit);
  let count = 0;
  for (let p = PAGE_RESERVED + 1; p < limit; p++) {
    const s = heap.pageSpace[p];
    if (s === SPACE_FREE || s === SPACE_RESERVED) continue;
    const g = heap.pageGeneration[p];
    if (g !== GENERATION_OLD && g !== GENERATION_NONE) {
      throw new Error(`image: page ${p} is young: the nursery must be empty when a world is saved`);
    }
    // Old pages of small objects have free-space tables; large objects' pages have none.
    const tabled = oldSpace.starts[p] !== undefined;
    page[count] = p;
    space[count] = s;
    generation[count] = g;
    top[count] = heap.pageTop[p];
    run[count] = heap.pageRun[p];
    flags[count] = (s === SPACE_STACK || heap.pageEpoch[p] === heap.epoch ? PAGE_CHANGED : 0) |
      (tabled ? HAS_TABLES | (heap.tablesEpoch[p] === heap.epoch ? TABLES_CHANGED : 0) : 0);
    count++;
  }
  return {
    count, page, space, generation, top, run, flags,
    bytes: (p) => {
      const end = heap.pageSpace[p] === SPACE_STACK ? Math.max(0, Math.min(PAGE_WORDS, stackTop - p * PAGE_WORDS)) : PAGE_WORDS;
      return heap.bytes.subarray(p * PAGE_BYTES, p * PAGE_BYTES + usedWords(heap.words, p * PAGE_WORDS, end) * WORD_BYTES);
    },
    tables: (p) => encodeTables(oldSpace, p),
  };
}

/** Words of a page up to its last nonzero one, looking at its first `end`. */
function usedWords(words: Int32Array, base: number, end: number): number {
  let n = end;
  while (n > 0 && words[base + n - 1] === 0) n--;
  return n;
}

/** A tables record's payload: starts bitmap, live granules (u32), holes as (start, length) u16 pairs. */
function encodeTables(oldSpace: PagedOldSpace, p: number): Uint8Array {
  const holes = oldSpace.holes[p] ?? [];
  const bytes = new Uint8Array(STARTS_BYTES + TABLES_LIVE_BYTES + holes.length * HOLE_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(oldSpace.starts[p]!, 0);
  view.setUint32(STARTS_BYTES, oldSpace.live[p], true);
  for (let i = 0; i < holes.length; i++) view.setUint16(STARTS_BYTES + TABLES_LIVE_BYTES + i * HOLE_BYTES, holes[i], true);
  return bytes;
}

/**
 * Restores a tables record into old space; false if the payload is not well-formed (which a
 * valid checksum makes a bug, not damage, but a bad image must never crash the host).
 */
export function restoreTables(oldSpace: PagedOldSpace, p: number, bytes: Uint8Array): boolean {
  const holeBytes = bytes.length - STARTS_BYTES - TABLES_LIVE_BYTES;
  if (holeBytes < 0 || holeBytes % (2 * HOLE_BYTES) !== 0) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const live = view.getUint32(STARTS_BYTES, true);
  const holes: number[] = [];
  let end = 0;
  for (let at = STARTS_BYTES + TABLES_LIVE_BYTES; at < bytes.length; at += HOLE_BYTES) holes.push(view.getUint16(at, true));
  for (let i = 0; i < holes.length; i += 2) {
    if (holes[i] < end || holes[i + 1] === 0 || holes[i] + holes[i + 1] > PAGE_GRANULES) return false;
    end = holes[i] + holes[i + 1];
  }
  if (live > PAGE_GRANULES) return false;
  // A copy: `bytes` may be a view of an image held in memory (a Buffer, whose slice is a view).
  oldSpace.restoreTables(p, new Uint8Array(bytes.subarray(0, STARTS_BYTES)), holes, live);
  return true;
}
