// Bytevector primitives (runtime/primitives/bytevectors.ts): R7RS 6.9 with its examples, and the
// immutable-bytevector errors of LANGUAGE.md ("Out"). utf8->string and string->utf8 are tested
// with the strings module that defines them.

import { bytevectorPrimitives } from "../../../runtime/primitives/bytevectors";
import { caller } from "./support";

const c = caller(bytevectorPrimitives);

function failure(name: string, ...sources: string[]): string[] {
  const e = c.error(name, ...sources);
  return [e.kind, e.message, ...e.irritants.map(c.write)];
}

const NOT_A_BYTE = "expected a byte (an exact integer from 0 to 255)";

describe("bytevectors (R7RS 6.9)", () => {
  it("bytevector? is true of bytevectors only", () => {
    expect(c.run("bytevector?", "#u8(1 2)")).toBe("#t");
    expect(c.run("bytevector?", "#u8()")).toBe("#t");
    expect(c.run("bytevector?", "#(1 2)")).toBe("#f");
  });

  it("make-bytevector fills with the given byte (R7RS example)", () => {
    expect(c.run("make-bytevector", "2", "12")).toBe("#u8(12 12)");
    expect(c.run("make-bytevector", "0", "12")).toBe("#u8()");
  });

  it("make-bytevector fills with 0 by default (B3)", () => {
    expect(c.run("make-bytevector", "3")).toBe("#u8(0 0 0)");
  });

  it("make-bytevector checks its length and byte", () => {
    expect(failure("make-bytevector", "-1")).toEqual(["type", "make-bytevector: expected an exact nonnegative integer", "-1"]);
    expect(failure("make-bytevector", "1000000000")).toEqual(["range", "make-bytevector: length out of range", "1000000000"]);
    expect(failure("make-bytevector", "2", "256")).toEqual(["type", `make-bytevector: ${NOT_A_BYTE}`, "256"]);
    expect(failure("make-bytevector", "2", "-1")).toEqual(["type", `make-bytevector: ${NOT_A_BYTE}`, "-1"]);
  });

  it("bytevector makes a bytevector of its arguments (R7RS examples)", () => {
    expect(c.run("bytevector", "1", "3", "5", "1", "3", "5")).toBe("#u8(1 3 5 1 3 5)");
    expect(c.run("bytevector")).toBe("#u8()");
  });

  it("bytevector needs bytes", () => {
    expect(failure("bytevector", "1", "256")).toEqual(["type", `bytevector: ${NOT_A_BYTE}`, "256"]);
    expect(failure("bytevector", "1.0")).toEqual(["type", `bytevector: ${NOT_A_BYTE}`, "1.0"]);
    expect(failure("bytevector", "#\\a")).toEqual(["type", `bytevector: ${NOT_A_BYTE}`, "#\\a"]);
  });

  it("bytevector-length counts bytes", () => {
    expect(c.run("bytevector-length", "#u8(1 2 3 4 5)")).toBe("5");
    expect(c.run("bytevector-length", "#u8()")).toBe("0");
    expect(failure("bytevector-length", "#(1)")).toEqual(["type", "bytevector-length: expected a bytevector", "#(1)"]);
  });

  it("bytevector-u8-ref gives byte k (R7RS example)", () => {
    expect(c.run("bytevector-u8-ref", "#u8(1 1 2 3 5 8 13 21)", "5")).toBe("8");
    expect(c.run("bytevector-u8-ref", "#u8(255)", "0")).toBe("255");
  });

  it("bytevector-u8-ref outside the bytevector is a range error", () => {
    expect(failure("bytevector-u8-ref", "#u8(1 2)", "2")).toEqual(["range", "bytevector-u8-ref: index out of range", "2"]);
    expect(failure("bytevector-u8-ref", "#u8(1 2)", "-1")).toEqual(["type", "bytevector-u8-ref: expected an exact nonnegative integer", "-1"]);
    expect(failure("bytevector-u8-ref", "(1 2)", "0")).toEqual(["type", "bytevector-u8-ref: expected a bytevector", "(1 2)"]);
  });

  it("bytevector-copy copies from start to end (R7RS example)", () => {
    expect(c.run("bytevector-copy", "#u8(1 2 3 4 5)", "2", "4")).toBe("#u8(3 4)");
    expect(c.run("bytevector-copy", "#u8(1 2 3 4 5)", "2")).toBe("#u8(3 4 5)");
    expect(c.run("bytevector-copy", "#u8(1 2 3 4 5)")).toBe("#u8(1 2 3 4 5)");
  });

  it("bytevector-copy makes a new bytevector", () => {
    const b = c.datum("#u8(1)");
    expect(c.call("bytevector-copy", b)).not.toBe(b);
  });

  it("bytevector-copy checks start and end", () => {
    expect(failure("bytevector-copy", "#u8(1 2)", "3")).toEqual(["range", "bytevector-copy: start index out of range", "3"]);
    expect(failure("bytevector-copy", "#u8(1 2)", "0", "3")).toEqual(["range", "bytevector-copy: end index out of range", "3"]);
    expect(failure("bytevector-copy", "#u8(1 2)", "2", "1")).toEqual(["range", "bytevector-copy: end index is before the start index", "1"]);
  });

  it("bytevector-append joins bytevectors (R7RS example)", () => {
    expect(c.run("bytevector-append", "#u8(0 1 2)", "#u8(3 4 5)")).toBe("#u8(0 1 2 3 4 5)");
    expect(c.run("bytevector-append")).toBe("#u8()");
    expect(failure("bytevector-append", "#u8(1)", "#(2)")).toEqual(["type", "bytevector-append: expected a bytevector", "#(2)"]);
  });
});

describe("immutable bytevectors (LANGUAGE.md, Out)", () => {
  it("bytevector-u8-set! says bytevectors are immutable and what to do instead", () => {
    expect(failure("bytevector-u8-set!", "#u8(1 2)", "0", "3")).toEqual([
      "immutable",
      "bytevector-u8-set!: bytevectors are immutable in Stasis; build a new bytevector, or keep the changing part in a box",
    ]);
  });

  it("bytevector-copy! says bytevectors are immutable and what to use instead", () => {
    expect(failure("bytevector-copy!", "#u8(1 2)", "0", "#u8(3)")).toEqual([
      "immutable",
      "bytevector-copy!: bytevectors are immutable in Stasis; use bytevector-copy or bytevector-append for a new bytevector, or keep the changing part in a box",
    ]);
  });
});
