// Annotated reading (reader.ts R3): every datum at every depth is an annotation with its line and
// column; `stripped` is the same datum without annotations (checked by plain() at every level).

import * as L from "../../runtime/layout";
import { readAll } from "../../reader/reader";
import { FILE, Plain, chr, flo, newWorld, plain, readAnnotated, readPlain, strip, sym } from "./data";

const at = (position: string, datum: Plain): Plain => ({ at: position, datum });

describe("positions of atoms", () => {
  it("annotates each kind of atom with its line and column", () => {
    const world = newWorld();
    const data = readAll(world, '1 x\n  "s" #\\a 2.5 #t', { file: FILE, annotate: true });
    expect(data.map((w) => plain(world, w))).toEqual([
      at("1:1", 1), at("1:3", sym("x")), at("2:3", "s"), at("2:7", chr("a")), at("2:11", flo(2.5)), at("2:15", true),
    ]);
  });

  it("annotates a symbol occurrence with the position of that occurrence", () => {
    expect(readAnnotated("(f\n f)")).toEqual(at("1:1", [at("1:2", sym("f")), at("2:2", sym("f"))]));
  });

  it("keeps interned symbols in the annotations: both occurrences annotate the same word", () => {
    const world = newWorld();
    const [list] = readAll(world, "(f f)", { file: FILE, annotate: true });
    const heap = world.heap;
    const elements = heap.field(list, L.ANNOTATION_EXPRESSION);
    const first = heap.field(heap.car(elements), L.ANNOTATION_EXPRESSION);
    const second = heap.field(heap.car(heap.cdr(elements)), L.ANNOTATION_EXPRESSION);
    expect(first).toBe(second);
    expect(first).toBe(world.symbols.intern("f"));
  });
});

describe("positions of compound data", () => {
  it("annotates a list, its elements and its sub-lists", () => {
    expect(readAnnotated("(a (b c)\n   d)")).toEqual(at("1:1", [
      at("1:2", sym("a")), at("1:4", [at("1:5", sym("b")), at("1:7", sym("c"))]), at("2:4", sym("d")),
    ]));
  });

  it("puts the annotation of a dotted tail in the last cdr", () => {
    expect(readAnnotated("(a . b)")).toEqual(at("1:1", { list: [at("1:2", sym("a"))], tail: at("1:6", sym("b")) }));
  });

  it("annotates the empty list", () => {
    expect(readAnnotated("()")).toEqual(at("1:1", []));
  });

  it("annotates a vector and its elements", () => {
    expect(readAnnotated("#(1 (x))")).toEqual(at("1:1", { vector: [at("1:3", 1), at("1:5", [at("1:6", sym("x"))])] }));
  });

  it("annotates a bytevector as an atom", () => {
    expect(readAnnotated(" #u8(1 2)")).toEqual(at("1:2", { bytevector: [1, 2] }));
  });

  it("gives 'x the expression (quote x) with the quote symbol at the position of the '", () => {
    expect(readAnnotated("  'x")).toEqual(at("1:3", [at("1:3", sym("quote")), at("1:4", sym("x"))]));
  });

  it("annotates each of the quote forms ` , ,@", () => {
    expect(readAnnotated("`(,a ,@b)")).toEqual(at("1:1", [at("1:1", sym("quasiquote")), at("1:2", [
      at("1:3", [at("1:3", sym("unquote")), at("1:4", sym("a"))]),
      at("1:6", [at("1:6", sym("unquote-splicing")), at("1:8", sym("b"))]),
    ])]));
  });

  it("annotates a label reference at the reference, sharing the labelled datum's data", () => {
    const world = newWorld();
    const [list] = readAll(world, "(#0=(a) #0#)", { file: FILE, annotate: true });
    const heap = world.heap;
    const elements = heap.field(list, L.ANNOTATION_EXPRESSION);
    const [definition, reference] = [heap.car(elements), heap.car(heap.cdr(elements))];
    expect(plain(world, reference)).toEqual(at("1:9", [at("1:6", sym("a"))]));
    expect(heap.field(definition, L.ANNOTATION_STRIPPED)).toBe(heap.field(reference, L.ANNOTATION_STRIPPED));
    const stripped = heap.field(list, L.ANNOTATION_STRIPPED);
    expect(heap.car(stripped)).toBe(heap.car(heap.cdr(stripped)));
  });
});

describe("positions across lines", () => {
  it("counts the lines inside a multi-line string", () => {
    expect(readPlain('"one\ntwo\nthree" x', { annotate: true })).toEqual([at("1:1", "one\ntwo\nthree"), at("3:8", sym("x"))]);
  });

  it("counts the lines inside a block comment", () => {
    expect(readPlain("#| a\nb\n |# x", { annotate: true })).toEqual([at("3:5", sym("x"))]);
  });

  it("counts the lines of a line comment", () => {
    expect(readPlain("; c\n; d\n  x", { annotate: true })).toEqual([at("3:3", sym("x"))]);
  });

  it("gives CRLF text the positions of LF text", () => {
    const crlf = readPlain("(a\r\n b)\r\n\r\n  c", { annotate: true });
    expect(crlf).toEqual(readPlain("(a\n b)\n\n  c", { annotate: true }));
    expect(crlf).toEqual([at("1:1", [at("1:2", sym("a")), at("2:2", sym("b"))]), at("4:3", sym("c"))]);
  });

  it("counts columns in UTF-16 code units: a character outside the BMP is two", () => {
    expect(readAnnotated("(😀 x)")).toEqual(at("1:1", [at("1:2", sym("😀")), at("1:5", sym("x"))]));
  });

  it("positions data read by later calls to next() on later lines", () => {
    const lines = Array.from({ length: 50 }, (_, i) => `(line ${i + 1})`).join("\n");
    const data = readPlain(lines, { annotate: true });
    expect(data[49]).toEqual(at("50:1", [at("50:2", sym("line")), at("50:7", 50)]));
  });
});

describe("plain and annotated reading agree", () => {
  it("reads the same data with and without annotations", () => {
    const text = "(define (f x . rest) `(,x #(1 \"s\") #u8(3) ,@rest)) #0=(a) 'q [b] #;c 1.5";
    expect(readPlain(text, { annotate: true }).map(strip)).toEqual(readPlain(text));
  });
});
