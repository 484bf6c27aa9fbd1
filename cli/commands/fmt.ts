// `bylaw fmt [--check] <files…>`: canonical layout in place, or a list of files that would change.
import { format } from "../../grammar/format.ts";
import type { Diagnostic, Lang } from "../../compiler/index.ts";
import { expandPolicyPaths, readText, toCompilerPath } from "../files.ts";
import { printDiagnostics } from "../report.ts";
import { writeFileAtomic } from "../write-file.ts";

export function fmtCommand(paths: string[], opts: { lang: Lang; check: boolean }): number {
  const { files, missing } = expandPolicyPaths(paths);
  for (const m of missing) process.stderr.write(`${m}: ${opts.lang === "zh" ? "找不到文件" : "no such file or folder"}\n`);
  let failed = missing.length > 0;
  for (const file of files) {
    const text = readText(file);
    const result = format(text);
    if (result.text === undefined) {
      const path = toCompilerPath(file);
      const diags: Diagnostic[] = result.errors.map((e) => ({ ...e, severity: "error", file: path }));
      printDiagnostics(diags, new Map([[path, text]]), opts.lang, "text");
      failed = true;
      continue;
    }
    if (result.text === text) continue;
    if (opts.check) {
      process.stdout.write(`${file}\n`);
      failed = true;
    } else {
      writeFileAtomic(file, result.text);
      process.stderr.write(`${opts.lang === "zh" ? "已格式化" : "formatted"} ${file}\n`);
    }
  }
  return failed ? 1 : 0;
}
