// One running computation (runtime/library/data.scm %toplevel, repl/session.ts runToplevel): the
// REPL, a script and -e all run their forms in the world's toplevel loop, so a continuation
// captured by an earlier input can be invoked from a later one — in the same process, and after
// the world was saved and resumed in another — as in Chez, Guile and Racket. Driven through the
// real `stasis` command, its standard input a pipe (no prompts).

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawn } from "child_process";
import { STASIS_COMMAND, runExecutable } from "../support/stasis";

let home: string;
beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-toplevel-"));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function stasis(args: string[], input?: string) {
  return runExecutable(args, input, { STASIS_HOME: home, STASIS_JOURNAL_MS: "0" });
}

/** A generator of the elements of a list, written with call/cc: each call gives the next. */
const GENERATOR = `
(define (make-generator items)
  (define return #f)
  (define (resume-point)
    (for-each (lambda (x) (call/cc (lambda (k) (set! resume-point (lambda () (k #f))) (return x)))) items)
    (return 'done))
  (lambda () (call/cc (lambda (r) (set! return r) (resume-point)))))
(define g (make-generator '(alpha beta gamma)))
`;

/**
 * Two coroutines handing control back and forth: `squares` asks `counter` for each number from
 * inside its own body, so every (squares) jumps into squares, then into counter and back.
 */
const COROUTINES = `
(define (make-coroutine body)
  (define return #f)
  (define resume-point #f)
  (define (yield v) (call/cc (lambda (k) (set! resume-point k) (return v))))
  (lambda ()
    (call/cc (lambda (r)
      (set! return r)
      (if resume-point (resume-point #f) (begin (body yield) (return 'done)))))))
(define counter (make-coroutine (lambda (yield) (let loop ((i 1)) (yield i) (loop (+ i 1))))))
(define squares (make-coroutine (lambda (yield) (let loop () (let ((n (counter))) (yield (* n n)) (loop))))))
`;

describe("a continuation of an earlier REPL input", () => {
  it("runs the rest of that input's computation, shows its value as the current input's, and reads the next input", () => {
    const r = stasis([], "(define k #f)\n(+ 1 (call/cc (lambda (c) (set! k c) 1)))\n(k 10)\n'next\n");
    expect(r).toEqual({ code: 0, stdout: "2\n11\nnext\n", stderr: "" });
  });

  it("makes a call/cc generator give one element per input", () => {
    const r = stasis([], `${GENERATOR}(g)\n(g)\n(g)\n(g)\n`);
    expect(r).toEqual({ code: 0, stdout: "alpha\nbeta\ngamma\ndone\n", stderr: "" });
  });

  it("runs dynamic-wind's before thunk again on the way in and its after thunk on the way out", () => {
    const r = stasis([], `(define k #f)
(define trail '())
(dynamic-wind (lambda () (set! trail (cons 'in trail))) (lambda () (call/cc (lambda (c) (set! k c))) 'body) (lambda () (set! trail (cons 'out trail))))
(if (< (length trail) 4) (k 'again) 'stop)
(reverse trail)
`);
    // (k 'again) re-enters the third input's body, whose value is then the fourth input's.
    expect(r).toEqual({ code: 0, stdout: "body\nbody\n(in out in out)\n", stderr: "" });
  });

  it("sees the parameterize of its own input inside, and the toplevel's value after", () => {
    const r = stasis([], `(define p (make-parameter 'outer))
(define k #f)
(define seen '())
(parameterize ((p 'inner)) (call/cc (lambda (c) (set! k c))) (set! seen (cons (p) seen)) (p))
(if (= (length seen) 1) (k #f) 'done)
(list (p) seen)
`);
    expect(r).toEqual({ code: 0, stdout: "inner\ninner\n(outer (inner inner))\n", stderr: "" });
  });

  it("raises into the guard of its own input, not the current one's", () => {
    const r = stasis([], `(define k #f)
(guard (e (#t (list 'caught-by-first e))) (call/cc (lambda (c) (set! k c))) 'first-body)
(guard (e (#t (list 'caught-by-second e))) (k #f) 'second-body)
(guard (e (#t (list 'caught-by-third e))) (raise 'boom))
`);
    // (k #f) re-enters the first guard's body, which ends normally: its value is the second input's.
    expect(r).toEqual({ code: 0, stdout: "first-body\nfirst-body\n(caught-by-third boom)\n", stderr: "" });
    const raising = stasis([], `(define k #f)
(guard (e (#t (list 'caught-by-first e))) (if (call/cc (lambda (c) (set! k c) #f)) (raise 'boom) 'first-body))
(guard (e (#t (list 'caught-by-second e))) (k #t))
`);
    expect(raising).toEqual({ code: 0, stdout: "first-body\n(caught-by-first boom)\n", stderr: "" });
  });

  it("is still good after an uncaught error ended an input", () => {
    const r = stasis([], "(define k #f)\n(+ 1 (call/cc (lambda (c) (set! k c) 1)))\n(car '())\n(k 41)\n");
    expect(r.stdout).toBe("2\n42\n");
    expect(r.stderr).toMatch(/^stasis: repl:3:1: car: expected a pair, got \(\)\n/);
  });
});

