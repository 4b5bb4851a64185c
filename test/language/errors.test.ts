// Error messages (LANGUAGE.md "Errors" and "Out"): every error a program can make is reported as
// one line, `FILE:LINE:COL: message`, at the place it happened (or, where a tail call left no
// frame there, the innermost user frame), followed by a short backtrace of the user's frames:
// never the standard library's frames, never JavaScript's. Sources span several lines so that
// every line and column is checked.

import { evaluator, timeLimit } from "./support";

const e = evaluator();

/** The lines of a report: the error line, then one per frame. */
async function reportLines(source: string): Promise<string[]> {
  return (await e.report(source)).trimEnd().split("\n");
}

describe("unbound variables", () => {
  it("names the variable and where it was used", async () => {
    expect(await e.error(`
(define (f)
  (+ 1
     undefined-thing))
(f)`)).toBe("test.scm:4:6: unbound variable: undefined-thing");
  });

  it("names the variable of a set! that has no definition", async () => {
    expect(await e.error(`
(list 1
  (set! never-defined 5))`)).toBe("test.scm:3:3: set!: unbound variable: never-defined");
  });
});

describe("wrong numbers of arguments", () => {
  it("names a user procedure and gives both counts", async () => {
    expect(await e.error(`
(define (f a b)
  (+ a b))
(list
  (f 1 2 3))`)).toBe("test.scm:5:3: f: expected 2 arguments, got 3");
    expect(await e.error(`
(list
  (f 1))`)).toBe("test.scm:3:3: f: expected 2 arguments, got 1");
  });

  it("says argument, not arguments, for a procedure of one", async () => {
    expect(await e.error(`
(define (one x) x)
(list
  (one))`)).toBe("test.scm:4:3: one: expected 1 argument, got 0");
  });

  it("names a primitive and gives its counts or its range", async () => {
    expect(await e.error(`
(list
  (cons 1))`)).toBe("test.scm:3:3: cons: expected 2 arguments, got 1");
    expect(await e.error(`
(list
  (car '(1) '(2)))`)).toBe("test.scm:3:3: car: expected 1 argument, got 2");
    expect(await e.error(`
(list
  (number->string))`)).toBe("test.scm:3:3: number->string: expected 1 to 2 arguments, got 0");
  });

  it("says at least for a procedure with rest arguments", async () => {
    expect(await e.error(`
(define (g a b . rest)
  (list a b rest))
(list
  (g 1))`)).toBe("test.scm:5:3: g: expected at least 2 arguments, got 1");
    expect(await e.error(`
(define (h a . rest) a)
(list
  (h))`)).toBe("test.scm:4:3: h: expected at least 1 argument, got 0");
    expect(await e.error(`
(list
  (max))`)).toBe("test.scm:3:3: max: expected at least 1 argument, got 0");
  });

  it("names a case-lambda and says that none of its clauses takes the count", async () => {
    expect(await e.error(`
(define area
  (case-lambda
    ((r) (* 3 r r))
    ((w h) (* w h))))
(list
  (area 1 2 3))`)).toBe("test.scm:7:3: area: no clause takes 3 arguments");
  });
});

describe("calling what is not a procedure", () => {
  it("shows the value that was called", async () => {
    expect(await e.error(`
(define x 5)
(list
  (x 1 2))`)).toBe("test.scm:4:3: not a procedure, got 5");
    expect(await e.error(`
(list
  ("text"))`)).toBe(`test.scm:3:3: not a procedure, got "text"`);
  });
});

