// The store of named images: where images are kept (STASIS_HOME), which names are allowed, and
// the procedures that list, describe, show the history of and delete images, and checkpoint a
// world to its image. Every error is one line naming the image; nothing is written for a bad name.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Session } from "../../repl/session";
import { WorldImages } from "../../image/world-images";
import { ImageError } from "../../image/image-file";
import { nodeIO } from "../../image/io";
import { FORMAT_VERSION, HEADER_BYTES, hasher } from "../../image/format";
import { LAYOUT_FINGERPRINT } from "../../runtime/layout";

const HEAP_BYTES = 2 ** 28;

let home: string;
let images: string;
const savedHome = process.env.STASIS_HOME;

jest.setTimeout(30_000);

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-store-"));
  images = path.join(home, "images");
  process.env.STASIS_HOME = home;
  await WorldImages.ready();
});

afterAll(() => {
  if (savedHome === undefined) delete process.env.STASIS_HOME;
  else process.env.STASIS_HOME = savedHome;
  fs.rmSync(home, { recursive: true, force: true });
});

// ---- Helpers -----------------------------------------------------------------------------------

async function newSession(): Promise<Session> {
  return Session.create({ heapLimitBytes: HEAP_BYTES, stdout: () => undefined, stderr: () => undefined });
}

/** The written value of evaluating `text`, or "error: MESSAGE" if it raised an error. */
async function evaluate(session: Session, text: string): Promise<string> {
  const r = await session.evaluateProgram(session.readProgram(text, "test.scm"));
  if (r.kind === "error") return `error: ${r.message}`;
  if (r.kind === "exit") return `exit ${r.code}`;
  return session.show(r.value) ?? "#<unspecified>";
}

/**
 * The world of an image's commit, resumed to be looked at: the rest of the program it was saved
 * in the middle of (which would save again) does not go on.
 */
async function lookAt(name: string, commit?: number): Promise<Session> {
  const session = await Session.create({ heapLimitBytes: HEAP_BYTES, stdout: () => undefined }, { name, commit });
  session.discardSaved();
  return session;
}

/** Evaluates `text` in a new world. */
async function evaluateNew(text: string): Promise<string> {
  return evaluate(await newSession(), text);
}

/** The files in a directory (none if it does not exist). */
function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** Asserts a message is one line, with no JavaScript stack trace in it. */
function expectOneLine(message: string): void {
  expect(message).not.toContain("\n");
  expect(message).not.toMatch(/\bat .*\.(js|ts):\d+/);
}

/** A copy of a real image's bytes with its header changed by `edit` (and, if `reseal`, a recomputed header checksum). */
function craftImage(name: string, edit: (header: Buffer) => void, reseal: boolean): void {
  const bytes = fs.readFileSync(path.join(images, "model.image"));
  edit(bytes);
  if (reseal) {
    const checksumAt = HEADER_BYTES - 8;
    bytes.writeBigUInt64LE(hasher().h64(new Uint8Array(bytes.buffer, bytes.byteOffset, checksumAt)), checksumAt);
  }
  fs.writeFileSync(path.join(images, `${name}.image`), bytes);
}

// ---- Where images are kept ---------------------------------------------------------------------

describe("the store", () => {
  it("keeps images in $STASIS_HOME/images, as NAME.image", async () => {
    expect(await evaluateNew(`(sysout "where")`)).toBe("#f");
    expect(fs.existsSync(path.join(home, "images", "where.image"))).toBe(true);
  });

  it("is ~/.stasis/images when STASIS_HOME is not set", () => {
    const store = new WorldImages(nodeIO, {});
    expect(store.resolve("work").path).toBe(path.join(os.homedir(), ".stasis", "images", "work.image"));
  });

  it("follows the environment it is given rather than the process's", () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-store-other-"));
    const store = new WorldImages(nodeIO, { STASIS_HOME: other });
    expect(store.resolve("work").path).toBe(path.join(other, "images", "work.image"));
    expect(store.list()).toEqual([]);
    fs.rmSync(other, { recursive: true });
  });
});

// ---- Names -------------------------------------------------------------------------------------

