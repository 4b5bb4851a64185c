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

;;; ---- The REPL ----------------------------------------------------------------------------------

;; How much of a value the REPL shows on a terminal: elements of a list, vector or string, and
;; depth of nesting, before `...`; #f: all of it (as Common Lisp's *print-length* and
;; *print-depth*: set them with set!). ,pp always shows all.
(define repl-print-length 200)
(define repl-print-depth 50)

;;; ---- Tracing (the REPL's ,trace and ,untrace) ---------------------------------------------------

;; The traced globals: (name wrapper . procedure) for each, the procedure being what the global
;; held when it was traced.
(define %traced (box '()))
(define %trace-depth (make-parameter 0))

;; Makes the global `name` a procedure that writes each call, indented by depth, and the values it
;; returns, then returns them. Tracing costs the procedure its tail calls, as in Racket.
(define (%trace name)
  (let ((procedure (eval name)))
    (unless (procedure? procedure)
      (error "trace: not a procedure:" name))
    (let ((wrapper
           (lambda args
             (let ((indent (make-string (* 2 (%trace-depth)) #\space)))
               (display indent) (write (cons name args)) (newline)
               (call-with-values
                 (lambda () (parameterize ((%trace-depth (+ (%trace-depth) 1))) (apply procedure args)))
                 (lambda results
                   (display indent) (display "=>")
                   (for-each (lambda (r) (display " ") (write r)) results)
                   (newline)
                   (apply values results)))))))
      (%untrace-quietly name)
      (set-box! %traced (cons (cons name (cons wrapper procedure)) (unbox %traced)))
      (eval (list 'set! name (list 'quote wrapper)))
      name)))

;; Gives the global `name` back the procedure it held when traced, unless it was redefined since.
(define (%untrace name)
  (unless (assq name (unbox %traced))
    (error "untrace: not traced:" name))
  (%untrace-quietly name)
  name)

(define (%untrace-quietly name)
  (let ((entry (assq name (unbox %traced))))
    (when entry
      (when (eq? (eval name) (cadr entry))
        (eval (list 'set! name (list 'quote (cddr entry)))))
      (set-box! %traced (remove (lambda (e) (eq? e entry)) (unbox %traced))))))

;;; ---- The toplevel -------------------------------------------------------------------------------

;; The world's toplevel loop: the REPL, a script and -e all run their forms in it (repl/session.ts).
;; Each form is read when the one before it has finished, from the toplevel input (%toplevel-read,
;; the host's): first the forms the host has queued in %toplevel-forms (a script's, -e's), then
;; the host's own input (the REPL's terminal; nothing, for a script or -e). Its values go to the host, which shows them as its mode does
;; (%toplevel-show). The loop keeps nothing in its frames, so a continuation of a toplevel form
;; goes on as the loop would: invoked from a later form, it runs the rest of its own form, shows
;; that form's values as the current one's, and reads the next form (as Chez, Guile and Racket
;; do). After an uncaught error the host goes on from, the loop starts afresh (%abort).
(define (%toplevel)
  (let ((form (%toplevel-read)))
    (unless (eof-object? form)
      (call-with-values (lambda () (eval form)) %toplevel-show)
      (%toplevel))))

;; The forms queued for the toplevel, in order: heap data, so a world saved in the middle of a
;; script resumes with the rest of it.
(define %toplevel-forms '())

;; (load file): every form of a source file, in order (R7RS 6.14, scheme load). Each is taken
;; from the rest when the one before has finished, as from a port: a continuation of one of them,
;; invoked again later, goes on with the forms not yet loaded, not with the same ones again.
(define (load file . environment)
  (let ((rest (box (%read-source-file file))))
    (let loop ()
      (let ((forms (unbox rest)))
        (when (pair? forms)
          (set-box! rest (cdr forms))
          (eval (car forms))
          (loop))))))

;; The loop after the host abandoned a computation where it stood (the heap was full even for
;; raising an error, or a bug of Stasis): its dynamic extents are left first.
(define (%toplevel-restart)
  (%travel-to '())
  (%toplevel))
