// Phase 2 of loading: every name resolves, every type is known, every constant fits its
// type, intervals and bands are well formed, each ledger field has one writer, and every
// expression has a type the evaluator can rely on. An artifact that passes cannot make the
// evaluator meet a value it does not expect; the compiler's finer unit checks (Money + Rate)
// are not repeated, only what keeps evaluation well defined.
import type {
  BandEdge, Artifact, BandsDef, ClassifyDef, DatedValue, Expr, GridDef, InputField, Interval, LedgerField, NamedExpr, ParamDef, TableDef, TypeName, Value,
} from "../ir/artifact.ts";
import { ledgerType } from "../ir/artifact.ts";
import { ArtifactError, quote } from "../errors.ts";
import { ledgersWritten, some, unreachable } from "../ir/nodes.ts";
import { arithType } from "../ir/ops.ts";
import { D } from "../ir/decimal.ts";
import { isArtifactDecimal } from "../ir/money.ts";
import { isValidDate } from "../ir/dates.ts";
import { pipelineOfResult, resultOrder, type ResultStep } from "./result-order.ts";
import { writerDefines } from "./ledger-writers.ts";
import { AMOUNT_RULES } from "../eval/validate-input.ts";
import { enumOf, isKnownType, kindOf, NUMERIC_TYPES, valueFits, type EnumTable, type Kind } from "../ir/types.ts";

export interface Slot<T> {
  index: number;
  def: T;
}

export interface OutputInfo {
  name: string;
  type: TypeName;
  label?: string;
  sections?: string[];
}

/** The artifact with its names resolved and every expression typed. */
export interface Checked {
  artifact: Artifact;
  enums: Map<string, EnumTable>;
  inputs: Map<string, Slot<InputField>>;
  params: Map<string, ParamDef>;
  tables: Map<string, TableDef>;
  grids: Map<string, GridDef>;
  bands: Map<string, BandsDef>;
  classifications: Map<string, ClassifyDef>;
  defines: Map<string, Slot<NamedExpr>>;
  ledger: Map<string, Slot<LedgerField>>;
  outputs: Map<string, OutputInfo>;
  /** the order outputs and pipelines are computed in (alerts come after them) */
  order: ResultStep[];
  /** the layers and leaves of every pipeline, each with its slot (`layer` nodes read it) */
  results: Map<string, number>;
  /** the define that writes each ledger field written inside one (`balance` nodes run it first) */
  writers: Map<string, string>;
  /** the type of every expression node */
  types: Map<Expr, TypeName>;
}

const WHAT: Record<string, [string, string]> = {
  input: ["input field", "输入字段"],
  param: ["parameter", "参数"],
  define: ["definition", "定义"],
  table: ["table", "表"],
  bands: ["bands", "分段"],
  classify: ["classification", "分类"],
  ledger: ["ledger field", "台账字段"],
  enum: ["enum", "枚举"],
  member: ["enum member", "枚举成员"],
  output: ["output", "输出"],
  alert: ["alert", "预警"],
  row: ["table row", "表行"],
  layer: ["pipeline result", "结算层结果"],
};

function unresolved(what: string, name: string, path: string): never {
  const [en, zh] = WHAT[what]!;
  throw new ArtifactError("BR1015", { what: en, whatZh: zh, name: quote(name) }, path);
}

function duplicate(what: string, name: string, path: string): never {
  const [en, zh] = WHAT[what]!;
  throw new ArtifactError("BR1020", { what: en, whatZh: zh, name: quote(name) }, path);
}

function mismatch(path: string, expected: string, found: string): never {
  throw new ArtifactError("BR1019", { expected, found }, path);
}

function unique<T extends { name: string }>(items: T[], what: string, path: string): Map<string, Slot<T>> {
  const map = new Map<string, Slot<T>>();
  items.forEach((def, index) => {
    if (map.has(def.name)) duplicate(what, def.name, `${path}[${index}]`);
    map.set(def.name, { index, def });
  });
  return map;
}

function defsOf<T>(slots: Map<string, Slot<T>>): Map<string, T> {
  return new Map([...slots].map(([k, s]) => [k, s.def]));
}

