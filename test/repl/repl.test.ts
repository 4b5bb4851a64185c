// The REPL (repl/repl.ts) as a user meets it through a pipe: the real `stasis` executable with
// standard input that is not a terminal, so no prompts, no history, no line editing — only the
// values of the forms on stdout and errors on stderr. (test/repl/cli.test.ts has the basics:
// values and errors through a pipe, standard input for a program, a read error on its own line.)

import { runExecutable } from "../support/stasis";

/** Runs the REPL on `input` as its whole standard input. */
function repl(input: string) {
  return runExecutable([], input);
}

describe("reading forms", () => {
  it("reads a form over several lines until its datum is complete", () => {
    expect(repl("(define (double x)\n  (* x\n     2))\n(double\n 21\n)\n")).toEqual({ code: 0, stdout: "42\n", stderr: "" });
  });

  it("evaluates several data on one line, in order", () => {
    expect(repl("(display 1) (display 2) (+ 1 2) 'four \"five\"\n")).toEqual({ code: 0, stdout: "123\nfour\n\"five\"\n", stderr: "" });
  });

  it("goes on after one of several data on a line fails", () => {
    const r = repl("(+ 1 2) (car 1) (+ 3 4)\n");
    expect(r.stdout).toBe("3\n7\n");
    expect(r.stderr).toMatch(/^stasis: repl:1:\d+: car: expected a pair, got 1\n/);
    expect(r.code).toBe(0);
  });

  it("reads a string literal that spans lines, keeping the line break", () => {
    expect(repl('(define s "line one\nline two")\n(string-length s)\ns\n')).toEqual({
      code: 0, stdout: '17\n"line one\\nline two"\n', stderr: "",
    });
  });

  it("evaluates the last form even without a final newline", () => {
    expect(repl("(+ 1 2)")).toEqual({ code: 0, stdout: "3\n", stderr: "" });
  });

  it("reports a read error inside a multi-line form at its place, then reads the next form", () => {
    expect(repl("(list 1\n  . . 2)\n(+ 1 2)\n")).toEqual({ code: 0, stdout: "3\n", stderr: "stasis: repl:2:5: unexpected second '.' in a list\n" });
  });

  it("reports a bad character name and goes on", () => {
    expect(repl("#\\nosuchchar\n(+ 1 2)\n")).toEqual({ code: 0, stdout: "3\n", stderr: "stasis: repl:1:1: unknown character name #\\nosuchchar\n" });
  });
});

describe("definitions and errors", () => {
  it("keeps the old value of a variable whose new definition failed", () => {
    const r = repl("(define x 1)\n(define x (car '()))\nx\n");
    expect(r.stdout).toBe("1\n");
    expect(r.stderr).toBe("stasis: repl:2:11: car: expected a pair, got ()\n  in toplevel form (repl:2:11)\n");
  });

  it("lets a procedure that failed be redefined and called again", () => {
    const r = repl("(define (f) (car '()))\n(f)\n(define (f) 'fixed)\n(f)\n");
    expect(r.stdout).toBe("fixed\n");
    expect(r.stderr).toBe("stasis: repl:1:13: car: expected a pair, got ()\n  in f (repl:1:13)\n  in toplevel form (repl:2:1)\n");
    expect(r.code).toBe(0);
  });
});

describe("output", () => {
  it("writes what a form displays, then its value", () => {
    expect(repl('(begin (display "out") (newline) 42)\n').stdout).toBe("out\n42\n");
    expect(repl('(begin (display "out") 42)\n').stdout).toBe("out42\n");
  });

  it("writes nothing for a form whose value is unspecified", () => {
    expect(repl('(define x 1)\n(display "hi")\n(if #f #f)\n(newline)\n')).toEqual({ code: 0, stdout: "hi\n", stderr: "" });
  });

  it("shows no prompts when standard input is not a terminal", () => {
    const r = repl("(define (f x)\n  (+ x\n     1))\n(f 1)\n\n\n(f 2)\n");
    expect(r.stdout).toBe("2\n3\n");
    expect(r.stderr).toBe("");
  });
});

describe("commands", () => {
  it(",help describes the commands", () => {
    const r = repl(",help\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Type a Lisp expression/);
    expect(r.stdout).toMatch(/,help/);
    expect(r.stdout).toMatch(/,quit/);
    expect(r.stderr).toBe("");
  });

  it(",quit leaves at once with status 0, reading nothing after it", () => {
    expect(repl("(+ 1 1)\n,quit\n(display \"not reached\")\n")).toEqual({ code: 0, stdout: "2\n", stderr: "" });
  });

  it("reports an unknown command and goes on", () => {
    expect(repl(",frobnicate\n(+ 1 1)\n")).toEqual({ code: 0, stdout: "2\n", stderr: "stasis: unknown command ,frobnicate (try ,help)\n" });
  });
});

describe("leaving", () => {
  it("exits 0 with no output at the end of input (Ctrl-D)", () => {
    expect(repl("")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(repl("(define x 1)\n")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("exits with the status given to exit, evaluating nothing after it", () => {
    expect(repl("(+ 1 1)\n(exit 4)\n(display \"not reached\")\n")).toEqual({ code: 4, stdout: "2\n", stderr: "" });
  });

  it("runs the after thunks of the extents exit leaves", () => {
    expect(repl('(dynamic-wind (lambda () #f) (lambda () (exit 4)) (lambda () (display "bye")))\n(display "not reached")\n'))
      .toEqual({ code: 4, stdout: "bye", stderr: "" });
  });
});

describe("positions and the end of input", () => {
  it("gives a later datum on a line its own column", () => {
    expect(repl("(+ 1 2) (car 1)\n").stderr).toBe("stasis: repl:1:9: car: expected a pair, got 1\n  in toplevel form (repl:1:9)\n");
  });

  it("reports a datum left unfinished at the end of input", () => {
    expect(repl("(+ 1\n")).toEqual({ code: 0, stdout: "", stderr: "stasis: repl:1:1: unterminated list: no ')' for the '(' at 1:1\n" });
  });

  it("gives a program the rest of the line its form is on, when there is some", () => {
    expect(repl("(read-line) rest of line\n").stdout).toBe('" rest of line"\n');
  });
});
