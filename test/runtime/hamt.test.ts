// Persistent hash maps (runtime/hamt.ts): a CHAMP trie in the heap. Invariants M1-M7 are named
// where a test checks one. The model test runs random sets, deletes and gets against a JS Map.

import * as fc from "fast-check";
import { createWorld } from "../../gc";
import { GENERATION_YOUNG, Heap } from "../../runtime/heap";
import * as L from "../../runtime/layout";
import {
  HAMT_DEPTH, HASH_MAP_MISSING, hashMapContains, hashMapCount, hashMapDelete, hashMapEquivalence, hashMapForEach,
  hashMapGet, hashMapSet, makeHashMap,
} from "../../runtime/hamt";
import { HASH_BITS, equalHash } from "../../runtime/hashing";
import { makeString } from "../../runtime/objects";
import { printToString } from "../../runtime/printer";
import { caller } from "./primitives/support";

const c = caller(() => []);
const world = c.world;
const heap = world.heap;
const d = c.datum;
const fix = L.makeFixnum;
const EQUAL = L.HASH_MAP_EQUIVALENCE_EQUAL;

const LARGE = 100_000;
const LAST_LEVEL_SHIFT = (HAMT_DEPTH - 1) * L.HAMT_BITS_PER_LEVEL;
/** Hash bits above the last level: keys equal in these and different above share HAMT_DEPTH nodes. */
const BELOW_LAST_LEVEL = 2 ** LAST_LEVEL_SHIFT - 1;

/** A map of `keys`, each bound to itself. */
function mapOf(keys: number[], equivalence = EQUAL, h: Heap = heap): number {
  let map = makeHashMap(h, equivalence);
  for (const k of keys) map = hashMapSet(h, map, k, k);
  return map;
}

/** A record with the given identity hash: records are keys whose hash a test can choose. */
function record(hash: number): number {
  const r = heap.allocate(L.OBJECT_RECORD, L.RECORD_FIELDS - 1);
  heap.initField(r, L.RECORD_DESCRIPTOR, L.FALSE);
  heap.initField(r, L.RECORD_HASH, fix(hash));
  return r;
}

function wideString(text: string): number {
  const codePoints = Array.from(text, (ch) => ch.codePointAt(0)!);
  const s = heap.allocate(L.OBJECT_STRING_WIDE, L.STRING_CHARS - 1 + codePoints.length);
  heap.initField(s, L.STRING_LENGTH, fix(codePoints.length));
  heap.words.set(codePoints, L.addressOf(s) + L.STRING_CHARS);
  return s;
}

function entries(map: number, h: Heap = heap): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  hashMapForEach(h, map, (k, v) => out.push([k, v]));
  return out;
}

/** Every trie node reachable from a map, the map object first. */
function objectsOf(h: Heap, map: number): number[] {
  const out = [map];
  const work = [h.field(map, L.HASH_MAP_ROOT)];
  while (work.length > 0) {
    const node = work.pop()!;
    out.push(node);
    if (h.objectType(node) === L.OBJECT_HAMT_COLLISION) continue;
    const dataWords = 2 * popcount(L.fixnumValue(h.field(node, L.HAMT_NODE_DATA_MAP)));
    for (let i = L.HAMT_NODE_ENTRIES + dataWords; i <= h.objectSize(node); i++) work.push(h.field(node, i));
  }
  return out;
}

function popcount(x: number): number {
  let n = 0;
  for (; x !== 0; x &= x - 1) n++;
  return n;
}

/** Every word (header included) of every object of a map: what M1 says never changes. */
function digest(h: Heap, map: number): string {
  return objectsOf(h, map).map((o) => Array.from(h.words.subarray(L.addressOf(o), L.addressOf(o) + 1 + h.objectSize(o))).join(",")).join(";");
}

/** Words allocated in the nursery so far. */
function wordsInUse(h: Heap): number {
  let n = 0;
  for (const p of h.pagesInUse()) if (h.pageGeneration[p] === GENERATION_YOUNG) n += h.youngUsedWords(p);
  return n;
}

/**
 * The shape of a map's trie: bitmaps, keys (named by `name`) and values, node by node. Entries of
 * a collision node are sorted, since their order is the one thing that depends on history (M4).
 */
