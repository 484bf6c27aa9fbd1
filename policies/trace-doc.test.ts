// Every figure of the five seed documents accounted for: linked to the rule holding it or
// acknowledged with its reason, none unlinked; the placeholders (占位值) apart; and a figure
// changed in a copy of a policy is reported, from its document's side and from the rule's.
// The documents are copies of ../shared/seeds/ kept beside the policies that name them.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../compiler/index.ts";
import { byDocument, traceDocument, type DocumentTrace } from "../compiler/doc/trace-doc.ts";
import { ROOT, SEED_FILES, readSeed, seedHost } from "../tests/support/seeds.ts";
import { bylaw, tmp } from "../cli/run-bylaw.ts";

/** The trace of every seed document, with some policy texts replaced. */
function traces(changed: ReadonlyMap<string, string> = new Map()): Map<string, DocumentTrace> {
  const host = seedHost(changed);
  const compiled = SEED_FILES.map((file) => {
    const r = compile(file, changed.get(file) ?? readSeed(file), host);
    if (!r.artifact) throw new Error(`${file}: ${r.diagnostics.map((d) => d.code).join(" ")}`);
    return { artifact: r.artifact, ast: r.ast, folder: dirname(file) };
  });
  const out = new Map<string, DocumentTrace>();
  for (const [document, { folders, ...sources }] of byDocument(compiled)) {
    out.set(document, traceDocument(document, readFileSync(join(ROOT, folders[0]!, document), "utf8"), sources));
  }
  return out;
}

/** The five seed documents (a folder added beside them has its own trace, not asserted here). */
const SEED_DOCUMENTS = ["000_1b66f3c1618de509.txt", "001_9767cac6c67808e0.txt", "002_df9c58f623b7c2d8.txt", "003_be53969b4661f382.txt", "004_4853d261dbca1f01.txt"];

const counts = (t: DocumentTrace) => ({ figures: t.figures, linked: t.linked, acknowledged: t.acknowledged, placeholder: t.placeholder, unlinked: t.unlinked });

describe("the seed documents, figure by figure", () => {
  const all = new Map([...traces()].filter(([d]) => SEED_DOCUMENTS.includes(d)));

  it("every figure of the five documents is linked or acknowledged: 0 unlinked", () => {
    expect([...all.keys()].sort()).toEqual(SEED_DOCUMENTS);
    for (const t of all.values()) {
      expect(t.items.filter((f) => f.class === "unlinked").map((f) => `${t.document}:${f.line} ${f.text}`)).toEqual([]);
      expect(t.acknowledgedAmiss).toEqual([]);
    }
    expect(Object.fromEntries([...all].map(([d, t]) => [d.slice(0, 3), counts(t)]))).toEqual({
      "000": { figures: 20, linked: 20, acknowledged: 0, placeholder: 10, unlinked: 0 },
      "001": { figures: 34, linked: 30, acknowledged: 4, placeholder: 0, unlinked: 0 }, // 3年 (未来2至3年) since years are figures
      "002": { figures: 7, linked: 6, acknowledged: 1, placeholder: 7, unlinked: 0 },
      "003": { figures: 39, linked: 27, acknowledged: 12, placeholder: 0, unlinked: 0 }, // 减半 (冠县二), 两次 (冠县一) since they are figures
      "004": { figures: 27, linked: 23, acknowledged: 4, placeholder: 4, unlinked: 0 },
    });
  });

  it("an acknowledged figure carries its reason; a linked one the rules holding it", () => {
    const t = all.get("001_9767cac6c67808e0.txt")!;
    expect(t.items.find((f) => f.text === "81元")).toMatchObject({ class: "acknowledged", section: "一(二)" });
    expect(t.items.find((f) => f.text === "81元")!.declarations[0]).toContain("71元 + 10元");
    expect(t.items.find((f) => f.text === "40万元")).toMatchObject({ class: "linked", section: "二(二)", declarations: ["年度限额"] });
  });

  it("the placeholders stay visible, by name", () => {
    const names = (d: string) => [...new Set(all.get(d)!.placeholders.map((p) => p.name))];
    expect(names("004_4853d261dbca1f01.txt")).toEqual(["定额补贴", "其他起付线", "其他救助比例", "其他救助限额"]);
    expect(names("000_1b66f3c1618de509.txt")).toEqual(expect.arrayContaining(["上年度人均可支配收入", "职工起付线", "居民起付线", "年度限额", "分段"]));
  });

  it("the reverse check: only 003's derived figures (README: from 001 and 004) are not stated by the section they cite", () => {
    for (const t of all.values()) if (!t.document.startsWith("003")) expect(t.notInDocument, t.document).toEqual([]);
    const derived = all.get("003_be53969b4661f382.txt")!.notInDocument.map((d) => `${d.name} ${d.value}`);
    expect(derived.sort()).toEqual(["分段 0.65", "分段 0.75", "分段 0.8", "分段 100000", "分段 300000", "年度限额 400000", "特药年度限额 200000"]);
  });
});

describe("a seed figure changed in a copy of its policy", () => {
  // 004 §二(二)3(五): "18岁以上患者 … 年度最高支付额度1.2万元"
  const PKU = "policies/004-shandong-linyi/pku-food.bylaw";

  it("is reported both ways: the document's figure unlinked, the policy's value not in its section", () => {
    const text = readSeed(PKU);
    expect(text).toContain("(18, ∞): 1.2万元");
    const t = traces(new Map([[PKU, text.replace("(18, ∞): 1.2万元", "(18, ∞): 1.3万元")]])).get("004_4853d261dbca1f01.txt")!;
    expect(t.items.filter((f) => f.class === "unlinked").map((f) => [f.text, f.section])).toEqual([["1.2万元", "二(二)3(五)"]]);
    expect(t.notInDocument.map((d) => `${d.name} ${d.value}`)).toEqual(["年度限额 13000"]);
  });

  it("bylaw trace-doc on a copy of the folder warns at the document's line", () => {
    const dir = tmp();
    cpSync(join(ROOT, "policies/003-liaocheng"), dir, { recursive: true });
    // 冠县一: "自付超过30万元的,标记成红码"
    const file = join(dir, "guanxian-warning.bylaw");
    writeFileSync(file, readFileSync(file, "utf8").replaceAll("(30万元, ∞): 红码", "(40万元, ∞): 红码").replaceAll("(10万元, 30万元]", "(10万元, 40万元]"));
    const r = bylaw(["trace-doc", ".", "--lang", "en"], { cwd: dir });
    expect(r.stdout).toContain("003_be53969b4661f382.txt: 39 figures, 25 linked, 12 acknowledged, 0 placeholder, 2 unlinked");
    expect(r.stdout).toMatch(/003_be53969b4661f382\.txt:19: warning: 30万元 §冠县一 is in no rule: [^\n]*自付10万元到30万元的,标记成黄码/);
    expect(r.stdout).toContain("warning: 帮扶对象预警 = 400000元 §冠县一 is not stated in its section");
  });
});
