// The machine: the VM that runs code objects. One dispatch loop (execute), whose registers are
// JS locals; everything needed to continue a computation is in the heap at every safe point.
//
// THE STACK
// A run of SPACE_STACK pages, [stackBase, stackLimit). A frame is a window of slots:
//
//     fp-3  return code     the caller's code object, or FRAME_RETURN_HOST / _UNDERFLOW
//     fp-2  return pc       fixnum: instruction offset in the caller's code to continue at
//     fp-1  link            fixnum: fp minus the caller's fp
//     fp+0  closure         the procedure running in this frame
//     fp+1  arguments, then locals and temporaries, up to fp + frame size (CODE_FRAME_SIZE)
//
// `CALL a n` writes the header at the caller's slots a..a+2, so the callee's fp is the caller's
// fp + a + 3, and the value returned lands in slot a. Frames hold only tagged words and refer to
// their caller by distance, never by address, so a run of frames can be copied anywhere.
//
// Invariants
//   M1. Every slot of every frame, from the run's base up to the running frame's fp + frame
//       size, holds a valid value: frames are cleared when entered.
//   M2. When a call does not fit below stackLimit, the frames under the callee are copied into
//       a segment object (SEGMENT_*), with the callee's header; the callee moves to the run's
//       base with an UNDERFLOW header. Returning through it copies the top of the segment back,
//       a chunk of whole frames, and leaves the rest as a segment sharing the same frames. So the
//       depth of recursion is bounded by the heap, not by the stack region or the JS stack.
//   M3. call/cc spills the whole run into a segment the same way; a continuation is that
//       segment chain. Segments are never written after creation, so a continuation can be
//       resumed any number of times.
//   M4. A host run (start/apply) begins with a frame whose return code is FRAME_RETURN_HOST and
//       whose return pc is the run's id. Returning through it ends that run; a continuation of
//       another run cannot return through it. Every run the host starts at the stack's base has
//       the id TOPLEVEL_RUN: the world's toplevel is one computation, whatever run of it (in
//       this process or one an image was saved from) captured a continuation, so a continuation
//       of an earlier input can be invoked from a later one. Only a nested run (apply: a macro
//       transformer) has an id of its own, and no continuation crosses its edge.
//   M5. Registers are cached in execute's locals. They are written back to the machine ("SYNC")
//       before anything that may read or change them (slow paths, errors, the end of a slice),
//       and read again after ("RELOAD"). At the end of a slice they are also written to the
//       heap's machine object (ROOT_MACHINE), so the heap alone says where a computation is.
//   M6. Collections and image commits happen only at safe points: between instructions, with
//       the registers synced. No instruction allocates after it has written a pointer into an
//       object allocated before it, except FIX_FREE right after CLOSURE in the same frame.
//   M7. The stack below cleanBelow holds no young pointer and is not written until execution
//       returns below it (the stack barrier). After a collection at a safe point, the frame
//       STACK_BARRIER_DEPTH frames down gets the return code FRAME_RETURN_BARRIER (its own in
//       barrierCode) and cleanBelow becomes its fp, so a minor collection scans only the frames
//       above it: a deep stack costs a collection nothing. Returning through the barrier moves
//       it down. Anything else that reads, copies or replaces frames (spills, call/cc,
//       underflow, backtraces, the end of a slice or a run) first takes it away (cleanBelow =
//       stackBase): the heap never holds a barrier when the machine is not running.
//   M8. Ctrl-C does not abandon a run (once the library is loaded): at the next safe point, or
//       at once if the machine is stopped (waiting for input), the computation calls
//       %interrupted (runtime/library), which leaves the dynamic extents as an uncaught error
//       does and stops at %uncaught; the host reports it and goes on (the REPL, with its next
//       input) or ends the run.
//   M9. A primitive that waits for the host (HostWait: input, the REPL's next form) is called
//       again when the machine resumes, with the same arguments in the same place: the call's
//       callee and arguments (moved down already by a tail call, spread by apply) stay where
//       call() had them, and waitingCall says where (MACHINE_WAIT_*, so a world saved while it
//       waits resumes waiting). The instruction is not executed again.

import { COLLECTION_KINDS, Heap } from "./heap";
import { World } from "./world";
import {
  BOX_VALUE, CASE_LAMBDA_CLAUSES, CLOSURE_CODE, CLOSURE_FREE, CODE_CONSTANTS, CODE_FRAME_SIZE, CODE_INSTRUCTIONS,
  CODE_REQUIRED, CODE_REST, CONTINUATION_RUN, CONTINUATION_SEGMENT, CONTINUATION_SIZE, FALSE, FRAME_RETURN_HOST,
  FRAME_RETURN_BARRIER, FRAME_RETURN_UNDERFLOW, GLOBAL_SYMBOL, GLOBAL_VALUE, MACHINE_CODE, MACHINE_FP, MACHINE_NEXT, MACHINE_PC,
  MACHINE_RUN, MACHINE_RUN_ID, MACHINE_NEXT_RUN_ID, MACHINE_SIZE, MACHINE_TRAMPOLINE, MACHINE_WAIT_CALL, MACHINE_WAIT_FP, MACHINE_STACK_BASE, MACHINE_STACK_LIMIT, NIL, OBJECT_CASE_LAMBDA, OBJECT_CLOSURE,
  OBJECT_CONTINUATION, OBJECT_MACHINE, OBJECT_PARAMETER, OBJECT_PRIMITIVE, OBJECT_SEGMENT, PARAMETER_VALUE,
  PRIMITIVE_INDEX, PRIMITIVE_NAME, PRIMITIVE_SIZE, ROOT_MACHINE, ROOT_PRIMITIVES, SEGMENT_FRAMES, SEGMENT_PARENT,
  SEGMENT_LENGTH, SEGMENT_RETURN_CODE, SEGMENT_RETURN_LINK, SEGMENT_RETURN_PC, SEGMENT_SIZE, TRUE, UNBOUND, UNINITIALIZED, UNSPECIFIED,
  VECTOR_ELEMENTS, addressOf, fixnumValue, headerType, isFixnum, isObject, isPair, makeBoolean, makeFixnum,
  CODE_FLAG_LIBRARY, CODE_FLAG_TOPLEVEL, OBJECT_CODE, OBJECT_VECTOR, PAGE_BYTES,
} from "./layout";
import { makeList, makeString, makeValues, makeVector, listToArray, vectorElements } from "./objects";
import { PrimitiveSpec, VARIADIC } from "./primitives/registry";
import { HostWait, LispError, SchemeError, HeapExhausted, WaitReason, formatPosition, typeError } from "./errors";
import { codeFlags, codeName, makeCode, positionAt } from "./code";
import { Op } from "./opcodes";

/** Words in the stack region: 4 MiB. Deeper recursion spills into segments (M2). */
export const STACK_WORDS_DEFAULT = 1 << 20;
/** Calls and jumps between looks at the clock and the interrupt flag. */
const TICKS_PER_CHECK = 8192;
/**
 * User frames a backtrace keeps (the REPL's ,bt shows them all, an error report the first
 * BACKTRACE_SHOWN), and how far it walks to count the ones it does not keep.
 */
const BACKTRACE_FRAMES_KEPT = 1000;
const BACKTRACE_WALK_LIMIT = 100_000;
/** User frames an error report shows (backtraceLines). */
export const BACKTRACE_SHOWN = 12;
/**
 * Words of frames an underflow copies back at most (M2), in whole frames: small, since a capture
 * right after an underflow copies them again, and an underflow costs one small segment object.
 */
const UNDERFLOW_CHUNK_WORDS = 256;
/** Frames below the running one where a collection puts the stack barrier (M7). */
const STACK_BARRIER_DEPTH = 16;

const FRAME_HEADER = 3;
const HEADER_RETURN_CODE = -3;
const HEADER_RETURN_PC = -2;
const HEADER_LINK = -1;

// Control primitives: procedures the machine implements itself because they take over the
// flow of control (the others are PrimitiveSpecs called from the call path).
const CONTROL_NONE = 0;
const CONTROL_APPLY = 1;
const CONTROL_CALL_CC = 2;
const CONTROL_EVAL = 3;
const CONTROL_EXIT = 4;
const CONTROL_UNCAUGHT = 5;
const CONTROL_COLLECT = 6;
const CONTROL_EVAL_LIBRARY = 7;
const CONTROL_IMAGE = 8;
const CONTROL_ABORT = 9;

/** The id of every run the host starts at the stack's base: the world's toplevel (M4). */
const TOPLEVEL_RUN = 0;

/** A safe point's answer when it has called %interrupted: dispatch from the new pc (M8). */
const INTERRUPTED: unique symbol = Symbol("interrupted");

/** How a slice of execution ended. */
export type Outcome =
  | { readonly kind: "done"; readonly value: number }
  | { readonly kind: "yield" }
  /** A primitive waits for the host (HostWait); the call is made again when the machine resumes. */
  | { readonly kind: "wait"; readonly reason: WaitReason }
  | { readonly kind: "exit"; readonly code: number }
  /**
   * No handler took a condition (%uncaught, after the dynamic extents were left). The machine
   * stands just past the call: resuming it goes on (the REPL, to its next input), abandonRun()
   * ends the run (a script). Before the library is loaded there are no conditions: `message`
   * says what happened, and the run has ended.
   */
  | { readonly kind: "error"; readonly condition: number; readonly backtrace: Backtrace; readonly message?: string }
  /** The heap is full even for raising the error (heap H6): the run was abandoned. */
  | { readonly kind: "out-of-memory"; readonly message: string }
  /** `sysin` replaced the world with an image's: this machine's world is no longer running. */
  | { readonly kind: "replaced" };

