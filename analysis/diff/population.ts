// A claims file settled under two versions at once: each row goes to both, each version
// carrying each person's ledger in row order as `bylaw batch` does. Rows both versions settle
// are compared; the rest are counted by which version refused them. Money is added exactly:
// whole fen in JavaScript numbers while they stay safe integers, decimal.js beyond.
//
// A pair is a Batch itself (its results are the new version's rows), so the batch's readers
// (cli/batch-sources.ts), its worker routing and its opening ledgers drive it unchanged. Each
// worker's pair sees only its own people, so its DiffPart is final for them; mergeParts adds
// the parts up.
import { createBatch, type Batch, type InputError, type ResultRow, type RuleSet } from "../../runtime/index.ts";
import { coercerFor, fenOf, MoneySum } from "../../runtime/batch/batch.ts";
import { D, type Dec } from "../../runtime/ir/decimal.ts";
import { formatMoney } from "../../runtime/ir/money.ts";
import type { DiffPlan } from "./versions.ts";

/** Whole fen: a safe integer, or a Decimal once a sum outgrows one. */
type Fen = number | Dec;

function plus(a: Fen, b: Fen): Fen {
  if (typeof a === "number" && typeof b === "number") {
    const s = a + b;
    if (Number.isSafeInteger(s)) return s;
  }
  return new D(a).plus(b);
}

const negate = (a: Fen): Fen => (typeof a === "number" ? -a : a.negated());
const sign = (a: Fen): number => (typeof a === "number" ? Math.sign(a) : a.s * (a.isZero() ? 0 : 1));
const fenOfText = (text: string): Fen => fenOf(text) ?? new D(text).times(100);
/** Fen as yuan, as formatMoney writes them. */
export const yuan = (a: Fen): string => formatMoney(new D(a).dividedBy(100));
const approx = (a: Fen): number => (typeof a === "number" ? a : a.toNumber());

/** One of a person's compared claims: the measure under each version. */
export interface ClaimChange {
  line: number;
  date: string;
  old: string;
  new: string;
  /** the claim as the file has it (filled in by whoever reads the file: cli/diff-claims.ts) */
  input?: Record<string, unknown>;
}

/** A person's change: `change` is their gain (positive) or loss (negative) in yuan. */
export interface PersonChange {
  person: string;
  change: string;
  /** the measure summed over their compared claims, under each version */
  old: string;
  new: string;
  claims: ClaimChange[];
}

/** People counted by how a change left them. */
export interface Counts {
  people: number;
  gainers: number;
  losers: number;
  unchanged: number;
  /** the sum of the people's gains and losses, in yuan */
  change: string;
}

export interface CategoryCounts extends Counts {
  field: string;
  value: string;
}

/** One worker's (or one thread's) share of a diff, for its people. Plain data. */
export interface DiffPart {
  rows: { compared: number; onlyOld: number; onlyNew: number; neither: number };
  /** error codes of the rows each version refused */
  errors: { old: Record<string, number>; new: Record<string, number> };
  totals: Record<string, { old: string; new: string }>;
  counts: Counts;
  categories: CategoryCounts[];
  /** each person's change, in fen (approximate only beyond 2^53 fen), for the histogram */
  changes: Float64Array<ArrayBuffer>;
  gains: PersonChange[];
  losses: PersonChange[];
}

interface Person {
  old: Fen;
  new: Fen;
  /** per compared claim: line, date, old measure (fen), new measure (fen) */
  claims: (number | string | Dec)[];
  /** category key index → the change on the person's claims of that category */
  cats: Map<number, Fen>;
}

export interface PairBatch {
  /** Settles each row under both versions; its results are the new version's. */
  batch: Batch;
  part(): DiffPart;
}

/** The `top` people with the largest changes of sign `s`: largest first, then by name. */
function largest(people: Map<string, Person>, gainOf: (p: Person) => Fen, s: number, top: number): PersonChange[] {
  const picked: [string, Person, Fen][] = [];
  for (const [name, p] of people) {
    const g = gainOf(p);
    if (sign(g) === s) picked.push([name, p, g]);
  }
  const cmp = (a: [string, Person, Fen], b: [string, Person, Fen]) => {
    const d = sign(plus(b[2], negate(a[2]))) * s;
    return d !== 0 ? d : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  };
  return picked.sort(cmp).slice(0, top).map(([person, p, g]) => {
    const claims: ClaimChange[] = [];
    for (let k = 0; k < p.claims.length; k += 4) {
      claims.push({ line: p.claims[k] as number, date: p.claims[k + 1] as string, old: yuan(p.claims[k + 2] as Fen), new: yuan(p.claims[k + 3] as Fen) });
    }
    return { person, change: yuan(g), old: yuan(p.old), new: yuan(p.new), claims };
  });
}

function count(counts: Counts, g: Fen): void {
  counts.people++;
  const s = sign(g);
  if (s > 0) counts.gainers++;
  else if (s < 0) counts.losers++;
  else counts.unchanged++;
}

const noCounts = (): Counts => ({ people: 0, gainers: 0, losers: 0, unchanged: 0, change: "0.00" });

/**
 * A pair of batches over `old` and `next` as `plan` (planDiff) says: each version is given only
 * its own inputs (an input only the other has is passed through unread). `top`: how many of
 * the largest gains and of the largest losses to keep.
 */
