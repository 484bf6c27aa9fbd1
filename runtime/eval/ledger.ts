// The per-person, per-medical-year ledger: read into Decimal slots before a claim, written
// back as a new object after it. The caller's ledger is never modified.
import type { Checked } from "../load/check-ir.ts";
import { ledgerType, type LedgerField, type PolicyMeta } from "../ir/artifact.ts";
import { D, ZERO, type Dec } from "../ir/decimal.ts";
import { inputError, quote, type InputError } from "../errors.ts";
import { COUNT_RULES, formatDecimal, formatMoney, MONEY_RULES, parseAmount, type AmountRules } from "../ir/money.ts";
import { isObject, setOwn, type Json } from "../ir/shape.ts";
import type { ErrorList } from "./validate-input.ts";

/** How a ledger field's values are read and written: money to the fen ("800.00"), a count as
 *  a whole number ("2"). `canonical` matches a text exactly as `format` writes it. */
export interface LedgerCodec {
  rules: AmountRules;
  canonical: RegExp;
  format(v: Dec): string;
  /** what a refused value should have been, for the error */
  expected: [string, string];
}

export const LEDGER_CODECS: Record<"Money" | "Int", LedgerCodec> = {
  Money: { rules: MONEY_RULES, canonical: /^(0|[1-9]\d*)\.\d\d$/, format: formatMoney, expected: ["an amount", "金额"] },
  Int: { rules: COUNT_RULES, canonical: /^(0|[1-9]\d*)$/, format: formatDecimal, expected: ["a whole number (a count)", "整数（次数）"] },
};

export function codecOf(f: LedgerField): LedgerCodec {
  return LEDGER_CODECS[ledgerType(f)];
}

/** A value of a field the rule set does not declare (another version's), read as an amount, is
 *  kept as written when canonical for money or a count, so a count stays a count; else the
 *  caller writes it as money. */
export function keptText(text: unknown): string | undefined {
  return typeof text === "string" && (LEDGER_CODECS.Money.canonical.test(text) || LEDGER_CODECS.Int.canonical.test(text)) ? text : undefined;
}

/** The text when a count exactly as written ("2"), else undefined. */
export function canonicalCount(text: unknown): string | undefined {
  return typeof text === "string" && LEDGER_CODECS.Int.canonical.test(text) ? text : undefined;
}

/** The policy a ledger was written under: its id, and the version's effective date (for the record). */
export interface LedgerPolicy {
  id: string;
  effective: string;
}

/** Per person per medical (calendar) year; money as decimal strings. `policy`, when present,
 *  names the policy it was written under: reading it under another policy is an error. */
export interface Ledger {
  policy?: LedgerPolicy;
  year: number;
  values: Record<string, string>;
}

/** The ledger stamped with the policy it is written under, for a writer that keeps ledgers
 *  apart from their rule set (a file, a database), so it is never read under another policy. */
export function stampLedger(ledger: Ledger, meta: PolicyMeta): Ledger {
  return { policy: { id: meta.id, effective: meta.effective }, year: ledger.year, values: ledger.values };
}

export interface LedgerState {
  slots: Dec[];
  /** the caller's text for a slot when already written as we write it ("2000.00"): reused if unchanged */
  texts: (string | undefined)[];
  /** the values read, to tell which slots a claim changed */
  read: Dec[];
  /** fields this rule set does not declare (written by another version of it): kept as they were */
  extra: [string, string][];
}

/**
 * A ledger kept in slot form by a caller that settles many claims in a row (a batch): handed
 * back to the rule set that made it, nothing is parsed or formatted between claims. It still
 * reads as a Ledger (`values` formatted on demand), so any version of a rule set accepts it.
 * Passing a held ledger to evaluate gives a held ledger back; `HeldLedger.EMPTY` starts one.
 * The slots are Decimals when the decimal.js path wrote them and whole fen when the
 * fixed-point fast path did (fast-path.ts): each path reads either.
 */
export class HeldLedger implements Ledger {
  static readonly EMPTY = new HeldLedger(undefined, 0, [], []);
  readonly io: LedgerIO | undefined;
  readonly year: number;
  /** never changed: evaluation works on a copy. Empty when the ledger is held in fen. */
  readonly slots: readonly Dec[];
  /** the slots in whole fen (safe integers), or undefined when held as Decimals */
  readonly fen: readonly number[] | undefined;
  /** shared with the states read from it: only reading a plain ledger adds to an `extra` */
  readonly extra: [string, string][];

  constructor(io: LedgerIO | undefined, year: number, slots: readonly Dec[], extra: [string, string][], fen?: readonly number[]) {
    this.io = io;
    this.year = year;
    this.slots = slots;
    this.extra = extra;
    this.fen = fen;
  }

  /** Held by the fast path: the slots in whole fen. */
  static ofFen(io: LedgerIO, year: number, fen: readonly number[], extra: [string, string][]): HeldLedger {
    return new HeldLedger(io, year, [], extra, fen);
  }

  /** The slots as Decimals, whichever way they are held (a fresh array). */
  decimals(): Dec[] {
    return this.fen === undefined ? this.slots.slice() : this.fen.map((f) => new D(f).div(100));
  }

  get values(): Record<string, string> {
    if (this.io === undefined) return {};
    return this.io.write(this.year, { slots: this.decimals(), texts: [], read: [], extra: this.extra }).values;
  }

  toJSON(): Ledger {
    return { year: this.year, values: this.values };
  }
}

