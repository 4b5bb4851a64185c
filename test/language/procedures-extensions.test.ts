// The procedures LANGUAGE.md adds to R7RS ("Extensions") and its rule that data is immutable
// ("Out"), through the evaluator: cells, persistent hash maps and mutable hash tables, the SRFI-1
// list procedures (with SRFI-1's own examples), sorting, the string extensions, vector-update,
// define-macro and gensym, and time.
import { evaluator } from "./support";

const e = evaluator();

/** Evaluates each source in turn (one session) and expects the written value beside it. */
async function examples(rows: readonly (readonly [string, string])[]): Promise<void> {
  const actual: (readonly [string, string])[] = [];
  for (const [source] of rows) actual.push([source, await e.value(source)]);
  expect(actual).toEqual(rows);
}

describe("LANGUAGE.md Out: mutation of immutable data", () => {
  it("every R7RS mutator is bound and says what is immutable and what to use instead", async () => {
    const calls: [string, string][] = [
      ["set-car!", "(set-car! (list 1) 2)"],
      ["set-cdr!", "(set-cdr! (list 1) 2)"],
      ["list-set!", "(list-set! (list 1 2) 0 'x)"],
      ["string-set!", "(string-set! (make-string 2 #\\a) 0 #\\b)"],
      ["string-fill!", "(string-fill! (make-string 2 #\\a) #\\b)"],
      ["string-copy!", '(string-copy! (make-string 2 #\\a) 0 "bb")'],
      ["vector-set!", "(vector-set! (make-vector 2 0) 0 'x)"],
      ["vector-fill!", "(vector-fill! (make-vector 2 0) 7)"],
      ["vector-copy!", "(vector-copy! (make-vector 2 0) 0 #(1 2))"],
      ["bytevector-u8-set!", "(bytevector-u8-set! (make-bytevector 2 0) 0 2)"],
      ["bytevector-copy!", "(bytevector-copy! (make-bytevector 2 0) 0 #u8(3))"],
      ["read-bytevector!", "(read-bytevector! (make-bytevector 2 0) (open-input-bytevector #u8(1 2)))"],
    ];
    for (const [name, call] of calls) {
      const escaped = name.replace(/[?!*+]/g, "\\$&");
      expect(await e.error(call)).toMatch(new RegExp(`^test\\.scm:1:1: ${escaped}: [a-z]+ are immutable in Stasis; [a-z].+`));
    }
  });

  it("the message of set-car! is LANGUAGE.md's", async () => {
    expect(await e.error("(set-car! (list 1) 2)")).toBe(
      "test.scm:1:1: set-car!: pairs are immutable in Stasis; build a new list, or keep the changing part in a box");
  });

  it("read-bytevector! says to use read-bytevector", async () => {
    expect(await e.error("(read-bytevector! (make-bytevector 2 0) (open-input-bytevector #u8(1 2)))")).toBe(
      "test.scm:1:1: read-bytevector!: bytevectors are immutable in Stasis; use read-bytevector, which returns a new bytevector");
  });

  it("make-vector, make-string and make-bytevector return filled objects", async () => {
    await examples([
      ["(make-vector 3 'x)", "#(x x x)"],
      ["(make-string 3 #\\y)", '"yyy"'],
      ["(make-bytevector 3 7)", "#u8(7 7 7)"],
    ]);
  });

  it("a mutation error is an error object that guard can catch", async () => {
    expect(await e.value("(guard (e ((error-object? e) (error-object-message e))) (vector-set! (vector 1) 0 2))")).toBe(
      '"vector-set!: vectors are immutable in Stasis; use vector-update for a new vector, or keep the changing part in a box"');
  });
});

