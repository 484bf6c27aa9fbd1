// Stage "lower": the checked program → runtime/ir/artifact.ts. Runs only when there are no errors.
// - params become ParamDefs referenced by {k:"param"}; enum members become string literals;
// - constant sub-expressions without names are folded to literals (a folded Rate ± Points
//   is a plain Rate);
// - `base.X` is resolved away: a param folds to its value, a define/output is inlined, a
//   table/bands/classification (or dated param) is copied under the name `base.X`; derived
//   bands are computed;
// - an output referenced by another expression is also emitted as a define (rounded to the
//   fen if Money) so the IR's "def" reference can name it;
// - imported declarations keep their qualified names `alias.X`.
import type { BandsDecl, Decl, Doc, Expr, Field, Layer, Ref, Span, TestDecl } from "../grammar/ast.ts";
import type { PerMember } from "./band-rates.ts";
import type * as IR from "../runtime/ir/artifact.ts";
import { plain, toValue, type Folder } from "./fold.ts";
import { bandMode, bandRows } from "./intervals.ts";
import { canon, declOf, type Compilation, type Entity, type SourceFile } from "./symbols.ts";
import { enumName, isUnknown, UNLIMITED, type Type } from "./types.ts";
import { product, quotient } from "./divide-last.ts";
import { walk } from "./walk.ts";
import { derivedSchedule, tableSchedule, type DerivedPeriod } from "./derived-dated.ts";

export interface Lowered {
  schema: IR.InputSchema;
  ledger: IR.LedgerSchema;
  ir: IR.Program;
  tests: IR.TestCase[];
}

const irType = (t: Type | undefined): string | undefined => (t === undefined || isUnknown(t) || t === "set:?" ? undefined : t === UNLIMITED ? "Limit" : t);

export class Lowerer {
  /** non-live tables/bands/classifications referenced through `base.X`, with their IR names */
  private readonly hidden = new Map<Entity, string>();
  /** outputs referenced from expressions (emitted as defines too) */
  private readonly outputRefs = new Set<Entity>();
  /** the tables of band rates that read an enum (memberRate) */
  private readonly memberTables: IR.TableDef[] = [];
  /** dated tables' periods, by table */
  private readonly schedules = new Map<Entity, DerivedPeriod[] | undefined>();
  private readonly c: Compilation;
  private readonly folder: Folder;

  constructor(c: Compilation, folder: Folder) {
    this.c = c;
    this.folder = folder;
  }

  span(file: SourceFile, s: Span): IR.SrcSpan {
    return [file.index, s.start, s.end];
  }

  private doc(e: Entity, d: Doc | undefined): IR.Documented {
    const out: IR.Documented = { span: this.span(e.file, e.nameSpan) };
    if (d?.label) out.label = d.label.value;
    if (d?.sections) out.sections = d.sections.map((s) => s.text);
    return out;
  }

  private live(kind: string): Entity[] {
    return this.c.entities.filter((e) => e.live && e.kind === kind && !(kind === "output" && e.owner));
  }

  run(): Lowered {
    const params = this.live("param").map((e) => this.param(e));
    const alerts = this.live("alert").map((e): IR.AlertDef => ({ name: e.irName, ...this.doc(e, e.node as Decl), when: this.expr((declOf(e) as { when: Expr }).when, e) }));
    const pipelines = this.live("pipeline").map((e) => this.pipeline(e));
    const outputs = this.live("output").map((e): IR.NamedExpr => ({ name: e.irName, ...this.doc(e, e.node as Decl), type: irType(e.type) ?? "Money", expr: this.expr((declOf(e) as { value?: Expr }).value, e) }));
    const defines = this.defines();
    // Outputs referenced elsewhere read their (rounded) define.
    for (const o of outputs) if ([...this.outputRefs].some((e) => e.irName === o.name)) o.expr = { k: "def", name: o.name, t: o.type };
    const allTables = [...this.live("table"), ...this.hiddenOf("table")];
    const tables = allTables.filter((e) => !this.c.gridKeys.has(e)).flatMap((e) => this.dated(e, (folder, name) => this.table(e, folder, name)));
    const grids = allTables.filter((e) => this.c.gridKeys.has(e)).flatMap((e) => this.dated(e, (folder, name) => this.grid(e, folder, name)));
    const bands = [...this.live("bands"), ...this.hiddenOf("bands")].map((e) => this.bands(e));
    tables.push(...this.memberTables);
    const classifications = [...this.live("classify"), ...this.hiddenOf("classify")].map((e) => this.classify(e));
    // `base.X` of a dated param reads the parent's schedule under that name
    params.push(...this.hiddenOf("param").map((e) => this.param(e)));
    return {
      schema: { enums: this.live("enum").map((e) => this.enumDef(e)), fields: this.live("input").map((e) => this.field(e)) },
      ledger: { fields: this.live("ledger").map((e) => ({ name: e.irName, ...(e.type === "Int" ? { type: "Int" as const } : {}), ...this.doc(e, e.node as Field) })) },
      ir: { params, tables, ...(grids.length > 0 ? { grids } : {}), bands, classifications, defines, outputs, alerts, pipelines },
      tests: this.c.tests.map((t) => this.test(t.entity, t.decl)),
    };
  }

