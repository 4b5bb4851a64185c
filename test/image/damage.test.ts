// Damaged image files (image/image-file.ts, RECOVERY). Whatever happened to the bytes of an image
// file, opening it gives a world that was committed to it, the newest commit still whole, or an
// ImageError of one line: never another exception, a hang, or a world that was never saved.
//
// An image with several commits is written to disk by a real session, and every commit is loaded
// once to take its digest (gc/digest.ts). Then more than 20,000 damaged copies of the file's bytes
// are opened from memory, through an ImageIO over a buffer: cut short anywhere, bits flipped,
// sectors zeroed or overwritten, records of another image spliced in. What each must give is
// worked out from its bytes alone, by the rule for a valid commit (image/format.ts): commit k is
// whole if every byte it rests on — the header, its commit record and trailer, each record its
// page table names, each commit record its table is changed from (its table chain) — is as it
// was written. Then:
//   - a damaged header: an ImageError;
//   - else the newest whole commit, with a warning naming the image and the offset of the
//     newest commit that was passed over because a record it names is damaged (a commit whose
//     own record or trailer is damaged is a torn tail, passed over silently);
//   - no whole commit: an ImageError.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Session } from "../../repl/session";
import { WorldImages } from "../../image/world-images";
import { HEADER_BYTES, RECORD_COMMIT, RECORD_HEADER_BYTES, TRAILER_BYTES, decodeHeader, decodeRecordHeader, hasher } from "../../image/format";
import { heapDigest } from "../../gc/digest";
import { OpenerPool, Outcome, memoryIO, openImage } from "./fixtures/opener";
import { OPEN_HEAP } from "./fixtures/open-heap";
import { imageRecords } from "./support";
import { seededRandom } from "../support/random";

/**
 * The program whose (sysout PATH) calls make the image's commits; each changes the world. One
 * toplevel form, so that no form naming PATH waits in the toplevel's queue (%toplevel-forms):
 * two images written to different paths hold the same worlds.
 */
const PROGRAM = (image: string): string => `(begin
(define counter (box 0))
(define history (box '()))
(define (step! note)
  (set-box! counter (+ (unbox counter) 1))
  (set-box! history (cons (list (unbox counter) note) (unbox history))))
(sysout "${image}")
(define words (let loop ((i 0) (acc '())) (if (= i 3000) acc (loop (+ i 1) (cons (number->string i) acc)))))
(step! "words")
(sysout "${image}")
(define table (make-vector 2000 'cell))
(step! "table")
(sysout "${image}")
(define (count-to n) (let loop ((i 0)) (if (< i n) (loop (+ i 1)) i)))
(step! (count-to 1000))
(sysout "${image}")
(define holder (box words))
(set-box! holder (cons "changed" (cdr words)))
(step! "holder")
(sysout "${image}"))
`;
const COMMITS = 5;

/** Longest an open may take: a damaged file is refused or recovered at once, never searched for ever. */
const HANG_MS = 2000;

/** A span of a file's bytes, [start, end). */
interface Span {
  readonly start: number;
  readonly end: number;
}

/** A commit of the image as written: where it is, what it rests on, its world's digest. */
interface Commit {
  readonly number: number;
  /** Its commit record and trailer. */
  readonly own: Span;
  /** Every record its page table names, and the records of its table chain but its own. */
  readonly records: Span[];
  /** Records in its table chain, its own included: 1 if it holds its table whole. */
  readonly chain: number;
  readonly digest: string;
}

/** A record of an image file, found by walking it from the header. */
interface Record {
  readonly kind: number;
  readonly span: Span;
}

/** An image file on disk, its bytes, and its commits. */
interface Image {
  readonly name: string;
  readonly bytes: Buffer;
  readonly commits: Commit[];
  readonly records: Record[];
}

