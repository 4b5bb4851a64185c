// Page tables and their changes (image/page-table.ts): a commit's table written as the entries
// that differ from its base's, and the pages its base had that it lacks.

import { PageTable, applyChanges, newPageTable, prefix, sameEntry } from "../../image/page-table";

/** A table of the given pages; each entry's fields derived from its page and `version`. */
function tableOf(pages: number[], version = 0): PageTable {
  const table = newPageTable(pages.length);
  pages.forEach((p, i) => {
    table.page[i] = p;
    table.space[i] = (p + version) % 7;
    table.generation[i] = 1;
    table.top[i] = p * 10 + version;
    table.run[i] = version;
    table.offset[i] = 1000 * p + version;
    table.length[i] = p + version;
    table.hash[i] = BigInt(p) * 7919n + BigInt(version);
    table.tablesOffset[i] = version === 0 ? -1 : 2000 * p + version;
    table.tablesLength[i] = version;
    table.tablesHash[i] = BigInt(version);
  });
  return table;
}

/** The entries of a table as plain rows, to compare tables. */
function rows(table: PageTable): string[] {
  return Array.from(table.page, (_, i) => [table.page[i], table.space[i], table.generation[i], table.top[i], table.run[i],
    table.offset[i], table.length[i], table.hash[i], table.tablesOffset[i], table.tablesLength[i], table.tablesHash[i]].join(" "));
}

/** The table with each page taken from the first of `tables` that has it. */
function merged(pages: number[], ...tables: PageTable[]): string[] {
  return pages.map((p) => {
    for (const t of tables) {
      const i = t.page.indexOf(p);
      if (i >= 0) return rows(t)[i];
    }
    throw new Error(`no page ${p}`);
  });
}

const BASE = tableOf([3, 5, 8, 13, 21]);

describe("applyChanges", () => {
  it("replaces the entries of pages the base has", () => {
    const changes = tableOf([5, 21], 1);
    expect(rows(applyChanges(BASE, changes, new Uint32Array(0))!)).toEqual(merged([3, 5, 8, 13, 21], changes, BASE));
  });

  it("adds the entries of pages the base lacks, in page order", () => {
    const changes = tableOf([1, 9, 30], 1);
    expect(rows(applyChanges(BASE, changes, new Uint32Array(0))!)).toEqual(merged([1, 3, 5, 8, 9, 13, 21, 30], changes, BASE));
  });

  it("takes out the pages removed", () => {
    expect(rows(applyChanges(BASE, tableOf([]), Uint32Array.of(3, 13, 21))!)).toEqual(merged([5, 8], BASE));
  });

  it("replaces, adds and removes together", () => {
    const changes = tableOf([2, 8, 22], 2);
    expect(rows(applyChanges(BASE, changes, Uint32Array.of(5, 21))!)).toEqual(merged([2, 3, 8, 13, 22], changes, BASE));
  });

  it("with no changes, gives the base's entries", () => {
    expect(rows(applyChanges(BASE, tableOf([]), new Uint32Array(0))!)).toEqual(rows(BASE));
  });

  it("refuses changes out of page order", () => {
    expect(applyChanges(BASE, tableOf([8, 5], 1), new Uint32Array(0))).toBeUndefined();
  });

  it("refuses removals out of order or repeated", () => {
    expect(applyChanges(BASE, tableOf([]), Uint32Array.of(8, 3))).toBeUndefined();
    expect(applyChanges(BASE, tableOf([]), Uint32Array.of(8, 8))).toBeUndefined();
  });

  it("refuses removing a page the base lacks", () => {
    expect(applyChanges(BASE, tableOf([]), Uint32Array.of(4))).toBeUndefined();
  });

  it("refuses changing and removing the same page", () => {
    expect(applyChanges(BASE, tableOf([8], 1), Uint32Array.of(8))).toBeUndefined();
  });

  it("refuses removing more pages than the base has", () => {
    expect(applyChanges(tableOf([3]), tableOf([]), Uint32Array.of(3, 5))).toBeUndefined();
  });

  it("leaves the base and the changes as they were", () => {
    const base = tableOf([3, 5, 8]), changes = tableOf([5, 6], 1);
    const before = [rows(base), rows(changes)];
    applyChanges(base, changes, Uint32Array.of(3));
    expect([rows(base), rows(changes)]).toEqual(before);
  });
});

describe("table entries", () => {
  it("are the same when every field is", () => {
    expect(sameEntry(tableOf([5]), 0, tableOf([3, 5]), 1)).toBe(true);
  });

  it("differ when any field does", () => {
    expect(sameEntry(tableOf([5]), 0, tableOf([5], 1), 0)).toBe(false);
    const other = tableOf([5]);
    other.tablesHash[0] = 1n;
    expect(sameEntry(tableOf([5]), 0, other, 0)).toBe(false);
  });

  it("of a table's prefix are its first ones", () => {
    expect(rows(prefix(BASE, 2))).toEqual(rows(BASE).slice(0, 2));
  });
});
