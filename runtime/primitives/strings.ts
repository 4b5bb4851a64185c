// String and symbol primitives: R7RS 6.7 and the string procedures of (scheme char), 6.5's
// symbol procedures, gensym, and the Stasis string extensions of LANGUAGE.md. The higher-order
// ones (string-map, string-for-each, a string-index that takes a predicate) are Lisp (P4).
//
// Invariants
//   S1. Strings are immutable: no primitive writes into an existing string. string-set!,
//       string-fill! and string-copy! are bound only to say so and name what to use instead.
//   S2. A string holds Unicode scalar values. A new string is narrow (OBJECT_STRING, a byte per
//       character) exactly when all its characters are below 256 (objects.ts makeString and
//       makeStringFromCodePoints decide), whatever the representation of the strings it was
//       built from.
//   S3. Building a result is linear in its length: characters are copied between typed-array
//       views of the heap (heap H5: no object moves during a call, so a view stays valid), never
//       gathered by repeated concatenation of JS strings.
//   S4. Indexes, bounds and lengths are checked before anything is allocated, as vectors.ts
//       checks them: a type error if the argument is not an exact integer, a range error if it
//       is negative or past its bound.
//   S5. A result too long for one heap object is a range error naming the procedure, raised
//       before it is allocated.

import { World } from "../world";
import {
  BYTEVECTOR_BYTES, FALSE, HEADER_SIZE_MAX, NIL, OBJECT_BYTEVECTOR, OBJECT_STRING, OBJECT_SYMBOL,
  OBJECT_VECTOR, STRING_CHARS, STRING_NARROW_LIMIT, SYMBOL_NAME, TRUE, WORD_BYTES,
  addressOf, fixnumValue, isFixnum, isPair, makeBoolean, makeChar, makeFixnum,
} from "../layout";
import {
  bytevectorBytes, isString, makeBytevector, makeList, makeString, makeStringFromCodePoints, makeVector,
  stringLength, stringToJs, vectorLength, vectorRef,
} from "../objects";
import { isExactInteger, makeInteger } from "../numbers";
import { isWhiteSpace } from "../chars";
import { immutableError, rangeError, typeError } from "../errors";
import { ORDERS, charArgument } from "./chars";
import { PrimitiveSpec, VARIADIC, primitive } from "./registry";

/** The characters of a string, as a view of the heap: bytes if narrow, words if wide. */
type Characters = Uint8Array | Int32Array;

/** The longest strings one heap object can hold (S5), by representation. */
const STRING_NARROW_LENGTH_MAX = (HEADER_SIZE_MAX - (STRING_CHARS - 1)) * WORD_BYTES;
const STRING_WIDE_LENGTH_MAX = HEADER_SIZE_MAX - (STRING_CHARS - 1);
const BYTEVECTOR_LENGTH_MAX = (HEADER_SIZE_MAX - (BYTEVECTOR_BYTES - 1)) * WORD_BYTES;

const SPACE = 0x20;
const DEFAULT_GENSYM_PREFIX = "g";
const DEFAULT_JOIN_DELIMITER: Characters = Uint8Array.of(SPACE);
/** Wide characters become JS text this many at a time: String.fromCodePoint takes them as arguments. */
const TEXT_CHUNK = 8192;

// string->utf8 and utf8->string. Invalid UTF-8 decodes to U+FFFD (the decoder is not fatal); a
// leading byte order mark is a character like any other, not a signature to drop.
const UTF8_ENCODER = new TextEncoder();
const UTF8_DECODER = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * Unicode full case folding, the key of string-foldcase and the string-ci comparisons: the
 * lowercase of the uppercase of the lowercase (ẞ → ß → SS → ss, ß → SS → ss, İ → i̇), with the
 * final sigma that JavaScript's toLowerCase produces at the end of a word folded to σ like ς.
 */
function foldcase(text: string): string {
  // Escaped: one character above U+00FF makes V8 keep the whole start-up bundle's source in two
  // bytes a character (repl/startup-snapshot.ts).
  return text.toLowerCase().toUpperCase().toLowerCase().replace(/\u03C2/gu, "\u03C3");
}

/** The code points of JS text. */
function codePointsOf(text: string): Int32Array {
  return Int32Array.from(text, (ch) => ch.codePointAt(0)!);
}

