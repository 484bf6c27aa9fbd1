// `bylaw check <files…>`: every diagnostic of every file, exit 1 on any error.
import type { Diagnostic, Lang } from "../../compiler/index.ts";
import { expandPolicyPaths } from "../files.ts";
import { compileOrSay } from "../load-policy.ts";
import { countErrors, diagnosticsAsJson, printDiagnostics, sourcesFor, type OutputFormat } from "../report.ts";
import { analysisWarnings, type AnalysisWarning } from "./analyze.ts";

export function checkCommand(paths: string[], opts: { lang: Lang; format: OutputFormat; root?: string; analyze?: boolean }): number {
  const { files, missing } = expandPolicyPaths(paths);
  for (const m of missing) process.stderr.write(`${m}: ${opts.lang === "zh" ? "找不到文件" : "no such file or folder"}\n`);
  const all: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const found: AnalysisWarning[] = [];
  let unreadable = 0;
  for (const file of files) {
    const compiled = compileOrSay(file, opts.lang, opts.root);
    if (!compiled) {
      unreadable++;
      continue;
    }
    sources.set(compiled.path, compiled.text);
    all.push(...compiled.result.diagnostics);
    const artifact = compiled.result.artifact;
    if (opts.analyze === true && artifact !== undefined && countErrors(compiled.result.diagnostics) === 0) {
      found.push(...analysisWarnings(artifact, opts.lang, sources));
    }
  }
  if (opts.format === "json" && opts.analyze === true) {
    process.stdout.write(JSON.stringify([...diagnosticsAsJson(all, sourcesFor(all, sources), opts.lang), ...found], null, 2) + "\n");
  } else {
    printDiagnostics(all, sources, opts.lang, opts.format);
    if (opts.format === "text") for (const w of found) process.stderr.write(`${w.file}:${w.line}:${w.column}: warning ${w.code}: ${w.message}\n`);
  }
  const errors = countErrors(all);
  const warnings = all.length + found.length - errors;
  if (opts.format === "text") {
    const summary =
      opts.lang === "zh"
        ? `检查了 ${files.length} 个文件：${errors} 个错误，${warnings} 个警告`
        : `checked ${files.length} file${files.length === 1 ? "" : "s"}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
    process.stderr.write(summary + "\n");
  }
  return errors > 0 || missing.length > 0 || unreadable > 0 || files.length === 0 ? 1 : 0;
}
