;;; The standard library, part 2: higher-order procedures on lists, vectors and strings (R7RS
;;; 6.4, 6.7, 6.8, 6.10), the SRFI-1 extras of LANGUAGE.md, and sorting (SRFI-132).
;;;
;;; A parameter named `list` shadows the procedure list in its body: a procedure that calls list
;;; names its list parameter otherwise (first, items).

;;; ---- Mapping ---------------------------------------------------------------------------------

(define (%cars lists) (if (null? lists) '() (cons (caar lists) (%cars (cdr lists)))))
(define (%cdrs lists) (if (null? lists) '() (cons (cdar lists) (%cdrs (cdr lists)))))
(define (%any-null? lists) (and (pair? lists) (or (null? (car lists)) (%any-null? (cdr lists)))))

;; The end of a list argument that is not (): the type error a primitive would raise.
(define (%not-a-list who x)
  (%raise-error 'type (string-append who ": expected a proper list") (cons x '()) #f))

(define (map f list . lists)
  (if (null? lists)
      (let loop ((l list) (acc '()))
        (cond ((pair? l) (loop (cdr l) (cons (f (car l)) acc)))
              ((null? l) (reverse acc))
              (else (%not-a-list "map" list))))
      (let loop ((ls (cons list lists)) (acc '()))
        (if (%any-null? ls) (reverse acc) (loop (%cdrs ls) (cons (apply f (%cars ls)) acc))))))

(define (for-each f list . lists)
  (if (null? lists)
      (let loop ((l list))
        (cond ((pair? l) (f (car l)) (loop (cdr l)))
              ((not (null? l)) (%not-a-list "for-each" list))))
      (let loop ((ls (cons list lists)))
        (unless (%any-null? ls) (apply f (%cars ls)) (loop (%cdrs ls))))))

(define (append-map f . lists) (apply append (apply map f lists)))

(define (filter-map f list . lists)
  (if (null? lists)
      (let loop ((l list) (acc '()))
        (cond ((null? l) (reverse acc))
              ((f (car l)) => (lambda (v) (loop (cdr l) (cons v acc))))
              (else (loop (cdr l) acc))))
      (let loop ((ls (cons list lists)) (acc '()))
        (cond ((%any-null? ls) (reverse acc))
              ((apply f (%cars ls)) => (lambda (v) (loop (%cdrs ls) (cons v acc))))
              (else (loop (%cdrs ls) acc))))))

(define (vector-map f v . vs)
  (list->vector (apply map f (vector->list v) (map vector->list vs))))
(define (vector-for-each f v . vs)
  (apply for-each f (vector->list v) (map vector->list vs)))
(define (string-map f s . ss)
  (list->string (apply map f (string->list s) (map string->list ss))))
(define (string-for-each f s . ss)
  (apply for-each f (string->list s) (map string->list ss)))

;;; ---- Searching -------------------------------------------------------------------------------

(define %member member)
(define (member x list . compare)
  (if (null? compare)
      (%member x list)
      (let ((same? (car compare)))
        (let loop ((l list))
          (cond ((null? l) #f) ((same? x (car l)) l) (else (loop (cdr l))))))))

(define %assoc assoc)
(define (assoc key alist . compare)
  (if (null? compare)
      (%assoc key alist)
      (let ((same? (car compare)))
        (let loop ((l alist))
          (cond ((null? l) #f) ((same? key (caar l)) (car l)) (else (loop (cdr l))))))))

;; (string-index string char-or-pred [start [end]]) (SRFI-13): the primitive takes a character;
;; this adds the predicate form. string->list checks the range.
(define %string-index string-index)
(define (string-index s wanted . range)
  (if (char? wanted)
      (apply %string-index s wanted range)
      (let loop ((cs (apply string->list s range)) (i (if (pair? range) (car range) 0)))
        (cond ((null? cs) #f) ((wanted (car cs)) i) (else (loop (cdr cs) (+ i 1)))))))

(define (find pred list)
  (let loop ((l list))
    (cond ((null? l) #f) ((pred (car l)) (car l)) (else (loop (cdr l))))))

(define (find-tail pred list)
  (let loop ((l list))
    (cond ((null? l) #f) ((pred (car l)) l) (else (loop (cdr l))))))

(define (list-index pred list . lists)
  (if (null? lists)
      (let loop ((l list) (i 0))
        (cond ((null? l) #f) ((pred (car l)) i) (else (loop (cdr l) (+ i 1)))))
      (let loop ((ls (cons list lists)) (i 0))
        (cond ((%any-null? ls) #f) ((apply pred (%cars ls)) i) (else (loop (%cdrs ls) (+ i 1)))))))

(define (any pred list . lists)
  (if (null? lists)
      (let loop ((l list))
        (cond ((pair? l) (or (pred (car l)) (loop (cdr l))))
              ((null? l) #f)
              (else (%not-a-list "any" list))))
      (let loop ((ls (cons list lists)))
        (and (not (%any-null? ls)) (or (apply pred (%cars ls)) (loop (%cdrs ls)))))))

(define (every pred list . lists)
  (if (null? lists)
      (let loop ((l list) (last #t))
        (cond ((pair? l) (let ((v (pred (car l)))) (and v (loop (cdr l) v))))
              ((null? l) last)
              (else (%not-a-list "every" list))))
      (let loop ((ls (cons list lists)) (last #t))
        (if (%any-null? ls) last (let ((v (apply pred (%cars ls)))) (and v (loop (%cdrs ls) v)))))))

(define (count pred list . lists)
  (if (null? lists)
      (let loop ((l list) (n 0))
        (if (null? l) n (loop (cdr l) (if (pred (car l)) (+ n 1) n))))
      (let loop ((ls (cons list lists)) (n 0))
        (if (%any-null? ls) n (loop (%cdrs ls) (if (apply pred (%cars ls)) (+ n 1) n))))))

;;; ---- Folding and filtering (SRFI-1 argument orders) ------------------------------------------

;; (fold kons knil list ...): kons takes the element(s), then the accumulator.
(define (fold kons knil first . lists)
  (if (null? lists)
      (let loop ((l first) (acc knil))
        (cond ((pair? l) (loop (cdr l) (kons (car l) acc)))
              ((null? l) acc)
              (else (%not-a-list "fold" first))))
      (let loop ((ls (cons first lists)) (acc knil))
        (if (%any-null? ls) acc (loop (%cdrs ls) (apply kons (append (%cars ls) (list acc))))))))

;; (fold-left f init list ...): f takes the accumulator, then the element(s).
(define (fold-left f init list . lists)
  (if (null? lists)
      (let loop ((l list) (acc init))
        (cond ((pair? l) (loop (cdr l) (f acc (car l))))
              ((null? l) acc)
              (else (%not-a-list "fold-left" list))))
      (let loop ((ls (cons list lists)) (acc init))
        (if (%any-null? ls) acc (loop (%cdrs ls) (apply f acc (%cars ls)))))))

;; (fold-right f init list ...): f takes the element(s), then the accumulator, from the right.
(define (fold-right f init first . lists)
  (if (null? lists)
      (let loop ((l (reverse first)) (acc init))
        (if (pair? l) (loop (cdr l) (f (car l) acc)) acc))
      (let loop ((rows (reverse (apply map (lambda xs xs) first lists))) (acc init))
        (if (pair? rows) (loop (cdr rows) (apply f (append (car rows) (list acc)))) acc))))

(define (reduce f ridentity list)
  (if (null? list) ridentity (fold f (car list) (cdr list))))

(define (filter pred list)
  (let loop ((l list) (acc '()))
    (cond ((null? l) (reverse acc))
          ((pred (car l)) (loop (cdr l) (cons (car l) acc)))
          (else (loop (cdr l) acc)))))

(define (remove pred list) (filter (lambda (x) (not (pred x))) list))

(define (partition pred list)
  (let loop ((l list) (in '()) (out '()))
    (cond ((null? l) (values (reverse in) (reverse out)))
          ((pred (car l)) (loop (cdr l) (cons (car l) in) out))
          (else (loop (cdr l) in (cons (car l) out))))))

(define %delete delete)
(define (delete x list . compare)
  (if (null? compare)
      (%delete x list)
      (let ((same? (car compare)))
        (filter (lambda (y) (not (same? x y))) list))))

(define %delete-duplicates delete-duplicates)
(define (delete-duplicates list . compare)
  (if (null? compare)
      (%delete-duplicates list)
      (let ((same? (car compare)))
        (let loop ((l list) (acc '()))
          (cond ((null? l) (reverse acc))
                ((any (lambda (y) (same? y (car l))) acc) (loop (cdr l) acc))
                (else (loop (cdr l) (cons (car l) acc))))))))

(define (take list k)
  (let loop ((l list) (i k) (acc '()))
    (cond ((= i 0) (reverse acc))
          ((pair? l) (loop (cdr l) (- i 1) (cons (car l) acc)))
          (else (%raise-error 'range "take: index out of range" (cons k '()) #f)))))
(define (drop list k) (list-tail list k))
(define (take-while pred list)
  (let loop ((l list) (acc '()))
    (if (and (pair? l) (pred (car l))) (loop (cdr l) (cons (car l) acc)) (reverse acc))))
(define (drop-while pred list)
  (let loop ((l list))
    (if (and (pair? l) (pred (car l))) (loop (cdr l)) l)))

;;; ---- Sorting ---------------------------------------------------------------------------------

;; A stable merge sort: (list-sort less? list) from SRFI-132, (sort list less?) the older order.
(define (list-sort less? items)
  (define (merge a b)
    (let loop ((a a) (b b) (acc '()))
      (cond ((null? a) (append-reverse acc b))
            ((null? b) (append-reverse acc a))
            ((less? (car b) (car a)) (loop a (cdr b) (cons (car b) acc)))
            (else (loop (cdr a) b (cons (car a) acc))))))
  (define (append-reverse rev tail)
    (if (null? rev) tail (append-reverse (cdr rev) (cons (car rev) tail))))
  (unless (list? items) (%not-a-list "list-sort" items))
  ;; Bottom-up: merge runs of 1, 2, 4, ... so no recursion deeper than log n.
  (let loop ((runs (map list items)))
    (cond ((null? runs) '())
          ((null? (cdr runs)) (car runs))
          (else
           (loop (let pair ((rs runs) (acc '()))
                   (cond ((null? rs) (reverse acc))
                         ((null? (cdr rs)) (reverse (cons (car rs) acc)))
                         (else (pair (cddr rs) (cons (merge (car rs) (cadr rs)) acc))))))))))

(define (sort list less?) (list-sort less? list))
(define (vector-sort less? v) (list->vector (list-sort less? (vector->list v))))