export function checkArtifact(artifact: Artifact): Checked {
  const ir = artifact.ir;
  const enums = new Map<string, EnumTable>();
  artifact.schema.enums.forEach((e, i) => {
    const path = `schema.enums[${i}]`;
    if (enums.has(e.name)) duplicate("enum", e.name, path);
    const members = e.members.map((m) => m.name);
    const index = new Map<string, number>();
    members.forEach((m, j) => {
      if (index.has(m)) duplicate("member", m, `${path}.members[${j}]`);
      index.set(m, j);
    });
    if (members.length === 0) mismatch(`${path}.members`, "at least one member", "none");
    enums.set(e.name, { members, index });
  });

  const knownType = (t: TypeName, path: string): void => {
    if (!isKnownType(t, enums)) throw new ArtifactError("BR1014", { found: quote(t) }, path);
  };
  const fits = (t: TypeName, v: Value, path: string): void => {
    if (!valueFits(t, v, enums)) throw new ArtifactError("BR1016", { value: quote(v), type: t }, path);
  };

  const inputs = unique(artifact.schema.fields, "input", "schema.fields");
  for (const { index, def } of inputs.values()) {
    const path = `schema.fields[${index}]`;
    knownType(def.type, `${path}.type`);
    if (def.default !== undefined) {
      fits(def.type, def.default, `${path}.default`);
      // what a claim leaving the input out gives: refused below zero where a claim's value is
      const below = AMOUNT_RULES[def.type]?.negative === false && typeof def.default === "string" && new D(def.default).isNegative() && !new D(def.default).isZero();
      if (below) throw new ArtifactError("BR1016", { value: quote(def.default), type: def.type }, `${path}.default`);
    } else if (def.optional) throw new ArtifactError("BR1010", { field: "default" }, path);
  }
  const ledger = unique(artifact.ledger.fields, "ledger", "ledger.fields");

  const params = unique(ir.params, "param", "ir.params");
  for (const { index, def } of params.values()) {
    const path = `ir.params[${index}]`;
    knownType(def.type, `${path}.type`);
    if (def.values === undefined) fits(def.type, def.value!, `${path}.value`);
    else checkDated(def.values, artifact.policy.effective, path, (v, p) => fits(def.type, v, p));
  }

  const tables = unique(ir.tables, "table", "ir.tables");
  for (const { index, def } of tables.values()) checkTable(def, `ir.tables[${index}]`, enums, knownType, fits);
  const grids = unique(ir.grids ?? [], "table", "ir.grids");
  for (const { index, def } of grids.values()) {
    if (tables.has(def.name)) duplicate("table", def.name, `ir.grids[${index}]`);
    checkGrid(def, `ir.grids[${index}]`, enums, knownType, fits);
  }

  const bands = unique(ir.bands, "bands", "ir.bands");
  for (const { index, def } of bands.values()) checkBands(def, `ir.bands[${index}]`);

  const classifications = unique(ir.classifications, "classify", "ir.classifications");
  for (const { index, def } of classifications.values()) {
    const path = `ir.classifications[${index}]`;
    const en = enums.get(def.enum);
    if (en === undefined) unresolved("enum", def.enum, `${path}.enum`);
    def.rows.forEach((r, j) => {
      checkInterval(r.range, `${path}.rows[${j}].range`);
      if (!en.index.has(r.member)) unresolved("member", r.member, `${path}.rows[${j}].member`);
    });
    if (!en.index.has(def.otherwise)) unresolved("member", def.otherwise, `${path}.otherwise`);
  }

  const defines = unique(ir.defines, "define", "ir.defines");
  const outputs = new Map<string, OutputInfo>();
  const addOutput = (o: { name: string; label?: string; sections?: string[] }, type: TypeName, path: string): void => {
    if (outputs.has(o.name)) duplicate("output", o.name, path);
    outputs.set(o.name, { name: o.name, type, label: o.label, sections: o.sections });
  };

  // slots in the order the pipelines' results are written: each pipeline's layers, then its leaves
  const results = new Map([...pipelineOfResult(ir).keys()].map((name, i) => [name, i]));
  const checker = new ExprChecker({
    enums, inputs: defsOf(inputs), params: defsOf(params), tables: defsOf(tables), grids: defsOf(grids), bands: defsOf(bands),
    classifications: defsOf(classifications), defines, ledger, results,
  });
  const named = (n: NamedExpr, path: string, scope: Scope): void => {
    knownType(n.type, `${path}.type`);
    const t = checker.infer(n.expr, `${path}.expr`, scope, n.type);
    checker.assignable(n.type, t, `${path}.expr`);
  };

  const plain = plainDefines(ir);
  for (const { index, def } of bands.values()) {
    def.rows.forEach((r, j) => {
      const rp = `ir.bands[${index}].rows[${j}]`;
      if (typeof r.rate !== "string") checkBandRate(checker, r.rate, `${rp}.rate`, plain, ir.defines.length);
      for (const edge of ["lo", "hi"] as const) {
        const x = r[edge];
        if (x !== null && typeof x === "object") checkBandEdge(checker, x, `${rp}.${edge}`, plain, ir.defines.length);
      }
    });
  }
  ir.defines.forEach((d, i) => named(d, `ir.defines[${i}]`, { defsBefore: i, inLayer: false }));
  const all = { defsBefore: ir.defines.length, inLayer: false };
  ir.outputs.forEach((o, i) => {
    named(o, `ir.outputs[${i}]`, all);
    addOutput(o, o.type, `ir.outputs[${i}]`);
  });
  ir.pipelines.forEach((p, i) => {
    const path = `ir.pipelines[${i}]`;
    checker.expectNumber(checker.infer(p.on, `${path}.on`, all), `${path}.on`);
    p.layers.forEach((l, j) => {
      named(l, `${path}.layers[${j}]`, { ...all, inLayer: true });
      checker.expectNumber(l.type, `${path}.layers[${j}].type`);
      addOutput(l, "Money", `${path}.layers[${j}]`);
    });
    addOutput(p.leaves, "Money", `${path}.leaves`);
  });
  const alertNames = new Set<string>();
  ir.alerts.forEach((a, i) => {
    const path = `ir.alerts[${i}]`;
    if (alertNames.has(a.name)) duplicate("alert", a.name, path);
    alertNames.add(a.name);
    checker.expectKind(checker.infer(a.when, `${path}.when`, { ...all, inAlert: true }), ["bool"], `${path}.when`);
  });

  checkTests(artifact, { inputs, outputs, defines, alerts: alertNames, ledger });
  const order = resultOrder(ir);
  if ("cycle" in order) {
    const at = ir.pipelines.findIndex((p) => p.name === order.cycle[0]);
    throw new ArtifactError("BR1036", { name: quote(order.cycle[0]!), cycle: order.cycle.join(" → ") }, `ir.pipelines[${at}]`);
  }

  return {
    artifact, enums, inputs, params: defsOf(params), tables: defsOf(tables), grids: defsOf(grids), bands: defsOf(bands),
    classifications: defsOf(classifications), defines, ledger, outputs, order: order.steps, results, writers: writerDefines(ir), types: checker.types,
  };
}

