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
import { Handle, Heap } from "../runtime/heap";
import { CreateHeapOptions, createHeap } from "../gc";
import { ImageError } from "../image/image-file";
import { ImageIO } from "../image/io";
import { ImageName } from "../image/store";
import { LoadedWorld, WorldImages } from "../image/world-images";
import { LIBRARY_FILES, libraryDirectory, loadBaseImage } from "./base-image";
import { makeInteger } from "../runtime/numbers";
import { PromotionPolicy } from "../gc/old-space";
import { BACKTRACE_SHOWN, Backtrace, Machine, NO_BACKTRACE, Outcome, SlowPaths, backtraceLines } from "../runtime/machine";
import { Compiler } from "../runtime/compiler/compiler";
import { PortTable } from "../runtime/ports";
import { HostWait, LispError, SchemeError, SourcePosition, WaitReason, typeError } from "../runtime/errors";
import {
  CURRENT_PORT_ERROR, CURRENT_PORT_INPUT, CURRENT_PORT_OUTPUT, HEAP_BYTES_MAX, NIL, ROOT_PORT_PARAMETERS,
  EOF, GLOBAL_VALUE, OBJECT_VALUES, VALUES_ELEMENTS, UNSPECIFIED, isPair, makeFixnum, OBJECT_STRING, OBJECT_STRING_WIDE, fixnumValue, isObject, FALSE, isFixnum, makeBoolean,
} from "../runtime/layout";
import { listToArray, makeList, makeString, makeValues, stringToJs, vectorRef } from "../runtime/objects";
import * as arithmetic from "../runtime/arithmetic";
import { eqv, equal } from "../runtime/equality";
import { printToString } from "../runtime/printer";
import { PrimitiveSpec, VARIADIC, primitive } from "../runtime/primitives/registry";
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
import { ReadError } from "../reader/errors";

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
  /** The file operations of images (the crash and I/O error tests substitute their own). */
  readonly imageIO?: ImageIO;
  /** false: build a new world from the library's source even if a base image exists. */
  readonly baseImage?: boolean;
  /**
   * How often, at most, the world is appended to its image as a journal record while it
   * changes (image/format.ts JOURNAL), in ms; 0 or absent: never. The CLI sets it from
   * STASIS_JOURNAL_MS (default JOURNAL_MS_DEFAULT).
   */
  readonly journalMs?: number;
}

/** The journal's default interval: a crash loses at most about twice this. */
export const JOURNAL_MS_DEFAULT = 1000;

/** How a run of a computation ended, for the host. */
export type RunResult =
  | { readonly kind: "value"; readonly value: number }
  | { readonly kind: "exit"; readonly code: number }
  | ErrorResult;

/** A run ended by an uncaught error: its one line, and where it happened. */
export interface ErrorResult {
  readonly kind: "error";
  readonly message: string;
  readonly backtrace: Backtrace;
}

/** A world's runtime: the world and what this process builds around it. */
interface Runtime {
  readonly world: World;
  readonly machine: Machine;
  readonly compiler: Compiler;
  readonly ports: PortTable;
}

export class Session {
  private runtime!: Runtime;
  /** The heap of the world sysin has just replaced, retired once its machine has returned. */
  private replaced: Heap | undefined;
  /** The image the world came from or was last saved to, and the store. */
  readonly images: WorldImages;
  private readonly stdin: () => Promise<string | null>;
  private readonly options: SessionOptions;
  /** The host taking part in the toplevel loop now (runToplevel); none: a script's part. */
  private toplevel: ToplevelHost = SCRIPT_TOPLEVEL;
  /** The values the toplevel host is showing, once it has shown them (%toplevel-show, M9). */
  private shown = false;
  private showing: Promise<void> | undefined;
  /** The image name the world was loaded from or last saved to (for checkpoint). */
  private imageName: ImageName | undefined;
  /** Whether the world just loaded was in the middle of a computation (runToplevel goes on with it). */
  private savedRun = false;
  /** (autosave SECONDS): checkpoints this often, in ms, while the world runs; undefined: none. */
  private autosaveMs: number | undefined;
  /** When the world was last made durable: a commit, or a journal record (performance.now()). */
  private lastCommitAt = performance.now();
  private lastJournalAt = performance.now();
  /** A run is being driven (the machine is not idle). */
  private driving = false;
  /** The machine has run since the last journal record or commit: its stack and registers changed. */
  private ranSinceDurable = false;
  /** The timer that journals an idle world's last changes. */
  private idleJournal: NodeJS.Timeout | undefined;
  /** A journal or autosave failed: warned once; they stop until a save succeeds. */
  private durabilityFailed = false;

