import { createWorld } from "../../gc";
import * as L from "../../runtime/layout";
import { WRITE_TABLE_ENTRIES, formatFlonum, printToString } from "../../runtime/printer";
import { makeInteger } from "../../runtime/numbers";
import { makeAnnotation, makeBytevector, makeList, makeString, makeValues, makeVector } from "../../runtime/objects";
import { hashMapSet, makeHashMap } from "../../runtime/hamt";
import { recordPrimitives } from "../../runtime/primitives/records";
import { caller } from "./primitives/support";
import { evaluator } from "../language/support";

const world = createWorld({ limitBytes: 1024 * L.PAGE_BYTES });
const heap = world.heap;
const sym = (name: string) => world.symbols.intern(name);
const fix = L.makeFixnum;
const list = (...xs: number[]) => makeList(heap, xs);
const write = (v: number) => printToString(world, v, "write");
const display = (v: number) => printToString(world, v, "display");
const records = caller(recordPrimitives, world);

/** A record type as define-record-type makes it: name, field names, which have modifiers. */
function recordType(name: string, fields: string[], mutable: boolean[] = fields.map(() => false)): number {
  return records.call("%make-record-type", sym(name), list(...fields.map(sym)), list(...mutable.map(L.makeBoolean)));
}

function hashMap(...keysAndValues: number[]): number {
  let map = makeHashMap(heap, L.HASH_MAP_EQUIVALENCE_EQUAL);
  for (let i = 0; i < keysAndValues.length; i += 2) map = hashMapSet(heap, map, keysAndValues[i], keysAndValues[i + 1]);
  return map;
}

function hashTable(...keysAndValues: number[]): number {
  const table = heap.allocate(L.OBJECT_HASH_TABLE, L.HASH_TABLE_SIZE);
  heap.initField(table, L.HASH_TABLE_MAP, hashMap(...keysAndValues));
  return table;
}

describe("write: atoms", () => {
  it("writes fixnums and bignums exactly", () => {
    expect(write(fix(-42))).toBe("-42");
    expect(write(makeInteger(heap, 2n ** 100n))).toBe("1267650600228229401496703205376");
    expect(write(makeInteger(heap, -(2n ** 30n) - 1n))).toBe("-1073741825");
  });

  it("writes the constants", () => {
    expect([L.NIL, L.TRUE, L.FALSE, L.EOF].map(write)).toEqual(["()", "#t", "#f", "#<eof>"]);
  });

  it("writes flonums in the shortest form that reads back as a flonum", () => {
    expect(formatFlonum(1)).toBe("1.0");
    expect(formatFlonum(0.1)).toBe("0.1");
    expect(formatFlonum(1e21)).toBe("1e21");
    expect(formatFlonum(1.5e-7)).toBe("1.5e-7");
    expect(formatFlonum(123456789012345680000)).toBe("123456789012345680000.0");
    expect(formatFlonum(-0)).toBe("-0.0");
    expect([NaN, Infinity, -Infinity].map(formatFlonum)).toEqual(["+nan.0", "+inf.0", "-inf.0"]);
    expect(write(heap.makeFlonum(2.5))).toBe("2.5");
  });

  it("round-trips every flonum it writes through JavaScript's number parser", () => {
    for (const x of [0.1 + 0.2, 1 / 3, 5e-324, 1.7976931348623157e308, 2 ** 53 + 2, 1e21, 1e-7]) {
      expect(Number(formatFlonum(x))).toBe(x);
    }
  });

  it("writes strings with R7RS escapes", () => {
    expect(write(makeString(heap, 'a"b\\c\n\t\r'))).toBe('"a\\"b\\\\c\\n\\t\\r"');
    expect(write(makeString(heap, "\x07\x08\x01"))).toBe('"\\a\\b\\x1;"');
    expect(write(makeString(heap, "λ😀"))).toBe('"λ😀"');
  });

  it("writes characters by name, as themselves, or in hex", () => {
    const ch = (c: number) => write(L.makeChar(c));
    expect(ch(0x61)).toBe("#\\a");
    expect(ch(0x20)).toBe("#\\space");
    expect(ch(0x0a)).toBe("#\\newline");
    expect(ch(0x00)).toBe("#\\null");
    expect(ch(0x7f)).toBe("#\\delete");
    expect(ch(0x3bb)).toBe("#\\λ");
    expect(ch(0x28)).toBe("#\\(");
    expect(ch(0x200b)).toBe("#\\x200b");
  });

  it("writes symbols bare when they read back as themselves", () => {
    for (const name of ["abc", "+", "-", "...", "->x", "set-car!", "a.b", "<=?", "λ"]) {
      expect(write(sym(name))).toBe(name);
    }
  });

  it("writes symbols in bars when they would not read back as themselves", () => {
    expect(write(sym("hello world"))).toBe("|hello world|");
    expect(write(sym(""))).toBe("||");
    expect(write(sym("42"))).toBe("|42|");
    expect(write(sym("+5"))).toBe("|+5|");
    expect(write(sym(".5"))).toBe("|.5|");
    expect(write(sym("."))).toBe("|.|");
    expect(write(sym("#foo"))).toBe("|#foo|");
    expect(write(sym("+inf.0"))).toBe("|+inf.0|");
    expect(write(sym("a|b"))).toBe("|a\\|b|");
    expect(write(sym("tab\there"))).toBe("|tab\\x9;here|");
  });

  it("writes bytevectors", () => {
    expect(write(makeBytevector(heap, [1, 2, 255]))).toBe("#u8(1 2 255)");
    expect(write(makeBytevector(heap, []))).toBe("#u8()");
  });
});

