// Scopes and bindings: what an identifier means at a place in a program.
//
// A scope maps identifier keys (syntax.ts) to bindings; a lookup walks out through the parents.
// When no scope binds an identifier:
//   - an alias means what its template identifier means in the macro's defining scope;
//   - a plain identifier is global: its meaning is the value of its global cell now — a
//     special form, a macro, or (anything else, or unbound) a global variable.
// This is renaming hygiene: identifiers a macro inserts bind only each other (their keys carry
// the expansion's number), and free ones refer to the macro's scope, so user code that rebinds
// `if` or `list` around a macro use does not change what the macro means.

import { Identifier } from "./syntax";
import { Variable } from "./ir";
import type { Macro } from "./syntax-rules";

export type Binding =
  | { readonly kind: "variable"; readonly variable: Variable }
  | { readonly kind: "macro"; readonly macro: Macro }
  | { readonly kind: "special"; readonly name: string }
  | { readonly kind: "global"; readonly symbol: number };

export class Scope {
  private readonly bindings = new Map<string, Binding>();
  constructor(readonly parent: Scope | undefined) {}

  bind(id: Identifier, binding: Binding): void {
    this.bindings.set(id.key, binding);
  }

  /** Whether this scope itself (not a parent) binds the identifier. */
  bindsHere(id: Identifier): boolean {
    return this.bindings.has(id.key);
  }

  lookup(id: Identifier): Binding | undefined {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) {
      const b = s.bindings.get(id.key);
      if (b !== undefined) return b;
    }
    return undefined;
  }
}

/** The meaning of a global name now (the expander reads the global cell). */
export type GlobalMeaning = (symbol: number) => Binding;

/** What `id` means in `scope` (see the module comment). */
export function resolve(id: Identifier, scope: Scope, globalMeaning: GlobalMeaning): Binding {
  let identifier = id;
  let where = scope;
  for (;;) {
    const b = where.lookup(identifier);
    if (b !== undefined) return b;
    if (identifier.alias === undefined) return globalMeaning(identifier.symbol);
    where = identifier.alias.scope;
    identifier = identifier.alias.original;
  }
}

/** free-identifier=?: both identifiers mean the same thing where they are. */
export function sameBinding(a: Binding, b: Binding): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "variable": return a.variable === (b as typeof a).variable;
    case "macro": return a.macro === (b as typeof a).macro;
    case "special": return a.name === (b as typeof a).name;
    case "global": return a.symbol === (b as typeof a).symbol;
  }
}