/**
 * The host's side of `(%image ARG...)`: its value, or an Outcome that ends the slice (sysin).
 * Called at a safe point with the registers saved (M5, M6): it may collect.
 */
export type ImageHost = (args: readonly number[]) => number | Outcome;

/** The generic operations the fast paths of execute fall back to (runtime/arithmetic.ts). */
export interface SlowPaths {
  add(a: number, b: number): number;
  subtract(a: number, b: number): number;
  multiply(a: number, b: number): number;
  /** (< a b), (<= a b), ... with R7RS semantics (NaN compares false); `who` names the operator. */
  compare(who: "<" | "<=" | ">" | ">=" | "=", a: number, b: number): boolean;
  isZero(a: number): boolean;
  eqv(a: number, b: number): boolean;
}

/**
 * Compiles a form for `eval` into a procedure of no arguments (set by the runtime); `library`
 * compiles it as standard library code (%eval-library).
 */
export type Evaluator = (form: number, environment: number, library: boolean) => number;

/** Where an error happened: the user frames of the computation, innermost first (Machine.backtrace). */
export interface Backtrace {
  /** `in NAME (FILE:LINE:COL)`, one a frame: at most BACKTRACE_FRAMES_KEPT. */
  readonly frames: readonly string[];
  /** User frames walked past those kept. */
  readonly more: number;
  /** Whether the walk reached the run's first frame; else frames go on beyond it (in segments, or past the walk's limit). */
  readonly complete: boolean;
}

export const NO_BACKTRACE: Backtrace = { frames: [], more: 0, complete: true };

/**
 * A backtrace as an error report prints it: its first `shown` frames, and a line that counts
 * those not shown, if any: `... and 3 more frames`, `... and more than 100 more frames`.
 */
export function backtraceLines(backtrace: Backtrace, shown = BACKTRACE_SHOWN): string[] {
  const lines = backtrace.frames.slice(0, shown);
  const hidden = backtrace.frames.length - lines.length + backtrace.more;
  if (!backtrace.complete) lines.push(hidden > 0 ? `... and more than ${hidden} more frames` : "... and more frames");
  else if (hidden > 0) lines.push(`... and ${hidden} more frame${hidden === 1 ? "" : "s"}`);
  return lines;
}

/** An error escaping a nested (synchronous) run: the condition object and where it came from. */
export class UncaughtError extends LispError {
  constructor(message: string, readonly condition: number, readonly backtrace: Backtrace) {
    super(message);
    this.name = "UncaughtError";
  }
}

export class Machine {
  readonly heap: Heap;
  readonly stackBase: number;
  readonly stackLimit: number;

  private readonly specs: PrimitiveSpec[] = [];
  private readonly controls: number[] = [];
  private readonly primitiveObjects = new Map<string, number>();
  /** In a resumed world: its primitive objects by name, which keep their indexes. */
  private readonly savedPrimitives = new Map<string, number>();
  private nextPrimitiveIndex = 0;
  /** Host operations on images (set by the session): `%image`'s work, at a safe point. */
  imageHost: ImageHost = () => {
    throw new SchemeError("images are not available in this session");
  };
  private raiseCell: number;
  /** The library's %interrupted (M8). */
  private interruptCell: number;
  /** Code of the host trampoline: calls slot 1 with the arguments in the list in slot 2. */
  private trampoline: number;

  // Registers (valid when synced, M5).
  fp = 0;
  pc = 0;
  code = 0;
  /** Segment chain under the current run's base (M2), or NIL. */
  next = NIL;
  /** Where the current run's first frame header is. */
  runBase: number;
  runId = 0;
  private nextRunId = 1;
  /** The stack barrier (M7): the frame it is on (0 if none), that frame's return code, and
   * where the stack a minor collection scans begins. */
  private barrierFp = 0;
  private barrierCode = 0;
  private cleanBelow: number;

  /**
   * Set from outside (Ctrl-C). At the next safe point, or when the machine is resumed, the
   * computation calls %interrupted, which leaves it as an uncaught error does (M8).
   */
  interruptRequested = false;
  /** The call that waits for the host (M9), if any. */
  private waitingCall: { readonly calleeFp: number; readonly n: number; readonly tail: boolean } | undefined;

  /** Set by the runtime once the compiler exists. */
  evaluator: Evaluator = () => {
    throw new SchemeError("eval: the compiler is not loaded");
  };
  /** Describes a condition for an UncaughtError message (set by the runtime). */
  describeCondition: (condition: number) => string = () => "uncaught error";

  /**
   * A machine for a new world (a stack region and a machine object are made), or for a resumed
   * one, whose heap already has both (ROOT_MACHINE): the registers are then read back from the
   * machine object, so the computation saved in the world is ready to continue (resume()).
   */
  constructor(private readonly world: World, private readonly slow: SlowPaths, stackWords = STACK_WORDS_DEFAULT) {
    this.heap = world.heap;
    const heap = this.heap;
    const saved = heap.roots[ROOT_MACHINE];
    if (heap.isType(saved, OBJECT_MACHINE)) {
      this.stackBase = fixnumValue(heap.field(saved, MACHINE_STACK_BASE));
      this.stackLimit = fixnumValue(heap.field(saved, MACHINE_STACK_LIMIT));
      for (const primitive of vectorElements(heap, heap.roots[ROOT_PRIMITIVES])) {
        this.savedPrimitives.set(this.world.symbols.name(heap.field(primitive, PRIMITIVE_NAME)), primitive);
      }
      this.nextPrimitiveIndex = this.savedPrimitives.size;
    } else {
      this.stackBase = heap.allocateStackRegion(stackWords);
      this.stackLimit = this.stackBase + stackWords;
      heap.roots[ROOT_PRIMITIVES] = makeVector(heap, []);
      heap.roots[ROOT_MACHINE] = heap.allocateOld(OBJECT_MACHINE, MACHINE_SIZE);
    }
    this.cleanBelow = this.stackBase;
    this.runBase = this.stackBase;
    heap.rootSets.push({
      forEachRoot: (visit) => this.forEachRoot(visit, this.stackBase),
      forEachYoungRoot: (visit) => this.forEachRoot(visit, this.cleanBelow),
      relocated: (forward) => this.relocated(forward),
    });
    this.raiseCell = world.globals.cell(world.symbols.intern("%raise-error"));
    this.interruptCell = world.globals.cell(world.symbols.intern("%interrupted"));
    const apply = this.defineControl("apply", 2, VARIADIC, CONTROL_APPLY);
    this.recordPrimitives([
      apply,
      this.defineControl("%call/cc", 1, 1, CONTROL_CALL_CC),
      this.defineControl("eval", 1, 2, CONTROL_EVAL),
      this.defineControl("%exit", 1, 1, CONTROL_EXIT),
      this.defineControl("%uncaught", 1, 1, CONTROL_UNCAUGHT),
      this.defineControl("%collect", 1, 1, CONTROL_COLLECT),
      this.defineControl("%eval-library", 1, 1, CONTROL_EVAL_LIBRARY),
      this.defineControl("%image", 1, 3, CONTROL_IMAGE),
      this.defineControl("%abort", 1, 1, CONTROL_ABORT),
    ]);
    if (heap.isType(saved, OBJECT_MACHINE)) {
      this.trampoline = heap.field(saved, MACHINE_TRAMPOLINE);
      this.loadRegisters();
    } else {
      // Kept in the machine object: a root, and the same object in every resumption of the world.
      this.trampoline = this.makeTrampoline(apply);
      heap.setCell(heap.roots[ROOT_MACHINE], MACHINE_TRAMPOLINE, this.trampoline);
      this.saveRegisters();
    }
  }

  // ---- Primitives ----------------------------------------------------------------------------

  /** Adds primitives to the table and binds each name globally to its primitive object. */
  definePrimitives(specs: readonly PrimitiveSpec[]): void {
    const objects = specs.map((spec) => this.define(spec, CONTROL_NONE));
    this.recordPrimitives(objects);
  }

  /** The spec of a primitive object (its name, arity and function). */
  primitiveSpec(object: number): PrimitiveSpec | undefined {
    return this.specs[fixnumValue(this.heap.field(object, PRIMITIVE_INDEX))];
  }

  /** The primitive object named `name`, as defined (whatever the global binding is now). */
  primitive(name: string): number | undefined {
    return this.primitiveObjects.get(name);
  }

  private defineControl(name: string, minArgs: number, maxArgs: number, control: number): number {
    const fn = () => {
      throw new SchemeError(`${name}: called outside the machine`);
    };
    return this.define({ name, minArgs, maxArgs, fn }, control);
  }

  /**
   * Gives a primitive its index in the tables: in a resumed world, the index its object already
   * has (found by name); else a new object, bound globally to its name.
   */
  private define(spec: PrimitiveSpec, control: number): number {
    const heap = this.heap;
    const world = this.world;
    const saved = this.savedPrimitives.get(spec.name);
    if (saved !== undefined) {
      const index = fixnumValue(heap.field(saved, PRIMITIVE_INDEX));
      this.specs[index] = spec;
      this.controls[index] = control;
      this.primitiveObjects.set(spec.name, saved);
      return saved;
    }
    const index = this.nextPrimitiveIndex++;
    this.specs[index] = spec;
    this.controls[index] = control;
    const symbol = world.symbols.intern(spec.name);
    const object = heap.allocateOld(OBJECT_PRIMITIVE, PRIMITIVE_SIZE);
    heap.initField(object, PRIMITIVE_NAME, symbol);
    heap.initField(object, PRIMITIVE_INDEX, makeFixnum(index));
    this.primitiveObjects.set(spec.name, object);
    world.globals.define(symbol, object);
    return object;
  }