describe("type and range errors of primitives", () => {
  it("says what car and cdr expected and what they got", async () => {
    expect(await e.error(`
(list
  (car '()))`)).toBe("test.scm:3:3: car: expected a pair, got ()");
    expect(await e.error(`
(list
  (cdr 5))`)).toBe("test.scm:3:3: cdr: expected a pair, got 5");
  });

  it("says what vector-ref expected, and which index is out of range", async () => {
    expect(await e.error(`
(list
  (vector-ref '(1 2) 0))`)).toBe("test.scm:3:3: vector-ref: expected a vector, got (1 2)");
    expect(await e.error(`
(list
  (vector-ref (vector 1 2) 'first))`)).toBe("test.scm:3:3: vector-ref: expected an exact integer, got first");
    expect(await e.error(`
(list
  (vector-ref (vector 1 2)
              2))`)).toBe("test.scm:3:3: vector-ref: index out of range: 2");
    expect(await e.error(`
(list
  (vector-ref (vector 1 2) -1))`)).toBe("test.scm:3:3: vector-ref: index out of range: -1");
  });

  it("reports string-ref, list-ref and arithmetic type errors the same way", async () => {
    expect(await e.error(`
(list
  (string-ref "abc" 3))`)).toBe("test.scm:3:3: string-ref: index out of range: 3");
    expect(await e.error(`
(list
  (list-ref '(a b) 5))`)).toBe("test.scm:3:3: list-ref: index out of range: 5");
    expect(await e.error(`
(list
  (+ 1 "2"))`)).toBe(`test.scm:3:3: +: expected a number, got "2"`);
  });
});

