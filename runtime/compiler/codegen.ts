// The code generator: IR (ir.ts) -> code objects (code.ts) for the machine (machine.ts).
//
// Frames. Slot 0 holds the running closure, then the parameters (a rest list last), then let
// variables and temporaries, allocated as a stack: `top` is the next free slot, and every
// construct gives back what it took. A call takes FRAME_HEADER + 1 + n consecutive slots (the
// header the machine writes, the procedure, the arguments); its value comes back in the first.
//
// Variables. A variable lives in a slot of the frame that binds it, or in the closure of a
// lambda that captured it (flat closures: free variables are copied in when the closure is
// made), or is the running closure itself (a letrec-bound lambda referring to itself).
//   G1. A variable is boxed exactly when it is assigned (set!) or is bound by letrec to
//       something other than a lambda; only then can its value change after it is captured, and
//       a continuation that copies frames must share it (machine.ts M3). A boxed letrec variable
//       is checked: reading it before its initializer ran is an error.
//   G2. The lambdas of one letrec are made together: all CLOSUREs first, then FIX_FREE fills in
//       the ones that capture each other; nothing in between allocates (machine.ts M6).
//   G3. A call of a primitive in the machine's table of integrated operations (car, +, <, ...)
//       becomes its instruction when the procedure is the primitive object itself, or a global
//       that holds it when the code is compiled. (Redefining `car` later does not change code
//       compiled before; it is what Scheme compilers do for the standard procedures.)
//   G4. Linking. With CodegenOptions.link (the standard library), and for IR references marked
//       `link`, a global that holds a procedure when the code is compiled is compiled as that
//       procedure, a constant. So the library keeps its meaning when a user redefines `reverse`
//       or `map`, as an R7RS library's imports would; user code still sees its own definitions.

import { World } from "../world";
import {
  FALSE, OBJECT_CASE_LAMBDA, OBJECT_CLOSURE, OBJECT_PRIMITIVE, PRIMITIVE_NAME, UNINITIALIZED, UNSPECIFIED, fixnumValue, fitsFixnum, isFixnum, isImmediate,
  makeFixnum, GLOBAL_SYMBOL, GLOBAL_VALUE, NIL,
} from "../layout";
import { makeCode } from "../code";
import { makeList, makeString } from "../objects";
import { Op } from "../opcodes";
import { SourcePosition } from "../errors";
import { Lambda, Node, Variable } from "./ir";

const FRAME_HEADER = 3;

export interface CodegenOptions {
  /** CODE_FLAGS for every code object (CODE_FLAG_LIBRARY for the standard library). */
  readonly flags: number;
  /** Link every reference to a global that holds a procedure now (G4). */
  readonly link?: boolean;
  /**
   * The outermost lambda is a toplevel form: it gets these CODE_FLAGS (CODE_FLAG_TOPLEVEL), and
   * its own calls are not tail calls, so that its frame stays to say where an error in what it
   * called came from (the procedures it calls still make their tail calls).
   */
  readonly toplevelFlags?: number;
}

type Location = { readonly kind: "slot"; readonly index: number } | { readonly kind: "free"; readonly index: number } | { readonly kind: "self" };

/** An integrated primitive (G3): its instruction and how many arguments it takes. */
interface Integration {
  readonly op: number;
  readonly arity: number;
}

const VALUE_OPERATIONS: ReadonlyMap<string, Integration> = new Map([
  ["car", { op: Op.CAR, arity: 1 }], ["cdr", { op: Op.CDR, arity: 1 }], ["cons", { op: Op.CONS, arity: 2 }],
  ["null?", { op: Op.NULL_P, arity: 1 }], ["pair?", { op: Op.PAIR_P, arity: 1 }], ["not", { op: Op.NOT, arity: 1 }],
  ["zero?", { op: Op.ZERO_P, arity: 1 }], ["eq?", { op: Op.EQ, arity: 2 }], ["eqv?", { op: Op.EQV, arity: 2 }],
  ["vector-ref", { op: Op.VECTOR_REF, arity: 2 }], ["vector-length", { op: Op.VECTOR_LENGTH, arity: 1 }],
  ["+", { op: Op.ADD, arity: 2 }], ["-", { op: Op.SUB, arity: 2 }], ["*", { op: Op.MUL, arity: 2 }],
  ["<", { op: Op.LT, arity: 2 }], ["<=", { op: Op.LE, arity: 2 }], [">", { op: Op.GT, arity: 2 }],
  [">=", { op: Op.GE, arity: 2 }], ["=", { op: Op.NUM_EQ, arity: 2 }],
]);

