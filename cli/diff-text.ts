// A population diff (analysis/diff/report.ts) in words for policy staff, in Chinese or English.
import { displayWidth, type Lang } from "../compiler/index.ts";
import type { DiffReport } from "../analysis/diff/report.ts";
import type { Counts, PersonChange } from "../analysis/diff/population.ts";
import type { PolicyMeta } from "../runtime/ir/artifact.ts";

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
  out.push("");
  say("合计（两版均结算的行）：", "Totals (rows settled by both):");
  const rows = [[zh ? "输出" : "output", zh ? "旧版" : "old", zh ? "新版" : "new", zh ? "变化" : "change"], ...r.totals.map((t) => [t.output, t.old, t.new, signed(t.change)])];
  out.push(...table(rows));
  out.push("");
  say(`人数：受益 ${r.gainers} 人，受损 ${r.losers} 人，不变 ${r.unchanged} 人（共 ${r.people} 人，合计变化 ${signed(r.change)} 元）`,
    `People: ${r.gainers} gain, ${r.losers} lose, ${r.unchanged} unchanged (of ${r.people}; net change ${signed(r.change)})`);
  if (r.categories.length > 0) {
    out.push("");
    say("按类别（一人在某类别下的变化只计其该类别的就医）：", "By category (a person's change in a category counts their claims in it only):");
    const head = [zh ? "类别" : "category", zh ? "人数" : "people", zh ? "受益" : "gain", zh ? "受损" : "lose", zh ? "不变" : "same", zh ? "变化" : "change"];
    out.push(...table([head, ...r.categories.map((c) => [`${c.field} = ${c.value}`, ...countCells(c)])]));
  }
  for (const [list, z, e] of [[r.largest.gains, "受益最多", "Largest gains"], [r.largest.losses, "受损最多", "Largest losses"]] as const) {
    if (list.length === 0) continue;
    out.push("", zh ? `${z}：` : `${e}:`);
    for (const p of list) out.push(...person(p, m, zh));
  }
  out.push("", zh ? "变化分布（元，每人）：" : "Change per person (yuan):");
  const most = Math.max(1, ...r.histogram.map((b) => b.people));
  const labels = r.histogram.map((b) => (b.from === b.to ? (zh ? "不变 0" : "unchanged 0") : b.from.startsWith("-") ? `[${b.from}, ${b.to})` : `(${b.from}, ${b.to}]`));
  const width = Math.max(...labels.map((l) => l.length));
  r.histogram.forEach((b, i) => out.push(`  ${labels[i]!.padStart(width)} ${"█".repeat(Math.round((b.people / most) * BAR))} ${b.people}`));
  return out.join("\n") + "\n";
}

function countCells(c: Counts): string[] {
  return [String(c.people), String(c.gainers), String(c.losers), String(c.unchanged), signed(c.change)];
}

/** A person's change and the claims whose figure changed (JSON lists them all). */
function person(p: PersonChange, measure: string, zh: boolean): string[] {
  const lines = [zh ? `  ${p.person}  ${signed(p.change)} 元（${measure}：旧 ${p.old}，新 ${p.new}）` : `  ${p.person}  ${signed(p.change)} (${measure}: old ${p.old}, new ${p.new})`];
  const changed = p.claims.filter((c) => c.old !== c.new);
  for (const c of changed) lines.push(zh ? `      第 ${c.line} 行 ${c.date}：旧 ${c.old}，新 ${c.new}` : `      line ${c.line}, ${c.date}: old ${c.old}, new ${c.new}`);
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