describe("LANGUAGE.md Extensions: cells", () => {
  it("box unbox set-box! box?", async () => {
    await examples([
      ["(let ((b (box 1))) (list (box? b) (unbox b) (begin (set-box! b 2) (unbox b))))", "(#t 1 2)"],
      ["(box? 1)", "#f"],
      ["(box? (vector 1))", "#f"],
    ]);
    expect(await e.error("(unbox 1)")).toBe("test.scm:1:1: unbox: expected a box, got 1");
  });

  it("a box shared by two lists is one cell: a change through one is seen through the other", async () => {
    expect(await e.value(`(let* ((b (box 'old)) (l1 (list b)) (l2 (list 1 b)))
                            (set-box! (car l1) 'new)
                            (unbox (cadr l2)))`)).toBe("new");
  });

  it("a record field with a modifier is a cell; one without is not settable", async () => {
    await e.value("(define-record-type point (make-point x y) point? (x point-x) (y point-y set-point-y!))");
    expect(await e.value("(let ((p (make-point 1 2))) (set-point-y! p 20) (list (point-x p) (point-y p)))")).toBe("(1 20)");
  });
});

describe("LANGUAGE.md Extensions: persistent hash maps", () => {
  it("hash-map builds a map from keys and values; a later duplicate key wins", async () => {
    await examples([
      ["(hash-map-count (hash-map 'a 1 'b 2))", "2"],
      ["(hash-map-ref (hash-map 'a 1 'b 2) 'b)", "2"],
      ["(hash-map-ref (hash-map \"k\" 1) (string #\\k))", "1"],
      ["(hash-map-count (hash-map 'a 1 'a 2))", "1"],
      ["(hash-map-ref (hash-map 'a 1 'a 2) 'a)", "2"],
      ["(hash-map-count (hash-map))", "0"],
      ["(hash-map? (hash-map))", "#t"],
      ["(hash-map? (make-hash-table))", "#f"],
    ]);
    expect(await e.error("(hash-map 'a)")).toBe(
      "test.scm:1:1: hash-map: expected keys and values in pairs, got an odd number of arguments");
  });

  it("hash-map-ref of a missing key is an error, or the default given", async () => {
    expect(await e.error("(hash-map-ref (hash-map) 'x)")).toBe("test.scm:1:1: hash-map-ref: key not found: x");
    expect(await e.value("(hash-map-ref (hash-map) 'x 'default)")).toBe("default");
  });

  it("hash-map-set and hash-map-delete return new maps and leave the original unchanged", async () => {
    await e.value("(define m (hash-map 'a 1 'b 2))");
    await e.value("(define m2 (hash-map-set m 'c 3))");
    await e.value("(define m3 (hash-map-delete m2 'a))");
    await examples([
      ["(list (hash-map-count m) (hash-map-count m2) (hash-map-count m3))", "(2 3 2)"],
      ["(list (hash-map-contains? m 'c) (hash-map-contains? m2 'c) (hash-map-contains? m3 'c))", "(#f #t #t)"],
      ["(list (hash-map-contains? m 'a) (hash-map-contains? m2 'a) (hash-map-contains? m3 'a))", "(#t #t #f)"],
      ["(hash-map-ref (hash-map-set m 'a 'changed) 'a)", "changed"],
      ["(hash-map-ref m 'a)", "1"],
    ]);
  });

  it("a map derived from a large map shares it without changing it", async () => {
    await e.value("(define big (fold (lambda (i m) (hash-map-set m i (* i i))) (hash-map) (iota 1000)))");
    await e.value("(define big2 (hash-map-set big 500 'changed))");
    await examples([
      ["(list (hash-map-count big) (hash-map-count big2))", "(1000 1000)"],
      ["(list (hash-map-ref big 500) (hash-map-ref big2 500))", "(250000 changed)"],
      ["(hash-map-ref big2 999)", "998001"],
    ]);
  });

  it("hash-map-keys hash-map-values hash-map->alist hash-map-fold see every entry", async () => {
    await examples([
      ["(list-sort (lambda (a b) (string<? (symbol->string a) (symbol->string b))) (hash-map-keys m2))", "(a b c)"],
      ["(list-sort < (hash-map-values m2))", "(1 2 3)"],
      ["(list-sort (lambda (a b) (< (cdr a) (cdr b))) (hash-map->alist m2))", "((a . 1) (b . 2) (c . 3))"],
      ["(hash-map-fold (lambda (k v acc) (+ v acc)) 0 m2)", "6"],
      ["(hash-map-fold (lambda (k v acc) (cons k acc)) '() (hash-map))", "()"],
    ]);
  });
});

