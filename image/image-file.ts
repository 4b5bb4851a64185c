// Writing commits to an image file and reading the newest valid one back (format.ts has the
// format and the rule for a valid commit).
//
// THE COMMIT PROTOCOL (writeCommit), and what holds if the process dies or the power fails
// after each step:
//   1. A new image: write the header and every page, tables and commit record, then the
//      trailer, to NAME.image.tmp. -> NAME.image is untouched (absent or the old world); a
//      temporary file is left, which the next save to NAME overwrites.
//   2. fsync the temporary file. -> The same; the new world is durable under the temporary name.
//   3. rename it to NAME.image. -> Either name holds a complete, durable image.
//   4. fsync the directory. -> The rename is durable. sysout returns only now.
// Appending to an existing image (the usual case):
//   1. Write the new page and tables records, the commit record and the trailer at the end of
//      the file, in one go. -> The previous commit is untouched (the file is append-only); the
//      tail may be torn or, after a power loss, have any subset of the writes, which recovery
//      skips: the new commit is valid only if all its records are.
//   2. fsync the file. -> The new commit is durable. sysout returns only now.
// A failed write or fsync leaves the previous commit valid and is reported, not retried: the
// caller keeps its pages dirty and its previous commit point, so the next save writes again
// everything the failed one covered and refers to nothing it wrote.
//
// RECOVERY (openImage)
//   1. Read the header: magic, checksum, format version, layout fingerprint; else a clear error.
//   2. Look for trailers from the end of the file backwards. For each: the commit record it
//      points at must be intact and end where the trailer begins (else: a torn or damaged tail,
//      skipped silently).
//   3. Make the commit's whole page table, following its chain of bases back to a whole table
//      (format.ts, TABLE CHAINS); read every record it names into a new heap, checking each
//      against the table (kind, page, length, generation, checksum). If a record of either
//      fails, the commit is damaged: warn once (naming the image and the offset) and go on with
//      the next trailer back.
//   4. No commit left: the image is damaged beyond use, a clear error.

import { CommitPayload, CommitRecord, FORMAT_VERSION, HEADER_BYTES, IMAGE_ID_BYTES, RECORD_COMMIT, RECORD_HEADER_BYTES, RECORD_JOURNAL, RECORD_PAGE,
  RECORD_TABLES, TRAILER_BYTES, TRAILER_MAGIC_BYTES, TRAILER_MAGIC_OFFSET, decodeCommit, decodeHeader, decodeRecordHeader,
  decodeTrailer, encodeCommit, encodeHeader, encodeRecordHeader, encodeTrailer, hasher } from "./format";
import { ImageIO } from "./io";
import { HAS_TABLES, PAGE_CHANGED, TABLES_CHANGED, WorldPages } from "./snapshot";
import { PageTable, applyChanges, newPageTable, prefix, sameEntry } from "./page-table";
import { SchemeError } from "../runtime/errors";
import { LAYOUT_FINGERPRINT, PAGE_BYTES, PAGE_RESERVED, SPACE_NAMES, SPACE_FREE, SPACE_RESERVED } from "../runtime/layout";
import { GENERATION_NONE, GENERATION_OLD } from "../runtime/heap";
import { randomBytes } from "crypto";
import { dirname } from "path";
import { osReason } from "../runtime/ports";

/** Where an image file's newest commit is, as the world that made or loaded it knows it. */
export interface CommitPoint {
  readonly path: string;
  readonly id: Uint8Array;
  readonly number: number;
  /** 0, or the number of the last journal record written or loaded after the commit. */
  readonly sequence: number;
  /** Offset of the commit record. */
  readonly offset: number;
  /** The file's length after the commit's trailer. */
  readonly end: number;
  /** The page table of the commit (or of the journal record after it). */
  readonly pages: PageTable;
  /** The records that table is made from (format.ts, TABLE CHAINS). */
  readonly chain: TableChain;
  /** Bytes of the records the commit refers to, the header, its chain and the commit itself included. */
  readonly liveBytes: number;
}

/**
 * The commit and journal records a page table is made from: the record that holds it, then
 * the record whose table each one changes, back to one that holds a whole table.
 */
export interface TableChain {
  /** Their offsets, the table's own record first; none for a point whose file holds no table of its world. */
  readonly records: readonly number[];
  /** Entries changed and pages removed by the records after the whole table, together. */
  readonly changes: number;
  /** Bytes of the records (headers, payloads, a commit's trailer). */
  readonly bytes: number;
}

