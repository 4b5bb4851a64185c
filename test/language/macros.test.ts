// Macros: R7RS 4.3 (syntax-rules, let-syntax, letrec-syntax, define-syntax, syntax-error) and the
// Stasis extension define-macro with gensym. What hygiene guarantees is in hygiene.test.ts.
// Examples marked "R7RS" are the report's own.
import { evaluator } from "./support";

const e = evaluator();

describe("4.3.1 binding constructs for syntactic keywords", () => {
  it("let-syntax binds a macro in its body", async () => {
    expect(await e.value("(let-syntax ((double (syntax-rules () ((_ x) (* x 2))))) (double 21))")).toBe("42");
  });

  it("a let-syntax macro means what its free identifiers mean where it is defined (R7RS)", async () => {
    expect(await e.value(`
      (let ((x 'outer))
        (let-syntax ((m (syntax-rules () ((m) x))))
          (let ((x 'inner))
            (m))))`)).toBe("outer");
  });

  it("let-syntax's macros do not see each other; the outer binding is used", async () => {
    expect(await e.value(`
      (define-syntax f1 (syntax-rules () ((_) 'outer-f1)))
      (let-syntax ((f1 (syntax-rules () ((_) 'inner-f1)))
                   (g (syntax-rules () ((_) (f1)))))
        (g))`)).toBe("outer-f1");
  });

  it("letrec-syntax's macros see each other", async () => {
    expect(await e.value(`
      (letrec-syntax ((f1 (syntax-rules () ((_) 'inner-f1)))
                      (g (syntax-rules () ((_) (f1)))))
        (g))`)).toBe("inner-f1");
  });

  it("letrec-syntax binds a recursive macro that keeps hygiene (R7RS)", async () => {
    expect(await e.value(`
      (letrec-syntax
          ((my-or (syntax-rules ()
                    ((my-or) #f)
                    ((my-or e) e)
                    ((my-or e1 e2 ...)
                     (let ((temp e1))
                       (if temp
                           temp
                           (my-or e2 ...)))))))
        (let ((x #f)
              (y 7)
              (temp 8)
              (let odd?)
              (if even?))
          (my-or x
                 (let temp)
                 (if y)
                 y)))`)).toBe("7");
  });

  it("let-syntax's macros are not visible after its body", async () => {
    expect(await e.value("(let-syntax ((local-m (syntax-rules () ((_) 1)))) (local-m))")).toBe("1");
    expect(await e.error("(local-m)")).toBe("test.scm:1:2: unbound variable: local-m");
  });

  it("the body of let-syntax is a body: it may begin with definitions", async () => {
    expect(await e.value("(let-syntax () (define x 1) (+ x 1))")).toBe("2");
  });
});

