import { GENERATION_YOUNG, Heap, RESERVE_PAGES } from "../../runtime/heap";
import { createHeap, createWorld } from "../../gc";
import { HeapExhausted, LispError } from "../../runtime/errors";
import * as L from "../../runtime/layout";
import { bignumToBigInt, integerToBigInt, isBignum, makeInteger } from "../../runtime/numbers";
import {
  bytevectorBytes, makeBytevector, makeList, makeString, makeVector, listToArray, stringLength,
  stringRef, stringToJs, vectorLength, vectorRef,
} from "../../runtime/objects";

const SMALL_HEAP = { limitBytes: 64 * L.PAGE_BYTES };

describe("tagged words", () => {
  it("round-trips the largest and smallest fixnums", () => {
    for (const n of [L.FIXNUM_MAX, L.FIXNUM_MIN, 0, -1, 1]) {
      const w = L.makeFixnum(n);
      expect(L.isFixnum(w)).toBe(true);
      expect(L.fixnumValue(w)).toBe(n);
    }
  });

  it("has 31-bit fixnums: 2^30 - 1 is the largest, -2^30 the smallest", () => {
    expect(L.FIXNUM_MAX).toBe(2 ** 30 - 1);
    expect(L.FIXNUM_MIN).toBe(-(2 ** 30));
    expect(L.fitsFixnum(2 ** 30)).toBe(false);
    expect(L.fitsFixnum(-(2 ** 30) - 1)).toBe(false);
  });

  it("adds and compares tagged fixnums without untagging", () => {
    expect(L.makeFixnum(20) + L.makeFixnum(22)).toBe(L.makeFixnum(42));
    expect(L.makeFixnum(-5) < L.makeFixnum(3)).toBe(true);
  });

  it("tells every kind of word apart", () => {
    const heap = createHeap(SMALL_HEAP);
    const pair = heap.cons(L.NIL, L.NIL);
    const box = heap.makeBox();
    const kinds = (w: number) => [L.isFixnum(w), L.isPair(w), L.isObject(w), L.isImmediate(w), L.isHeader(w)];
    expect(kinds(L.makeFixnum(7))).toEqual([true, false, false, false, false]);
    expect(kinds(pair)).toEqual([false, true, false, false, false]);
    expect(kinds(box)).toEqual([false, false, true, false, false]);
    expect(kinds(L.NIL)).toEqual([false, false, false, true, false]);
    expect(kinds(L.makeHeader(L.OBJECT_VECTOR, 3))).toEqual([false, false, false, false, true]);
    expect([pair, box].map(L.isPointer)).toEqual([true, true]);
    expect([L.makeFixnum(7), L.NIL, L.makeChar(65)].map(L.isPointer)).toEqual([false, false, false]);
  });

  it("keeps the special constants distinct", () => {
    const constants = [L.NIL, L.FALSE, L.TRUE, L.UNSPECIFIED, L.EOF, L.DEFAULT_OBJECT, L.UNBOUND, L.UNINITIALIZED];
    expect(new Set(constants).size).toBe(constants.length);
    for (const c of constants) expect(L.isChar(c)).toBe(false);
  });

  it("round-trips characters at the ends of the Unicode range", () => {
    for (const c of [0, 0x41, 0xd7ff, 0xe000, 0x10ffff]) {
      const w = L.makeChar(c);
      expect(L.isChar(w)).toBe(true);
      expect(L.charCode(w)).toBe(c);
    }
  });

  it("round-trips header type and size at the size limit", () => {
    const h = L.makeHeader(L.OBJECT_BYTEVECTOR, L.HEADER_SIZE_MAX);
    expect(L.headerType(h)).toBe(L.OBJECT_BYTEVECTOR);
    expect(L.headerSize(h)).toBe(L.HEADER_SIZE_MAX);
  });

  it("gives pointers the word index of their object", () => {
    expect(L.addressOf(L.pairPointer(123456))).toBe(123456);
    expect(L.addressOf(L.objectPointer(2 ** 30 - 2))).toBe(2 ** 30 - 2);
  });
});

