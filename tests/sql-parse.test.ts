// The Spark SQL and Trino the SQL target writes, for every seed policy, read by a SQL parser
// (node-sql-parser): no engine of either kind runs here, so this is the check that the text
// is well-formed SQL of the right shape. node-sql-parser has a `trino` grammar, but it cannot
// read a window frame ending `1 PRECEDING` (the year-to-date sums before a claim), and no Spark
// grammar at all (its `hive` grammar reads neither such frames nor EXTRACT). Its `athena`
// grammar (Athena's engine is Presto/Trino) reads both dialects' queries: backquoted and
// double-quoted names, CTE chains, window frames, CASE, CAST to DECIMAL. What it cannot check:
// the CREATE VIEW line (checked here by pattern), Spark's bitwise `&` between set bitmasks
// (checked by pattern and parsed as a call), Spark's integer division `div` (parsed as `/`),
// lambdas (the ordered fold's `(acc, x) -> body`, Trino's `filter(…, v -> v IS NOT NULL)`:
// athena reads `->` as an operator, which is the lambda's shape when its body is one call or
// array, as the test checks of the fold), and whether each
// function exists in the engine with the types given (add_months, date_format, bitwise_and,
// concat_ws, aggregate, reduce…): docs/scale.md.
import pkg from "node-sql-parser";
import { describe, expect, it } from "vitest";
import { compileRuleBookSql, compileSql, type DialectName } from "../sql/index.ts";
import { compile } from "../compiler/index.ts";
import type { Artifact } from "../runtime/ir/artifact.ts";
import { seedById, seeds } from "./support/seeds.ts";

const parser = new pkg.Parser();

const VIEW: Record<"spark" | "trino", RegExp> = {
  spark: /^CREATE OR REPLACE TEMPORARY VIEW (bylaw_\w+) AS\s+/,
  trino: /^CREATE OR REPLACE VIEW (bylaw_\w+) AS\s+/,
};
/** Spark's bitwise AND of two set bitmasks, as the target writes it: `(x & y)`, operands without parentheses of their own. */
const SPARK_AND = /\(([^()&]+) & ([^()&]+)\)/g;

/** The views a script defines: name → its query. */
function views(sql: string, dialect: "spark" | "trino"): Map<string, string> {
  const out = new Map<string, string>();
  for (const statement of sql.split(/;\n/)) {
    const text = statement.replace(/^--.*$/gm, "").trim();
    if (text === "") continue;
    const m = VIEW[dialect].exec(text);
    expect(m, `a statement that is not a view: ${text.slice(0, 80)}`).not.toBeNull();
    out.set(m![1]!, text.slice(m![0].length));
  }
  return out;
}

interface SelectAst {
  type: string;
  with: unknown[] | null;
  columns: { as: string | null; expr: { type: string; value?: string; column?: string | { expr: { value: string } } } }[];
}

/** A selected column's name; athena reads a bare "name" as a string in double quotes, so its text is the name. */
const columnName = (c: SelectAst["columns"][number]): string | undefined =>
  c.as ?? (c.expr.type === "double_quote_string" ? c.expr.value : typeof c.expr.column === "string" ? c.expr.column : c.expr.column?.expr.value);

/** Every node of a parsed tree that satisfies `is`. */
function nodes(tree: unknown, is: (n: Record<string, unknown>) => boolean, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(tree)) for (const x of tree) nodes(x, is, out);
  else if (typeof tree === "object" && tree !== null) {
    const n = tree as Record<string, unknown>;
    if (is(n)) out.push(n);
    for (const x of Object.values(n)) nodes(x, is, out);
  }
  return out;
}

type Node = { type: string; name?: { name: { value: string }[] }; args?: { value: Node[] }; over?: unknown; operator?: string; left?: Node; right?: Node; value?: Node[]; column?: string };
const called = (n: Node, name: string) => n.type === "function" && n.name?.name[0]?.value === name;

/** The ordered fold (sql/fold.ts): the engine's lambda fold over the list of a window's rows. */
const FOLD = {
  spark: { call: "aggregate", list: "collect_list", args: 3, body: (n: Node) => called(n, "named_struct") },
  trino: { call: "reduce", list: "array_agg", args: 4, body: (n: Node) => n.type === "array" },
};

/** How many ordered folds the DuckDB SQL of the policy has: the policies that need one. */
const duckFolds = (seed: ReturnType<typeof seeds>[number]) => {
  const r = compileSql(seed.artifact, { dialect: "duckdb" });
  return r.ok ? r.sql.split("list_reduce(").length - 1 : 0;
};

/** A view's query read by the athena grammar (Spark's `&` and `div` rewritten first, see above). */
function parse(name: string, query: string, dialect: "spark" | "trino"): SelectAst {
  let text = query;
  if (dialect === "spark") {
    text = text.replace(SPARK_AND, (_m, a: string, b: string) => `bitand_(${a}, ${b})`);
    expect(text).not.toMatch(/ & /); // every & was a bitmask AND of that shape
    text = text.replace(/ div /g, " / "); // Spark's integer division, an operator athena does not know
  }
  try {
    return parser.astify(text, { database: "athena" }) as unknown as SelectAst;
  } catch (e) {
    const at = (e as { location?: { start: { offset: number } } }).location?.start.offset ?? 0;
    throw new Error(`${name}: ${(e as Error).message.slice(0, 200)}\n…${text.slice(Math.max(0, at - 120), at)}⟨here⟩${text.slice(at, at + 60)}`);
  }
}

