// The code generator's choices that speed depends on (compiler/codegen.ts G1-G3), read from the
// disassembly of compiled procedures.
import { Session } from "../../../repl/session";
import { CLOSURE_CODE } from "../../../runtime/layout";
import { disassemble } from "../../../runtime/code";
import { TEST_HEAP_BYTES } from "../../language/support";

const s = new Session({ heapLimitBytes: TEST_HEAP_BYTES, stdout: () => undefined, stderr: () => undefined });

/** The disassembly of the procedure a definition defines. */
async function code(definition: string, name: string): Promise<string> {
  const r = await s.runProgram(s.readProgram(definition, "test.scm"));
  if (r.kind !== "value") throw new Error(JSON.stringify(r));
  return disassemble(s.world.heap, s.world.heap.field(s.global(name), CLOSURE_CODE));
}

describe("the code generator", () => {
  it("tests a comparison with a constant in one fused instruction", async () => {
    const text = await code("(define (small? n) (if (< n 2) 'yes 'no))", "small?");
    expect(text).toMatch(/jump-unless-lt-imm 1 4 /);
    expect(text).not.toMatch(/^\d+ lt /m);
  });

  it("adds a constant with one instruction", async () => {
    expect(await code("(define (dec n) (- n 1))", "dec")).toMatch(/add-imm \d+ 1 -2/);
  });

  it("keeps an unassigned variable in its slot, unboxed (G1)", async () => {
    const text = await code("(define (twice x) (let ((y (* x 2))) (+ y y)))", "twice");
    expect(text).not.toMatch(/\bbox\b|unbox/);
  });

  it("boxes an assigned variable (G1)", async () => {
    expect(await code("(define (counter) (let ((n 0)) (lambda () (set! n (+ n 1)) n)))", "counter")).toMatch(/\bbox\b/);
  });

  it("calls a named let's loop through the running closure, capturing nothing for it", async () => {
    const text = await code("(define (sum-to n) (let loop ((i 0) (acc 0)) (if (> i n) acc (loop (+ i 1) (+ acc i)))))", "sum-to");
    // The loop closure captures only n: one free variable.
    expect(text).toMatch(/closure \d+ \d+ 1 1/);
    expect(text).not.toMatch(/fix-free/);
  });

  it("ties mutually recursive local procedures together with fix-free (G2)", async () => {
    const text = await code(`(define (parity n)
      (define (ev? n) (if (= n 0) #t (od? (- n 1))))
      (define (od? n) (if (= n 0) #f (ev? (- n 1))))
      (ev? n))`, "parity");
    expect(text).toMatch(/fix-free/);
  });

  it("integrates car while car is the primitive, and calls a redefined car (G3)", async () => {
    expect(await code("(define (first l) (car l))", "first")).toMatch(/^\d+ car /m);
    const r = await s.runProgram(s.readProgram("(define car (lambda (x) 'mine)) (define (first2 l) (car l))", "test.scm"));
    expect(r.kind).toBe("value");
    const text = disassemble(s.world.heap, s.world.heap.field(s.global("first2"), CLOSURE_CODE));
    expect(text).not.toMatch(/^\d+ car /m);
    expect(text).toMatch(/tail-call/);
  });
});
