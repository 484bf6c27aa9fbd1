// Findings on one analysed function: cliffs (a jump at a breakpoint, or a payment falling as
// the cost rises) and full coverage (the patient's share at zero, or a payment reaching the
// amount it works on). The symbolic lines say where to look; the runtime's figures (`F`)
// decide what is reported, to the fen.
import type { SrcSpan, Value } from "../runtime/ir/artifact.ts";
import { D, ZERO, type Dec } from "../runtime/ir/decimal.ts";
import { formatMoney } from "../runtime/ir/money.ts";
import { isLine, type BreakKind, type Line, type PW } from "./pl.ts";
import type { Result } from "./inputs.ts";

export type FindingKind = "cliff" | "full-coverage" | "unreachable" | "cap-never-binds" | "negative";

export interface Finding {
  kind: FindingKind;
  /** error where a document forbids it (004: 坚决杜绝"全报销""零支付"), else warning */
  severity: "error" | "warning";
  output: string;
  /** the sections of the declaration the finding is about, space-separated */
  section?: string;
  /** the combination of inputs (besides the amount) it holds for */
  inputs: Record<string, Value>;
  /** an input claim showing it */
  example: Record<string, Value>;
  /** the amount (money string) where it happens or starts */
  at?: string;
  /** where a range ends (null: without end) */
  to?: string | null;
  /** a cliff's jump in yuan, signed */
  jump?: string;
  /** the function is not piecewise linear here: values were sampled */
  sampled?: true;
  /** the name of the ledger given (absent: an empty ledger) */
  ledger?: string;
  /** the row it is about, when the row is named by its cells rather than an amount: `(居家, 一级)` */
  row?: string;
  /** the declaration (a bands, table, classification, param) it is about */
  declaration?: string;
  /** where the declaration (or the output) is written, for editors */
  span?: SrcSpan;
  /** what kind of cliff or coverage: "jump", "falls", "zero-share", "pays-all", "pays-more", "row", "cap", "deductible", "negative" */
  detail: string;
  /** found only from this date on (a dated param's later value); absent: on the effective date */
  date?: string;
}

export const FEN = new D("0.01");

export const ceilFen = (x: Dec) => x.toDecimalPlaces(2, D.ROUND_CEIL);
export const floorFen = (x: Dec) => x.toDecimalPlaces(2, D.ROUND_FLOOR);

/** The first and last fen strictly inside the piece (lo, hi); undefined when none is. */
export function fensInside(lo: Dec, hi: Dec | null): [Dec, Dec | null] | undefined {
  let first = ceilFen(lo);
  if (first.eq(lo)) first = first.plus(FEN);
  if (hi === null) return [first, null];
  let last = floorFen(hi);
  if (last.eq(hi)) last = last.minus(FEN);
  return first.lte(last) ? [first, last] : undefined;
}

/** What a finding on one function knows of it. */
export interface FunctionView {
  result: Result;
  pw: PW;
  /** the runtime's figure at an amount (undefined: the claim failed) */
  F: (x: Dec) => Dec | undefined;
  inputs: Record<string, Value>;
  example: (x: Dec) => Record<string, Value>;
  sampled: boolean;
  /** the coarsest rounding unit the figure goes through (SymbolicResult.roundStep) */
  roundStep: Dec;
  /** the claim's other amounts of money, added up (费用 swept, 药费 held at 0.01): a payment
   *  pays everything only when it reaches the amount and these */
  others: Dec;
  ledger?: string;
}

const bounds = (pw: PW, i: number): [Dec, Dec | null] => [i === 0 ? ZERO : pw.cuts[i - 1]!.x, i === pw.cuts.length ? null : pw.cuts[i]!.x];

const section = (s?: string[]) => (s === undefined ? {} : { section: s.join(" ") });

function base(v: FunctionView, kind: FindingKind, detail: string, severity: Finding["severity"]): Finding {
  const f: Finding = { kind, severity, output: v.result.name, ...section(v.result.sections), inputs: v.inputs, example: {}, detail };
  if (v.sampled) f.sampled = true;
  if (v.ledger !== undefined) f.ledger = v.ledger;
  return f;
}

