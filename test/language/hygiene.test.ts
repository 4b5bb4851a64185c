// Hygiene (R7RS 4.3): a macro's free identifiers mean what they meant where the macro was defined,
// and the bindings it introduces bind only what the macro itself wrote. These are the classic
// cases; each names who could capture whom.
import { evaluator } from "./support";

const e = evaluator();

describe("free identifiers of a macro mean their binding where the macro was defined", () => {
  it("a macro using if still works when the use site binds if", async () => {
    expect(await e.value(`
      (define-syntax my-when (syntax-rules () ((_ c body) (if c body #f))))
      (let ((if list)) (my-when #t 'yes))`)).toBe("yes");
  });

  it("a macro using list still works when the use site binds list", async () => {
    expect(await e.value(`
      (define-syntax my-list (syntax-rules () ((_ a ...) (list a ...))))
      (let ((list vector)) (my-list 1 2))`)).toBe("(1 2)");
  });

  it("a macro using cons still works when the use site binds cons", async () => {
    expect(await e.value(`
      (define-syntax my-cons (syntax-rules () ((_ a b) (cons a b))))
      (let ((cons +)) (my-cons 1 2))`)).toBe("(1 . 2)");
  });

  it("a macro using if still works when the use site binds if as a macro", async () => {
    expect(await e.value("(let-syntax ((if (syntax-rules () ((_ a b c) 'user-if)))) (my-when #t 'yes))")).toBe("yes");
  });

  it("an if the user passes in is the user's variable, not the macro's if (R7RS)", async () => {
    expect(await e.value(`
      (let-syntax ((given-that (syntax-rules ()
                                 ((_ test stmt1 stmt2 ...)
                                  (if test (begin stmt1 stmt2 ...))))))
        (let ((if #t))
          (given-that if (set! if 'now))
          if))`)).toBe("now");
  });

  it("a macro referring to a global helper finds it when the use site shadows the helper's name", async () => {
    expect(await e.value(`
      (define (helper x) (* x 100))
      (define-syntax use-helper (syntax-rules () ((_ x) (helper x))))
      (let ((helper (lambda (x) 'wrong))) (use-helper 2))`)).toBe("200");
  });

  it("a macro referring to a global macro finds it when the use site binds that name as a macro", async () => {
    expect(await e.value(`
      (define-syntax ten (syntax-rules () ((_) 10)))
      (define-syntax use-ten (syntax-rules () ((_) (ten))))
      (let-syntax ((ten (syntax-rules () ((_) 'shadow)))) (use-ten))`)).toBe("10");
  });

  it("a local macro refers to the local variable in scope at its definition", async () => {
    expect(await e.value(`
      (let ((x 'outer))
        (define-syntax get-x (syntax-rules () ((_) x)))
        (let ((x 'inner))
          (get-x)))`)).toBe("outer");
  });

  it("a macro's derived forms do not depend on the use site's bindings of their keywords", async () => {
    expect(await e.value(`
      (define-syntax my-let (syntax-rules () ((_ ((n v) ...) b ...) ((lambda (n ...) b ...) v ...))))
      (let ((lambda 'oops)) (my-let ((a 1) (b 2)) (+ a b)))`)).toBe("3");
    expect(await e.value(`
      (define-syntax param-5 (syntax-rules () ((_ p e) (parameterize ((p 5)) e))))
      (define pp (make-parameter 1))
      (let ((parameterize 'x)) (param-5 pp (pp)))`)).toBe("5");
  });

  it("a quasiquote in a macro still works when the use site binds append, cons and list", async () => {
    expect(await e.value(`
      (define-syntax qq-list (syntax-rules () ((_ x) \`(1 ,@x ,(car x)))))
      (let ((append 'oops) (cons 'oops) (list 'oops)) (qq-list '(2 3)))`)).toBe("(1 2 3 2)");
  });

  it("a record definition from a macro still works when the use site binds the runtime's names", async () => {
    expect(await e.value(`
      (define-syntax rec-use
        (syntax-rules ()
          ((_ v) (let () (define-record-type pt (mk-pt x) pt? (x pt-x)) (pt-x (mk-pt v))))))
      (let ((vector 'oops) (%record-get 'oops) (define 'oops)) (rec-use 9))`)).toBe("9");
  });
});