  private hiddenOf(kind: string): Entity[] {
    return [...this.hidden.keys()].filter((e) => e.kind === kind);
  }

  private nameOf(e: Entity): string {
    if (e.live) return canon(e).irName;
    let name = this.hidden.get(e);
    if (!name) {
      // One `base.` per level between the live declaration and this one.
      let depth = 0;
      for (let x: Entity | undefined = e; x && !x.live; depth++) x = this.c.entities.find((y) => y.overridden === x);
      name = "base.".repeat(Math.max(depth, 1)) + e.irName;
      this.hidden.set(e, name);
    }
    return name;
  }

  private param(e: Entity): IR.ParamDef {
    const n = declOf(e) as Extract<Decl, { kind: "param" }>;
    const constant = (x: Expr | undefined): IR.Value => {
      const v = this.folder.value(x, e.file.path);
      return v ? toValue(v, e.type) : null;
    };
    const def = { name: e.live ? e.irName : this.nameOf(e), ...this.doc(e, n), type: irType(e.type) ?? "Money" };
    const derived = derivedSchedule(this.c, e, this.folder);
    if (derived) return { ...def, values: derived.map((p) => ({ from: p.from, value: toValue(p.folder.value(n.value)!, e.type) })) };
    if (!n.dated) return { ...def, value: constant(n.value) };
    return { ...def, values: n.dated.map((r) => ({ from: r.from?.value ?? "", value: constant(r.value) })) };
  }

  private field(e: Entity): IR.InputField {
    const f = e.node as Field;
    const out: IR.InputField = { name: e.irName, ...this.doc(e, f), type: irType(e.type) ?? "Text", optional: f.default !== undefined };
    const v = f.default && this.folder.value(f.default, e.file.path);
    if (v) out.default = toValue(v, e.type);
    return out;
  }

  private enumDef(e: Entity): IR.EnumDef {
    const d = declOf(e) as Extract<Decl, { kind: "enum" }>;
    const members = this.c.entities.filter((m) => m.kind === "member" && m.owner === e && m.live);
    return { name: e.irName, ...this.doc(e, d), members: members.map((m) => ({ name: m.local, ...this.doc(m, m.node as Doc) })) };
  }

  /** A table whose values read dated params (tableSchedule): its periods, else undefined. */
  private periods(e: Entity): DerivedPeriod[] | undefined {
    if (!this.schedules.has(e)) this.schedules.set(e, tableSchedule(this.c, e, this.folder));
    return this.schedules.get(e);
  }

  /** The table's IR name in its i-th period: the first keeps the table's name (`定额`), a later
   *  one is named by the date it starts (`定额·2025-01-01`). */
  private periodName(e: Entity, i: number): string {
    return i === 0 ? this.nameOf(e) : `${this.nameOf(e)}·${this.periods(e)![i]!.from}`;
  }

  /** One table (or grid) per period of a dated table, else the table as it is. */
  private dated<T>(e: Entity, write: (folder: Folder, name: string) => T): T[] {
    const ps = this.periods(e);
    return ps === undefined ? [write(this.folder, this.nameOf(e))] : ps.map((p, i) => write(p.folder, this.periodName(e, i)));
  }

