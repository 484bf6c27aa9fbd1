// Turning a command-line argument into something runnable: a `.bylaw` file is compiled,
// a `.json` file is loaded as an artifact (validated by the runtime before use).
import { dirname } from "node:path";
import { compile, MAX_SOURCE_BYTES, type CompileResult, type Lang } from "../compiler/index.ts";
import { ArtifactError, importTrustedKey, loadRuleSet, loadTrustedRuleSet, renderRuntimeError, RuleBook, type RuleSet, type TrustedKey } from "../runtime/index.ts";
import { policyHost, readPolicyFile, readText, toCompilerPath } from "./files.ts";
import { countErrors, printDiagnostics } from "./report.ts";

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

export interface LoadOptions {
  lang: Lang;
  /** folder a policy's imports may be read from */
  root?: string;
  /** public key files: when given, only an artifact signed by one of them is run */
  trust?: readonly string[];
}

/** Loads a rule set or explains on stderr why it cannot. */
export async function loadPolicyOrArtifact(file: string, opts: LoadOptions): Promise<RuleSet> {
  const { lang } = opts;
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
      compiled = compileFile(file, lang, opts.root);
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`${file}: ${(e as Error).message}`);
    }
    const { result, path, text } = compiled;
    if (countErrors(result.diagnostics) > 0 || !result.artifact) {
      printDiagnostics(result.diagnostics, new Map([[path, text]]), lang, "text");
      throw new CliError(lang === "zh" ? `${file}: 政策有错误，无法运行` : `${file}: the policy has errors and cannot run`);
    }
    artifact = result.artifact;
  }
  // with trusted keys, a policy compiled here is unsigned, and refused like any unsigned artifact
  const trusted = opts.trust && opts.trust.length > 0 ? await readTrustedKeys(opts.trust, lang) : undefined;
  try {
    return trusted ? await loadTrustedRuleSet(artifact, trusted) : loadRuleSet(artifact);
  } catch (e) {
    if (!(e instanceof ArtifactError)) throw e;
    throw new CliError(`${file}: ${e.code}: ${renderRuntimeError(e, lang)}`);
  }
}

/**
 * Versions of one policy as a rule book (each claim settled by the version in force on its
 * date), from several files; one file is its rule set. Versions of two policies, or two in
 * force on one day (BR1026), are refused naming them.
 */
export function ruleBookOf(ruleSets: readonly RuleSet[], files: readonly string[], lang: Lang): RuleSet | RuleBook {
  if (ruleSets.length === 1) return ruleSets[0]!;
  const id = ruleSets[0]!.meta.id;
  const other = ruleSets.findIndex((rs) => rs.meta.id !== id);
  if (other >= 0) {
    throw new CliError(lang === "zh"
      ? `${files[other]}: 政策 \`${ruleSets[other]!.meta.id}\` 与 ${files[0]} 的 \`${id}\` 不同：多个文件须为同一政策的不同版本`
      : `${files[other]}: policy \`${ruleSets[other]!.meta.id}\` is not ${files[0]}'s \`${id}\`: several files must be versions of one policy`);
  }
  try {
    return new RuleBook([...ruleSets]);
  } catch (e) {
    if (!(e instanceof ArtifactError)) throw e;
    throw new CliError(`${files.join(", ")}: ${e.code}: ${renderRuntimeError(e, lang)}`);
  }
}

/** loadPolicyOrArtifact for each file, as a rule book when there are several (ruleBookOf). */
export async function loadRuleBook(files: readonly string[], opts: LoadOptions): Promise<RuleSet | RuleBook> {
  const ruleSets: RuleSet[] = [];
  for (const file of files) ruleSets.push(await loadPolicyOrArtifact(file, opts));
  return ruleBookOf(ruleSets, files, opts.lang);
}

/** The public keys in `files`, ready to verify with; a file that is not one stops the command. */
async function readTrustedKeys(files: readonly string[], lang: Lang): Promise<TrustedKey[]> {
  const keys: TrustedKey[] = [];
  for (const file of files) {
    let pem: string;
    try {
      pem = readText(file);
    } catch (e) {
      throw new CliError(`${file}: ${(e as Error).message}`);
    }
    try {
      keys.push(await importTrustedKey(pem));
    } catch (e) {
      if (!(e instanceof ArtifactError)) throw e;
      throw new CliError(`${file}: ${e.code}: ${renderRuntimeError(e, lang)}`);
    }
  }
  return keys;
}
