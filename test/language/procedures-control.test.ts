// R7RS 6.10 (control features), 6.11 (exceptions), 6.12 (eval), and the procedures of
// (scheme lazy) and make-parameter, through the evaluator: the report's examples, with full
// re-entrant continuations (LANGUAGE.md "In").
import { evaluator } from "./support";

const e = evaluator();

/** Evaluates each source in turn (one session) and expects the written value beside it. */
async function examples(rows: readonly (readonly [string, string])[]): Promise<void> {
  const actual: (readonly [string, string])[] = [];
  for (const [source] of rows) actual.push([source, await e.value(source)]);
  expect(actual).toEqual(rows);
}

describe("R7RS 6.10 control features", () => {
  it("procedure? (the report's examples, and every kind of procedure)", async () => {
    await examples([
      ["(procedure? car)", "#t"],
      ["(procedure? 'car)", "#f"],
      ["(procedure? (lambda (x) (* x x)))", "#t"],
      ["(procedure? '(lambda (x) (* x x)))", "#f"],
      ["(call-with-current-continuation procedure?)", "#t"],
      ["(procedure? (case-lambda ((x) x) ((x y) y)))", "#t"],
      ["(procedure? (make-parameter 1))", "#t"],
    ]);
  });

  it("apply spreads its last argument after the others (the report's examples)", async () => {
    await e.value("(define compose (lambda (f g) (lambda args (f (apply g args)))))");
    await examples([
      ["(apply + (list 3 4))", "7"],
      ["((compose sqrt *) 12 75)", "30"],
      ["(apply + 1 2 '(3 4))", "10"],
      ["(apply list '())", "()"],
      ["(apply max 1 '(5 2))", "5"],
    ]);
  });

  it("apply's last argument must be a list", async () => {
    expect(await e.error("(apply + 1)")).toBe("test.scm:1:1: apply: expected a proper list, got 1");
  });

  it("map with one and several lists, stopping at the shortest (the report's examples)", async () => {
    await examples([
      ["(map cadr '((a b) (d e) (g h)))", "(b e h)"],
      ["(map (lambda (n) (expt n n)) '(1 2 3 4 5))", "(1 4 27 256 3125)"],
      ["(map + '(1 2 3) '(10 20 30))", "(11 22 33)"],
      ["(map + '(1 2) '(10 20 30))", "(11 22)"],
      ["(map (lambda (x y z) (+ x y z)) '(1 2) '(1 2 3) '(1))", "(3)"],
      [`(let ((count 0))
          (map (lambda (ignored) (set! count (+ count 1)) count) '(a b)))`, "(1 2)"],
    ]);
  });

  it("for-each calls its procedure in order, with one and several lists", async () => {
    await examples([
      [`(let ((acc '()))
          (for-each (lambda (i) (set! acc (cons (* i i) acc))) '(0 1 2 3 4))
          acc)`, "(16 9 4 1 0)"],
      [`(let ((acc '()))
          (for-each (lambda (a b) (set! acc (cons (list a b) acc))) '(1 2 3) '(x y))
          acc)`, "((2 y) (1 x))"],
    ]);
  });

  it("map and for-each of something that is not a proper list are type errors", async () => {
    expect(await e.error("(map car 5)")).toMatch(/map: expected a proper list, got 5$/);
    expect(await e.error("(map (lambda (x) x) '(1 2 . 3))")).toMatch(/map: expected a proper list, got \(1 2 \. 3\)$/);
    expect(await e.error("(for-each display 5)")).toMatch(/for-each: expected a proper list, got 5$/);
  });

  it("string-map and vector-map are the string and vector versions of map", async () => {
    await examples([
      ['(string-map char-upcase "abc")', '"ABC"'],
      ["(vector-map (lambda (x) (* x x)) #(1 2 3))", "#(1 4 9)"],
    ]);
  });

  it("call/cc escapes from a loop (the report's examples)", async () => {
    await e.value(`(define list-length
                     (lambda (obj)
                       (call-with-current-continuation
                         (lambda (return)
                           (letrec ((r (lambda (obj)
                                         (cond ((null? obj) 0)
                                               ((pair? obj) (+ (r (cdr obj)) 1))
                                               (else (return #f))))))
                             (r obj))))))`);
    await examples([
      [`(call-with-current-continuation
          (lambda (exit)
            (for-each (lambda (x) (if (negative? x) (exit x))) '(54 0 37 -3 245 19))
            #t))`, "-3"],
      ["(list-length '(1 2 3 4))", "4"],
      ["(list-length '(a b . c))", "#f"],
    ]);
  });

  it("a continuation can be re-entered after its call/cc has returned", async () => {
    expect(await e.value(`(let ((k #f) (n 0))
                            (let ((v (call/cc (lambda (c) (set! k c) 1))))
                              (set! n (+ n v))
                              (if (< n 5) (k 1) n)))`)).toBe("5");
  });

  it("continuations make generators: each resumes the loop where it left off", async () => {
    await e.value(`(define (make-generator items)
                     (define return #f)
                     (define resume #f)
                     (lambda ()
                       (call/cc
                        (lambda (r)
                          (set! return r)
                          (if resume
                              (resume #f)
                              (begin
                                (for-each (lambda (x) (call/cc (lambda (k) (set! resume k) (return x)))) items)
                                (return 'done)))))))`);
    expect(await e.value("(let ((g (make-generator '(a b c)))) (list (g) (g) (g) (g)))")).toBe("(a b c done)");
  });

  it("values and call-with-values (the report's examples)", async () => {
    await examples([
      ["(call-with-values (lambda () (values 4 5)) (lambda (a b) b))", "5"],
      ["(call-with-values * -)", "-1"],
      ["(call-with-values (lambda () (values)) list)", "()"],
      ["(call-with-values (lambda () 1) list)", "(1)"],
      ["(+ 1 (values 2))", "3"],
    ]);
  });

  it("dynamic-wind runs before and after thunks each time a continuation crosses it (the report's example)", async () => {
    expect(await e.value(`(let ((path '())
                                (c #f))
                            (let ((add (lambda (s) (set! path (cons s path)))))
                              (dynamic-wind
                                (lambda () (add 'connect))
                                (lambda ()
                                  (add (call-with-current-continuation
                                         (lambda (c0) (set! c c0) 'talk1))))
                                (lambda () (add 'disconnect)))
                              (if (< (length path) 4)
                                  (c 'talk2)
                                  (reverse path))))`)).toBe("(connect talk1 disconnect connect talk2 disconnect)");
  });

  it("dynamic-wind returns all the values of its thunk", async () => {
    expect(await e.value(`(call-with-values
                            (lambda () (dynamic-wind (lambda () #f) (lambda () (values 1 2)) (lambda () #f)))
                            list)`)).toBe("(1 2)");
  });

  it("an escape from dynamic-wind's thunk runs the after thunk", async () => {
    expect(await e.value(`(let ((log '()))
                            (call/cc
                              (lambda (k)
                                (dynamic-wind
                                  (lambda () (set! log (cons 'in log)))
                                  (lambda () (k 'escaped))
                                  (lambda () (set! log (cons 'out log))))))
                            (reverse log))`)).toBe("(in out)");
  });
});

