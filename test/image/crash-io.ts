// A crash-simulating ImageIO (image/io.ts), in SQLite's manner: an in-memory file system that
// records every operation a save makes and can rebuild the file system "as a crash at operation
// boundary k would leave it".
//
// THE FILE SYSTEM. Files are inodes holding bytes; a directory maps names to inodes. Paths are
// absolute; a file's directory is everything before its last '/'. Directories are made by
// `makeDirectory` (or given to the constructor) and are durable at once. Paths outside every
// in-memory directory are read from `readThrough` (the real file system, so that a session can
// resume the base image from build/); nothing is ever written there.
//
// THE LOG. Every operation that changes or could change the file system is recorded, in order:
//   open     an open of an existing file (mode read or write)
//   create   open(path, "create") of a missing file: a new inode and a new directory entry
//   truncate setting a file's length; also open(path, "create") of an existing file (O_TRUNC)
//   write    ONE chunk of a write call, with its position and a copy of its bytes: a write call
//            of n chunks is n operations, because a short write can stop between any two
//   fsync    of a file          close      of a file
//   rename   of a directory entry (within one directory)
//   unlink   of a directory entry
//   fsyncDirectory, makeDirectory
// Reads are not recorded (they are counted): they change nothing.
//
// CRASH STATES. A crash at boundary k happens after the operations before k and before the
// rest. What survives it:
//   process crash: everything done before k (the operating system's page cache survives the
//     process): the file system as the process last saw it.
//   power loss: only what was durable, plus any part of what was not yet:
//     - a file's writes and truncations are durable once that file is fsynced;
//     - a directory's creations, renames and unlinks are durable once that directory is fsynced;
//     - of the directory operations not yet durable, any prefix survives (they reach the disk in
//       order, as with a journaling file system): one variant per prefix;
//     - of the writes not yet durable, variants: none survives; all do; each subset (every one of
//       them when there are at most SUBSETS_EXHAUSTIVE such operations, else SUBSET_SAMPLES drawn
//       with a seeded PRNG); and torn writes: one unsynced write cut at a 512-byte and at a
//       4096-byte boundary of the file (a sector, a page), the operations before it kept, the
//       rest of it zeros or seeded garbage (the file's length was made durable, its data not).
//       What a power loss does to a write (kept by which sampled subset, torn where, torn at all
//       when there are more than TORN_SAMPLES) is drawn once per write, so the same disk state
//       recurs at every boundary where the same writes are pending, as it would.
// A state is seen through `read(path)`: the bytes of the file at that path then, or undefined.
// `view(state)` is an ImageIO over it for WorldImages: read-only, it records any attempt to
// change it (and refuses it with EROFS).

import { ImageIO, readEach } from "../../image/io";

/** With at most this many unsynced writes, a power loss tries every subset of them. */
export const SUBSETS_EXHAUSTIVE = 6;
/** With more, it tries this many subsets drawn at random (seeded), besides none and all. */
export const SUBSET_SAMPLES = 24;
/**
 * Unsynced writes torn per power-loss boundary: all of them when there are at most this many,
 * else each with probability TORN_SAMPLES / TORN_OUT_OF (seeded, decided once per write).
 */
export const TORN_SAMPLES = 4;
const TORN_OUT_OF = 8;
/** The boundaries a torn write is cut at: a sector, a page. */
export const TEAR_GRANULES = [512, 4096] as const;

export type Operation =
  | { readonly op: "open"; readonly path: string; readonly inode: number; readonly mode: "read" | "write" | "create" }
  | { readonly op: "create"; readonly path: string; readonly inode: number }
  | { readonly op: "truncate"; readonly path: string; readonly inode: number; readonly length: number }
  | { readonly op: "write"; readonly path: string; readonly inode: number; readonly position: number; readonly bytes: Uint8Array }
  | { readonly op: "fsync"; readonly path: string; readonly inode: number }
  | { readonly op: "close"; readonly path: string; readonly inode: number }
  | { readonly op: "rename"; readonly from: string; readonly to: string }
  | { readonly op: "unlink"; readonly path: string }
  | { readonly op: "fsyncDirectory"; readonly path: string }
  | { readonly op: "makeDirectory"; readonly path: string };

