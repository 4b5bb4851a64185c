// Pair and list primitives (runtime/primitives/lists.ts): R7RS 6.4 with its examples, (scheme
// cxr), the SRFI-1 extras, and the immutable-pair errors of LANGUAGE.md ("Out").

import { listPrimitives } from "../../../runtime/primitives/lists";
import * as L from "../../../runtime/layout";
import { makeList } from "../../../runtime/objects";
import { caller } from "./support";

const c = caller(listPrimitives);
const heap = c.world.heap;

/** What an error says: its kind, message and irritants as written. */
function failure(name: string, ...sources: string[]): string[] {
  const e = c.error(name, ...sources);
  return [e.kind, e.message, ...e.irritants.map(c.write)];
}

const MILLION = 1_000_000;

describe("pairs (R7RS 6.4)", () => {
  it("pair? is true of pairs only", () => {
    expect(c.run("pair?", "(a . b)")).toBe("#t");
    expect(c.run("pair?", "(a b c)")).toBe("#t");
    expect(c.run("pair?", "()")).toBe("#f");
    expect(c.run("pair?", "#(a b)")).toBe("#f");
  });

  it("cons makes a pair (R7RS examples)", () => {
    expect(c.run("cons", "a", "()")).toBe("(a)");
    expect(c.run("cons", "(a)", "(b c d)")).toBe("((a) b c d)");
    expect(c.run("cons", '"a"', "(b c)")).toBe('("a" b c)');
    expect(c.run("cons", "a", "3")).toBe("(a . 3)");
    expect(c.run("cons", "(a b)", "c")).toBe("((a b) . c)");
  });

  it("car gives the first element (R7RS examples)", () => {
    expect(c.run("car", "(a b c)")).toBe("a");
    expect(c.run("car", "((a) b c d)")).toBe("(a)");
    expect(c.run("car", "(1 . 2)")).toBe("1");
  });

  it("cdr gives the rest (R7RS examples)", () => {
    expect(c.run("cdr", "((a) b c d)")).toBe("(b c d)");
    expect(c.run("cdr", "(1 . 2)")).toBe("2");
  });

  it("car and cdr of the empty list are type errors", () => {
    expect(failure("car", "()")).toEqual(["type", "car: expected a pair", "()"]);
    expect(failure("cdr", "()")).toEqual(["type", "cdr: expected a pair", "()"]);
  });

  it("defines all 28 composed accessors of (scheme cxr)", () => {
    const names = listPrimitives(c.world).map((s) => s.name).filter((n) => /^c[ad]{2,4}r$/.test(n));
    expect(names.length).toBe(28);
    expect(new Set(names).size).toBe(28);
  });

  it("composes car and cdr from the last letter to the first", () => {
    expect(c.run("cadr", "(1 2 3)")).toBe("2");
    expect(c.run("cddr", "(1 2 3)")).toBe("(3)");
    expect(c.run("caar", "((1) 2)")).toBe("1");
    expect(c.run("cdar", "((1 . 5) 2)")).toBe("5");
    expect(c.run("caddr", "(1 2 3)")).toBe("3");
    expect(c.run("cadddr", "(1 2 3 4)")).toBe("4");
    expect(c.run("cddddr", "(1 2 3 4 5)")).toBe("(5)");
    expect(c.run("caadar", "((1 (2)) 3)")).toBe("2");
  });

  it("a composed accessor names itself and the value that is not a pair", () => {
    expect(failure("caddr", "(1 2)")).toEqual(["type", "caddr: expected a pair", "()"]);
  });
});

describe("immutable pairs (LANGUAGE.md, Out)", () => {
  it("set-car! says pairs are immutable and what to do instead", () => {
    expect(failure("set-car!", "(1 2)", "3")).toEqual([
      "immutable", "set-car!: pairs are immutable in Stasis; build a new list, or keep the changing part in a box",
    ]);
  });

  it("set-cdr! says pairs are immutable and what to do instead", () => {
    expect(failure("set-cdr!", "(1 2)", "3")).toEqual([
      "immutable", "set-cdr!: pairs are immutable in Stasis; build a new list, or keep the changing part in a box",
    ]);
  });

  it("list-set! says lists are immutable and what to do instead", () => {
    expect(failure("list-set!", "(1 2)", "0", "3")).toEqual([
      "immutable", "list-set!: lists are immutable in Stasis; build a new list, or keep the changing part in a box",
    ]);
  });
});

