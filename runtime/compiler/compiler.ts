// The compiler's entry point: a toplevel form (heap data, annotated or plain) -> a procedure of
// no arguments that runs it. Expansion (expander.ts) then code generation (codegen.ts); both run
// in JavaScript, between two instructions of the machine, so compiling is atomic with respect to
// collections and checkpoints.

import { World } from "../world";
import { SchemeError } from "../errors";
import { CLOSURE_CODE, CODE_FLAG_LIBRARY, CODE_FLAG_TOPLEVEL, OBJECT_CLOSURE } from "../layout";
import { Expander, ExpanderHost } from "./expander";
import { compileLambda } from "./codegen";
import { Syntax, syntaxFromDatum } from "./syntax";
import { Lambda } from "./ir";

export interface CompileOptions {
  /** Mark the code as the standard library's (left out of user backtraces). */
  readonly library?: boolean;
}

export class Compiler {
  readonly expander: Expander;
  /** Code compiled while this is set is library code (for define-macro bodies compiled inside). */
  private libraryDepth = 0;

  /** `apply` runs a procedure now (nested in whatever runs): define-macro transformers. */
  constructor(
    private readonly world: World,
    host: Omit<ExpanderHost, "evaluateNow" | "apply">,
    private readonly apply: (procedure: number, args: readonly number[]) => number,
  ) {
    this.expander = new Expander({ ...host, apply, evaluateNow: (form) => this.apply(this.compileSyntax(form), []) });
  }

  /** A procedure of no arguments that evaluates the toplevel form `datum`. */
  compile(datum: number, options: CompileOptions = {}): number {
    if (options.library) this.libraryDepth++;
    try {
      return this.compileSyntax(syntaxFromDatum(this.world.heap, this.world.symbols, datum));
    } finally {
      if (options.library) this.libraryDepth--;
    }
  }

  private compileSyntax(form: Syntax): number {
    let thunk: Lambda;
    try {
      thunk = { kind: "lambda", parameters: [], rest: undefined, body: this.expander.expandToplevel(form), name: undefined, position: form.position };
      const library = this.libraryDepth > 0;
      const code = compileLambda(this.world, thunk, { flags: library ? CODE_FLAG_LIBRARY : 0, link: library, toplevelFlags: CODE_FLAG_TOPLEVEL });
      const closure = this.world.heap.allocate(OBJECT_CLOSURE, 1);
      this.world.heap.initField(closure, CLOSURE_CODE, code);
      return closure;
    } catch (e) {
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        throw new SchemeError("form nested too deeply to compile", [], "syntax", form.position);
      }
      throw e;
    }
  }
}