describe("4.3.2 pattern language", () => {
  it("the keyword position of a pattern is ignored", async () => {
    expect(await e.value(`
      (define-syntax kw (syntax-rules () ((anything-at-all x) (list x))))
      (kw 2)`)).toBe("(2)");
  });

  it("the first rule that matches is used", async () => {
    expect(await e.value("(define-syntax first-wins (syntax-rules () ((_ x) 'first) ((_ x) 'second))) (first-wins 1)")).toBe("first");
  });

  it("rules are tried in order by shape", async () => {
    expect(await e.value(`
      (define-syntax shape
        (syntax-rules ()
          ((_) 'none)
          ((_ (a b)) 'pair-list)
          ((_ x) 'one)
          ((_ x y) 'two)))
      (list (shape) (shape (1 2)) (shape (1 2 3)) (shape 1 2))`)).toBe("(none pair-list one two)");
  });

  it("literals match only the same identifier", async () => {
    expect(await e.value(`
      (define-syntax my-if
        (syntax-rules (then else)
          ((_ c then t else f) (if c t f))))
      (list (my-if #t then 1 else 2) (my-if #f then 1 else 2))`)).toBe("(1 2)");
  });

  it("a use whose literal is another identifier matches no rule", async () => {
    expect(await e.error("(list\n  (my-if #t then 1 otherwise 2))")).toBe("test.scm:2:3: my-if: no syntax-rules pattern matches this use");
  });

  it("datum patterns match equal data", async () => {
    expect(await e.value(`
      (define-syntax pick
        (syntax-rules ()
          ((_ 1) 'one) ((_ "two") 'two) ((_ #t) 'true) ((_ #\\c) 'char) ((_ y) 'other)))
      (list (pick 1) (pick "two") (pick #t) (pick #\\c) (pick 2))`)).toBe("(one two true char other)");
  });

  it("_ matches anything and binds nothing", async () => {
    expect(await e.value("(define-syntax second (syntax-rules () ((_ _ x _) 'x))) (second 1 2 3)")).toBe("2");
  });

  it("_ in the literals is matched as a literal", async () => {
    expect(await e.value(`
      (define-syntax lit-under (syntax-rules (_) ((m _) 'underscore) ((m x) 'other)))
      (list (lit-under _) (lit-under 1))`)).toBe("(underscore other)");
  });

  it("an ellipsis matches zero or more forms", async () => {
    expect(await e.value(`
      (define-syntax my-list (syntax-rules () ((_ x ...) (list x ...))))
      (list (my-list) (my-list 1) (my-list 1 2 3))`)).toBe("(() (1) (1 2 3))");
  });

  it("an ellipsis may follow a non-final element: (a ... b c)", async () => {
    expect(await e.value(`
      (define-syntax ends (syntax-rules () ((_ a ... b c) '((a ...) b c))))
      (list (ends 1 2 3 4 5) (ends 1 2))`)).toBe("(((1 2 3) 4 5) (() 1 2))");
  });

  it("a use too short for the elements after an ellipsis matches no rule", async () => {
    expect(await e.error("(ends 1)")).toBe("test.scm:1:1: ends: no syntax-rules pattern matches this use");
  });

  it("an ellipsis may follow a literal", async () => {
    expect(await e.value(`
      (define-syntax keys (syntax-rules (key) ((_ key ...) 'all-keys) ((_ x ...) 'other)))
      (list (keys) (keys key key) (keys key x))`)).toBe("(all-keys all-keys other)");
  });

  it("a literal may follow an ellipsis", async () => {
    expect(await e.value(`
      (define-syntax arrow (syntax-rules (=>) ((_ a ... => b) '((a ...) b))))
      (arrow 1 2 => 3)`)).toBe("((1 2) 3)");
  });

  it("a dotted tail pattern matches the rest of the list", async () => {
    expect(await e.value(`
      (define-syntax dotted (syntax-rules () ((_ a . rest) '(a rest))))
      (list (dotted 1 2 3) (dotted 1))`)).toBe("((1 (2 3)) (1 ()))");
  });

  it("an ellipsis with a dotted tail matches the final cdr", async () => {
    expect(await e.value(`
      (define-syntax ell-dot (syntax-rules () ((_ a ... . r) '((a ...) r))))
      (list (ell-dot 1 2 . 3) (ell-dot 1 2))`)).toBe("(((1 2) 3) ((1 2) ()))");
  });

  it("a proper pattern does not match an improper use", async () => {
    expect(await e.error("(define-syntax two (syntax-rules () ((_ a b) 'two)))\n(two 1 . 2)")).toBe("test.scm:2:1: two: no syntax-rules pattern matches this use");
  });

  it("nested ellipses match nested sequences", async () => {
    expect(await e.value(`
      (define-syntax rotate-each (syntax-rules () ((_ (a b ...) ...) '((b ... a) ...))))
      (rotate-each (1 2 3) (4 5) (6))`)).toBe("((2 3 1) (5 4) (6))");
  });

  it("a template may follow a subtemplate with two ellipses to flatten it", async () => {
    expect(await e.value(`
      (define-syntax flatten (syntax-rules () ((_ (a ...) ...) '(a ... ...))))
      (flatten (1 2) () (3) (4 5 6))`)).toBe("(1 2 3 4 5 6)");
  });

  it("variables of different depths may share a subtemplate", async () => {
    expect(await e.value(`
      (define-syntax pairs (syntax-rules () ((_ (x y ...) ...) '((x y) ... ...))))
      (pairs (1 2 3) (4 5))`)).toBe("((1 2) (1 3) (4 5))");
  });

  it("variables under one ellipsis must have matched the same number of forms", async () => {
    expect(await e.value("(define-syntax zip (syntax-rules () ((_ (a ...) (b ...)) '((a b) ...)))) (zip (1 2) (3 4))")).toBe("((1 3) (2 4))");
    expect(await e.error("(zip (1 2)\n     (3))")).toBe("test.scm:1:1: zip: pattern variables under one ellipsis matched different numbers of forms");
  });

  it("vector patterns match vectors, with ellipses", async () => {
    expect(await e.value(`
      (define-syntax vec (syntax-rules () ((_ #(a b ...)) '(a (b ...)))))
      (define-syntax vec-last (syntax-rules () ((_ #(a ... z)) '(z a ...))))
      (list (vec #(1 2 3)) (vec-last #(1 2 3)))`)).toBe("((1 (2 3)) (3 1 2))");
  });

  it("a vector pattern does not match a list", async () => {
    expect(await e.error("(vec (1 2 3))")).toBe("test.scm:1:1: vec: no syntax-rules pattern matches this use");
  });

  it("vector templates build vectors", async () => {
    expect(await e.value("(define-syntax vt (syntax-rules () ((_ a ...) #(a ... end)))) (vt 1 2)")).toBe("#(1 2 end)");
  });

  it("a custom ellipsis replaces ... (R7RS)", async () => {
    expect(await e.value(`
      (define-syntax my-let*
        (syntax-rules ::: ()
          ((_ () body :::) (let () body :::))
          ((_ ((x v) rest :::) body :::) (let ((x v)) (my-let* (rest :::) body :::)))))
      (my-let* ((a 1) (b (+ a 1))) (list a b))`)).toBe("(1 2)");
  });

  it("with a custom ellipsis, ... is an ordinary identifier", async () => {
    expect(await e.value("(define-syntax dots (syntax-rules ::: () ((_ x ...) '(x ...)))) (dots 1 ...)")).toBe("(1 ...)");
  });

  it("... in the literals is matched as a literal", async () => {
    expect(await e.value("(define-syntax lit-dots (syntax-rules (...) ((m a ...) '(a)))) (lit-dots 1 ...)")).toBe("(1)");
  });

  it("(... ...) in a template is a literal ellipsis (R7RS)", async () => {
    expect(await e.value(`
      (define-syntax be-like-begin
        (syntax-rules ()
          ((be-like-begin name)
           (define-syntax name
             (syntax-rules ()
               ((name expr (... ...))
                (begin expr (... ...))))))))
      (be-like-begin sequence)
      (sequence 1 2 3 4)`)).toBe("4");
  });

  it("(... template) quotes every ellipsis in the template", async () => {
    expect(await e.value("(define-syntax esc (syntax-rules () ((_ a) '(... (a ...))))) (esc 1)")).toBe("(1 ...)");
  });

  it("a pattern variable under an ellipsis needs one in the template", async () => {
    expect(await e.error("(define-syntax m3 (syntax-rules () ((_ x ...) '(x))))\n(m3 1)")).toBe("test.scm:2:1: m3: pattern variable x needs an ellipsis after it in the template");
  });

  it("an ellipsis in a template must follow a repeating pattern variable", async () => {
    expect(await e.error("(define-syntax m2 (syntax-rules () ((_ x) '(x ...))))\n(m2 1)")).toBe("test.scm:2:1: m2: an ellipsis in the template follows no pattern variable that repeats");
  });

  it("a macro's free identifiers may name globals defined after it", async () => {
    expect(await e.value(`
      (define-syntax uses-later (syntax-rules () ((_) (later-helper))))
      (define (later-helper) 'found)
      (uses-later)`)).toBe("found");
  });

  it("a macro can expand into a use of itself", async () => {
    expect(await e.value(`
      (define-syntax my-and
        (syntax-rules ()
          ((_) #t)
          ((_ e) e)
          ((_ e1 e2 ...) (if e1 (my-and e2 ...) #f))))
      (list (my-and) (my-and 1 2 3) (my-and 1 #f 3))`)).toBe("(#t 3 #f)");
  });

  it("=> bound as a variable is not cond's => (R7RS)", async () => {
    expect(await e.value("(let ((=> #f)) (cond (#t => 'ok)))")).toBe("ok");
  });
});