function shape(map: number, name: (key: number) => string): string {
  const node = (n: number): string => {
    const pairs = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => `${name(heap.field(n, from + 2 * i))}=${heap.field(n, from + 2 * i + 1)}`);
    if (heap.objectType(n) === L.OBJECT_HAMT_COLLISION) {
      const count = (heap.objectSize(n) - (L.HAMT_COLLISION_ENTRIES - 1)) / 2;
      return `C${L.fixnumValue(heap.field(n, L.HAMT_COLLISION_HASH))}[${pairs(L.HAMT_COLLISION_ENTRIES, count).sort().join(" ")}]`;
    }
    const dataMap = L.fixnumValue(heap.field(n, L.HAMT_NODE_DATA_MAP));
    const nodeMap = L.fixnumValue(heap.field(n, L.HAMT_NODE_NODE_MAP));
    const dataCount = popcount(dataMap);
    const children = Array.from({ length: popcount(nodeMap) }, (_, i) => node(heap.field(n, L.HAMT_NODE_ENTRIES + 2 * dataCount + i)));
    return `N${dataMap}/${nodeMap}[${pairs(L.HAMT_NODE_ENTRIES, dataCount).join(" ")}](${children.join(" ")})`;
  };
  return node(heap.field(map, L.HASH_MAP_ROOT));
}

/** The depth of the node holding `key` as an entry: 0 for the root; HAMT_DEPTH for a collision node. */
function depthOf(map: number, key: number): number {
  let depth = 0;
  let n = heap.field(map, L.HASH_MAP_ROOT);
  const hash = equalHash(heap, key);
  for (;;) {
    if (heap.objectType(n) === L.OBJECT_HAMT_COLLISION) return depth;
    const bit = 1 << ((hash >>> (depth * L.HAMT_BITS_PER_LEVEL)) & (2 ** L.HAMT_BITS_PER_LEVEL - 1));
    const dataMap = L.fixnumValue(heap.field(n, L.HAMT_NODE_DATA_MAP));
    const nodeMap = L.fixnumValue(heap.field(n, L.HAMT_NODE_NODE_MAP));
    if ((dataMap & bit) !== 0) return depth;
    if ((nodeMap & bit) === 0) throw new Error("key not in map");
    n = heap.field(n, L.HAMT_NODE_ENTRIES + 2 * popcount(dataMap) + popcount(nodeMap & (bit - 1)));
    depth++;
  }
}

/**
 * Fixnum keys in pairs whose hashes agree below the last level and differ in it, found by
 * search: each pair shares a path of HAMT_DEPTH nodes.
 */
const DEEP_PAIRS: Array<[number, number]> = (() => {
  const SEARCH = 200_000;
  const WANTED = 3;
  const seen = new Map<number, number>();
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < SEARCH && pairs.length < WANTED; i++) {
    const h = equalHash(heap, fix(i));
    const low = h & BELOW_LAST_LEVEL;
    const other = seen.get(low);
    if (other !== undefined && equalHash(heap, fix(other)) !== h) pairs.push([other, i]);
    else seen.set(low, i);
  }
  return pairs;
})();

