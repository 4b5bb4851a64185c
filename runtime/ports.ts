// Ports (R7RS 6.13): what a port is outside the heap. A port object in the heap (OBJECT_PORT) is
// immutable and holds only its id, its name and its PORT_FLAG_* bits; everything else a port has
// (the text not yet read, the output not yet written, an open file) is JS-side state that the
// PortTable keeps by id and that is never saved. So a world resumed from an image has its port
// objects but none of their state: the standard ports are reattached to this process, and every
// other port is closed (LANGUAGE.md, "What is outside the world is not saved").
//
// Kinds of port: textual or binary, input or output, over
//   - the standard ports, ids 0, 1, 2 (stdin, stdout, stderr): always present. Output goes to the
//     sinks the host gives the table; input is text the host feeds (below).
//   - strings (open-input-string, open-output-string) and bytevectors: all in memory.
//   - files: synchronous fs calls; input is read a chunk at a time as it is needed.
//
// Standard input is asynchronous in Node, and the VM must not block. Protocol: the host feeds
// text with feedInput(text) and ends it with endInput(). An operation that needs more input than
// is buffered throws InputNeeded, having changed nothing (PT4); the VM suspends, the host waits
// for input, feeds it, and the VM retries the same call.
//
// The current ports are parameter objects (the machine binds current-input-port & co. to them): the
// vector at heap.roots[ROOT_PORT_PARAMETERS] holds the parameters of the current input, output and
// error ports (CURRENT_PORT_* slots). Each parameter's value box holds a port; `parameterize`
// writes that box, and currentInput() & co. read it. ROOT_PORT_COUNTER is the next port id.
//
// Invariants
//   PT1. The heap holds no port state. A port's state is states.get(id); a port whose id has no
//        state is closed: closed in this session if its id is at least sessionFirstId, else it
//        was open in a world that has since been saved and resumed. Using a closed port raises a
//        SchemeError naming the port.
//   PT2. Port ids are never reused in a world: the next id is a counter root of the heap, saved
//        with the world, so a port object from an image can never name a port opened after the
//        resume.
//   PT3. The standard ports always have state. Closing one flushes it and leaves it open: the
//        REPL and the error printer keep using them (e.g. after `(call-with-port
//        (current-output-port) ...)`, which closes its port).
//   PT4. An input operation either completes, consuming exactly what it returns, or consumes
//        nothing: when it needs input the host has not fed yet it throws InputNeeded before any
//        observable change. Refilling a file buffer and dropping consumed text are not observable,
//        nor is garbage a `read` left in the heap. The one deliberate exception: a `read` that
//        finds a syntax error skips the rest of the line it is on, so a loop that catches read
//        errors makes progress.
//   PT5. Buffered input text is well-formed UTF-16 and never ends inside a surrogate pair (the
//        file decoder emits whole characters; feedInput takes whole characters), so the character
//        at a position is text.codePointAt(position).
//   PT6. Output to stdout and files is buffered until flush-output-port, close, flushAll, the
//        buffer passing OUTPUT_BUFFER_CHARS, a write to stderr, or a wait for input; stderr is
//        written at once. So text reaches the sinks and files in the order it was written.
//   PT7. The table keeps no heap pointer: it reads the port parameters from the root each time,
//        since a collection may move them.

import * as fs from "fs";
import { TextDecoder } from "util";
import { World } from "./world";
import { Heap } from "./heap";
import {
  BOX_VALUE, EOF, FALSE, FIXNUM_MAX, OBJECT_PARAMETER, OBJECT_PORT, OBJECT_VECTOR, PARAMETER_CONVERTER,
  PARAMETER_SIZE, PARAMETER_VALUE, PORT_FLAGS, PORT_ID, PORT_NAME, PORT_SIZE, ROOT_PORT_PARAMETERS,
  PORT_FLAG_BINARY, PORT_FLAG_INPUT, PORT_FLAG_OUTPUT, ROOT_PORT_COUNTER, CURRENT_PORT_INPUT, CURRENT_PORT_OUTPUT,
  CURRENT_PORT_ERROR, fixnumValue, makeFixnum,
} from "./layout";
import { makeString, makeVector, stringToJs, vectorRef } from "./objects";
import { HostWait, SchemeError, typeError } from "./errors";

