// The port table (runtime/ports.ts): standard ports and their parameters, the standard input
// protocol (PT4), closed and resumed ports (PT1, PT2), buffered standard output (PT6).
import { readFirstDatum } from "../../reader/reader";
import { createWorld } from "../../gc";
import { World } from "../../runtime/world";
import {
  BOX_VALUE, EOF, FALSE, OBJECT_PARAMETER, PARAMETER_CONVERTER, PARAMETER_VALUE, PORT_FLAGS, PORT_ID,
  ROOT_PORT_PARAMETERS, fixnumValue,
} from "../../runtime/layout";
import { LispError, SchemeError } from "../../runtime/errors";
import { vectorRef } from "../../runtime/objects";
import { printToString } from "../../runtime/printer";
import { InputNeeded, PORT_STDERR, PORT_STDIN, PORT_STDOUT, PortTable } from "../../runtime/ports";
import {
  CURRENT_PORT_ERROR, CURRENT_PORT_INPUT, CURRENT_PORT_OUTPUT, PORT_FLAG_INPUT, PORT_FLAG_OUTPUT,
} from "../../runtime/layout";
import { TEST_HEAP } from "./primitives/support";

interface Session {
  world: World;
  ports: PortTable;
  stdout: string[];
  stderr: string[];
}

function session(world = createWorld(TEST_HEAP)): Session {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const ports = new PortTable(world, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s), readDatum: (text, file) => readFirstDatum(world, text, file) });
  return { world, ports, stdout, stderr };
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("nothing was thrown");
}

const id = (s: Session, port: number) => fixnumValue(s.world.heap.field(port, PORT_ID));
const flags = (s: Session, port: number) => fixnumValue(s.world.heap.field(port, PORT_FLAGS));

describe("the standard ports", () => {
  it("are created with ids 0, 1, 2 in a new world, as the values of three parameters", () => {
    const s = session();
    const heap = s.world.heap;
    expect([s.ports.currentInput(), s.ports.currentOutput(), s.ports.currentError()].map((p) => id(s, p)))
      .toEqual([PORT_STDIN, PORT_STDOUT, PORT_STDERR]);
    expect(flags(s, s.ports.currentInput())).toBe(PORT_FLAG_INPUT);
    expect(flags(s, s.ports.currentOutput())).toBe(PORT_FLAG_OUTPUT);
    for (const slot of [CURRENT_PORT_INPUT, CURRENT_PORT_OUTPUT, CURRENT_PORT_ERROR]) {
      const parameter = vectorRef(heap, heap.roots[ROOT_PORT_PARAMETERS], slot);
      expect(heap.isType(parameter, OBJECT_PARAMETER)).toBe(true);
      expect(heap.field(parameter, PARAMETER_CONVERTER)).toBe(FALSE);
    }
  });

  it("are adopted from the heap by a later table, as after a resume", () => {
    const first = session();
    const second = session(first.world);
    expect(second.ports.currentOutput()).toBe(first.ports.currentOutput());
    second.ports.writeText("display", second.ports.currentOutput(), "again");
    second.ports.flushAll();
    expect(second.stdout.join("")).toBe("again");
  });

  it("follow the parameter's value box, so parameterize redirects them", () => {
    const s = session();
    const heap = s.world.heap;
    const port = s.ports.openOutputString();
    const parameter = vectorRef(heap, heap.roots[ROOT_PORT_PARAMETERS], CURRENT_PORT_OUTPUT);
    heap.setCell(heap.field(parameter, PARAMETER_VALUE), BOX_VALUE, port);
    expect(s.ports.currentOutput()).toBe(port);
  });

  it("stay open when closed: closing stdout only flushes it (PT3)", () => {
    const s = session();
    const stdout = s.ports.currentOutput();
    s.ports.writeText("display", stdout, "x");
    s.ports.close("close-port", stdout);
    expect(s.stdout).toEqual(["x"]);
    expect(s.ports.isOpen(stdout)).toBe(true);
  });
});