describe("integers", () => {
  const heap = createHeap(SMALL_HEAP);

  it("keeps integers in the fixnum range immediate", () => {
    expect(L.isFixnum(makeInteger(heap, L.FIXNUM_MAX))).toBe(true);
    expect(L.isFixnum(makeInteger(heap, BigInt(L.FIXNUM_MIN)))).toBe(true);
  });

  it("promotes 2^30 and -2^30 - 1 to bignums", () => {
    const big = makeInteger(heap, 2 ** 30);
    const small = makeInteger(heap, -(2 ** 30) - 1);
    expect(isBignum(heap, big)).toBe(true);
    expect(isBignum(heap, small)).toBe(true);
    expect(bignumToBigInt(heap, big)).toBe(2n ** 30n);
    expect(bignumToBigInt(heap, small)).toBe(-(2n ** 30n) - 1n);
  });

  it("round-trips bignums across limb boundaries", () => {
    for (const n of [2n ** 32n - 1n, 2n ** 32n, 2n ** 64n, -(2n ** 100n), 10n ** 50n + 7n, -(16n ** 41n)]) {
      expect(integerToBigInt(heap, makeInteger(heap, n))).toBe(n);
    }
  });

  it("stores a bignum with a nonzero most significant limb", () => {
    const b = makeInteger(heap, 2n ** 64n);
    const limbs = heap.objectSize(b) - (L.BIGNUM_LIMBS - 1);
    expect(limbs).toBe(3);
    expect(heap.field(b, L.BIGNUM_LIMBS + limbs - 1)).toBe(1);
  });
});

describe("objects", () => {
  const world = createWorld(SMALL_HEAP);
  const heap = world.heap;

  it("stores Latin-1 strings one byte per character", () => {
    const s = makeString(heap, "café");
    expect(heap.objectType(s)).toBe(L.OBJECT_STRING);
    expect(stringLength(heap, s)).toBe(4);
    expect(stringToJs(heap, s)).toBe("café");
  });

  it("stores other strings one code point per word, astral characters included", () => {
    const s = makeString(heap, "λx😀");
    expect(heap.objectType(s)).toBe(L.OBJECT_STRING_WIDE);
    expect(stringLength(heap, s)).toBe(3);
    expect(stringRef(heap, s, 2)).toBe(0x1f600);
    expect(stringToJs(heap, s)).toBe("λx😀");
  });

  it("round-trips a long wide string", () => {
    const text = "λ".repeat(20000) + "end";
    expect(stringToJs(heap, makeString(heap, text))).toBe(text);
  });

  it("round-trips flonums, including -0.0, infinities and NaN", () => {
    for (const x of [0.1, -0, Infinity, -Infinity, 1e308, 5e-324]) {
      expect(Object.is(heap.flonumValue(heap.makeFlonum(x)), x)).toBe(true);
    }
    expect(heap.flonumValue(heap.makeFlonum(NaN))).toBeNaN();
  });

  it("builds vectors, bytevectors and lists", () => {
    const v = makeVector(heap, [L.makeFixnum(1), L.TRUE]);
    expect(vectorLength(heap, v)).toBe(2);
    expect(vectorRef(heap, v, 1)).toBe(L.TRUE);
    expect(Array.from(bytevectorBytes(heap, makeBytevector(heap, [0, 255, 7])))).toEqual([0, 255, 7]);
    const list = makeList(heap, [L.makeFixnum(1), L.makeFixnum(2)]);
    expect(listToArray(heap, list, "test")).toEqual([L.makeFixnum(1), L.makeFixnum(2)]);
  });

  it("refuses an object larger than a header can describe", () => {
    expect(() => heap.allocate(L.OBJECT_VECTOR, L.HEADER_SIZE_MAX + 1)).toThrow(LispError);
  });

  it("interns symbols: the same name gives the identical word", () => {
    const a = world.symbols.intern("lambda");
    expect(world.symbols.intern("lambda")).toBe(a);
    expect(world.symbols.intern("Lambda")).not.toBe(a);
    expect(world.symbols.name(a)).toBe("lambda");
  });

  it("keeps the symbol table in the heap, so a new cache over the same heap finds the same symbols", () => {
    const sym = world.symbols.intern("persistent-name");
    world.symbols.rebuildCache();
    expect(world.symbols.intern("persistent-name")).toBe(sym);
  });
});

