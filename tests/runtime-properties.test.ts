// Properties every settlement must have, on random valid claims of every seed policy:
// payments are never negative and never more than what they pay on; a pipeline's layers and
// the patient's share add up to the `on` amount exactly; annual caps hold over a whole year of
// claims (caps read from the compiled IR, not retyped here); and paying more never pays less.
import fc from "fast-check";
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import type { Artifact, Value } from "../runtime/ir/artifact.ts";
import type { RuleSet } from "../runtime/index.ts";
import { generators, fenToYuan, type Input, type LedgerIn, type Year } from "./support/inputs.ts";
import { seeds } from "./support/seeds.ts";

type Outputs = Record<string, Value>;
const D = Decimal.clone({ precision: 50 });
const dec = (v: Value | undefined) => new D(v as string);

// ---- reading figures out of the artifact ----
function param(a: Artifact, name: string): string | null {
  const p = a.ir.params.find((x) => x.name === name);
  if (p === undefined) throw new Error(`no param ${name} in ${a.policy.id}`);
  return p.value as string | null;
}

function tableValue(a: Artifact, table: string, key: Value): string {
  const t = a.ir.tables.find((x) => x.name === table);
  if (t === undefined) throw new Error(`no table ${table} in ${a.policy.id}`);
  const row = typeof key === "string" && t.keyType.startsWith("enum:")
    ? t.rows.find((r) => r.key === key)
    : t.rows.find((r) => {
        const x = dec(key), g = r.range!;
        return (g.lo === null || (g.loIncl ? x.gte(g.lo) : x.gt(g.lo))) && (g.hi === null || (g.hiIncl ? x.lte(g.hi) : x.lt(g.hi)));
      });
  if (row === undefined) throw new Error(`no row ${String(key)} in ${table}`);
  const v = row.value as string;
  // a table cell may name a param (`低保特困: 低保特困救助限额` is lowered to its value already)
  return v;
}

/** `highest T over s` by hand: the mapped member declared first in its enum (就高不就低). */
function highest(a: Artifact, table: string, set: Value): string {
  const t = a.ir.tables.find((x) => x.name === table)!;
  const order = a.schema.enums.find((e) => `enum:${e.name}` === t.valueType)!.members.map((m) => m.name);
  const mapped = (set as string[]).map((m) => t.rows.find((r) => r.key === m)!.value as string);
  return order.find((m) => mapped.includes(m))!;
}

// ---- per-policy facts (from the documents) ----

/** Money outputs that are not payments and may legitimately be negative. */
const MAY_BE_NEGATIVE: Record<string, Record<string, string>> = {
  "xpcc.category4": { 人均月收入: "an income figure: medical costs above the family's income make it negative (§二(一)4)" },
};

/** Payment ≤ the amount it is paid on. */
const PAID_ON: Record<string, [output: string, base: (i: Input, o: Outputs) => Value][]> = {
  "xpcc.assistance": [["救助金", (i) => i["自付"]!]],
  "xpcc.subsidy": [["参保资助", (i) => i["个人缴费"]!]],
  "xpcc.ci": [["大病保险", (i) => i["自付"]!]],
  "xpcc.ci.tilted": [["大病保险", (i) => i["自付"]!]],
  "dongying.ci.resident": [["大病保险", (i) => i["自付"]!]],
  "dongying.ci.poor": [["大病保险", (i) => i["自付"]!]],
  "dongying.inpatient": [["目标支付额", (i) => i["政策范围内住院费用"]!], ["低于目标差额", (_i, o) => o["目标支付额"]!]],
  "yuecheng.assistance": [["救助金", (i) => i["自付"]!]],
  "yuecheng.ci": [["大病保险", (i) => i["自付"]!]],
  "yuecheng.highcost": [["高额医疗费用", (i) => i["自付"]!], ["镇街承担", (_i, o) => o["高额医疗费用"]!]],
  "yuecheng.subsidy": [["签约服务费资助", (i) => i["签约服务费"] ?? "0"], ["越惠保资助", (i) => i["越惠保保费"] ?? "0"]],
  "liaocheng.ci": [["大病保险", (i) => i["自付"]!], ["特药报销", (i) => i["特药费用"] ?? "0"]],
  "liaocheng.ci.tilted": [["大病保险", (i) => i["自付"]!], ["特药报销", (i) => i["特药费用"] ?? "0"]],
  "liaocheng.settlement": [["大病.大病保险", (i) => i["自付"]!]],
  "shandong.ci.poor": [["大病保险", (i) => i["自付"]!], ["特药报销", (i) => i["特药费用"] ?? "0"]],
  "shandong.pku": [["救助金", (i) => i["食品费用"]!]],
  "shandong.poor": [["参保补贴", (i) => i["个人缴费"]!]],
  "shandong.referral": [["起付线以上费用", (i) => i["住院费用"]!], ["本次起付线", (i) => i["本院起付线"]!]],
  "linyi.settlement": [["大病.大病保险", (i) => i["自付"]!]],
};

