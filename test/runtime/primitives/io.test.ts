// The I/O primitives (runtime/primitives/io.ts) as the machine calls them: string, bytevector
// and file ports, read and write, the current ports, process context and time.
import { readFirstDatum } from "../../../reader/reader";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { World } from "../../../runtime/world";
import {
  BOX_VALUE, EOF, PARAMETER_VALUE, ROOT_PORT_PARAMETERS, UNSPECIFIED, fixnumValue, makeChar, makeFixnum,
  CURRENT_PORT_OUTPUT,
} from "../../../runtime/layout";
import { makeBytevector, makeString, stringToJs, vectorRef } from "../../../runtime/objects";
import { PortTable } from "../../../runtime/ports";
import { makeInteger } from "../../../runtime/numbers";
import { ProcessContext, ioPrimitives } from "../../../runtime/primitives/io";
import { readAll } from "../../../reader/reader";
import { Caller, caller } from "./support";

const CONTEXT: ProcessContext = {
  commandLine: ["script.scm", "-v", "in.txt"],
  environment: { HOME: "/home/ada", EMPTY: "" },
};

interface IoCaller extends Caller {
  ports: PortTable;
  stdout: string[];
  stderr: string[];
  /** A heap string. */
  str(text: string): number;
  /** Writes a value as text, or "#<eof>". */
  show(value: number): string;
}

function setup(): IoCaller {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let ports: PortTable | undefined;
  const c = caller((world: World) => {
    ports = new PortTable(world, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s), readDatum: (text, file) => readFirstDatum(world, text, file) });
    return ioPrimitives(world, ports, CONTEXT);
  });
  return { ...c, ports: ports!, stdout, stderr, str: (text) => makeString(c.world.heap, text), show: c.write };
}

/** The SchemeError a call raises. */
function failure(f: () => unknown): { message: string; kind: string } {
  try {
    f();
  } catch (e) {
    return e as { message: string; kind: string };
  }
  throw new Error("no error was raised");
}

let io: IoCaller;
beforeEach(() => {
  io = setup();
});