  /** A read of table `e` (`read(name)`); of a dated table, the period in force on the claim's date. */
  private byDate(e: Entity, read: (name: string) => IR.Expr, t: IR.TypeName | undefined): IR.Expr {
    const ps = this.periods(e);
    let out = read(this.periodName(e, 0));
    ps?.forEach((p, i) => {
      if (i === 0) return;
      const from: IR.Expr = { k: "cmp", op: ">=", a: { k: "claimDate", t: "Date" }, b: { k: "lit", v: p.from, t: "Date" }, t: "Bool" };
      out = { k: "if", c: from, a: read(this.periodName(e, i)), b: out, ...(t ? { t } : {}) };
    });
    return out;
  }

  private table(e: Entity, folder: Folder, name: string): IR.TableDef {
    const n = declOf(e) as Extract<Decl, { kind: "table" }>;
    const rows: IR.TableDef["rows"] = [];
    for (const row of n.rows) {
      const v = folder.value(row.value, e.file.path);
      const r: IR.TableDef["rows"][number] = { value: v ? toValue(v, e.type) : null, span: this.span(e.file, row.span) };
      if (row.key) r.key = row.key.text;
      if (row.range) {
        const iv = this.folder.interval(row.range, e.file.path);
        if (iv) r.range = { lo: iv.lo && plain(iv.lo), loIncl: iv.loIncl, hi: iv.hi && plain(iv.hi), hiIncl: iv.hiIncl };
      }
      rows.push(r);
    }
    return { name, ...this.doc(e, n), keyType: this.c.keyTypes.get(e) ?? "Text", valueType: irType(e.type) ?? "Money", rows };
  }

  private grid(e: Entity, folder: Folder, name: string): IR.GridDef {
    const n = declOf(e) as Extract<Decl, { kind: "table" }>;
    const keyTypes = this.c.gridKeys.get(e)!;
    const rows = n.rows.map((row) => {
      const v = folder.value(row.value, e.file.path);
      const keys = (row.cells ?? []).map((cell): IR.KeyMatch => {
        if (cell.kind === "any") return { any: true };
        if (cell.kind === "members") return { members: cell.members.map((m) => m.text) };
        const iv = this.folder.interval(cell.range, e.file.path)!;
        return { range: { lo: iv.lo && plain(iv.lo), loIncl: iv.loIncl, hi: iv.hi && plain(iv.hi), hiIncl: iv.hiIncl } };
      });
      return { keys, value: v ? toValue(v, e.type) : null, span: this.span(e.file, row.span) };
    });
    return { name, ...this.doc(e, n), keyTypes: keyTypes.map((t) => irType(t) ?? t), valueType: irType(e.type) ?? "Money", rows };
  }

  private bands(e: Entity): IR.BandsDef {
    const rows = bandRows(this.c, this.folder, e).flatMap((r, i) => {
      const rate = r.rate !== undefined ? plain(r.rate) : r.rateExpr ? this.expr(r.rateExpr, e) : r.members && this.memberRate(e, i, r.members, r.span);
      if (rate === undefined) return [];
      const { range, owner } = r;
      const hi = range.highInfinite ? null : this.edge(range.high, owner);
      return [{ lo: this.edge(range.low, owner), loIncl: range.lowInclusive, hi, hiIncl: range.highInclusive && hi !== null, rate, span: this.span(e.file, r.span) }];
    });
    // a bands without a mode was refused (BL4030); the fallback only keeps lowering total
    return { name: this.nameOf(e), ...this.doc(e, declOf(e) as Decl), mode: bandMode(this.c, e) ?? "marginal", rows };
  }

  /** A band's rate per member of an enum (`60% + 倾斜提高[类别]`, band-rates.ts): a table of the
   *  values by that enum, named after the band (`分段·2`), that the rate reads. */
  private memberRate(e: Entity, row: number, m: PerMember, at: Span): IR.Expr {
    const n = declOf(e) as BandsDecl;
    const name = `${this.nameOf(e)}·${row + 1}`;
    const label = `${n.label?.value ?? e.local} 第${row + 1}段比例`;
    this.memberTables.push({
      name, label, ...(n.sections ? { sections: n.sections.map((s) => s.text) } : {}), span: this.span(e.file, e.nameSpan),
      keyType: m.key.type, valueType: "Rate", rows: m.values.map(({ member, value }) => ({ key: member, value: plain(value), span: this.span(e.file, at) })),
    });
    return { k: "index", table: name, key: this.expr(m.keyRef, e) };
  }