/** Operations that change what is on the disk, as opposed to open and close. */
export function changesFiles(o: Operation): boolean {
  return o.op !== "open" && o.op !== "close";
}

/** Operations after which something more is durable. */
export function isDurabilityStep(o: Operation): boolean {
  return o.op === "fsync" || o.op === "fsyncDirectory";
}

/** An error as Node's fs gives it: message and code. */
export function ioError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(`${code}: ${syscall} '${path}'`);
  e.code = code;
  e.syscall = syscall;
  e.path = path;
  return e;
}

export function directoryOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash <= 0 ? "/" : path.slice(0, slash);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

// ---- A seeded PRNG ---------------------------------------------------------------------------

/** Park-Miller minimal standard generator: deterministic, no bit operations. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = (Math.abs(Math.floor(seed)) % 2147483646) + 1;
  }
  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state * 48271) % 2147483647;
    return (this.state - 1) / 2147483646;
  }
  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.below(256);
    return out;
  }
}

// ---- Files -----------------------------------------------------------------------------------

/** A file's bytes: a growable buffer. */
export class FileBytes {
  private data: Uint8Array;
  length: number;

  constructor(data: Uint8Array = new Uint8Array(0), length = data.length) {
    this.data = data;
    this.length = length;
  }

  bytes(): Uint8Array {
    return this.data.subarray(0, this.length);
  }

  write(position: number, bytes: Uint8Array): void {
    const end = position + bytes.length;
    if (end > this.data.length) {
      const grown = new Uint8Array(Math.max(end, this.data.length * 2, 4096));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    if (position > this.length) this.data.fill(0, this.length, position);
    this.data.set(bytes, position);
    this.length = Math.max(this.length, end);
  }

  truncate(length: number): void {
    if (length > this.length) this.write(length, new Uint8Array(0));
    else this.length = length;
  }

  /** A copy, with room for `capacity` bytes. */
  copy(capacity = this.length): FileBytes {
    const data = new Uint8Array(Math.max(capacity, this.length));
    data.set(this.data.subarray(0, this.length));
    return new FileBytes(data, this.length);
  }
}

type DataOperation = Extract<Operation, { op: "write" | "truncate" }>;
type EntryOperation =
  | { readonly op: "create"; readonly dir: string; readonly name: string; readonly inode: number }
  | { readonly op: "rename"; readonly dir: string; readonly from: string; readonly to: string }
  | { readonly op: "unlink"; readonly dir: string; readonly name: string };

function applyData(file: FileBytes, o: DataOperation): void {
  if (o.op === "write") file.write(o.position, o.bytes);
  else file.truncate(o.length);
}

function applyEntry(dirs: Map<string, Map<string, number>>, o: EntryOperation): void {
  const dir = dirs.get(o.dir);
  if (dir === undefined) return;
  switch (o.op) {
    case "create":
      dir.set(o.name, o.inode);
      break;
    case "rename": {
      const inode = dir.get(o.from);
      if (inode === undefined) return;
      dir.delete(o.from);
      dir.set(o.to, inode);
      break;
    }
    case "unlink":
      dir.delete(o.name);
      break;
  }
}

function copyDirectories(dirs: Map<string, Map<string, number>>): Map<string, Map<string, number>> {
  return new Map([...dirs].map(([name, entries]) => [name, new Map(entries)]));
}

/**
 * The file system as the process sees it and as the disk holds it durably, with what is not yet
 * durable in between, kept up to date one operation at a time.
 */
export class FileSystemModel {
  constructor(
    /** Inode -> bytes, as the process sees them. */
    readonly files = new Map<number, FileBytes>(),
    readonly dirs = new Map<string, Map<string, number>>(),
    /** Inode -> bytes, as the disk holds them durably. */
    readonly durableFiles = new Map<number, FileBytes>(),
    readonly durableDirs = new Map<string, Map<string, number>>(),
    /** Writes and truncations not yet durable, in order. */
    public pendingData: DataOperation[] = [],
    /** Directory operations not yet durable, in order. */
    public pendingEntries: EntryOperation[] = [],
  ) {}

