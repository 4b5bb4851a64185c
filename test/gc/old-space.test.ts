// Old space (gc/old-space.ts, I1-I4): where promoted and pretenured objects go, and the side
// tables that say where there is room.

import * as L from "../../runtime/layout";
import { GENERATION_OLD, Handle, Heap } from "../../runtime/heap";
import { createHeap } from "../../gc";
import { PAGE_GRANULES, PagedOldSpace, PromotionPolicy } from "../../gc/old-space";

const HEAP = { limitBytes: 256 * L.PAGE_BYTES, stress: false, verify: false };
/** The objects of the tests: vectors of one element, one granule each. */
const SMALL = 1;
const SMALL_PER_PAGE = PAGE_GRANULES / (L.objectWords(SMALL) / 2);

const pageOf = (w: number) => L.addressOf(w) >>> L.PAGE_WORD_SHIFT;

function small(heap: Heap): number {
  const v = heap.allocateOld(L.OBJECT_VECTOR, SMALL);
  heap.initField(v, L.VECTOR_ELEMENTS, L.TRUE);
  return v;
}

/**
 * Three old pages of small vectors, about 10%, 50% and 90% full after a full collection (of
 * each ten, the first one, five or nine are kept), in that order of address: the first fit is
 * the emptiest page, the busiest the last. Every page's holes are runs of 9, 5 or 1 granules.
 */
function threeOldPages(policy: PromotionPolicy): { heap: Heap; old: PagedOldSpace; pages: number[]; held: Handle[] } {
  const heap = createHeap({ ...HEAP, policy });
  const old = heap.oldSpace as PagedOldSpace;
  const held: Handle[] = [];
  const pages: number[] = [];
  for (const keptOfTen of [1, 5, 9]) {
    const objects = [small(heap)];
    pages.push(pageOf(objects[0]));
    while (objects.length < SMALL_PER_PAGE) objects.push(small(heap));
    expect(objects.every((v) => pageOf(v) === pages[pages.length - 1])).toBe(true);
    objects.forEach((v, i) => {
      if (i % 10 < keptOfTen) held.push(heap.hold(v));
    });
  }
  heap.collector.collect("full");
  return { heap, old, pages, held };
}

describe("promotion and pretenuring", () => {
  it("fill the busiest page with room first (I3)", () => {
    const { heap, pages } = threeOldPages("busiest");
    expect(pageOf(small(heap))).toBe(pages[2]);
  });

  it("under first fit, fill the lowest page with room first", () => {
    const { heap, pages } = threeOldPages("first-fit");
    expect(pageOf(small(heap))).toBe(pages[0]);
  });

  it("reuse the holes of old pages before taking a fresh page", () => {
    const { heap, pages, held } = threeOldPages("busiest");
    const oldPages = heap.pagesOfGeneration(GENERATION_OLD);
    const free = 3 * SMALL_PER_PAGE - held.length;
    const placed = Array.from({ length: free }, () => pageOf(small(heap)));
    expect(new Set(placed)).toEqual(new Set(pages));
    expect(heap.pagesOfGeneration(GENERATION_OLD)).toBe(oldPages);
  });

  it("dirty the page they place an object in, and clear the object's words (I2)", () => {
    const { heap, pages } = threeOldPages("busiest");
    heap.flipGeneration();
    const v = heap.allocateOld(L.OBJECT_VECTOR, SMALL); // where a dead vector holding #t was
    expect(heap.isDirty(pages[2])).toBe(true);
    expect(heap.field(v, L.VECTOR_ELEMENTS)).toBe(L.makeFixnum(0));
    expect(heap.isDirty(pages[0])).toBe(false);
  });
});

describe("the side tables", () => {
  it("record the start of every object and the free runs between them", () => {
    const { old, pages, held } = threeOldPages("busiest");
    const p = pages[1];
    const starts: number[] = [];
    old.forEachObject(p, (at) => starts.push(at));
    expect(starts.length).toBe(held.filter((h) => pageOf(h.value) === p).length);
    expect(held.filter((h) => pageOf(h.value) === p).map((h) => L.addressOf(h.value)).sort((a, b) => a - b)).toEqual(starts);
    const holes = old.holes[p]!;
    const free = holes.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0);
    expect(free + old.live[p]).toBe(PAGE_GRANULES);
  });

  it("give the unused end of a bump region back to its page's holes (I4)", () => {
    const { heap, old, pages } = threeOldPages("busiest");
    const p = pages[1];
    for (const other of [pages[2], pages[0]]) old.holes[other]!.length = 0; // only p has room
    const before = [...old.holes[p]!];
    expect(before.slice(0, 4)).toEqual([5, 5, 15, 5]); // holes of five granules
    small(heap); // its region is the first hole
    // Five granules do not fit in the four left: the region ends, and the next hole is taken.
    const five = heap.allocateOld(L.OBJECT_VECTOR, 9);
    expect(L.addressOf(five) % L.PAGE_WORDS).toBe(15 * 2);
    expect(old.holes[p]!.slice(0, 4)).toEqual([6, 4, 25, 5]);
    expect(old.holes[p]!.length).toBe(before.length - 2);
  });

  it("free a page whose every object died", () => {
    const { heap, pages, held } = threeOldPages("busiest");
    for (const h of held) if (pageOf(h.value) === pages[0]) heap.release(h);
    heap.collector.collect("full");
    expect(heap.pageSpace[pages[0]]).toBe(L.SPACE_FREE);
    expect(heap.pageSpace[pages[1]]).toBe(L.SPACE_VECTOR);
  });
});

describe("handles", () => {
  it("follow their object when a collection moves it", () => {
    const heap = createHeap(HEAP);
    const handle = heap.hold(heap.cons(L.makeFixnum(1), L.NIL));
    const young = handle.value;
    heap.collector.collect("minor");
    expect(handle.value).not.toBe(young);
    expect(heap.isYoung(handle.value)).toBe(false);
    expect(heap.car(handle.value)).toBe(L.makeFixnum(1));
  });

  it("are not updated once released", () => {
    const heap = createHeap(HEAP);
    const handle = heap.hold(heap.cons(L.makeFixnum(1), L.NIL));
    const young = handle.value;
    heap.release(handle);
    heap.collector.collect("minor");
    expect(handle.value).toBe(young);
  });
});