describe("R7RS 4.2.5 and 4.2.6: the procedures of (scheme lazy), and make-parameter", () => {
  it("force evaluates a promise once; force of a non-promise returns it", async () => {
    expect(await e.output("(let ((p (delay (begin (display \"once \") 42)))) (force p) (force p))")).toBe("once ");
    await examples([
      ["(let ((p (delay (+ 1 2)))) (list (force p) (force p)))", "(3 3)"],
      ["(promise? (delay 1))", "#t"],
      ["(promise? 1)", "#f"],
      ["(force 5)", "5"],
    ]);
  });

  it("make-promise wraps a value, and returns a promise as it is", async () => {
    await examples([
      ["(let ((p (make-promise 3))) (list (promise? p) (force p)))", "(#t 3)"],
      ["(let ((p (delay 1))) (eq? p (make-promise p)))", "#t"],
    ]);
  });

  it("streams of delayed pairs (the report's integers and stream-filter)", async () => {
    await e.value(`(define integers
                     (letrec ((next (lambda (n) (delay (cons n (next (+ n 1)))))))
                       (next 0)))`);
    await e.value("(define (head stream) (car (force stream)))");
    await e.value("(define (tail stream) (cdr (force stream)))");
    await e.value(`(define (stream-filter p? s)
                     (delay-force
                      (if (null? (force s))
                          (delay '())
                          (let ((h (car (force s)))
                                (t (cdr (force s))))
                            (if (p? h)
                                (delay (cons h (stream-filter p? t)))
                                (stream-filter p? t))))))`);
    await examples([
      ["(head (tail (tail integers)))", "2"],
      ["(head (tail (tail (stream-filter odd? integers))))", "5"],
    ]);
  });

  it("a promise that forces itself keeps the first value (the report's count example)", async () => {
    // The report's `count`, renamed so as not to redefine SRFI-1's count in this session.
    await e.value("(define times 0)");
    await e.value(`(define p
                     (delay (begin (set! times (+ times 1))
                                   (if (> times x)
                                       times
                                       (force p)))))`);
    await e.value("(define x 5)");
    expect(await e.value("(list (force p) (begin (set! x 10) (force p)))")).toBe("(6 6)");
  });

  it("delay-force chains run in constant space", async () => {
    await e.value("(define (loop n) (delay-force (if (= n 0) (delay 'done) (loop (- n 1)))))");
    expect(await e.value("(force (loop 100000))")).toBe("done");
  });

  it("make-parameter applies its converter to the initial and the parameterized values", async () => {
    expect(await e.value(`(let ((p (make-parameter 10 (lambda (x) (* x 2)))))
                            (list (p) (parameterize ((p 3)) (p)) (p)))`)).toBe("(20 6 20)");
  });
});

