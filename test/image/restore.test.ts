// A world restored from an image is a heap the collector can go on with: its pages, their
// metadata and old space's free-space tables (snapshot.ts, old-space I5) come back as saved, so
// the verifier finds nothing wrong, and minor, full and compacting collections keep every object.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { makeFixture, Fixture } from "../gc/fixture";
import { Session } from "../../repl/session";
import { WorldImages } from "../../image/world-images";
import { savedStackTop } from "../../runtime/machine";
import { PagedOldSpace } from "../../gc/old-space";
import { verifyHeap } from "../../gc/verify";
import { heapDigest } from "../../gc/digest";
import { COLLECTION_KINDS, GENERATION_OLD, GENERATION_YOUNG, Heap } from "../../runtime/heap";
import { PAGE_BYTES, PAGE_WORDS, SPACE_FREE, SPACE_STACK, SPACE_VECTOR, WORD_BYTES } from "../../runtime/layout";
import { createHeap } from "../../gc";

let dir: string;
let fixture: Fixture;
let file: string;
let savedDigest: string;

beforeAll(async () => {
  await WorldImages.ready();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-restore-"));
  file = path.join(dir, "fixture.image");
  fixture = await makeFixture();
  // Garbage among the items in old pages, and a full collection: pages with holes and dead objects.
  await fixture.killJunkInOldSpace();
  fixture.heap.collector.collect("full");
  const session = fixture.e.session;
  session.images.save(fixture.heap, session.images.resolve(file), { stackTop: session.machine.stackTop, running: false });
  savedDigest = heapDigest(fixture.heap);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The heap passes the verifier, and again after a full collection, which leaves its digest as it was. */
function expectVerifiedThroughFullCollection(heap: Heap): void {
  const digest = heapDigest(heap);
  expect(verifyHeap(heap, heap.oldSpace as PagedOldSpace)).toEqual([]);
  heap.collector.collect("full");
  expect(verifyHeap(heap, heap.oldSpace as PagedOldSpace)).toEqual([]);
  expect(heapDigest(heap)).toBe(digest);
}

function resumed(): Session {
  return new Session({ heapLimitBytes: 2 ** 28, stdout: () => undefined, stderr: () => undefined }, { name: file });
}

test("a restored heap has the digest the saved one had", () => {
  expect(heapDigest(resumed().world.heap)).toBe(savedDigest);
});

test("a restored heap passes the heap verifier", () => {
  const heap = resumed().world.heap;
  expect(verifyHeap(heap, heap.oldSpace as PagedOldSpace)).toEqual([]);
});

test("a restored old page has the free-space tables it was saved with", () => {
  // Loaded without a session, which would allocate (its machine's trampoline, for one).
  const images = new WorldImages();
  const saved = fixture.heap.oldSpace as PagedOldSpace;
  const restored = images.load(images.resolve(file), {}).heap.oldSpace as PagedOldSpace;
  for (let p = 0; p < fixture.heap.pageHighWater; p++) {
    if (saved.starts[p] === undefined) continue;
    expect(restored.starts[p]).toEqual(saved.starts[p]);
    expect(restored.live[p]).toBe(saved.live[p]);
  }
});

for (const kind of COLLECTION_KINDS) {
  test(`a ${kind} collection of a restored heap keeps every object`, async () => {
    const session = resumed();
    const heap = session.world.heap;
    heap.collector.collect(kind);
    expect(verifyHeap(heap, heap.oldSpace as PagedOldSpace)).toEqual([]);
    expect(heapDigest(heap)).toBe(savedDigest);
    // (fixture-ok?) would find its string port closed, as every port but the standard ones is
    // in a resumed world; the items themselves are all there.
    const ok = await session.evaluateProgram(session.readProgram(
      "(list (length fixture) (point-x (car (list-ref fixture 8))) (vector-ref (car (car fixture)) 1))", "test.scm"));
    expect(ok.kind === "value" && session.show(ok.value)).toBe('(20 1 "two")');
  });
}

test("a restored world allocates into the holes of its old pages", async () => {
  const session = resumed();
  const heap = session.world.heap;
  const pagesBefore = heap.pagesOfGeneration(2);
  // Enough to promote into the holes the junk left, not enough to need many new pages.
  const run = await session.evaluateProgram(session.readProgram("(define kept (make-list 2000 'x)) (gc) (length kept)", "test.scm"));
  expect(run.kind === "value" && session.show(run.value)).toBe("2000");
  expect(verifyHeap(heap, heap.oldSpace as PagedOldSpace)).toEqual([]);
  expect(heap.pagesOfGeneration(2)).toBeLessThanOrEqual(pagesBefore + 1);
});

describe("a world loaded into the memory of a retired heap (runtime/heap.ts RECYCLING)", () => {
  const LIMIT = 2 ** 28;

  /** The world of `file`, loaded after a heap of the same reservation, every byte of it 0xff, was retired. */
  function loadIntoRecycled() {
    const images = new WorldImages();
    const name = images.resolve(file);
    const fresh = images.load(name, { limitBytes: LIMIT }).heap;
    const old = createHeap({ limitBytes: LIMIT });
    // Past the world's pages, so that pages it leaves free and pages taken fresh after it were the old world's.
    while (old.pageHighWater < fresh.pageHighWater + 64) old.takePages(SPACE_VECTOR, GENERATION_YOUNG, 1);
    old.bytes.fill(0xff, PAGE_BYTES, old.pageHighWater * PAGE_BYTES);
    const memory = old.buffer;
    old.retire();
    const recycled = images.load(name, { limitBytes: LIMIT }).heap;
    expect(recycled.buffer).toBe(memory);
    return { fresh, recycled };
  }

  test("has the bytes of every page in use that a load into new memory has; of a stack page, up to the stack's top", () => {
    const { fresh, recycled } = loadIntoRecycled();
    const stackTop = savedStackTop(fresh);
    const differing: number[] = [];
    for (let p = 1; p < fresh.pageHighWater; p++) {
      if (fresh.pageSpace[p] === SPACE_FREE) continue;
      // Above the running frame, a stack page may keep what the recycled world left (machine.ts M1).
      const end = fresh.pageSpace[p] === SPACE_STACK ? Math.max(0, Math.min(PAGE_BYTES, (stackTop - p * PAGE_WORDS) * WORD_BYTES)) : PAGE_BYTES;
      if (Buffer.compare(recycled.pageBytes(p).subarray(0, end), fresh.pageBytes(p).subarray(0, end)) !== 0) differing.push(p);
    }
    expect(differing).toEqual([]);
    expect(heapDigest(recycled)).toBe(heapDigest(fresh));
  });

  test("hands out zeroed pages (H2): those the world left free, and those taken fresh past it", () => {
    const { recycled } = loadIntoRecycled();
    const nonzero: number[] = [];
    while (recycled.pagesAvailable > recycled.youngPageList.length + 64) {
      const p = recycled.takePages(SPACE_VECTOR, GENERATION_OLD, 1);
      if (recycled.pageBytes(p).some((b) => b !== 0)) nonzero.push(p);
    }
    expect(nonzero).toEqual([]);
  });

  test("passes the heap verifier, and a full collection keeps every object", () => {
    expectVerifiedThroughFullCollection(loadIntoRecycled().recycled);
  });
});

describe("a world reloaded from the bytes of an image loaded before (WorldImages.reload)", () => {
  function loadAndReload() {
    const images = new WorldImages();
    const name = images.resolve(file);
    const loaded = images.load(name, {});
    return { loaded: loaded.heap, reloaded: WorldImages.reload(name, fs.readFileSync(file), loaded.commit, {}) };
  }

  test("is the heap load() made: bytes, page metadata, free-space tables and roots", () => {
    const { loaded, reloaded } = loadAndReload();
    const end = loaded.pageHighWater;
    expect(reloaded.pageHighWater).toBe(end);
    expect(Buffer.compare(reloaded.bytes.subarray(0, end * PAGE_BYTES), loaded.bytes.subarray(0, end * PAGE_BYTES))).toBe(0);
    for (const table of ["pageSpace", "pageGeneration", "pageTop", "pageRun", "pageEpoch", "tablesEpoch"] as const) {
      expect([table, Array.from(reloaded[table].subarray(0, end))]).toEqual([table, Array.from(loaded[table].subarray(0, end))]);
    }
    const a = loaded.oldSpace as PagedOldSpace, b = reloaded.oldSpace as PagedOldSpace;
    expect(b.starts.slice(0, end)).toEqual(a.starts.slice(0, end));
    expect(b.holes.slice(0, end)).toEqual(a.holes.slice(0, end));
    expect(Array.from(b.live.subarray(0, end))).toEqual(Array.from(a.live.subarray(0, end)));
    expect(Array.from(reloaded.roots)).toEqual(Array.from(loaded.roots));
    expect(heapDigest(reloaded)).toBe(heapDigest(loaded));
  });

  test("passes the heap verifier, and a full collection keeps every object", () => {
    expectVerifiedThroughFullCollection(loadAndReload().reloaded);
  });
});
