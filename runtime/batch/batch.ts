// Settling many claims in a row (CSV or JSONL), carrying each person's ledger from claim to
// claim. A bad row becomes an error row; the batch goes on. The summary totals every Money
// output exactly.
//
// The input contract: every row names its person (non-empty text) and its date (YYYY-MM-DD),
// a CSV record has exactly as many cells as its header, and no text holds bytes its file's
// encoding could not read (lone surrogates, as cli/batch-decode.ts writes them). A row that
// breaks it is an error row naming its line and cell, and never reaches a ledger. A header
// without those columns, or naming a column twice, is refused whole (HeaderError).
import type { TypeName, Value } from "../ir/artifact.ts";
import type { RuleSet } from "../rule-set.ts";
import type { EvalResult } from "../result.ts";
import { HeldLedger, type Ledger } from "../eval/ledger.ts";
import { BylawError, inputError, quote, type ErrorArgs, type ErrorCode, type InputError } from "../errors.ts";
import { isValidDate } from "../ir/dates.ts";
import type { Trace } from "../eval/trace.ts";
import { D, type Dec } from "../ir/decimal.ts";
import { formatMoney } from "../ir/money.ts";
import { RuleBook } from "./rulebook.ts";
import { setOwn } from "../ir/shape.ts";
import { kindOf } from "../ir/types.ts";
import { byPersonYear, type PersonLedger } from "./ledger-file.ts";

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
  /** people with at least one settled row */
  persons: number;
  /** the sum of each Money output over the settled rows */
  totals: Record<string, string>;
  /** how many rows raised each alert */
  alerts: Record<string, number>;
  /** how many errors of each code */
  errors: Record<string, number>;
}

export interface Batch {
  /** `line`: where the row is in its file, for error messages (default: its row number). */
  push(row: Record<string, unknown>, line?: number): ResultRow;
  /**
   * A faster push for CSV records under `header`: which column is the person, the date, a
   * passthrough or an input (and how its cells are read) is worked out once, not per row.
   * The same as `push(recordToRow(header, record))` for a record as wide as its header.
   * Throws a HeaderError for a header checkHeader refuses.
   */
  columns(header: readonly string[]): (record: readonly string[], line?: number) => ResultRow;
  /** A row that could not even be read (e.g. malformed JSON): counted and numbered like the others. */
  reject(errors: InputError[]): ResultRow;
  /**
   * Starts a person's medical year from an opening ledger (a ledger file's line `line`), before
   * any row is pushed: an error (BR2114) if the person has a ledger for that year already.
   */
  open(person: string, ledger: Ledger, line: number): InputError | undefined;
  /** Every person's ledger of every year, sorted by person then year: the closing ledgers. */
  closing(): PersonLedger[];
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

export function coercerFor(type: TypeName): Coerce {
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
export function fenOf(text: string): number | undefined {
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
export class MoneySum {
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

/** A CSV header a batch cannot read: the whole file is refused. */
export class HeaderError extends BylawError {
  constructor(code: ErrorCode, args: ErrorArgs) {
    super(code, args);
    this.name = "HeaderError";
  }
}

/** Refuses a header without the person or the date column, with an unnamed column, one its
 *  encoding cannot read (every name after it would be garbled: the file is in another encoding),
 *  or naming one twice. */
export function checkHeader(header: readonly string[], options: BatchOptions = {}): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === "") throw new HeaderError("BR2102", { column: i + 1 });
    if (hasLoneSurrogate(name)) throw new HeaderError("BR2108", { column: i + 1 });
    const first = seen.get(name);
    if (first !== undefined) throw new HeaderError("BR2101", { field: quote(name, 100), first: first + 1, second: i + 1 });
    seen.set(name, i);
  });
  for (const name of [options.personColumn ?? "person", options.dateColumn ?? "date"]) {
    if (!seen.has(name)) throw new HeaderError("BR2100", { field: quote(name, 100) });
  }
}

