// The abstract syntax tree of a policy file. Built from Chevrotain's CST by build-ast.ts.
// Every node carries its source span (0-based offsets, end exclusive). A node produced
// from a recovered (partial) parse may miss children: those fields are then undefined,
// and later phases skip what is missing instead of throwing.

export interface Span {
  start: number;
  end: number;
}

export interface Name {
  text: string;
  span: Span;
}

export interface Policy {
  kind: "policy";
  span: Span;
  header?: Header;
  decls: Decl[];
  comments: Comment[];
  /** the most operators in one chain (`a + b + …`): later stages cut past their limit */
  longestChain?: number;
  /** names that skipped (unparsable) text seems to declare: not reported as unknown */
  unparsedNames?: string[];
}

export interface Comment {
  text: string;
  span: Span;
  /** true for a comment that stands alone on its line(s). */
  ownLine: boolean;
}

export interface Header {
  kind: "header";
  span: Span;
  id?: DottedName;
  title?: StringLit;
  extends?: StringLit;
  region?: StringLit;
  effective?: DateLit;
  ends?: DateLit;
  source?: StringLit;
  section?: Name;
}

export interface DottedName {
  parts: Name[];
  span: Span;
}

/** Label and section citations shared by declarations (`§(1) §(2)`: one or more). */
export interface Doc {
  label?: StringLit;
  sections?: Name[];
}

export type Decl =
  | ImportDecl
  | EnumDecl
  | InputDecl
  | LedgerDecl
  | ParamDecl
  | TableDecl
  | BandsDecl
  | ClassifyDecl
  | DefineDecl
  | OutputDecl
  | AlertDecl
  | PipelineDecl
  | TestDecl
  | AcknowledgeDecl;

interface DeclBase extends Doc {
  span: Span;
  /** set when the declaration was written `override …`. */
  override?: Span;
}

export interface ImportDecl extends DeclBase {
  kind: "import";
  path?: StringLit;
  alias?: Name;
}

export interface EnumDecl extends DeclBase {
  kind: "enum";
  name?: Name;
  members: EnumMember[];
}

export interface EnumMember extends Doc {
  name: Name;
  span: Span;
}

export interface InputDecl extends DeclBase {
  kind: "input";
  fields: Field[];
}

export interface Field extends Doc {
  span: Span;
  name?: Name;
  type?: TypeRef;
  default?: Expr;
}

export interface LedgerDecl extends DeclBase {
  kind: "ledger";
  fields: Field[];
}

export interface ParamDecl extends DeclBase {
  kind: "param";
  name?: Name;
  type?: TypeRef;
  /** `= value`; undefined in the dated form */
  value?: Expr;
  /** the dated form `{ 2021-01-01: 30000元 … }`: each value in force from its date on */
  dated?: DatedValue[];
  atLeast?: Expr;
  atMost?: Expr;
}

export interface DatedValue {
  span: Span;
  from?: DateLit;
  value?: Expr;
}

export interface TableDecl extends DeclBase {
  kind: "table";
  name?: Name;
  /** the key of a one-key table `K -> V` */
  keyType?: TypeRef;
  /** the keys of a grid `(K1, K2, …) -> V`, in order */
  keys?: TypeRef[];
  valueType?: TypeRef;
  rows: TableRow[];
}

/** A row keyed by an enum member (`key`) or by an interval (`range`); a grid row (and a row of a
 *  one-key table written like one: several cells, `a | b` or `_`) has `cells` instead. */
export interface TableRow {
  span: Span;
  key?: Name;
  range?: Interval;
  cells?: TableCell[];
  value?: Expr;
}

/** One key of a grid row: `_` (any value), members `a | b`, or an interval. */
export type TableCell =
  | { kind: "any"; span: Span }
  | { kind: "members"; span: Span; members: Name[] }
  | { kind: "range"; span: Span; range: Interval };

export interface Interval {
  span: Span;
  lowInclusive: boolean;
  low?: Expr;
  high?: Expr; // undefined with `∞` or when missing; see highInfinite
  highInfinite: boolean;
  highInclusive: boolean;
  /** Written as one number (`5:`), the interval `[5, 5]`; kept so that `bylaw fmt` writes it back. */
  point?: true;
}

export interface BandsDecl extends DeclBase {
  kind: "bands";
  name?: Name;
  /** `marginal` (超额累进: each slice at its band's rate) or `whole` (全额累进: the whole amount
   *  at the rate of the band it falls in); undefined when not written (an error, BL4030). */
  mode?: BandMode;
  rows: BandRow[];
  /** `= base.X + 5pp` form (overrides only). */
  derived?: { from: Expr; add?: Expr; span: Span };
}

export type BandMode = "marginal" | "whole";

export interface BandRow {
  span: Span;
  gap: boolean;
  range?: Interval;
  rate?: Expr;
}

export interface ClassifyDecl extends DeclBase {
  kind: "classify";
  name?: Name;
  resultType?: TypeRef;
  rows: ClassifyRow[];
  otherwise?: Name;
}

export interface ClassifyRow {
  span: Span;
  range?: Interval;
  member?: Name;
}

export interface DefineDecl extends DeclBase {
  kind: "define";
  name?: Name;
  type?: TypeRef;
  value?: Expr;
}

export interface OutputDecl extends DeclBase {
  kind: "output";
  name?: Name;
  type?: TypeRef;
  value?: Expr;
}

export interface AlertDecl extends DeclBase {
  kind: "alert";
  name?: Name;
  when?: Expr;
}

export interface PipelineDecl extends DeclBase {
  kind: "pipeline";
  name?: Name;
  on?: Expr;
  layers: Layer[];
  leaves?: { name: Name; label?: StringLit; span: Span };
}

