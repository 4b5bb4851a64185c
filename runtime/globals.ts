// The global environment: one cell per global variable (OBJECT_GLOBAL: value, symbol). Like the
// symbol table, the environment itself is heap data: the box at ROOT_GLOBALS holds the list of
// every global cell. A JS Map from symbol to cell makes lookup fast; it is a cache, rebuilt from
// that list when a heap is adopted, and rebuilt after any collection that moves cells.
//
// Global cells are allocated old (pretenured): they move only in a compaction, after which the
// cache is relocated. A cell whose value is UNBOUND exists but is not defined: the compiler creates cells for names it
// sees referenced before their definition, so compiled code can hold the cell itself.

import { Heap } from "./heap";
import {
  BOX_VALUE, GLOBAL_SIZE, GLOBAL_SYMBOL, GLOBAL_VALUE, NIL, OBJECT_GLOBAL, ROOT_GLOBALS, UNBOUND, isPair,
} from "./layout";

export class GlobalTable {
  private readonly bySymbol = new Map<number, number>();

  /** Adopts the heap's global environment, creating an empty one if the heap has none yet. */
  constructor(private readonly heap: Heap) {
    heap.rootSets.push({
      forEachRoot: () => undefined,
      relocated: (forward) => {
        const entries = [...this.bySymbol];
        this.bySymbol.clear();
        for (const [symbol, cell] of entries) this.bySymbol.set(forward(symbol), forward(cell));
      },
    });
    if (heap.roots[ROOT_GLOBALS] === 0) {
      heap.roots[ROOT_GLOBALS] = heap.makeBox(NIL);
    } else {
      this.rebuildCache();
    }
  }

  rebuildCache(): void {
    this.bySymbol.clear();
    const heap = this.heap;
    for (let l = heap.field(heap.roots[ROOT_GLOBALS], BOX_VALUE); isPair(l); l = heap.cdr(l)) {
      const cell = heap.car(l);
      this.bySymbol.set(heap.field(cell, GLOBAL_SYMBOL), cell);
    }
  }

  /** The cell of the global named by `symbol`, created (unbound) if there is none. */
  cell(symbol: number): number {
    const known = this.bySymbol.get(symbol);
    if (known !== undefined) return known;
    const heap = this.heap;
    const cell = heap.allocateOld(OBJECT_GLOBAL, GLOBAL_SIZE);
    heap.initField(cell, GLOBAL_VALUE, UNBOUND);
    heap.initField(cell, GLOBAL_SYMBOL, symbol);
    const table = heap.roots[ROOT_GLOBALS];
    heap.setCell(table, BOX_VALUE, heap.cons(cell, heap.field(table, BOX_VALUE)));
    this.bySymbol.set(symbol, cell);
    return cell;
  }

  /** The cell of `symbol` if it has one, without creating it. */
  lookup(symbol: number): number | undefined {
    return this.bySymbol.get(symbol);
  }

  /** The value of the global, or UNBOUND. */
  value(symbol: number): number {
    const cell = this.bySymbol.get(symbol);
    return cell === undefined ? UNBOUND : this.heap.field(cell, GLOBAL_VALUE);
  }

  define(symbol: number, value: number): void {
    this.heap.setCell(this.cell(symbol), GLOBAL_VALUE, value);
  }

  /** Every global cell, for name completion and tests. */
  cells(): IterableIterator<number> {
    return this.bySymbol.values();
  }
}