describe("pages", () => {
  it("reserves a SharedArrayBuffer, and lets V8 count ballast as long as the pages taken", () => {
    const heap = createHeap({ limitBytes: 256 * 2 ** 20 });
    expect(heap.buffer).toBeInstanceOf(SharedArrayBuffer);
    const counted = () => heap.countedBytes;
    expect(counted()).toBeGreaterThanOrEqual(heap.pageHighWater * L.PAGE_BYTES);
    const before = counted();
    // Pages past the first ballast: runs of fresh ones, taken by large bytevectors.
    for (let bytes = 0; bytes <= before; bytes += 2 ** 24) makeBytevector(heap, new Uint8Array(2 ** 24));
    expect(heap.pageHighWater * L.PAGE_BYTES).toBeGreaterThan(before);
    expect(counted()).toBeGreaterThanOrEqual(heap.pageHighWater * L.PAGE_BYTES);
    expect(counted()).toBeLessThan(heap.pageHighWater * L.PAGE_BYTES + 32 * 2 ** 20 + 1);
  });

  it("reserves a small heap (32 MiB or less) as an ArrayBuffer, which V8 counts as it is", () => {
    const heap = createHeap({ limitBytes: 32 * 2 ** 20 });
    expect(heap.buffer).toBeInstanceOf(ArrayBuffer);
    expect(heap.countedBytes).toBe(heap.buffer.byteLength);
  });

  it("allocates across many pages and every pair keeps its contents", () => {
    const heap = createHeap({ limitBytes: 256 * L.PAGE_BYTES });
    const pairsPerPage = L.PAGE_WORDS / 2;
    const count = pairsPerPage * 20 + 5;
    let list = L.NIL;
    for (let i = 0; i < count; i++) list = heap.cons(L.makeFixnum(i), list);
    expect(heap.pagesPerSpace()[L.SPACE_CONS]).toBe(21);
    const wrong: number[] = [];
    for (let i = count - 1; i >= 0; i--) {
      if (L.fixnumValue(heap.car(list)) !== i) wrong.push(i);
      list = heap.cdr(list);
    }
    expect(wrong).toEqual([]);
    expect(list).toBe(L.NIL);
  });

  it("never allocates page 0 (H1)", () => {
    const heap = createHeap(SMALL_HEAP);
    const p = heap.cons(L.NIL, L.NIL);
    expect(L.addressOf(p) >>> L.PAGE_WORD_SHIFT).not.toBe(L.PAGE_RESERVED);
    expect(heap.pageSpace[L.PAGE_RESERVED]).toBe(L.SPACE_RESERVED);
  });

  it("keeps every small object inside one page (H3)", () => {
    const heap = createHeap({ limitBytes: 1024 * L.PAGE_BYTES });
    const straddling: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const size = 1 + (i * 37) % 900;
      const first = L.addressOf(heap.allocate(L.OBJECT_VECTOR, size));
      const last = first + L.objectWords(size) - 1;
      if (first >>> L.PAGE_WORD_SHIFT !== last >>> L.PAGE_WORD_SHIFT) straddling.push(i);
    }
    expect(straddling).toEqual([]);
  });

  it("gives an object larger than a page a run of pages from a page's first word (H3)", () => {
    const heap = createHeap(SMALL_HEAP);
    heap.cons(L.NIL, L.NIL);
    const size = L.PAGE_WORDS * 2 + 10;
    const v = heap.allocate(L.OBJECT_VECTOR, size);
    const first = L.addressOf(v);
    expect(first % L.PAGE_WORDS).toBe(0);
    expect(heap.pageTop[first / L.PAGE_WORDS]).toBe(L.objectWords(size));
    expect(heap.pageRun[first / L.PAGE_WORDS]).toBe(3);
    expect(heap.pageSpace[first / L.PAGE_WORDS + 2]).toBe(L.SPACE_VECTOR);
  });

  it("separates conses, vector objects and cells into their own pages", () => {
    const heap = createHeap(SMALL_HEAP);
    const pageOf = (p: number) => L.addressOf(p) >>> L.PAGE_WORD_SHIFT;
    const pair = heap.cons(L.NIL, L.NIL);
    const vector = heap.allocate(L.OBJECT_VECTOR, 1);
    const box = heap.makeBox();
    expect(heap.pageSpace[pageOf(pair)]).toBe(L.SPACE_CONS);
    expect(heap.pageSpace[pageOf(vector)]).toBe(L.SPACE_VECTOR);
    expect(heap.pageSpace[pageOf(box)]).toBe(L.SPACE_CELL);
  });

  it("hands out zeroed memory: a new object's payload reads as fixnum 0 (H2)", () => {
    const heap = createHeap(SMALL_HEAP);
    const v = heap.allocate(L.OBJECT_VECTOR, 100);
    const payload = Array.from({ length: 100 }, (_, i) => heap.field(v, L.VECTOR_ELEMENTS + i));
    expect(payload).toEqual(new Array(100).fill(L.makeFixnum(0)));
  });

  it("exposes a page's bytes as a view of the heap, not a copy", () => {
    const heap = createHeap(SMALL_HEAP);
    const pair = heap.cons(L.makeFixnum(5), L.NIL);
    const page = L.addressOf(pair) >>> L.PAGE_WORD_SHIFT;
    const bytes = heap.pageBytes(page);
    expect(bytes.buffer).toBe(heap.buffer);
    expect(bytes.length).toBe(L.PAGE_BYTES);
    const offset = (L.addressOf(pair) % L.PAGE_WORDS) * L.WORD_BYTES;
    expect(new DataView(bytes.buffer, bytes.byteOffset).getInt32(offset, true)).toBe(L.makeFixnum(5));
  });

  it("throws HeapExhausted at the limit, a LispError a program can catch", () => {
    const heap = createHeap({ limitBytes: (2 * RESERVE_PAGES + 4) * L.PAGE_BYTES });
    expect(() => {
      for (;;) heap.cons(L.NIL, L.NIL);
    }).toThrow(HeapExhausted);
    expect(new HeapExhausted(2 ** 20)).toBeInstanceOf(LispError);
  });

  it("keeps RESERVE_PAGES back until the limit is reached, then lends them for the error (H6)", () => {
    const heap = createHeap({ limitBytes: (2 * RESERVE_PAGES + 4) * L.PAGE_BYTES });
    const pagesInUse = () => heap.pagesPerSpace().reduce((a, b) => a + b, 0);
    expect(() => {
      for (;;) heap.cons(L.NIL, L.NIL);
    }).toThrow(HeapExhausted);
    const pagesAtLimit = pagesInUse();
    expect(() => {
      for (;;) heap.cons(L.NIL, L.NIL);
    }).toThrow(HeapExhausted);
    // Each young page taken from the reserve keeps another back for its promotion (H8).
    expect(pagesInUse() - pagesAtLimit).toBe(RESERVE_PAGES / 2);
  });

  it("leaves room to promote the whole nursery when allocation fails (H8)", () => {
    const heap = createHeap({ limitBytes: 128 * L.PAGE_BYTES });
    let list = L.NIL;
    heap.rootSets.push({ forEachRoot: (visit) => void (list = visit(list)) });
    let length = 0;
    expect(() => {
      for (;;) {
        list = heap.cons(L.makeFixnum(length), list);
        length++;
      }
    }).toThrow(HeapExhausted);
    heap.collector.collect("minor");
    expect(heap.pagesOfGeneration(GENERATION_YOUNG)).toBe(0);
    expect(listToArray(heap, list, "test").length).toBe(length);
    expect(heap.car(list)).toBe(L.makeFixnum(length - 1));
  });
});

