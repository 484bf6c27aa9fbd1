// A corpus of planted defects: text edits of the seed policies that add a cliff, full coverage
// or an unreachable band. Each must be caught: a finding of its kind that the unedited policy
// does not have.
import { describe, expect, it } from "vitest";
import { compile } from "../compiler/index.ts";
import type { Artifact } from "../runtime/ir/artifact.ts";
import { readSeed, seedHost } from "../tests/support/seeds.ts";
import { analyze, type Finding, type FindingKind } from "./index.ts";

interface Planted {
  file: string;
  /** [what, its replacement]: each `what` must occur in the file */
  edits: [string, string][];
  kind: FindingKind;
  /** the output the finding is on */
  output: string;
}

const P = (d: string) => `policies/${d}.bylaw`;

/** A marginal → whole edit: each band's rate then applies to the whole amount: a jump at every edge. */
const whole = (file: string, header: string, output = "大病保险"): Planted =>
  ({ file: P(file), edits: [[`${header} marginal {`, `${header} whole {`]], kind: "cliff", output });

/** An amount counted only up to a ceiling: above it nothing is paid, a cliff at the ceiling. */
const ceiling = (file: string, from: string, to: string, output = "大病保险"): Planted => edit(file, from, to, "cliff", output);

/** One edit, `from` → `to`, planting a defect of `kind` on `output`. */
const edit = (file: string, from: string, to: string, kind: FindingKind, output: string): Planted =>
  ({ file: P(file), edits: [[from, to]], kind, output });

/** The annual cap lowered (or set) so that the upper bands never change a figure. */
const capTo = (file: string, before: string, after: string): Planted =>
  edit(file, `年度限额: Limit = ${before}`, `年度限额: Limit = ${after}`, "unreachable", "大病保险");