/** Conditional jumps for tests: (jump unless the comparison holds), with an immediate variant. */
const TEST_JUMPS: ReadonlyMap<string, { readonly op: number; readonly immediate?: number }> = new Map([
  ["<", { op: Op.JUMP_UNLESS_LT, immediate: Op.JUMP_UNLESS_LT_IMM }], ["<=", { op: Op.JUMP_UNLESS_LE, immediate: Op.JUMP_UNLESS_LE_IMM }],
  [">", { op: Op.JUMP_UNLESS_GT, immediate: Op.JUMP_UNLESS_GT_IMM }], [">=", { op: Op.JUMP_UNLESS_GE, immediate: Op.JUMP_UNLESS_GE_IMM }],
  ["=", { op: Op.JUMP_UNLESS_NUM_EQ, immediate: Op.JUMP_UNLESS_NUM_EQ_IMM }], ["eq?", { op: Op.JUMP_UNLESS_EQ }],
  ["null?", { op: Op.JUMP_UNLESS_NULL }], ["pair?", { op: Op.JUMP_UNLESS_PAIR }], ["zero?", { op: Op.JUMP_UNLESS_ZERO }],
]);

/** Globals that raise and never return: calls of them are not compiled as tail calls. */
const NEVER_RETURNS: ReadonlySet<string> = new Set(["error", "raise"]);

/** Compiles a lambda (with no free variables: a toplevel form) into a code object. */
export function compileLambda(world: World, lambda: Lambda, options: CodegenOptions): number {
  const unit = new CompilationUnit(world, options);
  unit.analyze(lambda);
  return new FunctionCompiler(unit, lambda, undefined, options.toplevelFlags ?? 0).compile();
}

/** What one compilation shares: variable facts (G1) and free variables of each lambda. */
class CompilationUnit {
  readonly boxed = new Set<Variable>();
  readonly checked = new Set<Variable>();
  readonly free = new Map<Lambda, Variable[]>();
  private readonly sources = new Map<string, number>();

  constructor(readonly world: World, readonly options: CodegenOptions) {}

  /** The file name as a heap string, one per file per compilation. */
  source(file: string): number {
    let s = this.sources.get(file);
    if (s === undefined) this.sources.set(file, (s = makeString(this.world.heap, file)));
    return s;
  }

  /** The procedure a global reference is linked to (G4), or undefined to read the cell. */
  linked(node: Node & { kind: "global" }): number | undefined {
    if (!this.options.link && !node.link) return undefined;
    const heap = this.world.heap;
    const value = heap.field(node.cell, GLOBAL_VALUE);
    const linkable = heap.isType(value, OBJECT_CLOSURE) || heap.isType(value, OBJECT_PRIMITIVE) || heap.isType(value, OBJECT_CASE_LAMBDA);
    return linkable ? value : undefined;
  }

  /** Whether a callee is a global procedure that never returns to its caller (error, raise). */
  neverReturns(callee: Node): boolean {
    if (callee.kind !== "global") return false;
    return NEVER_RETURNS.has(this.world.symbols.name(this.world.heap.field(callee.cell, GLOBAL_SYMBOL)));
  }

  /** The primitive name of a callee if it is an integrated primitive now (G3). */
  primitiveName(callee: Node): string | undefined {
    const heap = this.world.heap;
    let value: number;
    if (callee.kind === "constant") value = callee.value;
    else if (callee.kind === "global") value = heap.field(callee.cell, GLOBAL_VALUE);
    else return undefined;
    if (!heap.isType(value, OBJECT_PRIMITIVE)) return undefined;
    return this.world.symbols.name(heap.field(value, PRIMITIVE_NAME));
  }

