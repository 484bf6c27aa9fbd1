// The compiled rule-set artifact: a versioned JSON document. The compiler writes it, the
// runtime validates it fully before use (see load.ts). It is data, never code.
//
// Value encoding in JSON (inputs, constants, ledgers, test expectations):
//   Money, Rate, Points, Number, Int — decimal strings ("12000", "0.7"; a Rate is a
//     fraction: 70 % is "0.7"; Points are points: 5 pp is "5")
//   Bool — true/false; Date — "YYYY-MM-DD"; Text — string; Duration — whole months (number)
//   enum — the member's name; set of enum — array of member names
//   Limit — a Money decimal string, or null for unlimited

import type { ArtifactSignature } from "../load/signature.ts";

export const ARTIFACT_FORMAT = "bylaw.ruleset";
/** 2: `and`/`or` hold a list (`xs`) and `sum` keeps a long + − chain flat; format 1 artifacts
 *  are read by upgrading their binary `and`/`or` (load/upgrade.ts).
 *  3: a declaration cites a list of `sections`; older formats' single `section` is upgraded. */
export const FORMAT_VERSION = 3;

/** [source index into Artifact.sources, start offset, end offset) */
export type SrcSpan = [number, number, number];

/** "Money" | "Rate" | "Points" | "Number" | "Int" | "Bool" | "Date" | "Text" | "Duration"
 *  | "Limit" | "enum:<Name>" | "set:<EnumName>" */
export type TypeName = string;

export type Value = string | boolean | number | string[] | null;

export interface Artifact {
  format: typeof ARTIFACT_FORMAT;
  formatVersion: number;
  /** semver of the compiler that wrote it */
  compiler: string;
  /** "sha256:<hex>" of the policy's own source text */
  sourceHash: string;
  policy: PolicyMeta;
  /** every file that went into this artifact (the policy, its parents, its imports) */
  sources: SourceRef[];
  schema: InputSchema;
  ledger: LedgerSchema;
  ir: Program;
  tests: TestCase[];
  /** "sha256:<hex>" over the canonical JSON (sorted keys, no spaces) of every field above */
  integrity: string;
  /** an Ed25519 signature over `integrity` (load/signature.ts), outside the hash */
  signature?: ArtifactSignature;
}

export interface PolicyMeta {
  id: string;
  title: string;
  region: string;
  effective: string;
  ends?: string;
  source: string;
  section?: string;
  /** ids of the policies this one extends, nearest first */
  extends?: string[];
}

export interface SourceRef {
  path: string;
  sha256: string;
}

export interface Documented {
  label?: string;
  /** the sections of the document cited, in order (non-empty when present) */
  sections?: string[];
  span?: SrcSpan;
}

export interface EnumDef extends Documented {
  name: string;
  members: ({ name: string } & Documented)[];
}

export interface InputField extends Documented {
  name: string;
  type: TypeName;
  optional: boolean;
  default?: Value;
}

export interface InputSchema {
  enums: EnumDef[];
  fields: InputField[];
}

export interface LedgerSchema {
  /** per person per medical (calendar) year; a field is Money unless `type` says it counts
   *  (Int: 年度住院次数, written only by `cumulative`) */
  fields: LedgerField[];
}

export type LedgerField = { name: string; type?: "Int" } & Documented;

/** The type of a ledger field's values. */
export type LedgerFieldType = "Money" | "Int";

export function ledgerType(f: LedgerField): LedgerFieldType {
  return f.type ?? "Money";
}

export interface Interval {
  /** decimal string; null means −∞ */
  lo: string | null;
  loIncl: boolean;
  /** decimal string; null means +∞ */
  hi: string | null;
  hiIncl: boolean;
}

/** A param has exactly one of `value` and `values` (a dated param, added in format 2 without
 *  a version change: an artifact without dated params is what it was). */
export interface ParamDef extends Documented {
  name: string;
  type: TypeName;
  value?: Value;
  /** a dated param: strictly increasing `from` dates, the first on or before the policy's
   *  effective date; on a claim's date the last entry from that date or before applies */
  values?: DatedValue[];
}

export interface DatedValue {
  /** "YYYY-MM-DD" */
  from: string;
  value: Value;
}

export interface TableDef extends Documented {
  name: string;
  keyType: TypeName;
  valueType: TypeName;
  rows: { key?: string; range?: Interval; value: Value; span?: SrcSpan }[];
}

/** One key of a grid row: any value, one of these members, or an amount in the interval. */
export type KeyMatch = { any: true } | { members: string[] } | { range: Interval };

/** A decision table of several keys `(K1, K2, …) -> V`, each an enum or a number type. The
 *  compiler makes the rows cover every combination exactly once; a lookup takes the first row
 *  whose every key matches (no row: BR3001). Older artifacts have none (`Program.grids`). */
export interface GridDef extends Documented {
  name: string;
  keyTypes: TypeName[];
  valueType: TypeName;
  rows: { keys: KeyMatch[]; value: Value; span?: SrcSpan }[];
}

/** marginal (超额累进): each slice at its band's rate; whole (全额累进): the whole amount at
 *  the rate of the band holding it. An artifact written without a mode means marginal. */
export type BandMode = "marginal" | "whole";

/** A band's rate: a fraction string, or, when it depends on the claim, a Rate param
 *  (`{k:"param"}`) or an enum-keyed Rate table looked up by an input or a param
 *  (`{k:"index", key: {k:"input"|"param"}}`): evaluated per claim. */
export type BandRate = string | Expr;