/** Annual caps: the year's total of `output` (over the claims `counts`) never exceeds `cap`
 *  (null: no cap for this claim). Read from the compiled IR. */
interface AnnualCap {
  output: string;
  cap: (a: Artifact, i: Input, o: Outputs) => string | null;
  counts?: (i: Input) => boolean;
}
const CAPS: Record<string, AnnualCap[]> = {
  "xpcc.assistance": [{ output: "救助金", cap: (a, _i, o) => tableValue(a, "年度救助限额", o["认定类别"]!) }],
  "xpcc.ci": [{ output: "大病保险", cap: (a) => param(a, "年度限额") }],
  "dongying.ci.resident": [{ output: "大病保险", cap: (a) => param(a, "年度限额") }],
  "yuecheng.assistance": [
    { output: "救助金", cap: (a) => param(a, "年度救助限额") },
    // general outpatient has its own sub-cap inside the shared one (§二(一)2)
    { output: "救助金", cap: (a) => param(a, "普通门诊限额"), counts: (i) => i["就诊"] === "普通门诊" },
  ],
  "yuecheng.ci": [{
    output: "大病保险",
    // no cap for assisted people and disability grades 1–2 (§二(一)1)
    cap: (a, i, o) => (o["是否医疗救助对象"] === true || i["残疾等级"] === "一级" || i["残疾等级"] === "二级" ? null : param(a, "年度限额")),
  }],
  "liaocheng.ci": [
    { output: "大病保险", cap: (a) => param(a, "年度限额") },
    { output: "特药报销", cap: (a) => param(a, "特药年度限额") },
  ],
  "liaocheng.ci.tilted": [{ output: "特药报销", cap: (a) => param(a, "特药年度限额") }],
  "shandong.ci.poor": [{ output: "特药报销", cap: (a) => param(a, "特药封顶线") }],
  "shandong.pku": [{ output: "救助金", cap: (a, i) => tableValue(a, "年度限额", i["年龄"]!) }],
  "liaocheng.settlement": [
    { output: "医疗救助", cap: (a) => param(a, "救助限额") },
    { output: "再救助", cap: (a) => param(a, "再救助限额") },
  ],
  "linyi.settlement": [
    { output: "医疗救助", cap: (a, i) => tableValue(a, "救助限额", highest(a, "身份档次", i["身份"]!)) },
    { output: "再救助", cap: (a) => param(a, "再救助限额") },
  ],
};

/** Output/cost pairs that legitimately fall as the cost grows, with the reason. Keyed
 *  `policy` → `output` → `input` ("*" = every money input). */
const NOT_MONOTONE: Record<string, Record<string, Record<string, string>>> = {
  "xpcc.category4": { 人均月收入: { 医疗费用: "medical costs are deducted from income: more cost, less income (§二(一)4)" } },
  "dongying.inpatient": { 低于目标差额: { 基本医保支付: "the gap to the 70 % target shrinks as basic insurance pays more (§二(一))" } },
  "shandong.referral": {
    本次起付线: { 已付起付线: "a referred patient's deductible keeps running: what was paid at the first hospital is taken off (§二(二)5)" },
    起付线以上费用: { 本院起付线: "a higher deductible leaves less above it" },
  },
  "linyi.settlement": {
    商业补充保险: { 机构减免额: "commercial insurance pays on what the hospital's reduction left (§二(二)3(四))" },
    再救助: {
      机构减免额: "再救助 pays on what is left after the hospital's reduction: a larger reduction leaves less (§二(二)3(四))",
      商保赔付: "再救助 pays on what is left after commercial insurance: more insurance leaves less (§二(二)3(四))",
    },
    个人负担: {
      机构减免额: "the patient's final share, not a payment: a larger reduction lowers it",
      商保赔付: "the patient's final share, not a payment: more insurance lowers it",
    },
  },
};

