// Each IR expression kind declared once: its fields and what each holds. Every generic walk
// over the IR goes through this table — the artifact's shape check (load/validate-artifact.ts),
// the ledger-writer analysis (load/ledger-writers.ts), the playground's chart data — so a new
// kind is added here and in the switches that give it a meaning, each of which ends in
// `unreachable` and fails to type-check while a kind is missing.
import type { BandMode, Expr, ExprKind } from "./artifact.ts";

/** What a field of a node holds. */
export type FieldSpec =
  | "expr" // one sub-expression
  | "exprs" // a non-empty list of sub-expressions, in evaluation order
  | "args" // a list of sub-expressions (a call's arguments)
  | "limits" // a cap's limits: { lim: expr, ledger?: name, when?: expr, perClaim?: true, left?: true }
  | "value" // a constant in the artifact's JSON encoding
  | "name" // the name of a declaration (input, param, define, bands, classification, table, layer)
  | "ledger" // a ledger field this node writes
  | "ledger?" // the same, optional
  | "flag?" // an optional `true`: a marker for traces that does not change the value
  | "arithOp" // + - * /
  | "sumOps" // + or -, one per term after the first
  | "cmpOp" // == != < <= > >=
  | "fn" // min, max, round
  | "months"; // a whole number of months

type Fields<K extends ExprKind> = Exclude<keyof Extract<Expr, { k: K }>, "k" | "t" | "s">;

/** The fields of every kind; `satisfies` makes a missing or extra kind or field a type error. */
export const NODE_FIELDS = {
  lit: { v: "value" },
  input: { name: "name" },
  param: { name: "name" },
  def: { name: "name" },
  remaining: {},
  layer: { name: "name" },
  balance: { name: "name" },
  claimDate: {},
  arith: { op: "arithOp", a: "expr", b: "expr" },
  sum: { xs: "exprs", ops: "sumOps" },
  neg: { a: "expr" },
  cmp: { op: "cmpOp", a: "expr", b: "expr" },
  and: { xs: "exprs" },
  or: { xs: "exprs" },
  not: { a: "expr" },
  in: { a: "expr", set: "expr" },
  if: { c: "expr", a: "expr", b: "expr" },
  above: { v: "expr", th: "expr", ledger: "ledger?", perClaim: "flag?" },
  cap: { v: "expr", limits: "limits" },
  atLeast: { v: "expr", floor: "expr" },
  bands: { name: "name", v: "expr", ledger: "ledger?" },
  classify: { name: "name", v: "expr" },
  cumulative: { v: "expr", ledger: "ledger" },
  highest: { table: "name", set: "expr" },
  index: { table: "name", key: "expr" },
  lookup: { grid: "name", keys: "exprs" },
  call: { fn: "fn", args: "args" },
  dateAdd: { a: "expr", months: "months" },
} as const satisfies { [K in ExprKind]: Record<Fields<K>, FieldSpec> };

export const ARITH_OPS: readonly string[] = ["+", "-", "*", "/"];
export const SUM_OPS: readonly string[] = ["+", "-"];
export const CMP_OPS: readonly string[] = ["==", "!=", "<", "<=", ">", ">="];
export const FUNCTIONS: readonly string[] = ["min", "max", "round", "count"];
export const BAND_MODES: readonly BandMode[] = ["marginal", "whole"];

/** Fields of `kind` with their specs (a kind not in the table has none). */
export function fieldsOf(kind: string): [string, FieldSpec][] {
  return Object.hasOwn(NODE_FIELDS, kind) ? Object.entries(NODE_FIELDS[kind as ExprKind]) : [];
}

export function isExprKind(kind: unknown): kind is ExprKind {
  return typeof kind === "string" && Object.hasOwn(NODE_FIELDS, kind);
}

/** Direct sub-expressions in evaluation order. */
export function children(e: Expr): Expr[] {
  const node = e as unknown as Record<string, unknown>;
  const out: Expr[] = [];
  for (const [field, spec] of fieldsOf(e.k)) {
    const v = node[field];
    if (spec === "expr") out.push(v as Expr);
    else if (spec === "exprs" || spec === "args") out.push(...(v as Expr[]));
    else if (spec === "limits") {
      for (const l of v as { lim: Expr; when?: Expr }[]) {
        out.push(l.lim);
        if (l.when !== undefined) out.push(l.when);
      }
    }
  }
  return out;
}

/** Whether `visit` holds for `e` or any expression below it; iterative, so depth costs no stack. */
export function some(e: Expr, visit: (x: Expr) => boolean): boolean {
  const stack = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (visit(x)) return true;
    stack.push(...children(x));
  }
  return false;
}

/** The ledger fields `e` itself writes (not those of its sub-expressions). */
export function ledgersWritten(e: Expr): string[] {
  const node = e as unknown as Record<string, unknown>;
  const out: string[] = [];
  for (const [field, spec] of fieldsOf(e.k)) {
    const v = node[field];
    if ((spec === "ledger" || spec === "ledger?") && typeof v === "string") out.push(v);
    else if (spec === "limits") for (const l of v as { ledger?: string }[]) if (l.ledger !== undefined) out.push(l.ledger);
  }
  return out;
}

/** Ends a switch over node kinds: a kind without a case makes `e` not `never` here. */
export function unreachable(e: never): never {
  throw new Error(`unhandled IR node kind: ${JSON.stringify((e as { k?: unknown }).k)}`);
}
