// The heap digest: a hash of everything reachable from the roots that does not depend on where
// anything is. Two heaps, or one heap before and after a collection that moves objects, have the
// same digest exactly when the graphs reachable from their roots are the same: the same objects
// with the same contents, sharing the same way.
//
// The walk is breadth first from the root table, then the root sets in their order, each
// object numbered when first seen. What is hashed, for each object in that order: its kind (a
// pair, or its header), then each word, a pointer replaced by the number of the object it points
// to (so addresses never enter) and every other word, raw words included, as it is. The roots are
// hashed the same way, as a sequence of words.

import { createHash } from "crypto";
import { Heap } from "../runtime/heap";
import { addressOf, headerSize, isPair, isPointer } from "../runtime/layout";
import { tracedWords } from "./collector";

/** Marks what follows in the hashed sequence. */
const KIND_ROOT = -1;
const KIND_PAIR = -2;
const KIND_OBJECT = -3;
const KIND_REFERENCE = -4;
/** Words hashed per update. */
const CHUNK_WORDS = 4096;

export function heapDigest(heap: Heap): string {
  const words = heap.words;
  const hash = createHash("sha256");
  const chunk = new Int32Array(CHUNK_WORDS);
  let filled = 0;
  const emit = (w: number): void => {
    if (filled === CHUNK_WORDS) {
      hash.update(chunk);
      filled = 0;
    }
    chunk[filled++] = w;
  };
  const numbers = new Map<number, number>(); // word index of an object -> its number
  const queue: number[] = [];
  /** Emits a value word, a pointer as a reference to its object's number. */
  const value = (w: number): void => {
    if (!isPointer(w)) return emit(w);
    const at = addressOf(w);
    let n = numbers.get(at);
    if (n === undefined) {
      n = numbers.size;
      numbers.set(at, n);
      queue.push(w);
    }
    emit(KIND_REFERENCE);
    emit(n);
  };

  for (const w of heap.roots) {
    emit(KIND_ROOT);
    value(w);
  }
  for (const set of heap.rootSets) {
    set.forEachRoot((w) => {
      emit(KIND_ROOT);
      value(w);
      return w;
    });
  }
  for (let i = 0; i < queue.length; i++) {
    const w = queue[i];
    const at = addressOf(w);
    if (isPair(w)) {
      emit(KIND_PAIR);
      value(words[at]);
      value(words[at + 1]);
      continue;
    }
    const header = words[at];
    emit(KIND_OBJECT);
    emit(header);
    const traced = tracedWords(header);
    const size = headerSize(header);
    for (let j = 1; j <= size; j++) {
      if (j <= traced) value(words[at + j]);
      else emit(words[at + j]);
    }
  }
  if (filled > 0) hash.update(chunk.subarray(0, filled));
  return hash.digest("hex");
}