describe("standard output (PT6)", () => {
  it("reaches the stdout sink when the host flushes, in one piece", () => {
    const s = session();
    for (const word of ["a", "b", "c"]) s.ports.writeText("display", s.ports.currentOutput(), word);
    expect(s.stdout).toEqual([]);
    s.ports.flushAll();
    expect(s.stdout).toEqual(["abc"]);
  });

  it("flushes by itself once the buffer is large", () => {
    const s = session();
    const line = "x".repeat(1000) + "\n";
    for (let i = 0; i < 100; i++) s.ports.writeText("display", s.ports.currentOutput(), line);
    expect(s.stdout.length).toBeGreaterThan(0);
    s.ports.flushAll();
    expect(s.stdout.join("")).toBe(line.repeat(100));
  });

  it("is flushed before anything is written to stderr, which is written at once", () => {
    const s = session();
    const order: string[] = [];
    const ports = new PortTable(s.world, {
      stdout: (t) => order.push(`out:${t}`),
      stderr: (t) => order.push(`err:${t}`),
      readDatum: (text, file) => readFirstDatum(s.world, text, file),
    });
    ports.writeText("display", ports.currentOutput(), "result");
    ports.writeText("display", ports.currentError(), "warning");
    expect(order).toEqual(["out:result", "err:warning"]);
  });
});

describe("standard input: the InputNeeded protocol (PT4)", () => {
  it("read-line on an empty buffer throws InputNeeded, which is not a Lisp error", () => {
    const s = session();
    const e = thrown(() => s.ports.readLine("read-line", s.ports.currentInput()));
    expect(e).toBeInstanceOf(InputNeeded);
    expect(e).not.toBeInstanceOf(LispError);
  });

  it("read-line returns the line once it is fed, then eof once input has ended", () => {
    const s = session();
    const stdin = s.ports.currentInput();
    expect(thrown(() => s.ports.readLine("read-line", stdin))).toBeInstanceOf(InputNeeded);
    s.ports.feedInput("hello\n");
    expect(s.ports.readLine("read-line", stdin)).toBe("hello");
    s.ports.endInput();
    expect(s.ports.readLine("read-line", stdin)).toBeUndefined();
  });

  it("read-line of a partial line consumes nothing and waits for the rest", () => {
    const s = session();
    const stdin = s.ports.currentInput();
    s.ports.feedInput("hel");
    expect(thrown(() => s.ports.readLine("read-line", stdin))).toBeInstanceOf(InputNeeded);
    s.ports.feedInput("lo\nnext");
    expect(s.ports.readLine("read-line", stdin)).toBe("hello");
    s.ports.endInput();
    expect(s.ports.readLine("read-line", stdin)).toBe("next");
  });

  it("read-char waits on an empty buffer; char-ready? answers without waiting", () => {
    const s = session();
    const stdin = s.ports.currentInput();
    expect(s.ports.charReady("char-ready?", stdin)).toBe(false);
    expect(thrown(() => s.ports.readChar("read-char", stdin))).toBeInstanceOf(InputNeeded);
    s.ports.feedInput("é");
    expect(s.ports.charReady("char-ready?", stdin)).toBe(true);
    expect(s.ports.readChar("read-char", stdin)).toBe(0xe9);
  });

  it("read-string waits until it has all its characters or input ends", () => {
    const s = session();
    const stdin = s.ports.currentInput();
    s.ports.feedInput("ab");
    expect(thrown(() => s.ports.readString("read-string", stdin, 3))).toBeInstanceOf(InputNeeded);
    s.ports.feedInput("cd");
    expect(s.ports.readString("read-string", stdin, 3)).toBe("abc");
    s.ports.endInput();
    expect(s.ports.readString("read-string", stdin, 3)).toBe("d");
    expect(s.ports.readString("read-string", stdin, 3)).toBeUndefined();
  });

  it("read of an incomplete datum consumes nothing and completes once the rest is fed", () => {
    const s = session();
    const stdin = s.ports.currentInput();
    s.ports.feedInput("(1 2");
    expect(thrown(() => s.ports.readDatum("read", stdin))).toBeInstanceOf(InputNeeded);
    s.ports.feedInput(" 3)\n");
    expect(printToString(s.world, s.ports.readDatum("read", stdin))).toBe("(1 2 3)");
  });

  it("read waits at an atom that more input could continue, and takes it when input ends", () => {
    const s = session();
    const stdin = s.ports.currentInput();
    s.ports.feedInput("42");
    expect(thrown(() => s.ports.readDatum("read", stdin))).toBeInstanceOf(InputNeeded);
    s.ports.endInput();
    expect(printToString(s.world, s.ports.readDatum("read", stdin))).toBe("42");
    expect(s.ports.readDatum("read", stdin)).toBe(EOF);
  });

  it("read of an incomplete datum when input has ended is a read error", () => {
    const s = session();
    s.ports.feedInput("(1 2");
    s.ports.endInput();
    const e = thrown(() => s.ports.readDatum("read", s.ports.currentInput())) as SchemeError;
    expect(e).toBeInstanceOf(SchemeError);
    expect(e.kind).toBe("read");
  });

  it("read reports a syntax error once its line is complete, and skips that line", () => {
    const s = session();
    const stdin = s.ports.currentInput();
    s.ports.feedInput(") oops");
    expect(thrown(() => s.ports.readDatum("read", stdin))).toBeInstanceOf(InputNeeded);
    s.ports.feedInput("\n7\n");
    const e = thrown(() => s.ports.readDatum("read", stdin)) as SchemeError;
    expect(e.message).toBe("read: unexpected ')'");
    expect(printToString(s.world, s.ports.readDatum("read", stdin))).toBe("7");
  });

  it("flushes standard output before waiting, so a prompt is seen", () => {
    const s = session();
    s.ports.writeText("display", s.ports.currentOutput(), "name? ");
    expect(thrown(() => s.ports.readLine("read-line", s.ports.currentInput()))).toBeInstanceOf(InputNeeded);
    expect(s.stdout).toEqual(["name? "]);
  });

  it("drops text fed after the input has ended", () => {
    const s = session();
    s.ports.endInput();
    s.ports.feedInput("late\n");
    expect(s.ports.readLine("read-line", s.ports.currentInput())).toBeUndefined();
  });
});

