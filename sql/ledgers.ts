// Year-to-date rules as window sums. Every ledger has one place in a claim that writes it; what
// that place adds for each claim (its amount, to the fen, on a claim that settles and reaches
// it) is summed over the person's earlier claims of the year, so a balance is
// opening + Σ earlier amounts — for `cumulative` and bands as it is, for `above … per year` and
// caps clamped at the year's limit: with a limit T the same for the whole year and amounts
// y ≥ 0, the running balance of Σ min(yₙ, max(T − balance, 0)) is min(max(T − opening, 0), Σ y).
// Bands on a ledger pay f(balance + x) − f(balance). A limit that may change within a person's
// year, and a sub-cap that adds only on some claims, are the dialect's ordered fold (fold.ts), in
// the person-years where they do change (clamped()).
import type { BandsDef, Expr } from "../runtime/ir/artifact.ts";
import { v, type V } from "./plan.ts";
import type { Settlement } from "./settlement.ts";
import type { SqlValue, Translator, Where } from "./translate.ts";

/** One ledger's single writer: its running balance before the claim and after it. */
export interface LedgerColumns {
  name: string;
  /** the balance after the claim (what the closing ledger takes from a year's last claim) */
  after: SqlValue;
}

export class Ledgers {
  private readonly st: Settlement;
  private readonly tr: Translator;
  /** each ledger's writer, once it is known */
  readonly written = new Map<string, LedgerColumns>();
  /** whether a balance is the dialect's ordered fold (its preamble must then run first) */
  folded = false;

  constructor(st: Settlement, tr: Translator) {
    this.st = st;
    this.tr = tr;
  }

  /** Claims that reach `w` and settle: only they add to a ledger. */
  private live(w: Where): V {
    return this.tr.and(w.guard, v(`NOT ${this.st.mask.sql}`, this.st.mask));
  }

  /** Σ over the person's earlier claims of the year of `amount` on a live claim (0 before the first). */
  private earlier(amount: SqlValue, w: Where): SqlValue {
    const live = this.live(w);
    const sum = `SUM(CASE WHEN ${live.sql} THEN ${amount.sql} ELSE ${this.tr.widen(this.tr.zero(), amount.scale!).sql} END) OVER (${this.st.window("ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING")})`;
    return this.st.column("y", this.tr.num(`COALESCE(${sum}, 0)`, 2, live, amount), true);
  }

  /** Registers the ledger's writer: the compiler lets one operator write a ledger (BL2005). */
  private claim(ledger: string): void {
    if (this.written.has(ledger)) throw new Error(`ledger ${ledger} has two writers`);
    this.written.set(ledger, { name: ledger, after: this.tr.zero() });
  }

  /** The error a negative amount to a ledger is (BR3003). */
  private negative(ledger: string, amount: SqlValue, w: Where): void {
    this.st.errorSite(w, v(`${amount.sql} < 0`, amount), "BR3003", { value: this.st.decimalText(amount), ledger: v(this.st.d.text(ledger)) });
  }

  /** The balance before the claim: opening + what the year's earlier claims added (unclamped). */
  private running(ledger: string, amount: SqlValue, w: Where): SqlValue {
    const y = this.earlier(amount, w);
    return this.st.column("b", this.tr.add("+", this.st.opening(ledger), y), true);
  }

  private record(ledger: string, before: SqlValue, added: SqlValue, w: Where): void {
    const live = this.live(w);
    const after = this.tr.add("+", before, this.tr.choose(live, added, this.tr.zero()));
    this.written.get(ledger)!.after = this.st.column("a", after, true);
  }

  /** An unclamped ledger (cumulative, bands): it adds the claim's amount; the balance before it. */
  private unclamped(ledger: string, x: SqlValue, w: Where): SqlValue {
    this.claim(ledger);
    this.negative(ledger, x, w);
    const y = this.tr.fen(x);
    const before = this.running(ledger, y, w);
    this.record(ledger, before, y, w);
    return before;
  }

  cumulative(ledger: string, x: SqlValue, w: Where): SqlValue {
    x = this.st.column("x", x);
    return this.st.column("v", this.tr.add("+", this.unclamped(ledger, x, w), x));
  }