  /**
   * Appends new primitive objects to the heap's primitive table (ROOT_PRIMITIVES), in index
   * order; those of a resumed world are in it already.
   */
  private recordPrimitives(objects: readonly number[]): void {
    const saved = new Set(this.savedPrimitives.values());
    const added = objects.filter((o) => !saved.has(o));
    if (added.length === 0) return;
    const heap = this.heap;
    heap.roots[ROOT_PRIMITIVES] = makeVector(heap, vectorElements(heap, heap.roots[ROOT_PRIMITIVES]).concat(added));
  }

  /**
   * The primitives a resumed world has that this runtime does not define: their calls could not
   * run. Empty once every module of primitives is defined, unless the image is from another
   * version of Stasis.
   */
  missingPrimitives(): string[] {
    return [...this.savedPrimitives].filter(([, object]) => this.specs[fixnumValue(this.heap.field(object, PRIMITIVE_INDEX))] === undefined)
      .map(([name]) => name);
  }

  /** A code object that applies slot 1 to the list in slot 2 and returns the value. */
  private makeTrampoline(apply: number): number {
    const header = 3;
    const callee = header + FRAME_HEADER;
    return makeCode(this.heap, {
      instructions: [
        Op.CONST, callee, 0,
        Op.MOVE, callee + 1, 1,
        Op.MOVE, callee + 2, 2,
        Op.CALL, header, 2,
        Op.RETURN, header,
      ],
      constants: [apply],
      name: FALSE,
      required: 2,
      rest: false,
      frameSize: callee + 3,
      sources: [],
      positions: [],
      flags: CODE_FLAG_LIBRARY,
      parameters: FALSE,
    });
  }

  // ---- Runs ----------------------------------------------------------------------------------

  /** Starts a toplevel run of `(procedure args...)` at the stack's base (M4); resume() runs it. */
  start(procedure: number, args: readonly number[]): void {
    this.removeStackBarrier();
    this.waitingCall = undefined;
    this.next = NIL;
    this.runBase = this.stackBase;
    this.runId = TOPLEVEL_RUN;
    this.enterHostFrame(procedure, args);
  }

  /** Runs the started computation for about `sliceMs` milliseconds. */
  resume(sliceMs: number): Outcome {
    return this.execute(performance.now() + sliceMs);
  }

  /**
   * Applies a procedure synchronously, on top of whatever is running (the compiler calls macro
   * transformers this way), and returns its value. An error that no handler takes is thrown as
   * an UncaughtError. The run cannot be sliced: it runs to its end.
   */
  apply(procedure: number, args: readonly number[]): number {
    // The JS code that called (the compiler) holds raw heap pointers: nothing moves until the
    // nested run ends (heap H5). Allocation goes on in the nursery meanwhile.
    this.heap.collectionsDisabled++;
    const saved = { fp: this.fp, pc: this.pc, code: this.code, next: this.next, runBase: this.runBase, runId: this.runId };
    const top = this.code === 0 ? this.stackBase : this.fp + fixnumValue(this.heap.field(this.code, CODE_FRAME_SIZE));
    this.next = NIL;
    this.runBase = Math.max(top, this.stackBase);
    this.runId = this.nextRunId++;
    try {
      this.enterHostFrame(procedure, args);
      return this.runUntilDone((outcome) => {
        switch (outcome.kind) {
          case "exit": return new SchemeError("exit: called while compiling (inside a macro transformer)");
          case "wait": return new SchemeError("read: no input is available while compiling (inside a macro transformer)");
          case "out-of-memory": return new HeapExhausted(this.heap.pageCount * PAGE_BYTES);
          default: return new LispError(`machine: a nested run stopped: ${outcome.kind}`);
        }
      });
    } finally {
      Object.assign(this, saved);
      this.heap.collectionsDisabled--;
    }
  }

  /**
   * Runs (procedure args...) to its end as a top-level run, without slicing (the session loads
   * the standard library this way: collections may run, as in any top-level run). An error that
   * no handler takes is thrown as an UncaughtError.
   */
  runToEnd(procedure: number, args: readonly number[]): number {
    this.start(procedure, args);
    return this.runUntilDone((outcome) => new LispError(`machine: a run to its end stopped: ${outcome.kind}`));
  }

  /**
   * Executes the started run, without slicing, to its value. An error no handler took is thrown
   * as an UncaughtError; any other end, as what `stopped` makes of it.
   */
  private runUntilDone(stopped: (outcome: Outcome) => Error): number {
    for (;;) {
      const outcome = this.execute(Infinity);
      switch (outcome.kind) {
        case "done":
          return outcome.value;
        case "yield":
          continue;
        case "error":
          throw new UncaughtError(this.describeCondition(outcome.condition), outcome.condition, outcome.backtrace);
        default:
          throw stopped(outcome);
      }
    }
  }

  /** The first frame of the run at runBase, runId (M4): the trampoline, to call the procedure. */
  private enterHostFrame(procedure: number, args: readonly number[]): void {
    const words = this.heap.words;
    const base = this.runBase;
    const fp = base + FRAME_HEADER;
    if (fp + fixnumValue(this.heap.field(this.trampoline, CODE_FRAME_SIZE)) > this.stackLimit) {
      throw new SchemeError("the machine's stack is full: too many nested evaluations");
    }
    words[fp + HEADER_RETURN_CODE] = FRAME_RETURN_HOST;
    words[fp + HEADER_RETURN_PC] = makeFixnum(this.runId);
    words[fp + HEADER_LINK] = makeFixnum(0);
    const closure = this.heap.allocate(OBJECT_CLOSURE, 1);
    this.heap.initField(closure, CLOSURE_CODE, this.trampoline);
    words[fp] = closure;
    words[fp + 1] = procedure;
    words[fp + 2] = makeList(this.heap, args);
    this.enterCode(fp, this.trampoline, 2);
  }

  /** Makes `code` the running code with its frame at fp and `nargs` arguments in place (M1). */
  private enterCode(fp: number, code: number, nargs: number): void {
    const words = this.heap.words;
    const frameSize = fixnumValue(this.heap.field(code, CODE_FRAME_SIZE));
    for (let i = fp + 1 + nargs; i < fp + frameSize; i++) words[i] = 0;
    this.fp = fp;
    this.code = code;
    this.pc = addressOf(code) + CODE_INSTRUCTIONS;
  }

  /** Writes the registers to the heap's machine object (M5); takes the stack barrier away (M7). */
  private saveRegisters(): void {
    this.removeStackBarrier();
    const heap = this.heap;
    const machine = heap.roots[ROOT_MACHINE];
    heap.setCell(machine, MACHINE_CODE, this.code);
    heap.setCell(machine, MACHINE_PC, makeFixnum(this.pc - (addressOf(this.code) + CODE_INSTRUCTIONS)));
    heap.setCell(machine, MACHINE_FP, makeFixnum(this.fp - this.stackBase));
    heap.setCell(machine, MACHINE_NEXT, this.next);
    heap.setCell(machine, MACHINE_STACK_BASE, makeFixnum(this.stackBase));
    heap.setCell(machine, MACHINE_STACK_LIMIT, makeFixnum(this.stackLimit));
    heap.setCell(machine, MACHINE_RUN, makeFixnum(this.runBase - this.stackBase));
    heap.setCell(machine, MACHINE_RUN_ID, makeFixnum(this.runId));
    heap.setCell(machine, MACHINE_NEXT_RUN_ID, makeFixnum(this.nextRunId));
    const waiting = this.waitingCall;
    heap.setCell(machine, MACHINE_WAIT_FP, makeFixnum(waiting === undefined ? -1 : waiting.calleeFp - this.stackBase));
    heap.setCell(machine, MACHINE_WAIT_CALL, makeFixnum(waiting === undefined ? 0 : waiting.n * 2 + (waiting.tail ? 1 : 0)));
  }

  /**
   * One past the last stack word in use (registers synced): the running frame, and the arguments
   * of a call that waits (M9), which apply may have spread past it. What an image saves of the
   * stack, and what a collection scans.
   */
  get stackTop(): number {
    const waiting = this.waitingCall;
    return stackTopOf(this.heap, this.stackBase, this.fp, this.code, waiting === undefined ? 0 : waiting.calleeFp + 1 + waiting.n);
  }

  /** Reads the registers back from the heap's machine object (a resumed world). */
  private loadRegisters(): void {
    const heap = this.heap;
    const machine = heap.roots[ROOT_MACHINE];
    this.code = heap.field(machine, MACHINE_CODE);
    this.pc = addressOf(this.code) + CODE_INSTRUCTIONS + fixnumValue(heap.field(machine, MACHINE_PC));
    this.fp = this.stackBase + fixnumValue(heap.field(machine, MACHINE_FP));
    this.next = heap.field(machine, MACHINE_NEXT);
    this.runBase = this.stackBase + fixnumValue(heap.field(machine, MACHINE_RUN));
    this.runId = fixnumValue(heap.field(machine, MACHINE_RUN_ID));
    this.nextRunId = fixnumValue(heap.field(machine, MACHINE_NEXT_RUN_ID));
    const waitFp = fixnumValue(heap.field(machine, MACHINE_WAIT_FP));
    const waitCall = fixnumValue(heap.field(machine, MACHINE_WAIT_CALL));
    this.waitingCall = waitFp < 0 ? undefined : { calleeFp: this.stackBase + waitFp, n: waitCall >> 1, tail: (waitCall & 1) === 1 };
  }

  // ---- The dispatch loop ---------------------------------------------------------------------

