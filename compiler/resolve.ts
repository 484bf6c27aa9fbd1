// Stage "resolve names": bind every reference to the entity it names, and every written type
// (`Money`, `类别`, `set of 身份`) to its type, with did-you-mean for misspellings. A bare name
// that is a member of several enums keeps all candidates: which one is meant depends on
// types, so check-types chooses from the context and stage "bind members" binds the choice
// (bindMembers), after which every reference names one entity. Also checks the placement rules that depend only
// on names: `remaining` inside pipelines, `base.X` inside overrides, ledger fields written by
// one operator only.
import type { Expr, Field, LedgerUse, Ref, Span, TypeRef } from "../grammar/ast.ts";
import { canon, declOf, enumKey, inProgram, type Compilation, type Entity, type Resolution, type Unit } from "./symbols.ts";
import { suggest } from "../grammar/suggest.ts";
import { FUNCTION_NAMES } from "../grammar/tokens.ts";
import { BUILTIN_TYPES, enumType, setType, UNKNOWN, type Type } from "./types.ts";
import { entityExprs, ledgerUses, unparen, walk } from "./walk.ts";

export const FUNCTIONS = FUNCTION_NAMES;

export const enumTypeOf = (en: Entity): Type => enumType(canon(en).irName);

/** Stage "bind members": each bare member of several enums to the one its context's type chose. */
export function bindMembers(c: Compilation, picks: ReadonlyMap<Ref, { member: Entity; holder: Entity }>): void {
  for (const [r, { member, holder }] of picks) {
    c.res.set(r, [member]);
    const target = canon(member);
    if (holder.live) target.used = true;
    c.references.push({ span: r.name.span, symbol: target.id, file: holder.file });
  }
}

/** The types written in an entity's declaration. */
function writtenTypes(e: Entity): (TypeRef | undefined)[] {
  if (e.kind === "input" || e.kind === "ledger") return [(e.node as Field).type];
  const d = declOf(e);
  switch (d?.kind) {
    case "param":
    case "define":
    case "output":
      return [d.type];
    case "table":
      return [d.keyType, ...(d.keys ?? []), d.valueType];
    case "classify":
      return [d.resultType];
    default:
      return [];
  }
}

/** Entity kinds that denote a value in an expression. */
const VALUE_KINDS = new Set(["input", "param", "define", "output", "member"]);

interface Ctx {
  entity: Entity;
  unit: Unit;
  inPipeline: boolean;
}

export function isOverrideContext(e: Entity): boolean {
  const n = e.node as { override?: Span };
  const d = e.decl as { override?: Span } | undefined;
  return n.override !== undefined || d?.override !== undefined;
}

export class Resolver {
  /** what each entity's expressions refer to (canonical entities) */
  private readonly deps = new Map<Entity, Set<Entity>>();
  /** every ledger write, checked once liveness is known */
  private readonly writes: { entity: Entity; use: LedgerUse; field: Entity }[] = [];
  /** every reference to a pipeline's layer or leaves, checked once every dependency is known */
  private readonly resultReads: { entity: Entity; span: Span; target: Entity }[] = [];
  private readonly c: Compilation;

  constructor(c: Compilation) {
    this.c = c;
  }

