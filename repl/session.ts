// A session: a world running in this process, with everything around it that is not saved in
// it — the machine, the compiler, the port table, the primitive table — and the loop that runs a
// computation slice by slice, feeding it standard input when it waits for some.
//
// This is where the layers meet, so it lives in repl/: runtime/ knows nothing of the reader or
// of files, and the session gives it both (the reader for `read`, `include` and `load`; files
// for the standard library's source and for `include`).

import * as fs from "fs";
import * as path from "path";
import { World } from "../runtime/world";
import { createHeap } from "../gc";
import { PromotionPolicy } from "../gc/old-space";
import { Machine, Outcome, SlowPaths } from "../runtime/machine";
import { Compiler } from "../runtime/compiler/compiler";
import { PortTable } from "../runtime/ports";
import { LispError, SchemeError, SourcePosition } from "../runtime/errors";
import {
  CURRENT_PORT_ERROR, CURRENT_PORT_INPUT, CURRENT_PORT_OUTPUT, HEAP_BYTES_MAX, NIL, ROOT_PORT_PARAMETERS,
  UNBOUND, UNSPECIFIED, isPair, makeFixnum, OBJECT_STRING, OBJECT_STRING_WIDE, fixnumValue, isObject,
} from "../runtime/layout";
import { listToArray, makeList, stringToJs, vectorRef } from "../runtime/objects";
import * as arithmetic from "../runtime/arithmetic";
import { eqv, equal } from "../runtime/equality";
import { printToString } from "../runtime/printer";
import { PrimitiveSpec, primitive } from "../runtime/primitives/registry";
import { numberPrimitives } from "../runtime/primitives/numbers";
import { charPrimitives } from "../runtime/primitives/chars";
import { stringPrimitives } from "../runtime/primitives/strings";
import { listPrimitives } from "../runtime/primitives/lists";
import { vectorPrimitives } from "../runtime/primitives/vectors";
import { bytevectorPrimitives } from "../runtime/primitives/bytevectors";
import { dataPrimitives } from "../runtime/primitives/data";
import { ProcessContext, hostProcessContext, ioPrimitives } from "../runtime/primitives/io";
import { recordPrimitives, isErrorObject, recordField, ERROR_IRRITANTS, ERROR_KIND, ERROR_MESSAGE, ERROR_WHERE } from "../runtime/primitives/records";
import { systemPrimitives } from "../runtime/primitives/system";
import { readAll, readFirstDatum } from "../reader/reader";

/** The standard library's source files, loaded in this order. */
const LIBRARY_FILES = ["control.scm", "lists.scm", "data.scm"];
/** Evaluates each form of a list as library code; written with core forms only. */
const LIBRARY_LOADER = "(lambda (forms) (let loop ((forms forms)) (if (pair? forms) (begin (%eval-library (car forms)) (loop (cdr forms))))))";
/** How long the machine runs before giving the event loop a turn. */
export const SLICE_MS = 10;

export interface SessionOptions {
  /** The heap's limit; default STASIS_HEAP_LIMIT, else the runtime's default. */
  readonly heapLimitBytes?: number;
  readonly nurseryBytes?: number;
  /** Where promoted objects go; the default, busiest page first, unless measuring the other. */
  readonly policy?: PromotionPolicy;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  /** The next text of standard input, or null at its end. */
  readonly stdin?: () => Promise<string | null>;
  /** What (command-line) returns and where the environment comes from. */
  readonly process?: ProcessContext;
}

/** How a run of a computation ended, for the host. */
export type RunResult =
  | { readonly kind: "value"; readonly value: number }
  | { readonly kind: "exit"; readonly code: number }
  | { readonly kind: "error"; readonly message: string; readonly backtrace: readonly string[] };

export class Session {
  readonly world: World;
  readonly machine: Machine;
  readonly compiler: Compiler;
  readonly ports: PortTable;
  private readonly stdin: () => Promise<string | null>;