describe("closed ports (PT1, PT2)", () => {
  it("a port closed in this session raises an error saying it is closed", () => {
    const s = session();
    const port = s.ports.openInputString("data");
    s.ports.close("close-port", port);
    expect(s.ports.isOpen(port)).toBe(false);
    expect((thrown(() => s.ports.readLine("read-line", port)) as Error).message)
      .toBe("read-line: port #<port string> is closed");
  });

  it("closing a closed port does nothing", () => {
    const s = session();
    const port = s.ports.openOutputString();
    s.ports.close("close-port", port);
    expect(() => s.ports.close("close-port", port)).not.toThrow();
  });

  it("a port from before a resume is not open in the new session, and says why", () => {
    const before = session();
    const port = before.ports.openInputString("data");
    const after = session(before.world);
    expect(after.ports.isOpen(port)).toBe(false);
    expect((thrown(() => after.ports.readLine("read-line", port)) as Error).message).toBe(
      "read-line: port #<port string> is not open in this session: " +
        "ports other than the standard ones are closed when a world is resumed",
    );
  });

  it("ports opened after a resume get ids no saved port has (PT2)", () => {
    const before = session();
    const saved = before.ports.openInputString("old");
    const after = session(before.world);
    const fresh = after.ports.openInputString("new");
    expect(id(after, fresh)).toBeGreaterThan(id(after, saved));
    expect(after.ports.isOpen(saved)).toBe(false);
  });
});
