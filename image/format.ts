// The image file format. One file per named image, append-only, read backwards from its end:
//
//     header | page record* tables record* commit record trailer | page record* ... | ...
//
// Every number is little-endian. Checksums are xxh64 (xxhash-wasm).
//
// HEADER (HEADER_BYTES = 64, at offset 0)
//     0   8   HEADER_MAGIC "STASISIM"
//     8   4   FORMAT_VERSION
//     12  4   HEADER_BYTES
//     16  8   the layout fingerprint (runtime/layout.ts), 8 ASCII hex digits
//     24  16  the image id: random, the same for every record of the file
//     40  8   creation time, ms since the epoch (float64)
//     48  8   zero
//     56  8   xxh64 of bytes 0..56
//
// RECORD (RECORD_HEADER_BYTES = 56, then `length` payload bytes)
//     0   4   RECORD_MAGIC "SREC"
//     4   1   kind: RECORD_PAGE, RECORD_TABLES, RECORD_COMMIT or RECORD_JOURNAL
//     5   3   zero
//     8   4   subject: the page number of a page or tables record; 0 for a commit
//     12  4   length of the payload in bytes
//     16  4   generation: the number of the commit the record was written for
//     20  4   zero
//     24  16  the image id
//     40  8   xxh64 of the payload
//     48  8   xxh64 of bytes 0..48, seeded with the payload's xxh64
//   A page record's payload is the page's bytes up to its last nonzero word (the rest are
//   zero); a page whose bytes are all zero has no record. A tables record's payload is the
//   free-space tables of an old page (TABLES_*). A commit record's payload is msgpack (below);
//   so is a journal record's, which has no trailer and whose generation is the commit it
//   follows.
//
// TRAILER (TRAILER_BYTES = 16, right after every commit record)
//     0   8   offset of the commit record (float64)
//     8   4   the commit's number
//     12  4   TRAILER_MAGIC "SEND"
//
// COMMIT PAYLOAD (msgpack map; typed-array columns are stored as their bytes)
//     number     the commit's number: 1, 2, ... in the file (records written for it carry it)
//     sequence   0 in a commit; in a journal record, 1, 2, ... after the commit it follows
//     previous   offset of the previous commit record, or -1
//     time       wall time of the commit, ms since the epoch
//     running    whether the world was in the middle of a computation (it continues on resume)
//     highWater  one past the highest page the heap had ever used
//     roots      the root table (ROOT_COUNT words)
//     entries    the number of entries of the commit's page table
//     base       -1: `changes` is the whole page table; else the offset of an earlier commit or
//                journal record of the file, whose table `changes` and `removed` change
//     changes    page table entries, as columns (typed-array bytes), in ascending page order:
//                page, space, generation, top, run (heap.ts page metadata);
//                offset, length, hash of its page record (offset -1 and length 0: all zeros);
//                tablesOffset, tablesLength, tablesHash of its tables record (-1: none)
//     removed    page numbers of the base's table that this table lacks, ascending (u32 bytes)
//
// TABLE CHAINS. A save usually changes a few pages of a large world, so a commit's table is
// mostly its predecessor's: it is written as the entries that differ (page-table.ts
// applyChanges), its base the record the world's table was last written in. The chain of
// bases ends at a whole table within MAX_TABLE_CHAIN records (image-file.ts), and a record's
// base lies before it in the file: the table of a record is its base's table, changed.
//
// A commit is valid if and only if: its trailer and record header are intact (magics, the
// header checksum, the image id of the file), its payload's checksum matches, it decodes, so
// does every record of its table chain (each intact, before the one naming it, of no later
// commit, its changes fitting its base), and every record its page table names is intact, of
// the right kind and page, not from a later commit, and has exactly the length and checksum
// the table gives. A valid commit describes a whole world by itself: nothing written after it
// can change what it means.
//
// JOURNAL. Between commits, the world is appended every second or so as page and tables
// records and a journal record (same payload as a commit: the page table, the roots),
// fsynced, without a trailer. Journal record k after commit N is valid if its header and
// checksum are intact, its generation is N and its sequence k, the records before it in the
// file since commit N are intact, and so are its table chain and every record its table
// names. Recovery takes the newest valid commit and then the longest run of valid journal
// records right after it. The next commit's page table names the journal's records where
// pages have not changed since, and its chain may go through them: the journal is folded in.