  constructor(options: SessionOptions = {}) {
    const world = new World(createHeap({
      limitBytes: options.heapLimitBytes ?? heapLimitFromEnvironment(),
      nurseryBytes: options.nurseryBytes,
      policy: options.policy,
    }));
    this.world = world;
    const heap = world.heap;
    this.stdin = options.stdin ?? (async () => null);
    this.ports = new PortTable(world, {
      stdout: options.stdout ?? ((t) => process.stdout.write(t)),
      stderr: options.stderr ?? ((t) => process.stderr.write(t)),
      readDatum: (text, file) => readFirstDatum(world, text, file),
    });
    this.machine = new Machine(world, slowPaths(world));
    this.compiler = new Compiler(world, {
      world,
      primitive: (name) => {
        const p = this.machine.primitive(name);
        if (p === undefined) throw new SchemeError(`compiler: no primitive named ${name}`);
        return p;
      },
      equal: (a, b) => equal(heap, a, b),
      readSource: readIncludedFile,
      readAll: (text, file) => readAll(world, text, { file, annotate: true }),
    }, (procedure, args) => this.machine.apply(procedure, args));
    this.compiler.expander.installSpecialForms();
    this.machine.evaluator = (form, _environment, library) => this.compiler.compile(form, { library });
    this.machine.describeCondition = (condition) => this.describe(condition).message;
    for (const specs of this.primitiveModules(options.process ?? hostProcessContext())) this.machine.definePrimitives(specs);
    const parameters = heap.roots[ROOT_PORT_PARAMETERS];
    for (const [name, slot] of [["current-input-port", CURRENT_PORT_INPUT], ["current-output-port", CURRENT_PORT_OUTPUT],
      ["current-error-port", CURRENT_PORT_ERROR]] as const) {
      world.globals.define(world.symbols.intern(name), vectorRef(heap, parameters, slot));
    }
    this.loadLibrary();
  }

  private primitiveModules(context: ProcessContext): PrimitiveSpec[][] {
    const world = this.world;
    return [
      numberPrimitives(world), charPrimitives(world), stringPrimitives(world), listPrimitives(world),
      vectorPrimitives(world), bytevectorPrimitives(world), dataPrimitives(world), recordPrimitives(world),
      systemPrimitives(world), ioPrimitives(world, this.ports, context), this.hostPrimitives(),
    ];
  }

  /** Primitives that need the host: reading a source file for `load`. */
  private hostPrimitives(): PrimitiveSpec[] {
    const world = this.world;
    return [
      primitive("%read-source-file", 1, 1, (name) => {
        if (!world.heap.isType(name, OBJECT_STRING) && !world.heap.isType(name, OBJECT_STRING_WIDE)) {
          throw new SchemeError("load: expected a file name string", [name], "type");
        }
        const file = stringToJs(world.heap, name);
        let text: string;
        try {
          text = fs.readFileSync(file, "utf8");
        } catch (e) {
          throw new SchemeError(`load: cannot read ${file}: ${describeFileError(e)}`, [], "file");
        }
        return makeList(world.heap, readAll(world, text, { file, annotate: true, shebang: true }));
      }),
    ];
  }

  /** Compiles and runs the standard library's source (runtime/library/*.scm). */
  private loadLibrary(): void {
    const directory = libraryDirectory();
    const loader = this.world.heap.hold(this.libraryLoader());
    for (const name of LIBRARY_FILES) {
      const file = path.join(directory, name);
      // Read after the last run: a run's collections move what JavaScript holds (heap H5).
      const forms = makeList(this.world.heap, readAll(this.world, fs.readFileSync(file, "utf8"), { file: `library/${name}`, annotate: true }));
      this.machine.runToEnd(loader.value, [forms]);
    }
    this.world.heap.release(loader);
  }

  /**
   * A procedure that compiles and runs each form of a list as library code: a loop in the
   * machine, so the forms (heap data) are roots while it runs and collections may happen.
   */
  private libraryLoader(): number {
    const loader = readAll(this.world, LIBRARY_LOADER, { file: "library-loader" })[0];
    return this.machine.runToEnd(this.compiler.compile(loader, { library: true }), []);
  }

  // ---- Running -------------------------------------------------------------------------------

  /** The value of a global variable (UNBOUND if it has none). */
  global(name: string): number {
    return this.world.globals.value(this.world.symbols.intern(name));
  }

  /**
   * Runs (procedure args...) to its end: slice by slice, yielding to the event loop between
   * slices, and feeding standard input whenever the computation waits for it.
   */
  async run(procedure: number, args: readonly number[]): Promise<RunResult> {
    this.machine.start(procedure, args);
    try {
      for (;;) {
        const outcome: Outcome = this.machine.resume(SLICE_MS);
        switch (outcome.kind) {
          case "done":
            return { kind: "value", value: outcome.value };
          case "exit":
            return { kind: "exit", code: outcome.code };
          case "error": {
            const { message } = this.describe(outcome.condition, outcome.backtrace);
            return { kind: "error", message, backtrace: outcome.backtrace };
          }
          case "interrupted":
            await this.unwind();
            return { kind: "error", message: "interrupted", backtrace: outcome.backtrace };
          case "out-of-memory":
            await this.unwind();
            return { kind: "error", message: outcome.message, backtrace: [] };
          case "input": {
            const text = await this.stdin();
            if (text === null) this.ports.endInput();
            else this.ports.feedInput(text);
            break;
          }
          case "yield":
            await new Promise((resolve) => setImmediate(resolve));
            break;
        }
      }
    } finally {
      this.ports.flushAll();
    }
  }

