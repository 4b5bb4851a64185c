// The expander: syntax (syntax.ts) -> IR (ir.ts). It resolves every identifier (scope.ts),
// expands macros, and turns the derived forms of R7RS 4.2 and 7.3 into core forms.
//
// Invariants
//   E1. Expansion is in order: a toplevel or body definition of a macro takes effect for the
//       forms after it, including later forms of the same `begin`.
//   E2. A body is letrec*: every definition in it is bound before any of its initializers or
//       expressions is expanded, then they run in order.
//   E3. Forms the expander generates refer to runtime procedures either as primitive objects
//       (constants) or through core identifiers, which always mean their global binding: user
//       code that rebinds `list`, `cons` or `%record-get` cannot change a derived form.
//   E4. Every error is a SchemeError of kind "syntax" carrying the position of the form at fault.

import { World } from "../world";
import { LispError, SchemeError, SourcePosition } from "../errors";
import {
  FALSE, MACRO_KIND, MACRO_KIND_PROCEDURE, MACRO_KIND_SYNTAX_RULES, MACRO_NAME, MACRO_SIZE, MACRO_TRANSFORMER, NIL,
  OBJECT_MACRO, OBJECT_SPECIAL_FORM, OBJECT_STRING, OBJECT_VECTOR, SPECIAL_FORM_NAME, SPECIAL_FORM_SIZE,
  TRUE, UNSPECIFIED, VECTOR_ELEMENTS, isPair,
} from "../layout";
import { makeList, makeVector, stringToJs } from "../objects";
import { makeFixnum } from "../layout";
import { printToString } from "../printer";
import {
  Datum, Identifier, Syntax, SyntaxList, SyntaxVector, specificationFromDatum, specificationToDatum, syntaxFromDatum, syntaxToDatum,
} from "./syntax";
import { Binding, Scope, resolve } from "./scope";
import { Macro, expandSyntaxRules, parseSyntaxRules } from "./syntax-rules";
import { Lambda, Node, Variable, constant, sequence } from "./ir";

/** What the expander needs from the rest of the runtime. */
export interface ExpanderHost {
  readonly world: World;
  /** The primitive object of a primitive, as defined (for derived forms, E3). */
  primitive(name: string): number;
  /** equal? on heap data (syntax-rules datum patterns). */
  equal(a: number, b: number): boolean;
  /** Compiles and runs an expression now, returning its value (define-macro transformers). */
  evaluateNow(form: Syntax): number;
  /** Applies a procedure now (define-macro transformers). */
  apply(procedure: number, args: readonly number[]): number;
  /** The text of a file named by `include` (relative to the including file). */
  readSource(path: string, from: SourcePosition | undefined): { text: string; file: string };
  /** Reads all data of a source text, annotated. */
  readAll(text: string, file: string): number[];
}

/** The syntactic keywords the expander implements; each is bound globally to a special form. */
export const SPECIAL_FORMS = [
  "quote", "quasiquote", "unquote", "unquote-splicing", "lambda", "define", "set!", "if", "begin", "let", "let*",
  "letrec", "letrec*", "do", "cond", "case", "and", "or", "when", "unless", "define-values", "let-values",
  "let*-values", "delay", "delay-force", "parameterize", "guard", "define-record-type", "define-syntax", "let-syntax",
  "letrec-syntax", "syntax-rules", "syntax-error", "include", "include-ci", "case-lambda", "define-macro", "import",
  "cond-expand",
  "else", "=>", "...", "_",
] as const;

/** Keywords that only have meaning inside other forms (R7RS "auxiliary syntax"). */
const AUXILIARY = new Set(["else", "=>", "...", "_", "unquote", "unquote-splicing", "syntax-rules"]);

/** Libraries `import` accepts: everything of R7RS-small is built in. */
const KNOWN_LIBRARIES = /^\((scheme (base|case-lambda|char|complex|cxr|eval|file|inexact|lazy|load|process-context|read|repl|time|write|r5rs)|srfi [0-9]+|stasis( [a-z0-9-]+)*)\)$/;

/** The import-set forms that wrap a library name (R7RS 5.2). */
const IMPORT_SET_FORMS = new Set(["only", "except", "prefix", "rename"]);

type Handler = (form: SyntaxList, scope: Scope, name: string | undefined) => Node;

function syntaxError(message: string, at: Syntax | SourcePosition | undefined): SchemeError {
  const position = at === undefined ? undefined : "line" in at ? at as SourcePosition : (at as Syntax).position;
  return new SchemeError(message, [], "syntax", position);
}

export class Expander {
  readonly toplevel = new Scope(undefined);
  private readonly world: World;
  private readonly handlers: Map<string, Handler>;
  private readonly macroCache = new Map<number, Macro>();
  private expansions = 0;

  constructor(private readonly host: ExpanderHost) {
    this.world = host.world;
    this.handlers = this.makeHandlers();
    // Macro objects are old (pretenured); a compaction may move them: forget the parsed ones.
    this.world.heap.rootSets.push({ forEachRoot: () => undefined, relocated: () => this.macroCache.clear() });
  }

  /** Binds every special form globally (a new world), unless already bound. */
  installSpecialForms(): void {
    const { heap, symbols, globals } = this.world;
    for (const name of SPECIAL_FORMS) {
      const symbol = symbols.intern(name);
      const form = heap.allocateOld(OBJECT_SPECIAL_FORM, SPECIAL_FORM_SIZE);
      heap.initField(form, SPECIAL_FORM_NAME, symbol);
      globals.define(symbol, form);
    }
  }

  // ---- Meaning of identifiers ----------------------------------------------------------------

  private globalMeaning = (symbol: number): Binding => {
    const { heap, globals } = this.world;
    const value = globals.value(symbol);
    if (heap.isType(value, OBJECT_SPECIAL_FORM)) return { kind: "special", name: this.world.symbols.name(heap.field(value, SPECIAL_FORM_NAME)) };
    if (heap.isType(value, OBJECT_MACRO)) return { kind: "macro", macro: this.macroFromObject(value) };
    return { kind: "global", symbol };
  };

  resolve(id: Identifier, scope: Scope): Binding {
    return resolve(id, scope, this.globalMeaning);
  }

  private macroFromObject(object: number): Macro {
    const cached = this.macroCache.get(object);
    if (cached !== undefined) return cached;
    const heap = this.world.heap;
    const name = this.world.symbols.name(heap.field(object, MACRO_NAME));
    const transformer = heap.field(object, MACRO_TRANSFORMER);
    let macro: Macro;
    if (heap.field(object, MACRO_KIND) === MACRO_KIND_PROCEDURE) {
      macro = { kind: "procedure", name, transformer };
    } else {
      // The specification, or #(specification renames) when it has aliases (syntax.ts).
      let datum = transformer;
      const renames = new Map<number, number>();
      if (heap.isType(transformer, OBJECT_VECTOR)) {
        datum = heap.field(transformer, VECTOR_ELEMENTS);
        for (let l = heap.field(transformer, VECTOR_ELEMENTS + 1); isPair(l); l = heap.cdr(l)) renames.set(heap.car(heap.car(l)), heap.cdr(heap.car(l)));
      }
      const spec = specificationFromDatum(heap, this.world.symbols, datum, renames, this.toplevel, this.nextExpansion);
      if (!(spec instanceof SyntaxList)) throw syntaxError(`${name}: damaged macro`, undefined);
      macro = parseSyntaxRules(spec, name, this.toplevel);
    }
    this.macroCache.set(object, macro);
    return macro;
  }

