// DuckDB: claims read as text (a CSV read with all_varchar, any Parquet cast to text) into the
// typed claims table the settlement reads, each cell checked as the runtime's batch checks it
// (runtime/batch/batch.ts and eval/validate-input.ts): a value it refuses is NULL with its
// message beside it (`X!error`), a row breaking the input contract has `!row`, a non-empty
// cell of a column that is no input has `!unknown`. Messages are the runtime's, same codes.
import type { Artifact, InputField } from "../runtime/ir/artifact.ts";
import type { ErrorCode, Lang } from "../runtime/errors.ts";
import { AMOUNT_RULES, EXPECTED } from "../runtime/eval/validate-input.ts";
import { DATE_EXPECTED, PERSON_EXPECTED } from "../runtime/batch/batch.ts";
import { MAX_TEXT } from "../runtime/ir/limits.ts";
import { enumOf, kindOf } from "../runtime/ir/types.ts";
import { DIALECT } from "./dialect.ts";
import { errorText } from "./messages.ts";
import { renderSqlMessage, type SqlCode } from "./diagnostics.ts";
import { v, type V } from "./plan.ts";
import { memberList } from "./settlement.ts";
import { INPUT_SCALE } from "./translate.ts";

const d = DIALECT.duckdb;
const id = d.ident;

/** The batch reader's words for true and false (runtime/batch/batch.ts). */
const TRUE = ["true", "TRUE", "True", "1", "是", "yes", "y", "Y"];
const FALSE = ["false", "FALSE", "False", "0", "否", "no", "n", "N"];

/** quote(value, max) of runtime/errors.ts: the text, cut at `max` characters with "…". */
function quoted(x: string, max = 60): string {
  return `CASE WHEN length(${x}) > ${max} THEN left(${x}, ${max}) || '…' ELSE ${x} END`;
}

/** describe(v) of a string: `"text"`, cut at 30. */
function described(x: string): string {
  return `'"' || ${quoted(x, 30)} || '"'`;
}

interface Check {
  when: string;
  code: ErrorCode | "BS2003";
  args?: Record<string, V>;
}

export interface ReadOptions {
  lang: Lang;
  /** the raw table (rawView): every column text by position, and `seq` (its row number from 1) */
  raw: string;
  header: readonly string[];
}

/** The raw table's column for a header name: by position ("c0", "c1" …), so no header, not
 *  even `seq` or `x!error`, can collide with the columns the reader adds. */
export function rawColumn(header: readonly string[], name: string): string {
  return id(`c${header.indexOf(name)}`);
}

/** The raw view over `table`, whose columns are the file's header: the row number `seq`
 *  (from 1, in file order) and every column by position. */
export function rawView(table: string, header: readonly string[]): string {
  return `SELECT rowid + 1 AS ${id("seq")}${header.map((h) => `, ${id(h)} AS ${rawColumn(header, h)}`).join("")} FROM ${table}`;
}