describe("write: structure", () => {
  it("writes proper and dotted lists", () => {
    expect(write(list(fix(1), fix(2), fix(3)))).toBe("(1 2 3)");
    expect(write(heap.cons(fix(1), fix(2)))).toBe("(1 . 2)");
    expect(write(makeList(heap, [fix(1), fix(2)], fix(3)))).toBe("(1 2 . 3)");
    expect(write(list(list(), list(list())))).toBe("(() (()))");
  });

  it("writes vectors, nested", () => {
    expect(write(makeVector(heap, [fix(1), makeVector(heap, []), list(fix(2))]))).toBe("#(1 #() (2))");
  });

  it("abbreviates quote, quasiquote, unquote and unquote-splicing", () => {
    expect(write(list(sym("quote"), sym("x")))).toBe("'x");
    expect(write(list(sym("quasiquote"), list(sym("a"), list(sym("unquote"), sym("b")), list(sym("unquote-splicing"), sym("c"))))))
      .toBe("`(a ,b ,@c)");
    expect(write(list(sym("quote"), sym("x"), sym("y")))).toBe("(quote x y)");
  });

  it("writes a box and the value in it", () => {
    expect(write(heap.makeBox(list(fix(1))))).toBe("#<box (1)>");
  });

  it("labels a cycle through a box instead of looping", () => {
    const box = heap.makeBox(L.NIL);
    heap.setCell(box, L.BOX_VALUE, list(fix(1), box));
    expect(write(box)).toBe("#0=#<box (1 #0#)>");
    expect(write(list(box, box))).toBe("(#0=#<box (1 #0#)> #0#)");
  });

  it("writes shared structure without a cycle in full", () => {
    const shared = list(fix(1));
    const box = heap.makeBox(shared);
    expect(write(list(box, box, shared))).toBe("(#<box (1)> #<box (1)> (1))");
  });

  it("writes a bytevector's bytes like a vector's elements", () => {
    expect(write(list(makeBytevector(heap, [7]), makeVector(heap, [fix(7)])))).toBe("(#u8(7) #(7))");
  });

  it("writes multiple values and annotations with what they hold", () => {
    expect(write(makeValues(heap, [fix(1), makeString(heap, "a")]))).toBe('#<values 1 "a">');
    expect(write(makeValues(heap, []))).toBe("#<values>");
    const datum = list(sym("f"), fix(1));
    expect(write(makeAnnotation(heap, datum, datum, makeString(heap, "f.scm"), 3, 7))).toBe("#<annotation f.scm:3:7 (f 1)>");
  });

  it("numbers datum labels in the order it writes them", () => {
    const outer = heap.makeBox(L.NIL);
    const inner = heap.makeBox(L.NIL);
    heap.setCell(outer, L.BOX_VALUE, inner);
    heap.setCell(inner, L.BOX_VALUE, list(inner, outer));
    expect(write(outer)).toBe("#0=#<box #1=#<box (#1# #0#)>>");
  });

  it("writes data whole: only hash tables are shown in part", () => {
    const long = "x".repeat(10_000);
    expect(write(makeString(heap, long))).toBe(`"${long}"`);
    expect(write(makeList(heap, Array.from({ length: 10_000 }, () => fix(0))))).toHaveLength(20_001);
  });

  it("writes a list nested a million deep without exhausting the JS stack", () => {
    let deep = L.NIL;
    for (let i = 0; i < 1_000_000; i++) deep = heap.cons(deep, L.NIL);
    const text = write(deep);
    expect(text.length).toBe(2_000_002);
    expect(text.startsWith("((((")).toBe(true);
  });
});

