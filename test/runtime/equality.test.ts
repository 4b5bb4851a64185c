// Equivalence (runtime/equality.ts: R7RS 6.1 eqv? and equal?) and the hashes that agree with it
// (runtime/hashing.ts). Invariants E1-E5 and K1-K5 are named where a test checks one.

import * as fc from "fast-check";
import { World } from "../../runtime/world";
import * as L from "../../runtime/layout";
import { eqv, equal } from "../../runtime/equality";
import { HASH_BITS, HASH_VISIT_LIMIT, equalHash, eqvHash } from "../../runtime/hashing";
import { makeInteger } from "../../runtime/numbers";
import { makeBytevector, makeList, makeString, makeVector } from "../../runtime/objects";
import { caller } from "./primitives/support";

const c = caller(() => []);
const heap = c.world.heap;
const d = c.datum;

const MILLION = 1_000_000;

/** A string in the wide representation, whatever its characters (strings.ts makes narrow ones). */
function wideString(text: string): number {
  const codePoints = Array.from(text, (ch) => ch.codePointAt(0)!);
  const s = heap.allocate(L.OBJECT_STRING_WIDE, L.STRING_CHARS - 1 + codePoints.length);
  heap.initField(s, L.STRING_LENGTH, L.makeFixnum(codePoints.length));
  heap.words.set(codePoints, L.addressOf(s) + L.STRING_CHARS);
  return s;
}

/** A record with the given identity hash and fields (the descriptor is not looked at here). */
function record(hash: number, ...fields: number[]): number {
  const r = heap.allocate(L.OBJECT_RECORD, L.RECORD_FIELDS - 1 + fields.length);
  heap.initField(r, L.RECORD_DESCRIPTOR, L.FALSE);
  heap.initField(r, L.RECORD_HASH, L.makeFixnum(hash));
  fields.forEach((f, i) => heap.initField(r, L.RECORD_FIELDS + i, f));
  return r;
}

/** A closure object with no code: enough for identity. */
function closure(): number {
  const f = heap.allocate(L.OBJECT_CLOSURE, L.CLOSURE_FREE - 1);
  heap.initField(f, L.CLOSURE_CODE, L.FALSE);
  return f;
}

describe("eqv? (R7RS 6.1 examples)", () => {
  it("(eqv? 'a 'a) is #t and (eqv? 'a 'b) is #f", () => {
    expect(eqv(heap, d("a"), d("a"))).toBe(true);
    expect(eqv(heap, d("a"), d("b"))).toBe(false);
  });

  it("(eqv? 2 2) is #t and (eqv? 2 2.0) is #f", () => {
    expect(eqv(heap, d("2"), d("2"))).toBe(true);
    expect(eqv(heap, d("2"), d("2.0"))).toBe(false);
  });

  it("(eqv? '() '()) is #t", () => {
    expect(eqv(heap, d("()"), d("()"))).toBe(true);
  });

  it("(eqv? 100000000 100000000) is #t", () => {
    expect(eqv(heap, d("100000000"), d("100000000"))).toBe(true);
  });

  it("compares separately made bignums by value", () => {
    expect(eqv(heap, d("100000000000000000000"), d("100000000000000000000"))).toBe(true);
    expect(eqv(heap, d("100000000000000000000"), d("100000000000000000001"))).toBe(false);
    expect(eqv(heap, d("100000000000000000000"), d("-100000000000000000000"))).toBe(false);
  });

  it("compares separately made flonums by value", () => {
    expect(eqv(heap, d("1.5"), d("1.5"))).toBe(true);
    expect(eqv(heap, d("1.5"), d("2.5"))).toBe(false);
  });

  it("(eqv? 0.0 +nan.0) is #f", () => {
    expect(eqv(heap, d("0.0"), d("+nan.0"))).toBe(false);
  });

  it("(eqv? 0.0 -0.0) is #f: eqv? tells the zeros apart, as = does not", () => {
    expect(eqv(heap, d("0.0"), d("-0.0"))).toBe(false);
  });

  it("(eqv? +nan.0 +nan.0) is #t: NaNs with the same bits are eqv?", () => {
    expect(eqv(heap, d("+nan.0"), d("+nan.0"))).toBe(true);
  });

  it("(eqv? (cons 1 2) (cons 1 2)) is #f", () => {
    expect(eqv(heap, heap.cons(L.makeFixnum(1), L.makeFixnum(2)), heap.cons(L.makeFixnum(1), L.makeFixnum(2)))).toBe(false);
  });

  it("(eqv? (lambda () 1) (lambda () 2)) is #f, and a procedure is eqv? to itself", () => {
    const p = closure();
    expect(eqv(heap, p, closure())).toBe(false);
    expect(eqv(heap, p, p)).toBe(true);
  });

  it("(eqv? #f 'nil) is #f", () => {
    expect(eqv(heap, L.FALSE, d("nil"))).toBe(false);
  });

  it("compares characters by code point", () => {
    expect(eqv(heap, d("#\\a"), d("#\\a"))).toBe(true);
    expect(eqv(heap, d("#\\a"), d("#\\b"))).toBe(false);
  });

  it("compares strings, vectors and bytevectors by identity", () => {
    const s = d('"abc"');
    expect(eqv(heap, s, s)).toBe(true);
    expect(eqv(heap, s, d('"abc"'))).toBe(false);
    expect(eqv(heap, d("#(1)"), d("#(1)"))).toBe(false);
    expect(eqv(heap, d("#u8(1)"), d("#u8(1)"))).toBe(false);
  });

  it("does not confuse a fixnum with a bignum or a flonum of the same value", () => {
    expect(eqv(heap, L.makeFixnum(1), heap.makeFlonum(1))).toBe(false);
    expect(eqv(heap, makeInteger(heap, 2n ** 40n), heap.makeFlonum(2 ** 40))).toBe(false);
  });
});

