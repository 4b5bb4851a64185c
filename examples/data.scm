;; Lisp data of every kind the reader knows. Until the evaluator exists, `stasis data.scm`
;; writes each datum back in its canonical form.
(define point '(3 . 4))
#(1 #t #\a "tab\there")
#u8(0 127 255)
(1 2 . 3)
'quoted `(a ,b ,@c)
#| a block comment #| nested |# |#
#;(this datum is skipped)
(numbers 42 -7 #xff #b1010 #o17 1.5 .5 1e21 6.02e23 #e1.5e2 #i3 +inf.0 -nan.0 4/2)
(big 123456789012345678901234567890 -1073741825)
(chars #\space #\newline #\x3bb #\λ #\()
(symbols |hello world| λ ->x ... +)
"unicode: λ😀, escapes: \x41;\\\"."