/** SELECT … FROM raw: the claims table of sql/index.ts with the reader's columns. */
export function readClaimsSql(a: Artifact, o: ReadOptions): string {
  const fields = new Map(a.schema.fields.map((f) => [f.name, f]));
  const cell = (name: string) => (o.header.includes(name) ? `NULLIF(r.${rawColumn(o.header, name)}, '')` : "CAST(NULL AS VARCHAR)");
  const person = cell("person"), date = cell("date");
  const line = `CAST(r.${id("seq")} + 1 AS VARCHAR)`;
  const badDate = `NOT (regexp_full_match(${date}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND TRY_CAST(${date} AS DATE) IS NOT NULL AND ${date} >= '0001-01-01')`;
  const rowChecks: { when: string; text: V }[] = [
    { when: `${person} IS NULL`, text: errorText(d, o.lang, "BR2104", "person", { line: v(line) }) },
    {
      // BAD_PERSON of runtime/batch/batch.ts, in RE2
      when: `${person} IS NOT NULL AND (regexp_matches(${person}, ${d.text("^[ \\t\\r\\n\\x{00a0}\\x{3000}]|[ \\t\\r\\n\\x{00a0}\\x{3000}]$")}) OR contains(${person}, chr(0)))`,
      text: errorText(d, o.lang, "BR2105", "person", { line: v(line), expected: v(d.text(PERSON_EXPECTED[0])), expectedZh: v(d.text(PERSON_EXPECTED[1])), found: v(quoted(person)) }),
    },
    { when: `${date} IS NULL`, text: errorText(d, o.lang, "BR2104", "date", { line: v(line) }) },
    {
      when: `${date} IS NOT NULL AND ${badDate}`,
      text: errorText(d, o.lang, "BR2105", "date", { line: v(line), expected: v(d.text(DATE_EXPECTED[0])), expectedZh: v(d.text(DATE_EXPECTED[1])), found: v(quoted(date)) }),
    },
  ];
  const rowError = `NULLIF(concat_ws('; ', ${rowChecks.map((c) => `CASE WHEN ${c.when} THEN ${c.text.sql} END`).join(", ")}), '')`;
  const unknown = o.header.filter((h) => h !== "person" && h !== "date" && !fields.has(h));
  const unknownError = unknown.length === 0 ? "CAST(NULL AS VARCHAR)"
    : `NULLIF(concat_ws('; ', ${unknown.map((h) => `CASE WHEN ${cell(h)} IS NOT NULL THEN ${errorText(d, o.lang, "BR2003", h, {}).sql} END`).join(", ")}), '')`;
  const cols = [
    `CASE WHEN ${person} IS NULL THEN '' ELSE ${person} END AS ${id("person")}`,
    // 2022-8-1 casts, but is no YYYY-MM-DD date: refused, and written back as read
    `CASE WHEN ${badDate} THEN NULL ELSE TRY_CAST(${date} AS DATE) END AS ${id("date")}`,
    // a date that is not one is written back as it was read, as the JS batch writes it
    `${date} AS ${id("!date")}`,
    `r.${id("seq")} AS ${id("seq")}`,
    `${rowError} AS ${id("!row")}`,
    `${unknownError} AS ${id("!unknown")}`,
  ];
  // four steps, so each set's members, the first one refused and each field's error are worked out once
  const sets = a.schema.fields.filter((f) => kindOf(f.type) === "set");
  const lists = sets.flatMap((f) => [`${setList(cell(f.name))} AS ${id(`${f.name}!list`)}`, `${jsonTypes(cell(f.name))} AS ${id(`${f.name}!types`)}`]);
  const judged = sets.map((f) => `${firstRefused(a, f)} AS ${id(`${f.name}!bad`)}`);
  const errors: string[] = [];
  for (const f of a.schema.fields) {
    const { value, checks } = readField(a, f, cell(f.name), `r.${id(`${f.name}!list`)}`);
    const [en, zh] = EXPECTED[f.type] ?? EXPECTED[kindOf(f.type)]!;
    const common: Record<string, V> = { expected: v(d.text(en)), expectedZh: v(d.text(zh)), found: v(described(cell(f.name))), value: v(quoted(cell(f.name))) };
    const text = (c: Check) => c.code === "BS2003"
      ? d.concat([d.text(`${f.name}: BS2003 `), ...sqlMessage(c.code, { field: f.name, max: String(INPUT_SCALE), type: f.type }, common.value!.sql, o.lang)])
      : errorText(d, o.lang, c.code, f.name, { ...common, ...c.args }).sql;
    const arms = checks.map((c) => `WHEN ${c.when} THEN ${text(c)}`);
    const error = id(`${f.name}!error`);
    errors.push(`${checks.length === 0 ? "CAST(NULL AS VARCHAR)" : `CASE ${arms.join(" ")} END`} AS ${error}`);
    cols.push(`CASE WHEN ${cell(f.name)} IS NOT NULL AND r.${error} IS NULL THEN ${value} END AS ${id(f.name)}`, `r.${error}`);
  }
  const listed = `(SELECT r.*${lists.map((l) => ", " + l).join("")} FROM ${o.raw} r)`;
  const judgedStep = `(SELECT r.*${judged.map((l) => ", " + l).join("")} FROM ${listed} r)`;
  const checked = `(SELECT r.*${errors.map((e) => ", " + e).join("")} FROM ${judgedStep} r)`;
  return `SELECT\n  ${cols.join(",\n  ")}\nFROM ${checked} r`;
}

