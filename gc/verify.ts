// The heap verifier (STYLE 8: core infrastructure, not an afterthought). It walks everything
// reachable from the roots and checks, from the layout table, that the heap is well formed:
//   V1. Every pointer lands on a pair in a cons page or on an object's header in a vector or
//       cell page of the right space: on a start the tables record (old), inside the filled
//       part (young), or at the first word of a large object's run.
//   V2. Every header has a known type and a size that fits its page (or run); no header appears
//       as a value; every immediate is a known constant or a Unicode scalar value.
//   V3. The generational invariant (heap H7): an old object points to a young one only if it is
//       a cell on a remembered page or was allocated old since the last minor collection.
// It returns the violations found (at most a few), each one line; none means the heap is sound.

import { GENERATION_OLD, GENERATION_YOUNG, Heap } from "../runtime/heap";
import {
  CONSTANT_NAMES, OBJECT_TYPE_BY_NUMBER, PAGE_WORDS, PAGE_WORD_SHIFT, SPACE_CELL, SPACE_CONS, addressOf, charCode,
  headerSize, headerType, isChar, isFixnum, isHeader, isImmediate, isPair, isPointer, isScalarValue, objectWords,
} from "../runtime/layout";
import { PagedOldSpace } from "./old-space";
import { tracedWords } from "./collector";

const VIOLATIONS_REPORTED = 10;

export function verifyHeap(heap: Heap, old: PagedOldSpace): string[] {
  const words = heap.words;
  const violations: string[] = [];
  const report = (message: string) => {
    if (violations.length < VIOLATIONS_REPORTED) violations.push(message);
  };
  const youngStarts = youngObjectStarts(heap);
  const recent = new Set(heap.recentOld.map(addressOf));
  const seen = new Set<number>();
  const work: number[] = [];
  const hex = (w: number) => `0x${(w >>> 0).toString(16)}`;

  /** V1, V2 for one word found at `from` (a description of where it was). */
  const check = (w: number, from: string): void => {
    if (isFixnum(w)) return;
    if (isHeader(w)) return report(`${from}: a header word ${hex(w)} as a value`);
    if (isImmediate(w)) {
      if (isChar(w) ? !isScalarValue(charCode(w)) : !CONSTANT_NAMES.has(w)) report(`${from}: invalid immediate ${hex(w)}`);
      return;
    }
    const at = addressOf(w);
    const p = at >>> PAGE_WORD_SHIFT;
    if (p >= heap.pageHighWater) return report(`${from}: pointer ${hex(w)} beyond the heap`);
    const space = heap.pageSpace[p];
    const generation = heap.pageGeneration[p];
    if (generation !== GENERATION_OLD && generation !== GENERATION_YOUNG) return report(`${from}: pointer ${hex(w)} into a page not in use`);
    if (isPair(w) !== (space === SPACE_CONS)) return report(`${from}: pointer ${hex(w)} of the wrong tag for its page's space`);
    const start = generation === GENERATION_YOUNG ? youngStarts.has(at)
      : heap.pageRun[p] > 0 ? at === p * PAGE_WORDS : old.isObjectStart(at);
    if (!start) return report(`${from}: pointer ${hex(w)} is not at the start of an object`);
    if (!isPair(w)) {
      const header = words[at];
      const type = OBJECT_TYPE_BY_NUMBER[headerType(header)];
      if (!isHeader(header) || type === undefined) return report(`${from}: pointer ${hex(w)} to no valid header`);
      if (type.space !== space) return report(`${from}: ${type.name} ${hex(w)} in a page of the wrong space`);
      const extent = heap.pageRun[p] > 0 ? heap.pageRun[p] * PAGE_WORDS : PAGE_WORDS - (at % PAGE_WORDS);
      if (objectWords(headerSize(header)) > extent) return report(`${from}: ${type.name} ${hex(w)} runs past its page`);
    }
    if (!seen.has(at)) {
      seen.add(at);
      work.push(w);
    }
  };

  heap.roots.forEach((w, i) => check(w, `root ${i}`));
  for (const set of heap.rootSets) {
    set.forEachRoot((w) => {
      check(w, "root set");
      return w;
    });
  }
  while (work.length > 0 && violations.length < VIOLATIONS_REPORTED) {
    const w = work.pop()!;
    const at = addressOf(w);
    const p = at >>> PAGE_WORD_SHIFT;
    const first = isPair(w) ? at : at + 1;
    const end = isPair(w) ? at + 2 : at + 1 + tracedWords(words[at]);
    const oldObject = heap.pageGeneration[p] === GENERATION_OLD;
    // V3: which old objects may hold young pointers.
    const mayPointYoung = !oldObject || recent.has(at) || (heap.pageSpace[p] === SPACE_CELL && heap.pageRemembered[p] === 1);
    for (let i = first; i < end; i++) {
      const v = words[i];
      check(v, `${isPair(w) ? "pair" : OBJECT_TYPE_BY_NUMBER[headerType(words[at])]?.name ?? "object"} ${hex(w)} word ${i - at}`);
      if (!mayPointYoung && isPointer(v) && heap.pageGeneration[addressOf(v) >>> PAGE_WORD_SHIFT] === GENERATION_YOUNG) {
        report(`old ${hex(w)} word ${i - at} points to young ${hex(v)} without the write barrier recording it`);
      }
    }
  }
  return violations;
}

/** The word index of every object and pair in the nursery: young pages are filled from their start. */
function youngObjectStarts(heap: Heap): Set<number> {
  const starts = new Set<number>();
  for (let p = 0; p < heap.pageHighWater; p++) {
    if (heap.pageGeneration[p] !== GENERATION_YOUNG) continue;
    const base = p * PAGE_WORDS;
    const end = base + heap.youngUsedWords(p);
    const cons = heap.pageSpace[p] === SPACE_CONS;
    for (let at = base; at < end; at += cons ? 2 : objectWords(headerSize(heap.words[at]))) starts.add(at);
  }
  return starts;
}