  /** A band edge: its constant, or (band-edges.ts) the expression read per claim. */
  private edge(x: Expr | undefined, owner: Entity): IR.BandEdge {
    const v = this.folder.decimal(x);
    return v ? plain(v) : this.expr(x, owner);
  }

  private classify(e: Entity): IR.ClassifyDef {
    const n = declOf(e) as Extract<Decl, { kind: "classify" }>;
    const rows: IR.ClassifyDef["rows"] = [];
    for (const row of n.rows) {
      const iv = row.range && this.folder.interval(row.range, e.file.path);
      if (!iv || !row.member) continue;
      rows.push({ range: { lo: iv.lo && plain(iv.lo), loIncl: iv.loIncl, hi: iv.hi && plain(iv.hi), hiIncl: iv.hiIncl }, member: row.member.text, span: this.span(e.file, row.span) });
    }
    return { name: this.nameOf(e), ...this.doc(e, n), enum: enumName(e.type), rows, otherwise: n.otherwise?.text ?? "" };
  }

  private pipeline(e: Entity): IR.PipelineDef {
    const n = declOf(e) as Extract<Decl, { kind: "pipeline" }>;
    const layers = this.c.entities.filter((x) => x.owner === e && x.kind === "layer");
    const leaves = this.c.entities.find((x) => x.owner === e && x.kind === "output");
    return {
      name: e.irName,
      ...this.doc(e, n),
      on: this.expr(n.on, e),
      layers: layers.map((l) => ({ name: l.irName, ...this.doc(l, l.node as Layer), type: "Money", expr: paysWhatIsLeft(this.expr((l.node as Layer).value, l)) })),
      leaves: leaves ? { name: leaves.irName, ...this.doc(leaves, n.leaves) } : { name: `${e.irName}.leaves` },
    };
  }

  /** Defines (and referenced outputs) in dependency order. */
  private defines(): IR.NamedExpr[] {
    const order: IR.NamedExpr[] = [];
    const done = new Set<Entity>();
    const lowered = new Map<Entity, IR.NamedExpr>();
    const visit = (e: Entity) => {
      if (done.has(e)) return;
      done.add(e);
      const value = (declOf(e) as { value?: Expr }).value;
      for (const dep of this.dependencies(value)) visit(dep);
      let expr = this.expr(value, e);
      if (e.kind === "output" && e.type === "Money") expr = { k: "call", fn: "round", args: [expr], t: "Money" };
      const def: IR.NamedExpr = { name: e.irName, ...this.doc(e, e.node as Decl), type: irType(e.type) ?? "Money", expr };
      lowered.set(e, def);
      order.push(def);
    };
    for (const e of this.live("define")) visit(e);
    // Outputs discovered while lowering everything else (alerts, outputs, pipelines) were
    // collected in outputRefs; lowering them may discover more.
    for (let grew = true; grew; ) {
      grew = false;
      for (const o of [...this.outputRefs]) if (!done.has(o)) {
        visit(o);
        grew = true;
      }
    }
    return order;
  }

  /** Live defines and outputs a value refers to (through inlined `base.X` too); a pipeline's
   *  leaves is no define: it is read as a `layer`. */
  private dependencies(x: Expr | undefined, seen = new Set<Entity>()): Entity[] {
    const out: Entity[] = [];
    walk(x, (y) => {
      if (y.kind !== "ref") return;
      const e = this.c.res.get(y)?.[0];
      if (!e) return;
      if (y.base && !seen.has(e)) {
        seen.add(e);
        out.push(...this.dependencies((declOf(e) as { value?: Expr }).value, seen));
      } else if (e.live && (e.kind === "define" || (e.kind === "output" && !e.owner))) {
        if (e.kind === "output") this.outputRefs.add(e);
        out.push(e);
      }
    });
    return out;
  }