describe.each(["spark", "trino"] as const)("%s SQL of every seed policy parses", (dialect: DialectName & ("spark" | "trino")) => {
  it.each(seeds().map((s) => [s.file, s] as const))("%s", { timeout: 120_000 }, (_file, seed) => {
    const r = compileSql(seed.artifact, { dialect });
    if (!r.ok) {
      // refused by name, never written approximately
      expect(r.diagnostics.length).toBeGreaterThan(0);
      return;
    }
    const v = views(r.sql, dialect);
    expect([...v.keys()]).toEqual(["bylaw_settled", "bylaw_results", "bylaw_closing"]);
    for (const [name, query] of v) {
      const ast = parse(name, query, dialect);
      expect(ast.type).toBe("select");
      if (name === "bylaw_results") {
        const outputs = [...seed.ruleSet.outputs.keys()];
        expect(ast.columns.map(columnName)).toEqual(["seq", "person", "date", "ok", ...outputs, "alerts", "errors"]);
      }
      if (name === "bylaw_settled") {
        expect(ast.with?.length).toBeGreaterThan(1);
        // a fold wherever DuckDB's SQL has one: over the list of the window's rows, a lambda of (acc, x)
        const f = FOLD[dialect];
        const folds = nodes(ast, (n) => called(n as Node, f.call)) as Node[];
        expect(folds).toHaveLength(duckFolds(seed));
        for (const fold of folds) {
          const args = fold.args!.value;
          expect(args).toHaveLength(f.args);
          expect(called(args[0]!, f.list) && args[0]!.over).toBeTruthy();
          const step = args[2]!;
          expect([step.operator, step.left?.value?.map((p) => p.column)]).toEqual(["->", ["bylaw_acc", "bylaw_x"]]);
          expect(f.body(step.right!)).toBe(true);
        }
      }
    }
    // the year-to-date sums are ordered windows over a person's year, partitioned by the person and
    // year themselves (a cluster shuffles by them), and no window runs over the whole table
    expect(r.sql).not.toMatch(/OVER \((ORDER BY|\))/);
    if (seed.artifact.ledger.fields.length > 0) expect(r.sql).toMatch(/OVER \(PARTITION BY [`"]person[`"], [`"]_year[`"] ORDER BY [`"]seq[`"] ROWS BETWEEN UNBOUNDED PRECEDING AND (1 PRECEDING|CURRENT ROW)\)/);
  });
});

describe.each(["spark", "trino"] as const)("%s SQL of a rule book parses", (dialect) => {
  it("XPCC assistance as two versions, switching on 2023-07-01", () => {
    const a = seedById("xpcc.assistance").artifact;
    const half = (effective: string, ends?: string): Artifact => ({ ...a, policy: { ...a.policy, effective, ...(ends === undefined ? {} : { ends }) } });
    const r = compileRuleBookSql([half("2023-07-01"), half("2023-01-01", "2023-06-30")], { dialect });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const v = views(r.sql, dialect);
    expect([...v.keys()].filter((n) => !/^bylaw_v\d_/.test(n))).toEqual(["bylaw_route", "bylaw_open", "bylaw_settled", "bylaw_results", "bylaw_closing"]);
    expect([...v.keys()].filter((n) => n.startsWith("bylaw_v1_"))).toEqual(["bylaw_v1_claims", "bylaw_v1_settled", "bylaw_v1_results", "bylaw_v1_closing", "bylaw_v1_ledgers"]);
    for (const [name, query] of v) expect(parse(name, query, dialect).type).toBe("select");
    const results = parse("bylaw_results", v.get("bylaw_results")!, dialect);
    expect(results.columns.map(columnName)).toEqual(["seq", "person", "date", "ok", ...seedById("xpcc.assistance").ruleSet.outputs.keys(), "alerts", "errors"]);
    expect(r.sql).not.toMatch(/OVER \((ORDER BY|\))/);
  });
});

describe.each(["spark", "trino"] as const)("%s SQL of a division by a quotient parses", (dialect) => {
  it("`m / (x / m)`: the divisor's trailing zeros cancelled, the row refused past 38 digits (BS2006)", () => {
    const r0 = compile("t.bylaw", `policy t.div "除法" {\n  region "测试地区"\n  effective 2024-01-01\n  source "t.txt"\n}\ninput { x: Money "x"  m: Money "m" }\ndefine n: Number "n" = x / m\noutput y: Money "y" = m / n\n`, { readFile: () => undefined });
    const r = compileSql(r0.artifact!, { dialect });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.sql).toContain("BS2006");
    for (const [name, query] of views(r.sql, dialect)) expect(parse(name, query, dialect).type).toBe("select");
  });
});