describe("display", () => {
  it("writes strings, characters and symbols as plain text", () => {
    expect(display(makeString(heap, 'a "quoted"\n'))).toBe('a "quoted"\n');
    expect(display(L.makeChar(0x61))).toBe("a");
    expect(display(sym("hello world"))).toBe("hello world");
    expect(display(list(makeString(heap, "x"), L.makeChar(0x20), sym("|y")))).toBe("(x   |y)");
  });
});

describe("write: records", () => {
  it("writes a record as its type's name, without <brackets>, and its fields", () => {
    const point = recordType("<point>", ["x", "y"]);
    expect(write(records.call("%record-make", point, fix(1), list(fix(2))))).toBe("#<point 1 (2)>");
    expect(write(records.call("%record-make", recordType("<unit>", [])))).toBe("#<unit>");
  });

  it("writes a mutable field's contents, and labels a cycle through it", () => {
    const node = recordType("node", ["value", "next"], [false, true]);
    const n = records.call("%record-make", node, fix(1), L.FALSE);
    expect(write(n)).toBe("#<node 1 #f>");
    records.call("%record-set!", node, n, fix(1), n, sym("set-next!"));
    expect(write(n)).toBe("#0=#<node 1 #0#>");
  });
});

describe("write: hash tables and hash maps", () => {
  it("writes a table's count and entries, as pairs are written", () => {
    expect(write(hashTable())).toBe("#<hash-table 0>");
    expect(write(hashTable(sym("a"), fix(1)))).toBe("#<hash-table 1 (a . 1)>");
    expect(write(hashTable(sym("a"), list(fix(1), fix(2))))).toBe("#<hash-table 1 (a 1 2)>");
    expect(display(hashTable(makeString(heap, "k"), makeString(heap, "v")))).toBe("#<hash-table 1 (k . v)>");
  });

  it("writes a hash map the same way, its entries in the map's order", () => {
    expect(["#<hash-map 2 (a . 1) (b . 2)>", "#<hash-map 2 (b . 2) (a . 1)>"])
      .toContain(write(hashMap(sym("a"), fix(1), sym("b"), fix(2))));
  });

  it(`writes at most ${WRITE_TABLE_ENTRIES} entries, then ...`, () => {
    const keysAndValues = Array.from({ length: 40 }, (_, i) => fix(i));
    const text = write(hashTable(...keysAndValues));
    expect(text.startsWith("#<hash-table 20 (")).toBe(true);
    expect(text.match(/\(\d+ \. \d+\)/g)).toHaveLength(WRITE_TABLE_ENTRIES);
    expect(text.endsWith(") ...>")).toBe(true);
  });

  it("labels a table that holds itself (a table is a cell)", () => {
    const table = hashTable();
    heap.setCell(table, L.HASH_TABLE_MAP, hashMap(sym("me"), table));
    expect(write(table)).toBe("#0=#<hash-table 1 (me . #0#)>");
  });
});

describe("write: the standard library's values", () => {
  const e = evaluator();

  it("writes a promise as #<promise>, not the record that implements it", async () => {
    expect(await e.value("(delay (+ 1 2))")).toBe("#<promise>");
    expect(await e.value("(let ((p (make-promise 5))) (force p) (list p))")).toBe("(#<promise>)");
  });

  it("gives a record modifier's call no value to write (R7RS: unspecified)", async () => {
    await e.value("(define-record-type <cell> (make-cell v) cell? (v cell-v set-cell-v!))");
    expect(await e.value("(set-cell-v! (make-cell 1) 2)")).toBe("#<unspecified>");
    expect(await e.value("(let ((c (make-cell 1))) (list (set-cell-v! c 2) (cell-v c)))")).toBe("(#<unspecified> 2)");
  });
});
