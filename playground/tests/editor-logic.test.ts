import { describe, expect, it } from "vitest";
import { KEYWORDS, LITERAL_PATTERNS, TYPE_KEYWORDS } from "../../grammar/tokens.ts";
import { compile, type SymbolInfo } from "../../compiler/index.ts";
import { datedMarkdown } from "../../language/hover.ts";
import { buildMonarch } from "../src/monarch.ts";
import { completionCandidates } from "../../language/completion.ts";
import { keywordHelp } from "../../language/keyword-help.ts";
import { enumOfType, membersByEnum, symbolAt } from "../../language/symbols.ts";
import { lineCol } from "../../grammar/position.ts";
import { rangeOf } from "../src/ranges.ts";

const monarch = buildMonarch({ keywords: KEYWORDS, typeKeywords: TYPE_KEYWORDS, literals: LITERAL_PATTERNS });

/**
 * Classifies `text` with the Monarch root rules the way Monaco does (first rule matching
 * at the position wins; `cases` looked up in the keyword lists). Enough to check the
 * generated rules; strings and comments are covered by their own states.
 */
function classify(text: string): [string, string][] {
  const out: [string, string][] = [];
  const rules = (monarch.tokenizer.root as unknown[]).filter(Array.isArray) as [RegExp, unknown][];
  let pos = 0;
  while (pos < text.length) {
    if (/\s/.test(text[pos]!)) { pos++; continue; }
    let matched = false;
    for (const [re, action] of rules) {
      const m = new RegExp(re.source, "uy");
      m.lastIndex = pos;
      const hit = m.exec(text);
      if (!hit || hit[0] === "") continue;
      let token = typeof action === "string" ? action : "";
      if (typeof action === "object" && action && "cases" in action) {
        const word = hit[0];
        const lists = monarch as unknown as Record<string, string[]>;
        token = lists.typeKeywords!.includes(word) ? "type"
          : lists.constants!.includes(word) ? "constant"
          : lists.keywords!.includes(word) ? "keyword" : "identifier";
      }
      out.push([hit[0], token]);
      pos += hit[0].length;
      matched = true;
      break;
    }
    if (!matched) throw new Error(`no rule at ${pos}: ${text.slice(pos)}`);
  }
  return out;
}

describe("高亮 Monarch highlighting generated from the lexer's tokens", () => {
  it("every keyword of the lexer is highlighted as a keyword, type or constant", () => {
    const lists = monarch as unknown as Record<string, string[]>;
    const all = [...lists.keywords!, ...lists.typeKeywords!, ...lists.constants!].sort();
    expect(all).toEqual([...KEYWORDS].sort());
    expect(lists.typeKeywords).toContain("Money");
    expect(lists.constants).toContain("unlimited");
  });

  it("classifies the literals of the language and Chinese names", () => {
    expect(classify("output 救助金: Money = 自付 above 1.6万元 * 70% at most unlimited")).toEqual([
      ["output", "keyword"], ["救助金", "identifier"], [":", "delimiter"], ["Money", "type"], ["=", "operator"],
      ["自付", "identifier"], ["above", "keyword"], ["1.6万元", "number.money"], ["*", "operator"],
      ["70%", "number.rate"], ["at", "keyword"], ["most", "keyword"], ["unlimited", "constant"],
    ]);
    expect(classify("effective 2022-07-25 §二(四)2 5pp 6个月 3 ∞ override_x")).toEqual([
      ["effective", "keyword"], ["2022-07-25", "number.date"], ["§二(四)2", "annotation"], ["5pp", "number.points"],
      ["6个月", "number.duration"], ["3", "number"], ["∞", "constant"], ["override_x", "identifier"],
    ]);
  });
});

describe("a Chinese keyboard, 无穷 and per claim in the editor", () => {
  it("highlights 无穷 as ∞ (无穷大 stays a name) and full-width punctuation as delimiters", () => {
    expect(classify("[0元，5千元】： 无穷 无穷大")).toEqual([
      ["[", "@brackets"], ["0元", "number.money"], ["，", "delimiter"], ["5千元", "number.money"], ["】", "delimiter"],
      ["：", "delimiter"], ["无穷", "constant"], ["无穷大", "identifier"],
    ]);
  });

  it("offers `year` and `claim` after `per`, and explains them on hover", () => {
    expect(completionCandidates("output x = 自付 at most 5000元 per ", SYMBOLS, KEYWORDS).map((c) => c.label)).toEqual(["year", "claim"]);
    expect(keywordHelp("claim", "zh")).toContain("单次限额");
    expect(keywordHelp("per", "en")).toContain("per claim");
    expect(keywordHelp("无穷", "en")).toContain("∞");
    expect(keywordHelp("5千元", "zh")).toBe("5千元 = 5000元");
    expect(keywordHelp("1.6万元", "en")).toBe("1.6万元 = ¥16000");
    expect(keywordHelp("5000元", "en")).toBeUndefined();
  });
});