/** The flags that make a port's kind: one of the four textual/binary x input/output. */
const PORT_KIND_FLAGS = PORT_FLAG_INPUT | PORT_FLAG_OUTPUT | PORT_FLAG_BINARY;

export const PORT_STDIN = 0;
export const PORT_STDOUT = 1;
export const PORT_STDERR = 2;
const STANDARD_PORT_COUNT = 3;

// ---- Sizes -----------------------------------------------------------------------------------

/** Buffered output (in UTF-16 code units or bytes) that makes a port flush by itself (PT6). */
const OUTPUT_BUFFER_CHARS = 16384;
/** Bytes read from a file at a time. */
const FILE_CHUNK_BYTES = 65536;
/**
 * Text given to a fresh reader for one `read`, doubled while the datum runs past it. The reader
 * lexes all it is given, so the window is about one top-level form, not the whole buffer.
 */
const READ_WINDOW_CHARS = 256;

const CARRIAGE_RETURN = 0x0d;
const LINE_FEED = 0x0a;
/** The characters a line can end with (read-line). */
const LINE_END = /[\n\r]/g;
const BMP_LIMIT = 0x10000;
const HIGH_SURROGATE_FIRST = 0xd800;
const HIGH_SURROGATE_LAST = 0xdbff;
const EMPTY_BYTES = new Uint8Array(0);

/**
 * Thrown by an input operation on standard input that needs more text than the host has fed
 * (PT4). Not a LispError: it never reaches a user. The VM suspends, and retries the same call
 * once the host has called feedInput or endInput.
 */
export class InputNeeded extends HostWait {
  constructor() {
    super("input", "standard input: waiting for the host to feed more input");
    this.name = "InputNeeded";
  }
}

/**
 * The result of reading one datum from the start of a text: the datum (or EOF) and the offset
 * just past it, or a read error at an offset, `incomplete` when the text ended inside a datum.
 */
export type ReadOutcome =
  | { readonly kind: "datum"; readonly datum: number; readonly end: number }
  | { readonly kind: "error"; readonly message: string; readonly offset: number; readonly incomplete: boolean };

/**
 * What the host gives the port table: where the text written to stdout and stderr goes (e.g.
 * process.stdout.write, or a test's array), and the reader (reader/ depends on runtime/, not
 * the other way round).
 */
export interface PortHost {
  stdout(text: string): void;
  stderr(text: string): void;
  readDatum(text: string, file: string): ReadOutcome;
}

// ---- Port states -----------------------------------------------------------------------------

/** Writes buffered output somewhere; `who` names the primitive in an error. */
type Sink<T> = (who: string, data: T) => void;

class TextInput {
  /**
   * `fd` is the open file while there is more of it to read. Input that is neither ended nor a
   * file is standard input: only the host can add to it.
   */
  constructor(
    readonly name: string,
    public text: string,
    public ended: boolean,
    public fd?: number,
    readonly decoder?: TextDecoder,
  ) {}
  position = 0;
}

class BinaryInput {
  constructor(readonly name: string, public bytes: Uint8Array, public ended: boolean, public fd?: number) {}
  position = 0;
}

class TextOutput {
  /** With no sink, a string port: its chunks are kept for get-output-string. */
  constructor(readonly name: string, readonly sink?: Sink<string>, readonly fd?: number) {}
  chunks: string[] = [];
  size = 0;
}

class BinaryOutput {
  /** With no sink, a bytevector port: its chunks are kept for get-output-bytevector. */
  constructor(readonly name: string, readonly sink?: Sink<Uint8Array>, readonly fd?: number) {}
  chunks: Uint8Array[] = [];
  size = 0;
}

type PortState = TextInput | BinaryInput | TextOutput | BinaryOutput;
type StateClass<T extends PortState> = abstract new (...args: never[]) => T;

// ---- Port objects ----------------------------------------------------------------------------

export function isPort(heap: Heap, w: number): boolean {
  return heap.isType(w, OBJECT_PORT);
}

/** The PORT_FLAG_* bits of a port object. */
export function portFlags(heap: Heap, port: number): number {
  return fixnumValue(heap.field(port, PORT_FLAGS));
}

