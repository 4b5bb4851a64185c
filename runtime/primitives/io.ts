// Input and output primitives: R7RS 6.13 (ports, input, output), (scheme file), (scheme read),
// (scheme write), (scheme process-context) without exit, and (scheme time). The ports themselves
// are runtime/ports.ts: this module checks arguments, supplies the current ports for missing
// ones, and converts between heap data and the PortTable's JS strings and bytes.
//
// Not here: current-input-port, current-output-port and current-error-port are the parameter
// objects at ROOT_PORT_PARAMETERS, bound by the machine; call-with-port, with-input-from-file,
// call-with-output-file and with-output-to-file are Lisp (they call procedures, P4); exit and
// emergency-exit belong to the VM.
//
// Invariants
//   IO1. An optional port argument that is missing is the current port parameter's value at the
//        time of the call, so `parameterize` redirects every primitive here.
//   IO2. Input primitives either complete or throw before consuming anything (ports.ts PT4):
//        every argument is checked before the port is touched, so a retry after InputNeeded
//        repeats the same call exactly.
//   IO3. The process context (command line, environment) and the clock are read at each call,
//        never saved: a resumed world sees the process it runs in.

import * as fs from "fs";
import { World } from "../world";
import {
  EOF, FALSE, OBJECT_BYTEVECTOR, UNSPECIFIED, charCode, fixnumValue, isChar, isFixnum, makeBoolean,
  makeChar, makeFixnum,
  PORT_FLAG_BINARY, PORT_FLAG_INPUT, PORT_FLAG_OUTPUT,
} from "../layout";
import {
  bytevectorBytes, bytevectorLength, isString, makeBytevector, makeList, makeString, stringLength,
  stringRef, stringToJs,
} from "../objects";
import { integerToBigInt, isExactInteger, makeInteger } from "../numbers";
import { printToString } from "../printer";
import { rangeError, typeError } from "../errors";
import { PortTable, fileError, isPort, isPortWith } from "../ports";
import { PrimitiveSpec, primitive } from "./registry";

/** What (scheme process-context) reads from the host process. */
export interface ProcessContext {
  /** command-line: the program's name (the script, for `stasis FILE ARGS`), then its arguments. */
  readonly commandLine: readonly string[];
  readonly environment: Readonly<Record<string, string | undefined>>;
}

/** This process's own arguments and environment (the CLI passes the script's instead). */
export function hostProcessContext(): ProcessContext {
  return { commandLine: process.argv.slice(1), environment: process.env };
}

/** current-jiffy counts microseconds. */
export const JIFFIES_PER_SECOND = 1_000_000;
const MILLISECONDS_PER_SECOND = 1000;
const JIFFIES_PER_MILLISECOND = JIFFIES_PER_SECOND / MILLISECONDS_PER_SECOND;
const BYTE_MAX = 255;
/** Code points converted to text at a time by String.fromCodePoint (its arguments go on the stack). */
const CODE_POINT_CHUNK = 8192;

