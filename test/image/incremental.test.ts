// Incremental saves: a save to the image a world came from, or was last saved to, writes only
// what changed since, its page table as changes to the last one written (format.ts, TABLE
// CHAINS); a save anywhere else writes the whole world. Measured on a world of about 50 MB, as
// the growth of the image file and its records.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Session, RunResult } from "../../repl/session";
import { PAGE_BYTES } from "../../runtime/layout";
import { MAX_TABLE_CHAIN, TableChain, writesWholeTable } from "../../image/image-file";
import { RECORD_COMMIT } from "../../image/format";
import { FileRecord, imageRecords } from "./support";

const HEAP_BYTES = 2 ** 28;
const MB = 2 ** 20;
/** About 50 MB of string data, each string distinct and with no zero bytes. */
const STRINGS = 50_000;
const STRING_CHARS = 1000;
const BUILD_WORLD = `
  (define big
    (let loop ((i 0) (acc '()))
      (if (= i ${STRINGS}) acc
          (loop (+ i 1) (cons (string-append (number->string i) ":" (make-string ${STRING_CHARS} (integer->char (+ 65 (modulo i 26))))) acc)))))
  (define small 1)`;

let home: string;
const savedHome = process.env.STASIS_HOME;

jest.setTimeout(60_000);

function imagePath(name: string): string {
  return path.join(home, "images", `${name}.image`);
}

function imageBytes(name: string): number {
  return fs.statSync(imagePath(name)).size;
}

/** The commit records of image `name`, oldest first. */
function commits(name: string): FileRecord[] {
  return imageRecords(fs.readFileSync(imagePath(name))).filter((r) => r.kind === RECORD_COMMIT);
}

async function newSession(image?: { name: string; commit?: number }): Promise<Session> {
  return Session.create({ heapLimitBytes: HEAP_BYTES, stdout: () => undefined, stderr: () => undefined }, image);
}

async function evaluate(session: Session, text: string): Promise<string> {
  const r: RunResult = await session.evaluateProgram(session.readProgram(text, "test.scm"));
  if (r.kind !== "value") throw new Error(`evaluating ${text}: ${r.kind === "error" ? r.message : `exit ${r.code}`}`);
  return session.show(r.value) ?? "#<unspecified>";
}

/** How many bytes a save appends to image `name`: its file's growth. */
async function growth(name: string, save: () => Promise<unknown>): Promise<number> {
  const before = imageBytes(name);
  await save();
  return imageBytes(name) - before;
}