/** True if `w` is a port with all the `set` flags and none of the `clear` flags. */
export function isPortWith(heap: Heap, w: number, set: number, clear = 0): boolean {
  return isPort(heap, w) && (portFlags(heap, w) & (set | clear)) === set;
}

/** How messages name a port: #<port data.txt>. */
export function describePort(heap: Heap, port: number): string {
  return `#<port ${stringToJs(heap, heap.field(port, PORT_NAME))}>`;
}

/** What an operation on ports with these flags needs, for type errors: "a textual input port". */
function portKindName(flags: number): string {
  const kind = (flags & PORT_FLAG_BINARY) !== 0 ? "binary" : "textual";
  return `a ${kind} ${(flags & PORT_FLAG_INPUT) !== 0 ? "input" : "output"} port`;
}

// ---- OS errors -------------------------------------------------------------------------------

/** The words for the OS errors a user is likely to meet; others use the OS's own words. */
const OS_REASONS: ReadonlyMap<string, string> = new Map([
  ["ENOENT", "no such file"],
  ["EISDIR", "is a directory"],
  ["ENOTDIR", "a directory in the path is not a directory"],
  ["EACCES", "permission denied"],
  ["EPERM", "permission denied"],
  ["EEXIST", "file exists"],
  ["EMFILE", "too many open files"],
  ["ENFILE", "too many open files"],
  ["ENOSPC", "no space left on the device"],
  ["EIO", "input/output error"],
  ["EDQUOT", "disk quota exceeded"],
  ["EROFS", "read-only file system"],
  ["ENAMETOOLONG", "file name too long"],
  ["ELOOP", "too many symbolic links"],
  ["EBUSY", "file is busy"],
]);

/** libuv's message: "ENOENT: no such file or directory, open 'x'"; the words are after the code. */
const OS_MESSAGE = /^[A-Z0-9_]+: ([^,]+)/;

/** The words for an OS error, for messages: "cannot open x: no such file". */
export function osReason(e: unknown): string {
  const error = e as NodeJS.ErrnoException;
  const known = error.code === undefined ? undefined : OS_REASONS.get(error.code);
  if (known !== undefined) return known;
  // Node's own argument checks (a name containing a NUL character) carry no errno.
  if (error.code?.startsWith("ERR_INVALID_ARG") === true) return "invalid file name";
  return OS_MESSAGE.exec(String(error.message))?.[1] ?? String(error.code ?? error.message);
}

/** A file-error? condition: "open-input-file: cannot open nosuch.txt: no such file". */
export function fileError(who: string, verb: string, name: string, e: unknown): SchemeError {
  return new SchemeError(`${who}: cannot ${verb} ${name}: ${osReason(e)}`, [], "file");
}

// ---- The table -------------------------------------------------------------------------------

export class PortTable {
  private readonly heap: Heap;
  private readonly states = new Map<number, PortState>();
  private readonly stdin: TextInput;
  private readonly stdout: TextOutput;
  private readonly stderr: TextOutput;
  /** The first id opened in this session: lower ids without state were closed by a resume (PT1). */
  private readonly sessionFirstId: number;
  private readonly chunk = Buffer.allocUnsafe(FILE_CHUNK_BYTES);

  /**
   * Adopts the port parameters of the world's heap (a resumed world), or creates the standard
   * ports and their parameters (a new one). Either way the standard ports are attached to this
   * process: stdout and stderr text goes to the host, stdin is what the host feeds.
   */
  constructor(world: World, private readonly host: PortHost) {
    const heap = (this.heap = world.heap);
    this.stdin = new TextInput("stdin", "", false);
    this.stdout = new TextOutput("stdout", (_who, text) => host.stdout(text));
    this.stderr = new TextOutput("stderr", (_who, text) => host.stderr(text));
    this.states.set(PORT_STDIN, this.stdin);
    this.states.set(PORT_STDOUT, this.stdout);
    this.states.set(PORT_STDERR, this.stderr);
    if (!heap.isType(heap.roots[ROOT_PORT_PARAMETERS], OBJECT_VECTOR)) {
      heap.roots[ROOT_PORT_PARAMETERS] = this.makePortParameters();
    }
    // A new heap's counter root is fixnum 0; ids below STANDARD_PORT_COUNT are the standard ports.
    if (fixnumValue(heap.roots[ROOT_PORT_COUNTER]) < STANDARD_PORT_COUNT) heap.roots[ROOT_PORT_COUNTER] = makeFixnum(STANDARD_PORT_COUNT);
    this.sessionFirstId = fixnumValue(heap.roots[ROOT_PORT_COUNTER]);
  }

