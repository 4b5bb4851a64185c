// Fidelity of images: a world saved with sysout and resumed (in this process or in a new one) is
// the same world — the same graph from the roots, the same computation going on, and every kind
// of value behaving as it did. What is outside the world (open files, the process) is not saved.

import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Session } from "../../repl/session";
import { RunResult } from "../../repl/session";
import { WorldImages } from "../../image/world-images";
import { heapDigest } from "../../gc/digest";
import { Heap } from "../../runtime/heap";
import { CODE_FRAME_SIZE, MACHINE_CODE, MACHINE_FP, MACHINE_STACK_BASE, ROOT_MACHINE, fixnumValue, isObject } from "../../runtime/layout";

const HEAP_BYTES = 2 ** 28;
const ROOT = path.join(__dirname, "..", "..");
const STASIS = path.join(ROOT, "build", "repl", "main.js");

let home: string;
const savedHome = process.env.STASIS_HOME;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-fidelity-"));
  process.env.STASIS_HOME = home;
});

afterAll(() => {
  if (savedHome === undefined) delete process.env.STASIS_HOME;
  else process.env.STASIS_HOME = savedHome;
  fs.rmSync(home, { recursive: true, force: true });
});

jest.setTimeout(30_000);

// ---- Helpers -----------------------------------------------------------------------------------

interface Running {
  readonly session: Session;
  /** Everything written to stdout and stderr since the session began. */
  output(): string;
}

async function newSession(image?: { name: string; commit?: number }): Promise<Running> {
  let written = "";
  const session = await Session.create(
    { heapLimitBytes: HEAP_BYTES, stdout: (t) => (written += t), stderr: (t) => (written += t) }, image);
  return { session, output: () => written };
}

/** The written value of a run's result; throws with the message if it did not end in a value. */
function shown(session: Session, result: RunResult): string {
  if (result.kind !== "value") throw new Error(`the run ended in ${result.kind}: ${result.kind === "error" ? result.message : result.code}`);
  return session.show(result.value) ?? "#<unspecified>";
}

/** Evaluates a program (as -e does) in a session; its written value. */
async function evaluate(running: Running, text: string): Promise<string> {
  const session = running.session;
  return shown(session, await session.evaluateProgram(session.readProgram(text, "test.scm")));
}

/** Runs `text` in a new world (which saves itself with sysout) and gives what it evaluates to. */
async function saveWith(text: string): Promise<{ value: string; running: Running }> {
  const running = await newSession();
  return { value: await evaluate(running, text), running };
}

/** Resumes image `name` in this process and runs its saved computation to its end: its written value. */
async function resume(name: string, commit?: number): Promise<{ value: string; running: Running }> {
  const running = await newSession({ name, commit });
  const saved = await running.session.continueSaved();
  if (saved === undefined) throw new Error(`image ${name} was not saved in the middle of a computation`);
  return { value: shown(running.session, saved), running };
}

/**
 * The digest of a heap as an image has it: the graph from the root table and from the machine's
 * stack in use (which the registers in the machine object delimit), blind to addresses.
 */
function worldDigest(heap: Heap): string {
  const words = heap.words;
  const machine = heap.roots[ROOT_MACHINE];
  const code = heap.field(machine, MACHINE_CODE);
  const base = fixnumValue(heap.field(machine, MACHINE_STACK_BASE));
  const fp = base + fixnumValue(heap.field(machine, MACHINE_FP));
  const top = isObject(code) ? fp + fixnumValue(heap.field(code, CODE_FRAME_SIZE)) : fp;
  const stack = {
    forEachRoot: (visit: (w: number) => number) => {
      for (let i = base; i < top; i++) visit(words[i]);
    },
  };
  return heapDigest({ words, roots: heap.roots, rootSets: [stack] } as unknown as Heap);
}