const span = (start: number, end: number) => ({ start, end });
const sym = (s: Partial<SymbolInfo> & Pick<SymbolInfo, "name" | "kind" | "type">): SymbolInfo =>
  ({ span: span(0, 0), file: "p.bylaw", ...s }) as SymbolInfo;

const SYMBOLS: SymbolInfo[] = [
  sym({ name: "类别", kind: "enum", type: "类别", span: span(10, 12) }),
  sym({ name: "第一类", kind: "member", type: "类别" }),
  sym({ name: "第三类", kind: "member", type: "类别" }),
  sym({ name: "码色", kind: "enum", type: "码色" }),
  sym({ name: "蓝码", kind: "member", type: "码色" }),
  sym({ name: "救助对象类别", kind: "input", type: "类别", span: span(40, 46) }),
  sym({ name: "自付", kind: "input", type: "Money" }),
  sym({ name: "起付已用", kind: "ledger", type: "Money" }),
  sym({ name: "比例", kind: "table", type: "类别 -> Rate" }),
  sym({ name: "救助金", kind: "output", type: "Money", label: "医疗救助金" }),
  sym({ name: "首次就医", kind: "test", type: "" }),
];

describe("补全 completion candidates", () => {
  const labels = (before: string) => completionCandidates(before, SYMBOLS, KEYWORDS).map((c) => c.label);
  const first = (before: string) => completionCandidates(before, SYMBOLS, KEYWORDS)
    .filter((c) => c.rank === 0).map((c) => c.label);

  it("offers the enum's members after a comparison with an enum-typed name", () => {
    expect(first("alert a when 救助对象类别 == ")).toEqual(["第一类", "第三类"]);
    expect(first("alert a when 救助对象类别 != 第")).toEqual(["第一类", "第三类"]);
  });
  it("offers members after `Enum.` and only the key enum in `table[`", () => {
    expect(labels("define x = 类别.")).toEqual(["第一类", "第三类"]);
    expect(labels("define r = 比例[")).toEqual(["第一类", "第三类"]);
  });
  it("offers the members of the key at the cursor inside a grid row, and `_`", () => {
    const head = "table 网格: (类别, Money, 码色) -> Rate {\n  第一类, _, 蓝码: 10%\n  ";
    expect(labels(head)).toEqual(["第一类", "第三类", "_"]);
    expect(labels(head + "第一类 | 第三类, [0元, 1万元], ")).toEqual(["蓝码", "_"]);
    expect(labels(head + "第一类, ")).toEqual(["_"]); // an amount key: only `_` (or an interval)
    expect(labels(head + "第一类, _, 蓝码: ")).toContain("自付"); // the value: any name
  });
  it("offers ledger fields after `using` and inputs in `given`", () => {
    expect(labels("  自付 above 2000元 per year using ")).toEqual(["起付已用"]);
    expect(first("  given 自付 = 1元, ")).toEqual(["救助对象类别", "自付"]);
    expect(first("  given 救助对象类别 = ")).toEqual(["第一类", "第三类"]);
    expect(first("  expect ")).toEqual(["救助金"]);
  });
  it("offers keywords and every name in scope elsewhere, never test titles", () => {
    const all = labels("define y = ");
    expect(all).toEqual(expect.arrayContaining(["自付", "救助金", "比例", "above", "Money", "第三类"]));
    expect(all).not.toContain("首次就医");
  });
});

