// The service's own words (hovers, completion details, quick-fix titles) in both languages.
// Diagnostics' messages come from the compiler's registry, not from here.
import type { Lang, SymbolKind } from "../compiler/index.ts";

const KINDS: Record<SymbolKind, Record<Lang, string>> = {
  input: { zh: "输入项", en: "input" },
  param: { zh: "参数", en: "parameter" },
  table: { zh: "表", en: "table" },
  bands: { zh: "分段", en: "bands" },
  classify: { zh: "分类", en: "classification" },
  define: { zh: "定义", en: "definition" },
  output: { zh: "结果", en: "output" },
  alert: { zh: "预警", en: "alert" },
  enum: { zh: "枚举", en: "enum" },
  member: { zh: "枚举成员", en: "enum member" },
  ledger: { zh: "台账字段", en: "ledger field" },
  pipeline: { zh: "结算流程", en: "pipeline" },
  layer: { zh: "结算层", en: "layer" },
  test: { zh: "测试", en: "test" },
};

const WORDS = {
  definedIn: { zh: "定义于", en: "defined in" },
  value: { zh: "取值", en: "value" },
  datedValues: { zh: "分日期取值（就医日期适用当时有效的一项）", en: "values by date (a claim takes the one in force on its date)" },
  fromDate: { zh: "{date} 起", en: "from {date}" },
  section: { zh: "依据", en: "source" },
  fixReplace: { zh: "改为 `{to}`", en: "Change to `{to}`" },
  fixAddRow: { zh: "为 `{keys}` 添加一行", en: "Add a row for `{keys}`" },
  fixAddMember: { zh: "在枚举 `{enum}` 中添加 `{member}`", en: "Add `{member}` to enum `{enum}`" },
  fixBlock: { zh: "放入块中：`{open} … }`", en: "Put it in a block: `{open} … }`" },
  fixDeclareGap: { zh: "声明空缺 `{gap}`（该区间不予支付）", en: "Declare the gap `{gap}` (nothing paid there)" },
} satisfies Record<string, Record<Lang, string>>;

export type Word = keyof typeof WORDS;

export function kindWord(kind: SymbolKind, lang: Lang): string {
  return KINDS[kind][lang];
}

export function word(key: Word, lang: Lang, args: Record<string, string> = {}): string {
  return WORDS[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => args[k] ?? "");
}