describe("in a script and -e, every toplevel form is read when the one before it has finished", () => {
  it("a script: the rest of the earlier form runs, then the program goes on after the form that invoked it", () => {
    const file = path.join(home, "again.scm");
    fs.writeFileSync(file, `(define k #f)
(define passes 0)
(display (+ 1 (call/cc (lambda (c) (set! k c) 1))))
(newline)
(set! passes (+ passes 1))
(if (< passes 2) (k 10))
(display 'end)
`);
    // (k 10) re-enters the display form; the form read next is the one after the if.
    expect(stasis([file])).toEqual({ code: 0, stdout: "2\n11end", stderr: "" });
  });

  it("-e: the same, and its value is the last form's", () => {
    expect(stasis(["-e", `(define k #f) (define n 0) (+ 1 (call/cc (lambda (c) (set! k c) 1))) (set! n (+ n 1)) (if (< n 2) (k 10)) 'last`]))
      .toEqual({ code: 0, stdout: "last\n", stderr: "" });
    expect(stasis(["-e", `(define k #f) (define n 0) (+ 1 (call/cc (lambda (c) (set! k c) 1))) (set! n (+ n 1)) (if (< n 2) (k 10))`]))
      .toEqual({ code: 0, stdout: "11\n", stderr: "" });
  });

  it("a generator gives one element per form", () => {
    const file = path.join(home, "gen.scm");
    fs.writeFileSync(file, `${GENERATOR}(write (list (g) (g)))\n(write (g))\n`);
    expect(stasis([file])).toEqual({ code: 0, stdout: "(alpha beta)gamma", stderr: "" });
  });
});

describe("generators and coroutines saved in an image", () => {
  beforeAll(() => {
    expect(stasis([], `${GENERATOR}(g)\n(g)\n(sysout "generator")\n`)).toEqual({ code: 0, stdout: "alpha\nbeta\n#f\n", stderr: "" });
    expect(stasis([], `${COROUTINES}(squares)\n(squares)\n(sysout "coroutines")\n`)).toEqual({ code: 0, stdout: "1\n4\n#f\n", stderr: "" });
  });

  it("a generator advanced twice gives its third element in a new process, from -e", () => {
    expect(stasis(["--image", "generator", "-e", "(g)"])).toEqual({ code: 0, stdout: "gamma\n", stderr: "" });
    expect(stasis(["--image", "generator", "-e", "(list (g) (g))"])).toEqual({ code: 0, stdout: "(gamma done)\n", stderr: "" });
  });

  it("and from the REPL, where the resumed sysout shows #t first", () => {
    expect(stasis(["--image", "generator"], "(g)\n(g)\n")).toEqual({ code: 0, stdout: "#t\ngamma\ndone\n", stderr: "" });
  });

  it("a pair of coroutines goes on handing control back and forth", () => {
    expect(stasis(["--image", "coroutines", "-e", "(list (squares) (squares))"])).toEqual({ code: 0, stdout: "(9 16)\n", stderr: "" });
    expect(stasis(["--image", "coroutines"], "(squares)\n(counter)\n(squares)\n")).toEqual({ code: 0, stdout: "#t\n9\n4\n25\n", stderr: "" });
  });

  it("a plain continuation of an earlier process's input runs the rest of that input there", () => {
    expect(stasis([], `(define k #f)\n(list 'saved (call/cc (lambda (c) (set! k c) 1)))\n(sysout "plain")\n`).stdout).toBe("(saved 1)\n#f\n");
    expect(stasis(["--image", "plain"], "(k 2)\n'after\n")).toEqual({ code: 0, stdout: "#t\n(saved 2)\nafter\n", stderr: "" });
    expect(stasis(["--image", "plain", "-e", "(k 3)"])).toEqual({ code: 0, stdout: "(saved 3)\n", stderr: "" });
  });
});

describe("a world journaled while the REPL waits at its prompt, then killed", () => {
  it("resumes waiting for the REPL's next form: -e EXPR and FILE then run in it", async () => {
    expect(stasis(["-e", `(sysout "waiting")`]).code).toBe(0);
    // The REPL reads from a pipe kept open: after its form it waits, and is journaled meanwhile.
    const child = spawn(STASIS_COMMAND, ["--image", "waiting"], { env: { ...process.env, STASIS_HOME: home, STASIS_JOURNAL_MS: "50" } });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stdin.write("(define kept (list 'typed 'in))\n(length kept)\n");
    await waitUntil(() => output.includes("2\n"));
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    expect(stasis(["--image", "waiting", "-e", "kept"])).toEqual({ code: 0, stdout: "(typed in)\n", stderr: "" });
    const file = path.join(home, "uses-kept.scm");
    fs.writeFileSync(file, "(display (car kept))");
    expect(stasis(["--image", "waiting", file])).toEqual({ code: 0, stdout: "typed", stderr: "" });
    expect(stasis(["--image", "waiting"], "(cadr kept)\n")).toEqual({ code: 0, stdout: "in\n", stderr: "" });
  });
});

/** Waits until `condition` holds, looking every 20 ms, for at most 5 s. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 5000) throw new Error("waited 5 s in vain");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("an uncaught error in the computation a resumed world finishes", () => {
  beforeAll(() => {
    const r = stasis(["-e", `(define x 1) (sysout "failing") (car x)`]);
    expect(r.code).toBe(1);
  });

  it("ends the program with status 1, without running EXPR", () => {
    const r = stasis(["--image", "failing", "-e", `(display "not reached")`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^stasis: -e:1:\d+: car: expected a pair, got 1\n/);
  });

  it("ends the program with status 1, without running FILE", () => {
    const file = path.join(home, "after-failing.scm");
    fs.writeFileSync(file, `(display "not reached")`);
    const r = stasis(["--image", "failing", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
  });

  it("is reported at the REPL, which goes on", () => {
    const r = stasis(["--image", "failing"], "(+ x 1)\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("#t\n2\n");
    expect(r.stderr).toMatch(/car: expected a pair, got 1/);
  });
});
