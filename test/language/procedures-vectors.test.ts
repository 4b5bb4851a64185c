// R7RS 6.8 (vectors) and 6.9 (bytevectors), through the evaluator. Both are immutable in Stasis
// (LANGUAGE.md "Out"): make-vector and make-bytevector return filled objects, and the mutators
// are bound and say what to use instead.
import { evaluator } from "./support";

const e = evaluator();

/** Evaluates each source in turn (one session) and expects the written value beside it. */
async function examples(rows: readonly (readonly [string, string])[]): Promise<void> {
  const actual: (readonly [string, string])[] = [];
  for (const [source] of rows) actual.push([source, await e.value(source)]);
  expect(actual).toEqual(rows);
}

describe("R7RS 6.8 vectors", () => {
  it("vector? make-vector vector vector-length vector-ref (the report's examples)", async () => {
    await examples([
      ["(vector? #(1 2))", "#t"],
      ["(vector? '(1))", "#f"],
      ["(make-vector 3 'a)", "#(a a a)"],
      ["(vector 'a 'b 'c)", "#(a b c)"],
      ["(vector-length #(1 2 3))", "3"],
      ["(vector-ref '#(1 1 2 3 5 8 13 21) 5)", "8"],
      ["(vector-ref '#(1 1 2 3 5 8 13 21) (exact (round (* 2 (acos -1)))))", "13"],
    ]);
  });

  it("make-vector without a fill fills with #f, and every element is the fill itself", async () => {
    await examples([
      ["(make-vector 2)", "#(#f #f)"],
      ["(let ((v (make-vector 3 (list 1)))) (eq? (vector-ref v 0) (vector-ref v 2)))", "#t"],
    ]);
  });

  it("vector-ref past the end is a range error", async () => {
    expect(await e.error("(vector-ref #(1 2) 2)")).toBe("test.scm:1:1: vector-ref: index out of range: 2");
  });

  it("vector->list list->vector vector-copy vector-append take ranges (the report's examples)", async () => {
    await examples([
      ["(vector->list '#(dah dah didah))", "(dah dah didah)"],
      ["(vector->list '#(dah dah didah) 1)", "(dah didah)"],
      ["(vector->list '#(dah dah didah) 1 2)", "(dah)"],
      ["(list->vector '(dididit dah))", "#(dididit dah)"],
      ["(vector-copy #(1 2 3))", "#(1 2 3)"],
      ["(vector-copy #(1 2 3) 1)", "#(2 3)"],
      ["(vector-copy #(1 2 3) 1 2)", "#(2)"],
      ["(vector-append #(a b c) #(d e f))", "#(a b c d e f)"],
      ["(vector-append)", "#()"],
    ]);
  });

  it("vector-copy makes a new vector", async () => {
    expect(await e.value("(let ((v (vector 1 2 3))) (list (eq? v (vector-copy v)) (equal? v (vector-copy v))))")).toBe("(#f #t)");
  });

  it("vector-map with one and several vectors, stopping at the shortest (the report's examples)", async () => {
    await examples([
      ["(vector-map cadr '#((a b) (d e) (g h)))", "#(b e h)"],
      ["(vector-map (lambda (n) (expt n n)) '#(1 2 3 4 5))", "#(1 4 27 256 3125)"],
      ["(vector-map + '#(5 7 9) '#(1 2 3))", "#(6 9 12)"],
      ["(vector-map + '#(1 2) '#(10 20 30))", "#(11 22)"],
      [`(let ((count 0))
          (vector-map (lambda (ignored) (set! count (+ count 1)) count) '#(a b)))`, "#(1 2)"],
    ]);
  });

  it("vector-for-each calls its procedure on the elements in order", async () => {
    expect(await e.output("(vector-for-each (lambda (x) (display x)) #(1 2 3))")).toBe("123");
    expect(await e.value(`(let ((acc '()))
                             (vector-for-each (lambda (a b) (set! acc (cons (+ a b) acc))) #(1 2 3) #(10 20))
                             acc)`)).toBe("(22 11)");
  });

  it("vector-set! vector-fill! and vector-copy! say that vectors are immutable", async () => {
    expect(await e.error("(vector-set! (vector 1 2) 0 'x)")).toBe(
      "test.scm:1:1: vector-set!: vectors are immutable in Stasis; use vector-update for a new vector, or keep the changing part in a box");
    expect(await e.error("(vector-fill! (make-vector 3 0) 7)")).toBe(
      "test.scm:1:1: vector-fill!: vectors are immutable in Stasis; use make-vector for a filled vector, or keep the changing part in a box");
    expect(await e.error("(vector-copy! (make-vector 3 0) 0 #(1 2))")).toBe(
      "test.scm:1:1: vector-copy!: vectors are immutable in Stasis; use vector-copy or vector-append for a new vector, or keep the changing part in a box");
  });
});

describe("R7RS 6.9 bytevectors", () => {
  it("bytevector make-bytevector bytevector-u8-ref bytevector-length (the report's examples)", async () => {
    await examples([
      ["(bytevector? (bytevector))", "#t"],
      ["(bytevector? #(1))", "#f"],
      ["(bytevector 1 3 5 1 3 5)", "#u8(1 3 5 1 3 5)"],
      ["(bytevector)", "#u8()"],
      ["(make-bytevector 2 12)", "#u8(12 12)"],
      ["(make-bytevector 3)", "#u8(0 0 0)"],
      ["(bytevector-u8-ref '#u8(1 1 2 3 5 8 13 21) 5)", "8"],
      ["(bytevector-length (bytevector 1 2 3))", "3"],
    ]);
  });

  it("bytevector-copy and bytevector-append make new bytevectors (the report's examples)", async () => {
    await examples([
      ["(bytevector-copy #u8(1 2 3 4 5) 2)", "#u8(3 4 5)"],
      ["(bytevector-copy #u8(1 2 3 4 5) 2 4)", "#u8(3 4)"],
      ["(bytevector-append #u8(0 1 2) #u8(3 4 5))", "#u8(0 1 2 3 4 5)"],
      ["(utf8->string #u8(#x41))", '"A"'],
    ]);
  });

  it("a byte is an exact integer from 0 to 255; an index past the end is a range error", async () => {
    expect(await e.error("(bytevector 256)")).toBe(
      "test.scm:1:1: bytevector: expected a byte (an exact integer from 0 to 255), got 256");
    expect(await e.error("(bytevector-u8-ref #u8(1) 1)")).toBe("test.scm:1:1: bytevector-u8-ref: index out of range: 1");
  });

  it("bytevector-u8-set! and bytevector-copy! say that bytevectors are immutable", async () => {
    expect(await e.error("(bytevector-u8-set! (bytevector 1) 0 2)")).toBe(
      "test.scm:1:1: bytevector-u8-set!: bytevectors are immutable in Stasis; build a new bytevector, or keep the changing part in a box");
    expect(await e.error("(bytevector-copy! (bytevector 1 2) 0 #u8(3))")).toBe(
      "test.scm:1:1: bytevector-copy!: bytevectors are immutable in Stasis; use bytevector-copy or bytevector-append for a new bytevector, or keep the changing part in a box");
  });
});
