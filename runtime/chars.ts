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
