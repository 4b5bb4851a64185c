// Shared by the image tests: sessions whose images go through a test ImageIO, the world an
// image file holds, as a digest, and the records of an image file.

import { Session } from "../../repl/session";
import { ImageIO, nodeIO } from "../../image/io";
import { ImageError } from "../../image/image-file";
import { LoadedWorld, WorldImages } from "../../image/world-images";
import { PAGE_BYTES } from "../../runtime/layout";
import { heapDigest } from "../../gc/digest";
import { CommitRecord, HEADER_BYTES, RECORD_COMMIT, RECORD_HEADER_BYTES, RECORD_JOURNAL, TRAILER_BYTES, decodeCommit, decodeHeader,
  decodeRecordHeader, hasher } from "../../image/format";
import { CrashIO, CrashState, CrashStateView } from "./crash-io";
import { OPEN_HEAP } from "./fixtures/open-heap";

export const HEAP_BYTES = 2 ** 28;

/** The image every test saves to: a path, so it is in the in-memory /mem directory. */
export const IMAGE = "/mem/w.image";

/** A session whose images go through `io`, its output collected. */
export interface TestSession {
  readonly session: Session;
  readonly output: () => string;
  /** Evaluates a program; its value as written, or "error: MESSAGE". */
  evaluate(source: string): Promise<string>;
}

export function wrap(session: Session, output: () => string): TestSession {
  return {
    session,
    output,
    async evaluate(source) {
      const r = await session.evaluateProgram(session.readProgram(source, "test.scm"));
      if (r.kind === "error") return `error: ${r.message}`;
      if (r.kind === "exit") return `exit ${r.code}`;
      return session.show(r.value) ?? "#<unspecified>";
    },
  };
}

/** A new world (resumed from the base image, read from build/ through `io`). */
export async function newSession(io: ImageIO): Promise<TestSession> {
  let written = "";
  const session = await Session.create({ imageIO: io, baseImage: true, heapLimitBytes: HEAP_BYTES,
    stdout: (t) => (written += t), stderr: (t) => (written += t) });
  return wrap(session, () => written);
}

/** The world of the image `name`, resumed. */
export async function resumedSession(io: ImageIO, name = IMAGE): Promise<TestSession> {
  let written = "";
  const session = await Session.create({ imageIO: io, heapLimitBytes: HEAP_BYTES,
    stdout: (t) => (written += t), stderr: (t) => (written += t) }, { name });
  return wrap(session, () => written);
}

/** A CrashIO that reads the base image from the real build/. */
export function crashIO(): CrashIO {
  return new CrashIO({ readThrough: nodeIO });
}

/** What opening an image gives: the digest of its world, or the error, one line. */
export type Outcome =
  | { readonly digest: string; readonly commit: number; readonly warning?: string }
  | { readonly error: string };

/**
 * Opens the image `name` through `io` and digests the world loaded. `digests` memoizes digests
 * by a fingerprint of the loaded heap (its roots and the bytes of every page in use, read from
 * the heap itself): two heaps with the same fingerprint have the same digest.
 */
export function openWorld(io: ImageIO, name = IMAGE, digests?: Map<string, string>, commit?: number): Outcome {
  const images = new WorldImages(io);
  let loaded: LoadedWorld;
  try {
    loaded = images.load(images.resolve(name), OPEN_HEAP, commit);
  } catch (e) {
    if (e instanceof ImageError) return { error: e.message };
    throw e;
  }
  const key = digests === undefined ? undefined : heapFingerprint(loaded);
  let digest = key === undefined ? undefined : digests!.get(key);
  if (digest === undefined) {
    digest = heapDigest(loaded.heap);
    if (key !== undefined) digests!.set(key, digest);
  }
  return { digest, commit: loaded.commit.number, warning: loaded.warning };
}

/**
 * A hash of what a loaded heap holds: roots, page metadata, and the bytes of each page in use
 * up to the length its record had (a new heap's pages are zeros beyond what was loaded).
 */
function heapFingerprint(loaded: LoadedWorld): string {
  const { heap } = loaded;
  const h64 = hasher().h64;
  const { page: pages, length } = loaded.commit.pages;
  const parts = new BigUint64Array(pages.length * 2 + 2);
  parts[0] = h64(new Uint8Array(heap.roots.buffer, heap.roots.byteOffset, heap.roots.byteLength));
  parts[1] = BigInt(heap.pageHighWater);
  pages.forEach((p, i) => {
    parts[2 + 2 * i] = BigInt(p * 1000 + heap.pageSpace[p]);
    parts[3 + 2 * i] = h64(heap.bytes.subarray(p * PAGE_BYTES, p * PAGE_BYTES + length[i]));
  });
  return h64(new Uint8Array(parts.buffer)).toString(16);
}

/** Whether two outcomes are the same world (or the same error). */
export function sameOutcome(a: Outcome, b: Outcome): boolean {
  return "digest" in a ? "digest" in b && a.digest === b.digest : "error" in b && a.error === b.error;
}

export function describeOutcome(o: Outcome): string {
  return "digest" in o ? `world ${o.digest.slice(0, 12)} (commit ${o.commit})` : `error: ${o.error}`;
}

/**
 * Outcomes of crash states, memoized by a hash of the image file's bytes (absent: "none").
 * `distinct` counts the distinct files opened.
 */
export class OutcomeCache {
  private readonly byFile = new Map<string, Outcome>();
  private readonly digests = new Map<string, string>();
  /** Attempts to change a file while opening one (there must be none). */
  readonly writesDuringOpen: string[] = [];

  get distinct(): number {
    return this.byFile.size;
  }

  outcome(state: CrashState, name = IMAGE): Outcome {
    const bytes = state.read(name);
    const key = bytes === undefined ? "none" : `${bytes.length}:${hasher().h64(bytes).toString(16)}`;
    let o = this.byFile.get(key);
    if (o === undefined) {
      const view = new CrashStateView({ ...state, read: (path) => (path === name ? bytes : state.read(path)) });
      o = openWorld(view, name, this.digests);
      this.writesDuringOpen.push(...view.attempts);
      this.byFile.set(key, o);
    }
    return o;
  }
}

/** A record of an image file: its kind, where it is (a commit's trailer included), and a commit or journal record's payload. */
export interface FileRecord {
  readonly kind: number;
  readonly start: number;
  readonly end: number;
  readonly commit?: CommitRecord;
}

/** The records of an undamaged image file, in order. */
export function imageRecords(bytes: Uint8Array): FileRecord[] {
  const header = decodeHeader(bytes);
  if ("kind" in header) throw new Error(`not an image: ${header.kind}`);
  const records: FileRecord[] = [];
  for (let at = HEADER_BYTES; at < bytes.length;) {
    const record = decodeRecordHeader(bytes.subarray(at), header.id);
    if (record === undefined) throw new Error(`no record at offset ${at}`);
    const payloadEnd = at + RECORD_HEADER_BYTES + record.length;
    const end = payloadEnd + (record.kind === RECORD_COMMIT ? TRAILER_BYTES : 0);
    const commit = record.kind === RECORD_COMMIT || record.kind === RECORD_JOURNAL
      ? decodeCommit(bytes.subarray(at + RECORD_HEADER_BYTES, payloadEnd)) : undefined;
    records.push({ kind: record.kind, start: at, end, commit });
    at = end;
  }
  return records;
}
