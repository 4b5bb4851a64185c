;;; The standard library, part 3: hash tables and maps with procedures, ports with procedures,
;;; evaluation helpers, timing, and the loops the command line runs programs with.

;;; ---- Hash tables (SRFI-69) and hash maps ------------------------------------------------------

(define %missing (list 'missing))

(define (hash-table-ref table key . rest)
  (let ((v (hash-table-ref/default table key %missing)))
    (cond ((not (eq? v %missing))
           (if (and (pair? rest) (pair? (cdr rest))) ((cadr rest) v) v))
          ((pair? rest) ((car rest)))
          (else (%raise-error 'error "hash-table-ref: key not found" (list key) #f)))))

(define (hash-table-update! table key proc . failure)
  (hash-table-set! table key (proc (apply hash-table-ref table key failure))))

(define (hash-table-update!/default table key proc default)
  (hash-table-set! table key (proc (hash-table-ref/default table key default))))

(define (hash-table-walk table proc)
  (for-each (lambda (entry) (proc (car entry) (cdr entry))) (hash-table->alist table)))

(define (hash-table-fold table kons knil)
  (fold (lambda (entry acc) (kons (car entry) (cdr entry) acc)) knil (hash-table->alist table)))

;; (hash-map-fold kons knil map), SRFI-146's order: kons takes key, value, accumulator.
(define (hash-map-fold kons knil map)
  (fold (lambda (entry acc) (kons (car entry) (cdr entry) acc)) knil (hash-map->alist map)))

;;; ---- Ports -----------------------------------------------------------------------------------

(define (call-with-port port proc)
  (call-with-values (lambda () (proc port))
    (lambda results (close-port port) (apply values results))))

(define (call-with-input-file file proc) (call-with-port (open-input-file file) proc))
(define (call-with-output-file file proc) (call-with-port (open-output-file file) proc))

(define (with-input-from-file file thunk)
  (let ((port (open-input-file file)))
    (call-with-values (lambda () (parameterize ((current-input-port port)) (thunk)))
      (lambda results (close-port port) (apply values results)))))

(define (with-output-to-file file thunk)
  (let ((port (open-output-file file)))
    (call-with-values (lambda () (parameterize ((current-output-port port)) (thunk)))
      (lambda results (close-port port) (apply values results)))))

(define (with-output-to-string thunk)
  (let ((port (open-output-string)))
    (parameterize ((current-output-port port)) (thunk))
    (get-output-string port)))

(define (call-with-output-string proc)
  (let ((port (open-output-string)))
    (proc port)
    (get-output-string port)))

;;; ---- Timing ----------------------------------------------------------------------------------

;; (time expression): evaluates it, writes how long it took to the current error port, and
;; returns its values.
(define-syntax time
  (syntax-rules ()
    ((_ expression) (%time (lambda () expression)))))

(define (%time thunk)
  (let ((start (current-jiffy)))
    (call-with-values thunk
      (lambda results
        (let ((ms (/ (* 1000.0 (- (current-jiffy) start)) (jiffies-per-second))))
          (display ";; " (current-error-port))
          (display (/ (round (* ms 1000)) 1000) (current-error-port))
          (display " ms" (current-error-port))
          (newline (current-error-port)))
        (apply values results)))))

;;; ---- The heap ------------------------------------------------------------------------------------

;; (gc): a full collection, now; returns what it took and left:
;; ((pause-ms . MS) (live-bytes . N) (old-pages . N) (pages-freed . N)).
(define (gc)
  (%collect 'full)
  (%last-collection))

;; (room): a table of the heap's pages and bytes per space and generation, and the collections
;; so far, written to the current output port. (heap-statistics) gives the same as data.
(define (room)
  (display (%room-report)))

;;; ---- Running programs -------------------------------------------------------------------------

;; A script: every toplevel form, in order (the command line's FILE mode). The forms are heap
;; data, so a computation saved in the middle of a script resumes with the rest of it.
(define (%run-forms forms)
  (for-each (lambda (form) (eval form)) forms))

;; (load file): every form of a source file, in order (R7RS 6.14, scheme load).
(define (load file . environment)
  (%run-forms (%read-source-file file)))

;; -e EXPR: the value of the last form.
(define (%eval-forms forms)
  (let loop ((forms forms) (value (if #f #f)))
    (if (null? forms) value (loop (cdr forms) (eval (car forms))))))