/** An SQL engine message's parts, with the cell's text (SQL) where it shows `{value}`. */
function sqlMessage(code: SqlCode, args: Record<string, string>, value: string, lang: Lang): string[] {
  const [before, after] = renderSqlMessage(code, { ...args, value: "\u0000" }, lang).split("\u0000");
  return [d.text(before!), value, d.text(after ?? "")];
}

/** A JSON list of strings, numbers, true, false, null and lists of those, as JSON.parse reads
 *  it. DuckDB's own JSON reader is laxer (a trailing comma, NaN): only this form is read as
 *  JSON, as the JS batch reads a cell starting with `[`; deeper nesting is refused as text. */
const JSON_WS = "[ \\t\\n\\r]*";
const JSON_SCALAR = `("([^"\\\\\\x00-\\x1f]|\\\\(["\\\\/bfnrt]|u[0-9a-fA-F]{4}))*"|-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?|true|false|null)`;
const jsonArray = (element: string) => `\\[${JSON_WS}(${element}${JSON_WS}(,${JSON_WS}${element}${JSON_WS})*)?\\]`;
/** a list whose elements are scalars or lists of scalars (refused as not names, as JSON.parse reads them) */
const JSON_LIST = `${jsonArray(`(${JSON_SCALAR}|${jsonArray(JSON_SCALAR)})`)}${JSON_WS}`;

/** Whether the cell is a JSON list the JS batch reads (it tries JSON.parse on a cell starting with `[`). */
const isJsonList = (x: string) => `regexp_full_match(${x}, ${d.text(JSON_LIST)})`;

/** A set's members in a cell: a JSON list's elements as they are (NULL when the cell starts with
 *  `[` but is no such list), else split at any of the batch reader's separators, trimmed, empty
 *  ones dropped. */
function setList(x: string): string {
  // one separator for string_split (string_split_regex is ten times slower)
  const split = `list_filter(list_transform(string_split(translate(${x}, '；|、,，', ';;;;;'), ';'), m -> trim(m)), m -> m <> '')`;
  return `CASE WHEN NOT starts_with(${x}, '[') THEN ${split} WHEN ${isJsonList(x)} THEN json_extract_string(${x}, '$[*]') END`;
}

/** A JSON list's element types (VARCHAR for a name); NULL for a split cell, whose members are all text. */
function jsonTypes(x: string): string {
  return `CASE WHEN starts_with(${x}, '[') THEN (CASE WHEN ${isJsonList(x)} THEN json_type(${x}, '$[*]') END) END`;
}

/** The first member the runtime refuses, in its order for each member (not text, too long, not
 *  one of the enum's, listed before), as {i: its position, e: 1–4}; NULL when none is. */
function firstRefused(a: Artifact, f: InputField): string {
  const list = `r.${id(`${f.name}!list`)}`, types = `r.${id(`${f.name}!types`)}`;
  const inSet = `[${enumMembers(a, f).map(d.text).join(", ")}]`;
  const errs = `list_transform(${list}, (m, i) -> CASE WHEN ${types} IS NOT NULL AND ${types}[i] <> 'VARCHAR' THEN 1 WHEN length(m) > ${MAX_TEXT} THEN 2 `
    + `WHEN NOT list_contains(${inSet}, m) THEN 3 WHEN list_position(${list}, m) < i THEN 4 ELSE 0 END)`;
  return `list_filter(list_transform(${errs}, (e, i) -> {'i': i, 'e': e}), s -> s.e > 0)[1]`;
}

const enumMembers = (a: Artifact, f: InputField): string[] => a.schema.enums.find((e) => e.name === enumOf(f.type))!.members.map((m) => m.name);

