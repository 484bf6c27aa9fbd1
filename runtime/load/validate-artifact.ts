// Phase 1 of loading: the envelope (format, versions, integrity) and the JSON shape of every
// part of the artifact, so the later phases may rely on ir.ts's types. Names and types are
// resolved in check-ir.ts.
import { ARTIFACT_FORMAT, FORMAT_VERSION, type Artifact } from "../ir/artifact.ts";
import { ArtifactError, quote } from "../errors.ts";
import { integrityOf } from "./hash.ts";
import { upgradeFormat1, upgradeFormat2 } from "./upgrade.ts";
import { MAX_DEPTH } from "../ir/limits.ts";
import { ARITH_OPS, BAND_MODES, CMP_OPS, fieldsOf, FUNCTIONS, isExprKind, SUM_OPS, type FieldSpec } from "../ir/nodes.ts";
import { MAX_NAME } from "../ir/limits.ts";
import { SIGNATURE_ALG } from "./signature.ts";
import {
  arr, bool, date, decimal, decimalOrNull, doc, DOC_KEYS, int, isObject, obj, opt, sha256Ref, span, str, value,
  fail, type Json,
} from "../ir/shape.ts";

/** The compiler versions this runtime reads: semver 0.x. */
const COMPILER_VERSION = /^0\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** A name the rule set declares or refers to: a string within MAX_NAME (ir/limits.ts). */
function name(v: unknown, path: string): string {
  const s = str(v, path);
  if (s.length > MAX_NAME) throw new ArtifactError("BR1029", { max: MAX_NAME }, path);
  return s;
}

const ARTIFACT_KEYS = [
  "format", "formatVersion", "compiler", "sourceHash", "policy", "sources", "schema", "ledger", "ir", "tests", "integrity",
] as const;

export function validateArtifact(a: unknown): Artifact {
  if (!isObject(a)) throw new ArtifactError("BR1001", {});
  checkEnvelope(a);
  if (a.formatVersion === 1) upgradeFormat1(a.ir);
  if ((a.formatVersion as number) <= 2) upgradeFormat2(a);
  // a signature is checked only against trusted keys (signature.ts); here its shape
  const top = obj(a, "artifact", ARTIFACT_KEYS, ["signature"]);
  if (Object.hasOwn(top, "signature")) {
    const s = obj(top.signature, "signature", ["alg", "keyId", "sig"]);
    if (s.alg !== SIGNATURE_ALG) fail("signature.alg", `"${SIGNATURE_ALG}"`);
    str(s.keyId, "signature.keyId");
    str(s.sig, "signature.sig");
  }
  sha256Ref(top.sourceHash, "sourceHash");
  checkPolicy(top.policy);
  arr(top.sources, "sources").forEach((s, i) => {
    const o = obj(s, `sources[${i}]`, ["path", "sha256"]);
    str(o.path, `sources[${i}].path`);
    str(o.sha256, `sources[${i}].sha256`);
  });
  checkSchema(top.schema);
  checkLedger(top.ledger);
  checkProgram(top.ir);
  arr(top.tests, "tests").forEach((t, i) => checkTest(t, `tests[${i}]`));
  return a as unknown as Artifact;
}

/** Format and versions first, so a newer artifact gets the "newer format" answer, then integrity. */
function checkEnvelope(a: Json): void {
  if (a.format !== ARTIFACT_FORMAT) {
    throw new ArtifactError("BR1002", { found: quote(a.format), expected: ARTIFACT_FORMAT });
  }
  const v = a.formatVersion;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
    throw new ArtifactError("BR1004", { found: quote(v) });
  }
  if (v > FORMAT_VERSION) throw new ArtifactError("BR1003", { found: v, supported: FORMAT_VERSION });
  if (typeof a.compiler !== "string" || !COMPILER_VERSION.test(a.compiler)) {
    throw new ArtifactError("BR1005", { found: quote(a.compiler) });
  }
  if (typeof a.integrity !== "string" || !/^sha256:[0-9a-f]{64}$/.test(a.integrity)) {
    throw new ArtifactError("BR1007", {});
  }
  const computed = integrityOf(a);
  if (computed !== a.integrity) throw new ArtifactError("BR1006", { expected: a.integrity, found: computed });
}

