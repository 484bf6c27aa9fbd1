// A claim the server settles on the ledgers it keeps, `{person, claim, date, input}`, read and
// checked before any transaction: every error of its shape, its date and its input at once,
// so a bad claim is refused (400) whole and nothing is written.
import { canonicalJson, sha256Hex, type InputError, type RuleBook, type RuleSet } from "../runtime/index.ts";
import { inputError } from "../runtime/errors.ts";
import { isValidDate } from "../runtime/ir/dates.ts";
import { BAD_PERSON, hasLoneSurrogate } from "../runtime/batch/batch.ts";
import type { Claim } from "./store/store.ts";

/** The longest person or claim id, in characters. */
export const MAX_ID = 200;

export interface ReadClaim {
  claim: Claim;
  /** the version in force on the claim's date */
  ruleSet: RuleSet;
  /** every version's ledger fields: a stored ledger may hold any (RuleBook.ledgerFields) */
  ledgerFields: ReadonlySet<string>;
  /** the medical (calendar) year of its date: the ledger it reads and writes */
  year: number;
  /** a retry under the same claim id must carry the same */
  fingerprint: string;
}

/** What identifies a claim's request apart from its id: a retry must match it. */
export const fingerprintOf = (c: Omit<Claim, "claim">): string => sha256Hex(canonicalJson({ person: c.person, date: c.date, input: c.input }));

export function readClaim(book: RuleBook, body: Record<string, unknown>): { ok: true; read: ReadClaim } | { ok: false; errors: InputError[] } {
  const { person, claim, date, input, ...rest } = body;
  const errors: InputError[] = Object.keys(rest).map((field) => inputError("BR2003", field, {}));
  for (const [field, id] of [["person", person], ["claim", claim]] as const) {
    // spaces at an id's ends would make a second person (or claim) of the same one, as in batch
    // and an unpaired surrogate (`"\udc00a"`) is stored as U+FFFD: two such ids would be one
    if (typeof id !== "string" || id.length === 0 || id.length > MAX_ID || BAD_PERSON.test(id) || hasLoneSurrogate(id)) errors.push(inputError("BR2120", field, { max: MAX_ID }));
  }
  const ruleSet = isValidDate(date) ? book.find(date) : undefined;
  if (errors.length > 0 || ruleSet === undefined) {
    // the date's and the input's errors, as a stateless evaluation finds them
    const r = book.evaluate(input, undefined, { date: date === undefined || typeof date === "string" ? date : String(date) });
    return { ok: false, errors: r.ok ? errors : [...errors, ...r.errors] };
  }
  const c: Claim = { person: person as string, claim: claim as string, date: date as string, input };
  return { ok: true, read: { claim: c, ruleSet, ledgerFields: book.ledgerFields, year: Number(c.date.slice(0, 4)), fingerprint: fingerprintOf(c) } };
}