  private execute(deadline: number): Outcome {
    const heap = this.heap;
    const words = heap.words;
    const slow = this.slow;
    // Registers (M5).
    let fp = this.fp;
    let pc = this.pc;
    let code = this.code;
    let constants: number;
    let base: number;
    let ticks = TICKS_PER_CHECK;
    for (;;) {
      fp = this.fp; pc = this.pc; code = this.code; // RELOAD: at entry, and after the machine was re-entered or an error raised
      constants = addressOf(words[addressOf(code) + CODE_CONSTANTS]) + VECTOR_ELEMENTS;
      base = addressOf(code) + CODE_INSTRUCTIONS;
      try {
        if (this.waitingCall !== undefined || this.interruptRequested) {
          const stop = this.reenter();
          if (stop !== undefined) return stop;
          continue;
        }
        for (;;) {
          switch (words[pc]) {
            case Op.MOVE:
              words[fp + words[pc + 1]] = words[fp + words[pc + 2]];
              pc += 3;
              continue;
            case Op.CONST:
              words[fp + words[pc + 1]] = words[constants + words[pc + 2]];
              pc += 3;
              continue;
            case Op.IMM:
              words[fp + words[pc + 1]] = words[pc + 2];
              pc += 3;
              continue;
            case Op.GREF: {
              const cell = words[constants + words[pc + 2]];
              const value = words[addressOf(cell) + GLOBAL_VALUE];
              if (value === UNBOUND) throw this.unboundError(cell);
              words[fp + words[pc + 1]] = value;
              pc += 3;
              continue;
            }
            case Op.GSET: {
              const cell = words[constants + words[pc + 1]];
              if (words[addressOf(cell) + GLOBAL_VALUE] === UNBOUND) throw this.unboundError(cell, "set!");
              heap.setCell(cell, GLOBAL_VALUE, words[fp + words[pc + 2]]);
              pc += 3;
              continue;
            }
            case Op.GDEF:
              heap.setCell(words[constants + words[pc + 1]], GLOBAL_VALUE, words[fp + words[pc + 2]]);
              pc += 3;
              continue;
            case Op.FREF:
              words[fp + words[pc + 1]] = words[addressOf(words[fp]) + CLOSURE_FREE + words[pc + 2]];
              pc += 3;
              continue;
            case Op.BOX:
              words[fp + words[pc + 1]] = heap.makeBox(words[fp + words[pc + 2]]);
              pc += 3;
              continue;
            case Op.UNBOX:
              words[fp + words[pc + 1]] = words[addressOf(words[fp + words[pc + 2]]) + BOX_VALUE];
              pc += 3;
              continue;
            case Op.UNBOX_CHECKED: {
              const value = words[addressOf(words[fp + words[pc + 2]]) + BOX_VALUE];
              if (value === UNINITIALIZED) {
                throw new SchemeError(`${this.symbolName(words[constants + words[pc + 3]])}: used before its definition`, [], "unbound");
              }
              words[fp + words[pc + 1]] = value;
              pc += 4;
              continue;
            }
            case Op.SET_BOX:
              heap.setCell(words[fp + words[pc + 1]], BOX_VALUE, words[fp + words[pc + 2]]);
              pc += 3;
              continue;
            case Op.BOX_REF: {
              const box = words[addressOf(words[fp]) + CLOSURE_FREE + words[pc + 2]];
              words[fp + words[pc + 1]] = words[addressOf(box) + BOX_VALUE];
              pc += 3;
              continue;
            }
            case Op.CLOSURE: {
              const n = words[pc + 3];
              const closure = heap.allocate(OBJECT_CLOSURE, 1 + n);
              const at = addressOf(closure);
              words[at + CLOSURE_CODE] = words[constants + words[pc + 2]];
              for (let i = 0; i < n; i++) words[at + CLOSURE_FREE + i] = words[fp + words[pc + 4 + i]];
              words[fp + words[pc + 1]] = closure;
              pc += 4 + n;
              continue;
            }
            case Op.FIX_FREE:
              words[addressOf(words[fp + words[pc + 1]]) + CLOSURE_FREE + words[pc + 2]] = words[fp + words[pc + 3]];
              pc += 4;
              continue;
            case Op.CASE_LAMBDA: {
              const n = words[pc + 2];
              const object = heap.allocate(OBJECT_CASE_LAMBDA, n);
              const at = addressOf(object);
              for (let i = 0; i < n; i++) words[at + CASE_LAMBDA_CLAUSES + i] = words[fp + words[pc + 3 + i]];
              words[fp + words[pc + 1]] = object;
              pc += 3 + n;
              continue;
            }
            case Op.JUMP_IF_FALSE:
              pc = words[fp + words[pc + 1]] === FALSE ? base + words[pc + 2] : pc + 3;
              continue;
            case Op.JUMP:
            case Op.CALL:
            case Op.TAIL_CALL: {
              // The safe points (M6): every loop jumps back and every call is a call or a jump.
              if (--ticks <= 0 || heap.collectRequested) {
                const clock = ticks <= 0;
                if (clock) ticks = TICKS_PER_CHECK;
                this.fp = fp; this.pc = pc; this.code = code; // SYNC
                const stop = this.safePoint(clock, deadline);
                if (stop !== undefined && stop !== INTERRUPTED) return stop;
                fp = this.fp; pc = this.pc; code = this.code; // RELOAD: a compaction may have moved the code
                constants = addressOf(words[addressOf(code) + CODE_CONSTANTS]) + VECTOR_ELEMENTS;
                base = addressOf(code) + CODE_INSTRUCTIONS;
                if (stop === INTERRUPTED) continue; // %interrupted is running now, not this instruction
              }
              if (words[pc] === Op.JUMP) {
                pc = base + words[pc + 1];
                continue;
              }
              const a = words[pc + 1];
              const n = words[pc + 2];
              let calleeFp: number;
              if (words[pc] === Op.CALL) {
                calleeFp = fp + a + FRAME_HEADER;
                words[calleeFp + HEADER_RETURN_CODE] = code;
                words[calleeFp + HEADER_RETURN_PC] = makeFixnum(pc + 3 - base);
                words[calleeFp + HEADER_LINK] = makeFixnum(a + FRAME_HEADER);
              } else {
                words.copyWithin(fp, fp + a, fp + a + 1 + n);
                calleeFp = fp;
              }
              // The fast path: a closure called with exactly its required arguments, fitting.
              const callee = words[calleeFp];
              if (isObject(callee) && headerType(words[addressOf(callee)]) === OBJECT_CLOSURE) {
                const calleeCode = words[addressOf(callee) + CLOSURE_CODE];
                const ca = addressOf(calleeCode);
                const frameEnd = calleeFp + fixnumValue(words[ca + CODE_FRAME_SIZE]);
                if (fixnumValue(words[ca + CODE_REQUIRED]) === n && words[ca + CODE_REST] === FALSE && frameEnd <= this.stackLimit) {
                  for (let i = calleeFp + 1 + n; i < frameEnd; i++) words[i] = 0;
                  fp = calleeFp;
                  code = calleeCode;
                  constants = addressOf(words[ca + CODE_CONSTANTS]) + VECTOR_ELEMENTS;
                  base = ca + CODE_INSTRUCTIONS;
                  pc = base;
                  continue;
                }
              }
              this.fp = fp; this.pc = pc; this.code = code; // SYNC: pc still at the call
              const stop = this.call(calleeFp, n, words[pc] === Op.TAIL_CALL);
              if (stop !== undefined) return stop;
              fp = this.fp; pc = this.pc; code = this.code; // RELOAD
              constants = addressOf(words[addressOf(code) + CODE_CONSTANTS]) + VECTOR_ELEMENTS;
              base = addressOf(code) + CODE_INSTRUCTIONS;
              continue;
            }
            case Op.RETURN: {
              const value = words[fp + words[pc + 1]];
              const returnCode = words[fp + HEADER_RETURN_CODE];
              if (isObject(returnCode)) {
                const returnPc = fixnumValue(words[fp + HEADER_RETURN_PC]);
                words[fp + HEADER_RETURN_CODE] = value;
                fp -= fixnumValue(words[fp + HEADER_LINK]);
                code = returnCode;
                constants = addressOf(words[addressOf(code) + CODE_CONSTANTS]) + VECTOR_ELEMENTS;
                base = addressOf(code) + CODE_INSTRUCTIONS;
                pc = base + returnPc;
                continue;
              }
              this.fp = fp; this.pc = pc; this.code = code; // SYNC
              const stop = this.returnSpecial(value);
              if (stop !== undefined) return stop;
              fp = this.fp; pc = this.pc; code = this.code; // RELOAD
              constants = addressOf(words[addressOf(code) + CODE_CONSTANTS]) + VECTOR_ELEMENTS;
              base = addressOf(code) + CODE_INSTRUCTIONS;
              continue;
            }
            case Op.ADD: {
              const x = words[fp + words[pc + 2]];
              const y = words[fp + words[pc + 3]];
              const sum = x + y;
              words[fp + words[pc + 1]] = isFixnum(x | y) && (sum | 0) === sum ? sum : slow.add(x, y);
              pc += 4;
              continue;
            }
            case Op.SUB: {
              const x = words[fp + words[pc + 2]];
              const y = words[fp + words[pc + 3]];
              const difference = x - y;
              words[fp + words[pc + 1]] = isFixnum(x | y) && (difference | 0) === difference ? difference : slow.subtract(x, y);
              pc += 4;
              continue;
            }
            case Op.MUL: {
              const x = words[fp + words[pc + 2]];
              const y = words[fp + words[pc + 3]];
              const product = fixnumValue(x) * y;
              words[fp + words[pc + 1]] = isFixnum(x | y) && (product | 0) === product ? product : slow.multiply(x, y);
              pc += 4;
              continue;
            }
            case Op.ADD_IMM: {
              const x = words[fp + words[pc + 2]];
              const sum = x + words[pc + 3];
              words[fp + words[pc + 1]] = isFixnum(x) && (sum | 0) === sum ? sum : slow.add(x, words[pc + 3]);
              pc += 4;
              continue;
            }
            case Op.LT:
            case Op.LE:
            case Op.GT:
            case Op.GE:
            case Op.NUM_EQ: {
              const x = words[fp + words[pc + 2]];
              const y = words[fp + words[pc + 3]];
              words[fp + words[pc + 1]] = makeBoolean(isFixnum(x | y) ? fixnumTest(words[pc], x, y) : this.compareSlow(words[pc], x, y));
              pc += 4;
              continue;
            }
            case Op.EQ:
              words[fp + words[pc + 1]] = makeBoolean(words[fp + words[pc + 2]] === words[fp + words[pc + 3]]);
              pc += 4;
              continue;
            case Op.EQV: {
              const x = words[fp + words[pc + 2]];
              const y = words[fp + words[pc + 3]];
              words[fp + words[pc + 1]] = makeBoolean(x === y || slow.eqv(x, y));
              pc += 4;
              continue;
            }
            case Op.CAR: {
              const pair = words[fp + words[pc + 2]];
              if (!isPair(pair)) throw typeError("car", "a pair", pair);
              words[fp + words[pc + 1]] = words[addressOf(pair)];
              pc += 3;
              continue;
            }
            case Op.CDR: {
              const pair = words[fp + words[pc + 2]];
              if (!isPair(pair)) throw typeError("cdr", "a pair", pair);
              words[fp + words[pc + 1]] = words[addressOf(pair) + 1];
              pc += 3;
              continue;
            }
            case Op.CONS:
              words[fp + words[pc + 1]] = heap.cons(words[fp + words[pc + 2]], words[fp + words[pc + 3]]);
              pc += 4;
              continue;
            case Op.NULL_P:
              words[fp + words[pc + 1]] = makeBoolean(words[fp + words[pc + 2]] === NIL);
              pc += 3;
              continue;
            case Op.PAIR_P:
              words[fp + words[pc + 1]] = makeBoolean(isPair(words[fp + words[pc + 2]]));
              pc += 3;
              continue;
            case Op.NOT:
              words[fp + words[pc + 1]] = makeBoolean(words[fp + words[pc + 2]] === FALSE);
              pc += 3;
              continue;
            case Op.ZERO_P: {
              const x = words[fp + words[pc + 2]];
              words[fp + words[pc + 1]] = makeBoolean(isFixnum(x) ? x === 0 : slow.isZero(x));
              pc += 3;
              continue;
            }
            case Op.VECTOR_REF:
              words[fp + words[pc + 1]] = this.vectorRef(words[fp + words[pc + 2]], words[fp + words[pc + 3]]);
              pc += 4;
              continue;
            case Op.VECTOR_LENGTH:
              words[fp + words[pc + 1]] = this.vectorLength(words[fp + words[pc + 2]]);
              pc += 3;
              continue;
            case Op.JUMP_UNLESS_LT:
            case Op.JUMP_UNLESS_LE:
            case Op.JUMP_UNLESS_GT:
            case Op.JUMP_UNLESS_GE:
            case Op.JUMP_UNLESS_NUM_EQ: {
              const x = words[fp + words[pc + 1]];
              const y = words[fp + words[pc + 2]];
              const test = CONDITIONAL_TEST[words[pc]];
              const holds = isFixnum(x | y) ? fixnumTest(test, x, y) : this.compareSlow(test, x, y);
              pc = holds ? pc + 4 : base + words[pc + 3];
              continue;
            }
            case Op.JUMP_UNLESS_LT_IMM:
            case Op.JUMP_UNLESS_LE_IMM:
            case Op.JUMP_UNLESS_GT_IMM:
            case Op.JUMP_UNLESS_GE_IMM:
            case Op.JUMP_UNLESS_NUM_EQ_IMM: {
              const x = words[fp + words[pc + 1]];
              const y = words[pc + 2];
              const test = CONDITIONAL_TEST[words[pc]];
              const holds = isFixnum(x) ? fixnumTest(test, x, y) : this.compareSlow(test, x, y);
              pc = holds ? pc + 4 : base + words[pc + 3];
              continue;
            }
            case Op.JUMP_UNLESS_EQ:
              pc = words[fp + words[pc + 1]] === words[fp + words[pc + 2]] ? pc + 4 : base + words[pc + 3];
              continue;
            case Op.JUMP_UNLESS_NULL:
              pc = words[fp + words[pc + 1]] === NIL ? pc + 3 : base + words[pc + 2];
              continue;
            case Op.JUMP_UNLESS_PAIR:
              pc = isPair(words[fp + words[pc + 1]]) ? pc + 3 : base + words[pc + 2];
              continue;
            case Op.JUMP_UNLESS_ZERO: {
              const x = words[fp + words[pc + 1]];
              pc = (isFixnum(x) ? x === 0 : slow.isZero(x)) ? pc + 3 : base + words[pc + 2];
              continue;
            }
            default:
              throw new LispError(`machine: invalid opcode ${words[pc]} at pc ${pc - base}`);
          }
        }
      } catch (e) {
        this.fp = fp; this.pc = pc; this.code = code; // SYNC: pc at the failing instruction
        if (e instanceof HostWait) {
          this.saveRegisters();
          return { kind: "wait", reason: e.reason };
        }
        const error = toSchemeError(e);
        if (error === undefined) throw e;
        let stop: Outcome | undefined;
        try {
          stop = this.raise(error);
        } catch (failure) {
          if (!(failure instanceof HeapExhausted)) throw failure;
          this.abandonRun();
          return { kind: "out-of-memory", message: failure.message };
        }
        if (stop !== undefined) return stop;
      }
    }
  }

