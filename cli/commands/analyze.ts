// `bylaw analyze FILE [--format text|json] [--over NAME] [--ledger FILE…] [--chart OUT.svg]`:
// each Money result as a piecewise-linear function of one amount, with its breakpoints, and
// the findings (cliffs, full coverage, unreachable rows, caps that never bind), analysis/.
import { basename } from "node:path";
import { lineCol, type Lang } from "../../compiler/index.ts";
import { renderRuntimeError, type Artifact } from "../../runtime/index.ts";
import {
  analyze, AnalysisTooLarge, breakKindText, changeDates, describeFinding, findingHead, MAX_COMBINATIONS, renderChart, type Analysis, type AnalyzeOptions, type Finding, type LedgerGiven, type RefusedCombination,
} from "../../analysis/index.ts";
import { diskHost, readText } from "../files.ts";
import { CliError, loadPolicyOrArtifact } from "../load-policy.ts";
import type { OutputFormat } from "../report.ts";
import { guardStdout, ioMessage, writeFileAtomic } from "../write-file.ts";

export interface AnalyzeCliOptions {
  lang: Lang;
  format: OutputFormat;
  over?: string;
  ledgers?: string[];
  chart?: string;
  date?: string;
  root?: string;
}

function readLedger(file: string, lang: Lang): LedgerGiven {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(file));
  } catch (e) {
    throw new CliError(e instanceof SyntaxError ? `${file}: ${lang === "zh" ? "台账文件不是有效的 JSON" : "the ledger file is not valid JSON"}` : ioMessage(file, e, lang));
  }
  // a ledger as `eval --ledger` reads it ({year, values}) or its values alone
  const values = (parsed as { values?: unknown })?.values ?? parsed;
  // amounts as decimal strings, as ledgers are written; a count (住院次数: 1) as eval takes it too
  const amount = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? String(v) : v);
  const entries = typeof values === "object" && values !== null && !Array.isArray(values) ? Object.entries(values).map(([k, v]) => [k, amount(v)] as const) : undefined;
  if (!entries?.every(([, v]) => typeof v === "string" && /^\d+(\.\d{1,2})?$/.test(v))) {
    throw new CliError(`${file}: ${lang === "zh" ? "台账应为 {字段: 金额或次数}，如 {\"已救助\": \"1200.50\", \"住院次数\": 1}" : "a ledger is {field: amount or count}, as {\"已救助\": \"1200.50\", \"住院次数\": 1}"}`);
  }
  return { name: basename(file), values: Object.fromEntries(entries) as Record<string, string> };
}

/** analyze, or a one-line refusal when the policy has too many combinations of inputs. */
function analyzeOrSay(a: Artifact, options: AnalyzeOptions, lang: Lang): Analysis {
  try {
    return analyze(a, options);
  } catch (e) {
    if (!(e instanceof AnalysisTooLarge)) throw e;
    const why = lang === "zh"
      ? `输入组合过多（${e.inputs.join("、")} 共 ${e.combinations} 种，上限 ${MAX_COMBINATIONS}）`
      : `too many combinations of inputs (${e.combinations} of ${e.inputs.join(", ")}; at most ${MAX_COMBINATIONS})`;
    throw new CliError(`${a.policy.id}: ${why}`);
  }
}

/** file:line:col of a finding's declaration, when the artifact says where it is written. */
export function findingPlace(a: Artifact, f: Finding, sources: Map<string, string>): { file: string; line: number; column: number } | undefined {
  if (f.span === undefined) return undefined;
  const [src, start] = f.span;
  const file = a.sources[src]?.path;
  if (file === undefined) return undefined;
  if (!sources.has(file)) sources.set(file, diskHost.readFile(file) ?? "");
  const { line, col } = lineCol(sources.get(file)!, start);
  return { file, line, column: col };
}

function findingsAsJson(a: Artifact, fs: Finding[], lang: Lang, sources: Map<string, string>) {
  return fs.map((found) => {
    const { span: _span, ...f } = found;
    return { ...f, message: describeFinding(f, lang), ...findingPlace(a, found, sources) };
  });
}

/** A finding as `check --analyze` reports it: a warning at its declaration, coded `analyze/<kind>`. */
export interface AnalysisWarning {
  file: string;
  line: number;
  column: number;
  code: string;
  severity: "warning";
  message: string;
  /** none for a disagreement between the analysis and the runtime */
  finding?: Omit<Finding, "span">;
}

export function analysisWarnings(a: Artifact, lang: Lang, sources: Map<string, string>): AnalysisWarning[] {
  let found: Analysis;
  try {
    found = analyzeOrSay(a, {}, lang);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    process.stderr.write(e.message + "\n"); // one policy too large to analyse does not stop the check
    return [];
  }
  return warningsOf(a, found, lang, sources);
}

/** An analysis's findings as warnings at their places, and its disagreements with the runtime. */
export function warningsOf(a: Artifact, found: Analysis, lang: Lang, sources: Map<string, string>): AnalysisWarning[] {
  const main = a.sources[0]?.path ?? "";
  const warnings: AnalysisWarning[] = found.findings.map((finding) => {
    const { span: _span, ...f } = finding;
    const p = findingPlace(a, finding, sources) ?? { file: main, line: 1, column: 1 };
    return { ...p, code: `analyze/${f.kind}`, severity: "warning" as const, message: describeFinding(f, lang), finding: f };
  });
  for (const r of found.refused) warnings.push({ file: main, line: 1, column: 1, code: "analyze/refused", severity: "warning", message: refusedText(r, lang) });
  // the analysis is wrong somewhere (`bylaw analyze` exits 2 on it): said, not hidden
  for (const d of found.disagreements) {
    warnings.push({ file: main, line: 1, column: 1, code: "analyze/disagreement", severity: "warning", message: `${lang === "zh" ? "分析与运行时不一致" : "analysis and runtime disagree"}: ${d}` });
  }
  return warnings;
}