/** The same digest computed by a new node process that loads the image from the build. */
function digestInNewProcess(name: string): string {
  const script = `
    const { WorldImages } = require(${JSON.stringify(path.join(ROOT, "build", "image", "world-images.js"))});
    const { heapDigest } = require(${JSON.stringify(path.join(ROOT, "build", "gc", "digest.js"))});
    const L = require(${JSON.stringify(path.join(ROOT, "build", "runtime", "layout.js"))});
    WorldImages.ready().then(() => {
      const images = new WorldImages();
      const heap = images.load(images.resolve(process.argv[1]), {}).heap;
      const words = heap.words;
      const machine = heap.roots[L.ROOT_MACHINE];
      const code = heap.field(machine, L.MACHINE_CODE);
      const base = L.fixnumValue(heap.field(machine, L.MACHINE_STACK_BASE));
      const fp = base + L.fixnumValue(heap.field(machine, L.MACHINE_FP));
      const top = L.isObject(code) ? fp + L.fixnumValue(heap.field(code, L.CODE_FRAME_SIZE)) : fp;
      const stack = { forEachRoot: (visit) => { for (let i = base; i < top; i++) visit(words[i]); } };
      process.stdout.write(heapDigest({ words, roots: heap.roots, rootSets: [stack] }));
    });`;
  const r = spawnSync(process.execPath, ["-e", script, name], { encoding: "utf8", env: { ...process.env, STASIS_HOME: home } });
  if (r.status !== 0) throw new Error(`the digest process failed: ${r.stderr}`);
  return r.stdout;
}