  run(): void {
    for (const e of this.c.entities) {
      if (e.kind === "test") continue;
      const types = new Map<TypeRef, Type>();
      for (const ref of writtenTypes(e)) if (ref) types.set(ref, this.typeRef(ref, e));
      this.c.written.set(e, types);
      const inPipeline = e.kind === "layer";
      const ctx: Ctx = { entity: e, unit: e.unit, inPipeline };
      for (const x of entityExprs(e)) this.expr(x, ctx);
      const d = declOf(e);
      const from = d?.kind === "bands" ? unparen(d.derived?.from) : undefined;
      if (from?.kind === "ref") this.namedRef(from, ctx, ["bands"], "BL2007", "bands");
      else if (from) this.report(ctx, "BL2008", from.span, { name: "…", kind: "value", expected: "bands" });
    }
    for (const t of this.c.tests) {
      const ctx: Ctx = { entity: t.entity, unit: this.c.root, inPipeline: false };
      const values = [...t.decl.given, ...t.decl.ledger, ...t.decl.claims.flatMap((cl) => cl.given)].map((a) => a.value);
      const expects = [...t.decl.expect, ...t.decl.claims.flatMap((cl) => cl.expect)].map((x) => (x.kind === "value" ? x.value : undefined));
      for (const v of [...values, ...expects]) if (v) this.expr(v, ctx);
    }
    this.reach();
    // what a live declaration reads is used, and so is what it reads through a hidden one (the
    // parent's bands under `base.分段 + 5pp` read their edges' defines, maybe overridden here)
    const use = (d: Entity): void => {
      d.used = true;
      if (d.live || this.c.hidden.has(d)) return;
      this.c.hidden.add(d);
      for (const x of this.deps.get(d) ?? []) use(x);
    };
    for (const [e, deps] of this.deps) if (e.live) for (const d of deps) use(d);
    this.checkWriters();
    this.checkResultReads();
  }

  /** A pipeline runs before whatever reads its results, so it cannot read them itself: not in
   *  its `on` or layers (they see `remaining`), nor through a define or another pipeline. */
  private checkResultReads(): void {
    for (const read of this.resultReads) {
      const p = read.target.owner!;
      if (this.runs(p, read.entity)) this.c.sink.report("BL2019", read.entity.file.path, read.span, { name: read.target.local, pipeline: p.local });
    }
  }