describe("LANGUAGE.md Extensions: mutable hash tables (SRFI-69)", () => {
  it("set, ref, contains, count and delete", async () => {
    await e.value("(define t (make-hash-table))");
    await e.value("(hash-table-set! t 'a 1)");
    await e.value('(hash-table-set! t "s" 2)');
    await e.value("(hash-table-set! t '(1 2) 3)");
    await examples([
      ["(hash-table? t)", "#t"],
      ["(hash-table-ref t 'a)", "1"],
      ['(hash-table-ref/default t (string #\\s) #f)', "2"],
      ["(hash-table-ref t (list 1 2))", "3"],
      ["(hash-table-ref/default t 'zz 'none)", "none"],
      ["(hash-table-contains? t 'a)", "#t"],
      ["(hash-table-count t)", "3"],
      ["(begin (hash-table-delete! t 'a) (list (hash-table-contains? t 'a) (hash-table-count t)))", "(#f 2)"],
    ]);
  });

  it("hash-table-ref calls the failure thunk for a missing key, the success procedure for a present one", async () => {
    await examples([
      ["(hash-table-ref t 'zz (lambda () 'failed))", "failed"],
      ["(hash-table-ref t \"s\" (lambda () 'failed) (lambda (v) (* v 10)))", "20"],
    ]);
    expect(await e.error("(hash-table-ref t 'missing)")).toMatch(/hash-table-ref: key not found: missing$/);
  });

  it("hash-table-update! applies its procedure to the value, or to the failure thunk's for a missing key", async () => {
    await e.value("(define counts (make-hash-table))");
    await e.value("(for-each (lambda (w) (hash-table-update! counts w (lambda (n) (+ n 1)) (lambda () 0))) '(a b a c a))");
    await examples([
      ["(list (hash-table-ref counts 'a) (hash-table-ref counts 'b) (hash-table-ref counts 'c))", "(3 1 1)"],
      ["(begin (hash-table-update!/default counts 'd (lambda (l) (cons 'x l)) '()) (hash-table-ref counts 'd))", "(x)"],
    ]);
    expect(await e.error("(hash-table-update! (make-hash-table) 'missing (lambda (x) x))")).toMatch(
      /hash-table-ref: key not found: missing$/);
  });

  it("hash-table-walk and hash-table-fold visit every entry", async () => {
    await e.value("(define u (make-hash-table))");
    await e.value("(begin (hash-table-set! u 1 10) (hash-table-set! u 2 20))");
    await examples([
      ["(let ((acc '())) (hash-table-walk u (lambda (k v) (set! acc (cons (+ k v) acc)))) (list-sort < acc))", "(11 22)"],
      ["(hash-table-fold u (lambda (k v acc) (+ k v acc)) 0)", "33"],
      ["(list-sort < (hash-table-keys u))", "(1 2)"],
      ["(list-sort < (hash-table-values u))", "(10 20)"],
      ["(list-sort (lambda (a b) (< (car a) (car b))) (hash-table->alist u))", "((1 . 10) (2 . 20))"],
    ]);
  });

  it("the equivalence is equal? by default; string=? and eq? tables work too", async () => {
    await examples([
      ['(let ((t (make-hash-table string=?))) (hash-table-set! t "a" 1) (hash-table-ref t (string #\\a)))', "1"],
      ["(let ((t (make-hash-table eq?))) (hash-table-set! t 'k 1) (hash-table-ref/default t 'k 'no))", "1"],
      ["(let ((t (make-hash-table eqv?))) (hash-table-set! t (expt 2 70) 1) (hash-table-ref/default t (expt 2 70) 'no))", "1"],
    ]);
  });

  it("a copy is independent of its original", async () => {
    expect(await e.value(`(let* ((t (make-hash-table)) (u (begin (hash-table-set! t 'a 1) (hash-table-copy t))))
                            (hash-table-set! u 'a 2)
                            (list (hash-table-ref t 'a) (hash-table-ref u 'a)))`)).toBe("(1 2)");
  });
});