describe("R7RS 6.11 exceptions", () => {
  it("error makes an error object with a message and irritants", async () => {
    await examples([
      ['(error-object? (guard (e (#t e)) (error "boom" 1 2)))', "#t"],
      [`(guard (e (#t (list (error-object-message e) (error-object-irritants e))))
          (error "boom" 1 "two" 'three))`, '("boom" (1 "two" three))'],
      ["(error-object? 'x)", "#f"],
    ]);
  });

  it("the errors Stasis detects are error objects too", async () => {
    await examples([
      ["(guard (e (#t (list (error-object? e) (error-object-message e) (error-object-irritants e)))) (car 1))",
        '(#t "car: expected a pair" (1))'],
      ["(guard (e (#t (list (error-object-message e) (error-object-irritants e)))) (vector-ref #(1) 5))",
        '("vector-ref: index out of range" (5))'],
    ]);
  });

  it("with-exception-handler and raise-continuable: the handler's value returns to the raise (the report's example)", async () => {
    const source = `(with-exception-handler
                      (lambda (con)
                        (cond
                          ((string? con) (display con))
                          (else (display "a warning has been issued")))
                        42)
                      (lambda ()
                        (+ (raise-continuable "should be a number") 23)))`;
    expect(await e.output(source)).toBe("should be a number");
    expect(await e.value(source)).toBe("65");
  });

  it("raise of any object reaches the handler, which may escape (the report's example)", async () => {
    const source = `(call-with-current-continuation
                      (lambda (k)
                        (with-exception-handler
                          (lambda (e) (display "condition: ") (write e) (newline) (k 'exception))
                          (lambda () (+ 1 (raise 'an-error))))))`;
    expect(await e.output(source)).toBe("condition: an-error\n");
    expect(await e.value(source)).toBe("exception");
  });

  it("a handler that returns from a non-continuable raise is a secondary error", async () => {
    expect(await e.error("(with-exception-handler (lambda (e) 0) (lambda () (+ 1 (raise 'oops))))")).toBe(
      "test.scm:1:56: raise: a handler returned from a non-continuable raise: oops");
  });

  it("an uncaught raise of a non-error object names the object", async () => {
    expect(await e.error("(raise 'some-symbol)")).toMatch(/uncaught raise: some-symbol$/);
    expect(await e.error("(raise (list 1 2))")).toMatch(/uncaught raise: \(1 2\)$/);
  });

  it("guard clauses test the raised object, with => and without an else", async () => {
    await examples([
      ["(guard (e ((symbol? e) (list 'sym e)) ((string? e) (list 'str e))) (raise 'an-error))", "(sym an-error)"],
      ["(guard (e ((assq 'a e) => cdr) ((assq 'b e))) (raise (list (cons 'a 42))))", "42"],
      ["(guard (e ((assq 'a e) => cdr) ((assq 'b e))) (raise (list (cons 'b 23))))", "(b . 23)"],
      ["(guard (e ((string? e) e)) (+ 1 (guard (e2 ((number? e2) e2)) (raise \"inner\"))))", '"inner"'],
    ]);
  });

  it("a guard with no matching clause raises again, continuably, to the outer handler", async () => {
    expect(await e.value(`(with-exception-handler
                            (lambda (e) 10)
                            (lambda () (guard (e2 ((string? e2) 'str)) (+ 1 (raise-continuable 5)))))`)).toBe("11");
    expect(await e.error("(guard (e (#f 'no)) (raise 'x))")).toMatch(/uncaught raise: x$/);
  });

  it("read-error? is true of what read raises on bad input", async () => {
    await examples([
      ['(guard (e ((read-error? e) (error-object? e))) (read (open-input-string "(")))', "#t"],
      ['(guard (e ((read-error? e) \'read-error)) (read (open-input-string ")")))', "read-error"],
      ["(read-error? (guard (e (#t e)) (error \"x\")))", "#f"],
      ["(read-error? 1)", "#f"],
    ]);
  });

  it("file-error? is true of what opening a missing file raises", async () => {
    await examples([
      ['(guard (e ((file-error? e) (error-object? e))) (open-input-file "/nonexistent/stasis/x.txt"))', "#t"],
      ["(file-error? (guard (e (#t e)) (car 1)))", "#f"],
      ["(file-error? 'x)", "#f"],
    ]);
  });
});

