// The seed policies as the tests see them: every policies/**/*.bylaw, its text, a source host
// serving the real files, and each compiled artifact (compiled once per test file).
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { compile, type TextHost } from "../../compiler/index.ts";
import type { Artifact } from "../../runtime/ir/artifact.ts";
import { loadRuleSet, type RuleSet } from "../../runtime/index.ts";
import { diskHostAt, expandPolicyPaths } from "../../cli/files.ts";
import { integrityOf } from "../../runtime/load/hash.ts";
import { rateGrid } from "./grid-example.ts";
import { levelRates } from "./level-rates.ts";
import { COUNT_POLICY } from "./count-policy.ts";
import { RESULT_READS } from "./result-reads-policy.ts";
import { DAILY_AVERAGE } from "./daily-average-policy.ts";
import { DATED_TABLE } from "./dated-table-policy.ts";

/** The repository root; compiler paths are relative to it ("policies/000-xpcc/assistance.bylaw"). */
export const ROOT = resolve(import.meta.dirname, "../..");


/** Seed policy paths relative to ROOT. */
export const SEED_FILES: string[] = expandPolicyPaths([join(ROOT, "policies")]).files.map((p) => relative(ROOT, p));

export function readSeed(path: string): string {
  return readFileSync(join(ROOT, path), "utf8");
}

/** Serves the real policy files; `overrides` replaces some texts (a mutated parent, say). */
const fromDisk = diskHostAt(ROOT);

export function seedHost(overrides: ReadonlyMap<string, string> = new Map()): TextHost {
  return {
    readFile(path: string): string | undefined {
      const o = overrides.get(path);
      if (o !== undefined) return o;
      return fromDisk.readFile(path);
    },
    // the source documents beside the policies: acknowledged figures are checked against them
    readDocument: (path) => fromDisk.readFile(path),
  };
}

export interface Seed {
  file: string;
  id: string;
  artifact: Artifact;
  ruleSet: RuleSet;
}

let cache: Seed[] | undefined;

/** Every seed policy compiled and loaded; throws if one does not compile (policies.test.ts says why). */
export function seeds(): Seed[] {
  if (cache !== undefined) return cache;
  const host = seedHost();
  cache = SEED_FILES.map((file) => {
    const r = compile(file, readSeed(file), host);
    if (r.artifact === undefined) throw new Error(`${file} does not compile: ${r.diagnostics.map((d) => d.code).join(", ")}`);
    return { file, id: r.artifact.policy.id, artifact: r.artifact, ruleSet: loadRuleSet(r.artifact) };
  });
  return cache;
}

export function seedById(id: string): Seed {
  const s = seeds().find((x) => x.id === id);
  if (s === undefined) throw new Error(`no seed policy ${id}`);
  return s;
}

/** A county standard (issue 11) whose band rates and edges are read per claim, from tables per
 *  hospital level (the edge from a dated param too), whole bands on a yearly ledger, and
 *  marginal bands per claim on the same tables. */
const TABLE_RATES = `policy variant.table_rates "按医院级别查表的分段比例" {
  region "测试地区"
  effective 2022-01-01
  source "test.txt"
}
${levelRates("72.5%")}
input {
  级别: 医院级别 "医院级别"
  自付: Money "个人自付"
}
ledger per year {
  累计: Money "年度累计自付"
  已救助: Money "年度已救助"
}
table 一档线: 医院级别 -> Money "第一档上限" {
  乡镇级: 1万元
  县级以上: 1.2万元
}
param 起点: Money "起付标准" {
  2022-01-01: 500元
  2023-01-01: 800.5元
}
bands 全额 "全额累进" whole {
  [0元, 一档线[级别]]: 低档[级别]
  (一档线[级别], ∞): 高档[级别]
}
bands 超额 "超额累进" marginal {
  [起点, 1万元]: 低档[级别]
  gap (1万元, 1.5万元)
  [1.5万元, ∞): 高档[级别]
}
output 救助金: Money = 全额 on 自付 per year using 累计 at most 3万元 per year using 已救助
output 单次: Money = 超额 on 自付
`;

/** 多重身份就高: the band rates read by the category `highest` picks from a set of identities
 *  (a define of the claim's inputs), whole bands per claim, capped per year. */
const HIGHEST_RATES = `policy variant.highest_rates "多重身份就高的分段比例" {
  region "测试地区"
  effective 2022-01-01
  source "test.txt"
}
enum 身份 "救助身份" {
  特困 "特困人员"
  低保 "低保对象"
  边缘 "低保边缘"
  普通 "普通居民"
}
input {
  身份: set of 身份 "身份"
  自付: Money "个人自付"
}
ledger per year {
  已救助: Money "年度已救助"
}
table 身份档: 身份 -> 身份 "身份认定" {
  特困: 特困
  低保: 低保
  边缘: 边缘
  普通: 普通
}
define 认定身份: 身份 "认定身份" = highest 身份档 over 身份
table 比例: 身份 -> Rate "救助比例" {
  特困: 90%
  低保: 70%
  边缘: 50%
  普通: 0%
}
bands 救助档 "全额累进" whole {
  [0元, 1万元]: 比例[认定身份]
  (1万元, ∞): 80%
}
output 救助金: Money = 救助档 on 自付 at most 2万元 per year using 已救助
`;