/** A dated param's entries: a value in force on every date the policy is (the first entry
 *  by the effective date), one at a time (dates strictly increasing). */
function checkDated(values: DatedValue[], effective: string, path: string, fits: (v: Value, path: string) => void): void {
  values.forEach((d, j) => {
    const outOfOrder = j === 0 ? d.from > effective : d.from <= values[j - 1]!.from;
    if (outOfOrder) throw new ArtifactError("BR1040", { effective }, `${path}.values[${j}].from`);
    fits(d.value, `${path}.values[${j}].value`);
  });
  if (values.length === 0) throw new ArtifactError("BR1040", { effective }, `${path}.values`);
}

function checkInterval(r: Interval, path: string): void {
  if (r.lo === null || r.hi === null) return;
  const c = new D(r.lo).cmp(r.hi);
  if (c > 0 || (c === 0 && !(r.loIncl && r.hiIncl))) throw new ArtifactError("BR1017", {}, path);
}

function checkTable(
  t: TableDef, path: string, enums: Map<string, EnumTable>,
  knownType: (t: TypeName, path: string) => void, fits: (t: TypeName, v: Value, path: string) => void,
): void {
  knownType(t.keyType, `${path}.keyType`);
  knownType(t.valueType, `${path}.valueType`);
  const keyKind = kindOf(t.keyType);
  if (keyKind !== "enum" && keyKind !== "num") mismatch(`${path}.keyType`, "an enum or a number type", t.keyType);
  const seen = new Set<string>();
  t.rows.forEach((r, j) => {
    const rp = `${path}.rows[${j}]`;
    if (keyKind === "enum") {
      if (r.key === undefined) throw new ArtifactError("BR1010", { field: "key" }, rp);
      if (!enums.get(enumOf(t.keyType)!)!.index.has(r.key)) unresolved("member", r.key, `${rp}.key`);
      if (seen.has(r.key)) duplicate("row", r.key, `${rp}.key`);
      seen.add(r.key);
    } else {
      if (r.range === undefined) throw new ArtifactError("BR1010", { field: "range" }, rp);
      checkInterval(r.range, `${rp}.range`);
    }
    fits(t.valueType, r.value, `${rp}.value`);
  });
}

