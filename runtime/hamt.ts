// Persistent hash maps in the heap: a CHAMP trie (Steindorfer and Vinju, "Optimizing
// Hash-Array Mapped Tries for Fast and Lean Immutable JVM Collections", 2015), 16-way.
//
//   map        OBJECT_HASH_MAP        count, root node, equivalence (HASH_MAP_EQUIVALENCE_*)
//   node       OBJECT_HAMT_NODE       data map, node map (16-bit bitmaps, as fixnums), then the
//                                     key/value pairs of the data map's bits, then the children
//                                     of the node map's bits, each in bit order
//   collision  OBJECT_HAMT_COLLISION  the hash all its keys share (a fixnum), then key/value pairs
//
// A key's hash (hashing.ts, HASH_BITS bits) is read HAMT_BITS_PER_LEVEL bits at a time from its
// low end: the node at depth d uses bits [4d, 4d + 4) to pick one of 16 slots. Depth 0 is the
// root; nodes exist at depths 0..HAMT_DEPTH - 1, and two keys still together after the last of
// those (their hashes are equal) share a collision node.
//
// Invariants
//   M1. Immutable: a map or node is never written after the call that allocated it returns.
//       set and delete copy the path from the root to the slot they change and share every other
//       node with the map they were given (structural sharing), so an update costs O(depth)
//       words and the old map stays valid and unchanged.
//   M2. In a node, data map & node map = 0; a set bit of the data map has exactly one key/value
//       pair, a set bit of the node map exactly one child; entries are in bit order.
//   M3. Every key in the subtree under slot s of a node at depth d has fragment s at depth d;
//       a collision node holds keys whose hashes all equal its HAMT_COLLISION_HASH.
//   M4. Canonical shape: every node but the root holds at least two keys in its subtree. A
//       subtree left with one key by a delete is replaced by that key inlined in its parent
//       (CHAMP's compaction), so a map's shape depends only on its set of keys, not on the order
//       of the sets and deletes that made it (except the order of entries in a collision node).
//   M5. HASH_MAP_COUNT is the number of keys; no two keys are equivalent under the map's
//       equivalence, and the hash function is consistent with that equivalence (hashing K2).
//   M6. JavaScript recursion is bounded by the depth of the trie, HAMT_DEPTH + 1 frames.
//   M7. No collection runs during an operation (heap H5), so raw node pointers are held
//       throughout; callers of hashMapForEach may allocate, but not collect, in the callback.

import { Heap } from "./heap";
import {
  HAMT_BITS_PER_LEVEL, HAMT_COLLISION_ENTRIES, HAMT_COLLISION_HASH, HAMT_NODE_DATA_MAP, HAMT_NODE_ENTRIES,
  HAMT_NODE_NODE_MAP, HASH_MAP_COUNT, HASH_MAP_EQUIVALENCE, HASH_MAP_EQUIVALENCE_EQV, HASH_MAP_ROOT,
  HASH_MAP_SIZE, OBJECT_HAMT_COLLISION, OBJECT_HAMT_NODE, OBJECT_HASH_MAP, addressOf, fixnumValue,
  headerType, makeFixnum, makeHeader,
} from "./layout";
import { equal, eqv } from "./equality";
import { HASH_BITS, equalHash, eqvHash } from "./hashing";

/**
 * What hashMapGet returns for a missing key unless told otherwise: a header word, which is never
 * a value, so it cannot be confused with a stored one.
 */
export const HASH_MAP_MISSING = makeHeader(OBJECT_HASH_MAP, 0);

/** Depths that have trie nodes; below the last, keys with equal hashes share a collision node. */
export const HAMT_DEPTH = Math.ceil(HASH_BITS / HAMT_BITS_PER_LEVEL);

const FRAGMENT_MASK = (1 << HAMT_BITS_PER_LEVEL) - 1;
/** Words per entry: a key, then its value. */
const ENTRY_WORDS = 2;
/** Payload words of a node before its entries: the two bitmaps. */
const NODE_BITMAP_WORDS = HAMT_NODE_ENTRIES - 1;
/** Payload words of a collision node before its entries: the hash. */
const COLLISION_HASH_WORDS = HAMT_COLLISION_ENTRIES - 1;

interface KeyEquivalence {
  hash(heap: Heap, key: number): number;
  same(heap: Heap, a: number, b: number): boolean;
}

const EQV_KEYS: KeyEquivalence = { hash: eqvHash, same: eqv };
/** equal? keys; also string=? keys, which are strings, and equal? on strings is string=?. */
const EQUAL_KEYS: KeyEquivalence = { hash: equalHash, same: equal };

