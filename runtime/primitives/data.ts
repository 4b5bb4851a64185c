// Equivalence, booleans, procedures, boxes, and the hash maps and hash tables of LANGUAGE.md
// ("Extensions"): R7RS 6.1 (eq? eqv? equal?), 6.3 (not boolean? boolean=?), procedure?, the
// cell extension (box unbox set-box! box?), default-object?, persistent hash maps (hamt.ts) and
// SRFI-69 mutable hash tables.
//
// Invariants
//   D1. A hash map is immutable (hamt M1): hash-map-set and hash-map-delete return new maps.
//       (hash-map k v ...) keys by equal?; a later duplicate key's value wins, as with
//       successive hash-map-set calls.
//   D2. A hash table is a cell (OBJECT_HASH_TABLE) holding a persistent hash map; its mutators
//       replace the map with heap.setCell and write nothing else. So hash-table-copy is O(1)
//       (the copy and the original share the map until either changes) and a table's old maps
//       stay valid for anything still holding them.
//   D3. A table's equivalence is given as the procedure itself. The primitives equal?, eqv?, eq?
//       and string=? are recognized by the name in their primitive object; anything else is
//       refused. eq? tables compare keys with eqv?, which differs from eq? only on numbers, and
//       makes numeric keys behave as users expect. A string=? table accepts only string keys.
//   D4. box and set-box! are the only places here that make or write a cell besides the tables.
// hash-table-ref with a failure thunk, hash-table-update!, hash-table-walk and hash-map-fold
// call procedures, so they are Lisp (registry P4), built on these.

import { World } from "../world";
import { PrimitiveSpec, VARIADIC, primitive } from "./registry";
import {
  BOX_VALUE, DEFAULT_OBJECT, FALSE, HASH_MAP_EQUIVALENCE_EQUAL, HASH_MAP_EQUIVALENCE_EQV,
  HASH_MAP_EQUIVALENCE_STRING, HASH_TABLE_MAP, HASH_TABLE_SIZE, NIL, OBJECT_BOX, OBJECT_CASE_LAMBDA,
  OBJECT_CLOSURE, OBJECT_CONTINUATION, OBJECT_HASH_MAP, OBJECT_HASH_TABLE, OBJECT_PARAMETER, OBJECT_PRIMITIVE,
  PRIMITIVE_NAME, TRUE, UNSPECIFIED, isObject, isPair, makeBoolean, makeFixnum,
} from "../layout";
import { SchemeError, rangeError, typeError } from "../errors";
import { eqv, equal } from "../equality";
import { isString, makeList } from "../objects";
import {
  HASH_MAP_MISSING, hashMapContains, hashMapCount, hashMapDelete, hashMapEquivalence, hashMapForEach,
  hashMapGet, hashMapSet, makeHashMap,
} from "../hamt";

/** The object types that `procedure?` accepts: everything the machine can apply. */
const PROCEDURE_TYPES: ReadonlySet<number> = new Set([
  OBJECT_CLOSURE, OBJECT_PRIMITIVE, OBJECT_CASE_LAMBDA, OBJECT_CONTINUATION, OBJECT_PARAMETER,
]);

/** The equivalence procedures a hash table may be made with, by primitive name (D3). */
const TABLE_EQUIVALENCES: ReadonlyMap<string, number> = new Map([
  ["equal?", HASH_MAP_EQUIVALENCE_EQUAL],
  ["eqv?", HASH_MAP_EQUIVALENCE_EQV],
  ["eq?", HASH_MAP_EQUIVALENCE_EQV],
  ["string=?", HASH_MAP_EQUIVALENCE_STRING],
]);

