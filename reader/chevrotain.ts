// Loads chevrotain. Version 11 is ESM-only; its package entry pulls in lodash-es and dozens of
// files and takes ~160 ms to load through Node's require(esm), against ~10 ms for the
// single-file bundle the package also ships (measured on Node 20.20). The bundle is not in the
// package's "exports" map, so it is found by path next to the entry point. Under jest
// (jest.config.ts maps `chevrotain` to that file) and in the start-up snapshot's bundle
// (repl/build-snapshot.ts resolves it to chevrotain's lexer alone) the plain require is taken.

import type * as Chevrotain from "chevrotain";
import * as path from "path";

/** Defined (as true) only in the start-up snapshot's bundle. */
declare const STASIS_BUNDLE: boolean | undefined;

function load(): typeof Chevrotain {
  if (process.env.JEST_WORKER_ID !== undefined || typeof STASIS_BUNDLE !== "undefined") return require("chevrotain");
  const entry = require.resolve("chevrotain"); // .../chevrotain/lib/src/api.js
  return require(path.join(path.dirname(entry), "..", "chevrotain.min.mjs"));
}

export const chevrotain: typeof Chevrotain = load();