describe("LANGUAGE.md Extensions: SRFI-1 list procedures (SRFI-1's examples)", () => {
  it("fold, with one and several lists", async () => {
    await examples([
      ["(fold + 0 '(3 1 4))", "8"],
      ["(fold cons '() '(a b c))", "(c b a)"],
      ["(fold (lambda (x count) (if (symbol? x) (+ count 1) count)) 0 '(a 1 b 2))", "2"],
      ["(fold (lambda (s max-len) (max max-len (string-length s))) 0 '(\"a\" \"abc\" \"ab\"))", "3"],
      ["(fold cons* '() '(a b c) '(1 2 3 4 5))", "(c 3 b 2 a 1)"],
    ]);
  });

  it("fold-right, with one and several lists", async () => {
    await examples([
      ["(fold-right cons '() '(a b c))", "(a b c)"],
      ["(fold-right (lambda (x l) (if (even? x) (cons x l) l)) '() '(1 2 3 4))", "(2 4)"],
      ["(fold-right cons* '() '(a b c) '(1 2 3 4 5))", "(a 1 b 2 c 3)"],
    ]);
  });

  it("fold-left takes the accumulator first", async () => {
    await examples([
      ["(fold-left cons '() '(1 2 3))", "(((() . 1) . 2) . 3)"],
      ["(fold-left list '() '(1 2 3) '(4 5 6))", "(((() 1 4) 2 5) 3 6)"],
      ["(fold-left + 0 '(1 2 3))", "6"],
    ]);
  });

  it("reduce", async () => {
    await examples([
      ["(reduce + 0 '(1 2 3))", "6"],
      ["(reduce + 0 '())", "0"],
      ["(reduce max 0 '(3 9 2))", "9"],
      ["(reduce list 0 '(1 2 3))", "(3 (2 1))"],
    ]);
  });

  it("filter remove partition", async () => {
    await examples([
      ["(filter even? '(0 7 8 8 43 -4))", "(0 8 8 -4)"],
      ["(remove even? '(0 7 8 8 43 -4))", "(7 43)"],
      ["(call-with-values (lambda () (partition symbol? '(one 2 3 four five 6))) list)", "((one four five) (2 3 6))"],
    ]);
  });

  it("delete and delete-duplicates, with and without a comparison", async () => {
    await examples([
      ["(delete 3 '(1 3 2 3))", "(1 2)"],
      ["(delete 5 '(1 3 2 7 8) <)", "(1 3 2)"],
      ["(delete-duplicates '(a b a c a b c z))", "(a b c z)"],
      ["(delete-duplicates '((a . 3) (b . 7) (a . 9) (c . 1)) (lambda (x y) (eq? (car x) (car y))))",
        "((a . 3) (b . 7) (c . 1))"],
    ]);
  });

  it("any and every, with one and several lists", async () => {
    await examples([
      ["(any integer? '(a 3 b 2.7))", "#t"],
      ["(any integer? '(a 3.1 b 2.7))", "#f"],
      ["(any < '(3 1 4 1 5) '(2 7 1 8 2))", "#t"],
      ["(any (lambda (x) (and (> x 2) (* x 10))) '(1 2 3 4))", "30"],
      ["(every integer? '(1 2 3))", "#t"],
      ["(every integer? '())", "#t"],
      ["(every (lambda (x) (and (integer? x) x)) '(1 2 3))", "3"],
      ["(every < '(1 2) '(2 3 0))", "#t"],
    ]);
  });

  it("find find-tail list-index", async () => {
    await examples([
      ["(find even? '(3 1 4 1 5 9))", "4"],
      ["(find even? '(1 3))", "#f"],
      ["(find-tail even? '(3 1 37 -8 -5 0 0))", "(-8 -5 0 0)"],
      ["(find-tail even? '(3 1 37 -5))", "#f"],
      ["(list-index even? '(3 1 4 1 5 9))", "2"],
      ["(list-index < '(3 1 4 1 5 9 2 5 6) '(2 7 1 8 2))", "1"],
      ["(list-index = '(3 1 4 1 5 9 2 5 6) '(2 7 1 8 2))", "#f"],
    ]);
  });

  it("append-map and filter-map", async () => {
    await examples([
      ["(append-map (lambda (x) (list x (- x))) '(1 3 8))", "(1 -1 3 -3 8 -8)"],
      ["(append-map list '(1 2 3) '(a b c))", "(1 a 2 b 3 c)"],
      ["(filter-map (lambda (x) (and (number? x) (* x x))) '(a 1 b 3 c 7))", "(1 9 49)"],
      ["(filter-map (lambda (a b) (and (< a b) (+ a b))) '(1 5 3) '(2 4 6 8))", "(3 9)"],
    ]);
  });

  it("iota last count", async () => {
    await examples([
      ["(iota 5)", "(0 1 2 3 4)"],
      ["(iota 5 1)", "(1 2 3 4 5)"],
      ["(iota 5 0 -1)", "(0 -1 -2 -3 -4)"],
      ["(iota 3 0.5 0.25)", "(0.5 0.75 1.0)"],
      ["(iota 0)", "()"],
      ["(last '(1 2 3))", "3"],
      ["(count even? '(3 1 4 1 5 9 2 5 6))", "3"],
      ["(count < '(1 2 4 8) '(2 4 6 8 10 12 14 16))", "3"],
    ]);
    expect(await e.error("(last '())")).toBe("test.scm:1:1: last: expected a non-empty list, got ()");
  });

  it("fold, fold-left, any and every of something that is not a proper list are type errors", async () => {
    expect(await e.error("(fold + 0 5)")).toMatch(/fold: expected a proper list, got 5$/);
    expect(await e.error("(fold-left + 0 '(1 . 2))")).toMatch(/fold-left: expected a proper list, got \(1 \. 2\)$/);
    expect(await e.error("(any odd? 5)")).toMatch(/any: expected a proper list, got 5$/);
    expect(await e.error("(every odd? '(1 . 3))")).toMatch(/every: expected a proper list, got \(1 \. 3\)$/);
  });

  it("take and drop, also of improper lists", async () => {
    await examples([
      ["(take '(a b c d e) 2)", "(a b)"],
      ["(drop '(a b c d e) 2)", "(c d e)"],
      ["(take '(1 2 3 . d) 2)", "(1 2)"],
      ["(drop '(1 2 3 . d) 3)", "d"],
      ["(take '(a b) 0)", "()"],
    ]);
    expect(await e.error("(take '(1 2) 3)")).toMatch(/take: index out of range: 3$/);
  });
});