  private test(e: Entity, t: TestDecl): IR.TestCase {
    const scope = this.c.root.levels[0]!;
    const values = (list: { name?: { text: string }; value?: Expr }[]): Record<string, IR.Value> => {
      const out: Record<string, IR.Value> = {};
      for (const a of list) {
        const target = a.name && scope.get(a.name.text);
        const v = a.value && this.folder.value(a.value);
        // an imported policy's input nothing here reads is not in the artifact (BL6009 says so)
        if (target && v && canon(target).live) out[canon(target).irName] = toValue(v, canon(target).type);
      }
      return out;
    };
    const kindOf = (x: TestDecl["expect"][number]) => (x.name === undefined ? undefined : scope.get(x.name.text)?.kind);
    const expected = (c: { expect: TestDecl["expect"] }, kind: (k: string | undefined) => boolean) =>
      values(c.expect.flatMap((x) => (x.kind === "value" && kind(kindOf(x)) ? [x] : [])));
    const claim = (c: { span: Span; given: TestDecl["given"]; expect: TestDecl["expect"] }): IR.TestClaim => {
      const out: IR.TestClaim = {
        given: values(c.given),
        expect: expected(c, (k) => k !== "define" && k !== "ledger"),
        alerts: c.expect.flatMap((x) => (x.kind === "alert" && !x.negated && x.name ? [scope.get(x.name.text)?.irName ?? x.name.text] : [])),
        noAlerts: c.expect.flatMap((x) => (x.kind === "alert" && x.negated && x.name ? [scope.get(x.name.text)?.irName ?? x.name.text] : [])),
        span: this.span(e.file, c.span),
      };
      const defines = expected(c, (k) => k === "define");
      if (Object.keys(defines).length > 0) out.defines = defines;
      const ledger = expected(c, (k) => k === "ledger");
      if (Object.keys(ledger).length > 0) out.ledger = ledger as Record<string, string>;
      return out;
    };
    const claims = t.claims.length > 0 ? t.claims.map(claim) : [claim({ span: t.span, given: [], expect: t.expect })];
    if (t.claims.length > 0 && t.expect.length > 0) {
      // Top-level expectations of a multi-claim test are checked after the last claim.
      const last = claims[claims.length - 1]!;
      const extra = claim({ span: t.span, given: [], expect: t.expect });
      Object.assign(last.expect, extra.expect);
      if (extra.defines) last.defines = { ...last.defines, ...extra.defines };
      if (extra.ledger) last.ledger = { ...last.ledger, ...extra.ledger };
      last.alerts.push(...extra.alerts);
      last.noAlerts.push(...extra.noAlerts);
    }
    const ledger: Record<string, string> = {};
    for (const [k, v] of Object.entries(values(t.ledger))) if (typeof v === "string") ledger[k] = v;
    const out: IR.TestCase = { name: e.local, span: this.span(e.file, t.span), given: values(t.given), ledger, claims };
    if (t.date) out.date = t.date.value;
    // a claim without its own date is on the date of the claim before it
    let date: string | undefined;
    t.claims.forEach((c, i) => {
      date = c.date?.value ?? date;
      if (date !== undefined) claims[i]!.date = date;
    });
    return out;
  }

  /** Lowering met what the checks should have refused: an internal error, never a guess.
   *  The error keeps the artifact from being written; the literal only ends this walk. */
  private internal(what: string, h: Entity, span: Span): IR.Expr {
    this.c.sink.report("BL0002", h.file.path, span, { what });
    return { k: "lit", v: null };
  }

  /** Lowers an expression of entity `holder`. */
  expr(x: Expr | undefined, holder: Entity): IR.Expr {
    if (!x) return this.internal("a missing expression", holder, (holder.node as { span: Span }).span);
    const node = this.node(x, holder);
    const t = irType(this.c.types.get(x));
    if (t && node.t === undefined) node.t = t;
    if (node.s === undefined) node.s = this.span(holder.file, x.span);
    return node;
  }

