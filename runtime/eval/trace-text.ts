// A trace as indented text a non-programmer can follow, in Chinese or English, using the
// labels the policy gave (Chinese labels as written):
//   医疗救助金 = 7000.00元 §二(四)2
//     封顶后 = 7000元（未达限额）
//       10000元 × 70% = 7000元
//         超过起付标准部分 = 10000元：12000元 − 尚未用完的起付标准 2000元 …
import type { Trace, TraceAlert, TraceOutput, TraceStep } from "./trace.ts";
import { D } from "../ir/decimal.ts";

type Lang = "zh" | "en";

const OPS: Record<string, string> = { "*": "×", "/": "÷", "+": "+", "-": "−", "==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥" };

/** A value of type `type` as a person reads it: 2000元, 70%, 5个百分点, 是/否. */
function fmt(v: string | undefined, type: string | undefined, lang: Lang): string {
  if (v === undefined) return "";
  if (v === "unlimited") return lang === "zh" ? "不设上限" : "unlimited";
  switch (type) {
    case "Money":
    case "Limit":
      // a negative amount (a refund, a difference) with the sign before the currency: −¥11000
      return lang === "zh" ? `${v.replace(/^-/, "−")}元` : v.startsWith("-") ? `−¥${v.slice(1)}` : `¥${v}`;
    case "Rate":
      return `${new D(v).times(100).toFixed()}%`;
    case "Points":
      return lang === "zh" ? `${v}个百分点` : `${v} pp`;
    case "Bool":
      return lang === "zh" ? (v === "true" ? "是" : "否") : v === "true" ? "yes" : "no";
    case "Duration":
      return lang === "zh" ? `${v}个月` : `${v} months`;
  }
  return v;
}

const money = (v: string | undefined, lang: Lang) => fmt(v, "Money", lang);

/** `label（name）`, or just one of them when they are the same or there is no label. */
function named(step: TraceStep, name: string | undefined, lang: Lang): string {
  const label = step.label;
  if (name === undefined) return label ?? "";
  if (label === undefined || label === name) return name;
  return lang === "zh" ? `${label}（${name}）` : `${label} (${name})`;
}

function ledgerWords(step: TraceStep, lang: Lang): string {
  const v = step.values;
  const who = v.ledgerLabel ?? v.ledger ?? "";
  return lang === "zh"
    ? `${who} 本年 ${money(v.before, lang)} → ${money(v.after, lang)}`
    : `${who} this year ${money(v.before, lang)} → ${money(v.after, lang)}`;
}

