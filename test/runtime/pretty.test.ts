import { createWorld } from "../../gc";
import * as L from "../../runtime/layout";
import { PrettyOptions, prettyChunks, prettyPrint } from "../../runtime/pretty";
import { printToString } from "../../runtime/printer";
import { hashMapSet, makeHashMap } from "../../runtime/hamt";
import { makeList, makeString } from "../../runtime/objects";
import { readAll } from "../../reader/reader";
import { evaluator, timeLimit } from "../language/support";

const world = createWorld({ limitBytes: 2 ** 26 });
const heap = world.heap;
const fix = L.makeFixnum;
const datum = (source: string) => readAll(world, source, { file: "test" })[0];
/** The datum `source` reads as, pretty-printed; the expected layouts below are written as lines. */
const pretty = (source: string, options: PrettyOptions = {}) => prettyPrint(world, datum(source), options);
const lines = (...text: string[]) => text.join("\n");

/** A list of the fixnums 1..n, built from its end. */
function numbers(n: number, into = world): number {
  let list = L.NIL;
  for (let i = n; i > 0; i--) list = into.heap.cons(fix(i), list);
  return list;
}

function hashTable(...keysAndValues: number[]): number {
  let map = makeHashMap(heap, L.HASH_MAP_EQUIVALENCE_EQUAL);
  for (let i = 0; i < keysAndValues.length; i += 2) map = hashMapSet(heap, map, keysAndValues[i], keysAndValues[i + 1]);
  const table = heap.allocate(L.OBJECT_HASH_TABLE, L.HASH_TABLE_SIZE);
  heap.initField(table, L.HASH_TABLE_MAP, map);
  return table;
}

describe("pretty-print: layout", () => {
  it("writes what fits on the line as write does", () => {
    const source = `(define (f x) (if (pair? x) "yes" #\\a))`;
    expect(pretty(source)).toBe(printToString(world, datum(source)));
    expect(pretty("#(1 (2 . 3) 'q `(a ,b))")).toBe("#(1 (2 . 3) 'q `(a ,b))");
  });

  it("breaks a call that does not fit: its arguments under the first", () => {
    expect(pretty("(list alpha beta gamma)", { width: 15 })).toBe(lines(
      "(list alpha",
      "      beta",
      "      gamma)",
    ));
  });

  it("breaks define, lambda and let-like forms with their body indented by 2", () => {
    expect(pretty("(define (fact n) (if (= n 0) 1 (* n (fact (- n 1)))))", { width: 30 })).toBe(lines(
      "(define (fact n)",
      "  (if (= n 0)",
      "      1",
      "      (* n (fact (- n 1)))))",
    ));
    expect(pretty("(lambda (x) (display x) (newline))", { width: 20 })).toBe(lines(
      "(lambda (x)",
      "  (display x)",
      "  (newline))",
    ));
    expect(pretty("(let ((a 1) (b 2)) (+ a b))", { width: 20 })).toBe(lines(
      "(let ((a 1) (b 2))",
      "  (+ a b))",
    ));
  });

  it("keeps a named let's name and bindings on its first line", () => {
    expect(pretty("(let loop ((i 0)) (if (< i 10) (loop (+ i 1)) i))", { width: 30 })).toBe(lines(
      "(let loop ((i 0))",
      "  (if (< i 10)",
      "      (loop (+ i 1))",
      "      i))",
    ));
  });

  it("breaks begin with every form on a line of its own", () => {
    expect(pretty("(begin (first-thing) (second-thing))", { width: 20 })).toBe(lines(
      "(begin",
      "  (first-thing)",
      "  (second-thing))",
    ));
  });

  it("breaks data, lists not headed by a symbol and vectors, filling each line with as many elements as fit", () => {
    expect(pretty("(1 2 3 4 5 6 7 8)", { width: 10 })).toBe(lines("(1 2 3 4 5", " 6 7 8)"));
    expect(pretty("#(10 20 30 40)", { width: 10 })).toBe(lines("#(10 20 30", "  40)"));
    expect(pretty('(("a" . 1) ("b" . 2))', { width: 12 })).toBe(lines('(("a" . 1)', ' ("b" . 2))'));
    expect(pretty("((1 2 3) (4 5 6 7 8 9 10) 11)", { width: 12 })).toBe(lines("((1 2 3)", " (4 5 6 7 8", "  9 10) 11)"));
  });

  it("counts the closing brackets that follow a form on its line", () => {
    // (c d e) fits in the 7 columns after "   ", but not with the ")" that closes (f ...).
    expect(pretty("(f (a b) (c d e))", { width: 10 })).toBe(lines(
      "(f (a b)",
      "   (c d",
      "      e))",
    ));
    expect(pretty("(f (a b) (c d e))", { width: 11 })).toBe(lines(
      "(f (a b)",
      "   (c d e))",
    ));
  });

  it("puts a long-headed call's arguments on lines of their own when the first does not fit", () => {
    expect(pretty("(long-name (first argument) second)", { width: 24 })).toBe(lines(
      "(long-name",
      "  (first argument)",
      "  second)",
    ));
    expect(pretty("(long-name first second)", { width: 20 })).toBe(lines(
      "(long-name first",
      "           second)",
    ));
  });

  it("lays a quoted form out like the form, after its quote", () => {
    expect(pretty("'(define (f) (g) (h))", { width: 15 })).toBe(lines(
      "'(define (f)",
      "   (g)",
      "   (h))",
    ));
  });

  it("keeps a dotted tail with its dot", () => {
    expect(pretty("(alpha beta . gamma)", { width: 12 })).toBe(lines("(alpha beta", "       . gamma)"));
  });

  it("breaks a record's fields under the first, and a table's entries under its name", async () => {
    const e = evaluator();
    await e.value("(define-record-type <point> (make-point x y) point? (x point-x) (y point-y))");
    const { session } = e;
    await e.value("(define p (make-point '(1 2 3 4 5) '(6 7 8 9 10)))");
    const point = session.world.globals.value(session.world.symbols.intern("p"));
    expect(prettyPrint(session.world, point, { width: 24 })).toBe(lines(
      "#<point (1 2 3 4 5)",
      "        (6 7 8 9 10)>",
    ));
    const table = hashTable(datum("key"), datum("(a long value)"));
    expect(prettyPrint(world, table, { width: 20 })).toBe(lines(
      "#<hash-table 1",
      "   (key a",
      "        long",
      "        value)>",
    ));
  });

  it("keeps every line of a form within widths its atoms and indentation allow", () => {
    const source = `(define (render tree depth) (cond ((null? tree) '()) ((pair? tree)
      (cons (render (car tree) (+ depth 1)) (render (cdr tree) depth))) (else (list 'leaf tree depth))))`;
    for (const width of [30, 40, 60, 80]) {
      const text = pretty(source, { width });
      for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(width);
      expect(text.replace(/\s+/g, " ")).toBe(printToString(world, datum(source)));
    }
  });

  it("writes display syntax in display mode", () => {
    expect(pretty('("a b" #\\c sym)', { mode: "display" })).toBe("(a b c sym)");
  });
});

