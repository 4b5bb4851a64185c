// Saving a running world to a named image and loading one back: the layer between a session
// and the image files. It knows which image the world came from or was last saved to (its
// commit point), so that a save to that image writes only what changed (incremental), and when
// a file has grown to be mostly superseded records, rewrites it (compaction).
//
// Invariants
//   W1. A save happens at a safe point right after a minor collection: the nursery is empty,
//       so every object is in an old page, and the registers are in the machine object.
//   W2. The heap's epoch is flipped only after a commit is durable: the pages dirty in the
//       current epoch are exactly those changed since the commit point (or since the world was
//       loaded), so a failed save leaves them dirty and the next save writes them again.
//   W3. The commit point changes only when a commit is durable; a failed save leaves it, and
//       the file's previous commit, as they were.

import { HEAP_LIMIT_DEFAULT, Heap } from "../runtime/heap";
import { PagedOldSpace } from "../gc/old-space";
import { CreateHeapOptions, createHeap } from "../gc";
import { PAGE_BYTES } from "../runtime/layout";
import { savedStackTop } from "../runtime/machine";
import { CommitPayload, loadHasher } from "./format";
import { CommitPoint, CommitSummary, ImageError, LoadTarget, imageHistory, openImage, reloadPages, temporaryPath, writeCommit } from "./image-file";
import { dirname } from "path";
import { osReason } from "../runtime/ports";
import { ImageIO, nodeIO } from "./io";
import { restoreTables, worldPages } from "./snapshot";
import { ImageName, resolveImageName, storedImageNames } from "./store";

/** Pages a loaded heap has beyond the image's: room to start running (a nursery, the reserve). */
const LOAD_HEADROOM_PAGES = 64;
/** A file is rewritten when its superseded records are more than this share of it. */
const COMPACT_SUPERSEDED_SHARE = 0.5;
/** ...and it is at least this big (small files are not worth it). */
const COMPACT_MIN_BYTES = 4 * 1024 * 1024;

/** What a save needs of the running machine. */
export interface SaveState {
  /** One past the last stack word in use. */
  readonly stackTop: number;
  /** Whether a computation is under way (it continues when the world is resumed). */
  readonly running: boolean;
}

/** A world loaded from an image: its heap, and what its commit says. */
export interface LoadedWorld {
  readonly heap: Heap;
  readonly commit: CommitPayload;
  readonly point: CommitPoint;
  readonly warning?: string;
}

export interface ImageSummary {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly created: number;
  readonly commits: number;
  readonly newest?: CommitSummary;
}

/**
 * A new heap for a commit's world, as the target of its pages: limited to `options.limitBytes`
 * (the runtime's default if absent) or what the world needs if that is more; with `fit`, just
 * what it needs.
 */
function restoreTarget(name: ImageName, payload: CommitPayload, options: CreateHeapOptions & { fit?: boolean }): LoadTarget & { heap: Heap } {
  const needed = (payload.highWater + LOAD_HEADROOM_PAGES) * PAGE_BYTES;
  const { fit, ...heapOptions } = options;
  const limit = heapOptions.limitBytes;
  if (limit !== undefined && limit < needed) {
    throw new ImageError(`image ${name.name} needs a heap of at least ${Math.ceil(needed / 2 ** 20)}m; the limit is ${Math.floor(limit / 2 ** 20)}m (--heap-limit)`);
  }
  const heap = createHeap({ ...heapOptions, limitBytes: fit === true ? needed : Math.max(limit ?? HEAP_LIMIT_DEFAULT, needed) });
  const oldSpace = heap.oldSpace as PagedOldSpace;
  return {
    heap,
    bytes: heap.bytes,
    restorePage: (p, space, generation, top, run, length) => heap.restorePage(p, space, generation, top, run, length),
    restoreTables: (p, bytes) => restoreTables(oldSpace, p, bytes),
  };
}

/** Ends a restore: the pages not restored are free, and the roots are the commit's. */
function finishRestore(heap: Heap, commit: CommitPayload): Heap {
  heap.finishRestore(commit.highWater);
  heap.roots.set(commit.roots);
  (heap.oldSpace as PagedOldSpace).rebuildCandidates();
  return heap;
}

export class WorldImages {
  /** The image the world came from or was last saved to, and its commit (W3). */
  current: CommitPoint | undefined;