  /** Boxing (G1) and the free variables of every lambda. */
  analyze(root: Lambda): void {
    const walk = (node: Node, bound: Set<Variable>, free: Set<Variable>): void => {
      switch (node.kind) {
        case "constant":
        case "global":
          return;
        case "local":
          if (!bound.has(node.variable)) free.add(node.variable);
          return;
        case "set-local":
          if (!bound.has(node.variable)) free.add(node.variable);
          walk(node.value, bound, free);
          return;
        case "set-global":
        case "define-global":
          walk(node.value, bound, free);
          return;
        case "if":
          walk(node.test, bound, free);
          walk(node.consequent, bound, free);
          walk(node.alternative, bound, free);
          return;
        case "sequence":
          for (const n of node.body) walk(n, bound, free);
          return;
        case "lambda":
          for (const v of freeOf(node)) if (!bound.has(v)) free.add(v);
          return;
        case "case-lambda":
          for (const c of node.clauses) for (const v of freeOf(c)) if (!bound.has(v)) free.add(v);
          return;
        case "call":
          walk(node.callee, bound, free);
          for (const a of node.args) walk(a, bound, free);
          return;
        case "let": {
          for (const i of node.inits) walk(i, bound, free);
          const inner = new Set(bound);
          for (const v of node.variables) {
            inner.add(v);
            if (v.assigned) this.boxed.add(v);
          }
          walk(node.body, inner, free);
          return;
        }
        case "letrec": {
          const inner = new Set(bound);
          node.variables.forEach((v, i) => {
            inner.add(v);
            if (v.assigned || node.inits[i].kind !== "lambda") {
              this.boxed.add(v);
              this.checked.add(v);
            }
          });
          for (const i of node.inits) walk(i, inner, free);
          walk(node.body, inner, free);
          return;
        }
      }
    };
    const freeOf = (lambda: Lambda): Variable[] => {
      const known = this.free.get(lambda);
      if (known !== undefined) return known;
      const bound = new Set<Variable>(lambda.parameters);
      if (lambda.rest) bound.add(lambda.rest);
      for (const v of bound) if (v.assigned) this.boxed.add(v);
      const free = new Set<Variable>();
      walk(lambda.body, bound, free);
      const list = [...free];
      this.free.set(lambda, list);
      return list;
    };
    freeOf(root);
  }
}

class FunctionCompiler {
  private readonly instructions: number[] = [];
  private readonly constants: number[] = [];
  private readonly constantIndex = new Map<number, number>();
  private readonly positions: number[] = [];
  private readonly locations = new Map<Variable, Location>();
  /** Jump instructions' target operands to patch, by label. */
  private readonly labels: { at: number | undefined; uses: number[] }[] = [];
  private top = 1;
  private maxTop = 1;
  private lastLine = -1;
  private lastColumn = -1;
  private lastFile = "";
  /** The files positions refer to (CODE_SOURCE), by index. */
  private readonly files: string[] = [];
  /** A toplevel form's frame is kept: its calls are not compiled as tail calls. */
  private readonly keepFrame: boolean;

  constructor(
    private readonly unit: CompilationUnit,
    private readonly lambda: Lambda,
    self: Variable | undefined,
    private readonly extraFlags = 0,
  ) {
    this.keepFrame = extraFlags !== 0;
    lambda.parameters.forEach((p, i) => this.locations.set(p, { kind: "slot", index: 1 + i }));
    this.top = 1 + lambda.parameters.length;
    if (lambda.rest) this.locations.set(lambda.rest, { kind: "slot", index: this.top++ });
    this.maxTop = this.top;
    if (self !== undefined) this.locations.set(self, { kind: "self" });
    const captured = this.capturedBy(lambda, self);
    captured.forEach((v, i) => this.locations.set(v, { kind: "free", index: i }));
  }

  /** The variables a lambda's closure holds: its free variables, less itself (G2 self). */
  capturedBy(lambda: Lambda, self: Variable | undefined): Variable[] {
    return this.unit.free.get(lambda)!.filter((v) => v !== self);
  }

