// One rule set as SQL: the claims table read with defaults, the program's outputs, pipelines
// and alerts as columns over chained CTEs (plan.ts), ledgers as window sums (ledgers.ts), the
// errors each claim meets in the order the runtime meets them, and three views: every column
// (`settled`), one result row per claim (`results`) and the closing ledgers (`closing`).
import type { Artifact, BandsDef, ClassifyDef, GridDef, TableDef, TypeName, Value } from "../runtime/ir/artifact.ts";
import type { ErrorCode, Lang } from "../runtime/errors.ts";
import { errorText } from "./messages.ts";
import { ledgerWritingDefines, writerDefines } from "../runtime/load/ledger-writers.ts";
import { resultOrder } from "../runtime/load/result-order.ts";
import { enumOf, kindOf } from "../runtime/ir/types.ts";
import { AMOUNT_RULES } from "../runtime/eval/validate-input.ts";
import type { Dialect } from "./dialect.ts";
import { renderSqlMessage, type SqlCode, type SqlDiagnostic } from "./diagnostics.ts";
import { Ledgers } from "./ledgers.ts";
import { NO_DEPS, Plan, v, type V } from "./plan.ts";
import { scaleOfType, Translator, type SqlValue, type Where } from "./translate.ts";

export interface SqlOptions {
  /** the language of error messages in the results (default en) */
  lang?: Lang;
  /** the claims table (default `claims`) */
  claims?: string;
  /** the opening ledgers table (default `ledgers_in`) */
  ledgers?: string;
  /** the views' prefix (default `bylaw_`) */
  prefix?: string;
  /**
   * The claims table has, beside each input column X, a text column `X!error`: the message of
   * an input that could not be read into X's type (written by the caller, e.g. a CSV reader),
   * reported in its place among the claim's input errors.
   */
  readErrors?: boolean;
}

interface ErrorSite {
  guard: V;
  cond: V;
  /** the error's text in the results: `field: CODE message` */
  text: V;
}

interface DefineState {
  value: SqlValue;
  /** where the define is evaluated: always (it writes a ledger), or where something reads it */
  guard: V;
  reads: V[] | undefined;
}

const BASE = "claims_in";

/** An enum's members as a BR2012 message lists them. */
export function memberList(members: readonly string[]): string {
  return members.slice(0, 20).join("、") + (members.length > 20 ? "…" : "");
}

export class Settlement {
  readonly d: Dialect;
  readonly plan: Plan;
  readonly mask: V;
  readonly ledgers: Ledgers;
  readonly diagnostics: SqlDiagnostic[] = [];
  private readonly a: Artifact;
  private readonly lang: Lang;
  private readonly opts: Required<Omit<SqlOptions, "readErrors">> & { readErrors: boolean };
  private readonly tr: Translator;
  private readonly sites: ErrorSite[] = [];
  private readonly defines = new Map<string, DefineState>();
  /** each pipeline's layers and leaves, once translated */
  private readonly results = new Map<string, SqlValue>();
  /** the define writing each ledger field written inside one (an alert's `balance` translates it first) */
  private readonly writers: ReadonlyMap<string, string>;
  private readonly inputCols = new Map<string, string>();
  private readonly openingCols = new Map<string, string>();

  constructor(a: Artifact, d: Dialect, options: SqlOptions = {}) {
    this.a = a;
    this.d = d;
    this.writers = writerDefines(a.ir);
    this.lang = options.lang ?? "en";
    this.opts = {
      lang: this.lang, claims: options.claims ?? "claims", ledgers: options.ledgers ?? "ledgers_in",
      prefix: options.prefix ?? "bylaw_", readErrors: options.readErrors ?? false,
    };
    this.plan = new Plan(d.ident);
    this.mask = this.plan.column("m");
    this.tr = new Translator(this);
    this.ledgers = new Ledgers(this, this.tr);
    a.schema.fields.forEach((f, i) => this.inputCols.set(f.name, `i${i}`));
    a.ledger.fields.forEach((f, i) => this.openingCols.set(f.name, `o${i}`));
  }

  // ── the artifact ──

  bandsDef(name: string): BandsDef {
    return this.a.ir.bands.find((b) => b.name === name)!;
  }

  classifyDef(name: string): ClassifyDef {
    return this.a.ir.classifications.find((c) => c.name === name)!;
  }

