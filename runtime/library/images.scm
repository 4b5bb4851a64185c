;;; Images: saving and resuming the whole world (LANGUAGE.md "Images"). The work is the
;;; session's, at a safe point of the machine (%image); these give it its names and arguments.
;;; %image is never called in tail position: the call's frame is where the resumed world's
;;; value (#t) is put.

(define (sysout name)
  (if (%image 'sysout name) #t #f))

(define (checkpoint)
  (if (%image 'checkpoint) #t #f))

(define (sysin name . commit)
  (let ((value (%image 'sysin name (if (pair? commit) (car commit) #f))))
    value))

(define (images)
  (let ((names (%image 'images))) names))

(define (image-info name)
  (let ((info (%image 'image-info name))) info))

(define (image-history name)
  (let ((commits (%image 'image-history name))) commits))

(define (delete-image name)
  (let ((deleted (%image 'delete-image name))) deleted))

(define (autosave seconds)
  (let ((unspecified (%image 'autosave seconds))) unspecified))