  private makeMacroObject(kind: number, transformer: number, symbol: number): number {
    const heap = this.world.heap;
    const object = heap.allocateOld(OBJECT_MACRO, MACRO_SIZE);
    heap.initField(object, MACRO_KIND, kind);
    heap.initField(object, MACRO_TRANSFORMER, transformer);
    heap.initField(object, MACRO_NAME, symbol);
    return object;
  }

  /** An identifier that always means the global binding of `name` (E3). */
  private core(name: string, position?: SourcePosition): Identifier {
    const symbol = this.world.symbols.intern(name);
    const original = new Identifier(symbol, name, undefined, position);
    return new Identifier(symbol, name, { id: this.nextExpansion(), original, scope: this.toplevel }, position);
  }

  /** A fresh identifier no user code can refer to (for generated bindings). */
  private fresh(name: string, position?: SourcePosition): Identifier {
    const symbol = this.world.symbols.intern(name);
    const original = new Identifier(symbol, name, undefined, position);
    return new Identifier(symbol, name, { id: this.nextExpansion(), original, scope: new Scope(undefined) }, position);
  }

  private nextExpansion = (): number => ++this.expansions;

  private macroContext = {
    resolve: (id: Identifier, scope: Scope) => this.resolve(id, scope),
    equal: (a: number, b: number) => this.host.equal(a, b),
    nextExpansion: this.nextExpansion,
  };

  /** One step of macro expansion of a use, keeping the use's position where the result has none. */
  private expandMacro(macro: Macro, form: SyntaxList, scope: Scope): Syntax {
    if (macro.kind === "syntax-rules") return expandSyntaxRules(macro, form, scope, this.macroContext);
    const { heap, symbols } = this.world;
    const datum = syntaxToDatum(heap, form);
    let result: number;
    try {
      result = this.host.apply(macro.transformer, [datum]);
    } catch (e) {
      // An error in the transformer is an error of this use of the macro (E4).
      if (e instanceof LispError && e.position === undefined) {
        throw new SchemeError(`${macro.name}: ${e.message}`, [], "syntax", form.position);
      }
      throw e;
    }
    return syntaxFromDatum(heap, symbols, result, form.position);
  }

  // ---- IR helpers ----------------------------------------------------------------------------

  private primitive(name: string): Node {
    return constant(this.host.primitive(name));
  }

  /**
   * A reference to a procedure the library defines, linked (G4): `name` is one of the library's
   * %-names, which user code does not redefine.
   */
  private library(name: string): Node {
    return { kind: "global", cell: this.world.globals.cell(this.world.symbols.intern(name)), link: true };
  }

  private call(callee: Node, args: readonly Node[], position?: SourcePosition): Node {
    return { kind: "call", callee, args, position };
  }

  private unspecified(): Node {
    return constant(UNSPECIFIED);
  }

  // ---- Expressions ---------------------------------------------------------------------------

  /** Expands an expression. `name` names a lambda it produces (define, let bindings). */
  expand(form: Syntax, scope: Scope, name?: string): Node {
    for (;;) {
      if (form instanceof Identifier) return this.reference(form, scope);
      if (form instanceof Datum) return constant(form.value);
      if (form instanceof SyntaxVector) return constant(syntaxToDatum(this.world.heap, form));
      if (form.elements.length === 0) throw syntaxError("() is not an expression; write '() for the empty list", form);
      const head = form.elements[0];
      if (head instanceof Identifier) {
        const binding = this.resolve(head, scope);
        if (binding.kind === "macro") {
          form = this.expandMacro(binding.macro, form, scope);
          continue;
        }
        if (binding.kind === "special") {
          const handler = this.handlers.get(binding.name);
          if (handler === undefined) throw syntaxError(`${binding.name}: not allowed here`, form);
          return handler(form, scope, name);
        }
      }
      if (!form.isProper) throw syntaxError("a procedure call must be a proper list", form);
      const callee = this.expand(head, scope);
      const args = form.elements.slice(1).map((a) => this.expand(a, scope));
      return this.call(callee, args, form.position);
    }
  }

  private reference(id: Identifier, scope: Scope): Node {
    const binding = this.resolve(id, scope);
    switch (binding.kind) {
      case "variable":
        return { kind: "local", variable: binding.variable, position: id.position };
      case "global":
        return { kind: "global", cell: this.world.globals.cell(binding.symbol), position: id.position };
      case "special":
        throw syntaxError(`${id.name}: a syntactic keyword cannot be used as a variable`, id);
      case "macro":
        throw syntaxError(`${id.name}: a macro cannot be used as a variable`, id);
    }
  }

  private isKeyword(s: Syntax | undefined, scope: Scope, keyword: string): boolean {
    if (!(s instanceof Identifier)) return false;
    const b = this.resolve(s, scope);
    return b.kind === "special" && b.name === keyword;
  }

  /** The elements of a proper list form with between min and max of them (usage for errors). */
  private parts(form: SyntaxList, min: number, max: number, usage: string): readonly Syntax[] {
    const n = form.elements.length;
    if (!form.isProper || n < min || n > max) throw syntaxError(`bad syntax: expected ${usage}`, form);
    return form.elements;
  }

  private identifier(s: Syntax, what: string): Identifier {
    if (!(s instanceof Identifier)) throw syntaxError(`${what}: expected an identifier`, s);
    return s;
  }

  private sequenceOf(forms: readonly Syntax[], scope: Scope): Node {
    return sequence(forms.map((f) => this.expand(f, scope)), this.unspecified());
  }

  // ---- Bodies and definitions ----------------------------------------------------------------

  /** A lambda: formals and a body, in a new scope (E2). */
  private lambda(formals: Syntax, body: readonly Syntax[], scope: Scope, name: string | undefined, position?: SourcePosition): Lambda {
    const inner = new Scope(scope);
    const parameters: Variable[] = [];
    let rest: Variable | undefined;
    const bind = (s: Syntax): Variable => {
      const id = this.identifier(s, "lambda parameter");
      if (inner.bindsHere(id)) throw syntaxError(`duplicate parameter ${id.name}`, id);
      const v = new Variable(id.name, id.position);
      inner.bind(id, { kind: "variable", variable: v });
      return v;
    };
    if (formals instanceof Identifier) {
      rest = bind(formals);
    } else if (formals instanceof SyntaxList) {
      for (const p of formals.elements) parameters.push(bind(p));
      if (formals.tail !== undefined) rest = bind(formals.tail);
    } else {
      throw syntaxError("lambda: the parameters must be an identifier or a list of identifiers", formals);
    }
    return { kind: "lambda", parameters, rest, body: this.body(body, inner, position), name, position };
  }

