// Types and units (grammar/README.md "Types and units"): what is accepted, what is rejected
// and with which code.
import { describe, expect, it } from "vitest";
import { compileText, errors } from "./helpers.ts";
import { loadRuleSet, renderTraceText } from "../../runtime/index.ts";

const policy = (output: string) => `
input {
  自付: Money "个人自付"
  比例: Rate "比例"
}
output 结果 = ${output}
`;

describe("units accepted", () => {
  it.each([
    ["Money ± Money", "自付 + 100元 - 50元", "Money"],
    ["Money × Rate", "自付 * 比例", "Money"],
    ["Rate × Money", "70% * 自付", "Money"],
    ["Rate + pp", "比例 + 5pp", "Rate"],
    ["Rate − pp", "比例 - 5pp", "Rate"],
    ["Money ÷ Number", "自付 / 2", "Money"],
  ])("%s", (_, expr, type) => {
    const r = compileText(policy(expr));
    expect(errors(r)).toEqual([]);
    expect(r.artifact?.ir.outputs[0]?.type).toBe(type);
  });

  it("folds Rate + pp to the exact fraction: 70% + 5pp is 0.75", () => {
    const r = compileText(`
input { 自付: Money "自付" }
output 结果: Money = 自付 * (70% + 5pp)
`);
    const expr = r.artifact!.ir.outputs[0]!.expr;
    expect(expr).toMatchObject({ k: "arith", op: "*", b: { k: "lit", v: "0.75", t: "Rate" } });
  });
});

describe("units rejected", () => {
  it.each([
    ["Money + Rate", "自付 + 比例", "BL3001"],
    ["Money × Money", "自付 * 自付", "BL3002"],
    ["pp without a Rate", "自付 + 5pp", "BL3003"],
    ["pp times Money", "自付 * 5pp", "BL3003"],
  ])("%s", (_, expr, code) => {
    expect(errors(compileText(policy(expr)))).toEqual([code]);
  });

  it("Rate compared with Money", () => {
    const r = compileText(policy("自付") + "alert 高 when 比例 > 自付\n");
    expect(errors(r)).toEqual(["BL3004"]);
  });
});

describe("the fix a bare figure is given", () => {
  const helpOf = (text: string) => {
    const r = compileText(`input { 自付: Money "自付" }\n${text}\noutput x: Money = 自付\n`);
    return r.diagnostics.map((d) => [d.code, d.args.fix]);
  };

  it("`6万` is one error whose fix keeps the 万 (BL1010), not a money of 6元", () => {
    expect(helpOf(`param 限额: Money = 6万 "年度限额"`)).toEqual([["BL1010", "6万元"]]);
    expect(helpOf(`param 起付: Money = 1.5千`)).toEqual([["BL1010", "1.5千元"]]);
    // read as 6万元 meanwhile: a bound that needs the value holds
    expect(helpOf(`param 限额: Money = 6万 at least 5万元`)).toEqual([["BL1010", "6万元"]]);
  });

  it("a Rate written as a fraction is fixed to the same fraction in %, a whole number to its %", () => {
    expect(helpOf(`param 比例: Rate = 0.6`)).toEqual([["BL3006", "60%"]]);
    expect(helpOf(`param 比例: Rate = 0.05`)).toEqual([["BL3006", "5%"]]);
    expect(helpOf(`param 比例: Rate = 70`)).toEqual([["BL3006", "70%"]]);
    expect(helpOf(`param 限额: Money = 5000`)).toEqual([["BL3006", "5000元"]]);
    // and once: where the param is used its 80 is not a ratio of 8000 % (BL4008)
    expect(helpOf(`param 提醒比例: Rate = 80 "提醒比例"\noutput z: Money = 自付 * 提醒比例`)).toEqual([["BL3006", "80%"]]);
    // a grid's cell as a one-key table's
    expect(helpOf(`enum 级 { 甲  乙 }\ntable 比例: (级, 级) -> Rate { 甲, 甲: 65\n  甲, 乙: 60%\n  乙, _: 50% }`)).toEqual([["BL3008", "65%"]]);
    // beside a rate or an amount: 降低25% written `1 - 25%` is 100% − 25%; `自付 - 100` lacks 元
    expect(helpOf(`output y: Rate = 1 - 25%`)).toEqual([["BL3018", "100%"]]);
    expect(helpOf(`output y: Money = 自付 - 100`)).toEqual([["BL3018", "100元"]]);
    // a date moves by months: 年满70周岁 from a birth date
    expect(helpOf(`input { 出生日期: Date "出生日期" }\noutput 高龄: Bool = claim date >= 出生日期 + 70周岁`)).toEqual([["BL3018", "840个月"]]);
  });

  it("a bare 0 beside an amount (`max(自付 - 1000元, 0)`), points given as a rate and the reverse, `70 %` with a space", () => {
    expect(helpOf(`output y: Money = max(自付 - 1000元, 0)`)).toEqual([["BL3017", "0元"]]);
    expect(helpOf(`param 提高: Points = 5%`)).toEqual([["BL3006", "5个百分点"]]);
    expect(helpOf(`param 上调: Rate = 5个百分点`)).toEqual([["BL3006", "5%"]]);
    expect(helpOf(`param 比例: Rate = 70 %`)).toEqual([["BL3006", "70%"], ["BL1002", "70%"]]);
  });

  it("a test giving a set one member, or a count as money, is shown the value it means", () => {
    const r = compileText(`enum 病 { 高血压  糖尿病 }\ninput { 病种: set of 病 "病种"  自付: Money }\nledger per year { 次数: Int "次数" }\n` +
      `output y: Money = 自付 + count(病种) * 0元 + cumulative 1 per year using 次数 * 0元\n` +
      `test "t" {\n  given 病种 = 高血压, 自付 = 1元\n  ledger 次数 = 2元\n  expect y = 1元\n}\n`);
    expect(r.diagnostics.filter((d) => d.code.startsWith("BL50")).map((d) => [d.code, d.args.fix])).toEqual([["BL5007", "[高血压]"], ["BL5012", "2"]]);
  });

  it("an age written as documents write it (70周岁, 18岁) is the number", () => {
    const r = compileText(`input { 年龄: Int "年龄"  自付: Money }\ntable 比例: Int -> Rate { [0, 17岁]: 80%  [18岁, 69岁]: 60%  [70周岁, ∞): 70% }\noutput y: Money = if 年龄 >= 70周岁 then 自付 else 自付 * 比例[年龄]\n`);
    expect(errors(r)).toEqual([]);
    const rs = loadRuleSet(r.artifact!);
    const pay = (年龄: number) => (rs.evaluate({ 年龄, 自付: "100" }) as { outputs: Record<string, string> }).outputs.y;
    expect([pay(17), pay(18), pay(69), pay(70)]).toEqual(["80.00", "60.00", "60.00", "100.00"]);
    // and years as they are counted (连续参保满5年)
    const years = compileText(`input { 参保年数: Int "连续参保年数"  自付: Money }\noutput y: Money = if 参保年数 >= 5年 then 自付 else 0元\n`);
    expect(errors(years)).toEqual([]);
    expect(loadRuleSet(years.artifact!).evaluate({ 参保年数: 5, 自付: "100" })).toMatchObject({ outputs: { y: "100.00" } });
  });

  it("a share of one amount in another (占家庭收入的比例) is a Number: the fix compares without dividing, or makes it a Rate", () => {
    const share = (text: string) => helpOf(`input { 收入: Money "家庭年收入" }\n${text}`);
    expect(share(`alert 灾难性支出 when 自付 / 收入 > 40%`)).toEqual([["BL3019", "自付 > 收入 * 40%"]]);
    expect(share(`alert 灾难性支出 when 40% <= 自付 / 收入`)).toEqual([["BL3019", "收入 * 40% <= 自付"]]);
    expect(share(`output 比例: Rate = 自付 / 收入`)).toEqual([["BL3006", "自付 / 收入 * 100%"]]);
    expect(share(`alert 灾难性支出 when 自付 / 收入 > 40% + 5pp`)).toEqual([["BL3019", "自付 > 收入 * (40% + 5pp)"]]);
    // the fixes compile, and the share `* 100%` is the Rate
    expect(errors(compileText(`input { 自付: Money  收入: Money }\nalert a when 自付 > 收入 * 40%\noutput 比例: Rate = 自付 / 收入 * 100%\n`))).toEqual([]);
    // a Number that is no share gets no fix
    expect(share(`param n: Number = 3\nalert a when n > 40%`)).toEqual([["BL3019", undefined]]);
  });
});

