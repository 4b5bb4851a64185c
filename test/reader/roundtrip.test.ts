// Round trip: for readable data, `write` produces text that reads back as an equal datum, and
// reading, writing and reading again gives the same data (R7RS 6.13.3 `write`).

import * as fc from "fast-check";
import { createWorld } from "../../gc";
import { World } from "../../runtime/world";
import * as L from "../../runtime/layout";
import { makeInteger } from "../../runtime/numbers";
import { makeBytevector, makeList, makeString, makeVector } from "../../runtime/objects";
import { printToString } from "../../runtime/printer";
import { readAll } from "../../reader/reader";
import { FILE, Plain, TEST_HEAP, plain } from "./data";

const RUNS = 1500;

/** A Unicode scalar value (no surrogates): the characters Stasis strings and symbols hold. */
const scalar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0, max: 0xd7ff }),
  fc.integer({ min: 0xe000, max: 0x10ffff }),
);
const text = fc.array(scalar, { maxLength: 12 }).map((cs) => String.fromCodePoint(...cs));
/** Symbol names: mostly identifier-like, sometimes anything at all (then written in |bars|). */
const symbolName = fc.oneof(
  fc.constantFrom("x", "list->vector", "+", "-", "...", "->", "a.b", "λ", "1+", "+i", "-nan.0i", "1@2", "#x", ".", ""),
  fc.stringMatching(/^[a-z!$%&*\/:<=>?^_~][a-z0-9!$%&*\/:<=>?^_~+.@-]{0,8}$/),
  text,
);

/** A plain description of a datum, built into the heap by `build`. */
type Spec =
  | { kind: "fixnum"; value: number }
  | { kind: "bignum"; value: bigint }
  | { kind: "flonum"; value: number }
  | { kind: "string"; value: string }
  | { kind: "symbol"; value: string }
  | { kind: "char"; value: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "bytevector"; value: number[] }
  | { kind: "list"; elements: Spec[]; tail?: Spec }
  | { kind: "vector"; elements: Spec[] };

const atom: fc.Arbitrary<Spec> = fc.oneof(
  fc.integer({ min: L.FIXNUM_MIN, max: L.FIXNUM_MAX }).map((value) => ({ kind: "fixnum" as const, value })),
  fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }).map((value) => ({ kind: "bignum" as const, value })),
  fc.double().map((value) => ({ kind: "flonum" as const, value })),
  text.map((value) => ({ kind: "string" as const, value })),
  symbolName.map((value) => ({ kind: "symbol" as const, value })),
  scalar.map((value) => ({ kind: "char" as const, value })),
  fc.boolean().map((value) => ({ kind: "boolean" as const, value })),
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 6 }).map((value) => ({ kind: "bytevector" as const, value })),
);

const datum: fc.Arbitrary<Spec> = fc.letrec<{ datum: Spec }>((tie) => ({
  datum: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.record({ kind: fc.constant("list" as const), elements: fc.array(tie("datum"), { maxLength: 5 }) }),
    fc.record({ kind: fc.constant("list" as const), elements: fc.array(tie("datum"), { minLength: 1, maxLength: 4 }), tail: atom }),
    fc.record({ kind: fc.constant("vector" as const), elements: fc.array(tie("datum"), { maxLength: 5 }) }),
  ),
})).datum;

function build(world: World, spec: Spec): number {
  const heap = world.heap;
  switch (spec.kind) {
    case "fixnum": return L.makeFixnum(spec.value);
    case "bignum": return makeInteger(heap, spec.value);
    case "flonum": return heap.makeFlonum(spec.value);
    case "string": return makeString(heap, spec.value);
    case "symbol": return world.symbols.intern(spec.value);
    case "char": return L.makeChar(spec.value);
    case "boolean": return L.makeBoolean(spec.value);
    case "bytevector": return makeBytevector(heap, spec.value);
    case "vector": return makeVector(heap, spec.elements.map((e) => build(world, e)));
    case "list": {
      // A dotted tail that is itself a list would make a longer proper list: keep it an atom.
      const tail = spec.tail === undefined || (spec.tail.kind as string) === "list" ? L.NIL : build(world, spec.tail);
      return makeList(heap, spec.elements.map((e) => build(world, e)), tail);
    }
  }
}

let world = createWorld(TEST_HEAP);
function roomyWorld(): World {
  if (world.heap.pagesPerSpace().reduce((a, b) => a + b, 0) * 2 > world.heap.pageCount) world = createWorld(TEST_HEAP);
  return world;
}

function readBack(w: World, written: string): Plain[] {
  return readAll(w, written, { file: FILE }).map((d) => plain(w, d));
}

describe("write then read", () => {
  it("reads back every datum `write` writes as an equal datum", () => {
    fc.assert(
      fc.property(datum, (spec) => {
        const w = roomyWorld();
        const value = build(w, spec);
        const written = printToString(w, value, "write");
        expect(readBack(w, written)).toEqual([plain(w, value)]);
      }),
      { numRuns: RUNS },
    );
  });

  it("reads back a symbol of any name as the identical symbol", () => {
    fc.assert(
      fc.property(symbolName, (name) => {
        const w = roomyWorld();
        const symbol = w.symbols.intern(name);
        expect(readAll(w, printToString(w, symbol, "write"), { file: FILE })).toEqual([symbol]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("read, write, read", () => {
  // Examples from R7RS sections 2 and 7.1, with their readings fixed by a second read.
  const CASES = [
    "(+ 1 2)", "'(a . b)", "`(x ,y ,@z)", "#(0 (2 2 2 2) \"Anna\")", "#u8(0 10 5)", "(a b . c)",
    "#\\alarm #\\backspace #\\delete #\\escape #\\newline #\\null #\\return #\\space #\\tab",
    "#\\x #\\x41 #\\( #\\λ", "\"The word \\\"recursion\\\" has many meanings.\"", "\"\\x3bb;\\a\\t\"",
    "|two words| |\\x3bb;| ||", "#xFF #b-101 #o17 #e1.2e3 #i10 1e100 .5 -0.0 +inf.0 -inf.0",
    "123456789012345678901234567890 -1073741825 1073741823", "#!fold-case (HELLO #\\SPACE) #!no-fold-case Hi",
    "#;(hidden) shown #| a #| nested |# comment |# done", "(#0=(shared) #0#)", "[a (b) [c]]",
  ];

  it.each(CASES)("%s reads the same after a write", (source) => {
    const w = roomyWorld();
    const first = readAll(w, source, { file: FILE });
    const written = first.map((d) => printToString(w, d, "write")).join(" ");
    expect(readBack(w, written)).toEqual(first.map((d) => plain(w, d)));
  });
});