import { LAYOUT_FINGERPRINT, ROOT_COUNT } from "../runtime/layout";
import { COLUMN_TYPES, Column, PAGE_TABLE_COLUMNS, PageTable } from "./page-table";
// The build without the eval-compiled record decoders, nor the probe for the native addon: commit
// payloads are a few maps and byte strings, and start-up pays for every module loaded.
const { Packr } = require("msgpackr/index-no-eval") as typeof import("msgpackr");
import xxhash from "xxhash-wasm";
import { xxh64 } from "./xxh64";

export const HEADER_MAGIC = "STASISIM";
export const FORMAT_VERSION = 3;
export const HEADER_BYTES = 64;
const HEADER_VERSION_AT = 8;
const HEADER_LENGTH_AT = 12;
const HEADER_FINGERPRINT_AT = 16;
const HEADER_FINGERPRINT_BYTES = 8;
const HEADER_ID_AT = 24;
const HEADER_TIME_AT = 40;
const HEADER_CHECKSUM_AT = 56;

export const IMAGE_ID_BYTES = 16;

export const RECORD_MAGIC = "SREC";
export const RECORD_HEADER_BYTES = 56;
export const RECORD_PAGE = 1;
export const RECORD_TABLES = 2;
export const RECORD_COMMIT = 3;
export const RECORD_JOURNAL = 4;
const RECORD_KIND_AT = 4;
const RECORD_SUBJECT_AT = 8;
const RECORD_LENGTH_AT = 12;
const RECORD_GENERATION_AT = 16;
const RECORD_ID_AT = 24;
const RECORD_PAYLOAD_HASH_AT = 40;
const RECORD_HEADER_HASH_AT = 48;

export const TRAILER_MAGIC = "SEND";
export const TRAILER_BYTES = 16;
const TRAILER_GENERATION_AT = 8;
const TRAILER_MAGIC_AT = 12;

/** A tables record: the starts bitmap (TABLES_STARTS_BYTES), live granules (u32), then holes as u16 pairs. */
export const TABLES_LIVE_BYTES = 4;

const ASCII = new TextEncoder();
const MAGIC_HEADER_BYTES = ASCII.encode(HEADER_MAGIC);
const MAGIC_RECORD_WORD = new DataView(ASCII.encode(RECORD_MAGIC).buffer).getUint32(0, true);
const MAGIC_TRAILER_WORD = new DataView(ASCII.encode(TRAILER_MAGIC).buffer).getUint32(0, true);

// ---- Checksums -------------------------------------------------------------------------------

export interface Hasher {
  h64(bytes: Uint8Array, seed?: bigint): bigint;
}

let loaded: Hasher | undefined;

/** Loads xxhash-wasm (asynchronous, once per process); image I/O needs it loaded. */
export async function loadHasher(): Promise<Hasher> {
  if (loaded === undefined) {
    const api = await xxhash();
    loaded = { h64: (bytes, seed) => api.h64Raw(bytes, seed) };
  }
  return loaded;
}

/**
 * Runs `f` with the checksums computed by image/xxh64.ts (the same sums, in JavaScript), for
 * where there is no WebAssembly: node building a start-up snapshot. No hasher is loaded after.
 */
export async function withJavaScriptHasher<T>(f: () => Promise<T>): Promise<T> {
  if (loaded !== undefined) throw new Error("image: a hasher is loaded already");
  loaded = { h64: xxh64 };
  try {
    return await f();
  } finally {
    loaded = undefined;
  }
}

/** Whether loadHasher() has loaded the hasher (image I/O is possible synchronously). */
export function hasherLoaded(): boolean {
  return loaded !== undefined;
}

/** The hasher loadHasher() loaded. */
export function hasher(): Hasher {
  if (loaded === undefined) throw new Error("image: the checksum library is not loaded (loadHasher)");
  return loaded;
}

// ---- The header ------------------------------------------------------------------------------

export interface ImageHeader {
  readonly version: number;
  readonly fingerprint: string;
  readonly id: Uint8Array;
  readonly created: number;
}

export function encodeHeader(id: Uint8Array, created: number): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC_HEADER_BYTES, 0);
  view.setUint32(HEADER_VERSION_AT, FORMAT_VERSION, true);
  view.setUint32(HEADER_LENGTH_AT, HEADER_BYTES, true);
  bytes.set(ASCII.encode(LAYOUT_FINGERPRINT.padStart(HEADER_FINGERPRINT_BYTES, "0")), HEADER_FINGERPRINT_AT);
  bytes.set(id, HEADER_ID_AT);
  view.setFloat64(HEADER_TIME_AT, created, true);
  view.setBigUint64(HEADER_CHECKSUM_AT, hasher().h64(bytes.subarray(0, HEADER_CHECKSUM_AT)), true);
  return bytes;
}