  compile(): number {
    const lambda = this.lambda;
    // Assigned parameters are boxed in place at entry (G1).
    const parameters = lambda.rest ? [...lambda.parameters, lambda.rest] : lambda.parameters;
    for (const p of parameters) {
      if (this.unit.boxed.has(p)) {
        const slot = (this.locations.get(p) as { index: number }).index;
        this.emit(Op.BOX, slot, slot);
      }
    }
    this.tail(lambda.body);
    this.resolveLabels();
    const world = this.unit.world;
    return makeCode(world.heap, {
      instructions: this.instructions,
      constants: this.constants,
      name: lambda.name === undefined ? FALSE : world.symbols.intern(lambda.name),
      required: lambda.parameters.length,
      rest: lambda.rest !== undefined,
      frameSize: this.maxTop,
      sources: this.files.map((f) => this.unit.source(f)),
      positions: this.positions,
      flags: this.unit.options.flags | this.extraFlags,
      parameters: makeList(world.heap, lambda.parameters.map((p) => world.symbols.intern(p.name)),
        lambda.rest === undefined ? NIL : world.symbols.intern(lambda.rest.name)),
    });
  }

  // ---- Emission ------------------------------------------------------------------------------

  private emit(...words: number[]): void {
    for (const w of words) this.instructions.push(w);
  }

  /** Records where the next instruction comes from, for error messages and backtraces. */
  private mark(position: SourcePosition | undefined): void {
    if (position === undefined) return;
    if (position.line === this.lastLine && position.column === this.lastColumn && position.file === this.lastFile) return;
    let file = this.files.indexOf(position.file);
    if (file < 0) file = this.files.push(position.file) - 1;
    this.positions.push(this.instructions.length, file, position.line, position.column);
    this.lastLine = position.line;
    this.lastColumn = position.column;
    this.lastFile = position.file;
  }

  private constant(value: number): number {
    let k = this.constantIndex.get(value);
    if (k === undefined) {
      k = this.constants.length;
      this.constants.push(value);
      this.constantIndex.set(value, k);
    }
    return k;
  }

  private newLabel(): number {
    this.labels.push({ at: undefined, uses: [] });
    return this.labels.length - 1;
  }

  private placeLabel(label: number): void {
    this.labels[label].at = this.instructions.length;
  }

  /** Emits a jump-like instruction whose last operand is the label's target. */
  private emitJump(label: number, ...words: number[]): void {
    this.emit(...words);
    this.labels[label].uses.push(this.instructions.length);
    this.instructions.push(0);
  }

  private resolveLabels(): void {
    for (const label of this.labels) for (const use of label.uses) this.instructions[use] = label.at!;
  }

  private allocate(count: number): number {
    const first = this.top;
    this.top += count;
    if (this.top > this.maxTop) this.maxTop = this.top;
    return first;
  }

  // ---- Expressions ---------------------------------------------------------------------------