/** Each key an enum or a number type; each row one match per key: members of the key's enum,
 *  an interval of a number key, or any. Coverage is the compiler's (an uncovered cell is BR3001). */
function checkGrid(
  g: GridDef, path: string, enums: Map<string, EnumTable>,
  knownType: (t: TypeName, path: string) => void, fits: (t: TypeName, v: Value, path: string) => void,
): void {
  if (g.keyTypes.length === 0) mismatch(`${path}.keyTypes`, "at least one key", "none");
  g.keyTypes.forEach((t, i) => {
    knownType(t, `${path}.keyTypes[${i}]`);
    const k = kindOf(t);
    if (k !== "enum" && k !== "num") mismatch(`${path}.keyTypes[${i}]`, "an enum or a number type", t);
  });
  knownType(g.valueType, `${path}.valueType`);
  g.rows.forEach((r, j) => {
    const rp = `${path}.rows[${j}]`;
    if (r.keys.length !== g.keyTypes.length) mismatch(`${rp}.keys`, `${g.keyTypes.length} keys`, String(r.keys.length));
    r.keys.forEach((m, i) => {
      const t = g.keyTypes[i]!, kp = `${rp}.keys[${i}]`;
      if ("any" in m) return;
      if ("members" in m) {
        if (kindOf(t) !== "enum") mismatch(kp, "an interval or any", "members");
        for (const name of m.members) if (!enums.get(enumOf(t)!)!.index.has(name)) unresolved("member", name, kp);
      } else {
        if (kindOf(t) !== "num") mismatch(kp, "members or any", "an interval");
        checkInterval(m.range, `${kp}.range`);
      }
    });
    fits(g.valueType, r.value, `${rp}.value`);
  });
}

/** Constant edges in order; an edge read per claim is checked on each claim (BR3007). */
function checkBands(b: BandsDef, path: string): void {
  let prevHi: BandEdge | null | undefined;
  let prevHiIncl = false;
  b.rows.forEach((r, j) => {
    const rp = `${path}.rows[${j}]`;
    // a marginal band must start somewhere: from −∞ it would pay an infinite amount
    if (r.lo === null) throw new ArtifactError("BR1017", {}, rp);
    const { lo, hi } = r;
    if (typeof lo === "string" && (hi === null || typeof hi === "string")) checkInterval({ ...r, lo, hi }, rp);
    if (typeof r.rate === "string" && new D(r.rate).isNegative()) throw new ArtifactError("BR1016", { value: r.rate, type: "Rate" }, `${rp}.rate`);
    if (prevHi !== undefined && typeof lo === "string" && typeof prevHi !== "object") {
      const c = prevHi === null ? 1 : new D(prevHi).cmp(lo);
      if (c > 0 || (c === 0 && prevHiIncl && r.loIncl)) throw new ArtifactError("BR1018", {}, rp);
    }
    prevHi = hi;
    prevHiIncl = r.hiIncl;
  });
}

/** An edge read per claim: a Money expression that writes no ledger and applies no bands,
 *  itself or through the defines it reads (so no edge depends on the bands that hold it). */
function checkBandEdge(checker: ExprChecker, e: Expr, path: string, plain: ReadonlySet<string>, defines: number): void {
  const t = checker.infer(e, path, { defsBefore: defines, inLayer: false }, "Money");
  if (t !== "Money") mismatch(path, "Money", t);
  if (some(e, (x) => !plainNode(x, plain))) mismatch(path, "an expression that writes no ledger and applies no bands", e.k);
}

const plainNode = (x: Expr, plain: ReadonlySet<string>): boolean =>
  ledgersWritten(x).length === 0 && x.k !== "bands" && x.k !== "classify" && (x.k !== "def" || plain.has(x.name));

/** Defines a band edge may read: in dependency order, each refers only to earlier ones. */
function plainDefines(ir: Artifact["ir"]): Set<string> {
  const plain = new Set<string>();
  for (const d of ir.defines) if (!some(d.expr, (x) => !plainNode(x, plain))) plain.add(d.name);
  return plain;
}

/** A rate read per claim: a Rate param, or an enum-keyed Rate table looked up by an input, a
 *  param or a plain define (one that writes no ledger and applies no bands), never negative. */
