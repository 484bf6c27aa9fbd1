// A diff in words for policy staff, in Chinese or English: over a population of claims
// (analysis/diff/report.ts), or symbolically (analysis/diff/symbolic.ts).
import { displayWidth, type Lang } from "../compiler/index.ts";
import type { DiffReport } from "../analysis/diff/report.ts";
import type { Counts, PersonChange } from "../analysis/diff/population.ts";
import type { PolicyMeta, Value } from "../runtime/ir/artifact.ts";
import type { Formula, FunctionDiff, SymbolicDiff } from "../analysis/diff/symbolic.ts";
import { D } from "../runtime/ir/decimal.ts";
import { formatDecimal } from "../runtime/ir/money.ts";

const signed = (m: string) => (m.startsWith("-") || /^0\.00$/.test(m) ? m : `+${m}`);
const version = (file: string, m: PolicyMeta) => `${file}: ${m.title} (${m.id}, ${m.effective})`;
const BAR = 40;

/** `files`: the two versions as the user named them. */
export function diffText(r: DiffReport, files: { old: string; new: string }, lang: Lang): string {
  const zh = lang === "zh";
  const out: string[] = [];
  const say = (z: string, e: string) => out.push(zh ? z : e);
  say(`旧版 ${version(files.old, r.old)}`, `old ${version(files.old, r.old)}`);
  say(`新版 ${version(files.new, r.new)}`, `new ${version(files.new, r.new)}`);
  const m = r.measure.output;
  if (r.measure.kind === "share") say(`受益与受损按「${m}」（个人最终负担）判断：负担减少为受益，增加为受损。`, `Gain and loss are judged by ${m} (the patient's final share): a person gains when it falls, loses when it rises.`);
  else say(`受益与受损按「${m}」判断：金额增加为受益，减少为受损。`, `Gain and loss are judged by ${m}: a person gains when it rises, loses when it falls.`);
  const { compared, onlyOld, onlyNew, neither } = r.rows;
  say(`比较 ${compared} 行（两版均结算成功）；仅旧版成功 ${onlyOld} 行，仅新版成功 ${onlyNew} 行，两版均出错 ${neither} 行。`,
    `${compared} rows compared (settled by both); ${onlyOld} settled by the old version only, ${onlyNew} by the new only, ${neither} by neither.`);
  for (const [which, errors] of [["old", r.errors.old], ["new", r.errors.new]] as const) {
    for (const [code, n] of Object.entries(errors)) say(`  ${which === "old" ? "旧版" : "新版"}错误 ${code}：${n} 行`, `  ${which} version error ${code}: ${n} rows`);
  }
  // back-to-back versions (one ends the day before the other starts) are in force on no day together
  const apart = (a: PolicyMeta, b: PolicyMeta) => a.ends !== undefined && a.ends < b.effective;
  if (compared === 0 && (apart(r.old, r.new) || apart(r.new, r.old))) {
    say(`  两版没有同时有效的日期（旧版 ${r.old.effective}–${r.old.ends ?? "…"}，新版 ${r.new.effective}–${r.new.ends ?? "…"}），同一笔就医不能由两版都结算：请比较公式（不给就医文件），或用去掉 ends 的副本。`,
      `  The versions are in force on no day together (old ${r.old.effective}–${r.old.ends ?? "…"}, new ${r.new.effective}–${r.new.ends ?? "…"}), so no claim is settled by both: compare the formulas (no claims file), or diff copies without \`ends\`.`);
  }
  out.push("");
  say("合计（两版均结算的行）：", "Totals (rows settled by both):");
  const rows = [[zh ? "输出" : "output", zh ? "旧版" : "old", zh ? "新版" : "new", zh ? "变化" : "change"], ...r.totals.map((t) => [t.output, t.old, t.new, signed(t.change)])];
  out.push(...table(rows));
  out.push("");
  // from here on amounts are gains (受益): a share that falls is a gain, unlike Totals' new − old
  say(`人数：受益 ${r.gainers} 人，受损 ${r.losers} 人，不变 ${r.unchanged} 人（共 ${r.people} 人，合计受益 ${signed(r.change)} 元）`,
    `People: ${r.gainers} gain, ${r.losers} lose, ${r.unchanged} unchanged (of ${r.people}; net gain ${signed(r.change)})`);
  // the measure did not move but another output did: the headline alone would say "no change"
  const moved = r.totals.filter((t) => t.output !== m && !/^-?0(\.0+)?$/.test(t.change)).map((t) => t.output);
  if (r.gainers === 0 && r.losers === 0 && moved.length > 0) {
    say(`  注意：「${m}」未变，但 ${moved.join("、")} 有变化；可用 --gain 指定判断受益的输出。`,
      `  Note: ${m} did not change, but ${moved.join(", ")} did; --gain judges by another output.`);
  }
  if (r.categories.length > 0) {
    out.push("");
    say("按类别（一人在某类别下的受益只计其该类别的就医）：", "By category (a person's gain in a category counts their claims in it only):");
    const head = [zh ? "类别" : "category", zh ? "人数" : "people", zh ? "受益" : "gain", zh ? "受损" : "lose", zh ? "不变" : "same", zh ? "合计受益" : "net gain"];
    out.push(...table([head, ...r.categories.map((c) => [`${c.field} = ${c.value}`, ...countCells(c)])]));
  }
  for (const [list, z, e] of [[r.largest.gains, "受益最多", "Largest gains"], [r.largest.losses, "受损最多", "Largest losses"]] as const) {
    if (list.length === 0) continue;
    out.push("", zh ? `${z}：` : `${e}:`);
    for (const p of list) out.push(...person(p, m, zh));
  }
  out.push("", zh ? "受益分布（元，每人；受损为负）：" : "Gain per person (yuan; a loss is below 0):");
  const most = Math.max(1, ...r.histogram.map((b) => b.people));
  const labels = r.histogram.map((b) => (b.from === b.to ? (zh ? "不变 0" : "unchanged 0") : b.from.startsWith("-") ? `[${b.from}, ${b.to})` : `(${b.from}, ${b.to}]`));
  const width = Math.max(...labels.map((l) => l.length));
  r.histogram.forEach((b, i) => out.push(`  ${labels[i]!.padStart(width)} ${"█".repeat(Math.round((b.people / most) * BAR))} ${b.people}`));
  return out.join("\n") + "\n";
}

