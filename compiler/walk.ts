// Generic traversal of expressions and of the expressions an entity owns. A recovered AST
// may miss children: every accessor skips what is undefined.
import type { Decl, Expr, Field, Layer, LedgerUse, Ref } from "../grammar/ast.ts";
import type { Compilation, Entity, LeavesNode } from "./symbols.ts";

/** Direct sub-expressions, in source order (references to tables/bands are not included). */
export function children(e: Expr): Expr[] {
  const out: (Expr | undefined)[] = [];
  switch (e.kind) {
    case "set":
      out.push(...e.items);
      break;
    case "neg":
    case "not":
      out.push(e.operand);
      break;
    case "binary":
    case "compare":
    case "logical":
      out.push(e.left, e.right);
      break;
    case "in":
      out.push(e.item, e.set);
      break;
    case "if":
      out.push(e.cond, e.then, e.else);
      break;
    case "above":
      out.push(e.value, e.threshold);
      break;
    case "cap":
      out.push(e.value, ...e.limits.flatMap((l) => [l.limit, l.when]));
      break;
    case "atLeast":
      out.push(e.value, e.floor);
      break;
    case "apply":
    case "cumulative":
      out.push(e.value);
      break;
    case "highest":
      out.push(e.set);
      break;
    case "call":
      out.push(...e.args);
      break;
    case "index":
      out.push(e.key, ...(e.moreKeys ?? []));
      break;
    case "paren":
      out.push(e.inner);
      break;
    default:
      break;
  }
  return out.filter((x): x is Expr => x !== undefined);
}

/** Visits `e` and all its sub-expressions, parents first. */
export function walk(e: Expr | undefined, visit: (x: Expr) => void): void {
  if (!e) return;
  visit(e);
  for (const c of children(e)) walk(c, visit);
}

/** Each entity `x` refers to, to `visit`, once: `seen` (shared by the calls of one search) holds
 *  those met already. */
export function eachReferenced(c: Compilation, x: Expr | undefined, seen: Set<Entity>, visit: (target: Entity) => void): void {
  walk(x, (y) => {
    if (y.kind !== "ref") return;
    const target = c.res.get(y)?.[0];
    if (!target || seen.has(target)) return;
    seen.add(target);
    visit(target);
  });
}

/** The ledger fields an operator writes, with their use sites. */
export function ledgerUses(e: Expr): LedgerUse[] {
  switch (e.kind) {
    case "above":
    case "apply":
    case "cumulative":
      return e.ledger ? [e.ledger] : [];
    case "cap":
      return e.limits.flatMap((l) => (l.ledger ? [l.ledger] : []));
    default:
      return [];
  }
}

/** Table/bands references held by an expression node itself (not sub-expressions). */
export function nameRefs(e: Expr): Ref[] {
  if (e.kind === "index" || e.kind === "highest") return [e.table];
  if (e.kind === "apply") return [e.bands];
  return [];
}

/** Strips parentheses. */
export function unparen(e: Expr | undefined): Expr | undefined {
  while (e?.kind === "paren") e = e.inner;
  return e;
}

/** Every expression root an entity owns (values, defaults, bounds, rows), for whole-entity walks. */
export function entityExprs(ent: Entity): Expr[] {
  if (ent.kind === "input") return present([(ent.node as Field).default]);
  if (ent.kind === "layer") return present([(ent.node as Layer).value]);
  return declExprs(ent.node as Decl | LeavesNode);
}

/** Every expression root a declaration owns, but a pipeline's layers (each its own entity). */
export function declExprs(n: Decl | LeavesNode): Expr[] {
  const out: (Expr | undefined)[] = [];
  switch (n.kind) {
    case "param":
      out.push(n.value, ...(n.dated ?? []).map((r) => r.value), n.atLeast, n.atMost);
      break;
    case "table":
      for (const r of n.rows) out.push(r.value, r.range?.low, r.range?.high);
      break;
    case "bands":
      for (const r of n.rows) out.push(r.rate, r.range?.low, r.range?.high);
      if (n.derived) out.push(n.derived.add); // `from` names bands: resolve.ts binds it
      break;
    case "classify":
      for (const r of n.rows) out.push(r.range?.low, r.range?.high);
      break;
    case "define":
    case "output":
      out.push(n.value);
      break;
    case "alert":
      out.push(n.when);
      break;
    case "pipeline":
      out.push(n.on);
      break;
    default:
      break;
  }
  return present(out);
}

function present(xs: (Expr | undefined)[]): Expr[] {
  return xs.filter((x): x is Expr => x !== undefined);
}
