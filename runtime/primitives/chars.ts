// Character primitives: R7RS 6.6 and (scheme char). Characters are immediates holding a Unicode
// scalar value (layout.ts makeChar/charCode); the classes and case mappings they use are in
// runtime/chars.ts, shared with the reader and the printer.
//
// Invariants
//   C1. Every character word holds a Unicode scalar value: integer->char, the only way in from
//       numbers, refuses the surrogates and everything beyond U+10FFFF.
//   C2. Case mappings here map one character to one character (char-upcase of ß is ß); the full
//       mappings, which may change a string's length, are the string procedures' (strings.ts).
//   C3. Comparisons take one or more arguments and check the type of every one of them before
//       comparing, so a bad argument is reported even after an answer is known.

import { World } from "../world";
import {
  FALSE, TRUE, charCode, fixnumValue, isChar, isFixnum, isScalarValue, makeBoolean, makeChar, makeFixnum,
} from "../layout";
import { isExactInteger } from "../numbers";
import {
  charDowncase, charFoldcase, charUpcase, digitValue, isAlphabetic, isDecimalDigit, isLowerCase, isUpperCase,
  isWhiteSpace,
} from "../chars";
import { rangeError, typeError } from "../errors";
import { PrimitiveSpec, VARIADIC, primitive } from "./registry";

/** The code point of a character argument. */
export function charArgument(who: string, x: number): number {
  if (!isChar(x)) throw typeError(who, "a character", x);
  return charCode(x);
}

/** The orders of the comparison procedures, by the suffix of their names (char=?, string<?, ...). */
export const ORDERS: readonly (readonly [string, (a: number, b: number) => boolean])[] = [
  ["=?", (a, b) => a === b],
  ["<?", (a, b) => a < b],
  [">?", (a, b) => a > b],
  ["<=?", (a, b) => a <= b],
  [">=?", (a, b) => a >= b],
];

/** `name`: true if each adjacent pair of the arguments' keys (code points) is in `order` (C3). */
function comparison(
  name: string, key: (codePoint: number) => number, order: (a: number, b: number) => boolean,
): PrimitiveSpec {
  return primitive(name, 1, VARIADIC, (...args) => {
    const keys = args.map((x) => key(charArgument(name, x)));
    for (let i = 1; i < keys.length; i++) if (!order(keys[i - 1], keys[i])) return FALSE;
    return TRUE;
  });
}

function classPredicate(name: string, test: (codePoint: number) => boolean): PrimitiveSpec {
  return primitive(name, 1, 1, (c) => makeBoolean(test(charArgument(name, c))));
}

function caseMapping(name: string, map: (codePoint: number) => number): PrimitiveSpec {
  return primitive(name, 1, 1, (c) => makeChar(map(charArgument(name, c))));
}

const identity = (codePoint: number): number => codePoint;

export function charPrimitives(world: World): PrimitiveSpec[] {
  const heap = world.heap;
  return [
    primitive("char?", 1, 1, (x) => makeBoolean(isChar(x))),
    primitive("char->integer", 1, 1, (c) => makeFixnum(charArgument("char->integer", c))),
    primitive("integer->char", 1, 1, (n) => {
      if (!isExactInteger(heap, n)) throw typeError("integer->char", "an exact integer", n);
      if (!isFixnum(n) || !isScalarValue(fixnumValue(n))) {
        throw rangeError("integer->char", "not a Unicode scalar value", n);
      }
      return makeChar(fixnumValue(n));
    }),
    ...ORDERS.map(([suffix, order]) => comparison(`char${suffix}`, identity, order)),
    ...ORDERS.map(([suffix, order]) => comparison(`char-ci${suffix}`, charFoldcase, order)),
    classPredicate("char-alphabetic?", isAlphabetic),
    classPredicate("char-numeric?", isDecimalDigit),
    classPredicate("char-whitespace?", isWhiteSpace),
    classPredicate("char-upper-case?", isUpperCase),
    classPredicate("char-lower-case?", isLowerCase),
    primitive("digit-value", 1, 1, (c) => {
      const value = digitValue(charArgument("digit-value", c));
      return value === undefined ? FALSE : makeFixnum(value);
    }),
    caseMapping("char-upcase", charUpcase),
    caseMapping("char-downcase", charDowncase),
    caseMapping("char-foldcase", charFoldcase),
  ];
}