  /**
   * A body (R7RS 5.3.2, E2): definitions and expressions, in order, as letrec*. Definitions may
   * come from macros and `begin`; an expression among definitions is kept in its place.
   */
  body(forms: readonly Syntax[], outer: Scope, position?: SourcePosition): Node {
    if (forms.length === 0) throw syntaxError("a body needs at least one expression", position);
    const scope = new Scope(outer);
    type Item = { variables: Variable[]; init: () => Node } | { expression: Syntax };
    const items: Item[] = [];
    const queue = [...forms];
    while (queue.length > 0) {
      let form = queue.shift()!;
      // Expand macro uses at the head until the form is a definition, a begin, or an expression.
      for (;;) {
        if (!(form instanceof SyntaxList) || !(form.elements[0] instanceof Identifier)) break;
        const b = this.resolve(form.elements[0], scope);
        if (b.kind !== "macro") break;
        form = this.expandMacro(b.macro, form, scope);
      }
      const keyword = this.definitionKeyword(form, scope);
      const list = form as SyntaxList;
      switch (keyword) {
        case "begin":
          queue.unshift(...this.parts(list, 1, Infinity, "(begin form ...)").slice(1));
          break;
        case "define": {
          const { id, value } = this.definitionParts(list);
          const v = this.bindVariable(scope, id);
          items.push({ variables: [v], init: () => this.expand(value(), scope, id.name) });
          break;
        }
        case "define-values": {
          const { variables, init } = this.defineValues(list, scope, (id) => this.bindVariable(scope, id));
          items.push({ variables, init });
          break;
        }
        case "define-syntax": {
          const [, nameForm, spec] = this.parts(list, 3, 3, "(define-syntax name (syntax-rules ...))");
          const id = this.identifier(nameForm, "define-syntax");
          scope.bind(id, { kind: "macro", macro: this.transformer(spec, id.name, scope) });
          break;
        }
        case "define-record-type":
          queue.unshift(...this.recordDefinitions(list));
          break;
        case "include":
        case "include-ci":
          queue.unshift(...this.included(list, keyword === "include-ci"));
          break;
        case "cond-expand":
          queue.unshift(...this.condExpand(list, scope));
          break;
        default:
          items.push({ expression: form });
      }
    }
    // E2: every definition is bound; now expand the initializers and expressions, in order.
    const variables: Variable[] = [];
    const inits: Node[] = [];
    let tail: Node[] = [];
    for (const item of items) {
      if ("expression" in item) {
        tail.push(this.expand(item.expression, scope));
        continue;
      }
      for (const t of tail) {
        variables.push(new Variable("_"));
        inits.push(t);
      }
      tail = [];
      const init = item.init();
      if (item.variables.length === 1) {
        variables.push(item.variables[0]);
        inits.push(init);
      } else {
        variables.push(new Variable("_"));
        inits.push(init);
      }
    }
    if (tail.length === 0) throw syntaxError("a body must end with an expression, not a definition", position);
    const result = sequence(tail, this.unspecified());
    if (variables.length === 0) return result;
    // define-values variables are assigned by their initializer: they appear in no init slot.
    const bound = new Set(variables);
    const extra = items.flatMap((i) => ("variables" in i && i.variables.length !== 1 ? i.variables : []));
    for (const v of extra) if (!bound.has(v)) variables.unshift(v), inits.unshift(constant(UNSPECIFIED));
    return { kind: "letrec", variables, inits, body: result };
  }

  /** Which definition form (or begin/include) a body form is, if any. */
  private definitionKeyword(form: Syntax, scope: Scope): string | undefined {
    if (!(form instanceof SyntaxList) || !(form.elements[0] instanceof Identifier)) return undefined;
    const b = this.resolve(form.elements[0], scope);
    if (b.kind !== "special") return undefined;
    return ["begin", "define", "define-values", "define-syntax", "define-record-type", "include", "include-ci", "cond-expand"].includes(b.name)
      ? b.name : undefined;
  }

  private bindVariable(scope: Scope, id: Identifier): Variable {
    if (scope.bindsHere(id)) throw syntaxError(`${id.name} is defined twice in the same body`, id);
    const v = new Variable(id.name, id.position);
    scope.bind(id, { kind: "variable", variable: v });
    return v;
  }

  /** (define id expr), (define (id . formals) body ...), (define ((id a) b) ...), (define id). */
  private definitionParts(form: SyntaxList): { id: Identifier; value: () => Syntax } {
    const parts = this.parts(form, 2, Infinity, "(define name value) or (define (name parameter ...) body ...)");
    let target = parts[1];
    let body: readonly Syntax[] = parts.slice(2);
    // Curried define: (define ((f a) b) body) = (define (f a) (lambda (b) body)).
    while (target instanceof SyntaxList && target.elements[0] instanceof SyntaxList) {
      const lambdaForm = new SyntaxList([this.core("lambda", form.position), new SyntaxList(target.elements.slice(1), target.tail, target.position), ...body], undefined, form.position);
      body = [lambdaForm];
      target = target.elements[0];
    }
    if (target instanceof Identifier) {
      if (body.length > 1) throw syntaxError(`define: ${target.name} takes one value`, form);
      const value = body.length === 0 ? new Datum(UNSPECIFIED, form.position) : body[0];
      return { id: target, value: () => value };
    }
    if (target instanceof SyntaxList && target.elements.length > 0) {
      const id = this.identifier(target.elements[0], "define");
      const formals = new SyntaxList(target.elements.slice(1), target.tail, target.position);
      if (body.length === 0) throw syntaxError(`define: ${id.name} needs a body`, form);
      return { id, value: () => new SyntaxList([this.core("lambda", form.position), formals, ...body], undefined, form.position) };
    }
    throw syntaxError("define: expected a name or (name parameter ...)", form);
  }

  /**
   * (define-values formals expr): variables bound by `bind`, and an initializer that sets them
   * from the values of expr.
   */
  private defineValues(form: SyntaxList, scope: Scope, bind: (id: Identifier) => Variable): { variables: Variable[]; init: () => Node } {
    const [, formals, expression] = this.parts(form, 3, 3, "(define-values formals expression)");
    const ids: Identifier[] = [];
    let restId: Identifier | undefined;
    if (formals instanceof Identifier) restId = formals;
    else if (formals instanceof SyntaxList) {
      formals.elements.forEach((f) => ids.push(this.identifier(f, "define-values")));
      if (formals.tail !== undefined) restId = this.identifier(formals.tail, "define-values");
    } else throw syntaxError("define-values: expected a list of identifiers", formals);
    const variables = [...ids, ...(restId ? [restId] : [])].map(bind);
    const init = (): Node => {
      const temps = ids.map((id) => new Variable(id.name));
      const restTemp = restId ? new Variable(restId.name) : undefined;
      const sets: Node[] = [...temps, ...(restTemp ? [restTemp] : [])].map((t, i) => {
        variables[i].assigned = true;
        return { kind: "set-local", variable: variables[i], value: { kind: "local", variable: t } };
      });
      // Named for the form, so a wrong number of values reads "define-values: expected 2 arguments".
      const consumer: Lambda = { kind: "lambda", parameters: temps, rest: restTemp, body: sequence(sets, this.unspecified()), name: "define-values" };
      const producer: Lambda = { kind: "lambda", parameters: [], rest: undefined, body: this.expand(expression, scope), name: undefined };
      return this.call(this.library("%call-with-values"), [producer, consumer], form.position);
    };
    return { variables, init };
  }

  // ---- Toplevel ------------------------------------------------------------------------------