/** A band's edge: a decimal string, or, when it depends on the claim, a Money expression of
 *  dated params and enum-keyed table lookups (`[0元, 病种限额[级别]]`), evaluated per claim.
 *  The compiler proves the rows in order, without overlap or undeclared gap, for every value
 *  those can take; the runtime still refuses a claim on which they are not (BR3012). */
export type BandEdge = string | Expr;

export interface BandRow {
  /** never null in bands: they start at an amount */
  lo: BandEdge | null;
  loIncl: boolean;
  /** null means +∞ */
  hi: BandEdge | null;
  hiIncl: boolean;
  rate: BandRate;
  span?: SrcSpan;
}

export interface BandsDef extends Documented {
  name: string;
  mode: BandMode;
  /** in order, no overlaps; declared gaps are simply absent */
  rows: BandRow[];
}

export interface ClassifyDef extends Documented {
  name: string;
  enum: string;
  rows: { range: Interval; member: string; span?: SrcSpan }[];
  otherwise: string;
}

export interface NamedExpr extends Documented {
  name: string;
  type: TypeName;
  expr: Expr;
}

export interface AlertDef extends Documented {
  name: string;
  when: Expr;
}

export interface PipelineDef extends Documented {
  name: string;
  on: Expr;
  layers: NamedExpr[];
  /** the output holding the patient's final share */
  leaves: { name: string } & Documented;
}

export interface Program {
  params: ParamDef[];
  tables: TableDef[];
  /** grid tables; absent when there are none (and in artifacts written before grids) */
  grids?: GridDef[];
  bands: BandsDef[];
  classifications: ClassifyDef[];
  /** `define`s, in dependency order (a define refers only to earlier ones) */
  defines: NamedExpr[];
  /** outputs of type Money are rounded half-up to the fen */
  outputs: NamedExpr[];
  alerts: AlertDef[];
  pipelines: PipelineDef[];
}

export interface TestCase {
  name: string;
  span?: SrcSpan;
  date?: string;
  given: Record<string, Value>;
  ledger: Record<string, string>;
  claims: TestClaim[];
}

export interface TestClaim {
  /** the claim's date, when it is not the test's (`claim { date … }`, carried to the claims after it) */
  date?: string;
  given: Record<string, Value>;
  /** expected outputs */
  expect: Record<string, Value>;
  /** expected values of defines (absent in artifacts that expect none) */
  defines?: Record<string, Value>;
  /** expected ledger values after the claim (absent in artifacts that expect none) */
  ledger?: Record<string, string>;
  alerts: string[];
  noAlerts: string[];
  span?: SrcSpan;
}

export type ArithOp = "+" | "-" | "*" | "/";
export type SumOp = "+" | "-";
export type CmpOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** Expression nodes. `t` is the node's type; `s` its source span. */
/** One limit of a cap. A limit with `when` is a sub-cap: it caps, and records to its ledger,
 *  only when `when` holds. `perClaim`: the document said 单次 (`per claim`), no ledger.
 *  `left`: the pipeline's own limit, `remaining`, that the compiler adds to a layer ending in
 *  a yearly cap, so the cap's ledgers record what the layer pays (no policy text writes it). */
export interface CapLimit {
  lim: Expr;
  ledger?: string;
  when?: Expr;
  perClaim?: true;
  left?: true;
}

export type Expr = { t?: TypeName; s?: SrcSpan } & (
  | { k: "lit"; v: Value }
  | { k: "input"; name: string }
  | { k: "param"; name: string }
  | { k: "def"; name: string }
  | { k: "remaining" }
  /** what a pipeline's layer paid, or its leaves (to the fen), read outside that pipeline:
   *  results are computed in an order that runs the pipeline first (load/result-order.ts) */
  | { k: "layer"; name: string }
  /** a ledger field's year-to-date value after the claim (达到年度限额的，应告知本人): read by
   *  alerts only, which run after every rule that writes the ledger */
  | { k: "balance"; name: string }
  /** the date of the claim being settled (`claim date`) */
  | { k: "claimDate" }
  | { k: "arith"; op: ArithOp; a: Expr; b: Expr }
  /** xs[0] ops[0] xs[1] ops[1] xs[2] …, evaluated left to right as nested `arith` would be */
  | { k: "sum"; xs: Expr[]; ops: SumOp[] }
  | { k: "neg"; a: Expr }
  | { k: "cmp"; op: CmpOp; a: Expr; b: Expr }
  /** every one holds; evaluated left to right, stopping at the first that does not */
  | { k: "and"; xs: Expr[] }
  /** any one holds; evaluated left to right, stopping at the first that does */
  | { k: "or"; xs: Expr[] }
  | { k: "not"; a: Expr }
  | { k: "in"; a: Expr; set: Expr }
  | { k: "if"; c: Expr; a: Expr; b: Expr }
  /** `perClaim`: the document said 每次 (`per claim`); the value is the bare form's, the trace says so */
  | { k: "above"; v: Expr; th: Expr; ledger?: string; perClaim?: true }
  | { k: "cap"; v: Expr; limits: CapLimit[] }
  | { k: "atLeast"; v: Expr; floor: Expr }
  | { k: "bands"; name: string; v: Expr; ledger?: string }
  | { k: "classify"; name: string; v: Expr }
  | { k: "cumulative"; v: Expr; ledger: string }
  | { k: "highest"; table: string; set: Expr }
  | { k: "index"; table: string; key: Expr }
  /** a grid lookup: one key per key type, in order */
  | { k: "lookup"; grid: string; keys: Expr[] }
  /** count: how many members a set holds (an Int) */
  | { k: "call"; fn: "min" | "max" | "round" | "count"; args: Expr[] }
  | { k: "dateAdd"; a: Expr; months: number }
);

export type ExprKind = Expr["k"];
