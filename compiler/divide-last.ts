// A product of a quotient is computed with the division last: (p ÷ q) × b as (p × b) ÷ q, and
// a ÷ (b ÷ n) as (a × n) ÷ b.
// 8886.01元 ÷ 62 does not terminate; × 31 it is 4443.005 exactly, which rounds to 4443.01. Divided
// first, at any finite precision, it is 4443.00499…, which rounds to 4443.00 (and SQL's 20
// places and decimal.js's 40 digits round it differently). Equal in exact arithmetic, so the
// meaning is the document's; lowering writes the IR so (every evaluator then computes the same)
// and the folder folds so (what the compiler folds, the runtime computes the same way).
import { arithType } from "../runtime/ir/ops.ts";
import type { Expr as IRExpr, TypeName } from "../runtime/ir/artifact.ts";

/** The type of p × b when (p ÷ q) × b may be computed as (p × b) ÷ q: both steps typed (not
 *  Money × Money), no Points (their ÷ 100 belongs to the operator), no dates or limits. */
export function dividendType(p: TypeName, q: TypeName, b: TypeName): TypeName | undefined {
  if ([p, q, b].some((t) => t === "Points" || t === "Date" || t === "Duration" || t === "Limit")) return undefined;
  const pb = arithType("*", p, b);
  if (typeof pb !== "string" || typeof arithType("/", pb, q) !== "string") return undefined;
  return pb;
}

type Arith = Extract<IRExpr, { k: "arith" }>;

function asQuotient(e: IRExpr): Arith | undefined {
  return e.k === "arith" && e.op === "/" ? e : undefined;
}

/** `a × b` for the IR, with a quotient on either side divided last (nested ones too). */
export function product(a: IRExpr, b: IRExpr, t: TypeName | undefined, s: IRExpr["s"]): IRExpr {
  const plain: IRExpr = { k: "arith", op: "*", a, b, t, s };
  const q = asQuotient(a) ?? asQuotient(b);
  if (q === undefined) return plain;
  const other = q === a ? b : a;
  const pt = q.a.t && q.b.t && other.t ? dividendType(q.a.t, q.b.t, other.t) : undefined;
  if (pt === undefined) return plain;
  const dividend = q === a ? product(q.a, other, pt, s) : product(other, q.a, pt, s);
  return { k: "arith", op: "/", a: dividend, b: q.b, t, s };
}

/** `a ÷ (b ÷ n)` for the IR, with n a constant other than 0, as `(a × n) ÷ b`: 费用 ÷ (天数 ÷ 31)
 *  is exact where dividing by the 20-place quotient is not (and an SQL divisor of 20 digits
 *  can need more than 38). With n constant the claims that fail (b = 0) fail alike. */
export function quotient(a: IRExpr, b: IRExpr, t: TypeName | undefined, s: IRExpr["s"]): IRExpr {
  const plain: IRExpr = { k: "arith", op: "/", a, b, t, s };
  const inner = asQuotient(b);
  if (inner === undefined || !nonZeroConstant(inner.b)) return plain;
  const pt = a.t && inner.a.t && inner.b.t ? dividendType(a.t, inner.a.t, inner.b.t) : undefined;
  return pt === undefined ? plain : { k: "arith", op: "/", a: product(a, inner.b, pt, s), b: inner.a, t, s };
}

function nonZeroConstant(e: IRExpr): boolean {
  return e.k === "lit" && typeof e.v === "string" && !/^-?0*(\.0*)?$/.test(e.v);
}