/** Runs the real executable in the test's store, the journal off (what is resumed is what sysout saved). */
function stasis(args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [STASIS, ...args], { input, encoding: "utf8", env: { ...process.env, STASIS_HOME: home, STASIS_JOURNAL_MS: "0" } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// ---- The saved graph ---------------------------------------------------------------------------

describe("the graph from the roots", () => {
  const PROGRAM = `
    (define-record-type point (make-point x y) point? (x point-x set-point-x!) (y point-y))
    (define data (list 1 2.5 (expt 3 90) "naïve ☃" 'sym (vector 1 2 3) (make-point 1 2) (box 7)
                       (hash-map 'a 1 'b 2) (let ((h (make-hash-table))) (hash-table-set! h "k" 'v) h)))
    (define (loop i acc) (if (= i 3) (begin (sysout "digest") acc) (loop (+ i 1) (cons i acc))))
    (loop 0 '())`;

  it("is the same in a new process that loads the image as in this process, and as the live world's at the save point", async () => {
    const running = await newSession();
    const images = running.session.images;
    const save = images.save.bind(images);
    let live: string | undefined;
    images.save = (heap, name, state) => {
      const point = save(heap, name, state);
      live = worldDigest(heap);
      return point;
    };
    await evaluate(running, PROGRAM);
    expect(live).toBeDefined();
    const here = new WorldImages();
    const loaded = here.load(here.resolve("digest"), {});
    const inThisProcess = worldDigest(loaded.heap);
    expect(inThisProcess).toBe(live);
    expect(digestInNewProcess("digest")).toBe(inThisProcess);
  });

  it("is the same loaded here and in another process when a new process saved it", async () => {
    const child = stasis(["-e", PROGRAM.replace('"digest"', '"digest-child"')]);
    expect(child.stderr).toBe("");
    const here = new WorldImages();
    const inThisProcess = worldDigest(here.load(here.resolve("digest-child"), {}).heap);
    expect(digestInNewProcess("digest-child")).toBe(inThisProcess);
  });

  it("differs between two saves of a world that changed in between", async () => {
    await saveWith(`(define b (box 1)) (sysout "digest-1") (set-box! b 2) (sysout "digest-2")`);
    const here = new WorldImages();
    expect(worldDigest(here.load(here.resolve("digest-1"), {}).heap)).not.toBe(worldDigest(here.load(here.resolve("digest-2"), {}).heap));
  });
});

// ---- Values after resume -----------------------------------------------------------------------

describe("after resume", () => {
  it("gives #f from sysout in the saving world and #t in the resumed one", async () => {
    expect((await saveWith(`(list 'value (sysout "sysout-value"))`)).value).toBe("(value #f)");
    expect((await resume("sysout-value")).value).toBe("(value #t)");
  });

  it("runs closures with the state they captured", async () => {
    const program = `
      (define counter (let ((n 0)) (lambda () (set! n (+ n 1)) n)))
      (counter) (counter)
      (if (sysout "closure") (list (counter) (counter)) (begin (counter) (counter) (counter) 'saved))`;
    expect((await saveWith(program)).value).toBe("saved");
    expect((await resume("closure")).value).toBe("(3 4)");
  });

  it("keeps a cell shared by two closures shared: set through one, seen through the other", async () => {
    const program = `
      (define get #f) (define put #f)
      (let ((cell 'before)) (set! get (lambda () cell)) (set! put (lambda (v) (set! cell v))))
      (sysout "shared-cell")
      (put 'after)
      (get)`;
    await saveWith(program);
    expect((await resume("shared-cell")).value).toBe("after");
  });

  it("expands syntax-rules and define-macro macros defined before the save, in new code", async () => {
    await saveWith(`
      (define-syntax swap! (syntax-rules () ((_ a b) (let ((tmp a)) (set! a b) (set! b tmp)))))
      (define-macro (twice form) (list 'begin form form))
      (sysout "macros")`);
    const { running } = await resume("macros");
    expect(await evaluate(running, "(define x 1) (define y 2) (swap! x y) (define n 0) (twice (set! n (+ n 1))) (list x y n)"))
      .toBe("(2 1 2)");
  });

  it("keeps records, their mutable fields and their type", async () => {
    await saveWith(`
      (define-record-type point (make-point x y) point? (x point-x set-point-x!) (y point-y))
      (define p (make-point 1 2))
      (set-point-x! p 10)
      (sysout "records")
      (set-point-x! p (+ (point-x p) 1))
      (list (point? p) (point-x p) (point-y p) (point? (make-point 0 0)) (point? 5))`);
    expect((await resume("records")).value).toBe("(#t 11 2 #t #f)");
  });

  it("keeps hash maps and mutable hash tables, which go on working", async () => {
    await saveWith(`
      (define m (hash-map 'a 1 "b" 2))
      (define h (make-hash-table))
      (hash-table-set! h 'x 10)
      (hash-table-set! h "y" 20)
      (sysout "hashes")
      (hash-table-set! h 'z 30)
      (list (hash-map-ref m 'a) (hash-map-ref m "b") (hash-map-count (hash-map-set m 'c 3))
            (hash-table-ref/default h 'x #f) (hash-table-ref/default h "y" #f) (hash-table-ref/default h 'z #f)
            (hash-table-count h))`);
    expect((await resume("hashes")).value).toBe("(1 2 3 10 20 30 3)");
  });

  it("keeps symbols interned: string->symbol of a saved name is eq? to the saved symbol", async () => {
    await saveWith(`(define saved (list 'alpha (string->symbol "beta-γ"))) (sysout "symbols")`);
    const { running } = await resume("symbols");
    expect(await evaluate(running, `(list (eq? (car saved) (string->symbol "alpha")) (eq? (cadr saved) 'beta-γ) (eq? (car saved) 'beta-γ))`))
      .toBe("(#t #t #f)");
  });

  it("keeps bignums, flonums and non-ASCII strings exactly", async () => {
    await saveWith(`(define big (expt 7 77)) (define fl (/ 1.0 3)) (define text "naïve — 日本語 ☃ 🎉") (sysout "numbers")`);
    const { running } = await resume("numbers");
    expect(await evaluate(running, `(list (= big (expt 7 77)) (+ big 1) (= fl (/ 1.0 3)) fl -0.0 (string-length text) text)`))
      .toBe(`(#t ${(7n ** 77n + 1n).toString()} #t ${1 / 3} -0.0 15 "naïve — 日本語 ☃ 🎉")`);
  });

  // A large object's pages after the first have run 0 and top 0, like pages of small objects,
  // but no free-space tables (image/snapshot.ts worldPages must not ask for them).
  it("keeps objects larger than a page: a long vector, string and bytevector", async () => {
    await saveWith(`
      (define v (make-vector 20000 'item))
      (define s (make-string 100000 #\\z))
      (define b (make-bytevector 100000 7))
      (sysout "large")`);
    const { running } = await resume("large");
    expect(await evaluate(running, "(list (vector-length v) (vector-ref v 19999) (string-length s) (string-ref s 99999) (bytevector-u8-ref b 99999))"))
      .toBe("(20000 item 100000 #\\z 7)");
  });

  it("re-enters a continuation captured before the save", async () => {
    const program = `
      (define k #f)
      (define trips '())
      (let ((n (call/cc (lambda (c) (set! k c) 0))))
        (set! trips (cons n trips))
        (if (= n 0) (sysout "continuation"))
        (if (< n 3) (k (+ n 1)) (reverse trips)))`;
    expect((await saveWith(program)).value).toBe("(0 1 2 3)");
    // The resumed world re-enters k from the sysout on: n is 0 there, and trips holds (0).
    expect((await resume("continuation")).value).toBe("(0 1 2 3)");
  });

  it("continues a computation stopped mid-loop and finishes it with the right result", async () => {
    const program = `
      (let loop ((i 0) (sum 0))
        (cond ((= i 100) sum)
              ((= i 37) (sysout "mid-loop") (loop (+ i 1) (+ sum i)))
              (else (loop (+ i 1) (+ sum i)))))`;
    expect((await saveWith(program)).value).toBe("4950");
    expect((await resume("mid-loop")).value).toBe("4950");
  });

  it("runs the rest of the script after the sysout, and only that", async () => {
    const { running: saving } = await saveWith(`(display "before ") (sysout "script") (display "after ") 'end`);
    expect(saving.output()).toBe("before after ");
    const { value, running } = await resume("script");
    expect(value).toBe("end");
    expect(running.output()).toBe("after ");
  });

  it("keeps parameterize and dynamic-wind state: the parameter's value, the after thunk run on leaving", async () => {
    await saveWith(`
      (define p (make-parameter 'outer))
      (define log '())
      (dynamic-wind
        (lambda () (set! log (cons 'in log)))
        (lambda () (parameterize ((p 'inner)) (sysout "dynamic") (set! log (cons (p) log))))
        (lambda () (set! log (cons 'out log))))
      (list (p) (reverse log))`);
    expect((await resume("dynamic")).value).toBe("(outer (in inner out))");
  });

  it("replaces the running world with (sysin NAME), which continues the saved computation", async () => {
    await saveWith(`(define where 'saved-world) (list (sysout "sysin-target") where)`);
    const running = await newSession();
    const value = await evaluate(running, `(define where 'other-world) (sysin "sysin-target") 'never-reached`);
    expect(value).toBe("(#t saved-world)");
    expect(await evaluate(running, "where")).toBe("saved-world");
  });

  it("retires the heap of the world sysin replaced: its memory goes to the next world (runtime/heap.ts RECYCLING)", async () => {
    await saveWith(`(define where 'saved-world) (sysout "sysin-recycled")`);
    const running = await newSession();
    const replaced = running.session.world.heap;
    // The saved computation goes on: its (sysout) returns #t.
    expect(await evaluate(running, `(sysin "sysin-recycled")`)).toBe("#t");
    expect(await evaluate(running, "where")).toBe("saved-world");
    expect(running.session.world.heap).not.toBe(replaced);
    expect(replaced.bytes.length).toBe(0);
  });

  it("runs a world loaded into the memory of one that left frames all over its stack", async () => {
    const deep = "(define (deep n) (if (= n 0) 0 (+ 1 (deep (- n 1)))))";
    await saveWith(`${deep} (define result (if (sysout "recycle-b") (list (deep 30000) (begin (gc) (deep 1000))) 'saved))`);
    await saveWith(`(if (sysout "recycle-a") (sysin "recycle-b") 'saved)`);
    const running = await newSession();
    const memory = running.session.world.heap.buffer;
    // One run: this world recurses deep, then a resumes and at once resumes b, into this world's memory.
    await evaluate(running, `${deep} (deep 30000) (sysin "recycle-a")`);
    expect(running.session.world.heap.buffer).toBe(memory);
    expect(await evaluate(running, "result")).toBe("(30000 1000)");
  });

  it("resumes an older commit with (sysin NAME COMMIT)", async () => {
    await saveWith(`(define v 'first) (sysout "commits") (set! v 'second) (sysout "commits") v`);
    const running = await newSession();
    expect(await evaluate(running, `(sysin "commits" 1)`)).toBe("second");
    expect(await evaluate(running, "v")).toBe("second");
    // The same commit resumed from the store, without running its rest: v is as it was then.
    const older = await newSession({ name: "commits", commit: 1 });
    older.session.discardSaved();
    expect(await evaluate(older, "v")).toBe("first");
  });

  it("closes file ports that were open: using one raises an error naming the port", async () => {
    const file = path.join(home, "port.txt");
    fs.writeFileSync(file, "line one\nline two\n");
    await saveWith(`(define in (open-input-file ${JSON.stringify(file)})) (read-line in) (sysout "ports")`);
    const { running } = await resume("ports");
    const r = await running.session.evaluateProgram(running.session.readProgram("(read-line in)", "test.scm"));
    expect(r.kind).toBe("error");
    expect(r.kind === "error" && r.message).toMatch(/read-line: port .*port\.txt.* is not open in this session/);
  });

  it("writes to standard output and reads standard input after resume", async () => {
    await saveWith(`(sysout "std-ports") (display "out:") (write (read-line)) (newline) (current-output-port)`);
    let written = "";
    let fed = false;
    const session = await Session.create({
      heapLimitBytes: HEAP_BYTES, stdout: (t) => (written += t), stderr: (t) => (written += t),
      stdin: async () => (fed ? null : ((fed = true), "typed in\n")),
    }, { name: "std-ports" });
    const saved = await session.continueSaved();
    expect(saved && shown(session, saved)).toMatch(/^#<.*port/);
    expect(written).toBe('out:"typed in"\n');
  });

  it("gives the new process's (command-line)", async () => {
    const scriptA = path.join(home, "first.scm");
    const scriptB = path.join(home, "second.scm");
    fs.writeFileSync(scriptA, `(sysout "command-line") (write (command-line)) (newline)`);
    fs.writeFileSync(scriptB, `(write (command-line))`);
    expect(stasis([scriptA, "one"]).stdout).toBe(`("${scriptA}" "one")\n`);
    const r = stasis(["--image", "command-line", scriptB, "two", "three"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`("${scriptB}" "two" "three")\n("${scriptB}" "two" "three")`);
  });
});

describe("in a new process", () => {
  it("resumes a closure, a macro and a record saved by this process", async () => {
    await saveWith(`
      (define-record-type thing (make-thing n) thing? (n thing-n set-thing-n!))
      (define t (make-thing 1))
      (define bump (let ((k 10)) (lambda () (set-thing-n! t (+ (thing-n t) k)) (thing-n t))))
      (define-syntax unless2 (syntax-rules () ((_ c e) (if c #f e))))
      (sysout "cross-process")`);
    const r = stasis(["--image", "cross-process", "-e", "(list (bump) (bump) (unless2 #f 'ok) (thing? t))"]);
    expect(r.stderr).toBe("");
    // The saved -e computation ends first, then the new -e, whose value is the last.
    expect(r.stdout).toBe("(11 21 ok #t)\n");
  });
});