  bands(ledger: string, def: BandsDef, x: SqlValue, w: Where): SqlValue {
    x = this.st.column("x", x);
    const before = this.unclamped(ledger, x, w);
    const to = this.st.column("t", this.tr.add("+", before, x));
    return this.st.column("v", this.tr.add("-", this.tr.bands(def, to, w), this.tr.bands(def, before, w)));
  }

  /** `x above t per year`: the part of x over what is left of the threshold this year. */
  above(ledger: string, x: SqlValue, t: SqlValue, w: Where): SqlValue {
    x = this.st.column("x", x);
    this.claim(ledger);
    this.negative(ledger, x, w);
    const y = this.tr.fen(x), limit = this.st.column("l", this.tr.fen(t));
    const before = this.clamped([{ ledger, limit, fixed: this.st.isConstant(t) }], y, w)[0]!;
    const room = this.tr.greatest([this.tr.add("-", t, before), this.tr.zero()]);
    this.record(ledger, before, this.tr.least([y, this.tr.greatest([this.tr.add("-", limit, before), this.tr.zero()])]), w);
    return this.st.column("v", this.tr.above(x, room));
  }

  /** A cap: the least of the amount, the per-claim limits and what each yearly limit leaves. */
  cap(e: Extract<Expr, { k: "cap" }>, w: Where): SqlValue {
    const x = this.st.column("x", this.tr.expr(e.v, w));
    // every limit's condition is evaluated before any limit (the runtime's order)
    const when = e.limits.map((l) => (l.when === undefined ? undefined : this.st.column("w", this.tr.expr(l.when, w))));
    const perClaim: SqlValue[] = [];
    const yearly: { ledger: string; lim: SqlValue; applies: V | undefined }[] = [];
    e.limits.forEach((l, i) => {
      const c = when[i];
      const at = c === undefined ? w : { ...w, guard: this.tr.and(w.guard, c) };
      // (the pipeline's own limit, `remaining`, is no deductible or cap of the document's)
      const lim = l.left === true ? this.tr.expr(l.lim, at) : this.tr.limitValue(this.tr.expr(l.lim, at), at);
      if (l.ledger !== undefined) yearly.push({ ledger: l.ledger, lim, applies: c });
      else perClaim.push(c === undefined ? lim : this.tr.choose(c, lim, { ...v(`CAST(NULL AS ${this.st.d.decimal(lim.scale!)})`), scale: lim.scale }));
    });
    const claimed = this.tr.least([x, ...perClaim]);
    if (yearly.length === 0) return claimed;
    for (const l of yearly) this.claim(l.ledger);
    this.negative(yearly[0]!.ledger, claimed, w);
    const y = this.tr.fen(claimed);
    const limits = yearly.map((l) => ({
      ledger: l.ledger, limit: this.st.column("l", this.tr.fen(l.lim)), fixed: this.st.isConstant(l.lim), applies: l.applies,
    }));
    const befores = this.clamped(limits, y, w);
    const rooms = yearly.map((l, i) => this.nullableRoom(l.lim, befores[i]!, l.applies));
    const r = this.st.column("r", this.tr.least([claimed, ...rooms]));
    const paid = this.tr.fen(r);
    yearly.forEach((l, i) => this.record(l.ledger, befores[i]!, paid, l.applies === undefined ? w : { ...w, guard: this.tr.and(w.guard, l.applies) }));
    return r;
  }

  /** max(limit − before, 0), or null (no limit) when the limit is unlimited or does not apply. */
  private nullableRoom(lim: SqlValue, before: SqlValue, applies?: V): SqlValue {
    const room = this.tr.greatest([this.tr.add("-", lim, before), this.tr.zero()]);
    const off = applies === undefined ? `${lim.sql} IS NULL` : `NOT ${applies.sql} OR ${lim.sql} IS NULL`;
    return { ...v(`CASE WHEN ${off} THEN NULL ELSE ${room.sql} END`, lim, room, ...(applies === undefined ? [] : [applies])), scale: room.scale };
  }

