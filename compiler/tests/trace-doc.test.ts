// Every figure of a document accounted for (a hand-made document where every class is known),
// and a seed figure changed in a copy of its policy is reported on both sides.
import { describe, expect, it } from "vitest";
import { compile } from "../index.ts";
import { traceDocument, traceSources } from "../doc/trace-doc.ts";
import { covers, paragraphs } from "../doc/sections.ts";
import { readSeed, seedHost } from "../../tests/support/seeds.ts";
import { DOC, POLICY } from "./trace-doc-fixture.ts";



describe("document sections", () => {
  it("numbers paragraphs as policies cite them", () => {
    expect(paragraphs(DOC).map((p) => p.section)).toEqual(["", "一", "一(一)", "一(二)", "一(二)1", "一(二)2", "二", "二"]);
  });

  it("`一是` under an item enumerates inside it (cited `二(二)3(五)`)", () => {
    const doc = "二、政策措施\n(二) 实施综合保障措施。\n3. 扎实开展医疗救助工作。\n一是落实参保补贴。\n五是落实特殊疾病救助。\n4. 全面执行药品目录。\n";
    expect(paragraphs(doc).map((p) => p.section)).toEqual(["二", "二(二)", "二(二)3", "二(二)3(一)", "二(二)3(五)", "二(二)4"]);
  });

  it("an article with no title line starts at a paragraph naming it near its start", () => {
    const bulletin = "冠县落实医保帮扶政策\n一、选准切入点\n起付线降至5500元。\n今年以来,临清市聚焦医疗保障问题,健全多层次医疗保障体系,提升医疗保障和健康管理服务水平。\n二是参保资助政策落实精准。\n";
    expect(paragraphs(bulletin, ["冠县", "临清"]).map((p) => p.section)).toEqual(["冠县", "冠县一", "冠县一", "临清", "临清二"]);
  });

  it("a bulletin's articles prefix their sections, and `一是` opens a chapter as `一、` does", () => {
    const bulletin = "简报\n冠县落实医保帮扶政策\n一、选准切入点\n起付线降至5500元。\n临清市精准施策\n二是参保资助政策落实精准\n资助280元。\n";
    expect(paragraphs(bulletin, ["冠县", "临清"]).map((p) => p.section)).toEqual(["", "冠县", "冠县一", "冠县一", "临清", "临清二", "临清二"]);
  });

  it("a citation covers its section, what is under it, and each item of a range", () => {
    expect(covers("二(四)", "二(四)1")).toBe(true);
    expect(covers("二(四)1", "二(四)12")).toBe(false);
    expect(covers("二(四)1-2", "二(四)2")).toBe(true);
    expect(covers("二(四)1-2", "二(四)3")).toBe(false);
    expect(covers("二", "二十")).toBe(false);
  });
});

describe("trace-doc on a hand-made document", () => {
  const r = compile("doc.bylaw", POLICY, { readFile: () => undefined });
  const t = traceDocument("doc.txt", DOC, traceSources(r.artifact!, r.ast));

  it("links the figures a declaration citing their section holds; the rest are unlinked", () => {
    expect(t.items.map((f) => [f.text, f.section, f.class])).toEqual([
      ["1000元", "一(一)", "linked"],
      ["70%", "一(二)1", "linked"],
      ["2万元", "一(二)1", "unlinked"], // the policy says 3万元
      ["60周岁", "一(二)2", "linked"], // the literal 60 in 救助金, which cites §一(二)
      ["5个百分点", "一(二)2", "linked"],
      ["70%", "二", "unlinked"], // no declaration cites §二 (15个工作日 is not a figure the language knows)
    ]);
    expect(t).toMatchObject({ figures: 6, linked: 4, acknowledged: 0, placeholder: 1, unlinked: 2 });
  });

  it("reports a declared figure its section does not state, and the placeholder apart", () => {
    expect(t.notInDocument.map((d) => [d.name, d.value, d.sections])).toEqual([["限额", "30000", ["一(二)1"]]]);
    expect(t.placeholders.map((d) => d.name)).toEqual(["地区系数"]);
  });

  it("cites no section the document lacks; a citation of §九 (the document has 一 and 二) is reported at its declaration", () => {
    expect(t.unknownSections).toEqual([]);
    const wrong = compile("doc.bylaw", `${POLICY}param 单次限额: Money = 2万元 "单次限额" §九(二)\noutput 另: Money = 单次限额\n`, { readFile: () => undefined });
    const u = traceDocument("doc.txt", DOC, traceSources(wrong.artifact!, wrong.ast)).unknownSections;
    expect(u.map((x) => [x.section, x.name, x.at?.file])).toEqual([["九(二)", "单次限额", "doc.bylaw"]]);
  });
});

