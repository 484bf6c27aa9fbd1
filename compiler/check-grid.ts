// Stage "check tables", grids `(K1, K2, …) -> V`: every cell of the key space is covered by
// exactly one row. An enum key's cells are its members; an amount key's are the pieces its
// column's interval ends cut the amounts into (from the lowest written end to the highest:
// outside, a lookup fails at run time as in a one-key range table). Overlaps are found row
// against row, gaps cell by cell, and both are named by the cell, as the document reads.
import type { Span, TableCell, TableDecl } from "../grammar/ast.ts";
import { showValue, type Folder, type IntervalValue } from "./fold.ts";
import { holdsWhole, isEmpty, onlyWhole } from "./intervals.ts";
import { plain } from "./fold.ts";
import type { Compilation, Entity } from "./symbols.ts";
import { suggest } from "../grammar/suggest.ts";
import { enumName, isEnum, isUnknown, type Type } from "./types.ts";

/** Cells beyond this are not enumerated (the overlap check still runs). */
const MAX_CELLS = 100_000;
/** Missing cells reported per table; the first ones name the problem well enough. */
const MAX_GAPS = 10;

type Matcher = { kind: "any" } | { kind: "members"; set: Set<string> } | { kind: "range"; iv: IntervalValue };

interface RowKeys {
  /** 1-based row number, as messages name it */
  n: number;
  span: Span;
  keys: Matcher[];
}

type CellKey = { kind: "member"; name: string } | { kind: "piece"; iv: IntervalValue };