describe("lists (R7RS 6.4)", () => {
  it("null? is true of the empty list only", () => {
    expect(c.run("null?", "()")).toBe("#t");
    expect(c.run("null?", "(a)")).toBe("#f");
    expect(c.run("null?", "#f")).toBe("#f");
  });

  it("list? is true of proper lists (R7RS examples)", () => {
    expect(c.run("list?", "(a b c)")).toBe("#t");
    expect(c.run("list?", "()")).toBe("#t");
    expect(c.run("list?", "(a . b)")).toBe("#f");
    expect(c.run("list?", "5")).toBe("#f");
  });

  it("make-list fills with the given value, or #f", () => {
    expect(c.run("make-list", "2", "3")).toBe("(3 3)");
    expect(c.run("make-list", "2")).toBe("(#f #f)");
    expect(c.run("make-list", "0", "x")).toBe("()");
  });

  it("make-list needs an exact nonnegative length", () => {
    expect(failure("make-list", "-1")).toEqual(["type", "make-list: expected an exact nonnegative integer", "-1"]);
    expect(failure("make-list", "1.0")).toEqual(["type", "make-list: expected an exact nonnegative integer", "1.0"]);
  });

  it("list makes a list of its arguments", () => {
    expect(c.run("list", "a", "7", "c")).toBe("(a 7 c)");
    expect(c.run("list")).toBe("()");
  });

  it("cons* puts elements in front of a last argument (SRFI-1)", () => {
    expect(c.run("cons*", "1", "2", "(3 4)")).toBe("(1 2 3 4)");
    expect(c.run("cons*", "1", "2")).toBe("(1 . 2)");
    expect(c.run("cons*", "1")).toBe("1");
  });

  it("length counts elements (R7RS examples)", () => {
    expect(c.run("length", "(a b c)")).toBe("3");
    expect(c.run("length", "(a (b) (c d e))")).toBe("3");
    expect(c.run("length", "()")).toBe("0");
  });

  it("length of an improper list is a type error", () => {
    expect(failure("length", "(1 . 2)")).toEqual(["type", "length: expected a proper list", "(1 . 2)"]);
  });

  it("append joins lists (R7RS examples)", () => {
    expect(c.run("append", "(x)", "(y)")).toBe("(x y)");
    expect(c.run("append", "(a)", "(b c d)")).toBe("(a b c d)");
    expect(c.run("append", "(a (b))", "((c))")).toBe("(a (b) (c))");
    expect(c.run("append", "(a b)", "(c . d)")).toBe("(a b c . d)");
    expect(c.run("append", "()", "a")).toBe("a");
  });

  it("append of no arguments is (), and of one is that argument", () => {
    expect(c.run("append")).toBe("()");
    const x = c.datum("(1 2)");
    expect(c.call("append", x)).toBe(x);
    expect(c.run("append", "5")).toBe("5");
  });

  it("append joins any number of lists", () => {
    expect(c.run("append", "(1)", "()", "(2 3)", "(4)")).toBe("(1 2 3 4)");
  });

  it("append shares its last argument rather than copying it", () => {
    const last = c.datum("(c d)");
    const result = c.call("append", c.datum("(a b)"), last);
    expect(heap.cdr(heap.cdr(result))).toBe(last);
  });

  it("append needs proper lists before the last argument", () => {
    expect(failure("append", "(1 . 2)", "(3)")).toEqual(["type", "append: expected a proper list", "(1 . 2)"]);
  });

  it("reverse reverses the top level (R7RS examples)", () => {
    expect(c.run("reverse", "(a b c)")).toBe("(c b a)");
    expect(c.run("reverse", "(a (b c) d (e (f)))")).toBe("((e (f)) d (b c) a)");
    expect(c.run("reverse", "()")).toBe("()");
  });

  it("reverse of an improper list is a type error", () => {
    expect(failure("reverse", "(1 2 . 3)")).toEqual(["type", "reverse: expected a proper list", "(1 2 . 3)"]);
  });

  it("list-tail drops k elements and shares the rest (R7RS example)", () => {
    expect(c.run("list-tail", "(a b c d)", "2")).toBe("(c d)");
    const list = c.datum("(a b)");
    expect(c.call("list-tail", list, L.makeFixnum(0))).toBe(list);
    expect(c.run("list-tail", "(a b)", "2")).toBe("()");
  });

  it("list-tail past the end is a range error", () => {
    expect(failure("list-tail", "(a b)", "3")).toEqual(["range", "list-tail: index out of range", "3"]);
    expect(failure("list-tail", "(a b)", "-1")).toEqual(["type", "list-tail: expected an exact nonnegative integer", "-1"]);
  });

  it("list-ref gives element k (R7RS example)", () => {
    expect(c.run("list-ref", "(a b c d)", "2")).toBe("c");
    expect(c.run("list-ref", "(a b c d)", "0")).toBe("a");
  });

  it("list-ref past the end is a range error, of a non-list a type error", () => {
    expect(failure("list-ref", "(a b)", "2")).toEqual(["range", "list-ref: index out of range", "2"]);
    expect(failure("list-ref", "(a . b)", "1")).toEqual(["range", "list-ref: index out of range", "1"]);
    expect(failure("list-ref", "5", "0")).toEqual(["type", "list-ref: expected a list", "5"]);
    expect(failure("list-ref", "(a)", "x")).toEqual(["type", "list-ref: expected an exact nonnegative integer", "x"]);
  });

  it("list-copy copies the spine and keeps an improper tail", () => {
    const list = c.datum("(1 8 2 8)");
    const copy = c.call("list-copy", list);
    expect(c.write(copy)).toBe("(1 8 2 8)");
    expect(copy).not.toBe(list);
    expect(c.run("list-copy", "(1 2 . 3)")).toBe("(1 2 . 3)");
  });

  it("list-copy returns a non-list unchanged", () => {
    expect(c.run("list-copy", "5")).toBe("5");
    expect(c.run("list-copy", "()")).toBe("()");
  });

  it("last gives the last element (SRFI-1)", () => {
    expect(c.run("last", "(1 2 3)")).toBe("3");
    expect(c.run("last", "(1)")).toBe("1");
    expect(failure("last", "()")).toEqual(["type", "last: expected a non-empty list", "()"]);
  });
});

