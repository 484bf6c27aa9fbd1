// The coverage gutter marks (coverage-marks.ts), without a browser: an `if`'s branches on the
// lines of their then / else expressions, a line uncovered while any item on it is, and
// nothing drawn for what a parent file declares.
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { Coverage, loadRuleSet, runTests } from "../../runtime/index.ts";
import { coverageMarks, markHover } from "../src/coverage-marks.ts";

const PARENT = `policy t.parent "上级" {
  region "测试地区"
  effective 2022-01-01
  source "t.txt"
}
enum 档 "档次" {
  高 "高档"
  低 "低档"
}
input {
  自付: Money "自付"
}
table 起付: 档 -> Money "起付线" §一 {
  高: 100元
  低: 0元
}
`;

const CHILD = (tests: string) => `policy t.child "下级" extends "parent.bylaw" {
  region "测试地区"
  effective 2022-01-01
  source "t.txt"
}
output 救助: Money "救助" §二 = if 自付 > 1000元
  then 自付 - 起付[高]
  else 0元
${tests}`;

function marks(tests: string) {
  const files: Record<string, string> = { "p/parent.bylaw": PARENT };
  const text = CHILD(tests);
  const r = compile("p/child.bylaw", text, { readFile: (p) => files[p] });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const rs = loadRuleSet(r.artifact!);
  const cov = new Coverage(rs.artifact);
  expect(runTests(rs, "zh", (t) => cov.hit(t)).every((t) => t.passed)).toBe(true);
  return { cov, marks: coverageMarks(cov.items, text) };
}

const ONLY_THEN = `test "大额" {
  given 自付 = 3000元
  expect 救助 = 2900元
}
`;

describe("coverage gutter marks", () => {
  it("one test takes the then branch: line 7 covered, line 8 uncovered; the parent's table rows are not drawn", () => {
    const { cov, marks: found } = marks(ONLY_THEN);
    expect(found.map((m) => [m.line, m.covered])).toEqual([[7, true], [8, false]]);
    expect(found[1]!.items.map((i) => i.what)).toEqual(["if … else"]);
    expect(markHover(found[1]!)).toBe("未测试：if … else §二——没有测试走到这里");
    expect(markHover(found[0]!)).toBe("已测试：if … then §二（1 次就医走到）");
    // the parent's rows are counted (起付[高] reached, 起付[false] not) but lie in the parent
    expect(cov.items.filter((i) => i.kind === "row").map((i) => [i.what, i.hits, i.span?.[0]])).toEqual([
      ["起付[高]", 1, 1], ["起付[低]", 0, 1],
    ]);
    expect(cov.counts("zh")).toBe("分支 1/2，表行 1/2");
  });

  it("a test reaching the else branch too: both lines covered", () => {
    const { marks: found } = marks(`${ONLY_THEN}test "小额" {
  given 自付 = 500元
  expect 救助 = 0元
}
`);
    expect(found.map((m) => [m.line, m.covered])).toEqual([[7, true], [8, true]]);
  });

  it("a line holding a reached and an unreached item is uncovered, its hover naming only the unreached", () => {
    const items = [
      { kind: "cap" as const, what: "at most: bound", hits: 0, span: [0, 3, 9] as [number, number, number] },
      { kind: "cap" as const, what: "at most: not bound", hits: 2, span: [0, 3, 9] as [number, number, number] },
    ];
    const [mark] = coverageMarks(items, "ab\ncdefghij\n");
    expect(mark).toMatchObject({ line: 2, covered: false });
    expect(markHover(mark!)).toBe("未测试：at most: bound——没有测试走到这里");
  });
});
