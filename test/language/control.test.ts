// Control (LANGUAGE.md "In"; R7RS 3.5, 4.2.7, 6.10, 6.11): proper tail calls in every tail
// position, recursion bounded by the heap rather than the JavaScript stack, re-entrant call/cc,
// dynamic-wind, the exception system and exit. The machine is runtime/machine.ts (M1-M6); the
// Lisp half is runtime/library/control.scm.

import { evaluator, timeLimit } from "./support";
import { runInProcess } from "../support/stasis";
import { PAGE_BYTES } from "../../runtime/layout";
import { NURSERY_BYTES_DEFAULT } from "../../runtime/heap";

const e = evaluator();

/** Pages in use in every space of the session's heap. */
function pagesInUse(): number {
  return e.session.world.heap.pagesPerSpace().reduce((sum, pages) => sum + pages, 0);
}

/**
 * Calls the global procedure `name` with no arguments straight from the host, so that reading
 * and compiling the call allocate nothing: its written value and the heap pages in use before
 * and after the call.
 */
async function measure(name: string): Promise<{ value: string; before: number; after: number }> {
  const before = pagesInUse();
  const result = await e.session.run(e.session.global(name), []);
  if (result.kind !== "value") throw new Error(`(${name}) ended with ${result.kind === "error" ? result.message : `exit ${result.code}`}`);
  return { value: e.session.show(result.value) ?? "#<unspecified>", before, after: pagesInUse() };
}

const LONG = timeLimit(60_000);

describe("proper tail calls (R7RS 3.5)", () => {
  it("runs a 10,000,000-iteration named let in constant heap", async () => {
    await e.value("(define (count-to-10m) (let loop ((i 0)) (if (< i 10000000) (loop (+ i 1)) i)))");
    const m = await measure("count-to-10m");
    expect(m.value).toBe("10000000");
    expect(m.after).toBe(m.before);
  }, LONG);

  it("runs mutually recursive even?/odd? 1,000,000 deep in constant heap", async () => {
    await e.value(`
      (define (my-even? n) (if (= n 0) #t (my-odd? (- n 1))))
      (define (my-odd? n) (if (= n 0) #f (my-even? (- n 1))))
      (define (parities) (list (my-even? 1000000) (my-odd? 1000000) (my-odd? 1000001)))`);
    const m = await measure("parities");
    expect(m.value).toBe("(#t #f #t)");
    expect(m.after).toBe(m.before);
  }, LONG);

  it("makes apply in tail position a tail call", async () => {
    await e.value(`
      (define (count-down-apply n) (if (= n 0) 'done (apply count-down-apply (- n 1) '())))
      (define (apply-loop) (count-down-apply 1000000))`);
    const m = await measure("apply-loop");
    expect(m.value).toBe("done");
    expect(m.after).toBe(m.before);
  }, LONG);

  it("makes the receiver of a cond => clause a tail call", async () => {
    await e.value(`
      (define (count-down-cond n) (cond ((and (> n 0) (- n 1)) => count-down-cond) (else 'done)))
      (define (cond-loop) (count-down-cond 1000000))`);
    const m = await measure("cond-loop");
    expect(m.value).toBe("done");
    expect(m.after).toBe(m.before);
  }, LONG);

  it("calls call/cc's receiver in tail position (R7RS 6.10): a loop through call/cc in tail position runs in constant space", async () => {
    await e.value(`
      (define (through-call/cc n) (if (= n 0) 'done (call/cc (lambda (k) (through-call/cc (- n 1))))))
      (define (call/cc-loop) (through-call/cc 2000000))`);
    const m = await measure("call/cc-loop");
    expect(m.value).toBe("done");
    // Each iteration's continuation is garbage at once: at most a nursery's worth is left, where
    // a chain of 2,000,000 continuations would hold over 80 MB.
    expect((m.after - m.before) * PAGE_BYTES).toBeLessThanOrEqual(NURSERY_BYTES_DEFAULT + 4 * PAGE_BYTES);
    expect(await e.value("(define (f n) (if (= n 0) 'done (call/cc (lambda (k) (f (- n 1)))))) (f 100000)")).toBe("done");
  }, LONG);

  it("makes the last expression of and and of or a tail call", async () => {
    await e.value(`
      (define (count-down-and-or n) (or (= n 0) (and (> n 0) (count-down-and-or (- n 1)))))
      (define (and-or-loop) (count-down-and-or 1000000))`);
    const m = await measure("and-or-loop");
    expect(m.value).toBe("#t");
    expect(m.after).toBe(m.before);
  }, LONG);

  it("makes the last expression of when and of unless a tail call", async () => {
    await e.value(`
      (define (count-down-when n) (when (> n 0) (count-down-unless (- n 1))))
      (define (count-down-unless n) (unless (= n 0) (count-down-when (- n 1))))
      (define (when-loop) (count-down-when 1000000) 'done)`);
    const m = await measure("when-loop");
    expect(m.value).toBe("done");
    expect(m.after).toBe(m.before);
  }, LONG);

  it("makes the last expression of a case clause, and a case => receiver, a tail call", async () => {
    await e.value(`
      (define (count-down-case n)
        (case (remainder n 2)
          ((0) (if (= n 0) 'done (count-down-case (- n 1))))
          (else (count-down-case-odd n))))
      (define (count-down-case-odd n)
        (case n ((0) 'unreachable) (else => count-down-case-step)))
      (define (count-down-case-step n) (count-down-case (- n 1)))
      (define (case-loop) (count-down-case 1000000))`);
    const m = await measure("case-loop");
    expect(m.value).toBe("done");
    expect(m.after).toBe(m.before);
  }, LONG);

  it("runs a 10,000,000-iteration do loop in constant heap", async () => {
    await e.value("(define (do-10m) (do ((i 0 (+ i 1)) (sum 0 (+ sum 2))) ((= i 10000000) sum)))");
    const m = await measure("do-10m");
    expect(m.value).toBe("20000000");
    expect(m.after).toBe(m.before);
  }, LONG);

  it("makes the result expression of do a tail call: a million nested entries run in a small heap", async () => {
    // A frame kept per entry would take tens of megabytes for a million entries; the 32 MiB
    // heap, most of it the nursery and what promotion needs, would run out.
    const small = evaluator({ heapLimitBytes: 32 * 2 ** 20 });
    expect(await small.value(`
      (define (do-recursive n) (do ((i 0 (+ i 1))) ((= i 1) (if (= n 0) 'done (do-recursive (- n 1))))))
      (do-recursive 1000000)`)).toBe("done");
  }, LONG);
});