describe("recycling (a retired heap's memory)", () => {
  /** A heap of `limitBytes` with its first `pages` pages taken and every byte of them 0xff. */
  function filledHeap(limitBytes: number, pages: number): Heap {
    const heap = createHeap({ limitBytes });
    for (let i = 0; i < pages; i++) heap.takePages(L.SPACE_VECTOR, GENERATION_YOUNG, 1);
    heap.bytes.fill(0xff, L.PAGE_BYTES, heap.pageHighWater * L.PAGE_BYTES);
    return heap;
  }

  it("goes to the next heap made with the same reservation", () => {
    const old = filledHeap(256 * 2 ** 20, 4);
    const buffer = old.buffer;
    old.retire();
    expect(createHeap({ limitBytes: 256 * 2 ** 20 }).buffer).toBe(buffer);
  });

  it("goes to no heap of another reservation", () => {
    const old = filledHeap(256 * 2 ** 20, 4);
    const buffer = old.buffer;
    old.retire();
    expect(createHeap({ limitBytes: 128 * 2 ** 20 }).buffer).not.toBe(buffer);
  });

  it("is let go when the event loop turns", async () => {
    const old = filledHeap(SMALL_HEAP.limitBytes, 4);
    const buffer = old.buffer;
    old.retire();
    await new Promise((resolve) => setImmediate(resolve));
    expect(createHeap(SMALL_HEAP).buffer).not.toBe(buffer);
  });

  it("leaves the retired heap with empty views: a stray use reaches no memory", () => {
    const old = filledHeap(SMALL_HEAP.limitBytes, 4);
    old.retire();
    expect([old.words.length, old.bytes.length, old.latin1.length, old.float64.length]).toEqual([0, 0, 0, 0]);
    createHeap(SMALL_HEAP);
  });

  it("recycled twice, hands out zeroed pages (H2) where the first world's bytes were", () => {
    const first = filledHeap(SMALL_HEAP.limitBytes, 20);
    first.retire();
    const second = createHeap(SMALL_HEAP);
    second.takePages(L.SPACE_CONS, GENERATION_YOUNG, 1);
    second.retire();
    const heap = createHeap(SMALL_HEAP);
    expect(heap.buffer).toBe(first.buffer);
    const pages = Array.from({ length: 20 }, () => heap.takePages(L.SPACE_CONS, GENERATION_YOUNG, 1));
    expect(pages.filter((p) => heap.bytes.subarray(p * L.PAGE_BYTES, (p + 1) * L.PAGE_BYTES).some((b) => b !== 0))).toEqual([]);
  });

  it("hands out zeroed pages (H2), taken fresh where the old world's bytes were", () => {
    const old = filledHeap(SMALL_HEAP.limitBytes, 20);
    const buffer = old.buffer;
    old.retire();
    const heap = createHeap(SMALL_HEAP);
    expect(heap.buffer).toBe(buffer);
    const pages = Array.from({ length: 20 }, () => heap.takePages(L.SPACE_CONS, GENERATION_YOUNG, 1));
    expect(pages.filter((p) => heap.bytes.subarray(p * L.PAGE_BYTES, (p + 1) * L.PAGE_BYTES).some((b) => b !== 0))).toEqual([]);
  });
});