describe("pretty-print: limits", () => {
  it("shows maxLength elements of a list, a vector, a bytevector, then ...", () => {
    expect(pretty("(1 2 3 4 5)", { maxLength: 3 })).toBe("(1 2 3 ...)");
    expect(pretty("#(1 2 3 4 5)", { maxLength: 2 })).toBe("#(1 2 ...)");
    expect(pretty("#u8(1 2 3 4 5)", { maxLength: 1 })).toBe("#u8(1 ...)");
    expect(pretty("(1 2 3)", { maxLength: 3 })).toBe("(1 2 3)");
    expect(pretty("(1 2 3)", { maxLength: 0 })).toBe("(...)");
  });

  it("keeps a dotted tail after maxLength elements (it is not an element)", () => {
    expect(pretty("(1 2 . 3)", { maxLength: 2 })).toBe("(1 2 . 3)");
    expect(pretty("(1 2 3 . 4)", { maxLength: 2 })).toBe("(1 2 ...)");
  });

  it("cuts strings longer than maxLength characters", () => {
    expect(pretty('"abcdefgh"', { maxLength: 3 })).toBe('"abc..."');
    expect(pretty('"abc"', { maxLength: 3 })).toBe('"abc"');
    expect(pretty('"a\\nbcdef"', { maxLength: 2 })).toBe('"a\\n..."');
    expect(pretty('("abcdefgh")', { maxLength: 3, mode: "display" })).toBe("(abc...)");
  });

  it("shows maxLength entries of a hash table", () => {
    const table = hashTable(...Array.from({ length: 20 }, (_, i) => fix(i)));
    const text = prettyPrint(world, table, { maxLength: 3 });
    expect(text.startsWith("#<hash-table 10 (")).toBe(true);
    expect(text.match(/\(\d+ \. \d+\)/g)).toHaveLength(3);
    expect(text.endsWith(" ...>")).toBe(true);
  });

  it("shows maxDepth nested brackets, and ... for a node deeper", () => {
    expect(pretty("(1 (2 (3 (4))))", { maxDepth: 2 })).toBe("(1 (2 ...))");
    expect(pretty("(1 #(2 #(3)))", { maxDepth: 1 })).toBe("(1 ...)");
    expect(pretty("(1 2)", { maxDepth: 0 })).toBe("...");
    expect(pretty("(a '(b (c)))", { maxDepth: 2 })).toBe("(a '(b ...))");
  });

  it("shows everything when no limit is given", () => {
    expect(prettyPrint(world, numbers(1000), { width: Number.MAX_SAFE_INTEGER })).toBe(printToString(world, numbers(1000)));
  });
});

