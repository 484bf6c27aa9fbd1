// Limits the runtime enforces on every artifact and the compiler checks before writing one,
// so what compiles clean loads.

/** Expression nodes nested deeper than this are refused rather than risking the call stack;
 *  long `+ −`, `and`, `or` chains are kept flat (`sum`, n-ary `and`/`or`), so they never count. */
export const MAX_DEPTH = 200;