const slope = (x: unknown) => (isLine(x as Line) ? (x as Line).a.abs() : ZERO);

/** Jumps at breakpoints: two amounts a fen apart whose figures differ by more than the
 *  slopes either side and fen rounding allow. */
function cliffs(v: FunctionView): Finding[] {
  const out: Finding[] = [];
  v.pw.cuts.forEach((c, i) => {
    const tol = D.max(slope(v.pw.vals[i]), slope(v.pw.vals[i + 1])).times(FEN).plus(FEN).plus(FEN).plus(v.roundStep);
    const fl = floorFen(c.x), ce = ceilFen(c.x);
    let best: { at: Dec; jump: Dec } | undefined;
    for (const p of [fl.minus(FEN), fl, ce]) {
      if (p.isNegative()) continue;
      const a = v.F(p), b = v.F(p.plus(FEN));
      if (a === undefined || b === undefined) continue;
      const d = b.minus(a);
      // the first step that jumps: a dip at one amount jumps down, then back up
      if (d.abs().gt(tol) && best === undefined) best = { at: p.plus(FEN), jump: d };
    }
    if (best === undefined) return;
    const f = base(v, "cliff", "jump", "warning");
    Object.assign(f, section(c.origin.sections), { declaration: c.origin.name, at: formatMoney(best.at), jump: formatMoney(best.jump), example: v.example(best.at) });
    out.push(f);
  });
  return out;
}

/** A payment that falls as the cost rises: a piece with a negative slope. */
function falling(v: FunctionView): Finding[] {
  if (!v.result.payment) return [];
  const out: Finding[] = [];
  v.pw.vals.forEach((l, i) => {
    if (!isLine(l) || !l.a.isNegative() || l.a.isZero()) return;
    const [lo, hi] = bounds(v.pw, i);
    const fens = fensInside(lo, hi);
    if (fens === undefined || fens[1] === null) return;
    const a = v.F(fens[0]), b = v.F(fens[1]);
    if (a === undefined || b === undefined || !b.lt(a)) return;
    const f = base(v, "cliff", "falls", "warning");
    Object.assign(f, { at: formatMoney(fens[0]), to: formatMoney(fens[1]), jump: formatMoney(b.minus(a)), example: v.example(fens[1]) });
    out.push(f);
  });
  return out;
}

/** Where on (lo, hi) the line `l` is at least x (pays all of the amount): an interval or none. */
function atLeastAmount(l: Line, lo: Dec, hi: Dec | null): [Dec, Dec | null] | undefined {
  const s = l.a.minus(1); // l(x) − x = s·x + b
  let from = lo, to = hi;
  if (s.isZero()) {
    if (l.b.isNegative() && !l.b.isZero()) return undefined;
  } else {
    const root = l.b.neg().div(s);
    if (s.isPositive()) from = D.max(from, root);
    else to = to === null ? root : D.min(to, root);
  }
  if (to !== null && !from.lt(to)) return undefined;
  return [from, to];
}

/** Ranges of cost where the patient pays nothing: a share at zero, or a payment at or above
 *  the amount. Adjacent pieces make one range. */
function fullCoverage(v: FunctionView): Finding[] {
  const r = v.result;
  if (r.role === "layer" || (r.role === "output" && !r.payment)) return [];
  const ranges: [Dec, Dec | null][] = [];
  v.pw.vals.forEach((l, i) => {
    if (!isLine(l)) return;
    const [lo, hi] = bounds(v.pw, i);
    const range = r.role === "share" ? (l.a.isZero() && l.b.isZero() ? [lo, hi] as [Dec, Dec | null] : undefined) : atLeastAmount({ a: l.a, b: l.b.minus(v.others) }, lo, hi);
    if (range === undefined) return;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last[1] !== null && last[1].eq(range[0])) last[1] = range[1];
    else ranges.push(range);
  });
  const out: Finding[] = [];
  for (const [lo, hi] of ranges) {
    let first = D.max(ceilFen(lo).eq(lo) && !lo.isZero() ? lo : ceilFen(lo), FEN);
    // a figure rounded to the yuan pays a whole amount in full: ask the runtime at one
    if (v.roundStep.gt(FEN)) first = first.div(v.roundStep).ceil().times(v.roundStep);
    const last = hi === null ? null : floorFen(hi);
    if (last !== null && last.lt(first)) continue;
    const y = v.F(first);
    if (y === undefined) continue;
    // the runtime decides: the share is zero, or the payment reaches the amount, at `first`
    const all = first.plus(v.others);
    const detail = r.role === "share" ? "zero-share" : y.gt(all) ? "pays-more" : "pays-all";
    if (r.role === "share" ? !y.isZero() : y.lt(all)) continue;
    const f = base(v, "full-coverage", detail, "error");
    Object.assign(f, { at: formatMoney(first), to: last === null ? null : formatMoney(last), example: v.example(first) });
    out.push(f);
  }
  return out;
}

