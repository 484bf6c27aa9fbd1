import { describe, expect, it } from "vitest";
import { loadRuleSet, renderRuntimeError, type EvalResult, type Ledger, type RuleSet } from "../index.ts";
import { build, dongying, enumLit, index, input, lit, money, mul, rate, seal, xpcc } from "../tests/fixtures.ts";
import type { Expr } from "../ir/artifact.ts";

function ok(r: EvalResult) {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

/** Runs claims in order on one carried ledger; returns each claim's outputs and the last ledger. */
function claims(rs: RuleSet, inputs: Record<string, unknown>[], ledger?: Ledger) {
  const outs: Record<string, unknown>[] = [];
  for (const i of inputs) {
    const r = ok(rs.evaluate(i, ledger));
    outs.push(r.outputs);
    ledger = r.ledger;
  }
  return { outs, ledger: ledger! };
}

describe("兵团医疗救助 (000 §二(四))", () => {
  const rs = loadRuleSet(xpcc());

  it("第三类，首次就医 12000元 → (12000 − 2000) × 70% = 7000.00", () => {
    const r = ok(rs.evaluate({ 类别: "第三类", 南疆: false, 自付: "12000" }));
    expect(r.outputs).toEqual({ 救助金: "7000.00" });
    expect(r.ledger).toEqual({ year: 2022, values: { 起付已用: "2000.00", 已救助: "7000.00", 年度自付: "12000.00" } });
    expect(r.alerts.map((a) => a.name)).toEqual(["因病返贫预警"]);
  });

  it("第三类，南疆师市 → 10000 × 75% = 7500.00", () => {
    expect(ok(rs.evaluate({ 类别: "第三类", 南疆: true, 自付: 12000 })).outputs.救助金).toBe("7500.00");
  });

  it("第一类 gets no southern bonus: 12000 × 90% = 10800.00", () => {
    expect(ok(rs.evaluate({ 类别: "第一类", 南疆: true, 自付: "12000" })).outputs.救助金).toBe("10800.00");
  });

  it("第四类，4000 then 5000 → 0.00 then (5000 − 2000) × 60% = 1800.00", () => {
    const { outs, ledger } = claims(rs, [{ 类别: "第四类", 自付: "4000" }, { 类别: "第四类", 自付: "5000" }]);
    expect(outs.map((o) => o.救助金)).toEqual(["0.00", "1800.00"]);
    expect(ledger.values.起付已用).toBe("6000.00");
    expect(ledger.values.已救助).toBe("1800.00");
  });

  it("第三类 over a year: the deductible spread over three claims, the cap biting on the fourth", () => {
    // deductible 2000, ratio 70 %, cap 30000:
    //   800   → deductible used 800,  pays 0
    //   700   → deductible used 1500, pays 0
    //   10500 → 500 of deductible left: (10500 − 500) × 70% = 7000; paid 7000
    //   40000 → 40000 × 70% = 28000, but only 30000 − 7000 = 23000 of the cap is left → 23000
    //   1000  → 700 computed, cap exhausted → 0
    const { outs, ledger } = claims(rs, [800, 700, 10500, 40000, 1000].map((x) => ({ 类别: "第三类", 自付: String(x) })));
    expect(outs.map((o) => o.救助金)).toEqual(["0.00", "0.00", "7000.00", "23000.00", "0.00"]);
    expect(ledger.values).toEqual({ 起付已用: "2000.00", 已救助: "30000.00", 年度自付: "53000.00" });
  });

  it("rounds half-up to the fen: (2000.01 + 2000) − 2000 = 2000.01 × 70% = 1400.007 → 1400.01", () => {
    expect(ok(rs.evaluate({ 类别: "第三类", 自付: "4000.01" })).outputs.救助金).toBe("1400.01");
  });

  it("never mutates the ledger it is given and starts a new year afresh", () => {
    const ledger: Ledger = { year: 2022, values: { 起付已用: "2000", 已救助: "29000" } };
    const copy = structuredClone(ledger);
    const r = ok(rs.evaluate({ 类别: "第三类", 自付: "12000" }, ledger));
    expect(r.outputs.救助金).toBe("1000.00"); // the cap's last 1000
    expect(ledger).toEqual(copy);
    const next = ok(rs.evaluate({ 类别: "第三类", 自付: "12000" }, r.ledger, { date: "2023-03-01" }));
    expect(next.outputs.救助金).toBe("7000.00");
    expect(next.ledger.year).toBe(2023);
  });

  it("refuses a ledger from a later year than the claim", () => {
    const r = rs.evaluate({ 类别: "第三类", 自付: "12000" }, { year: 2024, values: {} }, { date: "2023-01-05" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.code)).toEqual(["BR2022"]);
  });

  it("refuses a claim date before the policy took effect", () => {
    const r = rs.evaluate({ 类别: "第三类", 自付: "12000" }, undefined, { date: "2022-07-24" });
    expect(!r.ok && r.errors.map((e) => e.code)).toEqual(["BR2024"]);
  });

  it("is deterministic: the same claim twice gives the same result", () => {
    const a = rs.evaluate({ 类别: "第二类", 南疆: true, 自付: "33333.33" }, undefined, { trace: true });
    const b = rs.evaluate({ 类别: "第二类", 南疆: true, 自付: "33333.33" }, undefined, { trace: true });
    expect(a).toEqual(b);
    // 33333.33 × 85% = 28333.3305 → 28333.33
    expect(ok(a).outputs.救助金).toBe("28333.33");
  });
});

describe("东营 大病保险分段 (001 §二(二))", () => {
  const rs = loadRuleSet(dongying());

  it("250000 in one claim → 84000×60% + 100000×65% + 50000×70% = 150400.00", () => {
    const r = ok(rs.evaluate({ 自付: "250000" }));
    expect(r.outputs).toEqual({ 大病保险: "150400.00", 单次: "150400.00" });
  });

  it("the same annual total as four claims gives the same total", () => {
    // f(10000)=0; f(60000)=26400; f(150000)=50400+32500=82900; f(250000)=150400
    const { outs } = claims(rs, ["10000", "50000", "90000", "100000"].map((x) => ({ 自付: x })));
    expect(outs.map((o) => o.大病保险)).toEqual(["0.00", "26400.00", "56500.00", "67500.00"]);
    // while the per-claim bands (no ledger) see every claim on its own
    expect(outs.map((o) => o.单次)).toEqual(["0.00", "20400.00", "44400.00", "50400.00"]);
  });

  it("above 300000 the last band pays 75 %: 400000 → 150400 + 35000 + 75000 = 185400 + … ", () => {
    // 84000×60% + 100000×65% + 100000×70% + 100000×75% = 50400 + 65000 + 70000 + 75000
    expect(ok(rs.evaluate({ 自付: "400000" })).outputs.大病保险).toBe("260400.00");
  });
});

describe("operators", () => {
  const cats = { name: "身份", members: ["特困", "低保", "边缘", "普通"].map((name) => ({ name })) };
  const tiers = { name: "档次", members: ["一档", "二档", "三档"].map((name) => ({ name })) };
  const colours = { name: "码色", members: ["红码", "黄码", "蓝码", "无"].map((name) => ({ name })) };
  const rs = loadRuleSet(build({
    enums: [cats, tiers, colours],
    fields: [
      { name: "身份", type: "set:身份", optional: false },
      { name: "年龄", type: "Int", optional: true, default: "30" },
      { name: "费用", type: "Money", optional: false },
      { name: "认定日期", type: "Date", optional: true, default: "2022-01-31" },
    ],
    ledger: ["已付", "门诊已付", "累计"],
    ir: {
      params: [{ name: "年度限额", type: "Limit", value: null }],
      tables: [
        { name: "档次表", keyType: "enum:身份", valueType: "enum:档次", rows: [
          { key: "特困", value: "一档" }, { key: "低保", value: "一档" }, { key: "边缘", value: "二档" }, { key: "普通", value: "三档" },
        ] },
        { name: "苯丙酮尿症比例", keyType: "Int", valueType: "Rate", rows: [
          { range: { lo: "1", loIncl: true, hi: "18", hiIncl: true }, value: "0.75" },
          { range: { lo: "18", loIncl: false, hi: null, hiIncl: false }, value: "0.7" },
        ] },
      ],
      classifications: [{ name: "预警码", enum: "码色", otherwise: "无", rows: [
        { range: { lo: "30000", loIncl: false, hi: "100000", hiIncl: true }, member: "蓝码" },
        { range: { lo: "100000", loIncl: false, hi: "300000", hiIncl: true }, member: "黄码" },
        { range: { lo: "300000", loIncl: false, hi: null, hiIncl: false }, member: "红码" },
      ] }],
      outputs: [
        { name: "档次", type: "enum:档次", expr: { k: "highest", table: "档次表", set: input("身份") } },
        { name: "比例", type: "Rate", expr: index("苯丙酮尿症比例", input("年龄")) },
        { name: "码", type: "enum:码色", expr: { k: "classify", name: "预警码", v: { k: "cumulative", v: input("费用"), ledger: "累计" } } },
        // a shared cap of 1万 with an outpatient sub-cap of 2000 and an unlimited third limit
        { name: "门诊救助", type: "Money", expr: { k: "cap", v: mul(input("费用"), rate("0.5")), limits: [
          { lim: money("10000"), ledger: "已付" }, { lim: money("2000"), ledger: "门诊已付" }, { lim: { k: "param", name: "年度限额" } },
        ] } },
        { name: "回溯起点", type: "Date", expr: { k: "dateAdd", a: input("认定日期"), months: -6 } },
        { name: "一个月后", type: "Date", expr: { k: "dateAdd", a: input("认定日期"), months: 1 } },
        { name: "取整", type: "Money", expr: { k: "call", fn: "round", args: [mul(input("费用"), rate("0.333")), money("10")] } },
        { name: "最少", type: "Money", expr: { k: "call", fn: "min", args: [input("费用"), { k: "param", name: "年度限额" }, money("50000")] } },
        { name: "是否低保", type: "Bool", expr: { k: "in", a: enumLit("身份", "低保"), set: input("身份") } },
      ],
    },
  }));

  it("highest picks the most favourable tier (就高不就低), classify and range tables pick their rows", () => {
    const r = ok(rs.evaluate({ 身份: ["普通", "边缘"], 年龄: 18, 费用: "30000" }));
    expect(r.outputs.档次).toBe("二档");
    expect(r.outputs.比例).toBe("0.75"); // 18 is in [0, 18]
    expect(r.outputs.码).toBe("无"); // 30000 is not in (30000, 100000]
    expect(r.outputs.是否低保).toBe(false);
    const r2 = ok(rs.evaluate({ 身份: ["低保"], 年龄: "19", 费用: "0.01" }, r.ledger));
    expect(r2.outputs.档次).toBe("一档");
    expect(r2.outputs.比例).toBe("0.7");
    expect(r2.outputs.码).toBe("蓝码"); // 30000.01 year to date
    expect(r2.outputs.是否低保).toBe(true);
  });

  it("a cap with a sub-cap: every field gets the shared result; the tighter room wins", () => {
    // 3000 × 50% = 1500 ≤ both rooms; then 6000 × 50% = 3000 but the sub-cap has 500 left
    const a = ok(rs.evaluate({ 身份: ["普通"], 费用: "3000" }));
    expect(a.outputs.门诊救助).toBe("1500.00");
    const b = ok(rs.evaluate({ 身份: ["普通"], 费用: "6000" }, a.ledger));
    expect(b.outputs.门诊救助).toBe("500.00");
    expect(b.ledger.values.已付).toBe("2000.00");
    expect(b.ledger.values.门诊已付).toBe("2000.00");
  });

  it("dates move by calendar months, clamped to the month's end; round to a unit; min ignores unlimited", () => {
    const r = ok(rs.evaluate({ 身份: ["普通"], 费用: "12345", 认定日期: "2024-08-31" }));
    expect(r.outputs.回溯起点).toBe("2024-02-29");
    expect(r.outputs.一个月后).toBe("2024-09-30");
    expect(r.outputs.取整).toBe("4110.00"); // 12345 × 0.333 = 4110.885 → nearest 10 = 4110
    expect(r.outputs.最少).toBe("12345.00");
  });

  it("a range table with no row for the key is an evaluation error, and the ledger is not returned", () => {
    const r = rs.evaluate({ 身份: ["普通"], 年龄: 0, 费用: "100" }); // the table starts at 1
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toMatchObject([{ code: "BR3001", field: "比例" }]);
  });

  it("highest over an empty set is an evaluation error, its example a member of the policy's own", () => {
    const r = rs.evaluate({ 身份: [], 费用: "100" });
    expect(!r.ok && r.errors[0]!.code).toBe("BR3004");
    expect(r.ok ? "" : renderRuntimeError(r.errors[0]!, "en")).toContain('as ["特困"]');
  });
});

describe("pipelines (三重保障)", () => {
  const layer = (name: string, expr: Expr) => ({ name, type: "Money", expr });
  const rs = loadRuleSet(build({
    fields: [{ name: "合规费用", type: "Money", optional: false }],
    ledger: ["大病累计", "已救助", "再救助起付", "已再救助"],
    ir: {
      bands: [{ name: "分段", mode: "marginal", rows: [{ lo: "16000", loIncl: true, hi: null, hiIncl: false, rate: "0.6" }] }],
      pipelines: [{
        name: "结算", on: input("合规费用"),
        layers: [
          layer("大病保险", { k: "bands", name: "分段", v: { k: "remaining" }, ledger: "大病累计" }),
          layer("医疗救助", { k: "cap", v: mul({ k: "remaining" }, rate("0.7")), limits: [{ lim: money("15000"), ledger: "已救助" }] }),
          layer("再救助", { k: "cap", v: mul({ k: "above", v: { k: "remaining" }, th: money("5000"), ledger: "再救助起付" }, rate("0.7")), limits: [{ lim: money("15000"), ledger: "已再救助" }] }),
          // a layer computing more than is left is clamped to what is left
          layer("兜底", mul({ k: "remaining" }, lit("2", "Number"))),
        ],
        leaves: { name: "个人负担" },
      }],
    },
  }));

  it("each layer sees what the layers before it left", () => {
    // 100000: 大病 (100000 − 16000) × 60% = 50400, left 49600
    //         救助 49600 × 70% = 34720 → cap 15000, left 34600
    //         再救助 (34600 − 5000) × 70% = 20720 → cap 15000, left 19600
    //         兜底 19600 × 2 = 39200 → clamped to 19600, left 0
    const r = ok(rs.evaluate({ 合规费用: "100000" }, undefined, { trace: true }));
    expect(r.outputs).toEqual({ 大病保险: "50400.00", 医疗救助: "15000.00", 再救助: "15000.00", 兜底: "19600.00", 个人负担: "0.00" });
    expect(r.trace!.outputs.map((o) => o.name)).toEqual(["大病保险", "医疗救助", "再救助", "兜底", "个人负担"]);
    expect(r.trace!.outputs[1]!.steps[0]).toMatchObject({ op: "layer", values: { before: "49600", paid: "15000", after: "34600" } });
  });
});

describe("reading a pipeline's results (经综合保障后个人负担)", () => {
  const layer = (name: string, expr: Expr) => ({ name, type: "Money", expr });
  const result = (name: string): Expr => ({ k: "layer", name });
  // written before the pipeline in the artifact: the order runs the pipeline first
  const artifact = () => build({
    fields: [{ name: "自付", type: "Money", optional: false }],
    ledger: ["累计负担"],
    ir: {
      defines: [{ name: "年度负担", type: "Money", expr: { k: "cumulative", v: result("个人负担"), ledger: "累计负担" } }],
      outputs: [{ name: "负担超出", type: "Money", expr: { k: "above", v: result("个人负担"), th: money("1000") } }],
      pipelines: [{
        name: "结算", on: input("自付"),
        // 1/3 of what is left: the leaves, read elsewhere, are the fen-rounded share
        layers: [layer("救助", mul({ k: "remaining" }, rate("0.333")))],
        leaves: { name: "个人负担" },
      }],
      alerts: [{ name: "监测", when: { k: "cmp", op: ">", a: { k: "def", name: "年度负担" }, b: money("2000") } }],
    },
  });

  it("an output, a yearly ledger and an alert read what the layers left, after the pipeline ran", () => {
    const rs = loadRuleSet(artifact());
    // 2000.05: 救助 2000.05 × 0.333 = 666.01665 → 666.02; left 1334.03; above 1000: 334.03
    const first = ok(rs.evaluate({ 自付: "2000.05" }, undefined, { trace: true }));
    expect(first.outputs).toEqual({ 救助: "666.02", 个人负担: "1334.03", 负担超出: "334.03" });
    // listed in the artifact's order (the output first), whatever order computes them
    expect(Object.keys(first.outputs)).toEqual(["负担超出", "救助", "个人负担"]);
    expect(first.trace!.outputs.map((o) => o.name)).toEqual(["救助", "个人负担", "负担超出"]);
    expect(first.alerts).toEqual([]);
    expect(first.ledger.values).toEqual({ 累计负担: "1334.03" });
    expect(first.trace!.outputs[2]!.steps[0]!.children![0]).toMatchObject({ op: "result", values: { name: "个人负担", value: "1334.03" } });
    // 1000: 救助 333, left 667; the year's 2001.03 > 2000
    const second = ok(rs.evaluate({ 自付: "1000" }, first.ledger));
    expect(second.outputs).toEqual({ 救助: "333.00", 个人负担: "667.00", 负担超出: "0.00" });
    expect(second.alerts.map((a) => a.name)).toEqual(["监测"]);
    expect(second.ledger.values).toEqual({ 累计负担: "2001.03" });
  });

  it("a pipeline reading its own results is refused at load (BR1036), and so is an unknown result (BR1015)", () => {
    const own = artifact();
    own.ir.pipelines[0]!.layers[0]!.expr = mul(result("个人负担"), rate("0.5"));
    expect(() => loadRuleSet(seal(own))).toThrow(expect.objectContaining({ code: "BR1036", path: "ir.pipelines[0]" }));
    const unknown = artifact();
    unknown.ir.outputs[0]!.expr = result("无此层");
    expect(() => loadRuleSet(seal(unknown))).toThrow(expect.objectContaining({ code: "BR1015", path: "ir.outputs[0].expr" }));
  });
});
