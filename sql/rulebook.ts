// A rule book as SQL: several versions of one policy, each claim settled by the version in force
// on its date, each person's ledger carried from version to version as the JS batch carries it
// (runtime/batch/batch.ts over a RuleBook). The versions are settled one after the other in
// date order, each by its own settlement (settlement.ts) over the claims of its dates, opening
// on the ledgers the version before closed with; a ledger field one version does not know is
// carried through as it is (the runtime's `extra` fields). That is the JS batch's answer when a
// person's claims of a year under an earlier version all come (in seq order) before those under
// a later one. A claim that does not — it falls under an earlier version after a claim under a
// later one — is an error row (BS2004), and so is every later claim of that person's year
// (BS2005): the claims before it are exact, nothing after it is settled differently. A claim
// on a date no version covers is the runtime's BR2025 error row.
//
// Views (prefix `bylaw_`), besides each version's own (`bylaw_v<k>_…`):
//   bylaw_route    seq, person, date, _year, _v (the version in force), _stage (the version
//                  settling it), _state (0 settled by a version, 1 no version, 2 BS2004, 3 BS2005)
//   bylaw_settled, bylaw_results  as for one rule set; outputs of every version (NULL where
//                  the claim's version has no such output)
//   bylaw_closing  person, year, every version's ledger fields (NULL: absent, as a field no
//                  version the person met writes), `_w` (bit k: version k wrote the ledger)
// over `claims` (one table, each input's column as sql/index.ts, of one type in every version;
// or one relation per version: `claims` as a list) and `ledgers_in` (a column per ledger field
// of any version).
import type { Artifact, TypeName } from "../runtime/ir/artifact.ts";
import { versionsInOrder } from "../runtime/batch/rulebook.ts";
import { kindOf } from "../runtime/ir/types.ts";
import { DIALECT, type Dialect, type DialectName } from "./dialect.ts";
import { renderSqlMessage, type SqlCode, type SqlDiagnostic } from "./diagnostics.ts";
import { foldPreamble, sqlColumnType } from "./index.ts";
import { errorText } from "./messages.ts";
import { v } from "./plan.ts";
import { Settlement, type SqlOptions } from "./settlement.ts";

export interface BookOptions extends Omit<SqlOptions, "claims"> {
  dialect: DialectName;
  /** the claims table (default `claims`), or one relation per version (in date order) */
  claims?: string | readonly string[];
  /** the relation the route reads each claim's person, date and seq from (default: the first claims relation) */
  route?: string;
}

export type BookResult =
  | {
      ok: true;
      sql: string;
      /** the versions, earliest first */
      versions: Artifact[];
      /** every version's ledger fields, the earliest version's first */
      fields: string[];
      /** every version's outputs and their types, the earliest version's first */
      outputs: Map<string, TypeName>;
    }
  | { ok: false; diagnostics: SqlDiagnostic[] };

/** Each name once, in the order first met. */
function union<T>(lists: readonly (readonly T[])[]): T[] {
  return [...new Set(lists.flat())];
}

/** The column type of an output in the settled view (settlement.ts `finish`). */
function resultType(type: TypeName, d: Dialect): string {
  switch (kindOf(type)) {
    case "num":
      return type === "Money" ? d.decimal(2) : sqlColumnType("Text", d.name);
    case "limit":
      return d.decimal(2);
    case "bool":
      return "BOOLEAN";
    case "duration":
      return "INTEGER";
    default:
      return sqlColumnType("Text", d.name);
  }
}

/**
 * The rule book's SQL. Throws ArtifactError (BR1026) when two versions are in force on one day;
 * refuses versions of different policies (BS1005), a column two versions type differently
 * (BS1006), and whatever a version's own settlement refuses.
 */
