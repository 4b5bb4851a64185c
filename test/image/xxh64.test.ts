// image/xxh64.ts, the checksum in JavaScript for where there is no WebAssembly, gives the sums
// xxhash-wasm gives: at every length around its stripe and tail boundaries, at any alignment,
// with any seed. (The start-up snapshot's warm-up checks the base image with it.)

import xxhash from "xxhash-wasm";
import { xxh64 } from "../../image/xxh64";
import { hasher, hasherLoaded, withJavaScriptHasher } from "../../image/format";
import { seededRandom } from "../support/random";

let wasm: (bytes: Uint8Array, seed?: bigint) => bigint;

beforeAll(async () => {
  const api = await xxhash();
  wasm = (bytes, seed) => api.h64Raw(bytes, seed);
});

const SEEDS = [0n, 1n, 0x9e3779b185ebca87n, 0xffffffffffffffffn];

test("xxh64 gives xxhash-wasm's sum at every length up to 300, every tail and stripe count", () => {
  const random = seededRandom(64);
  const bytes = Uint8Array.from({ length: 300 }, () => Math.floor(random() * 256));
  for (let length = 0; length <= bytes.length; length++) {
    for (const seed of SEEDS) expect([length, seed, xxh64(bytes.subarray(0, length), seed)]).toEqual([length, seed, wasm(bytes.subarray(0, length), seed)]);
  }
});

test("xxh64 reads a view at any offset in its buffer", () => {
  const random = seededRandom(65);
  const buffer = Uint8Array.from({ length: 4096 + 7 }, () => Math.floor(random() * 256));
  for (let offset = 0; offset < 8; offset++) {
    const view = buffer.subarray(offset, offset + 4096);
    expect(xxh64(view, 42n)).toBe(wasm(view, 42n));
  }
});

test("xxh64 of nothing is XXH64's published sum of the empty input", () => {
  expect(xxh64(new Uint8Array(0))).toBe(0xef46db3751d8e999n);
});

test("withJavaScriptHasher lends image I/O the JavaScript sums for its run only", async () => {
  const bytes = new TextEncoder().encode("a world");
  expect(hasherLoaded()).toBe(false);
  const sum = await withJavaScriptHasher(async () => hasher().h64(bytes, 7n));
  expect(sum).toBe(wasm(bytes, 7n));
  expect(hasherLoaded()).toBe(false);
});
