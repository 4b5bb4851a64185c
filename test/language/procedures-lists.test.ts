// R7RS 6.4 (pairs and lists), through the evaluator: every example of the report's section, with
// Stasis's rule that pairs are immutable (LANGUAGE.md "Out"): the mutators are bound and say so.
import { evaluator } from "./support";

const e = evaluator();

/** Evaluates each source in turn (one session) and expects the written value beside it. */
async function examples(rows: readonly (readonly [string, string])[]): Promise<void> {
  const actual: (readonly [string, string])[] = [];
  for (const [source] of rows) actual.push([source, await e.value(source)]);
  expect(actual).toEqual(rows);
}

describe("R7RS 6.4 pairs", () => {
  it("pair? cons car cdr (the report's examples)", async () => {
    await examples([
      ["(pair? '(a . b))", "#t"],
      ["(pair? '(a b c))", "#t"],
      ["(pair? '())", "#f"],
      ["(pair? '#(a b))", "#f"],
      ["(cons 'a '())", "(a)"],
      ["(cons '(a) '(b c d))", "((a) b c d)"],
      ["(cons \"a\" '(b c))", '("a" b c)'],
      ["(cons 'a 3)", "(a . 3)"],
      ["(cons '(a b) 'c)", "((a b) . c)"],
      ["(car '(a b c))", "a"],
      ["(car '((a) b c d))", "(a)"],
      ["(car '(1 . 2))", "1"],
      ["(cdr '((a) b c d))", "(b c d)"],
      ["(cdr '(1 . 2))", "2"],
    ]);
  });

  it("car and cdr of the empty list are type errors", async () => {
    expect(await e.error("(car '())")).toBe("test.scm:1:1: car: expected a pair, got ()");
    expect(await e.error("(cdr '())")).toBe("test.scm:1:1: cdr: expected a pair, got ()");
  });

  it("the cxr compositions of (scheme base) and (scheme cxr)", async () => {
    await examples([
      ["(caar '((1) 2))", "1"],
      ["(cadr '(1 2 3))", "2"],
      ["(cdar '((1 . 5)))", "5"],
      ["(cddr '(1 2 3))", "(3)"],
      ["(caddr '(1 2 3))", "3"],
      ["(cdddr '(1 2 3 4))", "(4)"],
      ["(cadddr '(1 2 3 4))", "4"],
      ["(cddddr '(1 2 3 4 5))", "(5)"],
      ["(caadr '(1 (2)))", "2"],
    ]);
  });

  it("set-car! and set-cdr! say that pairs are immutable and what to do instead", async () => {
    expect(await e.error("(set-car! (list 1) 2)")).toBe(
      "test.scm:1:1: set-car!: pairs are immutable in Stasis; build a new list, or keep the changing part in a box");
    expect(await e.error("(set-cdr! (list 1) 2)")).toBe(
      "test.scm:1:1: set-cdr!: pairs are immutable in Stasis; build a new list, or keep the changing part in a box");
  });
});