function keyEquivalence(heap: Heap, map: number): KeyEquivalence {
  return fixnumValue(heap.field(map, HASH_MAP_EQUIVALENCE)) === HASH_MAP_EQUIVALENCE_EQV ? EQV_KEYS : EQUAL_KEYS;
}

function bitCount(bitmap: number): number {
  let n = 0;
  for (let b = bitmap; b !== 0; b &= b - 1) n++;
  return n;
}

/** The position of `bit`'s entry among the entries of `bitmap`'s set bits. */
function indexOf(bitmap: number, bit: number): number {
  return bitCount(bitmap & (bit - 1));
}

/** The slot bit of `hash` in a node at depth shift / HAMT_BITS_PER_LEVEL. */
function slotBit(hash: number, shift: number): number {
  return 1 << ((hash >>> shift) & FRAGMENT_MASK);
}

// ---- Maps ------------------------------------------------------------------------------------

function makeMap(heap: Heap, count: number, root: number, equivalence: number): number {
  const map = heap.allocate(OBJECT_HASH_MAP, HASH_MAP_SIZE);
  heap.initField(map, HASH_MAP_COUNT, makeFixnum(count));
  heap.initField(map, HASH_MAP_ROOT, root);
  heap.initField(map, HASH_MAP_EQUIVALENCE, equivalence);
  return map;
}

/** An empty map whose keys are compared by `equivalence` (HASH_MAP_EQUIVALENCE_*). */
export function makeHashMap(heap: Heap, equivalence: number): number {
  return makeMap(heap, 0, allocateNode(heap, 0, 0), makeFixnum(equivalence));
}

export function hashMapCount(heap: Heap, map: number): number {
  return fixnumValue(heap.field(map, HASH_MAP_COUNT));
}

/** The map's HASH_MAP_EQUIVALENCE_* constant. */
export function hashMapEquivalence(heap: Heap, map: number): number {
  return fixnumValue(heap.field(map, HASH_MAP_EQUIVALENCE));
}

/** The value of `key`, or `missing` if the map has no such key. */
export function hashMapGet(heap: Heap, map: number, key: number, missing: number = HASH_MAP_MISSING): number {
  const keys = keyEquivalence(heap, map);
  const hash = keys.hash(heap, key);
  const words = heap.words;
  let node = heap.field(map, HASH_MAP_ROOT);
  for (let shift = 0; ; shift += HAMT_BITS_PER_LEVEL) {
    const base = addressOf(node);
    if (headerType(words[base]) === OBJECT_HAMT_COLLISION) {
      const end = base + 1 + heap.objectSize(node);
      for (let at = base + HAMT_COLLISION_ENTRIES; at < end; at += ENTRY_WORDS) {
        if (keys.same(heap, words[at], key)) return words[at + 1];
      }
      return missing;
    }
    const bit = slotBit(hash, shift);
    const dataMap = fixnumValue(words[base + HAMT_NODE_DATA_MAP]);
    if ((dataMap & bit) !== 0) {
      const at = base + HAMT_NODE_ENTRIES + ENTRY_WORDS * indexOf(dataMap, bit);
      return keys.same(heap, words[at], key) ? words[at + 1] : missing;
    }
    const nodeMap = fixnumValue(words[base + HAMT_NODE_NODE_MAP]);
    if ((nodeMap & bit) === 0) return missing;
    node = words[base + HAMT_NODE_ENTRIES + ENTRY_WORDS * bitCount(dataMap) + indexOf(nodeMap, bit)];
  }
}

export function hashMapContains(heap: Heap, map: number, key: number): boolean {
  return hashMapGet(heap, map, key) !== HASH_MAP_MISSING;
}

/** A map like `map` with `key` bound to `value`: `map` itself if it already was (M1). */
export function hashMapSet(heap: Heap, map: number, key: number, value: number): number {
  const editor = new Editor(heap, keyEquivalence(heap, map));
  const root = heap.field(map, HASH_MAP_ROOT);
  const newRoot = editor.set(root, 0, key, editor.keys.hash(heap, key), value);
  if (newRoot === root) return map;
  return makeMap(heap, hashMapCount(heap, map) + editor.countChange, newRoot, heap.field(map, HASH_MAP_EQUIVALENCE));
}

/** A map like `map` without `key`: `map` itself if it has no such key (M1). */
export function hashMapDelete(heap: Heap, map: number, key: number): number {
  const editor = new Editor(heap, keyEquivalence(heap, map));
  const root = heap.field(map, HASH_MAP_ROOT);
  const newRoot = editor.delete(root, 0, key, editor.keys.hash(heap, key));
  if (newRoot === root) return map;
  return makeMap(heap, hashMapCount(heap, map) + editor.countChange, newRoot, heap.field(map, HASH_MAP_EQUIVALENCE));
}