describe("a limit chosen per claim (取消封顶线 for some, a cap for others)", () => {
  it("`if c then unlimited else 40万元 + 1万元` is a Limit, and caps as one", () => {
    const r = compileText(`input { 特困: Bool "特困人员"  自付: Money "自付" }
ledger per year { 已付: Money "已付" }
define 限额: Limit "年度最高支付限额" = if 特困 then unlimited else 40万元 + 1万元
output 支付: Money = 自付 * 60% at most 限额 per year using 已付
`);
    expect(errors(r)).toEqual([]);
    const rs = loadRuleSet(r.artifact!);
    const pay = (特困: boolean) => {
      const o = rs.evaluate({ 特困, 自付: "1000000" });
      return o.ok ? o.outputs.支付 : o.errors;
    };
    expect([pay(true), pay(false)]).toEqual(["600000.00", "410000.00"]);
    // without the declared type it is a Limit too; a Rate branch is still refused
    expect(errors(compileText(`input { 特困: Bool  自付: Money }\noutput y: Money = 自付 at most (if 特困 then unlimited else 1万元)\n`))).toEqual([]);
    expect(errors(compileText(`input { 特困: Bool  自付: Money }\ndefine l: Limit = if 特困 then unlimited else 50%\noutput y: Money = 自付 at most l\n`))).toContain("BL3021");
  });
});

describe("`20个百分点`, as the document writes it", () => {
  it("is 20 points: 70% − 20个百分点 is 50%", () => {
    const r = compileText(`input { 自付: Money "自付"  转诊: Bool "按规定转诊" }\nparam 比例: Rate = 70% "报销比例"\noutput x: Money = 自付 * (if 转诊 then 比例 else 比例 - 20个百分点)\n`);
    expect(errors(r)).toEqual([]);
    const o = loadRuleSet(r.artifact!).evaluate({ 自付: "1000", 转诊: false });
    expect(o.ok && o.outputs.x).toBe("500.00");
  });
});

describe("the trace of 精确到元", () => {
  it("write round's amounts with their unit (精确到元)", () => {
    const r = loadRuleSet(compileText(`input { 自付: Money "自付" }\noutput x: Money "救助金" = round(自付 * 70%, 1元)\n`).artifact!).evaluate({ 自付: "4.99" }, undefined, { trace: true });
    if (!r.ok) throw new Error("failed");
    expect(renderTraceText(r.trace!, "zh")).toContain("四舍五入（3.493元, 1元）= 3元");
    expect(renderTraceText(r.trace!, "en")).toContain("round(¥3.493, ¥1) = ¥3");
  });
});