function countCells(c: Counts): string[] {
  return [String(c.people), String(c.gainers), String(c.losers), String(c.unchanged), signed(c.change)];
}

/** A claim's inputs as the file has them, but for its person and date: " (类别 = 特困, 自付 = 10000)". */
function claimInput(input: Record<string, unknown> | undefined, zh: boolean): string {
  if (input === undefined) return "";
  const cells = Object.entries(input).filter(([k, v]) => k !== "person" && k !== "date" && v !== "" && v !== undefined);
  const text = cells.map(([k, v]) => `${k} = ${typeof v === "string" ? v : JSON.stringify(v)}`).join(zh ? "，" : ", ");
  return text === "" ? "" : zh ? `（${text}）` : ` (${text})`;
}

/** A person's change and the claims whose figure changed (JSON lists them all). */
function person(p: PersonChange, measure: string, zh: boolean): string[] {
  const lines = [zh ? `  ${p.person}  ${signed(p.change)} 元（${measure}：旧 ${p.old}，新 ${p.new}）` : `  ${p.person}  ${signed(p.change)} (${measure}: old ${p.old}, new ${p.new})`];
  const changed = p.claims.filter((c) => c.old !== c.new);
  for (const c of changed) {
    const input = claimInput(c.input, zh);
    lines.push(zh ? `      第 ${c.line} 行 ${c.date}${input}：旧 ${c.old}，新 ${c.new}` : `      line ${c.line}, ${c.date}${input}: old ${c.old}, new ${c.new}`);
  }
  const same = p.claims.length - changed.length;
  if (same > 0) lines.push(zh ? `      另有 ${same} 行不变` : `      and ${same} unchanged ${same === 1 ? "claim" : "claims"}`);
  return lines;
}