  tableDef(name: string): TableDef {
    return this.a.ir.tables.find((t) => t.name === name)!;
  }

  gridDef(name: string): GridDef {
    return (this.a.ir.grids ?? []).find((g) => g.name === name)!;
  }

  enumMembers(name: string): string[] {
    return this.a.schema.enums.find((e) => e.name === name)!.members.map((m) => m.name);
  }

  /** The bitmask of a set of members: bit i for the enum's i-th member. */
  maskOf(enumName: string, members: readonly string[]): bigint {
    const all = this.enumMembers(enumName);
    let m = 0n;
    for (const x of members) m |= 1n << BigInt(all.indexOf(x));
    return m;
  }

  /** The bit of a member held in `member` (a text value). */
  bitOf(enumName: string, member: V): V {
    const arms = this.enumMembers(enumName).map((m, i) => `WHEN ${this.d.text(m)} THEN ${1n << BigInt(i)}`).join(" ");
    return v(`CASE ${member.sql} ${arms} ELSE 0 END`, member);
  }

  // ── values ──

  input(name: string): SqlValue {
    const f = this.a.schema.fields.find((x) => x.name === name)!;
    const col = this.d.ident(this.inputCols.get(name)!);
    const k = kindOf(f.type);
    return { sql: col, deps: NO_DEPS, scale: k === "num" || k === "limit" ? scaleOfType(f.type) : undefined };
  }

  opening(ledger: string): SqlValue {
    return { sql: this.d.ident(this.openingCols.get(ledger)!), deps: NO_DEPS, scale: 2 };
  }

  param(name: string): SqlValue {
    const p = this.a.ir.params.find((x) => x.name === name)!;
    if (p.values === undefined) return this.tr.constant(p.value, p.type);
    // the entry in force on the claim's date: the last one from that date or before
    const entries = p.values.map((e) => ({ from: e.from, value: this.tr.constant(e.value, p.type) }));
    const scale = entries[0]!.value.scale === undefined ? undefined : Math.max(...entries.map((e) => e.value.scale!));
    const val = (x: SqlValue) => (scale === undefined ? x.sql : this.tr.widen(x, scale).sql);
    const arms = [...entries].reverse().map((e) => `WHEN ${this.d.ident("date")} >= ${this.d.date(e.from)} THEN ${val(e.value)}`).join(" ");
    return { sql: `CASE ${arms} END`, deps: NO_DEPS, scale };
  }

  /** A ledger's value after the claim, in an alert: the outputs and pipelines are translated
   *  already, and a define writing the field is now (as the runtime runs it first). */
  balance(name: string, w: Where): SqlValue {
    const writer = this.writers.get(name);
    if (writer !== undefined) this.define(writer, w);
    // held to the fen, a count too (× 100 is never held: a count's balance is a whole number at scale 2)
    return this.ledgers.written.get(name)?.after ?? this.opening(name);
  }

  /** What a pipeline's layer paid, or its leaves: the pipeline was translated first (resultOrder). */
  result(name: string): SqlValue {
    return this.results.get(name)!;
  }

  define(name: string, w: Where): SqlValue {
    let s = this.defines.get(name);
    if (s === undefined) {
      const def = this.a.ir.defines.find((x) => x.name === name)!;
      const always = ledgerWritingDefines(this.a.ir).includes(name);
      const guard = always ? v("TRUE") : this.plan.column("g");
      const value = this.tr.expr(def.expr, { guard, rem: undefined, at: w.at });
      s = { value: this.column("d", value), guard, reads: always ? undefined : [] };
      this.defines.set(name, s);
    }
    s.reads?.push(w.guard);
    return s.value;
  }

  /** Whether `x` is the same on every claim: literals only (no column, no input, no date). */
  isConstant(x: V): boolean {
    if (x.deps.size > 0) return false;
    return !x.sql.includes(this.d.ident("x").charAt(0));
  }

  /** A computed column holding `x`. */
  column(prefix: string, x: SqlValue, ledger = false): SqlValue {
    return { ...this.plan.column(prefix, x, ledger), scale: x.scale };
  }