/**
 * Spaces at a person id's ends (`张三 ` from a spreadsheet) would make a second person with a
 * ledger of their own, and a NUL no database stores: such an id is refused, on every engine
 * (the DuckDB reader's test is the same, sql/read-claims.ts).
 */
export const BAD_PERSON = /^[ \t\r\n\u00a0\u3000]|[ \t\r\n\u00a0\u3000]$|\u0000/;
/** What a person and a date must be, in both languages (BR2105; the SQL reader says the same). */
export const PERSON_EXPECTED = ["text with no spaces at its ends", "首尾不含空格的文本"] as const;
export const DATE_EXPECTED = ["a date YYYY-MM-DD", "YYYY-MM-DD 格式的日期"] as const;

/** The person's or the date's value breaking the contract, if it does. */
function requiredError(v: unknown, field: string, line: number, date: boolean): InputError | undefined {
  if (v === undefined || v === null || v === "") return inputError("BR2104", field, { line });
  if (typeof v !== "string" || (date && !isValidDate(v)) || (!date && BAD_PERSON.test(v))) {
    const [expected, expectedZh] = date ? DATE_EXPECTED : PERSON_EXPECTED;
    return inputError("BR2105", field, { line, expected, expectedZh, found: quote(v) });
  }
  return undefined;
}

const SURROGATE = /[\ud800-\udfff]/;

/** Whether text holds a lone surrogate: bytes its file's encoding could not read. */
export function hasLoneSurrogate(s: string): boolean {
  if (!SURROGATE.test(s)) return false; // the usual case, scanned natively
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const d = s.charCodeAt(i + 1);
    if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return true;
    i++; // a pair
  }
  return false;
}

