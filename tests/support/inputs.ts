// Random valid claims generated from an artifact's input schema, for the property and
// differential tests. Money is drawn as a whole number of fen (exact integers) and written as a
// decimal string; amounts cluster at 0, at small values and at the policy's own edges (band
// bounds, thresholds, caps, table values, each ± 1 fen), where off-by-one-fen bugs live.
import fc from "fast-check";
import { Decimal } from "decimal.js";
import type { Artifact, Expr, InputField, TypeName, Value } from "../../runtime/ir/artifact.ts";

const T = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });

export type Input = Record<string, Value>;
export interface LedgerIn {
  year: number;
  values: Record<string, string>;
}
export interface Claim {
  input: Input;
  date: string;
}
/** One person's claims in one medical year, with the ledger the year starts from. */
export interface Year {
  ledger: LedgerIn | undefined;
  claims: Claim[];
}

/** Yuan written from a whole number of fen: 123456 → "1234.56" (integer text only, no float). */
export function fenToYuan(fen: number): string {
  const s = String(fen).padStart(3, "0");
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

function walkExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  for (const v of Object.values(e)) {
    if (v !== null && typeof v === "object" && !Array.isArray(v) && "k" in v) walkExpr(v as Expr, visit);
  }
  if (e.k === "cap") for (const l of e.limits) walkExpr(l.lim, visit);
  if (e.k === "call") for (const a of e.args) walkExpr(a, visit);
}

/** Every expression of the program (defines, outputs, alerts, pipelines). */
export function allExprs(a: Artifact): Expr[] {
  const out: Expr[] = [];
  const roots: Expr[] = [
    ...a.ir.defines.map((d) => d.expr), ...a.ir.outputs.map((o) => o.expr), ...a.ir.alerts.map((x) => x.when),
    ...a.ir.pipelines.flatMap((p) => [p.on, ...p.layers.map((l) => l.expr)]),
  ];
  for (const r of roots) walkExpr(r, (e) => out.push(e));
  return out;
}

/** Amounts where the policy changes behaviour: band and classification bounds, money
 *  parameters and table values, money literals; each with its neighbours one fen away. */
export function moneyEdges(a: Artifact): string[] {
  const raw = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === "string" && /^\d+(\.\d+)?$/.test(v)) raw.add(v);
  };
  for (const b of a.ir.bands) for (const r of b.rows) { add(r.lo); add(r.hi); }
  for (const c of a.ir.classifications) for (const r of c.rows) { add(r.range.lo); add(r.range.hi); }
  for (const p of a.ir.params) if (p.type === "Money" || p.type === "Limit") for (const v of p.values?.map((d) => d.value) ?? [p.value]) add(v);
  for (const t of a.ir.tables) if (t.valueType === "Money") for (const r of t.rows) add(r.value);
  for (const g of a.ir.grids ?? []) {
    for (const r of g.rows) {
      if (g.valueType === "Money") add(r.value);
      for (const k of r.keys) if ("range" in k) { add(k.range.lo); add(k.range.hi); }
    }
  }
  for (const e of allExprs(a)) if (e.k === "lit" && e.t === "Money") add(e.v);
  const out = new Set<string>();
  const fen = new T("0.01");
  for (const v of raw) {
    const d = new T(v);
    for (const x of [d.minus(fen), d, d.plus(fen)]) if (!x.isNegative() && x.decimalPlaces() <= 2) out.add(x.toFixed(2));
  }
  return [...out].sort();
}

/** Money: 0, a few fen, everyday amounts, large amounts (past every cap), and the edges. */
export function moneyArb(edges: readonly string[]): fc.Arbitrary<string> {
  const parts: fc.WeightedArbitrary<string>[] = [
    { arbitrary: fc.constant("0"), weight: 1 },
    { arbitrary: fc.integer({ min: 0, max: 100 }).map(fenToYuan), weight: 1 },
    { arbitrary: fc.integer({ min: 0, max: 5_000_000 }).map(fenToYuan), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: 120_000_000 }).map(fenToYuan), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: 1_000_000 }).map((y) => String(y)), weight: 1 },
  ];
  if (edges.length > 0) parts.push({ arbitrary: fc.constantFrom(...edges), weight: 3 });
  return fc.oneof(...parts);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The policy's period: its effective date to its end date (or three years on). */
export function period(a: Artifact): [string, string] {
  const from = a.policy.effective;
  return [from, a.policy.ends ?? addDays(from, 3 * 365)];
}

export function dateArb(from: string, to: string): fc.Arbitrary<string> {
  return fc.integer({ min: 0, max: daysBetween(from, to) }).map((n) => addDays(from, n));
}

