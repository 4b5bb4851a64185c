;; The eight queens: how many ways to place n queens on an n x n board, none attacking another.
(define (queens n)
  (define (safe? col placed)
    (let loop ((rest placed) (distance 1))
      (or (null? rest)
          (let ((other (car rest)))
            (and (not (= other col))
                 (not (= (abs (- other col)) distance))
                 (loop (cdr rest) (+ distance 1)))))))
  (let place ((row 0) (placed '()))
    (if (= row n)
        1
        (let try ((col 0) (count 0))
          (if (= col n)
              count
              (try (+ col 1)
                   (if (safe? col placed)
                       (+ count (place (+ row 1) (cons col placed)))
                       count)))))))

(for-each (lambda (n)
            (display n) (display " queens: ") (display (queens n)) (newline))
          '(4 5 6 7 8))
