// `bylaw compile <file> [-o out.json]`: the self-contained artifact, written whole or not at all.
// `--target sql --dialect duckdb|postgres|spark|trino`: the rule set as SQL (sql/index.ts)
// instead; a rule without an SQL plan is refused with its BS code, naming the output.
import type { Lang } from "../../compiler/index.ts";
import { compileSql, renderSqlMessage, type DialectName } from "../../sql/index.ts";
import { compileFile } from "../load-policy.ts";
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

export function compileCommand(file: string, opts: CompileOptions): number {
  const { path, text, result } = compileFile(file, opts.lang, opts.root);
  printDiagnostics(result.diagnostics, new Map([[path, text]]), opts.lang, "text");
  if (countErrors(result.diagnostics) > 0 || !result.artifact) return 1;
  let out: string;
  if (opts.target === "sql") {
    const sql = compileSql(result.artifact, { dialect: opts.dialect ?? "duckdb", lang: opts.lang });
    if (!sql.ok) {
      for (const d of sql.diagnostics) process.stderr.write(`${path}: error ${d.code}: ${renderSqlMessage(d.code, d.args, opts.lang)}\n`);
      return 1;
    }
    out = sql.sql;
  } else {
    const artifact = opts.sign ? signArtifact(result.artifact, opts.sign, opts.lang) : result.artifact;
    out = JSON.stringify(artifact, null, 2) + "\n";
  }
  if (opts.out) writeFileAtomic(opts.out, out);
  else process.stdout.write(out);
  return 0;
}
