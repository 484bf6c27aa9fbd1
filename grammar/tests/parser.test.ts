import { describe, expect, it } from "vitest";
import type { Decl, Policy } from "../ast.ts";
import { parse } from "../parse.ts";
import { exprOf, HEADER, parseOk, readFixture, withoutSpans } from "./helpers.ts";

const fixture = readFixture("all-constructs.bylaw");
const ast = parseOk(fixture);

function decl<K extends Decl["kind"]>(p: Policy, kind: K, name?: string): Extract<Decl, { kind: K }> {
  const found = p.decls.find((d) => d.kind === kind && (name === undefined || ("name" in d && d.name?.text === name)));
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found as Extract<Decl, { kind: K }>;
}
const shape = (d: unknown) => withoutSpans(d) as Record<string, unknown>;
const ref = (text: string) => ({ kind: "ref", name: { text } });
const money = (value: string) => ({ kind: "money", value });
const ledger = (text: string) => ({ field: { text } });

describe("parser: the all-constructs fixture", () => {
  it("parses without errors, in source order", () => {
    expect(parse(fixture).errors).toEqual([]);
    expect(ast.decls.map((d) => d.kind)).toEqual([
      "import", "enum", "enum", "enum", "input", "ledger",
      ...Array(9).fill("param"), "table", "table", "table", "bands", "bands", "bands", "classify",
      ...Array(8).fill("define"), "output", "output", "alert", "pipeline", "test", "test",
    ]);
  });

  it("header", () => {
    expect(shape(ast.header)).toEqual({
      kind: "header",
      id: { parts: [{ text: "xpcc" }, { text: "assistance" }] },
      title: { kind: "string", value: "兵团医疗救助" },
      extends: { kind: "string", value: "base.bylaw" },
      region: { kind: "string", value: "新疆生产建设兵团" },
      effective: { kind: "date", value: "2022-07-25" },
      ends: { kind: "date", value: "2025-12-31" },
      source: { kind: "string", value: "000_1b66f3c1618de509.txt" },
      section: { text: "§二(四)" },
    });
  });

  it("import and enum with labels and sections", () => {
    expect(shape(decl(ast, "import"))).toEqual({ kind: "import", path: { kind: "string", value: "critical-illness.bylaw" }, alias: { text: "大病" } });
    const e = decl(ast, "enum", "类别");
    expect(e.label?.value).toBe("救助对象类别");
    expect(e.sections?.map((s) => s.text)).toEqual(["§二(一)"]);
    expect(shape(e.members)).toEqual([
      { name: { text: "第一类" }, label: { kind: "string", value: "特困人员、孤儿" } },
      { name: { text: "第二类" }, label: { kind: "string", value: "低保对象、返贫致贫人口" } },
      { name: { text: "第三类" }, label: { kind: "string", value: "低保边缘家庭成员" }, sections: [{ text: "§二(一)3" }] },
      { name: { text: "第四类" } },
    ]);
  });

  it("input and ledger fields: types, set of, defaults", () => {
    const input = decl(ast, "input");
    expect(input.fields.map((f) => f.name?.text)).toEqual(["类别", "身份", "南疆", "年龄", "自付", "认定日期", "备注", "合规费用"]);
    expect(shape(input.fields[1])).toEqual({ name: { text: "身份" }, type: { kind: "set", of: { text: "身份" } }, label: { kind: "string", value: "身份（可多选）" } });
    expect(shape(input.fields[2])).toEqual({
      name: { text: "南疆" }, type: { kind: "named", name: { text: "Bool" } },
      label: { kind: "string", value: "南疆师市" }, default: { kind: "bool", value: false },
    });
    expect(shape(input.fields[5]!.default)).toEqual({ kind: "date", value: "2022-01-01" });
    expect(decl(ast, "ledger").fields.map((f) => f.name?.text)).toEqual(["起付已用", "已救助", "年度累计", "大病累计"]);
  });

  it("a field's label and sections after its default, as a param's after its value", () => {
    const after = parseOk(`${HEADER}input {\n  药费: Money = 0元 "药品费用" §二\n  天数: Int "护理天数"\n}\n`);
    expect(decl(after, "input").fields.map((f) => shape(f))).toEqual([
      { name: { text: "药费" }, type: { kind: "named", name: { text: "Money" } }, label: { kind: "string", value: "药品费用" }, sections: [{ text: "§二" }], default: money("0") },
      { name: { text: "天数" }, type: { kind: "named", name: { text: "Int" } }, label: { kind: "string", value: "护理天数" } },
    ]);
  });

  it("a name then `(` with a space is a call only for the language's functions: one-line bands rows stay rows", () => {
    const p = parseOk(`${HEADER}bands 分段 marginal { [0元, 1万元]: 低档  (1万元, ∞): 高档 }\noutput o: Money = max (1元, 2元) + 低档(3)\n`);
    const bands = decl(p, "bands");
    expect(bands.rows.map((r) => shape(r.rate))).toEqual([{ kind: "ref", name: { text: "低档" } }, { kind: "ref", name: { text: "高档" } }]);
    const sum = shape(decl(p, "output").value) as { left: { kind: string }; right: { kind: string } };
    // `max (…)` with a space is still max's call; `低档(3)` written close is a call (the compiler says 低档 is no function)
    expect([sum.left.kind, sum.right.kind]).toEqual(["call", "call"]);
  });

  it("params: value, label after value, bounds, override, base", () => {
    expect(shape(decl(ast, "param", "救助限额"))).toEqual({
      kind: "param", name: { text: "救助限额" }, type: { kind: "named", name: { text: "Money" } },
      value: money("100000"), label: { kind: "string", value: "年度救助限额" }, sections: [{ text: "§二(一)2" }],
      atLeast: money("100000"),
    });
    expect(shape(decl(ast, "param", "普通门诊限额")).atMost).toEqual(money("20000"));
    expect(shape(decl(ast, "param", "无限额")).value).toEqual({ kind: "unlimited", word: "unlimited" });
    const o = decl(ast, "param", "职工起付线");
    expect(o.override).toBeDefined();
    expect(shape(o)).toEqual({
      kind: "param", name: { text: "职工起付线" }, override: true,
      value: { kind: "binary", op: "*", left: { kind: "rate", value: "0.6" }, right: { kind: "ref", name: { text: "职工起付线" }, base: true } },
      atLeast: money("0"), atMost: money("16000"),
    });
  });

  it("tables keyed by enum member and by range", () => {
    const t = decl(ast, "table", "比例");
    expect(shape(t.keyType)).toEqual({ kind: "named", name: { text: "类别" } });
    expect(shape(t.valueType)).toEqual({ kind: "named", name: { text: "Rate" } });
    expect(shape(t.rows[3])).toEqual({ key: { text: "第四类" }, value: { kind: "rate", value: "0.625" } });
    const r = decl(ast, "table", "苯丙酮尿症比例");
    expect(shape(r.rows)).toEqual([
      { range: { lowInclusive: true, low: { kind: "number", value: "0" }, high: { kind: "number", value: "18" }, highInfinite: false, highInclusive: true }, value: { kind: "rate", value: "0.75" } },
      { range: { lowInclusive: false, low: { kind: "number", value: "18" }, highInfinite: true, highInclusive: false }, value: { kind: "rate", value: "0.7" } },
    ]);
    expect(shape(decl(ast, "table", "最高身份").rows[1]!.value)).toEqual({ kind: "ref", qualifier: { text: "类别" }, name: { text: "第二类" } });
  });

  it("bands: marginal and whole rows, gap, inf, derived override", () => {
    const b = decl(ast, "bands", "分段");
    expect(b.mode).toBe("marginal");
    expect(b.rows.map((r) => [r.gap, (r.range?.low as { value: string }).value, r.range?.highInfinite, (r.rate as { value: string } | undefined)?.value])).toEqual([
      [false, "16000", false, "0.6"],
      [false, "100000", false, "0.65"],
      [true, "200000", false, undefined],
      [false, "210000", true, "0.7"],
    ]);
    expect(shape(decl(ast, "bands", "贫困分段").derived)).toEqual({
      from: { kind: "ref", name: { text: "分段" }, base: true }, add: { kind: "points", value: "5" },
    });
    const other = decl(ast, "bands", "另一分段");
    expect([other.mode, other.override !== undefined, other.rows.length]).toEqual(["whole", true, 1]);
  });

  it("classify with else", () => {
    const c = decl(ast, "classify", "预警码");
    expect(shape(c.resultType)).toEqual({ kind: "named", name: { text: "码色" } });
    expect(c.rows.map((r) => [r.range?.lowInclusive, r.range?.highInclusive, r.member?.text])).toEqual([
      [false, true, "蓝码"], [false, true, "黄码"], [false, false, "红码"],
    ]);
    expect(c.otherwise?.text).toBe("无");
  });

  it("the reference's 救助金: ((自付 above D per year using F) * R) at most C per year using G", () => {
    expect(shape(decl(ast, "output", "救助金").value)).toEqual({
      kind: "cap",
      value: {
        kind: "binary", op: "*",
        left: { kind: "above", value: ref("自付"), threshold: { kind: "index", table: ref("起付"), key: ref("类别") }, ledger: ledger("起付已用") },
        right: ref("比例合计"),
      },
      limits: [{ limit: { kind: "index", table: ref("限额"), key: ref("类别") }, ledger: ledger("已救助") }],
    });
  });

  it("chained caps are one Cap node", () => {
    expect(shape(decl(ast, "output", "共享").value)).toEqual({
      kind: "cap", value: ref("自付"),
      limits: [
        { limit: money("20000"), ledger: ledger("已救助") },
        { limit: { kind: "ref", qualifier: { text: "大病" }, name: { text: "限额" } } },
      ],
    });
  });

  it("defines: if, cumulative, highest, not/or/in, calls, neg, at least, on", () => {
    const v = (n: string) => shape(decl(ast, "define", n).value);
    expect(v("比例合计")).toEqual({
      kind: "binary", op: "+", left: { kind: "index", table: ref("比例"), key: ref("类别") },
      right: { kind: "paren", inner: {
        kind: "if",
        cond: { kind: "logical", op: "and", left: ref("南疆"), right: { kind: "compare", op: "!=", left: ref("类别"), right: ref("第一类") } },
        then: { kind: "points", value: "5" }, else: { kind: "points", value: "0" },
      } },
    });
    expect(v("累计额")).toEqual({ kind: "cumulative", value: ref("自付"), ledger: ledger("年度累计") });
    expect(v("身份类别")).toEqual({ kind: "highest", table: ref("最高身份"), set: ref("身份") });
    expect(v("成年")).toEqual({
      kind: "logical", op: "or",
      left: { kind: "not", operand: { kind: "compare", op: "<", left: ref("年龄"), right: { kind: "number", value: "18" } } },
      right: { kind: "in", item: ref("类别"), set: { kind: "set", items: [ref("第一类"), ref("第二类")] } },
    });
    expect(v("取整")).toEqual({
      kind: "binary", op: "-",
      left: { kind: "call", callee: { text: "round" }, args: [{ kind: "binary", op: "*", left: ref("自付"), right: { kind: "rate", value: "0.5" } }, money("1")] },
      right: { kind: "binary", op: "/",
        left: { kind: "call", callee: { text: "max" }, args: [money("0"), { kind: "call", callee: { text: "min" }, args: [ref("自付"), money("100")] }] },
        right: { kind: "number", value: "2" } },
    });
    expect(v("负数")).toEqual({ kind: "atLeast", value: { kind: "neg", operand: ref("自付") }, floor: money("0") });
    expect(v("码")).toEqual({ kind: "apply", bands: ref("预警码"), value: ref("年度累计") });
    expect(v("日期")).toEqual({ kind: "binary", op: "+", left: ref("认定日期"), right: { kind: "duration", months: 6 } });
  });

  it("alert and pipeline", () => {
    expect(shape(decl(ast, "alert"))).toEqual({
      kind: "alert", name: { text: "因病返贫预警" }, label: { kind: "string", value: "纳入因病返贫预警监测" }, sections: [{ text: "§四(一)" }],
      when: { kind: "logical", op: "and",
        left: { kind: "compare", op: "==", left: ref("类别"), right: ref("第三类") },
        right: { kind: "compare", op: ">", left: ref("年度累计"), right: money("2000") } },
    });
    const p = decl(ast, "pipeline");
    expect(shape(p.on)).toEqual(ref("合规费用"));
    expect(shape(p.layers[0])).toEqual({
      name: { text: "大病保险" }, label: { kind: "string", value: "大病保险" },
      value: { kind: "apply", bands: ref("分段"), value: { kind: "remaining" }, ledger: ledger("大病累计") },
    });
    expect(shape(p.layers[1]!.value)).toEqual({
      kind: "cap", value: { kind: "binary", op: "*", left: { kind: "remaining" }, right: { kind: "rate", value: "0.7" } },
      limits: [{ limit: money("15000"), ledger: ledger("已救助") }],
    });
    expect(shape(p.leaves)).toEqual({ name: { text: "个人负担" }, label: { kind: "string", value: "个人最终负担" } });
  });

  it("tests: given, expect with alerts, date, ledger, claims", () => {
    const [t1, t2] = ast.decls.filter((d) => d.kind === "test");
    expect(shape(t1)).toEqual({
      kind: "test", title: { kind: "string", value: "第三类，首次就医 12000元 §二(四)1-2" },
      given: [
        { name: { text: "类别" }, value: ref("第三类") },
        { name: { text: "南疆" }, value: { kind: "bool", value: false } },
        { name: { text: "自付" }, value: money("12000") },
      ],
      ledger: [],
      expect: [
        { kind: "value", name: { text: "救助金" }, value: money("7000") },
        { kind: "alert", name: { text: "因病返贫预警" }, negated: false },
        { kind: "alert", name: { text: "因病致贫预警" }, negated: true },
      ],
      claims: [],
    });
    const s = shape(t2);
    expect(s["date"]).toEqual({ kind: "date", value: "2022-08-01" });
    expect(s["ledger"]).toEqual([{ name: { text: "起付已用" }, value: money("0") }]);
    expect((s["given"] as unknown[])[2]).toEqual({ name: { text: "身份" }, value: { kind: "set", items: [ref("特困"), ref("低保")] } });
    expect(s["claims"]).toEqual([
      { given: [{ name: { text: "自付" }, value: money("4000") }], expect: [{ kind: "value", name: { text: "救助金" }, value: money("0") }] },
      { given: [{ name: { text: "自付" }, value: money("5000") }], expect: [{ kind: "value", name: { text: "救助金" }, value: money("1800") }] },
    ]);
  });

  it("spans are 0-based and end-exclusive", () => {
    const o = decl(ast, "output", "救助金");
    expect(fixture.slice(o.name!.span.start, o.name!.span.end)).toBe("救助金");
    expect(fixture.slice(o.span.start, o.span.end)).toMatch(/^output 救助金[\s\S]*per year using 已救助$/);
    const cap = o.value!;
    expect(fixture.slice(cap.span.start, cap.span.end)).toMatch(/^自付 above[\s\S]*已救助$/);
  });
});