function checkPolicy(p: unknown): void {
  const o = obj(p, "policy", ["id", "title", "region", "effective", "source"], ["ends", "section", "extends"]);
  for (const k of ["id", "title", "region", "source"]) str(o[k], `policy.${k}`);
  const from = date(o.effective, "policy.effective");
  if (Object.hasOwn(o, "ends")) {
    const to = date(o.ends, "policy.ends");
    if (to < from) {
      throw new ArtifactError("BR1027", {
        detail: `ends ${to} is before effective ${from}`, detailZh: `失效日期 ${to} 早于生效日期 ${from}`,
      }, "policy.ends");
    }
  }
  if (Object.hasOwn(o, "section")) str(o.section, "policy.section");
  if (Object.hasOwn(o, "extends")) arr(o.extends, "policy.extends").forEach((e, i) => str(e, `policy.extends[${i}]`));
}

function checkSchema(s: unknown): void {
  const o = obj(s, "schema", ["enums", "fields"]);
  arr(o.enums, "schema.enums").forEach((e, i) => {
    const p = `schema.enums[${i}]`;
    const en = obj(e, p, ["name", "members"], DOC_KEYS);
    name(en.name, `${p}.name`);
    doc(en, p);
    arr(en.members, `${p}.members`).forEach((m, j) => {
      const mo = obj(m, `${p}.members[${j}]`, ["name"], DOC_KEYS);
      name(mo.name, `${p}.members[${j}].name`);
      doc(mo, `${p}.members[${j}]`);
    });
  });
  arr(o.fields, "schema.fields").forEach((f, i) => {
    const p = `schema.fields[${i}]`;
    const fo = obj(f, p, ["name", "type", "optional"], ["default", ...DOC_KEYS]);
    name(fo.name, `${p}.name`);
    str(fo.type, `${p}.type`);
    bool(fo.optional, `${p}.optional`);
    if (Object.hasOwn(fo, "default")) value(fo.default, `${p}.default`);
    doc(fo, p);
  });
}

function checkLedger(l: unknown): void {
  const o = obj(l, "ledger", ["fields"]);
  arr(o.fields, "ledger.fields").forEach((f, i) => {
    const fo = obj(f, `ledger.fields[${i}]`, ["name"], [...DOC_KEYS, "type"]);
    name(fo.name, `ledger.fields[${i}].name`);
    if (Object.hasOwn(fo, "type") && fo.type !== "Int") throw new ArtifactError("BR1019", { expected: '"Int" (a count) or no type (Money)', found: JSON.stringify(fo.type) }, `ledger.fields[${i}].type`);
    doc(fo, `ledger.fields[${i}]`);
  });
}

/** `perClaim`: a band's edges may be expressions read per claim (their form is checked in check-ir). */
function interval(v: unknown, path: string, extra: readonly string[], perClaim = false): Json {
  const o = obj(v, path, ["lo", "loIncl", "hi", "hiIncl"], extra);
  for (const edge of ["lo", "hi"] as const) {
    const x = o[edge];
    if (perClaim && x !== null && typeof x === "object") expr(x, `${path}.${edge}`, 0);
    else decimalOrNull(x, `${path}.${edge}`);
  }
  bool(o.loIncl, `${path}.loIncl`);
  bool(o.hiIncl, `${path}.hiIncl`);
  return o;
}

function namedExpr(v: unknown, path: string): void {
  const o = obj(v, path, ["name", "type", "expr"], DOC_KEYS);
  name(o.name, `${path}.name`);
  str(o.type, `${path}.type`);
  doc(o, path);
  expr(o.expr, `${path}.expr`, 0);
}