function unreadable(v: unknown): boolean {
  if (typeof v === "string") return hasLoneSurrogate(v);
  return Array.isArray(v) && v.some((m) => typeof m === "string" && hasLoneSurrogate(m));
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
  /** each person's ledger of their latest year */
  const ledgers = new Map<string, Ledger>();
  /** their ledgers of earlier years, when they have any (a ledger file's, or a late claim's) */
  const earlier = new Map<string, Ledger[]>();
  /** people with an opening ledger and no settled row yet */
  const unsettled = new Set<string>();
  let persons = 0;
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

  /** The person's ledger of `year`, if they have one. */
  const ledgerOf = (person: string, year: number): Ledger | undefined => {
    const latest = ledgers.get(person);
    if (latest === undefined || latest.year <= year) return latest?.year === year ? latest : undefined;
    return earlier.get(person)?.find((l) => l.year === year);
  };

  /** Keeps the person's ledger of its year, in place of the one they had for that year. */
  const keep = (person: string, ledger: Ledger): void => {
    const latest = ledgers.get(person);
    if (latest === undefined || latest.year <= ledger.year) {
      if (latest !== undefined && latest.year < ledger.year) {
        const older = earlier.get(person);
        if (older === undefined) earlier.set(person, [latest]);
        else older.push(latest);
      }
      ledgers.set(person, ledger);
      return;
    }
    const older = earlier.get(person);
    const at = older?.findIndex((l) => l.year === ledger.year) ?? -1;
    if (older === undefined) earlier.set(person, [ledger]);
    else if (at === -1) older.push(ledger);
    else older[at] = ledger;
  };

  /** A row read: settle it against the person's ledger and count it in the summary. */
  const settle = (person: string, date: string, input: Record<string, unknown>, kept: Record<string, unknown> | undefined): ResultRow => {
    rows++;
    const result: ResultRow = { row: rows, ok: false, person, date };
    if (kept !== undefined) result.passthrough = kept;

    // Held ledgers (ledger.ts): kept in slot form (whole fen on the fast path) from one of a
    // person's claims to the next, never formatted or parsed in between. Each medical year has
    // its own: a late claim of last year settles on last year's ledger.
    const ledger = ledgerOf(person, Number(date.slice(0, 4))) ?? HeldLedger.EMPTY;
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
    if (!ledgers.has(person) || unsettled.delete(person)) persons++;
    keep(person, r.ledger);
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

  /** A row breaking the input contract: counted and numbered, no ledger touched. */
  const refuse = (errors: InputError[], person: unknown, date: unknown): ResultRow => {
    const result = reject(errors);
    if (typeof person === "string" && person !== "") result.person = person;
    if (typeof date === "string" && date !== "") result.date = date;
    return result;
  };

  const push = (row: Record<string, unknown>, line = rows + 1): ResultRow => {
    const own = (name: string): unknown => (Object.hasOwn(row, name) ? row[name] : undefined);
    const person = own(personColumn), date = own(dateColumn);
    const errors: InputError[] = [];
    for (const e of [requiredError(person, personColumn, line, false), requiredError(date, dateColumn, line, true)]) if (e) errors.push(e);
    for (const key of Object.keys(row)) if (unreadable(row[key])) errors.push(inputError("BR2106", key, { line }));
    if (errors.length > 0) return refuse(errors, person, date);
    const read = coercersOf(ruleSetFor(date as string));
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
    return settle(person as string, date as string, input, passthrough.size > 0 ? kept : undefined);
  };

  const columns = (header: readonly string[]): ((record: readonly string[], line?: number) => ResultRow) => {
    checkHeader(header, options);
    const width = header.length;
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
    return (record, line = rows + 1) => {
      const person = record[plan.person]!, date = record[plan.date]!;
      if (record.length !== width) return refuse([inputError("BR2103", "", { line, found: record.length, expected: width })], person, date);
      let errors: InputError[] | undefined;
      const e = requiredError(person, personColumn, line, false), f = requiredError(date, dateColumn, line, true);
      if (e || f) errors = [e, f].filter((x) => x !== undefined);
      for (let i = 0; i < width; i++) if (hasLoneSurrogate(record[i]!)) (errors ??= []).push(inputError("BR2106", header[i]!, { line }));
      if (errors !== undefined) return refuse(errors, person, date);
      const read = readersOf(ruleSetFor(date));
      const input: Record<string, unknown> = {};
      for (let k = 0; k < plan.inputs.length; k++) {
        const [name, i] = plan.inputs[k]!;
        const v = record[i]!;
        if (v === "") continue; // an empty cell is a missing value: defaults apply
        const coerce = read[k];
        setOwn(input, name, coerce === undefined ? v : coerce(v));
      }
      let kept: Record<string, unknown> | undefined;
      if (passthrough.size > 0) {
        kept = {};
        for (const [name, i] of plan.passthrough) setOwn(kept, name, record[i]!);
      }
      return settle(person, date, input, kept);
    };
  };

  const reject = (errors: InputError[]): ResultRow => {
    rows++;
    errors.forEach(countError);
    return { row: rows, ok: false, errors };
  };

  const open = (person: string, ledger: Ledger, line: number): InputError | undefined => {
    if (ledgerOf(person, ledger.year) !== undefined) return inputError("BR2114", "person", { line, person: quote(person), year: ledger.year });
    keep(person, ledger);
    unsettled.add(person);
    return undefined;
  };

  const closing = (): PersonLedger[] => {
    const all: PersonLedger[] = [];
    for (const [person, ledger] of ledgers) {
      for (const older of earlier.get(person) ?? []) all.push({ person, ledger: older });
      all.push({ person, ledger });
    }
    return all.sort((a, b) => byPersonYear(a.person, a.ledger.year, b.person, b.ledger.year));
  };

  const summary = (): BatchSummary => {
    const record = <T>(m: Map<string, T>, f: (v: T) => unknown) => {
      const o: Record<string, never> = {};
      for (const [k, v] of m) setOwn(o, k, f(v));
      return o;
    };
    return {
      rows, ok, failed: rows - ok, persons,
      totals: record(totals, (sum) => formatMoney(sum.total())),
      alerts: record(alertCounts, (n) => n),
      errors: record(errorCounts, (n) => n),
    };
  };

  return { push, columns, reject, open, closing, summary };
}