describe("mutators of immutable data (LANGUAGE.md \"Out\")", () => {
  const cases: [string, string][] = [
    ["(set-car! (list 1 2) 0)", "set-car!: pairs are immutable in Stasis; build a new list, or keep the changing part in a box"],
    ["(set-cdr! (list 1 2) '())", "set-cdr!: pairs are immutable in Stasis; build a new list, or keep the changing part in a box"],
    ["(list-set! (list 1 2) 0 'x)", "list-set!: lists are immutable in Stasis; build a new list, or keep the changing part in a box"],
    ["(string-set! (make-string 2 #\\a) 0 #\\b)", "string-set!: strings are immutable in Stasis; build a new string with string-append, substring or string-map"],
    ["(string-fill! (string #\\a) #\\b)", "string-fill!: strings are immutable in Stasis; make a filled string with make-string"],
    ["(string-copy! (make-string 2 #\\a) 0 \"bc\")", "string-copy!: strings are immutable in Stasis; build a new string with string-append, substring or string-copy"],
    ["(vector-set! (vector 1 2) 0 'x)", "vector-set!: vectors are immutable in Stasis; use vector-update for a new vector, or keep the changing part in a box"],
    ["(vector-fill! (make-vector 2 0) 1)", "vector-fill!: vectors are immutable in Stasis; use make-vector for a filled vector, or keep the changing part in a box"],
    ["(vector-copy! (make-vector 2 0) 0 (vector 1 2))", "vector-copy!: vectors are immutable in Stasis; use vector-copy or vector-append for a new vector, or keep the changing part in a box"],
    ["(bytevector-u8-set! (bytevector 1 2) 0 3)", "bytevector-u8-set!: bytevectors are immutable in Stasis; build a new bytevector, or keep the changing part in a box"],
    ["(bytevector-copy! (make-bytevector 2 0) 0 (bytevector 1 2))", "bytevector-copy!: bytevectors are immutable in Stasis; use bytevector-copy or bytevector-append for a new bytevector, or keep the changing part in a box"],
  ];

  it.each(cases)("%s says why and what to use instead", async (call, message) => {
    expect(await e.error(`\n(list\n  ${call})`)).toBe(`test.scm:3:3: ${message}`);
  });

  it("covers every mutator LANGUAGE.md lists", () => {
    expect(cases.map(([call]) => /^\(([^ ]+)/.exec(call)![1]).sort()).toEqual([
      "bytevector-copy!", "bytevector-u8-set!", "list-set!", "set-car!", "set-cdr!", "string-copy!", "string-fill!",
      "string-set!", "vector-copy!", "vector-fill!", "vector-set!",
    ]);
  });
});

describe("error and raise", () => {
  it("writes error's message, then its irritants as write shows them", async () => {
    expect(await e.error(`
(define (check x)
  (if (< x 0)
      (error "negative value" x "text" 'sym '(1 "two"))
      x))
(define (g)
  (let ((v (check -5)))
    v))
(g)`)).toBe(`test.scm:4:7: negative value: -5 "text" sym (1 "two")`);
  });

  it("does not double the colon of a message that ends with one", async () => {
    expect(await e.error(`
(list
  (error "bad thing:" 1 2))`)).toBe("test.scm:3:3: bad thing: 1 2");
  });

  it("places an error or raise that is a whole toplevel form at that form", async () => {
    expect(await e.error(`
(define x 1)
(error "plain")`)).toBe("test.scm:3:1: plain");
    expect(await e.error(`
(define x 1)
(raise 'oops)`)).toBe("test.scm:3:1: uncaught raise: oops");
  });

  it("writes error's message alone when there are no irritants", async () => {
    expect(await e.error(`
(list
  (error "nothing to add"))`)).toBe("test.scm:3:3: nothing to add");
  });

  it("reports an uncaught raise of a non-error object as an uncaught raise, written", async () => {
    expect(await e.error(`
(define (inner x)
  (raise (list x "two")))
(define (outer)
  (+ 1 (inner 1)))
(outer)`)).toBe(`test.scm:3:3: uncaught raise: (1 "two")`);
    expect(await e.error(`
(list
  (raise 'boom))`)).toBe("test.scm:3:3: uncaught raise: boom");
  });

  it("reports an uncaught raise-continuable the same way", async () => {
    expect(await e.error(`
(list
  (raise-continuable 42))`)).toBe("test.scm:3:3: uncaught raise: 42");
  });

  it("reports a handler that returns from raise", async () => {
    expect(await e.error(`
(list
  (with-exception-handler
    (lambda (c) 'ignored)
    (lambda () (raise 'oops))))`)).toBe("test.scm:5:16: raise: a handler returned from a non-continuable raise: oops");
  });

  it("reports an error raised inside a handler at the handler", async () => {
    expect(await e.error(`
(list
  (with-exception-handler
    (lambda (c) (car c))
    (lambda () (+ 1 (raise 5)))))`)).toBe("test.scm:4:17: car: expected a pair, got 5");
  });
});

describe("letrec", () => {
  it("names a variable used before its definition", async () => {
    expect(await e.error(`
(define (f)
  (letrec ((a (lambda () (+ b 1)))
           (b (a)))
    b))
(f)`)).toBe("test.scm:3:29: b: used before its definition");
    expect(await e.error(`
(list
  (letrec ((x y)
           (y 1))
    x))`)).toBe("test.scm:3:15: y: used before its definition");
  });
});

describe("backtraces", () => {
  it("shows the user's frames with procedure names and places, innermost first", async () => {
    expect(await e.report(`
(define (first-of x)
  (car x))
(define (firsts lists)
  (let ((result (map first-of lists)))
    result))
(list
  (firsts (list (list 1) 2)))`)).toBe(
      "stasis: test.scm:3:3: car: expected a pair, got 2\n" +
      "  in first-of (test.scm:3:3)\n" +
      "  in firsts (test.scm:5:17)\n" +
      "  in toplevel form (test.scm:8:3)\n");
  });

  it("leaves out the standard library's frames and JavaScript's", async () => {
    const lines = await reportLines(`
(define (visit x)
  (vector-ref x 0))
(list
  (for-each visit (list (vector 1) 2)))`);
    expect(lines).toEqual([
      "stasis: test.scm:3:3: vector-ref: expected a vector, got 2",
      "  in visit (test.scm:3:3)",
      "  in toplevel form (test.scm:5:3)",
    ]);
    expect(lines.join("\n")).not.toMatch(/library\/|\.ts|\.js|node:|at /);
  });

  it("places an error raised inside the standard library at the user's call into it", async () => {
    expect(await reportLines(`
(define (heads lists)
  (let ((result (map car lists)))
    result))
(list
  (heads (list (list 1) 2)))`)).toEqual([
      "stasis: test.scm:3:17: car: expected a pair, got 2",
      "  in heads (test.scm:3:17)",
      "  in toplevel form (test.scm:6:3)",
    ]);
    expect(await e.error(`
(list
  (let-values (((a b) (values 1))) a))`)).toBe("test.scm:3:16: let-values: expected 2 arguments, got 1");
  });

  it("shows the caller, not the callee, for a tail call that failed before entering it", async () => {
    expect(await e.report(`
(define (f a b)
  (+ a b))
(define (g x)
  (f x))
(list (g 1))`)).toBe(
      "stasis: test.scm:5:3: f: expected 2 arguments, got 1\n" +
      "  in g (test.scm:5:3)\n" +
      "  in toplevel form (test.scm:6:7)\n");
  });

  it("names an anonymous procedure as such", async () => {
    expect(await reportLines(`
(list
  ((lambda (x)
     (cdr x))
   7))`)).toEqual([
      "stasis: test.scm:4:6: cdr: expected a pair, got 7",
      "  in anonymous procedure (test.scm:4:6)",
      "  in toplevel form (test.scm:3:3)",
    ]);
  });

  it("stays short for an error 100,000 calls deep, and the message is right", async () => {
    const lines = await reportLines(`
(define (down n)
  (if (= n 0)
      (car '())
      (+ 1 (down (- n 1)))))
(down 100000)`);
    expect(lines[0]).toBe("stasis: test.scm:4:7: car: expected a pair, got ()");
    expect(lines[1]).toBe("  in down (test.scm:4:7)");
    expect(lines.slice(2, 12)).toEqual(Array(10).fill("  in down (test.scm:5:12)"));
    // The error line, at most a dozen frames and one line saying that there are more.
    expect(lines.length).toBeLessThanOrEqual(14);
    expect(lines[lines.length - 1]).toMatch(/more/);
  });
});

describe("running out of heap", () => {
  const SMALL_HEAP = 32 * 2 ** 20;

  it("is an error a program can catch with guard; the session goes on", async () => {
    const small = evaluator({ heapLimitBytes: SMALL_HEAP });
    expect(await small.value("(guard (e (#t 'caught)) (let loop ((l '())) (loop (cons 1 l))))")).toBe("caught");
    expect(await small.value("(+ 1 2)")).toBe("3");
  }, timeLimit(60_000));

  it("is one clear out-of-memory line when uncaught; the session goes on", async () => {
    const small = evaluator({ heapLimitBytes: SMALL_HEAP });
    expect(await small.error(`
(define (grow)
  (let loop ((l '()))
    (loop (cons 1 l))))
(grow)`)).toBe("test.scm:4:11: out of memory: the heap reached its limit of 32 MiB");
    expect(await small.value("(+ 1 2)")).toBe("3");
  }, timeLimit(60_000));
});

describe("the backtrace of a deep recursion", () => {
  it("shows a dozen frames and counts the rest", async () => {
    const report = await e.report("(define (down n) (if (= n 0) (car 5) (+ 1 (down (- n 1)))))\n(down 100)");
    const lines = report.trim().split("\n");
    expect(lines[0]).toBe("stasis: test.scm:1:30: car: expected a pair, got 5");
    expect(lines.slice(1, 13).every((l) => l === "  in down (test.scm:1:30)" || l === "  in down (test.scm:1:43)")).toBe(true);
    expect(lines[lines.length - 1]).toBe("  ... and 90 more frames");
  });
});

describe("parameterize of something that is not a parameter", () => {
  it("is an error naming parameterize, at the form", async () => {
    expect(await e.error("(list\n  (parameterize ((car 1)) 1))")).toBe("test.scm:2:3: parameterize: expected a parameter object, got #<procedure car>");
  });
});

describe("an interrupted run", () => {
  it("leaves its dynamic extents: parameters are back to their toplevel values", async () => {
    const fresh = evaluator();
    await fresh.value("(define depth (make-parameter 0))");
    const run = fresh.session.evaluateProgram(fresh.session.readProgram("(parameterize ((depth 1)) (let loop () (loop)))", "test.scm"));
    setTimeout(() => {
      fresh.session.machine.interruptRequested = true;
    }, 50);
    // At the place in the form where it was, or with no place if it came before the form began.
    expect(await run).toMatchObject({ kind: "error", message: expect.stringMatching(/^(test\.scm:\d+:\d+: )?interrupted$/) });
    expect(await fresh.value("(depth)")).toBe("0");
  });
});
