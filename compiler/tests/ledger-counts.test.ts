// A ledger that counts (年度第几次住院): an Int ledger field, written only by `cumulative` of an
// Int, read as a whole number, written as one ("2", not "2.00") by every evaluator and file.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../serve/catalog.ts";
import { openApi } from "../../serve/openapi.ts";
import { ArtifactError } from "../../runtime/errors.ts";
import { loadRuleSet, renderTraceText, runTests, type Artifact, type Ledger } from "../../runtime/index.ts";
import { readLedgerLine } from "../../runtime/batch/ledger-file.ts";
import { integrityOf } from "../../runtime/load/hash.ts";
import { message } from "../diagnostics.ts";
import { artifactOf, compileText, errors } from "./helpers.ts";
import { COUNT_POLICY } from "../../tests/support/count-policy.ts";


const artifact = artifactOf(COUNT_POLICY);
const exact = loadRuleSet(artifact, { evaluator: "exact" });
const fast = loadRuleSet(artifact);

describe("Int ledger fields count claims", () => {
  it("compile to a ledger field of type Int, and the tests' figures (worked by hand) pass", () => {
    expect(artifact.ledger.fields.map((f) => [f.name, f.type])).toEqual([["住院次数", "Int"], ["已报销", undefined]]);
    for (const rs of [exact, fast]) expect(runTests(rs).map((t) => [t.name, t.passed, t.failures])).toEqual([
      ["第二次及以后住院起付线减半", true, []],
      ["期初台账：本年已住院 4 次", true, []],
    ]);
  });

  it("a test's expected ledger value is checked: a wrong count fails, naming the field", () => {
    const wrong = artifactOf(COUNT_POLICY.replace("住院次数 = 3, 已报销 = 3000元", "住院次数 = 4, 已报销 = 3000元"));
    const [t] = runTests(loadRuleSet(wrong));
    expect(t!.passed).toBe(false);
    expect(t!.failures).toEqual([{ claim: 3, what: "台账 住院次数", expected: "4", actual: "3" }]);
  });

  it("the fast path and decimal.js write the count as a whole number; the trace shows it without 元", () => {
    let ledgers: (Ledger | undefined)[] = [undefined, undefined];
    for (const [住院, 费用] of [[true, "1800"], [false, "100"], [true, "1800"]] as const) {
      const rs = [exact, fast].map((r, i) => r.evaluate({ 住院, 费用 }, ledgers[i], { date: "2022-03-01" }));
      expect(rs[1]).toEqual(rs[0]);
      ledgers = rs.map((r) => (r.ok ? r.ledger : undefined));
    }
    expect(ledgers[1]).toEqual({ year: 2022, values: { 住院次数: "2", 已报销: "2000.00" } });
    const traced = exact.evaluate({ 住院: true, 费用: "1800" }, { year: 2022, values: { 住院次数: "1" } }, { trace: true });
    if (!traced.ok) throw new Error("failed");
    expect(renderTraceText(traced.trace!, "zh")).toContain("年度住院次数本年累计 = 1 + 1 = 2");
    expect(renderTraceText(traced.trace!, "en")).toContain("年度住院次数 so far this year = 1 + 1 = 2");
  });

  it("a count in a ledger is a whole number ≥ 0: 2.5 and -1 are refused, 2.00 is read as 2", () => {
    for (const rs of [exact, fast]) {
      const bad = (v: string) => {
        const r = rs.evaluate({ 住院: true, 费用: "1800" }, { year: 2022, values: { 住院次数: v } }, { date: "2022-03-01" });
        return r.ok ? "ok" : r.errors.map((e) => `${e.code} ${e.field}`).join();
      };
      expect(bad("2.5")).toBe("BR2010 ledger.values.住院次数");
      expect(bad("-1")).toBe("BR2007 ledger.values.住院次数");
      const r = rs.evaluate({ 住院: false, 费用: "10" }, { year: 2022, values: { 住院次数: "2.00" } }, { date: "2022-03-01" });
      expect(r.ok && r.ledger.values).toEqual({ 住院次数: "2", 已报销: "8.00" });
    }
  });

  it("the service's OpenAPI document asks for a count as a whole number, money as money", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-counts-"));
    writeFileSync(join(dir, "counts.bylaw"), COUNT_POLICY);
    const doc = openApi(await loadCatalog([dir], { lang: "en" })) as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    const values = doc.components.schemas["variant.counts.ledger"]!.properties.values as { properties: Record<string, { pattern: string }> };
    const [count, money] = [new RegExp(values.properties.住院次数!.pattern), new RegExp(values.properties.已报销!.pattern)];
    expect(["2", "2.00"].every((v) => count.test(v)) && !count.test("2.5")).toBe(true);
    expect(money.test("2.50")).toBe(true);
  });

  it("ledger files read a count as a whole number, and refuse anything else", () => {
    const counts = new Map([["住院次数", "Int"], ["已报销", "Money"]] as const);
    expect(readLedgerLine('{"person":"甲","year":2022,"values":{"住院次数":"2.00","已报销":"5"}}', 1, "variant.counts", counts))
      .toEqual({ person: "甲", ledger: { year: 2022, values: { 住院次数: "2", 已报销: "5.00" } } });
    expect(readLedgerLine('{"person":"甲","year":2022,"values":{"住院次数":"2.5"}}', 3, "variant.counts", counts)).toMatchObject({ code: "BR2113", field: "values.住院次数", args: { line: 3 } });
    // a field no version declares (已报销额 for 已报销) is refused, naming the fields there are
    expect(readLedgerLine('{"person":"甲","year":2022,"values":{"已报销额":"60000"}}', 4, "variant.counts", counts))
      .toMatchObject({ code: "BR2116", field: "values.已报销额", args: { line: 4, fields: "`住院次数`, `已报销`" } });
  });
});

