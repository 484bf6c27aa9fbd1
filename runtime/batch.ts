// Settling many claims in a row (CSV or JSONL), carrying each person's ledger from claim to
// claim. A bad row becomes an error row; the batch goes on. The summary totals every Money
// output exactly.
import type { TypeName, Value } from "./ir.ts";
import type { RuleSet } from "./load.ts";
import type { EvalResult } from "./evaluate.ts";
import type { Ledger } from "./ledger.ts";
import type { InputError } from "./errors.ts";
import type { Trace } from "./trace.ts";
import { D, type Dec } from "./decimal.ts";
import { formatMoney } from "./money.ts";
import { RuleBook } from "./rulebook.ts";
import { setOwn } from "./shape.ts";
import { kindOf } from "./types.ts";

export interface BatchOptions {
  /** the column naming the person whose ledger carries over (default `person`) */
  personColumn?: string;
  /** the column holding the claim date (default `date`) */
  dateColumn?: string;
  /** columns copied to the result row and not read as input (e.g. a claim id) */
  passthrough?: string[];
  trace?: boolean;
}

export interface ResultRow {
  /** 1-based, in the order rows were pushed */
  row: number;
  person?: string;
  date?: string;
  ok: boolean;
  outputs?: Record<string, Value>;
  alerts?: string[];
  errors?: InputError[];
  passthrough?: Record<string, unknown>;
  trace?: Trace;
}

export interface BatchSummary {
  rows: number;
  ok: number;
  failed: number;
  persons: number;
  /** the sum of each Money output over the settled rows */
  totals: Record<string, string>;
  /** how many rows raised each alert */
  alerts: Record<string, number>;
  /** how many errors of each code */
  errors: Record<string, number>;
}

export interface Batch {
  push(row: Record<string, unknown>): ResultRow;
  summary(): BatchSummary;
}

const TRUE = new Set(["true", "TRUE", "True", "1", "是", "yes", "y", "Y"]);
const FALSE = new Set(["false", "FALSE", "False", "0", "否", "no", "n", "N"]);
const UNLIMITED = new Set(["unlimited", "none", "不设上限", "无"]);

/** A CSV cell as the field's type wants it; anything unclear is left for input validation to report. */
function coerce(type: TypeName, s: string): unknown {
  switch (kindOf(type)) {
    case "bool":
      return TRUE.has(s) ? true : FALSE.has(s) ? false : s;
    case "duration":
      return /^-?\d{1,9}$/.test(s) ? Number(s) : s;
    case "limit":
      return UNLIMITED.has(s) ? null : s;
    case "set":
      if (s.startsWith("[")) {
        try {
          return JSON.parse(s) as unknown;
        } catch {
          return s;
        }
      }
      return s.split(/[;；|、,，]/).map((m) => m.trim()).filter((m) => m !== "");
    default:
      return s;
  }
}

export function createBatch(source: RuleSet | RuleBook, options: BatchOptions = {}): Batch {
  const personColumn = options.personColumn ?? "person";
  const dateColumn = options.dateColumn ?? "date";
  const passthrough = new Set(options.passthrough ?? []);
  const trace = options.trace === true;
  const ledgers = new Map<string, Ledger>();
  const fieldTypes = new WeakMap<RuleSet, Map<string, TypeName>>();
  const totals = new Map<string, Dec>();
  const alertCounts = new Map<string, number>();
  const errorCounts = new Map<string, number>();
  let rows = 0, ok = 0;

  const typesOf = (rs: RuleSet): Map<string, TypeName> => {
    let m = fieldTypes.get(rs);
    if (m === undefined) {
      m = new Map(rs.artifact.schema.fields.map((f) => [f.name, f.type]));
      fieldTypes.set(rs, m);
    }
    return m;
  };

  const push = (row: Record<string, unknown>): ResultRow => {
    rows++;
    const result: ResultRow = { row: rows, ok: false };
    const cell = (name: string): string | undefined => {
      const v = Object.hasOwn(row, name) ? row[name] : undefined;
      return typeof v === "string" && v !== "" ? v : undefined;
    };
    const person = cell(personColumn), date = cell(dateColumn);
    if (person !== undefined) result.person = person;
    if (date !== undefined) result.date = date;

    const rs = source instanceof RuleBook ? (date === undefined ? undefined : source.find(date)) : source;
    const types = rs === undefined ? new Map<string, TypeName>() : typesOf(rs);
    const input: Record<string, unknown> = {};
    const kept: Record<string, unknown> = {};
    for (const key of Object.keys(row)) {
      const v = row[key];
      if (key === personColumn || key === dateColumn) continue;
      if (passthrough.has(key)) {
        setOwn(kept, key, v);
        continue;
      }
      if (v === "" || v === undefined) continue; // an empty cell is a missing value: defaults apply
      const type = types.get(key);
      setOwn(input, key, typeof v === "string" && type !== undefined ? coerce(type, v) : v);
    }
    if (passthrough.size > 0) result.passthrough = kept;

    const ledger = person === undefined ? undefined : ledgers.get(person);
    const r: EvalResult = source.evaluate(input, ledger, { date, trace });
    if (!r.ok) {
      result.errors = r.errors;
      for (const e of r.errors) errorCounts.set(e.code, (errorCounts.get(e.code) ?? 0) + 1);
      return result;
    }
    ok++;
    result.ok = true;
    result.outputs = r.outputs;
    result.alerts = r.alerts.map((a) => a.name);
    if (r.trace !== undefined) result.trace = r.trace;
    if (person !== undefined) ledgers.set(person, r.ledger);
    const settledBy = rs ?? (source as RuleSet);
    for (const [name, value] of Object.entries(r.outputs)) {
      if (settledBy.outputs.get(name)?.type === "Money" && typeof value === "string") {
        totals.set(name, (totals.get(name) ?? new D(0)).plus(value));
      }
    }
    for (const a of result.alerts) alertCounts.set(a, (alertCounts.get(a) ?? 0) + 1);
    return result;
  };

  const summary = (): BatchSummary => {
    const record = <T>(m: Map<string, T>, f: (v: T) => unknown) => {
      const o: Record<string, never> = {};
      for (const [k, v] of m) setOwn(o, k, f(v));
      return o;
    };
    return {
      rows, ok, failed: rows - ok, persons: ledgers.size,
      totals: record(totals, formatMoney),
      alerts: record(alertCounts, (n) => n),
      errors: record(errorCounts, (n) => n),
    };
  };

  return { push, summary };
}
