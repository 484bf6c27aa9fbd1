// Running the `test` blocks carried in an artifact: claims in order on one carried ledger,
// expected outputs, defines and alerts compared exactly; a failing test comes with the trace of the
// claim that failed, so the reader sees why.
import type { Value } from "./ir/artifact.ts";
import type { RuleSet } from "./rule-set.ts";
import type { Ledger } from "./eval/ledger.ts";
import { D } from "./ir/decimal.ts";
import { yearOf } from "./ir/dates.ts";
import { isArtifactDecimal } from "./ir/money.ts";
import { setOwn } from "./ir/shape.ts";
import { renderTraceText } from "./eval/trace-text.ts";
import type { Trace } from "./eval/trace.ts";
import { kindOf } from "./ir/types.ts";
import { renderRuntimeError } from "./errors.ts";

export interface TestFailure {
  /** 0-based index of the claim within the test */
  claim: number;
  /** the output name, `预警 X` / `alert X`, or the evaluation itself */
  what: string;
  expected: string;
  actual: string;
}

export interface TestResult {
  name: string;
  passed: boolean;
  failures: TestFailure[];
  /** the first failing claim's explanation as text */
  trace?: string;
  /** each failing claim's explanation as text, by claim (0-based) */
  traces?: Record<number, string>;
}

function show(v: Value | undefined): string {
  if (v === undefined) return "—";
  if (v === null) return "unlimited";
  return Array.isArray(v) ? `[${v.join(", ")}]` : String(v);
}

/** Equal as the output's type means it: 7000 = 7000.00 for numbers, sets in any order. */
function same(type: string, expected: Value, actual: Value | undefined): boolean {
  const kind = kindOf(type);
  if ((kind === "num" || kind === "limit") && isArtifactDecimal(expected) && isArtifactDecimal(actual)) {
    return new D(expected).eq(actual);
  }
  if (kind === "set" && Array.isArray(expected) && Array.isArray(actual)) {
    return expected.length === actual.length && expected.every((m) => actual.includes(m));
  }
  return expected === actual;
}

/** Runs the tests; `observe` sees the trace of every claim settled (for coverage.ts). */
export function runTests(ruleSet: RuleSet, lang: "zh" | "en" = "zh", observe?: (trace: Trace) => void): TestResult[] {
  const zh = lang === "zh";
  return ruleSet.artifact.tests.map((t) => {
    const testDate = t.date ?? ruleSet.meta.effective;
    // the test's ledger opens the test's year; a claim in a later year starts that year afresh
    let ledger: Ledger = { year: yearOf(testDate), values: { ...t.ledger } };
    const failures: TestFailure[] = [];
    const traces: Record<number, string> = {};
    if (t.claims.length === 0) {
      failures.push({ claim: 0, what: zh ? "测试" : "test", expected: zh ? "至少一次就医" : "at least one claim", actual: zh ? "没有就医" : "no claims" });
    }
    for (let i = 0; i < t.claims.length; i++) {
      const claim = t.claims[i]!;
      const date = claim.date ?? testDate;
      const input: Record<string, unknown> = {};
      for (const [k, v] of [...Object.entries(t.given), ...Object.entries(claim.given)]) setOwn(input, k, v);
      const defines = claim.defines ?? {};
      const names = Object.keys(defines);
      const r = ruleSet.evaluate(input, ledger, names.length > 0 ? { date, trace: true, defines: names } : { date, trace: true });
      if (!r.ok) {
        failures.push({
          claim: i, what: zh ? "计算" : "evaluation", expected: zh ? "得出结果" : "a result",
          actual: r.errors.map((e) => `${e.code} ${renderRuntimeError(e, lang)}`).join("; "),
        });
        break; // later claims depend on this claim's ledger
      }
      observe?.(r.trace!);
      const before = failures.length;
      for (const [name, expected] of Object.entries(claim.expect)) {
        const actual = r.outputs[name];
        if (!same(ruleSet.outputs.get(name)!.type, expected, actual)) {
          failures.push({ claim: i, what: name, expected: show(expected), actual: show(actual) });
        }
      }
      for (const [name, expected] of Object.entries(defines)) {
        const actual = r.defines?.[name];
        if (!same(ruleSet.artifact.ir.defines.find((d) => d.name === name)!.type, expected, actual)) {
          failures.push({ claim: i, what: name, expected: show(expected), actual: show(actual) });
        }
      }
      for (const [name, expected] of Object.entries(claim.ledger ?? {})) {
        const actual = r.ledger.values[name] ?? "0";
        if (!new D(expected).eq(actual)) failures.push({ claim: i, what: `${zh ? "台账" : "ledger"} ${name}`, expected, actual });
      }
      const hits = new Set(r.alerts.map((a) => a.name));
      const raised = zh ? "触发" : "raised", quiet = zh ? "不触发" : "not raised";
      for (const a of claim.alerts) {
        if (!hits.has(a)) failures.push({ claim: i, what: `${zh ? "预警" : "alert"} ${a}`, expected: raised, actual: quiet });
      }
      for (const a of claim.noAlerts) {
        if (hits.has(a)) failures.push({ claim: i, what: `${zh ? "预警" : "alert"} ${a}`, expected: quiet, actual: raised });
      }
      if (failures.length > before) traces[i] = renderTraceText(r.trace!, lang);
      ledger = r.ledger;
    }
    const result: TestResult = { name: t.name, passed: failures.length === 0, failures };
    const failing = Object.keys(traces).map(Number);
    if (failing.length > 0) {
      result.trace = traces[failing[0]!]!;
      result.traces = traces;
    }
    return result;
  });
}
