// The evaluator benchmark: classic Lisp benchmarks run by Stasis, each as a ratio against the same
// algorithm written in plain JavaScript and run in the same process (lists as linked objects,
// numbers as numbers). Goal (issue: the evaluator): median ratio <= 20, none above 40.

import { Benchmark, BenchResult, medianMs } from "./harness";
import { Session } from "../../repl/session";

const HEAP_LIMIT_BYTES = 2 ** 31;
const MEDIAN_GOAL = 20;
const EACH_GOAL = 40;

const PROGRAM = `
(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))

(define (tak x y z) (if (not (< y x)) z (tak (tak (- x 1) y z) (tak (- y 1) z x) (tak (- z 1) x y))))
(define (tak-repeat n) (let loop ((i 0) (r 0)) (if (= i n) r (loop (+ i 1) (tak 18 12 6)))))

;; nqueens from the Gabriel suite (r7rs-benchmarks), on lists.
(define (iota1 n) (let loop ((i n) (l '())) (if (= i 0) l (loop (- i 1) (cons i l)))))
(define (ok? row dist placed)
  (if (null? placed) #t
      (and (not (= (car placed) (+ row dist)))
           (not (= (car placed) (- row dist)))
           (ok? row (+ dist 1) (cdr placed)))))
(define (try-it x y z)
  (if (null? x)
      (if (null? y) 1 0)
      (+ (if (ok? (car x) 1 z) (try-it (append (cdr x) y) '() (cons (car x) z)) 0)
         (try-it (cdr x) (cons (car x) y) z))))
(define (queens n) (try-it (iota1 n) '() '()))
(define (queens-repeat n) (let loop ((i 0) (r 0)) (if (= i n) r (loop (+ i 1) (queens 8)))))

;; deriv from the Gabriel suite: symbolic differentiation.
(define (deriv a)
  (cond ((not (pair? a)) (if (eq? a 'x) 1 0))
        ((eq? (car a) '+) (cons '+ (map deriv (cdr a))))
        ((eq? (car a) '-) (cons '- (map deriv (cdr a))))
        ((eq? (car a) '*) (list '* a (cons '+ (map (lambda (a) (list '/ (deriv a) a)) (cdr a)))))
        ((eq? (car a) '/) (list '- (list '/ (deriv (cadr a)) (caddr a))
                                (list '/ (cadr a) (list '* (caddr a) (caddr a) (deriv (caddr a))))))
        (else (error "no derivation for" (car a)))))
(define (deriv-repeat n)
  (let loop ((i 0) (r #f)) (if (= i n) r (loop (+ i 1) (deriv '(+ (* 3 x x) (* a x x) (* b x) 5))))))

;; cons-heavy: build, reverse and sum a 1,000,000-element list.
(define (build n) (let loop ((i 0) (l '())) (if (= i n) l (loop (+ i 1) (cons i l)))))
(define (sum l) (let loop ((l l) (s 0)) (if (null? l) s (loop (cdr l) (+ s (car l))))))
(define (cons-heavy n) (sum (reverse (build n))))
`;

// ---- The same algorithms in plain JavaScript -------------------------------------------------

class Pair {
  constructor(readonly car: unknown, readonly cdr: unknown) {}
}
type List = Pair | null;

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