  /**
   * Emits code for the value of `node`. With a target slot, the value goes there and every
   * temporary is given back; without, the slot holding the value is returned: a variable's own
   * slot, or a new temporary at the old top (which the caller gives back).
   */
  private value(node: Node, target?: number): number {
    const saved = this.top;
    const into = (): number => target ?? this.allocate(1);
    const done = (slot: number): number => {
      if (target !== undefined) {
        if (slot !== target) this.emit(Op.MOVE, target, slot);
        this.top = saved;
        return target;
      }
      return slot;
    };
    switch (node.kind) {
      case "constant": {
        const t = into();
        if (isFixnum(node.value) || isImmediate(node.value)) this.emit(Op.IMM, t, node.value);
        else this.emit(Op.CONST, t, this.constant(node.value));
        return done(t);
      }
      case "local":
        return done(this.load(node.variable, into, node.position));
      case "global": {
        const t = into();
        const linked = this.unit.linked(node);
        if (linked !== undefined) {
          this.emit(Op.CONST, t, this.constant(linked));
          return done(t);
        }
        this.mark(node.position);
        this.emit(Op.GREF, t, this.constant(node.cell));
        return done(t);
      }
      case "set-local": {
        const v = this.value(node.value);
        this.store(node.variable, v);
        this.top = saved;
        return done(this.unspecifiedInto(into()));
      }
      case "set-global": {
        const v = this.value(node.value);
        this.mark(node.position);
        this.emit(Op.GSET, this.constant(node.cell), v);
        this.top = saved;
        return done(this.unspecifiedInto(into()));
      }
      case "define-global": {
        const v = this.value(node.value);
        this.emit(Op.GDEF, this.constant(node.cell), v);
        this.top = saved;
        return done(this.unspecifiedInto(into()));
      }
      case "if": {
        const t = into();
        const otherwise = this.newLabel();
        const end = this.newLabel();
        this.test(node.test, otherwise);
        this.value(node.consequent, t);
        this.emitJump(end, Op.JUMP);
        this.placeLabel(otherwise);
        this.value(node.alternative, t);
        this.placeLabel(end);
        return done(t);
      }
      case "sequence": {
        for (const n of node.body.slice(0, -1)) this.effect(n);
        return this.value(node.body[node.body.length - 1], target);
      }
      case "lambda":
        return done(this.closure(node, into(), undefined));
      case "case-lambda": {
        const t = into();
        const first = this.allocate(node.clauses.length);
        node.clauses.forEach((c, i) => this.closure(c, first + i, undefined));
        this.emit(Op.CASE_LAMBDA, t, node.clauses.length, ...node.clauses.map((_, i) => first + i));
        return done(t);
      }
      case "call":
        return done(this.call(node, target));
      case "let":
      case "letrec": {
        const t = into();
        this.bind(node);
        this.value(node.body, t);
        return done(t);
      }
    }
  }

  private unspecifiedInto(t: number): number {
    this.emit(Op.IMM, t, UNSPECIFIED);
    return t;
  }

  /** Code for a node whose value is not used. */
  private effect(node: Node): void {
    const saved = this.top;
    switch (node.kind) {
      case "constant":
      case "local":
      case "lambda":
        return;
      case "sequence":
        for (const n of node.body) this.effect(n);
        return;
      case "if": {
        const otherwise = this.newLabel();
        const end = this.newLabel();
        this.test(node.test, otherwise);
        this.effect(node.consequent);
        this.emitJump(end, Op.JUMP);
        this.placeLabel(otherwise);
        this.effect(node.alternative);
        this.placeLabel(end);
        return;
      }
      case "let":
      case "letrec":
        this.bind(node);
        this.effect(node.body);
        this.top = saved;
        return;
      default:
        this.value(node);
        this.top = saved;
    }
  }

  /** Code for a node in tail position: it returns, or tail-calls. */
  private tail(node: Node): void {
    const saved = this.top;
    switch (node.kind) {
      case "if": {
        const otherwise = this.newLabel();
        this.test(node.test, otherwise);
        this.tail(node.consequent);
        this.placeLabel(otherwise);
        this.tail(node.alternative);
        return;
      }
      case "sequence":
        for (const n of node.body.slice(0, -1)) this.effect(n);
        this.tail(node.body[node.body.length - 1]);
        return;
      case "let":
      case "letrec":
        this.bind(node);
        this.tail(node.body);
        this.top = saved;
        return;
      case "call": {
        // A call that never returns (error, raise) keeps this frame, so the error is reported
        // where it was called from: a tail call would have removed the caller from the backtrace.
        if (this.keepFrame || this.integration(node) !== undefined || this.unit.neverReturns(node.callee)) break;
        const base = this.allocate(1 + node.args.length);
        this.value(node.callee, base);
        node.args.forEach((a, i) => this.value(a, base + 1 + i));
        this.mark(node.position);
        this.emit(Op.TAIL_CALL, base, node.args.length);
        this.top = saved;
        return;
      }
      default:
        break;
    }
    const slot = this.value(node);
    this.emit(Op.RETURN, slot);
    this.top = saved;
  }

