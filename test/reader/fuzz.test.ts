// Fuzzed source text: whatever the text, reading it gives data or a ReadError, never another
// exception and never a hang (reader.ts R2); annotated and plain reading agree (R3); and lexing in
// windows gives the tokens of lexing the whole text (lexer.ts T4).

import * as fc from "fast-check";
import { createWorld } from "../../gc";
import { LispError } from "../../runtime/errors";
import { World } from "../../runtime/world";
import { readAll } from "../../reader/reader";
import { ReadError } from "../../reader/errors";
import { TokenStream } from "../../reader/lexer";
import { FILE, Plain, TEST_HEAP, plain, strip } from "./data";

const RUNS = 2000;

const FRAGMENTS = [
  "(", ")", "[", "]", "#(", "#u8(", "'", "`", ",", ",@", ".", " . ", "\"", "\\", "\\x41;", "\\x", "|", "#|", "|#",
  "#\\", "#\\a", "#\\space", "#\\x3bb", "#;", "#0=", "#0#", "#1=", "#!fold-case", "#!no-fold-case", ";", "\n", " ",
  "\r\n", "\t", "#t", "#f", "#x", "#e", "#i", "#b", "1", "-", "+", "1.5", "1e3", "1/2", "+inf.0", "i", "@", "e",
  "abc", "λ", "😀", "\uD800", "256", "#", "x", "/",
];

const schemeish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((parts) => parts.join(""));
const unicode = fc.string({ unit: "binary", maxLength: 40 });
const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const anyText = fc.oneof(schemeish, unicode, codeUnits);

let world = createWorld(TEST_HEAP);
/** A world with room left: the fuzzed reads share one until it is half full. */
function freshWorld(): World {
  if (world.heap.pagesPerSpace().reduce((a, b) => a + b, 0) * 2 > world.heap.pageCount) world = createWorld(TEST_HEAP);
  return world;
}

type Outcome = { data: Plain[] } | { error: string; at: string; incomplete: boolean };

/** Reads the text; fails the property on any exception but a ReadError. */
function outcome(text: string, annotate: boolean): Outcome {
  const w = freshWorld();
  try {
    return { data: readAll(w, text, { file: FILE, annotate }).map((d) => strip(plain(w, d))) };
  } catch (e) {
    if (e instanceof ReadError) {
      expect(e.message).not.toMatch(/\n/);
      return { error: e.message, at: `${e.position.line}:${e.position.column}`, incomplete: e.incomplete };
    }
    if (e instanceof LispError) throw new Error(`a LispError that is not a ReadError: ${e.message}`);
    throw e;
  }
}

describe("fuzzed text", () => {
  it("gives data or a ReadError, for arbitrary and Scheme-ish text", () => {
    fc.assert(fc.property(anyText, (text) => {
      outcome(text, false);
    }), { numRuns: RUNS });
  });

  it("gives the same data or the same error with and without annotations", () => {
    fc.assert(fc.property(anyText, (text) => {
      expect(outcome(text, true)).toEqual(outcome(text, false));
    }), { numRuns: RUNS });
  });

  it("lexes the same tokens in small windows as in one", () => {
    const tokens = (text: string, window: number) => {
      const stream = new TokenStream(text, window);
      const all: string[] = [];
      while (stream.advance()) for (let i = 0; i < stream.count; i++) all.push(`${stream.tokens[i].startOffset}:${stream.tokens[i].image}`);
      return all;
    };
    fc.assert(fc.property(schemeish, fc.integer({ min: 1, max: 16 }), (text, window) => {
      expect(tokens(text, window)).toEqual(tokens(text, text.length + 1));
    }), { numRuns: RUNS });
  });
});