  /** Constant and free of names (so traces still show params by name): fold to a literal. */
  private foldable(x: Expr): boolean {
    let named = false;
    walk(x, (y) => {
      if (y.kind === "ref" && !y.base && this.c.res.get(y)?.[0]?.kind !== "member") named = true;
      if (y.kind === "index" || y.kind === "apply" || y.kind === "highest") named = true;
    });
    return !named && this.folder.value(x) !== undefined;
  }

  private node(x: Expr, h: Entity): IR.Expr {
    const type = this.c.types.get(x) ?? "?";
    if (x.kind !== "paren" && x.kind !== "ref" && this.foldable(x)) {
      const v = this.folder.value(x)!;
      return { k: "lit", v: toValue(v, type), t: irType(type) };
    }
    const sub = (y: Expr | undefined) => this.expr(y, h);
    const ledger = (u: { field: { text: string } } | undefined) => {
      const e = u && h.unit.levels[0]!.get(u.field.text);
      return e ? canon(e).irName : u?.field.text;
    };
    switch (x.kind) {
      case "paren":
        return sub(x.inner);
      case "ref":
        return this.ref(x, h);
      case "remaining":
        return { k: "remaining" };
      case "claimDate":
        return { k: "claimDate" };
      case "neg":
        return { k: "neg", a: sub(x.operand) };
      case "binary":
        return this.binary(x, h);
      case "compare":
        return { k: "cmp", op: x.op, a: sub(x.left), b: sub(x.right) };
      case "logical":
        // a chain `a or b or c …` stays one flat node: no depth for the runtime to refuse
        return { k: x.op, xs: this.chain(x, (y): y is typeof x => y.kind === "logical" && y.op === x.op).operands.map(sub) };
      case "not":
        return { k: "not", a: sub(x.operand) };
      case "in":
        return { k: "in", a: sub(x.item), set: sub(x.set) };
      case "if":
        return { k: "if", c: sub(x.cond), a: sub(x.then), b: sub(x.else) };
      case "above": {
        const out: IR.Expr = { k: "above", v: sub(x.value), th: sub(x.threshold) };
        if (x.ledger) out.ledger = ledger(x.ledger);
        if (x.perClaim) out.perClaim = true;
        return out;
      }
      case "cap":
        return {
          k: "cap",
          v: sub(x.value),
          limits: x.limits.map((l) => {
            const lim: IR.CapLimit = { lim: sub(l.limit) };
            if (l.ledger) lim.ledger = ledger(l.ledger);
            if (l.perClaim) lim.perClaim = true;
            if (l.when) lim.when = sub(l.when);
            return lim;
          }),
        };
      case "atLeast":
        return { k: "atLeast", v: sub(x.value), floor: sub(x.floor) };
      case "apply": {
        const b = this.c.res.get(x.bands)![0]!;
        if (b.kind === "classify") return { k: "classify", name: this.nameOf(b), v: sub(x.value) };
        const out: IR.Expr = { k: "bands", name: this.nameOf(b), v: sub(x.value) };
        if (x.ledger) out.ledger = ledger(x.ledger);
        return out;
      }
      case "cumulative": {
        const field = ledger(x.ledger);
        if (field === undefined) return this.internal("`cumulative` without its ledger field", h, x.span);
        return { k: "cumulative", v: sub(x.value), ledger: field };
      }
      case "highest": {
        const t = this.c.res.get(x.table)![0]!, set = sub(x.set);
        return this.byDate(t, (table) => ({ k: "highest", table, set }), irType(type));
      }
      case "index": {
        const t = this.c.res.get(x.table)![0]!;
        if (this.c.gridKeys.has(t)) {
          const keys = [x.key, ...(x.moreKeys ?? [])].map(sub);
          return this.byDate(t, (grid) => ({ k: "lookup", grid, keys }), irType(type));
        }
        const key = sub(x.key);
        return this.byDate(t, (table) => ({ k: "index", table, key }), irType(type));
      }
      case "call":
        return { k: "call", fn: x.callee.text as "min" | "max" | "round" | "count", args: x.args.map(sub) };
      default: {
        const v = this.folder.value(x);
        return v ? { k: "lit", v: toValue(v, type) } : this.internal(`a ${x.kind} that is not constant`, h, x.span);
      }
    }
  }