  private makePortParameters(): number {
    const heap = this.heap;
    const standard: [number, string, number][] = [
      [PORT_STDIN, "stdin", PORT_FLAG_INPUT],
      [PORT_STDOUT, "stdout", PORT_FLAG_OUTPUT],
      [PORT_STDERR, "stderr", PORT_FLAG_OUTPUT],
    ];
    const slots = standard.map(([id, name, flags]) => {
      const parameter = heap.allocate(OBJECT_PARAMETER, PARAMETER_SIZE);
      heap.initField(parameter, PARAMETER_VALUE, heap.makeBox(this.makePort(id, name, flags)));
      heap.initField(parameter, PARAMETER_CONVERTER, FALSE);
      return parameter;
    });
    return makeVector(heap, slots);
  }

  private makePort(id: number, name: string, flags: number): number {
    const heap = this.heap;
    const nameString = makeString(heap, name);
    const port = heap.allocate(OBJECT_PORT, PORT_SIZE);
    heap.initField(port, PORT_ID, makeFixnum(id));
    heap.initField(port, PORT_NAME, nameString);
    heap.initField(port, PORT_FLAGS, makeFixnum(flags));
    return port;
  }

  /** A new port object for `state`, with a fresh id (PT2). Changes nothing if it throws. */
  private open(who: string, flags: number, state: PortState): number {
    const heap = this.heap;
    const id = fixnumValue(heap.roots[ROOT_PORT_COUNTER]);
    if (id === FIXNUM_MAX) throw new SchemeError(`${who}: too many ports have been opened in this world`);
    const port = this.makePort(id, state.name, flags);
    heap.roots[ROOT_PORT_COUNTER] = makeFixnum(id + 1);
    this.states.set(id, state);
    return port;
  }