describe("dirty pages (H4)", () => {
  const pageOf = (p: number) => L.addressOf(p) >>> L.PAGE_WORD_SHIFT;

  it("marks a page dirty when an object is allocated into it", () => {
    const heap = createHeap(SMALL_HEAP);
    const pair = heap.cons(L.NIL, L.NIL);
    expect(heap.isDirty(pageOf(pair))).toBe(true);
  });

  it("cleans every page but the allocation pages on a generation flip", () => {
    const heap = createHeap({ limitBytes: 64 * L.PAGE_BYTES });
    const first = heap.cons(L.NIL, L.NIL);
    for (let i = 0; i < L.PAGE_WORDS; i++) heap.cons(L.NIL, L.NIL); // fills the first page, opens a second
    const last = heap.cons(L.NIL, L.NIL);
    heap.flipGeneration();
    expect(heap.isDirty(pageOf(first))).toBe(false);
    expect(heap.isDirty(pageOf(last))).toBe(true);
  });

  /** A box in a page that is no longer the cell allocation page, after a generation flip. */
  function cleanBox(heap: Heap): number {
    const box = heap.makeBox(L.FALSE);
    while (pageOf(heap.makeBox()) === pageOf(box));
    heap.flipGeneration();
    return box;
  }

  it("dirties a clean page when a cell in it is written", () => {
    const heap = createHeap(SMALL_HEAP);
    const box = cleanBox(heap);
    expect(heap.isDirty(pageOf(box))).toBe(false);
    heap.setCell(box, L.BOX_VALUE, L.TRUE);
    expect(heap.isDirty(pageOf(box))).toBe(true);
    expect(heap.field(box, L.BOX_VALUE)).toBe(L.TRUE);
  });

  it("does not dirty a page by reading it", () => {
    const heap = createHeap(SMALL_HEAP);
    const box = cleanBox(heap);
    heap.field(box, L.BOX_VALUE);
    expect(heap.isDirty(pageOf(box))).toBe(false);
  });
});

describe("layout table", () => {
  it("describes every object type once, with a valid space", () => {
    const numbers = L.OBJECT_TYPES.map((t) => t.type);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const t of L.OBJECT_TYPES) {
      expect(L.OBJECT_TYPE_BY_NUMBER[t.type]).toBe(t);
      expect([L.SPACE_VECTOR, L.SPACE_CELL]).toContain(t.space);
    }
  });

  it("has a stable 8-hex-digit fingerprint", () => {
    expect(L.LAYOUT_FINGERPRINT).toMatch(/^[0-9a-f]{8}$/);
  });
});