/** An amount of money below zero (`自付 - 1000元` on a cost of 500): a payment of −500 is a
 *  mistake of the rules (a deductible written as a subtraction, with no floor). The first fen
 *  where the line goes below zero, as the runtime figures it. */
function negative(v: FunctionView): Finding[] {
  if (v.result.role === "share") return []; // a share below zero is a payment above the cost: pays-more
  for (let i = 0; i < v.pw.vals.length; i++) {
    const l = v.pw.vals[i];
    if (!isLine(l)) continue;
    const [lo, hi] = bounds(v.pw, i);
    // l(x) = a·x + b at or below −0.01 (what rounds to a negative figure) from, or up to, where
    // it crosses it: a rate of −2% is −0.00 at 0.01 but −0.02 at 1.00
    const cent = new D("-0.01");
    const from = l.a.isZero() ? (l.b.lte(cent) ? lo : undefined)
      : l.a.isNegative() ? D.max(lo, cent.minus(l.b).div(l.a)) : l.b.lte(cent) ? lo : undefined;
    if (from === undefined || (hi !== null && !from.lt(hi))) continue;
    const at = D.max(ceilFen(from), FEN);
    if (hi !== null && !at.lt(hi)) continue;
    const y = v.F(at);
    if (y === undefined || !y.isNegative() || y.isZero()) continue;
    const f = base(v, "negative", "negative", "warning");
    Object.assign(f, { at: formatMoney(at), jump: formatMoney(y), example: v.example(at) });
    return [f];
  }
  return [];
}

/** How many amounts a function that is not piecewise linear is sampled at, and the most jumps reported. */
const SAMPLES = 256, MOST_SAMPLED = 10;

/** Jumps of a function that is not piecewise linear (a staircase, a product of amounts): its
 *  figures at evenly spaced amounts, and where two differ by more than the steepest slope
 *  allows, halving down to the fen where it jumps. */
function sampledCliffs(v: FunctionView): Finding[] {
  const last = v.pw.cuts[v.pw.cuts.length - 1]?.x ?? ZERO;
  const span = D.max(last.times(2), new D(100000));
  const step = D.max(floorFen(span.div(SAMPLES)), FEN);
  const steepest = v.pw.vals.reduce<Dec>((m, l) => D.max(m, slope(l)), ZERO);
  const excess = (a: Dec, b: Dec) => {
    const fa = v.F(a), fb = v.F(b);
    return fa !== undefined && fb !== undefined && fb.minus(fa).abs().gt(steepest.times(b.minus(a)).plus(FEN).plus(FEN).plus(v.roundStep));
  };
  const out: Finding[] = [];
  for (let i = 0; i < SAMPLES && out.length < MOST_SAMPLED; i++) {
    let a = step.times(i), b = a.plus(step);
    if (!excess(a, b)) continue;
    while (b.minus(a).gt(FEN)) {
      const m = floorFen(a.plus(b).div(2));
      if (excess(a, m)) b = m;
      else if (excess(m, b)) a = m;
      else break;
    }
    if (!b.minus(a).eq(FEN)) continue;
    const f = base(v, "cliff", "jump", "warning");
    Object.assign(f, { at: formatMoney(b), jump: formatMoney(v.F(b)!.minus(v.F(a)!)), example: v.example(b) });
    out.push(f);
  }
  return out;
}