describe("LANGUAGE.md Extensions: sorting (SRFI-132 list-sort, and sort)", () => {
  it("list-sort takes the predicate first, sort takes it last", async () => {
    await examples([
      ["(list-sort < '(3 1 2))", "(1 2 3)"],
      ["(sort '(3 1 2) <)", "(1 2 3)"],
      ["(list-sort < '())", "()"],
      ["(list-sort > '(5))", "(5)"],
      ["(sort (iota 10) >)", "(9 8 7 6 5 4 3 2 1 0)"],
      ["(list-sort string<? '(\"pear\" \"apple\" \"fig\"))", '("apple" "fig" "pear")'],
    ]);
  });

  it("sorting something that is not a proper list is a type error", async () => {
    expect(await e.error("(list-sort < 5)")).toMatch(/list-sort: expected a proper list, got 5$/);
  });

  it("sorting is stable: equal elements keep their order", async () => {
    await examples([
      ["(list-sort (lambda (a b) (< (car a) (car b))) '((1 . a) (0 . b) (1 . c) (0 . d) (1 . e)))",
        "((0 . b) (0 . d) (1 . a) (1 . c) (1 . e))"],
      ["(sort '((b . 2) (a . 2) (c . 1)) (lambda (x y) (< (cdr x) (cdr y))))", "((c . 1) (b . 2) (a . 2))"],
    ]);
  });

  it("sorts a long list into order", async () => {
    expect(await e.value(`(let ((sorted (list-sort < (map (lambda (i) (modulo (* i 7919) 10007)) (iota 20000)))))
                            (and (= (length sorted) 20000)
                                 (let loop ((l sorted)) (or (null? (cdr l)) (and (<= (car l) (cadr l)) (loop (cdr l)))))))`)).toBe("#t");
  });
});

