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
