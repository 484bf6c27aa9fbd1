// Several versions of a rule set over time: each claim is settled by the version in force on
// its date. Versions may not overlap (a claim date must never have two answers).
import type { RuleSet } from "../rule-set.ts";
import type { EvalOptions, EvalResult } from "../result.ts";
import type { Ledger } from "../eval/ledger.ts";
import type { PolicyMeta } from "../ir/artifact.ts";
import { ArtifactError, BylawError, inputError, NotInForceError, quote } from "../errors.ts";
import { isValidDate } from "../ir/dates.ts";

/**
 * The versions earliest first (by effective date); throws ArtifactError (BR1026) when two are
 * in force on one same day. Shared by the rule book and the SQL target's (sql/rulebook.ts).
 */
export function versionsInOrder<T>(versions: readonly T[], meta: (v: T) => PolicyMeta): T[] {
  const sorted = [...versions].sort((x, y) => (meta(x).effective < meta(y).effective ? -1 : meta(x).effective > meta(y).effective ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    const a = meta(sorted[i - 1]!), b = meta(sorted[i]!);
    // `ends` is the last day a version is in force
    if (a.ends === undefined || a.ends >= b.effective) {
      throw new ArtifactError("BR1026", { a: a.id, aFrom: a.effective, b: b.id, bFrom: b.effective, date: b.effective });
    }
  }
  return sorted;
}

export class RuleBook {
  /** the versions, earliest first */
  readonly ruleSets: readonly RuleSet[];
  /** every version's ledger fields: a person's ledger may hold any of them (EvalOptions.ledgerFields) */
  readonly ledgerFields: ReadonlySet<string>;

  /** Throws ArtifactError (BR1026) when two versions are in force on one same day. */
  constructor(ruleSets: RuleSet[]) {
    this.ruleSets = versionsInOrder(ruleSets, (rs) => rs.meta);
    this.ledgerFields = new Set(this.ruleSets.flatMap((rs) => rs.artifact.ledger.fields.map((f) => f.name)));
  }

  /** The version in force on `date`, or undefined. */
  find(date: string): RuleSet | undefined {
    for (let i = this.ruleSets.length - 1; i >= 0; i--) {
      const m = this.ruleSets[i]!.meta;
      if (m.effective <= date) return m.ends === undefined || date <= m.ends ? this.ruleSets[i] : undefined;
    }
    return undefined;
  }

  /** The version in force on `date`; throws NotInForceError (BR2025) when there is none. */
  forDate(date: string): RuleSet {
    if (!isValidDate(date)) throw new BylawError("BR2011", { field: "date", value: quote(date) });
    const rs = this.find(date);
    if (rs === undefined) throw new NotInForceError(date);
    return rs;
  }

  /** Settles a claim with the version in force on `options.date` (required). */
  evaluate(input: unknown, ledger?: Ledger, options?: EvalOptions): EvalResult {
    const date = options?.date;
    if (date === undefined) return { ok: false, errors: [inputError("BR2023", "date", {})] };
    if (!isValidDate(date)) return { ok: false, errors: [inputError("BR2011", "date", { value: quote(date) })] };
    const rs = this.find(date);
    if (rs === undefined) return { ok: false, errors: [inputError("BR2025", "date", { date })] };
    return rs.evaluate(input, ledger, { ...options, ledgerFields: options?.ledgerFields ?? this.ledgerFields });
  }
}
