// `bylaw compile <file> [-o out.json]`: the self-contained artifact, written whole or not at all.
// `--target sql --dialect duckdb|postgres|spark|trino`: the rule set as SQL (sql/index.ts)
// instead; a rule without an SQL plan is refused with its BS code, naming the output. Several
// files with --target sql: versions of one policy, a rule book (sql/rulebook.ts), each claim
// settled by the version in force on its date.
import type { Lang } from "../../compiler/index.ts";
import { loadRuleSet } from "../../runtime/index.ts";
import type { Artifact } from "../../runtime/ir/artifact.ts";
import { compileRuleBookSql, compileSql, renderSqlMessage, type DialectName } from "../../sql/index.ts";
import { CliError, compileFile, ruleBookOf } from "../load-policy.ts";
import { countErrors, printDiagnostics } from "../report.ts";
import { signArtifact } from "../signing.ts";
import { writeFileAtomic } from "../write-file.ts";

export interface CompileOptions {
  lang: Lang;
  out?: string;
  root?: string;
  sign?: string;
  /** artifact (default) or sql */
  target?: "artifact" | "sql";
  dialect?: DialectName;
}

export function compileCommand(file: string | readonly string[], opts: CompileOptions): number {
  const files = typeof file === "string" ? [file] : file;
  if (files.length > 1 && opts.target !== "sql") {
    throw new CliError(opts.lang === "zh" ? "多个文件（规则集的各版本）仅用于 --target sql" : "several files (versions of one policy) are for --target sql only");
  }
  const artifacts: Artifact[] = [];
  for (const f of files) {
    const { path, text, result } = compileFile(f, opts.lang, opts.root);
    printDiagnostics(result.diagnostics, new Map([[path, text]]), opts.lang, "text");
    if (countErrors(result.diagnostics) > 0 || !result.artifact) return 1;
    artifacts.push(result.artifact);
  }
  let out: string;
  if (opts.target === "sql") {
    const dialect = opts.dialect ?? "duckdb";
    let sql;
    if (files.length === 1) sql = compileSql(artifacts[0]!, { dialect, lang: opts.lang });
    else {
      ruleBookOf(artifacts.map((a) => loadRuleSet(a)), files, opts.lang); // versions of one policy, none overlapping
      sql = compileRuleBookSql(artifacts, { dialect, lang: opts.lang });
    }
    if (!sql.ok) {
      for (const d of sql.diagnostics) process.stderr.write(`${files.join(", ")}: error ${d.code}: ${renderSqlMessage(d.code, d.args, opts.lang)}\n`);
      return 1;
    }
    out = sql.sql;
  } else {
    const artifact = opts.sign ? signArtifact(artifacts[0]!, opts.sign, opts.lang) : artifacts[0]!;
    out = JSON.stringify(artifact, null, 2) + "\n";
  }
  if (opts.out) writeFileAtomic(opts.out, out);
  else process.stdout.write(out);
  return 0;
}