async function writeImage(name: string): Promise<Image> {
  let output = "";
  const session = await Session.create({ heapLimitBytes: 2 ** 28, stdout: (t) => (output += t), stderr: (t) => (output += t) });
  const result = await session.evaluateProgram(session.readProgram(PROGRAM(name), "test.scm"));
  if (result.kind !== "value") throw new Error(`the program that writes the image failed: ${JSON.stringify(result)} ${output}`);
  const bytes = fs.readFileSync(name);
  const header = decodeHeader(bytes);
  if ("kind" in header) throw new Error(`not an image: ${header.kind}`);
  const images = new WorldImages(memoryIO(name, bytes));
  const commits: Commit[] = [];
  for (let number = 1; number <= COMMITS; number++) {
    const { heap, commit, point } = images.load(images.resolve(name), OPEN_HEAP, number);
    const records: Span[] = [];
    const table = commit.pages;
    for (let i = 0; i < table.page.length; i++) {
      if (table.length[i] > 0) records.push({ start: table.offset[i], end: table.offset[i] + RECORD_HEADER_BYTES + table.length[i] });
      if (table.tablesOffset[i] >= 0) {
        records.push({ start: table.tablesOffset[i], end: table.tablesOffset[i] + RECORD_HEADER_BYTES + table.tablesLength[i] });
      }
    }
    for (const start of point.chain.records.slice(1)) {
      records.push({ start, end: start + RECORD_HEADER_BYTES + decodeRecordHeader(bytes.subarray(start), header.id)!.length });
    }
    commits.push({ number, own: { start: point.offset, end: point.end }, records, chain: point.chain.records.length, digest: heapDigest(heap) });
  }
  return { name, bytes, commits, records: imageRecords(bytes).map((r) => ({ kind: r.kind, span: { start: r.start, end: r.end } })) };
}

// ---- What opening a damaged copy must give, and what it gives ---------------------------------

type Expected =
  | { readonly kind: "world"; readonly number: number; readonly warnAt?: number }
  | { readonly kind: "error"; readonly message: RegExp };

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** What opening `bytes`, a damaged copy of `image`, must give (the rule at the top). */
function expected(image: Image, bytes: Uint8Array): Expected {
  const original = image.bytes;
  const same = (s: Span): boolean => s.end <= bytes.length && original.compare(bytes, s.start, s.end, s.start, s.end) === 0;
  const name = escape(image.name);
  if (!same({ start: 0, end: HEADER_BYTES })) return { kind: "error", message: new RegExp(`^(${name} is not a Stasis image|image ${name} is damaged: its header is corrupt)$`) };
  let warnAt: number | undefined;
  for (let i = image.commits.length - 1; i >= 0; i--) {
    const commit = image.commits[i];
    if (!same(commit.own)) continue;
    if (commit.records.every(same)) return { kind: "world", number: commit.number, warnAt };
    warnAt ??= commit.own.start;
  }
  return {
    kind: "error",
    message: warnAt === undefined ? new RegExp(`^image ${name} is damaged: it has no complete commit$`)
      : new RegExp(`^image ${name} is damaged: no commit is intact \\(the newest, at offset ${warnAt}, is not\\)$`),
  };
}

/** How `outcome` differs from `expectation`: nothing if it is right. */
function problems(image: Image, expectation: Expected, outcome: Outcome, ms: number): string[] {
  const out: string[] = [];
  if (ms > HANG_MS) out.push(`took ${Math.round(ms)} ms`);
  switch (outcome.kind) {
    case "crash":
      out.push(`threw ${outcome.message}`);
      break;
    case "error":
      if (outcome.message.includes("\n")) out.push(`an ImageError of more than one line: ${JSON.stringify(outcome.message)}`);
      if (expectation.kind === "world") out.push(`refused (${outcome.message}); commit ${expectation.number} is whole`);
      else if (!expectation.message.test(outcome.message)) out.push(`refused with "${outcome.message}", not ${expectation.message}`);
      break;
    case "world": {
      const matching = image.commits.filter((c) => c.digest === outcome.digest);
      if (matching.length !== 1) out.push(`opened a world that matches ${matching.length} commits (commit ${outcome.number} claimed)`);
      if (expectation.kind === "error") {
        out.push(`opened commit ${outcome.number}; expected an error ${expectation.message}`);
        break;
      }
      if (matching.length === 1 && matching[0].number !== expectation.number) out.push(`opened the world of commit ${matching[0].number}, not ${expectation.number}`);
      if (outcome.number !== expectation.number) out.push(`opened commit ${outcome.number}, not ${expectation.number}`);
      if (expectation.warnAt === undefined && outcome.warning !== undefined) out.push(`warned "${outcome.warning}" though no newer commit was damaged`);
      if (expectation.warnAt !== undefined) {
        const warning = outcome.warning ?? "";
        if (!warning.includes(`image ${image.name} `) || !warning.includes(`offset ${expectation.warnAt} `) || warning.includes("\n")) {
          out.push(`warned ${JSON.stringify(outcome.warning)}; expected one line naming ${image.name} and offset ${expectation.warnAt}`);
        }
      }
      break;
    }
  }
  return out;
}