  /**
   * The balances before the claim of ledgers that all add the same amount y, each up to its
   * limit. With limits that cannot change (constants) and apply on every claim, a window:
   * S = min(max(T, 0), Σ earlier y) with T the least (limit − opening), each balance opening + S.
   * Otherwise the dialect's ordered fold over the earlier claims, one balance per ledger (a
   * sub-cap adds only on the claims it applies to) — where a fold is quadratic, only for the
   * person-years that need it: where every limit and whether each cap applies are the same on
   * all of a person's claims of the year (a limit by the person's category, as most are), the
   * same window serves, with T the least limit of the caps that apply and 0 for the others. A
   * null limit is no limit.
   */
  private clamped(limits: { ledger: string; limit: SqlValue; fixed: boolean; applies?: V }[], y: SqlValue, w: Where): SqlValue[] {
    const heads = limits.map((l) => this.st.column("h", this.tr.add("-", l.limit, this.st.opening(l.ledger))));
    const balance = (l: { ledger: string }, s: SqlValue) => this.st.column("b", this.tr.add("+", this.st.opening(l.ledger), s), true);
    const windowed = (t: SqlValue) => {
      const total = this.earlier(y, w);
      const clamp = this.tr.least([this.tr.greatest([t, this.tr.zero()]), total]);
      return this.st.column("s", this.tr.choose(v(`${t.sql} IS NULL`, t), total, clamp), true);
    };
    if (limits.every((l) => l.fixed && l.applies === undefined)) {
      const s = windowed(this.st.column("h", this.tr.least(heads)));
      return limits.map((l) => balance(l, s));
    }
    const fold = this.st.d.fold;
    this.folded = true;
    const live = this.live(w);
    const amount = `CASE WHEN ${live.sql} THEN ${y.sql} ELSE ${this.tr.widen(this.tr.zero(), 2).sql} END`;
    const caps = limits.map((l, i) => ({ head: heads[i]!.sql, applies: l.applies?.sql ?? "TRUE" }));
    const deps = [live, y, ...heads, ...limits.flatMap((l) => (l.applies === undefined ? [] : [l.applies]))];
    const frame = "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING";
    const folded = (window: string, ...more: V[]) => {
      const state = this.st.column("z", v(fold.state(amount, caps, window), ...deps, ...more), true);
      return limits.map((_, i) => this.tr.num(fold.balance(state.sql, i), 2, state));
    };
    if (!fold.quadratic) return folded(this.st.window(frame)).map((s, i) => balance(limits[i]!, s));

    const on = limits.map((l) => (l.applies === undefined ? undefined : this.st.column("a", v(`CASE WHEN ${l.applies.sql} THEN 1 ELSE 0 END`, l.applies))));
    const steady = this.steady(heads, on.filter((a) => a !== undefined));
    const applying = (i: number) => v(`${on[i]!.sql} = 1`, on[i]!);
    const none = { ...v(`CAST(NULL AS ${this.st.d.decimal(2)})`), scale: 2 };
    const s = windowed(this.st.column("h", this.tr.least(heads.map((h, i) => (on[i] === undefined ? h : this.tr.choose(applying(i), h, none))))));
    // each claim of a steady person-year is a partition of its own, so it folds nothing (a FILTER
    // on the fold's window aggregate would still walk every earlier claim: twice as slow on DuckDB
    // at 500 claims a person, and Spark and Trino refuse it there)
    const folds = folded(this.st.window(frame, steady), steady);
    return limits.map((l, i) => {
      const windowS = on[i] === undefined ? s : this.tr.choose(applying(i), s, this.tr.zero());
      return balance(l, this.tr.choose(steady, windowS, folds[i]!));
    });
  }

  /** Whether every head (NULL on every claim, or one value on every claim) and every 0/1 flag is
   *  the same on all of the person's claims of the year. */
  private steady(heads: readonly V[], flags: readonly V[]): V {
    const year = this.st.window("ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING");
    const same = (x: V) => `MIN(${x.sql}) OVER (${year}) = MAX(${x.sql}) OVER (${year})`;
    const count = (x: string) => `COUNT(${x}) OVER (${year})`;
    return this.st.column("k", v(`(${[
      ...heads.map((h) => `(${count(h.sql)} = 0 OR ${count(h.sql)} = ${count("*")} AND ${same(h)})`),
      ...flags.map(same),
    ].join(" AND ")})`, ...heads, ...flags));
  }
}
