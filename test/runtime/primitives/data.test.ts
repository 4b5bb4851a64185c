// Equivalence, boolean, procedure, box, hash map and hash table primitives
// (runtime/primitives/data.ts): R7RS 6.1 and 6.3 with their examples, and the extensions of
// LANGUAGE.md. equality.test.ts and hamt.test.ts test the machinery underneath in depth.

import { dataPrimitives } from "../../../runtime/primitives/data";
import * as L from "../../../runtime/layout";
import { listToArray, makeString } from "../../../runtime/objects";
import { SchemeError } from "../../../runtime/errors";
import { caller } from "./support";

const c = caller(dataPrimitives);
const world = c.world;
const heap = world.heap;
const d = c.datum;

/** What an error says: its kind, message and irritants as written. */
function described(e: SchemeError): string[] {
  return [e.kind, e.message, ...e.irritants.map(c.write)];
}

function failure(name: string, ...sources: string[]): string[] {
  return described(c.error(name, ...sources));
}

/** What calling a primitive on heap words raises. */
function raised(name: string, ...args: number[]): string[] {
  try {
    c.call(name, ...args);
  } catch (e) {
    if (e instanceof SchemeError) return described(e);
    throw e;
  }
  throw new Error(`${name} raised no error`);
}

/** An object of a given type with every field #f: enough for type and identity tests. */
function object(type: number, size: number): number {
  const o = heap.allocate(type, size);
  for (let i = 1; i <= size; i++) heap.initField(o, i, L.FALSE);
  return o;
}

/** A primitive object as the machine makes them: its name (a symbol) and table index. */
function primitiveNamed(name: string): number {
  const p = heap.allocate(L.OBJECT_PRIMITIVE, L.PRIMITIVE_SIZE);
  heap.initField(p, L.PRIMITIVE_NAME, world.symbols.intern(name));
  heap.initField(p, L.PRIMITIVE_INDEX, L.makeFixnum(0));
  return p;
}

/** The elements of a list result, written and sorted: hash maps promise no order. */
function sorted(list: number): string[] {
  return listToArray(heap, list, "test").map(c.write).sort();
}

describe("eq?, eqv? and equal? (R7RS 6.1)", () => {
  it("eq? compares words: symbols, the empty list, the same object (R7RS examples)", () => {
    expect(c.run("eq?", "a", "a")).toBe("#t");
    expect(c.run("eq?", "()", "()")).toBe("#t");
    expect(c.run("eq?", "(a)", "(a)")).toBe("#f");
    const x = d("(a)");
    expect(c.call("eq?", x, x)).toBe(L.TRUE);
    const car = primitiveNamed("car");
    expect(c.call("eq?", car, car)).toBe(L.TRUE);
  });

  it("eq? is true of equal small integers and characters, which are immediate", () => {
    expect(c.run("eq?", "7", "7")).toBe("#t");
    expect(c.run("eq?", "#\\a", "#\\a")).toBe("#t");
  });

  it("eqv? compares numbers by value and exactness (R7RS examples)", () => {
    expect(c.run("eqv?", "2", "2")).toBe("#t");
    expect(c.run("eqv?", "2", "2.0")).toBe("#f");
    expect(c.run("eqv?", "100000000000000000000", "100000000000000000000")).toBe("#t");
    expect(c.run("eqv?", "0.0", "-0.0")).toBe("#f");
    expect(c.run("eqv?", "+nan.0", "+nan.0")).toBe("#t");
    expect(c.run("eqv?", "(1 2)", "(1 2)")).toBe("#f");
  });

  it("equal? compares structure (R7RS examples)", () => {
    expect(c.run("equal?", "(a (b) c)", "(a (b) c)")).toBe("#t");
    expect(c.run("equal?", '"abc"', '"abc"')).toBe("#t");
    expect(c.run("equal?", "#(a a a a a)", "#(a a a a a)")).toBe("#t");
    expect(c.run("equal?", "#u8(1 2)", "#u8(1 2)")).toBe("#t");
    expect(c.run("equal?", "(a)", "(b)")).toBe("#f");
  });
});