// ---- Counting ----------------------------------------------------------------------------------

const tally = {
  variants: 0,
  opened: 0,
  worlds: new Map<string, number>(),
  errors: new Map<string, number>(),
  slowestMs: 0,
  totalMs: 0,
};
/** Judgements by a hash of the damaged bytes: the same bytes are opened once. */
const memo = new Map<string, Promise<{ outcome: Outcome; problems: string[] }>>();
/** Opens sent to the pool and not yet answered, at most. */
const IN_FLIGHT = 16;

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The kind of an error message: the image's name and every number taken out. */
function messageKind(image: Image, message: string): string {
  return message.split(image.name).join("IMAGE").replace(/\d+/g, "N");
}

/**
 * Opens every damaged copy `variants` yields (a copy may be a scratch buffer the generator
 * changes back after the yield) and returns the problems found, at most `limit` of them, and
 * the outcomes in order.
 */
async function survey(variants: Iterable<[string, Uint8Array]>, limit = 20): Promise<{ problems: string[]; outcomes: Outcome[] }> {
  const judgements: { label: string; judged: Promise<{ outcome: Outcome; problems: string[] }> }[] = [];
  const inFlight: Promise<unknown>[] = [];
  for (const [label, bytes] of variants) {
    const key = `${bytes.length}:${hasher().h64(bytes).toString(16)}`;
    let judged = memo.get(key);
    if (judged === undefined) {
      // What the bytes must give is worked out now, before the generator changes them back.
      const expectation = expected(image, bytes);
      judged = pool.open(bytes).then(({ outcome, ms }) => {
        tally.opened++;
        tally.totalMs += ms;
        tally.slowestMs = Math.max(tally.slowestMs, ms);
        return { outcome, problems: problems(image, expectation, outcome, ms) };
      });
      memo.set(key, judged);
      inFlight.push(judged);
      if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    }
    judgements.push({ label, judged });
  }
  const found: string[] = [];
  const outcomes: Outcome[] = [];
  for (const { label, judged } of judgements) {
    const { outcome, problems } = await judged;
    tally.variants++;
    outcomes.push(outcome);
    if (outcome.kind === "world") count(tally.worlds, `commit ${outcome.number}${outcome.warning === undefined ? "" : " (warned)"}`);
    else count(tally.errors, outcome.kind === "crash" ? `CRASH ${outcome.message}` : messageKind(image, outcome.message));
    if (problems.length > 0 && found.length < limit) found.push(`${label}: ${problems.join("; ")}`);
  }
  return { problems: found, outcomes };
}

// ---- Damage ------------------------------------------------------------------------------------

function* truncations(image: Image, lengths: Iterable<number>): Generator<[string, Uint8Array]> {
  for (const length of new Set(lengths)) {
    if (length >= 0 && length < image.bytes.length) yield [`cut at ${length}`, image.bytes.subarray(0, length)];
  }
}

/** Every offset within `radius` of each commit boundary: a commit record's start, its trailer's start and end. */
function nearBoundaries(image: Image, radius: number): number[] {
  const boundaries = [HEADER_BYTES, ...image.commits.flatMap((c) => [c.own.start, c.own.end - TRAILER_BYTES, c.own.end])];
  return boundaries.flatMap((b) => Array.from({ length: 2 * radius + 1 }, (_, i) => b - radius + i));
}

/** Bit `bit` of the file (byte bit/8) flipped, for each. */
function* bitFlips(image: Image, bits: Iterable<number>): Generator<[string, Uint8Array]> {
  const scratch = Buffer.from(image.bytes);
  for (const bit of bits) {
    const at = Math.floor(bit / 8);
    const mask = 2 ** (bit % 8);
    scratch[at] ^= mask;
    yield [`bit ${bit % 8} of byte ${at} flipped`, scratch];
    scratch[at] ^= mask;
  }
}

/** Every bit of a span. */
function bitsOf(span: Span): number[] {
  return Array.from({ length: (span.end - span.start) * 8 }, (_, i) => span.start * 8 + i);
}

/** `n` bits chosen at random among the bytes of `spans`. */
function sampledBits(spans: Span[], n: number, next: () => number): number[] {
  const total = spans.reduce((sum, s) => sum + s.end - s.start, 0);
  const bits: number[] = [];
  for (let i = 0; i < n; i++) {
    let at = Math.floor(next() * total);
    const span = spans.find((s) => (at < s.end - s.start ? true : ((at -= s.end - s.start), false)))!;
    bits.push((span.start + at) * 8 + Math.floor(next() * 8));
  }
  return bits;
}