/** No table: a world the file does not hold (a new image, another file's world). */
const NO_CHAIN: TableChain = { records: [], changes: 0, bytes: 0 };

/**
 * A commit's table is written whole, not as changes, when its chain would be longer than this
 * (a reader's cost to resolve it), or when the changes since the whole table come to half of
 * its entries (a whole table is as cheap, then). So a save writes what changed, and the bytes of
 * whole tables come to at most one in MAX_TABLE_CHAIN saves: flat in the world's size.
 */
export const MAX_TABLE_CHAIN = 64;

/** Whether a commit writes its table whole, not as `changes` to the table of `chain` (MAX_TABLE_CHAIN). */
export function writesWholeTable(chain: TableChain, changes: number, entries: number): boolean {
  return chain.records.length === 0 || chain.records.length >= MAX_TABLE_CHAIN || chain.changes + changes > entries / 2;
}

/** What a commit says about the world besides its pages. */
export interface CommitMeta {
  readonly running: boolean;
  readonly highWater: number;
  readonly roots: Int32Array;
}

/** An image operation that failed: one line, the image named; a Lisp error programs can catch. */
export class ImageError extends SchemeError {
  constructor(message: string) {
    super(message, [], "file");
    this.name = "ImageError";
  }
}

/** The temporary file a new image (or a compaction) is written to before its rename. */
export function temporaryPath(path: string): string {
  return `${path}.tmp`;
}

// ---- Writing ---------------------------------------------------------------------------------

/**
 * Commits a world to the image file at `path`: appended to it after `base` (the commit the world
 * was loaded from or last saved to in this file, whose unchanged pages are reused), or as a
 * whole new commit: appended to an existing image, or in a new file (always, if `rewrite`: a
 * compaction, which replaces the file atomically). Returns the new commit
 * point. Throws an ImageError naming the cause if any write or fsync fails.
 */