  copy(): FileSystemModel {
    const files = (m: Map<number, FileBytes>) => new Map([...m].map(([inode, f]) => [inode, f.copy()]));
    return new FileSystemModel(files(this.files), copyDirectories(this.dirs), files(this.durableFiles), copyDirectories(this.durableDirs),
      [...this.pendingData], [...this.pendingEntries]);
  }

  makeDirectory(path: string): void {
    if (!this.dirs.has(path)) this.dirs.set(path, new Map());
    if (!this.durableDirs.has(path)) this.durableDirs.set(path, new Map());
  }

  /** The inode a path names, as the process sees it. */
  lookup(path: string): number | undefined {
    return this.dirs.get(directoryOf(path))?.get(baseName(path));
  }

  apply(o: Operation): void {
    switch (o.op) {
      case "open":
      case "close":
        return;
      case "create": {
        this.files.set(o.inode, new FileBytes());
        this.durableFiles.set(o.inode, new FileBytes());
        return this.entry({ op: "create", dir: directoryOf(o.path), name: baseName(o.path), inode: o.inode });
      }
      case "write":
      case "truncate":
        applyData(this.files.get(o.inode)!, o);
        this.pendingData.push(o);
        return;
      case "fsync": {
        const durable = this.durableFiles.get(o.inode)!;
        for (const p of this.pendingData) if (p.inode === o.inode) applyData(durable, p);
        this.pendingData = this.pendingData.filter((p) => p.inode !== o.inode);
        return;
      }
      case "rename":
        if (directoryOf(o.from) !== directoryOf(o.to)) throw new Error("crash-io: a rename across directories is not modelled");
        return this.entry({ op: "rename", dir: directoryOf(o.from), from: baseName(o.from), to: baseName(o.to) });
      case "unlink":
        return this.entry({ op: "unlink", dir: directoryOf(o.path), name: baseName(o.path) });
      case "fsyncDirectory":
        for (const p of this.pendingEntries) if (p.dir === o.path) applyEntry(this.durableDirs, p);
        this.pendingEntries = this.pendingEntries.filter((p) => p.dir !== o.path);
        return;
      case "makeDirectory":
        return this.makeDirectory(o.path);
    }
  }

