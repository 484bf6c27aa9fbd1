// Shared pieces of the hand-written baselines: the checks a settlement system cannot skip
// (money well-formed and non-negative, booleans and names as declared, the date in force,
// the ledger of this year), written as a careful engineer would, errors as values.
import { Decimal } from "decimal.js";
import type { Settled } from "./agree.ts";
import type { Claim } from "./cases.ts";
import type { Contender } from "./contender.ts";

export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;
export const ZERO = new D(0);

const MONEY = /^\d{1,15}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type HandResult = ({ ok: true } & Settled) | { ok: false; error: string };

/** Thrown only inside a baseline and turned into `{ ok: false }` at its edge. */
export class Refused extends Error {}

export function money(v: unknown, field: string): Dec {
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return new D(v);
  if (typeof v === "string" && MONEY.test(v)) return new D(v);
  throw new Refused(`${field}: not a money amount`);
}

export function bool(v: unknown, field: string, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") throw new Refused(`${field}: not true/false`);
  return v;
}

/** The claim year, after checking the date is a date on or after `effective`. */
export function claimYear(date: string, effective: string): number {
  if (!DATE.test(date) || date < effective) throw new Refused(`date: ${date} is not in force`);
  return Number(date.slice(0, 4));
}

/** This year's ledger values as decimals (a ledger of an earlier year starts afresh). */
export function priorLedger(ledger: Claim["ledger"], year: number, fields: readonly string[]): Dec[] {
  if (ledger === undefined) return fields.map(() => ZERO);
  if (ledger.year > year) throw new Refused("ledger: from a later year");
  const values = fields.map((f) => (ledger.values[f] === undefined ? ZERO : money(ledger.values[f], `ledger.${f}`)));
  return ledger.year === year ? values : fields.map(() => ZERO);
}

export function fenText(d: Dec): string {
  return d.toFixed(2, Decimal.ROUND_HALF_UP);
}

/** A baseline as a contender: input, ledger and date passed as they come. */
export function handContender(name: string, settle: (input: Record<string, unknown>, ledger: Claim["ledger"], date: string) => HandResult): Contender<Claim, HandResult> {
  return {
    name,
    async: false,
    prepare: (claim) => claim,
    call: (c) => settle(c.input, c.ledger, c.date),
    settled: (r) => {
      if (!r.ok) throw new Error(`${name} refused the claim: ${r.error}`);
      return r;
    },
  };
}

/** Runs `body`, turning a refusal into an error value. */
export function guarded(body: () => Settled): HandResult {
  try {
    return { ok: true, ...body() };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, error: e.message };
    throw e;
  }
}