  /** The window of a person's claims of one year in order. Partitioned by the person and the
   *  year themselves, so a cluster (Spark, Trino) keeps each ledger in one partition and shuffles
   *  by them; a whole-table rank numbering the person-years would sort everything on one node.
   *  Claims where `alone` holds are each a partition of their own. */
  window(frame: string, alone?: V): string {
    const id = this.d.ident;
    const apart = alone === undefined ? "" : `, CASE WHEN ${alone.sql} THEN ${id("seq")} END`;
    return `PARTITION BY ${id("person")}, ${id("_year")}${apart} ORDER BY ${id("seq")} ${frame}`;
  }

  /** A decimal's text as the runtime writes it in messages (no trailing zeros). */
  decimalText(x: SqlValue): V {
    const text = this.d.toText(x.sql);
    return v(x.scale === 0 ? text : this.d.trimZeros(text), x);
  }

  // ── errors ──

  refuse(code: SqlCode, args: Record<string, string>): void {
    this.diagnostics.push({ code, severity: "error", args });
  }

  /** A runtime error (BR) the claim meets when `cond` holds where `w` is reached. */
  errorSite(w: Where, cond: V, code: ErrorCode | SqlCode, args: Record<string, V>): void {
    this.sites.push({ guard: w.guard, cond, text: this.message(code, w.at, args) });
  }

  private message(code: ErrorCode | SqlCode, field: string, args: Record<string, V>): V {
    return errorText(this.d, this.lang, code, field, args);
  }

  // ── the program ──

  /** Translates the program; the SQL text, or undefined when a rule has no plan (see diagnostics). */
  build(): string | undefined {
    const ir = this.a.ir;
    const top = (at: string): Where => ({ guard: v("TRUE"), rem: undefined, at });
    for (const f of this.a.schema.fields) {
      if (kindOf(f.type) === "limit") this.refuse("BS1003", { output: f.name, what: "an input of type Limit", whatZh: "Limit 类型的输入" });
    }
    for (const e of this.a.schema.enums) {
      if (e.members.length > 62) this.refuse("BS1003", { output: e.name, what: "an enum of more than 62 members", whatZh: "超过 62 个成员的枚举" });
    }
    // translated in the runtime's order (a pipeline before what reads its results), so errors
    // are met in the same order; listed in the artifact's
    const order = resultOrder(ir);
    if ("cycle" in order) throw new Error(`pipelines read their own results: ${order.cycle.join(" → ")}`); // check-ir refuses it (BR1036)
    const ofOutput: [string, SqlValue, TypeName][] = [], ofPipeline: [string, SqlValue, TypeName][][] = [];
    for (const step of order.steps) {
      if ("pipeline" in step) ofPipeline[step.pipeline] = this.pipeline(ir.pipelines[step.pipeline]!);
      else {
        const o = ir.outputs[step.output]!;
        ofOutput[step.output] = [o.name, this.tr.expr(o.expr, top(o.name)), o.type];
      }
    }
    const outputs = [...ofOutput, ...ofPipeline.flat()];
    const alerts = ir.alerts.map((a) => [a.name, this.tr.expr(a.when, top(a.name))] as const);
    const last = outputs.length > 0 || alerts.length > 0 ? (alerts.at(-1)?.[0] ?? outputs.at(-1)![0]) : "";
    for (const name of ledgerWritingDefines(ir)) this.define(name, top(last));
    for (const t of outputs) if (kindOf(t[2]) === "set") this.refuse("BS1003", { output: t[0], what: "an output of a set type", whatZh: "集合类型的输出" });
    if (this.diagnostics.length > 0) return undefined;

    for (const s of this.defines.values()) {
      if (s.reads !== undefined) this.plan.fill(s.guard, s.reads.length === 0 ? v("FALSE") : v(`(${s.reads.map((r) => r.sql).join(" OR ")})`, ...s.reads));
    }
    const invalid = this.validation();
    const fires = (s: ErrorSite) => v(`COALESCE(${this.tr.and(s.guard, s.cond).sql}, FALSE)`, s.guard, s.cond);
    const early = this.sites.filter((s) => !this.plan.readsLedger(fires(s)));
    const dynamic = this.sites.filter((s) => !early.includes(s));
    this.plan.fill(this.mask, v(`(${[invalid.any.sql, ...early.map((s) => fires(s).sql)].join(" OR ")})`, invalid.any, ...early.map(fires)));
    // an error found only after a ledger's window sum: its writes were counted for later claims
    const failedLate = this.plan.column("f", dynamic.length === 0 ? v("FALSE") : v(`(${dynamic.map((s) => fires(s).sql).join(" OR ")})`, ...dynamic.map(fires)));
    const poisoned = this.plan.column("p", v(`COALESCE(MAX(CASE WHEN ${failedLate.sql} THEN 1 ELSE 0 END) OVER (${this.window("ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING")}), 0) = 1`, failedLate));
    const poisonText = `: BS2002 ${renderSqlMessage("BS2002", {}, this.lang)}`;
    const arms = [
      `WHEN ${invalid.any.sql} THEN ${invalid.text.sql}`,
      `WHEN ${poisoned.sql} THEN ${this.d.text(poisonText.slice(2))}`,
      ...this.sites.map((s) => `WHEN ${fires(s).sql} THEN ${s.text.sql}`),
    ];
    const errors = this.plan.column("e", v(`CASE ${arms.join(" ")} END`, invalid.any, invalid.text, poisoned, ...this.sites.flatMap((s) => [fires(s), s.text])));
    return this.views(outputs, alerts, errors);
  }

