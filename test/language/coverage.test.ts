// Every procedure LANGUAGE.md promises is bound to a procedure in a fresh session: the procedures
// of the R7RS libraries listed under "In" (from the report's library index, appendix A:
// procedures only, not syntax), the mutators of "Out" (bound, to say they are refused), and the
// procedures of "Extensions".
import { evaluator } from "./support";

/** R7RS appendix A, library by library, procedures only. */
const R7RS_LIBRARIES: Readonly<Record<string, string>> = {
  "(scheme base)": `
    * + - / < <= = > >= abs append apply assoc assq assv binary-port? boolean=? boolean?
    bytevector bytevector-append bytevector-copy bytevector-copy! bytevector-length
    bytevector-u8-ref bytevector-u8-set! bytevector? caar cadr call-with-current-continuation
    call-with-port call-with-values call/cc car cdar cddr cdr ceiling char->integer char-ready?
    char<=? char<? char=? char>=? char>? char? close-input-port close-output-port close-port
    complex? cons current-error-port current-input-port current-output-port denominator
    dynamic-wind eof-object eof-object? eq? equal? eqv? error error-object-irritants
    error-object-message error-object? even? exact exact-integer-sqrt exact-integer? exact?
    expt features file-error? floor floor-quotient floor-remainder floor/ flush-output-port
    for-each gcd get-output-bytevector get-output-string inexact inexact? input-port-open?
    input-port? integer->char integer? lcm length list list->string list->vector list-copy
    list-ref list-set! list-tail list? make-bytevector make-list make-parameter make-string
    make-vector map max member memq memv min modulo negative? newline not null?
    number->string number? numerator odd? open-input-bytevector open-input-string
    open-output-bytevector open-output-string output-port-open? output-port? pair? peek-char
    peek-u8 positive? procedure? quotient raise raise-continuable rational? rationalize
    read-bytevector read-bytevector! read-char read-error? read-line read-string read-u8 real?
    remainder reverse round set-car! set-cdr! square string string->list string->number
    string->symbol string->utf8 string->vector string-append string-copy string-copy!
    string-fill! string-for-each string-length string-map string-ref string-set! string<=?
    string<? string=? string>=? string>? string? substring symbol->string symbol=? symbol?
    textual-port? truncate truncate-quotient truncate-remainder truncate/ u8-ready?
    utf8->string values vector vector->list vector->string vector-append vector-copy
    vector-copy! vector-fill! vector-for-each vector-length vector-map vector-ref vector-set!
    vector? with-exception-handler write-bytevector write-char write-string write-u8 zero?`,
  "(scheme char)": `
    char-alphabetic? char-ci<=? char-ci<? char-ci=? char-ci>=? char-ci>? char-downcase
    char-foldcase char-lower-case? char-numeric? char-upcase char-upper-case? char-whitespace?
    digit-value string-ci<=? string-ci<? string-ci=? string-ci>=? string-ci>? string-downcase
    string-foldcase string-upcase`,
  "(scheme cxr)": `
    caaar caadr cadar caddr cdaar cdadr cddar cdddr caaaar caaadr caadar caaddr cadaar cadadr
    caddar cadddr cdaaar cdaadr cdadar cdaddr cddaar cddadr cdddar cddddr`,
  "(scheme lazy)": "force make-promise promise?",
  "(scheme inexact)": "acos asin atan cos exp finite? infinite? log nan? sin sqrt tan",
  "(scheme write)": "display write write-shared write-simple",
  "(scheme read)": "read",
  "(scheme file)": `
    call-with-input-file call-with-output-file delete-file file-exists? open-binary-input-file
    open-binary-output-file open-input-file open-output-file with-input-from-file
    with-output-to-file`,
  "(scheme process-context)": "command-line emergency-exit exit get-environment-variable get-environment-variables",
  "(scheme time)": "current-jiffy current-second jiffies-per-second",
  "(scheme eval)": "environment eval",
  // (scheme case-lambda) exports only the syntax case-lambda.
};

/** LANGUAGE.md "Extensions", and the SRFI-1 and SRFI-69 procedures the language tests rely on. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  cells: "box unbox set-box! box?",
  "hash maps": `
    hash-map hash-map-ref hash-map-set hash-map-delete hash-map-contains? hash-map-count
    hash-map-keys hash-map-values hash-map->alist hash-map-fold`,
  "hash tables": `
    make-hash-table hash-table-ref hash-table-ref/default hash-table-set! hash-table-delete!
    hash-table-contains? hash-table-count hash-table-keys hash-table-values hash-table->alist
    hash-table-update! hash-table-update!/default hash-table-walk hash-table-fold`,
  macros: "gensym",
  lists: `
    filter remove partition reduce fold fold-left fold-right delete delete-duplicates iota last
    list-index any every find find-tail count take drop append-map filter-map sort list-sort`,
  strings: `
    string-join string-split string-index string-search string-prefix? string-suffix?
    string-trim string-pad-left`,
  vectors: "vector-map vector-for-each vector-update",
  heap: "gc room heap-statistics",
  images: "sysout sysin checkpoint autosave images image-info delete-image image-history",
};

const names = (table: Readonly<Record<string, string>>): string[] =>
  Object.values(table).flatMap((list) => list.trim().split(/\s+/));

describe("the procedures LANGUAGE.md promises", () => {
  it("every procedure of the R7RS libraries of LANGUAGE.md 'In' and of 'Extensions' is bound to a procedure", async () => {
    const e = evaluator();
    const wanted = [...names(R7RS_LIBRARIES), ...names(EXTENSIONS)];
    const missing: string[] = [];
    for (const name of wanted) {
      const answer = await e.value(`(guard (condition (#t 'unbound)) (procedure? ${name}))`);
      if (answer !== "#t") missing.push(`${name} (${answer === "#f" ? "not a procedure" : answer})`);
    }
    expect(missing).toEqual([]);
    expect(wanted.length).toBeGreaterThan(300);
  });
});
