// Policy soundness analysis (issue 15): each Money result as an exact piecewise-linear function
// of one amount, for every combination of the other inputs and from each ledger given, with
// its breakpoints and where they come from; and the findings on them. The symbolic run
// (symbolic.ts) finds every breakpoint; the runtime settles claims at each, a fen either side
// and inside every piece, and its figures are the ones reported.
import type { Artifact, Expr, SrcSpan, Value } from "../runtime/ir/artifact.ts";
import { validateArtifact } from "../runtime/load/validate-artifact.ts";
import { checkArtifact, type Checked } from "../runtime/load/check-ir.ts";
import { loadRuleSet, type RuleSet } from "../runtime/rule-set.ts";
import { D, ZERO, type Dec } from "../runtime/ir/decimal.ts";
import { formatDecimal, formatMoney, roundFen } from "../runtime/ir/money.ts";
import { constant, type RtValue } from "../runtime/ir/values.ts";
import { yearOf } from "../runtime/ir/dates.ts";
import { NUMERIC_TYPES } from "../runtime/ir/types.ts";
import { EvalFailure, type ErrorArgs, type ErrorCode } from "../runtime/errors.ts";
import { gridMatchers, showGridKeys, showRange } from "../runtime/ir/ops.ts";
import { decRange } from "../runtime/eval/compile-ir.ts";
import { at, inside, isLine, simplify, type Origin, type PW, type BreakKind } from "./pl.ts";
import { rowTag, Symbolic, type CapInfo, type DeadDeductible, type SymbolicResult } from "./symbolic.ts";
import { combinations, mainAmount, overFor, reachable, representatives, resultsOf, type Result } from "./inputs.ts";
import { ceilFen, FEN, fensInside, floorFen, functionFindings, type Finding } from "./findings.ts";

export interface LedgerGiven {
  /** how findings name it */
  name: string;
  /** ledger field → amount, as `bylaw eval --ledger` reads (`values`) */
  values: Record<string, string>;
}

export interface AnalyzeOptions {
  /** the amount input to analyse over (default: the main amount, see inputs.ts) */
  over?: string;
  /** ledgers to start from besides the empty one */
  ledgers?: LedgerGiven[];
  /** the claims' date (default: the policy's effective date) */
  date?: string;
}

export interface Breakpoint {
  /** the exact amount (a decimal, maybe with more places than the fen) */
  at: string;
  /** the first fen at or above it, where a claim sees the new formula */
  fen: string;
  kind: BreakKind;
  /** the declaration it comes from, and its sections */
  name: string;
  sections?: string[];
  /** the runtime's figure a fen below `fen`, and at `fen` */
  before: string;
  value: string;
}

/** value = slope × amount + intercept, for amounts strictly between from and to. */
export interface Piece {
  from: string;
  to: string | null;
  slope: string;
  intercept: string;
}

export interface AnalyzedFunction {
  output: string;
  role: Result["role"];
  label?: string;
  sections?: string[];
  over: string;
  /** the ledger given (absent: from an empty ledger) */
  ledger?: string;
  /** the combinations of the other inputs that give this function */
  inputs: Record<string, Value>[];
  breakpoints: Breakpoint[];
  pieces: Piece[];
  /** [amount, figure] the runtime gave, in order: for charts */
  points: [string, string][];
  /** not piecewise linear (why): breakpoints may be missing, findings are sampled */
  sampled?: string[];
}

export interface Analysis {
  /** the amount each result is analysed over by default */
  main?: string;
  functions: AnalyzedFunction[];
  findings: Finding[];
  /** pieces where the runtime's figure is not the symbolic line's (an analysis bug if any) */
  disagreements: string[];
  /** combinations of the other inputs whose claims the runtime refuses (a table without a row
   *  for `天数 = 0`): no function for them, said rather than skipped in silence */
  refused: RefusedCombination[];
}

export interface RefusedCombination {
  inputs: Record<string, Value>;
  code: ErrorCode;
  args: ErrorArgs;
}

/** More combinations of the other inputs than this is refused rather than run for minutes. */
export const MAX_COMBINATIONS = 100_000;

export class AnalysisTooLarge extends Error {
  readonly combinations: number;
  readonly inputs: string[];