describe("4.3.2 macro uses and errors", () => {
  it("a use that matches no rule is an error at the use", async () => {
    expect(await e.error("(define-syntax one (syntax-rules () ((_ x) x)))\n(list 1\n  (one 1 2))")).toBe("test.scm:3:3: one: no syntax-rules pattern matches this use");
  });

  it("a syntax error in a macro's expansion is reported at the macro use", async () => {
    expect(await e.error("(define-syntax bad-if (syntax-rules () ((_) (if))))\n(list 1\n  (bad-if))")).toBe("test.scm:3:3: bad syntax: expected (if test consequent [alternative])");
  });

  it("a macro name used as a variable is an error", async () => {
    expect(await e.error("(list\n one)")).toBe("test.scm:2:2: one: a macro cannot be used as a variable");
  });

  it("define-syntax requires syntax-rules", async () => {
    expect(await e.error("(define-syntax\n  m (lambda (x) x))")).toBe("test.scm:2:5: m: a macro must be defined with (syntax-rules ...)");
  });

  it("syntax-rules outside define-syntax is misplaced", async () => {
    expect(await e.error("(syntax-rules () ((_) 1))")).toBe("test.scm:1:1: syntax-rules: misplaced auxiliary syntax");
  });
});

describe("4.3.3 signaling errors in macro transformers", () => {
  it("syntax-error reports its message and forms at the macro use (R7RS)", async () => {
    expect(await e.value(`
      (define-syntax simple-let
        (syntax-rules ()
          ((_ (head ... ((x . y) val) . tail)
              body1 body2 ...)
           (syntax-error
            "expected an identifier but got"
            (x . y)))
          ((_ ((name val) ...) body1 body2 ...)
           ((lambda (name ...) body1 body2 ...)
            val ...))))
      (simple-let ((a 1) (b 2)) (+ a b))`)).toBe("3");
    expect(await e.error("(list\n  (simple-let ((a 1)\n               ((b c) 2))\n    a))")).toBe("test.scm:2:3: expected an identifier but got (b c)");
  });

  it("syntax-error with only a message", async () => {
    expect(await e.error("(define-syntax never (syntax-rules () ((_) (syntax-error \"never use this\"))))\n(never)")).toBe("test.scm:2:1: never use this");
  });
});