/** Calls `visit` on every entry, in trie order: a node's own entries, then its children's. */
export function hashMapForEach(heap: Heap, map: number, visit: (key: number, value: number) => void): void {
  const words = heap.words;
  const work = [heap.field(map, HASH_MAP_ROOT)];
  while (work.length > 0) {
    const node = work.pop()!;
    const base = addressOf(node);
    const end = base + 1 + heap.objectSize(node);
    if (headerType(words[base]) === OBJECT_HAMT_COLLISION) {
      for (let at = base + HAMT_COLLISION_ENTRIES; at < end; at += ENTRY_WORDS) visit(words[at], words[at + 1]);
      continue;
    }
    const children = base + HAMT_NODE_ENTRIES + ENTRY_WORDS * bitCount(fixnumValue(words[base + HAMT_NODE_DATA_MAP]));
    for (let at = base + HAMT_NODE_ENTRIES; at < children; at += ENTRY_WORDS) visit(words[at], words[at + 1]);
    // Pushed last to first, so children are visited in bit order.
    for (let at = end - 1; at >= children; at--) work.push(words[at]);
  }
}

// ---- Nodes -----------------------------------------------------------------------------------

/** A node with these bitmaps and its entries still to be written. */
function allocateNode(heap: Heap, dataMap: number, nodeMap: number): number {
  const node = heap.allocate(OBJECT_HAMT_NODE, NODE_BITMAP_WORDS + ENTRY_WORDS * bitCount(dataMap) + bitCount(nodeMap));
  heap.initField(node, HAMT_NODE_DATA_MAP, makeFixnum(dataMap));
  heap.initField(node, HAMT_NODE_NODE_MAP, makeFixnum(nodeMap));
  return node;
}

/** Copies `count` words from word index `from` to word index `to`. */
function copyWords(heap: Heap, from: number, to: number, count: number): void {
  heap.words.copyWithin(to, from, from + count);
}

/**
 * One set or delete: the path-copying walk down the trie, and the node constructors it uses.
 * Each constructor returns a new node; none writes an existing one (M1).
 */
class Editor {
  /** How the operation changed the number of keys: +1, -1 or 0. */
  countChange = 0;

  constructor(private readonly heap: Heap, readonly keys: KeyEquivalence) {}

  set(node: number, shift: number, key: number, hash: number, value: number): number {
    const heap = this.heap;
    if (heap.objectType(node) === OBJECT_HAMT_COLLISION) return this.setInCollision(node, key, value);
    const words = heap.words;
    const base = addressOf(node);
    const dataMap = fixnumValue(words[base + HAMT_NODE_DATA_MAP]);
    const nodeMap = fixnumValue(words[base + HAMT_NODE_NODE_MAP]);
    const bit = slotBit(hash, shift);
    if ((dataMap & bit) !== 0) {
      const offset = HAMT_NODE_ENTRIES + ENTRY_WORDS * indexOf(dataMap, bit);
      const other = words[base + offset];
      const otherValue = words[base + offset + 1];
      if (this.keys.same(heap, other, key)) {
        return otherValue === value ? node : this.copyReplacing(node, offset + 1, value);
      }
      this.countChange = 1;
      const child = this.pair(other, otherValue, this.keys.hash(heap, other), key, value, hash, shift + HAMT_BITS_PER_LEVEL);
      return this.entryToChild(node, dataMap, nodeMap, bit, child);
    }
    if ((nodeMap & bit) !== 0) {
      const offset = HAMT_NODE_ENTRIES + ENTRY_WORDS * bitCount(dataMap) + indexOf(nodeMap, bit);
      const child = words[base + offset];
      const newChild = this.set(child, shift + HAMT_BITS_PER_LEVEL, key, hash, value);
      return newChild === child ? node : this.copyReplacing(node, offset, newChild);
    }
    this.countChange = 1;
    return this.withEntry(node, dataMap, nodeMap, bit, key, value, false);
  }

