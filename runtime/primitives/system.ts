// System primitives: multiple values, parameter objects, eval environments, features, and the
// heap reports (heap-statistics, room, the result of gc). The control procedures (apply,
// call/cc, eval, exit, and %collect, which runs a collection) are the machine's own.

import { World } from "../world";
import { GENERATION_OLD, GENERATION_YOUNG, Heap, PauseStatistics, SpaceCensus } from "../heap";
import { SchemeError, typeError } from "../errors";
import {
  ENVIRONMENT_NAME, ENVIRONMENT_SIZE, OBJECT_ENVIRONMENT, OBJECT_PARAMETER, OBJECT_VALUES, PAGE_BYTES,
  PARAMETER_CONVERTER, PARAMETER_SIZE, PARAMETER_VALUE, SPACE_CELL, SPACE_CONS, SPACE_FREE, SPACE_NAMES, SPACE_STACK,
  SPACE_VECTOR, VALUES_ELEMENTS, addressOf, makeBoolean, makeFixnum,
} from "../layout";
import { makeList, makeString, makeValues } from "../objects";
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
    primitive("heap-statistics", 0, 0, () => heapStatistics(world)),
    primitive("%room-report", 0, 0, () => makeString(heap, roomReport(heap))),
    primitive("%last-collection", 0, 0, () => lastCollection(world)),
  ];
}

// ---- Heap reports ------------------------------------------------------------------------------

const MS_DIGITS = 1000;
const ms = (x: number): number => Math.round(x * MS_DIGITS) / MS_DIGITS;

/** A list of (name . value) pairs, the values numbers or already heap words. */
function alist(world: World, entries: [string, number | { word: number }][]): number {
  const heap = world.heap;
  return makeList(heap, entries.map(([name, value]) =>
    heap.cons(world.symbols.intern(name), typeof value === "number" ? number(heap, value) : value.word)));
}

function number(heap: Heap, x: number): number {
  return Number.isInteger(x) ? makeInteger(heap, x) : heap.makeFlonum(x);
}

function pauses(world: World, p: PauseStatistics): { word: number } {
  return { word: alist(world, [["count", p.count], ["last-ms", ms(p.lastMs)], ["longest-ms", ms(p.maxMs)], ["total-ms", ms(p.totalMs)]]) };
}

/** One generation's census: ((space pages bytes) ...). */
function generation(world: World, census: SpaceCensus[], g: number): { word: number } {
  const heap = world.heap;
  return {
    word: makeList(heap, census.filter((c) => c.generation === g).map((c) =>
      makeList(heap, [world.symbols.intern(SPACE_NAMES[c.space]), makeFixnum(c.pages), makeInteger(heap, c.bytes)]))),
  };
}

/** (heap-statistics): the heap's pages, bytes per space and generation, collections and pauses. */
function heapStatistics(world: World): number {
  const heap = world.heap;
  const census = heap.collector.census();
  const stats = heap.collector.statistics;
  const pagesInUse = heap.pagesPerSpace().reduce((sum, n, space) => space === SPACE_FREE ? sum : sum + n, 0);
  return alist(world, [
    ["limit-bytes", heap.pageCount * PAGE_BYTES],
    ["pages-in-use", pagesInUse],
    ["pages-available", heap.pagesAvailable],
    ["page-bytes", PAGE_BYTES],
    ["nursery-bytes", heap.nurseryPages * PAGE_BYTES],
    ["young", generation(world, census, GENERATION_YOUNG)],
    ["old", generation(world, census, GENERATION_OLD)],
    ["stack-pages", heap.pagesPerSpace()[SPACE_STACK]],
    ["minor-collections", pauses(world, stats.minor)],
    ["full-collections", pauses(world, stats.full)],
    ["compactions", pauses(world, stats.compaction)],
    ["promoted-bytes", stats.promotedBytes],
    ["pages-freed", stats.pagesFreed],
  ]);
}

/** The result of (gc): what the full collection just run took and left. */
function lastCollection(world: World): number {
  const heap = world.heap;
  const census = heap.collector.census().filter((c) => c.generation === GENERATION_OLD);
  const stats = heap.collector.statistics;
  return alist(world, [
    ["pause-ms", ms(stats.minor.lastMs + stats.full.lastMs)],
    ["live-bytes", census.reduce((sum, c) => sum + c.bytes, 0)],
    ["old-pages", census.reduce((sum, c) => sum + c.pages, 0)],
    ["pages-freed", stats.lastPagesFreed],
  ]);
}

const KIB = 1024;
const UNITS = ["bytes", "KiB", "MiB", "GiB"];

function formatBytes(bytes: number): string {
  let unit = 0;
  let x = bytes;
  while (x >= KIB && unit < UNITS.length - 1) {
    x /= KIB;
    unit++;
  }
  return `${Number.isInteger(x) ? x : x.toFixed(1)} ${UNITS[unit]}`;
}

function formatPauses(kind: string, p: PauseStatistics): string {
  if (p.count === 0) return `0 ${kind}`;
  return `${p.count} ${kind} (last ${ms(p.lastMs)} ms, longest ${ms(p.maxMs)} ms, ${ms(p.totalMs)} ms in all)`;
}

/** The text (room) displays: a table of pages and bytes per space and generation. */
function roomReport(heap: Heap): string {
  const census = heap.collector.census();
  const stats = heap.collector.statistics;
  const spaces = heap.pagesPerSpace();
  const pagesInUse = spaces.reduce((sum, n, space) => space === SPACE_FREE ? sum : sum + n, 0);
  const column = (text: string | number, width: number) => String(text).padStart(width);
  const row = (space: number) => {
    const young = census.find((c) => c.space === space && c.generation === GENERATION_YOUNG)!;
    const old = census.find((c) => c.space === space && c.generation === GENERATION_OLD)!;
    return `${SPACE_NAMES[space].padEnd(8)}${column(young.pages, 12)}${column(formatBytes(young.bytes), 12)}` +
      `${column(old.pages, 12)}${column(formatBytes(old.bytes), 12)}`;
  };
  return [
    `heap: ${pagesInUse} pages of ${formatBytes(PAGE_BYTES)} in use, ${formatBytes(pagesInUse * PAGE_BYTES)} ` +
      `of a ${formatBytes(heap.pageCount * PAGE_BYTES)} limit; nursery ${formatBytes(heap.nurseryPages * PAGE_BYTES)}`,
    `${"space".padEnd(8)}${column("young pages", 12)}${column("bytes", 12)}${column("old pages", 12)}${column("bytes", 12)}`,
    row(SPACE_CONS),
    row(SPACE_VECTOR),
    row(SPACE_CELL),
    `${"stack".padEnd(8)}${column(spaces[SPACE_STACK], 12)} pages`,
    `collections: ${formatPauses("minor", stats.minor)}; ${formatPauses("full", stats.full)}; ` +
      `${formatPauses("compactions", stats.compaction)}; ${formatBytes(stats.promotedBytes)} promoted; ` +
      `${stats.pagesFreed} pages freed`,
    "",
  ].join("\n");
}
