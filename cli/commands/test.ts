// `bylaw test [paths…]`: runs every test block; expected vs actual and the trace on failure.
import type { Lang } from "../../compiler/index.ts";
import { Coverage, renderRuntimeError, runTests, tryLoadRuleSet } from "../../runtime/index.ts";
import { coverageLcov, coverageText, Sources } from "../coverage-report.ts";
import { ioMessage, writeFileAtomic } from "../write-file.ts";
import { expandPolicyPaths } from "../files.ts";
import { CliError, compileOrSay } from "../load-policy.ts";
import { countErrors, printDiagnostics } from "../report.ts";

export interface TestOptions {
  lang: Lang;
  verbose: boolean;
  root?: string;
  /** report what the tests reach (runtime/coverage.ts) */
  coverage?: boolean;
  /** write lcov records of that coverage here */
  lcov?: string;
}

export function testCommand(paths: string[], opts: TestOptions): number {
  const zh = opts.lang === "zh";
  const { files, missing } = expandPolicyPaths(paths.length > 0 ? paths : ["policies"]);
  let passed = 0;
  let failed = 0;
  const sources = new Sources();
  const lcov: string[] = [];
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
    const cov = opts.coverage || opts.lcov !== undefined ? new Coverage(loaded.ruleSet.artifact) : undefined;
    const cases = loaded.ruleSet.artifact.tests;
    for (const [i, t] of runTests(loaded.ruleSet, opts.lang, cov && ((trace) => cov.hit(trace))).entries()) {
      if (t.passed) {
        passed++;
        if (opts.verbose) process.stdout.write(`✓ ${path}: ${t.name}\n`);
        continue;
      }
      failed++;
      // at the test's line, so an editor's terminal links to it
      const at = cases[i] && sources.where(loaded.ruleSet.artifact, cases[i]);
      process.stdout.write(`✗ ${at ? `${at.file}:${at.line}:${at.col}` : path}: ${t.name}\n`);
      // each failing claim's failures, then that claim's explanation
      t.failures.forEach((f, j) => {
        const claim = zh ? `第 ${f.claim + 1} 次就医` : `claim ${f.claim + 1}`;
        process.stdout.write(`    ${claim}, ${f.what}: ${zh ? "期望" : "expected"} ${f.expected}, ${zh ? "实际" : "actual"} ${f.actual}\n`);
        const trace = t.traces?.[f.claim];
        if (trace !== undefined && t.failures[j + 1]?.claim !== f.claim) process.stdout.write(trace.replace(/^/gm, "      ") + "\n");
      });
    }
    if (cov !== undefined) {
      if (opts.coverage) process.stdout.write(coverageText(path, loaded.ruleSet.artifact, cov, sources, opts.lang));
      lcov.push(coverageLcov(loaded.ruleSet.artifact, cov, sources));
    }
  }
  if (opts.lcov !== undefined) {
    try {
      writeFileAtomic(opts.lcov, lcov.join(""));
    } catch (e) {
      throw new CliError(ioMessage(opts.lcov, e, opts.lang));
    }
  }
  // The plain closing line CI readers look for.
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
