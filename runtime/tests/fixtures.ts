// Hand-written artifacts for the runtime's tests, built from small pieces and sealed with the
// real integrity hash. The figures are the documents' (see ../shared/seeds beside the repository).
import type {
  Artifact, EnumDef, Expr, InputField, PolicyMeta, Program, TestCase, TypeName, Value,
} from "../ir/artifact.ts";
import { ARTIFACT_FORMAT, FORMAT_VERSION } from "../ir/artifact.ts";
import { integrityOf } from "../load/hash.ts";

// ── expression helpers ──
export const lit = (v: Value, t: TypeName): Expr => ({ k: "lit", v, t });
export const money = (v: string): Expr => lit(v, "Money");
export const rate = (v: string): Expr => lit(v, "Rate");
export const points = (v: string): Expr => lit(v, "Points");
export const input = (name: string): Expr => ({ k: "input", name });
export const param = (name: string): Expr => ({ k: "param", name });
export const def = (name: string): Expr => ({ k: "def", name });
export const index = (table: string, key: Expr): Expr => ({ k: "index", table, key });
export const mul = (a: Expr, b: Expr): Expr => ({ k: "arith", op: "*", a, b });
export const add = (a: Expr, b: Expr): Expr => ({ k: "arith", op: "+", a, b });
export const eq = (a: Expr, b: Expr): Expr => ({ k: "cmp", op: "==", a, b });
export const gt = (a: Expr, b: Expr): Expr => ({ k: "cmp", op: ">", a, b });
export const enumLit = (en: string, member: string): Expr => lit(member, `enum:${en}`);

export interface Parts {
  policy?: Partial<PolicyMeta>;
  enums?: EnumDef[];
  fields?: InputField[];
  ledger?: string[];
  ir?: Partial<Program>;
  tests?: TestCase[];
}

/** A complete, sealed artifact. */
export function build(p: Parts): Artifact {
  const a: Omit<Artifact, "integrity"> & { integrity?: string } = {
    format: ARTIFACT_FORMAT,
    formatVersion: FORMAT_VERSION,
    compiler: "0.1.0",
    sourceHash: "sha256:" + "0".repeat(64),
    policy: {
      id: "test.policy", title: "测试政策", region: "测试", effective: "2022-01-01", source: "test.txt", ...p.policy,
    },
    sources: [{ path: "test.bylaw", sha256: "0".repeat(64) }],
    schema: { enums: p.enums ?? [], fields: p.fields ?? [] },
    ledger: { fields: (p.ledger ?? []).map((name) => ({ name })) },
    ir: {
      params: [], tables: [], bands: [], classifications: [], defines: [], outputs: [], alerts: [], pipelines: [], ...p.ir,
    },
    tests: p.tests ?? [],
  };
  return seal(a);
}

/** Recomputes the integrity hash (after a test changed the artifact on purpose). */
export function seal<T extends object>(a: T): T & { integrity: string } {
  const sealed = a as T & { integrity: string };
  sealed.integrity = integrityOf(a);
  return sealed;
}

const range = (lo: string | null, hi: string | null, loIncl = true, hiIncl = false) => ({ lo, loIncl, hi, hiIncl });

/**
 * 000 兵团医疗救助 §二(四): categories 1–4, deductible 0/0/2000/6000, ratio 90/80/70/60 %,
 * +5pp in southern Xinjiang for categories 2–4, annual cap 5万/4万/3万/3万.
 */
export function xpcc(extra: Parts = {}): Artifact {
  const cats = ["第一类", "第二类", "第三类", "第四类"];
  const byCat = (values: string[]) => cats.map((key, i) => ({ key, value: values[i]! }));
  const 类别 = input("类别");
  return build({
    policy: { id: "xpcc.assistance", title: "兵团医疗救助", region: "新疆生产建设兵团", effective: "2022-07-25", source: "000_1b66f3c1618de509.txt", ...extra.policy },
    enums: [{ name: "类别", label: "救助对象类别", members: cats.map((name) => ({ name })) }],
    fields: [
      { name: "类别", type: "enum:类别", optional: false, label: "救助对象类别" },
      { name: "南疆", type: "Bool", optional: true, default: false, label: "南疆师市" },
      { name: "自付", type: "Money", optional: false, label: "经基本医保、大病保险报销后个人负担的合规费用" },
    ],
    ledger: ["起付已用", "已救助", "年度自付"],
    ir: {
      tables: [
        { name: "起付标准", label: "起付标准", sections: ["§二(四)1"], keyType: "enum:类别", valueType: "Money", rows: byCat(["0", "0", "2000", "6000"]) },
        { name: "比例", label: "救助比例", sections: ["§二(四)2"], keyType: "enum:类别", valueType: "Rate", rows: byCat(["0.9", "0.8", "0.7", "0.6"]) },
        { name: "限额", label: "年度救助限额", sections: ["§二(四)3"], keyType: "enum:类别", valueType: "Money", rows: byCat(["50000", "40000", "30000", "30000"]) },
      ],
      defines: [
        {
          name: "比例合计", type: "Rate", label: "救助比例（含南疆倾斜）",
          expr: add(index("比例", 类别), {
            k: "if",
            c: { k: "and", xs: [input("南疆"), { k: "cmp", op: "!=", a: 类别, b: enumLit("类别", "第一类") }] },
            a: points("5"),
            b: points("0"),
          }),
        },
        { name: "年度累计", type: "Money", label: "年度累计自付", expr: { k: "cumulative", v: input("自付"), ledger: "年度自付" } },
      ],
      outputs: [
        {
          name: "救助金", type: "Money", label: "医疗救助金", sections: ["§二(四)2"],
          expr: {
            k: "cap",
            v: mul({ k: "above", v: input("自付"), th: index("起付标准", 类别), ledger: "起付已用" }, def("比例合计")),
            limits: [{ lim: index("限额", 类别), ledger: "已救助" }],
          },
        },
      ],
      alerts: [
        {
          name: "因病返贫预警", label: "纳入因病返贫预警监测", sections: ["§四(一)"],
          when: { k: "and", xs: [eq(类别, enumLit("类别", "第三类")), gt(def("年度累计"), money("2000"))] },
        },
      ],
      ...extra.ir,
    },
    tests: extra.tests,
  });
}

/** 001 东营 大病保险 §二(二), residents: [1.6万, 10万) 60 %, [10万, 20万) 65 %, [20万, 30万) 70 %, [30万, ∞) 75 %. */
export function dongying(): Artifact {
  return build({
    policy: { id: "dongying.ci", title: "东营市大病保险", region: "东营市", effective: "2020-10-01", source: "001_9767cac6c67808e0.txt" },
    fields: [{ name: "自付", type: "Money", optional: false, label: "合规自付费用" }],
    ledger: ["大病累计"],
    ir: {
      bands: [{
        name: "分段", mode: "marginal", label: "大病保险分段补偿", sections: ["§二(二)"],
        rows: [
          { ...range("16000", "100000"), rate: "0.6" },
          { ...range("100000", "200000"), rate: "0.65" },
          { ...range("200000", "300000"), rate: "0.7" },
          { ...range("300000", null), rate: "0.75" },
        ],
      }],
      outputs: [
        { name: "大病保险", type: "Money", label: "大病保险赔付", expr: { k: "bands", name: "分段", v: input("自付"), ledger: "大病累计" } },
        { name: "单次", type: "Money", label: "不计累计的分段赔付", expr: { k: "bands", name: "分段", v: input("自付") } },
      ],
    },
  });
}