export function compileRuleBookSql(artifacts: readonly Artifact[], options: BookOptions): BookResult {
  const d = DIALECT[options.dialect], id = d.ident, lang = options.lang ?? "en";
  const prefix = options.prefix ?? "bylaw_", ledgersIn = options.ledgers ?? "ledgers_in";
  const diagnostics: SqlDiagnostic[] = [];
  const refuse = (code: SqlCode, args: Record<string, string>) => diagnostics.push({ code, severity: "error", args });
  const versions = versionsInOrder(artifacts, (a) => a.policy);
  const first = versions[0]!.policy;
  for (const a of versions) if (a.policy.id !== first.id) refuse("BS1005", { output: a.policy.title, a: first.id, b: a.policy.id });
  const claims = typeof options.claims === "string" || options.claims === undefined ? versions.map(() => (options.claims as string | undefined) ?? "claims") : options.claims;
  if (claims.length !== versions.length) throw new Error(`${versions.length} versions, ${claims.length} claims relations`);

  /** A name two versions give different SQL types: refused (one column holds it). */
  const oneType = (name: string, typed: [Artifact, string][]) => {
    const [a, aType] = typed[0]!;
    const other = typed.find(([, t]) => t !== aType);
    if (other !== undefined) refuse("BS1006", { output: name, a: a.policy.effective, b: other[0].policy.effective, aType, bType: other[1] });
  };
  const outputs = new Map<string, TypeName>();
  const outputTypes = new Map<string, [Artifact, string][]>();
  for (const a of versions) {
    const all: [string, TypeName][] = [...a.ir.outputs.map((o): [string, TypeName] => [o.name, o.type]), ...a.ir.pipelines.flatMap((p) => [...p.layers.map((l): [string, TypeName] => [l.name, "Money"]), [p.leaves.name, "Money"] as [string, TypeName]])];
    for (const [name, type] of all) {
      if (!outputs.has(name)) outputs.set(name, type);
      outputTypes.set(name, [...(outputTypes.get(name) ?? []), [a, resultType(type, d)]]);
    }
  }
  for (const [name, typed] of outputTypes) oneType(name, typed);
  if (new Set(claims).size === 1) {
    const inputs = new Map<string, [Artifact, string][]>();
    for (const a of versions) for (const f of a.schema.fields) inputs.set(f.name, [...(inputs.get(f.name) ?? []), [a, sqlColumnType(f.type, d.name)]]);
    for (const [name, typed] of inputs) oneType(name, typed);
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const fields = union(versions.map((a) => a.ledger.fields.map((f) => f.name)));
  const view = (name: string, body: string) => `${d.createView(`${prefix}${name}`)} AS\n${body};`;
  const parts: string[] = [];

  // 1. which version settles each claim, and where a person's year leaves date order
  const c = (name: string) => `c.${id(name)}`;
  const year = `CAST(EXTRACT(YEAR FROM ${c("date")}) AS INTEGER)`;
  const refused = options.readErrors ? `${c("!row")} IS NOT NULL` : "FALSE";
  const inForce = versions.map((a, k) => {
    const m = a.policy, from = `${c("date")} >= ${d.date(m.effective)}`;
    return `WHEN ${m.ends === undefined ? from : `${from} AND ${c("date")} <= ${d.date(m.ends)}`} THEN ${k}`;
  });
  const version = `CASE WHEN ${refused} THEN NULL ${inForce.join(" ")} END`;
  const byYear = `PARTITION BY ${id("person")}, ${id("_year")}`;
  parts.push(view("route", [
    `SELECT ${id("seq")}, ${id("person")}, ${id("date")}, ${id("_year")}, ${id("_v")}, ${id("_before")},`,
    // a refused row (no person, a bad date) is the first version's to refuse, whatever its date
    `  COALESCE(${id("_v")}, CASE WHEN ${id("_refused")} THEN 0 END) AS ${id("_stage")},`,
    `  CASE WHEN ${id("_v")} IS NULL THEN CASE WHEN ${id("_refused")} THEN 0 ELSE 1 END`,
    `    WHEN ${id("_cut")} IS NULL OR ${id("seq")} < ${id("_cut")} THEN 0 WHEN ${id("_v")} < ${id("_before")} THEN 2 ELSE 3 END AS ${id("_state")}`,
    `FROM (`,
    `  SELECT r.*, MIN(CASE WHEN ${id("_v")} < ${id("_before")} THEN ${id("seq")} END) OVER (${byYear}) AS ${id("_cut")}`,
    `  FROM (`,
    `    SELECT q.*, MAX(${id("_v")}) OVER (${byYear} ORDER BY ${id("seq")} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS ${id("_before")}`,
    `    FROM (SELECT ${c("seq")}, ${c("person")}, ${c("date")}, ${year} AS ${id("_year")}, ${version} AS ${id("_v")}, ${refused} AS ${id("_refused")} FROM ${options.route ?? claims[0]} c) q`,
    `  ) r`,
    `) t`,
  ].join("\n")));
  parts.push(view("open", `SELECT ${[id("person"), id("year"), ...fields.map(id), `CAST(0 AS BIGINT) AS ${id("_w")}`].join(", ")} FROM ${ledgersIn}`));

  // 2. each version over its claims, opening on the ledgers the one before closed with
  const settled: string[] = [];
  let folded = false;
  for (const [k, a] of versions.entries()) {
    const own = `${prefix}v${k}_`, opening = k === 0 ? `${prefix}open` : `${prefix}v${k - 1}_ledgers`;
    parts.push(view(`v${k}_claims`, `SELECT * FROM ${claims[k]} WHERE ${id("seq")} IN (SELECT ${id("seq")} FROM ${prefix}route WHERE ${id("_stage")} = ${k} AND ${id("_state")} = 0)`));
    const st = new Settlement(a, d, { ...options, claims: `${prefix}v${k}_claims`, ledgers: opening, prefix: own });
    const body = st.build();
    if (body === undefined) {
      diagnostics.push(...st.diagnostics);
      continue;
    }
    folded ||= st.ledgers.folded;
    parts.push(`-- the version from ${a.policy.effective}: ${a.integrity}`, body);
    const mine = new Set(a.ledger.fields.map((f) => f.name));
    parts.push(view(`v${k}_ledgers`, st.closingSelect(opening, { carried: fields.filter((f) => !mine.has(f)), bit: 2 ** k })));
    const mineOut = new Set([...outputTypes.keys()].filter((n) => outputTypes.get(n)!.some(([x]) => x === a)));
    const cols = [...outputs].map(([n, t]) => (mineOut.has(n) ? id(n) : `CAST(NULL AS ${resultType(t, d)}) AS ${id(n)}`));
    settled.push(`SELECT ${[id("seq"), id("person"), id("date"), id("_year"), id("ok"), ...cols, id("alerts"), id("errors")].join(", ")} FROM ${own}settled`);
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  // 3. the claims no version settles, as error rows
  const text = sqlColumnType("Text", d.name);
  const effective = (col: string) => v(`CASE ${id(col)} ${versions.map((a, k) => `WHEN ${k} THEN ${d.text(a.policy.effective)}`).join(" ")} END`);
  const bs = (code: SqlCode, args: Record<string, ReturnType<typeof v>>) => {
    const marks: Record<string, string> = {};
    for (const key of Object.keys(args)) marks[key] = `\u0000${key}\u0000`;
    const pieces = `date: ${code} ${renderSqlMessage(code, marks, lang)}`.split("\u0000");
    return d.concat(pieces.map((p, i) => (i % 2 === 0 ? d.text(p) : args[p]!.sql)).filter((s) => s !== "''"));
  };
  const why = [
    `WHEN 1 THEN ${errorText(d, lang, "BR2025", "date", { date: v(d.dateText(id("date"))) }).sql}`,
    `WHEN 2 THEN ${bs("BS2004", { version: effective("_v"), later: effective("_before") })}`,
    `ELSE ${bs("BS2005", {})}`,
  ];
  const none = [...outputs].map(([n, t]) => `CAST(NULL AS ${resultType(t, d)}) AS ${id(n)}`);
  settled.push(`SELECT ${[id("seq"), id("person"), id("date"), id("_year"), `FALSE AS ${id("ok")}`, ...none, `CAST(NULL AS ${text}) AS ${id("alerts")}`, `CAST(CASE ${id("_state")} ${why.join(" ")} END AS ${text}) AS ${id("errors")}`].join(", ")} FROM ${prefix}route WHERE ${id("_state")} <> 0`);
  parts.push(view("settled", settled.join("\nUNION ALL\n")));
  const results = ["seq", "person", "date", "ok", ...outputs.keys(), "alerts", "errors"].map((n) => (n === "date" ? `${d.dateText(id(n))} AS ${id(n)}` : id(n)));
  parts.push(view("results", `SELECT ${results.join(", ")}\nFROM ${prefix}settled`));
  parts.push(view("closing", `SELECT * FROM ${prefix}v${versions.length - 1}_ledgers`));

  const head = [
    `-- bylaw: ${first.id}, a rule book of ${versions.length} versions (${versions.map((a) => a.policy.effective).join(", ")}), ${d.name}`,
    `-- reads ${[...new Set(claims)].join(", ")} and ${ledgersIn}; see sql/rulebook.ts for the columns`,
  ].join("\n");
  return { ok: true, sql: `${head}\n${foldPreamble(d, folded)}${parts.join("\n\n")}\n`, versions, fields, outputs };
}