export interface Layer extends Doc {
  span: Span;
  name?: Name;
  value?: Expr;
}

/** `acknowledge "why" §section { figures }`: figures the document states in that section that
 *  are no rule of this policy (a funding figure, a date of issue, a figure another layer
 *  owns). Read by trace-doc; not in the IR. */
export interface AcknowledgeDecl extends DeclBase {
  kind: "acknowledge";
  figures: Expr[];
}

export interface TestDecl extends DeclBase {
  kind: "test";
  title?: StringLit;
  given: Assignment[];
  ledger: Assignment[];
  date?: DateLit;
  expect: Expectation[];
  claims: TestClaim[];
}

export interface TestClaim {
  span: Span;
  /** the claim's own date (`claim { date 2025-08-01 … }`); without one, the claim before it's */
  date?: DateLit;
  given: Assignment[];
  expect: Expectation[];
}

export interface Assignment {
  span: Span;
  name?: Name;
  value?: Expr;
}

export type Expectation =
  | { kind: "value"; span: Span; name?: Name; value?: Expr }
  | { kind: "alert"; span: Span; name?: Name; negated: boolean };

export type TypeRef =
  | { kind: "named"; name: Name; span: Span } // Money, Rate, …, or an enum name
  | { kind: "set"; of?: Name; span: Span };

export type Expr =
  | NumberLit
  | MoneyLit
  | RateLit
  | PointsLit
  | DateLit
  | DurationLit
  | StringLit
  | BoolLit
  | UnlimitedLit
  | Ref
  | SetLit
  | Unary
  | Binary
  | Compare
  | Logical
  | Not
  | In
  | If
  | Above
  | Cap
  | AtLeast
  | ApplyBands
  | Cumulative
  | Highest
  | Call
  | Index
  | Remaining
  | ClaimDate
  | Paren;

/** Decimal literals keep their text; the value is a decimal string in the unit of the type. */
export interface NumberLit { kind: "number"; span: Span; value: string }
/** value in yuan as a decimal string: `1.6万元` → "16000". */
export interface MoneyLit { kind: "money"; span: Span; value: string }
/** value as a fraction: `70%` → "0.7". */
export interface RateLit { kind: "rate"; span: Span; value: string }
/** value in points as written: `5pp` → "5" (0.05 as a rate). */
export interface PointsLit { kind: "points"; span: Span; value: string }
export interface DateLit { kind: "date"; span: Span; value: string }
export interface DurationLit { kind: "duration"; span: Span; months: number }
export interface StringLit { kind: "string"; span: Span; value: string }
export interface BoolLit { kind: "bool"; span: Span; value: boolean }
export interface UnlimitedLit { kind: "unlimited"; span: Span; word: "unlimited" | "none" }
/** A bare name (input, param, define, table, bands, enum member…), `base.X`, `alias.X` or `Enum.Member`. */
export interface Ref { kind: "ref"; span: Span; name: Name; qualifier?: Name; base?: boolean }
export interface SetLit { kind: "set"; span: Span; items: Expr[] }
export interface Unary { kind: "neg"; span: Span; operand?: Expr }
export interface Binary { kind: "binary"; span: Span; op: "+" | "-" | "*" | "/"; left?: Expr; right?: Expr; opSpan: Span }
export interface Compare { kind: "compare"; span: Span; op: "==" | "!=" | "<" | "<=" | ">" | ">="; left?: Expr; right?: Expr; opSpan: Span }
export interface Logical { kind: "logical"; span: Span; op: "and" | "or"; left?: Expr; right?: Expr }
export interface Not { kind: "not"; span: Span; operand?: Expr }
export interface In { kind: "in"; span: Span; item?: Expr; set?: Expr }
export interface If { kind: "if"; span: Span; cond?: Expr; then?: Expr; else?: Expr }
export interface LedgerUse { field: Name; span: Span }
/** `per claim`: a cap or deductible said to hold for each claim on its own (单次限额,
 *  每次起付线): no ledger, the same value as the bare form. */
export interface PerClaim { span: Span }
export interface Above { kind: "above"; span: Span; value?: Expr; threshold?: Expr; ledger?: LedgerUse; perClaim?: PerClaim }
/** One limit of a cap; `when` makes it a sub-cap that applies (and records) only when it holds. */
export interface CapLimit { span: Span; limit?: Expr; ledger?: LedgerUse; perClaim?: PerClaim; when?: Expr }
/** `x at most A [per year using F] at most B …` — one node with every limit. */
export interface Cap { kind: "cap"; span: Span; value?: Expr; limits: CapLimit[] }
export interface AtLeast { kind: "atLeast"; span: Span; value?: Expr; floor?: Expr }
export interface ApplyBands { kind: "apply"; span: Span; bands: Ref; value?: Expr; ledger?: LedgerUse }
export interface Cumulative { kind: "cumulative"; span: Span; value?: Expr; ledger?: LedgerUse }
export interface Highest { kind: "highest"; span: Span; table: Ref; set?: Expr }
export interface Call { kind: "call"; span: Span; callee: Name; args: Expr[] }
/** `T[key]`, or `T[a, b, …]` on a grid: `key` is the first key, `moreKeys` the others. */
export interface Index { kind: "index"; span: Span; table: Ref; key?: Expr; moreKeys?: Expr[] }
export interface Remaining { kind: "remaining"; span: Span }
/** `claim date`: the date of the claim being settled. */
export interface ClaimDate { kind: "claimDate"; span: Span }
/** Parentheses are kept so the formatter can reproduce them. */
export interface Paren { kind: "paren"; span: Span; inner?: Expr }