/** A field's typed value from its cell x (NULL when empty), and the checks refusing it, in the runtime's order. */
function readField(a: Artifact, f: InputField, x: string, list: string): { value: string; checks: Check[] } {
  const tooLong: Check = { when: `length(${x}) > ${MAX_TEXT}`, code: "BR2009", args: { max: v(d.text(String(MAX_TEXT))) } };
  switch (kindOf(f.type)) {
    case "num": {
      const intDigits = `length(ltrim(regexp_extract(${x}, '^-?([0-9]+)', 1), '0'))`;
      const decimals = `length(rtrim(regexp_extract(${x}, '\\.([0-9]+)$', 1), '0'))`;
      const checks: Check[] = [
        tooLong,
        ...(f.type === "Rate" ? [{ when: `ends_with(${x}, '%')`, code: "BR2017" as const }] : []),
        { when: `(length(${x}) > 64 OR NOT regexp_full_match(${x}, '-?[0-9]+(\\.[0-9]+)?'))`, code: "BR2005" },
        { when: `${intDigits} > 15`, code: "BR2014" },
      ];
      if (f.type === "Int") checks.push({ when: `${decimals} > 0`, code: "BR2010" });
      if (f.type === "Money") checks.push({ when: `${decimals} > 2`, code: "BR2006" });
      if (AMOUNT_RULES[f.type]?.negative === false) checks.push({ when: `(starts_with(${x}, '-') AND regexp_matches(${x}, '[1-9]'))`, code: "BR2007" });
      // a fraction: the whole part 0, or exactly 1
      if (f.type === "Rate") checks.push({ when: `NOT regexp_full_match(${x}, '-?0*(\\.[0-9]+)?|0*1(\\.0+)?')`, code: "BR2016" });
      const type = f.type === "Money" ? "DECIMAL(18, 2)" : f.type === "Int" ? "BIGINT" : d.decimal(INPUT_SCALE);
      const scale = f.type === "Money" ? 2 : f.type === "Int" ? 0 : INPUT_SCALE;
      // text → DECIMAL(38, s) is slow in DuckDB (HUGEINT parsing): money and whole numbers fit 18 digits
      const value = f.type === "Money" || f.type === "Int" ? `CAST(${x} AS ${type})` : `CAST(CAST(${x} AS DECIMAL(38, ${scale})) AS ${type})`;
      if (f.type !== "Money" && f.type !== "Int") {
        // more decimals than the SQL engine keeps: refused in its own words, never cut
        checks.push({ when: `${decimals} > ${INPUT_SCALE}`, code: "BS2003" });
      }
      return { value, checks };
    }
    case "bool":
      return {
        value: `CASE WHEN ${x} IN (${TRUE.map(d.text).join(", ")}) THEN TRUE ELSE FALSE END`,
        checks: [{ when: `${x} NOT IN (${[...TRUE, ...FALSE].map(d.text).join(", ")})`, code: "BR2004" }],
      };
    case "duration":
      return { value: `CAST(${x} AS INTEGER)`, checks: [{ when: `NOT regexp_full_match(${x}, '-?[0-9]{1,9}')`, code: "BR2004" }] };
    case "date":
      return {
        value: `CAST(${x} AS DATE)`,
        checks: [tooLong, { when: `NOT (regexp_full_match(${x}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND TRY_CAST(${x} AS DATE) IS NOT NULL AND ${x} >= '0001-01-01')`, code: "BR2011" }],
      };
    case "enum": {
      const members = a.schema.enums.find((e) => e.name === enumOf(f.type))!.members.map((m) => m.name);
      return {
        value: x,
        checks: [tooLong, { when: `${x} NOT IN (${members.map(d.text).join(", ")})`, code: "BR2012", args: { members: v(d.text(memberList(members))) } }],
      };
    }
    case "set": {
      const members = enumMembers(a, f);
      const bits = members.map((m, i) => `WHEN ${d.text(m)} THEN ${1n << BigInt(i)}`).join(" ");
      const bad = `r.${id(`${f.name}!bad`)}`, member = quoted(`${list}[${bad}.i]`);
      // the runtime's describe() of a list, in either language
      const aList = { found: v(d.text("a list")), value: v(member) };
      return {
        value: `COALESCE(list_sum(list_transform(list_distinct(${list}), m -> CAST(CASE m ${bits} ELSE 0 END AS BIGINT))), 0)`,
        checks: [
          { when: `${list} IS NULL`, code: "BR2004" },
          { when: `len(${list}) > ${members.length * 2 + 10}`, code: "BR2004", args: aList },
          { when: `${bad}.e = 1`, code: "BR2004", args: aList },
          { when: `${bad}.e = 2`, code: "BR2009", args: { max: v(d.text(String(MAX_TEXT))), value: v(member) } },
          { when: `${bad}.e = 3`, code: "BR2012", args: { members: v(d.text(memberList(members))), value: v(member) } },
          { when: `${bad}.e = 4`, code: "BR2013", args: { value: v(member) } },
        ],
      };
    }
    default:
      return { value: x, checks: [tooLong] };
  }
}