describe("LANGUAGE.md Extensions: strings", () => {
  it("(string-split string char) keeps empty fields", async () => {
    await examples([
      ['(string-split "a,b,,c" #\\,)', '("a" "b" "" "c")'],
      ['(string-split "" #\\,)', '("")'],
      ['(string-split "abc" #\\,)', '("abc")'],
      ['(string-split ",a," #\\,)', '("" "a" "")'],
    ]);
  });

  it("(string-join list [delimiter]) joins with a space by default", async () => {
    await examples([
      ["(string-join '(\"a\" \"b\" \"c\"))", '"a b c"'],
      ["(string-join '(\"a\" \"b\" \"c\") \", \")", '"a, b, c"'],
      ["(string-join '())", '""'],
    ]);
  });

  it("string-index finds a character, or a character satisfying a predicate, in an optional range", async () => {
    await examples([
      ['(string-index "hello" #\\l)', "2"],
      ['(string-index "hello" #\\z)', "#f"],
      ['(string-index "hello" #\\l 3)', "3"],
      ['(string-index "heLlo" char-upper-case?)', "2"],
      ['(string-index "hello" char-upper-case?)', "#f"],
      ['(string-index "heLLo" char-upper-case? 3)', "3"],
      ['(string-index "heLLo" char-upper-case? 0 2)', "#f"],
    ]);
  });

  it("(string-search pattern string [start]) finds a substring", async () => {
    await examples([
      ['(string-search "lo" "hello")', "3"],
      ['(string-search "x" "hello")', "#f"],
      ['(string-search "l" "hello" 3)', "3"],
      ['(string-search "" "hello")', "0"],
    ]);
  });

  it("string-prefix? and string-suffix? take the prefix or suffix first", async () => {
    await examples([
      ['(string-prefix? "he" "hello")', "#t"],
      ['(string-prefix? "lo" "hello")', "#f"],
      ['(string-suffix? "lo" "hello")', "#t"],
      ['(string-suffix? "he" "hello")', "#f"],
      ['(string-prefix? "hello!" "hello")', "#f"],
    ]);
  });

  it("string-trim removes white space at both ends", async () => {
    await examples([
      ['(string-trim "  hi  ")', '"hi"'],
      ['(string-trim "\\t\\n hi there \\n")', '"hi there"'],
      ['(string-trim "")', '""'],
      ['(string-trim "xx")', '"xx"'],
    ]);
  });

  it("string-pad-left pads on the left, or keeps the rightmost characters", async () => {
    await examples([
      ['(string-pad-left "42" 5)', '"   42"'],
      ['(string-pad-left "7" 3 #\\0)', '"007"'],
      ['(string-pad-left "12345" 3)', '"345"'],
    ]);
  });
});

describe("LANGUAGE.md Extensions: vector-update", () => {
  it("returns a new vector with one element replaced and leaves the original unchanged", async () => {
    expect(await e.value("(let* ((v #(1 2 3)) (w (vector-update v 1 'x))) (list v w (eq? v w)))")).toBe(
      "(#(1 2 3) #(1 x 3) #f)");
    expect(await e.error("(vector-update #(1 2) 2 'x)")).toBe("test.scm:1:1: vector-update: index out of range: 2");
  });
});

describe("LANGUAGE.md Extensions: define-macro and gensym", () => {
  it("define-macro defines a non-hygienic macro, in both the (name . args) and the lambda form", async () => {
    await e.value("(define-macro (my-unless c . body) `(if ,c #f (begin ,@body)))");
    await e.value("(define-macro my-or2 (lambda (a b) `(let ((t ,a)) (if t t ,b))))");
    await examples([
      ["(list (my-unless #f 1 2) (my-unless #t 1))", "(2 #f)"],
      ["(my-or2 #f 3)", "3"],
    ]);
  });

  it("gensym makes fresh symbols, so a macro's temporary cannot capture a user's variable", async () => {
    await e.value("(define-macro (swap! a b) (let ((tmp (gensym))) `(let ((,tmp ,a)) (set! ,a ,b) (set! ,b ,tmp))))");
    await examples([
      ["(let ((x 1) (y 2)) (swap! x y) (list x y))", "(2 1)"],
      ["(let ((tmp 5) (other 6)) (swap! tmp other) (list tmp other))", "(6 5)"],
      ["(symbol? (gensym))", "#t"],
      ["(eq? (gensym) (gensym))", "#f"],
      ["(eq? (gensym \"g\") 'g0)", "#f"],
    ]);
  });
});

