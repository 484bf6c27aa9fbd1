// Stage "lints" (warnings only): unused declarations of the policy being compiled, and
// conditions that can never hold or always hold (constant after folding, a value compared
// with itself, one value required to equal two different constants).
import type { Expr } from "../grammar/ast.ts";
import type { CValue, Folder } from "./fold.ts";
import { canon, declOf, type Compilation, type Entity } from "./symbols.ts";
import { children, entityExprs, ledgerUses, unparen, walk } from "./walk.ts";

const UNUSED = {
  define: "BL6001",
  input: "BL6002",
  param: "BL6004",
  table: "BL6005",
  bands: "BL6005",
  classify: "BL6005",
} as const;

export function lint(c: Compilation, folder: Folder): void {
  for (const e of c.entities) {
    if (!e.live || e.used || e.file !== c.root.file) continue;
    const code = UNUSED[e.kind as keyof typeof UNUSED];
    // a define that writes a ledger runs on every claim: its field is what it is for (an alert
    // reading 住院次数, the closing ledgers)
    if (code === "BL6001" && entityExprs(e).some((x) => writesLedger(x))) continue;
    if (code) c.sink.report(code, e.file.path, e.nameSpan, { name: e.local, noun: e.kind });
  }
  // a ledger field nothing writes: an alert on it never fires, a closing ledger never moves
  const written = new Set([...c.ledgers.values()].map(canon));
  for (const e of c.entities) {
    if (e.kind === "ledger" && e.live && !e.canonical && e.file === c.root.file && !written.has(e)) c.sink.report("BL6012", e.file.path, e.nameSpan, { name: e.local });
  }
  for (const e of c.entities) {
    if (!e.live || e.file !== c.root.file) continue;
    const n = declOf(e);
    if (n?.kind === "alert" && n.when) condition(c, folder, e, n.when);
    for (const x of entityExprs(e)) walk(x, (y) => {
      if (y.kind === "if" && y.cond) condition(c, folder, e, y.cond);
      if (y.kind === "call") roundOfCap(c, folder, e, y);
      if (y.kind === "ref" && e.kind === "layer") capReadByLayer(c, e, y);
    });
  }
}

/** A layer reading a define whose yearly cap records into a ledger: the layer pays at most what
 *  the layers before left, but the define's cap records all it computed (300 recorded, 200
 *  paid), so the year's room runs out early. A cap written in the layer records what it pays. */
function capReadByLayer(c: Compilation, layer: Entity, ref: Extract<Expr, { kind: "ref" }>): void {
  const target = c.res.get(ref)?.[0];
  const n = target && declOf(target);
  if (n?.kind !== "define" && n?.kind !== "output") return;
  // the first layer has all of the `on` amount left: a share of that amount (大病保险 on 自付)
  // cannot pay more than is left
  const pipeline = layer.decl?.kind === "pipeline" ? layer.decl : undefined;
  if (pipeline?.layers[0]?.name?.text === layer.local && sharesNames(n.value, pipeline.on)) return;
  let ledger: string | undefined;
  walk(n.value, (y) => {
    if (ledger === undefined && y.kind === "cap") ledger = y.limits.find((l) => l.ledger?.field)?.ledger!.field!.text;
  });
  if (ledger !== undefined) c.sink.report("BL6008", layer.file.path, ref.span, { name: target!.local, layer: layer.local, ledger });
}

function writesLedger(x: Expr): boolean {
  let writes = false;
  walk(x, (y) => {
    if (ledgerUses(y).length > 0) writes = true;
  });
  return writes;
}

/** `round(x at most C per year using F, 1元)`: the cap records x before rounding while the
 *  claim is paid it rounded (7.35 recorded, 7 paid), so the year's room drifts. Rounding to the
 *  fen is what every Money output does anyway. */
function roundOfCap(c: Compilation, folder: Folder, e: Entity, call: Extract<Expr, { kind: "call" }>): void {
  if (call.callee.text !== "round" || call.args.length < 2) return;
  const unit = folder.value(call.args[1]!);
  if (unit?.k !== "dec" || unit.v.lte("0.01")) return;
  let cap: Expr | undefined;
  walk(call.args[0]!, (y) => {
    if (cap === undefined && y.kind === "cap" && y.limits.some((l) => l.ledger)) cap = y;
  });
  if (cap !== undefined) c.sink.report("BL6007", e.file.path, call.span, { unit: e.file.text.slice(call.args[1]!.span.start, call.args[1]!.span.end) });
}