  /** Whether running pipeline `p` evaluates `e`: its `on`, its layers, what they read, and the
   *  pipelines whose results those read (each runs first). */
  private runs(p: Entity, e: Entity): boolean {
    const seen = new Set<Entity>();
    const stack = [p];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (x === e) return true;
      if (seen.has(x)) continue;
      seen.add(x);
      if (x.kind === "pipeline") for (const l of this.c.entities) if (l.owner === x && l.kind === "layer") stack.push(l);
      for (const d of this.deps.get(x) ?? []) stack.push(d.owner?.kind === "pipeline" ? d.owner : d);
    }
    return false;
  }

  /** An imported policy contributes only what the importer reaches: its other outputs,
   *  alerts and ledger writes are not part of this program. */
  private reach(): void {
    const seen = new Set<Entity>();
    const stack = this.c.entities.filter((e) => e.live && e.unit === this.c.root);
    while (stack.length > 0) {
      for (const d of this.deps.get(stack.pop()!) ?? []) {
        if (seen.has(d)) continue;
        seen.add(d);
        stack.push(d);
        if (d.owner) stack.push(d.owner);
      }
    }
    for (const e of this.c.entities) {
      if (e.unit !== this.c.root && e.kind !== "enum" && e.kind !== "member" && !seen.has(e)) e.live = false;
    }
  }

  /** Binds a written type (`Money`, `类别`, `set of 身份`) in the scope of `e`'s unit. */
  private typeRef(ref: TypeRef, e: Entity): Type {
    const report = (code: "BL2011" | "BL3015", name: { text: string; span: Span }) =>
      this.c.sink.report(code, e.file.path, name.span, { name: name.text, suggestion: typeSuggestion(name.text, e.unit) });
    const scope = e.unit.levels[0]!;
    if (ref.kind === "set") {
      if (!ref.of) return UNKNOWN;
      const en = scope.get(enumKey(ref.of.text));
      if (en?.kind !== "enum") {
        report(scope.has(ref.of.text) || BUILTIN_TYPES.includes(ref.of.text as never) ? "BL3015" : "BL2011", ref.of);
        return UNKNOWN;
      }
      return setType(canon(en).irName);
    }
    const name = ref.name.text;
    if ((BUILTIN_TYPES as readonly string[]).includes(name)) return name;
    const en = scope.get(enumKey(name));
    if (en?.kind === "enum") return enumTypeOf(en);
    report("BL2011", ref.name);
    return UNKNOWN;
  }

  /** A ledger field may be written by one operator only. */
  private checkWriters(): void {
    const first = new Map<Entity, { use: LedgerUse; file: string }>();
    for (const w of this.writes) {
      if (!inProgram(this.c, w.entity)) continue;
      const prev = first.get(w.field);
      if (!prev) first.set(w.field, { use: w.use, file: w.entity.file.path });
      else if (prev.use !== w.use) {
        this.c.sink.report("BL2005", w.entity.file.path, w.use.field.span, { name: w.field.local }, [{ span: prev.use.field.span, file: prev.file, args: { note: "otherWriter" } }]);
      }
    }
  }

  private report(ctx: Ctx, code: Parameters<Compilation["sink"]["report"]>[0], span: Span, args: Record<string, string> = {}) {
    this.c.sink.report(code, ctx.entity.file.path, span, args);
  }

  private record(ctx: Ctx, span: Span, target: Entity): void {
    const t = canon(target);
    let deps = this.deps.get(ctx.entity);
    if (!deps) this.deps.set(ctx.entity, (deps = new Set()));
    deps.add(t);
    this.c.references.push({ span, symbol: t.id, file: ctx.entity.file });
  }

  private expr(root: Expr, ctx: Ctx): void {
    walk(root, (x) => {
      switch (x.kind) {
        case "ref":
          this.valueRef(x, ctx);
          break;
        case "remaining":
          if (!ctx.inPipeline) this.report(ctx, "BL2009", x.span);
          break;
        case "index":
        case "highest":
          this.namedRef(x.table, ctx, ["table"], "BL2006", "table");
          break;
        case "apply": {
          const r = this.namedRef(x.bands, ctx, ["bands", "classify"], "BL2007", "bands");
          if (r === "wrongKind") {
            const e = this.lookup(x.bands, ctx, false);
            const kind = Array.isArray(e) ? "member" : (e?.kind ?? "value");
            this.report(ctx, "BL3011", x.bands.span, { name: x.bands.name.text, kind });
          }
          break;
        }
        case "call":
          if (!FUNCTIONS.includes(x.callee.text)) this.report(ctx, "BL2012", x.callee.span, { name: x.callee.text });
          break;
      }
      for (const use of ledgerUses(x)) this.ledger(use, ctx);
    });
  }

  /** Looks a reference up; reports unknown names unless `quiet`. Returns one entity or a member list. */
  lookup(r: Ref, ctx: Ctx, report = true, code: "BL2001" | "BL2006" | "BL2007" = "BL2001", kinds?: string[]): Entity | Entity[] | undefined {
    const name = r.name.text;
    const unit = ctx.unit;
    if (r.base) {
      if (!isOverrideContext(ctx.entity)) {
        if (report) this.report(ctx, "BL2010", r.span, { name });
        return undefined;
      }
      const found = unit.levels[ctx.entity.level + 1]?.get(name);
      if (!found && report) this.report(ctx, "BL2016", r.name.span, { name });
      return found;
    }
    if (r.qualifier) {
      const q = r.qualifier.text;
      const imported = unit.imports.get(q);
      if (imported) {
        const found = imported.levels[0]!.get(name);
        if (!found && report) this.report(ctx, "BL2018", r.name.span, { alias: q, name, suggestion: suggest(name, [...imported.levels[0]!.values()].map((e) => e.local)) });
        return found;
      }
      const en = unit.levels[0]!.get(enumKey(q));
      if (en?.kind === "enum") {
        const m = (unit.members.get(name) ?? []).find((x) => canon(x.owner!) === canon(en));
        if (!m && report) {
          const d = declOf(en);
          const names = (d?.kind === "enum" ? d.members : []).map((x) => x.name.text);
          this.report(ctx, "BL2003", r.name.span, { member: name, enum: q, suggestion: suggest(name, names) });
        }
        return m;
      }
      if (report) this.report(ctx, "BL2017", r.qualifier.span, { qualifier: q, name });
      return undefined;
    }
    const found = unit.levels[0]!.get(name);
    if (found) return found;
    const members = unit.members.get(name);
    if (members && members.length > 0) return members.length === 1 ? members[0] : members;
    // An enum's name where a value is wanted: say what it is rather than "unknown".
    const en = unit.levels[0]!.get(enumKey(name));
    if (en) return en;
    if (report) {
      const pool = [...unit.levels[0]!.values()].filter((e) => !kinds || kinds.includes(e.kind)).map((e) => e.local);
      if (!kinds) pool.push(...unit.members.keys());
      this.report(ctx, code, r.name.span, { name, suggestion: suggest(name, pool) });
    }
    return undefined;
  }

  private valueRef(r: Ref, ctx: Ctx): void {
    const found = this.lookup(r, ctx);
    if (!found) return;
    const list: Resolution = Array.isArray(found) ? found : [found];
    if (list.length === 1) {
      const e = list[0]!;
      if (e.kind === "layer" || (e.kind === "output" && e.owner)) {
        // a pipeline's result: read after the pipeline ran, unless the pipeline needs it (checkResultReads)
        this.record(ctx, r.name.span, e);
        this.resultReads.push({ entity: ctx.entity, span: r.span, target: e });
      } else if (VALUE_KINDS.has(e.kind) || (e.kind === "ledger" && ctx.entity.kind === "alert")) {
        // an alert reads a ledger field's value after the claim (达到年度限额的，应告知本人)
        this.record(ctx, r.name.span, e);
      } else if (e.kind === "ledger") {
        this.report(ctx, "BL2021", r.span, { name: r.name.text });
        return;
      } else {
        this.report(ctx, "BL2008", r.span, { name: r.name.text, kind: e.kind, expected: "value" });
        return;
      }
    }
    this.c.res.set(r, list);
  }

  /** A reference in a position that needs a table/bands; "wrongKind" lets the caller choose the code. */
  private namedRef(r: Ref, ctx: Ctx, kinds: string[], unknownCode: "BL2006" | "BL2007", expected: string): "ok" | "wrongKind" | "missing" {
    const found = this.lookup(r, ctx, true, unknownCode, kinds);
    if (!found) return "missing";
    const e = Array.isArray(found) ? found[0]! : found;
    if (!kinds.includes(e.kind)) {
      // `on` reports its own code (BL3011); tables and derived bands say what was expected.
      if (!kinds.includes("classify")) this.report(ctx, "BL2008", r.span, { name: r.name.text, kind: e.kind, expected });
      return "wrongKind";
    }
    this.record(ctx, r.name.span, e);
    this.c.res.set(r, [e]);
    return "ok";
  }

  private ledger(use: LedgerUse, ctx: Ctx): void {
    const name = use.field.text;
    const e = ctx.unit.levels[0]!.get(name);
    if (!e || e.kind !== "ledger") {
      if (e) this.report(ctx, "BL2008", use.field.span, { name, kind: e.kind, expected: "ledger" });
      else {
        const pool = [...ctx.unit.levels[0]!.values()].filter((x) => x.kind === "ledger").map((x) => x.local);
        this.report(ctx, "BL2004", use.field.span, { name, suggestion: suggest(name, pool) });
      }
      return;
    }
    this.record(ctx, use.field.span, e);
    this.c.ledgers.set(use, canon(e));
    this.writes.push({ entity: ctx.entity, use, field: canon(e) });
  }
}

export function resolveNames(c: Compilation): void {
  new Resolver(c).run();
}

function typeSuggestion(name: string, unit: Unit): string {
  const enums = [...unit.levels[0]!.values()].filter((e) => e.kind === "enum").map((e) => e.local);
  return suggest(name, [...BUILTIN_TYPES, ...enums]);
}
