// Stage "check tables" (grids: check-grid.ts): every member of the key enum has exactly one row; range-keyed rows
// are in order, do not overlap and leave no hole; values are constants; Rate values are
// ratios within 0–100 %.
import type { Expr, TableDecl } from "../grammar/ast.ts";
import type { Code } from "./diagnostic-codes.ts";
import { ONE } from "../runtime/ir/decimal.ts";
import { showValue, type Folder, type IntervalValue } from "./fold.ts";
import { gapBetween, holdsWhole, isEmpty, onlyWhole, overlaps, startsBefore } from "./intervals.ts";
import { canon, declOf, inProgram, type Compilation, type Entity } from "./symbols.ts";
import { suggest } from "../grammar/suggest.ts";
import { checkGrid } from "./check-grid.ts";
import { enumName, isEnum } from "./types.ts";
import { walk } from "./walk.ts";
import { tableSchedule } from "./derived-dated.ts";


export function checkTables(c: Compilation, folder: Folder): void {
  const members = enumMembers(c);
  for (const e of c.entities) {
    const n = declOf(e);
    if (inProgram(c, e) && n?.kind === "table") checkTable(c, folder, e, n, members);
  }
}

/** Each live enum's member names, by its key type (`enum:Name`), found once for all tables. */
function enumMembers(c: Compilation): Map<string, string[]> {
  const byEnum = new Map<Entity, string[]>();
  for (const m of c.entities) {
    if (m.kind !== "member" || !m.owner || m.canonical) continue;
    const owner = canon(m.owner);
    const list = byEnum.get(owner);
    if (list) list.push(m.local);
    else byEnum.set(owner, [m.local]);
  }
  const byKey = new Map<string, string[]>();
  for (const x of c.entities) {
    const key = `enum:${canon(x).irName}`;
    if (x.kind === "enum" && x.live && !byKey.has(key)) byKey.set(key, byEnum.get(x) ?? []);
  }
  return byKey;
}

function checkTable(c: Compilation, folder: Folder, e: Entity, n: TableDecl, enums: Map<string, string[]>): void {
  const file = e.file.path;
  const report = (code: Code, span: { start: number; end: number }, args: Record<string, string>, related?: { start: number; end: number }) =>
    c.sink.report(code, file, span, args, related ? [{ span: related, file, args: { note: "previousRow" } }] : undefined);
  const key = c.keyTypes.get(e);
  const value = e.type;
  // values read from dated params: checked as each period folds them (derived-dated.ts)
  const folders = tableSchedule(c, e, folder)?.map((p) => p.folder) ?? [folder];
  for (const row of n.rows) for (const f of folders) checkValue(c, f, e, row.value, value);
  const grid = c.gridKeys.get(e);
  // no rows written (rows that did not parse are their syntax error's); a one-key enum table
  // names each member missing instead (BL4001)
  const empty = n.rows.length === 0 && /\{\s*\}\s*$/.test(e.file.text.slice(n.span.start, n.span.end));
  if (empty && (grid !== undefined || key === undefined || !isEnum(key))) return report("BL4057", e.nameSpan, { name: e.local });
  if (grid) return checkGrid(c, folder, e, n, grid, enums);
  if (n.rows.some((r) => r.cells)) return; // grid rows in a one-key table: BL3044 said what to write
  if (key && isEnum(key)) {
    const members = enums.get(key) ?? [];
    const seen = new Map<string, { start: number; end: number }>();
    for (const row of n.rows) {
      if (!row.key) continue;
      const name = row.key.text;
      if (!members.includes(name)) {
        report("BL2003", row.key.span, { member: name, enum: enumName(key), suggestion: suggest(name, members) });
        continue;
      }
      const first = seen.get(name);
      if (first) c.sink.report("BL4002", file, row.key.span, { name: e.local, member: name }, [{ span: first, file, args: { note: "firstDeclared" } }]);
      else seen.set(name, row.key.span);
    }
    for (const m of members) if (!seen.has(m)) report("BL4001", e.nameSpan, { name: e.local, member: m });
    return;
  }
  // Range-keyed.
  let prev: { iv: IntervalValue; text: string; span: { start: number; end: number } } | undefined;
  for (const row of n.rows) {
    if (!row.range) continue;
    const iv = folder.interval(row.range, file);
    const text = e.file.text.slice(row.range.span.start, row.range.span.end);
    if (!iv) {
      report("BL4018", row.range.span, { what: "interval bound" });
      continue;
    }
    // an Int key reaches whole numbers only: `1.5:` or `(1, 2)` is a row no claim finds
    if (isEmpty(iv) || (key === "Int" && !holdsWhole(iv))) {
      report("BL4019", row.range.span, { text, whole: isEmpty(iv) ? "" : "Int" });
      continue;
    }
    if (prev) {
      if (startsBefore(iv, prev.iv)) report("BL4014", row.range.span, { name: e.local, row: text, previous: prev.text }, prev.span);
      else if (overlaps(prev.iv, iv)) report("BL4013", row.range.span, { name: e.local, row: text, previous: prev.text }, prev.span);
      else if (gapBetween(prev.iv, iv, key === "Int")) {
        // an Int key missing one whole number names it (第4次)
        const one = key === "Int" ? onlyWhole({ lo: prev.iv.hi, loIncl: !prev.iv.hiIncl, hi: iv.lo, hiIncl: !iv.loIncl }) : undefined;
        report("BL4015", row.range.span, { name: e.local, from: prev.iv.hi!.toString(), to: iv.lo!.toString(), missing: one?.toString() ?? "" });
      }
    }
    prev = { iv, text, span: row.range.span };
  }
}

/** A table value must be a constant; a Rate is a ratio within 0–100 %. */
function checkValue(c: Compilation, folder: Folder, e: Entity, x: Expr | undefined, type: string): void {
  if (!x) return;
  const v = folder.value(x, e.file.path);
  if (!v) {
    // a name that is unknown (BL2001) is that error alone
    let unknown = false;
    walk(x, (y) => {
      if (y.kind === "ref" && !c.res.has(y)) unknown = true;
    });
    if (!unknown) c.sink.report("BL4018", e.file.path, x.span, { what: "table value" });
    return;
  }
  if (type === "Rate" && c.types.get(x) === "Rate" && v.k === "dec" && (v.v.isNegative() || v.v.gt(ONE))) {
    c.sink.report("BL4008", e.file.path, x.span, { value: showValue(v, "Rate") });
  }
}