/** Whether `x` reads something `on` reads (by name: an imported policy's 自付 is the importer's). */
function sharesNames(x: Expr | undefined, on: Expr | undefined): boolean {
  const names = (y: Expr | undefined) => {
    const out = new Set<string>();
    walk(y, (z) => {
      if (z.kind === "ref") out.add(z.name.text);
    });
    return out;
  };
  const read = names(on);
  return [...names(x)].some((n) => read.has(n));
}

function condition(c: Compilation, folder: Folder, e: Entity, x: Expr): void {
  const v = folder.value(x);
  const verdict = v?.k === "bool" ? v.v : selfCompare(c, x) ?? (contradiction(c, folder, x) ? false : undefined);
  if (verdict === false) c.sink.report("BL6003", e.file.path, x.span);
  if (verdict === true) c.sink.report("BL6006", e.file.path, x.span);
}

/** `x == x` always holds, `x < x` never does. */
function selfCompare(c: Compilation, x: Expr): boolean | undefined {
  const u = unparen(x);
  if (u?.kind !== "compare" || !u.left || !u.right || !same(c, u.left, u.right)) return undefined;
  return u.op === "==" || u.op === "<=" || u.op === ">=";
}

/** `a == X and a == Y` with X ≠ Y (flattening nested `and`s). */
function contradiction(c: Compilation, folder: Folder, x: Expr): boolean {
  const conj: Expr[] = [];
  const flatten = (y: Expr | undefined) => {
    const u = unparen(y);
    if (u?.kind === "logical" && u.op === "and") {
      flatten(u.left);
      flatten(u.right);
    } else if (u) conj.push(u);
  };
  flatten(x);
  const equalities = conj.flatMap((y) => {
    if (y.kind !== "compare" || y.op !== "==" || !y.left || !y.right) return [];
    const v = folder.value(y.right);
    return v && !folder.value(y.left) ? [{ subject: y.left, v: valueKey(v) }] : [];
  });
  for (let i = 0; i < equalities.length; i++)
    for (let j = i + 1; j < equalities.length; j++)
      if (same(c, equalities[i]!.subject, equalities[j]!.subject) && equalities[i]!.v !== equalities[j]!.v) return true;
  return false;
}

/** Structural equality (references compared by what they resolve to). */
function same(c: Compilation, a: Expr, b: Expr): boolean {
  const ua = unparen(a)!;
  const ub = unparen(b)!;
  if (ua.kind !== ub.kind) return false;
  if (ua.kind === "ref" && ub.kind === "ref") {
    const ra = c.res.get(ua)?.[0];
    return ra !== undefined && ra === c.res.get(ub)?.[0];
  }
  if ("value" in ua && "value" in ub && typeof ua.value !== "object") return ua.value === ub.value;
  if ("op" in ua && "op" in ub && ua.op !== ub.op) return false;
  if (ua.kind === "remaining" || ua.kind === "claimDate") return true;
  if (ua.kind === "index" && ub.kind === "index") {
    const ta = c.res.get(ua.table)?.[0];
    if (!ta || ta !== c.res.get(ub.table)?.[0]) return false;
    const ka = [ua.key, ...(ua.moreKeys ?? [])], kb = [ub.key, ...(ub.moreKeys ?? [])];
    return ka.length === kb.length && ka.every((k, i) => k !== undefined && kb[i] !== undefined && same(c, k, kb[i]!));
  }
  if (ua.kind === "call" || ua.kind === "apply" || ua.kind === "highest") return false; // conservative
  const ca = children(ua);
  const cb = children(ub);
  return ca.length > 0 && ca.length === cb.length && ca.every((x, i) => same(c, x, cb[i]!));
}

function valueKey(v: CValue): string {
  switch (v.k) {
    case "dec":
      return `d${v.v.toString()}`;
    case "set":
      return `s${v.v.join(",")}`;
    case "unlimited":
      return "u";
    default:
      return `${v.k}${String(v.v)}`;
  }
}
