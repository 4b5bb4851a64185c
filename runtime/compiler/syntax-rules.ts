// Macros: syntax-rules (R7RS 4.3.2), and the define-macro kind whose transformer is a procedure.
//
// A syntax-rules use is matched against each rule's pattern in order; the first that matches
// gives the expansion: the template with pattern variables replaced by the input they matched,
// and every other identifier of the template replaced by an alias unique to this expansion
// (syntax.ts), which is what makes the macro hygienic.

import { SchemeError, SourcePosition } from "../errors";
import { Datum, Identifier, Syntax, SyntaxList, SyntaxVector } from "./syntax";
import { Binding, Scope, sameBinding } from "./scope";

export interface Rule {
  readonly pattern: Syntax;
  readonly template: Syntax;
}

export interface SyntaxRulesMacro {
  readonly kind: "syntax-rules";
  readonly name: string;
  /** The custom ellipsis, or undefined for `...`. */
  readonly ellipsis: Identifier | undefined;
  readonly literals: readonly Identifier[];
  readonly rules: readonly Rule[];
  /** The scope the macro was defined in: where its free template identifiers are resolved. */
  readonly scope: Scope;
}

export interface ProcedureMacro {
  readonly kind: "procedure";
  readonly name: string;
  /** A procedure from the form (as plain data) to its expansion (as plain data). */
  readonly transformer: number;
}

export type Macro = SyntaxRulesMacro | ProcedureMacro;

/** What a rule's pattern variables matched: a form, or a sequence of matches under an ellipsis. */
type Match = Syntax | Match[];

export interface MacroContext {
  /** What an identifier means in a scope (scope.ts resolve). */
  resolve(id: Identifier, scope: Scope): Binding;
  /** equal? on the heap data of two datums in patterns and input. */
  equal(a: number, b: number): boolean;
  /** A number unique to one expansion. */
  nextExpansion(): number;
}

const DEFAULT_ELLIPSIS = "...";
const UNDERSCORE = "_";

function syntaxError(message: string, position: SourcePosition | undefined): SchemeError {
  return new SchemeError(message, [], "syntax", position);
}

// ---- Parsing a specification -----------------------------------------------------------------

/** (syntax-rules [ellipsis] (literal ...) (pattern template) ...) */
export function parseSyntaxRules(spec: SyntaxList, name: string, scope: Scope): SyntaxRulesMacro {
  const where = spec.position;
  const parts = spec.elements;
  if (!spec.isProper || parts.length < 2) throw syntaxError(`${name}: bad syntax-rules form`, where);
  let at = 1;
  let ellipsis: Identifier | undefined;
  if (parts[at] instanceof Identifier) ellipsis = parts[at++] as Identifier;
  const literalList = parts[at++];
  if (!(literalList instanceof SyntaxList) || !literalList.isProper || !literalList.elements.every((l) => l instanceof Identifier)) {
    throw syntaxError(`${name}: syntax-rules needs a list of literal identifiers`, literalList?.position ?? where);
  }
  const rules: Rule[] = [];
  for (const rule of parts.slice(at)) {
    if (!(rule instanceof SyntaxList) || !rule.isProper || rule.elements.length !== 2) {
      throw syntaxError(`${name}: each syntax-rules rule is (pattern template)`, rule.position ?? where);
    }
    const [pattern, template] = rule.elements;
    if (!(pattern instanceof SyntaxList)) throw syntaxError(`${name}: a pattern must be a list`, pattern.position ?? where);
    rules.push({ pattern, template });
  }
  return { kind: "syntax-rules", name, ellipsis, literals: literalList.elements as Identifier[], rules, scope };
}

// ---- Expansion -------------------------------------------------------------------------------

export function expandSyntaxRules(macro: SyntaxRulesMacro, form: SyntaxList, useScope: Scope, context: MacroContext): Syntax {
  const expander = new RuleExpander(macro, useScope, context, form.position);
  for (const rule of macro.rules) {
    const bindings = new Map<string, Match>();
    // The keyword position of the pattern is ignored (R7RS 4.3.2).
    const pattern = rule.pattern as SyntaxList;
    const skipKeyword = new SyntaxList(pattern.elements.slice(1), pattern.tail, pattern.position);
    const input = new SyntaxList(form.elements.slice(1), form.tail, form.position);
    if (expander.match(skipKeyword, input, bindings)) return expander.instantiate(rule.template, bindings);
  }
  throw syntaxError(`${macro.name}: no syntax-rules pattern matches this use`, form.position);
}

