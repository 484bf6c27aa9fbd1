// Tampered artifacts: random bit flips anywhere in the serialised JSON, and random edits of
// the JSON tree (change, delete or add a key or value anywhere: envelope, policy, schema, ir,
// tests, integrity). tryLoadRuleSet must never throw: it refuses with a code and messages in
// both languages, or it loads a rule set that settles a fixed set of claims exactly as the
// original did. An edit followed by a recomputed integrity hash (a careless tool, not an
// attacker: the hash is not a signature) must still load safely, never crash at evaluation
// (no BR3999), and must settle identically when only documentation changed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { integrityOf, renderRuntimeError, tryLoadRuleSet, type RuleSet } from "../runtime/index.ts";
import type { Artifact } from "../runtime/ir/artifact.ts";
import { generators, type Year } from "./support/inputs.ts";
import { seeds } from "./support/seeds.ts";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** What a rule set does with the fixed claims: outputs, alert names, ledgers or error codes. */
function outcome(rs: RuleSet, years: Year[]): string {
  return JSON.stringify(years.map((y) => {
    let ledger = y.ledger;
    return y.claims.map((c) => {
      const r = rs.evaluate(c.input, ledger, { date: c.date });
      if (!r.ok) return r.errors.map((e) => e.code);
      ledger = r.ledger;
      return [r.outputs, r.alerts.map((a) => a.name), r.ledger];
    });
  }));
}

function paths(root: Json): Path[] {
  const out: Path[] = [];
  const stack: [Json, Path][] = [[root, []]];
  while (stack.length > 0) {
    const [v, p] = stack.pop()!;
    out.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, [...p, i]]));
    else if (v !== null && typeof v === "object") for (const k of Object.keys(v)) stack.push([v[k]!, [...p, k]]);
  }
  return out;
}

function parentOf(root: Json, p: Path): Json {
  let v = root;
  for (const k of p.slice(0, -1)) v = (v as Record<string | number, Json>)[k]!;
  return v;
}

/** Keys that document a rule set without changing what it computes. */
const DOC_KEYS = new Set(["label", "section", "span", "s", "title", "region", "source", "sources", "sourceHash", "tests", "extends", "id"]);
function documentary(p: Path): boolean {
  // policy.id and policy.extends name the policy; elsewhere `id`/`extends` are not keys
  return p.some((k) => typeof k === "string" && DOC_KEYS.has(k)) && !(p[0] === "policy" && p[1] === "effective");
}

const FRESH_VALUES: Json[] = [
  null, true, false, 0, -1, 1.5, 1e300, "", "0", "-1", "0.7", "1.5", "99999999999999999999", "2022-02-30", "2022-01-01", "Money",
  "Rate", "Points", "Limit", "enum:x", "lit", "cap", "__proto__", "第一类", "sha256:" + "0".repeat(64), [], [null], {}, { k: "lit", v: "1" },
];

/** A random edit: change a value (fresh, or nudged: a decimal string ± 1, a flipped boolean), delete a key or array item, or add a key. */
const editArb = (nodes: number) =>
  fc.record({
    at: fc.integer({ min: 0, max: nodes - 1 }),
    op: fc.constantFrom("change", "nudge", "delete", "add"),
    fresh: fc.constantFrom(...FRESH_VALUES),
    key: fc.constantFrom("k", "__proto__", "constructor", "label", "t", "ledger", "value", "rate", "lo", "hi", "extra"),
  });

function applyEdit(root: Json, p: Path, e: { op: string; fresh: Json; key: string }): boolean {
  if (p.length === 0) return false;
  const parent = parentOf(root, p) as Record<string | number, Json>;
  const last = p[p.length - 1]!;
  const old = parent[last]!;
  switch (e.op) {
    case "change":
      parent[last] = structuredClone(e.fresh);
      return JSON.stringify(old) !== JSON.stringify(e.fresh);
    case "nudge":
      if (typeof old === "boolean") parent[last] = !old;
      else if (typeof old === "number") parent[last] = old + 1;
      else if (typeof old === "string" && /^\d+(\.\d+)?$/.test(old)) parent[last] = old.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
      else if (typeof old === "string") parent[last] = old + "x";
      else return false;
      return true;
    case "delete":
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
      return true;
    default: {
      if (old === null || typeof old !== "object") return false;
      if (Array.isArray(old)) old.push(structuredClone(e.fresh));
      // JSON.parse makes `__proto__` an own data key, as an artifact read from a file would have
      else Object.assign(old, JSON.parse(`{${JSON.stringify(e.key)}: ${JSON.stringify(e.fresh)}}`));
      return true;
    }
  }
}