describe("string ports", () => {
  it("round trip: what is written to a string port reads back from one", () => {
    const out = io.call("open-output-string");
    io.call("write", io.datum('(1 "two" #\\3)'), out);
    const text = io.call("get-output-string", out);
    expect(stringToJs(io.world.heap, text)).toBe('(1 "two" #\\3)');
    expect(io.show(io.call("read", io.call("open-input-string", text)))).toBe('(1 "two" #\\3)');
  });

  it("read-line on \"a\\nb\" returns \"a\", then \"b\", then eof", () => {
    const port = io.call("open-input-string", io.str("a\nb"));
    expect(io.show(io.call("read-line", port))).toBe('"a"');
    expect(io.show(io.call("read-line", port))).toBe('"b"');
    expect(io.call("read-line", port)).toBe(EOF);
  });

  it("read-line ends a line at \\n and drops a \\r before it", () => {
    const port = io.call("open-input-string", io.str("dos\r\n\nlast"));
    expect(io.show(io.call("read-line", port))).toBe('"dos"');
    expect(io.show(io.call("read-line", port))).toBe('""');
    expect(io.show(io.call("read-line", port))).toBe('"last"');
  });

  it("peek-char returns the next character without consuming it; read-char consumes it", () => {
    const port = io.call("open-input-string", io.str("a😀"));
    expect(io.call("peek-char", port)).toBe(makeChar(0x61));
    expect(io.call("read-char", port)).toBe(makeChar(0x61));
    expect(io.call("read-char", port)).toBe(makeChar(0x1f600));
    expect(io.call("peek-char", port)).toBe(EOF);
    expect(io.call("read-char", port)).toBe(EOF);
  });

  it("read-string returns k characters, then fewer at the end, then eof", () => {
    const port = io.call("open-input-string", io.str("hello"));
    expect(io.show(io.call("read-string", makeFixnum(3), port))).toBe('"hel"');
    expect(io.show(io.call("read-string", makeFixnum(0), port))).toBe('""');
    expect(io.show(io.call("read-string", makeFixnum(10), port))).toBe('"lo"');
    expect(io.call("read-string", makeFixnum(1), port)).toBe(EOF);
  });

  it("read-string with a bignum count reads to the end; a negative count is a type error", () => {
    const port = io.call("open-input-string", io.str("all of it"));
    expect(failure(() => io.call("read-string", makeFixnum(-1), port)).message)
      .toBe("read-string: expected an exact nonnegative integer");
    expect(io.show(io.call("read-string", makeInteger(io.world.heap, 2n ** 100n), port))).toBe('"all of it"');
  });

  it("read of several data from one string port leaves the port just after each datum", () => {
    const port = io.call("open-input-string", io.str('(a . b) 42 "s";c\nsym'));
    expect(io.show(io.call("read", port))).toBe("(a . b)");
    expect(io.call("read-char", port)).toBe(makeChar(0x20));
    expect(io.show(io.call("read", port))).toBe("42");
    expect(io.show(io.call("read", port))).toBe('"s"');
    expect(io.call("peek-char", port)).toBe(makeChar(0x3b));
    expect(io.show(io.call("read", port))).toBe("sym");
    expect(io.call("read", port)).toBe(EOF);
  });

  it("read returns, one by one, the data the reader finds in the whole text", () => {
    const pieces = [
      '"a string with spaces"', "; a comment\n", "#| block |#", "(nested (list #(1 2) . tail))", "'q",
      "#;(skipped)", "12.5e3", "|odd symbol|",
      "long".repeat(1500), // longer than the reader's first window
    ];
    const separator = (i: number) => (i % 3 === 0 ? "\n" : " ");
    const text = Array.from({ length: 2000 }, (_, i) => pieces[i % pieces.length] + separator(i)).join("");
    const expected = readAll(io.world, text, { file: "test" }).map(io.show);
    const port = io.call("open-input-string", io.str(text));
    const data: string[] = [];
    for (let datum = io.call("read", port); datum !== EOF; datum = io.call("read", port)) data.push(io.show(datum));
    expect(data).toEqual(expected);
  });

  it("read of data longer than the reader's first window reads them whole", () => {
    const numbers = Array.from({ length: 3000 }, (_, i) => i).join(" ");
    const port = io.call("open-input-string", io.str(`(${numbers}) after`));
    expect(io.show(io.call("read", port))).toBe(`(${numbers})`);
    expect(io.show(io.call("read", port))).toBe("after");
  });

  it('read of "(1 2" from a string port is a read error', () => {
    const port = io.call("open-input-string", io.str("(1 2"));
    const e = failure(() => io.call("read", port));
    expect(e.kind).toBe("read");
    expect(e.message).toMatch(/^read: /);
    expect(io.call("read", port)).toBe(EOF);
  });

  it("read after a syntax error continues on the next line", () => {
    const port = io.call("open-input-string", io.str(") skipped\n5"));
    expect(failure(() => io.call("read", port)).message).toBe("read: unexpected ')'");
    expect(io.show(io.call("read", port))).toBe("5");
  });

  it("write and display to a string port", () => {
    const out = io.call("open-output-string");
    io.call("write", io.str('a"b'), out);
    io.call("display", io.str(' a"b '), out);
    io.call("write-char", makeChar(0x3bb), out);
    io.call("newline", out);
    io.call("write-string", io.str("xλ😀yz"), out, makeFixnum(1), makeFixnum(4));
    io.call("write-shared", io.datum("(1)"), out);
    io.call("write-simple", io.datum("#\\a"), out);
    expect(stringToJs(io.world.heap, io.call("get-output-string", out))).toBe('"a\\"b" a"b λ\nλ😀y(1)#\\a');
  });

  it("write-string checks its indices", () => {
    const out = io.call("open-output-string");
    expect(failure(() => io.call("write-string", io.str("abc"), out, makeFixnum(4))).kind).toBe("range");
    expect(failure(() => io.call("write-string", io.str("abc"), out, makeFixnum(2), makeFixnum(1))).message)
      .toBe("write-string: end index is before the start index");
  });

  it("get-output-string accepts only ports made by open-output-string", () => {
    expect(failure(() => io.call("get-output-string", io.ports.currentOutput())).message)
      .toBe("get-output-string: expected a port made by open-output-string");
  });
});

describe("the current ports", () => {
  it("write without a port goes to the current output port; parameterizing it redirects write", () => {
    const heap = io.world.heap;
    const parameter = vectorRef(heap, heap.roots[ROOT_PORT_PARAMETERS], CURRENT_PORT_OUTPUT);
    const box = heap.field(parameter, PARAMETER_VALUE);
    const stdout = heap.field(box, BOX_VALUE);
    const out = io.call("open-output-string");
    heap.setCell(box, BOX_VALUE, out); // what (parameterize ((current-output-port out)) ...) does
    io.call("write", io.datum("redirected"));
    heap.setCell(box, BOX_VALUE, stdout);
    io.call("write", io.datum("back"));
    io.ports.flushAll();
    expect(stringToJs(heap, io.call("get-output-string", out))).toBe("redirected");
    expect(io.stdout.join("")).toBe("back");
  });

  it("the stdout sink receives the text display writes", () => {
    io.call("display", io.str("hello "));
    io.call("display", io.datum("(world)"));
    io.call("newline");
    io.call("flush-output-port");
    expect(io.stdout.join("")).toBe("hello (world)\n");
  });

  it("the stderr sink receives what is written to the current error port", () => {
    io.call("write-string", io.str("warning"), io.ports.currentError());
    expect(io.stderr).toEqual(["warning"]);
  });

  it("read-char without a port reads the current input port", () => {
    io.ports.feedInput("z");
    expect(io.call("read-char")).toBe(makeChar(0x7a));
  });
});