function checkBandRate(checker: ExprChecker, e: Expr, path: string, plain: ReadonlySet<string>, defines: number): void {
  const isParam = e.k === "param";
  const isIndex = e.k === "index" && (e.key.k === "input" || e.key.k === "param" || (e.key.k === "def" && plain.has(e.key.name)));
  if (!isParam && !isIndex) mismatch(path, "a param, or a table looked up by an input, a param or a define that writes no ledger", e.k);
  const t = checker.infer(e, path, { defsBefore: defines, inLayer: false }, "Rate");
  if (t !== "Rate") mismatch(path, "Rate", t);
  const env = checker.env;
  const table = e.k === "index" ? env.tables.get(e.table)! : undefined;
  if (table !== undefined && kindOf(table.keyType) !== "enum") mismatch(`${path}.table`, "a table keyed by an enum", table.keyType);
  const values = e.k === "param" ? [env.params.get(e.name)!.value] : table!.rows.map((r) => r.value);
  for (const v of values) if (new D(v as string).isNegative()) throw new ArtifactError("BR1016", { value: String(v), type: "Rate" }, path);
}

/** Test cases name inputs, outputs, defines, alerts and ledger fields that must exist. */
function checkTests(
  a: Artifact,
  { inputs, outputs, defines, alerts, ledger }: { inputs: Map<string, unknown>; outputs: Map<string, unknown>; defines: Map<string, unknown>; alerts: Set<string>; ledger: Map<string, unknown> },
): void {
  a.tests.forEach((t, i) => {
    const path = `tests[${i}]`;
    for (const k of Object.keys(t.given)) if (!inputs.has(k)) unresolved("input", k, `${path}.given`);
    for (const k of Object.keys(t.ledger)) if (!ledger.has(k)) unresolved("ledger", k, `${path}.ledger`);
    t.claims.forEach((c, j) => {
      const cp = `${path}.claims[${j}]`;
      for (const k of Object.keys(c.given)) if (!inputs.has(k)) unresolved("input", k, `${cp}.given`);
      for (const k of Object.keys(c.expect)) if (!outputs.has(k)) unresolved("output", k, `${cp}.expect`);
      for (const k of Object.keys(c.defines ?? {})) if (!defines.has(k)) unresolved("define", k, `${cp}.defines`);
      for (const k of Object.keys(c.ledger ?? {})) if (!ledger.has(k)) unresolved("ledger", k, `${cp}.ledger`);
      for (const k of [...c.alerts, ...c.noAlerts]) if (!alerts.has(k)) unresolved("alert", k, `${cp}.alerts`);
    });
  });
}

interface Scope {
  /** defines with an index below this may be used (a define refers only to earlier ones) */
  defsBefore: number;
  /** inside a pipeline layer, where `remaining` means something */
  inLayer: boolean;
  /** inside an alert, which runs after every ledger write: a ledger's value may be read */
  inAlert?: boolean;
}

/** What expressions are checked against: the declarations of Checked, inputs by name. */
type Env = Pick<Checked, "enums" | "params" | "tables" | "grids" | "bands" | "classifications" | "defines" | "results"> & {
  inputs: Map<string, InputField>;
  ledger: Checked["ledger"];
};

const KIND_WORDS: Record<Kind, string> = {
  num: "a number or amount", limit: "an amount or unlimited", bool: "a condition (Bool)", date: "a date",
  text: "text", duration: "a duration", enum: "an enum member", set: "a set",
};

class ExprChecker {
  readonly types = new Map<Expr, TypeName>();
  readonly writers = new Map<string, string>();
  readonly env: Env;

  constructor(env: Env) {
    this.env = env;
  }

  expectKind(t: TypeName, kinds: Kind[], path: string): void {
    if (!kinds.includes(kindOf(t))) mismatch(path, kinds.map((k) => KIND_WORDS[k]).join(" or "), t);
  }

  expectNumber(t: TypeName, path: string): void {
    this.expectKind(t, ["num"], path);
  }

  /** A value of type `found` may be stored where `declared` is expected. */
  assignable(declared: TypeName, found: TypeName, path: string): void {
    const dk = kindOf(declared), fk = kindOf(found);
    const ok = dk === "limit" ? fk === "num" || fk === "limit" : dk === fk && (enumOf(declared) === enumOf(found));
    if (!ok) mismatch(path, declared, found);
  }

  /** `amount`: a deductible, cap or bands records money there, never into a counting field. */
  private ledgerWrite(name: string, path: string, amount = true): void {
    const field = this.env.ledger.get(name);
    if (field === undefined) unresolved("ledger", name, path);
    if (amount && ledgerType(field.def) !== "Money") mismatch(path, "a Money ledger field", ledgerType(field.def));
    if (this.writers.has(name)) throw new ArtifactError("BR1022", { name: quote(name) }, path);
    this.writers.set(name, path);
  }