  /** The pipeline: each layer pays what it computes clamped to [0, what is left], to the fen. */
  private pipeline(p: Artifact["ir"]["pipelines"][number]): [string, SqlValue, TypeName][] {
    const start = this.column("q", this.tr.expr(p.on, { guard: v("TRUE"), rem: undefined, at: p.leaves.name }));
    let left = start;
    const out: [string, SqlValue, TypeName][] = [];
    for (const l of p.layers) {
      const x = this.tr.expr(l.expr, { guard: v("TRUE"), rem: left, at: l.name });
      const zero = this.tr.zero();
      const clamped = this.tr.choose(v(`${x.sql} < ${left.sql}`, x, left),
        this.tr.choose(v(`${x.sql} < 0`, x), zero, x), this.tr.choose(v(`${left.sql} < 0`, left), zero, left));
      const paid = this.column("u", this.tr.fen(clamped));
      left = this.column("q", this.tr.add("-", left, paid));
      out.push([l.name, paid, "Money"]);
      this.results.set(l.name, paid);
    }
    out.push([p.leaves.name, left, "Money"]);
    // read elsewhere, the leaves are money to the fen, as the results show them
    this.results.set(p.leaves.name, this.tr.fen(left));
    return out;
  }

  /** The claim's input errors in the runtime's order (the date, then each field), all of them. */
  private validation(): { any: V; text: V } {
    const id = this.d.ident, meta = this.a.policy;
    const checks: { when: V; text: V }[] = [];
    const date = id("date");
    const outside = meta.ends === undefined ? `${date} < ${this.d.date(meta.effective)}` : `(${date} < ${this.d.date(meta.effective)} OR ${date} > ${this.d.date(meta.ends)})`;
    checks.push({
      when: v(outside),
      text: this.message("BR2024", "date", { policy: v(this.d.text(meta.id)), date: v(this.d.dateText(date)), from: v(this.d.text(meta.effective)), to: v(this.d.text(meta.ends ?? "…")) }),
    });
    const read = this.opts.readErrors;
    if (read) checks.push({ when: v(`${id("!unknown")} IS NOT NULL`), text: v(id("!unknown")) });
    for (const f of this.a.schema.fields) {
      const raw = id(f.name);
      const error = id(`${f.name}!error`);
      if (read) checks.push({ when: v(`${error} IS NOT NULL`), text: v(error) });
      const missing = read ? `${raw} IS NULL AND ${error} IS NULL` : `${raw} IS NULL`;
      if (f.default === undefined) checks.push({ when: v(missing), text: this.message("BR2002", f.name, { label: v(this.d.text(f.label ?? f.name)) }) });
      if (read) continue; // the reader checked the values it read
      const k = kindOf(f.type);
      if (k === "enum") {
        const members = this.enumMembers(enumOf(f.type)!);
        checks.push({
          when: v(`${raw} NOT IN (${members.map((m) => this.d.text(m)).join(", ")})`),
          text: this.message("BR2012", f.name, { value: v(raw), members: v(this.d.text(memberList(members))) }),
        });
      }
      // as the runtime reads inputs: Money and Int are never negative, a Number may be
      if (AMOUNT_RULES[f.type]?.negative === false) {
        checks.push({ when: v(`${raw} < 0`), text: this.message("BR2007", f.name, { value: this.decimalText({ sql: raw, deps: NO_DEPS, scale: scaleOfType(f.type) }) }) });
      }
    }
    if (read) {
      // a row breaking the input contract (no person, a bad date): its own errors only
      const row = id("!row");
      const when = (c: { when: V }) => `COALESCE(${c.when.sql}, FALSE)`;
      const list = `concat_ws('; ', ${checks.map((c) => `CASE WHEN ${when(c)} THEN ${c.text.sql} END`).join(", ")})`;
      return { any: v(`(${row} IS NOT NULL OR ${checks.map(when).join(" OR ")})`), text: v(`COALESCE(${row}, ${list})`) };
    }
    const when = (c: { when: V }) => `COALESCE(${c.when.sql}, FALSE)`;
    const any = v(`(${checks.map(when).join(" OR ")})`);
    const list = `concat_ws('; ', ${checks.map((c) => `CASE WHEN ${when(c)} THEN ${c.text.sql} END`).join(", ")})`;
    return { any, text: v(list) };
  }