  private entry(o: EntryOperation): void {
    applyEntry(this.dirs, o);
    this.pendingEntries.push(o);
  }
}

// ---- Crash states ----------------------------------------------------------------------------

/**
 * A file system as a crash left it, seen through the files' contents. A state from crashStates
 * is valid until the generator moves on (it reads the model being replayed).
 */
export interface CrashState {
  /** The operation boundary: the crash came after log operations [0, boundary). */
  readonly boundary: number;
  readonly kind: "process" | "power";
  /** Which power-loss variant, e.g. "entries 1/2, subset 5/8", "torn 4096 zeros". */
  readonly variant: string;
  /** The bytes of the file at `path` in this state, or undefined if there is none. */
  read(path: string): Uint8Array | undefined;
  /** The names in directory `path` in this state. */
  list(path: string): string[];
}

/** How a power-loss variant treats the unsynced writes: which it keeps, and one torn. */
interface DataVariant {
  readonly name: string;
  /** Indexes into the pending writes of those kept whole. */
  readonly kept: readonly number[];
  readonly torn?: { readonly index: number; readonly cut: number; readonly fill: "zeros" | "garbage"; readonly seed: number };
}

export interface CrashOptions {
  /** Seed of the PRNG choosing sampled subsets, cuts and garbage. */
  readonly seed?: number;
  /** Include power-loss states (default true). */
  readonly power?: boolean;
  /** Fewer variants per boundary (for long saves): subsets sampled, torn writes. */
  readonly subsetSamples?: number;
  readonly tornSamples?: number;
}

/**
 * What a power loss does to one write, decided once per write (so a state repeats at every
 * boundary where the same writes are pending, as the same disk would): whether each sampled
 * subset keeps it, where it tears at each granule, the seed of its garbage.
 */
interface WriteFate {
  readonly kept: readonly boolean[];
  /** Per TEAR_GRANULES entry: the cut (bytes of the write that reach the disk), or -1 if none falls inside it. */
  readonly cuts: readonly number[];
  readonly seed: number;
  /** Whether this write is one of those torn (TORN_SAMPLES of every TORN_OUT_OF writes on average). */
  readonly torn: boolean;
}

/** The power-loss variants of the unsynced writes at one boundary. */
function dataVariants(pending: readonly DataOperation[], options: CrashOptions, fate: (o: DataOperation) => WriteFate): DataVariant[] {
  const n = pending.length;
  const all = pending.map((_, i) => i);
  const variants: DataVariant[] = [{ name: "no unsynced write", kept: [] }];
  if (n === 0) return variants;
  if (n <= SUBSETS_EXHAUSTIVE) {
    for (let mask = 1; mask < 2 ** n; mask++) {
      const kept = all.filter((i) => Math.floor(mask / 2 ** i) % 2 === 1);
      variants.push({ name: `subset ${mask}/${2 ** n - 1}`, kept });
    }
  } else {
    variants.push({ name: "every unsynced write", kept: all });
    const samples = options.subsetSamples ?? SUBSET_SAMPLES;
    for (let s = 0; s < samples; s++) {
      variants.push({ name: `sampled subset ${s} of ${n} writes`, kept: all.filter((i) => fate(pending[i]).kept[s]) });
    }
  }
  const writes = all.filter((i) => pending[i].op === "write" && (pending[i] as { bytes: Uint8Array }).bytes.length > 1);
  const torn = writes.length <= (options.tornSamples ?? TORN_SAMPLES) ? writes : writes.filter((i) => fate(pending[i]).torn);
  for (const index of torn) {
    const f = fate(pending[index]);
    TEAR_GRANULES.forEach((granule, g) => {
      const cut = f.cuts[g];
      if (cut < 0) return;
      for (const fill of ["zeros", "garbage"] as const) {
        variants.push({ name: `write ${index} of ${n} torn at ${granule} (${fill})`, kept: all.slice(0, index), torn: { index, cut, fill, seed: f.seed } });
      }
    });
  }
  return variants;
}

/** The fates of writes, drawn from a seeded PRNG as each write is first met. */
function writeFates(random: Random, options: CrashOptions): (o: DataOperation) => WriteFate {
  const fates = new Map<DataOperation, WriteFate>();
  const samples = options.subsetSamples ?? SUBSET_SAMPLES;
  const tornShare = (options.tornSamples ?? TORN_SAMPLES) / TORN_OUT_OF;
  return (o) => {
    let f = fates.get(o);
    if (f === undefined) {
      const kept = Array.from({ length: samples }, () => random.next() < 0.5);
      const cuts = TEAR_GRANULES.map((granule) => {
        if (o.op !== "write") return -1;
        // The granule boundaries strictly inside the write; one chosen at random.
        const first = Math.floor(o.position / granule) + 1;
        const last = Math.ceil((o.position + o.bytes.length) / granule) - 1;
        return last < first ? -1 : (first + random.below(last - first + 1)) * granule - o.position;
      });
      f = { kept, cuts, seed: random.below(2 ** 31), torn: random.next() < tornShare };
      fates.set(o, f);
    }
    return f;
  };
}

/** Seeded garbage: GARBAGE_POOL_BYTES drawn once, read from a seeded place, cycling. */
const GARBAGE_POOL_BYTES = 65521;
let garbagePool: Uint8Array | undefined;

function garbage(seed: number, length: number): Uint8Array {
  garbagePool ??= new Random(GARBAGE_POOL_BYTES).bytes(GARBAGE_POOL_BYTES);
  const out = new Uint8Array(length);
  for (let at = 0, from = seed % GARBAGE_POOL_BYTES; at < length; at += GARBAGE_POOL_BYTES - from, from = 0) {
    out.set(garbagePool.subarray(from, from + Math.min(GARBAGE_POOL_BYTES - from, length - at)), at);
  }
  return out;
}

/** The bytes of a file after some of its unsynced operations. */
function contentAfter(durable: FileBytes | undefined, inode: number, pending: readonly DataOperation[], variant: DataVariant): Uint8Array {
  let capacity = durable?.length ?? 0;
  for (const o of pending) if (o.inode === inode && o.op === "write") capacity = Math.max(capacity, o.position + o.bytes.length);
  const file = durable?.copy(capacity) ?? new FileBytes(new Uint8Array(capacity), 0);
  for (const i of variant.kept) if (pending[i].inode === inode) applyData(file, pending[i]);
  const torn = variant.torn;
  if (torn !== undefined && pending[torn.index].inode === inode) {
    const w = pending[torn.index] as Extract<DataOperation, { op: "write" }>;
    const bytes = torn.fill === "zeros" ? new Uint8Array(w.bytes.length) : garbage(torn.seed, w.bytes.length);
    bytes.set(w.bytes.subarray(0, torn.cut));
    file.write(w.position, bytes);
  }
  return file.bytes();
}

function processCrashState(model: FileSystemModel, boundary: number): CrashState {
  return {
    boundary, kind: "process", variant: "everything written",
    read: (path) => {
      const inode = model.lookup(path);
      return inode === undefined ? undefined : model.files.get(inode)!.bytes();
    },
    list: (path) => [...(model.dirs.get(path)?.keys() ?? [])].sort(),
  };
}

function powerLossStates(model: FileSystemModel, boundary: number, options: CrashOptions,
  fate: (o: DataOperation) => WriteFate): CrashState[] {
  const pending = [...model.pendingData];
  const entries = [...model.pendingEntries];
  const variants = dataVariants(pending, options, fate);
  const durableFiles = model.durableFiles;
  const states: CrashState[] = [];
  for (let prefix = 0; prefix <= entries.length; prefix++) {
    const dirs = copyDirectories(model.durableDirs);
    for (const e of entries.slice(0, prefix)) applyEntry(dirs, e);
    for (const variant of variants) {
      states.push({
        boundary, kind: "power", variant: `entries ${prefix}/${entries.length}, ${variant.name}`,
        read: (path) => {
          const inode = dirs.get(directoryOf(path))?.get(baseName(path));
          return inode === undefined ? undefined : contentAfter(durableFiles.get(inode), inode, pending, variant);
        },
        list: (path) => [...(dirs.get(path)?.keys() ?? [])].sort(),
      });
    }
  }
  return states;
}

// ---- The recording ImageIO ---------------------------------------------------------------------

/** Where the log stood and what the file system was: the start of the operations to crash in. */
export interface Mark {
  readonly index: number;
  readonly model: FileSystemModel;
}

interface OpenDescriptor {
  readonly path: string;
  readonly inode: number;
  readonly writable: boolean;
  /** A descriptor of `readThrough`, for a file outside the in-memory directories. */
  readonly outside?: number;
}

export interface CrashIOOptions {
  /** In-memory directories that exist from the start (default ["/mem"]). */
  readonly directories?: readonly string[];
  /** Where files outside them are read from (never written); none if undefined. */
  readonly readThrough?: ImageIO;
}

/** The recording, crash-simulating file system; an ImageIO for a session. */
export class CrashIO implements ImageIO {
  readonly log: Operation[] = [];
  readonly model = new FileSystemModel();
  /** Reads made, for tests that count them; reads change nothing and are not logged. */
  reads = 0;
  private readonly fds = new Map<number, OpenDescriptor>();
  private nextFd = 100;
  private nextInode = 1;
  private readonly readThrough: ImageIO | undefined;
  private clock = 0;

