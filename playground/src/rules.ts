// The runtime side of the page: a loaded rule set per compiled artifact (cached by its
// integrity hash, so re-running the form or the chart does not re-validate), and the
// display of output values.
import { tryLoadRuleSet } from "../../runtime/index.ts";
import type { Artifact, Value } from "../../runtime/ir/artifact.ts";
import { rateToPercent } from "./field-values.ts";
import { lang, t } from "./i18n.ts";
import { formatYuan } from "./number-input.ts";

let cached: { integrity: string; result: ReturnType<typeof tryLoadRuleSet> } | undefined;

export function ruleSetFor(artifact: Artifact): ReturnType<typeof tryLoadRuleSet> {
  if (cached?.integrity !== artifact.integrity) {
    cached = { integrity: artifact.integrity, result: tryLoadRuleSet(artifact) };
  }
  return cached.result;
}

export interface OutputInfo {
  name: string;
  type: string;
  label?: string;
  sections?: string[];
}

/** Every output of the rule set, pipeline layers and final shares included, in order. */
export function outputsOf(artifact: Artifact): OutputInfo[] {
  const out: OutputInfo[] = artifact.ir.outputs.map((o) => ({ name: o.name, type: o.type, label: o.label, sections: o.sections }));
  for (const p of artifact.ir.pipelines) {
    for (const l of p.layers) out.push({ name: l.name, type: "Money", label: l.label, sections: l.sections });
    out.push({ name: p.leaves.name, type: "Money", label: p.leaves.label, sections: p.leaves.sections });
  }
  return out;
}

/** A value as policy staff read it: "7,000.00 元", "70%", an enum member's label, 是/否. */
export function displayValue(artifact: Artifact, type: string, value: Value | undefined): string {
  if (value === undefined) return "—";
  if (value === null) return lang() === "zh" ? "不限" : "unlimited";
  if (typeof value === "boolean") return lang() === "zh" ? (value ? "是" : "否") : value ? "yes" : "no";
  if (type === "Money" || type === "Limit") return `${formatYuan(String(value))} ${t("yuan")}`;
  if (type === "Rate") return `${rateToPercent(String(value))}%`;
  if (type === "Points") return `${value}pp`;
  if (type.startsWith("enum:") && typeof value === "string") {
    const def = artifact.schema.enums.find((e) => e.name === type.slice(5));
    const label = def?.members.find((m) => m.name === value)?.label;
    return label ? `${value}（${label}）` : value;
  }
  return Array.isArray(value) ? value.join("、") : String(value);
}