describe("R7RS 6.12 environments and evaluation", () => {
  it("eval in the environment of (scheme base) and in the interaction environment (the report's examples)", async () => {
    await examples([
      ["(eval '(* 7 3) (environment '(scheme base)))", "21"],
      ["(let ((f (eval '(lambda (f x) (f x x)) (environment '(scheme base))))) (f + 10))", "20"],
      ["(eval '(* 7 3) (interaction-environment))", "21"],
      ["(eval ''a (scheme-report-environment 5))", "a"],
      ["(eval '(if 1 2 3) (null-environment 5))", "2"],
    ]);
  });

  it("a definition evaluated in the interaction environment is a global definition", async () => {
    await e.value("(define xyz 5)");
    await examples([
      ["(eval 'xyz (interaction-environment))", "5"],
      ["(begin (eval '(define xyz 6) (interaction-environment)) xyz)", "6"],
    ]);
  });
});

describe("the library keeps its meaning when a user redefines a standard procedure (codegen G4)", () => {
  it("map still works after reverse is redefined", async () => {
    const f = evaluator();
    await f.value("(define (reverse l) 'oops)");
    expect(await f.value("(map (lambda (x) x) '(1 2 3))")).toBe("(1 2 3)");
  });

  it("let-values still works after call-with-values is redefined", async () => {
    const f = evaluator();
    await f.value("(define (call-with-values p c) 'oops)");
    expect(await f.value("(let-values (((a b) (values 1 2))) (list a b))")).toBe("(1 2)");
  });

  it("user code sees its own redefinition", async () => {
    const f = evaluator();
    await f.value("(define (reverse l) 'mine)");
    expect(await f.value("(reverse '(1 2))")).toBe("mine");
  });
});

describe("errors raised by the library are reported where user code called it", () => {
  it("(error ...) at toplevel has the form's position", async () => {
    expect(await e.error("(list 1)\n(error \"Something bad:\" 42)")).toBe("test.scm:2:1: Something bad: 42");
  });

  it("(error ...) in a procedure has the position of the call to error", async () => {
    expect(await e.error("(define (check x)\n  (if (< x 0) (error \"negative\" x) x))\n(check -1)")).toBe("test.scm:2:15: negative: -1");
  });

  it("a primitive failing inside a library procedure is reported at the user's call", async () => {
    expect(await e.error("(list 1)\n(vector-map car #(1))")).toBe("test.scm:2:1: car: expected a pair, got 1");
  });
});
