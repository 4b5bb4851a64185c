// The symbol table. The table itself is heap data: the box at ROOT_SYMBOL_TABLE holds a list of
// every interned symbol, so it is saved with the world like everything else. A JS Map from name
// to symbol makes interning fast; it is a cache, rebuilt from that list when a heap is adopted
// and never saved.
//
// Invariant S1: symbols are allocated old (pretenured), so they move only in a compaction, after
// which the cache is relocated.

import { Heap } from "./heap";
import {
  BOX_VALUE, FIXNUM_MAX, NIL, OBJECT_SYMBOL, ROOT_SYMBOL_TABLE, SYMBOL_HASH, SYMBOL_NAME,
  SYMBOL_SIZE, fnv1a, isPair, makeFixnum,
} from "./layout";
import { makeString, stringToJs } from "./objects";

export class SymbolTable {
  private readonly byName = new Map<string, number>();

  /** Adopts the heap's symbol table, creating an empty one if the heap has none yet. */
  constructor(private readonly heap: Heap) {
    heap.rootSets.push({
      forEachRoot: () => undefined,
      relocated: (forward) => {
        for (const [name, symbol] of this.byName) this.byName.set(name, forward(symbol));
      },
    });
    if (heap.roots[ROOT_SYMBOL_TABLE] === 0) {
      heap.roots[ROOT_SYMBOL_TABLE] = heap.makeBox(NIL);
    } else {
      this.rebuildCache();
    }
  }

  /** Refills the name cache from the heap's list of symbols. */
  rebuildCache(): void {
    this.byName.clear();
    const heap = this.heap;
    for (let l = heap.field(heap.roots[ROOT_SYMBOL_TABLE], BOX_VALUE); isPair(l); l = heap.cdr(l)) {
      const sym = heap.car(l);
      this.byName.set(this.name(sym), sym);
    }
  }

  /** A new symbol that is in no table: eq? only to itself (gensym, and renamed identifiers). */
  uninterned(name: string): number {
    const heap = this.heap;
    const sym = heap.allocateOld(OBJECT_SYMBOL, SYMBOL_SIZE);
    heap.initField(sym, SYMBOL_NAME, makeString(heap, name));
    heap.initField(sym, SYMBOL_HASH, makeFixnum(fnv1a(name) & FIXNUM_MAX));
    return sym;
  }

  /** The symbol with this name, created if there is none yet. */
  intern(name: string): number {
    const known = this.byName.get(name);
    if (known !== undefined) return known;
    const heap = this.heap;
    const sym = this.uninterned(name);
    const table = heap.roots[ROOT_SYMBOL_TABLE];
    heap.setCell(table, BOX_VALUE, heap.cons(sym, heap.field(table, BOX_VALUE)));
    this.byName.set(name, sym);
    return sym;
  }

  isSymbol(w: number): boolean {
    return this.heap.isType(w, OBJECT_SYMBOL);
  }

  name(sym: number): string {
    return stringToJs(this.heap, this.heap.field(sym, SYMBOL_NAME));
  }

  get size(): number {
    return this.byName.size;
  }
}
