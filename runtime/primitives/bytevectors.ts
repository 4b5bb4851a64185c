// Bytevector primitives (R7RS 6.9), with Stasis's rule that bytevectors are immutable
// (LANGUAGE.md): make-bytevector returns a filled bytevector, and bytevector-u8-set!,
// bytevector-copy! and read-bytevector! (R7RS 6.13.2, which reads into a bytevector) are bound but
// raise an immutable error saying what to use instead.
//
// Invariants
//   B1. No primitive here writes an existing bytevector: each result is allocated by the call.
//   B2. Every byte argument is checked to be an exact integer in [0, BYTE_MAX] before anything
//       is allocated; indices and slices as in vectors.ts (V2).
//   B3. make-bytevector without a fill fills with 0.
// utf8->string and string->utf8 are in strings.ts.

import { World } from "../world";
import { PrimitiveSpec, VARIADIC, primitive } from "./registry";
import {
  BYTEVECTOR_BYTES, HEADER_SIZE_MAX, OBJECT_BYTEVECTOR, WORD_BYTES, fixnumValue, isFixnum, makeBoolean, makeFixnum,
} from "../layout";
import { makeInteger } from "../numbers";
import { bytevectorBytes, bytevectorLength, makeBytevector } from "../objects";
import { SchemeError, immutableError, typeError } from "../errors";
import { indexArgument, sliceArguments } from "./vectors";

const BYTE_MAX = 0xff;
/** The most bytes a bytevector can hold: its header's size field bounds it. */
const BYTEVECTOR_LENGTH_MAX = (HEADER_SIZE_MAX - (BYTEVECTOR_BYTES - 1)) * WORD_BYTES;
const IMMUTABLE = "bytevectors";

export function bytevectorPrimitives(world: World): PrimitiveSpec[] {
  const heap = world.heap;

  const bytevectorArgument = (who: string, b: number): number => {
    if (!heap.isType(b, OBJECT_BYTEVECTOR)) throw typeError(who, "a bytevector", b);
    return b;
  };

  const byteArgument = (who: string, w: number): number => {
    if (isFixnum(w) && fixnumValue(w) >= 0 && fixnumValue(w) <= BYTE_MAX) return fixnumValue(w);
    throw typeError(who, "a byte (an exact integer from 0 to 255)", w);
  };

  return [
    primitive("bytevector?", 1, 1, (x) => makeBoolean(heap.isType(x, OBJECT_BYTEVECTOR))),
    primitive("make-bytevector", 1, 2, (k, fill) => {
      const n = indexArgument(heap, "make-bytevector", k, BYTEVECTOR_LENGTH_MAX, "length out of range");
      const byte = fill === undefined ? 0 : byteArgument("make-bytevector", fill);
      return makeBytevector(heap, new Uint8Array(n).fill(byte));
    }),
    primitive("bytevector", 0, VARIADIC, (...bytes) => makeBytevector(heap, bytes.map((b) => byteArgument("bytevector", b)))),
    primitive("bytevector-length", 1, 1, (b) => makeFixnum(bytevectorLength(heap, bytevectorArgument("bytevector-length", b)))),
    primitive("bytevector-u8-ref", 2, 2, (b, k) => {
      const bytes = bytevectorBytes(heap, bytevectorArgument("bytevector-u8-ref", b));
      return makeFixnum(bytes[indexArgument(heap, "bytevector-u8-ref", k, bytes.length - 1)]);
    }),
    primitive("bytevector-copy", 1, 3, (b, start, end) => {
      const bytes = bytevectorBytes(heap, bytevectorArgument("bytevector-copy", b));
      const bounds = sliceArguments(heap, "bytevector-copy", bytes.length, start, end);
      return makeBytevector(heap, bytes.slice(bounds.start, bounds.end));
    }),
    primitive("bytevector-append", 0, VARIADIC, (...bs) => {
      let n = 0;
      for (const b of bs) n += bytevectorLength(heap, bytevectorArgument("bytevector-append", b));
      if (n > BYTEVECTOR_LENGTH_MAX) {
        throw new SchemeError("bytevector-append: the result would be too long", [makeInteger(heap, n)], "range");
      }
      const joined = new Uint8Array(n);
      let at = 0;
      for (const b of bs) {
        const bytes = bytevectorBytes(heap, b);
        joined.set(bytes, at);
        at += bytes.length;
      }
      return makeBytevector(heap, joined);
    }),
    primitive("bytevector-u8-set!", 3, 3, () => {
      throw immutableError("bytevector-u8-set!", IMMUTABLE, "build a new bytevector, or keep the changing part in a box");
    }),
    primitive("bytevector-copy!", 3, 5, () => {
      throw immutableError("bytevector-copy!", IMMUTABLE, "use bytevector-copy or bytevector-append for a new bytevector, or keep the changing part in a box");
    }),
    primitive("read-bytevector!", 1, 4, () => {
      throw immutableError("read-bytevector!", IMMUTABLE, "use read-bytevector, which returns a new bytevector");
    }),
  ];
}