describe("deep recursion, bounded by the heap (M2)", () => {
  it("returns through 1,000,000 non-tail frames (LANGUAGE.md's example)", async () => {
    expect(await e.value("(define (f n) (if (= n 0) 0 (+ 1 (f (- n 1))))) (f 1000000)")).toBe("1000000");
  }, LONG);

  it("builds a 1,000,000-element list with a naive recursive map", async () => {
    expect(await e.value(`
      (define (naive-map f l) (if (null? l) '() (cons (f (car l)) (naive-map f (cdr l)))))
      (define (naive-iota n) (if (= n 0) '() (cons n (naive-iota (- n 1)))))
      (define squares (naive-map (lambda (x) (* x x)) (naive-iota 1000000)))
      (list (length squares) (car squares) (list-ref squares 999998) (list-ref squares 999999))`)).toBe("(1000000 1000000000000 4 1)");
  }, LONG);

  it("escapes from the bottom of a 100,000-deep recursion with a continuation", async () => {
    expect(await e.value(`
      (call/cc
        (lambda (k)
          (define (deep n) (if (= n 0) (k 'escaped) (+ 1 (deep (- n 1)))))
          (deep 100000)))`)).toBe("escaped");
  }, LONG);
});

describe("call/cc (R7RS 6.10)", () => {
  it("escapes from a loop", async () => {
    expect(await e.value("(call/cc (lambda (break) (let loop ((i 0)) (if (= i 1000) (break i) (loop (+ i 1))))))")).toBe("1000");
    expect(await e.value(`
      (call-with-current-continuation
        (lambda (exit)
          (for-each (lambda (x) (if (negative? x) (exit x))) '(54 0 37 -3 245 19))
          #t))`)).toBe("-3");
  });

  it("abandons the rest of the computation it escapes from", async () => {
    expect(await e.value("(+ 1 (call/cc (lambda (k) (+ 10 (k 5)))))")).toBe("6");
  });

  it("returns normally when the receiver returns", async () => {
    expect(await e.value("(+ 1 (call/cc (lambda (k) 41)))")).toBe("42");
  });

  it("re-enters a continuation several times within one evaluation", async () => {
    // The classic (+ 1 (call/cc ...)) re-entered twice; the counter in a box survives re-entry.
    expect(await e.value(`
      (let ((r #f) (entries (box 0)))
        (let ((v (+ 1 (call/cc (lambda (k) (set! r k) 1)))))
          (set-box! entries (+ (unbox entries) 1))
          (if (< (unbox entries) 3)
              (r (* 10 (unbox entries)))
              (list v (unbox entries)))))`)).toBe("(21 3)");
  });

  it("re-enters a toplevel form of a program: the rest of that form runs, then the forms after the one that invoked it (Racket, Guile, Chez)", async () => {
    expect(await e.output(`
      (define r #f)
      (define passes 0)
      (display (+ 1 (call/cc (lambda (k) (set! r k) 1))))
      (set! passes (+ passes 1))
      (if (< passes 3) (r (* 10 passes)))
      (display " end")`)).toBe("211 end");
  });

  it("makes a generator: a tree walker that resumes where it left off", async () => {
    await e.value(`
      (define (tree-walker tree)
        (define return #f)
        (define resume #f)
        (define (walk t)
          (cond ((null? t) 'skip)
                ((pair? t) (walk (car t)) (walk (cdr t)))
                (else (call/cc (lambda (here) (set! resume here) (return t))))))
        (lambda ()
          (call/cc
            (lambda (caller)
              (set! return caller)
              (if resume
                  (resume 'go-on)
                  (begin (walk tree) (set! resume (lambda (ignored) (return 'done))) (return 'done)))))))
      (define (leaves tree)
        (let ((next (tree-walker tree)))
          (let loop ((acc '()))
            (let ((leaf (next)))
              (if (eq? leaf 'done) (reverse acc) (loop (cons leaf acc)))))))
      (define (same-fringe? a b)
        (let ((next-a (tree-walker a)) (next-b (tree-walker b)))
          (let loop ()
            (let ((x (next-a)) (y (next-b)))
              (cond ((not (eqv? x y)) #f)
                    ((eq? x 'done) #t)
                    (else (loop)))))))`);
    expect(await e.value("(leaves '((a b) (c (d)) () e))")).toBe("(a b c d e)");
    expect(await e.value("(list (same-fringe? '(1 (2 3)) '((1 2) 3)) (same-fringe? '(1 (2 3)) '((1 2) 4)))")).toBe("(#t #f)");
  });

  it("runs two coroutines that hand control back and forth", async () => {
    expect(await e.value(`
      (let ((trail '()) (ping-k #f) (pong-k #f))
        (define (note x) (set! trail (cons x trail)))
        (define (ping)
          (let loop ((i 0))
            (when (< i 3)
              (note (list 'ping i))
              (call/cc (lambda (k) (set! ping-k k) (if pong-k (pong-k #f) (pong))))
              (loop (+ i 1)))))
        (define (pong)
          (let loop ((i 0))
            (note (list 'pong i))
            (call/cc (lambda (k) (set! pong-k k) (ping-k #f)))
            (loop (+ i 1))))
        (ping)
        (reverse trail))`)).toBe("((ping 0) (pong 0) (ping 1) (pong 1) (ping 2) (pong 2))");
  });

  it("captures a continuation 100,000 frames deep and resumes it more than once", async () => {
    expect(await e.value(`
      (let ((k #f) (resumed 0))
        (define (deep n)
          (if (= n 0)
              (call/cc (lambda (c) (set! k c) 0))
              (+ 1 (deep (- n 1)))))
        (let ((v (deep 100000)))
          (set! resumed (+ resumed 1))
          (if (< resumed 3)
              (k (* resumed 1000))
              (list v resumed))))`)).toBe("(102000 3)");
  }, LONG);

  it("passes several values to a continuation that takes several (R7RS 6.10)", async () => {
    expect(await e.value("(call-with-values (lambda () (call/cc (lambda (k) (k 1 2 3)))) list)")).toBe("(1 2 3)");
    expect(await e.value("(call-with-values (lambda () (call/cc (lambda (k) (values 'a 'b)))) list)")).toBe("(a b)");
    expect(await e.value("(call-with-values (lambda () (call/cc (lambda (k) (k)))) list)")).toBe("()");
  });

  it("is also called call-with-current-continuation", async () => {
    expect(await e.value("(eq? call/cc call-with-current-continuation)")).toBe("#t");
  });
});

