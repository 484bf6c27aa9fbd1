// Every runtime error code, produced: one case per code, each naming what triggers it and
// checking where the error points (the claim's field or the artifact's path) and that both
// languages word it with every placeholder filled. The last test sees what the cases
// produced and fails on a registered code none produced (as compiler/golden.test.ts does
// for the BL codes). A code nothing can produce leaves the registry.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ERROR_CODES, BylawError, RuleBook, createBatch, importTrustedKey, keyIdOf, loadRuleSet, renderRuntimeError, signedMessage,
  tryLoadRuleSet, verifyArtifact,
  type ErrorCode, type RuntimeError,
} from "../runtime/index.ts";
import { FORMAT_VERSION, type Artifact, type Expr, type InputField, type TypeName } from "../runtime/ir/artifact.ts";
import { D } from "../runtime/ir/decimal.ts";
import { build, dongying, input, lit, money, seal, xpcc } from "../runtime/tests/fixtures.ts";
import { csvSource, settleJsonLine } from "../cli/batch-sources.ts";
import { checkHeader } from "../runtime/batch/batch.ts";
import { readLedgerLine } from "../runtime/batch/ledger-file.ts";
import { generateKeyPairSync, sign } from "node:crypto";
import { planDiff } from "../analysis/diff/versions.ts";
import { ruleSetOf as version } from "../analysis/diff/tests/fixtures.ts";
import { readClaim, type ReadClaim } from "../serve/claim.ts";
import { settleRead } from "../serve/server.ts";
import { openSqliteStore } from "../serve/store/sqlite.ts";

interface Case {
  code: ErrorCode;
  what: string;
  /** where the error must point */
  where?: { field?: string; path?: string };
  run(): RuntimeError[] | Promise<RuntimeError[]>;
}

/** The error of an opening ledger line that must be refused. */
function ledgerLine(text: string, fields?: ReadonlyMap<string, "Money" | "Int">): RuntimeError[] {
  const r = readLedgerLine(text, 3, "xpcc.assistance", fields);
  if (r === undefined || !("code" in r)) throw new Error("read, but should have been refused");
  return [r];
}

/** The load error of an artifact that must be refused. */
function refused(a: unknown): RuntimeError[] {
  const r = tryLoadRuleSet(a);
  if (r.ok) throw new Error("loaded, but should have been refused");
  return [r.error];
}

/** xpcc's artifact changed by `edit`, sealed again unless `reseal` is false. */
function xpccWith(edit: (a: any) => void, reseal = true): Artifact {
  const a = structuredClone(xpcc());
  edit(a);
  return reseal ? seal(a) : a;
}

function dongyingWith(edit: (a: any) => void): Artifact {
  const a = structuredClone(dongying());
  edit(a);
  return seal(a);
}

/** The refusal of `artifact` against the trusted public keys given as PEM. */
async function untrusted(artifact: unknown, pems: string[]): Promise<RuntimeError[]> {
  const v = await verifyArtifact(artifact, await Promise.all(pems.map(importTrustedKey)));
  if (v.ok) throw new Error("verified, but should have been refused");
  return [v.error];
}

const me = generateKeyPairSync("ed25519"), stranger = generateKeyPairSync("ed25519");
const pem = (k: typeof me) => k.publicKey.export({ type: "spki", format: "pem" }) as string;
function signedBy(k: typeof me, a: Artifact): Artifact {
  const keyId = keyIdOf(k.publicKey.export({ type: "spki", format: "der" }));
  return { ...a, signature: { alg: "Ed25519", keyId, sig: sign(null, signedMessage(a.integrity), k.privateKey).toString("base64") } };
}

/** The errors of one CSV record under the header person,date,类别,自付. */
function batchRow(cells: string[]): RuntimeError[] {
  const row = createBatch(rs).columns(["person", "date", "类别", "自付"])(cells, 2);
  return row.errors ?? [];
}

/** The errors of the rows of a CSV file read as the CLI reads it. */
function batchText(text: string): RuntimeError[] {
  const source = csvSource(createBatch(rs));
  return [...source.push(text), ...source.end("")].flatMap((r) => r.errors ?? []);
}

/** The errors of a claim that must not settle. */
function rejected(r: ReturnType<RuleBook["evaluate"]>): RuntimeError[] {
  if (r.ok) throw new Error("settled, but should have been refused");
  return r.errors;
}