  constructor(combinations: number, inputs: string[]) {
    super(`${combinations} combinations of ${inputs.join(", ")}: more than ${MAX_COMBINATIONS} to analyse`);
    this.combinations = combinations;
    this.inputs = inputs;
  }
}

/** A large amount where every cap that can bind does (for examples). */
const FAR = new D("100000000");

interface Group {
  result: Result;
  /** the first full combination giving this function: the runtime settles with it */
  combo: Record<string, Value>;
  /** the distinct combinations of the inputs the result reads */
  combos: Record<string, Value>[];
  seen: Set<string>;
  sym: SymbolicResult;
}

function pwKey(p: PW): string {
  const v = p.vals.map((x) => (isLine(x) ? `${x.a}x+${x.b}` : JSON.stringify(x))).join(";");
  return `${p.cuts.map((c) => c.x.toString()).join(",")}|${v}`;
}

/** Checks and loads an artifact once for the analysis. */
function prepare(artifact: unknown): { ck: Checked; rs: RuleSet } {
  const copy = structuredClone(artifact);
  return { ck: checkArtifact(validateArtifact(copy)), rs: loadRuleSet(copy) };
}

/**
 * The analysis on `options.date` (default: the effective date). Without a date, the findings
 * also hold those that appear only from a later date a dated param takes a new value on (each
 * with that `date`): a cliff a later figure makes is not left unsaid.
 */
export function analyze(artifact: Artifact | unknown, options: AnalyzeOptions = {}): Analysis {
  const out = analyzeOn(artifact, options);
  if (options.date !== undefined) return out;
  const a = artifact as Artifact;
  const dates = changeDates(a, a.policy.effective);
  const seen = new Set(out.findings.map(findingKey));
  for (const date of dates) {
    for (const f of analyzeOn(artifact, { ...options, date }).findings) {
      const key = findingKey(f);
      if (seen.has(key)) continue;
      seen.add(key);
      out.findings.push({ ...f, date });
    }
  }
  return out;
}

/** The dates after `after` on which a dated param takes a new value, in order. */
export function changeDates(a: Artifact, after: string): string[] {
  return [...new Set(a.ir.params.flatMap((p) => (p.values ?? []).map((v) => v.from)).filter((d) => d > after))].sort();
}

/** What a finding says, without its example claim (which carries the date's figures). */
function findingKey(f: Finding): string {
  const { example: _example, date: _date, span: _span, ...rest } = f;
  return JSON.stringify(rest);
}