/** A refusal must say what is wrong, in both languages. */
function checkRefusal(r: ReturnType<typeof tryLoadRuleSet>): void {
  if (r.ok) return;
  expect(r.error.code).toMatch(/^BR1\d{3}$/);
  expect(renderRuntimeError(r.error, "en").length).toBeGreaterThan(0);
  expect(renderRuntimeError(r.error, "zh").length).toBeGreaterThan(0);
}

function load(a: unknown): ReturnType<typeof tryLoadRuleSet> {
  let r: ReturnType<typeof tryLoadRuleSet> | undefined;
  expect(() => {
    r = tryLoadRuleSet(a);
  }).not.toThrow();
  checkRefusal(r!);
  return r!;
}

/** Evaluates without throwing; an internal error (BR3999) means the loader let a broken rule set through. */
function safeOutcome(rs: RuleSet, years: Year[]): string {
  let o = "";
  expect(() => {
    o = outcome(rs, years);
  }).not.toThrow();
  expect(o).not.toContain("BR3999");
  return o;
}

const encoder = new TextEncoder(), decoder = new TextDecoder();

describe("tampered artifacts", () => {
  for (const seed of seeds()) {
    describe(seed.id, () => {
      const text = JSON.stringify(seed.artifact);
      const bytes = encoder.encode(text);
      const years = fc.sample(generators(seed.artifact).yearFromLedger(3), { numRuns: 5, seed: 7 });
      const expected = outcome(seed.ruleSet, years);
      const original = JSON.parse(text) as Json;
      const nodes = paths(original);

      it("random bit flips anywhere: refused with a code, or the same settlements", () => {
        fc.assert(
          fc.property(fc.array(fc.record({ at: fc.nat(bytes.length - 1), bit: fc.nat(7) }), { minLength: 1, maxLength: 3 }), (flips) => {
            const b = bytes.slice();
            for (const f of flips) b[f.at]! ^= 1 << f.bit;
            let a: unknown;
            try {
              a = JSON.parse(decoder.decode(b));
            } catch {
              return; // no longer JSON: the caller's JSON.parse refuses it
            }
            const r = load(a);
            if (r.ok) expect(outcome(r.ruleSet, years)).toBe(expected);
          }),
          { numRuns: 100 },
        );
      });

      it("random JSON edits anywhere (hash kept): refused with a code, or the same settlements", () => {
        fc.assert(
          fc.property(editArb(nodes.length), (e) => {
            const a = structuredClone(original);
            if (!applyEdit(a, nodes[e.at]!, e)) return;
            const r = load(a);
            if (r.ok) expect(outcome(r.ruleSet, years)).toBe(expected);
          }),
          { numRuns: 100 },
        );
      });

      it("random JSON edits with the hash recomputed: loads safely; documentation edits settle the same", () => {
        let loaded = 0;
        fc.assert(
          fc.property(editArb(nodes.length), (e) => {
            const a = structuredClone(original) as Record<string, Json>;
            const p = nodes[e.at]!;
            if (!applyEdit(a, p, e)) return;
            a.integrity = integrityOf(a);
            const r = load(a);
            if (!r.ok) return;
            loaded++;
            const o = safeOutcome(r.ruleSet, years);
            if (documentary(p)) expect(o, `edit at ${p.join(".")}`).toBe(expected);
          }),
          { numRuns: 300 },
        );
        expect(loaded).toBeGreaterThan(0);
      });
    });
  }

  it("the fixed claims really exercise the rule sets (a changed rate shows)", () => {
    // xpcc.assistance with 第三类's ratio raised from 70 % to 75 % and the hash recomputed:
    // it loads, and 12 000 for 第三类 pays 7 500 instead of 7 000.
    const a = structuredClone(seeds().find((s) => s.id === "xpcc.assistance")!.artifact) as Artifact;
    const row = a.ir.tables.find((t) => t.name === "救助比例")!.rows.find((r) => r.key === "第三类")!;
    row.value = "0.75";
    const r1 = tryLoadRuleSet(a);
    expect(r1.ok).toBe(false); // hash kept: BR1006
    expect(!r1.ok && r1.error.code).toBe("BR1006");
    a.integrity = integrityOf(a);
    const r2 = tryLoadRuleSet(a);
    expect(r2.ok).toBe(true);
    const r = r2.ok ? r2.ruleSet.evaluate({ 身份: ["监测对象"], 自付: "12000" }, undefined, { date: "2022-08-01" }) : undefined;
    expect(r?.ok && r.outputs["救助金"]).toBe("7500.00");
  });
});