describe("acknowledged figures", () => {
  // 70% §二 is unlinked above: a policy that says why it is no rule makes it acknowledged
  const policy = `${POLICY}acknowledge "全市统一比例，由市级政策规定" §二 { 70% }\n`;
  const r = compile("doc.bylaw", policy, { readFile: () => undefined, readDocument: () => DOC });
  const t = traceDocument("doc.txt", DOC, traceSources(r.artifact!, r.ast));

  it("are a class of their own, with the reason as what accounts for them", () => {
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]); // 地区系数 is unused (BL6004)
    const seventy = t.items.find((f) => f.text === "70%" && f.section === "二")!;
    expect(seventy).toMatchObject({ class: "acknowledged", declarations: ["全市统一比例，由市级政策规定"] });
    expect(t).toMatchObject({ figures: 6, linked: 4, acknowledged: 1, placeholder: 1, unlinked: 1 });
  });

  it("stay out of the IR: the artifact is the one the policy without them compiles to", () => {
    const plain = compile("doc.bylaw", POLICY, { readFile: () => undefined }).artifact!;
    expect(r.artifact!.ir).toEqual(plain.ir);
  });

  it("one the cited section does not state is reported, by trace-doc and by the compiler", () => {
    const wrong = `${POLICY}acknowledge "全市统一比例" §二 { 75% }\n`;
    const w = compile("doc.bylaw", wrong, { readFile: () => undefined, readDocument: () => DOC });
    expect(w.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["BL4054"]);
    const unchecked = compile("doc.bylaw", wrong, { readFile: () => undefined });
    const amiss = traceDocument("doc.txt", DOC, traceSources(unchecked.artifact!, unchecked.ast)).acknowledgedAmiss;
    expect(amiss.map((f) => [f.value, f.reason, f.sections])).toEqual([["0.75", "全市统一比例", ["二"]]]);
  });
});