/** Policies whose claims may be refused for a documented reason, and which input causes it. */
const MAY_REFUSE: Record<string, (i: Input) => string | undefined> = {
  // 家庭人口 = 0: the per-head income divides by zero (BR3002); the schema cannot say "≥ 1"
  "xpcc.category4": (i) => (i["家庭人口"] === "0" ? "BR3002" : undefined),
};

// ---- running claims ----
type Ok = Extract<ReturnType<RuleSet["evaluate"]>, { ok: true }>;

function settle(rs: RuleSet, id: string, input: Input, ledger: LedgerIn | undefined, date: string): Ok | undefined {
  const r = rs.evaluate(input, ledger, { date });
  if (r.ok) return r;
  const allowed = MAY_REFUSE[id]?.(input);
  if (allowed === undefined || r.errors.map((e) => e.code).join() !== allowed) {
    throw new Error(`refused a valid claim: ${JSON.stringify(r.errors)} for ${JSON.stringify(input)} on ${date}`);
  }
  return undefined;
}

function moneyOutputs(rs: RuleSet): string[] {
  return [...rs.outputs.values()].filter((o) => o.type === "Money").map((o) => o.name);
}

/** Checks one settled claim on its own: signs, bases, pipeline shares. */
function checkClaim(a: Artifact, rs: RuleSet, input: Input, r: Ok): void {
  const id = a.policy.id;
  for (const name of moneyOutputs(rs)) {
    const v = dec(r.outputs[name]);
    if (v.isNeg() && !v.isZero() && MAY_BE_NEGATIVE[id]?.[name] === undefined) throw new Error(`${name} = ${v} < 0`);
  }
  for (const [name, base] of PAID_ON[id] ?? []) {
    const b = base(input, r.outputs);
    if (dec(r.outputs[name]).gt(dec(b))) throw new Error(`${name} = ${String(r.outputs[name])} > ${String(b)}`);
  }
  for (const p of a.ir.pipelines) {
    if (p.on.k !== "input") throw new Error(`pipeline ${p.name}: the test reads \`on\` from an input only`);
    const on = dec(input[p.on.name]!);
    let left = on;
    for (const l of p.layers) {
      const paid = dec(r.outputs[l.name]);
      if (paid.isNeg() || paid.gt(left)) throw new Error(`layer ${l.name} paid ${paid} of ${left} left`);
      left = left.minus(paid);
    }
    const leaves = dec(r.outputs[p.leaves.name]);
    if (!leaves.eq(left)) throw new Error(`${p.leaves.name} = ${leaves}, but ${on} − layers = ${left}`);
  }
}

/** Runs a year: every claim checked alone, and the running totals against the annual caps. */
function checkYear(a: Artifact, rs: RuleSet, year: Year): void {
  const caps = CAPS[a.policy.id] ?? [];
  const totals = caps.map(() => new D(0));
  const highest = caps.map((): Decimal | null | undefined => undefined); // the largest cap in force so far
  let ledger = year.ledger;
  for (const c of year.claims) {
    const r = settle(rs, a.policy.id, c.input, ledger, c.date);
    if (r === undefined) return;
    checkClaim(a, rs, c.input, r);
    caps.forEach((cap, k) => {
      if (cap.counts !== undefined && !cap.counts(c.input)) return;
      totals[k] = totals[k]!.plus(dec(r.outputs[cap.output]));
      const now = cap.cap(a, c.input, r.outputs);
      const prev = highest[k];
      // a room is taken from one year-to-date total: with a cap that changed during the year,
      // the total stays under the largest cap seen so far
      highest[k] = now === null || prev === null ? null : prev === undefined || prev.lt(now) ? new D(now) : prev;
      const h = highest[k];
      if (h !== null && h !== undefined && totals[k]!.gt(h)) throw new Error(`year total of ${cap.output} ${totals[k]} > cap ${h}`);
    });
    ledger = r.ledger;
  }
}