  /** Infers (and records) the type of `e`; `hint` types untyped literals such as a bare enum member. */
  infer(e: Expr, path: string, scope: Scope, hint?: TypeName): TypeName {
    let t = this.inferNode(e, path, scope, hint);
    if (e.t !== undefined && e.k !== "lit") {
      // The compiler's own, finer type wins for display, if it agrees in kind.
      if (!isKnownType(e.t, this.env.enums)) throw new ArtifactError("BR1014", { found: quote(e.t) }, `${path}.t`);
      this.assignable(e.t, t, path);
      t = e.t;
    }
    this.types.set(e, t);
    return t;
  }

  /** Infers a pair where either side may be an untyped literal typed by the other. */
  private pair(a: Expr, b: Expr, path: string, scope: Scope, hint?: TypeName): [TypeName, TypeName] {
    if (a.k === "lit" && a.t === undefined && b.k !== "lit") {
      const tb = this.infer(b, `${path}.b`, scope, hint);
      return [this.infer(a, `${path}.a`, scope, tb), tb];
    }
    const ta = this.infer(a, `${path}.a`, scope, hint);
    return [ta, this.infer(b, `${path}.b`, scope, hint ?? ta)];
  }

  private inferNode(e: Expr, path: string, scope: Scope, hint?: TypeName): TypeName {
    const env = this.env;
    const num = (x: Expr, p: string, h?: TypeName): TypeName => {
      const t = this.infer(x, p, scope, h);
      this.expectNumber(t, p);
      return t;
    };
    switch (e.k) {
      case "lit":
        return this.literal(e.v, e.t, path, hint);
      case "input": {
        const f = env.inputs.get(e.name);
        if (f === undefined) unresolved("input", e.name, path);
        return f.type;
      }
      case "param": {
        const p = env.params.get(e.name);
        if (p === undefined) unresolved("param", e.name, path);
        return p.type;
      }
      case "def": {
        const d = env.defines.get(e.name);
        if (d === undefined) unresolved("define", e.name, path);
        if (d.index >= scope.defsBefore) throw new ArtifactError("BR1024", { name: quote(e.name) }, path);
        return d.def.type;
      }
      case "remaining":
        if (!scope.inLayer) throw new ArtifactError("BR1023", {}, path);
        return "Money";
      case "layer":
        if (!env.results.has(e.name)) unresolved("layer", e.name, path);
        return "Money";
      case "balance": {
        const f = env.ledger.get(e.name);
        if (f === undefined) unresolved("ledger", e.name, path);
        if (!scope.inAlert) throw new ArtifactError("BR1037", { name: quote(e.name) }, path);
        return ledgerType(f.def);
      }
      case "claimDate":
        return "Date";
      case "arith": {
        const [ta, tb] = this.pair(e.a, e.b, path, scope);
        // Date ± Duration (and Duration + Date) move a date by whole months; the rest is numbers.
        const ka = kindOf(ta), kb = kindOf(tb);
        const dated = (ka === "date" && kb === "duration" && e.op !== "*" && e.op !== "/")
          || (ka === "duration" && kb === "date" && e.op === "+");
        if (!dated) {
          this.expectNumber(ta, `${path}.a`);
          this.expectNumber(tb, `${path}.b`);
        }
        return resultType(e.op, ta, tb, path);
      }
      case "neg":
        return num(e.a, `${path}.a`);
      case "cmp": {
        const [ta, tb] = this.pair(e.a, e.b, path, scope);
        const ka = kindOf(ta), kb = kindOf(tb);
        const numeric = (k: Kind): boolean => k === "num" || k === "limit";
        const ordered = e.op !== "==" && e.op !== "!=";
        if (numeric(ka) && numeric(kb)) return "Bool";
        if (ka !== kb || enumOf(ta) !== enumOf(tb) || ka === "set") mismatch(`${path}.b`, ta, tb);
        if (ordered && ka !== "date" && ka !== "duration") mismatch(path, "a comparison of numbers or dates", ta);
        return "Bool";
      }
      case "sum": {
        if (e.xs.length < 2 || e.ops.length !== e.xs.length - 1) mismatch(`${path}.ops`, "one operator between each two terms", `${e.ops.length} for ${e.xs.length}`);
        let t = num(e.xs[0]!, `${path}.xs[0]`, hint);
        e.ops.forEach((op, i) => {
          const p = `${path}.xs[${i + 1}]`, tx = num(e.xs[i + 1]!, p, hint);
          t = resultType(op, t, tx, p);
        });
        return t;
      }
      case "and":
      case "or":
        if (e.xs.length < 2) mismatch(`${path}.xs`, "at least two conditions", String(e.xs.length));
        e.xs.forEach((x, i) => this.expectKind(this.infer(x, `${path}.xs[${i}]`, scope), ["bool"], `${path}.xs[${i}]`));
        return "Bool";
      case "not":
        this.expectKind(this.infer(e.a, `${path}.a`, scope), ["bool"], `${path}.a`);
        return "Bool";
      case "in": {
        let ta: TypeName, ts: TypeName;
        if (e.set.k === "lit" && e.set.t === undefined) {
          ta = this.infer(e.a, `${path}.a`, scope);
          ts = this.infer(e.set, `${path}.set`, scope, `set:${enumOf(ta) ?? ""}`);
        } else {
          ts = this.infer(e.set, `${path}.set`, scope);
          ta = this.infer(e.a, `${path}.a`, scope, `enum:${enumOf(ts) ?? ""}`);
        }
        this.expectKind(ts, ["set"], `${path}.set`);
        if (ta !== `enum:${enumOf(ts)}`) mismatch(`${path}.a`, `enum:${enumOf(ts)}`, ta);
        return "Bool";
      }
      case "if": {
        this.expectKind(this.infer(e.c, `${path}.c`, scope), ["bool"], `${path}.c`);
        const [ta, tb] = this.pair(e.a, e.b, path, scope, hint);
        return unify(ta, tb, hint, path);
      }
      case "above":
        if (e.ledger !== undefined) this.ledgerWrite(e.ledger, `${path}.ledger`);
        num(e.th, `${path}.th`, "Money");
        return num(e.v, `${path}.v`, hint);
      case "cap": {
        const t = num(e.v, `${path}.v`, hint);
        e.limits.forEach((l, i) => {
          const lp = `${path}.limits[${i}]`;
          this.expectKind(this.infer(l.lim, `${lp}.lim`, scope, "Limit"), ["num", "limit"], `${lp}.lim`);
          if (l.when !== undefined) this.expectKind(this.infer(l.when, `${lp}.when`, scope), ["bool"], `${lp}.when`);
          if (l.ledger !== undefined) this.ledgerWrite(l.ledger, `${lp}.ledger`);
        });
        return t;
      }
      case "atLeast": {
        const t = num(e.v, `${path}.v`, hint);
        num(e.floor, `${path}.floor`, t);
        return t;
      }
      case "bands":
        if (!env.bands.has(e.name)) unresolved("bands", e.name, `${path}.name`);
        if (e.ledger !== undefined) this.ledgerWrite(e.ledger, `${path}.ledger`);
        return num(e.v, `${path}.v`, "Money");
      case "classify": {
        const c = env.classifications.get(e.name);
        if (c === undefined) unresolved("classify", e.name, `${path}.name`);
        num(e.v, `${path}.v`, "Money");
        return `enum:${c.enum}`;
      }
      case "cumulative": {
        this.ledgerWrite(e.ledger, `${path}.ledger`, false);
        const field = ledgerType(this.env.ledger.get(e.ledger)!.def);
        const t = num(e.v, `${path}.v`, field);
        if (field === "Int" && t !== "Int") mismatch(`${path}.v`, field, t);
        return t;
      }
      case "highest": {
        const t = env.tables.get(e.table);
        if (t === undefined) unresolved("table", e.table, `${path}.table`);
        if (kindOf(t.keyType) !== "enum" || !["enum", "num", "limit"].includes(kindOf(t.valueType))) {
          mismatch(`${path}.table`, "a table from an enum to an enum or an amount", `${t.keyType} -> ${t.valueType}`);
        }
        const setType = `set:${enumOf(t.keyType)}`;
        const ts = this.infer(e.set, `${path}.set`, scope, setType);
        if (ts !== setType) mismatch(`${path}.set`, setType, ts);
        return t.valueType;
      }
      case "index": {
        const t = env.tables.get(e.table);
        if (t === undefined) unresolved("table", e.table, `${path}.table`);
        const tk = this.infer(e.key, `${path}.key`, scope, t.keyType);
        if (kindOf(t.keyType) === "num") this.expectNumber(tk, `${path}.key`);
        else if (tk !== t.keyType) mismatch(`${path}.key`, t.keyType, tk);
        return t.valueType;
      }
      case "lookup": {
        const g = env.grids.get(e.grid);
        if (g === undefined) unresolved("table", e.grid, `${path}.grid`);
        if (e.keys.length !== g.keyTypes.length) mismatch(`${path}.keys`, `${g.keyTypes.length} keys`, String(e.keys.length));
        e.keys.forEach((k, i) => {
          const want = g.keyTypes[i]!, kp = `${path}.keys[${i}]`;
          const t = this.infer(k, kp, scope, want);
          if (kindOf(want) === "num") this.expectNumber(t, kp);
          else if (t !== want) mismatch(kp, want, t);
        });
        return g.valueType;
      }
      case "call": {
        const n = e.args.length;
        if (e.fn === "count") {
          if (n !== 1) mismatch(`${path}.args`, "1 argument", String(n));
          this.expectKind(this.infer(e.args[0]!, `${path}.args[0]`, scope), ["set"], `${path}.args[0]`);
          return "Int";
        }
        if (e.fn === "round" ? n < 1 || n > 2 : n < 1) mismatch(`${path}.args`, e.fn === "round" ? "1 or 2 arguments" : "at least 1 argument", String(n));
        const types = e.args.map((a, i) => this.infer(a, `${path}.args[${i}]`, scope, hint));
        const allowed: Kind[] = e.fn === "round" ? ["num"] : ["num", "limit"];
        types.forEach((t, i) => this.expectKind(t, allowed, `${path}.args[${i}]`));
        // min ignores unlimited, so one amount among its arguments makes it an amount;
        // max of anything unlimited is unlimited
        const numeric = types.filter((t) => t !== "Limit");
        if (e.fn === "min" ? numeric.length === 0 : numeric.length < types.length) return "Limit";
        return numeric.includes("Money") ? "Money" : numeric[0]!;
      }
      case "dateAdd":
        this.expectKind(this.infer(e.a, `${path}.a`, scope), ["date"], `${path}.a`);
        return "Date";
      default:
        return unreachable(e);
    }
  }