  constructor(options: CrashIOOptions = {}) {
    for (const dir of options.directories ?? ["/mem"]) this.model.makeDirectory(dir);
    this.readThrough = options.readThrough;
  }

  /**
   * A file system holding `files` (path -> bytes), all durable, as a machine restarted after a
   * crash finds it; reading `readThrough` outside its directories.
   */
  static withFiles(files: ReadonlyMap<string, Uint8Array>, options: CrashIOOptions = {}): CrashIO {
    const io = new CrashIO({ ...options, directories: [...new Set([...(options.directories ?? ["/mem"]), ...[...files.keys()].map(directoryOf)])] });
    for (const [path, bytes] of files) {
      const inode = io.nextInode++;
      const file = new FileBytes(bytes.slice());
      io.model.files.set(inode, file);
      io.model.durableFiles.set(inode, file.copy());
      io.model.dirs.get(directoryOf(path))!.set(baseName(path), inode);
      io.model.durableDirs.get(directoryOf(path))!.set(baseName(path), inode);
    }
    return io;
  }

  /** The log's position and a copy of the file system: where a save to crash in starts. */
  mark(): Mark {
    return { index: this.log.length, model: this.model.copy() };
  }

  /** The file system now, complete (as after the last operation): a crash state of no crash. */
  now(): CrashState {
    return processCrashState(this.model.copy(), this.log.length);
  }