/** 多病种就高: a yearly limit that is the greatest of the limits of a person's diseases (one of
 *  them without a limit), on a ledger; `highest` over an amount table; a sum for each disease
 *  past the first, `count` of a set. */
const HIGHEST_LIMITS = `policy variant.highest_limits "多病种就高的年度限额" {
  region "测试地区"
  effective 2022-01-01
  source "test.txt"
}
enum 病种 "慢特病病种" {
  透析 "尿毒症透析"
  肿瘤 "恶性肿瘤门诊治疗"
  糖尿病 "糖尿病"
  高血压 "高血压"
}
input {
  病种: set of 病种 "所患慢特病"
  费用: Money "门诊慢特病合规费用"
}
ledger per year {
  已报销: Money "年度已报销"
}
table 限额: 病种 -> Limit "病种年度限额" {
  透析: unlimited
  肿瘤: 5万元
  糖尿病: 3000元
  高血压: 2000.5元
}
table 比例: 病种 -> Rate "报销比例" {
  透析: 90%
  肿瘤: 80%
  糖尿病: 60%
  高血压: 55%
}
output 报销: Money = 费用 * highest 比例 over 病种 at most highest 限额 over 病种 per year using 已报销
output 多病种补助: Money = (count(病种) - 1) * 1000.5元
`;

let variants: Seed[] | undefined;


/** A county standard's rates as one grid (issue 11): people × hospital level × amount, `_` and
 *  `|`, the rate read per claim and capped per year; and a Money grid for a per-claim cap. */
const GRID = `policy variant.grid "救助比例网格" {
  region "测试地区"
  effective 2022-01-01
  source "test.txt"
}
enum 救助对象 "救助对象" {
  五保 "五保"
  低保 "低保"
  优抚 "优抚"
  其他 "其他"
}
enum 医院级别 "医院级别" {
  乡镇级 "乡镇级"
  县级以上 "县级以上"
}
input {
  对象: 救助对象 "救助对象"
  级别: 医院级别 "医院级别"
  自付: Money "个人自付"
}
ledger per year {
  已救助: Money "年度已救助"
}
${rateGrid()}
table 单次限额: (救助对象, 医院级别) -> Money "单次限额" {
  五保, _: 2万元
  低保 | 优抚 | 其他, 乡镇级: 5000元
  低保 | 优抚 | 其他, 县级以上: 8000元
}
output 救助金: Money = 自付 * 救助比例[对象, 级别, 自付] at most 单次限额[对象, 级别] per claim at most 3万元 per year using 已救助
`;

/** Policies the differential test runs besides the seeds: each seed with bands, its bands made
 *  whole (全额累进: cliffs at every edge), TABLE_RATES, GRID, HIGHEST_RATES, HIGHEST_LIMITS, COUNT_POLICY,
 *  RESULT_READS, DAILY_AVERAGE and DATED_TABLE. */
export function bandVariants(): Seed[] {
  if (variants !== undefined) return variants;
  const made = seeds().filter((s) => s.artifact.ir.bands.length > 0).map((s): Seed => {
    const a = structuredClone(s.artifact);
    for (const b of a.ir.bands) b.mode = "whole";
    a.integrity = integrityOf(a);
    return { file: s.file, id: `${s.id}~whole`, artifact: a, ruleSet: loadRuleSet(a) };
  });
  const sources: [string, string, string][] = [
    ["table-rates.bylaw", "TABLE_RATES", TABLE_RATES], ["grid.bylaw", "GRID", GRID],
    ["highest-rates.bylaw", "HIGHEST_RATES", HIGHEST_RATES], ["highest-limits.bylaw", "HIGHEST_LIMITS", HIGHEST_LIMITS],
    ["counts.bylaw", "COUNT_POLICY", COUNT_POLICY], ["result-reads.bylaw", "RESULT_READS", RESULT_READS],
    ["daily-average.bylaw", "DAILY_AVERAGE", DAILY_AVERAGE], ["dated-table.bylaw", "DATED_TABLE", DATED_TABLE],
  ];
  for (const [file, name, text] of sources) {
    const r = compile(file, text, { readFile: () => undefined });
    if (r.artifact === undefined) throw new Error(`${name} does not compile: ${r.diagnostics.map((d) => d.code).join(", ")}`);
    made.push({ file, id: r.artifact.policy.id, artifact: r.artifact, ruleSet: loadRuleSet(r.artifact) });
  }
  variants = made;
  return made;
}