export function writeCommit(io: ImageIO, path: string, world: WorldPages, meta: CommitMeta,
  base: CommitPoint | undefined, describe: string, how: "append" | "rewrite" | "journal" = "append"): CommitPoint {
  const journal = how === "journal";
  if (journal && base === undefined) throw new Error("image: a journal record follows a commit of the file");
  const target = how === "rewrite" ? undefined : base === undefined ? appendTarget(io, path, describe) : rebase(io, path, base, journal, describe);
  const fresh = target === undefined;
  const id = fresh ? randomBytes(IMAGE_ID_BYTES) : target.id;
  const number = fresh ? 1 : journal ? target.number : target.number + 1;
  const sequence = journal ? target!.sequence + 1 : 0;
  let fd: number | undefined;
  let start = HEADER_BYTES;
  if (!fresh) {
    // Appending: after whatever the file holds now, a torn tail included (step 1).
    try {
      fd = io.open(path, "write");
      start = io.size(fd);
      if (journal && start > target.end) {
        // A torn tail after the last journal record (a crash): the journal must follow on
        // directly, so the tail is cut off. Nothing valid is lost: recovery would stop there.
        io.truncate(fd, target.end);
        start = target.end;
      }
    } catch (e) {
      if (fd !== undefined) ignoreErrors(() => io.close(fd!));
      throw new ImageError(`cannot write image ${describe}: ${osReason(e)}; its previous commit is unchanged`);
    }
  }
  const chunks: Uint8Array[] = fresh ? [encodeHeader(id, Date.now())] : [];
  let at = start;
  const h64 = hasher().h64;
  const append = (kind: number, subject: number, payload: Uint8Array, hash: bigint): number => {
    const offset = at;
    chunks.push(encodeRecordHeader(kind, subject, payload.length, number, id, hash), payload);
    at += RECORD_HEADER_BYTES + payload.length;
    return offset;
  };
  // The table the world's records are reused from: only the commit this file still holds
  // (appendTarget's table is empty).
  const previous = target?.pages ?? newPageTable(0);
  const previousChain = target?.chain ?? NO_CHAIN;
  const { entries: changed, previousEntry, removed } = compareTables(world, previous);
  const written = newPageTable(changed.length);
  let c = 0; // entries of `written` kept
  for (let e = 0; e < changed.length; e++) {
    const i = changed[e], k = previousEntry[e], flags = world.flags[i], p = world.page[i];
    // Entry c may hold one found to be no change: every field is set anew.
    written.offset[c] = written.tablesOffset[c] = -1;
    written.length[c] = written.tablesLength[c] = 0;
    written.hash[c] = written.tablesHash[c] = 0n;
    written.page[c] = p;
    written.space[c] = world.space[i];
    written.generation[c] = world.generation[i];
    written.top[c] = world.top[i];
    written.run[c] = world.run[i];
    if (k >= 0 && (flags & PAGE_CHANGED) === 0) {
      written.offset[c] = previous.offset[k];
      written.length[c] = previous.length[k];
      written.hash[c] = previous.hash[k];
    } else {
      const bytes = world.bytes(p);
      if (bytes.length > 0) {
        const hash = h64(bytes);
        written.offset[c] = append(RECORD_PAGE, p, bytes, hash);
        written.length[c] = bytes.length;
        written.hash[c] = hash;
      }
    }
    if ((flags & HAS_TABLES) !== 0) {
      if (k >= 0 && (flags & TABLES_CHANGED) === 0 && previous.tablesOffset[k] >= 0) {
        written.tablesOffset[c] = previous.tablesOffset[k];
        written.tablesLength[c] = previous.tablesLength[k];
        written.tablesHash[c] = previous.tablesHash[k];
      } else {
        const tables = world.tables(p);
        const hash = h64(tables);
        written.tablesOffset[c] = append(RECORD_TABLES, p, tables, hash);
        written.tablesLength[c] = tables.length;
        written.tablesHash[c] = hash;
      }
    }
    // A page that counts as changed may be as it was: a stack page above the running frame,
    // all zeros then and now. Its entry is no change.
    if (k < 0 || !sameEntry(written, c, previous, k)) c++;
  }
  const changes = prefix(written, c);
  const table = applyChanges(previous, changes, removed);
  if (table === undefined || table.page.length !== world.count) throw new Error("image: a commit's changes do not fit the table they change");
  const changeCount = changes.page.length + removed.length;
  const whole = writesWholeTable(previousChain, changeCount, world.count);
  const payload = encodeCommit({
    number, sequence, previous: fresh ? -1 : target.offset, time: Date.now(), running: meta.running, highWater: meta.highWater, roots: meta.roots, entries: world.count,
    ...(whole ? { base: -1, changes: table, removed: new Uint32Array(0) } : { base: previousChain.records[0], changes, removed }),
  });
  const recordOffset = append(journal ? RECORD_JOURNAL : RECORD_COMMIT, 0, payload, h64(payload));
  if (!journal) {
    chunks.push(encodeTrailer(recordOffset, number));
    at += TRAILER_BYTES;
  }
  const ownBytes = RECORD_HEADER_BYTES + payload.length + (journal ? 0 : TRAILER_BYTES);
  const chain: TableChain = whole ? { records: [recordOffset], changes: 0, bytes: ownBytes }
    : { records: [recordOffset, ...previousChain.records], changes: previousChain.changes + changeCount, bytes: previousChain.bytes + ownBytes };
  if (fresh) writeNewFile(io, path, chunks, describe);
  else appendToFile(io, fd!, chunks, start, describe);
  const offset = journal ? target!.offset : recordOffset;
  return { path, id, number, sequence, offset, end: at, pages: table, chain, liveBytes: HEADER_BYTES + recordBytes(table) + chain.bytes };
}

/**
 * Which entries of `world` differ from `previous` (metadata, or the page or its tables written
 * since), each with the entry of `previous` for the same page if only its bytes or tables may
 * differ (-1: none, or its metadata differs); and the pages of `previous` no longer in use.
 */
function compareTables(world: WorldPages, previous: PageTable): { entries: number[]; previousEntry: number[]; removed: Uint32Array } {
  const entries: number[] = [], previousEntry: number[] = [], removed: number[] = [];
  let k = 0;
  for (let i = 0; i < world.count; i++) {
    const p = world.page[i];
    while (k < previous.page.length && previous.page[k] < p) removed.push(previous.page[k++]);
    const same = k < previous.page.length && previous.page[k] === p && previous.space[k] === world.space[i] &&
      previous.generation[k] === world.generation[i] && previous.top[k] === world.top[i] && previous.run[k] === world.run[i];
    const flags = world.flags[i];
    const unchanged = same && (flags & PAGE_CHANGED) === 0 &&
      ((flags & HAS_TABLES) === 0 ? previous.tablesOffset[k] < 0 : (flags & TABLES_CHANGED) === 0 && previous.tablesOffset[k] >= 0);
    if (!unchanged) {
      entries.push(i);
      previousEntry.push(same ? k : -1);
    }
    if (k < previous.page.length && previous.page[k] === p) k++;
  }
  while (k < previous.page.length) removed.push(previous.page[k++]);
  return { entries, previousEntry, removed: Uint32Array.from(removed) };
}

