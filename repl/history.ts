// The REPL's history: the entries accepted at the prompt, oldest first, kept in memory for the line
// editor (repl/line-editor.ts) and in a file so that the next session can recall them.
//
// THE FILE. UTF-8 text, one entry a line, oldest first, each line ended by "\n". An entry may
// hold line breaks (a multi-line form is one entry), so a line is the entry escaped:
//   "\"  is written  "\\"
//   LF   is written  "\n"
//   CR   is written  "\r"
// Any other backslash pair is read as written, so a file of plain lines (as the REPL wrote before
// entries could span lines) loads as it was, but for lines that hold "\\", "\n" or "\r".
//
// SEVERAL SESSIONS AT ONCE. Two REPLs may run on one file; each must keep what the other adds.
//   1. On start a session reads the file and keeps its last `limit` entries.
//   2. Each entry accepted is appended at once, by one write() to the file opened with O_APPEND:
//      the kernel puts every such write at the end of the file, whole, so entries from several
//      sessions interleave but never overwrite or tear one another.
//   3. The file is allowed to grow to twice `limit` entries (as far as this session has seen:
//      the lines it read plus those it appended). Past that, it is read again (to include what
//      other sessions appended), its last `limit` lines written to a temporary file beside it,
//      and the temporary file renamed over it: a reader sees the old file or the new, never a
//      half-written one. An entry another session appends between that read and the rename is
//      lost; this happens at most once in `limit` entries and costs one line of history.
// A session does not see what others append while it runs (as bash with histappend): entries
// are recalled from this session's memory.
//
// History is a convenience: a missing, unreadable or read-only file, or a home that cannot be
// made, leaves the session with its entries in memory only, and is never reported.

import * as fs from "fs";
import * as path from "path";

/** How many entries a session keeps, and (twice this) how many the file may hold. */
export const HISTORY_ENTRIES = 1000;

export class History {
  /** The entries, oldest first; at most `limit`. */
  readonly entries: string[] = [];
  /** How many lines the file holds as far as this session knows (THE FILE, step 3). */
  private fileLines = 0;

  /**
   * The history kept in `file` (read now), or in memory only when `file` is undefined.
   * `limit` is how many entries are kept (HISTORY_ENTRIES).
   */
  constructor(private readonly file: string | undefined, private readonly limit = HISTORY_ENTRIES) {
    const lines = this.readLines();
    this.fileLines = lines.length;
    for (const line of lines.slice(-limit)) this.entries.push(unescapeEntry(line));
    if (this.fileLines > 2 * limit) this.trim();
  }

  /**
   * Adds an entry accepted at the prompt, in memory and at the end of the file; an entry of
   * white space only, or the same as the one before it, is not added.
   */
  add(entry: string): void {
    if (entry.trim() === "" || entry === this.entries[this.entries.length - 1]) return;
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.shift();
    if (this.file === undefined) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const fd = fs.openSync(this.file, "a", 0o600);
      try {
        fs.writeSync(fd, escapeEntry(entry) + "\n");
      } finally {
        fs.closeSync(fd);
      }
      this.fileLines++;
    } catch {
      return;
    }
    if (this.fileLines > 2 * this.limit) this.trim();
  }

  /** The file's lines, or none when it cannot be read. */
  private readLines(): string[] {
    if (this.file === undefined) return [];
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch {
      return [];
    }
    const lines = text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    return lines;
  }

  /** Cuts the file to its last `limit` lines (THE FILE, step 3). */
  private trim(): void {
    const file = this.file!;
    const kept = this.readLines().slice(-this.limit);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temporary, kept.map((line) => line + "\n").join(""), { mode: 0o600 });
      fs.renameSync(temporary, file);
      this.fileLines = kept.length;
    } catch {
      fs.rm(temporary, { force: true }, () => undefined);
    }
  }
}

function escapeEntry(entry: string): string {
  return entry.replace(/[\\\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\n" ? "\\n" : "\\r"));
}

function unescapeEntry(line: string): string {
  return line.replace(/\\[\\nr]/g, (pair) => (pair === "\\\\" ? "\\" : pair === "\\n" ? "\n" : "\r"));
}
