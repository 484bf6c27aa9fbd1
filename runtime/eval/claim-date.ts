// A claim's date: which it is, and whether the policy is in force on it. Shared by both
// evaluators (read once per distinct date: a batch's claims often share one).
import type { PolicyMeta } from "../ir/artifact.ts";
import { inputError, quote } from "../errors.ts";
import { isValidDate } from "../ir/dates.ts";
import type { EvalOptions } from "../result.ts";
import type { ErrorList } from "./validate-input.ts";

export class ClaimDates {
  private readonly meta: PolicyMeta;
  /** The last date checked, and whether it was valid and in force. */
  private lastDate: unknown = undefined;
  private lastOk = false;

  constructor(meta: PolicyMeta) {
    this.meta = meta;
  }

  /** The claim's date. Only a date left out means "the policy's effective date": an explicit
   *  null is a bad date (a batch row whose date was lost must not settle silently on another day). */
  of(options: EvalOptions | undefined): unknown {
    return options === undefined || options.date === undefined ? this.meta.effective : options.date;
  }

  /** Whether the date is valid and the policy in force then. */
  inForce(date: unknown): date is string {
    if (date === this.lastDate) return this.lastOk;
    const meta = this.meta;
    this.lastDate = date;
    this.lastOk = isValidDate(date) && date >= meta.effective && (meta.ends === undefined || date <= meta.ends);
    return this.lastOk;
  }

  /** Adds the date's problem, if any, to `errors`. */
  check(date: unknown, errors: ErrorList): void {
    if (this.inForce(date)) return;
    const meta = this.meta;
    if (!isValidDate(date)) {
      errors.push(inputError("BR2011", "date", { value: quote(date) }));
    } else {
      errors.push(inputError("BR2024", "date", { policy: meta.id, date, from: meta.effective, to: meta.ends ?? "…" }));
    }
  }
}
