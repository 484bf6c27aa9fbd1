// The ordered fold yearly limits read from the claim and sub-caps need (ledgers.ts), written for
// each engine. Over a person's earlier claims of the year, from every Sᵢ = 0, each claim pays
// r = min(y, max(headᵢ − Sᵢ, 0) over the caps that apply to it and have a limit) and adds r to
// the Sᵢ of those that apply; a balance is opening + Sᵢ. Every number is DECIMAL(38, 2): the
// amounts and heads are at the fen, so the fold is exact.
//
// DuckDB, Spark and Trino fold the list of the window's rows with a lambda (list_reduce,
// aggregate, reduce): the step is written once here over each engine's records; the list is
// rebuilt for every claim, O(n²) in a person's year. PostgreSQL has no lambdas: an aggregate
// made with CREATE AGGREGATE in pg_temp (nothing is left in the user's schema), used as a window
// aggregate over the same frame, which PostgreSQL advances row by row (O(n) per partition).

/** The type of every number the fold holds. */
export const DEC2 = "DECIMAL(38, 2)";

/** One cap of the fold: headᵢ (a DECIMAL(38, 2), NULL for no limit) and whether it applies (a BOOLEAN). */
export interface FoldCap {
  head: string;
  applies: string;
}

export interface CapsFold {
  /** statements to run before the views: what the fold calls (PostgreSQL's aggregate) */
  preamble: readonly string[];
  /** the fold's state after the claims of `window` (a window spec) */
  state(y: string, caps: readonly FoldCap[], window: string): string;
  /** whether a person-year of k claims costs O(k²) (a list rebuilt for each claim): then only the
   *  person-years that need it should fold */
  quadratic: boolean;
  /** Sᵢ of a state, a DECIMAL(38, 2) */
  balance(state: string, i: number): string;
}

/** A record field: its name and its place in the record (the item's y, t0, a0, t1…; the state's s0, s1…). */
interface Field {
  name: string;
  at: number;
}

/** How an engine writes records and folds a list of them with a lambda. */
export interface ListSyntax {
  /** a record of DECIMAL(38, 2) values; `all` names every field of the item and of the state */
  record(fields: readonly (Field & { value: string })[], all: readonly string[]): string;
  field(record: string, f: Field): string;
  /** the fold of the list of `item` over `window` from `init`, `step` reading the lambda's `acc` and `x` */
  reduce(item: string, window: string, init: string, step: string, acc: string, x: string): string;
}

// lambda parameters named apart from any input column
const ACC = "bylaw_acc", X = "bylaw_x";

/** The fold as a lambda over the window's list, in an engine's syntax. */
export function listFold(l: ListSyntax): CapsFold {
  const cast = (x: string) => `CAST(${x} AS ${DEC2})`;
  const y: Field = { name: "y", at: 0 };
  const t = (i: number): Field => ({ name: `t${i}`, at: 1 + 2 * i });
  const a = (i: number): Field => ({ name: `a${i}`, at: 2 + 2 * i });
  const s = (i: number): Field => ({ name: `s${i}`, at: i });
  return {
    preamble: [],
    quadratic: true,
    state(amount, caps, window) {
      const all = ["y", ...caps.flatMap((_, i) => [t(i).name, a(i).name]), ...caps.map((_, i) => s(i).name)];
      const item = l.record([
        { ...y, value: cast(amount) },
        ...caps.flatMap((c, i) => [{ ...t(i), value: cast(c.head) }, { ...a(i), value: cast(`CASE WHEN ${c.applies} THEN 1 ELSE 0 END`) }]),
      ], all);
      const xy = l.field(X, y);
      const applies = (i: number) => `${l.field(X, a(i))} = 1`;
      // a cap that does not apply or has no limit leaves room for all of y (LEAST is not null-safe everywhere)
      const rooms = caps.map((_, i) =>
        `CASE WHEN ${applies(i)} AND ${l.field(X, t(i))} IS NOT NULL THEN GREATEST(${l.field(X, t(i))} - ${l.field(ACC, s(i))}, ${cast("0")}) ELSE ${xy} END`);
      const r = `LEAST(${xy}, ${rooms.join(", ")})`;
      const step = l.record(caps.map((_, i) => ({ ...s(i), value: cast(`${l.field(ACC, s(i))} + CASE WHEN ${applies(i)} THEN ${r} ELSE ${cast("0")} END`) })), all);
      const init = l.record(caps.map((_, i) => ({ ...s(i), value: cast("0") })), all);
      return l.reduce(item, window, init, step, ACC, X);
    },
    balance: (state, i) => l.field(state, s(i)),
  };
}

/** PostgreSQL's fold: a window aggregate over arrays (numeric[] state), one for any number of caps.
 *  It is linear, and measured cheaper than the windows that would find the person-years it can skip
 *  (1 M XPCC claims: 26 s folding all, 29 s skipping), so it folds every person-year. */
export function postgresFold(): CapsFold {
  const step = "pg_temp.bylaw_fold_caps_step", agg = "pg_temp.bylaw_fold_caps";
  return {
    preamble: [
      [
        `CREATE OR REPLACE FUNCTION ${step}(s NUMERIC[], y NUMERIC, t NUMERIC[], a BOOLEAN[]) RETURNS NUMERIC[]`,
        "LANGUAGE plpgsql IMMUTABLE AS $$",
        "DECLARE",
        "  r NUMERIC := y;",
        "BEGIN",
        "  FOR i IN 1 .. cardinality(t) LOOP",
        "    IF a[i] AND t[i] IS NOT NULL THEN r := LEAST(r, GREATEST(t[i] - COALESCE(s[i], 0), 0)); END IF;",
        "  END LOOP;",
        "  FOR i IN 1 .. cardinality(t) LOOP",
        "    s[i] := COALESCE(s[i], 0) + CASE WHEN a[i] THEN r ELSE 0 END;",
        "  END LOOP;",
        "  RETURN s;",
        "END $$",
      ].join("\n"),
      // the state starts empty: Sᵢ not yet set is 0 (balance reads it so)
      `CREATE OR REPLACE AGGREGATE ${agg}(NUMERIC, NUMERIC[], BOOLEAN[]) (SFUNC = ${step}, STYPE = NUMERIC[], INITCOND = '{}')`,
    ],
    quadratic: false,
    state: (y, caps, window) => {
      const heads = caps.map((c) => `CAST(${c.head} AS NUMERIC(38, 2))`).join(", ");
      const applies = caps.map((c) => `CAST(${c.applies} AS BOOLEAN)`).join(", ");
      return `${agg}(CAST(${y} AS NUMERIC(38, 2)), ARRAY[${heads}]::NUMERIC[], ARRAY[${applies}]::BOOLEAN[]) OVER (${window})`;
    },
    balance: (state, i) => `COALESCE(${state}[${i + 1}], 0)`,
  };
}
