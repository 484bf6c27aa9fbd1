// One-line explanations of the domain's keywords, shown when hovering them: policy staff
// should not need the reference open to read `above` or `per year using`.
import { moneyValue } from "../grammar/literals.ts";
import type { Lang } from "../compiler/index.ts";

const HELP: Record<string, Record<Lang, string>> = {
  above: {
    zh: "`x above T`：x 超过起付线 T 的部分，即 max(x − T, 0)；加 `per year using F` 时按本年已用起付线 F 计算，`per claim` 为每次起付线",
    en: "`x above T`: the part of x above the threshold T, max(x − T, 0); with `per year using F` the deductible already used this year (F) counts; `per claim`: a deductible for each claim",
  },
  most: {
    zh: "`x at most C`：封顶，取 min(x, C)；加 `per year using F` 时按本年已支付 F 计算剩余额度，`per claim` 为单次限额",
    en: "`x at most C`: a cap, min(x, C); with `per year using F` only the room left this year counts; `per claim`: a cap for each claim",
  },
  per: {
    zh: "`per year using F`：按年度台账字段 F 累计；`per claim`：单次（每次就医）计算，不记台账",
    en: "`per year using F`: counted over the year in ledger field F; `per claim`: for each claim on its own, no ledger",
  },
  claim: {
    zh: "`per claim`：单次限额或每次起付线，每次就医单独计算；测试中 `claim { … }` 为一次就医",
    en: "`per claim`: a cap or deductible for each claim on its own; in a test, `claim { … }` is one claim",
  },
  无穷: { zh: "`无穷`：即 ∞，区间没有上限", en: "`无穷`: ∞, an interval with no upper end" },
  least: { zh: "`x at least L`：保底，取 max(x, L)", en: "`x at least L`: a floor, max(x, L)" },
  on: {
    zh: "`分段 on x`：按分段计算（超额累进：各段金额乘以该段比例后相加；全额累进：全部金额乘以所在分段的比例）；分类表则给出 x 所在区间的类别",
    en: "`B on x`: apply bands (marginal: each slice of x at its own rate, summed; whole: all of x at its band's rate); a classification gives the class x falls in",
  },
  using: {
    zh: "`per year using F`：使用年度台账字段 F（同一人同一医疗年度内累计）",
    en: "`per year using F`: uses the per-person, per-year ledger field F",
  },
  cumulative: {
    zh: "`cumulative x per year using F`：本年累计（含本次），即 F + x；F 为次数（Int）时计数，如本次为年度第几次住院",
    en: "`cumulative x per year using F`: the year-to-date total including this claim, F + x; on an Int field it counts (which stay of the year this is)",
  },
  highest: {
    zh: "`highest T over s`：多重身份就高不就低，取枚举中排在最前（最优）的结果",
    en: "`highest T over s`: of several identities, the most favourable result (declared first)",
  },
  remaining: {
    zh: "`remaining`：结算流程中前面各层支付后个人仍需负担的金额",
    en: "`remaining`: what the earlier layers of the pipeline left to the patient",
  },
  leaves: { zh: "`leaves`：结算流程最后个人负担的金额", en: "`leaves`: the patient's final share after every layer" },
  marginal: { zh: "超额累进：每段金额按该段比例计算（“超过…的部分给予…”）", en: "marginal bands (超额累进): each slice at its own band's rate" },
  whole: { zh: "全额累进：全部金额按其所在分段的比例计算（“…以内的给予40%，…以上的给予45%”）", en: "whole bands (全额累进): the whole amount at the rate of the band it falls in" },
  gap: { zh: "声明的空档：此区间不予支付", en: "a declared gap: nothing is paid in this interval" },
  override: { zh: "覆盖上级政策中的同名声明", en: "replaces the parent policy's declaration of the same name" },
  base: { zh: "`base.X`：上级政策中 X 的取值", en: "`base.X`: the parent policy's value of X" },
  unlimited: { zh: "不设封顶线", en: "no cap" },
  none: { zh: "不设封顶线", en: "no cap" },
  acknowledge: {
    zh: "`acknowledge \"理由\" §条款 { 数字… }`：说明原文该条款中的这些数字为何不是规则（筹资、统计、其他层级的规定），供原文对照（trace-doc）",
    en: "`acknowledge \"why\" §section { figures… }`: says why these figures of that section of the document are no rule (funding, statistics, another layer's), for trace-doc",
  },
};

/** A money literal scaled by 万 or 千, in yuan: `5千元` → "5千元 = 5000元". */
function scaledMoney(word: string, lang: Lang): string | undefined {
  if (!/^\d+(?:\.\d+)?[万千]元$/.test(word)) return undefined;
  const yuan = moneyValue(word).value;
  return lang === "zh" ? `${word} = ${yuan}元` : `${word} = ¥${yuan}`;
}

export function keywordHelp(word: string, lang: Lang): string | undefined {
  return HELP[word]?.[lang] ?? scaledMoney(word, lang);
}
