// Character names and classes shared by the reader and the printer (R7RS 6.6).

export const CHAR_NAMES: ReadonlyMap<string, number> = new Map([
  ["alarm", 0x07], ["backspace", 0x08], ["delete", 0x7f], ["escape", 0x1b], ["newline", 0x0a],
  ["null", 0x00], ["return", 0x0d], ["space", 0x20], ["tab", 0x09],
]);

export const CHAR_NAME_OF: ReadonlyMap<number, string> = new Map([...CHAR_NAMES].map(([n, c]) => [c, n]));

/** Characters written as themselves by `write`: letters, marks, digits, punctuation, symbols. */
const GRAPHIC = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

export function isGraphic(codePoint: number): boolean {
  return GRAPHIC.test(String.fromCodePoint(codePoint));
}

// ---- Classes and case mappings ((scheme char), R7RS 6.6) -------------------------------------
// Each takes and returns code points. The classes are the Unicode properties R7RS names; the
// case mappings are JavaScript's locale-independent ones, kept only where they map one character
// to one character, since a character procedure must return a character.

const ALPHABETIC = /^\p{Alphabetic}$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;
const WHITE_SPACE = /^\p{White_Space}$/u;
const UPPERCASE = /^\p{Uppercase}$/u;
const LOWERCASE = /^\p{Lowercase}$/u;

export function isAlphabetic(codePoint: number): boolean {
  return ALPHABETIC.test(String.fromCodePoint(codePoint));
}
/** Decimal digits of any script (general category Nd), what char-numeric? means in R7RS. */
export function isDecimalDigit(codePoint: number): boolean {
  return DECIMAL_DIGIT.test(String.fromCodePoint(codePoint));
}
export function isWhiteSpace(codePoint: number): boolean {
  return WHITE_SPACE.test(String.fromCodePoint(codePoint));
}
export function isUpperCase(codePoint: number): boolean {
  return UPPERCASE.test(String.fromCodePoint(codePoint));
}
export function isLowerCase(codePoint: number): boolean {
  return LOWERCASE.test(String.fromCodePoint(codePoint));
}

const DECIMAL_RADIX = 10;

/**
 * The value of a decimal digit of any script, or undefined if the character is not one. Unicode
 * encodes decimal digits in runs of ten, 0 to 9 ascending (a stability guarantee), so a maximal
 * run of them starts at a zero; the longest run (mathematical digits) is five sets of ten.
 */
export function digitValue(codePoint: number): number | undefined {
  if (!isDecimalDigit(codePoint)) return undefined;
  let zero = codePoint;
  while (zero > 0 && isDecimalDigit(zero - 1)) zero--;
  return (codePoint - zero) % DECIMAL_RADIX;
}

/** `mapped` (a case mapping of codePoint) if it is one character, else codePoint unchanged. */
function singleCharacter(codePoint: number, mapped: string): number {
  const first = mapped.codePointAt(0)!;
  return mapped.length === String.fromCodePoint(first).length ? first : codePoint;
}

/** char-upcase: ß stays ß, because its uppercase is two characters (SS). */
export function charUpcase(codePoint: number): number {
  return singleCharacter(codePoint, String.fromCodePoint(codePoint).toUpperCase());
}
/**
 * Simple lowercase mappings (UnicodeData.txt) that JS toLowerCase hides behind a multi-character
 * special casing: U+0130 İ is i, though "İ".toLowerCase() is i with a combining dot.
 */
const SIMPLE_LOWERCASE: ReadonlyMap<number, number> = new Map([[0x130, 0x69]]);

export function charDowncase(codePoint: number): number {
  return SIMPLE_LOWERCASE.get(codePoint) ?? singleCharacter(codePoint, String.fromCodePoint(codePoint).toLowerCase());
}
/**
 * char-foldcase: Unicode simple case folding, as the downcase of the upcase: that sends every
 * case variant to one character (ς and Σ to σ, ẞ to ß, the Kelvin sign to k).
 */
export function charFoldcase(codePoint: number): number {
  return charDowncase(charUpcase(codePoint));
}