describe("a hash map", () => {
  it("starts empty: count 0, every key missing", () => {
    const map = makeHashMap(heap, EQUAL);
    expect(hashMapCount(heap, map)).toBe(0);
    expect(hashMapGet(heap, map, fix(1))).toBe(HASH_MAP_MISSING);
    expect(hashMapContains(heap, map, fix(1))).toBe(false);
    expect(entries(map)).toEqual([]);
  });

  it("returns the default it is given for a missing key", () => {
    expect(hashMapGet(heap, makeHashMap(heap, EQUAL), fix(1), L.FALSE)).toBe(L.FALSE);
  });

  it("keeps its equivalence", () => {
    for (const e of [L.HASH_MAP_EQUIVALENCE_EQUAL, L.HASH_MAP_EQUIVALENCE_EQV, L.HASH_MAP_EQUIVALENCE_STRING]) {
      expect(hashMapEquivalence(heap, makeHashMap(heap, e))).toBe(e);
    }
  });

  it("finds what was set, and a later set of the same key replaces the value", () => {
    let map = makeHashMap(heap, EQUAL);
    map = hashMapSet(heap, map, d("a"), fix(1));
    map = hashMapSet(heap, map, d("b"), fix(2));
    map = hashMapSet(heap, map, d("a"), fix(3));
    expect(hashMapCount(heap, map)).toBe(2);
    expect(hashMapGet(heap, map, d("a"))).toBe(fix(3));
    expect(hashMapGet(heap, map, d("b"))).toBe(fix(2));
  });

  it("is persistent: a set or delete leaves the map it was given as it was (M1)", () => {
    const before = mapOf([fix(1), fix(2)]);
    const added = hashMapSet(heap, before, fix(3), fix(3));
    const removed = hashMapDelete(heap, before, fix(1));
    expect(hashMapCount(heap, before)).toBe(2);
    expect(hashMapGet(heap, before, fix(3))).toBe(HASH_MAP_MISSING);
    expect(hashMapGet(heap, before, fix(1))).toBe(fix(1));
    expect(hashMapCount(heap, added)).toBe(3);
    expect(hashMapCount(heap, removed)).toBe(1);
  });

  it("returns the same map when a set changes nothing", () => {
    const map = mapOf([fix(1)]);
    expect(hashMapSet(heap, map, fix(1), fix(1))).toBe(map);
  });

  it("returns the same map when deleting a key it does not have", () => {
    const map = mapOf([fix(1)]);
    expect(hashMapDelete(heap, map, fix(2))).toBe(map);
  });

  it("returns to an empty root when every key is deleted", () => {
    const keys = Array.from({ length: 1000 }, (_, i) => fix(i));
    let map = mapOf(keys);
    for (const k of keys) map = hashMapDelete(heap, map, k);
    expect(hashMapCount(heap, map)).toBe(0);
    expect(shape(map, String)).toBe(shape(makeHashMap(heap, EQUAL), String));
  });

  it("compares keys with equal? by default: structures and strings made separately are one key", () => {
    let map = makeHashMap(heap, EQUAL);
    map = hashMapSet(heap, map, d("(1 #(2) \"x\")"), fix(1));
    map = hashMapSet(heap, map, d('"λ"'), fix(2));
    expect(hashMapGet(heap, map, d("(1 #(2) \"x\")"))).toBe(fix(1));
    expect(hashMapGet(heap, map, d('"λ"'))).toBe(fix(2));
    expect(hashMapGet(heap, map, d("(1 #(2) \"y\")"))).toBe(HASH_MAP_MISSING);
  });

  it("finds a narrow-string key by a wide string with the same text", () => {
    const map = hashMapSet(heap, makeHashMap(heap, EQUAL), d('"abc"'), fix(1));
    expect(hashMapGet(heap, map, wideString("abc"))).toBe(fix(1));
  });

  it("keeps 2 and 2.0, and 0.0 and -0.0, apart as keys", () => {
    const map = mapOf([d("2"), d("2.0"), d("0.0"), d("-0.0")]);
    expect(hashMapCount(heap, map)).toBe(4);
  });

  it("with eqv? keys, finds numbers by value but strings and lists by identity", () => {
    const s = d('"abc"');
    const list = d("(1 2)");
    let map = makeHashMap(heap, L.HASH_MAP_EQUIVALENCE_EQV);
    for (const k of [s, list, d("1.5"), d("100000000000000000000"), d("x")]) map = hashMapSet(heap, map, k, L.TRUE);
    expect(hashMapGet(heap, map, s)).toBe(L.TRUE);
    expect(hashMapGet(heap, map, list)).toBe(L.TRUE);
    expect(hashMapGet(heap, map, d('"abc"'))).toBe(HASH_MAP_MISSING);
    expect(hashMapGet(heap, map, d("(1 2)"))).toBe(HASH_MAP_MISSING);
    expect(hashMapGet(heap, map, d("1.5"))).toBe(L.TRUE);
    expect(hashMapGet(heap, map, d("100000000000000000000"))).toBe(L.TRUE);
    expect(hashMapGet(heap, map, d("x"))).toBe(L.TRUE);
  });

  it("with string=? keys, finds strings by their text", () => {
    const map = hashMapSet(heap, makeHashMap(heap, L.HASH_MAP_EQUIVALENCE_STRING), d('"key"'), fix(1));
    expect(hashMapGet(heap, map, makeString(heap, "key"))).toBe(fix(1));
    expect(hashMapGet(heap, map, wideString("key"))).toBe(fix(1));
  });

  it("visits every entry once", () => {
    const keys = Array.from({ length: 5000 }, (_, i) => fix(i));
    const visited = entries(mapOf(keys));
    expect(visited.every(([k, v]) => k === v)).toBe(true);
    expect(visited.map(([k]) => L.fixnumValue(k)).sort((a, b) => a - b)).toEqual(keys.map(L.fixnumValue));
  });
});