describe("R7RS 6.4 lists", () => {
  it("null? list? make-list list length (the report's examples)", async () => {
    await examples([
      ["(null? '())", "#t"],
      ["(null? '(a))", "#f"],
      ["(list? '(a b c))", "#t"],
      ["(list? '())", "#t"],
      ["(list? '(a . b))", "#f"],
      ["(make-list 2 3)", "(3 3)"],
      ["(length (make-list 4))", "4"],
      ["(list 'a (+ 3 4) 'c)", "(a 7 c)"],
      ["(list)", "()"],
      ["(length '(a b c))", "3"],
      ["(length '(a (b) (c d e)))", "3"],
      ["(length '())", "0"],
    ]);
  });

  it("length of an improper list is a type error", async () => {
    expect(await e.error("(length '(1 2 . 3))")).toBe("test.scm:1:1: length: expected a proper list, got (1 2 . 3)");
  });

  it("append (the report's examples)", async () => {
    await examples([
      ["(append '(x) '(y))", "(x y)"],
      ["(append '(a) '(b c d))", "(a b c d)"],
      ["(append '(a (b)) '((c)))", "(a (b) (c))"],
      ["(append '(a b) '(c . d))", "(a b c . d)"],
      ["(append '() 'a)", "a"],
      ["(append)", "()"],
      ["(append '(a))", "(a)"],
      ["(append '(1) '(2) '(3 4) '())", "(1 2 3 4)"],
    ]);
  });

  it("append shares its last argument", async () => {
    expect(await e.value("(let ((l (list 1 2))) (eq? (cdr (append '(0) l)) l))")).toBe("#t");
  });

  it("reverse list-tail list-ref (the report's examples)", async () => {
    await examples([
      ["(reverse '(a b c))", "(c b a)"],
      ["(reverse '(a (b c) d (e (f))))", "((e (f)) d (b c) a)"],
      ["(list-tail '(a b c d) 2)", "(c d)"],
      ["(list-ref '(a b c d) 2)", "c"],
      ["(list-ref '(a b c d) (exact (round 1.8)))", "c"],
    ]);
  });

  it("list-tail returns a tail of its argument, not a copy", async () => {
    expect(await e.value("(let ((l (list 1 2 3))) (eq? (list-tail l 1) (cdr l)))")).toBe("#t");
  });

  it("list-tail and list-ref past the end are range errors", async () => {
    expect(await e.error("(list-tail '(1 2) 3)")).toBe("test.scm:1:1: list-tail: index out of range: 3");
    expect(await e.error("(list-ref '(1 2) 2)")).toBe("test.scm:1:1: list-ref: index out of range: 2");
  });

  it("list-set! says that lists are immutable", async () => {
    expect(await e.error("(list-set! (list 1 2) 0 'x)")).toBe(
      "test.scm:1:1: list-set!: lists are immutable in Stasis; build a new list, or keep the changing part in a box");
  });

  it("memq memv member (the report's examples)", async () => {
    await examples([
      ["(memq 'a '(a b c))", "(a b c)"],
      ["(memq 'b '(a b c))", "(b c)"],
      ["(memq 'a '(b c d))", "#f"],
      ["(memq (list 'a) '(b (a) c))", "#f"],
      ["(member (list 'a) '(b (a) c))", "((a) c)"],
      ["(memv 101 '(100 101 102))", "(101 102)"],
      ["(member 1 '())", "#f"],
    ]);
  });

  it("member with a third argument compares with it", async () => {
    await examples([
      ['(member "B" \'("a" "b" "c") string-ci=?)', '("b" "c")'],
      ["(member 2.0 '(1 2 3) =)", "(2 3)"],
      ["(member 2.0 '(1 2 3))", "#f"],
    ]);
  });

  it("memq of an improper list that does not hold the element is a type error", async () => {
    expect(await e.error("(memq 'c '(a b . c))")).toBe("test.scm:1:1: memq: expected a proper list, got (a b . c)");
  });

  it("assq assv assoc (the report's examples)", async () => {
    await e.value("(define e '((a 1) (b 2) (c 3)))");
    await examples([
      ["(assq 'a e)", "(a 1)"],
      ["(assq 'b e)", "(b 2)"],
      ["(assq 'd e)", "#f"],
      ["(assq (list 'a) '(((a)) ((b)) ((c))))", "#f"],
      ["(assoc (list 'a) '(((a)) ((b)) ((c))))", "((a))"],
      ["(assv 5 '((2 3) (5 7) (11 13)))", "(5 7)"],
    ]);
  });

  it("assoc with a third argument compares with it", async () => {
    await examples([
      ["(assoc 2.0 '((1 1) (2 4) (3 9)) =)", "(2 4)"],
      ["(assoc 2.0 '((1 1) (2 4) (3 9)))", "#f"],
    ]);
  });

  it("an association list whose element is not a pair is a type error", async () => {
    expect(await e.error("(assq 'x '(1 2))")).toBe("test.scm:1:1: assq: expected a pair in the list, got 1");
  });

  it("list-copy copies the spine, and returns a non-list as it is", async () => {
    await e.value("(define a '(1 8 2 8))");
    await e.value("(define b (list-copy a))");
    await examples([
      ["b", "(1 8 2 8)"],
      ["(equal? a b)", "#t"],
      ["(eq? a b)", "#f"],
      ["(list-copy '())", "()"],
      ["(list-copy '(1 2 . 3))", "(1 2 . 3)"],
      ["(list-copy 5)", "5"],
    ]);
  });
});
