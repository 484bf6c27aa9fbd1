// `bylaw test [paths…]`: runs every test block; expected vs actual and the trace on failure.
import type { Lang } from "../../compiler/index.ts";
import { renderRuntimeError, runTests, tryLoadRuleSet } from "../../runtime/index.ts";
import { expandPolicyPaths } from "../files.ts";
import { compileOrSay } from "../load-policy.ts";
import { countErrors, printDiagnostics } from "../report.ts";

export function testCommand(paths: string[], opts: { lang: Lang; verbose: boolean; root?: string }): number {
  const zh = opts.lang === "zh";
  const { files, missing } = expandPolicyPaths(paths.length > 0 ? paths : ["policies"]);
  let passed = 0;
  let failed = 0;
  for (const m of missing) {
    process.stderr.write(`${m}: ${zh ? "找不到文件" : "no such file or folder"}\n`);
    failed++;
  }
  for (const file of files) {
    const compiled = compileOrSay(file, opts.lang, opts.root);
    if (!compiled) {
      failed++;
      continue;
    }
    const { path, text, result } = compiled;
    if (countErrors(result.diagnostics) > 0 || !result.artifact) {
      printDiagnostics(result.diagnostics, new Map([[path, text]]), opts.lang, "text");
      process.stdout.write(`✗ ${path}: ${zh ? "编译失败" : "does not compile"}\n`);
      failed++;
      continue;
    }
    const loaded = tryLoadRuleSet(result.artifact);
    if (!loaded.ok) {
      process.stdout.write(`✗ ${path}: ${loaded.error.code}: ${renderRuntimeError(loaded.error, opts.lang)}\n`);
      failed++;
      continue;
    }
    for (const t of runTests(loaded.ruleSet, opts.lang)) {
      if (t.passed) {
        passed++;
        if (opts.verbose) process.stdout.write(`✓ ${path}: ${t.name}\n`);
        continue;
      }
      failed++;
      process.stdout.write(`✗ ${path}: ${t.name}\n`);
      for (const f of t.failures) {
        const claim = zh ? `第 ${f.claim + 1} 次就医` : `claim ${f.claim + 1}`;
        process.stdout.write(`    ${claim}, ${f.what}: ${zh ? "期望" : "expected"} ${f.expected}, ${zh ? "实际" : "actual"} ${f.actual}\n`);
      }
      if (t.trace) process.stdout.write(t.trace.replace(/^/gm, "      ") + "\n");
    }
  }
  // The plain closing line CI readers look for.
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