function thrown(f: () => unknown): RuntimeError[] {
  try {
    f();
  } catch (e) {
    if (e instanceof BylawError) return [e];
    throw e;
  }
  throw new Error("did not throw");
}

const field = (name: string, type: TypeName): InputField => ({ name, type, optional: false, label: name });

/** A rule set with one output `x` computed by `expr` from the given inputs. */
function oneOutput(type: TypeName, expr: Expr, fields: InputField[], ledger: string[] = []) {
  return loadRuleSet(build({ fields, ledger, ir: { outputs: [{ name: "x", type, expr }] } }));
}

const rs = loadRuleSet(xpcc());
/** The errors the server finds in a settle body, before any transaction. */
function served(body: Record<string, unknown>): RuntimeError[] {
  const r = readClaim(new RuleBook([rs]), body);
  if (r.ok) throw new Error("read, but should have been refused");
  return r.errors;
}

function readOk(body: Record<string, unknown>): ReadClaim {
  const r = readClaim(new RuleBook([rs]), body);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.read;
}
const claim = { 类别: "第三类", 自付: "100" };
const v2022 = loadRuleSet(xpcc({ policy: { effective: "2022-07-25", ends: "2023-12-31" } }));
const from2023 = loadRuleSet(xpcc({ policy: { effective: "2023-06-01" } }));
const checks = loadRuleSet(build({
  enums: [{ name: "身份", members: [{ name: "低保" }, { name: "特困" }] }],
  fields: [field("年龄", "Int"), field("身份", "set:身份"), field("备注", "Text"), field("比例", "Rate")],
}));
const valid = { 年龄: 1, 身份: [], 备注: "", 比例: "0.7" };
const amount = (name: string): Expr => ({ ...input(name), t: "Money" });
const minus = (a: Expr, b: Expr): Expr => ({ k: "arith", op: "-", a, b, t: "Money" });

