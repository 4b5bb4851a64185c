// Line and column of an offset in a source text. The lexer tracks offsets only; this table of
// line starts, built by one scan for "\n", turns an offset into a 1-based line and a 1-based
// column in UTF-16 code units. A CRLF line ending is a "\n" preceded by a "\r" that ends the
// previous line, so CRLF text gets the same positions as LF text.
//
// The reader asks for positions in increasing offset order while it builds annotations, so the
// table keeps a cursor on the last line found: the common lookup is the same or the next line,
// O(1); any other is a binary search.

import { SourcePosition } from "../runtime/errors";

export class LineTable {
  /** starts[i] is the offset of the first character of line i + 1. */
  private readonly starts: number[] = [0];
  private cursor = 0;

  constructor(text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }

  /** 0-based index of the line that contains `offset`. */
  lineIndex(offset: number): number {
    const starts = this.starts;
    const last = starts.length - 1;
    const c = this.cursor;
    if (offset >= starts[c]) {
      if (c === last || offset < starts[c + 1]) return c;
      if (c + 1 === last || offset < starts[c + 2]) return (this.cursor = c + 1);
    }
    let low = 0;
    let high = last;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return (this.cursor = low);
  }

  /** Offset of the first character of the line with 0-based index `index`. */
  lineStart(index: number): number {
    return this.starts[index];
  }

  position(file: string, offset: number): SourcePosition {
    const index = this.lineIndex(offset);
    return { file, line: index + 1, column: offset - this.starts[index] + 1 };
  }
}