class RuleExpander {
  private readonly literalKeys: Set<string>;
  private readonly aliases = new Map<string, Identifier>();
  private readonly expansion: number;

  constructor(
    private readonly macro: SyntaxRulesMacro,
    private readonly useScope: Scope,
    private readonly context: MacroContext,
    private readonly position: SourcePosition | undefined,
  ) {
    this.literalKeys = new Set(macro.literals.map((l) => l.key));
    this.expansion = context.nextExpansion();
  }

  private isEllipsis(s: Syntax | undefined): boolean {
    if (!(s instanceof Identifier)) return false;
    const custom = this.macro.ellipsis;
    return custom === undefined ? s.name === DEFAULT_ELLIPSIS && !this.literalKeys.has(s.key) : s.key === custom.key;
  }

  // ---- Matching ----

  match(pattern: Syntax, input: Syntax, bindings: Map<string, Match>): boolean {
    if (pattern instanceof Identifier) {
      if (this.literalKeys.has(pattern.key)) {
        return input instanceof Identifier &&
          sameBinding(this.context.resolve(input, this.useScope), this.context.resolve(pattern, this.macro.scope));
      }
      if (pattern.name === UNDERSCORE) return true;
      bindings.set(pattern.key, input);
      return true;
    }
    if (pattern instanceof SyntaxList) {
      if (!(input instanceof SyntaxList)) return false;
      return this.matchSequence(pattern.elements, pattern.tail, input.elements, input.tail, bindings);
    }
    if (pattern instanceof SyntaxVector) {
      if (!(input instanceof SyntaxVector)) return false;
      return this.matchSequence(pattern.elements, undefined, input.elements, undefined, bindings);
    }
    return input instanceof Datum && this.context.equal(pattern.value, input.value);
  }

  private matchSequence(
    patterns: readonly Syntax[], patternTail: Syntax | undefined,
    inputs: readonly Syntax[], inputTail: Syntax | undefined,
    bindings: Map<string, Match>,
  ): boolean {
    const e = patterns.findIndex((p, i) => this.isEllipsis(patterns[i + 1]) && !this.isEllipsis(p));
    if (e < 0) {
      if (inputs.length < patterns.length) return false;
      for (let i = 0; i < patterns.length; i++) if (!this.match(patterns[i], inputs[i], bindings)) return false;
      const rest = inputs.slice(patterns.length);
      if (patternTail === undefined) return rest.length === 0 && inputTail === undefined;
      const restSyntax = rest.length === 0 && inputTail !== undefined ? inputTail : new SyntaxList(rest, inputTail, this.position);
      return this.match(patternTail, restSyntax, bindings);
    }
    const before = patterns.slice(0, e);
    const repeated = patterns[e];
    const after = patterns.slice(e + 2);
    if (inputs.length < before.length + after.length) return false;
    if (patternTail === undefined && inputTail !== undefined) return false;
    for (let i = 0; i < before.length; i++) if (!this.match(before[i], inputs[i], bindings)) return false;
    const repeatEnd = inputs.length - after.length;
    const variables = this.patternVariables(repeated);
    const sequences = new Map<string, Match[]>(variables.map((v) => [v, []]));
    for (let i = before.length; i < repeatEnd; i++) {
      const one = new Map<string, Match>();
      if (!this.match(repeated, inputs[i], one)) return false;
      for (const v of variables) sequences.get(v)!.push(one.get(v)!);
    }
    for (const [v, matches] of sequences) bindings.set(v, matches);
    for (let i = 0; i < after.length; i++) if (!this.match(after[i], inputs[repeatEnd + i], bindings)) return false;
    if (patternTail === undefined) return true;
    return this.match(patternTail, inputTail ?? new SyntaxList([], undefined, this.position), bindings);
  }

  /** The keys of the pattern variables in a pattern (not literals, `_` or ellipses). */
  private patternVariables(pattern: Syntax): string[] {
    const out: string[] = [];
    const walk = (p: Syntax): void => {
      if (p instanceof Identifier) {
        if (!this.isEllipsis(p) && p.name !== UNDERSCORE && !this.literalKeys.has(p.key)) out.push(p.key);
      } else if (p instanceof SyntaxList) {
        p.elements.forEach(walk);
        if (p.tail !== undefined) walk(p.tail);
      } else if (p instanceof SyntaxVector) {
        p.elements.forEach(walk);
      }
    };
    walk(pattern);
    return out;
  }