describe("parser: precedence and context rules", () => {
  it("loosest to tightest: if, or, and, not, compare, at most, + -, * /, postfix, unary", () => {
    expect(exprOf("a + b * c")).toEqual({ kind: "binary", op: "+", left: ref("a"), right: { kind: "binary", op: "*", left: ref("b"), right: ref("c") } });
    expect(exprOf("a - b - c")).toEqual({ kind: "binary", op: "-", left: { kind: "binary", op: "-", left: ref("a"), right: ref("b") }, right: ref("c") });
    expect(exprOf("a + b at most c + d")).toEqual({
      kind: "cap", value: { kind: "binary", op: "+", left: ref("a"), right: ref("b") },
      limits: [{ limit: { kind: "binary", op: "+", left: ref("c"), right: ref("d") } }],
    });
    expect(exprOf("a at most b > c")).toEqual({
      kind: "compare", op: ">", left: { kind: "cap", value: ref("a"), limits: [{ limit: ref("b") }] }, right: ref("c"),
    });
    expect(exprOf("a * b above c")).toEqual({ kind: "binary", op: "*", left: ref("a"), right: { kind: "above", value: ref("b"), threshold: ref("c") } });
    expect(exprOf("-a above b")).toEqual({ kind: "above", value: { kind: "neg", operand: ref("a") }, threshold: ref("b") });
    expect(exprOf("if a then b else if c then d else e")).toEqual({
      kind: "if", cond: ref("a"), then: ref("b"), else: { kind: "if", cond: ref("c"), then: ref("d"), else: ref("e") },
    });
    expect(exprOf("not a and b or c")).toEqual({
      kind: "logical", op: "or", left: { kind: "logical", op: "and", left: { kind: "not", operand: ref("a") }, right: ref("b") }, right: ref("c"),
    });
  });

  it("`B on x` binds tighter than `*`", () => {
    expect(exprOf("分段 on x * 50%")).toEqual({
      kind: "binary", op: "*", left: { kind: "apply", bands: ref("分段"), value: ref("x") }, right: { kind: "rate", value: "0.5" },
    });
    expect(exprOf("大病.分段 on remaining")).toEqual({
      kind: "apply", bands: { kind: "ref", qualifier: { text: "大病" }, name: { text: "分段" } }, value: { kind: "remaining" },
    });
  });

  it("the reference pipeline layer with a deductible and a cap", () => {
    expect(exprOf("remaining above 5000元 per year using 再救助起付 * 70% at most 1.5万元 per year using 已再救助")).toEqual({
      kind: "cap",
      value: { kind: "binary", op: "*", left: { kind: "above", value: { kind: "remaining" }, threshold: money("5000"), ledger: ledger("再救助起付") }, right: { kind: "rate", value: "0.7" } },
      limits: [{ limit: money("15000"), ledger: ledger("已再救助") }],
    });
  });

  it("`[` or `(` on the next line starts a new row, not an index or a call", () => {
    const p = parseOk(`${HEADER}table t: Int -> Rate {\n  [0, 18]: 基础\n  (18, ∞): 70%\n}\n`);
    const t = p.decls[0]!;
    expect(t.kind === "table" && t.rows.length).toBe(2);
    expect(exprOf("起付[类别]")).toEqual({ kind: "index", table: ref("起付"), key: ref("类别") });
    expect(exprOf("base.起付[类别]")).toEqual({ kind: "index", table: { kind: "ref", name: { text: "起付" }, base: true }, key: ref("类别") });
  });

  it("param bounds versus operators in parentheses", () => {
    const p = parseOk(`${HEADER}param a: Money = (b at most 5元) at least 1元\nparam c = d at most 2元 at least 1元\n`);
    expect(shape(p.decls[0])).toMatchObject({ value: { kind: "paren", inner: { kind: "cap" } }, atLeast: money("1") });
    expect(shape(p.decls[1])).toMatchObject({ value: ref("d"), atMost: money("2"), atLeast: money("1") });
  });

  it("BL1005: missing, repeated, or late policy header", () => {
    const codes = (t: string) => parse(t).errors.map((e) => [e.code, e.args["problem"]]);
    expect(codes("define x = 1")).toEqual([["BL1005", "missing"]]);
    expect(codes(`${HEADER}${HEADER}`)).toEqual([["BL1005", "duplicate"]]);
    expect(codes(`define x = 1\n${HEADER}`)).toEqual([["BL1005", "not first"]]);
    // after a dot a keyword is a name part (`qinghe.pipeline`, `my.policy`); first, it is reserved
    const keywordPart = 'policy my.policy "新政策" {\n  region "地区"\n  effective 2024-01-01\n}\n';
    expect(parse(keywordPart).errors).toEqual([]);
    expect(parse(keywordPart).ast.header!.id!.parts.map((p) => p.text)).toEqual(["my", "policy"]);
    const first = parse('policy date.x "新政策" {\n  region "地区"\n  effective 2024-01-01\n}\n').errors;
    expect(first[0]).toMatchObject({ code: "BL1009", span: { start: 7, end: 11 }, args: { word: "date" } });
  });

  it("BL1007: override on a kind that cannot be overridden", () => {
    for (const [src, kind] of [
      ['override import "a.bylaw" as a', "import"],
      ["override enum E { a }", "enum"],
      ["override input { a: Int }", "input"],
      ["override ledger per year { a: Money }", "ledger"],
      ['override test "t" { }', "test"],
    ] as const) {
      const text = `${HEADER}${src}\n`;
      const errors = parse(text).errors;
      expect(errors.map((e) => [e.code, e.args["kind"], text.slice(e.span.start, e.span.end)])).toEqual([["BL1007", kind, "override"]]);
    }
    expect(parse(`${HEADER}override define x = 1\n`).errors).toEqual([]);
  });

  it("optional commas between rows, members and fields", () => {
    const p = parseOk(`${HEADER}enum E { a "A", b }\ntable t: E -> Rate { a: 10%, b: 20% }\ninput { x: Int, y: Money = 0元 }\n`);
    expect(p.decls.map((d) => d.kind)).toEqual(["enum", "table", "input"]);
  });
});