export function checkGrid(c: Compilation, folder: Folder, e: Entity, n: TableDecl, keyTypes: Type[], enums: Map<string, string[]>): void {
  const file = e.file.path;
  // the text each interval end was written with, per key, to name cells as the document does
  const texts = keyTypes.map(() => new Map<string, string>());
  const rows: RowKeys[] = [];
  let complete = !keyTypes.some(isUnknown);
  n.rows.forEach((row, i) => {
    const cells = row.cells ?? [];
    const keys = cells.length === keyTypes.length ? cells.map((cell, j) => matcher(cell, keyTypes[j]!, j)) : [];
    if (keys.length === keyTypes.length && keys.every((k) => k !== undefined)) rows.push({ n: i + 1, span: row.span, keys: keys as Matcher[] });
    else complete = false;
  });

  function matcher(cell: TableCell, key: Type, j: number): Matcher | undefined {
    if (cell.kind === "any") return { kind: "any" };
    if (cell.kind === "members") {
      if (!isEnum(key)) return undefined; // reported by check-types
      const members = enums.get(key) ?? [];
      const set = new Set<string>();
      let ok = true;
      for (const m of cell.members) {
        if (m.text === "_") ok = false; // `_ | a`: reported by check-types
        else if (!members.includes(m.text)) {
          c.sink.report("BL2003", file, m.span, { member: m.text, enum: enumName(key), suggestion: suggest(m.text, members) });
          ok = false;
        } else set.add(m.text);
      }
      return ok ? { kind: "members", set } : undefined;
    }
    if (isEnum(key)) return undefined; // reported by check-types
    const iv = folder.interval(cell.range, file);
    if (!iv) {
      c.sink.report("BL4018", file, cell.span, { what: "interval bound" });
      return undefined;
    }
    if (isEmpty(iv)) {
      c.sink.report("BL4019", file, cell.span, { text: e.file.text.slice(cell.span.start, cell.span.end) });
      return undefined;
    }
    for (const [v, x] of [[iv.lo, cell.range.low], [iv.hi, cell.range.high]] as const) {
      if (v && x && !texts[j]!.has(plain(v))) texts[j]!.set(plain(v), e.file.text.slice(x.span.start, x.span.end));
    }
    return { kind: "range", iv };
  }

  const show = (k: CellKey, j: number): string => (k.kind === "member" ? k.name : showInterval(k.iv, keyTypes[j]!, texts[j]!));
  const cellText = (cell: CellKey[]): string => cell.map(show).join(", ");

  // Overlaps: each row against the rows before it, reported once per row.
  for (let b = 0; b < rows.length; b++) {
    for (let a = 0; a < b; a++) {
      const common = intersect(rows[a]!, rows[b]!, keyTypes, enums);
      if (!common) continue;
      c.sink.report("BL4042", file, rows[b]!.span, { name: e.local, first: String(rows[a]!.n), second: String(rows[b]!.n), cell: common.map((k, j) => (k === undefined ? "_" : show(k, j))).join(", ") }, [
        { span: rows[a]!.span, file, args: { note: "previousRow" } },
      ]);
      break;
    }
  }
  if (!complete || rows.length === 0) return;

  // Gaps: every cell of the key space, the last key varying fastest; consecutive missing pieces
  // of an amount key are named as one interval.
  const axes: CellKey[][] = keyTypes.map((t, j) =>
    isEnum(t) ? (enums.get(t) ?? []).map((name) => ({ kind: "member" as const, name })) : pieces(rows.map((r) => r.keys[j]!), t === "Int").map((iv) => ({ kind: "piece" as const, iv })),
  );
  if (axes.some((a) => a.length === 0) || axes.reduce((p, a) => p * a.length, 1) > MAX_CELLS) return;
  let reported = 0;
  let pending: { cell: CellKey[]; at: Span } | undefined;
  const flush = () => {
    if (pending && reported < MAX_GAPS) {
      c.sink.report("BL4041", file, pending.at, { name: e.local, cell: cellText(pending.cell) });
      reported++;
    }
    pending = undefined;
  };
  const last = keyTypes.length - 1;
  for (const cell of product(axes)) {
    if (rows.some((r) => r.keys.every((m, j) => covers(m, cell[j]!)))) {
      flush();
      continue;
    }
    const prev = pending?.cell;
    if (prev && cell[last]!.kind === "piece" && prev[last]!.kind === "piece" && cell.slice(0, last).every((k, j) => k === prev[j])) {
      const a = prev[last]!.iv, b = cell[last]!.iv;
      pending!.cell = [...prev.slice(0, last), { kind: "piece", iv: { lo: a.lo, loIncl: a.loIncl, hi: b.hi, hiIncl: b.hiIncl } }];
      continue;
    }
    flush();
    // point at the first row written for this combination of members, else at the table
    const near = rows.find((r) => r.keys.every((m, j) => cell[j]!.kind === "piece" || covers(m, cell[j]!)));
    pending = { cell, at: near?.span ?? e.nameSpan };
  }
  flush();
}

function* product(axes: CellKey[][]): Generator<CellKey[]> {
  const idx = axes.map(() => 0);
  for (;;) {
    yield idx.map((i, j) => axes[j]![i]!);
    let j = axes.length - 1;
    while (j >= 0 && ++idx[j]! === axes[j]!.length) idx[j--] = 0;
    if (j < 0) return;
  }
}

function covers(m: Matcher, k: CellKey): boolean {
  if (m.kind === "any") return true;
  if (m.kind === "members") return k.kind === "member" && m.set.has(k.name);
  return k.kind === "piece" && within(k.iv, m.iv);
}

/** Where rows a and b share a cell: per key the common member or interval (undefined: `_` in both). */
function intersect(a: RowKeys, b: RowKeys, keyTypes: Type[], enums: Map<string, string[]>): (CellKey | undefined)[] | undefined {
  const out: (CellKey | undefined)[] = [];
  for (let j = 0; j < keyTypes.length; j++) {
    const x = a.keys[j]!, y = b.keys[j]!;
    if (x.kind === "any" && y.kind === "any") out.push(undefined);
    else if (x.kind === "range" || y.kind === "range") {
      const iv = x.kind === "range" && y.kind === "range" ? common(x.iv, y.iv) : x.kind === "range" ? x.iv : (y as { iv: IntervalValue }).iv;
      if (isEmpty(iv)) return undefined;
      out.push({ kind: "piece", iv });
    } else {
      const name = (enums.get(keyTypes[j]!) ?? []).find((m) => (x.kind === "any" || x.set.has(m)) && (y.kind === "any" || y.set.has(m)));
      if (name === undefined) return undefined;
      out.push({ kind: "member", name });
    }
  }
  return out;
}