  /** The operands of a left-leaning chain of nodes `joins` accepts, in source order; a joined
   *  node that folds to a constant is one operand. Iterative: a chain may be thousands long. */
  private chain<T extends Extract<Expr, { kind: "binary" | "logical" }>>(x: T, joins: (y: Expr) => y is T): { operands: (Expr | undefined)[]; joints: T[] } {
    const joints: T[] = [];
    let y: Expr | undefined = x;
    while (y !== undefined && joins(y) && (y === x || !this.foldable(y))) {
      joints.push(y);
      y = y.left;
    }
    joints.reverse();
    return { operands: [y, ...joints.map((j) => j.right)], joints };
  }

  private ref(x: Ref, h: Entity): IR.Expr {
    const e = this.c.res.get(x)![0]!;
    const target = canon(e);
    if (x.base) {
      // The parent's value, resolved away.
      const value = (declOf(e) as { value?: Expr }).value;
      if (e.kind === "param") {
        if ((declOf(e) as Extract<Decl, { kind: "param" }>).dated) return { k: "param", name: this.nameOf(e) };
        const v = this.folder.value(value, e.file.path);
        return v ? { k: "lit", v: toValue(v, e.type) } : this.internal("a parent's param that is not constant", h, x.span);
      }
      return this.expr(value, e);
    }
    // a pipeline's layer or leaves: what it paid, read after the pipeline ran
    if (target.kind === "layer" || (target.kind === "output" && target.owner)) return { k: "layer", name: target.irName };
    switch (target.kind) {
      case "ledger":
        return { k: "balance", name: target.irName };
      case "input":
        return { k: "input", name: target.irName };
      case "param":
        return { k: "param", name: target.irName };
      case "define":
        return { k: "def", name: target.irName };
      case "output":
        this.outputRefs.add(target);
        return { k: "def", name: target.irName };
      case "member":
        return { k: "lit", v: target.local };
      default:
        return this.internal(`a reference to ${target.kind} \`${target.local}\``, h, x.span);
    }
  }

  private binary(x: Extract<Expr, { kind: "binary" }>, h: Entity): IR.Expr {
    const lt = this.c.types.get(x.left!);
    const rt = this.c.types.get(x.right!);
    if (lt === "Date" || rt === "Date") {
      const date = lt === "Date" ? x.left : x.right;
      const dur = lt === "Date" ? x.right : x.left;
      const m = this.folder.value(dur);
      if (m?.k !== "months") return this.internal("a duration that is not constant", h, x.span);
      return { k: "dateAdd", a: this.expr(date, h), months: x.op === "-" ? -m.v : m.v };
    }
    // Points stay points (5pp = "5"): the runtime reads the operand types and divides by 100.
    if (x.op === "*") return product(this.expr(x.left, h), this.expr(x.right, h), irType(this.c.types.get(x)), this.span(h.file, x.span));
    if (x.op === "/") return quotient(this.expr(x.left, h), this.expr(x.right, h), irType(this.c.types.get(x)), this.span(h.file, x.span));
    // a chain `a + b − c …` stays one flat `sum` (two terms are a plain `arith`)
    const { operands, joints } = this.chain(x, (y): y is typeof x => y.kind === "binary" && (y.op === "+" || y.op === "-") && this.c.types.get(y) !== "Date");
    const xs = operands.map((t) => this.expr(t, h));
    const ops = joints.map((j) => j.op as "+" | "-");
    return xs.length === 2 ? { k: "arith", op: ops[0]!, a: xs[0]!, b: xs[1]! } : { k: "sum", xs, ops };
  }
}

export function lower(c: Compilation, folder: Folder): Lowered {
  return new Lowerer(c, folder).run();
}

/** A layer pays at most what the layers before it left. When it ends in a yearly cap, that is
 *  one more limit of the cap, so the cap's ledgers record what the layer pays, not what its
 *  formula computed (a result rounded up past what is left, a fixed sum above it). */
function paysWhatIsLeft(x: IR.Expr): IR.Expr {
  if (x.k !== "cap" || !x.limits.some((l) => l.ledger !== undefined)) return x;
  return { ...x, limits: [...x.limits, { lim: { k: "remaining", t: "Money" }, left: true }] };
}