  /**
   * Makes a session: the world of the image `image` if given (its newest commit, or `commit`),
   * else a new world, resumed from the base image when there is a current one, else built from
   * the standard library's source. Any warning (a damaged image) goes to stderr.
   */
  static async create(options: SessionOptions = {}, image?: { name: string; commit?: number }): Promise<Session> {
    await WorldImages.ready();
    return new Session(options, image);
  }

  /** Use Session.create, which loads what images need first; this constructor expects it loaded. */
  constructor(options: SessionOptions = {}, image?: { name: string; commit?: number }) {
    this.options = options;
    this.images = new WorldImages(options.imageIO);
    this.stdin = options.stdin ?? (async () => null);
    if (image !== undefined) {
      const name = this.images.resolve(image.name);
      const loaded = this.images.load(name, this.heapOptions(), image.commit);
      if (loaded.warning !== undefined) this.stderr(loaded.warning + "\n");
      this.adopt(loaded, name);
      return;
    }
    const base = options.baseImage === false ? undefined : loadBaseImage(this.heapOptions());
    if (base !== undefined) {
      // The base image is never written: the world has no image (images.current) until a sysout.
      this.runtime = this.build(base, true);
      return;
    }
    this.runtime = this.build(createHeap(this.heapOptions()), false);
  }

  /** The image the world came from or was last saved to, as the user named it; undefined if none. */
  get image(): string | undefined {
    return this.imageName?.name;
  }

  get world(): World {
    return this.runtime.world;
  }
  get machine(): Machine {
    return this.runtime.machine;
  }
  get compiler(): Compiler {
    return this.runtime.compiler;
  }
  get ports(): PortTable {
    return this.runtime.ports;
  }

  private heapOptions(): CreateHeapOptions {
    const options = this.options;
    return { limitBytes: options.heapLimitBytes ?? heapLimitFromEnvironment(), nurseryBytes: options.nurseryBytes, policy: options.policy };
  }

  private stderr(text: string): void {
    (this.options.stderr ?? ((t) => process.stderr.write(t)))(text);
  }

  /** Makes a loaded image's world this session's, its image the current one. */
  private adopt(loaded: LoadedWorld, name: ImageName): void {
    this.replaced = this.runtime?.world.heap;
    this.runtime = this.build(loaded.heap, true);
    this.images.current = loaded.point;
    this.imageName = name;
    this.savedRun = loaded.commit.running;
  }

  /**
   * The runtime around a heap: a new world's (the special forms, the standard ports and the
   * standard library are made), or a resumed one's (everything is in the heap already, and the
   * JS-side tables are rebuilt from it).
   */
  private build(heap: Heap, resumed: boolean): Runtime {
    const options = this.options;
    const world = new World(heap);
    const ports = new PortTable(world, {
      stdout: options.stdout ?? ((t) => process.stdout.write(t)),
      stderr: options.stderr ?? ((t) => process.stderr.write(t)),
      readDatum: (text, file) => readFirstDatum(world, text, file),
    });
    const machine = new Machine(world, slowPaths(world));
    const compiler = new Compiler(world, {
      world,
      primitive: (name) => {
        const p = machine.primitive(name);
        if (p === undefined) throw new SchemeError(`compiler: no primitive named ${name}`);
        return p;
      },
      equal: (a, b) => equal(heap, a, b),
      readSource: readIncludedFile,
      readAll: (text, file) => readAll(world, text, { file, annotate: true }),
    }, (procedure, args) => machine.apply(procedure, args));
    const runtime: Runtime = { world, machine, compiler, ports };
    if (!resumed) compiler.expander.installSpecialForms();
    machine.evaluator = (form, _environment, library) => compiler.compile(form, { library });
    machine.describeCondition = (condition) => this.describe(condition).message;
    machine.imageHost = (args) => this.imageOperation(args);
    for (const specs of this.primitiveModules(runtime, options.process ?? hostProcessContext())) machine.definePrimitives(specs);
    const missing = machine.missingPrimitives();
    if (missing.length > 0) {
      throw new ImageError(`the image needs primitives this version of Stasis does not have: ${missing.join(" ")}`);
    }
    if (resumed) return runtime;
    const parameters = heap.roots[ROOT_PORT_PARAMETERS];
    for (const [name, slot] of [["current-input-port", CURRENT_PORT_INPUT], ["current-output-port", CURRENT_PORT_OUTPUT],
      ["current-error-port", CURRENT_PORT_ERROR]] as const) {
      world.globals.define(world.symbols.intern(name), vectorRef(heap, parameters, slot));
    }
    this.loadLibrary(runtime);
    return runtime;
  }

