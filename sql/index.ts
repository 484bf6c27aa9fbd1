// The SQL target: a checked rule set as SQL for DuckDB, PostgreSQL, Spark SQL or Trino, to
// settle claims where they are kept. A consumer of the IR: it reads the artifact, the
// runtime's tables of meaning (runtime/ir), its error registry (runtime/errors.ts: the same
// messages), which defines write ledgers (runtime/load/ledger-writers.ts) and, for the DuckDB
// reader, what an input expects (eval/validate-input.ts); nothing of the evaluators.
//
// API (stable; bylaw compile --target sql and bylaw batch --engine duckdb use it):
//   compileSql(artifact, { dialect, lang?, claims?, ledgers?, prefix?, readErrors? })
//     → { ok: true, sql } | { ok: false, diagnostics }
//   The SQL defines three views (prefix `bylaw_`, temporary where the engine has them):
//     bylaw_settled  every column (the results', and each ledger's balance after the claim)
//     bylaw_results  one row per claim: seq, person, date (text), ok, each output by name
//                    (Money as DECIMAL(38, 2); other numbers, dates as the runtime's text),
//                    alerts (names joined by `;`), errors (`field: CODE message`, `; `-joined)
//     bylaw_closing  one row per person and year: person, year, each ledger field (DECIMAL)
//   over two tables the caller provides (names configurable):
//     claims      person (text), date (DATE), seq (BIGINT: the order claims are settled in),
//                 and one column per input named as the input: Money DECIMAL(18, 2); Rate,
//                 Number, Points DECIMAL(38, 10); Int BIGINT; Bool BOOLEAN; Date DATE; Text and
//                 enums text (the member's name); a set BIGINT (bit i: the enum's i-th member);
//                 Duration INTEGER. NULL is a value left out (its default applies).
//     ledgers_in  person, year (INTEGER), one DECIMAL(18, 2) column per ledger field
//   sqlColumnType(type, dialect) gives each input's column type.
//   readErrors: the claims table also has `!row`, `!unknown` and `X!error` text columns
//   (sql/read-claims.ts writes them from a CSV or Parquet read as text).
// Year-to-date rules are window sums; a yearly limit read from the claim (it may change within
// a year) and a sub-cap need an ordered fold (sql/fold.ts): DuckDB list_reduce, Spark
// aggregate(), Trino reduce() over the window's list, PostgreSQL an aggregate it defines in
// pg_temp — those definitions (the preamble) open the SQL, before the views.
// Diagnostics (BS codes, sql/diagnostics.ts) name the output a rule has no plan for.
//   compileRuleBookSql(artifacts, { dialect, … }): several versions of one policy, each claim
//   settled by the version in force on its date (sql/rulebook.ts).
import type { Artifact, TypeName } from "../runtime/ir/artifact.ts";
import { kindOf } from "../runtime/ir/types.ts";
import { DIALECT, type Dialect, type DialectName } from "./dialect.ts";
import type { SqlDiagnostic } from "./diagnostics.ts";
import { Settlement, type SqlOptions } from "./settlement.ts";
import { INPUT_SCALE } from "./translate.ts";

export { DIALECTS, type DialectName } from "./dialect.ts";
export { renderSqlMessage, SQL_CODES, type SqlCode, type SqlDiagnostic } from "./diagnostics.ts";
export type { SqlOptions } from "./settlement.ts";
export { compileRuleBookSql, type BookOptions, type BookResult } from "./rulebook.ts";

export type SqlResult = { ok: true; sql: string } | { ok: false; diagnostics: SqlDiagnostic[] };

export function compileSql(artifact: Artifact, options: SqlOptions & { dialect: DialectName }): SqlResult {
  const d = DIALECT[options.dialect];
  const st = new Settlement(artifact, d, options);
  const body = st.build();
  if (body === undefined) return { ok: false, diagnostics: st.diagnostics };
  const preamble = foldPreamble(d, st.ledgers.folded);
  const p = artifact.policy;
  const head = [
    `-- bylaw: ${p.id} "${p.title}" (${p.effective}${p.ends === undefined ? "" : ` – ${p.ends}`}), ${d.name}`,
    `-- artifact ${artifact.integrity}`,
    `-- reads ${options.claims ?? "claims"} and ${options.ledgers ?? "ledgers_in"}; see sql/index.ts for the columns`,
  ].join("\n");
  return { ok: true, sql: `${head}\n${preamble}${body}\n` };
}

/** The dialect's ordered-fold definitions, which must run before views that fold (none when nothing does). */
export function foldPreamble(d: Dialect, folded: boolean): string {
  return folded ? d.fold.preamble.map((s) => `${s};\n\n`).join("") : "";
}

/** The claims table's column type for an input of `type`. */
export function sqlColumnType(type: TypeName, dialect: DialectName): string {
  const d = DIALECT[dialect];
  switch (kindOf(type)) {
    case "num":
      return type === "Money" ? d.decimal(2).replace("38", "18") : type === "Int" ? "BIGINT" : d.decimal(INPUT_SCALE);
    case "limit":
      return d.decimal(2);
    case "bool":
      return "BOOLEAN";
    case "date":
      return "DATE";
    case "duration":
      return "INTEGER";
    case "set":
      return "BIGINT";
    default:
      return dialect === "spark" ? "STRING" : "VARCHAR";
  }
}
