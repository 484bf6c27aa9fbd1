// `bylaw eval <policy|artifact> --input claim.json [--ledger l.json] [--date d] [--explain]`
import type { Lang } from "../../compiler/index.ts";
import { renderRuntimeError, renderTraceText, stampLedger, type Ledger, type RuleSet } from "../../runtime/index.ts";
import { errorsAsJson } from "../batch-format.ts";
import { readText } from "../files.ts";
import { CliError, loadPolicyOrArtifact } from "../load-policy.ts";
import type { OutputFormat } from "../report.ts";
import { guardStdout, ioMessage, writeFileAtomic } from "../write-file.ts";

export interface EvalOptions {
  lang: Lang;
  format: OutputFormat;
  input: string;
  ledger?: string;
  ledgerOut?: string;
  date?: string;
  explain: boolean;
  root?: string;
  trust?: string[];
}

function readJson(file: string, what: string, lang: Lang): unknown {
  let text: string;
  try {
    text = readText(file);
  } catch (e) {
    throw new CliError(ioMessage(file, e, lang));
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const zh = what === "input" ? "输入" : "台账";
    throw new CliError(`${file}: ${lang === "zh" ? `${zh}文件不是有效的 JSON` : `the ${what} file is not valid JSON`}: ${(e as Error).message}`);
  }
}

/** Labels of outputs, layers and pipeline shares, for human output. */
function outputLabels(ruleSet: RuleSet): Map<string, string> {
  const labels = new Map<string, string>();
  const { ir } = ruleSet.artifact;
  for (const o of ir.outputs) if (o.label) labels.set(o.name, o.label);
  for (const p of ir.pipelines) {
    for (const l of p.layers) if (l.label) labels.set(l.name, l.label);
    if (p.leaves.label) labels.set(p.leaves.name, p.leaves.label);
  }
  return labels;
}

export async function evalCommand(policy: string, opts: EvalOptions): Promise<number> {
  guardStdout(opts.lang);
  const ruleSet = await loadPolicyOrArtifact(policy, opts);
  const input = readJson(opts.input, "input", opts.lang);
  const ledger = opts.ledger ? (readJson(opts.ledger, "ledger", opts.lang) as Ledger) : undefined;
  const result = ruleSet.evaluate(input, ledger, { date: opts.date, trace: opts.explain });
  if (!result.ok) {
    if (opts.format === "json") process.stdout.write(JSON.stringify({ ...result, errors: errorsAsJson(result.errors, opts.lang) }, null, 2) + "\n");
    else for (const e of result.errors) process.stderr.write(`${e.field}: ${e.code}: ${renderRuntimeError(e, opts.lang)}\n`);
    return 1;
  }
  // an earlier year's ledger is not read (the claim's year opens at 0): said, as it surprises
  if (ledger && typeof ledger.year === "number" && ledger.year < result.ledger.year) {
    process.stderr.write(opts.lang === "zh"
      ? `${opts.ledger}: 台账为 ${ledger.year} 年的，本次就医在 ${result.ledger.year} 年：新年度台账从 0 开始\n`
      : `${opts.ledger}: the ledger is of ${ledger.year}, the claim of ${result.ledger.year}: the new year's ledger opens at 0\n`);
  }
  if (opts.ledgerOut) {
    try {
      // stamped: a ledger file read later under another policy is refused (BR2027)
      writeFileAtomic(opts.ledgerOut, JSON.stringify(stampLedger(result.ledger, ruleSet.meta), null, 2) + "\n");
    } catch (e) {
      throw new CliError(ioMessage(opts.ledgerOut, e, opts.lang));
    }
  }
  if (opts.format === "json") {
    process.stdout.write(JSON.stringify(result, null, 2) + "\n");
    return 0;
  }
  const labels = outputLabels(ruleSet);
  const zh = opts.lang === "zh";
  for (const [name, value] of Object.entries(result.outputs)) {
    const label = labels.get(name);
    process.stdout.write(`${name}${label ? ` (${label})` : ""} = ${String(value)}\n`);
  }
  for (const a of result.alerts) {
    process.stdout.write(`${zh ? "预警" : "alert"}: ${a.name}${a.label ? ` (${a.label})` : ""}${a.sections ? ` ${a.sections.join(" ")}` : ""}\n`);
  }
  process.stdout.write(`${zh ? "台账" : "ledger"} ${result.ledger.year}: ${JSON.stringify(result.ledger.values)}\n`);
  if (opts.explain && result.trace) process.stdout.write("\n" + renderTraceText(result.trace, opts.lang) + "\n");
  return 0;
}