  private primitiveModules(runtime: Runtime, context: ProcessContext): PrimitiveSpec[][] {
    const world = runtime.world;
    return [
      numberPrimitives(world), charPrimitives(world), stringPrimitives(world), listPrimitives(world),
      vectorPrimitives(world), bytevectorPrimitives(world), dataPrimitives(world), recordPrimitives(world),
      systemPrimitives(world), ioPrimitives(world, runtime.ports, context), this.hostPrimitives(world),
    ];
  }

  /**
   * Primitives that need the host: the toplevel's input and output (the host taking part in the
   * loop now: runToplevel), and reading a source file for `load`.
   */
  private hostPrimitives(world: World): PrimitiveSpec[] {
    return [
      primitive("%toplevel-read", 0, 0, () => {
        // The queued forms first: also when the call is made again after a wait (M9), so that a
        // world saved waiting at the REPL's prompt and resumed with -e EXPR or FILE runs them.
        const heap = world.heap;
        const queue = this.toplevelQueue();
        const queued = heap.field(queue, GLOBAL_VALUE);
        if (isPair(queued)) {
          heap.setCell(queue, GLOBAL_VALUE, heap.cdr(queued));
          return heap.car(queued);
        }
        const form = this.toplevel.read();
        if (form === undefined) throw new HostWait("toplevel-input", "the toplevel: waiting for the host's next form");
        return form;
      }),
      primitive("%toplevel-show", 0, VARIADIC, (...values) => this.showValues(values, false)),
      primitive("%toplevel-show-whole", 0, VARIADIC, (...values) => this.showValues(values, true)),
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
        try {
          return makeList(world.heap, readAll(world, text, { file, annotate: true, shebang: true }));
        } catch (e) {
          // A read error is a Lisp error (read-error?), at its place in the file.
          if (e instanceof ReadError) throw new SchemeError(`load: ${e.message}`, [], "read", e.position);
          throw e;
        }
      }),
    ];
  }

  /**
   * (%toplevel-show VALUE...): the toplevel host shows a form's values — `whole`, without the
   * limits it may set (,pp). When that takes a while, the call waits (M9) until it is done.
   */
  private showValues(values: readonly number[], whole: boolean): number {
    if (this.shown) return UNSPECIFIED; // the call made again, once they are shown
    const showing = this.toplevel.show(values, whole);
    if (showing === undefined) return UNSPECIFIED;
    this.showing = showing;
    throw new HostWait("show", "the toplevel: the host is showing a form's values");
  }

  /** Compiles and runs the standard library's source (runtime/library/*.scm). */
  private loadLibrary(runtime: Runtime): void {
    const { world, machine } = runtime;
    const directory = libraryDirectory();
    const loader = world.heap.hold(this.libraryLoader(runtime));
    for (const name of LIBRARY_FILES) {
      const file = path.join(directory, name);
      // Read after the last run: a run's collections move what JavaScript holds (heap H5).
      const forms = makeList(world.heap, readAll(world, fs.readFileSync(file, "utf8"), { file: `library/${name}`, annotate: true }));
      machine.runToEnd(loader.value, [forms]);
    }
    world.heap.release(loader);
  }

  /**
   * A procedure that compiles and runs each form of a list as library code: a loop in the
   * machine, so the forms (heap data) are roots while it runs and collections may happen.
   */
  private libraryLoader(runtime: Runtime): number {
    const loader = readAll(runtime.world, LIBRARY_LOADER, { file: "library-loader" })[0];
    return runtime.machine.runToEnd(runtime.compiler.compile(loader, { library: true }), []);
  }

  // ---- Running -------------------------------------------------------------------------------

  /** The value of a global variable (UNBOUND if it has none). */
  global(name: string): number {
    return this.world.globals.value(this.world.symbols.intern(name));
  }

  /**
   * Runs the world's toplevel loop (runtime/library/data.scm %toplevel) with `host` taking part:
   * `forms`, a heap list, are queued after those the world has queued already. A world resumed
   * in the middle of a computation goes on with it — the loop it was saved in, so the rest of the
   * form it was saved in runs first, then the forms it had queued, then these, then the host's
   * own input; any other world starts the loop. Runs until the loop ends, exit is called, or an
   * uncaught error ends the program (the host does not go on from it).
   */
  async runToplevel(host: ToplevelHost, forms: number = NIL): Promise<RunResult> {
    this.toplevel = host;
    try {
      this.queueForms(forms);
      if (!this.takeSavedRun()) this.machine.start(this.global("%toplevel"), []);
      return await this.drive();
    } finally {
      this.toplevel = SCRIPT_TOPLEVEL;
    }
  }

  /**
   * Runs (procedure args...) to its end as a run of its own, as a script's part: the tests
   * measure calls this way, with nothing read or compiled.
   */
  async run(procedure: number, args: readonly number[]): Promise<RunResult> {
    this.machine.start(procedure, args);
    return this.drive();
  }

  /** The global cell of the forms queued for the toplevel (runtime/library/data.scm). */
  private toplevelQueue(): number {
    return this.world.globals.cell(this.world.symbols.intern("%toplevel-forms"));
  }

  /** Queues `forms` (a heap list) after the toplevel's queued forms (%toplevel-forms). */
  private queueForms(forms: number): void {
    if (forms === NIL) return;
    const heap = this.world.heap;
    const queue = this.toplevelQueue();
    const queued = listToArray(heap, heap.field(queue, GLOBAL_VALUE), "%toplevel-forms");
    heap.setCell(queue, GLOBAL_VALUE, makeList(heap, queued, forms));
  }

  /**
   * Forgets the computation a resumed world was saved in the middle of, and the toplevel forms it
   * had queued: what runs next starts the toplevel loop afresh, in the world as it was saved (to
   * look at it, not to go on with it).
   */
  discardSaved(): void {
    this.savedRun = false;
    this.world.heap.setCell(this.toplevelQueue(), GLOBAL_VALUE, NIL); // its forms not yet read
  }

  /** Whether the loaded world's saved computation is to go on (once); false if it has none. */
  private takeSavedRun(): boolean {
    const saved = this.savedRun;
    this.savedRun = false;
    return saved;
  }

  /** A script (FILE): runs every form of a heap list of forms; an uncaught error ends it. */
  runProgram(forms: number): Promise<RunResult> {
    return this.runToplevel(SCRIPT_TOPLEVEL, forms);
  }

  /**
   * -e EXPR: runs every form of a heap list of forms; the value is the last form's (a values
   * object for several values, as show() writes them). An uncaught error ends it.
   */
  async evaluateProgram(forms: number): Promise<RunResult> {
    const host = new EvaluationToplevel(this.world.heap);
    try {
      const result = await this.runToplevel(host, forms);
      return result.kind === "value" ? { kind: "value", value: host.value() } : result;
    } finally {
      host.release();
    }
  }

  /**
   * Goes on with the computation a resumed world was saved in the middle of, to its end, as -e
   * does with no forms of its own; undefined if the world was saved between computations.
   */
  async continueSaved(): Promise<RunResult | undefined> {
    if (!this.savedRun) return undefined;
    return this.evaluateProgram(NIL);
  }

  /**
   * Runs the machine's computation slice by slice to its end, feeding standard input, reading
   * the host's input and showing values whenever it waits for them (M9). After an uncaught
   * error, a computation the heap had no room left to raise an error in, or a bug of Stasis, the
   * host says whether the toplevel goes on; if not, the run ends with the error.
   */
  private async drive(): Promise<RunResult> {
    this.driving = true;
    /** The error the run ends with, once the abandoned computation's extents have been left. */
    let ending: RunResult | undefined;
    try {
      for (;;) {
        let outcome: Outcome;
        try {
          this.ranSinceDurable = true;
          outcome = this.machine.resume(SLICE_MS);
        } catch (e) {
          if (ending !== undefined) throw e;
          // A bug of Stasis. The world is kept: the REPL goes on from a new start of the loop.
          const error: ErrorResult = { kind: "error", message: `internal error: ${e instanceof Error ? e.message : String(e)} (this is a bug in Stasis)`, backtrace: NO_BACKTRACE };
          if (process.env.STASIS_DEBUG) this.stderr(`${e instanceof Error ? e.stack : ""}\n`);
          this.machine.abandonRun();
          if (!this.toplevel.goesOn(error)) throw e;
          this.restartToplevel();
          continue;
        } finally {
          this.shown = false;
        }
        switch (outcome.kind) {
          case "done":
            return ending ?? { kind: "value", value: outcome.value };
          case "exit":
            return { kind: "exit", code: outcome.code };
          case "error": {
            const error: ErrorResult = { kind: "error", message: outcome.message ?? this.describe(outcome.condition, outcome.backtrace).message, backtrace: outcome.backtrace };
            // Resumed, the machine returns from %uncaught, and the loop starts afresh (%abort).
            if (outcome.message === undefined && ending === undefined && this.toplevel.goesOn(error)) break;
            this.machine.abandonRun();
            return ending ?? error;
          }
          case "out-of-memory": {
            const error: ErrorResult = { kind: "error", message: outcome.message, backtrace: NO_BACKTRACE };
            if (ending !== undefined) return ending;
            if (this.toplevel.goesOn(error)) {
              this.restartToplevel();
            } else {
              ending = error;
              this.machine.start(this.global("%travel-to"), [NIL]);
            }
            break;
          }
          case "wait":
            this.keepDurable();
            this.scheduleIdleJournal();
            await this.hostWait(outcome.reason);
            break;
          case "yield":
            this.keepDurable();
            await new Promise((resolve) => setImmediate(resolve));
            break;
          case "replaced":
            // sysin: the new world's saved computation replaces the one that called it, whose
            // machine has returned: its heap's memory can go to the next world (runtime/heap.ts).
            this.replaced?.retire();
            this.replaced = undefined;
            if (!this.takeSavedRun()) this.machine.start(this.global("%toplevel"), []);
            break;
        }
      }
    } finally {
      this.driving = false;
      this.ports.flushAll();
      this.scheduleIdleJournal();
    }
  }

  /** Does what a primitive waits for (M9): standard input, the host's next form, showing values. */
  private async hostWait(reason: WaitReason): Promise<void> {
    switch (reason) {
      case "input": {
        const text = await this.stdin();
        if (text === null) this.ports.endInput();
        else this.ports.feedInput(text);
        return;
      }
      case "toplevel-input":
        this.ports.flushAll();
        return this.toplevel.more();
      case "show": {
        const showing = this.showing;
        this.showing = undefined;
        await showing;
        this.shown = true;
        return;
      }
    }
  }

  /**
   * After the host abandoned a computation where it stood: a new start of the toplevel loop,
   * which leaves the abandoned computation's dynamic extents first (%toplevel-restart).
   */
  private restartToplevel(): void {
    this.machine.start(this.global("%toplevel-restart"), []);
  }

  // ---- Durability ----------------------------------------------------------------------------

  /**
   * Whenever the machine is stopped (between slices, while it waits, when no run is under way):
   * a checkpoint if autosave is due, else a journal record if one is due (`timed`: the idle
   * journal's timer says so, which may fire a millisecond before performance.now() agrees) and
   * the world changed. Only for a world that has an image. A failure is one warning line; the
   * world goes on, and the next successful save clears it.
   */
  private keepDurable(timed = false): void {
    if (this.imageName === undefined || this.images.current === undefined || this.durabilityFailed) return;
    const now = performance.now();
    const heap = this.world.heap;
    const state = { stackTop: this.machine.stackTop, running: this.driving };
    try {
      if (this.autosaveMs !== undefined && now - this.lastCommitAt >= this.autosaveMs) {
        this.ports.flushAll();
        this.images.save(heap, this.imageName, state);
        this.lastCommitAt = this.lastJournalAt = now;
        this.ranSinceDurable = false;
        return;
      }
      const journalMs = this.options.journalMs ?? 0;
      const due = timed || now - this.lastJournalAt >= journalMs;
      if (journalMs > 0 && due && (this.ranSinceDurable || heap.hasDirtyPages())) {
        this.images.journal(heap, state);
        this.lastJournalAt = now;
        this.ranSinceDurable = false;
      }
    } catch (e) {
      if (!(e instanceof ImageError)) throw e;
      this.durabilityFailed = true;
      this.stderr(`stasis: warning: ${e.message}; the journal and autosave stop until the next successful save\n`);
    }
  }

  /**
   * While the machine waits (at the REPL's prompt, for input) or after a run: journals the
   * world's changes once the interval has passed. The machine is stopped whenever a timer fires.
   */
  private scheduleIdleJournal(): void {
    const journalMs = this.options.journalMs ?? 0;
    if (journalMs <= 0 || this.imageName === undefined || this.idleJournal !== undefined) return;
    const wait = Math.max(0, journalMs - (performance.now() - this.lastJournalAt));
    this.idleJournal = setTimeout(() => {
      this.idleJournal = undefined;
      this.keepDurable(true);
    }, wait);
    this.idleJournal.unref();
  }

  // ---- Images --------------------------------------------------------------------------------

  /**
   * (%image OP ARG...), at a safe point of the machine (machine.ts CONTROL_IMAGE): the value the
   * call returns here, or the outcome "replaced" after sysin. Errors are Lisp errors naming OP.
   */
  private imageOperation(args: readonly number[]): number | Outcome {
    const { heap, symbols } = this.world;
    const op = symbols.isSymbol(args[0]) ? symbols.name(args[0]) : "%image";
    const nameArgument = (): ImageName => {
      const name = args[1];
      if (!heap.isType(name, OBJECT_STRING) && !heap.isType(name, OBJECT_STRING_WIDE)) throw typeError(op, "an image name (a string)", name);
      return this.images.resolve(stringToJs(heap, name));
    };
    try {
      switch (op) {
        case "sysout":
          return this.save(nameArgument());
        case "checkpoint":
          if (this.imageName === undefined) {
            throw new ImageError("this world has no image yet: save it with (sysout NAME) first");
          }
          return this.save(this.imageName);
        case "sysin": {
          const name = nameArgument();
          const commit = args[2];
          if (commit !== FALSE && !(isFixnum(commit) && fixnumValue(commit) > 0)) throw typeError(op, "a commit number", commit);
          this.ports.flushAll();
          const loaded = this.images.load(name, this.heapOptions(), commit === FALSE ? undefined : fixnumValue(commit));
          if (loaded.warning !== undefined) this.stderr(loaded.warning + "\n");
          this.adopt(loaded, name);
          return { kind: "replaced" };
        }
        case "autosave": {
          const seconds = args[1];
          if (seconds === FALSE) this.autosaveMs = undefined;
          else if (isFixnum(seconds) && fixnumValue(seconds) > 0) this.autosaveMs = fixnumValue(seconds) * 1000;
          else throw typeError(op, "a number of seconds or #f", seconds);
          return UNSPECIFIED;
        }
        case "images":
          return makeList(heap, this.images.list().map((name) => makeString(heap, name)));
        case "image-info": {
          const info = this.images.info(nameArgument());
          return this.alist([["name", makeString(heap, info.name)], ["path", makeString(heap, info.path)],
            ["bytes", makeInteger(heap, info.bytes)], ["commits", makeFixnum(info.commits)], ["created", makeInteger(heap, Math.round(info.created))],
            ["saved", info.newest === undefined ? FALSE : makeInteger(heap, Math.round(info.newest.time))]]);
        }
        case "delete-image":
          return makeBoolean(this.images.delete(nameArgument()));
        case "image-history":
          return makeList(heap, this.images.history(nameArgument()).map((c) => this.alist([["commit", makeFixnum(c.number)],
            ["time", makeInteger(heap, Math.round(c.time))], ["pages", makeFixnum(c.pages)], ["offset", makeInteger(heap, c.offset)],
            ["running", makeBoolean(c.running)]])));
        default:
          throw new SchemeError(`%image: unknown operation ${op}`);
      }
    } catch (e) {
      if (e instanceof ImageError) throw new SchemeError(`${op}: ${e.message}`, [], "file");
      throw e;
    }
  }

  /** sysout and checkpoint: commits the world, mid-computation, to `name`; #f (the caller's value). */
  private save(name: ImageName): number {
    this.ports.flushAll();
    this.images.save(this.world.heap, name, { stackTop: this.machine.stackTop, running: true });
    this.imageName = name;
    this.lastCommitAt = this.lastJournalAt = performance.now();
    this.durabilityFailed = false;
    return FALSE;
  }

  /** An association list of (symbol . value) pairs; the values are made before the list. */
  private alist(entries: readonly (readonly [string, number])[]): number {
    const { heap, symbols } = this.world;
    return makeList(heap, entries.map(([key, value]) => heap.cons(symbols.intern(key), value)));
  }

  /** Reads a program's text into a heap list of annotated forms. */
  readProgram(text: string, file: string, shebang = false): number {
    return makeList(this.world.heap, readAll(this.world, text, { file, annotate: true, shebang }));
  }

  /** Writes text to the current output port, in order with what the program wrote. */
  writeOutput(text: string): void {
    this.ports.writeText("stasis", this.ports.currentOutput(), text);
    this.ports.flushAll();
  }

  /**
   * How -e shows its value: written, and nothing at all if unspecified; several values (a values
   * object) one per line.
   */
  show(value: number): string | undefined {
    const heap = this.world.heap;
    const values = heap.isType(value, OBJECT_VALUES)
      ? Array.from({ length: heap.objectSize(value) }, (_, i) => heap.field(value, VALUES_ELEMENTS + i)) : [value];
    const shown = values.filter((v) => v !== UNSPECIFIED).map((v) => printToString(this.world, v, "write"));
    return shown.length === 0 ? undefined : shown.join("\n");
  }

  // ---- Errors --------------------------------------------------------------------------------

  /**
   * The one line a user sees for a condition: `FILE:LINE:COL: message`, the place being where
   * the error was raised, or else the innermost user frame of the backtrace.
   */
  describe(condition: number, backtrace: Backtrace = NO_BACKTRACE): { message: string } {
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
    } else {
      // Raised data, not an error object: shown as write shows it, never read as one.
      text = `uncaught raise: ${write(condition)}`;
    }
    if (where === undefined) {
      const frame = backtrace.frames.map((line) => /^in .*\((.+):(\d+):(\d+)\)$/.exec(line)).find((m) => m !== null);
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

/**
 * The error line and its backtrace, as the CLI prints them: its first frames (BACKTRACE_SHOWN),
 * or all it kept if `shown` is Infinity (,bt).
 */
export function formatError(result: ErrorResult, shown = BACKTRACE_SHOWN): string {
  const trace = backtraceLines(result.backtrace, shown).map((line) => `  ${line}\n`).join("");
  return `stasis: ${result.message}\n${trace}`;
}

/**
 * How a host takes part in the world's toplevel loop (runtime/library/data.scm %toplevel): its
 * own input, after the forms queued, and what it does with values and uncaught errors. The REPL
 * is one (repl/repl.ts); a script's and -e's are below.
 */
export interface ToplevelHost {
  /**
   * The host's next form: a datum, EOF at the end of its input, or undefined when it must wait
   * for more (more()). A read error is thrown as a SchemeError, raised in the computation.
   */
  read(): number | undefined;
  /** Waits for more of the host's input, after read() gave undefined. */
  more(): Promise<void>;
  /**
   * Shows a toplevel form's values (heap words, valid until the computation goes on), `whole`
   * without the limits the host may set (the REPL's ,pp); a promise when that takes a while (the
   * REPL writes a large value in pieces, and Ctrl-C stops it).
   */
  show(values: readonly number[], whole: boolean): Promise<void> | undefined;
  /** An uncaught error: whether the loop goes on with its next form (after reporting it), or the program ends with it. */
  goesOn(error: ErrorResult): boolean;
}

/** A script's part (FILE): no input but the queued forms; values unseen; an error ends it. */
const SCRIPT_TOPLEVEL: ToplevelHost = {
  read: () => EOF,
  more: async () => undefined,
  show: () => undefined,
  goesOn: () => false,
};

/** -e EXPR's part: as a script's, but the last form's values are kept, for the host to write. */
class EvaluationToplevel implements ToplevelHost {
  private last: Handle | undefined;

  constructor(private readonly heap: Heap) {}

  read(): number {
    return EOF;
  }
  async more(): Promise<void> {}
  show(values: readonly number[]): undefined {
    this.release();
    this.last = this.heap.hold(values.length === 1 ? values[0] : values.length === 0 ? UNSPECIFIED : makeValues(this.heap, values));
    return undefined;
  }
  goesOn(): boolean {
    return false;
  }

  /** The last form's value (a values object for several; unspecified if no form had one). */
  value(): number {
    return this.last?.value ?? UNSPECIFIED;
  }

  release(): void {
    if (this.last !== undefined) this.heap.release(this.last);
    this.last = undefined;
  }
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


