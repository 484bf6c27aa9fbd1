// Limits the runtime enforces on every artifact and the compiler checks before writing one,
// so what compiles clean loads. Names are checked once, at load (load/validate-artifact.ts),
// so every reader of a loaded rule set — the decimal.js path, the fast path, traces — works
// with names within MAX_NAME and the two settling paths accept exactly the same claims.

/** Expression nodes nested deeper than this are refused rather than risking the call stack;
 *  long `+ −`, `and`, `or` chains are kept flat (`sum`, n-ary `and`/`or`), so they never count. */
export const MAX_DEPTH = 200;

/** Longest text a claim's input may hold (eval/validate-input.ts refuses longer with BR2009). */
export const MAX_TEXT = 10_000;

/** Longest name in an artifact (enum, member, field, ledger field, param, table, output …):
 *  within MAX_TEXT, so a member is never refused as input for its length alone. */
export const MAX_NAME = 1_000;
