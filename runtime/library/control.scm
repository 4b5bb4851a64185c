;;; The standard library, part 1: control. Continuations with dynamic-wind, multiple values,
;;; exceptions (R7RS 6.11), guard, parameters, promises, exit.
;;;
;;; The machine gives this file %call/cc (capture the continuation as a raw continuation object,
;;; which the machine invokes when it is called), %uncaught (end the run with an error), %exit,
;;; and it calls %raise-error for every error it or a primitive detects.
;;;
;;; Dynamic state lives in globals: %winders (the dynamic-wind frames, innermost first) and
;;; %handlers (the exception handlers, innermost first). A continuation remembers %winders and
;;; travels back to it when invoked.

;;; ---- Multiple values ------------------------------------------------------------------------

(define (call-with-values producer consumer)
  (let ((v (producer)))
    (if (%values? v)
        (apply consumer (%values->list v))
        (consumer v))))

;; The name the expander's let-values and define-values call, which user code does not redefine.
(define %call-with-values call-with-values)

;;; ---- dynamic-wind and continuations ---------------------------------------------------------

;; A winder is one dynamic-wind's extent: its before and after thunks, and its depth, the
;; number of extents it is nested in plus one. %winders lists the winders of the current extent,
;; innermost first, so the depth of its first winder is its length.
(define-record-type %winder
  (%make-winder before after depth)
  %winder?
  (before %winder-before)
  (after %winder-after)
  (depth %winder-depth))

