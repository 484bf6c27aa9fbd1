// Stage "check values": params within the document's bounds (不低于 / 不超过, inherited by
// overrides), ratios within 0–100 % where an amount is multiplied by a constant Rate, no
// negative threshold or cap, header dates in order, and a dated param's dates.
import type { DateLit, DatedValue, Expr, Field, ParamDecl, Ref } from "../grammar/ast.ts";
import { ONE, type Dec } from "../runtime/ir/decimal.ts";
import { showValue, type Folder } from "./fold.ts";
import { derivedSchedule } from "./derived-dated.ts";
import { edgeCases } from "./band-edges.ts";
import { declOf, inProgram, type Compilation, type Entity } from "./symbols.ts";
import { MAX_NAME } from "../runtime/ir/limits.ts";
import { assignable } from "./types.ts";
import { entityExprs, unparen, walk } from "./walk.ts";


export function checkValues(c: Compilation, folder: Folder): void {
  checkHeaders(c);
  // errors of earlier stages (a dated 600元 for a Rate) make the per-claim cases fold wrong values
  const clean = !c.sink.hasErrors;
  for (const e of c.entities) {
    if (!inProgram(c, e)) continue;
    const n = declOf(e);
    if (n?.kind === "param") checkParam(c, folder, e, n);
    if (n?.kind === "enum" && n.members.length === 0) c.sink.report("BL4025", e.file.path, e.nameSpan, { name: e.local });
    // the runtime refuses longer names at load (runtime/ir/limits.ts)
    if (e.irName.length > MAX_NAME) c.sink.report("BL4027", e.file.path, e.nameSpan, { max: String(MAX_NAME) });
    for (const x of entityExprs(e)) walk(x, (y) => checkOperator(c, folder, e, y, clean));
    if (e.kind === "input") checkDefault(c, folder, e);
  }
  explainDated(c);
}

function checkHeaders(c: Compilation): void {
  for (const f of c.files) {
    const h = f.ast?.header;
    // a header the parser could not read whole (a syntax error before the first declaration, or
    // where it starts: recovery may begin one at a keyword inside the header, `policy test.x`)
    // has its error already: no second guess at what is missing
    const firstDecl = f.ast?.decls[0]?.span.start ?? f.text.length;
    const broken = c.sink.list.some((d) => d.file === f.path && d.code.startsWith("BL1") && d.span.start <= firstDecl);
    if (h && !h.effective && !broken) c.sink.report("BL4024", f.path, h.id?.span ?? h.span);
    // `ends` is the last day in force (the runtime's BR2024): ends = effective is one day
    if (h?.effective && h.ends && h.ends.value < h.effective.value) {
      c.sink.report("BL4017", f.path, h.ends.span, { ends: h.ends.value, effective: h.effective.value });
    }
  }
}

/** The nearest `at least` / `at most` along the override chain (the parent's bounds bind its overrides). */
function bound(e: Entity, which: "atLeast" | "atMost"): { x: Expr; holder: Entity } | undefined {
  for (let p: Entity | undefined = e; p; p = p.overridden) {
    const n = declOf(p) as ParamDecl | undefined;
    if (n?.[which]) return { x: n[which]!, holder: p };
  }
  return undefined;
}

/** A param's value, or each of a dated param's values: constant and within the bounds. */
function checkParam(c: Compilation, folder: Folder, e: Entity, n: ParamDecl): void {
  if (n.dated) checkDates(c, e, n.dated);
  // a value of unknown or of the wrong type was reported already
  const wellTyped = (x: Expr | undefined): x is Expr => x !== undefined && c.types.get(x) !== "?" && assignable(c.types.get(x) ?? "?", e.type);
  const values = (n.dated ? n.dated.map((r) => r.value) : [n.value]).filter(wellTyped);
  if (values.length === 0) return;
  const file = e.file.path;
  const bounds = (["atLeast", "atMost"] as const).flatMap((which) => {
    const b = bound(e, which);
    const bv = b && folder.value(b.x, b.holder.file.path);
    if (b && !bv) c.sink.report("BL4018", b.holder.file.path, b.x.span, { what: "param bound" });
    return bv?.k === "dec" ? [{ which, bv }] : [];
  });
  // a param written from dated params is checked on each of their dates
  const derived = derivedSchedule(c, e, folder);
  const folded = derived === undefined ? values.map((x) => ({ x, v: folder.value(x, file) })) : derived.map((p) => ({ x: n.value!, v: p.folder.value(n.value, file) }));
  for (const { x, v } of folded) {
    if (!v) {
      c.sink.report("BL4018", file, x.span, { what: "param value" });
      continue;
    }
    for (const { which, bv } of bounds) {
      if (v.k !== "dec") continue;
      const args = { name: e.local, value: showValue(v, e.type), bound: showValue(bv, e.type) };
      if (which === "atLeast" && v.v.lt(bv.v)) c.sink.report("BL4011", file, x.span, args);
      if (which === "atMost" && v.v.gt(bv.v)) c.sink.report("BL4012", file, x.span, args);
    }
  }
}