/** Bytes of the page and tables records a table names, headers included. */
function recordBytes(table: PageTable): number {
  let bytes = 0;
  for (let i = 0; i < table.page.length; i++) {
    if (table.length[i] > 0) bytes += RECORD_HEADER_BYTES + table.length[i];
    if (table.tablesOffset[i] >= 0) bytes += RECORD_HEADER_BYTES + table.tablesLength[i];
  }
  return bytes;
}

/**
 * Step 1 of appending after `base`, the commit (or journal record) the world was loaded from or
 * last saved to: `base` as the file has it now. A world resumed from an older commit, or whose
 * file another session appended to, is numbered after the file's newest commit (numbers stay
 * unique; the file only grows). A file that is no longer the image `base` is in (another id: a
 * compaction, a copy, a delete and a new save) gets the world whole, reusing none of `base`'s
 * records; a file deleted, a new one. A journal record follows only the file's newest commit.
 */
function rebase(io: ImageIO, path: string, base: CommitPoint, journal: boolean, describe: string): CommitPoint | undefined {
  if (io.exists(path)) {
    // The usual case, at no more cost than a header: the file is as this world left it.
    const file = openFile(io, path, describe);
    io.close(file.fd);
    if (file.size === base.end && sameId(file.id, base.id)) return base;
  }
  const newest = appendTarget(io, path, describe);
  const same = newest !== undefined && sameId(newest.id, base.id);
  if (journal) {
    if (same && newest.number === base.number) return base;
    throw new ImageError(`image ${describe} was changed by another save since this world's last commit`);
  }
  if (!same) return newest;
  return { ...base, number: Math.max(base.number, newest.number), offset: newest.offset };
}

/** Step 1 of appending: the newest intact commit of an existing image, or undefined if there is no file. */
function appendTarget(io: ImageIO, path: string, describe: string): CommitPoint | undefined {
  if (!io.exists(path)) return undefined;
  const file = openFile(io, path, describe);
  try {
    for (const candidate of commitCandidates(io, file)) {
      return { path, id: file.id, number: candidate.commit.number, sequence: 0, offset: candidate.offset, end: file.size, pages: newPageTable(0), chain: NO_CHAIN, liveBytes: 0 };
    }
    // No intact commit at all: append a first one after whatever is there.
    return { path, id: file.id, number: 0, sequence: 0, offset: -1, end: file.size, pages: newPageTable(0), chain: NO_CHAIN, liveBytes: 0 };
  } finally {
    io.close(file.fd);
  }
}

function writeNewFile(io: ImageIO, path: string, chunks: Uint8Array[], describe: string): void {
  const temporary = temporaryPath(path);
  let fd: number | undefined;
  let renamed = false;
  try {
    fd = io.open(temporary, "create");
    io.write(fd, chunks, 0); // 1
    io.fsync(fd); // 2
    io.close(fd);
    fd = undefined;
    io.rename(temporary, path); // 3
    renamed = true;
    io.fsyncDirectory(dirname(path)); // 4
  } catch (e) {
    if (fd !== undefined) ignoreErrors(() => io.close(fd!));
    if (renamed) {
      throw new ImageError(`cannot write image ${describe}: ${osReason(e)}; the new image is in place but may not survive a crash`);
    }
    ignoreErrors(() => io.unlink(temporary));
    throw new ImageError(`cannot write image ${describe}: ${osReason(e)}; nothing was saved`);
  }
}

function appendToFile(io: ImageIO, fd: number, chunks: Uint8Array[], at: number, describe: string): void {
  try {
    io.write(fd, chunks, at); // 1
    io.fsync(fd); // 2
  } catch (e) {
    throw new ImageError(`cannot write image ${describe}: ${osReason(e)}; its previous commit is unchanged`);
  } finally {
    ignoreErrors(() => io.close(fd));
  }
}

function sameId(a: Uint8Array, b: Uint8Array): boolean {
  return a.every((byte, i) => byte === b[i]);
}

function ignoreErrors(f: () => void): void {
  try {
    f();
  } catch {
    // Cleaning up after a failure already being reported.
  }
}