export function valueArb(a: Artifact, type: TypeName, edges: readonly string[]): fc.Arbitrary<Value> {
  const enumMembers = (name: string) => a.schema.enums.find((e) => e.name === name)!.members.map((m) => m.name);
  switch (type) {
    case "Money": return moneyArb(edges);
    case "Limit": return fc.oneof(moneyArb(edges), fc.constant(null));
    case "Rate": return fc.integer({ min: 0, max: 10_000 }).map((n) => new T(n).div(10_000).toFixed());
    case "Points": return fc.integer({ min: -2000, max: 2000 }).map((n) => new T(n).div(100).toFixed());
    case "Number": return fc.integer({ min: -100_000, max: 100_000 }).map((n) => new T(n).div(100).toFixed());
    case "Int": return fc.integer({ min: 0, max: 100 }).map(String);
    case "Bool": return fc.boolean();
    case "Date": return dateArb(...period(a));
    case "Text": return fc.string({ maxLength: 20 });
    case "Duration": return fc.integer({ min: 0, max: 36 });
  }
  if (type.startsWith("enum:")) return fc.constantFrom(...enumMembers(type.slice(5)));
  if (type.startsWith("set:")) return fc.subarray(enumMembers(type.slice(4)), { minLength: 1 });
  throw new Error(`no generator for type ${type}`);
}

/** A field that may change from claim to claim within a person's year: amounts, and the
 *  optional claim-level facts (visit type, referral); identity (required enums, sets, ages) stays. */
function perClaim(f: InputField): boolean {
  return f.type === "Money" || (f.optional && (f.type === "Bool" || f.type.startsWith("enum:")));
}

/** An input record; optional fields are sometimes left out (their default applies). */
function recordArb(a: Artifact, fields: InputField[], edges: readonly string[]): fc.Arbitrary<Input> {
  const model: Record<string, fc.Arbitrary<Value>> = {};
  const required: string[] = [];
  for (const f of fields) {
    model[f.name] = valueArb(a, f.type, edges);
    if (!f.optional) required.push(f.name);
  }
  return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Input>;
}

export interface Generators {
  edges: string[];
  /** one claim's complete input */
  input: fc.Arbitrary<Input>;
  claim: fc.Arbitrary<Claim>;
  /** a year of 1..maxClaims claims for one person, from an empty ledger */
  year: (maxClaims: number) => fc.Arbitrary<Year>;
  /** as `year`, sometimes starting from a random mid-year ledger */
  yearFromLedger: (maxClaims: number) => fc.Arbitrary<Year>;
}

export function generators(a: Artifact): Generators {
  const edges = moneyEdges(a);
  const fields = a.schema.fields;
  const input = recordArb(a, fields, edges);
  const [from, to] = period(a);
  const claim = fc.record({ input, date: dateArb(from, to) });
  const personFields = fields.filter((f) => !perClaim(f));
  const claimFields = fields.filter(perClaim);
  const person = recordArb(a, personFields, edges);
  const perClaimInput = recordArb(a, claimFields, edges);
  const firstYear = Number(from.slice(0, 4)), lastYear = Number(to.slice(0, 4));

  const yearOf = (maxClaims: number, ledger: fc.Arbitrary<LedgerIn | undefined>) =>
    fc.integer({ min: firstYear, max: lastYear }).chain((y) => {
      const lo = `${y}-01-01` < from ? from : `${y}-01-01`;
      const hi = `${y}-12-31` > to ? to : `${y}-12-31`;
      return fc.record({
        person,
        ledger,
        claims: fc.array(fc.record({ input: perClaimInput, date: dateArb(lo, hi) }), { minLength: 1, maxLength: maxClaims }),
      }).map(({ person: p, ledger: l, claims }): Year => ({
        // a ledger of the year before carries nothing over
        ledger: l === undefined ? undefined : { year: l.year + y, values: l.values },
        claims: claims
          .map((c) => ({ input: { ...p, ...c.input }, date: c.date }))
          .sort((x, z) => (x.date < z.date ? -1 : x.date > z.date ? 1 : 0)),
      }));
    });
  // `year` here is an offset from the claims' year: 0 (this year) or -1 (last year's ledger)
  const midYearLedger: fc.Arbitrary<LedgerIn> = fc.record({
    year: fc.constantFrom(0, 0, 0, -1),
    values: fc.record(
      // a count (Int field) of a few earlier claims; money up to 50万元
      Object.fromEntries(a.ledger.fields.map((f) => [f.name, f.type === "Int" ? fc.integer({ min: 0, max: 6 }).map(String) : fc.integer({ min: 0, max: 50_000_000 }).map(fenToYuan)])),
    ),
  });
  return {
    edges,
    input,
    claim,
    year: (n) => yearOf(n, fc.constant(undefined)),
    yearFromLedger: (n) => yearOf(n, fc.option(midYearLedger, { nil: undefined, freq: 2 })),
  };
}