describe("image names", () => {
  it.each(["work", "a.b_c-1", "_private", "v2.0", "UPPER"])("accepts %j as a name in the store", (name) => {
    const resolved = new WorldImages().resolve(name);
    expect(resolved).toEqual({ name, path: path.join(images, `${name}.image`), stored: true });
  });

  it.each(["../x", ".hidden", "a b", "x/y", "", "tab\there", "é"])("refuses %j with a one-line error, writing nothing", async (name) => {
    const before = filesIn(images);
    const message = await evaluateNew(`(sysout ${JSON.stringify(name)})`);
    expect(message).toMatch(/^error: .*sysout: image name .* (is not valid|is a path)/);
    expectOneLine(message);
    expect(filesIn(images)).toEqual(before);
    expect(filesIn(home).filter((f) => f !== "images")).toEqual([]);
  });

  it("says a name with a slash is a path that must end in .image", () => {
    expect(() => new WorldImages().resolve("x/y")).toThrow('image name "x/y" is a path: a path to an image must end in .image');
  });

  it("uses a path ending in .image as given, outside the store", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-store-path-"));
    const file = path.join(dir, "elsewhere.image");
    const before = filesIn(images);
    expect(await evaluateNew(`(define here 'there) (sysout ${JSON.stringify(file)})`)).toBe("#f");
    expect(fs.existsSync(file)).toBe(true);
    expect(filesIn(images)).toEqual(before);
    expect(await evaluateNew(`(sysin ${JSON.stringify(file)}) here`)).toBe("#t");
    const session = await Session.create({ heapLimitBytes: HEAP_BYTES }, { name: file });
    expect(await evaluate(session, "here")).toBe("there");
    fs.rmSync(dir, { recursive: true });
  });
});

// ---- The procedures ----------------------------------------------------------------------------

describe("(images)", () => {
  it("lists the names of the images in the store, sorted, and nothing else that is there", async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-store-list-"));
    const session = await Session.create({ heapLimitBytes: HEAP_BYTES, process: { commandLine: ["test"], environment: {} } });
    process.env.STASIS_HOME = other;
    try {
      expect(await evaluate(session, "(images)")).toBe("()");
      await evaluate(session, `(sysout "zeta") (sysout "alpha") (sysout "mid.dle")`);
      fs.writeFileSync(path.join(other, "images", "notes.txt"), "not an image");
      fs.writeFileSync(path.join(other, "images", "left.image.tmp"), "a temporary file");
      fs.writeFileSync(path.join(other, "images", ".hidden.image"), "not a valid name");
      expect(await evaluate(session, "(images)")).toBe('("alpha" "mid.dle" "zeta")');
      expect(new WorldImages(nodeIO, { STASIS_HOME: other }).list()).toEqual(["alpha", "mid.dle", "zeta"]);
    } finally {
      process.env.STASIS_HOME = home;
      fs.rmSync(other, { recursive: true });
    }
  });
});

describe("(image-info NAME)", () => {
  it("is an alist of the image's name, path, size in bytes, commits, creation and last save times", async () => {
    const session = await newSession();
    const start = Date.now();
    await evaluate(session, `(sysout "info") (define x 1) (sysout "info")`);
    const fields = await evaluate(session, `(map car (image-info "info"))`);
    expect(fields).toBe("(name path bytes commits created saved)");
    const get = async (field: string) => evaluate(session, `(cdr (assq '${field} (image-info "info")))`);
    expect(await get("name")).toBe('"info"');
    expect(await get("path")).toBe(JSON.stringify(path.join(images, "info.image")));
    expect(Number(await get("bytes"))).toBe(fs.statSync(path.join(images, "info.image")).size);
    expect(await get("commits")).toBe("2");
    const created = Number(await get("created"));
    const saved = Number(await get("saved"));
    expect(created).toBeGreaterThanOrEqual(start - 1000);
    expect(saved).toBeGreaterThanOrEqual(created);
    expect(saved).toBeLessThanOrEqual(Date.now() + 1000);
  });
});