describe("the trie", () => {
  it("keeps keys whose hashes are fully equal in a collision node below the last level (M3)", () => {
    const keys = [record(7), record(7), record(7)];
    const map = mapOf(keys);
    expect(hashMapCount(heap, map)).toBe(3);
    for (const k of keys) {
      expect(hashMapGet(heap, map, k)).toBe(k);
      expect(depthOf(map, k)).toBe(HAMT_DEPTH);
    }
    expect(hashMapGet(heap, map, record(7))).toBe(HASH_MAP_MISSING);
  });

  it("sets, replaces and deletes entries in a collision node", () => {
    const [a, b, c3] = [record(8), record(8), record(8)];
    let map = mapOf([a, b, c3]);
    map = hashMapSet(heap, map, b, L.FALSE);
    expect(hashMapGet(heap, map, b)).toBe(L.FALSE);
    map = hashMapDelete(heap, map, a);
    expect(hashMapCount(heap, map)).toBe(2);
    expect(hashMapGet(heap, map, a)).toBe(HASH_MAP_MISSING);
    expect(hashMapGet(heap, map, c3)).toBe(c3);
    expect(hashMapDelete(heap, map, record(8))).toBe(map);
  });

  it("inlines the last key of a collision node all the way up to the root (M4)", () => {
    const [a, b] = [record(9), record(9)];
    const map = hashMapDelete(heap, mapOf([a, b]), a);
    expect(depthOf(map, b)).toBe(0);
    expect(shape(map, (k) => (k === b ? "b" : "?"))).toBe(shape(mapOf([b]), (k) => (k === b ? "b" : "?")));
  });

  it("puts two keys whose hashes differ only in the last level at depth HAMT_DEPTH - 1", () => {
    expect(DEEP_PAIRS.length).toBeGreaterThan(0);
    for (const [x, y] of DEEP_PAIRS) {
      const map = mapOf([fix(x), fix(y)]);
      expect(depthOf(map, fix(x))).toBe(HAMT_DEPTH - 1);
      expect(depthOf(map, fix(y))).toBe(HAMT_DEPTH - 1);
      expect(depthOf(hashMapDelete(heap, map, fix(x)), fix(y))).toBe(0);
    }
  });

  it("has HAMT_DEPTH levels of HAMT_BITS_PER_LEVEL bits covering the HASH_BITS of a hash", () => {
    expect(HAMT_DEPTH * L.HAMT_BITS_PER_LEVEL).toBeGreaterThanOrEqual(HASH_BITS);
    expect((HAMT_DEPTH - 1) * L.HAMT_BITS_PER_LEVEL).toBeLessThan(HASH_BITS);
  });

  it("has the same shape for the same keys whatever the order of sets and deletes (M4)", () => {
    const keys = Array.from({ length: 2000 }, (_, i) => fix(i));
    const extra = Array.from({ length: 1000 }, (_, i) => fix(-1 - i));
    const ascending = mapOf(keys);
    const descending = mapOf([...keys].reverse());
    let detour = mapOf([...extra, ...keys]);
    for (const k of extra) detour = hashMapDelete(heap, detour, k);
    expect(shape(descending, String)).toBe(shape(ascending, String));
    expect(shape(detour, String)).toBe(shape(ascending, String));
  });
});

describe("structural sharing (M1)", () => {
  const big = createWorld({ limitBytes: 2 ** 29 });
  const h = big.heap;
  const keys = Array.from({ length: LARGE }, (_, i) => fix(i));
  const map = mapOf(keys, EQUAL, h);

  it(`holds ${LARGE} entries`, () => {
    expect(hashMapCount(h, map)).toBe(LARGE);
    for (let i = 0; i < LARGE; i += 997) expect(hashMapGet(h, map, fix(i))).toBe(fix(i));
  });

  it(`allocates O(depth) words to set one key in a ${LARGE}-entry map`, () => {
    // At most a copy of every node on the path (each at most 16 entries) and a new map object.
    const FULL_NODE = L.objectWords(L.HAMT_NODE_ENTRIES - 1 + 2 * 2 ** L.HAMT_BITS_PER_LEVEL);
    const bound = HAMT_DEPTH * FULL_NODE + L.objectWords(L.HASH_MAP_SIZE);
    const before = wordsInUse(h);
    const updated = hashMapSet(h, map, fix(LARGE), fix(LARGE));
    const used = wordsInUse(h) - before;
    expect(hashMapCount(h, updated)).toBe(LARGE + 1);
    expect(used).toBeLessThanOrEqual(bound);
  });

  it("shares all but the nodes on one path with the map it came from", () => {
    const old = new Set(objectsOf(h, map));
    const updated = hashMapSet(h, map, fix(-1), fix(-1));
    const fresh = objectsOf(h, updated).filter((o) => !old.has(o));
    // The new map object, and at most one new node per level.
    expect(fresh.length).toBeLessThanOrEqual(1 + HAMT_DEPTH);
    const removed = hashMapDelete(h, map, fix(123));
    expect(objectsOf(h, removed).filter((o) => !old.has(o)).length).toBeLessThanOrEqual(1 + HAMT_DEPTH);
  });

  it("never writes a node after creating it: an old map's words survive later updates (M1)", () => {
    const small = mapOf(Array.from({ length: 3000 }, (_, i) => fix(i)), EQUAL, h);
    const before = digest(h, small);
    let derived = small;
    for (let i = 0; i < 6000; i++) {
      derived = i % 3 === 2 ? hashMapDelete(h, derived, fix((i * 7) % 4000)) : hashMapSet(h, derived, fix((i * 13) % 5000), fix(i));
      if (i % 1000 === 0) hashMapSet(h, small, fix(i), L.TRUE);
    }
    expect(digest(h, small)).toBe(before);
  });
});