describe("dynamic-wind (R7RS 6.10)", () => {
  it("runs R7RS's connect/talk/disconnect example", async () => {
    expect(await e.value(`
      (let ((path '())
            (c #f))
        (let ((add (lambda (s) (set! path (cons s path)))))
          (dynamic-wind
            (lambda () (add 'connect))
            (lambda () (add (call-with-current-continuation (lambda (c0) (set! c c0) 'talk1))))
            (lambda () (add 'disconnect)))
          (if (< (length path) 4)
              (c 'talk2)
              (reverse path))))`)).toBe("(connect talk1 disconnect connect talk2 disconnect)");
  });

  it("runs before, the thunk and after in order, and returns the thunk's values", async () => {
    expect(await e.output(`(display (dynamic-wind (lambda () (display "[before]")) (lambda () "value") (lambda () (display "[after]"))))`))
      .toBe("[before][after]value");
    expect(await e.value("(call-with-values (lambda () (dynamic-wind (lambda () #f) (lambda () (values 1 2)) (lambda () #f))) list)"))
      .toBe("(1 2)");
  });

  it("runs the after thunks, innermost first, when a continuation escapes", async () => {
    expect(await e.value(`
      (let ((trail '()))
        (define (note x) (set! trail (cons x trail)))
        (list
          (call/cc
            (lambda (k)
              (dynamic-wind
                (lambda () (note 'in1))
                (lambda ()
                  (dynamic-wind
                    (lambda () (note 'in2))
                    (lambda () (k 'escaped) (note 'not-reached))
                    (lambda () (note 'out2))))
                (lambda () (note 'out1)))))
          (reverse trail)))`)).toBe("(escaped (in1 in2 out2 out1))");
  });

  it("runs the before thunks, outermost first, when a continuation re-enters", async () => {
    expect(await e.value(`
      (let ((trail '()) (k #f) (passes 0))
        (define (note x) (set! trail (cons x trail)))
        (dynamic-wind
          (lambda () (note 'in1))
          (lambda ()
            (dynamic-wind
              (lambda () (note 'in2))
              (lambda () (call/cc (lambda (c) (set! k c))) (note 'body))
              (lambda () (note 'out2))))
          (lambda () (note 'out1)))
        (set! passes (+ passes 1))
        (if (< passes 2) (k #f))
        (reverse trail))`)).toBe("(in1 in2 body out2 out1 in1 in2 body out2 out1)");
  });

  it("runs only the thunks between two extents when jumping between them", async () => {
    // From inside (a b) to inside (a c): a is shared, so only b is left and c entered.
    expect(await e.value(`
      (let ((trail '()) (into-c #f))
        (define (note x) (set! trail (cons x trail)))
        (define (wind name thunk) (dynamic-wind (lambda () (note (list 'in name))) thunk (lambda () (note (list 'out name)))))
        (wind 'a
          (lambda ()
            (when (call/cc (lambda (k) (set! into-c k) #f))
              (wind 'c (lambda () (note 'in-c-body))))
            (unless (memq 'in-c-body trail)
              (wind 'b (lambda () (into-c #t))))))
        (reverse trail))`)).toBe("((in a) (in b) (out b) (in c) in-c-body (out c) (out a))");
  });

  it("lets an after thunk escape in turn, to a continuation further out", async () => {
    expect(await e.value(`
      (let ((trail '()))
        (define (note x) (set! trail (cons x trail)))
        (list
          (call/cc
            (lambda (outer)
              (call/cc
                (lambda (inner)
                  (dynamic-wind
                    (lambda () (note 'in))
                    (lambda () (inner 'from-body))
                    (lambda () (note 'after) (outer 'from-after)))))))
          (reverse trail)))`)).toBe("(from-after (in after))");
  });

  it("leaves 100,000 nested extents with one escape from the innermost, innermost first", async () => {
    expect(await e.value(`
      (let ((left '()))
        (define (nest n k)
          (if (= n 0)
              (k 'escaped)
              (dynamic-wind
                (lambda () #f)
                (lambda () (nest (- n 1) k))
                (lambda () (set! left (cons n left))))))
        (let ((v (call/cc (lambda (k) (nest 100000 k)))))
          (list v (length left) (car left) (cadr left) (list-ref left 99999))))`)).toBe("(escaped 100000 100000 99999 1)");
  }, LONG);

  it("runs the after thunks when a guard takes an error out of the extent", async () => {
    expect(await e.value(`
      (let ((trail '()))
        (define (note x) (set! trail (cons x trail)))
        (list
          (guard (c (#t (note 'handled) 'caught))
            (dynamic-wind (lambda () (note 'in)) (lambda () (car '())) (lambda () (note 'out))))
          (reverse trail)))`)).toBe("(caught (in out handled))");
  });
});