describe("bindings a macro introduces do not capture the user's identifiers", () => {
  it("swap!'s temporary does not capture the user's tmp", async () => {
    expect(await e.value(`
      (define-syntax swap!
        (syntax-rules () ((_ a b) (let ((tmp a)) (set! a b) (set! b tmp)))))
      (let ((tmp 1) (other 2)) (swap! tmp other) (list tmp other))`)).toBe("(2 1)");
  });

  it("my-or's temporary t does not capture the user's t", async () => {
    expect(await e.value(`
      (define-syntax my-or
        (syntax-rules ()
          ((_) #f)
          ((_ e) e)
          ((_ e r ...) (let ((t e)) (if t t (my-or r ...))))))
      (let ((t 5)) (my-or #f t))`)).toBe("5");
  });

  it("nested expansions of the same macro keep their temporaries apart", async () => {
    expect(await e.value(`
      (define-syntax my-or2 (syntax-rules () ((_ a b) (let ((t a)) (if t t b)))))
      (let ((t 3)) (my-or2 #f (my-or2 #f t)))`)).toBe("3");
  });

  it("a variable the macro binds is not visible to the expression the user passes in", async () => {
    expect(await e.value(`
      (define-syntax with-x (syntax-rules () ((_ e) (let ((x 'macro-x)) (list x e)))))
      (let ((x 'user-x)) (with-x x))`)).toBe("(macro-x user-x)");
  });

  it("a loop name the macro binds does not capture the user's variable of that name", async () => {
    expect(await e.value(`
      (define-syntax while
        (syntax-rules () ((_ c body ...) (let lp () (when c body ... (lp))))))
      (let ((i 0) (lp 'user)) (while (< i 3) (set! i (+ i 1))) (list i lp))`)).toBe("(3 user)");
  });

  it("do variables the macro binds do not capture the user's", async () => {
    expect(await e.value(`
      (define-syntax sum-below (syntax-rules () ((_ n) (do ((i 0 (+ i 1)) (s 0 (+ s i))) ((= i n) s)))))
      (let ((i 100) (s 200)) (list (sum-below 4) i s))`)).toBe("(6 100 200)");
  });

  it("a rest parameter the macro binds does not capture the user's", async () => {
    expect(await e.value(`
      (define-syntax gen-lambda (syntax-rules () ((_ e) (lambda args (list args e)))))
      (let ((args 'user)) ((gen-lambda args) 1 2))`)).toBe("((1 2) user)");
  });

  it("a guard variable the macro binds does not capture the user's", async () => {
    expect(await e.value(`
      (define-syntax catch-all (syntax-rules () ((_ e) (guard (c (#t (list 'caught c))) e))))
      (let ((c 'user-c)) (catch-all (raise c)))`)).toBe("(caught user-c)");
  });

  it("an internal definition the macro introduces is not visible to the user's body", async () => {
    expect(await e.value(`
      (define-syntax define-hidden (syntax-rules () ((_ v) (define hidden v))))
      (let ((hidden 'outer)) (define-hidden 1) hidden)`)).toBe("outer");
  });

  it("an introduced internal definition does not clash with the user's definition of that name", async () => {
    expect(await e.value(`
      (define-syntax def-t (syntax-rules () ((_) (define t 'introduced))))
      (define (uses-t) (define t 'user) (def-t) t)
      (uses-t)`)).toBe("user");
  });

  it("two uses of one macro in a body introduce separate definitions", async () => {
    expect(await e.value(`
      (define-syntax def-counter
        (syntax-rules ()
          ((_ name) (begin (define count 0) (define (name) (set! count (+ count 1)) count)))))
      (let () (def-counter a) (def-counter b) (a) (a) (list (a) (b)))`)).toBe("(3 1)");
  });

  it("a definition of a name the user passes in is visible to the user", async () => {
    expect(await e.value(`
      (define-syntax def (syntax-rules () ((_ n v) (define n v))))
      (let () (def visible 3) visible)`)).toBe("3");
  });

  it("set! of a free identifier in a macro assigns the macro's binding, not the user's", async () => {
    expect(await e.value(`
      (define counter-x 'global)
      (define-syntax set-counter-x! (syntax-rules () ((_ v) (set! counter-x v))))
      (let ((counter-x 'local)) (set-counter-x! 'changed) (list counter-x))`)).toBe("(local)");
    expect(await e.value("counter-x")).toBe("changed");
  });

  it("a temporary that one macro passes to another does not capture the user's variable", async () => {
    expect(await e.value(`
      (define-syntax bind-1 (syntax-rules () ((_ name val body) (let ((name val)) body))))
      (define-syntax add-tmp (syntax-rules () ((_ e) (bind-1 tmp 1 (+ tmp e)))))
      (let ((tmp 10)) (add-tmp tmp))`)).toBe("11");
  });
});

