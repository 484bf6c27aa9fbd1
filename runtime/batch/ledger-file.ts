// A batch's ledger file (JSON Lines): one line per person and medical year,
// {"person", "year", "values", "policy"}. Read before a run (the opening ledgers) and written
// after it (the closing ones), so a run can continue where the last one stopped. A line is
// checked whole here; a person listed twice for one year is found by the batch (Batch.open).
import type { PolicyMeta } from "../ir/artifact.ts";
import { inputError, quote, type InputError } from "../errors.ts";
import { parseAmount } from "../ir/money.ts";
import { isObject, setOwn } from "../ir/shape.ts";
import { LEDGER_CODECS, stampLedger, type Ledger } from "../eval/ledger.ts";
import type { LedgerFieldType } from "../ir/artifact.ts";
import { hasLoneSurrogate } from "./batch.ts";

/** One person's ledger of one year. */
export interface PersonLedger {
  person: string;
  ledger: Ledger;
}

const KEYS = new Set(["person", "year", "values", "policy"]);
/** Claim dates are YYYY-MM-DD: no claim falls in a later year. */
const MAX_YEAR = 9999;

/**
 * A ledger line read and checked: JSON, a person (non-empty text), a year (1–9999), values
 * that are amounts of money (kept as formatMoney writes them) or, for the Int fields of
 * `fields`, whole numbers, and, when stamped, the policy `policyId`. With `fields` (the run's
 * versions' ledger fields), a field none of them declares is an error too (a misspelt field's
 * amount would silently not count). Anything else is an error naming the line. A blank line is
 * undefined.
 */
export function readLedgerLine(text: string, line: number, policyId: string, fields?: ReadonlyMap<string, LedgerFieldType>): PersonLedger | InputError | undefined {
  if (text.trim() === "") return undefined;
  const bad = (detail: string) => inputError("BR2110", "", { line, detail });
  if (hasLoneSurrogate(text)) return bad("bytes that are not UTF-8");
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    return bad(quote((e as Error).message, 200));
  }
  if (!isObject(o)) return bad("not a JSON object");
  for (const key of Object.keys(o)) if (!KEYS.has(key)) return bad(`unknown key ${quote(key)}`);
  const { person, year, values, policy } = o;
  if (typeof person !== "string" || person === "") return inputError("BR2111", "person", { line, found: quote(person) });
  if (!Number.isSafeInteger(year) || (year as number) < 1 || (year as number) > MAX_YEAR) return inputError("BR2112", "year", { line, found: quote(year) });
  if (!isObject(values)) return inputError("BR2113", "values", { line, found: quote(values) });
  if (policy !== undefined && (!isObject(policy) || typeof policy.id !== "string")) return bad("`policy` must be {\"id\", \"effective\"}");
  // a stamped line was written by bylaw, under some version of the policy (January–June under
  // v1, then July on with v2 alone): its fields are that version's, kept as they are, and the
  // stamp goes on so the runtime keeps them too; a field of an unstamped line must be declared
  const foreign = isObject(policy) && typeof policy.effective === "string";
  const canonical: Record<string, string> = {};
  for (const key of Object.keys(values)) {
    const type = fields === undefined || foreign ? (fields?.get(key) ?? "Money") : fields.get(key);
    if (type === undefined) return inputError("BR2116", `values.${key}`, { line, fields: [...fields!.keys()].map((f) => `\`${f}\``).join(", ") || "—" });
    const codec = LEDGER_CODECS[type];
    const amount = parseAmount(values[key], codec.rules);
    if (typeof amount === "string") return inputError("BR2113", `values.${key}`, { line, found: quote(values[key]) });
    setOwn(canonical, key, codec.format(amount));
  }
  if (policy !== undefined && (!isObject(policy) || policy.id !== policyId)) {
    return inputError("BR2115", "policy", { line, found: quote(isObject(policy) ? policy.id : policy), expected: quote(policyId) });
  }
  const stamp = foreign ? { policy: { id: policyId, effective: policy.effective as string } } : {};
  return { person, ledger: { year: year as number, values: canonical, ...stamp } };
}

/** A closing ledger's line (without its line break), stamped with the policy it was written under. */
export function ledgerLine(person: string, ledger: Ledger, meta: PolicyMeta): string {
  const { policy, year, values } = stampLedger(ledger, meta);
  return JSON.stringify({ person, year, values, policy });
}

/** The order closing ledgers are written in: by person (UTF-16 code units), then year. */
export function byPersonYear(personA: string, yearA: number, personB: string, yearB: number): number {
  return personA < personB ? -1 : personA > personB ? 1 : yearA - yearB;
}