  private literal(v: Value, t: TypeName | undefined, path: string, hint?: TypeName): TypeName {
    const enums = this.env.enums;
    const bad = (type: string): never => {
      throw new ArtifactError("BR1016", { value: quote(v), type }, `${path}.v`);
    };
    if (t !== undefined) {
      if (!isKnownType(t, enums)) throw new ArtifactError("BR1014", { found: quote(t) }, `${path}.t`);
      if (!valueFits(t, v, enums)) bad(t);
      return t;
    }
    // Without `t`, a decimal string is a plain Number: a hint must not make "5" a Rate when it
    // was meant as 5 percentage points. Hints only name enums, sets, dates and durations.
    const usable = hint !== undefined && isKnownType(hint, enums) && kindOf(hint) !== "num" && kindOf(hint) !== "limit";
    if (typeof v === "boolean") return "Bool";
    if (v === null) return "Limit";
    if (typeof v === "number") {
      if (usable && kindOf(hint) === "duration") return Number.isSafeInteger(v) ? "Duration" : bad("Duration");
      return bad("number (numbers are written as decimal strings)");
    }
    if (typeof v === "string" && isArtifactDecimal(v)) return "Number";
    if (usable && valueFits(hint, v, enums)) return hint;
    if (typeof v === "string") return isValidDate(v) ? "Date" : "Text";
    return bad(hint ?? "set");
  }
}

/** The result type of arithmetic (ir/ops.ts, the compiler's table too); none is a mismatch. */
function resultType(op: string, a: TypeName, b: TypeName, path: string): TypeName {
  const t = arithType(op, a, b);
  if (typeof t !== "string") mismatch(path, `operands that ${op} can combine`, `${a} ${op} ${b}`);
  return t;
}

/** The type of `if`: both branches of one kind; number types merge toward the declared hint. */
function unify(a: TypeName, b: TypeName, hint: TypeName | undefined, path: string): TypeName {
  const ka = kindOf(a), kb = kindOf(b);
  if (ka === "limit" || kb === "limit") {
    if ((ka === "num" || ka === "limit") && (kb === "num" || kb === "limit")) return "Limit";
  } else if (ka === kb && enumOf(a) === enumOf(b)) {
    if (a === b) return a;
    if (hint !== undefined && NUMERIC_TYPES.has(hint)) return hint;
    return a;
  }
  throw new ArtifactError("BR1019", { expected: a, found: b }, `${path}.b`);
}