describe("what a count cannot be", () => {
  const base = `input { 费用: Money "费用" }\nledger per year {\n  次数: Int "次数"\n  已报: Money "已报"\n}\n`;

  it("BL3025: `cumulative` adds the field's own type, an amount into a count or a count into money", () => {
    const money = compileText(`${base}output x: Int = cumulative 费用 per year using 次数\n`);
    expect(errors(money)).toEqual(["BL3025"]);
    expect(message(money.diagnostics[0]!, "en")).toBe("`cumulative … using 次数` adds up `Int`, the type of `次数`; found `Money`");
    expect(errors(compileText(`${base}output x: Money = cumulative 1 per year using 已报\n`))).toEqual(["BL3025"]);
  });

  it("BL3049: deductibles, caps and bands record money, never into a count", () => {
    const r = compileText(`${base}output x: Money = 费用 above 800元 per year using 次数 at most 100元 per year using 已报\n`);
    expect(errors(r)).toEqual(["BL3049"]);
    expect(message(r.diagnostics[0]!, "en")).toBe("`次数` counts (Int): only `cumulative` adds to it");
    expect(errors(compileText(`${base}output x: Money = 费用 at most 100元 per year using 次数\n`))).toEqual(["BL3049"]);
    expect(errors(compileText(`${base}bands B marginal { [0元, ∞): 50% }\noutput x: Money = B on 费用 per year using 次数\n`))).toEqual(["BL3049"]);
  });

  it("BL3048: a ledger field is Money or Int", () => {
    const r = compileText(`input { 费用: Money "费用" }\nledger per year { 比例: Rate "比例" }\noutput x: Money = 费用\n`);
    expect(errors(r)).toEqual(["BL3048"]);
    expect(message(r.diagnostics[0]!, "en")).toBe("ledger field `比例` must be Money (an amount) or Int (a count), found `Rate`");
  });

  it("a damaged artifact is refused at load: an amount into a count, a cap into a count, an unknown field type", () => {
    const refused = (change: (a: Artifact) => void): string => {
      const a = structuredClone(artifact);
      change(a);
      a.integrity = integrityOf(a);
      try {
        loadRuleSet(a);
      } catch (e) {
        if (e instanceof ArtifactError) return `${e.code} ${e.path}`;
        throw e;
      }
      return "loaded";
    };
    const define = (a: Artifact) => a.ir.defines.find((d) => d.name === "第几次")!;
    expect(refused((a) => void ((define(a).expr as { v: unknown }).v = { k: "input", name: "费用", t: "Money" }))).toBe("BR1019 ir.defines[0].expr.v");
    expect(refused((a) => void (a.ir.outputs[0]!.expr as { limits: { ledger: string }[] }).limits.forEach((l) => (l.ledger = "住院次数")))).toBe("BR1019 ir.outputs[0].expr.limits[0].ledger");
    expect(refused((a) => void ((a.ledger.fields[0] as { type: string }).type = "Real"))).toBe("BR1019 ledger.fields[0].type");
  });
});
