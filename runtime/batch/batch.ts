// Settling many claims in a row (CSV or JSONL), carrying each person's ledger from claim to
// claim. A bad row becomes an error row; the batch goes on. The summary totals every Money
// output exactly.
import type { TypeName, Value } from "../ir/artifact.ts";
import type { RuleSet } from "../rule-set.ts";
import type { EvalResult } from "../result.ts";
import { HeldLedger, type Ledger } from "../eval/ledger.ts";
import type { InputError } from "../errors.ts";
import type { Trace } from "../eval/trace.ts";
import { D, type Dec } from "../ir/decimal.ts";
import { formatMoney } from "../ir/money.ts";
import { RuleBook } from "./rulebook.ts";
import { setOwn } from "../ir/shape.ts";
import { kindOf } from "../ir/types.ts";

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
  /**
   * A faster push for CSV records under `header`: which column is the person, the date, a
   * passthrough or an input (and how its cells are read) is worked out once, not per row.
   * The same as `push(recordToRow(header, record))`.
   */
  columns(header: readonly string[]): (record: readonly string[]) => ResultRow;
  /** A row that could not even be read (e.g. malformed JSON): counted and numbered like the others. */
  reject(errors: InputError[]): ResultRow;
  summary(): BatchSummary;
}

const TRUE = new Set(["true", "TRUE", "True", "1", "是", "yes", "y", "Y"]);
const FALSE = new Set(["false", "FALSE", "False", "0", "否", "no", "n", "N"]);
const UNLIMITED = new Set(["unlimited", "none", "不设上限", "无"]);
/** between the members of a set in one cell */
const SET_SEPARATOR = /[;；|、,，]/;

/** Reads a CSV cell as a field wants it; anything unclear is left for input validation to report. */
type Coerce = (s: string) => unknown;

const asText: Coerce = (s) => s;

function coercerFor(type: TypeName): Coerce {
  switch (kindOf(type)) {
    case "bool":
      return (s) => (TRUE.has(s) ? true : FALSE.has(s) ? false : s);
    case "duration":
      return (s) => (/^-?\d{1,9}$/.test(s) ? Number(s) : s);
    case "limit":
      return (s) => (UNLIMITED.has(s) ? null : s);
    case "set":
      return (s) => {
        if (s.startsWith("[")) {
          try {
            return JSON.parse(s) as unknown;
          } catch {
            return s;
          }
        }
        if (!SET_SEPARATOR.test(s)) {
          const m = s.trim(); // one member, the usual case: no splitting
          return m === "" ? [] : [m];
        }
        return s.split(SET_SEPARATOR).map((m) => m.trim()).filter((m) => m !== "");
      };
    default:
      return asText;
  }
}

/** Digits of whole fen a JavaScript number holds exactly (below 2^53), with room to add. */
const FEN_DIGITS = 15;
/** A fen sum kept below this stays exact when one more amount of FEN_DIGITS digits is added. */
const FEN_FLUSH = 2 ** 52;

/** The whole fen of a money text as formatMoney writes it ("-1234.56"), or undefined if it is not one or too long. */
function fenOf(text: string): number | undefined {
  const n = text.length, point = n - 3, start = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  if (point <= start || n - start - 1 > FEN_DIGITS || text.charCodeAt(point) !== 46 /* . */) return undefined;
  let fen = 0;
  for (let i = start; i < n; i++) {
    if (i === point) continue;
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    fen = fen * 10 + digit; // an integer below 10^15: exact
  }
  return start === 1 ? -fen : fen;
}

/**
 * An exact running total of money texts. Whole fen are added as integers (exact below 2^53,
 * and flushed into a Decimal long before that), so a batch does not build a Decimal per row.
 */
class MoneySum {
  private fen = 0;
  private big: Dec = new D(0);

  add(text: string): void {
    const fen = fenOf(text);
    if (fen === undefined) {
      this.big = this.big.plus(text);
      return;
    }
    this.fen += fen;
    if (this.fen > FEN_FLUSH || this.fen < -FEN_FLUSH) this.flush();
  }

  total(): Dec {
    this.flush();
    return this.big;
  }

  private flush(): void {
    this.big = this.big.plus(new D(`${this.fen}e-2`));
    this.fen = 0;
  }
}

/** Where a CSV header's columns go: worked out once per header. */
interface ColumnPlan {
  person: number;
  date: number;
  passthrough: [string, number][];
  /** input columns, each name once: in the order first seen, the cell of the last such column */
  inputs: [string, number][];
}

function planColumns(header: readonly string[], personColumn: string, dateColumn: string, passthrough: ReadonlySet<string>): ColumnPlan {
  const last = new Map<string, number>();
  header.forEach((name, i) => last.set(name, i));
  const plan: ColumnPlan = { person: last.get(personColumn) ?? -1, date: last.get(dateColumn) ?? -1, passthrough: [], inputs: [] };
  for (const [name, i] of last) {
    if (name === personColumn || name === dateColumn) continue;
    (passthrough.has(name) ? plan.passthrough : plan.inputs).push([name, i]);
  }
  return plan;
}