  /** The views over the last CTE: settled (every column), results and closing. */
  private views(outputs: [string, SqlValue, TypeName][], alerts: readonly (readonly [string, SqlValue])[], errors: V): string {
    const id = this.d.ident, o = this.opts;
    const c = (name: string) => `c.${id(name)}`;
    const base = [
      c("person"), c("date"), c("seq"),
      `CAST(EXTRACT(YEAR FROM ${c("date")}) AS INTEGER) AS ${id("_year")}`,
      ...this.a.schema.fields.map((f) => {
        const value = f.default !== undefined && f.default !== null ? `COALESCE(${c(f.name)}, ${this.defaultOf(f.default, f.type)})` : c(f.name);
        return `${value} AS ${id(this.inputCols.get(f.name)!)}`;
      }),
      ...(o.readErrors ? [c("!row"), c("!unknown"), ...this.a.schema.fields.map((f) => c(`${f.name}!error`))] : []),
      ...this.a.schema.fields.map((f) => c(f.name)),
    ];
    const opening = this.a.ledger.fields.map((f) => `COALESCE(l.${id(f.name)}, ${this.tr.widen(this.tr.zero(), 2).sql}) AS ${id(this.openingCols.get(f.name)!)}`);
    const claimsIn = `  SELECT ${base.join(", ")}\n  FROM ${o.claims} c`;
    const withOpening = `  SELECT k.*${opening.map((x) => ", " + x).join("")}\n  FROM ${BASE}0 k LEFT JOIN ${o.ledgers} l ON l.${id("person")} = k.${id("person")} AND l.${id("year")} = k.${id("_year")}`;
    const baseColumns = [
      "person", "date", "seq", "_year", ...this.inputCols.values(), ...this.openingCols.values(),
      ...(o.readErrors ? ["!row", "!unknown", ...this.a.schema.fields.map((f) => `${f.name}!error`)] : []),
      ...this.a.schema.fields.map((f) => f.name),
    ];
    const finals = [this.mask, errors, ...outputs.map(([, x]) => x), ...alerts.map(([, x]) => x), ...[...this.ledgers.written.values()].map((l) => l.after)];
    const { ctes, last } = this.plan.stages(BASE, "s", baseColumns, finals);
    const ok = `NOT ${this.mask.sql} AND ${errors.sql} IS NULL`;
    const outCols = outputs.map(([name, x, t]) => `CASE WHEN ${ok} THEN ${this.finish(x, t)} END AS ${id(name)}`);
    const alertText = alerts.length === 0 ? this.d.text("") : `concat_ws(';', ${alerts.map(([name, x]) => `CASE WHEN ${x.sql} THEN ${this.d.text(name)} END`).join(", ")})`;
    const afters = [...this.ledgers.written.values()].map((l, i) => `${l.after.sql} AS ${id(`after${i}`)}`);
    const settled = [
      `${o.prefix}settled AS`,
      "WITH",
      [[`${BASE}0`, claimsIn], [BASE, withOpening], ...ctes].map(([n, body]) => `${n} AS (\n${body}\n)`).join(",\n"),
      `SELECT ${id("seq")}, ${id("person")}, ${id("date")}, ${id("_year")}, ${ok} AS ${id("ok")},`,
      `  ${[...outCols, `CASE WHEN ${ok} THEN NULLIF(${alertText}, '') END AS ${id("alerts")}`, `${errors.sql} AS ${id("errors")}`, ...afters].join(",\n  ")}`,
      `FROM ${last}`,
    ].join("\n");
    const results = `${o.prefix}results AS\nSELECT ${["seq", "person", "date", "ok", ...outputs.map(([n]) => n), "alerts", "errors"].map((n) => n === "date" ? `${this.d.dateText(id(n))} AS ${id(n)}` : id(n)).join(", ")}\nFROM ${o.prefix}settled`;
    const closing = `${o.prefix}closing AS\n${this.closingSelect(o.ledgers)}`;
    return [settled, results, closing].map((body) => `${this.d.createView(body.slice(0, body.indexOf(" AS")))} AS${body.slice(body.indexOf(" AS") + 3)};`).join("\n\n");
  }

