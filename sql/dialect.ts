// Every DECIMAL the generator writes is DECIMAL(38, s) with its scale s written out, and every
// CASE, COALESCE, LEAST and GREATEST gets its arms at one scale: DuckDB unifies DECIMAL(38, 2)
// with DECIMAL(38, 0) as DECIMAL(38, 0), silently dropping the fen (sql/sql.test.ts shows it).
//
// What differs between the SQL engines the target writes for, in one table: everything else
// the generator writes is the SQL every one of them reads (CTEs, CASE, window sums over
// `ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING`, EXTRACT(YEAR …), CAST to DECIMAL).
import { DEC2, listFold, postgresFold, type CapsFold } from "./fold.ts";

export type DialectName = "duckdb" | "postgres" | "spark" | "trino";

export const DIALECTS: readonly DialectName[] = ["duckdb", "postgres", "spark", "trino"];

export interface Dialect {
  name: DialectName;
  /** an exact decimal type of `scale` fraction digits, wide enough for any amount */
  decimal(scale: number): string;
  /** a quoted identifier (the policy's Chinese names are kept as they are) */
  ident(name: string): string;
  /** a string literal */
  text(s: string): string;
  /** a DATE literal */
  date(d: string): string;
  /** the least of exact numbers of one scale, NULLs skipped (NULL when all are): an unlimited limit is NULL */
  least(xs: readonly string[]): string;
  /** the greatest, likewise */
  greatest(xs: readonly string[]): string;
  /** bitwise AND of two BIGINTs (sets are bitmasks) */
  bitAnd(a: string, b: string): string;
  /** how many bits of a BIGINT are set (a set's members) */
  bitCount(x: string): string;
  /** a date `months` calendar months later, the day clamped to the month's end */
  addMonths(date: string, months: string): string;
  /** a DATE as "YYYY-MM-DD" text */
  dateText(date: string): string;
  /** text of a value (a DECIMAL prints all its fraction digits, a BOOLEAN `true`/`false`) */
  toText(x: string): string;
  /** string concatenation */
  concat(parts: string[]): string;
  /**
   * ROUND(x, 2) on an exact decimal is half away from zero — the runtime's half-up on a signed
   * amount — in all four (DuckDB and PostgreSQL numeric, Spark and Trino DECIMAL): checked by
   * sql/sql.test.ts on DuckDB at every .5 fen.
   */
  round(x: string, digits: number): string;
  /** an integer-valued exact number as the widest exact integer type (HUGEINT, NUMERIC, DECIMAL(38, 0)) */
  bigInt(x: string): string;
  /** the digits bigInt's type holds (38), or undefined when it has no bound (PostgreSQL's NUMERIC) */
  bigIntDigits?: number;
  /** x·10^scale for a DECIMAL(38, scale) x, as that whole number (bigInt's type) */
  scaledInt(x: string, scale: number): string;
  /** a div b for whole numbers a ≥ 0, b > 0, truncated */
  intDiv(a: string, b: string): string;
  /** a decimal's text without trailing fraction zeros (the runtime's formatDecimal) */
  trimZeros(text: string): string;
  /** a view over the settlement (temporary where the engine has them) */
  createView(name: string): string;
  /** the ordered fold yearly limits read from the claim and sub-caps need (fold.ts) */
  fold: CapsFold;
}

const quoteIdent = (q: string) => (name: string) => q + name.split(q).join(q + q) + q;
const sqlText = (s: string) => `'${s.split("'").join("''")}'`;
const join = (parts: string[]) => (parts.length === 1 ? parts[0]! : `(${parts.join(" || ")})`);

const common = {
  text: sqlText,
  date: (d: string) => `DATE '${d}'`,
  dateText: (d: string) => `CAST(${d} AS VARCHAR)`,
  toText: (x: string) => `CAST(${x} AS VARCHAR)`,
  concat: join,
  round: (x: string, digits: number) => `ROUND(${x}, ${digits})`,
  bigInt: (x: string) => `CAST(${x} AS DECIMAL(38, 0))`,
  bigIntDigits: 38,
  scaledInt: (x: string, scale: number) => `CAST(${x} * 1${"0".repeat(scale)} AS DECIMAL(38, 0))`,
  trimZeros: (t: string) => `rtrim(rtrim(${t}, '0'), '.')`,
  createView: (name: string) => `CREATE OR REPLACE TEMP VIEW ${name}`,
  decimal: (s: number) => `DECIMAL(38, ${s})`,
  ident: quoteIdent('"'),
  bitAnd: (a: string, b: string) => `(${a} & ${b})`,
  bitCount: (x: string) => `bit_count(${x})`,
  least: (xs: readonly string[]) => `LEAST(${xs.join(", ")})`,
  greatest: (xs: readonly string[]) => `GREATEST(${xs.join(", ")})`,
};

/** Trino's LEAST and GREATEST are NULL when any argument is: the extreme of the others, written out. */
const skippingNulls = (fn: "array_min" | "array_max") => (xs: readonly string[]) =>
  `${fn}(filter(ARRAY[${xs.join(", ")}], bylaw_v -> bylaw_v IS NOT NULL))`;