const cases: Case[] = [
  // ── the artifact ──
  { code: "BR1001", what: "null instead of an artifact", run: () => refused(null) },
  { code: "BR1002", what: "another format's name", run: () => refused({ format: "something.else" }) },
  { code: "BR1003", what: "a format version newer than the runtime's", run: () => refused({ ...xpcc(), formatVersion: FORMAT_VERSION + 1 }) },
  { code: "BR1004", what: "format version \"1\" (a string)", run: () => refused({ ...xpcc(), formatVersion: "1" }) },
  { code: "BR1005", what: "compiler 1.0.0", run: () => refused(xpccWith((a) => (a.compiler = "1.0.0"))) },
  { code: "BR1006", what: "a figure changed after sealing", run: () => refused(xpccWith((a) => (a.ir.tables[1].rows[2].value = "0.75"), false)) },
  { code: "BR1007", what: "an md5 integrity", run: () => refused({ ...xpcc(), integrity: "md5:abc" }) },
  { code: "BR1010", what: "a literal without its value", where: { path: "ir.outputs[0].expr" }, run: () => refused(xpccWith((a) => delete a.ir.outputs[0].expr.v)) },
  { code: "BR1011", what: "an extra field `code` on a node", where: { path: "ir.outputs[0].expr" }, run: () => refused(xpccWith((a) => (a.ir.outputs[0].expr.code = "x"))) },
  { code: "BR1012", what: "outputs as an object", where: { path: "ir.outputs" }, run: () => refused(xpccWith((a) => (a.ir.outputs = {}))) },
  { code: "BR1013", what: "node kind `exec`", where: { path: "ir.defines[0].expr.b" }, run: () => refused(xpccWith((a) => (a.ir.defines[0].expr.b.k = "exec"))) },
  { code: "BR1014", what: "type `Yuan`", where: { path: "schema.fields[2].type" }, run: () => refused(xpccWith((a) => (a.schema.fields[2].type = "Yuan"))) },
  { code: "BR1015", what: "an undeclared ledger field", where: { path: "ir.outputs[0].expr.limits[0].ledger" }, run: () => refused(xpccWith((a) => (a.ir.outputs[0].expr.limits[0].ledger = "已付"))) },
  { code: "BR1016", what: "the amount `2,000`", where: { path: "ir.tables[0].rows[2].value" }, run: () => refused(xpccWith((a) => (a.ir.tables[0].rows[2].value = "2,000"))) },
  { code: "BR1017", what: "a band whose upper bound is below its lower", run: () => refused(dongyingWith((a) => (a.ir.bands[0].rows[0].hi = "10000"))) },
  { code: "BR1018", what: "bands in reverse order", run: () => refused(dongyingWith((a) => a.ir.bands[0].rows.reverse())) },
  { code: "BR1019", what: "Bool compared with Money", where: { path: "ir.alerts[0].when.xs[1]" }, run: () => refused(xpccWith((a) => (a.ir.alerts[0].when.xs[1] = { k: "input", name: "自付" }))) },
  { code: "BR1020", what: "table key 第三类 twice", where: { path: "ir.tables[0].rows[3].key" }, run: () => refused(xpccWith((a) => (a.ir.tables[0].rows[3].key = "第三类"))) },
  { code: "BR1022", what: "ledger 已救助 written twice", run: () => refused(xpccWith((a) => (a.ir.defines[1].expr.ledger = "已救助"))) },
  { code: "BR1023", what: "`remaining` in an output", where: { path: "ir.outputs[0].expr.v.a.v" }, run: () => refused(xpccWith((a) => (a.ir.outputs[0].expr.v.a.v = { k: "remaining" }))) },
  { code: "BR1024", what: "a define reading a later one", where: { path: "ir.defines[0].expr" }, run: () => refused(xpccWith((a) => (a.ir.defines[0].expr = { k: "def", name: "年度累计" }))) },
  {
    code: "BR1025", what: "a sum nested 300 deep",
    run: () => {
      let deep: Expr = money("1");
      for (let i = 0; i < 300; i++) deep = { k: "arith", op: "+", a: deep, b: money("1") };
      return refused(build({ ir: { outputs: [{ name: "x", type: "Money", expr: deep }] } }));
    },
  },
  {
    code: "BR1036", what: "a layer reading its own pipeline's leaves", where: { path: "ir.pipelines[0]" },
    run: () => refused(build({
      fields: [{ name: "自付", type: "Money", optional: false }],
      ir: { pipelines: [{ name: "结算", on: input("自付"), layers: [{ name: "救助", type: "Money", expr: { k: "layer", name: "个人负担" } }], leaves: { name: "个人负担" } }] },
    })),
  },
  { code: "BR1037", what: "an output reading a ledger field", where: { path: "ir.outputs[0].expr" }, run: () => refused(xpccWith((a) => (a.ir.outputs[0].expr = { k: "balance", name: "已救助" }))) },
  { code: "BR1026", what: "versions from 2022-07-25 to 2023-12-31 and from 2023-06-01", run: () => thrown(() => new RuleBook([v2022, from2023])) },
  { code: "BR1027", what: "a policy ending before it takes effect", where: { path: "policy.ends" }, run: () => refused(xpccWith((a) => (a.policy.ends = "2021-01-01"))) },
  { code: "BR1028", what: "a function inside the artifact (not JSON data)", run: () => refused({ ...xpcc(), format: () => "bylaw" }) },
  { code: "BR1029", what: "an enum member named with 1001 characters", where: { path: "schema.enums[0].members[0].name" }, run: () => refused(xpccWith((a) => (a.schema.enums[0].members[0].name = "甲".repeat(1001)))) },
  { code: "BR1030", what: "an unsigned artifact where a key is trusted", run: () => untrusted(xpcc(), [pem(me)]) },
  { code: "BR1031", what: "a signature that is not an object", run: () => untrusted({ ...xpcc(), signature: "yes" }, [pem(me)]) },
  { code: "BR1032", what: "an artifact signed by a key not trusted here", run: () => untrusted(signedBy(stranger, xpcc()), [pem(me)]) },
  {
    code: "BR1033", what: "a signed artifact whose rates were raised and seal recomputed",
    run: () => {
      const a = signedBy(me, xpcc());
      const { signature, ...rest } = xpccWith((x) => (x.ir.tables[1].rows[2].value = "0.99"));
      void signature;
      return untrusted({ ...rest, signature: a.signature }, [pem(me)]);
    },
  },
  {
    code: "BR1034", what: "a platform without WebCrypto",
    run: async () => {
      const keys = [await importTrustedKey(pem(me))];
      vi.spyOn(globalThis, "crypto", "get").mockReturnValue(undefined as unknown as Crypto);
      const v = await verifyArtifact(signedBy(me, xpcc()), keys);
      return v.ok ? [] : [v.error];
    },
  },
  { code: "BR1035", what: "a private key given as the trusted key", run: async () => {
    try {
      await importTrustedKey(me.privateKey.export({ type: "pkcs8", format: "pem" }) as string);
    } catch (e) {
      if (e instanceof BylawError) return [e];
      throw e;
    }
    throw new Error("imported a private key");
  } },
  {
    code: "BR1040", what: "a dated param whose first value is in force only after the effective date", where: { path: "ir.params[0].values[0].from" },
    run: () => refused(xpccWith((a) => a.ir.params.push({ name: "人均", type: "Money", values: [{ from: "2030-01-01", value: "40000" }] }))),
  },
  // ── two versions compared (`bylaw diff`) ──
  { code: "BR1050", what: "住院 a Bool in the old version and Text in the new", run: () => thrown(() => planDiff(version({ inputs: `  住院: Bool "住院" = true` }), version({ inputs: `  住院: Text "住院" = "是"` }))) },
  { code: "BR1051", what: "住院天数 required by the old version only", run: () => thrown(() => planDiff(version({ inputs: `  住院天数: Int "住院天数"` }), version())) },
  { code: "BR1052", what: "住院天数 required by the new version only", run: () => thrown(() => planDiff(version(), version({ inputs: `  住院天数: Int "住院天数"` }))) },
  { code: "BR1053", what: "gain judged by 类别, an enum", run: () => thrown(() => planDiff(version(), version(), "类别")) },
  // ── a batch's header and rows ──
  { code: "BR2100", what: "a header without `person`", run: () => thrown(() => checkHeader(["date", "类别", "自付"])) },
  { code: "BR2101", what: "a header naming 自付 twice", run: () => thrown(() => checkHeader(["person", "date", "自付", "自付"])) },
  { code: "BR2102", what: "a header with an unnamed column", run: () => thrown(() => checkHeader(["person", "date", ""])) },
  // GBK bytes read as UTF-8 keep each unreadable byte as a lone surrogate (cli/batch-decode.ts)
  { code: "BR2108", what: "a header in another encoding (GBK read as UTF-8)", run: () => thrown(() => checkHeader(["person", "date", "\udcc9\udced\udcb7\udcdd"])) },
  { code: "BR2103", what: "an unquoted 12,000 (one cell too many)", where: { field: "" }, run: () => batchRow(["张三", "2022-08-01", "第三类", "12", "000"]) },
  { code: "BR2104", what: "an empty person", where: { field: "person" }, run: () => batchRow(["", "2022-08-01", "第三类", "12000"]) },
  { code: "BR2105", what: "a date that is not a day", where: { field: "date" }, run: () => batchRow(["张三", "2022-02-30", "第三类", "12000"]) },
  { code: "BR2106", what: "a person id with a byte the encoding could not read", where: { field: "person" }, run: () => batchRow(["张\udcff三", "2022-08-01", "第三类", "12000"]) },
  { code: "BR2107", what: "a quoted cell never closed", where: { field: "" }, run: () => batchText('person,date,类别,自付\n张三,2022-08-01,第三类,"12000\n') },
  // ── a batch's opening ledger file ──
  { code: "BR2110", what: "a ledger line that is not JSON", where: { field: "" }, run: () => ledgerLine("{person") },
  { code: "BR2111", what: "a ledger line with a number as its person", where: { field: "person" }, run: () => ledgerLine('{"person":7,"year":2022,"values":{}}') },
  { code: "BR2112", what: "a ledger of year 0", where: { field: "year" }, run: () => ledgerLine('{"person":"张三","year":0,"values":{}}') },
  { code: "BR2113", what: "a ledger value that is not money", where: { field: "values.已救助" }, run: () => ledgerLine('{"person":"张三","year":2022,"values":{"已救助":"1.001"}}') },
  {
    code: "BR2114", what: "张三's 2022 ledger listed twice", where: { field: "person" }, run: () => {
      const batch = createBatch(rs);
      expect(batch.open("张三", { year: 2022, values: {} }, 1)).toBeUndefined();
      return [batch.open("张三", { year: 2022, values: {} }, 2)!];
    },
  },
  { code: "BR2116", what: "a ledger line with a field no version declares", where: { field: "values.已救助额" }, run: () => ledgerLine('{"person":"张三","year":2022,"values":{"已救助额":"5"}}', new Map([["已救助", "Money"]])) },
  { code: "BR2115", what: "a ledger line of another policy", where: { field: "policy" }, run: () => ledgerLine('{"person":"张三","year":2022,"values":{},"policy":{"id":"other","effective":"2020-01-01"}}') },
  // ── claims settled by a server on the ledgers it keeps ──
  { code: "BR2120", what: "a claim sent to the server without a person", where: { field: "person" }, run: () => served({ claim: "c1", date: "2022-08-01", input: claim }) },
  {
    code: "BR2121", what: "a claim id settled before, sent again with another input", where: { field: "claim" }, run: async () => {
      const service = { catalog: { books: new Map(), files: new Map(), refused: [] }, store: await openSqliteStore(":memory:") };
      const body = { person: "张三", claim: "c1", date: "2022-08-01", input: claim };
      expect((await settleRead(service, readOk(body))).status).toBe(200);
      const again = await settleRead(service, readOk({ ...body, input: { ...claim, 自付: "200" } }));
      expect(again.status).toBe(409);
      return (again.body as { errors: RuntimeError[] }).errors;
    },
  },
  // ── claim input, ledger, date ──
  { code: "BR2000", what: "a JSONL row that is not JSON", where: { field: "" }, run: () => settleJsonLine(createBatch(rs), "{not json", 1)!.errors! },
  { code: "BR2001", what: "an array as the claim", where: { field: "" }, run: () => rejected(rs.evaluate([claim])) },
  { code: "BR2002", what: "自付 left out", where: { field: "自付" }, run: () => rejected(rs.evaluate({ 类别: "第三类" })) },
  { code: "BR2003", what: "an unknown field 多余", where: { field: "多余" }, run: () => rejected(rs.evaluate({ ...claim, 多余: 1 })) },
  { code: "BR2004", what: "南疆 as the text 否", where: { field: "南疆" }, run: () => rejected(rs.evaluate({ ...claim, 南疆: "否" })) },
  { code: "BR2005", what: "自付 `12,000`", where: { field: "自付" }, run: () => rejected(rs.evaluate({ ...claim, 自付: "12,000" })) },
  { code: "BR2006", what: "自付 0.001", where: { field: "自付" }, run: () => rejected(rs.evaluate({ ...claim, 自付: "0.001" })) },
  { code: "BR2007", what: "自付 −5", where: { field: "自付" }, run: () => rejected(rs.evaluate({ ...claim, 自付: "-5" })) },
  { code: "BR2008", what: "自付 NaN", where: { field: "自付" }, run: () => rejected(rs.evaluate({ ...claim, 自付: Number.NaN })) },
  { code: "BR2009", what: "a 10 001-character note", where: { field: "备注" }, run: () => rejected(checks.evaluate({ ...valid, 备注: "x".repeat(10_001) })) },
  { code: "BR2010", what: "年龄 5.5", where: { field: "年龄" }, run: () => rejected(checks.evaluate({ ...valid, 年龄: 5.5 })) },
  { code: "BR2011", what: "the date 2023-02-29", where: { field: "date" }, run: () => rejected(rs.evaluate(claim, undefined, { date: "2023-02-29" })) },
  { code: "BR2012", what: "类别 第五类", where: { field: "类别" }, run: () => rejected(rs.evaluate({ ...claim, 类别: "第五类" })) },
  { code: "BR2013", what: "低保 twice in a set", where: { field: "身份" }, run: () => rejected(checks.evaluate({ ...valid, 身份: ["低保", "低保"] })) },
  { code: "BR2018", what: "自付 as a JSON number of 16 digits", where: { field: "自付" }, run: () => rejected(rs.evaluate({ ...claim, 自付: 99999999999999.99 })) },
  { code: "BR2014", what: "自付 of 16 digits", where: { field: "自付" }, run: () => rejected(rs.evaluate({ ...claim, 自付: "9999999999999999" })) },
  { code: "BR2016", what: "a Rate of 85 (meant 85 %)", where: { field: "比例" }, run: () => rejected(checks.evaluate({ ...valid, 比例: "85" })) },
  { code: "BR2017", what: "a Rate written 85%", where: { field: "比例" }, run: () => rejected(checks.evaluate({ ...valid, 比例: "85%" })) },
  { code: "BR2020", what: "a ledger that is a string", where: { field: "ledger" }, run: () => rejected(rs.evaluate(claim, "2022" as never)) },
  { code: "BR2022", what: "a 2023 ledger for a 2022 claim", where: { field: "ledger.year" }, run: () => rejected(rs.evaluate(claim, { year: 2023, values: {} }, { date: "2022-08-01" })) },
  { code: "BR2023", what: "a rule book asked without a date", where: { field: "date" }, run: () => rejected(new RuleBook([v2022]).evaluate(claim)) },
  { code: "BR2024", what: "a claim before the policy takes effect", where: { field: "date" }, run: () => rejected(rs.evaluate(claim, undefined, { date: "2022-07-24" })) },
  { code: "BR2025", what: "a rule book with nothing in force in 2020", where: { field: "date" }, run: () => rejected(new RuleBook([v2022]).evaluate(claim, undefined, { date: "2020-01-01" })) },
  { code: "BR2026", what: "a ledger of year 0", where: { field: "ledger.year" }, run: () => rejected(rs.evaluate(claim, { year: 0, values: {} }, { date: "2022-08-01" })) },
  { code: "BR2028", what: "a ledger field this policy does not declare", where: { field: "ledger.values.已救助额" }, run: () => rejected(rs.evaluate(claim, { year: 2022, values: { 已救助额: "5" } }, { date: "2022-08-01" })) },
  { code: "BR2027", what: "a ledger written under another policy", where: { field: "ledger.policy" }, run: () => rejected(rs.evaluate(claim, { policy: { id: "other.policy", effective: "2020-01-01" }, year: 2022, values: {} }, { date: "2022-08-01" })) },
  {
    code: "BR2099", what: "150 unknown fields (100 are listed)", where: { field: "" },
    run: () => {
      const errors = rejected(rs.evaluate({ ...claim, ...Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`多余${i}`, 1])) }));
      expect(errors).toHaveLength(101);
      expect(errors.at(-1)!.args).toEqual({ count: 50 });
      return errors;
    },
  },
  // ── applying the rules ──
  {
    code: "BR3001", what: "a range table from 1 without a row for 0", where: { field: "x" },
    run: () => {
      const a = build({
        fields: [field("年龄", "Int")],
        ir: {
          tables: [{ name: "比例", keyType: "Int", valueType: "Rate", rows: [{ range: { lo: "1", loIncl: true, hi: null, hiIncl: false }, value: "0.5" }] }],
          outputs: [{ name: "x", type: "Rate", expr: { k: "index", table: "比例", key: { ...input("年龄"), t: "Int" }, t: "Rate" } }],
        },
      });
      return rejected(loadRuleSet(a).evaluate({ 年龄: 0 }));
    },
  },
  {
    code: "BR3002", what: "a Number divided by an input of 0", where: { field: "x" },
    run: () => rejected(oneOutput("Number", { k: "arith", op: "/", a: lit("1", "Number"), b: { ...input("n"), t: "Number" }, t: "Number" }, [field("n", "Number")]).evaluate({ n: "0" })),
  },
  {
    code: "BR3003", what: "a negative difference added to a ledger field", where: { field: "x" },
    run: () => rejected(oneOutput("Money", { k: "cumulative", v: minus(amount("a"), amount("b")), ledger: "累计", t: "Money" }, [field("a", "Money"), field("b", "Money")], ["累计"]).evaluate({ a: "1", b: "2" })),
  },
  {
    code: "BR3004", what: "`highest` over an empty set", where: { field: "x" },
    run: () => {
      const a = build({
        enums: [{ name: "身份", members: [{ name: "低保" }] }, { name: "档次", members: [{ name: "一档" }] }],
        fields: [field("身份", "set:身份")],
        ir: {
          tables: [{ name: "档次表", keyType: "enum:身份", valueType: "enum:档次", rows: [{ key: "低保", value: "一档" }] }],
          outputs: [{ name: "x", type: "enum:档次", expr: { k: "highest", table: "档次表", set: { ...input("身份"), t: "set:身份" }, t: "enum:档次" } }],
        },
      });
      return rejected(loadRuleSet(a).evaluate({ 身份: [] }));
    },
  },
  {
    code: "BR3005", what: "rounding to a unit of 0 yuan from the input", where: { field: "x" },
    run: () => rejected(oneOutput("Money", { k: "call", fn: "round", args: [amount("a"), amount("unit")], t: "Money" }, [field("a", "Money"), field("unit", "Money")]).evaluate({ a: "1", unit: "0" })),
  },
  {
    code: "BR3006", what: "9999-12-01 moved on by a month", where: { field: "x" },
    run: () => rejected(oneOutput("Date", { k: "dateAdd", a: { ...input("d"), t: "Date" }, months: 1, t: "Date" }, [field("d", "Date")]).evaluate({ d: "9999-12-01" })),
  },
  {
    code: "BR3007", what: "a band edge read from the claim past the next band's start", where: { field: "x" },
    run: () => {
      const rows = [
        { lo: "0", loIncl: true, hi: amount("edge"), hiIncl: false, rate: "0.5" },
        { lo: "10", loIncl: true, hi: null, hiIncl: false, rate: "0.6" },
      ];
      const ruleSet = loadRuleSet(build({
        fields: [field("a", "Money"), field("edge", "Money")],
        ir: { bands: [{ name: "b", mode: "marginal", rows }], outputs: [{ name: "x", type: "Money", expr: { k: "bands", name: "b", v: amount("a"), t: "Money" } }] },
      }));
      expect(ruleSet.evaluate({ a: "20", edge: "10" }).ok).toBe(true);
      return rejected(ruleSet.evaluate({ a: "20", edge: "15" }));
    },
  },
  {
    code: "BR3008", what: "a cap computed below 0 (5000元 − 1000元 × 年数, 30 years)", where: { field: "x" },
    run: () => {
      const limit = minus(amount("base"), amount("less"));
      const ruleSet = oneOutput("Money", { k: "cap", v: amount("a"), limits: [{ lim: limit }], t: "Money" }, [field("a", "Money"), field("base", "Money"), field("less", "Money")]);
      expect(ruleSet.evaluate({ a: "20000", base: "5000", less: "4000" })).toMatchObject({ ok: true, outputs: { x: "1000.00" } });
      return rejected(ruleSet.evaluate({ a: "20000", base: "5000", less: "30000" }));
    },
  },
  {
    code: "BR3999", what: "an exception no rule expects (decimal.js failing inside an output)", where: { field: "救助金" },
    run: () => {
      vi.spyOn(Object.getPrototypeOf(new D(0)), "times").mockImplementation(() => {
        throw new Error("simulated failure");
      });
      const errors = rejected(rs.evaluate(claim, undefined, { trace: true }));
      expect(errors[0]!.args).toEqual({ detail: "simulated failure" });
      return errors;
    },
  },
];