describe("pretty-print: cycles", () => {
  it("labels a cycle through a box, broken or not", () => {
    const box = heap.makeBox(L.NIL);
    heap.setCell(box, L.BOX_VALUE, makeList(heap, [datum("alpha"), datum("beta"), box]));
    expect(prettyPrint(world, box)).toBe("#0=#<box (alpha beta #0#)>");
    expect(prettyPrint(world, box, { width: 16 })).toBe(lines(
      "#0=#<box (alpha beta",
      "                #0#)>",
    ));
  });

  it("labels a table that holds itself", () => {
    const table = hashTable();
    heap.setCell(table, L.HASH_TABLE_MAP, hashMapSet(heap, heap.field(table, L.HASH_TABLE_MAP), datum("self"), table));
    expect(prettyPrint(world, table)).toBe("#0=#<hash-table 1 (self . #0#)>");
  });

  it("labels only what the limits let it show", () => {
    const box = heap.makeBox(L.NIL);
    heap.setCell(box, L.BOX_VALUE, makeList(heap, [fix(1), fix(2), box]));
    expect(prettyPrint(world, box, { maxLength: 2 })).toBe("#<box (1 2 ...)>");
  });
});

describe("pretty-print: deep and long structures", () => {
  it("prints a list nested a million deep (on one line: its elements begin where it does)", () => {
    let deep = L.NIL;
    for (let i = 0; i < 1_000_000; i++) deep = heap.cons(deep, L.NIL);
    const text = prettyPrint(world, deep);
    expect(text.length).toBe(2_000_002);
    expect(text.startsWith("((((")).toBe(true);
  }, timeLimit(20_000));

  it("writes a form nested a million deep on one line once past the margin, not indented further", () => {
    let nested = L.NIL;
    for (let i = 0; i < 1_000_000; i++) nested = makeList(heap, [fix(1), nested]);
    const text = prettyPrint(world, nested, { width: 40 });
    const rows = text.split("\n");
    expect(rows.slice(0, 3)).toEqual(["(1", " (1", "  (1"]);
    expect(rows.length).toBeLessThanOrEqual(41);
    expect(text.replace(/\s+/g, " ")).toBe(printToString(world, nested));
  }, timeLimit(20_000));

  it("prints a million-element list in lines within the width", () => {
    const text = prettyPrint(world, numbers(1_000_000));
    const rows = text.split("\n");
    expect(rows.length).toBeGreaterThan(80_000);
    expect(rows.every((row) => row.length <= 80)).toBe(true);
    expect(rows[0].startsWith("(1 2 3 4 5 ")).toBe(true);
    expect(rows[rows.length - 1].endsWith(" 1000000)")).toBe(true);
  }, timeLimit(20_000));
});

describe("pretty-print: in chunks", () => {
  it("hands over the text in chunks of the size asked, the last shorter", () => {
    const list = numbers(10_000);
    const chunks = [...prettyChunks(world, list, {}, 1000)];
    expect(chunks.join("")).toBe(prettyPrint(world, list));
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBe(1000);
    expect(chunks[chunks.length - 1].length).toBeLessThanOrEqual(1000);
  });

  it("never ends a chunk inside a surrogate pair", () => {
    const text = makeString(heap, "😀".repeat(10));
    const chunks = [...prettyChunks(world, text, {}, 4)];
    expect(chunks.join("")).toBe(`"${"😀".repeat(10)}"`);
    for (const chunk of chunks) expect(chunk.isWellFormed()).toBe(true);
  });

  it("gives the first chunks of a ten-million-element list without laying out the rest", () => {
    const big = createWorld({ limitBytes: 2 ** 28 }); // ten million pairs: 80 MB, and room to collect
    const list = numbers(10_000_000, big);
    const chunks: string[] = [];
    for (const chunk of prettyChunks(big, list, {}, 4096)) {
      chunks.push(chunk);
      if (chunks.length === 3) break; // as the REPL does on Ctrl-C
    }
    expect(chunks.map((c) => c.length)).toEqual([4096, 4096, 4096]);
    expect(chunks[0].startsWith("(1 2 3 ")).toBe(true);
  }, timeLimit(20_000));
});

describe("pretty-print: the standard library's values", () => {
  it("writes a promise as #<promise>", async () => {
    const e = evaluator();
    await e.value("(define p (delay (list 1 2)))");
    const { world: w } = e.session;
    const promise = w.globals.value(w.symbols.intern("p"));
    expect(prettyPrint(w, promise)).toBe("#<promise>");
    await e.value("(force p)");
    expect(prettyPrint(w, promise, { width: 5 })).toBe("#<promise>");
  });
});