  /**
   * After a run was abandoned where it stood (Ctrl-C, out of memory): leaves its dynamic extents
   * as an uncaught error does, running their after thunks, so parameters and handlers are back
   * to the toplevel's. What happens in an after thunk is not reported.
   */
  private async unwind(): Promise<void> {
    const travel = this.global("%travel-to");
    if (travel !== UNBOUND) await this.run(travel, [NIL]);
  }

  /** Reads a program's text into a heap list of annotated forms. */
  readProgram(text: string, file: string, shebang = false): number {
    return makeList(this.world.heap, readAll(this.world, text, { file, annotate: true, shebang }));
  }

  /** Runs every form of a program in order (a script); the program's forms are heap data. */
  runProgram(forms: number): Promise<RunResult> {
    return this.run(this.global("%run-forms"), [forms]);
  }

  /** Evaluates the forms of a program and gives the last value (-e). */
  evaluateProgram(forms: number): Promise<RunResult> {
    return this.run(this.global("%eval-forms"), [forms]);
  }

  /** Evaluates one form (the REPL). */
  evaluate(form: number): Promise<RunResult> {
    return this.run(this.machine.primitive("eval")!, [form]);
  }

  /** Writes text to the current output port, in order with what the program wrote. */
  writeOutput(text: string): void {
    this.ports.writeText("stasis", this.ports.currentOutput(), text);
    this.ports.flushAll();
  }

  /** How a value is shown at the REPL and by -e: written, and nothing at all if unspecified. */
  show(value: number): string | undefined {
    return value === UNSPECIFIED ? undefined : printToString(this.world, value, "write");
  }

  // ---- Errors --------------------------------------------------------------------------------

  /**
   * The one line a user sees for a condition: `FILE:LINE:COL: message`, the place being where
   * the error was raised, or else the innermost user frame of the backtrace.
   */
  describe(condition: number, backtrace: readonly string[] = []): { message: string } {
    const world = this.world;
    const heap = world.heap;
    const write = (w: number) => printToString(world, w, "write");
    let text: string;
    let where: SourcePosition | undefined;
    if (isErrorObject(world, condition)) {
      const message = recordField(world, condition, ERROR_MESSAGE);
      const irritants = listOrEmpty(world, recordField(world, condition, ERROR_IRRITANTS));
      const kind = world.symbols.name(recordField(world, condition, ERROR_KIND));
      text = heap.isType(message, OBJECT_STRING) || heap.isType(message, OBJECT_STRING_WIDE) ? stringToJs(heap, message) : write(message);
      // R7RS style messages often end with a colon themselves: (error "Something bad:" 42).
      if (kind === "type" && irritants.length === 1) text += `, got ${write(irritants[0])}`;
      else if (irritants.length > 0) text += `${text.endsWith(":") ? " " : ": "}${irritants.map(write).join(" ")}`;
      where = positionFrom(world, recordField(world, condition, ERROR_WHERE));
    } else if (isPair(condition) && world.symbols.isSymbol(heap.car(condition))) {
      // Before the library is loaded, the machine reports (kind message irritants where).
      const [, message, irritants, place] = listToArray(heap, condition, "describe");
      text = stringToJs(heap, message);
      const list = listOrEmpty(world, irritants);
      if (list.length > 0) text += `: ${list.map(write).join(" ")}`;
      where = positionFrom(world, place);
    } else {
      text = `uncaught exception: ${write(condition)}`;
    }
    if (where === undefined) {
      const frame = backtrace.map((line) => /^in .*\((.+):(\d+):(\d+)\)$/.exec(line)).find((m) => m !== null);
      if (frame) where = { file: frame[1], line: Number(frame[2]), column: Number(frame[3]) };
    }
    return { message: where ? `${where.file}:${where.line}:${where.column}: ${text}` : text };
  }
}

const SIZE_UNITS: Readonly<Record<string, number>> = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 };