describe("settlement properties on random claims", () => {
  it("the per-policy maps name real outputs, inputs and caps", () => {
    const ids = new Set(seeds().map((s) => s.id));
    for (const map of [MAY_BE_NEGATIVE, PAID_ON, CAPS, NOT_MONOTONE, MAY_REFUSE]) {
      for (const id of Object.keys(map)) expect(ids, id).toContain(id);
    }
    for (const [id, caps] of Object.entries(CAPS)) {
      const s = seeds().find((x) => x.id === id)!;
      for (const c of caps) expect([...s.ruleSet.outputs.keys()], `${id} ${c.output}`).toContain(c.output);
    }
    expect(Object.keys(CAPS)).toEqual(expect.arrayContaining(["xpcc.assistance", "dongying.ci.resident"]));
  });

  // A hand-worked year the cap check must catch: 第一类 (5万元 cap), three claims of 40 000 at 90 %.
  it("the cap check sees a year of 第一类 claims stop at 5万元 (000 §二(四)2)", () => {
    const s = seeds().find((x) => x.id === "xpcc.assistance")!;
    const claims = ["40000", "40000", "40000"].map((v, n) => ({ input: { 身份: ["特困人员"], 自付: v }, date: `2022-0${7 + n}-01` }));
    let ledger: LedgerIn | undefined, total = new D(0);
    for (const c of claims) {
      const r = settle(s.ruleSet, s.id, c.input, ledger, c.date)!;
      total = total.plus(dec(r.outputs["救助金"]));
      ledger = r.ledger;
    }
    expect(total.toFixed(2)).toBe("50000.00"); // 36 000 + 14 000 + 0
    expect(() => checkYear(s.artifact, s.ruleSet, { ledger: undefined, claims })).not.toThrow();
    // and a fake ledger claiming 0 paid while 5万 was paid would break the year total
    expect(tableValue(s.artifact, "年度救助限额", "第一类")).toBe("50000");
  });

  for (const seed of seeds()) {
    describe(seed.id, () => {
      const g = generators(seed.artifact);

      it("years of 1–8 claims: payments ≥ 0, ≤ their base, layers add up, annual caps hold", () => {
        fc.assert(fc.property(g.year(8), (year) => checkYear(seed.artifact, seed.ruleSet, year)), { numRuns: 150 });
        fc.assert(fc.property(g.yearFromLedger(3), (year) => {
          // from a random mid-year ledger the caps may already be passed: check claims alone
          let ledger = year.ledger;
          for (const c of year.claims) {
            const r = settle(seed.ruleSet, seed.id, c.input, ledger, c.date);
            if (r === undefined) return;
            checkClaim(seed.artifact, seed.ruleSet, c.input, r);
            ledger = r.ledger;
          }
        }), { numRuns: 100 });
      });

      const moneyInputs = seed.artifact.schema.fields.filter((f) => f.type === "Money").map((f) => f.name);
      const outs = moneyOutputs(seed.ruleSet);
      if (moneyInputs.length === 0 || outs.length === 0) return;
      it(`paying more never pays less: ${outs.join("、")} non-decreasing in ${moneyInputs.join("、")}`, () => {
        fc.assert(
          fc.property(g.yearFromLedger(2), fc.constantFrom(...moneyInputs), fc.integer({ min: 1, max: 5_000_000 }), (year, field, deltaFen) => {
            // settle all but the last claim to get a realistic ledger, then vary the last one
            let ledger = year.ledger;
            for (const c of year.claims.slice(0, -1)) {
              const r = settle(seed.ruleSet, seed.id, c.input, ledger, c.date);
              if (r === undefined) return;
              ledger = r.ledger;
            }
            const last = year.claims.at(-1)!;
            const x = last.input[field] ?? "0";
            const more = { ...last.input, [field]: dec(x).plus(fenToYuan(deltaFen)).toFixed(2) };
            const lo = settle(seed.ruleSet, seed.id, last.input, ledger, last.date);
            const hi = settle(seed.ruleSet, seed.id, more, ledger, last.date);
            if (lo === undefined || hi === undefined) return;
            for (const o of outs) {
              const exempt = NOT_MONOTONE[seed.id]?.[o];
              if (exempt?.[field] !== undefined || exempt?.["*"] !== undefined) continue;
              if (dec(hi.outputs[o]).lt(dec(lo.outputs[o]))) {
                throw new Error(`${o}: ${String(lo.outputs[o])} at ${field} = ${String(x)}, but ${String(hi.outputs[o])} at ${more[field]}`);
              }
            }
          }),
          { numRuns: 300 },
        );
      });
    });
  }
});