function analyzeOn(artifact: Artifact | unknown, options: AnalyzeOptions): Analysis {
  const { ck, rs } = prepare(artifact);
  const a = ck.artifact;
  const date = options.date ?? a.policy.effective;
  const results = resultsOf(a, (e) => ck.types.get(e));
  const defaultMain = mainAmount(a, results);
  const main = options.over ?? defaultMain;
  const reps = representatives(a, date);
  const amounts = new Set(a.schema.fields.filter((f) => f.type === "Money").map((f) => f.name));
  const ledgers: (LedgerGiven | undefined)[] = [undefined, ...(options.ledgers ?? [])];

  const byOver = new Map<string | undefined, Result[]>();
  for (const r of results) {
    const over = overFor(a, r, defaultMain, options.over);
    byOver.set(over, [...(byOver.get(over) ?? []), r]);
  }

  const capIds = new Map<Expr, number>();
  const reached = new Set<string>();
  const caps = new Map<string, CapInfo>();
  const dead: { d: DeadDeductible; combo: Record<string, Value>; over?: string }[] = [];
  const alive = new Set<string>();
  const out: Analysis = { ...(main !== undefined ? { main } : {}), functions: [], findings: [], disagreements: [], refused: [] };
  let firstCombo: Record<string, Value> = {};

  for (const [over, rsOf] of byOver) {
    const deps = a.schema.fields.map((f) => f.name).filter((n) => n !== over && rsOf.some((r) => r.deps.has(n)));
    const count = deps.reduce((n, d) => n * reps.get(d)!.length, 1);
    if (count > MAX_COMBINATIONS) throw new AnalysisTooLarge(count, deps);
    for (const ledger of ledgers) {
      const ledgerDecs = new Map(Object.entries(ledger?.values ?? {}).map(([k, v]) => [k, new D(v)]));
      const groups = new Map<string, Group>();
      for (const combo of combinations(deps, reps)) {
        const fixed = new Map<string, RtValue>();
        for (const f of a.schema.fields) fixed.set(f.name, constant(combo[f.name] ?? reps.get(f.name)![0]!, f.type));
        const sym = new Symbolic(ck, over ?? "", fixed, ledgerDecs, date, capIds);
        const res = runOrRefuse(sym);
        if (res instanceof EvalFailure) {
          if (!out.refused.some((r) => r.code === res.code && JSON.stringify(r.args) === JSON.stringify(res.args))) out.refused.push({ inputs: combo, code: res.code, args: res.args });
          continue;
        }
        for (const p of res.values.values()) for (const t of p.tags) for (const x of t) reached.add(x);
        for (const t of res.alertTags) for (const x of t) reached.add(x);
        for (const [tag, info] of sym.caps) {
          const had = caps.get(tag);
          caps.set(tag, had === undefined ? { ...info } : { ...had, limited: had.limited || info.limited });
        }
        for (const d of res.dead) dead.push({ d, combo, ...(over !== undefined ? { over } : {}) });
        for (const key of res.alive) alive.add(key);
        if (over === undefined) continue;
        for (const r of rsOf) {
          if (r.type !== "Money") continue;
          const key = `${r.name}‖${pwKey(res.values.get(r.name)!)}‖${res.nonlinear.join()}`;
          const proj = Object.fromEntries(Object.entries(combo).filter(([n]) => r.deps.has(n)));
          let g = groups.get(key);
          if (g === undefined) groups.set(key, (g = { result: r, combo, combos: [], seen: new Set(), sym: res }));
          const pk = JSON.stringify(proj);
          if (!g.seen.has(pk)) {
            g.seen.add(pk);
            g.combos.push(proj);
          }
        }
      }
      if (over === undefined) continue;
      const settle = settler(rs, reps, over, ledger, date);
      for (const g of groups.values()) {
        if (Object.keys(firstCombo).length === 0) firstCombo = { ...g.combo };
        settleGroup(out, settle, g, over, ledger, reps, amounts);
      }
    }
  }
  const global = globalFindings(ck, capIds, results, reached, caps, dead.filter(({ d }) => !alive.has(`${d.origin.name}:${d.within}`)), reps, firstCombo, main);
  // what a refused combination would have reached is not known: nothing is called unreachable then
  out.findings.push(...(out.refused.length > 0 ? global.filter((f) => f.kind !== "unreachable") : global));
  const spans = declarationSpans(a);
  for (const f of out.findings) {
    const span = spans.get(f.declaration ?? f.output) ?? spans.get(f.output);
    if (span !== undefined && f.span === undefined) f.span = span;
  }
  return out;
}

/** Where each declaration is written. */
function declarationSpans(a: Artifact): Map<string, SrcSpan> {
  const ir = a.ir;
  const out = new Map<string, SrcSpan>();
  const decls: { name: string; span?: SrcSpan }[] = [
    ...ir.params, ...ir.tables, ...(ir.grids ?? []), ...ir.bands, ...ir.classifications, ...ir.defines, ...ir.outputs,
    ...ir.pipelines.flatMap((p) => [...p.layers, p.leaves]),
  ];
  for (const d of decls) if (d.span !== undefined && !out.has(d.name)) out.set(d.name, d.span);
  return out;
}

/** A combination the runtime cannot settle either (`highest` of an empty set, a table without
 *  its row) has no function: the failure, to say so. */
function runOrRefuse(sym: Symbolic): SymbolicResult | EvalFailure {
  try {
    return sym.run();
  } catch (e) {
    if (e instanceof EvalFailure) return e;
    throw e;
  }
}

/** The full input claim for a combination and an amount. */
function claimOf(combo: Record<string, Value>, reps: ReadonlyMap<string, Value[]>, over: string, x: Dec): Record<string, Value> {
  const claim: Record<string, Value> = {};
  for (const [name, vs] of reps) claim[name] = combo[name] ?? vs[0]!;
  claim[over] = formatMoney(x);
  return claim;
}