// ---- Reading ---------------------------------------------------------------------------------

interface OpenFile {
  readonly fd: number;
  readonly size: number;
  readonly id: Uint8Array;
}

/** Opens an image file and checks its header (recovery step 1). */
function openFile(io: ImageIO, path: string, describe: string): OpenFile {
  let fd: number;
  try {
    fd = io.open(path, "read");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new ImageError(`no image ${describe}`);
    throw new ImageError(`cannot open image ${describe}: ${osReason(e)}`);
  }
  try {
    const size = io.size(fd);
    const bytes = new Uint8Array(HEADER_BYTES);
    const header = decodeHeader(bytes.subarray(0, io.read(fd, bytes, 0)));
    if ("kind" in header) {
      switch (header.kind) {
        case "not-an-image": throw new ImageError(`${describe} is not a Stasis image`);
        case "damaged": throw new ImageError(`image ${describe} is damaged: its header is corrupt`);
        case "version": throw new ImageError(`image ${describe} has format version ${header.version}; this Stasis reads version ${FORMAT_VERSION}`);
        case "layout": throw new ImageError(`image ${describe} was made with heap layout ${header.fingerprint}; this Stasis has layout ${LAYOUT_FINGERPRINT}`);
      }
    }
    return { fd, size, id: header.id };
  } catch (e) {
    io.close(fd);
    throw e instanceof ImageError ? e : new ImageError(`cannot read image ${describe}: ${osReason(e)}`);
  }
}

/** An intact commit record and where it is. */
interface Candidate {
  readonly commit: CommitRecord;
  readonly offset: number;
  /** Where its trailer begins. */
  readonly trailer: number;
}

/** Bytes read at a time when searching backwards for trailers. */
const SEARCH_CHUNK_BYTES = 1 << 16;

/** Intact commit records, newest (nearest the end) first (recovery step 2). */
function* commitCandidates(io: ImageIO, file: OpenFile): Generator<Candidate> {
  for (const trailer of trailerPositions(io, file)) {
    const bytes = new Uint8Array(TRAILER_BYTES);
    if (io.read(file.fd, bytes, trailer) !== TRAILER_BYTES) continue;
    const decoded = decodeTrailer(bytes);
    if (decoded === undefined || decoded.offset + RECORD_HEADER_BYTES > trailer) continue;
    const read = readCommitRecord(io, file, decoded.offset);
    if (read === undefined || read.kind !== RECORD_COMMIT || read.end !== trailer) continue;
    if (read.commit.number !== decoded.generation) continue;
    yield { commit: read.commit, offset: decoded.offset, trailer };
  }
}

/**
 * The commit or journal record at `offset` if it is intact (its header, the image's id, its
 * payload's checksum) and decodes: its kind, payload and end. Its number is its generation.
 * `header` is the record's header, if the caller has read it already.
 */
function readCommitRecord(io: ImageIO, file: OpenFile, offset: number,
  header = readRecordHeader(io, file, offset)): { kind: number; commit: CommitRecord; end: number } | undefined {
  if (header === undefined || (header.kind !== RECORD_COMMIT && header.kind !== RECORD_JOURNAL)) return undefined;
  const end = offset + RECORD_HEADER_BYTES + header.length;
  if (end > file.size) return undefined;
  const payload = new Uint8Array(header.length);
  if (io.read(file.fd, payload, offset + RECORD_HEADER_BYTES) !== header.length || hasher().h64(payload) !== header.payloadHash) return undefined;
  const commit = decodeCommit(payload);
  if (commit === undefined || commit.number !== header.generation) return undefined;
  return { kind: header.kind, commit, end };
}

/**
 * The whole page table of the commit or journal record `record` at `offset` (`ownBytes` long
 * with its trailer), and its chain (TableChain): the records it changes are followed back to a
 * whole table. Undefined if one of them is not intact, lies after the one that names it, is of
 * a later commit, or its changes do not fit: then the record's table is damaged.
 */