describe("bytevector ports", () => {
  it("write-u8 and write-bytevector collect bytes for get-output-bytevector", () => {
    const out = io.call("open-output-bytevector");
    io.call("write-u8", makeFixnum(1), out);
    io.call("write-bytevector", io.datum("#u8(2 3 4 5)"), out, makeFixnum(1), makeFixnum(3));
    expect(io.show(io.call("get-output-bytevector", out))).toBe("#u8(1 3 4)");
  });

  it("read-u8, peek-u8 and read-bytevector read a bytevector, then eof", () => {
    const port = io.call("open-input-bytevector", io.datum("#u8(7 8 9)"));
    expect(io.call("u8-ready?", port)).toBe(io.datum("#t"));
    expect(io.call("peek-u8", port)).toBe(makeFixnum(7));
    expect(io.call("read-u8", port)).toBe(makeFixnum(7));
    expect(io.show(io.call("read-bytevector", makeFixnum(5), port))).toBe("#u8(8 9)");
    expect(io.call("read-u8", port)).toBe(EOF);
    expect(io.call("read-bytevector", makeFixnum(1), port)).toBe(EOF);
  });

  it("write-u8 refuses a value that is not a byte", () => {
    expect(failure(() => io.call("write-u8", makeFixnum(256), io.call("open-output-bytevector"))).message)
      .toBe("write-u8: expected a byte");
  });
});

describe("port predicates and kinds", () => {
  it("tell input from output and textual from binary, and non-ports from ports", () => {
    const predicates = ["port?", "input-port?", "output-port?", "textual-port?", "binary-port?"];
    const kinds = (x: number) => predicates.map((p) => io.show(io.call(p, x))).join(" ");
    expect(kinds(io.call("open-input-string", io.str("")))).toBe("#t #t #f #t #f");
    expect(kinds(io.call("open-output-bytevector"))).toBe("#t #f #t #f #t");
    expect(kinds(io.ports.currentOutput())).toBe("#t #f #t #t #f");
    expect(kinds(makeFixnum(1))).toBe("#f #f #f #f #f");
  });

  it("a textual operation on a binary port, or an input one on an output port, is a type error", () => {
    expect(failure(() => io.call("read-char", io.call("open-input-bytevector", io.datum("#u8()")))).message)
      .toBe("read-char: expected a textual input port");
    expect(failure(() => io.call("read-u8", io.call("open-input-string", io.str("")))).message)
      .toBe("read-u8: expected a binary input port");
    expect(failure(() => io.call("write-char", makeChar(0x61), io.call("open-input-string", io.str("")))).message)
      .toBe("write-char: expected a textual output port");
  });

  it("eof-object returns the eof object, which eof-object? recognizes", () => {
    expect(io.call("eof-object")).toBe(EOF);
    expect(io.show(io.call("eof-object?", io.call("eof-object")))).toBe("#t");
    expect(io.show(io.call("eof-object?", io.str("")))).toBe("#f");
  });
});

describe("closing ports", () => {
  it("a closed port is no longer open, and using it raises an error naming it", () => {
    const port = io.call("open-input-string", io.str("a\nb"));
    expect(io.show(io.call("input-port-open?", port))).toBe("#t");
    expect(io.call("close-port", port)).toBe(UNSPECIFIED);
    expect(io.show(io.call("input-port-open?", port))).toBe("#f");
    expect(failure(() => io.call("read-line", port)).message).toBe("read-line: port #<port string> is closed");
  });

  it("close-input-port refuses an output port; close-output-port closes one", () => {
    const out = io.call("open-output-string");
    expect(failure(() => io.call("close-input-port", out)).message).toBe("close-input-port: expected an input port");
    io.call("close-output-port", out);
    expect(io.show(io.call("output-port-open?", out))).toBe("#f");
  });
});