describe("against a model (a JS Map)", () => {
  interface PoolKey {
    /** The key's equivalence class under equal?: what the model map is keyed by. */
    readonly name: string;
    /** The key: one of several separately made copies in turn; records, compared by identity, are one. */
    readonly make: () => number;
  }

  const COPIES = 3;
  /** Cycles through copies of a key, so that a key is set, found and deleted by equal, distinct objects. */
  const copies = (make: () => number): (() => number) => {
    const made = Array.from({ length: COPIES }, make);
    let next = 0;
    return () => made[next++ % COPIES];
  };

  const records = [7, 7, 7, 9, 9, 11].map(record);
  const recordName = new Map(records.map((r, i) => [r, `record${i}`]));
  const names = new Map<number, string>();
  const nameOf = (key: number): string => {
    let name = recordName.get(key) ?? names.get(key);
    if (name === undefined) names.set(key, (name = printToString(world, key)));
    return name;
  };

  const fromSource = (source: string): PoolKey => ({ name: printToString(world, d(source)), make: copies(() => d(source)) });
  const pool: PoolKey[] = [
    ...Array.from({ length: 12 }, (_, i) => fromSource(String(i))),
    ...DEEP_PAIRS.flat().map((n) => fromSource(String(n))),
    ...['""', '"a"', '"b"', '"ab"', '"λ"'].map(fromSource),
    { name: '"a"', make: copies(() => wideString("a")) },
    { name: '"ab"', make: copies(() => wideString("ab")) },
    ...["a", "b", "|a b|"].map(fromSource),
    ...["(1 2)", "(1 (2))", "()", "#(1 2)", "#()", "(a . b)", "#u8(1 2)"].map(fromSource),
    ...["0.0", "-0.0", "+nan.0", "1.5", "1.0", "100000000000000000000"].map(fromSource),
    ...records.map((r, i) => ({ name: `record${i}`, make: () => r })),
  ];
  const firstOfName = new Map<string, PoolKey>();
  for (const k of [...pool].reverse()) firstOfName.set(k.name, k);

  const recordsFrom = pool.length - records.length;
  const operation = fc.record({
    kind: fc.constantFrom("set", "set", "delete", "get"),
    // Any key, or often one of the records, whose hashes collide, so collision nodes fill up.
    key: fc.oneof(fc.integer({ min: 0, max: pool.length - 1 }), fc.integer({ min: recordsFrom, max: pool.length - 1 })),
    value: fc.integer({ min: 0, max: 3 }),
  });

  it("agrees on count, get, keys, values and shape after every set, delete and get", () => {
    fc.assert(fc.property(fc.array(operation, { maxLength: 100, size: "max" }), (operations) => {
      let map = makeHashMap(heap, EQUAL);
      const model = new Map<string, number>();
      for (const { kind, key, value } of operations) {
        const k = pool[key];
        if (kind === "set") {
          map = hashMapSet(heap, map, k.make(), fix(value));
          model.set(k.name, value);
        } else if (kind === "delete") {
          map = hashMapDelete(heap, map, k.make());
          model.delete(k.name);
        }
        expect(hashMapCount(heap, map)).toBe(model.size);
        const found = pool.map((p) => hashMapGet(heap, map, p.make()));
        expect(found).toEqual(pool.map((p) => (model.has(p.name) ? fix(model.get(p.name)!) : HASH_MAP_MISSING)));
        const seen = entries(map).map(([mk, mv]) => `${nameOf(mk)}=${L.fixnumValue(mv)}`).sort();
        expect(seen).toEqual([...model].map(([n, v]) => `${n}=${v}`).sort());
        // M4: the same keys set afresh, in another order, make the same trie.
        let fresh = makeHashMap(heap, EQUAL);
        for (const [n, v] of [...model].reverse()) fresh = hashMapSet(heap, fresh, firstOfName.get(n)!.make(), fix(v));
        expect(shape(map, nameOf)).toBe(shape(fresh, nameOf));
      }
    }), { numRuns: 100 });
  });
});