function checkProgram(ir: unknown): void {
  const o = obj(ir, "ir", ["params", "tables", "bands", "classifications", "defines", "outputs", "alerts", "pipelines"], ["grids"]);
  arr(o.params, "ir.params").forEach((p, i) => {
    const path = `ir.params[${i}]`;
    const po = obj(p, path, ["name", "type"], [...DOC_KEYS, "value", "values"]);
    name(po.name, `${path}.name`);
    str(po.type, `${path}.type`);
    if (Object.hasOwn(po, "value") === Object.hasOwn(po, "values")) fail(path, "a param with either `value` or `values`");
    if (Object.hasOwn(po, "value")) value(po.value, `${path}.value`);
    else {
      arr(po.values, `${path}.values`).forEach((d, j) => {
        const dp = `${path}.values[${j}]`;
        const dv = obj(d, dp, ["from", "value"]);
        date(dv.from, `${dp}.from`);
        value(dv.value, `${dp}.value`);
      });
    }
    doc(po, path);
  });
  arr(o.tables, "ir.tables").forEach((t, i) => {
    const path = `ir.tables[${i}]`;
    const to = obj(t, path, ["name", "keyType", "valueType", "rows"], DOC_KEYS);
    name(to.name, `${path}.name`);
    str(to.keyType, `${path}.keyType`);
    str(to.valueType, `${path}.valueType`);
    doc(to, path);
    arr(to.rows, `${path}.rows`).forEach((r, j) => {
      const rp = `${path}.rows[${j}]`;
      const ro = obj(r, rp, ["value"], ["key", "range", "span"]);
      if (Object.hasOwn(ro, "key") === Object.hasOwn(ro, "range")) fail(rp, "a row with either `key` or `range`");
      if (Object.hasOwn(ro, "key")) name(ro.key, `${rp}.key`);
      else interval(ro.range, `${rp}.range`, []);
      value(ro.value, `${rp}.value`);
      if (Object.hasOwn(ro, "span")) span(ro.span, `${rp}.span`);
    });
  });
  if (Object.hasOwn(o, "grids")) arr(o.grids, "ir.grids").forEach((g, i) => checkGridShape(g, `ir.grids[${i}]`));
  arr(o.bands, "ir.bands").forEach((b, i) => {
    const path = `ir.bands[${i}]`;
    const bo = obj(b, path, ["name", "rows"], ["mode", ...DOC_KEYS]);
    name(bo.name, `${path}.name`);
    // artifacts written before bands had modes meant marginal (it was the only meaning)
    if (!Object.hasOwn(bo, "mode")) bo.mode = "marginal";
    oneOf(bo.mode, `${path}.mode`, BAND_MODES);
    doc(bo, path);
    arr(bo.rows, `${path}.rows`).forEach((r, j) => {
      const ro = interval(r, `${path}.rows[${j}]`, ["rate", "span"], true);
      if (!Object.hasOwn(ro, "rate")) throw new ArtifactError("BR1010", { field: "rate" }, `${path}.rows[${j}]`);
      // a constant fraction, or an expression read per claim (its form is checked in check-ir)
      if (typeof ro.rate === "string") decimal(ro.rate, `${path}.rows[${j}].rate`);
      else expr(ro.rate, `${path}.rows[${j}].rate`, 0);
      if (Object.hasOwn(ro, "span")) span(ro.span, `${path}.rows[${j}].span`);
    });
  });
  arr(o.classifications, "ir.classifications").forEach((c, i) => {
    const path = `ir.classifications[${i}]`;
    const co = obj(c, path, ["name", "enum", "rows", "otherwise"], DOC_KEYS);
    name(co.name, `${path}.name`);
    name(co.enum, `${path}.enum`);
    name(co.otherwise, `${path}.otherwise`);
    doc(co, path);
    arr(co.rows, `${path}.rows`).forEach((r, j) => {
      const rp = `${path}.rows[${j}]`;
      const ro = obj(r, rp, ["range", "member"], ["span"]);
      interval(ro.range, `${rp}.range`, []);
      name(ro.member, `${rp}.member`);
      if (Object.hasOwn(ro, "span")) span(ro.span, `${rp}.span`);
    });
  });
  arr(o.defines, "ir.defines").forEach((d, i) => namedExpr(d, `ir.defines[${i}]`));
  arr(o.outputs, "ir.outputs").forEach((d, i) => namedExpr(d, `ir.outputs[${i}]`));
  arr(o.alerts, "ir.alerts").forEach((a, i) => {
    const path = `ir.alerts[${i}]`;
    const ao = obj(a, path, ["name", "when"], DOC_KEYS);
    name(ao.name, `${path}.name`);
    doc(ao, path);
    expr(ao.when, `${path}.when`, 0);
  });
  arr(o.pipelines, "ir.pipelines").forEach((p, i) => {
    const path = `ir.pipelines[${i}]`;
    const po = obj(p, path, ["name", "on", "layers", "leaves"], DOC_KEYS);
    name(po.name, `${path}.name`);
    doc(po, path);
    expr(po.on, `${path}.on`, 0);
    arr(po.layers, `${path}.layers`).forEach((l, j) => namedExpr(l, `${path}.layers[${j}]`));
    const lo = obj(po.leaves, `${path}.leaves`, ["name"], DOC_KEYS);
    name(lo.name, `${path}.leaves.name`);
    doc(lo, `${path}.leaves`);
  });
}