export function createBatch(source: RuleSet | RuleBook, options: BatchOptions = {}): Batch {
  const personColumn = options.personColumn ?? "person";
  const dateColumn = options.dateColumn ?? "date";
  const passthrough = new Set(options.passthrough ?? []);
  const trace = options.trace === true;
  const ledgers = new Map<string, Ledger>();
  const coercers = new WeakMap<RuleSet, Map<string, Coerce>>();
  /** each rule set's Money outputs, in the order its results list them */
  const moneyOutputs = new WeakMap<RuleSet, string[]>();
  const totals = new Map<string, MoneySum>();
  const alertCounts = new Map<string, number>();
  const errorCounts = new Map<string, number>();
  let rows = 0, ok = 0;

  const ruleSetFor = (date: string | undefined): RuleSet | undefined =>
    source instanceof RuleBook ? (date === undefined ? undefined : source.find(date)) : source;

  const coercersOf = (rs: RuleSet | undefined): Map<string, Coerce> | undefined => {
    if (rs === undefined) return undefined;
    let m = coercers.get(rs);
    if (m === undefined) {
      m = new Map(rs.artifact.schema.fields.map((f) => [f.name, coercerFor(f.type)]));
      coercers.set(rs, m);
    }
    return m;
  };

  const moneyOf = (rs: RuleSet, outputs: Record<string, Value>): string[] => {
    let names = moneyOutputs.get(rs);
    if (names === undefined) {
      names = Object.keys(outputs).filter((name) => rs.outputs.get(name)?.type === "Money");
      moneyOutputs.set(rs, names);
    }
    return names;
  };

  const countError = (e: InputError) => errorCounts.set(e.code, (errorCounts.get(e.code) ?? 0) + 1);

  /** A row read: settle it against the person's ledger and count it in the summary. */
  const settle = (person: string | undefined, date: string | undefined, input: Record<string, unknown>, kept: Record<string, unknown> | undefined): ResultRow => {
    rows++;
    const result: ResultRow = { row: rows, ok: false };
    if (person !== undefined) result.person = person;
    if (date !== undefined) result.date = date;
    if (kept !== undefined) result.passthrough = kept;

    // Held ledgers (ledger.ts): kept in slot form (whole fen on the fast path) from one of a
    // person's claims to the next, never formatted or parsed in between.
    const ledger = person === undefined ? undefined : (ledgers.get(person) ?? HeldLedger.EMPTY);
    const r: EvalResult = source.evaluate(input, ledger, { date, trace });
    if (!r.ok) {
      result.errors = r.errors;
      r.errors.forEach(countError);
      return result;
    }
    ok++;
    result.ok = true;
    result.outputs = r.outputs;
    const alerts = r.alerts.map((a) => a.name);
    result.alerts = alerts;
    if (r.trace !== undefined) result.trace = r.trace;
    if (person !== undefined) ledgers.set(person, r.ledger);
    const settledBy = ruleSetFor(date) ?? (source as RuleSet);
    for (const name of moneyOf(settledBy, r.outputs)) {
      const value = r.outputs[name];
      if (typeof value !== "string") continue;
      let sum = totals.get(name);
      if (sum === undefined) totals.set(name, (sum = new MoneySum()));
      sum.add(value);
    }
    for (const a of alerts) alertCounts.set(a, (alertCounts.get(a) ?? 0) + 1);
    return result;
  };

  const push = (row: Record<string, unknown>): ResultRow => {
    const cell = (name: string): string | undefined => {
      const v = Object.hasOwn(row, name) ? row[name] : undefined;
      return typeof v === "string" && v !== "" ? v : undefined;
    };
    const person = cell(personColumn), date = cell(dateColumn);
    const read = coercersOf(ruleSetFor(date));
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
      const coerce = read?.get(key);
      setOwn(input, key, typeof v === "string" && coerce !== undefined ? coerce(v) : v);
    }
    return settle(person, date, input, passthrough.size > 0 ? kept : undefined);
  };

  const columns = (header: readonly string[]): ((record: readonly string[]) => ResultRow) => {
    const plan = planColumns(header, personColumn, dateColumn, passthrough);
    /** per rule set: each input column's reader, in plan order */
    const readers = new WeakMap<RuleSet, (Coerce | undefined)[]>();
    const noTypes = plan.inputs.map(() => undefined);
    const readersOf = (rs: RuleSet | undefined): (Coerce | undefined)[] => {
      const m = coercersOf(rs);
      if (rs === undefined || m === undefined) return noTypes;
      let r = readers.get(rs);
      if (r === undefined) readers.set(rs, (r = plan.inputs.map(([name]) => m.get(name))));
      return r;
    };
    const cell = (record: readonly string[], i: number): string | undefined => {
      const v = i < 0 ? undefined : record[i];
      return v === "" ? undefined : v;
    };
    return (record) => {
      const person = cell(record, plan.person), date = cell(record, plan.date);
      const read = readersOf(ruleSetFor(date));
      const input: Record<string, unknown> = {};
      for (let k = 0; k < plan.inputs.length; k++) {
        const [name, i] = plan.inputs[k]!;
        const v = record[i];
        if (v === undefined || v === "") continue; // an empty cell is a missing value: defaults apply
        const coerce = read[k];
        setOwn(input, name, coerce === undefined ? v : coerce(v));
      }
      let kept: Record<string, unknown> | undefined;
      if (passthrough.size > 0) {
        kept = {};
        for (const [name, i] of plan.passthrough) setOwn(kept, name, record[i] ?? "");
      }
      return settle(person, date, input, kept);
    };
  };

  const reject = (errors: InputError[]): ResultRow => {
    rows++;
    errors.forEach(countError);
    return { row: rows, ok: false, errors };
  };

  const summary = (): BatchSummary => {
    const record = <T>(m: Map<string, T>, f: (v: T) => unknown) => {
      const o: Record<string, never> = {};
      for (const [k, v] of m) setOwn(o, k, f(v));
      return o;
    };
    return {
      rows, ok, failed: rows - ok, persons: ledgers.size,
      totals: record(totals, (sum) => formatMoney(sum.total())),
      alerts: record(alertCounts, (n) => n),
      errors: record(errorCounts, (n) => n),
    };
  };

  return { push, columns, reject, summary };
}
