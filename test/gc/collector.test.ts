// The generational collector (gc/collector.ts, C1-C4): what each kind of collection preserves,
// moves, frees and writes. The fixture (fixture.ts) holds an object of every type.

import * as L from "../../runtime/layout";
import { GENERATION_OLD, GENERATION_YOUNG } from "../../runtime/heap";
import { heapDigest } from "../../gc/digest";
import { verifyHeap } from "../../gc/verify";
import { PagedOldSpace } from "../../gc/old-space";
import { Fixture, makeFixture, reachableTypes } from "./fixture";

const LONG = 60_000;

function verify(f: Fixture): string[] {
  return verifyHeap(f.heap, f.heap.oldSpace as PagedOldSpace);
}

describe("the fixture", () => {
  it("reaches an object of every type of the layout table", async () => {
    const f = await makeFixture();
    const missing = L.OBJECT_TYPES.filter((t) => t.type !== L.OBJECT_FORWARDED && !reachableTypes(f.heap).has(t.type)).map((t) => t.prefix);
    expect(missing).toEqual([]);
    expect(await f.ok()).toBe(true);
  }, LONG);
});

describe("a minor collection", () => {
  it("copies every young object into old space and keeps every object type intact (digest unchanged)", async () => {
    const f = await makeFixture();
    expect(f.heap.isYoung(f.e.session.global("fixture"))).toBe(true);
    const before = heapDigest(f.heap);
    f.heap.collector.collect("minor");
    expect(heapDigest(f.heap)).toBe(before);
    expect(f.heap.isYoung(f.e.session.global("fixture"))).toBe(false);
    expect(verify(f)).toEqual([]);
    expect(await f.ok()).toBe(true);
  }, LONG);

  it("leaves no young page in use (C1)", async () => {
    const f = await makeFixture();
    expect(f.heap.pagesOfGeneration(GENERATION_YOUNG)).toBeGreaterThan(0);
    f.heap.collector.collect("minor");
    expect(f.heap.pagesOfGeneration(GENERATION_YOUNG)).toBe(0);
  }, LONG);

  it("keeps alive a young object that only an old cell points to (the write barrier, H7)", async () => {
    const f = await makeFixture();
    await f.e.value("(define old-box (box #f))");
    f.heap.collector.collect("minor");
    expect(f.heap.isYoung(f.e.session.global("old-box"))).toBe(false);
    await f.e.value("(set-box! old-box (list 'young 'list))");
    f.heap.collector.collect("minor");
    expect(verify(f)).toEqual([]);
    expect(await f.e.value("(unbox old-box)")).toBe("(young list)");
  }, LONG);
});

describe("a full collection", () => {
  it("keeps every object type intact and in place (digest and addresses unchanged)", async () => {
    const f = await makeFixture();
    await f.killJunkInOldSpace();
    const before = heapDigest(f.heap);
    const addresses = f.itemAddresses();
    const old = f.heap.oldSpace as PagedOldSpace;
    const liveBefore = old.occupancy().liveGranules;
    f.heap.collector.collect("full");
    expect(heapDigest(f.heap)).toBe(before);
    expect(f.itemAddresses()).toEqual(addresses);
    expect(old.occupancy().liveGranules).toBeLessThan(liveBefore); // the junk is gone
    expect(verify(f)).toEqual([]);
    expect(await f.ok()).toBe(true);
  }, LONG);

  it("writes into no page: no page's dirty epoch changes though old objects are freed (C2)", async () => {
    const f = await makeFixture();
    await f.killJunkInOldSpace();
    f.heap.flipGeneration();
    const old = f.heap.oldSpace as PagedOldSpace;
    const epochs = Array.from(f.heap.pageEpoch);
    const liveBefore = Array.from(old.live);
    f.heap.collector.collect("full");
    const keptButEmptier = liveBefore.filter((live, p) => old.live[p] > 0 && old.live[p] < live);
    expect(keptButEmptier.length).toBeGreaterThan(0);
    const changed = epochs.flatMap((epoch, p) => f.heap.pageGeneration[p] === GENERATION_OLD && f.heap.pageEpoch[p] !== epoch ? [p] : []);
    expect(changed).toEqual([]);
  }, LONG);
});

describe("a compacting collection", () => {
  it("moves the objects of sparse pages and keeps every object type intact (digest unchanged, C4)", async () => {
    const f = await makeFixture();
    await f.killJunkInOldSpace();
    const before = heapDigest(f.heap);
    const addresses = f.itemAddresses();
    const compactions = f.heap.collector.statistics.compaction.count;
    f.heap.collector.collect("compacting");
    expect(f.heap.collector.statistics.compaction.count).toBe(compactions + 1);
    const moved = f.itemAddresses().filter((at, i) => at !== addresses[i]);
    expect(moved.length).toBeGreaterThan(0);
    expect(heapDigest(f.heap)).toBe(before);
    expect(verify(f)).toEqual([]);
    expect(await f.ok()).toBe(true);
  }, LONG);

  it("relocates the JavaScript caches: symbols read afterwards are the moved ones, globals found", async () => {
    const f = await makeFixture();
    await f.killJunkInOldSpace();
    f.heap.collector.collect("compacting");
    expect(await f.e.value("(eq? (item 3) 'a-symbol)")).toBe("#t");
    expect(await f.e.value("(define later 'a-symbol) (eq? later (item 3))")).toBe("#t");
    expect(await f.e.value("(point-x (make-point 5 6))")).toBe("5");
  }, LONG);
});