describe("equal? (R7RS 6.1 examples)", () => {
  it("(equal? 'a 'a) is #t", () => {
    expect(equal(heap, d("a"), d("a"))).toBe(true);
  });

  it("(equal? '(a) '(a)) is #t", () => {
    expect(equal(heap, d("(a)"), d("(a)"))).toBe(true);
  });

  it("(equal? '(a (b) c) '(a (b) c)) is #t", () => {
    expect(equal(heap, d("(a (b) c)"), d("(a (b) c)"))).toBe(true);
  });

  it('(equal? "abc" "abc") is #t', () => {
    expect(equal(heap, d('"abc"'), d('"abc"'))).toBe(true);
  });

  it("(equal? 2 2) is #t", () => {
    expect(equal(heap, d("2"), d("2"))).toBe(true);
  });

  it("(equal? (make-vector 5 'a) (make-vector 5 'a)) is #t", () => {
    const a = d("a");
    expect(equal(heap, makeVector(heap, Array(5).fill(a)), makeVector(heap, Array(5).fill(a)))).toBe(true);
  });

  // R7RS's (equal? '#1=(a b . #1#) '#2=(a b a b . #2#)) cannot be written in Stasis: pairs are
  // immutable, so a list cannot contain itself (reader R4). Cycles through cells are below.

  it("tells apart lists that differ in an element, a length or a tail", () => {
    expect(equal(heap, d("(a b c)"), d("(a b d)"))).toBe(false);
    expect(equal(heap, d("(a b c)"), d("(a b)"))).toBe(false);
    expect(equal(heap, d("(a b . c)"), d("(a b c)"))).toBe(false);
    expect(equal(heap, d("(a b . c)"), d("(a b . c)"))).toBe(true);
  });

  it("compares vectors element by element, nested in lists and lists in them", () => {
    expect(equal(heap, d("#(1 (2 #(3)) \"x\")"), d("#(1 (2 #(3)) \"x\")"))).toBe(true);
    expect(equal(heap, d("#(1 (2 #(3)))"), d("#(1 (2 #(4)))"))).toBe(false);
    expect(equal(heap, d("#(1 2)"), d("#(1 2 3)"))).toBe(false);
    expect(equal(heap, d("#(1 2)"), d("(1 2)"))).toBe(false);
  });

  it("compares strings by their characters", () => {
    expect(equal(heap, d('"abc"'), d('"abd"'))).toBe(false);
    expect(equal(heap, d('"abc"'), d('"ab"'))).toBe(false);
    expect(equal(heap, d('"λ😀"'), d('"λ😀"'))).toBe(true);
    expect(equal(heap, d('""'), d('""'))).toBe(true);
  });

  it("finds a narrow and a wide string with the same text equal (E2)", () => {
    expect(heap.objectType(d('"abc"'))).toBe(L.OBJECT_STRING);
    expect(equal(heap, d('"abc"'), wideString("abc"))).toBe(true);
    expect(equal(heap, wideString("abc"), d('"abc"'))).toBe(true);
    expect(equal(heap, d('"abc"'), wideString("abd"))).toBe(false);
  });

  it("compares bytevectors by their bytes", () => {
    expect(equal(heap, d("#u8(1 2 255)"), d("#u8(1 2 255)"))).toBe(true);
    expect(equal(heap, d("#u8(1 2 255)"), d("#u8(1 2 254)"))).toBe(false);
    expect(equal(heap, d("#u8(1 2)"), d("#u8(1 2 0)"))).toBe(false);
  });

  it("compares numbers as eqv? does: 2 and 2.0 are not equal?", () => {
    expect(equal(heap, d("2"), d("2.0"))).toBe(false);
    expect(equal(heap, d("(1.5 100000000000000000000)"), d("(1.5 100000000000000000000)"))).toBe(true);
    expect(equal(heap, d("(0.0)"), d("(-0.0)"))).toBe(false);
  });

  it("compares boxes, records and procedures by identity", () => {
    const box = heap.makeBox(L.makeFixnum(1));
    expect(equal(heap, box, heap.makeBox(L.makeFixnum(1)))).toBe(false);
    expect(equal(heap, makeList(heap, [box]), makeList(heap, [box]))).toBe(true);
    expect(equal(heap, record(1, L.makeFixnum(1)), record(1, L.makeFixnum(1)))).toBe(false);
    expect(equal(heap, closure(), closure())).toBe(false);
  });

  it("compares a list of a million elements without recursion (E3)", () => {
    const elements = Array.from({ length: MILLION }, (_, i) => L.makeFixnum(i));
    const a = makeList(heap, elements);
    expect(equal(heap, a, makeList(heap, elements))).toBe(true);
    elements[MILLION - 1] = L.makeFixnum(-1);
    expect(equal(heap, a, makeList(heap, elements))).toBe(false);
  });

  it("compares a list nested a million deep without recursion (E3)", () => {
    const nest = (bottom: number): number => {
      let l = bottom;
      for (let i = 0; i < MILLION; i++) l = heap.cons(l, L.NIL);
      return l;
    };
    expect(equal(heap, nest(d("x")), nest(d("x")))).toBe(true);
    expect(equal(heap, nest(d("x")), nest(d("y")))).toBe(false);
  });

  it("terminates on structures made cyclic through boxes, comparing the boxes by identity (E4)", () => {
    const cyclic = () => {
      const box = heap.makeBox();
      heap.setCell(box, L.BOX_VALUE, makeList(heap, [L.makeFixnum(1), box]));
      return box;
    };
    const a = cyclic();
    const b = cyclic();
    expect(equal(heap, a, a)).toBe(true);
    expect(equal(heap, a, b)).toBe(false);
    expect(equal(heap, makeList(heap, [a, a]), makeList(heap, [a, a]))).toBe(true);
    expect(equal(heap, heap.field(a, L.BOX_VALUE), heap.field(b, L.BOX_VALUE))).toBe(false);
  });

  it("terminates on a record whose mutable field's cell holds the record (E4)", () => {
    const make = () => {
      const cell = heap.makeBox();
      const r = record(7, cell);
      heap.setCell(cell, L.BOX_VALUE, r);
      return r;
    };
    const r = make();
    expect(equal(heap, r, r)).toBe(true);
    expect(equal(heap, r, make())).toBe(false);
  });
});