describe("5.4 syntax definitions", () => {
  it("define-syntax in a body is local to it (R7RS)", async () => {
    expect(await e.value(`
      (let ((x 1) (y 2))
        (define-syntax swap!
          (syntax-rules ()
            ((swap! a b)
             (let ((tmp a))
               (set! a b)
               (set! b tmp)))))
        (swap! x y)
        (list x y))`)).toBe("(2 1)");
    expect(await e.error("(swap! p q)")).toBe("test.scm:1:2: unbound variable: swap!");
  });

  it("an internal macro may be used by procedures defined before it in the body", async () => {
    expect(await e.value(`
      (define (late-macro)
        (define (g) (m))
        (define-syntax m (syntax-rules () ((_) 'late)))
        (g))
      (late-macro)`)).toBe("late");
  });

  it("an internal macro closes over the body's variables", async () => {
    expect(await e.value("(let ((x 1)) (define-syntax get-x (syntax-rules () ((_) x))) (let ((x 2)) (get-x)))")).toBe("1");
  });

  it("a macro can produce a toplevel definition of a name it is given", async () => {
    expect(await e.value("(define-syntax def (syntax-rules () ((_ n v) (define n v)))) (def made-by-macro 3) made-by-macro")).toBe("3");
  });

  it("a macro can produce a body definition of a name it is given", async () => {
    expect(await e.value("(define (body-def) (def made-here 'made) made-here) (body-def)")).toBe("made");
  });

  it("a macro can produce several definitions with begin", async () => {
    expect(await e.value(`
      (define-syntax def-both (syntax-rules () ((_ a b v) (begin (define a v) (define b v)))))
      (let () (def-both p q 5) (+ p q))`)).toBe("10");
  });

  it("a macro can define a macro", async () => {
    expect(await e.value(`
      (define-syntax def-constant-macro
        (syntax-rules ()
          ((_ name v) (define-syntax name (syntax-rules () ((_) v))))))
      (def-constant-macro get-five 5)
      (get-five)`)).toBe("5");
  });

  it("redefining a macro replaces it for later forms", async () => {
    expect(await e.value("(define-syntax ten (syntax-rules () ((_) 10))) (define ten-before (ten)) (define-syntax ten (syntax-rules () ((_) 11))) (list ten-before (ten))")).toBe("(10 11)");
  });

  it("a macro defined earlier in a begin applies to later forms of it", async () => {
    expect(await e.value("(begin (define-syntax inc (syntax-rules () ((_ x) (+ x 1)))) (inc 1))")).toBe("2");
  });
});