function resolveTable(io: ImageIO, file: OpenFile, record: CommitRecord, offset: number, ownBytes: number): { pages: PageTable; chain: TableChain } | undefined {
  const links = [record];
  const records = [offset];
  let bytes = ownBytes;
  for (let link = record, at = offset; link.base >= 0;) {
    // Strictly backwards, so the walk ends.
    if (link.base >= at) return undefined;
    const read = readCommitRecord(io, file, link.base);
    if (read === undefined || read.end > at || read.commit.number > link.number) return undefined;
    links.push(read.commit);
    records.push(link.base);
    bytes += read.end - link.base + (read.kind === RECORD_COMMIT ? TRAILER_BYTES : 0);
    at = link.base;
    link = read.commit;
  }
  let pages = links[links.length - 1].changes;
  let changes = 0;
  for (let k = links.length - 2; k >= 0; k--) {
    const next = applyChanges(pages, links[k].changes, links[k].removed);
    if (next === undefined || next.page.length !== links[k].entries) return undefined;
    pages = next;
    changes += links[k].changes.page.length + links[k].removed.length;
  }
  return { pages, chain: { records, changes, bytes } };
}

/** Offsets where a trailer could begin, from the end of the file backwards. */
function* trailerPositions(io: ImageIO, file: OpenFile): Generator<number> {
  const magic = TRAILER_MAGIC_BYTES;
  const chunk = Buffer.alloc(SEARCH_CHUNK_BYTES + magic.length);
  let end = file.size; // search [.., end)
  while (end > HEADER_BYTES) {
    const from = Math.max(HEADER_BYTES, end - SEARCH_CHUNK_BYTES);
    const view = chunk.subarray(0, end - from);
    if (io.read(file.fd, view, from) !== view.length) return;
    for (let i = view.lastIndexOf(magic); i >= 0; i = i === 0 ? -1 : view.lastIndexOf(magic, i - 1)) {
      const trailer = from + i - TRAILER_MAGIC_OFFSET;
      if (trailer >= HEADER_BYTES && trailer + TRAILER_BYTES <= file.size) yield trailer;
    }
    // A magic split across the chunk boundary is found in the next chunk, which overlaps.
    end = from === HEADER_BYTES ? HEADER_BYTES : from + magic.length - 1;
  }
}

function readRecordHeader(io: ImageIO, file: OpenFile, offset: number) {
  if (offset < HEADER_BYTES || offset + RECORD_HEADER_BYTES > file.size) return undefined;
  const bytes = new Uint8Array(RECORD_HEADER_BYTES);
  if (io.read(file.fd, bytes, offset) !== RECORD_HEADER_BYTES) return undefined;
  return decodeRecordHeader(bytes, file.id);
}

/** Where a loaded commit's pages go: a new heap big enough for `highWater` pages. */
export interface LoadTarget {
  /** Bytes of the heap, where page p's payload is put at p * PAGE_BYTES. */
  readonly bytes: Uint8Array;
  /** Gives the page its place (heap.restorePage); its first `length` bytes are the record's, the rest zeros. */
  restorePage(p: number, space: number, generation: number, top: number, run: number, length: number): void;
  /** Restores an old page's tables; false if they are malformed. */
  restoreTables(p: number, payload: Uint8Array): boolean;
}

export interface LoadedImage<T> {
  readonly target: T;
  readonly commit: CommitPayload;
  readonly point: CommitPoint;
  /** One line when the newest commit was damaged and an older one was used. */
  readonly warning?: string;
}

/**
 * Opens an image read-only and loads its newest valid commit (or commit number `wanted`) into a
 * target made by `makeTarget` (recovery steps 1-4). Throws an ImageError for a missing,
 * foreign, incompatible or hopelessly damaged image.
 */