describe("hashes", () => {
  const isHash = (h: number) => Number.isInteger(h) && h >= 0 && h <= L.FIXNUM_MAX;

  it("are nonnegative integers of HASH_BITS bits, at most FIXNUM_MAX (K1)", () => {
    expect(2 ** HASH_BITS - 1).toBe(L.FIXNUM_MAX);
    for (const source of ["0", "-1", "1.5", "abc", '"abc"', "(1 2)", "#(1)", "#u8(1)", "100000000000000000000", "#\\a", "#t"]) {
      expect(isHash(equalHash(heap, d(source)))).toBe(true);
      expect(isHash(eqvHash(heap, d(source)))).toBe(true);
    }
  });

  it("agree for equal? data made separately (K2)", () => {
    for (const source of ['(a "b" #(1 2.5 (c)) #u8(9) 100000000000000000000 #\\x)', '"λ"', "-0.0", "+nan.0", "()"]) {
      expect(equalHash(heap, d(source))).toBe(equalHash(heap, d(source)));
    }
  });

  it("agree for eqv? numbers made separately (K2)", () => {
    for (const source of ["1.5", "-0.0", "+nan.0", "100000000000000000000", "-100000000000000000000", "7"]) {
      expect(eqvHash(heap, d(source))).toBe(eqvHash(heap, d(source)));
    }
  });

  it("are the same for a narrow and a wide string with the same text (K2)", () => {
    expect(equalHash(heap, wideString("abc"))).toBe(equalHash(heap, d('"abc"')));
    expect(equalHash(heap, makeList(heap, [wideString("x")]))).toBe(equalHash(heap, d('("x")')));
  });

  it("usually differ for values that are not equal?", () => {
    const sources = ["0", "1", "1.0", "-0.0", "0.0", '"a"', '"b"', "a", "b", "(a)", "#(a)", "(a b)", "(b a)", "#u8(1)", "#u8(2)"];
    const hashes = new Set(sources.map((s) => equalHash(heap, d(s))));
    expect(hashes.size).toBe(sources.length);
  });

  it("hash a symbol by its SYMBOL_HASH, not its address (K3)", () => {
    const sym = d("some-symbol");
    const twin = heap.allocate(L.OBJECT_SYMBOL, L.SYMBOL_SIZE);
    heap.initField(twin, L.SYMBOL_NAME, makeString(heap, "another name"));
    heap.initField(twin, L.SYMBOL_HASH, heap.field(sym, L.SYMBOL_HASH));
    expect(eqvHash(heap, twin)).toBe(eqvHash(heap, sym));
    expect(equalHash(heap, twin)).toBe(equalHash(heap, sym));
  });

  it("hash a record by its RECORD_HASH (K3)", () => {
    expect(equalHash(heap, record(42, L.makeFixnum(1)))).toBe(equalHash(heap, record(42, L.makeFixnum(2))));
    expect(equalHash(heap, record(42))).not.toBe(equalHash(heap, record(43)));
  });

  it("hash a record type by its RECORD_TYPE_HASH (K3)", () => {
    const recordType = (hash: number) => {
      const t = heap.allocate(L.OBJECT_RECORD_TYPE, L.RECORD_TYPE_SIZE);
      heap.initField(t, L.RECORD_TYPE_NAME, d("point"));
      heap.initField(t, L.RECORD_TYPE_FIELD_NAMES, makeVector(heap, []));
      heap.initField(t, L.RECORD_TYPE_MUTABLE, makeVector(heap, []));
      heap.initField(t, L.RECORD_TYPE_HASH, L.makeFixnum(hash));
      return t;
    };
    expect(eqvHash(heap, recordType(5))).toBe(eqvHash(heap, recordType(5)));
    expect(eqvHash(heap, recordType(5))).not.toBe(eqvHash(heap, recordType(6)));
  });

  it("hash other identity-compared objects by their type alone (K3)", () => {
    expect(equalHash(heap, heap.makeBox(L.makeFixnum(1)))).toBe(equalHash(heap, heap.makeBox(L.makeFixnum(2))));
    expect(equalHash(heap, closure())).toBe(equalHash(heap, closure()));
    expect(equalHash(heap, closure())).not.toBe(equalHash(heap, heap.makeBox()));
  });

  it("under eqv, hash pairs, vectors and strings by their type alone (K3)", () => {
    expect(eqvHash(heap, d("(1)"))).toBe(eqvHash(heap, d("(2 3)")));
    expect(eqvHash(heap, d("#(1)"))).toBe(eqvHash(heap, d("#(2 3)")));
    expect(eqvHash(heap, d('"a"'))).toBe(eqvHash(heap, d('"b"')));
  });

  it(`look at no more than the first ${HASH_VISIT_LIMIT} nodes of a structure (K4)`, () => {
    const prefix = Array.from({ length: HASH_VISIT_LIMIT }, (_, i) => L.makeFixnum(i));
    const a = makeList(heap, [...prefix, L.makeFixnum(1)]);
    const b = makeList(heap, [...prefix, L.makeFixnum(2)]);
    expect(equalHash(heap, a)).toBe(equalHash(heap, b));
    const va = makeVector(heap, [...prefix, L.makeFixnum(1)]);
    const vb = makeVector(heap, [...prefix, L.makeFixnum(2)]);
    expect(equalHash(heap, va)).toBe(equalHash(heap, vb));
  });

  it("hash a list a million long or a million deep as they hash its first nodes only (K4)", () => {
    const elements = Array.from({ length: MILLION }, (_, i) => L.makeFixnum(i));
    expect(equalHash(heap, makeList(heap, elements))).toBe(equalHash(heap, makeList(heap, elements.slice(0, HASH_VISIT_LIMIT))));
    const nest = (depth: number): number => {
      let l = L.NIL;
      for (let i = 0; i < depth; i++) l = heap.cons(l, L.NIL);
      return l;
    };
    expect(equalHash(heap, nest(MILLION))).toBe(equalHash(heap, nest(HASH_VISIT_LIMIT)));
  });
});

