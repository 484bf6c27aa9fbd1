// One way of settling a policy's claims, as the evaluation sections time it. `prepare` puts a
// claim into the contender's own shape (untimed: every system receives claims somehow);
// `call` is what is timed; `settled` turns its answer into the common shape for checking.
import type { Claim } from "./cases.ts";
import type { Settled } from "./agree.ts";

export interface Contender<P = unknown, R = unknown> {
  name: string;
  /** true when `call` returns a promise (the engines' APIs are asynchronous) */
  async: boolean;
  prepare(claim: Claim): P;
  call(prepared: P): R | Promise<R>;
  settled(result: R): Settled;
}

/** Settles every claim (in order, awaiting each) in the common shape. */
export async function settleAll<P, R>(c: Contender<P, R>, claims: readonly Claim[]): Promise<Settled[]> {
  const out: Settled[] = [];
  for (const claim of claims) out.push(c.settled(await c.call(c.prepare(claim))));
  return out;
}

/** "2023-05-01" → 2023: the medical year is the calendar year. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