  /** Expands a toplevel form: definitions are global (E1). */
  expandToplevel(form: Syntax): Node {
    for (;;) {
      if (form instanceof SyntaxList && form.elements[0] instanceof Identifier) {
        const b = this.resolve(form.elements[0], this.toplevel);
        if (b.kind === "macro") {
          form = this.expandMacro(b.macro, form, this.toplevel);
          continue;
        }
        if (b.kind === "special") {
          const node = this.toplevelForm(b.name, form);
          if (node !== undefined) return node;
        }
      }
      return this.expand(form, this.toplevel);
    }
  }

  private toplevelForm(keyword: string, form: SyntaxList): Node | undefined {
    const { symbols, globals } = this.world;
    switch (keyword) {
      case "begin": {
        const forms = this.parts(form, 1, Infinity, "(begin form ...)").slice(1);
        return sequence(forms.map((f) => this.expandToplevel(f)), this.unspecified());
      }
      case "define": {
        const { id, value } = this.definitionParts(form);
        const cell = globals.cell(id.symbol);
        return { kind: "define-global", cell, value: this.expand(value(), this.toplevel, id.name) };
      }
      case "define-values": {
        const { variables, init } = this.defineValues(form, this.toplevel, (id) => new Variable(id.name, id.position));
        // At toplevel the variables are globals: bind them as locals, then define each global.
        const ids = this.definedIds(form);
        const defines: Node[] = variables.map((v, i) => ({
          kind: "define-global", cell: globals.cell(ids[i].symbol), value: { kind: "local", variable: v },
        }));
        return {
          kind: "letrec", variables, inits: variables.map(() => constant(UNSPECIFIED)),
          body: sequence([init(), ...defines, this.unspecified()], this.unspecified()),
        };
      }
      case "define-syntax": {
        const [, nameForm, spec] = this.parts(form, 3, 3, "(define-syntax name (syntax-rules ...))");
        const id = this.identifier(nameForm, "define-syntax");
        this.transformer(spec, id.name, this.toplevel); // validates
        const heap = this.world.heap;
        const { datum, renames } = specificationToDatum(heap, spec, (name) => this.world.symbols.uninterned(name));
        const kept = renames.length === 0
          ? datum
          : makeVector(heap, [datum, makeList(heap, renames.map(([u, symbol]) => heap.cons(u, symbol)))]);
        globals.define(id.symbol, this.makeMacroObject(MACRO_KIND_SYNTAX_RULES, kept, id.symbol));
        return this.unspecified();
      }
      case "define-macro": {
        const parts = this.parts(form, 3, Infinity, "(define-macro (name . parameters) body ...)");
        let id: Identifier;
        let transformer: Syntax;
        if (parts[1] instanceof SyntaxList) {
          id = this.identifier(parts[1].elements[0], "define-macro");
          const formals = new SyntaxList(parts[1].elements.slice(1), parts[1].tail, parts[1].position);
          transformer = new SyntaxList([this.core("lambda"), formals, ...parts.slice(2)], undefined, form.position);
        } else {
          id = this.identifier(parts[1], "define-macro");
          if (parts.length !== 3) throw syntaxError("define-macro: expected (define-macro name transformer)", form);
          transformer = parts[2];
        }
        const procedure = this.host.evaluateNow(transformer);
        // The transformer receives the whole form; define-macro's parameters describe the rest.
        // One identifier for the parameter and its reference: each fresh() is a new binding name.
        const whole = this.fresh("form");
        const adapter = this.host.evaluateNow(new SyntaxList([
          this.core("lambda"), new SyntaxList([whole], undefined, undefined),
          new SyntaxList([this.core("apply"), new Datum(procedure, form.position),
            new SyntaxList([this.core("cdr"), whole], undefined, undefined)], undefined, undefined),
        ], undefined, form.position));
        globals.define(id.symbol, this.makeMacroObject(MACRO_KIND_PROCEDURE, adapter, symbols.intern(id.name)));
        return this.unspecified();
      }
      case "define-record-type":
        return this.expandToplevel(new SyntaxList([this.core("begin"), ...this.recordDefinitions(form)], undefined, form.position));
      case "include":
      case "include-ci":
        return sequence(this.included(form, keyword === "include-ci").map((f) => this.expandToplevel(f)), this.unspecified());
      case "cond-expand":
        return sequence(this.condExpand(form, this.toplevel).map((f) => this.expandToplevel(f)), this.unspecified());
      case "import": {
        for (const spec of form.elements.slice(1)) {
          // The library name inside any nesting of (only|except|prefix|rename import-set ...).
          let library = spec;
          while (library instanceof SyntaxList && library.elements.length >= 2 && library.elements[1] instanceof SyntaxList &&
            library.elements[0] instanceof Identifier && IMPORT_SET_FORMS.has(library.elements[0].name)) {
            library = library.elements[1];
          }
          const text = syntaxText(this.world, library);
          if (!KNOWN_LIBRARIES.test(text)) throw syntaxError(`import: unknown library ${text}; Stasis provides the R7RS-small (scheme ...) libraries and (srfi ...)`, library);
        }
        return this.unspecified();
      }
      default:
        return undefined;
    }
  }

  /** The identifiers a define-values form defines, in order (rest last). */
  private definedIds(form: SyntaxList): Identifier[] {
    const formals = form.elements[1];
    if (formals instanceof Identifier) return [formals];
    const list = formals as SyntaxList;
    return [...list.elements, ...(list.tail ? [list.tail] : [])] as Identifier[];
  }

  // ---- Macro definitions ---------------------------------------------------------------------

  private transformer(spec: Syntax, name: string, scope: Scope): Macro {
    if (spec instanceof SyntaxList && this.isKeyword(spec.elements[0], scope, "syntax-rules")) {
      return parseSyntaxRules(spec, name, scope);
    }
    throw syntaxError(`${name}: a macro must be defined with (syntax-rules ...)`, spec);
  }

  // ---- Records -------------------------------------------------------------------------------