describe("macros defining macros", () => {
  it("a macro can define a macro whose pattern variables are its own", async () => {
    expect(await e.value(`
      (define-syntax def-getter
        (syntax-rules () ((_ name v) (define-syntax name (syntax-rules () ((_) v))))))
      (def-getter get-five 5)
      (get-five)`)).toBe("5");
  });

  it("an inner macro's pattern variable does not capture the user's identifier of that name", async () => {
    expect(await e.value(`
      (define-syntax def-pair-with
        (syntax-rules ()
          ((_ name arg)
           (define-syntax name
             (syntax-rules ()
               ((_ x) (list x arg)))))))
      (def-pair-with pair-with-x x)
      (define x 'global-x)
      (pair-with-x 5)`)).toBe("(5 global-x)");
    expect(await e.value("(let () (def-pair-with local-pair x) (local-pair 5))")).toBe("(5 global-x)");
  });

  it("an inner macro's temporary does not capture the user's identifier of that name", async () => {
    expect(await e.value(`
      (define-syntax def-with-tmp
        (syntax-rules ()
          ((_ name user-expr)
           (define-syntax name
             (syntax-rules ()
               ((_ a) (let ((tmp a)) (list tmp user-expr))))))))
      (def-with-tmp toplevel-tmp tmp)
      (define tmp 'global-tmp)
      (toplevel-tmp 1)`)).toBe("(1 global-tmp)");
    expect(await e.value("(let ((tmp 'local-tmp)) (def-with-tmp local-tmp tmp) (local-tmp 1))")).toBe("(1 local-tmp)");
  });

  it("an inner macro's free identifier means its global binding, even where the user shadows it", async () => {
    expect(await e.value(`
      (define (helper-fn) 'global)
      (define-syntax def-calls-helper
        (syntax-rules () ((_ name) (define-syntax name (syntax-rules () ((_) (helper-fn)))))))
      (let ((helper-fn (lambda () 'wrong))) (def-calls-helper call-helper) (call-helper))`)).toBe("global");
  });

  it("an inner macro's literals are matched as the global keywords", async () => {
    expect(await e.value(`
      (define-syntax def-else-test
        (syntax-rules ()
          ((_ name) (define-syntax name (syntax-rules (else) ((_ else) 'literal) ((_ other) 'not-literal))))))
      (def-else-test else-test)
      (list (else-test else) (else-test 1))`)).toBe("(literal not-literal)");
  });

  it("an inner macro quotes its introduced symbols as plain symbols", async () => {
    expect(await e.value(`
      (define-syntax def-quoter
        (syntax-rules () ((_ name) (define-syntax name (syntax-rules () ((_) '(tmp #(tmp))))))))
      (def-quoter quoter)
      (list (quoter) (eq? (car (quoter)) 'tmp))`)).toBe("((tmp #(tmp)) #t)");
  });
});

describe("literals are matched by binding", () => {
  it("else bound as a local variable is not cond's else", async () => {
    expect(await e.value("(let ((else #f)) (cond (#f 1) (else 'else-clause) (#t 'last)))")).toBe("last");
  });

  it("else bound as a local variable is not a syntax-rules literal else", async () => {
    expect(await e.value(`
      (define-syntax my-if
        (syntax-rules (then else)
          ((_ c then t else f) (if c t f))))
      (my-if #f then 1 else 2)`)).toBe("2");
    expect(await e.error("(let ((else #f))\n  (my-if #f then 1 else 2))")).toBe("test.scm:2:3: my-if: no syntax-rules pattern matches this use");
  });

  it("a literal matches when the use and the macro see the same local binding", async () => {
    expect(await e.value(`
      (let ((else 1))
        (define-syntax lit-test (syntax-rules (else) ((_ else) 'literal) ((_ x) 'variable)))
        (lit-test else))`)).toBe("literal");
  });

  it("an else a macro inserts is cond's else even where the use site binds else", async () => {
    expect(await e.value(`
      (define-syntax cond-else (syntax-rules () ((_ x) (cond (#f 1) (else x)))))
      (let ((else #f)) (cond-else 'ok))`)).toBe("ok");
  });

  it("else bound as a local variable is not case's else", async () => {
    expect(await e.error("(let ((else 1))\n  (case 2 ((1) 'one) (else 'other)))")).toBe("test.scm:2:23: case: expected a list of data");
  });
});

describe("quoting in macros", () => {
  it("quote of a macro-introduced symbol gives the plain symbol", async () => {
    expect(await e.value(`
      (define-syntax q (syntax-rules () ((_) 'tmp)))
      (list (q) (eq? (q) 'tmp) (symbol? (q)))`)).toBe("(tmp #t #t)");
  });

  it("a quoted list mixing introduced and user symbols gives plain symbols", async () => {
    expect(await e.value("(define-syntax qq (syntax-rules () ((_ x) '(tmp x #(tmp x))))) (equal? (qq y) '(tmp y #(tmp y)))")).toBe("#t");
  });

  it("case data a macro inserts are plain symbols", async () => {
    expect(await e.value(`
      (define-syntax is-a? (syntax-rules () ((_ x) (case x ((a) #t) (else #f)))))
      (list (is-a? 'a) (is-a? 'b))`)).toBe("(#t #f)");
  });
});

describe("user bindings of keyword names", () => {
  it("a local variable named if shadows the special form", async () => {
    expect(await e.value("(let ((if list)) (if 1 2 3))")).toBe("(1 2 3)");
  });

  it("a local variable shadows a global macro of the same name", async () => {
    expect(await e.value(`
      (define-syntax shadowed-macro (syntax-rules () ((_ x) 'macro)))
      (let ((shadowed-macro (lambda (x) 'procedure))) (shadowed-macro 1))`)).toBe("procedure");
  });

  it("an internal define-syntax may rebind a special form's name in its body", async () => {
    expect(await e.value("(define (own-if) (define-syntax if (syntax-rules () ((_ a b c) 'mine))) (if 1 2 3)) (own-if)")).toBe("mine");
    expect(await e.value("(if #t 'special 'form)")).toBe("special");
  });

  it("a toplevel define replaces a global macro", async () => {
    expect(await e.value("(define-syntax was-macro (syntax-rules () ((_) 'macro))) (define was-macro 5) was-macro")).toBe("5");
  });
});