/** Rows as columns: the first left-aligned, the rest right-aligned (amounts). */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i]!))));
  return rows.map((r) => "  " + r.map((cell, i) => {
    const pad = " ".repeat(widths[i]! - displayWidth(cell));
    return i === 0 ? cell + pad : pad + cell;
  }).join("  "));
}

/** A decimal for reading: exact up to `places` decimals, else rounded to them and marked ≈
 *  (an amount to the fen; a slope to 6 places, as 0.0175 of a rate must not read as ≈0.02). */
function approx(x: string, places: number): string {
  const d = new D(x);
  const near = d.toDecimalPlaces(places);
  return near.eq(d) ? formatDecimal(d) : `≈${formatDecimal(near)}`;
}

/** slope × amount + intercept, written for people: "0.6 × 自付 − 600", "−300", "0". */
export function formulaText(f: Formula, over: string): string {
  const a = new D(f.slope), b = new D(f.intercept);
  const constant = b.isNeg() ? `−${approx(b.abs().toString(), 2)}` : approx(b.toString(), 2);
  if (a.isZero()) return constant;
  const term = `${a.isNeg() ? "−" : ""}${a.abs().eq(1) ? "" : `${approx(a.abs().toString(), 6)} × `}${over}`;
  return b.isZero() ? term : `${term} ${b.isNeg() ? "−" : "+"} ${approx(b.abs().toString(), 2)}`;
}

const MAX_COMBOS = 4;

const valueText = (v: Value) => (Array.isArray(v) ? `[${v.join("、")}]` : String(v));

/**
 * Combinations of inputs for reading: when they are every mix of some values per input (a
 * cross product), each input once with its values ("就诊类型 = 住院 | 门诊"); else listed.
 */
function combosText(inputs: Record<string, Value>[], zh: boolean): string {
  const values = new Map<string, Set<string>>();
  for (const c of inputs) for (const [k, v] of Object.entries(c)) {
    if (!values.has(k)) values.set(k, new Set());
    values.get(k)!.add(valueText(v));
  }
  const sep = zh ? "，" : ", ";
  if (values.size === 0) return zh ? "任何输入" : "any input";
  const product = [...values.values()].reduce((n, vs) => n * vs.size, 1);
  const complete = inputs.every((c) => Object.keys(c).length === values.size);
  if (complete && product === new Set(inputs.map((c) => JSON.stringify(c))).size) {
    return [...values].map(([k, vs]) => `${k} = ${[...vs].join(" | ")}`).join(sep);
  }
  const one = (c: Record<string, Value>) => Object.entries(c).map(([k, v]) => `${k} = ${valueText(v)}`).join(sep);
  const shown = inputs.slice(0, MAX_COMBOS).map(one);
  const more = inputs.length - shown.length;
  return shown.join(zh ? "；" : "; ") + (more > 0 ? (zh ? `；另 ${more} 种组合` : `; and ${more} more combinations`) : "");
}