describe("LANGUAGE.md Extensions: time", () => {
  it("(time expr) returns the value of expr and reports the time on the error port", async () => {
    expect(await e.value("(time (+ 1 2))")).toBe("3");
    expect(await e.output("(time (+ 1 2))")).toMatch(/^;; [0-9.]+ ms\n$/);
    expect(await e.value("(call-with-values (lambda () (time (values 1 2))) list)")).toBe("(1 2)");
  });
});

describe("LANGUAGE.md Extensions: the heap (gc, room, heap-statistics)", () => {
  const field = (path: string) => `(let loop ((s (heap-statistics)) (path '(${path}))) (if (null? path) s (loop (cdr (assq (car path) s)) (cdr path))))`;

  it("(gc) runs a full collection and returns what it took and left", async () => {
    const fresh = evaluator();
    const before = Number(await fresh.value(field("full-collections count")));
    expect(await fresh.value("(map car (gc))")).toBe("(pause-ms live-bytes old-pages pages-freed)");
    expect(Number(await fresh.value(field("full-collections count")))).toBe(before + 1);
    expect(Number(await fresh.value("(cdr (assq 'live-bytes (gc)))"))).toBeGreaterThan(0);
  });

  it("(gc) frees what is no longer reachable", async () => {
    const fresh = evaluator();
    await fresh.value("(define big (make-list 200000 'x)) (gc)");
    const live = Number(await fresh.value("(cdr (assq 'live-bytes (gc)))"));
    await fresh.value("(set! big #f)");
    const after = Number(await fresh.value("(cdr (assq 'live-bytes (gc)))"));
    expect(live - after).toBeGreaterThanOrEqual(200000 * 8);
  });

  it("(heap-statistics) gives pages and bytes per space and generation, collections and pauses", async () => {
    expect(await e.value("(map car (heap-statistics))")).toBe(
      "(limit-bytes pages-in-use pages-available page-bytes nursery-bytes young old stack-pages minor-collections " +
      "full-collections compactions promoted-bytes pages-freed)");
    expect(await e.value(`(map car (cdr (assq 'old (heap-statistics))))`)).toBe("(cons vector cell)");
    expect(await e.value(`(map car (cdr (assq 'minor-collections (heap-statistics))))`)).toBe("(count last-ms longest-ms total-ms)");
    expect(await e.value(field("page-bytes"))).toBe("65536");
  });

  it("(heap-statistics) counts the bytes of the conses allocated, young or promoted", async () => {
    const fresh = evaluator();
    const bytes = (generation: string) => `(cadr (cdr (assq 'cons (cdr (assq '${generation} (heap-statistics))))))`;
    const conses = `(+ ${bytes("young")} ${bytes("old")})`;
    const before = Number(await fresh.value(conses));
    const after = Number(await fresh.value(`(let ((l (make-list 10000 0))) ${conses})`));
    expect(after - before).toBeGreaterThanOrEqual(10000 * 8);
  });

  it("(room) writes a table of pages and bytes per space and generation, and the collections", async () => {
    const text = await e.output("(room)");
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^heap: \d+ pages of 64 KiB in use, .* of a 256 MiB limit; nursery 8 MiB$/);
    expect(lines[1]).toMatch(/^space +young pages +bytes +old pages +bytes$/);
    expect(lines.slice(2, 5).map((l) => l.split(/ +/)[0])).toEqual(["cons", "vector", "cell"]);
    expect(lines[5]).toMatch(/^stack +\d+ pages$/);
    expect(lines[6]).toMatch(/^collections: \d+ minor.*; \d+ full.*; \d+ compactions.*; .* promoted; \d+ pages freed$/);
  });
});