describe("exceptions (R7RS 6.11)", () => {
  it("returns from raise-continuable with the handler's value (R7RS example)", async () => {
    expect(await e.value(`
      (with-exception-handler
        (lambda (con)
          (cond ((string? con) 10)
                (else 42)))
        (lambda ()
          (+ (raise-continuable "should be a number")
             23)))`)).toBe("33");
  });

  it("escapes from a handler through a continuation (R7RS example)", async () => {
    expect(await e.output(`
      (write
        (call-with-current-continuation
          (lambda (k)
            (with-exception-handler
              (lambda (e)
                (display "condition: ")
                (write e)
                (newline)
                (k 'exception))
              (lambda ()
                (+ 1 (raise 'an-error)))))))`)).toBe("condition: an-error\nexception");
  });

  it("makes a handler returning from raise a secondary error, raised to the outer handler", async () => {
    expect(await e.output(`
      (write
        (guard (c ((error-object? c) (list (error-object-message c) (error-object-irritants c))))
          (with-exception-handler
            (lambda (e) (display "something went wrong\n") 'ignored)
            (lambda () (+ 1 (raise 'an-error))))))`))
      .toBe(`something went wrong\n("raise: a handler returned from a non-continuable raise" (an-error))`);
  });

  it("runs a handler with the outer handlers installed, not itself", async () => {
    expect(await e.value(`
      (with-exception-handler
        (lambda (e) (list 'outer e))
        (lambda ()
          (with-exception-handler
            (lambda (e) (raise-continuable (list 'inner e)))
            (lambda () (raise-continuable 'x)))))`)).toBe("(outer (inner x))");
  });

  it("raises a handler's own error to the outer handler", async () => {
    expect(await e.value(`
      (guard (c ((error-object? c) (list (error-object-message c) (error-object-irritants c))))
        (with-exception-handler
          (lambda (e) (car e))
          (lambda () (raise 'not-a-pair))))`)).toBe(`("car: expected a pair" (not-a-pair))`);
    expect(await e.value(`
      (guard (c ((error-object? c) (error-object-message c)))
        (with-exception-handler
          (lambda (e) (vector-ref (vector) 0))
          (lambda () (raise-continuable 'x))))`)).toBe(`"vector-ref: index out of range"`);
  });

  it("runs guard's clauses like cond, => included (R7RS examples)", async () => {
    expect(await e.value(`
      (guard (condition
               ((assq 'a condition) => cdr)
               ((assq 'b condition)))
        (raise (list (cons 'a 42))))`)).toBe("42");
    expect(await e.value(`
      (guard (condition
               ((assq 'a condition) => cdr)
               ((assq 'b condition)))
        (raise (list (cons 'b 23))))`)).toBe("(b . 23)");
    expect(await e.value("(guard (c ((symbol? c) (list 'symbol c)) (else (list 'other c))) (raise 42))")).toBe("(other 42)");
  });

  it("returns the body's values from a guard when nothing is raised", async () => {
    expect(await e.value("(guard (c (#t 'never)) 'body)")).toBe("body");
    expect(await e.value("(call-with-values (lambda () (guard (c (#t 'never)) (values 1 2))) list)")).toBe("(1 2)");
  });

  it("re-raises to an outer guard when no clause of the inner one applies", async () => {
    expect(await e.value(`
      (guard (c ((string? c) (list 'outer c)))
        (guard (c ((number? c) (list 'inner c)))
          (raise "a string")))`)).toBe(`(outer "a string")`);
    expect(await e.value(`
      (guard (c ((string? c) (list 'outer c)))
        (guard (c ((number? c) (list 'inner c)))
          (raise 5)))`)).toBe("(inner 5)");
  });

  it("re-raises continuably, in the dynamic environment of the original raise", async () => {
    // The outer handler's value becomes the value of the raise-continuable in the guard's body,
    // and the extent the guard left is entered again for it.
    expect(await e.value(`
      (let ((trail '()))
        (define (note x) (set! trail (cons x trail)))
        (list
          (with-exception-handler
            (lambda (c) 10)
            (lambda ()
              (+ 1 (guard (c ((string? c) 'not-this))
                     (dynamic-wind
                       (lambda () (note 'in))
                       (lambda () (raise-continuable 'x))
                       (lambda () (note 'out)))))))
          (reverse trail)))`)).toBe("(11 (in out in out))");
  });

  it("returns normally through a guard at each of 100,000 levels of recursion", async () => {
    // Each guard's normal return jumps between two neighbouring extents; finding the extent they
    // share must not walk all 100,000 (that made this quadratic: over 30 seconds).
    expect(await e.value(`
      (define (guarded-depth n)
        (if (= n 0) 0 (+ 1 (guard (c (#t 'never)) (guarded-depth (- n 1))))))
      (guarded-depth 100000)`)).toBe("100000");
  }, timeLimit(15_000));

  it("lets a guard clause raise a new condition to an outer guard", async () => {
    expect(await e.value(`
      (guard (c (#t (list 'outer c)))
        (guard (c ((number? c) (raise (list 'rethrown c))))
          (raise 1)))`)).toBe("(outer (rethrown 1))");
  });

  it("catches the error of car of a non-pair as an error object", async () => {
    expect(await e.value(`
      (guard (c ((error-object? c) (list (error-object-message c) (error-object-irritants c))))
        (car 5))`)).toBe(`("car: expected a pair" (5))`);
  });

  it("makes error objects with error, and lets raise raise anything", async () => {
    expect(await e.value(`(guard (c (#t (list (error-object? c) (error-object-message c) (error-object-irritants c)))) (error "bad thing" 1 'two "three"))`))
      .toBe(`(#t "bad thing" (1 two "three"))`);
    expect(await e.value("(guard (c (#t (list (error-object? c) c))) (raise 'not-an-error-object))")).toBe("(#f not-an-error-object)");
  });

  it("rejects a handler that is not a procedure", async () => {
    expect(await e.value(`(guard (c ((error-object? c) (error-object-message c))) (with-exception-handler 5 (lambda () 1)))`))
      .toBe(`"with-exception-handler: expected a procedure"`);
  });
});