  /** Code that jumps to `otherwise` when node's value is #f, and falls through when it is not. */
  private test(node: Node, otherwise: number): void {
    const saved = this.top;
    if (node.kind === "constant") {
      if (node.value === FALSE) this.emitJump(otherwise, Op.JUMP);
      return;
    }
    if (node.kind === "if") {
      const inner = this.newLabel();
      const pass = this.newLabel();
      this.test(node.test, inner);
      this.test(node.consequent, otherwise);
      this.emitJump(pass, Op.JUMP);
      this.placeLabel(inner);
      this.test(node.alternative, otherwise);
      this.placeLabel(pass);
      return;
    }
    if (node.kind === "call") {
      const name = this.unit.primitiveName(node.callee);
      const jump = name === undefined ? undefined : TEST_JUMPS.get(name);
      const arity = jump === undefined ? -1 : VALUE_OPERATIONS.get(name!)!.arity;
      if (jump !== undefined && node.args.length === arity) {
        const a = this.value(node.args[0]);
        if (arity === 1) {
          this.mark(node.position);
          this.emitJump(otherwise, jump.op, a);
        } else {
          const b = node.args[1];
          if (jump.immediate !== undefined && b.kind === "constant" && isFixnum(b.value)) {
            this.mark(node.position);
            this.emitJump(otherwise, jump.immediate, a, b.value);
          } else {
            const bs = this.value(b);
            this.mark(node.position);
            this.emitJump(otherwise, jump.op, a, bs);
          }
        }
        this.top = saved;
        return;
      }
    }
    const slot = this.value(node);
    this.emitJump(otherwise, Op.JUMP_IF_FALSE, slot);
    this.top = saved;
  }

  // ---- Calls ---------------------------------------------------------------------------------

  /** An integrated primitive call (G3), if this call is one. */
  private integration(node: Node & { kind: "call" }): Integration | undefined {
    const name = this.unit.primitiveName(node.callee);
    if (name === undefined) return undefined;
    const op = VALUE_OPERATIONS.get(name);
    if (op === undefined) return undefined;
    const n = node.args.length;
    // + and * fold any number of arguments from 2 up, left to right.
    if ((name === "+" || name === "*") && n >= 2) return op;
    return n === op.arity ? op : undefined;
  }

  /** A non-tail call; returns the slot with its value (the target, if given). */
  private call(node: Node & { kind: "call" }, target: number | undefined): number {
    const integration = this.integration(node);
    if (integration !== undefined) return this.integrated(node, integration, target);
    const n = node.args.length;
    const base = this.allocate(FRAME_HEADER + 1 + n);
    this.value(node.callee, base + FRAME_HEADER);
    node.args.forEach((a, i) => this.value(a, base + FRAME_HEADER + 1 + i));
    this.mark(node.position);
    this.emit(Op.CALL, base, n);
    this.top = base + 1;
    return base;
  }

  private integrated(node: Node & { kind: "call" }, integration: Integration, target: number | undefined): number {
    const saved = this.top;
    const t = target ?? this.allocate(1);
    const args = node.args;
    // (+ a k) and (- a k) with a fixnum constant k: one instruction with k inline.
    if ((integration.op === Op.ADD || integration.op === Op.SUB) && args.length === 2 && args[1].kind === "constant" &&
      isFixnum(args[1].value)) {
      const k = fixnumValue(args[1].value) * (integration.op === Op.SUB ? -1 : 1);
      if (fitsFixnum(k)) {
        const a = this.value(args[0]);
        this.mark(node.position);
        this.emit(Op.ADD_IMM, t, a, makeFixnum(k));
        this.top = target === undefined ? saved + 1 : saved;
        return t;
      }
    }
    let accumulated = this.value(args[0]);
    for (let i = 1; i < Math.max(args.length, integration.arity); i++) {
      const b = this.value(args[i]);
      this.mark(node.position);
      this.emit(integration.op, t, accumulated, b);
      accumulated = t;
    }
    if (integration.arity === 1) {
      this.mark(node.position);
      this.emit(integration.op, t, accumulated);
    }
    this.top = target === undefined ? saved + 1 : saved;
    return t;
  }

