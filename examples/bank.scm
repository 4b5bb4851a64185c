;; State lives in cells: an account is a closure over a box; records with a mutable field keep
;; it in a cell too. Pairs and vectors stay immutable.
(define (make-account balance)
  (let ((funds (box balance)))
    (lambda (operation amount)
      (case operation
        ((deposit) (set-box! funds (+ (unbox funds) amount)) (unbox funds))
        ((withdraw)
         (if (> amount (unbox funds))
             (error "insufficient funds" amount)
             (begin (set-box! funds (- (unbox funds) amount)) (unbox funds))))
        (else (error "unknown operation" operation))))))

(define account (make-account 100))
(display (account 'deposit 50)) (newline)
(display (account 'withdraw 30)) (newline)
(display (guard (e ((error-object? e)
                    (string-append "refused: " (error-object-message e))))
           (account 'withdraw 1000)))
(newline)

(define-record-type <ledger> (make-ledger owner entries) ledger?
  (owner ledger-owner)
  (entries ledger-entries set-ledger-entries!))

(define book (make-ledger "ada" '()))
(for-each (lambda (amount) (set-ledger-entries! book (cons amount (ledger-entries book))))
          '(10 -4 7))
(write (list (ledger-owner book) (reverse (ledger-entries book)) (apply + (ledger-entries book))))
(newline)
(write (guard (e (#t (error-object-message e))) (set-car! '(1 2) 3)))
(newline)
