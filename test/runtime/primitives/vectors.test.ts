// Vector primitives (runtime/primitives/vectors.ts): R7RS 6.8 with its examples, vector-update,
// and the immutable-vector errors of LANGUAGE.md ("Out"). string->vector and vector->string are
// tested with the strings module that defines them.

import { vectorPrimitives } from "../../../runtime/primitives/vectors";
import * as L from "../../../runtime/layout";
import { makeVector } from "../../../runtime/objects";
import { caller } from "./support";

const c = caller(vectorPrimitives);
const heap = c.world.heap;

function failure(name: string, ...sources: string[]): string[] {
  const e = c.error(name, ...sources);
  return [e.kind, e.message, ...e.irritants.map(c.write)];
}

describe("vectors (R7RS 6.8)", () => {
  it("vector? is true of vectors only", () => {
    expect(c.run("vector?", "#(1 2)")).toBe("#t");
    expect(c.run("vector?", "#()")).toBe("#t");
    expect(c.run("vector?", "(1 2)")).toBe("#f");
    expect(c.run("vector?", '"ab"')).toBe("#f");
  });

  it("make-vector fills with the given value", () => {
    expect(c.run("make-vector", "3", "x")).toBe("#(x x x)");
    expect(c.run("make-vector", "0", "x")).toBe("#()");
  });

  it("make-vector fills with #f by default (V3)", () => {
    expect(c.run("make-vector", "2")).toBe("#(#f #f)");
  });

  it("make-vector needs an exact nonnegative length it can hold", () => {
    expect(failure("make-vector", "-1")).toEqual(["type", "make-vector: expected an exact nonnegative integer", "-1"]);
    expect(failure("make-vector", "2.0")).toEqual(["type", "make-vector: expected an exact nonnegative integer", "2.0"]);
    expect(failure("make-vector", "100000000000")).toEqual(["range", "make-vector: length out of range", "100000000000"]);
    expect(failure("make-vector", "100000000")).toEqual(["range", "make-vector: length out of range", "100000000"]);
  });

  it("vector makes a vector of its arguments (R7RS example)", () => {
    expect(c.run("vector", "a", "b", "c")).toBe("#(a b c)");
    expect(c.run("vector")).toBe("#()");
  });

  it("vector-length counts elements", () => {
    expect(c.run("vector-length", "#(1 2 3)")).toBe("3");
    expect(c.run("vector-length", "#()")).toBe("0");
  });

  it("vector-ref gives element k (R7RS examples)", () => {
    expect(c.run("vector-ref", "#(1 1 2 3 5 8 13 21)", "5")).toBe("8");
    expect(c.run("vector-ref", "#(1 1 2 3 5 8 13 21)", "6")).toBe("13");
  });

  it("vector-ref outside the vector is a range error", () => {
    expect(failure("vector-ref", "#(1 2)", "2")).toEqual(["range", "vector-ref: index out of range", "2"]);
    expect(failure("vector-ref", "#()", "0")).toEqual(["range", "vector-ref: index out of range", "0"]);
    expect(failure("vector-ref", "#(1)", "100000000000000000000")).toEqual(["range", "vector-ref: index out of range", "100000000000000000000"]);
  });

  it("vector-ref needs a vector and an exact nonnegative index", () => {
    expect(failure("vector-ref", "(1)", "0")).toEqual(["type", "vector-ref: expected a vector", "(1)"]);
    expect(failure("vector-ref", "#(1)", "-1")).toEqual(["type", "vector-ref: expected an exact nonnegative integer", "-1"]);
    expect(failure("vector-ref", "#(1)", "0.0")).toEqual(["type", "vector-ref: expected an exact nonnegative integer", "0.0"]);
    expect(failure("vector-ref", "#(1)", "-100000000000000000000")).toEqual([
      "type", "vector-ref: expected an exact nonnegative integer", "-100000000000000000000",
    ]);
  });

  it("vector->list lists the elements from start to end (R7RS examples)", () => {
    expect(c.run("vector->list", "#(dah dah didah)")).toBe("(dah dah didah)");
    expect(c.run("vector->list", "#(dah dah didah)", "1")).toBe("(dah didah)");
    expect(c.run("vector->list", "#(dah dah didah)", "1", "2")).toBe("(dah)");
    expect(c.run("vector->list", "#(dah dah didah)", "3", "3")).toBe("()");
  });

  it("vector->list checks start and end", () => {
    expect(failure("vector->list", "#(1 2)", "3")).toEqual(["range", "vector->list: start index out of range", "3"]);
    expect(failure("vector->list", "#(1 2)", "0", "3")).toEqual(["range", "vector->list: end index out of range", "3"]);
    expect(failure("vector->list", "#(1 2)", "2", "1")).toEqual(["range", "vector->list: end index is before the start index", "1"]);
  });

  it("list->vector makes a vector of a list's elements (R7RS example)", () => {
    expect(c.run("list->vector", "(dididit dah)")).toBe("#(dididit dah)");
    expect(c.run("list->vector", "()")).toBe("#()");
  });

  it("list->vector needs a proper list", () => {
    expect(failure("list->vector", "(1 . 2)")).toEqual(["type", "list->vector: expected a proper list", "(1 . 2)"]);
  });

  it("vector-copy copies from start to end (R7RS example)", () => {
    expect(c.run("vector-copy", "#(1 8 2 8)")).toBe("#(1 8 2 8)");
    expect(c.run("vector-copy", "#(1 8 2 8)", "1", "3")).toBe("#(8 2)");
    expect(c.run("vector-copy", "#(1 8 2 8)", "2")).toBe("#(2 8)");
  });

  it("vector-copy makes a new vector", () => {
    const v = c.datum("#(1 2)");
    expect(c.call("vector-copy", v)).not.toBe(v);
  });

  it("vector-copy checks start and end", () => {
    expect(failure("vector-copy", "#(1 2)", "1", "0")).toEqual(["range", "vector-copy: end index is before the start index", "0"]);
    expect(failure("vector-copy", "(1 2)")).toEqual(["type", "vector-copy: expected a vector", "(1 2)"]);
  });

  it("vector-append joins vectors (R7RS example)", () => {
    expect(c.run("vector-append", "#(a b c)", "#(d e f)")).toBe("#(a b c d e f)");
    expect(c.run("vector-append")).toBe("#()");
    expect(c.run("vector-append", "#(1)", "#()", "#(2 3)")).toBe("#(1 2 3)");
  });

  it("vector-append needs vectors", () => {
    expect(failure("vector-append", "#(1)", "(2)")).toEqual(["type", "vector-append: expected a vector", "(2)"]);
  });

  it("vector-update returns a new vector with element k replaced, leaving the old one as it was", () => {
    const v = c.datum("#(1 2 3)");
    expect(c.write(c.call("vector-update", v, L.makeFixnum(1), c.datum("x")))).toBe("#(1 x 3)");
    expect(c.write(v)).toBe("#(1 2 3)");
  });

  it("vector-update outside the vector is a range error", () => {
    expect(failure("vector-update", "#(1 2)", "2", "x")).toEqual(["range", "vector-update: index out of range", "2"]);
    expect(failure("vector-update", "(1 2)", "0", "x")).toEqual(["type", "vector-update: expected a vector", "(1 2)"]);
  });

  it("builds and reads vectors of a million elements", () => {
    const n = 1_000_000;
    const v = makeVector(heap, Array.from({ length: n }, (_, i) => L.makeFixnum(i)));
    expect(c.call("vector-length", c.call("vector-append", v, v))).toBe(L.makeFixnum(2 * n));
    expect(c.call("vector-ref", c.call("list->vector", c.call("vector->list", v)), L.makeFixnum(n - 1))).toBe(L.makeFixnum(n - 1));
  });
});

describe("immutable vectors (LANGUAGE.md, Out)", () => {
  it("vector-set! says vectors are immutable and what to use instead", () => {
    expect(failure("vector-set!", "#(1 2)", "0", "3")).toEqual([
      "immutable",
      "vector-set!: vectors are immutable in Stasis; use vector-update for a new vector, or keep the changing part in a box",
    ]);
  });

  it("vector-fill! says vectors are immutable and what to use instead", () => {
    expect(failure("vector-fill!", "#(1 2)", "0")).toEqual([
      "immutable",
      "vector-fill!: vectors are immutable in Stasis; use make-vector for a filled vector, or keep the changing part in a box",
    ]);
  });

  it("vector-copy! says vectors are immutable and what to use instead", () => {
    expect(failure("vector-copy!", "#(1 2)", "0", "#(3)")).toEqual([
      "immutable",
      "vector-copy!: vectors are immutable in Stasis; use vector-copy or vector-append for a new vector, or keep the changing part in a box",
    ]);
  });
});