/** Amounts to settle for a function: 0, a fen each side of every breakpoint, inside every piece, far out. */
function probesOf(pws: PW[]): Dec[] {
  const xs = new Map<string, Dec>();
  const put = (x: Dec) => {
    if (!x.isNegative()) xs.set(x.toFixed(2), x);
  };
  put(ZERO);
  put(FEN);
  for (const p of pws) {
    p.cuts.forEach((c) => {
      const fl = floorFen(c.x), ce = ceilFen(c.x);
      for (const x of [fl.minus(FEN), fl, ce, ce.plus(FEN)]) put(x);
    });
    for (let i = 0; i <= p.cuts.length; i++) {
      const lo = i === 0 ? ZERO : p.cuts[i - 1]!.x, hi = i === p.cuts.length ? null : p.cuts[i]!.x;
      const fens = fensInside(lo, hi);
      if (fens === undefined) continue;
      put(fens[0]);
      if (fens[1] !== null) put(fens[1]);
      const mid = floorFen(inside(lo, hi === null ? lo.times(2).plus(20000) : hi));
      if (mid.gt(lo) && (hi === null || mid.lt(hi))) put(mid);
      if (hi === null) put(floorFen(lo.times(2).plus(100000)));
    }
  }
  return [...xs.values()].sort((p, q) => p.cmp(q));
}

type Settle = (combo: Record<string, Value>, x: Dec) => Record<string, Value> | undefined;

/** Settles claims with the runtime, each (combination, amount) once. */
function settler(rs: RuleSet, reps: ReadonlyMap<string, Value[]>, over: string, ledger: LedgerGiven | undefined, date: string): Settle {
  const led = ledger === undefined ? undefined : { year: yearOf(date), values: ledger.values };
  const cache = new Map<string, Record<string, Value> | undefined>();
  return (combo, x) => {
    const k = `${JSON.stringify(combo)}@${x.toFixed(2)}`;
    if (!cache.has(k)) {
      const r = rs.evaluate(claimOf(combo, reps, over, x), led, { date });
      cache.set(k, r.ok ? r.outputs : undefined);
    }
    return cache.get(k);
  };
}

function settleGroup(out: Analysis, settle: Settle, g: Group, over: string, ledger: LedgerGiven | undefined, reps: ReadonlyMap<string, Value[]>, amounts: ReadonlySet<string>): void {
  const r = g.result, pw = g.sym.values.get(r.name)!;
  // where only the rule reached changes, the figures have no breakpoint
  const shown = simplify(pw, "values");
  const F = (x: Dec): Dec | undefined => {
    const o = settle(g.combo, x)?.[r.name];
    return typeof o === "string" ? new D(o) : undefined;
  };
  const nonlinear = g.sym.nonlinear;
  const fn: AnalyzedFunction = {
    output: r.name, role: r.role, ...(r.label !== undefined ? { label: r.label } : {}), ...(r.sections !== undefined ? { sections: r.sections } : {}),
    over, ...(ledger !== undefined ? { ledger: ledger.name } : {}), inputs: g.combos,
    breakpoints: shown.cuts.map((c) => breakpoint(c.x, c.origin, F)),
    pieces: shown.vals.map((v, i) => ({
      from: formatDecimal(i === 0 ? ZERO : shown.cuts[i - 1]!.x),
      to: i === shown.cuts.length ? null : formatDecimal(shown.cuts[i]!.x),
      slope: isLine(v) ? formatDecimal(v.a) : "0",
      intercept: isLine(v) ? formatDecimal(v.b) : "0",
    })),
    points: probesOf([pw]).flatMap((x) => {
      const y = F(x);
      return y === undefined ? [] : [[formatMoney(x), formatMoney(y)] as [string, string]];
    }),
    ...(nonlinear.length > 0 ? { sampled: nonlinear } : {}),
  };
  out.functions.push(fn);
  if (nonlinear.length === 0) checkAgreement(out, fn, pw, F);
  const claim = claimOf(g.combo, reps, over, ZERO);
  const others = [...r.deps].filter((name) => name !== over && amounts.has(name)).reduce((sum, name) => sum.plus(new D(claim[name] as string)), ZERO);
  out.findings.push(...functionFindings({
    result: r, pw, F, inputs: g.combos[0]!, example: (x) => claimOf(g.combo, reps, over, x), sampled: nonlinear.length > 0, roundStep: g.sym.roundStep, others,
    ...(ledger !== undefined ? { ledger: ledger.name } : {}),
  }));
}

