// Turning a command-line argument into something runnable: a `.bylaw` file is compiled,
// a `.json` file is loaded as an artifact (validated by the runtime before use).
import { dirname } from "node:path";
import { compile, MAX_SOURCE_BYTES, type CompileResult, type Lang } from "../compiler/index.ts";
import { tryLoadRuleSet, type RuleSet } from "../runtime/index.ts";
import { policyHost, readPolicyFile, readText, toCompilerPath } from "./files.ts";
import { countErrors, printDiagnostics, type OutputFormat } from "./report.ts";

export interface CompiledFile {
  path: string;
  text: string;
  result: CompileResult;
}

export class CliError extends Error {}

/** Compiles a policy file; its imports and parents are read only from `root` (default: the
 *  file's own folder). A file that is not a regular policy file of a sane size is refused. */
export function compileFile(file: string, lang: Lang, root?: string): CompiledFile {
  const path = toCompilerPath(file);
  const text = readPolicyFile(file);
  if (text === undefined) throw new CliError(`${file}: ${lang === "zh" ? "找不到文件" : "no such file"}`);
  if (typeof text !== "string") {
    const why = text.refused === "tooLarge"
      ? (lang === "zh" ? `超过 ${MAX_SOURCE_BYTES} 字节` : `larger than ${MAX_SOURCE_BYTES} bytes`)
      : (lang === "zh" ? "不是普通文件" : "not a regular file");
    throw new CliError(`${file}: ${why}`);
  }
  const folder = root ?? dirname(file);
  return { path, text, result: compile(path, text, policyHost(folder), { root: toCompilerPath(folder) }) };
}

/** compileFile for a command going through many files: an unreadable one is said on stderr
 *  (and answers undefined) instead of stopping the rest. */
export function compileOrSay(file: string, lang: Lang, root?: string): CompiledFile | undefined {
  try {
    return compileFile(file, lang, root);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    process.stderr.write(e.message + "\n");
    return undefined;
  }
}

/** Loads a rule set or explains on stderr why it cannot; a policy's imports are read from `root`. */
export function loadPolicyOrArtifact(file: string, lang: Lang, root?: string, format: OutputFormat = "text"): RuleSet {
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
      compiled = compileFile(file, lang, root);
    } catch (e) {
      if (e instanceof CliError) throw e;
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
    throw new CliError(`${file}: ${err.code}: ${lang === "zh" ? err.messageZh : err.message}`);
  }
  return loaded.ruleSet;
}
