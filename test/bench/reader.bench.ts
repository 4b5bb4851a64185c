// The reader benchmark: MB/s of reading a generated ~5 MB Scheme program into heap data, plain
// (what R7RS `read` returns) and annotated (what the compiler reads source files as), each as a
// ratio against a hand-written loop that only counts the tokens of the same text in the same run.
// The lexer alone (TokenStream, no data built) is reported too: it is the ceiling of
// the reader's ratio.

import { Benchmark, BenchResult, medianMs } from "./harness";
import { createWorld } from "../../gc";
import { readAll } from "../../reader/reader";
import { TokenStream } from "../../reader/lexer";

const SOURCE_BYTES_TARGET = 5 * 2 ** 20;
const SEED = 0x5eed;
const HEAP_LIMIT_BYTES = 2 ** 30;
const PLAIN_GOAL = 0.25;
const BYTES_PER_MB = 1e6;

// ---- The program read ------------------------------------------------------------------------

/** mulberry32: a small deterministic PRNG, so every run reads the same text. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const WORDS = [
  "list", "car", "cdr", "cons", "map", "for-each", "vector-ref", "string-append", "display",
  "apply", "assq", "length", "reverse", "append", "fold-left", "hash-table-ref", "char->integer",
  "string->symbol", "null?", "pair?", "eq?", "equal?", "zero?", "<", "+", "-", "*", "=", ">=",
  "acc", "item", "rest", "node", "tree", "key", "value", "count", "index", "result", "table",
];
const STRINGS = [
  "value: ", "no such key", "λ calculus", "tab\there", "a \"quoted\" word", "", "done.\n",
  "the quick brown fox jumps over the lazy dog",
];

/** A deterministic Scheme program of about `bytes` UTF-16 code units, in the usual proportions. */
export function generateProgram(bytes: number, seed = SEED): string {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const int = (n: number): number => Math.floor(next() * n);

  function atom(): string {
    const r = next();
    if (r < 0.55) return pick(WORDS);
    if (r < 0.75) return String(int(1000) - 100);
    if (r < 0.82) return (next() * 1000).toFixed(3);
    if (r < 0.86) return `${int(9) + 1}.${int(99)}e-${int(9)}`;
    if (r < 0.92) return JSON.stringify(pick(STRINGS));
    if (r < 0.95) return pick(["#t", "#f", "#\\a", "#\\space", "#\\x41"]);
    return `'${pick(WORDS)}`;
  }

  function expression(depth: number): string {
    const r = next();
    if (depth > 4 || r < 0.3) return atom();
    if (r < 0.4) return `(if ${expression(depth + 1)} ${expression(depth + 1)} ${expression(depth + 1)})`;
    if (r < 0.5) {
      const bindings = Array.from({ length: 1 + int(3) }, () => `(${pick(WORDS)} ${expression(depth + 2)})`);
      return `(let (${bindings.join(" ")})\n    ${expression(depth + 1)})`;
    }
    if (r < 0.55) return `'(${Array.from({ length: 1 + int(5) }, atom).join(" ")})`;
    if (r < 0.58) return `#(${Array.from({ length: 1 + int(6) }, () => String(int(100))).join(" ")})`;
    if (r < 0.61) return `\`(${pick(WORDS)} ,${pick(WORDS)} ,@${pick(WORDS)})`;
    const args = Array.from({ length: 1 + int(4) }, () => expression(depth + 1));
    return `(${pick(WORDS)} ${args.join(" ")})`;
  }

  const parts: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    let form: string;
    if (n % 10 === 0) form = `;;; Section ${n / 10}: generated procedures\n`;
    else if (n % 37 === 0) form = `#| A block comment\n   spanning lines |#\n`;
    else {
      const params = Array.from({ length: 1 + int(3) }, () => pick(WORDS)).join(" ");
      form = `(define (proc-${n} ${params})\n  ; body\n  ${expression(0)}\n  ${expression(0)})\n\n`;
    }
    parts.push(form);
    size += form.length;
  }
  return parts.join("");
}

// ---- The baseline ----------------------------------------------------------------------------

const C_TAB = 9, C_NEWLINE = 10, C_RETURN = 13, C_SPACE = 32, C_QUOTE_MARK = 34, C_HASH = 35;
const C_APOSTROPHE = 39, C_OPEN = 40, C_CLOSE = 41, C_COMMA = 44, C_SEMICOLON = 59;
const C_OPEN_BRACKET = 91, C_BACKSLASH = 92, C_CLOSE_BRACKET = 93, C_BACKQUOTE = 96, C_BAR = 124;