(define %winders '())

(define (%winders-depth winders)
  (if (null? winders) 0 (%winder-depth (car winders))))

;; Runs the after thunks out of the current dynamic extent and the before thunks into `target`,
;; through the deepest extent they share. The depths find that extent by walking only the
;; winders the two lists do not share, so a jump between nearby extents costs little however
;; deep they are (a guard's normal return is such a jump).
(define (%travel-to target)
  (define (common-tail x y)
    (let loop ((x x) (dx (%winders-depth x)) (y y) (dy (%winders-depth y)))
      (cond ((eq? x y) x)
            ((> dx dy) (loop (cdr x) (- dx 1) y dy))
            ((< dx dy) (loop x dx (cdr y) (- dy 1)))
            (else (loop (cdr x) (- dx 1) (cdr y) (- dy 1))))))
  (let ((tail (common-tail target %winders)))
    (let unwind ((ls %winders))
      (unless (eq? ls tail)
        (set! %winders (cdr ls))
        ((%winder-after (car ls)))
        (unwind (cdr ls))))
    (let rewind ((ls target))
      (unless (eq? ls tail)
        (rewind (cdr ls))
        ((%winder-before (car ls)))
        (set! %winders ls)))))

(define (dynamic-wind before thunk after)
  (before)
  (set! %winders (cons (%make-winder before after (+ (%winders-depth %winders) 1)) %winders))
  (call-with-values thunk
    (lambda results
      (set! %winders (cdr %winders))
      (after)
      (apply values results))))

(define (call-with-current-continuation receiver)
  (let ((winders %winders))
    (%call/cc
     (lambda (k)
       (receiver
        (lambda results
          (%travel-to winders)
          (apply k results)))))))

(define call/cc call-with-current-continuation)

;;; ---- Exceptions -----------------------------------------------------------------------------

(define %handlers '())

(define (%with-handlers handlers thunk)
  (let ((saved %handlers))
    (dynamic-wind
     (lambda () (set! %handlers handlers))
     thunk
     (lambda () (set! %handlers saved)))))

(define (with-exception-handler handler thunk)
  (unless (procedure? handler)
    (%raise-error 'type "with-exception-handler: expected a procedure" (list handler) #f))
  (%with-handlers (cons handler %handlers) thunk))

;; No handler takes `obj`: an uncaught error. The dynamic extents the computation was in are
;; left first, after thunks and all (as exit leaves them), so that the next toplevel form does
;; not start inside them, with a parameterize's values still in place and after thunks that a
;; later exit or escape would run. Then the host reports it (%uncaught) and either ends the
;; program (a script) or goes on: the toplevel loop starts afresh with its next form (the REPL).
(define (%uncaught-condition obj)
  (%travel-to '())
  (%uncaught obj)
  (%abort %toplevel))

;; Ctrl-C (machine.ts M8): leaves the computation as an uncaught error does; no handler sees it.
(define (%interrupted)
  (%uncaught-condition (%make-error-object 'interrupt "interrupted" '() #f)))

(define (raise-continuable obj)
  (let ((handlers %handlers))
    (if (null? handlers)
        (%uncaught-condition obj)
        (%with-handlers (cdr handlers) (lambda () ((car handlers) obj))))))

(define (raise obj)
  (let ((handlers %handlers))
    (if (null? handlers)
        (%uncaught-condition obj)
        (begin
          (%with-handlers (cdr handlers) (lambda () ((car handlers) obj)))
          ;; The handler returned from a non-continuable raise: a secondary error, raised in the
          ;; dynamic environment of the handler (R7RS 6.11).
          (%with-handlers (cdr handlers)
            (lambda ()
              (raise (%make-error-object 'error "raise: a handler returned from a non-continuable raise" (list obj) #f))))))))

;; Called by the machine for every error it or a primitive detects.
(define (%raise-error kind message irritants where)
  (raise (%make-error-object kind message irritants where)))

(define (error message . irritants)
  (raise (%make-error-object 'error message irritants #f)))

(define (error-object-kind obj) (%error-object-kind obj))

;; guard (R7RS 4.2.7): the clauses run in the dynamic environment of the guard; if none applies,
;; the condition is raised again, continuably, in the dynamic environment of the original raise.
;; `handler` is (lambda (condition reraise) clauses...), from the expander.
(define (%guard handler body)
  ((call/cc
    (lambda (guard-k)
      (with-exception-handler
       (lambda (condition)
         ((call/cc
           (lambda (handler-k)
             (guard-k
              (lambda ()
                (handler condition
                         (lambda ()
                           (handler-k (lambda () (raise-continuable condition)))))))))))
       (lambda ()
         (call-with-values body
           (lambda results
             (guard-k (lambda () (apply values results)))))))))))

;;; ---- Parameters -----------------------------------------------------------------------------

(define (make-parameter value . converter)
  (let ((convert (if (pair? converter) (car converter) #f)))
    (%make-parameter (if convert (convert value) value) convert)))

(define (%parameterize parameters values body)
  (for-each (lambda (p)
              (unless (%parameter? p)
                (%raise-error 'type "parameterize: expected a parameter object" (list p) #f)))
            parameters)
  (let ((boxes (map %parameter-box parameters))
        (new (map (lambda (p v)
                    (let ((convert (%parameter-converter p)))
                      (if convert (convert v) v)))
                  parameters values))
        (old #f))
    (dynamic-wind
     (lambda ()
       (set! old (map unbox boxes))
       (for-each set-box! boxes new))
     body
     (lambda ()
       (set! new (map unbox boxes))
       (for-each set-box! boxes old)))))

;;; ---- Promises (R7RS 4.2.5, after the reference implementation) ------------------------------

;; A promise holds a box of (done? . value-or-thunk); promises forced through one another come
;; to share one box, which is what makes iterative lazy algorithms run in constant space.
(define-record-type promise
  (%make-promise-record box)
  promise?
  (box %promise-box %set-promise-box!))

(define (%make-lazy thunk)
  (%make-promise-record (box (cons #f thunk))))

(define (make-promise obj)
  (if (promise? obj) obj (%make-promise-record (box (cons #t obj)))))

(define (%make-delayed thunk)
  (%make-lazy (lambda () (make-promise (thunk)))))

(define (force promise)
  (if (not (promise? promise))
      promise
      (let ((state (unbox (%promise-box promise))))
        (if (car state)
            (cdr state)
            (let ((promise* ((cdr state))))
              (unless (car (unbox (%promise-box promise)))
                (set-box! (%promise-box promise) (unbox (%promise-box promise*)))
                (%set-promise-box! promise* (%promise-box promise)))
              (force promise))))))

;;; ---- Leaving ---------------------------------------------------------------------------------

(define (exit . status)
  (%travel-to '())
  (%exit (if (pair? status) (car status) #t)))

(define (emergency-exit . status)
  (%exit (if (pair? status) (car status) #t)))