describe("searching (R7RS 6.4)", () => {
  it("memq finds by eq? (R7RS examples)", () => {
    expect(c.run("memq", "a", "(a b c)")).toBe("(a b c)");
    expect(c.run("memq", "b", "(a b c)")).toBe("(b c)");
    expect(c.run("memq", "a", "(b c d)")).toBe("#f");
    expect(c.run("memq", "(a)", "(b (a) c)")).toBe("#f");
  });

  it("member finds by equal? (R7RS example)", () => {
    expect(c.run("member", "(a)", "(b (a) c)")).toBe("((a) c)");
    expect(c.run("member", '"b"', '("a" "b")')).toBe('("b")');
  });

  it("memv finds by eqv? (R7RS example)", () => {
    expect(c.run("memv", "101", "(100 101 102)")).toBe("(101 102)");
    expect(c.run("memv", "100000000000000000000", "(1 100000000000000000000)")).toBe("(100000000000000000000)");
    expect(c.run("memv", "(a)", "((a))")).toBe("#f");
  });

  it("member returns a tail of its argument, not a copy", () => {
    const list = c.datum("(1 2 3)");
    expect(c.call("member", L.makeFixnum(2), list)).toBe(heap.cdr(list));
  });

  it("memq, memv and member need a proper list when the element is absent", () => {
    expect(failure("memq", "x", "(a . b)")).toEqual(["type", "memq: expected a proper list", "(a . b)"]);
    expect(failure("memv", "x", "(a . b)")).toEqual(["type", "memv: expected a proper list", "(a . b)"]);
    expect(failure("member", "x", "(a . b)")).toEqual(["type", "member: expected a proper list", "(a . b)"]);
  });

  it("assq finds by eq? (R7RS examples)", () => {
    const e = "((a 1) (b 2) (c 3))";
    expect(c.run("assq", "a", e)).toBe("(a 1)");
    expect(c.run("assq", "b", e)).toBe("(b 2)");
    expect(c.run("assq", "d", e)).toBe("#f");
    expect(c.run("assq", "(a)", "(((a)) ((b)) ((c)))")).toBe("#f");
  });

  it("assoc finds by equal? (R7RS example)", () => {
    expect(c.run("assoc", "(a)", "(((a)) ((b)) ((c)))")).toBe("((a))");
  });

  it("assv finds by eqv? (R7RS example)", () => {
    expect(c.run("assv", "5", "((2 3) (5 7) (11 13))")).toBe("(5 7)");
    expect(c.run("assv", "1.5", "((1.5 x))")).toBe("(1.5 x)");
  });

  it("assq, assv and assoc need a list of pairs", () => {
    expect(failure("assq", "x", "((a 1) 5)")).toEqual(["type", "assq: expected a pair in the list", "5"]);
    expect(failure("assv", "x", "((a 1) 5)")).toEqual(["type", "assv: expected a pair in the list", "5"]);
    expect(failure("assoc", "x", "((a 1) . 5)")).toEqual(["type", "assoc: expected a proper list", "((a 1) . 5)"]);
  });
});