describe("define-macro and gensym (Stasis extension)", () => {
  it("define-macro's transformer receives the operands unevaluated and returns the expansion", async () => {
    expect(await e.value("(define-macro (my-unless c . body) `(if ,c #f (begin ,@body))) (list (my-unless #f 1 2) (my-unless #t 1 2))")).toBe("(2 #f)");
  });

  it("define-macro with a name and a transformer procedure", async () => {
    expect(await e.value("(define-macro quote-it (lambda (x) `(quote ,x))) (quote-it hello)")).toBe("hello");
  });

  it("the transformer is ordinary code and may compute anything", async () => {
    expect(await e.value("(define-macro (count-args . xs) (length xs)) (count-args a b c)")).toBe("3");
  });

  it("a define-macro macro may expand into a use of itself", async () => {
    expect(await e.value(`
      (define-macro (all . xs)
        (cond ((null? xs) #t)
              ((null? (cdr xs)) (car xs))
              (else \`(if ,(car xs) (all ,@(cdr xs)) #f))))
      (list (all) (all 1 2 3) (all 1 #f 3))`)).toBe("(#t 3 #f)");
  });

  it("a swap! written with gensym does not capture the user's variables", async () => {
    expect(await e.value(`
      (define-macro (swap! a b)
        (let ((tmp (gensym)))
          \`(let ((,tmp ,a)) (set! ,a ,b) (set! ,b ,tmp))))
      (let ((tmp 1) (x 2)) (swap! tmp x) (list tmp x))`)).toBe("(2 1)");
  });

  it("a loop macro with a gensym'd name leaves the user's variable of that name alone", async () => {
    expect(await e.value(`
      (define-macro (while c . body)
        (let ((loop (gensym "loop")))
          \`(let ,loop () (when ,c ,@body (,loop)))))
      (let ((i 0) (loop 'mine)) (while (< i 3) (set! i (+ i 1))) (list i loop))`)).toBe("(3 mine)");
  });

  it("a define-macro macro can produce a definition", async () => {
    expect(await e.value("(define-macro (defconst name v) `(define ,name ,v)) (defconst seven 7) seven")).toBe("7");
  });

  it("define-macro is not hygienic: an inserted name is captured by the use site (anaphoric if)", async () => {
    expect(await e.value(`
      (define-macro (aif c then else) \`(let ((it ,c)) (if it ,then ,else)))
      (aif (assq 'b '((a 1) (b 2))) (cadr it) 'none)`)).toBe("2");
  });

  it("define-macro is not hygienic: an inserted free name means its binding at the use site", async () => {
    expect(await e.value("(define-macro (mk-list . xs) (cons 'list xs)) (let ((list vector)) (mk-list 1 2))")).toBe("#(1 2)");
    expect(await e.value("(define-macro (capture-x) 'x) (let ((x 42)) (capture-x))")).toBe("42");
  });

  it("define-macro is only allowed at toplevel", async () => {
    expect(await e.error("(define (f)\n  (define-macro (m) 1)\n  (m))")).toBe("test.scm:2:3: define-macro: only allowed at toplevel");
  });

  it("gensym makes a fresh symbol, distinct from every other", async () => {
    expect(await e.value("(let ((g (gensym))) (list (symbol? g) (eq? g g) (eq? g (gensym))))")).toBe("(#t #t #f)");
  });

  it("a gensym is not the interned symbol of the same name", async () => {
    expect(await e.value(`(let ((g (gensym "x"))) (list (eq? g (string->symbol (symbol->string g))) (string=? (substring (symbol->string g) 0 1) "x")))`)).toBe("(#f #t)");
  });
});

describe("errors in define-macro transformers", () => {
  it("are reported at the macro's use, naming the macro", async () => {
    await e.value("(define-macro (boom) (error \"transformer failed\" 1))");
    expect(await e.error("(list 1)\n(list (boom))")).toBe("test.scm:2:7: boom: transformer failed: 1");
  });
});