describe("equal? and equalHash on random data", () => {
  type Tree = number | { f: number } | { s: string } | { sym: string } | { big: bigint } | { b: number[] } | Tree[] | { v: Tree[] };
  const { tree } = fc.letrec<{ tree: Tree; leaf: Tree }>((tie) => ({
    leaf: fc.oneof(
      fc.integer({ min: L.FIXNUM_MIN, max: L.FIXNUM_MAX }),
      fc.double().map((f) => ({ f })),
      fc.string({ unit: "binary", maxLength: 6 }).map((s) => ({ s })),
      fc.constantFrom("a", "b", "λ").map((sym) => ({ sym })),
      fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((big) => ({ big })),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }).map((b) => ({ b })),
    ),
    tree: fc.oneof(
      { depthSize: "small" },
      tie("leaf"),
      fc.array(tie("tree"), { maxLength: 5 }),
      fc.array(tie("tree"), { maxLength: 5 }).map((v) => ({ v })),
    ),
  }));

  /** Builds a tree into the heap; `wide` makes its strings in the wide representation. */
  const build = (world: World, t: Tree, wide: boolean): number => {
    const h = world.heap;
    if (typeof t === "number") return makeInteger(h, t);
    if (Array.isArray(t)) return makeList(h, t.map((x) => build(world, x, wide)));
    if ("f" in t) return h.makeFlonum(t.f);
    if ("s" in t) return wide ? wideString(t.s) : makeString(h, t.s);
    if ("sym" in t) return world.symbols.intern(t.sym);
    if ("big" in t) return makeInteger(h, t.big);
    if ("b" in t) return makeBytevector(h, t.b);
    return makeVector(h, t.v.map((x) => build(world, x, wide)));
  };

  it("finds two separately built copies equal?, with equal hashes (K2)", () => {
    fc.assert(fc.property(tree, (t) => {
      const a = build(c.world, t, false);
      const b = build(c.world, t, true);
      return equal(heap, a, b) && equalHash(heap, a) === equalHash(heap, b);
    }));
  });

  it("is symmetric, and equal values always hash alike (K2)", () => {
    fc.assert(fc.property(tree, tree, (s, t) => {
      const a = build(c.world, s, false);
      const b = build(c.world, t, true);
      const same = equal(heap, a, b);
      return same === equal(heap, b, a) && (!same || equalHash(heap, a) === equalHash(heap, b));
    }));
  });
});
