// The REPL (repl/repl.ts) as a user meets it through a pipe: the real `stasis` executable with
// standard input that is not a terminal, so no prompts, no history, no line editing — only the
// values of the forms on stdout and errors on stderr. (test/repl/cli.test.ts has the basics:
// values and errors through a pipe, standard input for a program, a read error on its own line.)

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PassThrough } from "stream";
import { runExecutable } from "../support/stasis";
import { runRepl } from "../../repl/repl";
import { Session } from "../../repl/session";
import { primitive } from "../../runtime/primitives/registry";

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

  it(",help lists every command of the table with its argument and aliases", () => {
    const help = repl(",help\n").stdout;
    for (const usage of [",apropos TEXT", ",describe NAME", ",time EXPR", ",load FILE", ",pp EXPR", ",trace NAME", ",untrace NAME", ",bt", ",images", ",room", ",quit"]) {
      expect(help).toContain(`  ${usage} `);
    }
    expect(help).toMatch(/,describe NAME +what NAME is bound to.*\(also ,d\)/);
  });

  it("says a command needs its argument, and goes on", () => {
    expect(repl(",describe\n1\n")).toEqual({ code: 0, stdout: "1\n", stderr: "stasis: ,describe needs a name (see ,help)\n" });
  });

  it(",describe tells what a name is bound to: a procedure's arity and where it was defined", () => {
    const r = repl("(define (f x . more) (list x))\n(define v '(1 2))\n,describe f\n,d map\n,d car\n,d when\n,d v\n,d nothing-here\n");
    expect(r.stdout).toBe([
      "f: a procedure of at least 1 argument, (f x . more), defined at repl:1:23",
      "map: a procedure of at least 2 arguments, (map f list . lists) (standard library)",
      "car: a primitive procedure of 1 argument",
      "when: syntax",
      "v: a variable, (1 2)",
      "nothing-here is not defined", "",
    ].join("\n"));
  });

  it(",apropos lists the global names that contain the text", () => {
    expect(repl(",apropos string-up\n").stdout).toBe("string-upcase\n");
  });

  it(",time evaluates and reports the time; ,room shows the heap", () => {
    const r = repl(",time (+ 1 2)\n,room\n");
    expect(r.stdout).toMatch(/^3\nheap: \d+ pages/);
    expect(r.stderr).toMatch(/^;; [\d.]+ ms\n$/);
  });

  it(",trace writes each call and value of a procedure, ,untrace stops it", () => {
    const r = repl("(define (fact n) (if (= n 0) 1 (* n (fact (- n 1)))))\n,trace fact\n(fact 2)\n,untrace fact\n(fact 3)\n");
    expect(r.stdout).toBe("fact\n(fact 2)\n  (fact 1)\n    (fact 0)\n    => 1\n  => 1\n=> 2\n2\nfact\n6\n");
  });

  it(",bt shows the last error with its backtrace", () => {
    const r = repl(",bt\n(define (f) (car 1))\n(f)\n,bt\n");
    expect(r.stdout).toBe("no error yet\nstasis: repl:2:13: car: expected a pair, got 1\n  in f (repl:2:13)\n  in toplevel form (repl:3:1)\n");
  });

  it(",bt shows the whole backtrace, where the error report shows its first frames", () => {
    const r = repl("(define (down n) (if (= n 0) (car 5) (+ 1 (down (- n 1)))))\n(down 100)\n,bt\n");
    const reported = r.stderr.trimEnd().split("\n");
    expect(reported).toHaveLength(1 + 12 + 1);
    expect(reported[13]).toBe("  ... and 90 more frames");
    const whole = r.stdout.trimEnd().split("\n");
    expect(whole[0]).toBe("stasis: repl:1:30: car: expected a pair, got 5");
    expect(whole.slice(1, 102).every((l) => /^  in down \(repl:1:(30|43)\)$/.test(l))).toBe(true);
    expect(whole.slice(102)).toEqual(["  in toplevel form (repl:2:1)"]);
  });

  it(",load evaluates a file's forms", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-load-"));
    fs.writeFileSync(path.join(dir, "defs.scm"), "(define loaded 'yes)\n");
    const r = repl(`,load ${path.join(dir, "defs.scm")}\nloaded\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r).toEqual({ code: 0, stdout: "yes\n", stderr: "" });
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

describe("the REPL never loses the session", () => {
  it("reports an uncaught raise of any object as `uncaught raise:` and the object as write shows it, and goes on", () => {
    const r = repl("(define kept 1)\n(raise '(a b c))\n(raise '(foo))\n(raise \"text\")\n(+ kept 1)\n");
    expect(r.stdout).toBe("2\n");
    expect(r.stderr).toBe([
      "stasis: repl:2:1: uncaught raise: (a b c)", "  in toplevel form (repl:2:1)",
      "stasis: repl:3:1: uncaught raise: (foo)", "  in toplevel form (repl:3:1)",
      "stasis: repl:4:1: uncaught raise: \"text\"", "  in toplevel form (repl:4:1)", "",
    ].join("\n"));
  });

  it("raises a read error of a loaded file as a catchable error satisfying read-error?, at the file's line and column", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-load-"));
    const bad = path.join(dir, "bad.scm");
    fs.writeFileSync(bad, "(define a 1)\n(define b (list 1 . . 2))\n");
    const r = repl(`(guard (e ((read-error? e) (list 'caught (error-object-message e)))) (load "${bad}"))\n(load "${bad}")\n'still-here\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.stdout).toBe(`(caught "load: unexpected second '.' in a list")\nstill-here\n`);
    expect(r.stderr).toBe(`stasis: ${bad}:2:21: load: unexpected second '.' in a list\n  in toplevel form (repl:2:1)\n`);
  });

  it("raises a missing file's load as a catchable error satisfying file-error?", () => {
    const r = repl(`(guard (e ((file-error? e) 'no-such-file)) (load "/nonexistent/x.scm"))\n`);
    expect(r).toEqual({ code: 0, stdout: "no-such-file\n", stderr: "" });
  });
});

describe("a bug of Stasis at the REPL", () => {
  it("is one line saying so; the world is kept and the REPL reads the next input", async () => {
    let stdout = "";
    let stderr = "";
    const io = { out: (t: string) => (stdout += t), err: (t: string) => (stderr += t) };
    const input = new PassThrough();
    input.end("(define kept 5)\n(%broken)\nkept\n");
    const code = await runRepl({
      input, output: new PassThrough(), io,
      session: async (stdin) => {
        const session = await Session.create({ stdout: io.out, stderr: io.err, stdin });
        // A primitive with a bug: it throws a JavaScript error, not a Lisp one.
        session.machine.definePrimitives([primitive("%broken", 0, 0, () => {
          throw new TypeError("cannot read properties of undefined");
        })]);
        return session;
      },
    });
    expect({ code, stdout }).toEqual({ code: 0, stdout: "5\n" });
    expect(stderr).toBe("stasis: internal error: cannot read properties of undefined (this is a bug in Stasis)\n");
  });
});
