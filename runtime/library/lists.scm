;;; The standard library, part 2: higher-order procedures on lists, vectors and strings (R7RS
;;; 6.4, 6.7, 6.8, 6.10), the SRFI-1 extras of LANGUAGE.md, and sorting (SRFI-132).

;;; ---- Mapping ---------------------------------------------------------------------------------

(define (%cars lists) (if (null? lists) '() (cons (caar lists) (%cars (cdr lists)))))
(define (%cdrs lists) (if (null? lists) '() (cons (cdar lists) (%cdrs (cdr lists)))))
(define (%any-null? lists) (and (pair? lists) (or (null? (car lists)) (%any-null? (cdr lists)))))

(define (map f list . lists)
  (if (null? lists)
      (let loop ((l list) (acc '()))
        (if (pair? l) (loop (cdr l) (cons (f (car l)) acc)) (reverse acc)))
      (let loop ((ls (cons list lists)) (acc '()))
        (if (%any-null? ls) (reverse acc) (loop (%cdrs ls) (cons (apply f (%cars ls)) acc))))))

(define (for-each f list . lists)
  (if (null? lists)
      (let loop ((l list))
        (when (pair? l) (f (car l)) (loop (cdr l))))
      (let loop ((ls (cons list lists)))
        (unless (%any-null? ls) (apply f (%cars ls)) (loop (%cdrs ls))))))

(define (append-map f . lists) (apply append (apply map f lists)))

(define (filter-map f list)
  (let loop ((l list) (acc '()))
    (cond ((null? l) (reverse acc))
          ((f (car l)) => (lambda (v) (loop (cdr l) (cons v acc))))
          (else (loop (cdr l) acc)))))

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

(define (find pred list)
  (let loop ((l list))
    (cond ((null? l) #f) ((pred (car l)) (car l)) (else (loop (cdr l))))))

(define (find-tail pred list)
  (let loop ((l list))
    (cond ((null? l) #f) ((pred (car l)) l) (else (loop (cdr l))))))

(define (list-index pred list)
  (let loop ((l list) (i 0))
    (cond ((null? l) #f) ((pred (car l)) i) (else (loop (cdr l) (+ i 1))))))

(define (any pred list . lists)
  (if (null? lists)
      (let loop ((l list))
        (and (pair? l) (or (pred (car l)) (loop (cdr l)))))
      (let loop ((ls (cons list lists)))
        (and (not (%any-null? ls)) (or (apply pred (%cars ls)) (loop (%cdrs ls)))))))

(define (every pred list . lists)
  (if (null? lists)
      (let loop ((l list) (last #t))
        (if (pair? l) (let ((v (pred (car l)))) (and v (loop (cdr l) v))) last))
      (let loop ((ls (cons list lists)) (last #t))
        (if (%any-null? ls) last (let ((v (apply pred (%cars ls)))) (and v (loop (%cdrs ls) v)))))))

(define (count pred list)
  (let loop ((l list) (n 0))
    (if (null? l) n (loop (cdr l) (if (pred (car l)) (+ n 1) n)))))

;;; ---- Folding and filtering (SRFI-1 argument orders) ------------------------------------------

;; (fold kons knil list ...): kons takes the element(s), then the accumulator.
(define (fold kons knil list . lists)
  (if (null? lists)
      (let loop ((l list) (acc knil))
        (if (pair? l) (loop (cdr l) (kons (car l) acc)) acc))
      (let loop ((ls (cons list lists)) (acc knil))
        (if (%any-null? ls) acc (loop (%cdrs ls) (apply kons (append (%cars ls) (list acc))))))))

;; (fold-left f init list ...): f takes the accumulator, then the element(s).
(define (fold-left f init list . lists)
  (if (null? lists)
      (let loop ((l list) (acc init))
        (if (pair? l) (loop (cdr l) (f acc (car l))) acc))
      (let loop ((ls (cons list lists)) (acc init))
        (if (%any-null? ls) acc (loop (%cdrs ls) (apply f acc (%cars ls)))))))

;; (fold-right f init list ...): f takes the element(s), then the accumulator, from the right.
(define (fold-right f init list . lists)
  (if (null? lists)
      (let loop ((l (reverse list)) (acc init))
        (if (pair? l) (loop (cdr l) (f (car l) acc)) acc))
      (let loop ((rows (reverse (apply map (lambda xs xs) list lists))) (acc init))
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
  (let loop ((l list) (k k) (acc '()))
    (if (= k 0) (reverse acc) (loop (cdr l) (- k 1) (cons (car l) acc)))))
(define (drop list k) (list-tail list k))
(define (take-while pred list)
  (let loop ((l list) (acc '()))
    (if (and (pair? l) (pred (car l))) (loop (cdr l) (cons (car l) acc)) (reverse acc))))
(define (drop-while pred list)
  (let loop ((l list))
    (if (and (pair? l) (pred (car l))) (loop (cdr l)) l)))

;;; ---- Sorting ---------------------------------------------------------------------------------

;; A stable merge sort: (list-sort less? list) from SRFI-132, (sort list less?) the older order.
(define (list-sort less? list)
  (define (merge a b)
    (let loop ((a a) (b b) (acc '()))
      (cond ((null? a) (append-reverse acc b))
            ((null? b) (append-reverse acc a))
            ((less? (car b) (car a)) (loop a (cdr b) (cons (car b) acc)))
            (else (loop (cdr a) b (cons (car a) acc))))))
  (define (append-reverse rev tail)
    (if (null? rev) tail (append-reverse (cdr rev) (cons (car rev) tail))))
  ;; Bottom-up: merge runs of 1, 2, 4, ... so no recursion deeper than log n.
  (let loop ((runs (map list list)))
    (cond ((null? runs) '())
          ((null? (cdr runs)) (car runs))
          (else
           (loop (let pair ((rs runs) (acc '()))
                   (cond ((null? rs) (reverse acc))
                         ((null? (cdr rs)) (reverse (cons (car rs) acc)))
                         (else (pair (cddr rs) (cons (merge (car rs) (cadr rs)) acc))))))))))

(define (sort list less?) (list-sort less? list))
(define (vector-sort less? v) (list->vector (list-sort less? (vector->list v))))