const SECTOR_BYTES = 512;

/** Each 512-byte sector of the file (the last one partial) filled by `fill`. */
function* sectors(image: Image, what: string, fill: (sector: Uint8Array) => void): Generator<[string, Uint8Array]> {
  const scratch = Buffer.from(image.bytes);
  for (let start = 0; start < image.bytes.length; start += SECTOR_BYTES) {
    const sector = scratch.subarray(start, start + SECTOR_BYTES);
    fill(sector);
    yield [`sector at ${start} ${what}`, scratch];
    sector.set(image.bytes.subarray(start, start + SECTOR_BYTES));
  }
}

/** `image` with `bytes` written over it at `at` (the file growing if they reach past its end). */
function overwritten(image: Image, at: number, bytes: Uint8Array): Uint8Array {
  const out = Buffer.alloc(Math.max(image.bytes.length, at + bytes.length));
  image.bytes.copy(out);
  out.set(bytes, at);
  return out;
}

function* splices(image: Image, other: Image): Generator<[string, Uint8Array]> {
  const slice = (s: Span) => other.bytes.subarray(s.start, s.end);
  // Each record of the other image copied over this one where it stands in the other.
  for (const r of other.records) yield [`other's record at ${r.span.start} copied in place`, overwritten(image, r.span.start, slice(r.span))];
  // Each record of the other image copied over the record of this one with the same index.
  for (let i = 0; i < Math.min(image.records.length, other.records.length); i++) {
    const at = image.records[i].span.start;
    yield [`other's record ${i} copied over ours at ${at}`, overwritten(image, at, slice(other.records[i].span))];
  }
  for (let i = 0; i < other.commits.length; i++) {
    const theirs = i === 0 ? HEADER_BYTES : other.commits[i - 1].own.end;
    const ours = i === 0 ? HEADER_BYTES : image.commits[i - 1].own.end;
    const number = other.commits[i].number;
    // Each commit of the other image, its records and all, appended...
    yield [`other's commit ${number} appended`, Buffer.concat([image.bytes, other.bytes.subarray(theirs, other.commits[i].own.end)])];
    // ...and the other's commits from it on in place of ours.
    yield [`other's commits from ${number} on in place of ours`, Buffer.concat([image.bytes.subarray(0, ours), other.bytes.subarray(theirs)])];
  }
  // The whole of the other image appended, its header and all.
  yield ["other image appended", Buffer.concat([image.bytes, other.bytes])];
}

// ---- The tests ---------------------------------------------------------------------------------

let tmp: string;
let image: Image;
let other: Image;
let pool: OpenerPool;

beforeAll(async () => {
  await WorldImages.ready();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-damage-"));
  image = await writeImage(`${tmp}/w.image`);
  other = await writeImage(`${tmp}/other.image`);
  pool = new OpenerPool(image.name, image.bytes, COMMITS);
}, 60_000);

afterAll(async () => {
  await pool?.close();
  if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
  const lines = (map: Map<string, number>) => [...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `    ${n}\t${k}`).join("\n");
  process.stdout.write(`damaged images: ${tally.variants} variants, ${tally.opened} opened (the rest had the same bytes as one opened), ` +
    `${Math.round(tally.totalMs / 1000)} s opening, slowest ${Math.round(tally.slowestMs)} ms\n` +
    `  worlds by commit:\n${lines(tally.worlds)}\n  errors by message:\n${lines(tally.errors)}\n`);
});

const newest = (): Commit => image.commits[image.commits.length - 1];

