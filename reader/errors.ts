// The reader's one error type. Every error the reader reports is a ReadError that names the place
// in the source text where the offending text starts; no other exception leaves the reader except
// the runtime's own LispErrors (heap exhaustion).

import { LispError, SourcePosition } from "../runtime/errors";

export class ReadError extends LispError {
  declare readonly position: SourcePosition;

  /**
   * @param incomplete true exactly when the text ended inside an unfinished datum (an unclosed
   *   list, vector, string, |symbol| or #| comment, or a quote, `#;` or label with nothing after
   *   it): more text could complete it, so a REPL asks for another line instead of reporting.
   */
  constructor(message: string, position: SourcePosition, readonly incomplete: boolean = false) {
    super(message, position);
    this.name = "ReadError";
  }
}
