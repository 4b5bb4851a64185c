// A world: a heap and the JS-side caches built over it. Everything a world is lives in the heap;
// a World object only adds what can be rebuilt from it. Heaps are made by gc/createHeap (with
// their old space and collector), or gc/createWorld makes both.

import { Heap } from "./heap";
import { SymbolTable } from "./symbols";
import { GlobalTable } from "./globals";
import { FIXNUM_MAX, ROOT_GENSYM_COUNTER, ROOT_HASH_COUNTER, fixnumValue, makeFixnum } from "./layout";

/** Multiplier that spreads consecutive counter values over the hash space (Fibonacci hashing). */
const HASH_SPREAD = 0x9e3779b1;

export class World {
  readonly heap: Heap;
  readonly symbols: SymbolTable;
  readonly globals: GlobalTable;

  constructor(heap: Heap) {
    this.heap = heap;
    this.symbols = new SymbolTable(this.heap);
    this.globals = new GlobalTable(this.heap);
  }

  /** Next value of a counter root (a fixnum, 0 in a new heap), kept in the heap for images. */
  private next(root: number): number {
    const n = fixnumValue(this.heap.roots[root]);
    this.heap.roots[root] = makeFixnum(n === FIXNUM_MAX ? 0 : n + 1);
    return n;
  }

  /** A number for the next gensym's name. */
  nextGensym(): number {
    return this.next(ROOT_GENSYM_COUNTER);
  }

  /** An identity hash for a new record or record type: a nonnegative fixnum value. */
  nextIdentityHash(): number {
    return Math.imul(this.next(ROOT_HASH_COUNTER), HASH_SPREAD) & FIXNUM_MAX;
  }
}
