// Hand-made versions of one small assistance policy, for the diff tests: a deductible carried
// in the ledger, a ratio per category, optionally a yearly cap or a pipeline leaving the
// patient's share. Each test states the figures it changes and computes the answers by hand.
import { compile } from "../../../compiler/index.ts";
import { loadRuleSet, type RuleSet } from "../../../runtime/index.ts";

export interface Version {
  effective?: string;
  deductible?: string;
  /** the deductible as a dated param instead: [from, amount] entries */
  dated?: [string, string][];
  /** 低保's ratio (特困 is always 80%) */
  ratio?: string;
  /** a yearly cap on 救助金 */
  cap?: string;
  /** settle as a pipeline on 自付 whose leaves are 个人负担 */
  pipeline?: boolean;
  /** extra input lines */
  inputs?: string;
  /** a third category, 孤儿, at 90 % */
  orphans?: boolean;
}

export function policySource(v: Version = {}): string {
  const pay = `自付 above 起付线 per year using 起付已用 * 救助比例[类别]${v.cap ? ` at most ${v.cap} per year using 已救助` : ""}`;
  const result = v.pipeline
    ? `pipeline 结算 "结算" §一 on 自付 {
  layer 救助金 "医疗救助金" §一 = ${pay.replace(/^自付/, "remaining")}
  leaves 个人负担 "个人负担"
}`
    : `output 救助金: Money "医疗救助金" §一 = ${pay}`;
  return `policy t.assist "差异测试救助" {
  region "测试市"
  effective ${v.effective ?? "2024-01-01"}
  source "t.txt" §一
}

enum 人员类别 "人员类别" §一 {
  低保 "低保对象"
  特困 "特困人员"${v.orphans ? `
  孤儿 "孤儿"` : ""}
}

input "救助结算" §一 {
  类别: 人员类别 "人员类别" = 低保
  自付: Money "个人负担医疗费用"
${v.inputs ?? ""}
}

ledger per year "救助台账" §一 {
  起付已用: Money "已用起付线" §一
  已救助: Money "年度已救助" §一
}

table 救助比例: 人员类别 -> Rate "救助比例" §一 {
  低保: ${v.ratio ?? "60%"}
  特困: 80%${v.orphans ? "\n  孤儿: 90%" : ""}
}

${v.dated
    ? `param 起付线: Money "起付线" §一 {\n${v.dated.map(([from, amount]) => `  ${from}: ${amount}`).join("\n")}\n}`
    : `param 起付线: Money = ${v.deductible ?? "1000元"} "起付线" §一`}

${result}
`;
}

/** The version's artifact (throws if it does not compile). */
export function artifactOf(v: Version = {}): unknown {
  const r = compile("t.bylaw", policySource(v), { readFile: () => undefined });
  if (!r.artifact) throw new Error(r.diagnostics.map((d) => `${d.code} ${JSON.stringify(d.args)}`).join("\n"));
  return r.artifact;
}

export const ruleSetOf = (v: Version = {}): RuleSet => loadRuleSet(artifactOf(v));

/**
 * Claims by hand (old: deductible 1000, 低保 60 %, 特困 80 %): 张三 3000 → 1200, then 2000 with
 * the deductible used → 1200; 李四 800 → 0; 王五 10000 → 7200; 赵六 (低保 by default) 1200 →
 * 120; 钱七's amount is not one (BR2005 under both).
 */
export const CLAIMS_CSV = `person,date,类别,自付
张三,2024-03-01,低保,3000
张三,2024-05-01,低保,2000
李四,2024-03-02,特困,800
王五,2024-04-01,特困,10000
赵六,2024-04-02,,1200
钱七,2024-04-03,低保,abc
`;