export const DIALECT: Record<DialectName, Dialect> = {
  duckdb: {
    ...common,
    name: "duckdb",
    addMonths: (d, m) => `CAST(${d} + TO_MONTHS(CAST(${m} AS INTEGER)) AS DATE)`,
    bigInt: (x) => `CAST(${x} AS HUGEINT)`,
    // x × 10^s keeps scale s and overflows 38 digits: the decimal's text without its point is exact
    scaledInt: (x, scale) => (scale === 0 ? `CAST(${x} AS HUGEINT)` : `CAST(replace(CAST(${x} AS VARCHAR), '.', '') AS HUGEINT)`),
    intDiv: (a, b) => `((${a}) // (${b}))`,
    fold: listFold({
      record: (fields, all) => `{${all.map((n) => `'${n}': ${fields.find((f) => f.name === n)?.value ?? `CAST(NULL AS ${DEC2})`}`).join(", ")}}`,
      field: (r, f) => `${r}.${f.name}`,
      // list_reduce folds over the list's own type: the item and the state are one struct (record pads
      // it); list() over no rows is NULL
      reduce: (item, window, init, step, acc, x) => `list_reduce(COALESCE(list(${item}) OVER (${window}), []), lambda ${acc}, ${x}: ${step}, ${init})`,
    }),
  },
  postgres: {
    ...common,
    name: "postgres",
    // NUMERIC's precision goes to 1000: an amount past 38 digits (a product of two inputs divided)
    // settles as the JS engine settles it, where NUMERIC(38, s) failed the whole run
    decimal: (s) => `NUMERIC(1000, ${s})`,
    // bit_count takes BIT (PostgreSQL 14+); the ones of the 64-bit text, on any version
    bitCount: (x) => `length(replace(CAST(CAST(${x} AS BIT(64)) AS TEXT), '0', ''))`,
    addMonths: (d, m) => `CAST(${d} + make_interval(months => CAST(${m} AS INTEGER)) AS DATE)`,
    bigInt: (x) => `CAST(${x} AS NUMERIC)`,
    bigIntDigits: undefined, // NUMERIC has no bound: a quotient of any divisor is exact there
    scaledInt: (x, scale) => `(${x} * 1${"0".repeat(scale)}::NUMERIC)`,
    intDiv: (a, b) => `div(${a}, ${b})`,
    dateText: (d) => `to_char(${d}, 'YYYY-MM-DD')`,
    toText: (x) => `CAST(${x} AS TEXT)`,
    fold: postgresFold(),
  },
  spark: {
    ...common,
    name: "spark",
    ident: quoteIdent("`"),
    text: (s) => `'${s.replace(/\\/g, "\\\\").split("'").join("\\'")}'`,
    addMonths: (d, m) => `add_months(${d}, ${m})`,
    intDiv: (a, b) => `((${a}) div (${b}))`,
    trimZeros: (t) => `regexp_replace(regexp_replace(${t}, '0+$', ''), '\\.$', '')`,
    createView: (name) => `CREATE OR REPLACE TEMPORARY VIEW ${name}`,
    dateText: (d) => `date_format(${d}, 'yyyy-MM-dd')`,
    toText: (x) => `CAST(${x} AS STRING)`,
    concat: (parts) => (parts.length === 1 ? parts[0]! : `concat(${parts.join(", ")})`),
    // collect_list over an ordered frame keeps the frame's order; over no rows it is []
    fold: listFold({
      record: (fields) => `named_struct(${fields.map((f) => `'${f.name}', ${f.value}`).join(", ")})`,
      field: (r, f) => `${r}.${f.name}`,
      reduce: (item, window, init, step, acc, x) => `aggregate(collect_list(${item}) OVER (${window}), ${init}, (${acc}, ${x}) -> ${step})`,
    }),
  },
  trino: {
    ...common,
    name: "trino",
    bitAnd: (a, b) => `bitwise_and(${a}, ${b})`,
    bitCount: (x) => `bit_count(${x}, 64)`,
    least: skippingNulls("array_min"),
    greatest: skippingNulls("array_max"),
    addMonths: (d, m) => `date_add('month', ${m}, ${d})`,
    intDiv: (a, b) => `((${a}) - mod(${a}, ${b})) / (${b})`,
    trimZeros: (t) => `regexp_replace(regexp_replace(${t}, '0+$', ''), '\\.$', '')`,
    createView: (name) => `CREATE OR REPLACE VIEW ${name}`,
    dateText: (d) => `format_datetime(CAST(${d} AS TIMESTAMP), 'yyyy-MM-dd')`,
    // records as arrays (every field is a DECIMAL(38, 2)); array_agg over no rows is NULL
    fold: listFold({
      record: (fields) => `ARRAY[${fields.map((f) => f.value).join(", ")}]`,
      field: (r, f) => `${r}[${f.at + 1}]`,
      reduce: (item, window, init, step, acc, x) => `COALESCE(reduce(array_agg(${item}) OVER (${window}), ${init}, (${acc}, ${x}) -> ${step}, ${acc} -> ${acc}), ${init})`,
    }),
  },
};