function checkGridShape(g: unknown, path: string): void {
  const go = obj(g, path, ["name", "keyTypes", "valueType", "rows"], DOC_KEYS);
  name(go.name, `${path}.name`);
  arr(go.keyTypes, `${path}.keyTypes`).forEach((t, i) => str(t, `${path}.keyTypes[${i}]`));
  str(go.valueType, `${path}.valueType`);
  doc(go, path);
  arr(go.rows, `${path}.rows`).forEach((r, j) => {
    const rp = `${path}.rows[${j}]`;
    const ro = obj(r, rp, ["keys", "value"], ["span"]);
    arr(ro.keys, `${rp}.keys`).forEach((m, i) => {
      const kp = `${rp}.keys[${i}]`;
      if (!isObject(m) || Object.keys(m).length !== 1) fail(kp, "one of `any`, `members` or `range`");
      const mo = obj(m, kp, [], ["any", "members", "range"]);
      if (Object.hasOwn(mo, "any") && mo.any !== true) fail(`${kp}.any`, "true");
      if (Object.hasOwn(mo, "members")) arr(mo.members, `${kp}.members`).forEach((x, k) => name(x, `${kp}.members[${k}]`));
      if (Object.hasOwn(mo, "range")) interval(mo.range, `${kp}.range`, []);
    });
    value(ro.value, `${rp}.value`);
    if (Object.hasOwn(ro, "span")) span(ro.span, `${rp}.span`);
  });
}

/** One expression node, its fields as ir/nodes.ts declares them. */
function expr(v: unknown, path: string, depth: number): void {
  if (depth > MAX_DEPTH) throw new ArtifactError("BR1025", {}, path);
  if (!isObject(v)) fail(path, "object");
  if (!Object.hasOwn(v, "k")) throw new ArtifactError("BR1010", { field: "k" }, path);
  const k = v.k;
  if (!isExprKind(k)) throw new ArtifactError("BR1013", { found: quote(k) }, path);
  const fields = fieldsOf(k);
  const required = fields.filter(([, spec]) => !spec.endsWith("?")).map(([f]) => f);
  const optional = fields.filter(([, spec]) => spec.endsWith("?")).map(([f]) => f);
  const o = obj(v, path, ["k", ...required], ["t", "s", ...optional]);
  if (Object.hasOwn(o, "t")) str(o.t, `${path}.t`);
  if (Object.hasOwn(o, "s")) span(o.s, `${path}.s`);
  for (const [f, spec] of fields) {
    if (Object.hasOwn(o, f)) field(o[f], spec, `${path}.${f}`, depth);
  }
}