/** A dated param's dates go forward, and its first value is in force on the compiled policy's
 *  effective date: every claim the policy settles then finds a value, so the runtime never
 *  has to refuse one for its date (the loader holds artifacts to the same, BR1040). */
function checkDates(c: Compilation, e: Entity, rows: DatedValue[]): void {
  const file = e.file.path;
  if (rows.length === 0) {
    c.sink.report("BL4046", file, e.nameSpan, { name: e.local });
    return;
  }
  let previous: DateLit | undefined;
  for (const r of rows) {
    if (r.from && previous && r.from.value <= previous.value) {
      c.sink.report("BL4044", file, r.from.span, { name: e.local, date: r.from.value, previous: previous.value });
    }
    previous = r.from ?? previous;
  }
  const first = rows[0]!.from;
  const effective = c.files[0]?.ast?.header?.effective?.value;
  if (first && effective && first.value > effective) {
    c.sink.report("BL4045", file, first.span, { name: e.local, from: first.value, effective });
  }
  // a value from after the policy's last day is read by no claim (the next version holds it)
  const ends = c.files[0]?.ast?.header?.ends?.value;
  for (const r of rows) {
    if (r.from && ends && r.from.value > ends) c.sink.report("BL6010", file, r.from.span, { name: e.local, from: r.from.value, ends });
  }
}

/** A constant was needed where a dated param made the expression depend on the claim's date
 *  (a band rate, a table value, another param …): BL4018 and BL4031 name that param. */
function explainDated(c: Compilation): void {
  const needs = c.sink.list.filter((d) => (d.code === "BL4018" || d.code === "BL4031") && !d.args.dated);
  if (needs.length === 0) return;
  for (const e of c.entities) {
    for (const x of entityExprs(e)) {
      walk(x, (z) => {
        // a name read, or a table looked up (its cells may read a dated param)
        const y = z.kind === "ref" ? z : (z.kind === "index" || z.kind === "highest") ? z.table : undefined;
        const name = y && datedBehind(c, y, new Set());
        if (!name) return;
        for (const d of needs) {
          if (d.file === e.file.path && d.span.start <= y.span.start && y.span.end <= d.span.end) d.args.dated ??= name;
        }
      });
    }
  }
}

/** The dated param a reference reads, itself or through constant-looking params and defines. */
function datedBehind(c: Compilation, ref: Ref, seen: Set<Entity>): string | undefined {
  const target = c.res.get(ref)?.[0];
  const n = target && declOf(target);
  if (!target || seen.has(target) || (n?.kind !== "param" && n?.kind !== "define" && n?.kind !== "table")) return undefined;
  if (n.kind === "param" && n.dated) return target.local;
  seen.add(target);
  let found: string | undefined;
  // a table of dated values (`比例表[身份]`, a cell reading 提高) names the param its cells read
  for (const x of n.kind === "table" ? n.rows.map((r) => r.value) : [n.value]) {
    walk(x, (y) => {
      if (y.kind === "ref") found ??= datedBehind(c, y, seen);
    });
  }
  return found;
}

/** A Money or Int input's default is 0 or more, as a claim's value must be (BR2007): a claim
 *  that leaves it out must not pay less than nothing. */
function checkDefault(c: Compilation, folder: Folder, e: Entity): void {
  const d = (e.node as Field).default;
  const v = d && (e.type === "Money" || e.type === "Int") ? folder.decimal(d) : undefined;
  if (v?.isNegative() && !v.isZero()) c.sink.report("BL4056", e.file.path, d!.span, { name: e.local, value: showValue({ k: "dec", v }, e.type) });
}

