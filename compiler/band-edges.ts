// A band edge read per claim: `[0元, 病种限额[级别]]` (an enum-keyed table looked up by an enum
// input) or `(上年度人均可支配收入 * 50%, ∞)` (a dated param). Such an edge takes finitely many
// values: one per member of each enum input it reads, one per period of each dated param. Each
// combination is a *case*; the bands are checked (order, overlap, gap, sign) in every case, by
// folding the edges with the case's values assumed (check-bands.ts), so what compiles clean is in
// order on every claim.
import type { DatedValue, Expr } from "../grammar/ast.ts";
import { Folder, showValue, type CValue } from "./fold.ts";
import { declOf, membersOf, type Compilation, type Entity } from "./symbols.ts";
import { enumName, enumType, isEnum, isSet } from "./types.ts";
import { derivedSchedule, type DerivedPeriod } from "./derived-dated.ts";
import { eachReferenced, walk } from "./walk.ts";

/** More cases than this and the edges are refused as not constant (BL4018): a real document's
 *  bands read one or two enums and a few dated periods. */
const MAX_CASES = 4096;

export interface EdgeCase {
  /** the assumed values, for messages: `级别 = 县级, 收入 = 40000元 (2022-01-01)` */
  label: string;
  folder: Folder;
}

interface Variable {
  entity: Entity;
  values: { value: CValue; label: string }[];
}

/** The cases of the per-claim edges in `edges`, or undefined when an edge reads something other
 *  than constants, enum inputs and dated params (so it is not a permitted per-claim edge);
 *  `flags`: Bool inputs too (a ratio `比例[级别] - (if 未备案 then 10个百分点 else 0pp)`);
 *  `tables`: the dated params a table's cells read too (a ratio from a table of dated rates). */
export function edgeCases(c: Compilation, folder: Folder, edges: readonly Expr[], opts: { flags?: boolean; tables?: boolean } = {}): EdgeCase[] | undefined {
  const variables = new Map<Entity, Variable>();
  const seen = new Set<Entity>();
  let permitted = true;
  const tables = new Set<Entity>();
  const collect = (x: Expr | undefined): void => {
    // `tables`: a table's dated values too (one case a period of the params its cells read)
    if (opts.tables) {
      walk(x, (y) => {
        const t = (y.kind === "index" || y.kind === "highest") && y.table ? c.res.get(y.table)?.[0] : undefined;
        const n = t && declOf(t);
        if (t === undefined || n?.kind !== "table" || tables.has(t)) return;
        tables.add(t);
        for (const row of n.rows) collect(row.value);
      });
    }
    references(x);
  };
  const references = (x: Expr | undefined): void => eachReferenced(c, x, seen, (target) => {
    const n = declOf(target);
    const derived = n?.kind === "param" ? derivedSchedule(c, target, folder) : undefined;
    if (n?.kind === "param" && n.dated) {
      const v = datedVariable(folder, target, n.dated);
      if (v) variables.set(target, v);
      else permitted = false;
    } else if (n?.kind === "param" && derived) variables.set(target, derivedVariable(target, derived, n.value!));
    else if (target.kind === "input" && isEnum(target.type)) variables.set(target, memberVariable(c, target));
    else if (opts.flags && target.kind === "input" && target.type === "Bool") variables.set(target, flagVariable(target));
    else if (target.kind === "input" && isSet(target.type)) {
      const v = setVariable(c, target);
      if (v) variables.set(target, v);
      else permitted = false;
    }
    // a define that is not a constant is read through: it must itself read only what an edge may
    else if (n?.kind === "define") { if (folder.entityValue(target) === undefined) collect(n.value); }
    else if (!CONSTANT_KINDS.has(target.kind)) permitted = false;
  });
  for (const edge of edges) collect(edge);
  if (!permitted) return undefined;
  let cases: { assume: Map<Entity, CValue>; labels: string[] }[] = [{ assume: new Map(), labels: [] }];
  for (const v of variables.values()) {
    if (cases.length * v.values.length > MAX_CASES) return undefined;
    cases = cases.flatMap((k) => v.values.map((one) => ({
      assume: new Map([...k.assume, [v.entity, one.value]]),
      labels: [...k.labels, one.label],
    })));
  }
  const out = cases.map((k) => ({ label: k.labels.join(", "), folder: new Folder(c, k.assume) }));
  // every edge must fold in every case: then it is exactly one of the permitted forms
  return out.every((k) => edges.every((edge) => k.folder.decimal(edge))) ? out : undefined;
}

/** What an edge may read besides its variables: constants, tables, enum members. Bands and
 *  classifications are refused, so no edge depends on the bands that hold it. */
const CONSTANT_KINDS = new Set(["param", "table", "member", "enum"]);

function datedVariable(folder: Folder, e: Entity, dated: readonly DatedValue[]): Variable | undefined {
  const values: Variable["values"] = [];
  for (const d of dated) {
    const value = folder.value(d.value);
    if (!value || !d.from) return undefined;
    values.push({ value, label: `${e.local} = ${showValue(value, e.type)} (${d.from.value})` });
  }
  return { entity: e, values };
}

/** A param written from dated params: its value in each of their periods. */
function derivedVariable(e: Entity, periods: readonly DerivedPeriod[], value: Expr): Variable {
  return { entity: e, values: periods.map((p) => {
    const v = p.folder.value(value)!;
    return { value: v, label: `${e.local} = ${showValue(v, e.type)} (${p.from})` };
  }) };
}

/** More members than this and a set input's subsets are too many to check one by one. */
const MAX_SET_MEMBERS = 10;

/** A set input (身份, 多重身份): each non-empty subset of its enum's members (an empty one is
 *  refused on the claim where it matters: `highest` over nothing, BR3004). */
function setVariable(c: Compilation, e: Entity): Variable | undefined {
  const members = membersOf(c, enumType(enumName(e.type)));
  if (members.length > MAX_SET_MEMBERS) return undefined;
  const values: Variable["values"] = [];
  for (let mask = 1; mask < 2 ** members.length; mask++) {
    const subset = members.filter((_, i) => Math.floor(mask / 2 ** i) % 2 === 1);
    values.push({ value: { k: "set", v: subset }, label: `${e.local} = [${subset.join(", ")}]` });
  }
  return { entity: e, values };
}

function memberVariable(c: Compilation, e: Entity): Variable {
  return { entity: e, values: membersOf(c, e.type).map((m) => ({ value: { k: "str", v: m }, label: `${e.local} = ${m}` })) };
}

function flagVariable(e: Entity): Variable {
  return { entity: e, values: [false, true].map((v) => ({ value: { k: "bool", v }, label: `${e.local} = ${v}` })) };
}