  /**
   * Every crash state from `mark` to `end` (default the end of the log), boundary by boundary:
   * at each, the process crash, then the power-loss variants. Generated lazily.
   */
  *crashStates(mark: Mark, end = this.log.length, options: CrashOptions = {}): Generator<CrashState> {
    const fate = writeFates(new Random(options.seed ?? mark.index + 1), options);
    const model = mark.model.copy();
    for (let k = mark.index; ; k++) {
      yield processCrashState(model, k);
      if (options.power ?? true) yield* powerLossStates(model, k, options, fate);
      if (k === end) return;
      model.apply(this.log[k]);
    }
  }

  private inMemory(path: string): boolean {
    return this.model.dirs.has(directoryOf(path));
  }

  private record(o: Operation): void {
    this.log.push(o);
    this.model.apply(o);
  }

  private descriptor(fd: number): OpenDescriptor {
    const d = this.fds.get(fd);
    if (d === undefined) throw ioError("EBADF", "fstat", String(fd));
    return d;
  }

  // ---- ImageIO -------------------------------------------------------------------------------

  open(path: string, mode: "read" | "write" | "create"): number {
    const fd = this.nextFd++;
    if (!this.inMemory(path)) {
      if (this.readThrough === undefined || mode !== "read") throw ioError("ENOENT", "open", path);
      this.fds.set(fd, { path, inode: -1, writable: false, outside: this.readThrough.open(path, "read") });
      return fd;
    }
    let inode = this.model.lookup(path);
    if (inode === undefined) {
      if (mode !== "create") throw ioError("ENOENT", "open", path);
      inode = this.nextInode++;
      this.record({ op: "create", path, inode });
    } else {
      this.record({ op: "open", path, inode, mode });
      if (mode === "create") this.record({ op: "truncate", path, inode, length: 0 });
    }
    this.fds.set(fd, { path, inode, writable: mode !== "read" });
    return fd;
  }

  close(fd: number): void {
    const d = this.descriptor(fd);
    this.fds.delete(fd);
    if (d.outside !== undefined) return this.readThrough!.close(d.outside);
    this.record({ op: "close", path: d.path, inode: d.inode });
  }

  size(fd: number): number {
    const d = this.descriptor(fd);
    if (d.outside !== undefined) return this.readThrough!.size(d.outside);
    return this.model.files.get(d.inode)!.length;
  }

  read(fd: number, buffer: Uint8Array, position: number): number {
    const d = this.descriptor(fd);
    this.reads++;
    if (d.outside !== undefined) return this.readThrough!.read(d.outside, buffer, position);
    const bytes = this.model.files.get(d.inode)!.bytes();
    const part = bytes.subarray(Math.min(position, bytes.length), Math.min(position + buffer.length, bytes.length));
    buffer.set(part);
    return part.length;
  }

  readv(fd: number, buffers: readonly Uint8Array[], position: number): number {
    return readEach(this, fd, buffers, position);
  }

  write(fd: number, chunks: readonly Uint8Array[], position: number): void {
    const d = this.descriptor(fd);
    if (!d.writable) throw ioError("EBADF", "write", d.path);
    for (const chunk of chunks) {
      // A copy: the chunks are views of the heap, which changes after the save.
      if (chunk.length > 0) this.record({ op: "write", path: d.path, inode: d.inode, position, bytes: chunk.slice() });
      position += chunk.length;
    }
  }