/** Why a header is refused: not an image at all, or one this Stasis cannot read. */
export type HeaderProblem =
  | { readonly kind: "not-an-image" }
  | { readonly kind: "damaged" }
  | { readonly kind: "version"; readonly version: number }
  | { readonly kind: "layout"; readonly fingerprint: string };

export function decodeHeader(bytes: Uint8Array): ImageHeader | HeaderProblem {
  if (bytes.length < HEADER_BYTES || !MAGIC_HEADER_BYTES.every((b, i) => bytes[i] === b)) return { kind: "not-an-image" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  if (view.getBigUint64(HEADER_CHECKSUM_AT, true) !== hasher().h64(bytes.subarray(0, HEADER_CHECKSUM_AT))) return { kind: "damaged" };
  const version = view.getUint32(HEADER_VERSION_AT, true);
  if (version !== FORMAT_VERSION || view.getUint32(HEADER_LENGTH_AT, true) !== HEADER_BYTES) return { kind: "version", version };
  // ASCII, as encodeHeader wrote it (the checksum above held).
  const fingerprint = String.fromCharCode(...bytes.subarray(HEADER_FINGERPRINT_AT, HEADER_FINGERPRINT_AT + HEADER_FINGERPRINT_BYTES));
  if (fingerprint !== LAYOUT_FINGERPRINT) return { kind: "layout", fingerprint };
  return {
    version, fingerprint,
    id: bytes.slice(HEADER_ID_AT, HEADER_ID_AT + IMAGE_ID_BYTES),
    created: view.getFloat64(HEADER_TIME_AT, true),
  };
}

// ---- Records ---------------------------------------------------------------------------------

export interface RecordHeader {
  readonly kind: number;
  readonly subject: number;
  readonly length: number;
  readonly generation: number;
  readonly payloadHash: bigint;
}

/** The header of a record whose payload has checksum `payloadHash`. */
export function encodeRecordHeader(kind: number, subject: number, length: number, generation: number, id: Uint8Array,
  payloadHash: bigint): Uint8Array {
  const bytes = new Uint8Array(RECORD_HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC_RECORD_WORD, true);
  bytes[RECORD_KIND_AT] = kind;
  view.setUint32(RECORD_SUBJECT_AT, subject, true);
  view.setUint32(RECORD_LENGTH_AT, length, true);
  view.setUint32(RECORD_GENERATION_AT, generation, true);
  bytes.set(id, RECORD_ID_AT);
  view.setBigUint64(RECORD_PAYLOAD_HASH_AT, payloadHash, true);
  view.setBigUint64(RECORD_HEADER_HASH_AT, hasher().h64(bytes.subarray(0, RECORD_HEADER_HASH_AT), payloadHash), true);
  return bytes;
}

/** A record header that is intact and belongs to the image `id`; undefined otherwise. */
export function decodeRecordHeader(bytes: Uint8Array, id: Uint8Array): RecordHeader | undefined {
  if (bytes.length < RECORD_HEADER_BYTES) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, RECORD_HEADER_BYTES);
  if (view.getUint32(0, true) !== MAGIC_RECORD_WORD) return undefined;
  const payloadHash = view.getBigUint64(RECORD_PAYLOAD_HASH_AT, true);
  if (view.getBigUint64(RECORD_HEADER_HASH_AT, true) !== hasher().h64(bytes.subarray(0, RECORD_HEADER_HASH_AT), payloadHash)) return undefined;
  for (let i = 0; i < IMAGE_ID_BYTES; i++) if (bytes[RECORD_ID_AT + i] !== id[i]) return undefined;
  return {
    kind: bytes[RECORD_KIND_AT],
    subject: view.getUint32(RECORD_SUBJECT_AT, true),
    length: view.getUint32(RECORD_LENGTH_AT, true),
    generation: view.getUint32(RECORD_GENERATION_AT, true),
    payloadHash,
  };
}

export function encodeTrailer(commitOffset: number, generation: number): Uint8Array {
  const bytes = new Uint8Array(TRAILER_BYTES);
  const view = new DataView(bytes.buffer);
  view.setFloat64(0, commitOffset, true);
  view.setUint32(TRAILER_GENERATION_AT, generation, true);
  view.setUint32(TRAILER_MAGIC_AT, MAGIC_TRAILER_WORD, true);
  return bytes;
}