describe("an image file with several commits", () => {
  it("loads each commit as a world of its own, distinct from every other commit's", () => {
    expect(new Set(image.commits.map((c) => c.digest)).size).toBe(COMMITS);
    expect(image.commits.map((c) => c.digest)).toEqual(other.commits.map((c) => c.digest));
  });

  it("holds its first commit's table whole and each later one as changes to the one before", () => {
    expect(image.commits.map((c) => c.chain)).toEqual(image.commits.map((_, i) => i + 1));
  });

  it("opens undamaged as its newest commit, without a warning", () => {
    const outcome = openImage(image.name, image.bytes);
    expect(outcome).toEqual({ kind: "world", number: COMMITS, digest: newest().digest, warning: undefined });
  });

  it("opens cut anywhere within 64 bytes of a commit boundary as the newest commit it holds whole, or refuses", async () => {
    expect((await survey(truncations(image, nearBoundaries(image, 64)))).problems).toEqual([]);
  }, 60_000);

  it("opens cut at any point of a sweep through the file as the newest commit it holds whole, or refuses", async () => {
    const step = 61;
    const lengths = Array.from({ length: Math.ceil(image.bytes.length / step) }, (_, i) => i * step);
    expect((await survey(truncations(image, lengths))).problems).toEqual([]);
  }, 60_000);

  it("refuses a file with any bit of its header flipped, in one line", async () => {
    const { problems, outcomes } = await survey(bitFlips(image, bitsOf({ start: 0, end: HEADER_BYTES })));
    expect(problems).toEqual([]);
    expect(outcomes.every((o) => o.kind === "error")).toBe(true);
  }, 60_000);

  it("opens the previous commit, silently, when any bit of the newest commit's record header or trailer is flipped", async () => {
    const own = newest().own;
    const bits = [...bitsOf({ start: own.start, end: own.start + RECORD_HEADER_BYTES }), ...bitsOf({ start: own.end - TRAILER_BYTES, end: own.end })];
    const { problems, outcomes } = await survey(bitFlips(image, bits));
    expect(problems).toEqual([]);
    expect(outcomes.every((o) => o.kind === "world" && o.number === COMMITS - 1 && o.warning === undefined)).toBe(true);
  }, 60_000);

  it("opens the previous commit, silently, when a bit of the newest commit's page table is flipped", async () => {
    const own = newest().own;
    const payload = { start: own.start + RECORD_HEADER_BYTES, end: own.end - TRAILER_BYTES };
    const { problems, outcomes } = await survey(bitFlips(image, sampledBits([payload], 4000, seededRandom(1))));
    expect(problems).toEqual([]);
    expect(outcomes.every((o) => o.kind === "world" && o.number === COMMITS - 1 && o.warning === undefined)).toBe(true);
  }, 60_000);

  it("opens the newest commit whose table chain is whole, with a warning, when a bit of an older commit's record is flipped", async () => {
    const older = image.commits.slice(0, -1).map((c) => ({ start: c.own.start, end: c.own.end - TRAILER_BYTES }));
    const { problems, outcomes } = await survey(bitFlips(image, sampledBits(older, 3000, seededRandom(4))));
    expect(problems).toEqual([]);
    // Commit k's record is in the chain of every commit after it: the one before k is opened, with a warning.
    expect(outcomes.every((o) => o.kind === "error" || (o.kind === "world" && o.number < COMMITS && o.warning !== undefined))).toBe(true);
  }, 60_000);

  it("opens the newest commit whose records are all whole when a bit of a page or tables record is flipped", async () => {
    const pages = image.records.filter((r) => r.kind !== RECORD_COMMIT).map((r) => r.span);
    const { problems } = await survey(bitFlips(image, sampledBits(pages, 3000, seededRandom(2))));
    expect(problems).toEqual([]);
  }, 60_000);

  it("opens the newest commit whose records are all whole when a sector is zeroed", async () => {
    expect((await survey(sectors(image, "zeroed", (s) => s.fill(0)))).problems).toEqual([]);
  }, 60_000);

  it("opens the newest commit whose records are all whole when a sector is overwritten with garbage", async () => {
    const next = seededRandom(3);
    expect((await survey(sectors(image, "overwritten", (s) => s.forEach((_, i) => (s[i] = Math.floor(next() * 256)))))).problems).toEqual([]);
  }, 60_000);

  it("never takes the records of another image, spliced in or appended, for its own", async () => {
    expect((await survey(splices(image, other))).problems).toEqual([]);
  }, 60_000);

  it("warns, naming the image and the offset, when it resumes an older commit because a record of the newest is damaged", () => {
    const record = newest().records.find((r) => r.start > image.commits[COMMITS - 2].own.end)!;
    const bytes = Buffer.from(image.bytes);
    bytes[record.start + RECORD_HEADER_BYTES] ^= 1;
    const outcome = openImage(image.name, bytes);
    expect(outcome).toEqual({
      kind: "world", number: COMMITS - 1, digest: image.commits[COMMITS - 2].digest,
      warning: `stasis: warning: image ${image.name} is damaged at offset ${newest().own.start} (commit ${COMMITS}); resumed commit ${COMMITS - 1} instead`,
    });
  });
});
