// Stage "check values": params within the document's bounds (不低于 / 不超过, inherited by
// overrides), ratios within 0–100 % where an amount is multiplied by a constant Rate, no
// negative threshold or cap, and header dates in order.
import type { Expr, ParamDecl } from "../grammar/ast.ts";
import { ONE } from "../runtime/ir/decimal.ts";
import { showValue, type Folder } from "./fold.ts";
import { declOf, type Compilation, type Entity } from "./symbols.ts";
import { MAX_NAME } from "../runtime/ir/limits.ts";
import { entityExprs, walk } from "./walk.ts";


export function checkValues(c: Compilation, folder: Folder): void {
  checkHeaders(c);
  for (const e of c.entities) {
    if (!e.live) continue;
    const n = declOf(e);
    if (n?.kind === "param") checkParam(c, folder, e, n);
    if (n?.kind === "enum" && n.members.length === 0) c.sink.report("BL4025", e.file.path, e.nameSpan, { name: e.local });
    // the runtime refuses longer names at load (runtime/ir/limits.ts)
    if (e.irName.length > MAX_NAME) c.sink.report("BL4027", e.file.path, e.nameSpan, { max: String(MAX_NAME) });
    for (const x of entityExprs(e)) walk(x, (y) => checkOperator(c, folder, e, y));
  }
}

function checkHeaders(c: Compilation): void {
  for (const f of c.files) {
    const h = f.ast?.header;
    if (h && !h.effective) c.sink.report("BL4024", f.path, h.id?.span ?? h.span);
    if (h?.effective && h.ends && h.ends.value <= h.effective.value) {
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

function checkParam(c: Compilation, folder: Folder, e: Entity, n: ParamDecl): void {
  if (!n.value || c.types.get(n.value) === "?") return; // already reported
  const file = e.file.path;
  const v = folder.value(n.value, file);
  if (!v) {
    c.sink.report("BL4018", file, n.value.span, { what: "param value" });
    return;
  }
  for (const which of ["atLeast", "atMost"] as const) {
    const b = bound(e, which);
    if (!b) continue;
    const bv = folder.value(b.x, b.holder.file.path);
    if (!bv) {
      c.sink.report("BL4018", b.holder.file.path, b.x.span, { what: "param bound" });
      continue;
    }
    if (v.k !== "dec" || bv.k !== "dec") continue;
    const args = { name: e.local, value: showValue(v, e.type), bound: showValue(bv, e.type) };
    if (which === "atLeast" && v.v.lt(bv.v)) c.sink.report("BL4011", file, n.value.span, args);
    if (which === "atMost" && v.v.gt(bv.v)) c.sink.report("BL4012", file, n.value.span, args);
  }
}

function checkOperator(c: Compilation, folder: Folder, e: Entity, x: Expr): void {
  const file = e.file.path;
  if (x.kind === "binary" && x.op === "*" && x.left && x.right) {
    const lt = c.types.get(x.left);
    const rt = c.types.get(x.right);
    const rateSide = lt === "Money" && rt === "Rate" ? x.right : lt === "Rate" && rt === "Money" ? x.left : undefined;
    const r = rateSide && folder.decimal(rateSide, file);
    if (rateSide && r && (r.isNegative() || r.gt(ONE))) c.sink.report("BL4008", file, rateSide.span, { value: showValue({ k: "dec", v: r }, "Rate") });
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
  }
  if (x.kind === "cap") {
    for (const l of x.limits) {
      const v = l.limit && folder.decimal(l.limit, file);
      if (l.limit && v?.isNegative()) c.sink.report("BL4010", file, l.limit.span, { value: `${v}元` });
    }
  }
}