/** -1, 0 or 1 as a is before, equal to or after b in code point order. */
function compareCharacters(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * The index of the first occurrence of `pattern` in `text` at or after `from`, or -1. Knuth,
 * Morris and Pratt's search: linear in the lengths of both, whatever the characters.
 */
function search(pattern: ArrayLike<number>, text: ArrayLike<number>, from: number): number {
  const m = pattern.length;
  if (m === 0) return from;
  // border[i]: the length of the longest proper prefix of pattern[0..i] that is also its suffix.
  const border = new Int32Array(m);
  for (let i = 1, k = 0; i < m; i++) {
    while (k > 0 && pattern[i] !== pattern[k]) k = border[k - 1];
    if (pattern[i] === pattern[k]) k++;
    border[i] = k;
  }
  for (let i = from, k = 0; i < text.length; i++) {
    while (k > 0 && text[i] !== pattern[k]) k = border[k - 1];
    if (text[i] === pattern[k]) k++;
    if (k === m) return i - m + 1;
  }
  return -1;
}

export function stringPrimitives(world: World): PrimitiveSpec[] {
  const heap = world.heap;

  // ---- Arguments ----------------------------------------------------------------------------

  const stringArgument = (who: string, x: number): number => {
    if (!isString(heap, x)) throw typeError(who, "a string", x);
    return x;
  };

  const characters = (s: number): Characters => {
    const at = addressOf(s) + STRING_CHARS;
    const length = stringLength(heap, s);
    return heap.objectType(s) === OBJECT_STRING
      ? heap.bytes.subarray(at * WORD_BYTES, at * WORD_BYTES + length)
      : heap.words.subarray(at, at + length);
  };

  /** The characters of a string argument. */
  const charactersArgument = (who: string, x: number): Characters => characters(stringArgument(who, x));

  /**
   * An exact integer in [0, limit] (S4); `what` is the range error's message. A bignum is an
   * exact integer too, just outside any range a heap object can have.
   */
  const indexArgument = (who: string, x: number, limit: number, what: string): number => {
    if (!isExactInteger(heap, x)) throw typeError(who, "an exact integer", x);
    const n = isFixnum(x) ? fixnumValue(x) : -1;
    if (n < 0 || n > limit) throw rangeError(who, what, x);
    return n;
  };

  /** The optional [start [end]] arguments of a sequence of `length` elements, defaulted. */
  const rangeArguments = (who: string, length: number, start?: number, end?: number): [number, number] => {
    const from = start === undefined ? 0 : indexArgument(who, start, length, "start out of range");
    const to = end === undefined ? length : indexArgument(who, end, length, "end out of range");
    if (to < from) throw rangeError(who, "end out of range", end!);
    return [from, to];
  };

  /** The characters of a string argument from the optional start to the optional end. */
  const sliceArgument = (who: string, s: number, start?: number, end?: number): Characters => {
    const chars = charactersArgument(who, s);
    const [from, to] = rangeArguments(who, chars.length, start, end);
    return chars.subarray(from, to);
  };

  /** The length of a string to be filled with `codePoint` (make-string, string-pad-left). */
  const lengthArgument = (who: string, x: number, codePoint: number): number =>
    indexArgument(who, x, codePoint < STRING_NARROW_LIMIT ? STRING_NARROW_LENGTH_MAX : STRING_WIDE_LENGTH_MAX,
      "length out of range");

  /** The elements of a proper list, each checked by `element`. */
  const listArgument = <T>(who: string, list: number, element: (x: number) => T): T[] => {
    const out: T[] = [];
    let l = list;
    for (; isPair(l); l = heap.cdr(l)) out.push(element(heap.car(l)));
    if (l !== NIL) throw typeError(who, "a proper list", list);
    return out;
  };

  const symbolArgument = (who: string, x: number): number => {
    if (!heap.isType(x, OBJECT_SYMBOL)) throw typeError(who, "a symbol", x);
    return x;
  };

  // ---- Results ------------------------------------------------------------------------------

  const tooLong = (who: string, length: number) => rangeError(who, "string too long", makeInteger(heap, length));

  /** A new string of these code points, or the range error of S5. */
  const newString = (who: string, codePoints: ArrayLike<number>): number => {
    const length = codePoints.length;
    if (length > STRING_WIDE_LENGTH_MAX) {
      let narrow = true;
      for (let i = 0; i < length && narrow; i++) narrow = codePoints[i] < STRING_NARROW_LIMIT;
      if (!narrow || length > STRING_NARROW_LENGTH_MAX) throw tooLong(who, length);
    }
    return makeStringFromCodePoints(heap, codePoints);
  };

  /**
   * A new string of JS text (well-formed UTF-16, as case mappings and the decoder return). Text
   * has at least as many code units as code points, so a short text fits in any representation.
   */
  const newStringFromText = (who: string, text: string): number =>
    text.length <= STRING_WIDE_LENGTH_MAX ? makeString(heap, text) : newString(who, codePointsOf(text));

  /** The characters as JS text. */
  const textOf = (chars: Characters): string => {
    if (chars instanceof Uint8Array) {
      return Buffer.from(chars.buffer, chars.byteOffset, chars.length).toString("latin1");
    }
    const chunks: string[] = [];
    for (let i = 0; i < chars.length; i += TEXT_CHUNK) {
      chunks.push(String.fromCodePoint(...chars.subarray(i, i + TEXT_CHUNK)));
    }
    return chunks.join("");
  };

  /** A new string of the pieces one after another, in one copy (S3). */
  const concatenate = (who: string, pieces: readonly Characters[]): number => {
    let total = 0;
    let narrow = true;
    for (const p of pieces) {
      total += p.length;
      if (!(p instanceof Uint8Array)) narrow = false;
    }
    if (total > (narrow ? STRING_NARROW_LENGTH_MAX : STRING_WIDE_LENGTH_MAX)) throw tooLong(who, total);
    const out = narrow ? new Uint8Array(total) : new Int32Array(total);
    let at = 0;
    for (const p of pieces) {
      out.set(p, at);
      at += p.length;
    }
    return newString(who, out);
  };

  /** `count` copies of one character (count checked by lengthArgument). */
  const repeated = (codePoint: number, count: number): Characters =>
    (codePoint < STRING_NARROW_LIMIT ? new Uint8Array(count) : new Int32Array(count)).fill(codePoint);

  const indexOrFalse = (i: number): number => (i < 0 ? FALSE : makeFixnum(i));

  // ---- Families -----------------------------------------------------------------------------

  /**
   * string=? ... and string-ci=? ...: true if each adjacent pair of keys compares (-1, 0, 1) in
   * `order` with 0; every argument is checked before any is compared.
   */
  const comparison = (name: string, key: (s: number) => ArrayLike<number>, order: (a: number, b: number) => boolean) =>
    primitive(name, 1, VARIADIC, (...args) => {
      const keys = args.map((x) => key(stringArgument(name, x)));
      for (let i = 1; i < keys.length; i++) if (!order(compareCharacters(keys[i - 1], keys[i]), 0)) return FALSE;
      return TRUE;
    });
  const folded = (s: number): Int32Array => codePointsOf(foldcase(stringToJs(heap, s)));

  const caseMapping = (name: string, map: (text: string) => string) =>
    primitive(name, 1, 1, (s) => newStringFromText(name, map(stringToJs(heap, stringArgument(name, s)))));

  /** string-trim and its one-sided kin: the substring without white space at the chosen ends. */
  const trim = (name: string, left: boolean, right: boolean) =>
    primitive(name, 1, 1, (s) => {
      const chars = charactersArgument(name, s);
      let from = 0;
      let to = chars.length;
      if (left) while (from < to && isWhiteSpace(chars[from])) from++;
      if (right) while (to > from && isWhiteSpace(chars[to - 1])) to--;
      return newString(name, chars.subarray(from, to));
    });

  /**
   * string-pad-left and string-pad-right (SRFI-13): the string padded with `char` (default a
   * space) at one end to length n, or, if it is longer, cut to its n characters nearest the
   * other end: (string-pad-left "12345" 3) is "345", (string-pad-right "12345" 3) is "123".
   */
  const pad = (name: string, onLeft: boolean) =>
    primitive(name, 2, 3, (s, n, c) => {
      const chars = charactersArgument(name, s);
      const fill = c === undefined ? SPACE : charArgument(name, c);
      const length = lengthArgument(name, n, fill);
      const cut = chars.length - length;
      if (cut >= 0) return newString(name, onLeft ? chars.subarray(cut) : chars.subarray(0, length));
      const padding = repeated(fill, -cut);
      return concatenate(name, onLeft ? [padding, chars] : [chars, padding]);
    });

  /** A mutator of LANGUAGE.md "Out" (S1), with R7RS's arity so a wrong call is reported as such. */
  const mutator = (name: string, minArgs: number, maxArgs: number, instead: string) =>
    primitive(name, minArgs, maxArgs, () => {
      throw immutableError(name, "strings", instead);
    });

  /** The name of a new gensym: the prefix (a string or a symbol's name) and a fresh number. */
  const gensymName = (prefix?: number): string => {
    let text = DEFAULT_GENSYM_PREFIX;
    if (prefix !== undefined && isString(heap, prefix)) text = stringToJs(heap, prefix);
    else if (prefix !== undefined && heap.isType(prefix, OBJECT_SYMBOL)) text = world.symbols.name(prefix);
    else if (prefix !== undefined) throw typeError("gensym", "a string or a symbol", prefix);
    return text + world.nextGensym();
  };

  return [
    // ---- R7RS 6.7 -----------------------------------------------------------------------------
    primitive("string?", 1, 1, (x) => makeBoolean(isString(heap, x))),
    primitive("make-string", 1, 2, (k, c) => {
      const fill = c === undefined ? SPACE : charArgument("make-string", c);
      return newString("make-string", repeated(fill, lengthArgument("make-string", k, fill)));
    }),
    primitive("string", 0, VARIADIC, (...cs) => newString("string", cs.map((c) => charArgument("string", c)))),
    primitive("string-length", 1, 1, (s) => makeFixnum(stringLength(heap, stringArgument("string-length", s)))),
    primitive("string-ref", 2, 2, (s, k) => {
      const chars = charactersArgument("string-ref", s);
      return makeChar(chars[indexArgument("string-ref", k, chars.length - 1, "index out of range")]);
    }),
    ...ORDERS.map(([suffix, order]) => comparison(`string${suffix}`, characters, order)),
    ...ORDERS.map(([suffix, order]) => comparison(`string-ci${suffix}`, folded, order)),
    primitive("substring", 2, 3, (s, start, end) => newString("substring", sliceArgument("substring", s, start, end))),
    primitive("string-append", 0, VARIADIC, (...ss) =>
      concatenate("string-append", ss.map((s) => charactersArgument("string-append", s)))),
    primitive("string->list", 1, 3, (s, start, end) =>
      makeList(heap, Array.from(sliceArgument("string->list", s, start, end), makeChar))),
    primitive("list->string", 1, 1, (list) =>
      newString("list->string", listArgument("list->string", list, (c) => charArgument("list->string", c)))),
    primitive("string->vector", 1, 3, (s, start, end) =>
      makeVector(heap, Array.from(sliceArgument("string->vector", s, start, end), makeChar))),
    primitive("vector->string", 1, 3, (v, start, end) => {
      if (!heap.isType(v, OBJECT_VECTOR)) throw typeError("vector->string", "a vector", v);
      const [from, to] = rangeArguments("vector->string", vectorLength(heap, v), start, end);
      const codePoints = new Int32Array(to - from);
      for (let i = from; i < to; i++) codePoints[i - from] = charArgument("vector->string", vectorRef(heap, v, i));
      return newString("vector->string", codePoints);
    }),
    // A fresh string, never the argument itself, so that it is not eq? to it as R7RS says.
    primitive("string-copy", 1, 3, (s, start, end) =>
      newString("string-copy", sliceArgument("string-copy", s, start, end))),
    mutator("string-set!", 3, 3, "build a new string with string-append, substring or string-map"),
    mutator("string-fill!", 2, 4, "make a filled string with make-string"),
    mutator("string-copy!", 3, 5, "build a new string with string-append, substring or string-copy"),

    // ---- (scheme char): full Unicode case mappings, which may change the length (ß → SS) -------
    caseMapping("string-upcase", (text) => text.toUpperCase()),
    caseMapping("string-downcase", (text) => text.toLowerCase()),
    caseMapping("string-foldcase", foldcase),

    // ---- Symbols (R7RS 6.5) and gensym --------------------------------------------------------
    primitive("symbol?", 1, 1, (x) => makeBoolean(heap.isType(x, OBJECT_SYMBOL))),
    primitive("symbol=?", 1, VARIADIC, (...syms) => {
      for (const s of syms) symbolArgument("symbol=?", s);
      return makeBoolean(syms.every((s) => s === syms[0]));
    }),
    // A symbol's name is an immutable string, so it is returned itself rather than copied.
    primitive("symbol->string", 1, 1, (sym) => heap.field(symbolArgument("symbol->string", sym), SYMBOL_NAME)),
    primitive("string->symbol", 1, 1, (s) =>
      world.symbols.intern(stringToJs(heap, stringArgument("string->symbol", s)))),
    // A fresh symbol that is not in the symbol table, so no other symbol is eq? to it, even an
    // interned one of the same name.
    primitive("gensym", 0, 1, (prefix) => world.symbols.uninterned(gensymName(prefix))),

    // ---- UTF-8 (R7RS 6.9) ---------------------------------------------------------------------
    primitive("string->utf8", 1, 3, (s, start, end) => {
      const bytes = UTF8_ENCODER.encode(textOf(sliceArgument("string->utf8", s, start, end)));
      if (bytes.length > BYTEVECTOR_LENGTH_MAX) {
        throw rangeError("string->utf8", "bytevector too long", makeInteger(heap, bytes.length));
      }
      return makeBytevector(heap, bytes);
    }),
    primitive("utf8->string", 1, 3, (b, start, end) => {
      if (!heap.isType(b, OBJECT_BYTEVECTOR)) throw typeError("utf8->string", "a bytevector", b);
      const bytes = bytevectorBytes(heap, b);
      const [from, to] = rangeArguments("utf8->string", bytes.length, start, end);
      return newStringFromText("utf8->string", UTF8_DECODER.decode(bytes.subarray(from, to)));
    }),

    // ---- Stasis extensions (LANGUAGE.md), in the argument order of the SRFI each is from ---------
    primitive("string-null?", 1, 1, (s) => makeBoolean(stringLength(heap, stringArgument("string-null?", s)) === 0)),
    primitive("string-reverse", 1, 1, (s) =>
      newString("string-reverse", charactersArgument("string-reverse", s).slice().reverse())),
    // (string-split string char): the fields between the delimiters, empty ones kept, so there is
    // always one more field than delimiters: (string-split "a,,b" #\,) is ("a" "" "b").
    primitive("string-split", 2, 2, (s, c) => {
      const chars = charactersArgument("string-split", s);
      const delimiter = charArgument("string-split", c);
      const fields: number[] = [];
      let from = 0;
      for (let i = 0; i <= chars.length; i++) {
        if (i === chars.length || chars[i] === delimiter) {
          fields.push(newString("string-split", chars.subarray(from, i)));
          from = i + 1;
        }
      }
      return makeList(heap, fields);
    }),
    // (string-join list [delimiter]): the strings with the delimiter (default a space) between.
    primitive("string-join", 1, 2, (list, delimiter) => {
      const separator = delimiter === undefined ? DEFAULT_JOIN_DELIMITER : charactersArgument("string-join", delimiter);
      const strings = listArgument("string-join", list, (s) => charactersArgument("string-join", s));
      return concatenate("string-join", strings.flatMap((chars, i) => (i === 0 ? [chars] : [separator, chars])));
    }),
    // (string-index string char [start [end]]) (SRFI-13, with a character only: the predicate
    // form is Lisp): the index of the first occurrence of char, or #f.
    primitive("string-index", 2, 4, (s, c, start, end) => {
      const chars = charactersArgument("string-index", s);
      const wanted = charArgument("string-index", c);
      const [from, to] = rangeArguments("string-index", chars.length, start, end);
      const i = chars.subarray(from, to).indexOf(wanted);
      return indexOrFalse(i < 0 ? i : from + i);
    }),
    // (string-search pattern string [start]): the index of the first occurrence of pattern in
    // string at or after start, or #f. The pattern comes first, as in MIT Scheme's
    // (string-search-forward pattern string start); string-contains below is SRFI-13's, with
    // the string first.
    primitive("string-search", 2, 3, (p, s, start) => {
      const pattern = charactersArgument("string-search", p);
      const chars = charactersArgument("string-search", s);
      const [from] = rangeArguments("string-search", chars.length, start);
      return indexOrFalse(search(pattern, chars, from));
    }),
    // (string-contains string pattern) (SRFI-13): the index of the first occurrence, or #f.
    primitive("string-contains", 2, 2, (s, p) => {
      const chars = charactersArgument("string-contains", s);
      return indexOrFalse(search(charactersArgument("string-contains", p), chars, 0));
    }),
    // (string-prefix? prefix string) and (string-suffix? suffix string) (SRFI-13).
    primitive("string-prefix?", 2, 2, (p, s) => {
      const prefix = charactersArgument("string-prefix?", p);
      const chars = charactersArgument("string-prefix?", s);
      return makeBoolean(prefix.length <= chars.length &&
        compareCharacters(prefix, chars.subarray(0, prefix.length)) === 0);
    }),
    primitive("string-suffix?", 2, 2, (p, s) => {
      const suffix = charactersArgument("string-suffix?", p);
      const chars = charactersArgument("string-suffix?", s);
      return makeBoolean(suffix.length <= chars.length &&
        compareCharacters(suffix, chars.subarray(chars.length - suffix.length)) === 0);
    }),
    trim("string-trim", true, true),
    trim("string-trim-left", true, false),
    trim("string-trim-right", false, true),
    pad("string-pad-left", true),
    pad("string-pad-right", false),
  ];
}