  // ---- Variables -----------------------------------------------------------------------------

  /** The slot holding a variable's value, loading it into a new slot when it is not in one. */
  private load(v: Variable, into: () => number, position: SourcePosition | undefined): number {
    const loc = this.locations.get(v);
    if (loc === undefined) throw new Error(`codegen: no location for ${v.name}`);
    const boxed = this.unit.boxed.has(v);
    const checked = this.unit.checked.has(v);
    if (loc.kind === "self") return 0;
    if (loc.kind === "slot") {
      if (!boxed) return loc.index;
      const t = into();
      this.mark(position);
      if (checked) this.emit(Op.UNBOX_CHECKED, t, loc.index, this.constant(this.unit.world.symbols.intern(v.name)));
      else this.emit(Op.UNBOX, t, loc.index);
      return t;
    }
    const t = into();
    if (!boxed) {
      this.emit(Op.FREF, t, loc.index);
    } else if (checked) {
      this.mark(position);
      this.emit(Op.FREF, t, loc.index);
      this.emit(Op.UNBOX_CHECKED, t, t, this.constant(this.unit.world.symbols.intern(v.name)));
    } else {
      this.emit(Op.BOX_REF, t, loc.index);
    }
    return t;
  }

  /** The slot holding what a closure captures for `v`: the box itself when it is boxed. */
  private raw(v: Variable): number {
    const loc = this.locations.get(v)!;
    if (loc.kind === "self") return 0;
    if (loc.kind === "slot") return loc.index;
    const t = this.allocate(1);
    this.emit(Op.FREF, t, loc.index);
    return t;
  }

  private store(v: Variable, value: number): void {
    this.emit(Op.SET_BOX, this.raw(v), value);
  }

  /** Makes a closure of `lambda` in slot t; `self` is the letrec variable it is bound to. */
  private closure(lambda: Lambda, t: number, self: Variable | undefined): number {
    const saved = this.top;
    const code = new FunctionCompiler(this.unit, lambda, self).compile();
    const captured = this.capturedBy(lambda, self).map((v) => this.raw(v));
    this.emit(Op.CLOSURE, t, this.constant(code), captured.length, ...captured);
    this.top = saved;
    return t;
  }

  /** Binds a let or letrec's variables in new slots (G1, G2); the body is compiled after. */
  private bind(node: Node & { kind: "let" | "letrec" }): void {
    const first = this.allocate(node.variables.length);
    if (node.kind === "let") {
      node.variables.forEach((v, i) => {
        this.value(node.inits[i], first + i);
        this.locations.set(v, { kind: "slot", index: first + i });
        if (this.unit.boxed.has(v)) this.emit(Op.BOX, first + i, first + i);
      });
      return;
    }
    node.variables.forEach((v, i) => {
      this.locations.set(v, { kind: "slot", index: first + i });
      if (this.unit.boxed.has(v)) {
        this.emit(Op.IMM, first + i, UNINITIALIZED);
        this.emit(Op.BOX, first + i, first + i);
      }
    });
    // G2: the lambdas first, then the free variables they share, then the other inits in order.
    const group = node.variables.map((v, i) => (!this.unit.boxed.has(v) && node.inits[i].kind === "lambda" ? i : -1)).filter((i) => i >= 0);
    const members = new Set(group.map((i) => node.variables[i]));
    for (const i of group) this.closure(node.inits[i] as Lambda, first + i, node.variables[i]);
    for (const i of group) {
      this.capturedBy(node.inits[i] as Lambda, node.variables[i]).forEach((v, freeIndex) => {
        if (members.has(v)) this.emit(Op.FIX_FREE, first + i, freeIndex, (this.locations.get(v) as { index: number }).index);
      });
    }
    node.variables.forEach((v, i) => {
      if (members.has(v)) return;
      const saved = this.top;
      const value = this.value(node.inits[i]);
      this.emit(Op.SET_BOX, first + i, value);
      this.top = saved;
    });
  }
}
