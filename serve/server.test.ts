// `bylaw serve` against a real server on 127.0.0.1 (a free port): the routes, a claim settled
// to the hand-computed figure, every error of bad input with its code in both languages,
// unknown policies and routes, oversized and broken bodies, versions chosen by date.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeys, signArtifact } from "../cli/signing.ts";
import { compile } from "../compiler/index.ts";
import { seedHost } from "../tests/support/seeds.ts";
import { startServe } from "../tests/support/serve-process.ts";
import type { AddressInfo } from "node:net";
import { request as httpRequest, type Server } from "node:http";
import { loadCatalog } from "./catalog.ts";
import { createBylawServer, MAX_BODY } from "./server.ts";
import { openSqliteStore } from "./store/sqlite.ts";

let server: Server;
let base = "";

beforeAll(async () => {
  const catalog = await loadCatalog(["policies/000-xpcc", "policies/001-dongying"], { lang: "en" });
  expect(catalog.refused).toEqual([]);
  server = createBylawServer({ catalog, store: await openSqliteStore(":memory:") });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("bylaw serve", () => {
  it("GET /healthz", async () => {
    const r = await fetch(`${base}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: "ok" });
  });

  it("GET /openapi.json describes each policy's evaluate route with schemas from its artifact", async () => {
    const doc = await (await fetch(`${base}/openapi.json`)).json();
    expect(doc.openapi).toBe("3.1.0");
    const route = doc.paths["/v1/policies/xpcc.assistance/evaluate"].post;
    expect(route.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/xpcc.assistance.request" });
    const settle = doc.paths["/v1/policies/xpcc.assistance/settle"].post;
    expect(Object.keys(settle.responses).sort()).toEqual(["200", "400", "403", "404", "409", "413", "415", "503"]);
    expect(doc.components.schemas["xpcc.assistance.claim"]).toMatchObject({ required: ["person", "claim", "date", "input"], properties: { input: { $ref: "#/components/schemas/xpcc.assistance.input" } } });
    expect(doc.paths["/v1/policies/xpcc.assistance/ledgers/{person}"].get.parameters.map((p: { name: string }) => p.name)).toEqual(["person", "year"]);
    const input = doc.components.schemas["xpcc.assistance.input"];
    expect(input.additionalProperties).toBe(false);
    expect(input.required).toContain("自付");
    expect(input.properties.自付.oneOf[0]).toEqual({ type: "string", pattern: "^\\d+(\\.\\d{1,2})?$" });
    expect(input.properties.身份).toMatchObject({ type: "array", uniqueItems: true, items: { enum: expect.arrayContaining(["特困人员", "低保对象"]) } });
    const result = doc.components.schemas["xpcc.assistance.result"];
    expect(result.properties.outputs.properties.救助金).toEqual({ type: "string", pattern: "^-?\\d+\\.\\d{2}$" });
    expect(result.properties.ledger).toEqual({ $ref: "#/components/schemas/xpcc.assistance.ledger" });
    // every $ref points at a schema the document holds
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    for (const r of refs) expect(doc.components.schemas, r).toHaveProperty([r]);
  });

  it("GET /v1/policies lists each policy with its versions and artifact hashes", async () => {
    const { policies } = await (await fetch(`${base}/v1/policies`)).json();
    const xpcc = policies.find((p: { id: string }) => p.id === "xpcc.assistance");
    expect(xpcc.versions).toEqual([expect.objectContaining({ effective: "2022-06-07", integrity: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) })]);
    expect(policies.map((p: { id: string }) => p.id)).toContain("dongying.ci.resident");
  });

  it("evaluates a claim: 第三类, 12000 of cost → (12000 − 2000) × 70% = 7000 (000 §二(四)1-2)", async () => {
    const r = await post("/v1/policies/xpcc.assistance/evaluate", { input: { 身份: ["低保边缘家庭成员"], 自付: "12000" }, date: "2022-08-01" });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body).toMatchObject({ ok: true, outputs: { 救助金: "7000.00" }, ledger: { year: 2022 } });
    // the caller holds the ledger: a second claim of 5000 with it pays 5000 × 70% = 3500
    const again = await (await post("/v1/policies/xpcc.assistance/evaluate", { input: { 身份: ["低保边缘家庭成员"], 自付: "5000" }, ledger: body.ledger, date: "2022-09-01" })).json();
    expect(again.outputs.救助金).toBe("3500.00");
  });

  it("explains on request", async () => {
    const body = await (await post("/v1/policies/xpcc.assistance/evaluate", { input: { 身份: ["特困人员"], 自付: "100" }, date: "2022-08-01", explain: true })).json();
    expect(body.trace.outputs.map((o: { name: string }) => o.name)).toContain("救助金");
  });

  it("bad input is a 400 with every error, coded, in English and Chinese", async () => {
    const r = await post("/v1/policies/xpcc.assistance/evaluate", { input: { 身份: ["无此身份"], 自付: "-5", 多余: 1 }, date: "2022-08-01" });
    expect(r.status).toBe(400);
    const { errors } = await r.json();
    expect(errors.map((e: { code: string; field: string }) => `${e.field} ${e.code}`).sort()).toEqual(["多余 BR2003", "自付 BR2007", "身份 BR2012"]);
    for (const e of errors) {
      expect(e.message).toMatch(/[a-z]/);
      expect(e.messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("a claim needs a date in force (BR2023, BR2025)", async () => {
    const none = await (await post("/v1/policies/xpcc.assistance/evaluate", { input: { 身份: [], 自付: "1" } })).json();
    expect(none.errors.map((e: { code: string }) => e.code)).toEqual(["BR2023"]);
    const before = await (await post("/v1/policies/xpcc.assistance/evaluate", { input: { 身份: [], 自付: "1" }, date: "2021-01-01" })).json();
    expect(before.errors.map((e: { code: string }) => e.code)).toEqual(["BR2025"]);
  });

  it("unknown policy, unknown route, wrong method, broken and oversized bodies", async () => {
    expect((await post("/v1/policies/no.such/evaluate", { input: {} })).status).toBe(404);
    expect((await fetch(`${base}/v2/anything`)).status).toBe(404);
    expect((await post("/v1/policies/%E0%A4%A/evaluate", {})).status).toBe(400);
    expect((await fetch(`${base}/v1/policies/xpcc.assistance/evaluate`)).status).toBe(405);
    const broken = await post("/v1/policies/xpcc.assistance/evaluate", "{not json");
    expect(broken.status).toBe(400);
    expect((await broken.json()).error).toMatch(/not JSON/);
    expect((await post("/v1/policies/xpcc.assistance/evaluate", [1, 2])).status).toBe(400);
    expect((await post("/v1/policies/xpcc.assistance/evaluate", { input: {}, date: "2022-08-01", extra: 1 })).status).toBe(400);
    const big = await post("/v1/policies/xpcc.assistance/evaluate", JSON.stringify({ input: { 备注: "x".repeat(MAX_BODY) } }));
    expect(big.status).toBe(413);
  });
});

describe("bylaw serve as a user runs it", () => {
  it("a body that is not UTF-8 is a 400: GBK 张三 and 李四 would both read as ����, one person with one ledger", async () => {
    const gbk = (name: number[]) => Buffer.concat([Buffer.from('{"input":{"身份":["特困人员"],"自付":"100"},"date":"2022-08-01","x":"'), Buffer.from(name), Buffer.from('"}')]);
    const r = await fetch(`${base}/v1/policies/xpcc.assistance/evaluate`, { method: "POST", headers: { "content-type": "application/json" }, body: gbk([0xd5, 0xc5, 0xc8, 0xfd]) });
    expect(r.status).toBe(400);
    expect((await r.json()).error).toBe("the body is not UTF-8 text (send JSON encoded as UTF-8)");
    // in a batch, the line holding such bytes is named
    const line = (person: number[], claim: string) => Buffer.concat([Buffer.from('{"person":"'), Buffer.from(person), Buffer.from(`","claim":"${claim}","date":"2022-08-01","input":{"身份":["特困人员"],"自付":"100"}}\n`)]);
    const batch = await fetch(`${base}/v1/policies/xpcc.assistance/batch`, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: Buffer.concat([line([0x41], "u1"), line([0xc0, 0xee, 0xcb, 0xc4], "u2")]) });
    expect(batch.status).toBe(400);
    expect((await batch.json()).errors).toMatchObject([{ code: "BR2000", line: 2, args: { detail: "bytes that are not UTF-8" } }]);
  });

  it("what a web page could send is refused: a body not said to be JSON, another origin, a host that is not loopback", async () => {
    const body = JSON.stringify({ input: { 身份: ["特困人员"], 自付: "100" }, date: "2022-08-01" });
    const url = `${base}/v1/policies/xpcc.assistance/evaluate`;
    // text/plain and forms are what a page may post without asking first
    for (const type of ["text/plain;charset=UTF-8", "application/x-www-form-urlencoded", ""]) {
      const r = await fetch(url, { method: "POST", headers: type ? { "content-type": type } : {}, body });
      expect(r.status, type).toBe(415);
    }
    const foreign = await fetch(url, { method: "POST", headers: { "content-type": "application/json", origin: "http://evil.example" }, body });
    expect(foreign.status).toBe(403);
    expect((await fetch(url, { method: "POST", headers: { "content-type": "application/json", origin: base }, body })).status).toBe(200);
    // the same page as localhost is this server's own too
    expect((await fetch(url, { method: "POST", headers: { "content-type": "application/json", origin: base.replace("127.0.0.1", "localhost") }, body })).status).toBe(200);
    // DNS rebinding: a page of evil.example resolved to 127.0.0.1 names its own host
    const loopback = createBylawServer({ catalog: await loadCatalog(["policies/000-xpcc"], { lang: "en" }), loopback: true });
    await new Promise<void>((done) => loopback.listen(0, "127.0.0.1", done));
    const port = (loopback.address() as AddressInfo).port;
    const get = (host: string) => new Promise<number>((done, fail) => {
      httpRequest({ host: "127.0.0.1", port, path: "/v1/policies", headers: { host } }, (res) => {
        res.resume();
        done(res.statusCode!);
      }).on("error", fail).end();
    });
    expect(await get(`evil.example:${port}`)).toBe(403);
    expect(await get(`127.0.0.1:${port}`)).toBe(200);
    expect(await get(`localhost:${port}`)).toBe(200);
    await new Promise<void>((done) => loopback.close(() => done()));
  });

  it("a reloaded version that drops a ledger field settles the people whose stored ledger has it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-serve-"));
    const version = (fields: string) => `policy t.drop "台账字段" {\n  region "测试地区"\n  effective 2024-01-01\n  source "t.txt"\n}\n` +
      `input { 自付: Money "自付" }\nledger per year {\n${fields}}\noutput 救助: Money "救助" = 自付 * 50% at most 1000元 per year using 已救助\n`;
    const file = join(dir, "p.bylaw");
    writeFileSync(file, version(`  已救助: Money "已救助"\n  旧字段: Money "旧字段"\n`));
    const service = { catalog: await loadCatalog([file], { lang: "en" }), store: await openSqliteStore(":memory:") };
    const s = createBylawServer(service);
    await new Promise<void>((done) => s.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}/v1/policies/t.drop/settle`;
    const settle = async (claim: string, 自付: string) => (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ person: "甲", claim, date: "2024-03-01", input: { 自付 } }) })).json();
    expect((await settle("c1", "1600")).outputs.救助).toBe("800.00");
    // the field dropped, the catalog swapped as a reload swaps it: 甲's stored ledger still has 旧字段
    writeFileSync(file, version(`  已救助: Money "已救助"\n`));
    service.catalog = await loadCatalog([file], { lang: "en" }, service.catalog);
    const second = await settle("c2", "1000");
    expect(second.outputs.救助).toBe("200.00"); // 1000 − 800 left of the cap
    expect(second.ledger.values).toEqual({ 已救助: "1000.00", 旧字段: "0.00" });
    await new Promise<void>((done) => s.close(() => done()));
  });

  it("prints its URL, answers, says which files it refused, and stops on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-serve-"));
    writeFileSync(join(dir, "broken.json"), "{}");
    const served = await startServe(["policies/001-dongying", join(dir, "broken.json"), "--db", `sqlite:${join(dir, "bylaw.db")}`]);
    expect((await fetch(`${served.url}healthz`)).status).toBe(200);
    expect(served.stderr()).toMatch(/not served: .*broken\.json: BR1002/);
    served.child.kill("SIGTERM");
    expect(await served.exited).toBe(0);
  });
});

describe("bylaw serve --trust", () => {
  it("serves only artifacts signed by a trusted key; an unsigned one is refused with its code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-trust-"));
    generateKeys(join(dir, "bureau"), "en");
    const path = "policies/001-dongying/critical-illness.bylaw";
    const artifact = compile(path, readFileSync(path, "utf8"), seedHost()).artifact!;
    writeFileSync(join(dir, "signed.json"), JSON.stringify(signArtifact(artifact, join(dir, "bureau.key"), "en")));
    writeFileSync(join(dir, "unsigned.json"), JSON.stringify(artifact));
    const trust = [join(dir, "bureau.pub")];
    const signedOnly = await loadCatalog([join(dir, "signed.json")], { lang: "en", trust });
    expect([...signedOnly.books.keys()]).toEqual([artifact.policy.id]);
    const unsigned = await loadCatalog([join(dir, "unsigned.json")], { lang: "en", trust });
    expect(unsigned.books.size).toBe(0);
    expect(unsigned.refused).toEqual([{ file: join(dir, "unsigned.json"), reason: expect.stringContaining("BR1030") }]);
  });
});
