// `bylaw trace-doc` as a user runs it: the counts and every unlinked figure at its line, JSON
// for tools, a missing document as a warning.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bylaw, tmp } from "./run-bylaw.ts";
import { DOC, POLICY } from "../compiler/tests/trace-doc-fixture.ts";

/** `bylaw trace-doc` (English) of a policy with these declarations beside its document `doc.txt`. */
function traceBeside(doc: string, effective: string, declarations: string) {
  const dir = tmp();
  writeFileSync(join(dir, "doc.txt"), doc);
  writeFileSync(join(dir, "policy.bylaw"), `policy t.traced "测试" {\n  region "测试地区"\n  effective ${effective}\n  source "doc.txt"\n}\n${declarations}`);
  return bylaw(["trace-doc", "policy.bylaw", "--lang", "en"], { cwd: dir });
}

describe("bylaw trace-doc", () => {
  it("prints the counts and each unlinked figure with its line and sentence", () => {
    const dir = tmp();
    writeFileSync(join(dir, "policy.bylaw"), POLICY);
    writeFileSync(join(dir, "doc.txt"), DOC);
    const r = bylaw(["trace-doc", "policy.bylaw", "--lang", "en"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").slice(0, 3)).toEqual([
      "doc.txt: 6 figures, 4 linked, 0 acknowledged, 1 placeholder, 2 unlinked",
      "doc.txt:6: warning: 2万元 §一(二)1 is in no rule: 1.低保对象按70%的比例救助,年度限额为2万元。",
      "doc.txt:9: warning: 70% §二 is in no rule: 经办机构应在15个工作日内办结,救助比例全市统一为70%。",
    ]);
    // a figure its section does not state is reported at the policy's line that writes it
    const line = POLICY.slice(0, POLICY.indexOf("3万元")).split("\n").length;
    expect(r.stdout).toMatch(new RegExp(`policy\\.bylaw:${line}:\\d+: warning: 限额 = 30000元 §一\\(二\\)1 is not stated in its section`));
  });

  it("--format json: per document the counts, and every figure with its offset, section, class and declarations", () => {
    const dir = tmp();
    writeFileSync(join(dir, "policy.bylaw"), POLICY);
    writeFileSync(join(dir, "doc.txt"), DOC);
    const [t] = JSON.parse(bylaw(["trace-doc", "policy.bylaw", "--format", "json"], { cwd: dir }).stdout);
    expect(t).toMatchObject({ document: "doc.txt", figures: 6, linked: 4, acknowledged: 0, placeholder: 1, unlinked: 2 });
    expect(t.items[0]).toMatchObject({ text: "1000元", value: "1000", offset: DOC.indexOf("1000元"), section: "一(一)", class: "linked", declarations: ["起付"] });
  });

  it("dates: a change date and an effective date the document does not state are said, in the document's words", () => {
    const r = traceBeside("一、县级医院报销比例为80%。\n二、自2025年7月1日起调整为85%。\n三、本办法自2025年1月1日起施行。\n", "2025-02-01", `input { 费用: Money "费用" }
param 比例: Rate "县级医院报销比例" §一 §二 {
  2025-02-01: 80%
  2025-08-01: 85%
}
output 报销: Money "报销" §一 = 费用 * 比例
`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("doc.txt:2: warning: 2025年7月1日 §二 is in no rule");
    expect(r.stdout).toContain("doc.txt:3: warning: 2025年1月1日 §三 is in no rule");
    expect(r.stdout).toMatch(/policy\.bylaw:9:3: warning: 比例 = 2025-08-01 §一 §二 is not stated in its section/);
    expect(r.stdout).toMatch(/policy\.bylaw:3:13: warning: effective = 2025-02-01 is not stated in the document/);
  });

  it("a cell's figure the document says of another member is a warning naming it", () => {
    const r = traceBeside("一、年度限额在职职工为3000元，退休人员为4000元。\n", "2025-01-01", `enum 人员类别 "人员类别" {
  在职 "在职职工"
  退休 "退休人员"
}
input { 类别: 人员类别 "类别"  费用: Money "费用" }
table 限额: 人员类别 -> Money "年度限额" §一 { 在职: 4000元  退休: 3000元 }
output 付: Money "付" §一 = 费用 at most 限额[类别]
`);
    expect(r.stdout).toContain("doc.txt:1: warning: 3000元 §一 is said of 在职, but 限额[退休], 限额 holds it");
    expect(r.stdout).toContain("doc.txt:1: warning: 4000元 §一 is said of 退休, but 限额[在职], 限额 holds it");
  });

  it("a missing document is a warning, not an error", () => {
    const dir = tmp();
    writeFileSync(join(dir, "policy.bylaw"), POLICY);
    const r = bylaw(["trace-doc", "policy.bylaw", "--lang", "en"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("doc.txt: warning: document not found (name its folder with --docs)");
  });
});
