// R7RS 6.13 (input and output) and 6.14 (system interface), through the evaluator: string,
// bytevector and file ports, reading, writing every kind of datum, the process context and time.
// `exit` and `emergency-exit` are the command line's (test/repl/).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluator } from "./support";

const e = evaluator();

/** Evaluates each source in turn (one session) and expects the written value beside it. */
async function examples(rows: readonly (readonly [string, string])[]): Promise<void> {
  const actual: (readonly [string, string])[] = [];
  for (const [source] of rows) actual.push([source, await e.value(source)]);
  expect(actual).toEqual(rows);
}

/** A Stasis string literal for a file path (JSON's escapes are Scheme's for these). */
const literal = (text: string): string => JSON.stringify(text);

let directory = "";
const file = (name: string): string => literal(path.join(directory, name));

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-ports-"));
});

afterAll(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

describe("R7RS 6.13.1 ports", () => {
  it("the port predicates", async () => {
    await examples([
      ['(input-port? (open-input-string ""))', "#t"],
      ['(output-port? (open-input-string ""))', "#f"],
      ["(output-port? (open-output-string))", "#t"],
      ['(textual-port? (open-input-string ""))', "#t"],
      ["(binary-port? (open-input-bytevector #u8()))", "#t"],
      ['(binary-port? (open-input-string ""))', "#f"],
      ["(port? (open-output-string))", "#t"],
      ["(port? 1)", "#f"],
      ["(input-port? (current-input-port))", "#t"],
      ["(output-port? (current-output-port))", "#t"],
      ["(output-port? (current-error-port))", "#t"],
    ]);
  });

  it("a closed port says so, and using it is an error", async () => {
    await examples([
      ['(let ((p (open-input-string "x"))) (close-port p) (input-port-open? p))', "#f"],
      ["(output-port-open? (open-output-string))", "#t"],
      ['(let ((p (open-input-string "abc"))) (call-with-port p read-char) (input-port-open? p))', "#f"],
    ]);
    expect(await e.error('(let ((p (open-input-string "x"))) (close-input-port p) (read-char p))')).toBe(
      "test.scm:1:57: read-char: port #<port string> is closed");
  });

  it("parameterize redirects the current output port", async () => {
    expect(await e.value(`(let ((p (open-output-string)))
                            (parameterize ((current-output-port p)) (display "in") (write 'x))
                            (get-output-string p))`)).toBe('"inx"');
  });
});

describe("R7RS 6.13.2 input", () => {
  it("read reads data from a string port, then the eof object", async () => {
    expect(await e.value(`(let ((p (open-input-string "hello (a b) 42 \\"s\\" #\\\\x #(1) 2.5")))
                            (let loop ((acc '()))
                              (let ((x (read p)))
                                (if (eof-object? x) (reverse acc) (loop (cons x acc))))))`))
      .toBe('(hello (a b) 42 "s" #\\x #(1) 2.5)');
  });

  it("read-line read-char peek-char, and eof at the end", async () => {
    await e.value('(define p (open-input-string "ab\\ncd\\n\\nlast"))');
    await examples([
      ["(read-line p)", '"ab"'],
      ["(read-char p)", "#\\c"],
      ["(peek-char p)", "#\\d"],
      ["(read-char p)", "#\\d"],
      ["(read-line p)", '""'],
      ["(read-line p)", '""'],
      ["(read-line p)", '"last"'],
      ["(eof-object? (read-line p))", "#t"],
      ["(eof-object? (read-char p))", "#t"],
      ["(eof-object? (peek-char p))", "#t"],
    ]);
  });

  it("char-ready? and read-string", async () => {
    await e.value('(define q (open-input-string "abc"))');
    await examples([
      ["(char-ready? q)", "#t"],
      ["(read-string 2 q)", '"ab"'],
      ["(read-string 5 q)", '"c"'],
      ["(eof-object? (read-string 1 q))", "#t"],
    ]);
  });

  it("eof-object makes the eof object", async () => {
    expect(await e.value("(eof-object? (eof-object))")).toBe("#t");
  });

  it("bytevector ports: read-u8 peek-u8 u8-ready? read-bytevector", async () => {
    await e.value("(define b (open-input-bytevector #u8(1 2 3 4)))");
    await examples([
      ["(u8-ready? b)", "#t"],
      ["(peek-u8 b)", "1"],
      ["(read-u8 b)", "1"],
      ["(read-bytevector 2 b)", "#u8(2 3)"],
      ["(read-u8 b)", "4"],
      ["(eof-object? (read-u8 b))", "#t"],
      ["(eof-object? (peek-u8 b))", "#t"],
      ["(eof-object? (read-bytevector 1 b))", "#t"],
    ]);
  });
});

describe("R7RS 6.13.3 output", () => {
  it("write-char newline write-string with ranges into a string port", async () => {
    expect(await e.value(`(let ((p (open-output-string)))
                            (write-char #\\z p)
                            (newline p)
                            (write-string "hello" p 1 3)
                            (write-string "wxyz" p 2)
                            (write-string "!" p)
                            (get-output-string p))`)).toBe('"z\\nelyz!"');
  });

  it("write-u8 and write-bytevector with ranges into a bytevector port", async () => {
    expect(await e.value(`(let ((p (open-output-bytevector)))
                            (write-u8 1 p)
                            (write-bytevector #u8(2 3 4 5) p 1 3)
                            (write-bytevector #u8(9) p)
                            (get-output-bytevector p))`)).toBe("#u8(1 3 4 9)");
  });

  it("write and display of every kind of datum", async () => {
    await e.value("(define (written x) (let ((p (open-output-string))) (write x p) (get-output-string p)))");
    await e.value("(define (displayed x) (let ((p (open-output-string))) (display x p) (get-output-string p)))");
    const rows: [string, string, string][] = [
      ["42", "42", "42"],
      ["(expt 2 100)", "1267650600228229401496703205376", "1267650600228229401496703205376"],
      ["3.5", "3.5", "3.5"],
      ["-0.0", "-0.0", "-0.0"],
      ["(list +inf.0 -inf.0 +nan.0)", "(+inf.0 -inf.0 +nan.0)", "(+inf.0 -inf.0 +nan.0)"],
      ["1e21", "1e21", "1e21"],
      ["#t", "#t", "#t"],
      ["#f", "#f", "#f"],
      ["'()", "()", "()"],
      ["'sym", "sym", "sym"],
      ["'|hello world|", "|hello world|", "hello world"],
      ['"a\\"b\\\\c\\nd"', '"a\\"b\\\\c\\nd"', 'a"b\\c\nd'],
      ['"λ\\t"', '"λ\\t"', "λ\t"],
      ["#\\a", "#\\a", "a"],
      ["#\\space", "#\\space", " "],
      ["#\\newline", "#\\newline", "\n"],
      ["#\\λ", "#\\λ", "λ"],
      ["'(1 . 2)", "(1 . 2)", "(1 . 2)"],
      ["'(1 (2 \"x\") . 3)", '(1 (2 "x") . 3)', "(1 (2 x) . 3)"],
      ["''x", "'x", "'x"],
      ["'`(a ,b ,@c)", "`(a ,b ,@c)", "`(a ,b ,@c)"],
      ['#(1 "s" #\\c)', '#(1 "s" #\\c)', "#(1 s c)"],
      ["#u8(1 255)", "#u8(1 255)", "#u8(1 255)"],
      ["(box \"v\")", '#<box "v">', "#<box v>"],
    ];
    const actual: [string, string, string][] = [];
    for (const [datum] of rows) {
      actual.push([datum, JSON.parse(await e.value(`(written ${datum})`)), JSON.parse(await e.value(`(displayed ${datum})`))]);
    }
    expect(actual).toEqual(rows);
  });

  it("objects without a written syntax are written as #<...>", async () => {
    for (const object of ["car", "(lambda (x) x)", "(eof-object)", '(open-input-string "")', "(make-hash-table)",
      "(hash-map 'a 1)", "(make-parameter 1)", "(delay 1)"]) {
      expect(await e.value(`(written ${object})`)).toMatch(/^"#<.+>"$/);
    }
  });

  it("a cycle through a box is written with datum labels", async () => {
    await examples([
      ["(let* ((b (box #f)) (l (list 1 b))) (set-box! b l) (written l))", '"(1 #0=#<box (1 #0#)>)"'],
      ["(let ((b (box 1))) (set-box! b b) (written b))", '"#0=#<box #0#>"'],
      ["(let* ((b (box #f)) (v (vector 'a b))) (set-box! b v) (written v))", '"#(a #0=#<box #(a #0#)>)"'],
      ["(let* ((b (box #f)) (l (list 1 b))) (set-box! b l) (displayed l))", '"(1 #0=#<box (1 #0#)>)"'],
    ]);
  });

  it("a box that appears twice without a cycle is written twice, without labels", async () => {
    expect(await e.value("(let ((b (box 1))) (written (list b b)))")).toBe('"(#<box 1> #<box 1>)"');
  });

  it("write-shared and write-simple write acyclic data as write does", async () => {
    expect(await e.value(`(let ((p (open-output-string)))
                            (write-shared '(1 "2") p)
                            (write-simple '(3 #\\4) p)
                            (get-output-string p))`)).toBe('"(1 \\"2\\")(3 #\\\\4)"');
  });

  it("write and display go to the current output port by default", async () => {
    expect(await e.output('(begin (write "w") (display "d") (newline) (write-char #\\c) (write-string "s"))')).toBe('"w"d\ncs');
  });

  it("with-output-to-string and call-with-output-string collect what is written", async () => {
    await examples([
      ["(with-output-to-string (lambda () (display 42)))", '"42"'],
      ['(call-with-output-string (lambda (p) (write "q" p)))', '"\\"q\\""'],
    ]);
  });
});

describe("R7RS 6.13 file ports", () => {
  it("call-with-output-file writes a file that call-with-input-file and with-input-from-file read", async () => {
    await e.value(`(call-with-output-file ${file("a.txt")}
                     (lambda (p) (write '(hello "world" 42) p) (newline p) (display "second line" p)))`);
    expect(fs.readFileSync(path.join(directory, "a.txt"), "utf8")).toBe('(hello "world" 42)\nsecond line');
    await examples([
      [`(file-exists? ${file("a.txt")})`, "#t"],
      [`(call-with-input-file ${file("a.txt")}
          (lambda (p) (list (read p) (read-char p) (read-line p) (eof-object? (read-line p)))))`,
        '((hello "world" 42) #\\newline "second line" #t)'],
      [`(with-input-from-file ${file("a.txt")} read)`, '(hello "world" 42)'],
      [`(with-input-from-file ${file("a.txt")} read-line)`, '"(hello \\"world\\" 42)"'],
    ]);
  });

  it("with-output-to-file redirects the current output port and returns the thunk's value", async () => {
    expect(await e.value(`(with-output-to-file ${file("b.txt")} (lambda () (display "x") (write "y") 'returned))`)).toBe("returned");
    expect(fs.readFileSync(path.join(directory, "b.txt"), "utf8")).toBe('x"y"');
  });

  it("open-output-file and open-input-file, closed with close-output-port and close-input-port", async () => {
    expect(await e.value(`(let ((p (open-output-file ${file("c.txt")})))
                            (write-string "abc" p)
                            (close-output-port p)
                            (let* ((q (open-input-file ${file("c.txt")}))
                                   (s (read-string 10 q)))
                              (close-input-port q)
                              s))`)).toBe('"abc"');
  });

  it("binary file ports read and write bytes", async () => {
    expect(await e.value(`(let ((p (open-binary-output-file ${file("d.bin")})))
                            (write-u8 7 p)
                            (write-bytevector #u8(8 9) p)
                            (close-port p)
                            (let* ((q (open-binary-input-file ${file("d.bin")}))
                                   (r (list (read-u8 q) (read-bytevector 5 q) (eof-object? (read-u8 q)))))
                              (close-port q)
                              r))`)).toBe("(7 #u8(8 9) #t)");
  });

  it("delete-file removes a file; deleting or opening a missing one is a file error", async () => {
    expect(await e.value(`(begin (delete-file ${file("d.bin")}) (file-exists? ${file("d.bin")}))`)).toBe("#f");
    expect(await e.value(`(guard (e ((file-error? e) 'file-error)) (delete-file ${file("nope")}))`)).toBe("file-error");
    expect(await e.value(`(guard (e ((file-error? e) 'file-error)) (open-input-file ${file("nope")}))`)).toBe("file-error");
    expect(await e.error(`(open-input-file ${file("nope")})`)).toBe(
      `test.scm:1:1: open-input-file: cannot open ${path.join(directory, "nope")}: no such file`);
  });
});

describe("R7RS 6.14 system interface", () => {
  it("command-line is a list of strings", async () => {
    expect(await e.value("(and (list? (command-line)) (every string? (command-line)))")).toBe("#t");
  });

  it("get-environment-variable reads the process environment at each call", async () => {
    process.env.STASIS_PROCEDURES_TEST = "hello";
    try {
      await examples([
        ['(get-environment-variable "STASIS_PROCEDURES_TEST")', '"hello"'],
        ['(assoc "STASIS_PROCEDURES_TEST" (get-environment-variables))', '("STASIS_PROCEDURES_TEST" . "hello")'],
      ]);
    } finally {
      delete process.env.STASIS_PROCEDURES_TEST;
    }
    expect(await e.value('(get-environment-variable "STASIS_PROCEDURES_TEST")')).toBe("#f");
  });

  it("current-second is inexact seconds since the epoch; current-jiffy is an exact count that never goes back", async () => {
    await examples([
      ["(inexact? (current-second))", "#t"],
      ["(> (current-second) 1.6e9)", "#t"],
      ["(exact-integer? (current-jiffy))", "#t"],
      ["(exact-integer? (jiffies-per-second))", "#t"],
      ["(let loop ((i 0) (last (current-jiffy))) (or (= i 1000) (let ((now (current-jiffy))) (and (<= last now) (loop (+ i 1) now)))))", "#t"],
      ["(let* ((a (current-second)) (b (current-second))) (<= a b))", "#t"],
    ]);
  });

  it("features includes r7rs", async () => {
    expect(await e.value("(and (memq 'r7rs (features)) #t)")).toBe("#t");
  });
});

describe("read-line line endings (R7RS 6.13.2)", () => {
  it("ends a line at a linefeed, a carriage return, or both", async () => {
    expect(await e.value('(let ((p (open-input-string "a\\rb\\r\\nc\\nd"))) (list (read-line p) (read-line p) (read-line p) (read-line p)))'))
      .toBe('("a" "b" "c" "d")');
  });
});

describe("load (scheme load)", () => {
  it("evaluates every form of a file in order", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-load-"));
    const file = path.join(dir, "defs.scm");
    fs.writeFileSync(file, "(define loaded-a 20)\n(define (loaded-f x) (+ x loaded-a))\n");
    await e.value(`(load ${JSON.stringify(file)})`);
    expect(await e.value("(loaded-f 22)")).toBe("42");
  });
});

describe("writing records and procedures", () => {
  it("writes a record as its type name and field values", async () => {
    await e.value("(define-record-type <point> (make-point x y) point? (x point-x) (y point-y set-point-y!))");
    expect(await e.value("(make-point 1 (list 2 3))")).toBe("#<point 1 (2 3)>");
  });

  it("labels a cycle through a record's mutable field", async () => {
    expect(await e.value("(let ((p (make-point 1 #f))) (set-point-y! p p) p)")).toBe("#0=#<point 1 #0#>");
  });

  it("writes procedures with their names", async () => {
    expect(await e.value("(define (square x) (* x x)) (list square car (lambda (x) x))"))
      .toBe("(#<procedure square> #<procedure car> #<procedure>)");
  });
});