  /**
   * The closing ledgers over `opening`: each person-year's last settled claim's balances, the
   * opening ledgers of person-years without one carried through. For a rule book's version
   * (sql/rulebook.ts), `book` names the fields of other versions, taken over as they are (NULL:
   * absent, as the JS batch keeps a field another version wrote), and the version's bit, added
   * to the `_w` mask of the versions that wrote the ledger; an untouched ledger then keeps its
   * own fields as they are too.
   */
  closingSelect(opening: string, book?: { carried: readonly string[]; bit: number }): string {
    const id = this.d.ident, zero = this.tr.widen(this.tr.zero(), 2).sql;
    const written = [...this.ledgers.written.keys()];
    const wrote = `y.${id("person")} IS NOT NULL`;
    const fields = this.a.ledger.fields.map((f) => {
      const i = written.indexOf(f.name);
      const after = i < 0 ? "NULL" : `y.${id(`after${i}`)}`;
      // a ledger no claim touched keeps its fields as they are, absent ones absent, as the JS batch's
      const opened = `CAST(o.${id(f.name)} AS ${this.d.decimal(2)})`;
      return `CASE WHEN ${wrote} THEN COALESCE(${after}, ${opened}, ${zero}) ELSE ${opened} END AS ${id(f.name)}`;
    });
    if (book !== undefined) {
      fields.push(...book.carried.map((f) => `CAST(o.${id(f)} AS ${this.d.decimal(2)}) AS ${id(f)}`));
      fields.push(`COALESCE(o.${id("_w")}, 0) + CASE WHEN ${wrote} THEN ${book.bit} ELSE 0 END AS ${id("_w")}`);
    }
    return [
      `WITH ends AS (`,
      `  SELECT ${id("person")}, ${id("_year")} AS ${id("year")}, ${written.map((_, i) => id(`after${i}`) + ", ").join("")}`,
      `    ROW_NUMBER() OVER (PARTITION BY ${id("person")}, ${id("_year")} ORDER BY ${id("ok")} DESC, ${id("seq")} DESC) AS ${id("rn")},`,
      `    ${id("ok")}`,
      `  FROM ${this.opts.prefix}settled`,
      `), y AS (SELECT * FROM ends WHERE ${id("rn")} = 1 AND ${id("ok")})`,
      `SELECT ${[`COALESCE(y.${id("person")}, o.${id("person")}) AS ${id("person")}`, `COALESCE(y.${id("year")}, o.${id("year")}) AS ${id("year")}`, ...fields].join(",\n  ")}`,
      `FROM y FULL OUTER JOIN ${opening} o ON o.${id("person")} = y.${id("person")} AND o.${id("year")} = y.${id("year")}`,
    ].join("\n");
  }

  /** An input's default, at its column's scale (a DECIMAL(38, 0) default would cut the fen off: see dialect.ts). */
  private defaultOf(value: Value, type: TypeName): string {
    const k = kindOf(type), x = this.tr.constant(value, type);
    return k === "num" || k === "limit" ? this.tr.widen(x, scaleOfType(type)).sql : x.sql;
  }

  /** An output's value as the results write it: Money to the fen, other numbers without trailing zeros. */
  private finish(x: SqlValue, t: TypeName): string {
    switch (kindOf(t)) {
      case "num":
        return t === "Money" ? this.tr.fen(x).sql : this.decimalText(x).sql;
      case "limit":
        return this.tr.fen(x).sql;
      case "date":
        return this.d.dateText(x.sql);
      default:
        return x.sql;
    }
  }
}
