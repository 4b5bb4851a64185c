// The page table of a commit: where each page of a world is in its image file. Held as columns
// (one typed array per field, one entry per page in use, in ascending page order), the way a
// commit record stores it (format.ts).
//
// A commit record holds either a whole table or the changes to the table of an earlier record
// of the same file: entries that are new or differ, and the pages dropped. applyChanges makes
// the whole table from the two; the writer (image-file.ts writeCommit) makes its new table
// with it too, so that a world's table in memory is the one a reader of its file rebuilds.

/** The page table of a commit, as columns (one entry per page in use). */
export interface PageTable {
  readonly page: Uint32Array;
  readonly space: Uint8Array;
  readonly generation: Uint8Array;
  readonly top: Int32Array;
  readonly run: Int32Array;
  readonly offset: Float64Array;
  readonly length: Uint32Array;
  readonly hash: BigUint64Array;
  readonly tablesOffset: Float64Array;
  readonly tablesLength: Uint32Array;
  readonly tablesHash: BigUint64Array;
}

export const PAGE_TABLE_COLUMNS = ["page", "space", "generation", "top", "run", "offset", "length", "hash", "tablesOffset",
  "tablesLength", "tablesHash"] as const;
export type Column = (typeof PAGE_TABLE_COLUMNS)[number];
export const COLUMN_TYPES: Record<Column, { new(buffer: ArrayBuffer): PageTable[Column]; BYTES_PER_ELEMENT: number }> = {
  page: Uint32Array, space: Uint8Array, generation: Uint8Array, top: Int32Array, run: Int32Array, offset: Float64Array,
  length: Uint32Array, hash: BigUint64Array, tablesOffset: Float64Array, tablesLength: Uint32Array, tablesHash: BigUint64Array,
};

/** A table of `entries` entries: no page record nor tables record (offset -1) yet. */
export function newPageTable(entries: number): PageTable {
  const table = uninitializedPageTable(entries);
  table.offset.fill(-1);
  table.tablesOffset.fill(-1);
  return table;
}

/** A table of `entries` entries, each to be filled in: its columns share one buffer, widest first (aligned). */
function uninitializedPageTable(entries: number): PageTable {
  const bytes = PAGE_TABLE_COLUMNS.reduce((sum, name) => sum + entries * COLUMN_TYPES[name].BYTES_PER_ELEMENT, 0);
  const buffer = new ArrayBuffer(bytes);
  const columns: Partial<Record<Column, PageTable[Column]>> = {};
  let at = 0;
  for (const name of COLUMNS_WIDEST_FIRST) {
    const type = COLUMN_TYPES[name] as unknown as { new(buffer: ArrayBuffer, offset: number, length: number): PageTable[Column] };
    columns[name] = new type(buffer, at, entries);
    at += entries * COLUMN_TYPES[name].BYTES_PER_ELEMENT;
  }
  return columns as PageTable;
}

const COLUMNS_WIDEST_FIRST = [...PAGE_TABLE_COLUMNS].sort((a, b) => COLUMN_TYPES[b].BYTES_PER_ELEMENT - COLUMN_TYPES[a].BYTES_PER_ELEMENT);

/** Copies entry `from` of table `a` to entry `to` of table `b`. */
export function copyEntry(a: PageTable, from: number, b: PageTable, to: number): void {
  b.page[to] = a.page[from];
  b.space[to] = a.space[from];
  b.generation[to] = a.generation[from];
  b.top[to] = a.top[from];
  b.run[to] = a.run[from];
  b.offset[to] = a.offset[from];
  b.length[to] = a.length[from];
  b.hash[to] = a.hash[from];
  b.tablesOffset[to] = a.tablesOffset[from];
  b.tablesLength[to] = a.tablesLength[from];
  b.tablesHash[to] = a.tablesHash[from];
}

/** Whether entry i of table a and entry j of table b are the same. */
export function sameEntry(a: PageTable, i: number, b: PageTable, j: number): boolean {
  return a.page[i] === b.page[j] && a.space[i] === b.space[j] && a.generation[i] === b.generation[j] && a.top[i] === b.top[j] &&
    a.run[i] === b.run[j] && a.offset[i] === b.offset[j] && a.length[i] === b.length[j] && a.hash[i] === b.hash[j] &&
    a.tablesOffset[i] === b.tablesOffset[j] && a.tablesLength[i] === b.tablesLength[j] && a.tablesHash[i] === b.tablesHash[j];
}

/** The first `entries` entries of a table: views of its columns. */
export function prefix(table: PageTable, entries: number): PageTable {
  const columns: Partial<Record<Column, PageTable[Column]>> = {};
  for (const name of PAGE_TABLE_COLUMNS) columns[name] = table[name].subarray(0, entries) as PageTable[Column];
  return columns as PageTable;
}

/** Copies entries [from, from + n) of `a` to `b` at `to`: a memory copy per column. */
function copyRun(a: PageTable, from: number, n: number, b: PageTable, to: number): void {
  if (n === 0) return;
  for (const name of PAGE_TABLE_COLUMNS) {
    (b[name] as Uint8Array).set((a[name] as Uint8Array).subarray(from, from + n), to);
  }
}

function ascending(pages: Uint32Array): boolean {
  for (let i = 1; i < pages.length; i++) if (pages[i] <= pages[i - 1]) return false;
  return true;
}

/**
 * The table `base` with `changes` put in (an entry for a page `base` has replaces it; others are
 * added) and the pages `removed` taken out; undefined if the changes do not fit `base` (out of
 * order, or removing a page it lacks or one they change): which a record's checksum makes a
 * bug, not damage, but a bad image must never crash the host. Cost: a memory copy of `base`, and
 * work in proportion to the changes.
 */
export function applyChanges(base: PageTable, changes: PageTable, removed: Uint32Array): PageTable | undefined {
  if (!ascending(changes.page) || !ascending(removed)) return undefined;
  // The first entry of base from `from` on whose page is not below `page`.
  const search = (page: number, from: number): number => {
    let lo = from, hi = base.page.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (base.page[mid] < page) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const inBase = (page: number, at: number): boolean => at < base.page.length && base.page[at] === page;
  let added = 0;
  for (let c = 0, at = 0; c < changes.page.length; c++) {
    at = search(changes.page[c], at);
    if (!inBase(changes.page[c], at)) added++;
  }
  const entries = base.page.length + added - removed.length;
  if (entries < 0) return undefined;
  const table = uninitializedPageTable(entries);
  let i = 0; // next entry of base
  let c = 0; // next change
  let r = 0; // next removal
  let at = 0; // next entry of table
  while (c < changes.page.length || r < removed.length) {
    const change = c < changes.page.length ? changes.page[c] : Infinity;
    const removal = r < removed.length ? removed[r] : Infinity;
    if (change === removal) return undefined;
    const page = Math.min(change, removal);
    const j = search(page, i);
    if (at + (j - i) > table.page.length) return undefined;
    copyRun(base, i, j - i, table, at);
    at += j - i;
    i = j;
    if (page === removal) {
      if (!inBase(page, i)) return undefined;
      i++;
      r++;
    } else {
      if (inBase(page, i)) i++;
      if (at >= table.page.length) return undefined;
      copyEntry(changes, c++, table, at++);
    }
  }
  if (at + (base.page.length - i) !== table.page.length) return undefined;
  copyRun(base, i, base.page.length - i, table, at);
  return table;
}