  /**
   * Before executing, registers synced: an interrupt that came while the machine was stopped is
   * taken (M8), else a call that waited for the host is made again (M9).
   */
  private reenter(): Outcome | undefined {
    const waiting = this.waitingCall;
    this.waitingCall = undefined;
    if (this.interruptRequested) return this.interrupt();
    return waiting === undefined ? undefined : this.call(waiting.calleeFp, waiting.n, waiting.tail);
  }

  /**
   * A safe point (M6), registers synced: on an interrupt (Ctrl-C), INTERRUPTED with %interrupted
   * called (M8); else collect if a collection is requested, and end the slice if `clock` and the
   * time is up.
   */
  private safePoint(clock: boolean, deadline: number): Outcome | typeof INTERRUPTED | undefined {
    if (this.interruptRequested) return this.interrupt() ?? INTERRUPTED;
    const heap = this.heap;
    if (heap.collectRequested && heap.collectionsDisabled === 0) {
      heap.collector.collect("minor");
      this.placeStackBarrier(this.fp);
    }
    if (clock && performance.now() > deadline) {
      this.saveRegisters();
      return { kind: "yield" };
    }
    return undefined;
  }

  /**
   * The machine's roots (heap RootSet): the stack in use from `from` (stackBase, or cleanBelow
   * for a minor collection, M7), the segment chain, the code register. The barrier's frame is
   * seen with its own return code.
   */
  private forEachRoot(visit: (word: number) => number, from: number): void {
    const words = this.heap.words;
    const top = this.stackTop;
    const barrierSlot = this.barrierFp + HEADER_RETURN_CODE;
    for (let i = from; i < top; i++) {
      if (i === barrierSlot) this.barrierCode = visit(this.barrierCode);
      else words[i] = visit(words[i]);
    }
    if (this.barrierFp !== 0 && from > barrierSlot) this.barrierCode = visit(this.barrierCode);
    this.next = visit(this.next);
    if (this.code !== 0) {
      // pc is an address inside the code object: it moves with it.
      const offset = this.pc - (addressOf(this.code) + CODE_INSTRUCTIONS);
      this.code = visit(this.code);
      this.pc = addressOf(this.code) + CODE_INSTRUCTIONS + offset;
    }
  }

  /**
   * Puts the stack barrier STACK_BARRIER_DEPTH frames below the frame at fp, or at the run's
   * first frame if that comes first (which needs no mark: returning through it ends the run or
   * underflows, and both take the barrier away), and makes that frame's fp cleanBelow (M7).
   * Only right after a collection, or when the barrier is returned through, is the stack below
   * clean.
   */
  private placeStackBarrier(fp: number): void {
    this.removeStackBarrier();
    const words = this.heap.words;
    let frame = fp;
    for (let depth = 0; depth < STACK_BARRIER_DEPTH && isObject(words[frame + HEADER_RETURN_CODE]); depth++) {
      frame -= fixnumValue(words[frame + HEADER_LINK]);
    }
    if (isObject(words[frame + HEADER_RETURN_CODE])) {
      this.barrierFp = frame;
      this.barrierCode = words[frame + HEADER_RETURN_CODE];
      words[frame + HEADER_RETURN_CODE] = FRAME_RETURN_BARRIER;
    }
    this.cleanBelow = frame;
  }

  /** Gives the barrier's frame its return code back; a minor collection scans the whole stack. */
  private removeStackBarrier(): void {
    if (this.barrierFp !== 0) {
      this.heap.words[this.barrierFp + HEADER_RETURN_CODE] = this.barrierCode;
      this.barrierFp = 0;
      this.barrierCode = 0;
    }
    this.cleanBelow = this.stackBase;
  }

  /** After a compaction: the JS-side pointers to pretenured objects (heap RootSet). */
  private relocated(forward: (word: number) => number): void {
    for (const [name, object] of this.primitiveObjects) this.primitiveObjects.set(name, forward(object));
    this.raiseCell = forward(this.raiseCell);
    this.interruptCell = forward(this.interruptCell);
    this.trampoline = forward(this.trampoline);
  }

  // ---- Calls ---------------------------------------------------------------------------------