function printText(a: Artifact, r: Analysis, date: string | undefined, lang: Lang, sources: Map<string, string>): void {
  const zh = lang === "zh";
  const w = (s: string) => process.stdout.write(s + "\n");
  w(`${a.policy.id} ${a.policy.title}${r.main !== undefined ? (zh ? `：按 ${r.main} 分析` : `: over ${r.main}`) : ""}`);
  // dated values in force later give other functions: say on which date this is, and the others
  // (without --date the findings cover the later dates too: analyze() looks at each)
  const on = date ?? a.policy.effective, later = changeDates(a, on);
  if (later.length > 0) {
    const what = date === undefined ? (zh ? "函数" : "functions") : (zh ? "函数和发现" : "functions and findings");
    const rest = date === undefined ? (zh ? "（发现已包括，函数用 --date 查看）" : " (the findings cover them; --date shows their functions)") : (zh ? "（用 --date 查看）" : " (see them with --date)");
    w(zh ? `${what}按 ${on} 的取值；自 ${later.join("、")} 起有取值变化${rest}` : `${what} on ${on}; dated values change on ${later.join(", ")}${rest}`);
  }
  for (const fn of r.functions) {
    const combos = fn.inputs.map((c) => Object.entries(c).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ") || "—");
    w(`\n${fn.output}${fn.label ? ` (${fn.label})` : ""}${fn.sections ? ` ${fn.sections.join(" ")}` : ""} ${zh ? "关于" : "over"} ${fn.over}${fn.ledger ? ` [${fn.ledger}]` : ""}`);
    w(`  ${zh ? "输入" : "inputs"}: ${combos.slice(0, 3).join(" | ")}${combos.length > 3 ? ` (+${combos.length - 3})` : ""}`);
    if (fn.sampled) w(`  ${zh ? "非分段线性，取样" : "not piecewise linear, sampled"}: ${fn.sampled.join("; ")}`);
    for (const b of fn.breakpoints) w(`  ${b.fen.padStart(12)}  ${breakKindText(b.kind, lang)} ${b.name}${b.sections ? ` ${b.sections.join(" ")}` : ""}: ${b.before} → ${b.value}`);
  }
  w(`\n${zh ? "发现" : "findings"}: ${r.findings.length}`);
  for (const f of r.findings) {
    const p = findingPlace(a, f, sources);
    const where = p === undefined ? "" : `${p.file}:${p.line}:${p.column}: `;
    w(`${where}${findingHead(f, lang)}${f.section ? ` ${f.section}` : ""}${f.sampled ? (zh ? "（取样）" : " (sampled)") : ""}: ${describeFinding(f, lang)}`);
    w(`  ${zh ? "示例" : "example"}: ${JSON.stringify(f.example)}${f.ledger ? ` ${zh ? "台账" : "ledger"} ${f.ledger}` : ""}`);
  }
  for (const x of r.refused) w(refusedText(x, lang));
  for (const d of r.disagreements) w(`${zh ? "分析与运行时不一致" : "analysis and runtime disagree"}: ${d}`);
}

/** Claims of a combination the runtime refuses, with its reason: they have no function. */
function refusedText(r: RefusedCombination, lang: Lang): string {
  const inputs = Object.entries(r.inputs).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ");
  const why = renderRuntimeError({ code: r.code, args: r.args }, lang);
  if (lang === "zh") return `运行时拒绝结算${inputs === "" ? "部分金额" : `（${inputs}）`}：${r.code} ${why}（未分析）`;
  return `the runtime refuses claims ${inputs === "" ? "of some amounts" : `with ${inputs}`}: ${r.code} ${why} (not analysed)`;
}

export async function analyzeCommand(file: string, opts: AnalyzeCliOptions): Promise<number> {
  guardStdout(opts.lang);
  const ruleSet = await loadPolicyOrArtifact(file, { lang: opts.lang, root: opts.root });
  const a = ruleSet.artifact;
  if (opts.over !== undefined && !a.schema.fields.some((f) => f.name === opts.over && f.type === "Money")) {
    throw new CliError(`--over ${opts.over}: ${opts.lang === "zh" ? "不是该政策的金额输入" : "not a Money input of this policy"}`);
  }
  const ledgers = (opts.ledgers ?? []).map((f) => readLedger(f, opts.lang));
  const r = analyzeOrSay(a, { ...(opts.over !== undefined ? { over: opts.over } : {}), ledgers, ...(opts.date !== undefined ? { date: opts.date } : {}) }, opts.lang);
  const sources = new Map<string, string>();
  if (opts.chart !== undefined) {
    try {
      writeFileAtomic(opts.chart, renderChart(r.functions, opts.lang));
    } catch (e) {
      throw new CliError(ioMessage(opts.chart, e, opts.lang));
    }
  }
  if (opts.format === "json") {
    const json = { policy: a.policy.id, main: r.main, functions: r.functions, findings: findingsAsJson(a, r.findings, opts.lang, sources), refused: r.refused, disagreements: r.disagreements };
    process.stdout.write(JSON.stringify(json, null, 2) + "\n");
  } else {
    printText(a, r, opts.date, opts.lang, sources);
  }
  return r.disagreements.length > 0 ? 2 : 0;
}
