// The equality checks of bench sections 2–3, without timings: bylaw, the hand-written
// decimal.js functions, json-rules-engine and ZEN settle the same claims to the same fen.
import { afterAll, describe, expect, it } from "vitest";
import { ZenEngine } from "@gorules/zen-engine";
import { assertAgree, canon, type Settled } from "./agree.ts";
import { bylawContender, loadPolicy } from "./bylaw-contender.ts";
import type { Claim } from "./cases.ts";
import { settleAll, type Contender } from "./contender.ts";
import { checkAgreement, type EvalSubject } from "./eval-section.ts";
import { parallelRunner } from "./parallel.ts";
import { DONGYING_POLICY, dongyingSubject, XPCC_POLICY, xpccSubject } from "./run.ts";
import { scaleSizes } from "./scale-section.ts";
import { settings } from "./settings.ts";

const engine = new ZenEngine();
afterAll(() => engine.dispose());

const xpcc = loadPolicy(XPCC_POLICY);
const dongying = loadPolicy(DONGYING_POLICY);

function contenders(ruleSet: ReturnType<typeof loadPolicy>, s: EvalSubject): Contender<any, unknown>[] {
  return [bylawContender(ruleSet), s.hand, s.jre(), s.zen(engine)];
}

/** Every contender's results for `claims`. */
async function all(ruleSet: ReturnType<typeof loadPolicy>, s: EvalSubject, claims: Claim[]): Promise<[string, Settled[]][]> {
  const out: [string, Settled[]][] = [];
  for (const c of contenders(ruleSet, s)) out.push([c.name, await settleAll(c, claims)]);
  return out;
}

describe("兵团医疗救助：四种实现逐分一致", () => {
  it("300 笔随机就医（含台账、跨年台账、边界金额）结果相同", async () => {
    await expect(checkAgreement(xpcc, xpccSubject(300), engine)).resolves.toBeUndefined();
  });

  // (12000 − 2000) × 70% = 7000; 12000 > 2000 → 因病返贫预警; 12000 ≤ 20000 → no 因病致贫预警.
  // 第四类 mid-year: deductible left 1000, (3000 − 1000) × 60% = 1200 > room 30000 − 29000 → 1000.
  it("第三类 12000元 → 7000元；第四类年中台账 → 1000元", async () => {
    const claims: Claim[] = [
      { input: { 身份: ["低保边缘家庭成员"], 自付: "12000" }, date: "2023-03-01" },
      { input: { 身份: ["因病致贫重病患者"], 自付: "3000" }, ledger: { year: 2023, values: { 起付已用: "5000", 已救助: "29000", 累计自付: "5000" } }, date: "2023-03-01" },
    ];
    for (const [name, [a, b]] of await all(xpcc, xpccSubject(0), claims)) {
      expect([name, canon(a!.outputs["救助金"]!), a!.alerts]).toEqual([name, "7000.00", ["因病返贫预警"]]);
      expect([name, canon(b!.outputs["救助金"]!), canon(b!.ledger.values["已救助"]!)]).toEqual([name, "1000.00", "30000.00"]);
    }
  });
});

describe("东营大病保险分段：四种实现逐分一致", () => {
  it("300 笔随机就医（年度累计跨段、封顶）结果相同", async () => {
    await expect(checkAgreement(dongying, dongyingSubject(300), engine)).resolves.toBeUndefined();
  });

  // Cumulative 60000 → 120000: 40000 × 60% + 20000 × 65% = 37000.
  // 600000 in one claim: 185400 + 300000 × 75% = 410400 > cap 400000 → 400000.
  it("累计 6万→12万 → 37000元；单次 60万 → 封顶 40万", async () => {
    const claims: Claim[] = [
      { input: { 自付: "60000" }, ledger: { year: 2023, values: { 年度累计: "60000", 已补偿: "26400" } }, date: "2023-06-01" },
      { input: { 自付: "600000" }, date: "2023-06-01" },
    ];
    for (const [name, [a, b]] of await all(dongying, dongyingSubject(0), claims)) {
      expect([name, canon(a!.outputs["大病保险"]!)]).toEqual([name, "37000.00"]);
      expect([name, canon(b!.outputs["大病保险"]!)]).toEqual([name, "400000.00"]);
    }
  });
});

describe("bylaw on every core", () => {
  it("each worker thread loads the policy and settles its share; a round counts them all", async () => {
    const runner = await parallelRunner(XPCC_POLICY, xpccSubject(50).claims, 2);
    try {
      expect(runner.name).toBe("bylaw, 2 worker threads");
      const { calls, ms } = await runner.run(30);
      // each worker runs at least one chunk of 100 calls before it looks at the clock
      expect(calls).toBeGreaterThanOrEqual(200);
      expect(calls % 100).toBe(0);
      expect(ms).toBeGreaterThanOrEqual(30);
    } finally {
      await runner.close();
    }
  });
});

describe("一致性检查本身", () => {
  it("差一分钱也报出", async () => {
    const claims = xpccSubject(5).claims;
    const good = await settleAll(bylawContender(xpcc), claims);
    const offByAFen = good.map((r, i) => (i === 3 ? withFenAdded(r) : r));
    expect(() => assertAgree(claims, { name: "bylaw", results: good }, { name: "off by a fen", results: offByAFen })).toThrow(/claim #3/);
    expect(() => assertAgree(claims, { name: "bylaw", results: good }, { name: "same", results: good })).not.toThrow();
  });
});

/** The result with one fen more in 救助金, computed on the decimal string's digits. */
function withFenAdded(r: Settled): Settled {
  const [yuan, fen = "00"] = r.outputs["救助金"]!.split(".");
  const total = BigInt(yuan!) * 100n + BigInt(fen.padEnd(2, "0")) + 1n;
  return { ...r, outputs: { ...r.outputs, 救助金: `${total / 100n}.${String(total % 100n).padStart(2, "0")}` } };
}

describe("section 8 (scale) sizes", () => {
  it("10 000 000 claims (1 000 000 on PostgreSQL) in a full run, fewer when quick, any count by the environment", () => {
    const full = settings({}), quick = settings({ BENCH_QUICK: "1" });
    expect(scaleSizes(full, {})).toEqual({ rows: 10_000_000, pgRows: 1_000_000 });
    expect(scaleSizes(quick, {})).toEqual({ rows: 200_000, pgRows: 50_000 });
    expect(scaleSizes(full, { BENCH_SCALE_ROWS: "100000000", BENCH_PG_ROWS: "5000" })).toEqual({ rows: 100_000_000, pgRows: 5000 });
    expect(() => scaleSizes(full, { BENCH_SCALE_ROWS: "1e6" })).toThrow("BENCH_SCALE_ROWS must be a whole number ≥ 1: 1e6");
  });
});