  /**
   * (define-record-type <name> (constructor field ...) predicate (field accessor [modifier]) ...)
   * as definitions (E3: the runtime procedures through core identifiers).
   */
  private recordDefinitions(form: SyntaxList): Syntax[] {
    const at = form.position;
    const parts = this.parts(form, 3, Infinity, "(define-record-type name (constructor field ...) predicate field-spec ...)");
    const [, typeName, constructorSpec, predicate] = parts;
    const type = this.identifier(typeName instanceof SyntaxList ? typeName.elements[0] : typeName, "define-record-type");
    const fields: { name: Identifier; accessor: Identifier; modifier?: Identifier }[] = [];
    for (const spec of parts.slice(4)) {
      if (!(spec instanceof SyntaxList) || !spec.isProper || spec.elements.length < 2 || spec.elements.length > 3) {
        throw syntaxError("define-record-type: a field is (name accessor [modifier])", spec);
      }
      const [f, a, m] = spec.elements;
      fields.push({ name: this.identifier(f, "record field"), accessor: this.identifier(a, "record accessor"), modifier: m && this.identifier(m, "record modifier") });
    }
    const list = (...xs: Syntax[]) => new SyntaxList(xs, undefined, at);
    const quote = (s: Syntax) => list(this.core("quote", at), s);
    const datum = (value: number) => new Datum(value, at);
    // The procedures' bodies carry no source position: an error inside one (an accessor given
    // the wrong type) is reported where the procedure was called, not at this definition.
    const bare = (...xs: Syntax[]) => new SyntaxList(xs, undefined, undefined);
    const bareQuote = (s: Identifier) => bare(this.core("quote"), s.at(undefined));
    const bareDatum = (value: number) => new Datum(value, undefined);
    const typeRef = type.at(undefined);
    const fieldNames = fields.map((f) => f.name);
    const out: Syntax[] = [
      list(this.core("define", at), type, list(this.core("%make-record-type", at), quote(type),
        quote(list(...fieldNames)), quote(list(...fields.map((f) => datum(f.modifier ? TRUE : FALSE)))))),
    ];
    if (constructorSpec instanceof SyntaxList || constructorSpec instanceof Identifier) {
      const constructor = constructorSpec instanceof Identifier ? constructorSpec : this.identifier(constructorSpec.elements[0], "record constructor");
      const args = constructorSpec instanceof Identifier ? fieldNames : (constructorSpec.elements.slice(1) as Syntax[]).map((s) => this.identifier(s, "record constructor field"));
      for (const a of args) {
        if (!fieldNames.some((f) => f.key === a.key)) throw syntaxError(`define-record-type: ${a.name} is not a field`, a);
      }
      const params = args.map((a) => this.fresh(a.name));
      const values = fieldNames.map((f) => {
        const i = args.findIndex((a) => a.key === f.key);
        return i < 0 ? bareDatum(FALSE) : params[i];
      });
      out.push(list(this.core("define", at), constructor,
        bare(this.core("lambda"), bare(...params), bare(this.core("%record-make"), typeRef, ...values))));
    } else if (!(constructorSpec instanceof Datum && constructorSpec.value === FALSE)) {
      throw syntaxError("define-record-type: the constructor is (name field ...), a name, or #f", constructorSpec);
    }
    if (!(predicate instanceof Datum && predicate.value === FALSE)) {
      const x = this.fresh("object");
      out.push(list(this.core("define", at), this.identifier(predicate, "record predicate"),
        bare(this.core("lambda"), bare(x), bare(this.core("%record?"), typeRef, x))));
    }
    fields.forEach((f, i) => {
      const x = this.fresh("record");
      const v = this.fresh("value");
      out.push(list(this.core("define", at), f.accessor,
        bare(this.core("lambda"), bare(x), bare(this.core("%record-get"), typeRef, x, bareDatum(makeFixnum(i)), bareQuote(f.accessor)))));
      if (f.modifier) {
        out.push(list(this.core("define", at), f.modifier,
          bare(this.core("lambda"), bare(x, v), bare(this.core("%record-set!"), typeRef, x, bareDatum(makeFixnum(i)), v, bareQuote(f.modifier)))));
      }
    });
    return out;
  }

  // ---- cond-expand ---------------------------------------------------------------------------

  /**
   * (cond-expand (requirement form ...) ... [(else form ...)]), R7RS 4.2.1: the forms of the first
   * clause whose feature requirement holds (none if no clause does). Like begin, it splices them
   * into a body or the toplevel. The features are those `(features)` returns.
   */
  private condExpand(form: SyntaxList, scope: Scope): Syntax[] {
    const clauses = this.parts(form, 2, Infinity, "(cond-expand (feature-requirement form ...) ...)").slice(1);
    const features = new Set<number>();
    for (let l = this.host.apply(this.host.primitive("features"), []); isPair(l); l = this.world.heap.cdr(l)) features.add(this.world.heap.car(l));
    const holds = (r: Syntax): boolean => {
      if (r instanceof Identifier) return features.has(r.symbol);
      const [head, ...args] = r instanceof SyntaxList && r.isProper ? r.elements : [];
      switch (head instanceof Identifier ? head.name : undefined) {
        case "and": return args.every(holds);
        case "or": return args.some(holds);
        case "not": if (args.length === 1) return !holds(args[0]); break;
        case "library": if (args.length === 1) return KNOWN_LIBRARIES.test(syntaxText(this.world, args[0])); break;
      }
      throw syntaxError("cond-expand: a feature requirement is an identifier, (library name), (and ...), (or ...) or (not ...)", r);
    };
    for (let i = 0; i < clauses.length; i++) {
      const clause = clauses[i];
      if (!(clause instanceof SyntaxList) || !clause.isProper || clause.elements.length === 0) {
        throw syntaxError("cond-expand: each clause is (feature-requirement form ...)", clause);
      }
      const [requirement, ...forms] = clause.elements;
      if (this.isKeyword(requirement, scope, "else")) {
        if (i !== clauses.length - 1) throw syntaxError("cond-expand: else must be the last clause", clause);
        return forms;
      }
      if (holds(requirement)) return forms;
    }
    return [];
  }

  // ---- include -------------------------------------------------------------------------------

  /** The forms of the files an include names; include-ci (`foldCase`) folds their identifiers to lower case. */
  private included(form: SyntaxList, foldCase: boolean): Syntax[] {
    const out: Syntax[] = [];
    for (const name of this.parts(form, 2, Infinity, "(include \"file\" ...)").slice(1)) {
      if (!(name instanceof Datum) || !this.world.heap.isType(name.value, OBJECT_STRING)) {
        throw syntaxError("include: expected a file name string", name);
      }
      const { text, file } = this.host.readSource(stringText(this.world, name.value), form.position);
      for (const d of this.host.readAll(text, file)) {
        const s = syntaxFromDatum(this.world.heap, this.world.symbols, d);
        out.push(foldCase ? this.foldCase(s) : s);
      }
    }
    return out;
  }

  /** `s` with every identifier folded to lower case, as if read under #!fold-case (R7RS 4.1.7). */
  private foldCase(s: Syntax): Syntax {
    if (s instanceof Identifier) {
      const name = s.name.toLowerCase();
      return name === s.name ? s : new Identifier(this.world.symbols.intern(name), name, undefined, s.position);
    }
    // Rebuilt without their data: the data still have the unfolded symbols.
    if (s instanceof SyntaxList) return new SyntaxList(s.elements.map((e) => this.foldCase(e)), s.tail && this.foldCase(s.tail), s.position);
    if (s instanceof SyntaxVector) return new SyntaxVector(s.elements.map((e) => this.foldCase(e)), s.position);
    return s;
  }

  // ---- Special forms -------------------------------------------------------------------------