describe("booleans (R7RS 6.3)", () => {
  it("not is #t of #f only (R7RS examples)", () => {
    expect(c.run("not", "#t")).toBe("#f");
    expect(c.run("not", "3")).toBe("#f");
    expect(c.run("not", "(3)")).toBe("#f");
    expect(c.run("not", "#f")).toBe("#t");
    expect(c.run("not", "()")).toBe("#f");
    expect(c.run("not", "nil")).toBe("#f");
  });

  it("boolean? is #t of #t and #f only (R7RS examples)", () => {
    expect(c.run("boolean?", "#f")).toBe("#t");
    expect(c.run("boolean?", "#t")).toBe("#t");
    expect(c.run("boolean?", "0")).toBe("#f");
    expect(c.run("boolean?", "()")).toBe("#f");
  });

  it("boolean=? is #t when all its arguments are the same boolean", () => {
    expect(c.run("boolean=?", "#t", "#t")).toBe("#t");
    expect(c.run("boolean=?", "#f", "#f")).toBe("#t");
    expect(c.run("boolean=?", "#t", "#f")).toBe("#f");
    expect(c.run("boolean=?", "#f", "#f", "#f")).toBe("#t");
    expect(c.run("boolean=?", "#t", "#t", "#f")).toBe("#f");
  });

  it("boolean=? needs booleans, even after a difference", () => {
    expect(failure("boolean=?", "#t", "1")).toEqual(["type", "boolean=?: expected a boolean", "1"]);
    expect(failure("boolean=?", "#t", "#f", "()")).toEqual(["type", "boolean=?: expected a boolean", "()"]);
  });
});

describe("procedure? (R7RS 6.10)", () => {
  it("is #t of closures, primitives, case-lambdas, continuations and parameters", () => {
    const procedures = [
      object(L.OBJECT_CLOSURE, L.CLOSURE_FREE - 1),
      primitiveNamed("car"),
      object(L.OBJECT_CASE_LAMBDA, L.CASE_LAMBDA_CLAUSES),
      object(L.OBJECT_CONTINUATION, L.CONTINUATION_SIZE),
      object(L.OBJECT_PARAMETER, L.PARAMETER_SIZE),
    ];
    for (const p of procedures) expect(c.call("procedure?", p)).toBe(L.TRUE);
  });

  it("is #f of data, including a list that looks like a lambda (R7RS examples)", () => {
    expect(c.run("procedure?", "car")).toBe("#f");
    expect(c.run("procedure?", "(lambda (x) (* x x))")).toBe("#f");
    expect(c.call("procedure?", heap.makeBox())).toBe(L.FALSE);
    expect(c.call("procedure?", object(L.OBJECT_MACRO, L.MACRO_SIZE))).toBe(L.FALSE);
    expect(c.run("procedure?", "5")).toBe("#f");
  });
});

describe("default-object?", () => {
  it("is #t of the marker of a missing optional argument only", () => {
    expect(c.call("default-object?", L.DEFAULT_OBJECT)).toBe(L.TRUE);
    expect(c.run("default-object?", "#f")).toBe("#f");
  });
});

describe("boxes (LANGUAGE.md, Extensions)", () => {
  it("box makes a cell holding a value, which unbox gives back", () => {
    const b = c.call("box", L.makeFixnum(1));
    expect(c.write(b)).toBe("#<box 1>");
    expect(c.call("unbox", b)).toBe(L.makeFixnum(1));
  });

  it("set-box! changes what the box holds, in place", () => {
    const b = c.call("box", L.makeFixnum(1));
    expect(c.call("set-box!", b, L.makeFixnum(2))).toBe(L.UNSPECIFIED);
    expect(c.call("unbox", b)).toBe(L.makeFixnum(2));
  });

  it("set-box! dirties the box's page, as a cell write does (heap H4)", () => {
    const b = c.call("box", L.FALSE);
    const page = L.addressOf(b) >>> L.PAGE_WORD_SHIFT;
    // The box is in the current cell page, dirty in every generation (H4): mark it clean first.
    heap.pageEpoch[page] = 0;
    c.call("set-box!", b, L.TRUE);
    expect(heap.isDirty(page)).toBe(true);
  });

  it("box? is #t of boxes only", () => {
    expect(c.call("box?", c.call("box", L.NIL))).toBe(L.TRUE);
    expect(c.run("box?", "(1)")).toBe("#f");
  });

  it("unbox and set-box! need a box", () => {
    expect(failure("unbox", "(1)")).toEqual(["type", "unbox: expected a box", "(1)"]);
    expect(failure("set-box!", "5", "1")).toEqual(["type", "set-box!: expected a box", "5"]);
  });
});

