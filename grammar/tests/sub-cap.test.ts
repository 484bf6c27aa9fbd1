// `at most C per year using F when c`: a sub-cap that applies only when `c` holds.
import { describe, expect, it } from "vitest";
import { parse } from "../parse.ts";
import { format } from "../format.ts";
import type { Cap, OutputDecl } from "../ast.ts";

const HEADER = `policy t.subcap "子限额" {\n  region "测试"\n  effective 2022-01-01\n  source "t.txt"\n}\n\n`;

function output(text: string): OutputDecl {
  const { ast, errors } = parse(HEADER + text);
  expect(errors).toEqual([]);
  return ast.decls[0] as OutputDecl;
}

describe("sub-caps", () => {
  it("attaches `when` to its own limit and keeps the next `at most` out of the condition", () => {
    const o = output("output 救助金: Money = 自付 * 70% at most 2万元 per year using 门诊已救助 when 就诊 == 普通门诊 at most 10万元 per year using 已救助\n");
    const cap = o.value as Cap;
    expect(cap.kind).toBe("cap");
    expect(cap.limits).toHaveLength(2);
    expect(cap.limits[0]!.ledger?.field.text).toBe("门诊已救助");
    expect(cap.limits[0]!.when).toMatchObject({ kind: "compare", op: "==" });
    expect(cap.limits[1]!.when).toBeUndefined();
    expect(cap.limits[1]!.ledger?.field.text).toBe("已救助");
  });

  it("takes a Bool term or a parenthesised condition", () => {
    const o = output("output a: Money = x at most 1元 when 门诊 at most 2元 when (a and b)\n");
    const cap = o.value as Cap;
    expect(cap.limits.map((l) => l.when?.kind)).toEqual(["ref", "paren"]);
  });

  it("takes `and`, `or` and `not` up to the cap's next `at most`, which stays out", () => {
    const o = output("output a: Money = x at most 1万元 per year using B when 类 == 门诊 and not 特 or 急诊 at most 6万元 per year using A\n");
    const cap = o.value as Cap;
    expect(cap.limits).toHaveLength(2);
    expect(cap.limits[0]!.when).toMatchObject({ kind: "logical", op: "or", left: { kind: "logical", op: "and", right: { kind: "not" } } });
    expect(cap.limits[1]!.ledger?.field.text).toBe("A");
    const text = HEADER + "output a: Money = x at most 1万元 per year using B when 类 == 门诊 and not 特 at most 6万元 per year using A\n";
    const once = format(text).text!;
    expect(once).toContain("when 类 == 门诊 and not 特 at most 6万元");
    expect(format(once).text).toBe(once);
  });

  it("reports `when` that follows no cap limit", () => {
    const { errors } = parse(HEADER + "output a: Money = x when y\n");
    expect(errors.map((e) => e.code)).toEqual(["BL1001"]);
    expect(errors[0]!.args.found).toBe("`when`");
  });

  it("formats idempotently and keeps the condition", () => {
    const text = HEADER + "output a: Money = x   at most 2万元 per year using g   when 就诊 == 普通门诊 at most 10万元 per year using p\n";
    const once = format(text).text!;
    expect(once).toContain("at most 2万元 per year using g when 就诊 == 普通门诊 at most 10万元 per year using p");
    expect(format(once).text).toBe(once);
  });
});

describe("cumulative needs its ledger field", () => {
  // Found by tests/parser-fuzz.test.ts: `cumulative cumulative 自付 per year using F` parsed
  // the outer running total without a field and compiled it with an empty one.
  it("reports a `cumulative` without `per year using`", () => {
    const { errors } = parse(HEADER + "define 年累计: Money = cumulative cumulative 自付 per year using 年度累计自付\n");
    expect(errors.map((e) => e.code)).toEqual(["BL1001"]);
    expect(errors[0]!.args.expected).toContain("per year using");
  });
});