describe("an error no handler takes", () => {
  it("leaves the dynamic extents it was raised in, so that the next evaluation starts outside them", async () => {
    let written = "";
    const fresh = evaluator({ stdout: (t) => (written += t) });
    await fresh.value("(define depth (make-parameter 0))");
    expect(await fresh.error(`
(dynamic-wind
  (lambda () (display "in "))
  (lambda () (parameterize ((depth 1)) (car 5)))
  (lambda () (display "out")))`)).toBe("test.scm:4:40: car: expected a pair, got 5");
    expect(written).toBe("in out");
    expect(await fresh.value("(depth)")).toBe("0");
    // A later exit has no after thunk left to run.
    written = "";
    const exit = await fresh.session.evaluateProgram(fresh.session.readProgram("(exit 0)", "test.scm"));
    expect(exit).toEqual({ kind: "exit", code: 0 });
    expect(written).toBe("");
  });
});

describe("exit (R7RS 6.14)", () => {
  it("runs the after thunks of the extents it leaves, then exits with the status", async () => {
    expect(await runInProcess(["-e", `(dynamic-wind (lambda () #f) (lambda () (exit 3)) (lambda () (display "after")))`]))
      .toEqual({ code: 3, stdout: "after", stderr: "" });
  });

  it("runs nested after thunks innermost first", async () => {
    const r = await runInProcess(["-e", `
      (dynamic-wind
        (lambda () (display "in1 "))
        (lambda () (dynamic-wind (lambda () (display "in2 ")) (lambda () (exit 0)) (lambda () (display "out2 "))))
        (lambda () (display "out1")))`]);
    expect(r).toEqual({ code: 0, stdout: "in1 in2 out2 out1", stderr: "" });
  });

  it("leaves at once with emergency-exit, running no after thunks", async () => {
    expect(await runInProcess(["-e", `(dynamic-wind (lambda () #f) (lambda () (emergency-exit 5)) (lambda () (display "after")))`]))
      .toEqual({ code: 5, stdout: "", stderr: "" });
  });
});

describe("call/cc deep in a recursion is cheap (machine M2, M3)", () => {
  // A return into a deep segment copies back only a chunk of frames, so a capture right after
  // it copies that chunk, not the whole depth: 1000 captures at depth 100,000 take little heap.
  it("captures 1000 continuations at depth 100,000 in bounded heap", async () => {
    await e.value(`(define (spin count) (let loop ((i 0)) (if (< i count) (begin (call/cc (lambda (k) k)) (loop (+ i 1))) i)))
                   (define (deep n) (if (= n 0) (spin 1000) (+ 1 (deep (- n 1)))))`);
    const before = pagesInUse();
    expect(await e.value("(deep 100000)")).toBe("101000");
    expect(pagesInUse() - before).toBeLessThan(200);
  });
});
