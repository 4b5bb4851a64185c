// Calling primitives from tests as the machine would: by name, with the argument count checked
// against the spec first (registry.ts P1), and with results written by the printer.
import { World } from "../../../runtime/world";
import { createWorld } from "../../../gc";
import { PrimitiveSpec, VARIADIC } from "../../../runtime/primitives/registry";
import { printToString } from "../../../runtime/printer";
import { readAll } from "../../../reader/reader";
import { SchemeError } from "../../../runtime/errors";

export const TEST_HEAP = { limitBytes: 2 ** 29 };

export interface Caller {
  world: World;
  /** Calls primitive `name` with heap words; throws what it throws. */
  call(name: string, ...args: number[]): number;
  /** Reads `source` as data (one datum). */
  datum(source: string): number;
  /** `write` text of a value. */
  write(value: number): string;
  /** Calls `name` with the data read from each source text, and writes the result. */
  run(name: string, ...sources: string[]): string;
  /** The SchemeError that calling `name` on the data read from the sources raises. */
  error(name: string, ...sources: string[]): SchemeError;
}

export function caller(makeSpecs: (world: World) => PrimitiveSpec[], world = createWorld(TEST_HEAP)): Caller {
  const specs = new Map(makeSpecs(world).map((s) => [s.name, s]));
  const call = (name: string, ...args: number[]): number => {
    const spec = specs.get(name);
    if (spec === undefined) throw new Error(`no primitive named ${name}`);
    if (args.length < spec.minArgs || (spec.maxArgs !== VARIADIC && args.length > spec.maxArgs)) {
      throw new Error(`${name}: ${args.length} arguments is outside ${spec.minArgs}..${spec.maxArgs}`);
    }
    return spec.fn(...args);
  };
  const datum = (source: string): number => {
    const data = readAll(world, source, { file: "test" });
    if (data.length !== 1) throw new Error(`expected one datum in ${source}`);
    return data[0];
  };
  const write = (value: number): string => printToString(world, value, "write");
  return {
    world,
    call,
    datum,
    write,
    run: (name, ...sources) => write(call(name, ...sources.map(datum))),
    error: (name, ...sources) => {
      try {
        call(name, ...sources.map(datum));
      } catch (e) {
        if (e instanceof SchemeError) return e;
        throw e;
      }
      throw new Error(`(${name} ${sources.join(" ")}) raised no error`);
    },
  };
}