  /**
   * The general call path, with the registers synced and pc at the CALL/TAIL_CALL: the callee
   * and its n arguments are at calleeFp (for a tail call, already moved down to fp). Leaves the
   * machine ready to continue, or returns an outcome that ends the slice.
   */
  private call(calleeFp: number, n: number, tail: boolean): Outcome | undefined {
    const heap = this.heap;
    const words = heap.words;
    for (;;) {
      const callee = words[calleeFp];
      const type = isObject(callee) ? heap.objectType(callee) : -1;
      if (type === OBJECT_CLOSURE) {
        this.enterClosure(calleeFp, n);
        return undefined;
      }
      if (type === OBJECT_PRIMITIVE) {
        const index = fixnumValue(heap.field(callee, PRIMITIVE_INDEX));
        const spec = this.specs[index];
        if (n < spec.minArgs || (spec.maxArgs !== VARIADIC && n > spec.maxArgs)) {
          throw arityError(spec.name, n, spec.minArgs, spec.maxArgs);
        }
        const control = this.controls[index];
        if (control !== CONTROL_NONE) {
          const next = this.control(control, calleeFp, n);
          if (next === undefined) return undefined;
          if (typeof next !== "number") return next;
          n = next;
          continue;
        }
        let value: number;
        try {
          value = callPrimitive(spec, words, calleeFp + 1, n);
        } catch (e) {
          if (e instanceof HostWait) this.waitingCall = { calleeFp, n, tail }; // M9
          throw e;
        }
        return this.deliver(calleeFp, value, tail);
      }
      if (type === OBJECT_CASE_LAMBDA) {
        words[calleeFp] = this.chooseClause(callee, n);
        continue;
      }
      if (type === OBJECT_CONTINUATION) {
        return this.throwTo(callee, makeValues(heap, words.subarray(calleeFp + 1, calleeFp + 1 + n)));
      }
      if (type === OBJECT_PARAMETER) {
        if (n !== 0) throw new SchemeError("parameter: a parameter object takes no arguments", [callee], "arity");
        return this.deliver(calleeFp, heap.field(heap.field(callee, PARAMETER_VALUE), BOX_VALUE), tail);
      }
      throw new SchemeError("not a procedure", [callee], "type");
    }
  }

  /** Gives a value computed without a new frame to where the call's value goes. */
  private deliver(calleeFp: number, value: number, tail: boolean): Outcome | undefined {
    if (tail) {
      this.fp = calleeFp;
      const words = this.heap.words;
      const returnCode = words[calleeFp + HEADER_RETURN_CODE];
      if (isObject(returnCode)) {
        this.returnTo(calleeFp, value);
        return undefined;
      }
      return this.returnSpecial(value);
    }
    this.heap.words[calleeFp + HEADER_RETURN_CODE] = value;
    this.pc += 3;
    return undefined;
  }

  /** Returns `value` from the frame at fp through its (ordinary) header. */
  private returnTo(fp: number, value: number): void {
    const words = this.heap.words;
    const returnCode = words[fp + HEADER_RETURN_CODE];
    const returnPc = fixnumValue(words[fp + HEADER_RETURN_PC]);
    words[fp + HEADER_RETURN_CODE] = value;
    this.fp = fp - fixnumValue(words[fp + HEADER_LINK]);
    this.code = returnCode;
    this.pc = addressOf(returnCode) + CODE_INSTRUCTIONS + returnPc;
  }

  /** A return through a FRAME_RETURN_HOST or FRAME_RETURN_UNDERFLOW header (registers synced). */
  private returnSpecial(value: number): Outcome | undefined {
    const words = this.heap.words;
    const returnCode = words[this.fp + HEADER_RETURN_CODE];
    if (returnCode === FRAME_RETURN_BARRIER) {
      // M7: the frames returned into are clean down to where the barrier goes next.
      const frame = this.fp;
      this.removeStackBarrier();
      this.returnTo(frame, value);
      this.placeStackBarrier(this.fp);
      return undefined;
    }
    this.removeStackBarrier();
    if (returnCode === FRAME_RETURN_UNDERFLOW) return this.underflow(value);
    // FRAME_RETURN_HOST (M4)
    const run = fixnumValue(words[this.fp + HEADER_RETURN_PC]);
    if (run !== this.runId) {
      throw new SchemeError("a continuation tried to return into an evaluation that has already finished");
    }
    this.code = this.trampoline;
    this.pc = addressOf(this.trampoline) + CODE_INSTRUCTIONS;
    this.fp = this.runBase + FRAME_HEADER;
    this.saveRegisters();
    return { kind: "done", value };
  }

  /** Enters a closure at calleeFp with n arguments: arity, rest list, spilling (M2), clearing (M1). */
  private enterClosure(calleeFp: number, n: number): void {
    const heap = this.heap;
    const words = heap.words;
    let fp = calleeFp;
    const closure = words[fp];
    const code = heap.field(closure, CLOSURE_CODE);
    const required = fixnumValue(heap.field(code, CODE_REQUIRED));
    const rest = heap.field(code, CODE_REST) === TRUE;
    if (n !== required && !(rest && n > required)) {
      if (!(rest && n === required)) throw this.closureArityError(code, n, required, rest);
    }
    const frameSize = fixnumValue(heap.field(code, CODE_FRAME_SIZE));
    if (fp + Math.max(frameSize, n + 1) > this.stackLimit) fp = this.spill(fp, n, frameSize);
    let slots = n;
    if (rest) {
      const list = makeList(heap, words.subarray(fp + 1 + required, fp + 1 + n));
      words[fp + 1 + required] = list;
      slots = required + 1;
    }
    this.enterCode(fp, code, slots);
  }

  /**
   * M2: moves the frames under the callee at calleeFp into a new segment, and the callee (with
   * its n arguments) to the run's base, under an UNDERFLOW header. Returns the callee's new fp.
   */
  private spill(calleeFp: number, n: number, frameSize: number): number {
    const heap = this.heap;
    const words = heap.words;
    const header = calleeFp - FRAME_HEADER;
    const base = this.runBase;
    if (base + FRAME_HEADER + Math.max(frameSize, n + 1) > this.stackLimit) {
      throw new SchemeError("call too large for the stack: too many arguments or locals", [], "memory");
    }
    this.next = this.makeSegment(base, header, words[header], words[header + 1], words[header + 2]);
    words.copyWithin(base + FRAME_HEADER, calleeFp, calleeFp + 1 + n);
    return this.underflowFrame();
  }

  /**
   * A segment of the frames in [from, to) (copied), under the current segment chain, and the
   * header of the frame that was to be above them (where a return out of the segment goes).
   */
  private makeSegment(from: number, to: number, returnCode: number, returnPc: number, link: number): number {
    this.removeStackBarrier();
    const frames = makeVector(this.heap, this.heap.words.subarray(from, to));
    return this.segmentOf(frames, to - from, returnCode, returnPc, link, this.next);
  }

  private segmentOf(frames: number, length: number, returnCode: number, returnPc: number, link: number, parent: number): number {
    const heap = this.heap;
    const segment = heap.allocate(OBJECT_SEGMENT, SEGMENT_SIZE);
    heap.initField(segment, SEGMENT_PARENT, parent);
    heap.initField(segment, SEGMENT_RETURN_CODE, returnCode);
    heap.initField(segment, SEGMENT_RETURN_PC, returnPc);
    heap.initField(segment, SEGMENT_RETURN_LINK, link);
    heap.initField(segment, SEGMENT_FRAMES, frames);
    heap.initField(segment, SEGMENT_LENGTH, makeFixnum(length));
    return segment;
  }

  /** Puts an UNDERFLOW frame header at the run's base; returns the fp of the frame above it. */
  private underflowFrame(): number {
    const words = this.heap.words;
    const base = this.runBase;
    words[base] = FRAME_RETURN_UNDERFLOW;
    words[base + 1] = makeFixnum(0);
    words[base + 2] = makeFixnum(0);
    return base + FRAME_HEADER;
  }

  /**
   * Returns `value` into the topmost segment (M2). Only the top of it comes back to the run's
   * base: whole frames, the one returned to and as many below it as fit in
   * UNDERFLOW_CHUNK_WORDS. The rest stays a segment that shares the same frames vector, so a
   * return into a deep segment, and a call/cc right after it, cost a chunk, not the whole depth.
   */
  private underflow(value: number): Outcome | undefined {
    this.removeStackBarrier(); // the frames copied in may hold young pointers
    const heap = this.heap;
    const words = heap.words;
    const segment = this.next;
    const frames = heap.field(segment, SEGMENT_FRAMES);
    const first = addressOf(frames) + VECTOR_ELEMENTS; // word 0 of the segment's frames
    const length = fixnumValue(heap.field(segment, SEGMENT_LENGTH));
    const link = heap.field(segment, SEGMENT_RETURN_LINK);
    // The frame returned to, and the lowest frame taken with it: fps counted from word 0.
    const caller = length + FRAME_HEADER - fixnumValue(link);
    let bottom = caller;
    while (bottom > FRAME_HEADER && isObject(words[first + bottom + HEADER_RETURN_CODE])) {
      const below = bottom - fixnumValue(words[first + bottom + HEADER_LINK]);
      if (length - (below - FRAME_HEADER) > UNDERFLOW_CHUNK_WORDS) break;
      bottom = below;
    }
    const start = bottom - FRAME_HEADER;
    const taken = length - start;
    const base = this.runBase;
    if (base + taken + FRAME_HEADER > this.stackLimit) {
      throw new SchemeError("continuation too deep to resume inside this nested evaluation", [], "memory");
    }
    words.copyWithin(base, first + start, first + length);
    if (start === 0) {
      this.next = heap.field(segment, SEGMENT_PARENT);
    } else {
      // The frames below stay behind: the lowest frame taken returns into them.
      this.next = this.segmentOf(frames, start, words[first + start], words[first + start + 1], words[first + start + 2],
        heap.field(segment, SEGMENT_PARENT));
      this.underflowFrame();
    }
    // The frame that returns is the one the segment's header belonged to.
    const fp = base + taken + FRAME_HEADER;
    words[fp + HEADER_RETURN_CODE] = heap.field(segment, SEGMENT_RETURN_CODE);
    words[fp + HEADER_RETURN_PC] = heap.field(segment, SEGMENT_RETURN_PC);
    words[fp + HEADER_LINK] = link;
    this.fp = fp;
    if (isObject(words[fp + HEADER_RETURN_CODE])) {
      this.returnTo(fp, value);
      return undefined;
    }
    return this.returnSpecial(value);
  }