  delete(node: number, shift: number, key: number, hash: number): number {
    const heap = this.heap;
    if (heap.objectType(node) === OBJECT_HAMT_COLLISION) return this.deleteInCollision(node, key);
    const words = heap.words;
    const base = addressOf(node);
    const dataMap = fixnumValue(words[base + HAMT_NODE_DATA_MAP]);
    const nodeMap = fixnumValue(words[base + HAMT_NODE_NODE_MAP]);
    const bit = slotBit(hash, shift);
    if ((dataMap & bit) !== 0) {
      if (!this.keys.same(heap, words[base + HAMT_NODE_ENTRIES + ENTRY_WORDS * indexOf(dataMap, bit)], key)) return node;
      this.countChange = -1;
      return this.withoutEntry(node, dataMap, nodeMap, bit);
    }
    if ((nodeMap & bit) === 0) return node;
    const offset = HAMT_NODE_ENTRIES + ENTRY_WORDS * bitCount(dataMap) + indexOf(nodeMap, bit);
    const child = words[base + offset];
    const newChild = this.delete(child, shift + HAMT_BITS_PER_LEVEL, key, hash);
    if (newChild === child) return node;
    if (!this.holdsOneKey(newChild)) return this.copyReplacing(node, offset, newChild);
    // M4: a child left with one key is inlined here. Either kind of node keeps that key's pair
    // first among its entries.
    const at = addressOf(newChild) + (heap.objectType(newChild) === OBJECT_HAMT_COLLISION ? HAMT_COLLISION_ENTRIES : HAMT_NODE_ENTRIES);
    return this.withEntry(node, dataMap, nodeMap, bit, words[at], words[at + 1], true);
  }

  /** Whether a node that is not the root holds one key only, and so must be inlined (M4). */
  private holdsOneKey(node: number): boolean {
    const heap = this.heap;
    if (heap.objectType(node) === OBJECT_HAMT_COLLISION) return heap.objectSize(node) === COLLISION_HASH_WORDS + ENTRY_WORDS;
    return fixnumValue(heap.field(node, HAMT_NODE_NODE_MAP)) === 0 &&
      bitCount(fixnumValue(heap.field(node, HAMT_NODE_DATA_MAP))) === 1;
  }

  /** The subtree holding two keys that share the slots above depth shift / HAMT_BITS_PER_LEVEL. */
  private pair(key0: number, value0: number, hash0: number, key1: number, value1: number, hash1: number, shift: number): number {
    const heap = this.heap;
    if (shift >= HASH_BITS) {
      // Every bit of the two hashes was equal (M3).
      const node = heap.allocate(OBJECT_HAMT_COLLISION, COLLISION_HASH_WORDS + 2 * ENTRY_WORDS);
      heap.initField(node, HAMT_COLLISION_HASH, makeFixnum(hash0));
      this.initEntries(node, HAMT_COLLISION_ENTRIES, key0, value0, key1, value1);
      return node;
    }
    const bit0 = slotBit(hash0, shift);
    const bit1 = slotBit(hash1, shift);
    if (bit0 === bit1) {
      const node = allocateNode(heap, 0, bit0);
      const child = this.pair(key0, value0, hash0, key1, value1, hash1, shift + HAMT_BITS_PER_LEVEL);
      heap.initField(node, HAMT_NODE_ENTRIES, child);
      return node;
    }
    const node = allocateNode(heap, bit0 | bit1, 0);
    if (bit0 < bit1) this.initEntries(node, HAMT_NODE_ENTRIES, key0, value0, key1, value1);
    else this.initEntries(node, HAMT_NODE_ENTRIES, key1, value1, key0, value0);
    return node;
  }

  private initEntries(node: number, offset: number, key0: number, value0: number, key1: number, value1: number): void {
    const heap = this.heap;
    heap.initField(node, offset, key0);
    heap.initField(node, offset + 1, value0);
    heap.initField(node, offset + ENTRY_WORDS, key1);
    heap.initField(node, offset + ENTRY_WORDS + 1, value1);
  }

  /** A copy of a node or collision node with payload word `offset` replaced. */
  private copyReplacing(node: number, offset: number, word: number): number {
    const heap = this.heap;
    const size = heap.objectSize(node);
    const copy = heap.allocate(heap.objectType(node), size);
    copyWords(heap, addressOf(node) + 1, addressOf(copy) + 1, size);
    heap.initField(copy, offset, word);
    return copy;
  }

  /** A copy of the node without the entry of `bit`. */
  private withoutEntry(node: number, dataMap: number, nodeMap: number, bit: number): number {
    const heap = this.heap;
    const copy = allocateNode(heap, dataMap & ~bit, nodeMap);
    const from = addressOf(node) + HAMT_NODE_ENTRIES;
    const to = addressOf(copy) + HAMT_NODE_ENTRIES;
    const before = ENTRY_WORDS * indexOf(dataMap, bit);
    const total = heap.objectSize(node) - NODE_BITMAP_WORDS;
    copyWords(heap, from, to, before);
    copyWords(heap, from + before + ENTRY_WORDS, to + before, total - before - ENTRY_WORDS);
    return copy;
  }