describe("a world of about 50 MB", () => {
  let session: Session;
  /** Bytes of the first, whole, save. */
  let first: number;

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-incremental-"));
    process.env.STASIS_HOME = home;
    session = await newSession();
    await evaluate(session, BUILD_WORLD);
    await evaluate(session, `(sysout "big")`);
    first = imageBytes("big");
  });

  afterAll(() => {
    if (savedHome === undefined) delete process.env.STASIS_HOME;
    else process.env.STASIS_HOME = savedHome;
    fs.rmSync(home, { recursive: true, force: true });
  });

  it("is saved whole the first time: an image of 50 to 60 MB", () => {
    expect(first).toBeGreaterThan(50_000_000);
    expect(first).toBeLessThan(60 * MB);
  });

  it("saved again to the same name after one definition changed, writes less than 1% of the first save", async () => {
    const written = await growth("big", () => evaluate(session, `(set! small 2) (sysout "big")`));
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(first / 100);
    expect(await evaluate(session, `(map (lambda (c) (cdr (assq 'commit c))) (image-history "big"))`)).toBe("(2 1)");
  });

  it("saved again unchanged, writes only a small commit: no more than a few pages besides the commit record", async () => {
    // Both saves in one form: nothing is read or compiled between them.
    const sizes: number[] = [];
    const images = session.images;
    const save = images.save.bind(images);
    images.save = (heap, name, state) => {
      const point = save(heap, name, state);
      sizes.push(imageBytes("big"));
      return point;
    };
    try {
      await evaluate(session, `(begin (sysout "big") (sysout "big"))`);
    } finally {
      images.save = save;
    }
    const written = sizes[1] - sizes[0];
    const history = await evaluate(session, `(cdr (assq 'offset (car (image-history "big"))))`);
    const commitRecord = sizes[1] - Number(history);
    expect(written).toBeGreaterThanOrEqual(commitRecord);
    expect(written - commitRecord).toBeLessThanOrEqual(4 * PAGE_BYTES);
    expect(written).toBeLessThan(first / 200);
  });

  it("saved to another name, writes the whole world", async () => {
    await evaluate(session, `(sysout "big-copy")`);
    const copy = imageBytes("big-copy");
    expect(copy).toBeGreaterThan(first * 0.95);
    expect(copy).toBeLessThan(first * 1.05);
  });

  it("resumed from its image and saved back to it, is saved incrementally", async () => {
    const resumed = await newSession({ name: "big" });
    expect(await resumed.continueSaved()).toBeDefined();
    const written = await growth("big", () => evaluate(resumed, `(define another 3) (sysout "big")`));
    expect(written).toBeLessThan(first / 100);
    // The image still holds the whole world: a new session resumes it with every string.
    const check = await newSession({ name: "big" });
    await check.continueSaved();
    expect(await evaluate(check, `(list (length big) small another (string-length (car big)))`))
      .toBe(`(${STRINGS} 2 3 ${String(STRINGS - 1).length + 1 + STRING_CHARS})`);
  });

  it("saved again after a change, holds its page table as changes to the last commit's: a commit record under a tenth of a whole table's", async () => {
    // (The session last saved to big-copy: its first save to big writes the world whole.)
    await evaluate(session, `(sysout "big") (set! small 4) (sysout "big")`);
    const all = commits("big");
    const [first, previous, newest] = [all[0], all[all.length - 2], all[all.length - 1]];
    expect(first.commit!.base).toBe(-1);
    expect(newest.commit!.base).toBe(previous.start);
    expect(newest.end - newest.start).toBeLessThan((first.end - first.start) / 10);
  });

  it("saved many times over, starts a whole table again before a chain is longer than MAX_TABLE_CHAIN records", async () => {
    const before = commits("big").length;
    await evaluate(session, `(let loop ((i 0)) (if (< i ${MAX_TABLE_CHAIN + 6}) (begin (set! small i) (sysout "big") (loop (+ i 1)))))`);
    const all = commits("big");
    const byOffset = new Map(all.map((r) => [r.start, r]));
    const chainLength = (r: FileRecord): number => (r.commit!.base < 0 ? 1 : 1 + chainLength(byOffset.get(r.commit!.base)!));
    const lengths = all.slice(before).map(chainLength);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(MAX_TABLE_CHAIN);
    expect(lengths.filter((n) => n === 1).length).toBeGreaterThanOrEqual(1);
    // The world resumed from the newest commit is the one saved.
    const check = await newSession({ name: "big" });
    await check.continueSaved();
    expect(await evaluate(check, `(list (length big) small)`)).toBe(`(${STRINGS} ${MAX_TABLE_CHAIN + 5})`);
  });

  it("resumed from a commit in the middle of a chain and saved, holds its table as changes to that commit's", async () => {
    const all = commits("big");
    const middle = all[all.length - 3];
    expect(middle.commit!.base).toBeGreaterThan(0);
    const resumed = await newSession({ name: "big", commit: middle.commit!.number });
    resumed.discardSaved(); // its rest saved the commits after it: not again
    const written = await growth("big", () => evaluate(resumed, `(set! small 'again) (sysout "big")`));
    expect(written).toBeLessThan(first / 100);
    const newest = commits("big").at(-1)!;
    expect(newest.commit!.base).toBe(middle.start);
    const check = await newSession({ name: "big" });
    await check.continueSaved();
    expect(await evaluate(check, `(list (length big) small)`)).toBe(`(${STRINGS} again)`);
  });
});

describe("whether a commit writes its page table whole", () => {
  const chain = (records: number, changes: number): TableChain => ({ records: Array.from({ length: records }, (_, i) => 1000 - i), changes, bytes: 0 });

  it("is so when there is no table to change: a new image, or another file's world", () => {
    expect(writesWholeTable(chain(0, 0), 1, 100)).toBe(true);
  });

  it("is not so for a few changes to a short chain", () => {
    expect(writesWholeTable(chain(1, 0), 3, 100)).toBe(false);
    expect(writesWholeTable(chain(MAX_TABLE_CHAIN - 1, 10), 3, 100)).toBe(false);
  });

  it("is so when the chain has MAX_TABLE_CHAIN records already", () => {
    expect(writesWholeTable(chain(MAX_TABLE_CHAIN, 10), 3, 100)).toBe(true);
  });

  it("is so when the changes since the whole table come to more than half its entries", () => {
    expect(writesWholeTable(chain(3, 40), 10, 100)).toBe(false);
    expect(writesWholeTable(chain(3, 40), 11, 100)).toBe(true);
  });
});
