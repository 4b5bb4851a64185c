// Character syntax (`#\a`, `#\x3bb`, `#\newline`) and the escapes inside strings and |symbols|
// (R7RS 6.6, 6.7, 7.1.1). Both produce Unicode scalar values only: an escape or a hex character
// naming a surrogate or a value above U+10FFFF is an error, never a character.

import { isScalarValue } from "../runtime/layout";
import { CHAR_NAMES } from "../runtime/chars";
import { SyntaxFail, excerpt } from "../runtime/errors";

/** The characters a backslash escape stands for, by the character after the backslash (6.7). */
const ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x61 /* a */, "\x07"], [0x62 /* b */, "\b"], [0x74 /* t */, "\t"], [0x6e /* n */, "\n"],
  [0x72 /* r */, "\r"], [0x22 /* " */, "\""], [0x5c /* \ */, "\\"], [0x7c /* | */, "|"],
]);

const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const LOWER_X = 0x78;
const LOWER_CASE_BIT = 0x20;
const HEX = 16;
/** `#\` before a character's name in a character token. */
const CHARACTER_PREFIX_LENGTH = 2;
const HEX_DIGITS = /^[0-9a-fA-F]+$/;
/** Code points above this take two UTF-16 code units. */
const BMP_MAX = 0xffff;
const SURROGATE_PAIR_LENGTH = 2;

function isIntralineWhitespace(c: number): boolean {
  return c === SPACE || c === TAB;
}

/**
 * The character a `#\` token denotes: one character (`#\(`, `#\ `, `#\😀`), `#\x` and hex digits,
 * or an R7RS name (runtime/chars.ts, shared with the printer; folded to lower case under
 * #!fold-case). `offset` is where the token starts.
 */
export function characterCode(image: string, offset: number, foldCase: boolean, fail: SyntaxFail): number {
  const name = image.slice(CHARACTER_PREFIX_LENGTH);
  const first = name.codePointAt(0)!;
  if (name.length === (first > BMP_MAX ? SURROGATE_PAIR_LENGTH : 1)) return first;
  if ((first | LOWER_CASE_BIT) === LOWER_X && HEX_DIGITS.test(name.slice(1))) {
    const code = parseInt(name.slice(1), HEX);
    if (!isScalarValue(code)) fail(offset, `${excerpt(image)} is not a Unicode scalar value`);
    return code;
  }
  const named = CHAR_NAMES.get(foldCase ? name.toLowerCase() : name);
  if (named === undefined) fail(offset, `unknown character name ${excerpt(image)}`);
  return named;
}

/**
 * The text of image[from, to) with its backslash escapes replaced: the mnemonic escapes, `\xHH;`
 * and line continuations (`\`, intraline whitespace, a line ending, intraline whitespace: all
 * removed). `offset` is where the image starts in the source, for errors. `what` names the
 * construct in messages ("string", "symbol").
 */
export function decodeEscapes(image: string, from: number, to: number, offset: number, what: string, fail: SyntaxFail): string {
  let out = "";
  let copied = from;
  let i = image.indexOf("\\", from);
  while (i >= 0 && i < to) {
    out += image.slice(copied, i);
    const escape = i;
    const c = image.charCodeAt(i + 1);
    const mnemonic = ESCAPES.get(c);
    if (mnemonic !== undefined) {
      out += mnemonic;
      i += 2;
    } else if ((c | LOWER_CASE_BIT) === LOWER_X) {
      const end = image.indexOf(";", i + 2);
      const digits = end < 0 || end >= to ? "" : image.slice(i + 2, end);
      if (!HEX_DIGITS.test(digits)) fail(offset + escape, `bad \\x escape in a ${what}: expected hex digits and ';'`);
      const code = parseInt(digits, HEX);
      if (!isScalarValue(code)) fail(offset + escape, `\\x${excerpt(digits)}; is not a Unicode scalar value`);
      out += String.fromCodePoint(code);
      i = end + 1;
    } else if (isIntralineWhitespace(c) || c === NEWLINE || c === RETURN) {
      i = skipLineContinuation(image, i + 1, to);
      if (i < 0) fail(offset + escape, `a '\\' followed by spaces in a ${what} must end the line`);
    } else {
      fail(offset + escape, `unknown escape ${excerpt("\\" + String.fromCodePoint(image.codePointAt(i + 1)!))} in a ${what}`);
    }
    copied = i;
    i = image.indexOf("\\", i);
  }
  return out + image.slice(copied, to);
}

/** The index after a line continuation whose whitespace starts at i, or -1 if no line ends. */
function skipLineContinuation(image: string, i: number, to: number): number {
  while (i < to && isIntralineWhitespace(image.charCodeAt(i))) i++;
  const c = image.charCodeAt(i);
  if (c === RETURN) i += image.charCodeAt(i + 1) === NEWLINE ? 2 : 1;
  else if (c === NEWLINE) i++;
  else return -1;
  while (i < to && isIntralineWhitespace(image.charCodeAt(i))) i++;
  return i;
}
