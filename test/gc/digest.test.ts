// The heap digest (gc/digest.ts): a hash of the graph reachable from the roots, blind to
// addresses and to garbage.

import { evaluator } from "../language/support";
import { heapDigest } from "../../gc/digest";

describe("the heap digest", () => {
  it("is the same for two worlds built by the same program", async () => {
    const [a, b] = [evaluator(), evaluator()];
    for (const e of [a, b]) await e.value("(define data (list 1 \"two\" (vector 3.5 'four)))");
    expect(heapDigest(a.session.world.heap)).toBe(heapDigest(b.session.world.heap));
  });

  it("changes when a reachable word changes", async () => {
    const e = evaluator();
    await e.value("(define b (box 1))");
    const before = heapDigest(e.session.world.heap);
    await e.value("(set-box! b 2)");
    expect(heapDigest(e.session.world.heap)).not.toBe(before);
  });

  it("ignores garbage", async () => {
    const [a, b] = [evaluator(), evaluator()];
    for (const e of [a, b]) await e.value("(define data (list 1 2))");
    for (let i = 0; i < 1000; i++) b.session.world.heap.cons(b.session.world.heap.makeBox(), 0);
    expect(heapDigest(a.session.world.heap)).toBe(heapDigest(b.session.world.heap));
  });

  it("tells shared structure from equal copies", async () => {
    const [a, b] = [evaluator(), evaluator()];
    await a.value("(define data (let ((x (list 1))) (list x x)))");
    await b.value("(define data (list (list 1) (list 1)))");
    expect(heapDigest(a.session.world.heap)).not.toBe(heapDigest(b.session.world.heap));
  });
});
