// Meta-tests: the conventions of ../shared/STYLE.md that a reviewer would otherwise have to
// remember (STYLE 12).

import * as fs from "fs";
import * as path from "path";
import * as layout from "../runtime/layout";
import { OPCODES } from "../runtime/opcodes";

const ROOT = path.join(__dirname, "..");
const TOP_LEVEL = ["reader", "runtime", "gc", "image", "repl", "examples", "test"];
const SOURCE_FOLDERS = ["reader", "runtime", "gc", "image", "repl"];
const LAYOUT_MODULE = path.join("runtime", "layout.ts");

function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, folder), { withFileTypes: true })) {
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(relative));
    else if (entry.name.endsWith(".ts")) out.push(relative);
  }
  return out;
}

describe("the source tree", () => {
  it.each(TOP_LEVEL)("%s/ has a README.md", (folder) => {
    expect(fs.existsSync(path.join(ROOT, folder, "README.md"))).toBe(true);
  });

  // Tag tests, pointer shifts and header fields are written once, in runtime/layout.ts (STYLE 1).
  // These are the shapes such code takes when it is written again by hand.
  const TAG_ARITHMETIC = [
    /&\s*(0b111|0b101|7)\b/, // a tag mask
    /(>>>|<<)\s*2\b/, // the pointer shift
    /(>>>|<<)\s*(3|8|9)\b/, // header and immediate field shifts
    /&\s*(0b111111|63|0b11111|31)\b/, // header type and immediate kind masks
  ];

  it("writes tag and header arithmetic only in runtime/layout.ts", () => {
    const offenders: string[] = [];
    for (const folder of SOURCE_FOLDERS) {
      for (const file of sourceFiles(folder)) {
        if (file === LAYOUT_MODULE) continue;
        fs.readFileSync(path.join(ROOT, file), "utf8").split("\n").forEach((line, i) => {
          if (TAG_ARITHMETIC.some((re) => re.test(line))) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe("the layout table (runtime/layout.ts)", () => {
  // Constants named after a type that are not fields: sizes, and kinds, flags and limits.
  const NOT_A_FIELD = /^SIZE$|^(KIND|FLAG|EQUIVALENCE)_|LIMIT$|NEGATIVE$|^BITS_PER_LEVEL$/;
  const prefixes = [...new Set(layout.OBJECT_TYPES.map((t) => t.prefix))].sort((a, b) => b.length - a.length);

  it("names every field constant in its type's entry, with the same offset", () => {
    const missing: string[] = [];
    for (const [name, value] of Object.entries(layout)) {
      if (typeof value !== "number") continue;
      const prefix = prefixes.find((p) => name.startsWith(p + "_"));
      if (prefix === undefined) continue;
      const field = name.slice(prefix.length + 1);
      if (NOT_A_FIELD.test(field)) continue;
      const types = layout.OBJECT_TYPES.filter((t) => t.prefix === prefix);
      if (!types.every((t) => t.fields[field] === value)) missing.push(name);
    }
    expect(missing).toEqual([]);
  });

  it("puts fixed-size objects' fields inside their size", () => {
    for (const t of layout.OBJECT_TYPES) {
      if (t.fixedSize === undefined) continue;
      for (const offset of Object.values(t.fields)) expect(offset).toBeLessThanOrEqual(t.fixedSize);
    }
  });
});

describe("the opcode table (runtime/opcodes.ts)", () => {
  // The enum member of an opcode from its documented name: "jump-unless-lt" -> JUMP_UNLESS_LT.
  const member = (name: string) => name.toUpperCase().replace(/-/g, "_").replace(/\?/g, "_P");
  const opcodesSource = fs.readFileSync(path.join(ROOT, "runtime", "opcodes.ts"), "utf8");
  const machineSource = fs.readFileSync(path.join(ROOT, "runtime", "machine.ts"), "utf8");
  const enumMembers = [...opcodesSource.slice(opcodesSource.indexOf("export const enum Op {")).matchAll(/^\s+([A-Z_]+) = \d+,$/gm)].map((m) => m[1]);

  it("documents every opcode of the enum, once, with its operands and semantics", () => {
    const documented = OPCODES.map((o) => member(o.name));
    expect(documented.sort()).toEqual([...enumMembers].sort());
    for (const o of OPCODES) expect(o.semantics.length).toBeGreaterThan(0);
  });

  it("dispatches every opcode in the machine's loop", () => {
    const missing = OPCODES.filter((o) => !machineSource.includes(`case Op.${member(o.name)}:`)).map((o) => o.name);
    expect(missing).toEqual([]);
  });
});