  /** open() for a file just opened as `fd`, which is closed again if the port cannot be made. */
  private openFile(who: string, flags: number, state: PortState, fd: number): number {
    try {
      return this.open(who, flags, state);
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
  }

  // ---- The current ports ---------------------------------------------------------------------

  private current(slot: number): number {
    const heap = this.heap;
    const parameter = vectorRef(heap, heap.roots[ROOT_PORT_PARAMETERS], slot);
    return heap.field(heap.field(parameter, PARAMETER_VALUE), BOX_VALUE);
  }

  /** The value of current-input-port (a port object). */
  currentInput(): number {
    return this.current(CURRENT_PORT_INPUT);
  }
  currentOutput(): number {
    return this.current(CURRENT_PORT_OUTPUT);
  }
  currentError(): number {
    return this.current(CURRENT_PORT_ERROR);
  }

  // ---- The host's side -----------------------------------------------------------------------

  /** Adds text to standard input. Text fed after endInput() is dropped. */
  feedInput(text: string): void {
    const s = this.stdin;
    if (s.ended) return;
    s.text = s.text.slice(s.position) + text.toWellFormed();
    s.position = 0;
  }

  /** Standard input has ended: reads return eof once the buffered text is used up. */
  endInput(): void {
    this.stdin.ended = true;
  }

  /**
   * Writes out the buffered output of every port: the host calls it at exit, and may at any
   * time (it costs nothing when nothing is buffered). Tries every port; throws the first error.
   */
  flushAll(): void {
    let failure: SchemeError | undefined;
    for (const s of this.states.values()) {
      try {
        if (s instanceof TextOutput || s instanceof BinaryOutput) this.flushState("flush-output-port", s);
      } catch (e) {
        if (!(e instanceof SchemeError)) throw e;
        failure ??= e;
      }
    }
    if (failure !== undefined) throw failure;
  }

  // ---- Looking ports up ----------------------------------------------------------------------

  /**
   * The state of `port`, which must be open and have exactly the `flags` among input, output
   * and binary: a port of one of the four kinds.
   */
  private state<T extends PortState>(who: string, port: number, flags: number, type: StateClass<T>): T {
    if (!isPortWith(this.heap, port, flags, PORT_KIND_FLAGS & ~flags)) {
      throw typeError(who, portKindName(flags), port);
    }
    const state = this.states.get(fixnumValue(this.heap.field(port, PORT_ID)));
    // A live id always has the state its flags say (ids are never reused, PT2).
    if (state instanceof type) return state;
    throw this.closedError(who, port);
  }

  private closedError(who: string, port: number): SchemeError {
    const id = fixnumValue(this.heap.field(port, PORT_ID));
    const name = describePort(this.heap, port);
    if (id >= this.sessionFirstId) return new SchemeError(`${who}: port ${name} is closed`);
    return new SchemeError(
      `${who}: port ${name} is not open in this session: ` +
        "ports other than the standard ones are closed when a world is resumed",
    );
  }

  private textInput(who: string, port: number): TextInput {
    return this.state(who, port, PORT_FLAG_INPUT, TextInput);
  }
  private binaryInput(who: string, port: number): BinaryInput {
    return this.state(who, port, PORT_FLAG_INPUT | PORT_FLAG_BINARY, BinaryInput);
  }
  private textOutput(who: string, port: number): TextOutput {
    return this.state(who, port, PORT_FLAG_OUTPUT, TextOutput);
  }
  private binaryOutput(who: string, port: number): BinaryOutput {
    return this.state(who, port, PORT_FLAG_OUTPUT | PORT_FLAG_BINARY, BinaryOutput);
  }

  /** input-port-open? and output-port-open?: `port` is open (any port object). */
  isOpen(port: number): boolean {
    return this.states.has(fixnumValue(this.heap.field(port, PORT_ID)));
  }

  // ---- Opening and closing -------------------------------------------------------------------

  openInputString(text: string): number {
    return this.open("open-input-string", PORT_FLAG_INPUT, new TextInput("string", text, true));
  }

  openOutputString(): number {
    return this.open("open-output-string", PORT_FLAG_OUTPUT, new TextOutput("string"));
  }

  /** A port reading a copy of `bytes` (a heap view may move after the call, heap H5). */
  openInputBytevector(bytes: Uint8Array): number {
    const state = new BinaryInput("bytevector", bytes.slice(), true);
    return this.open("open-input-bytevector", PORT_FLAG_INPUT | PORT_FLAG_BINARY, state);
  }

  openOutputBytevector(): number {
    return this.open("open-output-bytevector", PORT_FLAG_OUTPUT | PORT_FLAG_BINARY, new BinaryOutput("bytevector"));
  }

  /** open-input-file and open-binary-input-file. */
  openInputFile(who: string, path: string, binary: boolean): number {
    let fd: number;
    try {
      fd = fs.openSync(path, "r");
    } catch (e) {
      throw fileError(who, "open", path, e);
    }
    // Opening a directory for reading succeeds on Linux; say so now rather than at the first read.
    let directory: boolean;
    try {
      directory = fs.fstatSync(fd).isDirectory();
    } catch (e) {
      fs.closeSync(fd);
      throw fileError(who, "open", path, e);
    }
    if (directory) {
      fs.closeSync(fd);
      throw new SchemeError(`${who}: cannot open ${path}: is a directory`, [], "file");
    }
    return binary
      ? this.openFile(who, PORT_FLAG_INPUT | PORT_FLAG_BINARY, new BinaryInput(path, EMPTY_BYTES, false, fd), fd)
      : this.openFile(who, PORT_FLAG_INPUT, new TextInput(path, "", false, fd, new TextDecoder("utf-8")), fd);
  }

  /** open-output-file and open-binary-output-file: creates the file, or empties it. */
  openOutputFile(who: string, path: string, binary: boolean): number {
    let fd: number;
    try {
      fd = fs.openSync(path, "w");
    } catch (e) {
      throw fileError(who, "open", path, e);
    }
    const sink = (w: string, bytes: Uint8Array): void => writeFully(w, path, fd, bytes);
    const textSink = (w: string, text: string): void => sink(w, Buffer.from(text, "utf8"));
    return binary
      ? this.openFile(who, PORT_FLAG_OUTPUT | PORT_FLAG_BINARY, new BinaryOutput(path, sink, fd), fd)
      : this.openFile(who, PORT_FLAG_OUTPUT, new TextOutput(path, textSink, fd), fd);
  }

  /**
   * close-port: flushes an output port and releases its file. Closing a closed port does nothing
   * (R7RS); closing a standard port only flushes it (PT3).
   */
  close(who: string, port: number): void {
    if (!isPort(this.heap, port)) throw typeError(who, "a port", port);
    const id = fixnumValue(this.heap.field(port, PORT_ID));
    const s = this.states.get(id);
    if (s === undefined) return;
    if (id < STANDARD_PORT_COUNT) {
      if (s instanceof TextOutput) this.flushState(who, s);
      return;
    }
    // Forget the port first: if the last flush fails, the port is closed all the same.
    this.states.delete(id);
    try {
      if (s instanceof TextOutput || s instanceof BinaryOutput) this.flushState(who, s);
    } finally {
      if (s.fd !== undefined) closeFile(who, s.name, s.fd);
    }
  }

  // ---- Text input ----------------------------------------------------------------------------

  /**
   * Adds text to `s` from its file, or throws InputNeeded for standard input (after flushing
   * stdout, so a prompt the program wrote is seen). Called only when `s` has not ended. Drops
   * the consumed text, which moves `position` (PT4: not observable).
   */
  private fillText(who: string, s: TextInput): void {
    if (s.fd === undefined) {
      this.flushState(who, this.stdout);
      throw new InputNeeded();
    }
    const n = this.readChunk(who, s.name, s.fd);
    const decoder = s.decoder!; // every file has one
    const more = n === 0 ? decoder.decode() : decoder.decode(this.chunk.subarray(0, n), { stream: true });
    s.text = s.text.slice(s.position) + more;
    s.position = 0;
    if (n === 0) this.endFile(who, s);
  }

  private readChunk(who: string, name: string, fd: number): number {
    try {
      return fs.readSync(fd, this.chunk, 0, FILE_CHUNK_BYTES, null);
    } catch (e) {
      throw fileError(who, "read", name, e);
    }
  }

  /** The file has been read to its end: release it now rather than at close-port. */
  private endFile(who: string, s: TextInput | BinaryInput): void {
    s.ended = true;
    const fd = s.fd!;
    s.fd = undefined;
    closeFile(who, s.name, fd);
  }

  /** Buffers at least `count` UTF-16 code units after the position; false if the input ends first. */
  private demandText(who: string, s: TextInput, count: number): boolean {
    while (s.text.length - s.position < count) {
      if (s.ended) return false;
      this.fillText(who, s);
    }
    return true;
  }

  /** read-char: a code point, or undefined at the end of input. */
  readChar(who: string, port: number): number | undefined {
    const s = this.textInput(who, port);
    const c = this.peekCharOf(who, s);
    if (c !== undefined) s.position += c < BMP_LIMIT ? 1 : 2;
    return c;
  }

  /** peek-char: the code point read-char would return, consuming nothing. */
  peekChar(who: string, port: number): number | undefined {
    return this.peekCharOf(who, this.textInput(who, port));
  }

  private peekCharOf(who: string, s: TextInput): number | undefined {
    // PT5: a character's surrogates are buffered together.
    return this.demandText(who, s, 1) ? s.text.codePointAt(s.position) : undefined;
  }

  /** char-ready?: a character (or the end) is there without waiting for the host. */
  charReady(who: string, port: number): boolean {
    const s = this.textInput(who, port);
    return s.position < s.text.length || s.ended || s.fd !== undefined;
  }

  /**
   * read-line: the text up to the next end of line (a "\n", with a "\r" before it dropped), or
   * to the end of input; undefined when there is nothing left.
   */
  readLine(who: string, port: number): string | undefined {
    const s = this.textInput(who, port);
    let searched = 0; // code units after the position known to hold no line end
    for (;;) {
      // R7RS: a line ends at a linefeed, a carriage return, or both in that order.
      LINE_END.lastIndex = s.position + searched;
      const found = LINE_END.exec(s.text);
      if (found !== null) {
        const end = found.index;
        const carriageReturn = s.text.charCodeAt(end) === CARRIAGE_RETURN;
        if (carriageReturn && end + 1 === s.text.length && !s.ended) {
          // A linefeed may follow in the input still to come: look before deciding (PT4).
          searched = end - s.position;
          this.fillText(who, s);
          continue;
        }
        const line = s.text.slice(s.position, end);
        s.position = end + (carriageReturn && s.text.charCodeAt(end + 1) === LINE_FEED ? 2 : 1);
        return line;
      }
      searched = s.text.length - s.position;
      if (s.ended) break;
      this.fillText(who, s);
    }
    if (s.position === s.text.length) return undefined;
    const rest = s.text.slice(s.position);
    s.position = s.text.length;
    return rest;
  }

  /** read-string: the next `count` characters, fewer at the end of input; undefined if none. */
  readString(who: string, port: number, count: number): string | undefined {
    const s = this.textInput(who, port);
    let units = 0; // code units after the position that hold the characters taken so far
    let taken = 0;
    while (taken < count && this.demandText(who, s, units + 1)) {
      // PT5: a character's surrogates are buffered together.
      units += s.text.codePointAt(s.position + units)! < BMP_LIMIT ? 1 : 2;
      taken++;
    }
    if (taken === 0 && count > 0) return undefined;
    const text = s.text.slice(s.position, s.position + units);
    s.position += units;
    return text;
  }

  /**
   * read: the next datum, or EOF. The reader is given a window of the buffered text; a result is
   * trusted only if more text could not change it: a datum followed by more text in the window, a
   * syntax error with a line end after it, or anything when the window reaches the end of input.
   * Otherwise the window grows, the buffer is refilled, or (stdin) InputNeeded is thrown.
   */
  readDatum(who: string, port: number): number {
    const s = this.textInput(who, port);
    for (let window = READ_WINDOW_CHARS; ; ) {
      const available = s.text.length - s.position;
      let take = Math.min(window, available);
      if (take < available && isHighSurrogate(s.text.charCodeAt(s.position + take - 1))) take++;
      const final = take === available && s.ended;
      const text = s.text.slice(s.position, s.position + take);
      const outcome = this.host.readDatum(text, s.name);
      if (outcome.kind === "error") {
        // The rest of the offending line is skipped (PT4); with no line end, everything seen.
        const lineEnd = outcome.incomplete ? -1 : text.indexOf("\n", outcome.offset);
        if (final || lineEnd >= 0) {
          s.position += lineEnd >= 0 ? lineEnd + 1 : take;
          throw new SchemeError(`${who}: ${outcome.message}`, [], "read");
        }
      } else {
        if (final && outcome.datum === EOF) {
          s.position += take; // whitespace and comments before the end
          return EOF;
        }
        if (final || (outcome.datum !== EOF && outcome.end < take)) {
          s.position += outcome.end;
          return outcome.datum;
        }
      }
      if (take < available) window *= 2;
      else this.fillText(who, s);
    }
  }

  // ---- Binary input --------------------------------------------------------------------------

  private fillBytes(who: string, s: BinaryInput): void {
    const n = this.readChunk(who, s.name, s.fd!);
    const rest = s.bytes.subarray(s.position);
    const bytes = new Uint8Array(rest.length + n);
    bytes.set(rest);
    bytes.set(this.chunk.subarray(0, n), rest.length);
    s.bytes = bytes;
    s.position = 0;
    if (n === 0) this.endFile(who, s);
  }

  /** Buffers at least `count` bytes after the position; false if the input ends first. */
  private demandBytes(who: string, s: BinaryInput, count: number): boolean {
    while (s.bytes.length - s.position < count) {
      if (s.ended) return false;
      this.fillBytes(who, s);
    }
    return true;
  }

  /** read-u8: a byte, or undefined at the end of input. */
  readByte(who: string, port: number): number | undefined {
    const s = this.binaryInput(who, port);
    return this.demandBytes(who, s, 1) ? s.bytes[s.position++] : undefined;
  }

  peekByte(who: string, port: number): number | undefined {
    const s = this.binaryInput(who, port);
    return this.demandBytes(who, s, 1) ? s.bytes[s.position] : undefined;
  }

  /** u8-ready?: binary ports are over memory or files, which never make the VM wait. */
  byteReady(who: string, port: number): boolean {
    this.binaryInput(who, port);
    return true;
  }

  /** read-bytevector: the next `count` bytes, fewer at the end of input; undefined if none. */
  readBytes(who: string, port: number, count: number): Uint8Array | undefined {
    const s = this.binaryInput(who, port);
    this.demandBytes(who, s, count);
    const n = Math.min(count, s.bytes.length - s.position);
    if (n === 0 && count > 0) return undefined;
    const bytes = s.bytes.slice(s.position, s.position + n);
    s.position += n;
    return bytes;
  }

  // ---- Output --------------------------------------------------------------------------------

  /** write-string, display, ...: text to a textual output port (buffered, PT6). */
  writeText(who: string, port: number, text: string): void {
    const s = this.textOutput(who, port);
    if (s === this.stderr) this.flushState(who, this.stdout);
    s.chunks.push(text);
    s.size += text.length;
    if (s === this.stderr || (s.sink !== undefined && s.size >= OUTPUT_BUFFER_CHARS)) this.flushState(who, s);
  }

  /** write-u8, write-bytevector: bytes to a binary output port, copied (the caller's may be a heap view). */
  writeBytes(who: string, port: number, bytes: Uint8Array): void {
    const s = this.binaryOutput(who, port);
    s.chunks.push(bytes.slice());
    s.size += bytes.length;
    if (s.sink !== undefined && s.size >= OUTPUT_BUFFER_CHARS) this.flushState(who, s);
  }

  /** flush-output-port: any output port. */
  flush(who: string, port: number): void {
    if (!isPortWith(this.heap, port, PORT_FLAG_OUTPUT)) throw typeError(who, "an output port", port);
    const binary = (portFlags(this.heap, port) & PORT_FLAG_BINARY) !== 0;
    this.flushState(who, binary ? this.binaryOutput(who, port) : this.textOutput(who, port));
  }

  /**
   * Hands a file or standard port's buffered output to its sink. The buffer is emptied first:
   * output that failed to be written is dropped, not retried at every later write.
   */
  private flushState(who: string, s: TextOutput | BinaryOutput): void {
    if (s.size === 0) return;
    if (s instanceof TextOutput) {
      const sink = s.sink;
      if (sink === undefined) return;
      const text = s.chunks.join("");
      s.chunks = [];
      s.size = 0;
      sink(who, text);
    } else {
      const sink = s.sink;
      if (sink === undefined) return;
      const bytes = concatBytes(s.chunks);
      s.chunks = [];
      s.size = 0;
      sink(who, bytes);
    }
  }

  /** get-output-string: everything written to a port made by open-output-string. */
  outputString(who: string, port: number): string {
    const s = this.textOutput(who, port);
    if (s.sink !== undefined) throw typeError(who, "a port made by open-output-string", port);
    const text = s.chunks.join("");
    s.chunks = [text];
    return text;
  }

  /** get-output-bytevector: everything written to a port made by open-output-bytevector. */
  outputBytes(who: string, port: number): Uint8Array {
    const s = this.binaryOutput(who, port);
    if (s.sink !== undefined) throw typeError(who, "a port made by open-output-bytevector", port);
    const bytes = concatBytes(s.chunks);
    s.chunks = [bytes];
    return bytes;
  }
}

function isHighSurrogate(unit: number): boolean {
  return unit >= HIGH_SURROGATE_FIRST && unit <= HIGH_SURROGATE_LAST;
}

function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  return Buffer.concat(chunks);
}

/** Writes all of `bytes` to a file: a write may take fewer bytes than it is given. */
function writeFully(who: string, name: string, fd: number, bytes: Uint8Array): void {
  try {
    for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done);
  } catch (e) {
    throw fileError(who, "write", name, e);
  }
}

function closeFile(who: string, name: string, fd: number): void {
  try {
    fs.closeSync(fd);
  } catch (e) {
    throw fileError(who, "close", name, e);
  }
}