  fsync(fd: number): void {
    const d = this.descriptor(fd);
    if (d.outside !== undefined) return;
    this.record({ op: "fsync", path: d.path, inode: d.inode });
  }

  truncate(fd: number, length: number): void {
    const d = this.descriptor(fd);
    if (!d.writable) throw ioError("EBADF", "ftruncate", d.path);
    this.record({ op: "truncate", path: d.path, inode: d.inode, length });
  }

  rename(from: string, to: string): void {
    if (this.model.lookup(from) === undefined) throw ioError("ENOENT", "rename", from);
    this.record({ op: "rename", from, to });
  }

  fsyncDirectory(path: string): void {
    if (!this.model.dirs.has(path)) throw ioError("ENOENT", "open", path);
    this.record({ op: "fsyncDirectory", path });
  }

  unlink(path: string): void {
    if (this.model.lookup(path) === undefined) throw ioError("ENOENT", "unlink", path);
    this.record({ op: "unlink", path });
  }

  exists(path: string): boolean {
    if (this.inMemory(path)) return this.model.lookup(path) !== undefined || this.model.dirs.has(path);
    return this.model.dirs.has(path) || (this.readThrough?.exists(path) ?? false);
  }

  list(path: string): string[] {
    const dir = this.model.dirs.get(path);
    if (dir !== undefined) return [...dir.keys()].sort();
    return this.readThrough?.list(path) ?? [];
  }

  makeDirectory(path: string): void {
    for (let p = path; p !== "/" && !this.model.dirs.has(p); p = directoryOf(p)) {
      this.record({ op: "makeDirectory", path: p });
    }
  }

  modified(path: string): number {
    if (!this.inMemory(path) && this.readThrough !== undefined) return this.readThrough.modified(path);
    return ++this.clock;
  }
}

// ---- A read-only view of a crash state ---------------------------------------------------------

/**
 * An ImageIO over one crash state, to open it with WorldImages. Reading only: an attempt to
 * change anything is recorded in `attempts` and refused with EROFS.
 */
export class CrashStateView implements ImageIO {
  readonly attempts: string[] = [];
  private readonly fds = new Map<number, Uint8Array>();
  private nextFd = 1;

  constructor(private readonly state: CrashState) {}

  private refuse(what: string, path: string): never {
    this.attempts.push(`${what} ${path}`);
    throw ioError("EROFS", what, path);
  }

  open(path: string, mode: "read" | "write" | "create"): number {
    if (mode !== "read") this.refuse(`open(${mode})`, path);
    const bytes = this.state.read(path);
    if (bytes === undefined) throw ioError("ENOENT", "open", path);
    const fd = this.nextFd++;
    this.fds.set(fd, bytes);
    return fd;
  }
  close(fd: number): void {
    this.fds.delete(fd);
  }
  size(fd: number): number {
    return this.fds.get(fd)!.length;
  }
  read(fd: number, buffer: Uint8Array, position: number): number {
    const bytes = this.fds.get(fd)!;
    const part = bytes.subarray(Math.min(position, bytes.length), Math.min(position + buffer.length, bytes.length));
    buffer.set(part);
    return part.length;
  }
  readv(fd: number, buffers: readonly Uint8Array[], position: number): number {
    return readEach(this, fd, buffers, position);
  }
  write(): void {
    this.refuse("write", "");
  }
  fsync(): void {
    this.refuse("fsync", "");
  }
  truncate(): void {
    this.refuse("truncate", "");
  }
  rename(from: string): void {
    this.refuse("rename", from);
  }
  fsyncDirectory(path: string): void {
    this.refuse("fsyncDirectory", path);
  }
  unlink(path: string): void {
    this.refuse("unlink", path);
  }
  exists(path: string): boolean {
    return this.state.read(path) !== undefined || this.state.list(path).length > 0;
  }
  list(path: string): string[] {
    return this.state.list(path);
  }
  makeDirectory(path: string): void {
    this.refuse("makeDirectory", path);
  }
  modified(): number {
    return 0;
  }
}
