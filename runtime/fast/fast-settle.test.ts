// The generated settle function: names that would break or inject into a careless generator
// are plain data in it, a page that refuses generated code still settles every claim, and
// rule sets with nothing to read or write still generate.
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadRuleSet, type EvalResult, type Ledger } from "../index.ts";
import { loadFastPath } from "../rule-set.ts";
import { Declined } from "../result.ts";
import type { Artifact } from "../ir/artifact.ts";
import { add, build, enumLit, eq, index, input, mul, rate } from "../tests/fixtures.ts";

/** The fast path alone, settling on the policy's effective date (in 2022). */
function fastOf(a: Artifact) {
  const fast = loadFastPath(a);
  return fast && ((inp: unknown, ledger?: unknown) => fast.evaluate(inp, ledger));
}

/** The public result with its trace left out, from the decimal.js path (traced claims never take the fast path). */
function reference(a: Artifact, inp: unknown, ledger?: Ledger): EvalResult {
  const r = loadRuleSet(a).evaluate(inp, ledger, { date: a.policy.effective, trace: true });
  if (r.ok) delete r.trace;
  return r;
}

// Each name closes a string, a comment or a template, or breaks a line, in a different way.
const HOSTILE = ['"', "\\", "'); globalThis.pwned = 1; ('", "*/ x /*", "a\nb", "\u2028", "${globalThis.pwned = 2}", "`", "__proto__", "constructor"];

/** Inputs, ledger fields and outputs all named from HOSTILE: 付_i = 自付_i × 50 %, cumulated on 台账_i. */
function hostile(): Artifact {
  return build({
    fields: HOSTILE.map((name) => ({ name, type: "Money", optional: false })),
    ledger: HOSTILE,
    ir: {
      defines: HOSTILE.map((name) => ({ name, type: "Money", expr: { k: "cumulative", v: input(name), ledger: name } })),
      outputs: HOSTILE.map((name, i) => ({ name, type: "Money", expr: add(mul(input(name), rate("0.5")), { k: "def", name: HOSTILE[(i + 1) % HOSTILE.length]! }) })),
    },
  });
}

describe("the generated settle function", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("takes every hostile name as data: same result as the decimal.js path, nothing run", () => {
    const a = hostile();
    const inp: Record<string, string> = {};
    HOSTILE.forEach((name, i) => Object.defineProperty(inp, name, { value: `${(i + 1) * 100}.01`, enumerable: true, writable: true, configurable: true }));
    const ledger = { year: 2022, values: Object.fromEntries(HOSTILE.map((name) => [name, "1.00"])) };
    const fast = fastOf(a)!(inp, ledger);
    expect(fast).not.toBeInstanceOf(Declined);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(reference(a, inp, ledger)));
    // 付 for `"` (i = 0): 100.01 × 50 % = 50.005 → 50.01, plus the next name's year total 1.00 + 200.01
    if (fast instanceof Declined || !fast.ok) throw new Error("settled");
    expect(Object.getOwnPropertyDescriptor(fast.outputs, '"')?.value).toBe("251.02");
    expect(Object.getPrototypeOf(fast.outputs)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(fast.outputs, "__proto__")?.value).toBeTypeOf("string");
    expect(Object.getOwnPropertyDescriptor(fast.ledger.values, "__proto__")?.value).toBe("901.01"); // 1.00 + 900.01
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });

  it("keeps enum members, table keys and compared values out of the source: each settles as on the decimal.js path", () => {
    // 付 = x × T[k] with T[member i] = i / 10; 是 = (k == the third member)
    const a = build({
      enums: [{ name: "E", members: HOSTILE.map((name) => ({ name })) }],
      fields: [{ name: "k", type: "enum:E", optional: false }, { name: "x", type: "Money", optional: false }],
      ir: {
        tables: [{ name: "T", keyType: "enum:E", valueType: "Rate", rows: HOSTILE.map((key, i) => ({ key, value: String(i / 10) })) }],
        outputs: [
          { name: "付", type: "Money", expr: mul(input("x"), index("T", input("k"))) },
          { name: "是", type: "Bool", expr: eq(input("k"), enumLit("E", HOSTILE[2]!)) },
        ],
      },
    });
    const settle = fastOf(a)!;
    HOSTILE.forEach((k, i) => {
      const fast = settle({ k, x: "100" });
      expect(fast).toEqual(reference(a, { k, x: "100" }));
      expect(fast).toMatchObject({ ok: true, outputs: { 付: `${i * 10}.00`, 是: i === 2 } });
    });
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });

  it("where generated code is refused (CSP), every claim is settled on the decimal.js path alike", () => {
    const a = build({
      fields: [{ name: "自付", type: "Money", optional: false }],
      ir: { outputs: [{ name: "付", type: "Money", expr: mul(input("自付"), rate("0.7")) }] },
    });
    const before = loadRuleSet(a).evaluate({ 自付: "333.33" }); // 233.331 → 233.33
    vi.stubGlobal("Function", function refused() {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not allowed");
    });
    expect(fastOf(a)).toBeUndefined();
    const after = loadRuleSet(a).evaluate({ 自付: "333.33" });
    expect(after).toEqual(before);
    expect(after.ok && after.outputs["付"]).toBe("233.33");
  });

  it("generates for a rule set with no inputs, ledger or outputs", () => {
    const settle = fastOf(build({}));
    expect(settle!({})).toEqual({ ok: true, outputs: {}, alerts: [], ledger: { year: 2022, values: {} } });
    expect(settle!({ 多余: 1 })).toBeInstanceOf(Declined); // an unknown field: the decimal.js path words BR2003
  });
});