describe("hash maps (LANGUAGE.md, Extensions)", () => {
  const abc = () => c.call("hash-map", d("a"), L.makeFixnum(1), d("b"), L.makeFixnum(2), d("c"), L.makeFixnum(3));

  it("hash-map makes a map of keys and values", () => {
    const m = abc();
    expect(c.write(m)).toBe("#<hash-map 3 (c . 3) (a . 1) (b . 2)>");
    expect(c.call("hash-map-count", m)).toBe(L.makeFixnum(3));
    expect(c.call("hash-map-ref", m, d("b"))).toBe(L.makeFixnum(2));
  });

  it("hash-map of no arguments is empty", () => {
    expect(c.call("hash-map-count", c.call("hash-map"))).toBe(L.makeFixnum(0));
  });

  it("hash-map keeps the value of the last duplicate key (D1)", () => {
    const m = c.call("hash-map", d("a"), L.makeFixnum(1), d("a"), L.makeFixnum(2));
    expect(c.call("hash-map-count", m)).toBe(L.makeFixnum(1));
    expect(c.call("hash-map-ref", m, d("a"))).toBe(L.makeFixnum(2));
  });

  it("hash-map needs keys and values in pairs", () => {
    expect(failure("hash-map", "a", "1", "b")).toEqual([
      "arity", "hash-map: expected keys and values in pairs, got an odd number of arguments",
    ]);
  });

  it("hash-map compares keys with equal?", () => {
    const m = c.call("hash-map", d('(1 "two" #(3))'), d("x"));
    expect(c.write(c.call("hash-map-ref", m, d('(1 "two" #(3))')))).toBe("x");
  });

  it("hash-map? is #t of hash maps only", () => {
    expect(c.call("hash-map?", abc())).toBe(L.TRUE);
    expect(c.call("hash-map?", c.call("make-hash-table"))).toBe(L.FALSE);
    expect(c.run("hash-map?", "((a . 1))")).toBe("#f");
  });

  it("hash-map-ref gives the default for a missing key", () => {
    expect(c.call("hash-map-ref", abc(), d("z"), L.FALSE)).toBe(L.FALSE);
  });

  it("hash-map-ref of a missing key without a default is an error naming the key", () => {
    expect(raised("hash-map-ref", abc(), d("z"))).toEqual(["range", "hash-map-ref: key not found", "z"]);
  });

  it("hash-map-set returns a new map and leaves the old one as it was (D1)", () => {
    const m = abc();
    const m2 = c.call("hash-map-set", m, d("d"), L.makeFixnum(4));
    expect(c.call("hash-map-count", m2)).toBe(L.makeFixnum(4));
    expect(c.call("hash-map-ref", m2, d("d"))).toBe(L.makeFixnum(4));
    expect(c.call("hash-map-count", m)).toBe(L.makeFixnum(3));
    expect(c.call("hash-map-contains?", m, d("d"))).toBe(L.FALSE);
  });

  it("hash-map-delete returns a new map without the key (D1)", () => {
    const m = abc();
    const m2 = c.call("hash-map-delete", m, d("a"));
    expect(c.call("hash-map-contains?", m2, d("a"))).toBe(L.FALSE);
    expect(c.call("hash-map-count", m2)).toBe(L.makeFixnum(2));
    expect(c.call("hash-map-contains?", m, d("a"))).toBe(L.TRUE);
  });

  it("hash-map-contains? tells whether a key is present", () => {
    expect(c.call("hash-map-contains?", abc(), d("a"))).toBe(L.TRUE);
    expect(c.call("hash-map-contains?", abc(), d("z"))).toBe(L.FALSE);
  });

  it("hash-map-keys, hash-map-values and hash-map->alist list the entries", () => {
    const m = abc();
    expect(sorted(c.call("hash-map-keys", m))).toEqual(["a", "b", "c"]);
    expect(sorted(c.call("hash-map-values", m))).toEqual(["1", "2", "3"]);
    expect(sorted(c.call("hash-map->alist", m))).toEqual(["(a . 1)", "(b . 2)", "(c . 3)"]);
  });

  it("hash-map-keys and hash-map-values list entries in the same order", () => {
    const m = abc();
    const keys = listToArray(heap, c.call("hash-map-keys", m), "test");
    const values = listToArray(heap, c.call("hash-map-values", m), "test");
    expect(keys.map((k) => c.call("hash-map-ref", m, k))).toEqual(values);
  });

  it("the hash map procedures need a hash map", () => {
    for (const name of ["hash-map-count", "hash-map-keys", "hash-map-values", "hash-map->alist"]) {
      expect(failure(name, "((a . 1))")).toEqual(["type", `${name}: expected a hash map`, "((a . 1))"]);
    }
    expect(failure("hash-map-ref", "5", "a")).toEqual(["type", "hash-map-ref: expected a hash map", "5"]);
    expect(failure("hash-map-set", "5", "a", "1")).toEqual(["type", "hash-map-set: expected a hash map", "5"]);
    expect(failure("hash-map-delete", "5", "a")).toEqual(["type", "hash-map-delete: expected a hash map", "5"]);
    expect(failure("hash-map-contains?", "5", "a")).toEqual(["type", "hash-map-contains?: expected a hash map", "5"]);
  });
});