/** A trailer's commit offset and number, if `bytes` (TRAILER_BYTES of them) look like one. */
export function decodeTrailer(bytes: Uint8Array): { offset: number; generation: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, TRAILER_BYTES);
  if (view.getUint32(TRAILER_MAGIC_AT, true) !== MAGIC_TRAILER_WORD) return undefined;
  const offset = view.getFloat64(0, true);
  if (!Number.isSafeInteger(offset) || offset < HEADER_BYTES) return undefined;
  return { offset, generation: view.getUint32(TRAILER_GENERATION_AT, true) };
}

/** The magic that ends every trailer, for searching a damaged file backwards. */
export const TRAILER_MAGIC_BYTES = ASCII.encode(TRAILER_MAGIC);
export const TRAILER_MAGIC_OFFSET = TRAILER_MAGIC_AT;

// ---- Commit payloads -------------------------------------------------------------------------

/** What a commit (or journal record) says, its page table whole (image-file.ts resolves it). */
export interface CommitPayload {
  readonly number: number;
  readonly sequence: number;
  readonly previous: number;
  readonly time: number;
  readonly running: boolean;
  readonly highWater: number;
  readonly roots: Int32Array;
  readonly pages: PageTable;
}

/** A commit or journal record's payload as stored: its page table whole, or changes to another's. */
export interface CommitRecord extends Omit<CommitPayload, "pages"> {
  /** Entries of the whole table. */
  readonly entries: number;
  /** -1: `changes` is the whole table. Else the offset of the record whose table it changes. */
  readonly base: number;
  readonly changes: PageTable;
  /** Pages of the base's table that this one lacks, ascending. */
  readonly removed: Uint32Array;
}

const packr = new Packr({ useRecords: false, mapsAsObjects: true });

function columnBytes(column: ArrayBufferView): Uint8Array {
  return new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
}

export function encodeCommit(commit: CommitRecord): Uint8Array {
  const changes: Record<string, Uint8Array> = {};
  for (const name of PAGE_TABLE_COLUMNS) changes[name] = columnBytes(commit.changes[name]);
  return packr.pack({ ...commit, roots: columnBytes(commit.roots), changes, removed: columnBytes(commit.removed) });
}

/** A commit record's payload, or undefined if the bytes do not decode to a well-formed one. */
export function decodeCommit(bytes: Uint8Array): CommitRecord | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = packr.unpack(bytes) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof raw !== "object" || raw === null) return undefined;
  const number = raw.number, sequence = raw.sequence, previous = raw.previous, time = raw.time, highWater = raw.highWater;
  const entries = raw.entries, base = raw.base;
  if (!isCount(number) || !isCount(sequence) || typeof previous !== "number" || !Number.isSafeInteger(previous) || typeof time !== "number" ||
    !isCount(highWater) || typeof raw.running !== "boolean" || !isCount(entries) ||
    typeof base !== "number" || !Number.isSafeInteger(base) || base < -1) return undefined;
  const roots = typedColumn(raw.roots, Int32Array);
  if (roots === undefined || roots.length !== ROOT_COUNT) return undefined;
  const removed = typedColumn(raw.removed, Uint32Array);
  const rawChanges = raw.changes as Record<string, unknown> | undefined;
  if (removed === undefined || typeof rawChanges !== "object" || rawChanges === null) return undefined;
  const columns: Partial<Record<Column, PageTable[Column]>> = {};
  let changed = -1;
  for (const name of PAGE_TABLE_COLUMNS) {
    const column = typedColumn(rawChanges[name], COLUMN_TYPES[name]);
    if (column === undefined || (changed >= 0 && column.length !== changed)) return undefined;
    changed = column.length;
    columns[name] = column;
  }
  // A whole table is all its entries, and removes none.
  if (base === -1 && (changed !== entries || removed.length > 0)) return undefined;
  return { number, sequence, previous, time, running: raw.running, highWater, roots, entries, base, changes: columns as PageTable, removed };
}

function isCount(x: unknown): x is number {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
}

/** A copy of msgpack bin bytes as an aligned typed array of the given type. */
function typedColumn<T>(bytes: unknown, type: { new(buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number }): T | undefined {
  if (!(bytes instanceof Uint8Array) || bytes.length % type.BYTES_PER_ELEMENT !== 0) return undefined;
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new type(copy.buffer);
}