  private makeHandlers(): Map<string, Handler> {
    const h = new Map<string, Handler>();
    h.set("quote", (form) => constant(syntaxToDatum(this.world.heap, this.parts(form, 2, 2, "(quote datum)")[1])));
    h.set("quasiquote", (form, scope) => this.quasiquote(this.parts(form, 2, 2, "(quasiquote template)")[1], scope, 0));
    h.set("lambda", (form, scope, name) => {
      const parts = this.parts(form, 3, Infinity, "(lambda parameters body ...)");
      return this.lambda(parts[1], parts.slice(2), scope, name, form.position);
    });
    h.set("case-lambda", (form, scope, name) => {
      const clauses = this.parts(form, 1, Infinity, "(case-lambda (parameters body ...) ...)").slice(1).map((c) => {
        if (!(c instanceof SyntaxList) || c.elements.length < 2) throw syntaxError("case-lambda: each clause is (parameters body ...)", c);
        return this.lambda(c.elements[0], c.elements.slice(1), scope, name, c.position);
      });
      return { kind: "case-lambda", clauses };
    });
    h.set("if", (form, scope) => {
      const parts = this.parts(form, 3, 4, "(if test consequent [alternative])");
      return {
        kind: "if", test: this.expand(parts[1], scope), consequent: this.expand(parts[2], scope),
        alternative: parts.length === 4 ? this.expand(parts[3], scope) : this.unspecified(),
      };
    });
    h.set("set!", (form, scope) => {
      const [, target, value] = this.parts(form, 3, 3, "(set! variable value)");
      const id = this.identifier(target, "set!");
      const b = this.resolve(id, scope);
      if (b.kind === "variable") {
        b.variable.assigned = true;
        return { kind: "set-local", variable: b.variable, value: this.expand(value, scope, id.name) };
      }
      if (b.kind === "global") return { kind: "set-global", cell: this.world.globals.cell(b.symbol), value: this.expand(value, scope, id.name), position: form.position };
      throw syntaxError(`set!: ${id.name} is a syntactic keyword, not a variable`, id);
    });
    h.set("begin", (form, scope) => {
      const forms = this.parts(form, 1, Infinity, "(begin expression ...)").slice(1);
      return this.sequenceOf(forms, scope);
    });
    h.set("let", (form, scope) => this.let(form, scope));
    h.set("let*", (form, scope) => {
      const [, bindings, ...body] = this.parts(form, 3, Infinity, "(let* ((name value) ...) body ...)");
      const pairs = this.bindingPairs(bindings, "let*");
      const nest = (i: number, s: Scope): Node => {
        if (i === pairs.length) return this.body(body, s, form.position);
        const inner = new Scope(s);
        const v = new Variable(pairs[i].id.name, pairs[i].id.position);
        const init = this.expand(pairs[i].init, s, pairs[i].id.name);
        inner.bind(pairs[i].id, { kind: "variable", variable: v });
        return { kind: "let", variables: [v], inits: [init], body: nest(i + 1, inner) };
      };
      return nest(0, scope);
    });
    const letrec: Handler = (form, scope) => {
      const [, bindings, ...body] = this.parts(form, 3, Infinity, "(letrec ((name value) ...) body ...)");
      const pairs = this.bindingPairs(bindings, "letrec");
      const inner = new Scope(scope);
      const variables = pairs.map((p) => this.bindVariable(inner, p.id));
      const inits = pairs.map((p) => this.expand(p.init, inner, p.id.name));
      return { kind: "letrec", variables, inits, body: this.body(body, inner, form.position) };
    };
    h.set("letrec", letrec);
    h.set("letrec*", letrec);
    h.set("do", (form, scope) => this.do(form, scope));
    h.set("cond", (form, scope) => this.cond(form.elements.slice(1), scope, this.unspecified(), form));
    h.set("case", (form, scope) => this.case(form, scope));
    h.set("and", (form, scope) => {
      const args = this.parts(form, 1, Infinity, "(and expression ...)").slice(1);
      if (args.length === 0) return constant(TRUE);
      return args.slice(0, -1).reduceRight<Node>((rest, a) => ({ kind: "if", test: this.expand(a, scope), consequent: rest, alternative: constant(FALSE) }),
        this.expand(args[args.length - 1], scope));
    });
    h.set("or", (form, scope) => {
      const args = this.parts(form, 1, Infinity, "(or expression ...)").slice(1);
      if (args.length === 0) return constant(FALSE);
      return args.slice(0, -1).reduceRight<Node>((rest, a) => {
        const t = new Variable("or");
        const ref: Node = { kind: "local", variable: t };
        return { kind: "let", variables: [t], inits: [this.expand(a, scope)], body: { kind: "if", test: ref, consequent: ref, alternative: rest } };
      }, this.expand(args[args.length - 1], scope));
    });
    h.set("when", (form, scope) => {
      const [, test, ...body] = this.parts(form, 3, Infinity, "(when test expression ...)");
      return { kind: "if", test: this.expand(test, scope), consequent: this.sequenceOf(body, scope), alternative: this.unspecified() };
    });
    h.set("unless", (form, scope) => {
      const [, test, ...body] = this.parts(form, 3, Infinity, "(unless test expression ...)");
      return { kind: "if", test: this.expand(test, scope), consequent: this.unspecified(), alternative: this.sequenceOf(body, scope) };
    });
    h.set("let-values", (form, scope) => this.letValues(form, scope, false));
    h.set("let*-values", (form, scope) => this.letValues(form, scope, true));
    h.set("delay", (form, scope) => this.promise("%make-delayed", form, scope));
    h.set("delay-force", (form, scope) => this.promise("%make-lazy", form, scope));
    h.set("parameterize", (form, scope) => {
      const [, bindings, ...body] = this.parts(form, 3, Infinity, "(parameterize ((parameter value) ...) body ...)");
      if (!(bindings instanceof SyntaxList) || !bindings.isProper) throw syntaxError("parameterize: expected ((parameter value) ...)", bindings);
      const pairs = bindings.elements.map((b) => {
        if (!(b instanceof SyntaxList) || b.elements.length !== 2) throw syntaxError("parameterize: each binding is (parameter value)", b);
        return b.elements;
      });
      const thunk: Lambda = { kind: "lambda", parameters: [], rest: undefined, body: this.body(body, scope, form.position), name: undefined };
      return this.call(this.library("%parameterize"), [
        this.call(this.primitive("list"), pairs.map((p) => this.expand(p[0], scope))),
        this.call(this.primitive("list"), pairs.map((p) => this.expand(p[1], scope))),
        thunk,
      ], form.position);
    });
    h.set("guard", (form, scope) => this.guard(form, scope));
    h.set("let-syntax", (form, scope) => this.letSyntax(form, scope, false));
    h.set("letrec-syntax", (form, scope) => this.letSyntax(form, scope, true));
    h.set("syntax-error", (form) => {
      const [, message, ...irritants] = this.parts(form, 2, Infinity, "(syntax-error \"message\" form ...)");
      const text = message instanceof Datum && this.world.heap.isType(message.value, OBJECT_STRING) ? stringText(this.world, message.value) : "syntax error";
      throw syntaxError([text, ...irritants.map((i) => syntaxText(this.world, i))].join(" "), form);
    });
    for (const keyword of ["define", "define-values", "define-syntax", "define-record-type"]) {
      h.set(keyword, (form) => {
        throw syntaxError(`${keyword}: a definition is not allowed here (only at toplevel or at the start of a body)`, form);
      });
    }
    for (const keyword of ["define-macro", "import"]) {
      h.set(keyword, (form) => {
        throw syntaxError(`${keyword}: only allowed at toplevel`, form);
      });
    }
    h.set("cond-expand", (form, scope) => this.sequenceOf(this.condExpand(form, scope), scope));
    h.set("include", (form, scope) => this.sequenceOf(this.included(form, false), scope));
    h.set("include-ci", (form, scope) => this.sequenceOf(this.included(form, true), scope));
    for (const keyword of AUXILIARY) {
      h.set(keyword, (form) => {
        throw syntaxError(`${keyword}: misplaced auxiliary syntax`, form);
      });
    }
    return h;
  }

  private bindingPairs(bindings: Syntax, who: string): { id: Identifier; init: Syntax }[] {
    if (!(bindings instanceof SyntaxList) || !bindings.isProper) throw syntaxError(`${who}: expected ((name value) ...)`, bindings);
    return bindings.elements.map((b) => {
      if (!(b instanceof SyntaxList) || !b.isProper || b.elements.length !== 2) throw syntaxError(`${who}: each binding is (name value)`, b);
      return { id: this.identifier(b.elements[0], who), init: b.elements[1] };
    });
  }