export function ioPrimitives(
  world: World, ports: PortTable, context: ProcessContext = hostProcessContext(),
): PrimitiveSpec[] {
  const heap = world.heap;

  // IO1: missing optional ports.
  const input = (port: number | undefined): number => port ?? ports.currentInput();
  const output = (port: number | undefined): number => port ?? ports.currentOutput();

  const stringArgument = (who: string, x: number): string => {
    if (!isString(heap, x)) throw typeError(who, "a string", x);
    return stringToJs(heap, x);
  };

  /** A count of characters or bytes to read. A bignum is more than any port holds: read to the end. */
  const countArgument = (who: string, x: number): number => {
    const nonnegative = isFixnum(x) ? fixnumValue(x) >= 0 : isExactInteger(heap, x) && integerToBigInt(heap, x) > 0n;
    if (!nonnegative) throw typeError(who, "an exact nonnegative integer", x);
    return isFixnum(x) ? fixnumValue(x) : Infinity;
  };

  /** Optional start and end indices into `length` elements (R7RS: 0 <= start <= end <= length). */
  const rangeArguments = (
    who: string, length: number, start: number | undefined, end: number | undefined,
  ): [number, number] => {
    const index = (x: number | undefined, missing: number): number => {
      if (x === undefined) return missing;
      if (!isExactInteger(heap, x)) throw typeError(who, "an exact nonnegative integer", x);
      const i = isFixnum(x) ? fixnumValue(x) : -1;
      if (i < 0 || i > length) throw rangeError(who, "index out of range", x);
      return i;
    };
    const from = index(start, 0);
    const to = index(end, length);
    if (to < from) throw rangeError(who, "end index is before the start index", end!);
    return [from, to];
  };

  /** Characters [from, to) of a heap string as JS text. */
  const substring = (s: number, from: number, to: number): string => {
    if (from === 0 && to === stringLength(heap, s)) return stringToJs(heap, s);
    let text = "";
    for (let i = from; i < to; i += CODE_POINT_CHUNK) {
      const codePoints: number[] = [];
      for (let j = i; j < Math.min(to, i + CODE_POINT_CHUNK); j++) codePoints.push(stringRef(heap, s, j));
      text += String.fromCodePoint(...codePoints);
    }
    return text;
  };

  const charOrEof = (c: number | undefined): number => (c === undefined ? EOF : makeChar(c));
  const byteOrEof = (b: number | undefined): number => (b === undefined ? EOF : makeFixnum(b));

  const predicate = (name: string, set: number, clear = 0): PrimitiveSpec =>
    primitive(name, 1, 1, (x) => makeBoolean(isPortWith(heap, x, set, clear)));

  const portArgument = (who: string, x: number, flags: number, expected: string): number => {
    if (!isPortWith(heap, x, flags)) throw typeError(who, expected, x);
    return x;
  };

  const openFile = (name: string, direction: number, binary: boolean): PrimitiveSpec =>
    primitive(name, 1, 1, (path) => {
      const file = stringArgument(name, path);
      return direction === PORT_FLAG_INPUT
        ? ports.openInputFile(name, file, binary)
        : ports.openOutputFile(name, file, binary);
    });

  /** write, display, ...: the printer's text for a datum. */
  const printer = (name: string, mode: "write" | "display"): PrimitiveSpec =>
    primitive(name, 1, 2, (x, port) => {
      ports.writeText(name, output(port), printToString(world, x, mode));
      return UNSPECIFIED;
    });

  return [
    // ---- Ports ------------------------------------------------------------------------------
    primitive("port?", 1, 1, (x) => makeBoolean(isPort(heap, x))),
    predicate("input-port?", PORT_FLAG_INPUT),
    predicate("output-port?", PORT_FLAG_OUTPUT),
    predicate("textual-port?", 0, PORT_FLAG_BINARY),
    predicate("binary-port?", PORT_FLAG_BINARY),
    primitive("input-port-open?", 1, 1, (x) => {
      if (!isPort(heap, x)) throw typeError("input-port-open?", "a port", x);
      return makeBoolean(isPortWith(heap, x, PORT_FLAG_INPUT) && ports.isOpen(x));
    }),
    primitive("output-port-open?", 1, 1, (x) => {
      if (!isPort(heap, x)) throw typeError("output-port-open?", "a port", x);
      return makeBoolean(isPortWith(heap, x, PORT_FLAG_OUTPUT) && ports.isOpen(x));
    }),
    primitive("close-port", 1, 1, (x) => {
      ports.close("close-port", x);
      return UNSPECIFIED;
    }),
    primitive("close-input-port", 1, 1, (x) => {
      ports.close("close-input-port", portArgument("close-input-port", x, PORT_FLAG_INPUT, "an input port"));
      return UNSPECIFIED;
    }),
    primitive("close-output-port", 1, 1, (x) => {
      ports.close("close-output-port", portArgument("close-output-port", x, PORT_FLAG_OUTPUT, "an output port"));
      return UNSPECIFIED;
    }),

    // ---- String and bytevector ports ----------------------------------------------------------
    primitive("open-input-string", 1, 1, (s) => ports.openInputString(stringArgument("open-input-string", s))),
    primitive("open-output-string", 0, 0, () => ports.openOutputString()),
    primitive("get-output-string", 1, 1, (port) => makeString(heap, ports.outputString("get-output-string", port))),
    primitive("open-input-bytevector", 1, 1, (b) => {
      if (!heap.isType(b, OBJECT_BYTEVECTOR)) throw typeError("open-input-bytevector", "a bytevector", b);
      return ports.openInputBytevector(bytevectorBytes(heap, b));
    }),
    primitive("open-output-bytevector", 0, 0, () => ports.openOutputBytevector()),
    primitive("get-output-bytevector", 1, 1, (port) =>
      makeBytevector(heap, ports.outputBytes("get-output-bytevector", port))),

    // ---- Files --------------------------------------------------------------------------------
    openFile("open-input-file", PORT_FLAG_INPUT, false),
    openFile("open-binary-input-file", PORT_FLAG_INPUT, true),
    openFile("open-output-file", PORT_FLAG_OUTPUT, false),
    openFile("open-binary-output-file", PORT_FLAG_OUTPUT, true),
    primitive("file-exists?", 1, 1, (path) => makeBoolean(fs.existsSync(stringArgument("file-exists?", path)))),
    primitive("delete-file", 1, 1, (path) => {
      const file = stringArgument("delete-file", path);
      try {
        fs.unlinkSync(file);
      } catch (e) {
        throw fileError("delete-file", "delete", file, e);
      }
      return UNSPECIFIED;
    }),

    // ---- Input --------------------------------------------------------------------------------
    primitive("read-char", 0, 1, (port) => charOrEof(ports.readChar("read-char", input(port)))),
    primitive("peek-char", 0, 1, (port) => charOrEof(ports.peekChar("peek-char", input(port)))),
    primitive("char-ready?", 0, 1, (port) => makeBoolean(ports.charReady("char-ready?", input(port)))),
    primitive("read-line", 0, 1, (port) => {
      const line = ports.readLine("read-line", input(port));
      return line === undefined ? EOF : makeString(heap, line);
    }),
    primitive("read-string", 1, 2, (k, port) => {
      const text = ports.readString("read-string", input(port), countArgument("read-string", k));
      return text === undefined ? EOF : makeString(heap, text);
    }),
    primitive("read", 0, 1, (port) => ports.readDatum("read", input(port))),
    primitive("read-u8", 0, 1, (port) => byteOrEof(ports.readByte("read-u8", input(port)))),
    primitive("peek-u8", 0, 1, (port) => byteOrEof(ports.peekByte("peek-u8", input(port)))),
    primitive("u8-ready?", 0, 1, (port) => makeBoolean(ports.byteReady("u8-ready?", input(port)))),
    primitive("read-bytevector", 1, 2, (k, port) => {
      const bytes = ports.readBytes("read-bytevector", input(port), countArgument("read-bytevector", k));
      return bytes === undefined ? EOF : makeBytevector(heap, bytes);
    }),
    primitive("eof-object", 0, 0, () => EOF),
    primitive("eof-object?", 1, 1, (x) => makeBoolean(x === EOF)),

    // ---- Output -------------------------------------------------------------------------------
    printer("write", "write"),
    // The printer labels exactly the cycles (which only cells can make) and writes other shared
    // structure in full: that is write-shared's output for acyclic data, so for now write-shared
    // is write. write-simple must never label; it is write too until the printer can do without
    // labels (it would not terminate on a cycle without them).
    printer("write-shared", "write"),
    printer("write-simple", "write"),
    printer("display", "display"),
    primitive("newline", 0, 1, (port) => {
      ports.writeText("newline", output(port), "\n");
      return UNSPECIFIED;
    }),
    primitive("write-char", 1, 2, (c, port) => {
      if (!isChar(c)) throw typeError("write-char", "a character", c);
      ports.writeText("write-char", output(port), String.fromCodePoint(charCode(c)));
      return UNSPECIFIED;
    }),
    primitive("write-string", 1, 4, (s, port, start, end) => {
      if (!isString(heap, s)) throw typeError("write-string", "a string", s);
      const [from, to] = rangeArguments("write-string", stringLength(heap, s), start, end);
      ports.writeText("write-string", output(port), substring(s, from, to));
      return UNSPECIFIED;
    }),
    primitive("write-u8", 1, 2, (b, port) => {
      if (!isFixnum(b) || fixnumValue(b) < 0 || fixnumValue(b) > BYTE_MAX) throw typeError("write-u8", "a byte", b);
      ports.writeBytes("write-u8", output(port), Uint8Array.of(fixnumValue(b)));
      return UNSPECIFIED;
    }),
    primitive("write-bytevector", 1, 4, (b, port, start, end) => {
      if (!heap.isType(b, OBJECT_BYTEVECTOR)) throw typeError("write-bytevector", "a bytevector", b);
      const [from, to] = rangeArguments("write-bytevector", bytevectorLength(heap, b), start, end);
      ports.writeBytes("write-bytevector", output(port), bytevectorBytes(heap, b).subarray(from, to));
      return UNSPECIFIED;
    }),
    primitive("flush-output-port", 0, 1, (port) => {
      ports.flush("flush-output-port", output(port));
      return UNSPECIFIED;
    }),

    // ---- Process context and time (IO3) -------------------------------------------------------
    primitive("command-line", 0, 0, () => makeList(heap, context.commandLine.map((arg) => makeString(heap, arg)))),
    primitive("get-environment-variable", 1, 1, (name) => {
      const value = context.environment[stringArgument("get-environment-variable", name)];
      return value === undefined ? FALSE : makeString(heap, value);
    }),
    primitive("get-environment-variables", 0, 0, () => {
      const entries: number[] = [];
      for (const [name, value] of Object.entries(context.environment)) {
        if (value !== undefined) entries.push(heap.cons(makeString(heap, name), makeString(heap, value)));
      }
      return makeList(heap, entries);
    }),
    primitive("current-second", 0, 0, () => heap.makeFlonum(Date.now() / MILLISECONDS_PER_SECOND)),
    // Microseconds of wall-clock time: the clock is not rolled back when a world is resumed
    // (LANGUAGE.md), so an interval measured across a sysout and sysin stays meaningful.
    primitive("current-jiffy", 0, 0, () =>
      makeInteger(heap, Math.round((performance.timeOrigin + performance.now()) * JIFFIES_PER_MILLISECOND))),
    primitive("jiffies-per-second", 0, 0, () => makeFixnum(JIFFIES_PER_SECOND)),
  ];
}