  private chooseClause(caseLambda: number, n: number): number {
    const heap = this.heap;
    const count = heap.objectSize(caseLambda);
    for (let i = 0; i < count; i++) {
      const clause = heap.field(caseLambda, CASE_LAMBDA_CLAUSES + i);
      const code = heap.field(clause, CLOSURE_CODE);
      const required = fixnumValue(heap.field(code, CODE_REQUIRED));
      if (n === required || (heap.field(code, CODE_REST) === TRUE && n >= required)) return clause;
    }
    // The clauses are named for the procedure the case-lambda was defined as.
    const name = count > 0 ? codeName(heap, heap.field(heap.field(caseLambda, CASE_LAMBDA_CLAUSES), CLOSURE_CODE)) : undefined;
    throw new SchemeError(`${name ?? "case-lambda"}: no clause takes ${countOf(n, "argument")}`, [], "arity");
  }

  // ---- Control primitives --------------------------------------------------------------------

  /**
   * Runs a control primitive called at calleeFp with n arguments. Returns undefined when the
   * machine is ready to continue, an Outcome to end the slice, or a number: the argument count
   * of a new call now set up at calleeFp (apply, eval), which the call path dispatches.
   */
  private control(control: number, calleeFp: number, n: number): Outcome | number | undefined {
    const heap = this.heap;
    const words = heap.words;
    switch (control) {
      case CONTROL_APPLY: {
        const list = words[calleeFp + n];
        const spread = listToArray(heap, list, "apply");
        const count = n - 2 + spread.length;
        if (calleeFp + 1 + count > this.stackLimit) {
          throw new SchemeError("apply: too many arguments for the stack", [], "memory");
        }
        words.copyWithin(calleeFp, calleeFp + 1, calleeFp + n);
        words.set(spread, calleeFp + n - 1);
        return count;
      }
      case CONTROL_CALL_CC: {
        // M3: the continuation is the whole run below this call, frames and header. The receiver
        // is called in tail position (R7RS 6.10): from a call/cc in tail position whose frames
        // are already a segment (the frame it replaced was the run's first), that segment is
        // the continuation, so a loop through call/cc in tail position runs in constant space.
        const receiver = words[calleeFp + 1];
        const header = calleeFp - FRAME_HEADER;
        const spilled = header === this.runBase && words[header] === FRAME_RETURN_UNDERFLOW;
        const segment = spilled ? this.next : this.makeSegment(this.runBase, header, words[header], words[header + 1], words[header + 2]);
        this.next = segment;
        const continuation = heap.allocate(OBJECT_CONTINUATION, CONTINUATION_SIZE);
        heap.initField(continuation, CONTINUATION_SEGMENT, segment);
        heap.initField(continuation, CONTINUATION_RUN, makeFixnum(this.runId));
        const fp = this.underflowFrame();
        words[fp] = receiver;
        words[fp + 1] = continuation;
        this.fp = fp;
        return this.call(fp, 1, true);
      }
      case CONTROL_EVAL:
      case CONTROL_EVAL_LIBRARY: {
        const thunk = this.evaluator(words[calleeFp + 1], n > 1 ? words[calleeFp + 2] : FALSE, control === CONTROL_EVAL_LIBRARY);
        words[calleeFp] = thunk;
        return 0;
      }
      case CONTROL_EXIT: {
        const status = words[calleeFp + 1];
        this.saveRegisters();
        return { kind: "exit", code: exitCode(status) };
      }
      case CONTROL_COLLECT: {
        // A safe point (M6): the registers are synced and the call's frame is in the stack.
        // (%collect KIND): KIND is the symbol minor, full or compacting.
        const kind = COLLECTION_KINDS.find((k) => this.world.symbols.intern(k) === words[calleeFp + 1]);
        if (kind === undefined) throw typeError("%collect", "minor, full or compacting", words[calleeFp + 1]);
        if (heap.collectionsDisabled === 0) {
          heap.collector.collect(kind);
          this.placeStackBarrier(this.fp);
        }
        return this.deliver(calleeFp, UNSPECIFIED, words[this.pc] === Op.TAIL_CALL);
      }
      case CONTROL_IMAGE: {
        // (%image OP ARG...): sysout, sysin, checkpoint and the store's queries, done by the
        // host at this safe point (M6) with the registers saved. The call's value in the stack
        // is #t meanwhile: a world saved now returns #t from this call when it is resumed. Here
        // and now the call returns the host's answer.
        if (words[this.pc] === Op.TAIL_CALL) throw new SchemeError("%image: called in tail position");
        if (heap.collectionsDisabled > 0) {
          throw new SchemeError("images cannot be saved or resumed while a macro is being expanded");
        }
        const args = Array.from(words.subarray(calleeFp + 1, calleeFp + 1 + n));
        const slot = calleeFp + HEADER_RETURN_CODE;
        words[slot] = TRUE;
        this.pc += 3;
        this.saveRegisters();
        let answer: number | Outcome;
        try {
          answer = this.imageHost(args);
        } catch (e) {
          this.pc -= 3; // the error is raised at the call
          throw e;
        }
        if (typeof answer !== "number") return answer;
        words[slot] = answer;
        return undefined;
      }
      case CONTROL_UNCAUGHT: {
        // (%uncaught CONDITION): the slice ends with the error; the machine stands past the call,
        // which returns if the host resumes it (Outcome "error").
        if (words[this.pc] === Op.TAIL_CALL) throw new SchemeError("%uncaught: called in tail position");
        const condition = words[calleeFp + 1];
        const backtrace = this.backtrace(calleeFp - fixnumValue(words[calleeFp + HEADER_LINK]),
          words[calleeFp + HEADER_RETURN_CODE], fixnumValue(words[calleeFp + HEADER_RETURN_PC]) - 1);
        this.deliver(calleeFp, UNSPECIFIED, false);
        this.saveRegisters();
        return { kind: "error", condition, backtrace };
      }
      case CONTROL_ABORT: {
        // (%abort THUNK): the run's frames are dropped and THUNK is called from a new first frame,
        // as if the run had been started with it (the toplevel loop after an uncaught error).
        const thunk = words[calleeFp + 1];
        this.removeStackBarrier();
        this.next = NIL;
        this.enterHostFrame(thunk, []);
        return undefined;
      }
      default:
        throw new LispError(`machine: unknown control primitive ${control}`);
    }
  }

  /** Invokes a continuation: its run's frames replace the current ones (M3). */
  private throwTo(continuation: number, value: number): Outcome | undefined {
    const heap = this.heap;
    const run = fixnumValue(heap.field(continuation, CONTINUATION_RUN));
    if (run !== this.runId) {
      // M4: only a nested run (a macro transformer's) has another id.
      throw new SchemeError("continuation: it cannot be resumed across the edge of a macro expansion", [continuation]);
    }
    this.next = heap.field(continuation, CONTINUATION_SEGMENT);
    return this.underflow(value);
  }

  /**
   * Ends the current run where it stands (an uncaught error the host does not go on from):
   * the machine is left between runs.
   */
  abandonRun(): void {
    this.removeStackBarrier();
    this.waitingCall = undefined;
    this.next = NIL;
    this.code = this.trampoline;
    this.pc = addressOf(this.trampoline) + CODE_INSTRUCTIONS;
    this.fp = this.runBase + FRAME_HEADER;
    this.saveRegisters();
  }

  // ---- Errors --------------------------------------------------------------------------------

  /**
   * Raises `error` as a Lisp error at the current instruction (registers synced): calls
   * (%raise-error kind message irritants where) above the current frame (callAbove), so that
   * the handler runs in the dynamic context of the error and a backtrace shows where it
   * happened. Before the library defines %raise-error, the run ends with the error.
   */
  private raise(error: SchemeError): Outcome | undefined {
    const heap = this.heap;
    const handler = heap.field(this.raiseCell, GLOBAL_VALUE);
    const pc = this.pc - (addressOf(this.code) + CODE_INSTRUCTIONS);
    // An error inside the library is reported where user code called into it (the backtrace's
    // innermost user frame), not at a line of the library.
    const where = error.position ?? ((codeFlags(heap, this.code) & CODE_FLAG_LIBRARY) !== 0 ? undefined : positionAt(heap, this.code, pc));
    if (!heap.isType(handler, OBJECT_CLOSURE)) {
      const backtrace = this.backtrace(this.fp, this.code, pc);
      this.abandonRun();
      return { kind: "error", condition: FALSE, backtrace, message: where === undefined ? error.message : `${formatPosition(where)}: ${error.message}` };
    }
    const place = where === undefined ? FALSE : makeList(heap, [makeString(heap, where.file), makeFixnum(where.line), makeFixnum(where.column)]);
    this.callAbove([handler, this.world.symbols.intern(error.kind), makeString(heap, error.message), makeList(heap, error.irritants), place]);
    return undefined;
  }

