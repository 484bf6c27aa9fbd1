// `bylaw check <files…>`: every diagnostic of every file, exit 1 on any error.
import type { Diagnostic, Lang } from "../../compiler/index.ts";
import { expandPolicyPaths } from "../files.ts";
import { compileOrSay } from "../load-policy.ts";
import { countErrors, printDiagnostics, type OutputFormat } from "../report.ts";

export function checkCommand(paths: string[], opts: { lang: Lang; format: OutputFormat; root?: string }): number {
  const { files, missing } = expandPolicyPaths(paths);
  for (const m of missing) process.stderr.write(`${m}: ${opts.lang === "zh" ? "找不到文件" : "no such file or folder"}\n`);
  const all: Diagnostic[] = [];
  const sources = new Map<string, string>();
  let unreadable = 0;
  for (const file of files) {
    const compiled = compileOrSay(file, opts.lang, opts.root);
    if (!compiled) {
      unreadable++;
      continue;
    }
    sources.set(compiled.path, compiled.text);
    all.push(...compiled.result.diagnostics);
  }
  printDiagnostics(all, sources, opts.lang, opts.format);
  const errors = countErrors(all);
  const warnings = all.length - errors;
  if (opts.format === "text") {
    const summary =
      opts.lang === "zh"
        ? `检查了 ${files.length} 个文件：${errors} 个错误，${warnings} 个警告`
        : `checked ${files.length} file${files.length === 1 ? "" : "s"}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
    process.stderr.write(summary + "\n");
  }
  return errors > 0 || missing.length > 0 || unreadable > 0 || files.length === 0 ? 1 : 0;
}