function describe(step: TraceStep, lang: Lang): string {
  const v = step.values;
  const zh = lang === "zh";
  switch (step.op) {
    case "input":
    case "param": {
      const value = `${named(step, v.name, lang)} = ${fmt(v.value, v.type, lang)}`;
      if (v.from === undefined) return value;
      return zh ? `${value}（${v.from} 起适用）` : `${value}, in force from ${v.from}`;
    }
    case "define":
      return `${named(step, v.name, lang)} = ${fmt(v.value, v.type, lang)}${v.memo ? (zh ? "（见上）" : " (see above)") : ""}`;
    case "index": {
      const table = step.label ?? v.table;
      const key = v.row ? (zh ? `${v.key} 在 ${v.row} 内` : `${v.key} in ${v.row}`) : v.key;
      return `${table} ${key}: ${fmt(v.value, v.type, lang)}`;
    }
    case "lookup": {
      const table = step.label ?? v.table;
      return zh
        ? `${table} [${v.keys}] 命中第 ${v.row} 行（${v.cell}）：${fmt(v.value, v.type, lang)}`
        : `${table} [${v.keys}] matches row ${v.row} (${v.cell}): ${fmt(v.value, v.type, lang)}`;
    }
    case "above":
      if (v.perClaim === "true") {
        return zh
          ? `超过每次起付线 ${money(v.threshold, lang)} 的部分 = ${money(v.result, lang)}（${money(v.amount, lang)} − ${money(v.threshold, lang)}，不低于 0）`
          : `part above the per-claim deductible ${money(v.threshold, lang)} = ${money(v.result, lang)} (${money(v.amount, lang)} − ${money(v.threshold, lang)}, at least 0)`;
      }
      if (v.ledger === undefined) {
        return zh
          ? `超过 ${money(v.threshold, lang)} 的部分 = ${money(v.result, lang)}（${money(v.amount, lang)} − ${money(v.threshold, lang)}，不低于 0）`
          : `part above ${money(v.threshold, lang)} = ${money(v.result, lang)} (${money(v.amount, lang)} − ${money(v.threshold, lang)}, at least 0)`;
      }
      return zh
        ? `超过起付标准部分 = ${money(v.result, lang)}：${money(v.amount, lang)} − 尚未用完的起付标准 ${money(v.left, lang)}（起付标准 ${money(v.threshold, lang)}，${ledgerWords(step, lang)}）`
        : `part above the deductible = ${money(v.result, lang)}: ${money(v.amount, lang)} − ${money(v.left, lang)} of the deductible still open (deductible ${money(v.threshold, lang)}, ${ledgerWords(step, lang)})`;
    case "cap":
      return v.capped === "true"
        ? zh ? `封顶后 = ${money(v.result, lang)}（受限额限制，原为 ${money(v.amount, lang)}）` : `after the cap = ${money(v.result, lang)} (capped, was ${money(v.amount, lang)})`
        : zh ? `封顶后 = ${money(v.result, lang)}（未达限额）` : `after the cap = ${money(v.result, lang)} (within the limit)`;
    case "limit": {
      if (v.applies === "false") {
        const field = v.ledger === undefined ? "" : ` (${v.ledgerLabel ?? v.ledger})`;
        return zh ? `子限额${field}不适用于本次费用` : `sub-cap${field} does not apply to this claim`;
      }
      const bites = v.bites === "true" ? (zh ? "，此限额起作用" : ", this limit applies") : "";
      const year = v.ledger === undefined ? "" : zh ? `，${ledgerWords(step, lang)}` : `, ${ledgerWords(step, lang)}`;
      if (v.left === "true") {
        // the first layer has the pipeline's whole amount open: "still open" fits every layer
        return zh ? `本层最多支付尚未支付的 ${money(v.limit, lang)}${bites}` : `the layer pays at most the ${money(v.limit, lang)} still open${bites}`;
      }
      const perClaim = v.perClaim === "true";
      return zh
        ? `${perClaim ? "单次限额" : "限额"} ${money(v.limit, lang)}，剩余额度 ${money(v.room, lang)}${year}${bites}`
        : `${perClaim ? "per-claim limit" : "limit"} ${money(v.limit, lang)}, room left ${money(v.room, lang)}${year}${bites}`;
    }
    case "bands": {
      const year = v.ledger === undefined ? "" : zh ? `，${ledgerWords(step, lang)}` : `, ${ledgerWords(step, lang)}`;
      const mode = v.mode === "whole" ? (zh ? "全额累进" : "whole") : zh ? "超额累进" : "marginal";
      return zh
        ? `${step.label ?? v.name} = ${money(v.result, lang)}（${mode}，本次 ${money(v.amount, lang)}${year}）`
        : `${step.label ?? v.name} = ${money(v.result, lang)} (${mode}, this claim ${money(v.amount, lang)}${year})`;
    }
    case "band": {
      const slice = `${money(v.amount, lang)} × ${fmt(v.rate, "Rate", lang)} = ${money(v.paid, lang)}`;
      // whole bands on a ledger: what the year's earlier claims came to is subtracted
      if (v.earlier === "true") return zh ? `减去本年此前累计：${v.band} 段：${slice}` : `less the year's earlier claims: band ${v.band}: ${slice}`;
      return zh ? `${v.band} 段：${slice}` : `band ${v.band}: ${slice}`;
    }
    case "classify":
      return v.row === "otherwise"
        ? zh ? `${step.label ?? v.name} = ${v.member}（${money(v.amount, lang)} 不在任何区间内）` : `${step.label ?? v.name} = ${v.member} (${money(v.amount, lang)} is in no interval)`
        : zh ? `${step.label ?? v.name} = ${v.member}（${money(v.amount, lang)} 在 ${v.row} 内）` : `${step.label ?? v.name} = ${v.member} (${money(v.amount, lang)} is in ${v.row})`;
    case "cumulative": {
      // a count (Int ledger field) is shown as a number, money in yuan
      const t = v.type ?? "Money", sum = `${fmt(v.before, t, lang)} + ${fmt(v.amount, t, lang)} = ${fmt(v.result, t, lang)}`;
      return zh ? `${v.ledgerLabel ?? v.ledger}本年累计 = ${sum}` : `${v.ledgerLabel ?? v.ledger} so far this year = ${sum}`;
    }
    case "highest":
      return zh
        ? `就高不就低：${v.members} → ${v.result}（按 ${v.from}）`
        : `most favourable of ${v.members} → ${v.result} (from ${v.from})`;
    case "if":
      return zh
        ? `条件${v.condition === "true" ? "成立" : "不成立"}，取 ${fmt(v.value, v.type, lang)}`
        : `the condition ${v.condition === "true" ? "holds" : "does not hold"}: ${fmt(v.value, v.type, lang)}`;
    case "in":
      return zh
        ? `${v.member} ${v.result === "true" ? "属于" : "不属于"}（${v.set || "空"}）`
        : `${v.member} ${v.result === "true" ? "is" : "is not"} in (${v.set || "none"})`;
    case "cmp":
      return `${fmt(v.a, v.aType, lang)} ${OPS[v.op!] ?? v.op} ${fmt(v.b, v.bType, lang)}: ${fmt(v.result, "Bool", lang)}`;
    case "arith":
      return `${fmt(v.a, v.aType, lang)} ${OPS[v.op!] ?? v.op} ${fmt(v.b, v.bType, lang)} = ${fmt(v.result, v.type, lang)}`;
    case "call": {
      // amounts with their unit (`argTypes` absent: count, or a trace written before it)
      const types = v.argTypes?.split("|");
      const args = types === undefined ? v.args : v.args!.split(", ").map((a, i) => fmt(a, types[i], lang)).join(", ");
      const result = fmt(v.result, v.type, lang);
      return v.fn === "round" ? (zh ? `四舍五入（${args}）= ${result}` : `round(${args}) = ${result}`) : `${v.fn}(${args}) = ${result}`;
    }
    case "atLeast":
      return zh
        ? `不低于 ${v.floor}：${v.amount} → ${v.result}`
        : `at least ${v.floor}: ${v.amount} → ${v.result}`;
    case "dateAdd": {
      // 认定前6个月: `2024-03-01 − 6个月`, not `+ -6`
      const back = v.months!.startsWith("-"), n = back ? v.months!.slice(1) : v.months, op = back ? "−" : "+";
      return zh ? `${v.date} ${op} ${n}个月 = ${v.result}` : `${v.date} ${op} ${n} months = ${v.result}`;
    }
    case "remaining":
      return zh ? `尚未支付（前面各层支付后）= ${money(v.value, lang)}` : `still open (after the layers before) = ${money(v.value, lang)}`;
    case "balance":
      return zh ? `${named(step, v.name, lang)} 本次后本年累计 = ${fmt(v.value, v.type, lang)}` : `${named(step, v.name, lang)} this year, after this claim = ${fmt(v.value, v.type, lang)}`;
    case "result":
      return zh ? `${named(step, v.name, lang)} = ${money(v.value, lang)}（结算流程的结果）` : `${named(step, v.name, lang)} = ${money(v.value, lang)} (the pipeline's result)`;
    case "claimDate":
      return zh ? `就医日期 = ${v.value}` : `claim date = ${v.value}`;
    case "layer":
      return zh
        ? `${named(step, v.name, lang)} 支付 ${money(v.paid, lang)}（计算得 ${money(v.computed, lang)}；待付 ${money(v.before, lang)} → 剩余 ${money(v.after, lang)}）`
        : `${named(step, v.name, lang)} pays ${money(v.paid, lang)} (computed ${money(v.computed, lang)}; open ${money(v.before, lang)} → left ${money(v.after, lang)})`;
    case "leaves":
      return zh
        ? `${named(step, v.name, lang)} = ${money(v.on, lang)} − 各层合计 ${money(v.paid, lang)} = ${money(v.result, lang)}`
        : `${named(step, v.name, lang)} = ${money(v.on, lang)} − ${money(v.paid, lang)} paid by the layers = ${money(v.result, lang)}`;
  }
  return `${step.op} ${JSON.stringify(v)}`;
}