function oneOf(v: unknown, path: string, allowed: readonly string[]): void {
  if (typeof v !== "string" || !allowed.includes(v)) fail(path, `one of ${allowed.join(" ")}`);
}

function field(v: unknown, spec: FieldSpec, path: string, depth: number): void {
  switch (spec) {
    case "expr":
      return expr(v, path, depth + 1);
    case "exprs":
      if (arr(v, path).length === 0) fail(path, "a non-empty array");
      return (v as unknown[]).forEach((x, i) => expr(x, `${path}[${i}]`, depth + 1));
    case "args":
      return arr(v, path).forEach((x, i) => expr(x, `${path}[${i}]`, depth + 1));
    case "limits":
      if (arr(v, path).length === 0) fail(path, "a non-empty array");
      return (v as unknown[]).forEach((l, i) => {
        const lp = `${path}[${i}]`;
        const lo = obj(l, lp, ["lim"], ["ledger", "when", "perClaim", "left"]);
        expr(lo.lim, `${lp}.lim`, depth + 1);
        if (Object.hasOwn(lo, "perClaim")) field(lo.perClaim, "flag?", `${lp}.perClaim`, depth);
        if (Object.hasOwn(lo, "left")) field(lo.left, "flag?", `${lp}.left`, depth);
        if (Object.hasOwn(lo, "ledger")) name(opt(lo, "ledger"), `${lp}.ledger`);
        if (Object.hasOwn(lo, "when")) expr(lo.when, `${lp}.when`, depth + 1);
      });
    case "value":
      return value(v, path);
    case "name":
    case "ledger":
    case "ledger?":
      return void name(v, path);
    case "arithOp":
      return oneOf(v, path, ARITH_OPS);
    case "sumOps":
      return arr(v, path).forEach((x, i) => oneOf(x, `${path}[${i}]`, SUM_OPS));
    case "cmpOp":
      return oneOf(v, path, CMP_OPS);
    case "fn":
      return oneOf(v, path, FUNCTIONS);
    case "months":
      return void int(v, path);
    case "flag?":
      if (v !== true) fail(path, "true");
      return;
  }
}

function checkTest(t: unknown, path: string): void {
  const o = obj(t, path, ["name", "given", "ledger", "claims"], ["span", "date"]);
  name(o.name, `${path}.name`);
  if (Object.hasOwn(o, "span")) span(o.span, `${path}.span`);
  if (Object.hasOwn(o, "date")) date(o.date, `${path}.date`);
  values(o.given, `${path}.given`);
  decimals(o.ledger, `${path}.ledger`);
  arr(o.claims, `${path}.claims`).forEach((c, i) => {
    const cp = `${path}.claims[${i}]`;
    const co = obj(c, cp, ["given", "expect", "alerts", "noAlerts"], ["span", "defines", "ledger", "date"]);
    if (Object.hasOwn(co, "date")) date(co.date, `${cp}.date`);
    values(co.given, `${cp}.given`);
    values(co.expect, `${cp}.expect`);
    if (Object.hasOwn(co, "defines")) values(co.defines, `${cp}.defines`);
    if (Object.hasOwn(co, "ledger")) decimals(co.ledger, `${cp}.ledger`);
    arr(co.alerts, `${cp}.alerts`).forEach((a, j) => str(a, `${cp}.alerts[${j}]`));
    arr(co.noAlerts, `${cp}.noAlerts`).forEach((a, j) => str(a, `${cp}.noAlerts[${j}]`));
    if (Object.hasOwn(co, "span")) span(co.span, `${cp}.span`);
  });
}

/** Ledger values: decimal strings by field. */
function decimals(v: unknown, path: string): void {
  if (!isObject(v)) fail(path, "object");
  for (const [k, x] of Object.entries(v)) decimal(x, `${path}.${k}`);
}

function values(v: unknown, path: string): void {
  if (!isObject(v)) fail(path, "object");
  for (const [k, x] of Object.entries(v)) value(x, `${path}.${k}`);
}