export function functionFindings(v: FunctionView): Finding[] {
  if (v.sampled) {
    // a jump at a breakpoint is found by both: once is enough
    const atBreaks = cliffs(v), at = new Set(atBreaks.map((f) => f.at));
    return [...atBreaks, ...sampledCliffs(v).filter((f) => !at.has(f.at)), ...fullCoverage(v), ...negative(v)];
  }
  return [...cliffs(v), ...falling(v), ...fullCoverage(v), ...negative(v)];
}

/** One line saying what a finding is, in English or Chinese. */
const BREAK_ZH: Record<BreakKind, string> = { deductible: "起付线", "band edge": "分段", cap: "封顶", threshold: "界限", "table row": "表行" };
const FINDING_ZH: Record<FindingKind, string> = { cliff: "悬崖", "full-coverage": "全报销", unreachable: "不可达", "cap-never-binds": "从不触及", negative: "负数" };

/** A breakpoint's kind as a reader of `lang` says it. */
export const breakKindText = (kind: BreakKind, lang: "en" | "zh"): string => (lang === "zh" ? BREAK_ZH[kind] : kind);

/** A finding's severity and kind as a reader of `lang` says them: `warning cliff`, `警告 悬崖`. */
export const findingHead = (f: Pick<Finding, "severity" | "kind">, lang: "en" | "zh"): string =>
  lang === "zh" ? `${f.severity === "warning" ? "警告" : f.severity} ${FINDING_ZH[f.kind]}` : `${f.severity} ${f.kind}`;

export function describeFinding(f: Finding, lang: "en" | "zh"): string {
  const said = describeOnly(f, lang);
  if (f.date === undefined) return said;
  return lang === "zh" ? `自 ${f.date} 起，${said}` : `from ${f.date}: ${said}`;
}

function describeOnly(f: Finding, lang: "en" | "zh"): string {
  const zh = lang === "zh";
  const d = f.declaration ?? f.output;
  const where = f.to === undefined ? f.at : `${f.at}–${f.to ?? (zh ? "∞" : "∞")}`;
  switch (f.detail) {
    case "jump":
      return zh ? `悬崖：费用达到 ${f.at} 元时 ${f.output} 跳变 ${f.jump} 元（${d}）` : `cliff: ${f.output} jumps by ${f.jump} yuan at ${f.at} (${d})`;
    case "falls":
      return zh ? `悬崖：费用在 ${where} 元间上升时 ${f.output} 反而减少 ${f.jump} 元` : `cliff: ${f.output} falls by ${f.jump} yuan as the cost rises over ${where}`;
    case "zero-share":
      return zh ? `零支付：费用在 ${where} 元间个人负担 ${f.output} 为 0` : `full coverage: the patient's share ${f.output} is 0 for costs ${where}`;
    case "pays-all":
      return zh ? `全报销：费用在 ${where} 元间 ${f.output} 等于全部费用` : `full coverage: ${f.output} pays the whole amount for costs ${where}`;
    case "pays-more":
      return zh ? `过度保障：费用在 ${where} 元间 ${f.output} 超过费用本身` : `over-coverage: ${f.output} pays more than the amount for costs ${where}`;
    case "row":
      if (f.row !== undefined) return zh ? `不可达：${d} 的 ${f.row} 一行从不改变任何结果` : `unreachable: the row ${f.row} of ${d} never changes any figure`;
      return zh ? `不可达：${d} 的一行（起于 ${f.at ?? "-"}）从不改变任何结果` : `unreachable: a row of ${d} (from ${f.at ?? "-"}) never changes any figure`;
    case "cap":
      return zh ? `封顶线不起作用：${d} 在任何输入下都达不到` : `cap never binds: no input reaches ${d}`;
    case "negative":
      return zh ? `负数金额：费用为 ${f.at} 元时 ${f.output} 为 ${f.jump} 元（相减的金额或比例没有以 0 为下限？）` : `negative amount: ${f.output} is ${f.jump} yuan at a cost of ${f.at} (an amount or a rate less something, with no floor at 0?)`;
    default:
      return zh ? `起付线 ${d}（${f.at}）不低于其封顶后的最高金额，结果恒为 0` : `deductible ${d} (${f.at}) is at or above the most its capped amount reaches: always 0`;
  }
}
