// The machine (runtime/machine.ts): runs in slices, stops for interrupts and input, spills deep
// recursion into segments and restores it (M2), re-enters continuations (M3), and keeps its
// registers in the heap at the end of every slice (M5).
import { Session } from "../../repl/session";
import {
  CODE_INSTRUCTIONS, MACHINE_CODE, MACHINE_FP, MACHINE_PC, NIL, OBJECT_CODE, OBJECT_SEGMENT,
  ROOT_MACHINE, fixnumValue, addressOf,
} from "../../runtime/layout";
import { TEST_HEAP_BYTES } from "../language/support";

function session(): Session {
  return new Session({ heapLimitBytes: TEST_HEAP_BYTES, stdout: () => undefined, stderr: () => undefined });
}

/** Starts `(procedure)` for a program that defines it; the caller drives the slices. */
async function start(s: Session, program: string, procedure: string): Promise<void> {
  const r = await s.runProgram(s.readProgram(program, "test.scm"));
  if (r.kind !== "value") throw new Error(`program failed: ${JSON.stringify(r)}`);
  s.machine.start(s.global(procedure), []);
}

describe("slices", () => {
  it("returns to the host when a slice's time is up, and resumes where it stopped", async () => {
    const s = session();
    await start(s, "(define (count) (let loop ((i 0)) (if (< i 3000000) (loop (+ i 1)) i)))", "count");
    let slices = 0;
    let outcome = s.machine.resume(1);
    while (outcome.kind === "yield") {
      slices++;
      outcome = s.machine.resume(1);
    }
    expect(slices).toBeGreaterThan(1);
    expect(outcome.kind === "done" && fixnumValue(outcome.value)).toBe(3000000);
  });

  it("writes the registers to the heap's machine object when a slice ends (M5)", async () => {
    const s = session();
    await start(s, "(define (spin) (let loop ((i 0)) (loop (+ i 1))))", "spin");
    expect(s.machine.resume(1).kind).toBe("yield");
    const heap = s.world.heap;
    const machine = heap.roots[ROOT_MACHINE];
    const code = heap.field(machine, MACHINE_CODE);
    expect(heap.isType(code, OBJECT_CODE)).toBe(true);
    expect(code).toBe(s.machine.code);
    expect(fixnumValue(heap.field(machine, MACHINE_PC))).toBe(s.machine.pc - (addressOf(code) + CODE_INSTRUCTIONS));
    expect(fixnumValue(heap.field(machine, MACHINE_FP))).toBe(s.machine.fp - s.machine.stackBase);
  });

  it("takes an interrupt at a safe point: the computation leaves through %interrupted and stops as uncaught, with a backtrace (M8)", async () => {
    const s = session();
    await start(s, "(define (spin) (let loop ((i 0)) (loop (+ i 1))))", "spin");
    expect(s.machine.resume(1).kind).toBe("yield");
    s.machine.interruptRequested = true;
    const outcome = s.machine.resume(1000);
    expect(outcome.kind === "error" && s.describe(outcome.condition, outcome.backtrace).message).toMatch(/^test\.scm:1:\d+: interrupted$/);
    expect(outcome.kind === "error" && outcome.backtrace.frames[0]).toMatch(/^in loop \(test\.scm:1:\d+\)$/);
    expect(s.machine.interruptRequested).toBe(false);
  });

  it("takes an interrupt that came while it waited for input as soon as it is resumed, before the call is made again (M8, M9)", async () => {
    const s = session();
    await start(s, "(define (ask) (read-line))", "ask");
    expect(s.machine.resume(1000)).toEqual({ kind: "wait", reason: "input" });
    s.machine.interruptRequested = true;
    const outcome = s.machine.resume(1000);
    expect(outcome.kind === "error" && s.describe(outcome.condition).message).toMatch(/interrupted$/);
  });

  it("stops when a primitive needs input, and makes the same call again once input is fed (M9)", async () => {
    const s = session();
    await start(s, "(define (greet) (string-append \"hello, \" (read-line)))", "greet");
    expect(s.machine.resume(1000)).toEqual({ kind: "wait", reason: "input" });
    s.ports.feedInput("world\n");
    const outcome = s.machine.resume(1000);
    expect(outcome.kind === "done" && s.show(outcome.value)).toBe('"hello, world"');
  });

  it("makes a waiting call again with its own arguments, whatever a tail call or apply did to the frame (M9)", async () => {
    const s = session();
    await start(s, `(define (tail-read) (read-line (current-input-port)))
                    (define (applied) (apply read-line (list (current-input-port))))
                    (define (both) (list (tail-read) (applied)))`, "both");
    expect(s.machine.resume(1000)).toEqual({ kind: "wait", reason: "input" });
    s.ports.feedInput("one\n");
    expect(s.machine.resume(1000)).toEqual({ kind: "wait", reason: "input" });
    s.ports.feedInput("two\n");
    const outcome = s.machine.resume(1000);
    expect(outcome.kind === "done" && s.show(outcome.value)).toBe('("one" "two")');
  });
});

describe("deep recursion (M2)", () => {
  it("spills frames into segments when the stack region is full, and restores them on return", async () => {
    const s = session();
    await start(s, "(define (depth) (let f ((n 300000)) (if (= n 0) 0 (+ 1 (f (- n 1))))))", "depth");
    let sawSegment = false;
    let outcome = s.machine.resume(5);
    while (outcome.kind === "yield") {
      if (s.world.heap.isType(s.machine.next, OBJECT_SEGMENT)) sawSegment = true;
      outcome = s.machine.resume(5);
    }
    expect(sawSegment).toBe(true);
    expect(outcome.kind === "done" && fixnumValue(outcome.value)).toBe(300000);
    expect(s.machine.next).toBe(NIL);
  });
});

describe("continuations (M3)", () => {
  it("re-enters a continuation captured in the middle of an expression, several times", async () => {
    const s = session();
    const r = await s.evaluateProgram(s.readProgram(`
      (let ((k #f) (n (box 0)) (results (box '())))
        (let ((v (+ 100 (call/cc (lambda (c) (set! k c) 0)))))
          (set-box! results (cons v (unbox results)))
          (when (< (unbox n) 3)
            (set-box! n (+ (unbox n) 1))
            (k (unbox n)))
          (reverse (unbox results))))`, "test.scm"));
    expect(r.kind === "value" && s.show(r.value)).toBe("(100 101 102 103)");
  });

  it("resumes a continuation of an earlier toplevel run in a later one: the toplevel is one computation (M4)", async () => {
    const s = session();
    await s.runProgram(s.readProgram("(define saved #f) (+ 1 (call/cc (lambda (k) (set! saved k) 1)))", "test.scm"));
    const r = await s.evaluateProgram(s.readProgram("(saved 5)", "test.scm"));
    expect(r.kind === "value" && s.show(r.value)).toBe("6");
  });

  it("refuses a continuation captured inside a macro expansion, outside it (M4)", async () => {
    const s = session();
    const r = await s.evaluateProgram(s.readProgram(`
      (define escape #f)
      (define-macro (capture) (call/cc (lambda (k) (set! escape k))) ''expanded)
      (capture)
      (escape 1)`, "test.scm"));
    expect(r.kind === "error" && r.message).toMatch(/continuation: it cannot be resumed across the edge of a macro expansion/);
  });
});
