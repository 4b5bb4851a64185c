// The heap verifier (gc/verify.ts, V1-V3): silent on a sound heap, and one line for each kind
// of damage it is there to catch.

import * as L from "../../runtime/layout";
import { Heap } from "../../runtime/heap";
import { createHeap } from "../../gc";
import { verifyHeap } from "../../gc/verify";
import { PagedOldSpace } from "../../gc/old-space";
import { makeFixture } from "./fixture";

const HEAP = { limitBytes: 256 * L.PAGE_BYTES, stress: false, verify: false };

function verify(heap: Heap): string[] {
  return verifyHeap(heap, heap.oldSpace as PagedOldSpace);
}

/** A heap whose only root is a vector (young, or old after a minor collection) holding `word`. */
function holding(word: (heap: Heap) => number, old = false): Heap {
  const heap = createHeap(HEAP);
  const v = heap.hold(heap.allocate(L.OBJECT_VECTOR, 1));
  if (old) heap.collector.collect("minor");
  heap.initField(v.value, L.VECTOR_ELEMENTS, word(heap));
  return heap;
}

describe("the heap verifier", () => {
  it("finds nothing wrong with a world holding every object type, young or old", async () => {
    const f = await makeFixture();
    expect(verify(f.heap)).toEqual([]);
    f.heap.collector.collect("minor");
    expect(verify(f.heap)).toEqual([]);
  }, 60_000);

  it("reports a pointer into a page not in use (V1)", () => {
    const heap = holding(() => L.objectPointer(200 * L.PAGE_WORDS));
    expect(verify(heap).join()).toMatch(/beyond the heap|not in use/);
  });

  it("reports a pointer into the middle of an object (V1)", () => {
    const heap = holding((h) => L.objectPointer(L.addressOf(h.allocate(L.OBJECT_VECTOR, 5)) + 2));
    expect(verify(heap).join()).toMatch(/not at the start of an object/);
  });

  it("reports a pair pointer into vector space (V1)", () => {
    const heap = holding((h) => L.pairPointer(L.addressOf(h.allocate(L.OBJECT_VECTOR, 1))));
    expect(verify(heap).join()).toMatch(/wrong tag for its page's space/);
  });

  it("reports a header word where a value belongs (V2)", () => {
    const heap = holding(() => L.makeHeader(L.OBJECT_VECTOR, 3));
    expect(verify(heap).join()).toMatch(/header word .* as a value/);
  });

  it("reports an immediate that is no constant (V2)", () => {
    const heap = holding(() => L.UNINITIALIZED + (100 << L.IMMEDIATE_PAYLOAD_SHIFT));
    expect(verify(heap).join()).toMatch(/invalid immediate/);
  });

  it("reports an old object pointing to a young one behind the write barrier's back (V3)", () => {
    const heap = holding((h) => h.cons(L.NIL, L.NIL), true);
    expect(verify(heap).join()).toMatch(/without the write barrier recording it/);
  });

  it("accepts the same old-to-young pointer written through the write barrier (V3)", () => {
    const heap = createHeap(HEAP);
    const box = heap.hold(heap.makeBox());
    heap.collector.collect("minor");
    heap.setCell(box.value, L.BOX_VALUE, heap.cons(L.NIL, L.NIL));
    expect(verify(heap)).toEqual([]);
  });
});