describe("a regulation numbered 第X条", () => {
  const REG = [
    "XX县城乡居民医疗救助实施细则",
    "第一章　总则",
    "第一条　为做好医疗救助工作，制定本细则。",
    "第二章　救助标准",
    "第五条　住院救助起付线为1000元，救助比例为70%。",
    "（一）特困人员不设起付线。",
    "（二）省外就医的个人先行支付5000元。",
    "第六条　年度救助限额为5万元。",
  ].join("\n");

  it("numbers articles as policies cite them, chapters left out, items under their article", () => {
    expect(paragraphs(REG).map((p) => p.section)).toEqual(["", "", "第一条", "", "第五条", "第五条(一)", "第五条(二)", "第六条"]);
    expect(covers("第五条", "第五条(二)")).toBe(true);
    expect(covers("第五条", "第六条")).toBe(false);
  });

  it("links declarations citing §第五条, and an acknowledged figure of §第五条(二) is stated there", () => {
    const policy = `policy reg.t "测试" {
  region "测试地区"
  effective 2022-01-01
  source "reg.txt"
}
input { 自付: Money "个人自付" }
ledger per year { 起付已用: Money "已用起付线"  已救助: Money "年度已救助" }
param 起付线: Money = 1000元 "起付线" §第五条
param 比例: Rate = 70% "救助比例" §第五条
param 限额: Money = 5万元 "年度救助限额" §第六条
output 救助金: Money = 自付 above 起付线 per year using 起付已用 * 比例 at most 限额 per year using 已救助
acknowledge "先行支付，不参与结算" §第五条(二) { 5000元 }
`;
    const r = compile("reg.bylaw", policy, { readFile: () => undefined, readDocument: () => REG });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const t = traceDocument("reg.txt", REG, traceSources(r.artifact!, r.ast));
    expect(t.items.map((f) => [f.text, f.section, f.class])).toEqual([
      ["1000元", "第五条", "linked"], ["70%", "第五条", "linked"], ["5000元", "第五条(二)", "acknowledged"], ["5万元", "第六条", "linked"],
    ]);
    const wrong = compile("reg.bylaw", policy.replace("§第五条(二) { 5000元 }", "§第五条(一) { 5000元 }"), { readFile: () => undefined, readDocument: () => REG });
    expect(wrong.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["BL4054"]);
    // cited with a Chinese keyboard's brackets, §第五条（二） is the same section
    const wide = compile("reg.bylaw", policy.replace("§第五条(二)", "§第五条（二）"), { readFile: () => undefined, readDocument: () => REG });
    expect(wide.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(traceDocument("reg.txt", REG, traceSources(wide.artifact!, wide.ast)).items.find((f) => f.text === "5000元")!.class).toBe("acknowledged");
  });
});

describe("figures in years and in words", () => {
  const DOC2 = ["第七条　连续参保满4年的，之后每连续参保1年，大病保险最高支付限额提高1万元。", "第八条　退休人员起付标准减半。2024年1月1日起执行。"].join("\n");
  const policy = (extra = "") => `policy reg.y "测试" {
  region "测试地区"
  effective 2024-01-01
  source "reg.txt"
}
input { 年数: Int "连续参保年数"  自付: Money "自付" }
param 起算年数: Int = 4 "连续参保满4年" §第七条
param 每年提高: Money = 1万元 "每年提高" §第七条
param 起付系数: Rate = 50% "退休人员起付标准减半" §第八条
output x: Money = 自付 * 起付系数 + max(年数 - 起算年数, 0) * 每年提高
${extra}`;

  it("满4年 is a figure of 4 (2024年 is a date's, linked to the effective date) and 减半 one of 50%: all linked", () => {
    const r = compile("reg.bylaw", policy(), { readFile: () => undefined, readDocument: () => DOC2 });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const t = traceDocument("reg.txt", DOC2, traceSources(r.artifact!, r.ast));
    expect(t.items.map((f) => [f.text, f.class])).toEqual([["4年", "linked"], ["1年", "unlinked"], ["1万元", "linked"], ["减半", "linked"], ["2024年1月1日", "linked"]]);
    // 1年 is acknowledged as the document writes it (`{ 1年 }`, the number 1)
    const acked = compile("reg.bylaw", policy(`acknowledge "每年提高的单位" §第七条 { 1年 }\n`), { readFile: () => undefined, readDocument: () => DOC2 });
    expect(acked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(traceDocument("reg.txt", DOC2, traceSources(acked.artifact!, acked.ast)).items.find((f) => f.text === "1年")!.class).toBe("acknowledged");
  });

  it("an acknowledgment of a figure the section does not state is that error alone, not also \"held by a rule\"", () => {
    // 30% is held by 调整系数 (§第七条), but 第七条 states no 30%
    const extra = `param 调整系数: Rate = 30% "调整系数" §第七条\noutput y: Money = 自付 * 调整系数\nacknowledge "调整系数" §第七条 { 30% }\n`;
    const r = compile("reg.bylaw", policy(extra), { readFile: () => undefined, readDocument: () => DOC2 });
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["BL4054"]);
  });
});

/** A policy (its declarations) compiled beside its document `reg.txt`, and the document traced. */
function beside(doc: string, declarations: string) {
  const r = compile("reg.bylaw", `policy reg.c "测试" {\n  region "测试地区"\n  effective 2024-01-01\n  source "reg.txt"\n}\n${declarations}`,
    { readFile: () => undefined, readDocument: () => doc });
  return { r, t: r.artifact && traceDocument("reg.txt", doc, traceSources(r.artifact, r.ast)) };
}

describe("counting, as documents say it", () => {
  const DOC3 = "第三条　一个自然年度内第二次及以后住院的，起付线减半。";
  it("第二次 is a figure of 2 a `>= 2` links to; the 1 and 0 of counting are no figures to look for", () => {
    const { t } = beside(DOC3, `input { 住院: Bool "住院"  费用: Money "费用" }
ledger per year { 住院次数: Int "年度住院次数" }
define 第几次: Int "第几次住院" §第三条 = cumulative (if 住院 then 1 else 0) per year using 住院次数
param 起付线: Money = 800元 "起付线"
output x: Money "报销" §第三条 = 费用 above (if 第几次 >= 2 then 起付线 * 50% else 起付线)
`);
    expect(t!.items.map((f) => [f.text, f.class])).toEqual([["二次", "linked"], ["减半", "linked"]]);
    expect(t!.notInDocument.map((d) => `${d.name} = ${d.value}`)).toEqual([]);
  });

  it("自连续参保第二年起 is a figure of 2 years, as `连续参保年数 >= 2` reads it", () => {
    const { t } = beside("第五条　自连续参保第二年起，免赔额每年降低1000元。", `input { 年数: Int "连续参保年数"  费用: Money "费用" }
define 降低额: Money "降低额" §第五条 = if 年数 >= 2 then (年数 - 1) * 1000元 else 0元
output x: Money "赔付" §第五条 = 费用 above (20000元 - 降低额)
`);
    expect(t!.items.map((f) => [f.text, f.class])).toEqual([["第二年", "linked"], ["1000元", "linked"]]);
  });
});

describe("multiples (倍)", () => {
  const DOC4 = "第二条　日均费用超过日支付标准2倍的，列为疑点。\n（一）违规的，处违规金额1倍以上5倍以下罚款。";
  it("a whole multiple is held by a param (`= 2`) and acknowledged as written (`{ 1, 5 }`)", () => {
    const { r, t } = beside(DOC4, `input { 费用: Money "日均费用"  标准: Money "日支付标准" }
param 倍数: Number "疑点倍数" §第二条 = 2
alert 疑点 "列为疑点" §第二条 when 费用 > 标准 * 倍数
acknowledge "处罚，不参与结算" §第二条(一) { 1, 5 }
`);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(t!.items.map((f) => [f.text, f.class])).toEqual([["2倍", "linked"], ["1倍", "acknowledged"], ["5倍", "acknowledged"]]);
    expect(t!.notInDocument).toEqual([]);
  });
});

describe("a document's totals in 亿元", () => {
  it("are figures (1.26亿元 = 126000000元), acknowledged as written; head counts (18.7万人次) are none", () => {
    const DOC5 = "一、总则\n（一）全年支出1.26亿元，惠及18.7万人次，救助限额3万元。";
    const { r, t } = beside(DOC5, `input { 费用: Money "费用" }\noutput 救助: Money "救助" §一 = 费用 at most 3万元\nacknowledge "统计数字，不参与结算" §一(一) { 1.26亿元 }\n`);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(t!.items.map((f) => [f.text, f.class])).toEqual([["1.26亿元", "acknowledged"], ["3万元", "linked"]]);
  });
});

describe("days (天)", () => {
  it("are figures a count links to (产假98天), acknowledged as written (`{ 30 }`); working days are none", () => {
    const DOC6 = "第五条　生育津贴按产假98天计发。\n（一）申请人应在30天内提出，经办机构15个工作日内办结。";
    const { r, t } = beside(DOC6, `input { 工资: Money "日工资" }\nparam 产假: Int "产假天数" §第五条 = 98\noutput 津贴: Money "生育津贴" §第五条 = 工资 * 产假\nacknowledge "申请时限，不参与结算" §第五条(一) { 30 }\n`);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(t!.items.map((f) => [f.text, f.class])).toEqual([["98天", "linked"], ["30天", "acknowledged"]]);
    expect(t!.notInDocument).toEqual([]);
  });
});

describe("trace-doc on a seed", () => {
  const PATH = "policies/000-xpcc/assistance.bylaw";
  // 000_1b66f3c1618de509.txt §二(四)1-2, as the document words it (the seeds live beside the
  // repository, not in it: the test carries the paragraphs it needs)
  const doc = `二、强化医疗救助托底保障功能
(四)合理确定基本救助水平。按照救助对象家庭困难情况合理确定救助水平,分类设定年度救助起付标准、救助比例和年度救助限额,并根据经济社会发展和医疗救助基金运行等情况,由兵团医疗保障局会同兵团财政局适时调整救助水平。(兵团医疗保障局、财政局按职责分工负责)
1. 分类设定年度起付标准。第一、二类救助对象不设起付标准,第三类救助对象年度起付标准为2000元,第四类救助对象年度起付标准为6000元。
2. 分类设定救助比例和年度救助限额。经基本医保、大病保险等报销后个人负担的符合规定的医疗费用,对第一类救助对象按90%的比例救助,年度救助限额为5万元;对第二类救助对象按80%的比例救助,年度救助限额为4万元;对第三、四类救助对象分别按70%60%的比例救助,年度救助限额为3万元。南疆师市第二、三、四类救助对象在上述救助比例的基础上提高5个百分点。`;
  const trace = (text: string) => {
    const r = compile(PATH, text, seedHost(new Map([[PATH, text]])));
    return traceDocument("000_1b66f3c1618de509.txt", doc, traceSources(r.artifact!, r.ast));
  };

  it("a deductible changed in a copy of the policy (2000元 → 2500元, §二(四)1) is reported both ways", () => {
    const before = trace(readSeed(PATH));
    const changed = trace(readSeed(PATH).replace("第三类: 2000元", "第三类: 2500元"));
    const two = (t: typeof before) => t.items.find((f) => f.text === "2000元" && f.section === "二(四)1")!.class;
    expect(two(before)).toBe("linked");
    expect(two(changed)).toBe("unlinked");
    expect(changed.notInDocument.map((d) => `${d.name} ${d.value}`)).toContain("起付标准 2500");
  });
});

describe("dates, as documents state them", () => {
  const DOC = ["第三条　县级医院住院报销比例为80%。", "第四条　自2025年7月1日起，县级医院住院报销比例调整为85%。", "第五条　本办法自2025年1月1日起施行。"].join("\n");
  const rules = (effective: string, change: string) => `policy reg.d "测试" {
  region "测试地区"
  effective ${effective}
  source "reg.txt"
}
input { 费用: Money "费用" }
param 县级比例: Rate "县级医院住院报销比例" §第三条 §第四条 {
  ${effective}: 80%
  ${change}: 85%
}
output 报销: Money "报销" §第三条 = 费用 * 县级比例
`;
  const trace = (text: string) => {
    const r = compile("reg.bylaw", text, { readFile: () => undefined, readDocument: () => DOC });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    return traceDocument("reg.txt", DOC, traceSources(r.artifact!, r.ast));
  };

  it("the date a dated param changes on and the effective date are linked", () => {
    const t = trace(rules("2025-01-01", "2025-07-01"));
    expect(t.items.filter((f) => f.kind === "date").map((f) => [f.text, f.value, f.class, f.declarations])).toEqual([
      ["2025年7月1日", "2025-07-01", "linked", ["县级比例"]],
      ["2025年1月1日", "2025-01-01", "linked", ["effective"]],
    ]);
    expect(t.notInDocument).toEqual([]);
  });

  it("a change date mistyped (2025-08-01 for 2025年7月1日) is unlinked, and the rule's date not in its section", () => {
    const t = trace(rules("2025-01-01", "2025-08-01"));
    expect(t.items.filter((f) => f.class === "unlinked").map((f) => f.text)).toEqual(["2025年7月1日"]);
    expect(t.notInDocument.map((d) => `${d.name} ${d.value}`)).toEqual(["县级比例 2025-08-01"]);
  });

  it("an effective date the document states nowhere is listed; 70周岁 is the 840个月 a birth date is moved by", () => {
    const t = trace(rules("2025-02-01", "2025-07-01"));
    expect(t.items.filter((f) => f.class === "unlinked").map((f) => f.text)).toEqual(["2025年1月1日"]);
    expect(t.notInDocument.map((d) => `${d.name} ${d.value}`)).toEqual(["effective 2025-02-01"]);
    const age = beside("第六条　年满70周岁的退休人员，年度限额为4500元。", `input { 出生日期: Date "出生日期" }
output 限额: Money "年度限额" §第六条 = if claim date >= 出生日期 + 840个月 then 4500元 else 4000元
`).t!;
    expect(age.items.map((f) => [f.text, f.class])).toEqual([["70周岁", "linked"], ["4500元", "linked"]]);
    expect(age.notInDocument.map((d) => d.value)).toEqual(["4000"]);
  });

  it("a date of issue is acknowledged as `2019-08-09`; one the section does not state is BL4054", () => {
    const doc = "一、比例为80%。\n二、本通知自印发之日起执行。2019年8月9日印发";
    const text = (date: string) => `policy reg.i "测试" {\n  region "测试地区"\n  effective 2019-09-01\n  source "reg.txt"\n}\ninput { 费用: Money "费用" }
output 报销: Money "报销" §一 = 费用 * 80%\nacknowledge "印发日期" §二 { ${date} }\n`;
    const ok = compile("reg.bylaw", text("2019-08-09"), { readFile: () => undefined, readDocument: () => doc });
    expect(ok.diagnostics).toEqual([]);
    expect(traceDocument("reg.txt", doc, traceSources(ok.artifact!, ok.ast)).items.map((f) => [f.text, f.class])).toEqual([["80%", "linked"], ["2019年8月9日", "acknowledged"]]);
    const wrong = compile("reg.bylaw", text("2019-09-01"), { readFile: () => undefined, readDocument: () => doc });
    expect(wrong.diagnostics.map((d) => d.code)).toEqual(["BL4054"]);
  });
});

describe("a cell's figure, said of its member", () => {
  const DOC = ["第三条　年度最高支付限额在职职工为3000元，退休人员为4000元。", "第四条　病种限额：", "1.高血压：1200元；", "2.糖尿病（含并发症）：1800元；",
    "第五条　个人缴费：居民(不含学生)310元，学生210元。"].join("\n");
  const rules = (cells: { 在职: string; 退休: string; 高血压: string; 糖尿病: string; 居民: string; 学生: string }) => `enum 人员类别 "人员类别" {
  在职 "在职职工"
  退休 "退休人员"
}
enum 病种 "病种" {
  高血压
  糖尿病
}
enum 身份 "身份" {
  居民
  学生
}
input { 类别: 人员类别 "类别"  病: 病种 "病种"  身: 身份 "身份"  费用: Money "费用" }
table 限额: 人员类别 -> Money "年度最高支付限额" §第三条 { 在职: ${cells.在职}  退休: ${cells.退休} }
table 病种限额: (病种) -> Money "病种限额" §第四条 {
  高血压: ${cells.高血压}
  糖尿病: ${cells.糖尿病}
}
table 缴费: 身份 -> Money "个人缴费" §第五条 { 居民: ${cells.居民}  学生: ${cells.学生} }
output 付: Money "付" = (费用 at most 限额[类别] at most 病种限额[病]) + 缴费[身] * 0
`;
  const said = (cells: Parameters<typeof rules>[0]) => beside(DOC, rules(cells)).t!.items.filter((f) => f.saidOf !== undefined).map((f) => `${f.text} ${f.saidOf}`);

  it("as the document says them: none (居民(不含学生)310元 is of 居民, what the parenthesis excludes names none)", () => {
    expect(said({ 在职: "3000元", 退休: "4000元", 高血压: "1200元", 糖尿病: "1800元", 居民: "310元", 学生: "210元" })).toEqual([]);
  });

  it("swapped cells link by value, and each figure is said of the member the document names it of", () => {
    expect(said({ 在职: "4000元", 退休: "3000元", 高血压: "1800元", 糖尿病: "1200元", 居民: "210元", 学生: "310元" }))
      .toEqual(["3000元 在职", "4000元 退休", "1200元 高血压", "1800元 糖尿病", "310元 居民", "210元 学生"]);
  });
});

describe("分别, and a range of dates", () => {
  const DOC = ["第一条　本办法自2025年1月1日起施行，执行期限为2025年1月1日至12月31日。", "第二条　年度最高支付限额：在职职工、退休人员分别为3000元、4000元。"].join("\n");
  const rules = (在职: string, 退休: string) => `policy reg.r "测试" {\n  region "测试地区"\n  effective 2025-01-01\n  ends 2025-12-31\n  source "reg.txt"\n}
enum 人员 "人员" {
  在职 "在职职工"
  退休 "退休人员"
}
input { r: 人员 "人员"  x: Money "x" }
table 限额: 人员 -> Money "限额" §第二条 { 在职: ${在职}  退休: ${退休} }
output y: Money "y" §第二条 = x at most 限额[r]
`;
  const trace = (text: string) => {
    const r = compile("reg.bylaw", text, { readFile: () => undefined, readDocument: () => DOC });
    return traceDocument("reg.txt", DOC, traceSources(r.artifact!, r.ast));
  };

  it("each figure after 分别 is of the member at its place in the list; 至12月31日 takes the range's year", () => {
    const t = trace(rules("3000元", "4000元"));
    expect(t.items.filter((f) => f.saidOf !== undefined)).toEqual([]);
    expect(t.items.filter((f) => f.kind === "date").map((f) => [f.text, f.value, f.class])).toEqual([
      ["2025年1月1日", "2025-01-01", "linked"], ["2025年1月1日", "2025-01-01", "linked"], ["12月31日", "2025-12-31", "linked"],
    ]);
    expect(t.notInDocument).toEqual([]);
  });

  it("swapped, each is said of its own member", () => {
    expect(trace(rules("4000元", "3000元")).items.filter((f) => f.saidOf !== undefined).map((f) => `${f.text} ${f.saidOf}`)).toEqual(["3000元 在职", "4000元 退休"]);
  });
});
