;; Lisp data of every kind the reader knows, written back in canonical form.
(for-each
 (lambda (datum) (write datum) (newline))
 '((define point (3 . 4))
   #(1 #t #\a "tab\there")
   #u8(0 127 255)
   (1 2 . 3)
   'quoted `(a ,b ,@c)
   (numbers 42 -7 #xff #b1010 #o17 1.5 .5 1e21 6.02e23 #e1.5e2 #i3 +inf.0 4/2)
   (big 123456789012345678901234567890 -1073741825)
   (chars #\space #\newline #\x3bb #\()
   (symbols |hello world| λ ->x ... +)
   "unicode: λ😀, escapes: \x41;\\\"."))