function isDelimiter(c: number): boolean {
  return c === C_SPACE || c === C_NEWLINE || c === C_TAB || c === C_RETURN || c === C_OPEN ||
    c === C_CLOSE || c === C_OPEN_BRACKET || c === C_CLOSE_BRACKET || c === C_QUOTE_MARK ||
    c === C_SEMICOLON || c === C_BAR;
}

/**
 * Counts the tokens of a Scheme text with a charCodeAt state machine: parentheses, quote marks,
 * strings, comments (line and block) and atoms. It builds nothing; it is the speed of merely
 * looking at every character once.
 */
export function countTokens(text: string): number {
  let count = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === C_SPACE || c === C_NEWLINE || c === C_TAB || c === C_RETURN) {
      i++;
    } else if (c === C_OPEN || c === C_CLOSE || c === C_OPEN_BRACKET || c === C_CLOSE_BRACKET ||
      c === C_APOSTROPHE || c === C_BACKQUOTE || c === C_COMMA) {
      count++;
      i++;
    } else if (c === C_SEMICOLON) {
      while (i < n && text.charCodeAt(i) !== C_NEWLINE) i++;
    } else if (c === C_QUOTE_MARK) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i++);
        if (d === C_BACKSLASH) i++;
        else if (d === C_QUOTE_MARK) break;
      }
      count++;
    } else if (c === C_HASH && text.charCodeAt(i + 1) === C_BAR) {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        const d = text.charCodeAt(i);
        if (d === C_BAR && text.charCodeAt(i + 1) === C_HASH) { depth--; i += 2; }
        else if (d === C_HASH && text.charCodeAt(i + 1) === C_BAR) { depth++; i += 2; }
        else i++;
      }
    } else {
      i++;
      while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
      count++;
    }
  }
  return count;
}

// ---- The benchmark ---------------------------------------------------------------------------

function megabytesPerSecond(bytes: number, ms: number): number {
  return bytes / BYTES_PER_MB / (ms / 1000);
}

export const readerBenchmark: Benchmark = {
  name: "reader",
  run(): BenchResult[] {
    const text = generateProgram(SOURCE_BYTES_TARGET);
    const bytes = Buffer.byteLength(text, "utf8");
    let sink = 0;
    const countMs = medianMs(() => { sink += countTokens(text); });
    const readMs = (annotate: boolean) => medianMs(() => {
      const world = createWorld({ limitBytes: HEAP_LIMIT_BYTES });
      sink += readAll(world, text, { file: "bench.scm", annotate }).length;
    }, 5, 1);
    const lexMs = medianMs(() => {
      const stream = new TokenStream(text);
      while (stream.advance()) sink += stream.count;
    });
    const plainMs = readMs(false);
    const annotatedMs = readMs(true);
    if (sink === 0) throw new Error("benchmark read nothing");

    const baseline = megabytesPerSecond(bytes, countMs);
    const lex = megabytesPerSecond(bytes, lexMs);
    const plain = megabytesPerSecond(bytes, plainMs);
    const annotated = megabytesPerSecond(bytes, annotatedMs);
    const size = `${(bytes / BYTES_PER_MB).toFixed(2)} MB, ${countTokens(text)} tokens`;
    return [
      {
        name: "reader: lex a generated program with the lexer, building nothing",
        ratio: lex / baseline,
        ratioMeaning: "TokenStream MB/s / token-counting loop MB/s",
        detail: `${size}; lexer ${lex.toFixed(1)} MB/s (${lexMs.toFixed(0)} ms), ` +
          `counting loop ${baseline.toFixed(1)} MB/s (${countMs.toFixed(1)} ms)`,
      },
      {
        name: "reader: read a generated program into heap data (annotate: false)",
        ratio: plain / baseline,
        ratioMeaning: "readAll MB/s / token-counting loop MB/s",
        goal: { atLeast: PLAIN_GOAL },
        detail: `${size}; readAll ${plain.toFixed(1)} MB/s (${plainMs.toFixed(0)} ms), ` +
          `counting loop ${baseline.toFixed(1)} MB/s (${countMs.toFixed(1)} ms)`,
      },
      {
        name: "reader: read a generated program with source annotations (annotate: true)",
        ratio: annotated / baseline,
        ratioMeaning: "readAll MB/s / token-counting loop MB/s",
        detail: `${size}; readAll ${annotated.toFixed(1)} MB/s (${annotatedMs.toFixed(0)} ms), ` +
          `counting loop ${baseline.toFixed(1)} MB/s (${countMs.toFixed(1)} ms)`,
      },
    ];
  },
};