/** The smallest heap a session runs in: the library, the stack region and a nursery fit. */
export const SESSION_HEAP_MIN_BYTES = 16 * 2 ** 20;
/** The largest heap: byte addresses are 32 bits (layout.ts). */
export const SESSION_HEAP_MAX_BYTES = HEAP_BYTES_MAX;

/**
 * A heap limit given as `text` by `source` (an option or a variable): its bytes, or a one-line
 * message saying what is wrong with it.
 */
export function parseHeapLimit(text: string, source: string): number | string {
  const bytes = parseSize(text);
  if (bytes === undefined) return `${source}: not a size: ${text} (write it like 512m or 2g)`;
  if (bytes < SESSION_HEAP_MIN_BYTES) return `${source}: ${text} is too small; a session needs at least 16m`;
  if (bytes > SESSION_HEAP_MAX_BYTES) return `${source}: ${text} is too large; a heap can be at most 4g`;
  return bytes;
}

/**
 * A size in bytes written like 536870912, 512m, 512MB, 2g or 2GiB; undefined if it is not one.
 * (--heap-limit, STASIS_HEAP_LIMIT)
 */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i.exec(text.trim());
  if (m === null) return undefined;
  const bytes = Math.floor(Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()]);
  return bytes > 0 ? bytes : undefined;
}

/** STASIS_HEAP_LIMIT, if set; a value that is not a size is an error naming the variable. */
function heapLimitFromEnvironment(): number | undefined {
  const text = process.env.STASIS_HEAP_LIMIT;
  if (text === undefined || text === "") return undefined;
  const bytes = parseHeapLimit(text, "STASIS_HEAP_LIMIT");
  if (typeof bytes === "string") throw new LispError(bytes);
  return bytes;
}

/** The machine's generic fallbacks, from runtime/arithmetic.ts and runtime/equality.ts. */
function slowPaths(world: World): SlowPaths {
  const heap = world.heap;
  const { ORDER_LESS, ORDER_EQUAL, ORDER_GREATER } = arithmetic;
  return {
    add: (a, b) => arithmetic.add(heap, a, b, "+"),
    subtract: (a, b) => arithmetic.subtract(heap, a, b, "-"),
    multiply: (a, b) => arithmetic.multiply(heap, a, b, "*"),
    compare: (who, a, b) => {
      const order = arithmetic.compare(heap, a, b, who);
      switch (who) {
        case "<": return order === ORDER_LESS;
        case "<=": return order === ORDER_LESS || order === ORDER_EQUAL;
        case ">": return order === ORDER_GREATER;
        case ">=": return order === ORDER_GREATER || order === ORDER_EQUAL;
        default: return order === ORDER_EQUAL;
      }
    },
    isZero: (a) => arithmetic.compare(heap, a, makeFixnum(0), "zero?") === ORDER_EQUAL,
    eqv: (a, b) => eqv(heap, a, b),
  };
}

function listOrEmpty(world: World, list: number): number[] {
  const out: number[] = [];
  for (let l = list; isPair(l); l = world.heap.cdr(l)) out.push(world.heap.car(l));
  return out;
}

/** A (file line column) list, as the machine records where an error happened. */
function positionFrom(world: World, where: number): SourcePosition | undefined {
  const parts = listOrEmpty(world, where);
  if (parts.length !== 3 || !isObject(parts[0])) return undefined;
  return { file: stringToJs(world.heap, parts[0]), line: fixnumValue(parts[1]), column: fixnumValue(parts[2]) };
}

/** The directory of the standard library's source: runtime/library in the package. */
function libraryDirectory(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return path.join(dir, "runtime", "library");
    if (path.dirname(dir) === dir) throw new Error("stasis: cannot find the standard library (runtime/library)");
  }
}

/** `include`: a file named relative to the file that includes it. */
function readIncludedFile(name: string, from: SourcePosition | undefined): { text: string; file: string } {
  const file = from === undefined || path.isAbsolute(name) ? name : path.join(path.dirname(from.file), name);
  try {
    return { text: fs.readFileSync(file, "utf8"), file };
  } catch (e) {
    throw new SchemeError(`include: cannot read ${file}: ${describeFileError(e)}`, [], "file", from);
  }
}

export function describeFileError(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case "ENOENT": return "no such file";
    case "EACCES": return "permission denied";
    case "EISDIR": return "it is a directory";
    default: return (e as NodeJS.ErrnoException).code ?? String(e);
  }
}