function common(a: IntervalValue, b: IntervalValue): IntervalValue {
  const lo = a.lo === null ? b : b.lo === null ? a : a.lo.gt(b.lo) ? a : b.lo.gt(a.lo) ? b : a.loIncl ? b : a;
  const hi = a.hi === null ? b : b.hi === null ? a : a.hi.lt(b.hi) ? a : b.hi.lt(a.hi) ? b : a.hiIncl ? b : a;
  return { lo: lo.lo, loIncl: lo.loIncl, hi: hi.hi, hiIncl: hi.hiIncl };
}

/** piece ⊆ iv */
function within(p: IntervalValue, iv: IntervalValue): boolean {
  const loOk = iv.lo === null || (p.lo !== null && (p.lo.gt(iv.lo) || (p.lo.eq(iv.lo) && (iv.loIncl || !p.loIncl))));
  const hiOk = iv.hi === null || (p.hi !== null && (p.hi.lt(iv.hi) || (p.hi.eq(iv.hi) && (iv.hiIncl || !p.hiIncl))));
  return loOk && hiOk;
}

/** The elementary pieces of an amount key: the points where its column's intervals end and the
 *  open stretches between them, from the lowest written end to the highest; of an Int key
 *  (`whole`), only those holding a whole number. */
function pieces(column: Matcher[], whole: boolean): IntervalValue[] {
  const ivs = column.flatMap((m) => (m.kind === "range" ? [m.iv] : []));
  if (ivs.length === 0) return [{ lo: null, loIncl: false, hi: null, hiIncl: false }];
  const points = [...new Map(ivs.flatMap((iv) => [iv.lo, iv.hi]).filter((v) => v !== null).map((v) => [plain(v), v])).values()].sort((x, y) => x.cmp(y));
  const hull = ivs.reduce((h, iv) => ({
    lo: h.lo === null || iv.lo === null ? null : iv.lo.lt(h.lo) ? iv.lo : h.lo,
    loIncl: h.lo === null || iv.lo === null ? false : iv.lo.lt(h.lo) ? iv.loIncl : iv.lo.eq(h.lo) ? h.loIncl || iv.loIncl : h.loIncl,
    hi: h.hi === null || iv.hi === null ? null : iv.hi.gt(h.hi) ? iv.hi : h.hi,
    hiIncl: h.hi === null || iv.hi === null ? false : iv.hi.gt(h.hi) ? iv.hiIncl : iv.hi.eq(h.hi) ? h.hiIncl || iv.hiIncl : h.hiIncl,
  }));
  const out: IntervalValue[] = [];
  let from: IntervalValue["lo"] = null;
  for (const p of points) {
    out.push({ lo: from, loIncl: false, hi: p, hiIncl: false }, { lo: p, loIncl: true, hi: p, hiIncl: true });
    from = p;
  }
  out.push({ lo: from, loIncl: false, hi: null, hiIncl: false });
  return out.filter((p) => !isEmpty(p) && within(p, hull) && (!whole || holdsWhole(p)));
}

function showInterval(iv: IntervalValue, t: Type, texts: Map<string, string>): string {
  const end = (v: IntervalValue["lo"]) => (v === null ? "∞" : (texts.get(plain(v)) ?? showValue({ k: "dec", v }, t)));
  const one = t === "Int" ? onlyWhole(iv) : undefined;
  if (one) return showValue({ k: "dec", v: one }, t);
  if (iv.lo !== null && iv.hi !== null && iv.lo.eq(iv.hi)) return `[${end(iv.lo)}, ${end(iv.hi)}]`;
  return `${iv.loIncl ? "[" : "("}${iv.lo === null ? "-∞" : end(iv.lo)}, ${end(iv.hi)}${iv.hiIncl ? "]" : ")"}`;
}
