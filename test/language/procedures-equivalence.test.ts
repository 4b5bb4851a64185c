// R7RS 6.1 (equivalence predicates) and 6.3 (booleans), through the evaluator. The examples are
// the report's own; where the report says "unspecified", Stasis's answer is not pinned here.
import { evaluator } from "./support";

const e = evaluator();

/** Evaluates each source in turn (one session) and expects the written value beside it. */
async function examples(rows: readonly (readonly [string, string])[]): Promise<void> {
  const actual: (readonly [string, string])[] = [];
  for (const [source] of rows) actual.push([source, await e.value(source)]);
  expect(actual).toEqual(rows);
}

describe("R7RS 6.1 equivalence predicates", () => {
  it("eqv? follows the report's table", async () => {
    await examples([
      ["(eqv? 'a 'a)", "#t"],
      ["(eqv? 'a 'b)", "#f"],
      ["(eqv? 2 2)", "#t"],
      ["(eqv? 2 2.0)", "#f"],
      ["(eqv? '() '())", "#t"],
      ["(eqv? 100000000 100000000)", "#t"],
      ["(eqv? 0.0 +nan.0)", "#f"],
      ["(eqv? (cons 1 2) (cons 1 2))", "#f"],
      ["(eqv? (lambda () 1) (lambda () 2))", "#f"],
      ["(let ((p (lambda (x) x))) (eqv? p p))", "#t"],
      ["(eqv? #f 'nil)", "#f"],
    ]);
  });

  it("eqv? compares numbers by exactness and value, bignums included", async () => {
    await examples([
      ["(eqv? (expt 2 100) (expt 2 100))", "#t"],
      ["(eqv? 100000000000000000000 100000000000000000000)", "#t"],
      ["(eqv? 1.5 1.5)", "#t"],
      ["(eqv? 0.0 -0.0)", "#f"],
      ["(eqv? #\\a #\\a)", "#t"],
    ]);
  });

  it("eqv? tells procedures with their own state apart (the report's gen-counter)", async () => {
    await e.value(`(define gen-counter
                     (lambda ()
                       (let ((n 0))
                         (lambda () (set! n (+ n 1)) n))))`);
    await examples([
      ["(let ((g (gen-counter))) (eqv? g g))", "#t"],
      ["(eqv? (gen-counter) (gen-counter))", "#f"],
      ["(let ((x '(a))) (eqv? x x))", "#t"],
    ]);
  });

  it("eq? follows the report's table where it is specified", async () => {
    await examples([
      ["(eq? 'a 'a)", "#t"],
      ["(eq? (list 'a) (list 'a))", "#f"],
      ["(eq? '() '())", "#t"],
      ["(eq? car car)", "#t"],
      ["(let ((x '(a))) (eq? x x))", "#t"],
      ["(let ((x '#())) (eq? x x))", "#t"],
      ["(let ((p (lambda (x) x))) (eq? p p))", "#t"],
    ]);
  });

  it("eq? is true of the same small integer and the same character", async () => {
    await examples([
      ["(eq? 2 2)", "#t"],
      ["(eq? #\\A #\\A)", "#t"],
      ["(let ((n (+ 2 3))) (eq? n n))", "#t"],
    ]);
  });

  it("equal? compares structure: pairs, strings, vectors, bytevectors", async () => {
    await examples([
      ["(equal? 'a 'a)", "#t"],
      ["(equal? '(a) '(a))", "#t"],
      ["(equal? '(a (b) c) '(a (b) c))", "#t"],
      ['(equal? "abc" "abc")', "#t"],
      ["(equal? 2 2)", "#t"],
      ["(equal? (make-vector 5 'a) (make-vector 5 'a))", "#t"],
      ["(equal? (bytevector 1 2) (bytevector 1 2))", "#t"],
      ["(equal? 2 2.0)", "#f"],
      ["(equal? '(1 #(2 \"x\")) (list 1 (vector 2 \"x\")))", "#t"],
    ]);
  });

  it("equal? compares boxes, which are cells, by identity", async () => {
    await examples([
      ["(equal? (box 1) (box 1))", "#f"],
      ["(let ((b (box 1))) (equal? b b))", "#t"],
    ]);
  });
});

describe("R7RS 6.3 booleans", () => {
  it("only #f is false", async () => {
    await examples([
      ["(list #t #f '#f #true #false)", "(#t #f #f #t #f)"],
      ["(not #t)", "#f"],
      ["(not 3)", "#f"],
      ["(not (list 3))", "#f"],
      ["(not #f)", "#t"],
      ["(not '())", "#f"],
      ["(not (list))", "#f"],
      ["(not 'nil)", "#f"],
    ]);
  });

  it("boolean? and boolean=?", async () => {
    await examples([
      ["(boolean? #f)", "#t"],
      ["(boolean? 0)", "#f"],
      ["(boolean? '())", "#f"],
      ["(boolean=? #t #t)", "#t"],
      ["(boolean=? #f #f #f)", "#t"],
      ["(boolean=? #t #f)", "#f"],
    ]);
  });

  it("boolean=? of a non-boolean is a type error", async () => {
    expect(await e.error("(boolean=? 1 1)")).toBe("test.scm:1:1: boolean=?: expected a boolean, got 1");
  });
});