describe("(image-history NAME)", () => {
  it("lists the commits newest first, each with its number, time, pages, offset and whether it was running", async () => {
    const session = await newSession();
    await evaluate(session, `(sysout "history") (define y 2) (sysout "history") (sysout "history")`);
    expect(await evaluate(session, `(map (lambda (c) (cdr (assq 'commit c))) (image-history "history"))`)).toBe("(3 2 1)");
    expect(await evaluate(session, `(map car (car (image-history "history")))`)).toBe("(commit time pages offset running)");
    expect(await evaluate(session, `(map (lambda (c) (cdr (assq 'running c))) (image-history "history"))`)).toBe("(#t #t #t)");
    // Offsets decrease from the newest commit back; times do not increase.
    const offsets = JSON.parse((await evaluate(session, `(list->vector (map (lambda (c) (cdr (assq 'offset c))) (image-history "history")))`))
      .replace(/^#\(/, "[").replace(/\)$/, "]").split(" ").join(","));
    expect(offsets[0]).toBeGreaterThan(offsets[1]);
    expect(offsets[1]).toBeGreaterThan(offsets[2]);
    expect(await evaluate(session, `(apply >= (map (lambda (c) (cdr (assq 'time c))) (image-history "history")))`)).toBe("#t");
  });
});

describe("(delete-image NAME)", () => {
  it("deletes an image and gives #t, then #f when there is none", async () => {
    const session = await newSession();
    await evaluate(session, `(sysout "doomed")`);
    expect(fs.existsSync(path.join(images, "doomed.image"))).toBe(true);
    expect(await evaluate(session, `(delete-image "doomed")`)).toBe("#t");
    expect(fs.existsSync(path.join(images, "doomed.image"))).toBe(false);
    expect(await evaluate(session, `(delete-image "doomed")`)).toBe("#f");
    expect(await evaluate(session, `(member "doomed" (images))`)).toBe("#f");
  });

  it("refuses to delete a file that is not an image", async () => {
    fs.mkdirSync(images, { recursive: true });
    fs.writeFileSync(path.join(images, "precious.image"), "some other file entirely, which is long enough to have a header's worth of bytes");
    const message = await evaluateNew(`(delete-image "precious")`);
    expect(message).toMatch(/^error: .*delete-image: precious is not a Stasis image$/);
    expect(fs.existsSync(path.join(images, "precious.image"))).toBe(true);
  });
});

describe("(checkpoint)", () => {
  it("is an error in a world that has no image yet", async () => {
    const message = await evaluateNew("(checkpoint)");
    expect(message).toMatch(/^error: .*checkpoint: this world has no image yet: save it with \(sysout NAME\) first$/);
  });

  it("appends a commit to the image the world was last saved to", async () => {
    const session = await newSession();
    expect(await evaluate(session, `(define v 'one) (sysout "checkpointed") (set! v 'two) (checkpoint)`)).toBe("#f");
    expect(await evaluate(session, `(length (image-history "checkpointed"))`)).toBe("2");
    const resumed = await Session.create({ heapLimitBytes: HEAP_BYTES }, { name: "checkpointed" });
    expect(await resumed.continueSaved()).toBeDefined();
    expect(await evaluate(resumed, "v")).toBe("two");
  });

  it("appends to the image a world was resumed from", async () => {
    await evaluateNew(`(sysout "resumed-checkpoint")`);
    const session = await Session.create({ heapLimitBytes: HEAP_BYTES }, { name: "resumed-checkpoint" });
    expect(await evaluate(session, `(checkpoint)`)).toBe("#f");
    expect(await evaluate(session, `(length (image-history "resumed-checkpoint"))`)).toBe("2");
  });
});

describe("an older commit", () => {
  // Regression: a save used to be numbered after the commit the world was loaded from, which for
  // an older commit is a number already taken (image-history showed (2 3 2 1)).
  test("resumed and saved back to its image, is appended after the newest: the file only grows and every commit stays", async () => {
    const session = await newSession();
    await evaluate(session, `(define v 'first) (sysout "branch") (set! v (make-vector 5000 "second")) (sysout "branch") (sysout "branch")`);
    const file = path.join(images, "branch.image");
    const before = fs.statSync(file).size;
    const older = await lookAt("branch", 1);
    expect(await evaluate(older, `(set! v 'third) (sysout "branch") v`)).toBe("third");
    expect(fs.statSync(file).size).toBeGreaterThan(before);
    expect(await evaluate(older, `(map (lambda (c) (cdr (assq 'commit c))) (image-history "branch"))`)).toBe("(4 3 2 1)");
    const newest = await lookAt("branch");
    expect(await evaluate(newest, "v")).toBe("third");
    const second = await lookAt("branch", 2);
    expect(await evaluate(second, "(vector-length v)")).toBe("5000");
  });
});

describe("an image file replaced behind a world's back", () => {
  // Regression: a save used to append to the file as if it were still the one the world's commit
  // point was read from, with the old image id, which recovery rejects: the save was silently lost.
  test("by a compaction, still takes the world's next save: the save is resumable", async () => {
    const session = await newSession();
    await evaluate(session, `(define w 'before) (sysout "replaced")`);
    const store = new WorldImages();
    store.rewrite(store.resolve("replaced"), store.resolve("replaced")); // stasis image compact replaced
    expect(await evaluate(session, `(set! w 'after) (sysout "replaced")`)).toBe("#f");
    const resumed = await Session.create({ heapLimitBytes: HEAP_BYTES, stdout: () => undefined }, { name: "replaced" });
    await resumed.continueSaved();
    expect(await evaluate(resumed, "w")).toBe("after");
  });

  test("by another world's save after a delete, still takes this world's next save", async () => {
    const session = await newSession();
    await evaluate(session, `(define w 'mine) (sysout "contested")`);
    await evaluateNew(`(delete-image "contested") (define w 'theirs) (sysout "contested")`);
    expect(await evaluate(session, `(set! w 'mine-again) (checkpoint)`)).toBe("#f");
    const resumed = await Session.create({ heapLimitBytes: HEAP_BYTES, stdout: () => undefined }, { name: "contested" });
    await resumed.continueSaved();
    expect(await evaluate(resumed, "w")).toBe("mine-again");
  });
});

// ---- Errors ------------------------------------------------------------------------------------

describe("errors", () => {
  beforeAll(async () => {
    await evaluateNew(`(sysout "model")`);
  });

  const CASES: [string, (session: Session) => Promise<string>][] = [
    ["sysin", (s) => evaluate(s, `(sysin "absent")`)],
    ["image-info", (s) => evaluate(s, `(image-info "absent")`)],
    ["image-history", (s) => evaluate(s, `(image-history "absent")`)],
  ];

  it.each(CASES)("for a missing image, %s says there is no such image in one line", async (op, run) => {
    const message = await run(await newSession());
    expect(message).toMatch(new RegExp(`^error: .*${op}: no image absent$`));
    expectOneLine(message);
  });

  it("for a missing image, resuming it in a new session is an ImageError naming it", async () => {
    await expect(Session.create({ heapLimitBytes: HEAP_BYTES }, { name: "absent" })).rejects.toThrow(new ImageError("no image absent"));
  });

  it("for a file that is not an image, says so in one line", async () => {
    fs.writeFileSync(path.join(images, "text.image"), "hello, I am a text file pretending to be an image, with more than sixty-four bytes");
    fs.writeFileSync(path.join(images, "tiny.image"), "");
    for (const name of ["text", "tiny"]) {
      const message = await evaluateNew(`(sysin "${name}")`);
      expect(message).toMatch(new RegExp(`^error: .*sysin: ${name} is not a Stasis image$`));
      expectOneLine(message);
    }
  });

  it("for an image of another format version, names both versions in one line", async () => {
    craftImage("future", (b) => b.writeUInt32LE(FORMAT_VERSION + 1, 8), true);
    const message = await evaluateNew(`(sysin "future")`);
    expect(message).toMatch(new RegExp(`^error: .*sysin: image future has format version ${FORMAT_VERSION + 1}; this Stasis reads version ${FORMAT_VERSION}$`));
    expectOneLine(message);
  });

  it("for an image of another heap layout, names both layouts in one line", async () => {
    craftImage("foreign", (b) => b.write("0badcafe", 16, "ascii"), true);
    const message = await evaluateNew(`(image-history "foreign")`);
    expect(message).toMatch(new RegExp(`^error: .*image-history: image foreign was made with heap layout 0badcafe; this Stasis has layout ${LAYOUT_FINGERPRINT}$`));
    expectOneLine(message);
  });

  it("for an image whose header was changed without its checksum, says the header is damaged", async () => {
    craftImage("tampered", (b) => b.writeUInt32LE(FORMAT_VERSION + 1, 8), false);
    const message = await evaluateNew(`(sysin "tampered")`);
    expect(message).toMatch(/^error: .*sysin: image tampered is damaged: its header is corrupt$/);
    expectOneLine(message);
  });

  it("for a commit the image does not have, names the commit", async () => {
    const message = await evaluateNew(`(sysin "model" 9)`);
    expect(message).toMatch(/^error: .*sysin: image model has no commit 9 \(see image-history\)$/);
  });

  it("for a commit number that is not one, is a type error", async () => {
    expect(await evaluateNew(`(sysin "model" 0)`)).toMatch(/^error: .*sysin: expected a commit number/);
  });

  it("for a name that is not a string, is a type error", async () => {
    expect(await evaluateNew(`(sysout 'model)`)).toMatch(/^error: .*sysout: expected an image name \(a string\)/);
  });

  it("lets a program catch an image error with guard", async () => {
    expect(await evaluateNew(`(guard (e (#t (error-object-message e))) (sysin "absent"))`)).toBe('"sysin: no image absent"');
  });
});