describe("hash tables (SRFI-69)", () => {
  const table = (...keysAndValues: number[]): number => {
    const t = c.call("make-hash-table");
    for (let i = 0; i < keysAndValues.length; i += 2) c.call("hash-table-set!", t, keysAndValues[i], keysAndValues[i + 1]);
    return t;
  };

  it("make-hash-table makes an empty equal? table", () => {
    const t = c.call("make-hash-table");
    expect(c.write(t)).toBe("#<hash-table 0>");
    expect(c.call("hash-table-count", t)).toBe(L.makeFixnum(0));
    c.call("hash-table-set!", t, d("(1 2)"), d("x"));
    expect(c.write(c.call("hash-table-ref/default", t, d("(1 2)"), L.FALSE))).toBe("x");
  });

  it("make-hash-table takes equal? as its equivalence", () => {
    const t = c.call("make-hash-table", primitiveNamed("equal?"));
    c.call("hash-table-set!", t, d('"k"'), L.TRUE);
    expect(c.call("hash-table-ref/default", t, d('"k"'), L.FALSE)).toBe(L.TRUE);
  });

  it("an eqv? table finds numbers by value and strings by identity", () => {
    const t = c.call("make-hash-table", primitiveNamed("eqv?"));
    const s = d('"k"');
    c.call("hash-table-set!", t, s, L.TRUE);
    c.call("hash-table-set!", t, d("100000000000000000000"), L.TRUE);
    expect(c.call("hash-table-ref/default", t, s, L.FALSE)).toBe(L.TRUE);
    expect(c.call("hash-table-ref/default", t, d('"k"'), L.FALSE)).toBe(L.FALSE);
    expect(c.call("hash-table-ref/default", t, d("100000000000000000000"), L.FALSE)).toBe(L.TRUE);
  });

  it("an eq? table compares keys as eqv? does (D3)", () => {
    const t = c.call("make-hash-table", primitiveNamed("eq?"));
    c.call("hash-table-set!", t, d("1.5"), L.TRUE);
    expect(c.call("hash-table-ref/default", t, d("1.5"), L.FALSE)).toBe(L.TRUE);
    expect(c.call("hash-table-ref/default", t, d("(a)"), L.FALSE)).toBe(L.FALSE);
  });

  it("a string=? table finds strings by their text", () => {
    const t = c.call("make-hash-table", primitiveNamed("string=?"));
    c.call("hash-table-set!", t, d('"key"'), L.TRUE);
    expect(c.call("hash-table-ref/default", t, makeString(heap, "key"), L.FALSE)).toBe(L.TRUE);
  });

  it("a string=? table refuses keys that are not strings", () => {
    const t = c.call("make-hash-table", primitiveNamed("string=?"));
    const expected = (name: string) => ["type", `${name}: expected a string key (the table compares keys with string=?)`, "sym"];
    for (const name of ["hash-table-set!", "hash-table-ref/default"]) expect(raised(name, t, d("sym"), L.FALSE)).toEqual(expected(name));
    for (const name of ["hash-table-delete!", "hash-table-contains?"]) expect(raised(name, t, d("sym"))).toEqual(expected(name));
  });

  it("make-hash-table refuses other equivalences", () => {
    const message = "make-hash-table: only equal?, eqv?, eq? and string=? tables are supported";
    expect(raised("make-hash-table", primitiveNamed("<"))).toEqual(["error", message, "#<procedure <>"]);
    expect(raised("make-hash-table", object(L.OBJECT_CLOSURE, L.CLOSURE_FREE - 1))).toEqual(["error", message, "#<procedure>"]);
    expect(failure("make-hash-table", "equal?")).toEqual(["error", message, "equal?"]);
  });

  it("hash-table? is #t of hash tables only", () => {
    expect(c.call("hash-table?", table())).toBe(L.TRUE);
    expect(c.call("hash-table?", c.call("hash-map"))).toBe(L.FALSE);
    expect(c.run("hash-table?", "()")).toBe("#f");
  });

  it("hash-table-set! adds or replaces an entry and returns nothing", () => {
    const t = table();
    expect(c.call("hash-table-set!", t, d("a"), L.makeFixnum(1))).toBe(L.UNSPECIFIED);
    c.call("hash-table-set!", t, d("a"), L.makeFixnum(2));
    expect(c.call("hash-table-ref/default", t, d("a"), L.FALSE)).toBe(L.makeFixnum(2));
    expect(c.call("hash-table-count", t)).toBe(L.makeFixnum(1));
  });

  it("hash-table-set! replaces the map in the table's cell (D2)", () => {
    const t = table();
    const before = heap.field(t, L.HASH_TABLE_MAP);
    c.call("hash-table-set!", t, d("a"), L.TRUE);
    const after = heap.field(t, L.HASH_TABLE_MAP);
    expect(after).not.toBe(before);
    expect(heap.objectType(after)).toBe(L.OBJECT_HASH_MAP);
  });

  it("hash-table-ref/default gives the default for a missing key", () => {
    expect(c.call("hash-table-ref/default", table(), d("z"), L.makeFixnum(0))).toBe(L.makeFixnum(0));
  });

  it("hash-table-delete! removes an entry, and ignores a missing key", () => {
    const t = table(d("a"), L.makeFixnum(1), d("b"), L.makeFixnum(2));
    expect(c.call("hash-table-delete!", t, d("a"))).toBe(L.UNSPECIFIED);
    expect(c.call("hash-table-contains?", t, d("a"))).toBe(L.FALSE);
    c.call("hash-table-delete!", t, d("z"));
    expect(c.call("hash-table-count", t)).toBe(L.makeFixnum(1));
  });

  it("hash-table-contains? and hash-table-exists? tell whether a key is present", () => {
    const t = table(d("a"), L.makeFixnum(1));
    for (const name of ["hash-table-contains?", "hash-table-exists?"]) {
      expect(c.call(name, t, d("a"))).toBe(L.TRUE);
      expect(c.call(name, t, d("z"))).toBe(L.FALSE);
    }
  });

  it("hash-table-count and hash-table-size count the entries", () => {
    const t = table(d("a"), L.makeFixnum(1), d("b"), L.makeFixnum(2));
    expect(c.call("hash-table-count", t)).toBe(L.makeFixnum(2));
    expect(c.call("hash-table-size", t)).toBe(L.makeFixnum(2));
  });

  it("hash-table-keys, hash-table-values and hash-table->alist list the entries", () => {
    const t = table(d("a"), L.makeFixnum(1), d("b"), L.makeFixnum(2));
    expect(sorted(c.call("hash-table-keys", t))).toEqual(["a", "b"]);
    expect(sorted(c.call("hash-table-values", t))).toEqual(["1", "2"]);
    expect(sorted(c.call("hash-table->alist", t))).toEqual(["(a . 1)", "(b . 2)"]);
  });

  it("hash-table-copy makes an independent table with the same entries (D2)", () => {
    const t = table(d("a"), L.makeFixnum(1));
    const copy = c.call("hash-table-copy", t);
    c.call("hash-table-set!", copy, d("b"), L.makeFixnum(2));
    c.call("hash-table-delete!", t, d("a"));
    expect(sorted(c.call("hash-table->alist", copy))).toEqual(["(a . 1)", "(b . 2)"]);
    expect(c.call("hash-table-count", t)).toBe(L.makeFixnum(0));
  });

  it("hash-table-clear! empties the table and keeps its equivalence", () => {
    const t = c.call("make-hash-table", primitiveNamed("eqv?"));
    c.call("hash-table-set!", t, d("a"), L.TRUE);
    expect(c.call("hash-table-clear!", t)).toBe(L.UNSPECIFIED);
    expect(c.call("hash-table-count", t)).toBe(L.makeFixnum(0));
    const s = d('"s"');
    c.call("hash-table-set!", t, s, L.TRUE);
    expect(c.call("hash-table-contains?", t, d('"s"'))).toBe(L.FALSE);
    expect(c.call("hash-table-contains?", t, s)).toBe(L.TRUE);
  });

  it("alist->hash-table makes a table of an association list; the first of duplicate keys wins", () => {
    const t = c.call("alist->hash-table", d("((a . 1) (b . 2) (a . 3))"));
    expect(c.call("hash-table-count", t)).toBe(L.makeFixnum(2));
    expect(c.call("hash-table-ref/default", t, d("a"), L.FALSE)).toBe(L.makeFixnum(1));
  });

  it("alist->hash-table takes an equivalence", () => {
    const t = c.call("alist->hash-table", d('(("k" . 1))'), primitiveNamed("eqv?"));
    expect(c.call("hash-table-contains?", t, d('"k"'))).toBe(L.FALSE);
    expect(raised("alist->hash-table", d("()"), primitiveNamed("<"))).toEqual([
      "error", "alist->hash-table: only equal?, eqv?, eq? and string=? tables are supported", "#<procedure <>",
    ]);
  });

  it("alist->hash-table needs a proper list of pairs", () => {
    expect(failure("alist->hash-table", "((a . 1) 5)")).toEqual(["type", "alist->hash-table: expected a pair in the list", "5"]);
    expect(failure("alist->hash-table", "((a . 1) . 5)")).toEqual(["type", "alist->hash-table: expected a proper list", "((a . 1) . 5)"]);
  });

  it("the hash table procedures need a hash table", () => {
    const oneArgument = [
      "hash-table-count", "hash-table-size", "hash-table-keys", "hash-table-values", "hash-table->alist",
      "hash-table-copy", "hash-table-clear!",
    ];
    for (const name of oneArgument) expect(failure(name, "5")).toEqual(["type", `${name}: expected a hash table`, "5"]);
    expect(failure("hash-table-set!", "5", "a", "1")).toEqual(["type", "hash-table-set!: expected a hash table", "5"]);
    expect(failure("hash-table-ref/default", "5", "a", "1")).toEqual(["type", "hash-table-ref/default: expected a hash table", "5"]);
    expect(failure("hash-table-delete!", "5", "a")).toEqual(["type", "hash-table-delete!: expected a hash table", "5"]);
    expect(failure("hash-table-contains?", "5", "a")).toEqual(["type", "hash-table-contains?: expected a hash table", "5"]);
  });

  it("holds many entries", () => {
    const t = table();
    const n = 20_000;
    for (let i = 0; i < n; i++) c.call("hash-table-set!", t, makeString(heap, `key${i}`), L.makeFixnum(i));
    expect(c.call("hash-table-count", t)).toBe(L.makeFixnum(n));
    for (let i = 0; i < n; i += 101) {
      expect(c.call("hash-table-ref/default", t, makeString(heap, `key${i}`), L.FALSE)).toBe(L.makeFixnum(i));
    }
  });
});