const CORPUS: Planted[] = [
  // cliffs: 全额累进 instead of 超额累进
  whole("000-xpcc/critical-illness", `bands 分段 "大病保险分段支付（起付线以上部分，占位值）" §三(二)`),
  whole("001-dongying/critical-illness", `bands 分段 "大病保险分段补偿" §二(二)`),
  whole("001-dongying/critical-illness-poor", `override bands 分段 "贫困人口大病保险分段补偿" §二(二)`),
  whole("003-liaocheng/critical-illness", `bands 分段 "大病保险分段补偿（普通居民）" §冠县二`),
  whole("003-liaocheng/critical-illness-tilted", `override bands 分段 "困难群众大病保险分段补偿（起付线减半至5500元，最高段85%）" §冠县二`),
  whole("004-shandong-linyi/critical-illness-poor", `bands 分段 "贫困人口大病保险分段补偿" §二(二)2`),
  // cliffs: a cost ceiling above which nothing is paid
  ceiling("000-xpcc/assistance", "if 纳入救助范围 then 自付 else 0元", "if 纳入救助范围 and 自付 <= 5万元 then 自付 else 0元", "救助金"),
  ceiling("001-dongying/critical-illness", "分段 on 自付 per year", "分段 on (if 自付 > 50万元 then 0元 else 自付) per year"),
  ceiling("003-liaocheng/critical-illness", "分段 on 自付 per year", "分段 on (if 自付 > 50万元 then 0元 else 自付) per year"),
  ceiling("004-shandong-linyi/critical-illness-poor", "分段 on 自付 per year", "分段 on (if 自付 > 50万元 then 0元 else 自付) per year"),
  ceiling("000-xpcc/critical-illness", "分段 on (自付 above", "分段 on ((if 自付 > 50万元 then 0元 else 自付) above"),
  ceiling("002-yuecheng/critical-illness", "  自付 above 起付标准 per year", "  (if 自付 > 30万元 then 0元 else 自付) above 起付标准 per year"),
  ceiling("002-yuecheng/high-cost", "自付 above 高额费用线", "(if 自付 > 100万元 then 0元 else 自付) above 高额费用线", "高额医疗费用"),
  ceiling("003-liaocheng/critical-illness", "特药费用 above 特药起付线", "(if 特药费用 > 10万元 then 0元 else 特药费用) above 特药起付线", "特药报销"),
  ceiling("004-shandong-linyi/critical-illness-poor", "特药费用 * 特药比例", "(if 特药费用 > 10万元 then 0元 else 特药费用) * 特药比例", "特药报销"),
  ceiling("003-liaocheng/settlement", "remaining * 救助比例", "(if remaining > 2万元 then 0元 else remaining) * 救助比例", "医疗救助"),
  ceiling("004-shandong-linyi/pku-food", "食品费用 * 救助比例[年龄]", "(if 食品费用 > 3000元 then 0元 else 食品费用) * 救助比例[年龄]", "救助金"),
  ceiling("002-yuecheng/assistance", "then 自付 else 0元", "then (if 自付 > 8万元 then 0元 else 自付) else 0元", "救助金"),
  // full coverage: a ratio of 100 % with no deductible (全报销 / 零支付)
  edit("000-xpcc/assistance", "第一类: 90%", "第一类: 100%", "full-coverage", "救助金"),
  edit("000-xpcc/assistance", "第二类: 80%", "第二类: 95%", "full-coverage", "救助金"), // + 5pp in 南疆: 100%
  edit("002-yuecheng/assistance", "特困供养人员: 90%", "特困供养人员: 100%", "full-coverage", "救助金"),
  edit("003-liaocheng/settlement", "param 救助比例: Rate = 70%", "param 救助比例: Rate = 100%", "full-coverage", "个人负担"),
  edit("004-shandong-linyi/settlement", "低保特困救助比例: Rate = 70%", "低保特困救助比例: Rate = 100%", "full-coverage", "个人负担"),
  edit("004-shandong-linyi/pku-food", "(18, ∞): 70%", "(18, ∞): 100%", "full-coverage", "救助金"),
  { file: P("004-shandong-linyi/pku-food"), edits: [["= 75% \"18岁及以下", "= 100% \"18岁及以下"], ["at least 75%", "at least 75%"]], kind: "full-coverage", output: "救助金" },
  {
    file: P("002-yuecheng/critical-illness"), edits: [["起付标准: Money = 2万元", "起付标准: Money = 0元"], ["支付比例: Rate = 60%", "支付比例: Rate = 100%"]],
    kind: "full-coverage", output: "大病保险",
  },
  { file: P("003-liaocheng/critical-illness"), edits: [["特药起付线: Money = 20000元", "特药起付线: Money = 0元"], ["特药费用 above 特药起付线 per year using 特药起付已用\n    * 特药比例", "特药费用 above 特药起付线 per year using 特药起付已用\n    * 100%"]], kind: "full-coverage", output: "特药报销" },
  // unreachable bands: a cap low enough that the upper bands never change a figure
  capTo("000-xpcc/critical-illness", "40万元", "5万元"),
  capTo("001-dongying/critical-illness", "40万元", "3万元"),
  capTo("003-liaocheng/critical-illness", "40万元", "3万元"),
  capTo("004-shandong-linyi/critical-illness-poor", "unlimited", "5万元"),
  capTo("003-liaocheng/critical-illness-tilted", "unlimited", "5万元"),
  capTo("001-dongying/critical-illness-poor", "unlimited", "5万元"),
  edit("003-liaocheng/guanxian-warning", "cumulative 自付 per year", "cumulative (自付 at most 20万元) per year", "unreachable", "预警码"),
];

function compiled(file: string, text: string): Artifact {
  const r = compile(file, text, seedHost(new Map([[file, text]])));
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.artifact!;
}

const key = (f: Finding) => JSON.stringify([f.kind, f.output, f.declaration, f.at, f.to, f.jump, f.inputs, f.detail]);

describe("planted defects are all caught", () => {
  it("the corpus has at least 30 defects, of each kind", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CORPUS.map((p) => p.kind))).toEqual(new Set(["cliff", "full-coverage", "unreachable"]));
  });

  const baseline = new Map<string, Set<string>>();
  const before = (file: string) => {
    if (!baseline.has(file)) baseline.set(file, new Set(analyze(compiled(file, readSeed(file))).findings.map(key)));
    return baseline.get(file)!;
  };

  for (const p of CORPUS) {
    it(`${p.file}: ${p.edits.map(([a, b]) => `${a} → ${b}`).join("; ")} → ${p.kind} on ${p.output}`, () => {
      let text = readSeed(p.file);
      for (const [from, to] of p.edits) {
        expect(text.includes(from)).toBe(true);
        text = text.replace(from, to);
      }
      const r = analyze(compiled(p.file, text));
      expect(r.disagreements).toEqual([]);
      const known = before(p.file);
      const added = r.findings.filter((f) => !known.has(key(f)));
      expect(added.filter((f) => f.kind === p.kind && f.output === p.output).length).toBeGreaterThan(0);
    });
  }
});
