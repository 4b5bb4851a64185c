// XXH64 in JavaScript, with BigInt: the checksum of image/format.ts for where xxhash-wasm cannot
// run because there is no WebAssembly, which is node while it builds a start-up snapshot
// (repl/startup-snapshot.ts warms up reading the base image with it). About a hundred times
// slower than xxhash-wasm (~50 MB/s); test/image/xxh64.test.ts checks that both give the same sums.
//
// The algorithm is XXH64 as its specification gives it (github.com/Cyan4973/xxHash,
// doc/xxhash_spec.md): four lanes over 32-byte stripes, then 8-, 4- and 1-byte tails, then the
// avalanche; all arithmetic modulo 2^64, words read little-endian.

const PRIME1 = 0x9e3779b185ebca87n;
const PRIME2 = 0xc2b2ae3d27d4eb4fn;
const PRIME3 = 0x165667b19e3779f9n;
const PRIME4 = 0x85ebca77c2b2ae63n;
const PRIME5 = 0x27d4eb2f165667c5n;
const STRIPE_BYTES = 32;

const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const rotl = (x: bigint, bits: bigint): bigint => u64((x << bits) | (x >> (64n - bits)));
const round = (acc: bigint, lane: bigint): bigint => u64(rotl(u64(acc + lane * PRIME2), 31n) * PRIME1);
const merge = (acc: bigint, lane: bigint): bigint => u64((acc ^ round(0n, lane)) * PRIME1 + PRIME4);

export function xxh64(bytes: Uint8Array, seed = 0n): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = bytes.length;
  let at = 0;
  let h: bigint;
  if (length >= STRIPE_BYTES) {
    let v1 = u64(seed + PRIME1 + PRIME2), v2 = u64(seed + PRIME2), v3 = seed, v4 = u64(seed - PRIME1);
    for (; at + STRIPE_BYTES <= length; at += STRIPE_BYTES) {
      v1 = round(v1, view.getBigUint64(at, true));
      v2 = round(v2, view.getBigUint64(at + 8, true));
      v3 = round(v3, view.getBigUint64(at + 16, true));
      v4 = round(v4, view.getBigUint64(at + 24, true));
    }
    h = u64(rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n));
    h = merge(merge(merge(merge(h, v1), v2), v3), v4);
  } else {
    h = u64(seed + PRIME5);
  }
  h = u64(h + BigInt(length));
  for (; at + 8 <= length; at += 8) h = u64(rotl(h ^ round(0n, view.getBigUint64(at, true)), 27n) * PRIME1 + PRIME4);
  if (at + 4 <= length) {
    h = u64(rotl(h ^ u64(BigInt(view.getUint32(at, true)) * PRIME1), 23n) * PRIME2 + PRIME3);
    at += 4;
  }
  for (; at < length; at++) h = u64(rotl(h ^ u64(BigInt(bytes[at]) * PRIME5), 11n) * PRIME1);
  h = u64((h ^ (h >> 33n)) * PRIME2);
  h = u64((h ^ (h >> 29n)) * PRIME3);
  return h ^ (h >> 32n);
}