describe("SRFI-1 extras", () => {
  it("iota counts from 0 by 1", () => {
    expect(c.run("iota", "5")).toBe("(0 1 2 3 4)");
    expect(c.run("iota", "0")).toBe("()");
  });

  it("iota takes a start and a step", () => {
    expect(c.run("iota", "5", "1")).toBe("(1 2 3 4 5)");
    expect(c.run("iota", "5", "0", "-1")).toBe("(0 -1 -2 -3 -4)");
  });

  it("iota with a flonum start or step gives flonums, each start + i * step", () => {
    expect(c.run("iota", "3", "0.5", "0.25")).toBe("(0.5 0.75 1.0)");
    expect(c.run("iota", "3", "0", "0.1")).toBe("(0.0 0.1 0.2)");
  });

  it("iota reaches bignums exactly", () => {
    expect(c.run("iota", "2", "1073741823")).toBe("(1073741823 1073741824)");
  });

  it("iota needs a count and numbers", () => {
    expect(failure("iota", "-1")).toEqual(["type", "iota: expected an exact nonnegative integer", "-1"]);
    expect(failure("iota", "2", "a")).toEqual(["type", "iota: expected a number", "a"]);
    expect(failure("iota", "0", "1", "b")).toEqual(["type", "iota: expected a number", "b"]);
  });

  it("delete removes every element equal? to x", () => {
    expect(c.run("delete", "2", "(1 2 3 2 4)")).toBe("(1 3 4)");
    expect(c.run("delete", "(1)", "((1) 2 (1))")).toBe("(2)");
    expect(c.run("delete", "9", "(1 2)")).toBe("(1 2)");
  });

  it("delete shares the tail after the last element it removes", () => {
    const list = c.datum("(a b c)");
    expect(c.call("delete", c.datum("a"), list)).toBe(heap.cdr(list));
    expect(c.call("delete", c.datum("z"), list)).toBe(list);
  });

  it("delete needs a proper list", () => {
    expect(failure("delete", "1", "(1 . 2)")).toEqual(["type", "delete: expected a proper list", "(1 . 2)"]);
  });

  it("delete-duplicates keeps the first of each equal? group, in order (SRFI-1 example)", () => {
    expect(c.run("delete-duplicates", "(a b a c a b c z)")).toBe("(a b c z)");
    expect(c.run("delete-duplicates", '((1) "x" (1) "x" 1.0 1)')).toBe('((1) "x" 1.0 1)');
    expect(c.run("delete-duplicates", "()")).toBe("()");
  });

  it("delete-duplicates needs a proper list", () => {
    expect(failure("delete-duplicates", "(1 . 2)")).toEqual(["type", "delete-duplicates: expected a proper list", "(1 . 2)"]);
  });
});

describe("long lists", () => {
  const elements = Array.from({ length: MILLION }, (_, i) => L.makeFixnum(i));
  const long = makeList(heap, elements);

  it("length, list? and last walk a list of a million elements", () => {
    expect(c.call("length", long)).toBe(L.makeFixnum(MILLION));
    expect(c.call("list?", long)).toBe(L.TRUE);
    expect(c.call("last", long)).toBe(L.makeFixnum(MILLION - 1));
  });

  it("reverse, append and list-copy build lists of a million elements", () => {
    expect(heap.car(c.call("reverse", long))).toBe(L.makeFixnum(MILLION - 1));
    expect(c.call("length", c.call("append", long, long))).toBe(L.makeFixnum(2 * MILLION));
    expect(c.call("length", c.call("list-copy", long))).toBe(L.makeFixnum(MILLION));
  });

  it("member and delete-duplicates handle a list of a million elements", () => {
    expect(c.call("member", L.makeFixnum(MILLION - 1), long)).not.toBe(L.FALSE);
    expect(c.call("length", c.call("delete-duplicates", long))).toBe(L.makeFixnum(MILLION));
  });
});
