// Claims and opening ledgers written as the files `bylaw batch` reads (CSV, JSONL), from a
// seed's test blocks or from generated person-years: the same files go to both engines.
import fc from "fast-check";
import type { Artifact, Value } from "../../runtime/ir/artifact.ts";
import { formatCsvRow } from "../../runtime/index.ts";
import { generators, type Year } from "./inputs.ts";

export interface ClaimFiles {
  csv: string;
  ledgers: string;
  rows: number;
}

function cell(v: Value | undefined): string {
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return v.join("|");
  return String(v);
}

/** One CSV row per claim (person, date, every input) and one ledger line per opening ledger. */
export function claimFiles(a: Artifact, people: { person: string; years: Year[] }[]): ClaimFiles {
  const fields = a.schema.fields.map((f) => f.name);
  const lines = [formatCsvRow(["person", "date", ...fields])];
  const ledgers: string[] = [];
  let rows = 0;
  const claims: { person: string; date: string; input: Record<string, Value> }[] = [];
  for (const { person, years } of people) {
    for (const y of years) {
      if (y.ledger !== undefined) ledgers.push(JSON.stringify({ person, year: y.ledger.year, values: y.ledger.values }));
      for (const c of y.claims) claims.push({ person, ...c });
    }
  }
  // people's claims interleaved by date (a stable sort keeps each person's own order)
  claims.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  for (const c of claims) {
    lines.push(formatCsvRow([c.person, c.date, ...fields.map((f) => cell(c.input[f]))]));
    rows++;
  }
  return { csv: lines.join("\n") + "\n", ledgers: ledgers.map((l) => l + "\n").join(""), rows };
}

/** The seed's test blocks as people: one person per test, its ledger opening the test's year. */
export function testBlockPeople(a: Artifact): { person: string; years: Year[] }[] {
  return a.tests.map((t, i) => {
    const date = t.date ?? a.policy.effective;
    const year = Number(date.slice(0, 4));
    const ledger = Object.keys(t.ledger).length === 0 ? undefined : { year, values: t.ledger };
    return { person: `t${i + 1}`, years: [{ ledger, claims: t.claims.map((c) => ({ input: { ...t.given, ...c.given }, date: c.date ?? date })) }] };
  });
}

/** `n` generated person-years (some from a mid-year ledger), one person each. */
export function generatedPeople(a: Artifact, n: number, seed: number): { person: string; years: Year[] }[] {
  return fc.sample(generators(a).yearFromLedger(12), { numRuns: n, seed }).map((y, i) => ({ person: `p${i}`, years: [y] }));
}