export function createPairBatch(old: RuleSet, next: RuleSet, plan: DiffPlan, top: number): PairBatch {
  const a = createBatch(old, { passthrough: plan.onlyNew });
  const b = createBatch(next, { passthrough: plan.onlyOld });
  const rows = { compared: 0, onlyOld: 0, onlyNew: 0, neither: 0 };
  const errors = { old: new Map<string, number>(), new: new Map<string, number>() };
  const totals = plan.outputs.map(() => ({ old: new MoneySum(), new: new MoneySum() }));
  const people = new Map<string, Person>();
  const measure = plan.measure.output, share = plan.measure.kind === "share";
  /** "field\0value" → index, and back */
  const catIndex = new Map<string, number>();
  const catKeys: [string, string][] = [];
  const readers = plan.categories.map((c) => {
    const f = old.artifact.schema.fields.find((x) => x.name === c.field)!;
    return coercerFor(f.type);
  });

  const tally = (into: Map<string, number>, r: ResultRow) => {
    for (const e of r.errors ?? []) into.set(e.code, (into.get(e.code) ?? 0) + 1);
  };

  /** Compares one row's results; `valueOf(k)` is the row's raw value of category k. */
  const compare = (ra: ResultRow, rb: ResultRow, line: number, valueOf: (k: number) => unknown): void => {
    if (!ra.ok || !rb.ok) {
      if (ra.ok) rows.onlyOld++;
      else if (rb.ok) rows.onlyNew++;
      else rows.neither++;
      tally(errors.old, ra);
      tally(errors.new, rb);
      return;
    }
    rows.compared++;
    const oa = ra.outputs!, ob = rb.outputs!;
    for (let k = 0; k < plan.outputs.length; k++) {
      const name = plan.outputs[k]!;
      if (typeof oa[name] === "string") totals[k]!.old.add(oa[name]);
      if (typeof ob[name] === "string") totals[k]!.new.add(ob[name]);
    }
    const fa = fenOfText(oa[measure] as string), fb = fenOfText(ob[measure] as string);
    const person = rb.person!;
    let p = people.get(person);
    if (p === undefined) people.set(person, (p = { old: 0, new: 0, claims: [], cats: new Map() }));
    p.old = plus(p.old, fa);
    p.new = plus(p.new, fb);
    p.claims.push(line, rb.date!, fa, fb);
    const gain = share ? plus(fa, negate(fb)) : plus(fb, negate(fa));
    for (let k = 0; k < plan.categories.length; k++) {
      const c = plan.categories[k]!;
      const raw = valueOf(k);
      const v = raw === undefined || raw === "" ? c.fallback : String(raw);
      if (v === undefined) continue;
      const key = `${c.field}\0${v}`;
      let i = catIndex.get(key);
      if (i === undefined) {
        catIndex.set(key, (i = catKeys.length));
        catKeys.push([c.field, v]);
      }
      p.cats.set(i, plus(p.cats.get(i) ?? 0, gain));
    }
  };

  const batch: Batch = {
    push(row, line) {
      const ra = a.push(row, line), rb = b.push(row, line);
      compare(ra, rb, line ?? rb.row, (k) => {
        const v = Object.hasOwn(row, plan.categories[k]!.field) ? row[plan.categories[k]!.field] : undefined;
        return typeof v === "string" ? readers[k]!(v) : v;
      });
      return rb;
    },
    columns(header) {
      const sa = a.columns(header), sb = b.columns(header);
      const at = plan.categories.map((c) => header.lastIndexOf(c.field));
      return (record, line) => {
        const ra = sa(record, line), rb = sb(record, line);
        compare(ra, rb, line ?? rb.row, (k) => (at[k]! < 0 ? undefined : readers[k]!(record[at[k]!] ?? "")));
        return rb;
      };
    },
    reject(errs: InputError[]) {
      const ra = a.reject(errs), rb = b.reject(errs);
      rows.neither++;
      tally(errors.old, ra);
      tally(errors.new, rb);
      return rb;
    },
    open(person, ledger, line) {
      return a.open(person, ledger, line) ?? b.open(person, ledger, line);
    },
    closing: () => b.closing(),
    summary: () => b.summary(),
  };

  const part = (): DiffPart => {
    const gainOf = (p: Person) => (share ? plus(p.old, negate(p.new)) : plus(p.new, negate(p.old)));
    const counts = noCounts();
    let change: Fen = 0;
    const changes = new Float64Array(people.size);
    const cats = catKeys.map(([field, value]) => ({ field, value, ...noCounts(), sum: 0 as Fen }));
    let i = 0;
    for (const p of people.values()) {
      const g = gainOf(p);
      count(counts, g);
      change = plus(change, g);
      changes[i++] = approx(g);
      for (const [k, cg] of p.cats) {
        const c = cats[k]!;
        count(c, cg);
        c.sum = plus(c.sum, cg);
      }
    }
    counts.change = yuan(change);
    return {
      rows: { ...rows },
      errors: { old: Object.fromEntries(errors.old), new: Object.fromEntries(errors.new) },
      totals: Object.fromEntries(plan.outputs.map((name, k) => [name, { old: formatMoney(totals[k]!.old.total()), new: formatMoney(totals[k]!.new.total()) }])),
      counts,
      categories: cats.map(({ sum, ...c }) => ({ ...c, change: yuan(sum) })),
      changes,
      gains: largest(people, gainOf, 1, top),
      losses: largest(people, gainOf, -1, top),
    };
  };

  return { batch, part };
}