  // ---- Instantiating a template ----

  instantiate(template: Syntax, bindings: Map<string, Match>): Syntax {
    return this.build(template, bindings, true);
  }

  private build(t: Syntax, bindings: Map<string, Match>, ellipsisActive: boolean): Syntax {
    if (t instanceof Identifier) {
      const bound = bindings.get(t.key);
      if (bound !== undefined) {
        if (Array.isArray(bound)) throw syntaxError(`${this.macro.name}: pattern variable ${t.name} needs an ellipsis after it in the template`, this.position);
        return bound;
      }
      return this.alias(t);
    }
    if (t instanceof SyntaxList) {
      if (ellipsisActive && t.elements.length === 2 && t.tail === undefined && this.isEllipsis(t.elements[0])) {
        return this.build(t.elements[1], bindings, false); // (... template): ellipses are literal inside
      }
      const elements = this.buildElements(t.elements, bindings, ellipsisActive);
      const tail = t.tail === undefined ? undefined : this.build(t.tail, bindings, ellipsisActive);
      if (tail instanceof SyntaxList) return new SyntaxList(elements.concat(tail.elements), tail.tail, this.position);
      return new SyntaxList(elements, tail, this.position);
    }
    if (t instanceof SyntaxVector) return new SyntaxVector(this.buildElements(t.elements, bindings, ellipsisActive), this.position);
    return t;
  }

  private buildElements(templates: readonly Syntax[], bindings: Map<string, Match>, ellipsisActive: boolean): Syntax[] {
    const out: Syntax[] = [];
    for (let i = 0; i < templates.length; i++) {
      const t = templates[i];
      let depth = 0;
      while (ellipsisActive && this.isEllipsis(templates[i + 1 + depth])) depth++;
      if (depth === 0) {
        out.push(this.build(t, bindings, ellipsisActive));
        continue;
      }
      out.push(...this.repeat(t, bindings, depth));
      i += depth;
    }
    return out;
  }

  /** The instances of a template followed by `depth` ellipses, flattened. */
  private repeat(t: Syntax, bindings: Map<string, Match>, depth: number): Syntax[] {
    const names = patternVariablesIn(t, bindings).filter((v) => Array.isArray(bindings.get(v)));
    if (names.length === 0) throw syntaxError(`${this.macro.name}: an ellipsis in the template follows no pattern variable that repeats`, this.position);
    const length = (bindings.get(names[0]) as Match[]).length;
    for (const v of names) {
      if ((bindings.get(v) as Match[]).length !== length) {
        throw syntaxError(`${this.macro.name}: pattern variables under one ellipsis matched different numbers of forms`, this.position);
      }
    }
    const out: Syntax[] = [];
    for (let k = 0; k < length; k++) {
      const inner = new Map(bindings);
      for (const v of names) inner.set(v, (bindings.get(v) as Match[])[k]);
      if (depth === 1) out.push(this.build(t, inner, true));
      else out.push(...this.repeat(t, inner, depth - 1));
    }
    return out;
  }

  /** The alias of a template identifier in this expansion (one per identifier key). */
  private alias(t: Identifier): Identifier {
    let a = this.aliases.get(t.key);
    if (a === undefined) {
      a = new Identifier(t.symbol, t.name, { id: this.expansion, original: t, scope: this.macro.scope }, this.position);
      this.aliases.set(t.key, a);
    }
    return a;
  }
}

/** The keys of identifiers in a template that are bound pattern variables. */
function patternVariablesIn(t: Syntax, bindings: Map<string, Match>): string[] {
  const out = new Set<string>();
  const walk = (s: Syntax): void => {
    if (s instanceof Identifier) {
      if (bindings.has(s.key)) out.add(s.key);
    } else if (s instanceof SyntaxList) {
      s.elements.forEach(walk);
      if (s.tail !== undefined) walk(s.tail);
    } else if (s instanceof SyntaxVector) {
      s.elements.forEach(walk);
    }
  };
  walk(t);
  return [...out];
}