const produced = new Set<string>();

describe("runtime error codes", () => {
  afterEach(() => vi.restoreAllMocks());

  for (const c of cases) {
    it(`${c.code}: ${c.what}`, async () => {
      const errors = await c.run();
      const e = errors.find((x) => x.code === c.code);
      expect(e, `produced ${errors.map((x) => x.code).join(", ")}`).toBeDefined();
      produced.add(c.code);
      if (c.where?.field !== undefined) expect(e!.field).toBe(c.where.field);
      if (c.where?.path !== undefined) expect(e!.path).toBe(c.where.path);
      for (const lang of ["en", "zh"] as const) expect(renderRuntimeError(e!, lang)).not.toMatch(/\{\w+\}/);
    });
  }

  // Tests in a file run in order: this one sees what every case above produced.
  it("produces every registered code in some case", () => {
    expect(ERROR_CODES.filter((c) => !produced.has(c))).toEqual([]);
  });
});

describe("the runtime's registry", () => {
  it("words every code in English and Chinese from the same arguments", () => {
    const placeholders = (code: ErrorCode, lang: "en" | "zh") =>
      [...renderRuntimeError({ code, args: {} }, lang).matchAll(/\{(\w+?)(?:Zh)?\}/g)].map((m) => m[1]).sort();
    for (const code of ERROR_CODES) {
      expect(code).toMatch(/^BR[123]\d{3}$/);
      expect(renderRuntimeError({ code, args: {} }, "zh"), code).not.toBe(renderRuntimeError({ code, args: {} }, "en"));
      expect(placeholders(code, "zh"), code).toEqual(placeholders(code, "en"));
    }
  });
});