  constructor(readonly io: ImageIO = nodeIO, private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** Loads the checksum library: call once before any other operation. */
  static async ready(): Promise<void> {
    await loadHasher();
  }

  resolve(name: string): ImageName {
    return resolveImageName(name, this.env);
  }

  /**
   * Saves the world as the image `name` (W1-W3): incrementally if the world came from it or was
   * last saved to it, else whole. Returns the commit point. Throws an ImageError naming the cause.
   */
  save(heap: Heap, name: ImageName, state: SaveState): CommitPoint {
    heap.collector.collect("minor"); // W1
    if (name.stored) this.io.makeDirectory(dirname(name.path));
    const base = this.current?.path === name.path ? this.current : undefined;
    let point = commitWorld(this.io, heap, name.path, name.name, state, base, "append");
    if (point.end > COMPACT_MIN_BYTES && point.end - point.liveBytes > COMPACT_SUPERSEDED_SHARE * point.end) {
      // Compaction: the same world, whole, in a new file that replaces the old one atomically.
      // If it fails, the commit just made stands.
      try {
        this.io.unlink(temporaryPath(name.path));
      } catch {
        // No temporary file left over.
      }
      try {
        point = commitWorld(this.io, heap, name.path, name.name, state, undefined, "rewrite");
      } catch {
        // The appended commit is durable, but the rename may have replaced the file before the
        // failure: forget the point, so that the next save writes the world whole.
        heap.flipGeneration(); // W2
        this.current = undefined;
        return point;
      }
    }
    heap.flipGeneration(); // W2
    this.current = point; // W3
    return point;
  }

  /**
   * Appends a journal record of the world to the image it came from or was last saved to (it
   * must have one): what changed since the last commit or journal record, made durable without
   * a commit (format.ts JOURNAL). W1-W3 hold as for a save.
   */
  journal(heap: Heap, state: SaveState): void {
    const base = this.current;
    if (base === undefined) throw new Error("image: journal without an image");
    heap.collector.collect("minor"); // W1
    const point = commitWorld(this.io, heap, base.path, base.path, state, base, "journal");
    heap.flipGeneration(); // W2
    this.current = point; // W3
  }

  /**
   * Loads the image `name` (its newest valid commit, or commit number `commit`) into a new heap,
   * whose limit is `options.limitBytes` (the runtime's default if absent) or what the image
   * needs if that is more; with `fit`, just what the image needs (to look at a world, not to
   * run it: tools and tests that open many images).
   */
  load(name: ImageName, options: CreateHeapOptions & { fit?: boolean }, commit?: number): LoadedWorld {
    const loaded = openImage(this.io, name.path, name.name, (payload) => restoreTarget(name, payload, options), commit);
    return { heap: finishRestore(loaded.target.heap, loaded.commit), commit: loaded.commit, point: loaded.point, warning: loaded.warning };
  }

  /**
   * The world of `commit`, which load() loaded and checked from the image file whose bytes are
   * `image`, into a new heap again, without reading or checking anything (image-file.ts
   * reloadPages): the base image in the start-up snapshot (repl/base-image.ts).
   */
  static reload(name: ImageName, image: Uint8Array, commit: CommitPayload, options: CreateHeapOptions): Heap {
    const target = restoreTarget(name, commit, options);
    reloadPages(image, commit, target);
    return finishRestore(target.heap, commit);
  }

  /**
   * Writes the newest valid commit of `from` as the whole of a new file `to`, which replaces any
   * image `to` atomically: a copy, or (to the same name) a compaction that drops every
   * superseded record and the history.
   */
  rewrite(from: ImageName, to: ImageName): CommitPoint {
    const loaded = this.load(from, { fit: true });
    const heap = loaded.heap;
    if (to.stored) this.io.makeDirectory(dirname(to.path));
    const { running } = loaded.commit;
    try {
      return commitWorld(this.io, heap, to.path, to.name, { stackTop: savedStackTop(heap), running }, undefined, "rewrite");
    } finally {
      // Replaced, or perhaps replaced before a failure: a point in the old file describes another.
      if (this.current?.path === to.path) this.current = undefined;
    }
  }

  /** The images in the store, by name. */
  list(): string[] {
    return storedImageNames((dir) => this.io.list(dir), this.env);
  }

  info(name: ImageName): ImageSummary {
    const history = imageHistory(this.io, name.path, name.name);
    return { name: name.name, path: name.path, bytes: history.size, created: history.created, commits: history.commits.length, newest: history.commits[0] };
  }

  history(name: ImageName): CommitSummary[] {
    return imageHistory(this.io, name.path, name.name).commits;
  }

  /** Deletes an image; false if there was none. */
  delete(name: ImageName): boolean {
    if (!this.io.exists(name.path)) return false;
    // Only an image is deleted: refuse a file that is not one.
    imageHistory(this.io, name.path, name.name);
    try {
      this.io.unlink(name.path);
      this.io.fsyncDirectory(dirname(name.path));
    } catch (e) {
      throw new ImageError(`cannot delete image ${name.name}: ${osReason(e)}`);
    }
    if (this.current?.path === name.path) this.current = undefined;
    return true;
  }
}

/** Writes a world's pages, tables and roots as a commit or journal record (image-file.ts). */
function commitWorld(io: ImageIO, heap: Heap, path: string, describe: string, state: SaveState, base: CommitPoint | undefined,
  how: "append" | "rewrite" | "journal"): CommitPoint {
  return writeCommit(io, path, worldPages(heap, heap.oldSpace as PagedOldSpace, state.stackTop),
    { running: state.running, highWater: heap.pageHighWater, roots: heap.roots }, base, describe, how);
}
