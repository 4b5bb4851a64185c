// Errors the runtime reports to a user. Each carries a one-line message; where the error has a
// place in source text, the place is separate so the CLI can print `FILE:LINE:COL: message`.
// A JavaScript error that is not a LispError reaching the CLI is a bug in Stasis.

export interface SourcePosition {
  readonly file: string;
  readonly line: number; // 1-based
  readonly column: number; // 1-based, in UTF-16 code units
}

export function formatPosition(p: SourcePosition): string {
  return `${p.file}:${p.line}:${p.column}`;
}

export class LispError extends Error {
  constructor(message: string, readonly position?: SourcePosition) {
    super(message);
    this.name = "LispError";
  }

  /** The one line a user sees: `FILE:LINE:COL: message`, or the message alone. */
  describe(): string {
    return this.position ? `${formatPosition(this.position)}: ${this.message}` : this.message;
  }
}

/** What a primitive that throws HostWait waits for. */
export type WaitReason = "input" | "toplevel-input" | "show";

/**
 * Thrown by a primitive that cannot go on until the host has done something asynchronous: fed
 * standard input, read the REPL's next form, shown a toplevel form's values. The primitive has
 * changed nothing; the machine stops at the call (outcome "wait") and calls the primitive again
 * when it is resumed, which then finds what it waited for. Not a Lisp error.
 */
export class HostWait extends Error {
  constructor(readonly reason: WaitReason, message: string) {
    super(message);
    this.name = "HostWait";
  }
}

/** The heap reached its limit. */
export class HeapExhausted extends LispError {
  constructor(readonly limitBytes: number) {
    super(`out of memory: the heap reached its limit of ${Math.round(limitBytes / 2 ** 20)} MiB`);
    this.name = "HeapExhausted";
  }
}

/** Reports a syntax error at an offset of some source text; never returns. */
export type SyntaxFail = (offset: number, message: string) => never;

/** Source text quoted in a message is cut to this many characters, so a message stays one line. */
const EXCERPT_LENGTH = 40;
/** Control characters, which would break or garble a one-line message. */
const CONTROL_CHARACTERS = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * `text` as it appears in an error message: at most EXCERPT_LENGTH characters, with control
 * characters (newlines included) shown as `\xHH;` escapes, so the message stays one line.
 */
export function excerpt(text: string): string {
  const cut = text.length <= EXCERPT_LENGTH ? text : text.slice(0, EXCERPT_LENGTH) + "...";
  return cut.replace(CONTROL_CHARACTERS, (c) => `\\x${c.charCodeAt(0).toString(16)};`);
}

/**
 * What kind of condition a SchemeError is. `read` and `file` answer R7RS read-error? and
 * file-error?; the others say what went wrong for messages and tests.
 */
export type ErrorKind =
  | "error" | "type" | "range" | "arity" | "file" | "read" | "immutable" | "unbound" | "syntax"
  | "memory" | "interrupt";

/**
 * An error raised by a primitive or the VM, which the VM turns into a Lisp error object and
 * raises, so a program can catch it. `irritants` are heap words (the values the message is
 * about); they are safe to hold because no collection runs before the VM takes them (heap H5).
 */
export class SchemeError extends LispError {
  constructor(
    message: string,
    readonly irritants: readonly number[] = [],
    readonly kind: ErrorKind = "error",
    position?: SourcePosition,
  ) {
    super(message, position);
    this.name = "SchemeError";
  }
}

/** `who` was given `value` where it needs `expected` (e.g. "a pair"): car: expected a pair, got 5. */
export function typeError(who: string, expected: string, value: number): SchemeError {
  return new SchemeError(`${who}: expected ${expected}`, [value], "type");
}

/** `value` is of the right type but outside what `who` accepts (`what` says what is). */
export function rangeError(who: string, what: string, value: number): SchemeError {
  return new SchemeError(`${who}: ${what}`, [value], "range");
}

/** One of the immutable-data mutators of LANGUAGE.md "Out": says why, and what to use instead. */
export function immutableError(who: string, what: string, instead: string): SchemeError {
  return new SchemeError(`${who}: ${what} are immutable in Stasis; ${instead}`, [], "immutable");
}
