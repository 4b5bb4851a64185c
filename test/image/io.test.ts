// Scatter reads (image/io.ts readv): a loader reads runs of records, each header and payload
// into a buffer of its own, with one call.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ImageIO, memoryFileIO, nodeIO, readEach } from "../../image/io";

let dir: string;
let file: string;
/** The file's bytes: 3000 bytes of a known pattern. */
const BYTES = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7 + 3) & 0xff);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-io-"));
  file = path.join(dir, "bytes");
  fs.writeFileSync(file, BYTES);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Buffers of the given lengths. */
function buffers(lengths: number[]): Uint8Array[] {
  return lengths.map((n) => new Uint8Array(n));
}

function concat(parts: Uint8Array[]): number[] {
  return parts.flatMap((p) => Array.from(p));
}

const IOS: [string, () => ImageIO][] = [
  ["the real file system", () => nodeIO],
  ["one file held in memory", () => memoryFileIO(file, BYTES)],
];

describe.each(IOS)("readv, on %s", (_, io) => {
  function read(lengths: number[], position: number): { n: number; parts: Uint8Array[] } {
    const fd = io().open(file, "read");
    try {
      const parts = buffers(lengths);
      return { n: io().readv(fd, parts, position), parts };
    } finally {
      io().close(fd);
    }
  }

  it("fills the buffers in order from the position, as one read into their concatenation", () => {
    const { n, parts } = read([10, 1, 500, 0, 89], 100);
    expect(n).toBe(600);
    expect(concat(parts)).toEqual(Array.from(BYTES.subarray(100, 700)));
  });

  it("takes more buffers than one system call does (IOV_MAX)", () => {
    const { n, parts } = read(new Array(2500).fill(1), 7);
    expect(n).toBe(2500);
    expect(concat(parts)).toEqual(Array.from(BYTES.subarray(7, 2507)));
  });

  it("reads fewer bytes only at the end of the file, and says how many", () => {
    const { n, parts } = read([100, 100, 100], 2850);
    expect(n).toBe(150);
    expect(concat(parts).slice(0, 150)).toEqual(Array.from(BYTES.subarray(2850)));
  });
});

it("readEach makes readv of a one-buffer read, stopping at the end of the file", () => {
  const io = memoryFileIO(file, BYTES);
  const parts = buffers([1000, 1000, 1000, 1000]);
  expect(readEach(io, 0, parts, 500)).toBe(2500);
  expect(concat(parts).slice(0, 2500)).toEqual(Array.from(BYTES.subarray(500)));
});