export function dataPrimitives(world: World): PrimitiveSpec[] {
  const heap = world.heap;

  const booleanArgument = (who: string, x: number): number => {
    if (x !== TRUE && x !== FALSE) throw typeError(who, "a boolean", x);
    return x;
  };

  const boxArgument = (who: string, x: number): number => {
    if (!heap.isType(x, OBJECT_BOX)) throw typeError(who, "a box", x);
    return x;
  };

  // ---- Hash maps -----------------------------------------------------------------------------

  const mapArgument = (who: string, x: number): number => {
    if (!heap.isType(x, OBJECT_HASH_MAP)) throw typeError(who, "a hash map", x);
    return x;
  };

  /** The entries of a map as a list, each made by `entry`. */
  const entryList = (map: number, entry: (key: number, value: number) => number): number => {
    const out: number[] = [];
    hashMapForEach(heap, map, (key, value) => out.push(entry(key, value)));
    return makeList(heap, out);
  };
  const keyOf = (key: number) => key;
  const valueOf = (_key: number, value: number) => value;
  const pairOf = (key: number, value: number) => heap.cons(key, value);

  // ---- Hash tables ---------------------------------------------------------------------------

  const tableArgument = (who: string, x: number): number => {
    if (!heap.isType(x, OBJECT_HASH_TABLE)) throw typeError(who, "a hash table", x);
    return x;
  };

  const tableMap = (who: string, table: number): number => heap.field(tableArgument(who, table), HASH_TABLE_MAP);

  /** A key for table `table`'s map: a string=? table takes strings only (D3). */
  const tableKey = (who: string, map: number, key: number): number => {
    if (hashMapEquivalence(heap, map) === HASH_MAP_EQUIVALENCE_STRING && !isString(heap, key)) {
      throw typeError(who, "a string key (the table compares keys with string=?)", key);
    }
    return key;
  };

  const equivalenceArgument = (who: string, procedure: number | undefined): number => {
    if (procedure === undefined) return HASH_MAP_EQUIVALENCE_EQUAL;
    if (heap.isType(procedure, OBJECT_PRIMITIVE)) {
      const name = heap.field(procedure, PRIMITIVE_NAME);
      const equivalence = world.symbols.isSymbol(name) ? TABLE_EQUIVALENCES.get(world.symbols.name(name)) : undefined;
      if (equivalence !== undefined) return equivalence;
    }
    throw new SchemeError(`${who}: only equal?, eqv?, eq? and string=? tables are supported`, [procedure]);
  };

  const makeTable = (map: number): number => {
    const table = heap.allocate(OBJECT_HASH_TABLE, HASH_TABLE_SIZE);
    heap.initField(table, HASH_TABLE_MAP, map);
    return table;
  };

  const contains = (who: string) => primitive(who, 2, 2, (table, key) => {
    const map = tableMap(who, table);
    return makeBoolean(hashMapContains(heap, map, tableKey(who, map, key)));
  });

  const count = (who: string) => primitive(who, 1, 1, (table) => makeFixnum(hashMapCount(heap, tableMap(who, table))));

  return [
    // ---- Equivalence and booleans
    primitive("eq?", 2, 2, (a, b) => makeBoolean(a === b)),
    primitive("eqv?", 2, 2, (a, b) => makeBoolean(eqv(heap, a, b))),
    primitive("equal?", 2, 2, (a, b) => makeBoolean(equal(heap, a, b))),
    primitive("not", 1, 1, (x) => makeBoolean(x === FALSE)),
    primitive("boolean?", 1, 1, (x) => makeBoolean(x === TRUE || x === FALSE)),
    primitive("boolean=?", 2, VARIADIC, (...xs) => {
      const first = booleanArgument("boolean=?", xs[0]);
      let same = true;
      for (let i = 1; i < xs.length; i++) if (booleanArgument("boolean=?", xs[i]) !== first) same = false;
      return makeBoolean(same);
    }),
    primitive("procedure?", 1, 1, (x) => makeBoolean(isObject(x) && PROCEDURE_TYPES.has(heap.objectType(x)))),
    primitive("default-object?", 1, 1, (x) => makeBoolean(x === DEFAULT_OBJECT)),

    // ---- Boxes
    primitive("box", 1, 1, (v) => heap.makeBox(v)),
    primitive("box?", 1, 1, (x) => makeBoolean(heap.isType(x, OBJECT_BOX))),
    primitive("unbox", 1, 1, (b) => heap.field(boxArgument("unbox", b), BOX_VALUE)),
    primitive("set-box!", 2, 2, (b, v) => {
      heap.setCell(boxArgument("set-box!", b), BOX_VALUE, v);
      return UNSPECIFIED;
    }),

    // ---- Hash maps
    primitive("hash-map", 0, VARIADIC, (...keysAndValues) => {
      if (keysAndValues.length % 2 !== 0) {
        throw new SchemeError("hash-map: expected keys and values in pairs, got an odd number of arguments", [], "arity");
      }
      let map = makeHashMap(heap, HASH_MAP_EQUIVALENCE_EQUAL);
      for (let i = 0; i < keysAndValues.length; i += 2) map = hashMapSet(heap, map, keysAndValues[i], keysAndValues[i + 1]);
      return map;
    }),
    primitive("hash-map?", 1, 1, (x) => makeBoolean(heap.isType(x, OBJECT_HASH_MAP))),
    primitive("hash-map-ref", 2, 3, (map, key, fallback) => {
      const value = hashMapGet(heap, mapArgument("hash-map-ref", map), key);
      if (value !== HASH_MAP_MISSING) return value;
      if (fallback === undefined) throw rangeError("hash-map-ref", "key not found", key);
      return fallback;
    }),
    primitive("hash-map-set", 3, 3, (map, key, value) => hashMapSet(heap, mapArgument("hash-map-set", map), key, value)),
    primitive("hash-map-delete", 2, 2, (map, key) => hashMapDelete(heap, mapArgument("hash-map-delete", map), key)),
    primitive("hash-map-contains?", 2, 2, (map, key) =>
      makeBoolean(hashMapContains(heap, mapArgument("hash-map-contains?", map), key))),
    primitive("hash-map-count", 1, 1, (map) => makeFixnum(hashMapCount(heap, mapArgument("hash-map-count", map)))),
    primitive("hash-map-keys", 1, 1, (map) => entryList(mapArgument("hash-map-keys", map), keyOf)),
    primitive("hash-map-values", 1, 1, (map) => entryList(mapArgument("hash-map-values", map), valueOf)),
    primitive("hash-map->alist", 1, 1, (map) => entryList(mapArgument("hash-map->alist", map), pairOf)),

    // ---- Hash tables (SRFI-69)
    primitive("make-hash-table", 0, 1, (equivalence) =>
      makeTable(makeHashMap(heap, equivalenceArgument("make-hash-table", equivalence)))),
    primitive("hash-table?", 1, 1, (x) => makeBoolean(heap.isType(x, OBJECT_HASH_TABLE))),
    primitive("hash-table-ref/default", 3, 3, (table, key, fallback) => {
      const map = tableMap("hash-table-ref/default", table);
      return hashMapGet(heap, map, tableKey("hash-table-ref/default", map, key), fallback);
    }),
    primitive("hash-table-set!", 3, 3, (table, key, value) => {
      const map = tableMap("hash-table-set!", table);
      const updated = hashMapSet(heap, map, tableKey("hash-table-set!", map, key), value);
      // Setting a key to the value it has leaves the map as it was: no cell write (heap H4).
      if (updated !== map) heap.setCell(table, HASH_TABLE_MAP, updated);
      return UNSPECIFIED;
    }),
    primitive("hash-table-delete!", 2, 2, (table, key) => {
      const map = tableMap("hash-table-delete!", table);
      const smaller = hashMapDelete(heap, map, tableKey("hash-table-delete!", map, key));
      // An absent key leaves the map as it was: no cell write (heap H4).
      if (smaller !== map) heap.setCell(table, HASH_TABLE_MAP, smaller);
      return UNSPECIFIED;
    }),
    contains("hash-table-contains?"),
    contains("hash-table-exists?"),
    count("hash-table-count"),
    count("hash-table-size"),
    primitive("hash-table-keys", 1, 1, (table) => entryList(tableMap("hash-table-keys", table), keyOf)),
    primitive("hash-table-values", 1, 1, (table) => entryList(tableMap("hash-table-values", table), valueOf)),
    primitive("hash-table->alist", 1, 1, (table) => entryList(tableMap("hash-table->alist", table), pairOf)),
    primitive("hash-table-copy", 1, 1, (table) => makeTable(tableMap("hash-table-copy", table))),
    primitive("hash-table-clear!", 1, 1, (table) => {
      const map = tableMap("hash-table-clear!", table);
      heap.setCell(table, HASH_TABLE_MAP, makeHashMap(heap, hashMapEquivalence(heap, map)));
      return UNSPECIFIED;
    }),
    primitive("alist->hash-table", 1, 2, (alist, equivalence) => {
      const who = "alist->hash-table";
      let map = makeHashMap(heap, equivalenceArgument(who, equivalence));
      let l = alist;
      for (; isPair(l); l = heap.cdr(l)) {
        const entry = heap.car(l);
        if (!isPair(entry)) throw typeError(who, "a pair in the list", entry);
        const key = tableKey(who, map, heap.car(entry));
        // SRFI-69: the first association of a key takes precedence over later ones.
        if (!hashMapContains(heap, map, key)) map = hashMapSet(heap, map, key, heap.cdr(entry));
      }
      if (l !== NIL) throw typeError(who, "a proper list", alist);
      return makeTable(map);
    }),
  ];
}
