import { describe, expect, it } from "vitest";
import { ArtifactError, loadRuleSet, renderRuntimeError, tryLoadRuleSet } from "../index.ts";
import { build, dongying, seal, xpcc } from "../tests/fixtures.ts";
import { FORMAT_VERSION, type Artifact } from "../ir/artifact.ts";

function loadError(a: unknown): ArtifactError {
  const r = tryLoadRuleSet(a);
  if (r.ok) throw new Error("loaded, but should have been refused");
  return r.error;
}

/** A deep copy changed by `edit`, then sealed again (so only the structural check can object). */
function edited(a: Artifact, edit: (a: any) => void): Artifact {
  const copy = structuredClone(a);
  edit(copy);
  return seal(copy);
}

describe("tampering", () => {
  const text = JSON.stringify(xpcc(), null, 2);
  const irStart = text.indexOf('"ir"');
  const irEnd = text.indexOf('"tests"');

  it("refuses the artifact after any single byte inside `ir` is changed", () => {
    let checked = 0;
    for (let pos = irStart; pos < irEnd; pos += 7) {
      const ch = text.charCodeAt(pos);
      if (ch === 0x20 || ch === 0x0a) continue; // whitespace is not content; see the next test
      const flipped = text.slice(0, pos) + String.fromCharCode(ch ^ 0x01) + text.slice(pos + 1);
      let parsed: unknown;
      try {
        parsed = JSON.parse(flipped);
      } catch {
        checked++;
        continue; // no longer JSON: refused before it reaches the runtime
      }
      const r = tryLoadRuleSet(parsed);
      expect(r.ok, `byte ${pos} (${text[pos]}) changed, still loaded`).toBe(false);
      if (!r.ok) expect(["BR1006", "BR1011", "BR1010"]).toContain(r.error.code);
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("a whitespace change outside the hashed content evaluates identically", () => {
    const reformatted = JSON.parse(text.replace(/\n  /g, "\n\t"));
    const a = loadRuleSet(JSON.parse(text)).evaluate({ 类别: "第三类", 自付: "12000" });
    const b = loadRuleSet(reformatted).evaluate({ 类别: "第三类", 自付: "12000" });
    expect(b).toEqual(a);
  });

  it("refuses a changed figure with the integrity error, naming both hashes", () => {
    const a = JSON.parse(text);
    a.ir.tables[1].rows[2].value = "0.75";
    const e = loadError(a);
    expect(e.code).toBe("BR1006");
    expect(e.message).toContain(a.integrity);
    expect(renderRuntimeError(e, "zh")).toContain("完整性");
  });

  it("changing the caller's artifact after loading changes nothing", () => {
    const a = xpcc();
    const rs = loadRuleSet(a);
    (a.ir.tables[1]!.rows[2]! as { value: string }).value = "0.1";
    expect(rs.evaluate({ 类别: "第三类", 自付: "12000" })).toMatchObject({ ok: true, outputs: { 救助金: "7000.00" } });
  });
});

describe("versions", () => {
  it("refuses a newer format version, saying so and naming the version it reads", () => {
    const e = loadError({ ...xpcc(), formatVersion: FORMAT_VERSION + 1 });
    expect(e.code).toBe("BR1003");
    expect(e.message).toMatch(new RegExp(`newer format \\(version ${FORMAT_VERSION + 1}\\).*reads format version ${FORMAT_VERSION}`));
    expect(renderRuntimeError(e, "zh")).toContain("更新的格式");
  });

  it("accepts compilers 0.x and refuses 1.0.0 and nonsense", () => {
    expect(tryLoadRuleSet(seal({ ...xpcc(), compiler: "0.9.12-beta.1" })).ok).toBe(true);
    expect(loadError(seal({ ...xpcc(), compiler: "1.0.0" })).code).toBe("BR1005");
    expect(loadError(seal({ ...xpcc(), compiler: "zero" })).code).toBe("BR1005");
  });

  it("refuses what is not a rule set at all", () => {
    expect(loadError(null).code).toBe("BR1001");
    expect(loadError([1, 2]).code).toBe("BR1001");
    expect(loadError({ format: "something.else" }).code).toBe("BR1002");
    expect(loadError({ ...xpcc(), integrity: "md5:abc" }).code).toBe("BR1007");
    expect(loadError({ ...xpcc(), formatVersion: "1" }).code).toBe("BR1004");
  });
});

describe("structural validation names the path", () => {
  const base = xpcc();
  const cases: [string, (a: any) => void, string, string][] = [
    ["a missing field", (a) => delete a.ir.outputs[0].expr.v, "BR1010", "ir.outputs[0].expr"],
    ["an unknown node kind", (a) => (a.ir.defines[0].expr.b.k = "exec"), "BR1013", "ir.defines[0].expr.b"],
    ["an unknown field", (a) => (a.ir.outputs[0].expr.code = "x"), "BR1011", "ir.outputs[0].expr"],
    ["an unknown type", (a) => (a.schema.fields[2].type = "Yuan"), "BR1014", "schema.fields[2].type"],
    ["an undeclared table", (a) => (a.ir.outputs[0].expr.limits[0].lim.table = "上限"), "BR1015", "ir.outputs[0].expr.limits[0].lim.table"],
    ["an undeclared ledger field", (a) => (a.ir.outputs[0].expr.limits[0].ledger = "已付"), "BR1015", "ir.outputs[0].expr.limits[0].ledger"],
    ["a malformed decimal", (a) => (a.ir.tables[0].rows[2].value = "2,000"), "BR1016", "ir.tables[0].rows[2].value"],
    ["an exponent", (a) => (a.ir.tables[0].rows[2].value = "2e3"), "BR1016", "ir.tables[0].rows[2].value"],
    ["a member not in the enum", (a) => (a.ir.tables[0].rows[2].key = "第五类"), "BR1015", "ir.tables[0].rows[2].key"],
    ["a repeated table key", (a) => (a.ir.tables[0].rows[3].key = "第三类"), "BR1020", "ir.tables[0].rows[3].key"],
    ["a ledger field written twice", (a) => (a.ir.defines[1].expr.ledger = "已救助"), "BR1022", "ir.outputs[0].expr.limits[0].ledger"],
    ["a type clash", (a) => (a.ir.alerts[0].when.xs[1] = { k: "input", name: "自付" }), "BR1019", "ir.alerts[0].when.xs[1]"],
    ["a sum with an operator missing", (a) => (a.ir.defines[0].expr = { k: "sum", xs: [{ k: "lit", v: "1" }, { k: "lit", v: "2" }, { k: "lit", v: "3" }], ops: ["+"] }), "BR1019", "ir.defines[0].expr.ops"],
    ["a sum of Money and Rate", (a) => (a.ir.outputs[0].expr = { k: "sum", xs: [{ k: "input", name: "自付" }, { k: "lit", v: "0.1", t: "Rate" }, { k: "input", name: "自付" }], ops: ["+", "-"] }), "BR1019", "ir.outputs[0].expr.xs[1]"],
    ["an `or` of one condition", (a) => (a.ir.alerts[0].when = { k: "or", xs: [{ k: "lit", v: true }] }), "BR1019", "ir.alerts[0].when.xs"],
    ["`remaining` outside a pipeline", (a) => (a.ir.outputs[0].expr.v.a.v = { k: "remaining" }), "BR1023", "ir.outputs[0].expr.v.a.v"],
    ["a define used before it is defined", (a) => (a.ir.defines[0].expr = { k: "def", name: "年度累计" }), "BR1024", "ir.defines[0].expr"],
    ["a wrong JSON type", (a) => (a.ir.outputs = {}), "BR1012", "ir.outputs"],
    ["an optional input without default", (a) => delete a.schema.fields[1].default, "BR1010", "schema.fields[1]"],
    ["a Money input defaulting below zero (a claim may not give one)", (a) => (a.schema.fields.push({ name: "减免", type: "Money", optional: true, default: "-5" })), "BR1016", "schema.fields[3].default"],
  ];
  it.each(cases)("%s", (_what, edit, code, path) => {
    const e = loadError(edited(base, edit));
    expect(e.code).toBe(code);
    expect(e.path).toBe(path);
    expect(e.message).toContain(path);
  });

  it("refuses bands out of order or overlapping, and empty intervals", () => {
    const d = dongying();
    expect(loadError(edited(d, (a) => (a.ir.bands[0].rows[1].lo = "90000"))).code).toBe("BR1018");
    expect(loadError(edited(d, (a) => a.ir.bands[0].rows.reverse())).code).toBe("BR1018");
    expect(loadError(edited(d, (a) => (a.ir.bands[0].rows[0].hi = "10000"))).code).toBe("BR1017");
    expect(loadError(edited(d, (a) => (a.ir.bands[0].rows[0].lo = null))).code).toBe("BR1017");
  });

  it("reads bands written before modes as marginal; refuses an unknown mode", () => {
    const old = edited(dongying(), (a) => delete a.ir.bands[0].mode);
    const whole = edited(dongying(), (a) => (a.ir.bands[0].mode = "whole"));
    // 250 000: marginal 84 000×60% + 100 000×65% + 50 000×70% = 150 400; whole 250 000 × 70 %
    expect(loadRuleSet(old).evaluate({ 自付: "250000" })).toMatchObject({ ok: true, outputs: { 大病保险: "150400.00" } });
    expect(loadRuleSet(whole).evaluate({ 自付: "250000" })).toMatchObject({ ok: true, outputs: { 大病保险: "175000.00" } });
    expect(loadError(edited(dongying(), (a) => (a.ir.bands[0].mode = "flat"))).path).toBe("ir.bands[0].mode");
  });

  it("refuses a band rate read per claim that is not a Rate param or an enum-keyed Rate table by an input", () => {
    const rate = (r: unknown) => edited(dongying(), (a) => {
      a.ir.params.push({ name: "起付线", type: "Money", value: "16000" });
      a.ir.bands[0].rows[0].rate = r;
    });
    expect(loadError(rate({ k: "input", name: "自付" }))).toMatchObject({ code: "BR1019", path: "ir.bands[0].rows[0].rate" });
    expect(loadError(rate({ k: "param", name: "无此参数" }))).toMatchObject({ code: "BR1015", path: "ir.bands[0].rows[0].rate" });
    expect(loadError(rate({ k: "param", name: "起付线" }))).toMatchObject({ code: "BR1019", path: "ir.bands[0].rows[0].rate" });
    // a define may key the table only when it writes no ledger (the compiler's BL4031)
    const byDefine = edited(dongying(), (a) => {
      a.ledger.fields.push({ name: "另计" });
      a.ir.defines.push({ name: "写台账", type: "Money", expr: { k: "cumulative", v: { k: "input", name: "自付" }, ledger: "另计" } });
      a.ir.bands[0].rows[0].rate = { k: "index", table: "比例", key: { k: "def", name: "写台账" } };
    });
    expect(loadError(byDefine)).toMatchObject({ code: "BR1019", path: "ir.bands[0].rows[0].rate" });
  });

  it.each([300, 20000])("refuses expressions nested %i deep without overflowing the stack", (depth) => {
    let deep: unknown = { k: "input", name: "自付", t: "Money" };
    for (let i = 0; i < depth; i++) deep = { k: "neg", a: deep };
    const a = build({ fields: [{ name: "自付", type: "Money", optional: false }], ir: { outputs: [{ name: "x", type: "Money", expr: deep as never }] } });
    expect(loadError(a).code).toBe("BR1025");
  });

  it("a declared gap between bands is fine", () => {
    const a = edited(dongying(), (x) => (x.ir.bands[0].rows[1].lo = "110000"));
    const r = loadRuleSet(a).evaluate({ 自付: "250000" });
    // 84000×60% + 90000×65% + 50000×70% = 50400 + 58500 + 35000
    expect(r).toMatchObject({ ok: true, outputs: { 大病保险: "143900.00" } });
  });
});

describe("format 2", () => {
  it("reads an artifact whose declarations cite one `section`, as a list of one", () => {
    const current = xpcc();
    const old = JSON.parse(JSON.stringify(current).replace(/"sections":\["([^"]*)"\]/g, '"section":"$1"'));
    expect(JSON.stringify(old)).toContain('"section":"§');
    expect(JSON.stringify(old)).not.toContain('"sections"');
    const v2 = loadRuleSet(seal({ ...old, formatVersion: 2 }));
    const v3 = loadRuleSet(current);
    expect(v2.artifact.ir.tables.map((t) => t.sections)).toEqual(current.ir.tables.map((t) => t.sections));
    expect(v2.artifact.ir.tables.some((t) => t.sections !== undefined)).toBe(true);
    const input = { 类别: "第三类", 自付: "12000" };
    const [r2, r3] = [v2, v3].map((rs) => rs.evaluate(input, undefined, { trace: true }));
    if (!r2!.ok || !r3!.ok) throw new Error("failed");
    // the same outputs and explanation, citations included (the integrity differs)
    expect(r2!.outputs).toEqual(r3!.outputs);
    expect(r2!.trace!.outputs).toEqual(r3!.trace!.outputs);
    expect(JSON.stringify(r2!.trace!.outputs)).toContain('"sections":["§二(四)2"]');
    // a format-3 artifact must cite a list
    expect(() => loadRuleSet(seal({ ...old, formatVersion: 3 }))).toThrow(/section/);
  });
});

describe("format 1", () => {
  it("reads an artifact whose `and`/`or` hold `a` and `b`, and settles it as format 2 does", () => {
    const current = xpcc();
    const old = JSON.parse(JSON.stringify(current).replace(/"k":"and","xs":\[(\{.*?\}),(\{"k":"cmp".*?\})\]/g, '"k":"and","a":$1,"b":$2'));
    expect(JSON.stringify(old)).toContain('"k":"and","a":');
    expect(JSON.stringify(old)).not.toContain('"xs"');
    const v1 = loadRuleSet(seal({ ...old, formatVersion: 1 }));
    const v2 = loadRuleSet(current);
    for (const input of [{ 类别: "第三类", 自付: "12000", 南疆: true }, { 类别: "第一类", 自付: "800", 南疆: true }, { 类别: "第四类", 自付: "9000" }]) {
      const ledger = { year: 2022, values: { 年度自付: "1500" } };
      expect(v1.evaluate(input, ledger, { date: "2022-08-01" })).toEqual(v2.evaluate(input, ledger, { date: "2022-08-01" }));
    }
  });
});
