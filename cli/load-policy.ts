// Turning a command-line argument into something runnable: a `.bylaw` file is compiled,
// a `.json` file is loaded as an artifact (validated by the runtime before use).
import { compile, type CompileResult, type Lang } from "../compiler/index.ts";
import { renderRuntimeError, tryLoadRuleSet, type RuleSet } from "../runtime/index.ts";
import { diskHost, readText, toCompilerPath } from "./files.ts";
import { countErrors, printDiagnostics, type OutputFormat } from "./report.ts";

export interface CompiledFile {
  path: string;
  text: string;
  result: CompileResult;
}

export function compileFile(file: string): CompiledFile {
  const path = toCompilerPath(file);
  const text = readText(file);
  return { path, text, result: compile(path, text, diskHost) };
}

export class CliError extends Error {}

/** Loads a rule set or explains on stderr why it cannot. */
export function loadPolicyOrArtifact(file: string, lang: Lang, format: OutputFormat = "text"): RuleSet {
  let artifact: unknown;
  if (file.endsWith(".json")) {
    try {
      artifact = JSON.parse(readText(file));
    } catch (e) {
      throw new CliError(`${file}: ${lang === "zh" ? "不是有效的 JSON" : "not valid JSON"}: ${(e as Error).message}`);
    }
  } else {
    let compiled: CompiledFile;
    try {
      compiled = compileFile(file);
    } catch (e) {
      throw new CliError(`${file}: ${(e as Error).message}`);
    }
    const { result, path, text } = compiled;
    if (countErrors(result.diagnostics) > 0 || !result.artifact) {
      printDiagnostics(result.diagnostics, new Map([[path, text]]), lang, format === "json" ? "text" : format);
      throw new CliError(lang === "zh" ? `${file}: 政策有错误，无法运行` : `${file}: the policy has errors and cannot run`);
    }
    artifact = result.artifact;
  }
  const loaded = tryLoadRuleSet(artifact);
  if (!loaded.ok) {
    const err = loaded.error;
    throw new CliError(`${file}: ${err.code}: ${renderRuntimeError(err, lang)}`);
  }
  return loaded.ruleSet;
}