  /** A copy of the node with an entry for `bit` added, in place of its child there if `replacesChild`. */
  private withEntry(node: number, dataMap: number, nodeMap: number, bit: number, key: number, value: number, replacesChild: boolean): number {
    const heap = this.heap;
    const newDataMap = dataMap | bit;
    const copy = allocateNode(heap, newDataMap, replacesChild ? nodeMap & ~bit : nodeMap);
    const from = addressOf(node) + HAMT_NODE_ENTRIES;
    const to = addressOf(copy) + HAMT_NODE_ENTRIES;
    const dataWords = ENTRY_WORDS * bitCount(dataMap);
    const before = ENTRY_WORDS * indexOf(newDataMap, bit);
    copyWords(heap, from, to, before);
    heap.initField(copy, HAMT_NODE_ENTRIES + before, key);
    heap.initField(copy, HAMT_NODE_ENTRIES + before + 1, value);
    copyWords(heap, from + before, to + before + ENTRY_WORDS, dataWords - before);
    const children = bitCount(nodeMap);
    if (!replacesChild) {
      copyWords(heap, from + dataWords, to + dataWords + ENTRY_WORDS, children);
      return copy;
    }
    const replaced = indexOf(nodeMap, bit);
    copyWords(heap, from + dataWords, to + dataWords + ENTRY_WORDS, replaced);
    copyWords(heap, from + dataWords + replaced + 1, to + dataWords + ENTRY_WORDS + replaced, children - replaced - 1);
    return copy;
  }

  /** A copy of the node with the entry of `bit` replaced by the child `child`. */
  private entryToChild(node: number, dataMap: number, nodeMap: number, bit: number, child: number): number {
    const heap = this.heap;
    const newNodeMap = nodeMap | bit;
    const copy = allocateNode(heap, dataMap & ~bit, newNodeMap);
    const from = addressOf(node) + HAMT_NODE_ENTRIES;
    const to = addressOf(copy) + HAMT_NODE_ENTRIES;
    const dataWords = ENTRY_WORDS * bitCount(dataMap);
    const before = ENTRY_WORDS * indexOf(dataMap, bit);
    copyWords(heap, from, to, before);
    copyWords(heap, from + before + ENTRY_WORDS, to + before, dataWords - before - ENTRY_WORDS);
    const newDataWords = dataWords - ENTRY_WORDS;
    const inserted = indexOf(newNodeMap, bit);
    copyWords(heap, from + dataWords, to + newDataWords, inserted);
    heap.initField(copy, HAMT_NODE_ENTRIES + newDataWords + inserted, child);
    copyWords(heap, from + dataWords + inserted, to + newDataWords + inserted + 1, bitCount(nodeMap) - inserted);
    return copy;
  }

  private collisionIndex(node: number, key: number): number {
    const heap = this.heap;
    const words = heap.words;
    const base = addressOf(node) + HAMT_COLLISION_ENTRIES;
    const n = (heap.objectSize(node) - COLLISION_HASH_WORDS) / ENTRY_WORDS;
    for (let i = 0; i < n; i++) if (this.keys.same(heap, words[base + ENTRY_WORDS * i], key)) return i;
    return -1;
  }

  private setInCollision(node: number, key: number, value: number): number {
    const heap = this.heap;
    const i = this.collisionIndex(node, key);
    if (i >= 0) {
      const offset = HAMT_COLLISION_ENTRIES + ENTRY_WORDS * i + 1;
      return heap.field(node, offset) === value ? node : this.copyReplacing(node, offset, value);
    }
    this.countChange = 1;
    const size = heap.objectSize(node);
    const copy = heap.allocate(OBJECT_HAMT_COLLISION, size + ENTRY_WORDS);
    copyWords(heap, addressOf(node) + 1, addressOf(copy) + 1, size);
    heap.initField(copy, size + 1, key);
    heap.initField(copy, size + 2, value);
    return copy;
  }

  private deleteInCollision(node: number, key: number): number {
    const heap = this.heap;
    const i = this.collisionIndex(node, key);
    if (i < 0) return node;
    this.countChange = -1;
    const size = heap.objectSize(node);
    const copy = heap.allocate(OBJECT_HAMT_COLLISION, size - ENTRY_WORDS);
    const from = addressOf(node) + 1;
    const to = addressOf(copy) + 1;
    const before = COLLISION_HASH_WORDS + ENTRY_WORDS * i;
    copyWords(heap, from, to, before);
    copyWords(heap, from + before + ENTRY_WORDS, to + before, size - before - ENTRY_WORDS);
    return copy;
  }
}