  private let(form: SyntaxList, scope: Scope): Node {
    const parts = this.parts(form, 3, Infinity, "(let ((name value) ...) body ...) or (let name ((name value) ...) body ...)");
    if (parts[1] instanceof Identifier) {
      // Named let: ((letrec ((name (lambda (var ...) body ...))) name) init ...)
      const loopId = parts[1];
      const pairs = this.bindingPairs(parts[2], "let");
      if (parts.length < 4) throw syntaxError("let: a named let needs a body", form);
      const inits = pairs.map((p) => this.expand(p.init, scope));
      const inner = new Scope(scope);
      const loop = this.bindVariable(inner, loopId);
      const formals = new SyntaxList(pairs.map((p) => p.id), undefined, form.position);
      const procedure = this.lambda(formals, parts.slice(3), inner, loopId.name, form.position);
      return this.call({ kind: "letrec", variables: [loop], inits: [procedure], body: { kind: "local", variable: loop } }, inits, form.position);
    }
    const pairs = this.bindingPairs(parts[1], "let");
    const inner = new Scope(scope);
    const inits = pairs.map((p) => this.expand(p.init, scope, p.id.name));
    const variables = pairs.map((p) => this.bindVariable(inner, p.id));
    return { kind: "let", variables, inits, body: this.body(parts.slice(2), inner, form.position) };
  }

  /** (do ((var init step) ...) (test expression ...) command ...) as a loop procedure. */
  private do(form: SyntaxList, scope: Scope): Node {
    const [, specs, exit, ...commands] = this.parts(form, 3, Infinity, "(do ((variable init [step]) ...) (test expression ...) command ...)");
    if (!(specs instanceof SyntaxList) || !specs.isProper) throw syntaxError("do: expected ((variable init [step]) ...)", specs);
    if (!(exit instanceof SyntaxList) || !exit.isProper || exit.elements.length === 0) throw syntaxError("do: expected (test expression ...)", exit);
    const vars = specs.elements.map((s) => {
      if (!(s instanceof SyntaxList) || !s.isProper || s.elements.length < 2 || s.elements.length > 3) throw syntaxError("do: each variable is (variable init [step])", s);
      return { id: this.identifier(s.elements[0], "do"), init: s.elements[1], step: s.elements[2] ?? s.elements[0] };
    });
    const inits = vars.map((v) => this.expand(v.init, scope));
    const loop = new Variable("do-loop");
    const inner = new Scope(scope);
    const parameters = vars.map((v) => this.bindVariable(inner, v.id));
    const steps = vars.map((v) => this.expand(v.step, inner));
    const again = this.call({ kind: "local", variable: loop }, steps, form.position);
    const body: Node = {
      kind: "if", test: this.expand(exit.elements[0], inner),
      consequent: this.sequenceOf(exit.elements.slice(1), inner),
      alternative: sequence([...commands.map((c) => this.expand(c, inner)), again], again),
    };
    const procedure: Lambda = { kind: "lambda", parameters, rest: undefined, body, name: "do", position: form.position };
    return this.call({ kind: "letrec", variables: [loop], inits: [procedure], body: { kind: "local", variable: loop } }, inits, form.position);
  }

  /** cond clauses, with `fallthrough` when none applies (guard passes its re-raise). */
  private cond(clauses: readonly Syntax[], scope: Scope, fallthrough: Node, form: Syntax): Node {
    let result = fallthrough;
    for (let i = clauses.length - 1; i >= 0; i--) {
      const clause = clauses[i];
      if (!(clause instanceof SyntaxList) || !clause.isProper || clause.elements.length === 0) throw syntaxError("cond: each clause is (test expression ...)", clause ?? form);
      const [test, ...body] = clause.elements;
      if (this.isKeyword(test, scope, "else")) {
        if (i !== clauses.length - 1) throw syntaxError("cond: else must be the last clause", clause);
        result = this.sequenceOf(body, scope);
        continue;
      }
      const t = this.expand(test, scope);
      if (body.length === 0) {
        const v = new Variable("cond");
        const ref: Node = { kind: "local", variable: v };
        result = { kind: "let", variables: [v], inits: [t], body: { kind: "if", test: ref, consequent: ref, alternative: result } };
      } else if (this.isKeyword(body[0], scope, "=>")) {
        if (body.length !== 2) throw syntaxError("cond: expected (test => receiver)", clause);
        const v = new Variable("cond");
        const ref: Node = { kind: "local", variable: v };
        const receiver = this.expand(body[1], scope);
        result = { kind: "let", variables: [v], inits: [t], body: { kind: "if", test: ref, consequent: this.call(receiver, [ref], clause.position), alternative: result } };
      } else {
        result = { kind: "if", test: t, consequent: this.sequenceOf(body, scope), alternative: result };
      }
    }
    return result;
  }

  private case(form: SyntaxList, scope: Scope): Node {
    const [, keyForm, ...clauses] = this.parts(form, 2, Infinity, "(case key clause ...)");
    const key = new Variable("key");
    const keyRef: Node = { kind: "local", variable: key };
    const consequence = (body: readonly Syntax[], clause: Syntax): Node => {
      if (this.isKeyword(body[0], scope, "=>")) {
        if (body.length !== 2) throw syntaxError("case: expected (data => receiver)", clause);
        return this.call(this.expand(body[1], scope), [keyRef], clause.position);
      }
      return this.sequenceOf(body, scope);
    };
    let result: Node = this.unspecified();
    for (let i = clauses.length - 1; i >= 0; i--) {
      const clause = clauses[i];
      if (!(clause instanceof SyntaxList) || !clause.isProper || clause.elements.length < 2) throw syntaxError("case: each clause is ((datum ...) expression ...)", clause);
      const [data, ...body] = clause.elements;
      if (this.isKeyword(data, scope, "else")) {
        if (i !== clauses.length - 1) throw syntaxError("case: else must be the last clause", clause);
        result = consequence(body, clause);
        continue;
      }
      if (!(data instanceof SyntaxList) || !data.isProper) throw syntaxError("case: expected a list of data", data);
      const values = data.elements.map((d) => syntaxToDatum(this.world.heap, d));
      const test = this.call(this.primitive("memv"), [keyRef, constant(makeList(this.world.heap, values))]);
      result = { kind: "if", test, consequent: consequence(body, clause), alternative: result };
    }
    return { kind: "let", variables: [key], inits: [this.expand(keyForm, scope)], body: result };
  }

