// The REPL at a terminal, as a person types at it: the real `stasis` command on a
// pseudo-terminal (test/support/pty.ts). Only what holds whichever line editor the REPL uses.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Pty } from "../support/pty";

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "stasis-pty-"));
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

/** The REPL, with its history and images in a home of its own. */
function repl(): Promise<Pty> {
  return Pty.spawn([], { STASIS_HOME: home });
}

describe("the REPL at a terminal", () => {
  it("shows a prompt, evaluates what is typed, and leaves with exit code 0 on Ctrl-D", async () => {
    const t = await repl();
    await t.waitFor(/^> $/m);
    t.type("(+ 1 2)\r");
    await t.waitFor(/^3$/m);
    await t.waitFor(/^3\n> $/m);
    t.type("\x04");
    expect(await t.exit()).toBe(0);
  });

  it("reads a form typed over several lines", async () => {
    const t = await repl();
    await t.waitFor(/^> $/m);
    t.type("(* 6\r");
    await t.waitFor(/^> \(\* 6\n  $/m);
    t.type("7)\r");
    await t.waitFor(/^42$/m);
    t.type("\x04");
    expect(await t.exit()).toBe(0);
  });
});

/** Keys, as a terminal sends them. */
const ENTER = "\r";
const CTRL_C = "\x03";
const CTRL_D = "\x04";
const CTRL_R = "\x12";
const UP = "\x1b[A";
const LEFT = "\x1b[D";
const TAB = "\t";

/** The REPL at its prompt, the banner shown. */
async function atPrompt(t: Pty): Promise<Pty> {
  await t.waitFor(/^> $/m);
  return t;
}

describe("a REPL session at a terminal", () => {
  it("opens with a one-line banner: the version, the world, ,help", async () => {
    const t = await atPrompt(await repl());
    expect(t.screen()).toMatch(/^Stasis \d+\.\d+\.\d+, a new world\. ,help lists the commands\.\n> $/);
    t.type(CTRL_D);
    expect(await t.exit()).toBe(0);
  });

  it("names the image of a resumed world in its banner", async () => {
    const saved = await atPrompt(await repl());
    saved.type(`(sysout "work")${ENTER}`);
    await saved.waitFor(/^#f\n> $/m);
    saved.type(CTRL_D);
    await saved.exit();
    const t = await atPrompt(await Pty.spawn(["--image", "work"], { STASIS_HOME: home }));
    expect(t.screen()).toMatch(/^Stasis [\d.]+, the world of image work\. ,help lists the commands\.\n#t\n> $/);
  });

  it("Ctrl-C on a half-typed line discards it, and the next line stands alone", async () => {
    const t = await atPrompt(await repl());
    t.type("(+ 1 (car");
    await t.waitFor("(+ 1 (car");
    t.type(CTRL_C);
    await t.waitFor(/\^C\n> $/);
    t.type(`(+ 2 3)${ENTER}`);
    await t.waitFor(/^5\n> $/m);
    expect(t.screen()).not.toMatch(/error/);
  });

  it("Ctrl-C interrupts a running form: its after thunks run, the world is kept, the prompt comes back", async () => {
    const t = await atPrompt(await repl());
    t.type(`(define kept 'yes)${ENTER}`);
    await t.waitFor(/^> \(define kept 'yes\)\n> $/m);
    t.type(`(dynamic-wind (lambda () #f) (lambda () (let loop () (loop))) (lambda () (display "left")))${ENTER}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    t.type(CTRL_C);
    await t.waitFor(/^left\nstasis: repl:\d+:\d+: interrupted\n/m);
    await t.waitFor(/\n> $/);
    t.type(`kept${ENTER}`);
    await t.waitFor(/^yes\n> $/m);
  });

  it("Ctrl-C interrupts a program waiting in read-line", async () => {
    const t = await atPrompt(await repl());
    t.type(`(begin (display "name? ") (read-line))${ENTER}`);
    await t.waitFor(/name\? $/);
    t.type(CTRL_C);
    await t.waitFor(/stasis: repl:1:\d+: interrupted\n(.*\n)*> $/);
    t.type(`(+ 1 1)${ENTER}`);
    await t.waitFor(/^2\n> $/m);
  });

  it("gives a program's read-line what is typed after its prompt, on the same line", async () => {
    const t = await atPrompt(await repl());
    t.type(`(begin (display "name? ") (read-line))${ENTER}`);
    await t.waitFor(/name\? $/);
    t.type(`Ada${ENTER}`);
    await t.waitFor(/^name\? Ada\n"Ada"\n> $/m);
  });

  it("Ctrl-C stops the printing of a huge value, and the REPL goes on", async () => {
    const t = await atPrompt(await repl());
    t.type(`,pp (iota 3000000)${ENTER}`);
    await t.waitFor(/^\(0 1 2 3 /m, 10_000);
    t.type(CTRL_C);
    await t.waitFor(/;; printing stopped\n> $/, 10_000);
    t.type(`'after${ENTER}`);
    await t.waitFor(/^after\n> $/m);
  }, 30_000);

  it("shows a result within the print limits, pretty-printed to the terminal's width", async () => {
    const t = await atPrompt(await Pty.spawn([], { STASIS_HOME: home }, { columns: 40, rows: 24 }));
    t.type(`(iota 1000)${ENTER}`);
    const screen = await t.waitFor(/\.\.\.\)\n> $/);
    const lines = screen.split("\n").filter((l) => /^ ?\(?\d/.test(l));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(screen).toMatch(/ 199 \.\.\.\)\n> $/);
    t.type(`(set! repl-print-length 5)${ENTER}(iota 10)${ENTER}`);
    await t.waitFor(/^\(0 1 2 3 4 \.\.\.\)\n> $/m);
    t.type(`(list (make-parameter 1) (delay 1) (let ((h (make-hash-table))) (hash-table-set! h 'a 1) h))${ENTER}`);
    await t.waitFor(/^\(#<parameter> #<promise>\n? *#<hash-table 1 \(a \. 1\)>\)\n> $/m);
  });

  it("shows several values one per line, and starts the prompt on a fresh line after output", async () => {
    const t = await atPrompt(await repl());
    t.type(`(values 1 2)${ENTER}`);
    await t.waitFor(/^1\n2\n> $/m);
    t.type(`(display "no newline")${ENTER}`);
    await t.waitFor(/^no newline *\n> $/m);
  });

  it("edits the line with the arrows and Backspace", async () => {
    const t = await atPrompt(await repl());
    t.type(`(+ 1 9)${LEFT}\x7f2${ENTER}`);
    await t.waitFor(/^> \(\+ 1 2\)\n3\n> $/m);
  });

  it("keeps a multi-line form as one history entry: Up recalls it whole", async () => {
    const t = await atPrompt(await repl());
    t.type(`(list 1${ENTER}2)${ENTER}`);
    await t.waitFor(/^\(1 2\)\n> $/m);
    t.type(UP);
    await t.waitFor(/^> \(list 1\n  2\)$/m);
    t.type(ENTER);
    await t.waitFor(/^\(1 2\)\n(.*\n)*\(1 2\)\n> $/m);
  });

  it("searches the history backwards with Ctrl-R", async () => {
    const t = await atPrompt(await repl());
    t.type(`(* 6 7)${ENTER}`);
    await t.waitFor(/^42\n> $/m);
    t.type(`(+ 1 1)${ENTER}`);
    await t.waitFor(/^2\n> $/m);
    t.type(`${CTRL_R}* 6`);
    await t.waitFor("(reverse-i-search)'* 6': (* 6 7)");
    t.type(ENTER);
    await t.waitFor(/^2\n(.*\n)*42\n> $/m);
  });

  it("completes global names and commands with Tab", async () => {
    const t = await atPrompt(await repl());
    t.type(`(string-upc${TAB}`);
    await t.waitFor("(string-upcase");
    t.type(` "ok")${ENTER}`);
    await t.waitFor(/^"OK"\n> $/m);
    t.type(`,desc${TAB}`);
    await t.waitFor(",describe");
    t.type(` car${ENTER}`);
    await t.waitFor(/^car: a primitive procedure of 1 argument\n> $/m);
  });

  it("two REPLs at once both keep their history", async () => {
    const a = await atPrompt(await repl());
    const b = await atPrompt(await repl());
    a.type(`'from-a${ENTER}`);
    await a.waitFor(/^from-a\n> $/m);
    b.type(`'from-b${ENTER}`);
    await b.waitFor(/^from-b\n> $/m);
    a.type(CTRL_D);
    b.type(CTRL_D);
    await Promise.all([a.exit(), b.exit()]);
    const history = fs.readFileSync(path.join(home, "history"), "utf8");
    expect(history).toContain("'from-a\n");
    expect(history).toContain("'from-b\n");
    const c = await atPrompt(await repl());
    c.type(`${UP}${UP}`);
    await c.waitFor(/^> 'from-a$/m);
  });
});

describe("the pseudo-terminal harness (test/support/pty.ts)", () => {
  it("gives up waiting after its timeout, showing the screen", async () => {
    const t = await repl();
    await expect(t.waitFor("no such text", 300)).rejects.toThrow(/^no no such text on the screen after 300 ms; the screen:\n(.*\n)*> $/);
    t.kill();
    expect(await t.exit()).toBe(128 + os.constants.signals.SIGKILL);
  });

  // These two run in this order: the first leaves its command running, the second finds it gone.
  let left: number | undefined;
  it("is left running by a test", async () => {
    const t = await repl();
    await t.waitFor(/^> $/m);
    left = t.pid;
  });

  it("is killed when the test that left it running ends", async () => {
    expect(left).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(() => process.kill(left!, 0)).toThrow(/ESRCH/);
  });
});