  /**
   * M8: Ctrl-C, taken at a safe point or when the stopped machine is resumed: the computation
   * calls the library's %interrupted above the current frame, which leaves every dynamic extent
   * and stops as an uncaught error does. No handler sees it: Ctrl-C must stop a program that
   * catches every error. Before the library is loaded, the run ends.
   */
  private interrupt(): Outcome | undefined {
    this.interruptRequested = false;
    const heap = this.heap;
    const handler = heap.field(this.interruptCell, GLOBAL_VALUE);
    if (!heap.isType(handler, OBJECT_CLOSURE)) {
      const backtrace = this.backtrace(this.fp, this.code, this.pc - (addressOf(this.code) + CODE_INSTRUCTIONS));
      this.abandonRun();
      return { kind: "error", condition: FALSE, backtrace, message: "interrupted" };
    }
    try {
      this.callAbove([handler]);
    } catch (failure) {
      if (!(failure instanceof HeapExhausted)) throw failure;
      this.abandonRun();
      return { kind: "out-of-memory", message: failure.message };
    }
    return undefined;
  }

  /**
   * Calls args[0] with the arguments args[1..] in a new frame above the current one (registers
   * synced), as if the current instruction had called it; for procedures that never return
   * (%raise-error, %interrupted). The frame's return pc is one past the instruction's start,
   * which is where a backtrace looks for the instruction's position (one before a return pc).
   */
  private callAbove(args: readonly number[]): void {
    const heap = this.heap;
    const words = heap.words;
    const header = this.fp + fixnumValue(heap.field(this.code, CODE_FRAME_SIZE));
    let fp = header + FRAME_HEADER;
    const returnPc = makeFixnum(this.pc - (addressOf(this.code) + CODE_INSTRUCTIONS) + 1);
    const link = makeFixnum(fp - this.fp);
    if (fp + args.length > this.stackLimit) {
      this.next = this.makeSegment(this.runBase, header, this.code, returnPc, link);
      fp = this.underflowFrame();
    } else {
      words[header] = this.code;
      words[header + 1] = returnPc;
      words[header + 2] = link;
    }
    words.set(args, fp);
    this.fp = fp;
    this.enterClosure(fp, args.length - 1);
  }

  private unboundError(cell: number, who?: string): SchemeError {
    const name = this.symbolName(this.heap.field(cell, GLOBAL_SYMBOL));
    return who === undefined
      ? new SchemeError(`unbound variable: ${name}`, [], "unbound")
      : new SchemeError(`${who}: unbound variable: ${name}`, [], "unbound");
  }

  private closureArityError(code: number, n: number, required: number, rest: boolean): SchemeError {
    const name = codeName(this.heap, code) ?? "anonymous procedure";
    return new SchemeError(`${name}: expected ${rest ? "at least " : ""}${countOf(required, "argument")}, got ${n}`, [], "arity");
  }

  private symbolName(symbol: number): string {
    return this.world.symbols.name(symbol);
  }

  /**
   * The user frames from fp outwards (library frames are left out), as lines `in name
   * (file:line:col)`. The innermost frame runs `code` at `pc` (relative); each frame's header
   * then names its caller's code and return pc, whose position is that of the instruction before
   * it (the call). The code, not the closure in slot 0, says which procedure a frame is: a
   * failing tail call has already put its callee there.
   */
  backtrace(fp: number, code: number, pc: number): Backtrace {
    this.removeStackBarrier();
    const heap = this.heap;
    const words = heap.words;
    const frames: string[] = [];
    let more = 0;
    let complete = false;
    for (let walked = 0; walked < BACKTRACE_WALK_LIMIT; walked++) {
      if ((codeFlags(heap, code) & CODE_FLAG_LIBRARY) === 0) {
        if (frames.length < BACKTRACE_FRAMES_KEPT) {
          const where = positionAt(heap, code, pc);
          const name = (codeFlags(heap, code) & CODE_FLAG_TOPLEVEL) !== 0 ? "toplevel form" : codeName(heap, code) ?? "anonymous procedure";
          frames.push(`in ${name}${where ? ` (${where.file}:${where.line}:${where.column})` : ""}`);
        } else {
          more++;
        }
      }
      const returnCode = words[fp + HEADER_RETURN_CODE];
      if (fp <= this.runBase || !heap.isType(returnCode, OBJECT_CODE)) {
        // The end of the run, unless the frames go on in a segment (not walked).
        complete = returnCode === FRAME_RETURN_HOST;
        break;
      }
      pc = fixnumValue(words[fp + HEADER_RETURN_PC]) - 1;
      code = returnCode;
      fp -= fixnumValue(words[fp + HEADER_LINK]);
    }
    return { frames, more, complete };
  }

  // ---- Slow paths of the inlined primitives --------------------------------------------------

  private compareSlow(test: number, x: number, y: number): boolean {
    return this.slow.compare(COMPARISON_NAME[test], x, y);
  }

  private vectorRef(vector: number, index: number): number {
    const heap = this.heap;
    if (!heap.isType(vector, OBJECT_VECTOR)) throw typeError("vector-ref", "a vector", vector);
    if (!isFixnum(index)) throw typeError("vector-ref", "an exact integer", index);
    const i = fixnumValue(index);
    if (i < 0 || i >= heap.objectSize(vector)) {
      throw new SchemeError("vector-ref: index out of range", [index], "range");
    }
    return heap.field(vector, VECTOR_ELEMENTS + i);
  }

  private vectorLength(vector: number): number {
    if (!this.heap.isType(vector, OBJECT_VECTOR)) throw typeError("vector-length", "a vector", vector);
    return makeFixnum(this.heap.objectSize(vector));
  }
}

// ---- Helpers ---------------------------------------------------------------------------------

/**
 * One past the last stack word in use: the running frame's end, or the end of the arguments of
 * a call that waits (`waitingEnd`, 0 if none) if that is higher (M9).
 */
function stackTopOf(heap: Heap, stackBase: number, fp: number, code: number, waitingEnd: number): number {
  if (!isObject(code)) return stackBase;
  return Math.max(fp + fixnumValue(heap.field(code, CODE_FRAME_SIZE)), waitingEnd);
}

/** stackTop of the machine whose registers a heap's machine object holds (a world not running). */
export function savedStackTop(heap: Heap): number {
  const machine = heap.roots[ROOT_MACHINE];
  const stackBase = fixnumValue(heap.field(machine, MACHINE_STACK_BASE));
  const waitFp = fixnumValue(heap.field(machine, MACHINE_WAIT_FP));
  const waitingEnd = waitFp < 0 ? 0 : stackBase + waitFp + 1 + (fixnumValue(heap.field(machine, MACHINE_WAIT_CALL)) >> 1);
  return stackTopOf(heap, stackBase, stackBase + fixnumValue(heap.field(machine, MACHINE_FP)), heap.field(machine, MACHINE_CODE), waitingEnd);
}

/** The comparison each conditional jump tests, as the plain comparison opcode. */
const CONDITIONAL_TEST: Record<number, number> = {
  [Op.JUMP_UNLESS_LT]: Op.LT, [Op.JUMP_UNLESS_LE]: Op.LE, [Op.JUMP_UNLESS_GT]: Op.GT,
  [Op.JUMP_UNLESS_GE]: Op.GE, [Op.JUMP_UNLESS_NUM_EQ]: Op.NUM_EQ,
  [Op.JUMP_UNLESS_LT_IMM]: Op.LT, [Op.JUMP_UNLESS_LE_IMM]: Op.LE, [Op.JUMP_UNLESS_GT_IMM]: Op.GT,
  [Op.JUMP_UNLESS_GE_IMM]: Op.GE, [Op.JUMP_UNLESS_NUM_EQ_IMM]: Op.NUM_EQ,
};

const COMPARISON_NAME: Record<number, "<" | "<=" | ">" | ">=" | "="> = {
  [Op.LT]: "<", [Op.LE]: "<=", [Op.GT]: ">", [Op.GE]: ">=", [Op.NUM_EQ]: "=",
};

/** A comparison of two tagged fixnums: tag 0 makes the tagged words order like their values. */
function fixnumTest(test: number, x: number, y: number): boolean {
  switch (test) {
    case Op.LT: return x < y;
    case Op.LE: return x <= y;
    case Op.GT: return x > y;
    case Op.GE: return x >= y;
    default: return x === y;
  }
}

function callPrimitive(spec: PrimitiveSpec, words: Int32Array, first: number, n: number): number {
  switch (n) {
    case 0: return spec.fn();
    case 1: return spec.fn(words[first]);
    case 2: return spec.fn(words[first], words[first + 1]);
    case 3: return spec.fn(words[first], words[first + 1], words[first + 2]);
    default: return spec.fn(...words.subarray(first, first + n));
  }
}

function arityError(name: string, n: number, min: number, max: number): SchemeError {
  const expected = max === VARIADIC ? `at least ${countOf(min, "argument")}`
    : min === max ? countOf(min, "argument") : `${min} to ${max} arguments`;
  return new SchemeError(`${name}: expected ${expected}, got ${n}`, [], "arity");
}

/** "1 argument", "2 arguments". */
function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}


/** Process exit statuses are one byte. */
const EXIT_STATUS_MASK = 0xff;
const EXIT_SUCCESS = 0;
const EXIT_FAILURE = 1;

/** The process exit status for (exit obj): #t or no argument is success, #f failure (R7RS). */
function exitCode(status: number): number {
  if (status === TRUE || status === UNSPECIFIED) return EXIT_SUCCESS;
  if (isFixnum(status)) return fixnumValue(status) & EXIT_STATUS_MASK;
  return EXIT_FAILURE;
}

/** The SchemeError an exception from an instruction stands for, or undefined if it is a bug. */
function toSchemeError(e: unknown): SchemeError | undefined {
  if (e instanceof SchemeError) return e;
  if (e instanceof UncaughtError) return new SchemeError(e.message, [], "error");
  if (e instanceof HeapExhausted) return new SchemeError(e.message, [], "memory");
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new SchemeError("too many arguments or too deep a structure for a primitive", [], "memory");
  }
  return undefined;
}