function tak(x: number, y: number, z: number): number {
  return !(y < x) ? z : tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

function takRepeat(n: number): number {
  let r = 0;
  for (let i = 0; i < n; i++) r = tak(18, 12, 6);
  return r;
}

function iota1(n: number): List {
  let l: List = null;
  for (let i = n; i > 0; i--) l = new Pair(i, l);
  return l;
}
function append(a: List, b: List): List {
  if (a === null) return b;
  return new Pair(a.car, append(a.cdr as List, b));
}
function ok(row: number, dist: number, placed: List): boolean {
  if (placed === null) return true;
  return placed.car !== row + dist && placed.car !== row - dist && ok(row, dist + 1, placed.cdr as List);
}
function tryIt(x: List, y: List, z: List): number {
  if (x === null) return y === null ? 1 : 0;
  return (ok(x.car as number, 1, z) ? tryIt(append(x.cdr as List, y), null, new Pair(x.car, z)) : 0) +
    tryIt(x.cdr as List, new Pair(x.car, y), z);
}
function queensRepeat(n: number): number {
  let r = 0;
  for (let i = 0; i < n; i++) r = tryIt(iota1(8), null, null);
  return r;
}

function list(...xs: unknown[]): List {
  let l: List = null;
  for (let i = xs.length - 1; i >= 0; i--) l = new Pair(xs[i], l);
  return l;
}
function map(f: (x: unknown) => unknown, l: List): List {
  if (l === null) return null;
  return new Pair(f(l.car), map(f, l.cdr as List));
}
function deriv(a: unknown): unknown {
  if (!(a instanceof Pair)) return a === "x" ? 1 : 0;
  const rest = a.cdr as List;
  switch (a.car) {
    case "+": return new Pair("+", map(deriv, rest));
    case "-": return new Pair("-", map(deriv, rest));
    case "*": return list("*", a, new Pair("+", map((b) => list("/", deriv(b), b), rest)));
    case "/": {
      const second = (rest as Pair).car;
      const third = ((rest as Pair).cdr as Pair).car;
      return list("-", list("/", deriv(second), third), list("/", second, list("*", third, third, deriv(third))));
    }
    default: throw new Error("no derivation");
  }
}
const DERIV_INPUT = list("+", list("*", 3, "x", "x"), list("*", "a", "x", "x"), list("*", "b", "x"), 5);
function derivRepeat(n: number): unknown {
  let r: unknown = null;
  for (let i = 0; i < n; i++) r = deriv(DERIV_INPUT);
  return r;
}

function consHeavy(n: number): number {
  let l: List = null;
  for (let i = 0; i < n; i++) l = new Pair(i, l);
  let reversed: List = null;
  for (let p = l; p !== null; p = p.cdr as List) reversed = new Pair(p.car, reversed);
  let s = 0;
  for (let p = reversed; p !== null; p = p.cdr as List) s += p.car as number;
  return s;
}

// ---- The benchmark ---------------------------------------------------------------------------

interface Case {
  readonly name: string;
  readonly stasis: string;
  readonly javascript: () => unknown;
  readonly expected: string;
}

const CASES: readonly Case[] = [
  { name: "fib 30", stasis: "(fib 30)", javascript: () => fib(30), expected: "832040" },
  { name: "tak 18 12 6 (x20)", stasis: "(tak-repeat 20)", javascript: () => takRepeat(20), expected: "7" },
  { name: "nqueens 8 on lists (x20)", stasis: "(queens-repeat 20)", javascript: () => queensRepeat(20), expected: "92" },
  { name: "deriv (x20000)", stasis: "(deriv-repeat 20000)", javascript: () => derivRepeat(20000), expected: "" },
  { name: "cons-heavy 1,000,000", stasis: "(cons-heavy 1000000)", javascript: () => consHeavy(1_000_000), expected: "499999500000" },
];

async function timeStasis(session: Session, source: string, expected: string): Promise<number> {
  // Held: the runs' collections move the form.
  const form = session.world.heap.hold(session.readProgram(source, "bench"));
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = process.hrtime.bigint();
    const r = await session.evaluateProgram(form.value);
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.kind !== "value") throw new Error(`${source}: ${r.kind === "error" ? r.message : "exit"}`);
    if (expected !== "" && session.show(r.value) !== expected) throw new Error(`${source} gave ${session.show(r.value)}`);
  }
  session.world.heap.release(form);
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)];
}

export const evaluatorBenchmark: Benchmark = {
  name: "evaluator",
  async run(): Promise<BenchResult[]> {
    const session = new Session({ heapLimitBytes: HEAP_LIMIT_BYTES });
    const setup = await session.runProgram(session.readProgram(PROGRAM, "bench.scm"));
    if (setup.kind !== "value") throw new Error("benchmark program failed to load");
    const results: BenchResult[] = [];
    const ratios: number[] = [];
    for (const c of CASES) {
      let sink: unknown;
      const js = medianMs(() => { sink = c.javascript(); });
      const stasis = await timeStasis(session, c.stasis, c.expected);
      if (sink === undefined) throw new Error(`${c.name}: the JavaScript version returned nothing`);
      const ratio = stasis / js;
      ratios.push(ratio);
      results.push({
        name: `evaluator: ${c.name}`,
        ratio,
        ratioMeaning: "Stasis time / plain JavaScript time",
        goal: { atMost: EACH_GOAL },
        detail: `Stasis ${stasis.toFixed(1)} ms, JavaScript ${js.toFixed(2)} ms`,
      });
    }
    const sorted = [...ratios].sort((a, b) => a - b);
    results.push({
      name: "evaluator: median of the ratios above",
      ratio: sorted[Math.floor(sorted.length / 2)],
      ratioMeaning: "median Stasis / JavaScript",
      goal: { atMost: MEDIAN_GOAL },
      detail: ratios.map((r, i) => `${CASES[i].name}: ${r.toFixed(1)}`).join("; "),
    });
    return results;
  },
};
