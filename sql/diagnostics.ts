// The SQL target's own codes (BS): why a rule set has no SQL plan (BS1xxx, refused when the
// SQL is written, naming the output), and why a claim the SQL settles set-wise could not be
// settled there (BS2xxx, an error row, as the runtime's BR codes are). English and Chinese.
/** the languages messages are written in (as the compiler and the runtime) */
export type Lang = "en" | "zh";

const MESSAGES = {
  BS1003: [
    "`{output}`: {what} is not supported by the SQL target",
    "`{output}`：SQL 目标不支持{whatZh}",
  ],
  BS1004: [
    "`{output}`: a product needs {scale} decimals, more than the {max} the SQL target keeps exact",
    "`{output}`：乘积需要 {scale} 位小数，超过 SQL 目标可精确保持的 {max} 位",
  ],
  BS1005: [
    "`{output}`: the versions of a rule book must be of one policy, not `{a}` and `{b}`",
    "`{output}`：规则集的各版本须属同一政策，而非 `{a}` 与 `{b}`",
  ],
  BS1006: [
    "`{output}`: the versions from {a} and {b} give it different types ({aType}, {bType}); one column cannot hold both",
    "`{output}`：{a} 起与 {b} 起的版本给出不同类型（{aType}、{bType}），同一列无法同时容纳",
  ],
  BS2002: [
    "an earlier claim of this person's year failed after writing to the ledger; the SQL plan cannot take its writes back (settle it with the JS engine)",
    "该人员当年较早的一笔结算在写入台账后出错；SQL 方案无法撤回其写入（请用 JS 引擎结算）",
  ],
  BS2003: [
    "`{field}`: `{value}` has more than {max} decimals, all the SQL engine keeps of a {type} (settle it with the JS engine)",
    "`{field}`：`{value}` 超过 {max} 位小数，SQL 引擎的{type}只保留 {max} 位（请用 JS 引擎结算）",
  ],
  BS2004: [
    "claims of one person's year must come in date order across versions: this claim falls under the version from {version} after a claim under the version from {later} (settle it with the JS engine)",
    "同一人员当年的结算须按版本的日期顺序：该笔属于 {version} 起的版本，却排在 {later} 起版本的一笔之后（请用 JS 引擎结算）",
  ],
  BS2006: [
    "`{field}`: a division here needs more than 38 digits, all the SQL engine keeps exact (settle it with the JS engine)",
    "`{field}`：此处的除法需要超过 38 位数字，超出 SQL 引擎可精确保持的位数（请用 JS 引擎结算）",
  ],
  BS2005: [
    "an earlier claim of this person's year came out of date order across versions; the SQL plan settles nothing of the year after it (settle it with the JS engine)",
    "该人员当年较早的一笔未按版本的日期顺序；SQL 方案不结算其后的任何一笔（请用 JS 引擎结算）",
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type SqlCode = keyof typeof MESSAGES;

export const SQL_CODES = Object.keys(MESSAGES) as SqlCode[];

/** A rule set the SQL target refuses, or a warning about the SQL it wrote. */
export interface SqlDiagnostic {
  code: SqlCode;
  severity: "error";
  args: Record<string, string>;
}

export function renderSqlMessage(code: SqlCode, args: Record<string, string>, lang: Lang): string {
  return MESSAGES[code][lang === "zh" ? 1 : 0].replace(/\{(\w+)\}/g, (m, k: string) => args[k] ?? m);
}
