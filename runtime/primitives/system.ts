// System primitives: multiple values, parameter objects, eval environments, features, and the
// heap report (room). The control procedures (apply, call/cc, eval, exit) are the machine's own.

import { World } from "../world";
import { SchemeError, typeError } from "../errors";
import {
  ENVIRONMENT_NAME, ENVIRONMENT_SIZE, NIL, OBJECT_ENVIRONMENT, OBJECT_PARAMETER, OBJECT_VALUES, PAGE_BYTES,
  PARAMETER_CONVERTER, PARAMETER_SIZE, PARAMETER_VALUE, SPACE_NAMES, UNSPECIFIED, VALUES_ELEMENTS, addressOf,
  makeBoolean, makeFixnum,
} from "../layout";
import { makeList, makeValues } from "../objects";
import { makeInteger } from "../numbers";
import { PrimitiveSpec, VARIADIC, primitive } from "./registry";

/** R7RS (features): what this implementation provides. */
const FEATURES = ["r7rs", "exact-closed", "ieee-float", "full-unicode", "stasis", "stasis-images"];

export function systemPrimitives(world: World): PrimitiveSpec[] {
  const heap = world.heap;
  const symbols = world.symbols;

  const parameter = (who: string, p: number): number => {
    if (!heap.isType(p, OBJECT_PARAMETER)) throw typeError(who, "a parameter object", p);
    return p;
  };
  const environment = (name: number): number => {
    const e = heap.allocate(OBJECT_ENVIRONMENT, ENVIRONMENT_SIZE);
    heap.initField(e, ENVIRONMENT_NAME, name);
    return e;
  };
  const report = (version: number, who: string): number => {
    if (version !== makeFixnum(5) && version !== makeFixnum(7)) throw new SchemeError(`${who}: only versions 5 and 7 are available`, [version]);
    return environment(version);
  };

  return [
    primitive("values", 0, VARIADIC, (...values) => makeValues(heap, values)),
    primitive("%values?", 1, 1, (w) => makeBoolean(heap.isType(w, OBJECT_VALUES))),
    primitive("%values->list", 1, 1, (w) => {
      const n = heap.objectSize(w);
      return makeList(heap, heap.words.subarray(addressOf(w) + VALUES_ELEMENTS, addressOf(w) + VALUES_ELEMENTS + n));
    }),
    primitive("%make-parameter", 2, 2, (value, converter) => {
      const p = heap.allocate(OBJECT_PARAMETER, PARAMETER_SIZE);
      heap.initField(p, PARAMETER_VALUE, heap.makeBox(value));
      heap.initField(p, PARAMETER_CONVERTER, converter);
      return p;
    }),
    primitive("%parameter?", 1, 1, (w) => makeBoolean(heap.isType(w, OBJECT_PARAMETER))),
    primitive("%parameter-box", 1, 1, (p) => heap.field(parameter("%parameter-box", p), PARAMETER_VALUE)),
    primitive("%parameter-converter", 1, 1, (p) => heap.field(parameter("%parameter-converter", p), PARAMETER_CONVERTER)),
    primitive("interaction-environment", 0, 0, () => environment(symbols.intern("interaction"))),
    primitive("scheme-report-environment", 1, 1, (v) => report(v, "scheme-report-environment")),
    primitive("null-environment", 1, 1, (v) => report(v, "null-environment")),
    primitive("environment", 0, VARIADIC, (...specs) => environment(makeList(heap, specs))),
    primitive("features", 0, 0, () => makeList(heap, FEATURES.map((f) => symbols.intern(f)))),
    primitive("room", 0, 0, () => {
      // ((space pages bytes) ...) for every space in use.
      const counts = heap.pagesPerSpace();
      const rows = SPACE_NAMES.map((name, i) => ({ name, pages: counts[i] })).filter((r) => r.pages > 0 && r.name !== "free")
        .map((r) => makeList(heap, [symbols.intern(r.name), makeFixnum(r.pages), makeInteger(heap, r.pages * PAGE_BYTES)]));
      return rows.length === 0 ? NIL : makeList(heap, rows);
    }),
    // The heap has no collector yet (a later issue): there is nothing for (gc) to do.
    primitive("gc", 0, 0, () => UNSPECIFIED),
  ];
}