/** The sections cited, as written: ` §(1) §(2)`. */
function section(s: readonly string[] | undefined): string {
  return s === undefined ? "" : ` ${s.join(" ")}`;
}

/** One step's line, without its children: what it did and the sections it cites. */
export function traceStepText(step: TraceStep, lang: Lang = "zh"): string {
  return `${describe(step, lang)}${section(step.sections)}`;
}

/** The first line: the policy, its effective date, the claim's date. */
export function traceHeading(trace: Trace, lang: Lang = "zh"): string {
  return lang === "zh"
    ? `${trace.policy.title}（${trace.policy.id}，${trace.policy.effective} 起施行），就医日期 ${trace.date}`
    : `${trace.policy.title} (${trace.policy.id}, in force from ${trace.policy.effective}), claim date ${trace.date}`;
}

/** An output's line: its value and sections. */
export function traceOutputText(o: TraceOutput, lang: Lang = "zh"): string {
  const value = typeof o.value === "string" ? fmt(o.value, o.type, lang) : Array.isArray(o.value) ? o.value.join("、") : fmt(String(o.value), o.type, lang);
  return `${o.label ?? o.name} = ${value}${section(o.sections)}`;
}

/** An alert's line: raised or not, and its sections. */
export function traceAlertText(a: TraceAlert, lang: Lang = "zh"): string {
  const zh = lang === "zh";
  const status = a.hit ? (zh ? "触发" : "raised") : zh ? "未触发" : "not raised";
  return `${zh ? "预警" : "alert"} ${a.label ?? a.name}: ${status}${section(a.sections)}`;
}

function steps(list: TraceStep[] | undefined, depth: number, lang: Lang, out: string[]): void {
  for (const step of list ?? []) {
    out.push(`${"  ".repeat(depth)}${traceStepText(step, lang)}`);
    steps(step.children, depth + 1, lang, out);
  }
}

export function renderTraceText(trace: Trace, lang: Lang = "zh"): string {
  const out: string[] = [traceHeading(trace, lang)];
  for (const o of trace.outputs) {
    out.push(traceOutputText(o, lang));
    steps(o.steps, 1, lang, out);
  }
  for (const a of trace.alerts) {
    out.push(traceAlertText(a, lang));
    steps(a.steps, 1, lang, out);
  }
  if (trace.ledger !== undefined) {
    out.push(lang === "zh" ? "台账（每次就医都累计）" : "ledger (added up on every claim)");
    steps(trace.ledger, 1, lang, out);
  }
  return out.join("\n");
}