/** Whether `x` reads a param whose value is of another type than declared (`Rate = 80`, BL3006):
 *  its 80 is no 8000 % to report again where it is used. */
function readsMistyped(c: Compilation, x: Expr): boolean {
  let found = false;
  walk(x, (y) => {
    const p = y.kind === "ref" ? c.res.get(y)?.[0] : undefined;
    const n = p && declOf(p);
    const t = n?.kind === "param" && n.value ? c.types.get(n.value) : undefined;
    if (t !== undefined && !assignable(t, p!.type)) found = true;
  });
  return found;
}

function checkOperator(c: Compilation, folder: Folder, e: Entity, x: Expr, clean: boolean): void {
  const file = e.file.path;
  if (x.kind === "binary" && x.op === "*" && x.left && x.right) {
    const lt = c.types.get(x.left);
    const rt = c.types.get(x.right);
    const rateSide = lt === "Money" && rt === "Rate" ? x.right : lt === "Rate" && rt === "Money" ? x.left : undefined;
    const r = rateSide && folder.decimal(rateSide, file);
    if (rateSide && r && (r.isNegative() || r.gt(ONE)) && !readsMistyped(c, rateSide)) c.sink.report("BL4008", file, rateSide.span, { value: showValue({ k: "dec", v: r }, "Rate") });
    // read per claim from tables and flags: a ratio in range for every member, each flag either way
    // (a bare lookup is the table's own rows, which the table check holds to 0–100 %)
    else if (rateSide && !r && unparen(rateSide)?.kind !== "index" && clean) {
      for (const k of edgeCases(c, folder, [rateSide], { flags: true, tables: true }) ?? []) {
        const v = k.folder.decimal(rateSide);
        if (!v || !(v.isNegative() || v.gt(ONE))) continue;
        c.sink.report("BL4055", file, rateSide.span, { value: showValue({ k: "dec", v }, "Rate"), case: k.label });
        break;
      }
    }
  }
  // folding applies the runtime's operators: a constant they refuse (÷ 0, a date past 9999)
  // is reported here, where the file is known, whether or not anything else folds it
  if (x.kind === "binary") folder.value(x, file);
  if (x.kind === "call" && x.callee.text === "round" && x.args[1]) {
    // the runtime divides by the unit: it must be a positive constant (runtime/ir/ops.ts round)
    const unit = x.args[1], u = folder.decimal(unit, file);
    if (!u) c.sink.report("BL4018", file, unit.span, { what: "rounding unit" });
    else if (!u.isPositive() || u.isZero()) c.sink.report("BL4023", file, unit.span, { value: showValue({ k: "dec", v: u }, c.types.get(unit) ?? "Number") });
  }
  if (x.kind === "above" && x.threshold) {
    const t = folder.decimal(x.threshold, file);
    if (t?.isNegative()) c.sink.report("BL4009", file, x.threshold.span, { value: `${t}元` });
    if (x.ledger) finerThanFen(c, folder, e, x.threshold, clean);
  }
  if (x.kind === "cap") {
    for (const l of x.limits) {
      const v = l.limit && folder.decimal(l.limit, file);
      if (l.limit && v?.isNegative()) c.sink.report("BL4010", file, l.limit.span, { value: `${v}元` });
      if (l.limit && l.ledger) finerThanFen(c, folder, e, l.limit, clean);
    }
  }
}

/** A yearly deductible or cap finer than the fen (`1000元 / 3`): its ledger records fen, so
 *  333.33 of 333.333… is never all used (an alert on it never fires, 0.0033 stays open). Checked
 *  as it folds, or in each case of what it reads per claim (a dated 线 / 6). */
function finerThanFen(c: Compilation, folder: Folder, e: Entity, x: Expr, clean: boolean): void {
  const fine = (v: Dec | undefined) => v !== undefined && !v.eq(v.toDecimalPlaces(2));
  const v = folder.decimal(x);
  const cases = v !== undefined || !clean ? [] : edgeCases(c, folder, [x], { flags: true, tables: true }) ?? [];
  const hit = fine(v) ? { value: v!, label: "" } : cases.map((k) => ({ value: k.folder.decimal(x), label: k.label })).find((k) => fine(k.value));
  if (hit) c.sink.report("BL6011", e.file.path, x.span, { value: `${hit.value}元`, case: hit.label });
}