describe("符号 symbol lookups", () => {
  const index = {
    symbols: SYMBOLS,
    references: [{ span: span(100, 106), symbol: 5 }, { span: span(200, 202), symbol: 6, file: "parent.bylaw" }],
  };
  it("finds the symbol of a reference or a declaration under the cursor", () => {
    expect(symbolAt(index, "p.bylaw", 103)?.name).toBe("救助对象类别");
    expect(symbolAt(index, "p.bylaw", 11)?.name).toBe("类别");
    expect(symbolAt(index, "p.bylaw", 201)).toBeUndefined(); // a reference in another file
    expect(symbolAt(index, "p.bylaw", 150)).toBeUndefined();
  });
  it("reads the enum out of the compiler's type strings", () => {
    const enums = new Set(["类别", "身份"]);
    expect(enumOfType("类别", enums)).toBe("类别");
    expect(enumOfType("enum:类别", enums)).toBe("类别");
    expect(enumOfType("set:身份", enums)).toBe("身份");
    expect(enumOfType("set of 身份", enums)).toBe("身份");
    expect(enumOfType("类别 -> Rate", enums)).toBe("类别");
    expect(enumOfType("Money", enums)).toBeUndefined();
    expect([...membersByEnum(SYMBOLS).get("码色")!.map((s) => s.name)]).toEqual(["蓝码"]);
  });
  it("counts lines and columns for the problems list (1-based)", () => {
    expect(lineCol("ab\ncd\nef", 0)).toEqual({ line: 1, col: 1 });
    expect(lineCol("ab\ncd\nef", 4)).toEqual({ line: 2, col: 2 });
    expect(lineCol("ab\ncd\nef", 6)).toEqual({ line: 3, col: 1 });
  });
  it("hands Monaco columns in UTF-16 code units, while the problems list counts characters", () => {
    const text = "a\noutput 𠀀𠀁: Money = 自付 + 70%";
    const at = text.indexOf("自付");
    expect(lineCol(text, at)).toEqual({ line: 2, col: 20 });
    expect(rangeOf(text, { start: at, end: at + 2 })).toEqual({ startLineNumber: 2, startColumn: 22, endLineNumber: 2, endColumn: 24 });
    // clamped to the text; an end before the start is moved to it
    expect(rangeOf("ab", { start: 5, end: 1 })).toEqual({ startLineNumber: 1, startColumn: 3, endLineNumber: 1, endColumn: 3 });
  });
});

describe("分日期参数 a dated param in the editor", () => {
  const text = `param 人均可支配收入: Money "上年度人均可支配收入" §四(一) {
  2021-01-01: 30000元
  2022-01-01: 4万元
}`;

  it("highlights each date as a date and each value as money", () => {
    expect(classify(text.split("\n")[1]!)).toEqual([["2021-01-01", "number.date"], [":", "delimiter"], ["30000元", "number.money"]]);
    expect(classify(text.split("\n")[2]!)).toEqual([["2022-01-01", "number.date"], [":", "delimiter"], ["4万元", "number.money"]]);
  });

  it("the hover lists every value with the date it is in force from", () => {
    const r = compile("p.bylaw", `policy t.p "测试" {\n  region "r"\n  effective 2021-01-01\n  source "s.txt"\n}\n${text}\noutput 线: Money "线" §四(一) = 人均可支配收入\n`, { readFile: () => undefined });
    const s = r.symbols.find((x) => x.name === "人均可支配收入")!;
    expect(s.dated).toEqual([{ from: "2021-01-01", value: "30000元" }, { from: "2022-01-01", value: "40000元" }]);
    expect(s.value).toBeUndefined();
    expect(datedMarkdown(s.dated!, "zh")).toBe("分日期取值（就医日期适用当时有效的一项）:\n- 2021-01-01 起: `30000元`\n- 2022-01-01 起: `40000元`");
  });
});

describe("网格表 grid tables in the editor", () => {
  const grid = `enum 对象 "对象" {\n  低保 "低保"\n  优抚 "优抚"\n}\nenum 级别 "级别" {\n  乡镇级 "乡镇级"\n}\ninput {\n  甲: 对象 "甲"\n  乙: 级别 "乙"\n  自付: Money "自付"\n}\ntable 比例: (对象, 级别, Money) -> Rate "救助比例" §一 {\n  低保 | 优抚, _, [0元, 1万元]: 50%\n  低保 | 优抚, _, (1万元, ∞): 70%\n}\noutput 救助金: Money "救助金" = 自付 * 比例[甲, 乙, 自付]\n`;

  it("highlights a row's `|` as an operator and its cells as members, any value and money", () => {
    expect(classify("  低保 | 优抚, _, [0元, 1万元]: 50%").map(([text, token]) => `${text} ${token}`)).toEqual(expect.arrayContaining([
      "| operator", "0元 number.money", "1万元 number.money", "50% number.rate",
    ]));
  });

  it("the hover names the grid's keys and value type", () => {
    const r = compile("p.bylaw", `policy t.p "测试" {\n  region "r"\n  effective 2021-01-01\n  source "s.txt"\n}\n${grid}`, { readFile: () => undefined });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const s = r.symbols.find((x) => x.name === "比例")!;
    expect(s.type).toBe("(对象, 级别, Money) -> Rate");
    expect(s.sections).toEqual(["§一"]);
  });
});
