// `bylaw batch --engine duckdb|postgres` with several versions of a policy (a rule book): the
// SQL of sql/rulebook.ts — on DuckDB over the bucket's claims, each later version reading the
// claims of its dates from a table of its own (`claims_<k>`: their cells typed as that version
// types them) — and the closing ledgers written with the fields, and in the order, the JS batch
// writes them.
import type { Lang } from "../compiler/index.ts";
import type { PolicyMeta } from "../runtime/ir/artifact.ts";
import type { RuleSet } from "../runtime/index.ts";
import { compileRuleBookSql, type SqlDiagnostic } from "../sql/index.ts";
import { DIALECT, type DialectName } from "../sql/dialect.ts";
import { rawColumn } from "../sql/read-claims.ts";

const d = DIALECT.duckdb;

/** The raw claims a version may settle: those whose date (still text) falls in its dates. The
 *  route (sql/rulebook.ts) picks the ones it does; a row with a bad date is the first version's. */
export function versionClaims(raw: string, header: readonly string[], meta: PolicyMeta): string {
  const date = `TRY_CAST(NULLIF(${rawColumn(header, "date")}, '') AS DATE)`;
  const until = meta.ends === undefined ? "" : ` AND ${date} <= ${d.date(meta.ends)}`;
  return `(SELECT * FROM ${raw} WHERE ${date} >= ${d.date(meta.effective)}${until})`;
}

/** The rule book's SQL over the bucket's views (`claims_part`, `claims_<k>_part`, `ledgers_part`),
 *  its intermediate views tables made afresh each time it runs (once per bucket). */
export function bookSettlement(versions: readonly RuleSet[], lang: Lang): { ok: true; sql: string } | { ok: false; diagnostics: SqlDiagnostic[] } {
  const claims = versions.map((_, k) => (k === 0 ? "claims_part" : `claims_${k}_part`));
  const r = compileRuleBookSql(versions.map((rs) => rs.artifact), { dialect: "duckdb", lang, readErrors: true, claims, route: "claims_part", ledgers: "ledgers_part" });
  return r.ok ? { ok: true, sql: asTables(r.sql, "duckdb", "bylaw_", sharedViews(versions.length), "CREATE OR REPLACE TEMP TABLE") } : r;
}

/** A rule book's views that later ones read more than once: the route, each version's settlement and ledgers. */
export function sharedViews(versions: number): string[] {
  return ["route", ...Array.from({ length: versions }, (_, k) => [`v${k}_settled`, `v${k}_ledgers`]).flat()];
}

/** The generated SQL with the views `names` (without `prefix`) made tables (`create`, e.g.
 *  CREATE TEMP TABLE), so none is computed twice: run it when its claims and ledgers are in place. */
export function asTables(sql: string, dialect: DialectName, prefix: string, names: readonly string[], create: string): string {
  for (const name of names) {
    const view = `${DIALECT[dialect].createView(`${prefix}${name}`)} AS`;
    if (!sql.includes(view)) throw new Error(`the generated SQL has no ${prefix}${name} view`);
    sql = sql.replace(view, `${create} ${prefix}${name} AS`);
  }
  return sql;
}

/**
 * The order of a closing ledger's fields, from the versions that wrote it (`_w`, bit k: version
 * k): as the JS batch writes them, the fields of the last version that wrote it, then those of
 * each one before it, then any others in the versions' order (the JS batch keeps a field no
 * version it met knows where the opening ledger had it).
 */
export function ledgerOrder(versions: readonly RuleSet[], fields: readonly string[]): (wrote: number) => readonly string[] {
  const known = new Map<number, readonly string[]>();
  return (wrote) => {
    let order = known.get(wrote);
    if (order === undefined) {
      const keys = new Set<string>();
      for (let k = versions.length - 1; k >= 0; k--) {
        if (Math.floor(wrote / 2 ** k) % 2 === 1) for (const f of versions[k]!.artifact.ledger.fields) keys.add(f.name);
      }
      for (const f of fields) keys.add(f);
      known.set(wrote, (order = [...keys]));
    }
    return order;
  };
}