function breakpoint(x: Dec, o: Origin, F: (x: Dec) => Dec | undefined): Breakpoint {
  const fen = ceilFen(x);
  const show = (y: Dec | undefined) => (y === undefined ? "" : formatMoney(y));
  return {
    at: formatDecimal(x), fen: formatMoney(fen), kind: o.kind, name: o.name, ...(o.sections !== undefined ? { sections: o.sections } : {}),
    before: show(fen.isZero() ? undefined : F(fen.minus(FEN))), value: show(F(fen)),
  };
}

/** Inside every piece the runtime's figure is the line's, to within fen rounding. A fen next
 *  to a breakpoint is left out: rounding the layers before it may move a threshold by a fen. */
function checkAgreement(out: Analysis, fn: AnalyzedFunction, pw: PW, F: (x: Dec) => Dec | undefined): void {
  const tol = FEN.times(fn.role === "output" ? 1 : 4);
  pw.vals.forEach((v, i) => {
    if (!isLine(v)) return;
    const lo = i === 0 ? ZERO : pw.cuts[i - 1]!.x, hi = i === pw.cuts.length ? null : pw.cuts[i]!.x;
    const fens = fensInside(lo, hi);
    if (fens === undefined) return;
    const [first, last] = [fens[0].plus(FEN), fens[1] === null ? null : fens[1].minus(FEN)];
    for (const x of [first, last, floorFen(inside(lo, hi))]) {
      if (x === null || (last !== null && (x.lt(first) || x.gt(last)))) continue;
      const y = F(x);
      if (y !== undefined && roundFen(at(v, x)).minus(y).abs().gt(tol)) {
        out.disagreements.push(`${fn.output} at ${formatMoney(x)} (${JSON.stringify(fn.inputs[0])}): runtime ${formatMoney(y)}, line ${formatDecimal(at(v, x))}`);
      }
    }
  });
}

/** Rows that no result ever depends on, and caps that never bind. */
/** The name lowering gives a dated table's later period: `日标准·2025-07-01` (compiler/lower.ts). */
const PERIOD = /·\d{4}-\d{2}-\d{2}$/;