export function openImage<T extends LoadTarget>(io: ImageIO, path: string, describe: string,
  makeTarget: (commit: CommitPayload) => T, wanted?: number): LoadedImage<T> {
  const file = openFile(io, path, describe);
  try {
    let damaged: Candidate | undefined;
    for (const candidate of commitCandidates(io, file)) {
      if (wanted !== undefined && candidate.commit.number !== wanted) continue;
      // The commit and then its journal (recovery step 3), the newest state first.
      const states: State[] = [{ record: candidate.commit, offset: candidate.offset, end: candidate.trailer + TRAILER_BYTES }];
      if (wanted === undefined) states.push(...journalAfter(io, file, candidate));
      for (let k = states.length - 1; k >= 0; k--) {
        const state = states[k];
        const resolved = resolveTable(io, file, state.record, state.offset, state.end - state.offset);
        if (resolved === undefined) continue;
        const r = state.record;
        const commit: CommitPayload = {
          number: r.number, sequence: r.sequence, previous: r.previous, time: r.time, running: r.running,
          highWater: r.highWater, roots: r.roots, pages: resolved.pages,
        };
        const target = makeTarget(commit);
        const pageBytes = loadPages(io, file, commit, state.offset, target);
        if (pageBytes === undefined) continue;
        const point: CommitPoint = {
          path, id: file.id, number: candidate.commit.number, sequence: commit.sequence, offset: candidate.offset,
          end: state.end, pages: resolved.pages, chain: resolved.chain, liveBytes: HEADER_BYTES + pageBytes + resolved.chain.bytes,
        };
        const warning = damaged === undefined ? undefined
          : `stasis: warning: image ${describe} is damaged at offset ${damaged.offset} (commit ${damaged.commit.number}); resumed commit ${candidate.commit.number} instead`;
        return { target, commit, point, warning };
      }
      damaged ??= candidate;
      if (wanted !== undefined) break;
    }
    if (wanted !== undefined) {
      throw new ImageError(damaged !== undefined ? `image ${describe}: commit ${wanted} is damaged (at offset ${damaged.offset})`
        : `image ${describe} has no commit ${wanted} (see image-history)`);
    }
    throw new ImageError(damaged !== undefined
      ? `image ${describe} is damaged: no commit is intact (the newest, at offset ${damaged.offset}, is not)`
      : `image ${describe} is damaged: it has no complete commit`);
  } finally {
    io.close(file.fd);
  }
}

/** A commit or journal record, where it is, and where it ends. */
interface State {
  readonly record: CommitRecord;
  readonly offset: number;
  readonly end: number;
}

/**
 * The journal records right after a commit, in order, up to the first record that is not an
 * intact page, tables or next journal record of that commit. Their pages are checked when loaded.
 */
function journalAfter(io: ImageIO, file: OpenFile, candidate: Candidate): State[] {
  const journal: State[] = [];
  let at = candidate.trailer + TRAILER_BYTES;
  for (;;) {
    const header = readRecordHeader(io, file, at);
    if (header === undefined || header.generation !== candidate.commit.number) break;
    const end = at + RECORD_HEADER_BYTES + header.length;
    if (end > file.size) break;
    if (header.kind === RECORD_JOURNAL) {
      const read = readCommitRecord(io, file, at, header);
      if (read === undefined || read.commit.sequence !== journal.length + 1) break;
      journal.push({ record: read.commit, offset: at, end });
    } else if (header.kind !== RECORD_PAGE && header.kind !== RECORD_TABLES) {
      break;
    }
    at = end;
  }
  return journal;
}

/**
 * Recovery step 3: the records a commit (or journal record) at `offset` names, into the target;
 * the bytes of those records, or undefined if one is bad. The pages first, then old space's
 * tables (restoreTables needs no page but its own).
 */
function loadPages(io: ImageIO, file: OpenFile, commit: CommitPayload, offset: number, target: LoadTarget): number | undefined {
  const table = commit.pages;
  const wanted: WantedRecord[] = [];
  let last = PAGE_RESERVED;
  for (let i = 0; i < table.page.length; i++) {
    const p = table.page[i];
    const space = table.space[i];
    const generation = table.generation[i];
    if (p <= last || p >= commit.highWater || space >= SPACE_NAMES.length || space === SPACE_FREE || space === SPACE_RESERVED ||
      (generation !== GENERATION_OLD && generation !== GENERATION_NONE) || table.length[i] > PAGE_BYTES) return undefined;
    last = p;
    if (table.length[i] > 0) {
      const into = target.bytes.subarray(p * PAGE_BYTES, p * PAGE_BYTES + table.length[i]);
      wanted.push({ at: table.offset[i], kind: RECORD_PAGE, page: p, hash: table.hash[i], into });
    }
    target.restorePage(p, space, generation, table.top[i], table.run[i], table.length[i]);
    if (table.tablesOffset[i] >= 0) {
      const into = new Uint8Array(table.tablesLength[i]);
      wanted.push({ at: table.tablesOffset[i], kind: RECORD_TABLES, page: p, hash: table.tablesHash[i], into });
    }
  }
  const bytes = readRecords(io, file, wanted, offset, commit.number);
  if (bytes === undefined) return undefined;
  for (const record of wanted) {
    if (record.kind === RECORD_TABLES && !target.restoreTables(record.page, record.into)) return undefined;
  }
  return bytes;
}

/** A record a page table names: where, what it must be, and where its payload goes. */
interface WantedRecord {
  readonly at: number;
  readonly kind: number;
  readonly page: number;
  readonly hash: bigint;
  readonly into: Uint8Array;
}

