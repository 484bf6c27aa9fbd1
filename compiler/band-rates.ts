// A band rate that is not a constant: a param, or an enum-keyed table looked up by an input, a
// param, or a define of the claim's inputs alone (`[0元, 2万元]: 病种低档[级别]`, `比例[认定身份]`
// with 认定身份 = highest … over 身份, as 多重身份就高 documents say). The runtime reads it per claim. Every value it can
// take is a rate checked where it is written: each cell of a Rate table (BL4008), a param's
// value (a param that folds is a constant rate, checked as one: BL4006).
import type { Expr } from "../grammar/ast.ts";
import type { Dec } from "../runtime/ir/decimal.ts";
import { Folder } from "./fold.ts";
import { declOf, membersOf, type Compilation, type Entity } from "./symbols.ts";
import { isEnum } from "./types.ts";
import { eachReferenced, unparen, walk } from "./walk.ts";
import { tableSchedule } from "./derived-dated.ts";

/** `x` is a rate of an allowed per-claim form. */
export function isPerClaimRate(c: Compilation, x: Expr | undefined, folder: Folder): boolean {
  const e = unparen(x);
  if (e?.kind === "ref") return c.res.get(e)?.[0]?.kind === "param";
  if (e?.kind !== "index") return false;
  const key = unparen(e.key);
  const keyOf = key?.kind === "ref" ? c.res.get(key)?.[0] : undefined;
  const table = c.res.get(e.table)?.[0];
  // a table of dated values is read by the claim's date: no band rate (the rates stay tables or params)
  if (table === undefined || declOf(table)?.kind !== "table" || tableSchedule(c, table, folder) !== undefined) return false;
  const keyed = keyOf?.kind === "input" || keyOf?.kind === "param" || (keyOf?.kind === "define" && readsOnlyClaim(c, keyOf));
  return keyed && isEnum(c.keyTypes.get(table) ?? "");
}

/** A figure that reads one enum besides constants, taken once per member of it. */
export interface PerMember {
  /** the enum input, or the define of the claim's inputs, it reads */
  key: Entity;
  /** where it is read (to lower the key from) */
  keyRef: Expr;
  /** each member's value, in the enum's order */
  values: { member: string; value: Dec }[];
}

/**
 * A band rate, or the points derived bands add, that reads one enum besides constants —
 * `60% + 倾斜提高[类别]` for 特困人员、低保对象各段支付比例提高5个百分点 — as its value for each
 * member. The lowering writes the values as a table read by that enum (lower.ts), so the
 * runtime reads a rate per claim in the one form it knows, and every value is checked here.
 */
export function perMember(c: Compilation, folder: Folder, x: Expr | undefined): PerMember | undefined {
  if (x === undefined || folder.value(x) !== undefined) return undefined;
  let key: Entity | undefined;
  let permitted = true;
  eachReferenced(c, x, new Set(), (t) => {
    if (CONSTANT_KINDS.has(t.kind) || folder.entityValue(t) !== undefined) return;
    const keyable = isEnum(t.type) && (t.kind === "input" || (t.kind === "define" && readsOnlyClaim(c, t)));
    if (keyable && (key === undefined || key === t)) key = t;
    else permitted = false;
  });
  if (!permitted || key === undefined) return undefined;
  let keyRef: Expr | undefined;
  walk(x, (y) => {
    if (y.kind === "ref" && c.res.get(y)?.[0] === key) keyRef ??= y;
  });
  const values: PerMember["values"] = [];
  for (const member of membersOf(c, key.type)) {
    const value = new Folder(c, new Map([[key, { k: "str", v: member }]])).decimal(x);
    if (value === undefined) return undefined;
    values.push({ member, value });
  }
  return { key, keyRef: keyRef!, values };
}

/** What such a figure may read besides its enum: tables, enums and their members. */
const CONSTANT_KINDS = new Set(["table", "member", "enum"]);

/** A define that writes no ledger and applies no bands or classification, through the defines it
 *  reads: what a band's rate may be read through (the IR check's "plain" defines). */
function readsOnlyClaim(c: Compilation, define: Entity, seen = new Set<Entity>()): boolean {
  if (seen.has(define)) return true;
  seen.add(define);
  const n = declOf(define);
  if (n?.kind !== "define") return false;
  let plain = true;
  walk(n.value, (x) => {
    if (x.kind === "apply" || x.kind === "cumulative" || (x.kind === "above" && x.ledger !== undefined)) plain = false;
    else if (x.kind === "cap" && x.limits.some((l) => l.ledger !== undefined)) plain = false;
    else if (x.kind === "ref") {
      const t = c.res.get(x)?.[0];
      if (t?.kind === "define" && !readsOnlyClaim(c, t, seen)) plain = false;
      if (t !== undefined && declOf(t)?.kind === "classify") plain = false;
    }
  });
  return plain;
}