function globalFindings(
  ck: Checked, capIds: ReadonlyMap<Expr, number>, results: Result[], reached: ReadonlySet<string>, caps: ReadonlyMap<string, CapInfo>,
  dead: { d: DeadDeductible; combo: Record<string, Value>; over?: string }[], reps: ReadonlyMap<string, Value[]>,
  first: Record<string, Value>, main: string | undefined,
): Finding[] {
  const ir = ck.artifact.ir;
  const out: Finding[] = [];
  const roots = (r: Result): Expr[] => {
    const o = ir.outputs.find((x) => x.name === r.name);
    if (o !== undefined) return [o.expr];
    const p = ir.pipelines.find((x) => x.leaves.name === r.name || x.layers.some((l) => l.name === r.name))!;
    return [p.on, ...p.layers.map((l) => l.expr)];
  };
  const used = new Map<string, string>(); // declaration → the first result reading it
  const capUser = new Map<number, string>(); // cap node → the first result reading it
  const lookups = new Map<string, Expr[]>(); // grid → the keys a lookup of it reads
  for (const r of results) {
    for (const e of reachable(ir, roots(r))) {
      const id = capIds.get(e);
      if (id !== undefined && !capUser.has(id)) capUser.set(id, r.name);
      if (e.k === "lookup" && !lookups.has(e.grid)) lookups.set(e.grid, e.keys);
      const name = e.k === "bands" || e.k === "classify" ? e.name : e.k === "index" ? e.table : e.k === "lookup" ? e.grid : undefined;
      if (name !== undefined && !used.has(name)) used.set(name, r.name);
    }
  }
  const example = (x: Dec | null) => {
    const claim: Record<string, Value> = {};
    for (const [name, vs] of reps) claim[name] = first[name] ?? vs[0]!;
    if (main !== undefined && x !== null) claim[main] = formatMoney(x);
    return claim;
  };
  const sectionOf = (s?: string[]) => (s === undefined ? {} : { section: s.join(" ") });
  const rows: { decl: string; sections?: string[]; n: number; lo: (i: number) => string | null; text?: (i: number) => string; given?: (i: number) => Record<string, Value>; span?: (i: number) => SrcSpan | undefined }[] = [
    // an edge read per claim has no one place to name
    ...ir.bands.map((b) => ({ decl: b.name, sections: b.sections, n: b.rows.length, lo: (i: number) => {
      const lo = b.rows[i]!.lo;
      return typeof lo === "string" ? lo : null;
    } })),
    ...ir.tables.filter((t) => t.rows.some((r) => r.range !== undefined))
      .map((t) => ({ decl: t.name, sections: t.sections, n: t.rows.length, lo: (i: number) => t.rows[i]!.range!.lo })),
    ...ir.classifications.map((c) => ({ decl: c.name, sections: c.sections, n: c.rows.length, lo: (i: number) => c.rows[i]!.range.lo })),
    // a grid's row is named by its cells, (居家, 一级), and its example claim gives those members
    ...(ir.grids ?? []).map((g) => ({
      decl: g.name, sections: g.sections, n: g.rows.length, lo: () => null,
      text: (i: number) => `(${showGridKeys(gridMatchers(g.rows[i]!.keys, decRange), showRange)})`,
      span: (i: number) => g.rows[i]!.span,
      given: (i: number) => Object.fromEntries((lookups.get(g.name) ?? []).flatMap((k, j) => {
        const cell = g.rows[i]!.keys[j];
        return k.k === "input" && cell !== undefined && "members" in cell ? [[k.name, cell.members[0]!]] : [];
      })),
    })),
  ];
  // a table of dated values is one table a period (定额, 定额·2025-07-01): at the analysis date
  // only one is in force, and the others, none of whose rows a claim reaches, are not unreachable
  const names = rows.map((r) => r.decl);
  const dated = (name: string) => PERIOD.test(name) || names.some((n) => n.startsWith(`${name}·`) && PERIOD.test(n));
  for (const row of rows) {
    const output = used.get(row.decl);
    if (output === undefined) continue;
    if (dated(row.decl) && !Array.from({ length: row.n }, (_, i) => i).some((i) => reached.has(rowTag(row.decl, i)))) continue;
    for (let i = 0; i < row.n; i++) {
      if (reached.has(rowTag(row.decl, i))) continue;
      const lo = row.lo(i);
      out.push({
        kind: "unreachable", severity: "warning", output, ...sectionOf(row.sections), inputs: {},
        example: { ...example(lo === null ? null : new D(lo)), ...row.given?.(i) }, ...(lo !== null ? { at: formatMoney(new D(lo)) } : {}),
        ...(row.text !== undefined ? { row: row.text(i) } : {}), declaration: row.decl, detail: "row",
      });
      const at = row.span?.(i);
      if (at !== undefined) out.at(-1)!.span = at;
    }
  }
  const deadCaps = new Set(dead.flatMap(({ d }) => d.caps));
  const capNodes = new Map([...capIds].map(([e, id]) => [id, e]));
  // a cap on an amount other than the one analysed (床位费 at most 50元 × 天数): that amount was
  // tried at one value only, so "no input reaches it" cannot be said
  const onOtherAmount = (id: number): boolean => {
    const cap = capNodes.get(id);
    if (cap?.k !== "cap") return false;
    return reachable(ir, [cap.v]).some((e) => e.k === "input" && e.name !== main && (reps.get(e.name)?.length ?? 0) === 1 && NUMERIC_TYPES.has(ck.artifact.schema.fields.find((f) => f.name === e.name)?.type ?? ""));
  };
  for (const [tag, info] of caps) {
    // a yearly limit one claim cannot reach (6万 a year above 2万 a claim) binds on a later claim
    if (!info.limited || info.yearly || reached.has(tag) || deadCaps.has(tag) || onOtherAmount(Number(tag.split(":")[1]))) continue;
    out.push({
      kind: "cap-never-binds", severity: "warning", output: capUser.get(Number(tag.split(":")[1])) ?? info.within, ...sectionOf(info.origin.sections), inputs: {},
      example: example(FAR), declaration: info.origin.name, detail: "cap",
    });
  }
  const seen = new Set<string>();
  for (const { d, combo, over } of dead) {
    const key = `${d.origin.name}:${d.within}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const claim = example(FAR);
    Object.assign(claim, combo);
    if (over !== undefined) claim[over] = formatMoney(FAR);
    out.push({
      kind: "cap-never-binds", severity: "warning", output: d.within, ...sectionOf(d.origin.sections), inputs: combo,
      example: claim, at: formatMoney(d.threshold), declaration: d.origin.name, detail: "deductible",
    });
  }
  return out;
}