/** Most records read by one scatter read (a header and a payload each: IOV_MAX buffers). */
const RECORDS_PER_READ = 512;

/**
 * Reads the payloads of `wanted` records and checks each (lies before `limit`, header intact and
 * of this image, the kind, page, length and checksum wanted, of no later commit than
 * `generation`); the bytes read, or undefined if one is bad. Records that follow one another in
 * the file, as a save writes them, are read together: one read for hundreds of pages.
 */
function readRecords(io: ImageIO, file: OpenFile, wanted: WantedRecord[], limit: number, generation: number): number | undefined {
  const h64 = hasher().h64;
  const inOrder = [...wanted].sort((a, b) => a.at - b.at);
  let bytes = 0;
  for (let first = 0; first < inOrder.length;) {
    // A run of records, each starting where the one before ends.
    let end = first + 1;
    const endOf = (r: WantedRecord): number => r.at + RECORD_HEADER_BYTES + r.into.length;
    while (end < inOrder.length && end - first < RECORDS_PER_READ && inOrder[end].at === endOf(inOrder[end - 1])) end++;
    const run = inOrder.slice(first, end);
    const start = run[0].at;
    if (!Number.isSafeInteger(start) || start < HEADER_BYTES || endOf(run[run.length - 1]) > limit) return undefined;
    const headers = new Uint8Array(run.length * RECORD_HEADER_BYTES);
    const buffers = run.flatMap((r, k) => [headers.subarray(k * RECORD_HEADER_BYTES, (k + 1) * RECORD_HEADER_BYTES), r.into]);
    const length = endOf(run[run.length - 1]) - start;
    if (io.readv(file.fd, buffers, start) !== length) return undefined;
    for (let k = 0; k < run.length; k++) {
      const r = run[k];
      const header = decodeRecordHeader(buffers[2 * k], file.id);
      if (header === undefined || header.kind !== r.kind || header.subject !== r.page || header.length !== r.into.length ||
        header.generation > generation || header.payloadHash !== r.hash || h64(r.into) !== r.hash) return undefined;
    }
    bytes += length;
    first = end;
  }
  return bytes;
}

/**
 * Puts the pages of `commit` into a new target again, from the bytes of its image file held in
 * memory, without checking them: for a commit that loadPages loaded and checked from these very
 * bytes before (the base image in the start-up snapshot, checked when the snapshot was built).
 * The same calls on the target as loadPages makes, in the same order.
 */
export function reloadPages(image: Uint8Array, commit: CommitPayload, target: LoadTarget): void {
  const table = commit.pages;
  const payload = (at: number, length: number): Uint8Array => image.subarray(at + RECORD_HEADER_BYTES, at + RECORD_HEADER_BYTES + length);
  for (let i = 0; i < table.page.length; i++) {
    const p = table.page[i];
    if (table.length[i] > 0) target.bytes.set(payload(table.offset[i], table.length[i]), p * PAGE_BYTES);
    target.restorePage(p, table.space[i], table.generation[i], table.top[i], table.run[i], table.length[i]);
  }
  for (let i = 0; i < table.page.length; i++) {
    if (table.tablesOffset[i] >= 0 && !target.restoreTables(table.page[i], payload(table.tablesOffset[i], table.tablesLength[i]))) {
      throw new Error(`image: the tables of page ${table.page[i]} were loaded once and are malformed now`);
    }
  }
}

// ---- History ---------------------------------------------------------------------------------

export interface CommitSummary {
  readonly number: number;
  readonly offset: number;
  readonly time: number;
  readonly pages: number;
  readonly running: boolean;
}

/** The intact commit records of an image, newest first (their pages are not checked). */
export function imageHistory(io: ImageIO, path: string, describe: string): { created: number; size: number; commits: CommitSummary[] } {
  const file = openFile(io, path, describe);
  try {
    const commits: CommitSummary[] = [];
    for (const { commit, offset } of commitCandidates(io, file)) {
      commits.push({ number: commit.number, offset, time: commit.time, pages: commit.entries, running: commit.running });
    }
    const header = new Uint8Array(HEADER_BYTES);
    io.read(file.fd, header, 0);
    const decoded = decodeHeader(header);
    return { created: "created" in decoded ? decoded.created : 0, size: file.size, commits };
  } finally {
    io.close(file.fd);
  }
}
