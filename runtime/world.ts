// A world: a heap and the JS-side caches built over it. Everything a world is lives in the heap;
// a World object only adds what can be rebuilt from it.

import { Heap, HeapOptions } from "./heap";
import { SymbolTable } from "./symbols";

export class World {
  readonly heap: Heap;
  readonly symbols: SymbolTable;

  constructor(options: HeapOptions = {}) {
    this.heap = new Heap(options);
    this.symbols = new SymbolTable(this.heap);
  }
}
