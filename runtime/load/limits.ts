// Length limits on text, in one place. Names are checked once, at load (validate-artifact.ts),
// so every reader of a loaded rule set — the decimal.js path, the fast path, traces — works
// with names within MAX_NAME and the two settling paths accept exactly the same claims.

/** Longest text a claim's input may hold (validate-input.ts refuses longer with BR2009). */
export const MAX_TEXT = 10_000;
/** Longest name in an artifact (enum, member, field, ledger field, param, table, output …):
 *  within MAX_TEXT, so a member is never refused as input for its length alone. */
export const MAX_NAME = 1_000;