describe("file ports", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-io-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string) => io.str(path.join(dir, name));

  it("text written to a file reads back, as lines and as data", () => {
    const out = io.call("open-output-file", file("data.txt"));
    io.call("write-string", io.str("première ligne\n"), out);
    io.call("write", io.datum("(x 1)"), out);
    io.call("close-port", out);
    const port = io.call("open-input-file", file("data.txt"));
    expect(io.show(io.call("read-line", port))).toBe('"première ligne"');
    expect(io.show(io.call("read", port))).toBe("(x 1)");
    expect(io.call("read", port)).toBe(EOF);
    io.call("close-input-port", port);
  });

  it("a file larger than one read chunk reads whole, with characters across chunk boundaries", () => {
    // The first "é" starts at the last byte of the first 64 KiB chunk.
    const text = "x".repeat(65535) + Array.from({ length: 20000 }, (_, i) => `é${i}`).join(" ") + "\n(end)";
    fs.writeFileSync(path.join(dir, "big.txt"), text);
    const port = io.call("open-input-file", file("big.txt"));
    expect(stringToJs(io.world.heap, io.call("read-line", port))).toBe(text.slice(0, text.indexOf("\n")));
    expect(io.show(io.call("read", port))).toBe("(end)");
  });

  it("bytes written to a binary file read back", () => {
    const out = io.call("open-binary-output-file", file("data.bin"));
    io.call("write-bytevector", makeBytevector(io.world.heap, [0, 255, 10, 13]), out);
    io.call("write-u8", makeFixnum(42), out);
    io.call("close-port", out);
    expect([...fs.readFileSync(path.join(dir, "data.bin"))]).toEqual([0, 255, 10, 13, 42]);
    const port = io.call("open-binary-input-file", file("data.bin"));
    expect(io.show(io.call("read-bytevector", makeFixnum(3), port))).toBe("#u8(0 255 10)");
    expect(io.call("peek-u8", port)).toBe(makeFixnum(13));
    expect(io.show(io.call("read-bytevector", makeFixnum(9), port))).toBe("#u8(13 42)");
  });

  it("file output is buffered until flush-output-port", () => {
    const out = io.call("open-output-file", file("log.txt"));
    io.call("display", io.str("entry"), out);
    expect(fs.readFileSync(path.join(dir, "log.txt"), "utf8")).toBe("");
    io.call("flush-output-port", out);
    expect(fs.readFileSync(path.join(dir, "log.txt"), "utf8")).toBe("entry");
  });

  it("flushAll writes what every open file port has buffered", () => {
    const out = io.call("open-output-file", file("exit.txt"));
    io.call("display", io.str("at exit"), out);
    io.ports.flushAll();
    expect(fs.readFileSync(path.join(dir, "exit.txt"), "utf8")).toBe("at exit");
  });

  it("file-exists? and delete-file", () => {
    io.call("close-port", io.call("open-output-file", file("gone.txt")));
    expect(io.show(io.call("file-exists?", file("gone.txt")))).toBe("#t");
    io.call("delete-file", file("gone.txt"));
    expect(io.show(io.call("file-exists?", file("gone.txt")))).toBe("#f");
  });

  it("opening a missing file is a file error naming the file and the reason", () => {
    const name = path.join(dir, "nosuch.txt");
    const e = failure(() => io.call("open-input-file", io.str(name)));
    expect(e.kind).toBe("file");
    expect(e.message).toBe(`open-input-file: cannot open ${name}: no such file`);
    expect(failure(() => io.call("delete-file", io.str(name))).message)
      .toBe(`delete-file: cannot delete ${name}: no such file`);
  });

  it("opening a directory as a file is a file error saying it is a directory", () => {
    for (const who of ["open-input-file", "open-binary-input-file", "open-output-file"]) {
      const e = failure(() => io.call(who, io.str(dir)));
      expect(e.kind).toBe("file");
      expect(e.message).toBe(`${who}: cannot open ${dir}: is a directory`);
    }
  });
});

describe("process context and time", () => {
  it("command-line is the program's name and arguments", () => {
    expect(io.show(io.call("command-line"))).toBe('("script.scm" "-v" "in.txt")');
  });

  it("get-environment-variable returns a variable's value, or #f", () => {
    expect(io.show(io.call("get-environment-variable", io.str("HOME")))).toBe('"/home/ada"');
    expect(io.show(io.call("get-environment-variable", io.str("NOPE")))).toBe("#f");
    expect(io.show(io.call("get-environment-variables"))).toBe('(("HOME" . "/home/ada") ("EMPTY" . ""))');
  });

  it("current-second is the time in seconds; current-jiffy counts jiffies-per-second upward", () => {
    const seconds = io.world.heap.flonumValue(io.call("current-second"));
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(1);
    expect(fixnumValue(io.call("jiffies-per-second"))).toBe(1_000_000);
    const a = BigInt(io.show(io.call("current-jiffy")));
    const b = BigInt(io.show(io.call("current-jiffy")));
    expect(b >= a).toBe(true);
  });
});