export class LedgerIO {
  private readonly names: string[];
  private readonly slotOf: Map<string, number>;
  private readonly codecs: LedgerCodec[];

  private readonly policyId: string;

  constructor(ck: Checked) {
    this.names = [...ck.ledger.keys()];
    this.slotOf = new Map([...ck.ledger].map(([name, s]) => [name, s.index]));
    this.codecs = [...ck.ledger.values()].map((s) => codecOf(s.def));
    this.policyId = ck.artifact.policy.id;
  }

  /**
   * Whether a field this rule set does not declare is kept as it was (`extra`): when a version
   * of the policy wrote it — a held ledger, a ledger stamped by bylaw (`stampLedger`, under this
   * version or another), or a field of `others` (a rule book's other versions). In a ledger
   * written by hand it is a misspelt field (已救助额 for 已救助), whose amount would silently not
   * count: BR2028.
   */
  keeps(ledger: unknown, field: string, others?: ReadonlySet<string>): boolean {
    if (ledger instanceof HeldLedger || others?.has(field) === true) return true;
    return isObject((ledger as Json).policy);
  }

  /** A plain ledger's year and stamp, checked before any value is read: an error or undefined. */
  private refuse(ledger: Json, claimYear: number): InputError | undefined {
    if ((ledger as object) === HeldLedger.EMPTY) return undefined; // "no ledger yet", of year 0
    const year = ledger.year as number;
    if (year < 1) return inputError("BR2026", "ledger.year", { year });
    if (year > claimYear) return inputError("BR2022", "ledger.year", { ledgerYear: year, claimYear });
    const p = ledger.policy;
    if (p === undefined) return undefined;
    if (!isObject(p) || typeof p.id !== "string") return inputError("BR2020", "ledger.policy", {});
    if (p.id !== this.policyId) return inputError("BR2027", "ledger.policy", { found: quote(p.id), expected: quote(this.policyId) });
    return undefined;
  }

  /** True when a plain ledger is of this policy's and of a valid year; the fast path reads only those. */
  readable(ledger: Json, claimYear: number): boolean {
    return this.refuse(ledger, claimYear) === undefined;
  }

  fresh(): LedgerState {
    const n = this.names.length;
    const slots: Dec[] = new Array(n).fill(ZERO);
    return { slots, texts: new Array(n), read: slots.slice(), extra: [] };
  }

  /** The ledger's values for a claim in `claimYear`; an earlier year's ledger starts the year afresh. */
  read(ledger: unknown, claimYear: number, errors: ErrorList, others?: ReadonlySet<string>): LedgerState | undefined {
    if (ledger === undefined || ledger === null) return this.fresh();
    if (ledger instanceof HeldLedger && ledger.io === this) return this.readHeld(ledger, claimYear, errors);
    if (!isObject(ledger) || !Number.isSafeInteger(ledger.year) || !isObject(ledger.values)) {
      errors.push(inputError("BR2020", "ledger", {}));
      return undefined;
    }
    const refused = this.refuse(ledger, claimYear);
    if (refused !== undefined) {
      errors.push(refused);
      return undefined;
    }
    const year = ledger.year as number;
    const state = this.fresh();
    const values = ledger.values;
    let ok = true;
    for (const key of Object.keys(values)) {
      const text = values[key];
      const slot = this.slotOf.get(key);
      const codec = slot === undefined ? LEDGER_CODECS.Money : this.codecs[slot]!;
      const r = parseAmount(text, codec.rules);
      if (typeof r === "string") {
        ok = false;
        const [expected, expectedZh] = codec.expected;
        errors.push(inputError(r, `ledger.values.${key}`, { value: quote(text), expected, expectedZh, found: typeof text }));
        continue;
      }
      if (year < claimYear) continue; // a new medical year: nothing carries over
      if (slot === undefined && !this.keeps(ledger, key, others)) {
        ok = false;
        errors.push(inputError("BR2028", `ledger.values.${key}`, { fields: this.names.map((n) => `\`${n}\``).join(", ") || "—" }));
      } else if (slot === undefined) {
        state.extra.push([key, keptText(text) ?? formatMoney(r)]);
      } else {
        state.slots[slot] = r;
        state.read[slot] = r;
        if (typeof text === "string" && codec.canonical.test(text)) state.texts[slot] = text;
      }
    }
    return ok ? state : undefined;
  }

  /** A held ledger of this rule set's own: its slots as they are (copied, as evaluation writes them). */
  private readHeld(held: HeldLedger, claimYear: number, errors: ErrorList): LedgerState | undefined {
    if (held.year > claimYear) {
      errors.push(inputError("BR2022", "ledger.year", { ledgerYear: held.year, claimYear }));
      return undefined;
    }
    if (held.year < claimYear) return this.fresh();
    // no texts to reuse: written out, every slot is formatted afresh
    return { slots: held.decimals(), texts: [], read: [], extra: held.extra };
  }

  /** The ledger after a claim, kept in slot form (see HeldLedger). */
  hold(year: number, state: LedgerState): HeldLedger {
    return new HeldLedger(this, year, state.slots, state.extra);
  }

  write(year: number, state: LedgerState): Ledger {
    const values: Record<string, string> = {};
    for (let i = 0; i < this.names.length; i++) {
      const v = state.slots[i]!, text = state.texts[i];
      setOwn(values, this.names[i]!, text !== undefined && v === state.read[i] ? text : this.codecs[i]!.format(v));
    }
    for (const [key, value] of state.extra) setOwn(values, key, value);
    return { year, values };
  }
}