/** The symbolic diff in words: per result and group of inputs, each range where the formulas differ. */
export function symbolicText(d: SymbolicDiff, meta: { old: PolicyMeta; new: PolicyMeta }, files: { old: string; new: string }, lang: Lang): string {
  const zh = lang === "zh";
  const out: string[] = [];
  const say = (z: string, e: string) => out.push(zh ? z : e);
  say(`旧版 ${version(files.old, meta.old)}`, `old ${version(files.old, meta.old)}`);
  say(`新版 ${version(files.new, meta.new)}`, `new ${version(files.new, meta.new)}`);
  if (d.over === undefined) {
    say("两版都没有可分析的金额输入。", "Neither version has an amount input to analyse over.");
    return out.join("\n") + "\n";
  }
  say(`各结果按其金额输入分析（主要为「${d.over}」；空台账；其他输入取代表值：每个枚举成员（集合取每个成员、两个及全部成员）、是与否、与之比较的每个数值及其前后）；区间为开区间，变化 = 新 − 旧（按公式，未计分位舍入）。`,
    `Each result as a function of the amount it reads (mostly ${d.over}; empty ledger; the other inputs at representative values: each member (of a set: each alone, two, all), true and false, each figure compared with and either side of it); ranges are open, change = new − old (formulas before rounding to the fen).`);
  for (const [names, z, e] of [[d.onlyOld, "仅旧版有的结果", "results only the old version has"], [d.onlyNew, "仅新版有的结果", "results only the new version has"]] as const) {
    if (names.length > 0) out.push(`${zh ? z : e}: ${names.join(zh ? "、" : ", ")}`);
  }
  if (d.later.length > 0) say("按各版生效日：", "On each version's effective date:");
  changes(d.changed, d.unchanged, zh, out);
  // a later date shows what differs from the comparison before it, not every group again
  const key = (f: FunctionDiff) => JSON.stringify([f.output, f.inputs, f.regions, f.points]);
  let before = { from: zh ? "生效日" : "the effective date", shown: new Set(d.changed.map(key)) };
  for (const l of d.later) {
    say(`\n自 ${l.from} 起（有日期的参数取新值），两版均按该日比较：`, `\nFrom ${l.from} (a dated param takes a new value), both versions compared on that date:`);
    const fresh = l.changed.filter((f) => !before.shown.has(key(f)));
    const same = l.changed.length - fresh.length;
    if (same > 0) say(`（${same} 组变化与${before.from}起相同，不再列出）`, `(${same} groups change as from ${before.from}: not repeated)`);
    if (fresh.length > 0 || same === 0) changes(fresh, l.unchanged, zh, out);
    before = { from: zh ? ` ${l.from} ` : l.from, shown: new Set(l.changed.map(key)) };
  }
  return out.join("\n") + "\n";
}

/** One comparison's groups in words: per result and group of inputs, each range where the formulas differ. */
function changes(changed: readonly FunctionDiff[], unchanged: number, zh: boolean, out: string[]): void {
  const say = (z: string, e: string) => out.push(zh ? z : e);
  if (changed.length === 0) say(`没有变化（${unchanged} 种输入组合逐段相同）。`, `No change (${unchanged} combinations of inputs the same piece by piece).`);
  for (const f of changed) {
    const over = f.over;
    out.push("", `${f.output} — ${combosText(f.inputs, zh)}${f.sampled ? (zh ? "（非分段线性，可能有遗漏）" : " (not piecewise linear: changes may be missed)") : ""}`);
    for (const r of f.regions) {
      const range = `(${approx(r.from, 2)}, ${r.to === null ? "∞" : approx(r.to, 2)})`;
      out.push(zh
        ? `  ${over} ∈ ${range}：旧 ${formulaText(r.old, over)}，新 ${formulaText(r.new, over)}，变化 ${formulaText(r.change, over)}`
        : `  ${over} in ${range}: old ${formulaText(r.old, over)}, new ${formulaText(r.new, over)}, change ${formulaText(r.change, over)}`);
    }
    for (const p of f.points) out.push(zh ? `  ${over} = ${p.at}：旧 ${p.old}，新 ${p.new}` : `  ${over} = ${p.at}: old ${p.old}, new ${p.new}`);
  }
  if (changed.length > 0 && unchanged > 0) say(`\n其余 ${unchanged} 种输入组合没有变化。`, `\n${unchanged} other combinations of inputs do not change.`);
}