  private letValues(form: SyntaxList, scope: Scope, sequential: boolean): Node {
    const [, bindings, ...body] = this.parts(form, 3, Infinity, "(let-values ((formals expression) ...) body ...)");
    if (!(bindings instanceof SyntaxList) || !bindings.isProper) throw syntaxError("let-values: expected ((formals expression) ...)", bindings);
    const inner = new Scope(scope);
    const build = (i: number, initScope: Scope): Node => {
      if (i === bindings.elements.length) return this.body(body, inner, form.position);
      const b = bindings.elements[i];
      if (!(b instanceof SyntaxList) || b.elements.length !== 2) throw syntaxError("let-values: each binding is (formals expression)", b);
      const [formals, expression] = b.elements;
      const producer: Lambda = { kind: "lambda", parameters: [], rest: undefined, body: this.expand(expression, initScope), name: undefined };
      const ids = formals instanceof Identifier ? [] : (formals as SyntaxList).elements.map((f) => this.identifier(f, "let-values"));
      const restId = formals instanceof Identifier ? formals : (formals as SyntaxList).tail && this.identifier((formals as SyntaxList).tail!, "let-values");
      const parameters = ids.map((id) => this.bindVariable(inner, id));
      const rest = restId ? this.bindVariable(inner, restId) : undefined;
      const consumer: Lambda = {
        kind: "lambda", parameters, rest, body: build(i + 1, sequential ? inner : initScope), name: sequential ? "let*-values" : "let-values",
      };
      return this.call(this.library("%call-with-values"), [producer, consumer], b.position);
    };
    return build(0, scope);
  }

  private promise(procedure: string, form: SyntaxList, scope: Scope): Node {
    const [, expression] = this.parts(form, 2, 2, `(${procedure === "%make-lazy" ? "delay-force" : "delay"} expression)`);
    const thunk: Lambda = { kind: "lambda", parameters: [], rest: undefined, body: this.expand(expression, scope), name: undefined };
    return this.call(this.library(procedure), [thunk], form.position);
  }

  /** (guard (var clause ...) body ...): R7RS 4.2.7, with the re-raise in the library's %guard. */
  private guard(form: SyntaxList, scope: Scope): Node {
    const [, spec, ...body] = this.parts(form, 3, Infinity, "(guard (variable clause ...) body ...)");
    if (!(spec instanceof SyntaxList) || !spec.isProper || spec.elements.length < 1) throw syntaxError("guard: expected (variable clause ...)", spec);
    const id = this.identifier(spec.elements[0], "guard");
    const inner = new Scope(scope);
    const condition = this.bindVariable(inner, id);
    const reraise = new Variable("reraise");
    const handler: Lambda = {
      kind: "lambda", parameters: [condition, reraise], rest: undefined, name: undefined,
      body: this.cond(spec.elements.slice(1), inner, this.call({ kind: "local", variable: reraise }, []), form),
    };
    const thunk: Lambda = { kind: "lambda", parameters: [], rest: undefined, body: this.body(body, scope, form.position), name: undefined };
    return this.call(this.library("%guard"), [handler, thunk], form.position);
  }

  private letSyntax(form: SyntaxList, scope: Scope, recursive: boolean): Node {
    const [, bindings, ...body] = this.parts(form, 3, Infinity, "(let-syntax ((name (syntax-rules ...)) ...) body ...)");
    if (!(bindings instanceof SyntaxList) || !bindings.isProper) throw syntaxError("let-syntax: expected ((name transformer) ...)", bindings);
    const inner = new Scope(scope);
    for (const b of bindings.elements) {
      if (!(b instanceof SyntaxList) || b.elements.length !== 2) throw syntaxError("let-syntax: each binding is (name transformer)", b);
      const id = this.identifier(b.elements[0], "let-syntax");
      inner.bind(id, { kind: "macro", macro: this.transformer(b.elements[1], id.name, recursive ? inner : scope) });
    }
    return this.body(body, inner, form.position);
  }

  // ---- Quasiquote ----------------------------------------------------------------------------

  /** R7RS 4.2.8, nested levels included; constant parts stay quoted constants. */
  private quasiquote(template: Syntax, scope: Scope, depth: number): Node {
    const heap = this.world.heap;
    if (!this.hasUnquote(template, scope, depth)) return constant(syntaxToDatum(heap, template));
    if (template instanceof SyntaxVector) {
      return this.call(this.primitive("list->vector"), [this.quasiquote(new SyntaxList(template.elements, undefined, template.position), scope, depth)]);
    }
    const list = template as SyntaxList;
    const head = list.elements[0];
    if (list.elements.length === 2 && list.isProper) {
      if (this.isKeyword(head, scope, "unquote")) {
        if (depth === 0) return this.expand(list.elements[1], scope);
        return this.call(this.primitive("list"), [constant((head as Identifier).symbol), this.quasiquote(list.elements[1], scope, depth - 1)]);
      }
      if (this.isKeyword(head, scope, "quasiquote")) {
        return this.call(this.primitive("list"), [constant((head as Identifier).symbol), this.quasiquote(list.elements[1], scope, depth + 1)]);
      }
    }
    // Elements, from the end: (a b . ,c) reads as (a b unquote c), whose tail is unquoted.
    let elements = list.elements;
    let tail: Node;
    const n = elements.length;
    if (list.isProper && n >= 2 && this.isKeyword(elements[n - 2], scope, "unquote")) {
      tail = depth === 0 ? this.expand(elements[n - 1], scope) : this.quasiquote(new SyntaxList(elements.slice(n - 2), undefined, list.position), scope, depth);
      elements = elements.slice(0, n - 2);
    } else {
      tail = list.tail === undefined ? constant(NIL) : this.quasiquote(list.tail, scope, depth);
    }
    let result = tail;
    for (let i = elements.length - 1; i >= 0; i--) {
      const e = elements[i];
      if (e instanceof SyntaxList && e.isProper && e.elements.length === 2 && this.isKeyword(e.elements[0], scope, "unquote-splicing")) {
        const spliced = depth === 0
          ? this.expand(e.elements[1], scope)
          : this.call(this.primitive("list"), [this.call(this.primitive("list"), [constant((e.elements[0] as Identifier).symbol), this.quasiquote(e.elements[1], scope, depth - 1)])]);
        result = this.call(this.primitive("append"), [spliced, result], e.position);
      } else {
        result = this.call(this.primitive("cons"), [this.quasiquote(e, scope, depth), result]);
      }
    }
    return result;
  }

  private hasUnquote(t: Syntax, scope: Scope, depth: number): boolean {
    if (t instanceof SyntaxVector) return t.elements.some((e) => this.hasUnquote(e, scope, depth));
    if (!(t instanceof SyntaxList)) return false;
    if (this.isKeyword(t.elements[0], scope, "unquote") || this.isKeyword(t.elements[0], scope, "unquote-splicing")) {
      return depth === 0 || t.elements.slice(1).some((e) => this.hasUnquote(e, scope, depth - 1));
    }
    if (this.isKeyword(t.elements[0], scope, "quasiquote")) return t.elements.slice(1).some((e) => this.hasUnquote(e, scope, depth + 1));
    // A dotted unquote, (a . ,b), reads as (a unquote b): its last two elements are one unquote.
    const n = t.elements.length;
    if (t.isProper && n >= 3 && this.isKeyword(t.elements[n - 2], scope, "unquote")) {
      return this.hasUnquote(new SyntaxList(t.elements.slice(n - 2), undefined, t.position), scope, depth) ||
        t.elements.slice(0, n - 2).some((e) => this.hasUnquote(e, scope, depth));
    }
    return t.elements.some((e) => this.hasUnquote(e, scope, depth)) || (t.tail !== undefined && this.hasUnquote(t.tail, scope, depth));
  }
}

// ---- Text of syntax, for messages --------------------------------------------------------------

function stringText(world: World, s: number): string {
  return stringToJs(world.heap, s);
}

function syntaxText(world: World, s: Syntax): string {
  return printToString(world, syntaxToDatum(world.heap, s), "write");
}

