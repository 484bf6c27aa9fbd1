// One registry of the runtime's error codes, each with an English and a Chinese message.
// BR1xxx: the artifact is damaged, tampered with or incompatible (loading refuses it; two
//         versions that cannot be compared over one claims file are refused by `bylaw diff`).
// BR2xxx: the claim's input, ledger or date is wrong (evaluation returns them all at once).
// BR3xxx: the rules cannot be applied to this claim (e.g. no table row holds the key).
// Errors are values: a code, its arguments and where (`field` in a claim, `path` in an
// artifact). They are put into words only at the edge, by renderRuntimeError, in the reader's
// language. Tests refer to codes, never to message text. Templates fill `{name}` from the
// args (and `{field}` / `{path}` from the error's own field and path).

const MESSAGES = {
  // ── artifact ──
  BR1001: ["the artifact is not a JSON object", "规则包不是 JSON 对象"],
  BR1002: ["this is not a bylaw rule set (format `{found}`, expected `{expected}`)", "这不是 bylaw 规则包（格式为 `{found}`，应为 `{expected}`）"],
  BR1003: [
    "the artifact is from a newer format (version {found}); this runtime reads format version {supported}: upgrade the runtime",
    "规则包来自更新的格式（第 {found} 版）；本运行时只能读取第 {supported} 版格式，请升级运行时",
  ],
  BR1004: ["invalid format version `{found}`", "格式版本 `{found}` 无效"],
  BR1005: [
    "the artifact was written by compiler {found}, which this runtime does not accept (it reads compilers 0.x)",
    "规则包由编译器 {found} 生成，本运行时不接受（只接受 0.x 版编译器）",
  ],
  BR1006: [
    "the artifact's integrity check failed: it was changed after it was compiled (expected {expected}, computed {found})",
    "规则包完整性校验失败：编译后被修改过（应为 {expected}，实际 {found}）",
  ],
  BR1007: ["the artifact has no valid integrity hash", "规则包缺少有效的完整性哈希"],
  BR1010: ["missing field `{field}` at {path}", "{path} 缺少字段 `{field}`"],
  BR1011: ["unknown field `{field}` at {path}", "{path} 有未知字段 `{field}`"],
  BR1012: ["{path} must be {expected}", "{path} 应为{expectedZh}"],
  BR1013: ["unknown expression kind `{found}` at {path}", "{path} 的表达式类型 `{found}` 未知"],
  BR1014: ["unknown type `{found}` at {path}", "{path} 的类型 `{found}` 未知"],
  BR1015: ["{what} `{name}` at {path} is not declared", "{path} 引用的{whatZh} `{name}` 未声明"],
  BR1016: ["{path}: `{value}` is not a valid {type} value", "{path}：`{value}` 不是有效的 {type} 值"],
  BR1017: ["{path}: the interval is empty or its bounds are out of order", "{path}：区间为空或上下界顺序颠倒"],
  BR1018: ["{path}: bands must be in order and must not overlap", "{path}：分段必须按顺序排列且不得重叠"],
  BR1019: ["{path}: expected {expected}, found {found}", "{path}：应为 {expected}，实际为 {found}"],
  BR1020: ["duplicate {what} `{name}` at {path}", "{path} 重复的{whatZh} `{name}`"],
  BR1022: ["ledger field `{name}` is written by more than one operator (at {path})", "台账字段 `{name}` 被多个运算写入（{path}）"],
  BR1023: ["`remaining` at {path} is used outside a pipeline layer", "{path} 的 `remaining` 只能在结算链的层中使用"],
  BR1024: ["define `{name}` at {path} is used before it is defined", "{path} 在定义 `{name}` 之前就使用了它"],
  BR1025: ["the expression at {path} is nested too deeply", "{path} 的表达式嵌套过深"],
  BR1026: [
    "rule sets `{a}` (from {aFrom}) and `{b}` (from {bFrom}) are both in force on {date}",
    "规则 `{a}`（{aFrom} 起）与 `{b}`（{bFrom} 起）在 {date} 同时有效",
  ],
  BR1027: ["{path}: {detail}", "{path}：{detailZh}"],
  BR1028: ["the artifact could not be read: {detail}", "无法读取规则包：{detail}"],
  BR1029: ["{path}: the name is longer than {max} characters", "{path}：名称超过 {max} 个字符"],
  BR1030: ["the artifact is not signed, and only signed artifacts are trusted here", "规则包没有签名，而此处只信任已签名的规则包"],
  BR1031: ["the artifact's signature is malformed", "规则包的签名格式有误"],
  BR1032: ["the artifact is signed by key {keyId}, which is not trusted here", "规则包由密钥 {keyId} 签名，此处不信任该密钥"],
  BR1033: [
    "the artifact's signature by key {keyId} does not verify: it was changed after signing",
    "规则包上密钥 {keyId} 的签名验证失败：签名后被修改过",
  ],
  BR1034: ["this platform cannot verify Ed25519 signatures (no WebCrypto)", "本平台无法验证 Ed25519 签名（缺少 WebCrypto）"],
  BR1035: ["not an Ed25519 public key in PEM (-----BEGIN PUBLIC KEY-----)", "不是 PEM 格式的 Ed25519 公钥（-----BEGIN PUBLIC KEY-----）"],
  BR1036: [
    "pipeline {name} at {path} reads its own results, directly or through definitions: {cycle}",
    "{path} 的结算流程 {name} 读取了自身的结果（直接或经由定义）：{cycle}",
  ],
  BR1037: [
    "ledger field {name} at {path} is read outside an alert: only alerts run after every write",
    "{path} 在预警之外读取了台账字段 {name}：只有预警在所有台账写入之后运行",
  ],
  BR1040: [
    "{path}: a dated param's entries must go forward in time and the first must be in force by the effective date {effective}",
    "{path}：分日期参数的各项日期须逐项递增，且第一项须在生效日期 {effective} 或之前开始",
  ],
  // ── two versions compared over one claims file (`bylaw diff`): they must read the same claims ──
  BR1050: [
    "input `{field}` is {oldType} in the old version and {newType} in the new: one claims file cannot suit both",
    "输入字段 `{field}` 在旧版中为 {oldType}，在新版中为 {newType}：同一份就医数据无法同时适用两版",
  ],
  BR1051: [
    "input `{field}` is required by the old version and is not an input of the new: no claim suits both",
    "输入字段 `{field}` 是旧版的必填字段，新版没有该字段：没有就医数据能同时适用两版",
  ],
  BR1052: [
    "input `{field}` is required by the new version and is not an input of the old: no claim suits both",
    "输入字段 `{field}` 是新版的必填字段，旧版没有该字段：没有就医数据能同时适用两版",
  ],
  BR1053: [
    "`{output}` is not a Money output of both versions, so gains and losses cannot be judged by it",
    "`{output}` 不是两版共有的金额输出，无法据此判断受益或受损",
  ],
  // ── input, ledger, date ──
  BR2001: ["the claim input must be a JSON object", "就医输入必须是 JSON 对象"],
  BR2002: ["missing required field `{field}` ({label})", "缺少必填字段 `{field}`（{label}）"],
  BR2003: ["unknown field `{field}`", "未知字段 `{field}`"],
  BR2004: ["`{field}` must be {expected}, found {found}", "`{field}` 应为{expectedZh}，实际为 {found}"],
  BR2005: ["`{field}`: `{value}` is not a valid amount (digits with at most one point and no separators, as 12000.50)", "`{field}`：`{value}` 不是有效的数额（只写数字，至多一个小数点，不加千分位，如 12000.50）"],
  BR2006: ["`{field}`: `{value}` has more than 2 decimals (money is counted to the fen)", "`{field}`：`{value}` 超过 2 位小数（金额精确到分）"],
  BR2007: ["`{field}`: `{value}` is negative; amounts and counts must be 0 or more", "`{field}`：`{value}` 为负数；金额和计数不能小于 0"],
  BR2008: ["`{field}`: `{value}` is not a finite number", "`{field}`：`{value}` 不是有限数值"],
  BR2009: ["`{field}`: the text is longer than {max} characters", "`{field}`：文本超过 {max} 个字符"],
  BR2010: ["`{field}`: `{value}` is not a whole number", "`{field}`：`{value}` 不是整数"],
  BR2011: ["`{field}`: `{value}` is not a valid date (YYYY-MM-DD)", "`{field}`：`{value}` 不是有效日期（YYYY-MM-DD）"],
  BR2012: ["`{field}`: `{value}` is not one of {members}", "`{field}`：`{value}` 不在 {members} 之中"],
  BR2013: ["`{field}`: `{value}` is listed twice", "`{field}`：`{value}` 重复出现"],
  BR2014: ["`{field}`: `{value}` is too large", "`{field}`：`{value}` 数额过大"],
  BR2017: ["`{field}`: `{value}` is written with %; a rate is given as the fraction (0.85 for 85 %)", "`{field}`：`{value}` 带有 %；比例以小数表示（85% 写作 0.85）"],
  BR2018: [
    "`{field}`: a JSON number of more than 15 digits does not arrive as written (this one arrived as {value}); write the amount as a string",
    "`{field}`：超过 15 位数字的 JSON 数字无法按原样传入（此处传入为 {value}）；请把金额写成字符串",
  ],
  BR2016: ["`{field}`: `{value}` is above 1; a rate is a fraction (0.85 for 85 %)", "`{field}`：`{value}` 大于 1；比例以小数表示（85% 写作 0.85）"],
  BR2020: ["the ledger must be an object {\"year\": 2024, \"values\": {…}}", "台账必须是对象 {\"year\": 2024, \"values\": {…}}"],
  BR2022: [
    "the ledger is for {ledgerYear}, later than the claim's year {claimYear}",
    "台账属于 {ledgerYear} 年，晚于本次就医所在的 {claimYear} 年",
  ],
  BR2023: ["a claim date is needed to choose the rule set in force", "需要就医日期才能选择当时有效的规则"],
  BR2024: [
    "`{policy}` is not in force on {date} (in force {from} to {to})",
    "`{policy}` 在 {date} 不在有效期内（有效期 {from} 至 {to}）",
  ],
  BR2025: ["no rule set is in force on {date}", "{date} 没有有效的规则"],
  BR2026: ["the ledger's year {year} is not a valid year", "台账年度 {year} 不是有效年份"],
  BR2027: [
    "the ledger was written under policy {found}, not {expected}",
    "该台账属于政策 {found}，不属于 {expected}",
  ],
  BR2028: [
    "not a field of this policy's ledger (its fields: {fields}); the amount of a misspelt field would not count",
    "不是本政策台账的字段（台账字段：{fields}）；字段名写错时其金额不会被计入",
  ],
  BR2099: ["{count} more errors not shown", "另有 {count} 个错误未显示"],
  // ── a batch's rows (the file's header and lines) ──
  BR2000: ["line {line}: not a valid row: {detail}", "第 {line} 行：无效的行：{detail}"],
  BR2100: ["the header has no `{field}` column", "表头缺少 `{field}` 列"],
  BR2101: ["the header names `{field}` twice (columns {first} and {second})", "表头中 `{field}` 出现两次（第 {first} 列和第 {second} 列）"],
  BR2102: ["column {column} of the header has no name", "表头第 {column} 列没有列名"],
  BR2103: [
    "line {line}: {found} cells where the header has {expected} (an unquoted comma, as in 12,000?)",
    "第 {line} 行：有 {found} 个单元格，表头有 {expected} 列（是否有未加引号的逗号，如 12,000？）",
  ],
  BR2104: ["line {line}, `{field}`: empty; every row needs one", "第 {line} 行 `{field}`：为空；每行都必须填写"],
  BR2105: ["line {line}, `{field}`: must be {expected}, found {found}", "第 {line} 行 `{field}`：应为{expectedZh}，实际为 {found}"],
  BR2106: ["line {line}, `{field}`: bytes the file's encoding cannot read", "第 {line} 行 `{field}`：含有无法按文件编码读取的字节"],
  BR2107: ["line {line}: a quoted cell is never closed", "第 {line} 行：引号括起的单元格没有结束引号"],
  BR2108: [
    "column {column} of the header holds bytes the file's encoding cannot read (a CSV saved by Chinese spreadsheet software is usually GB18030)",
    "表头第 {column} 列含有无法按文件编码读取的字节（中文电子表格软件保存的 CSV 通常为 GB18030 编码）",
  ],
  // ── a batch's ledger file (JSONL, one line per person and year): a bad line refuses the run ──
  BR2110: [
    "line {line}: not a ledger line {\"person\", \"year\", \"values\", \"policy\"}: {detail}",
    "第 {line} 行：不是台账行 {\"person\", \"year\", \"values\", \"policy\"}：{detail}",
  ],
  BR2111: ["line {line}, `person`: must be non-empty text, found {found}", "第 {line} 行 `person`：应为非空文本，实际为 {found}"],
  BR2112: ["line {line}, `year`: must be a year from 1 to 9999, found {found}", "第 {line} 行 `year`：应为 1 至 9999 的年份，实际为 {found}"],
  BR2113: ["line {line}, `{field}`: must be an amount of money (a whole number for a count), found {found}", "第 {line} 行 `{field}`：应为金额（次数为整数），实际为 {found}"],
  BR2114: ["line {line}: {person} has a ledger for {year} on an earlier line", "第 {line} 行：{person} 的 {year} 年台账在前面已出现过"],
  BR2116: [
    "line {line}, `{field}`: no version of the policy in this run has this ledger field (its fields: {fields}); a misspelt field's amount would not count",
    "第 {line} 行 `{field}`：本次运行的各版本政策均无此台账字段（台账字段：{fields}）；字段名写错时其金额不会被计入",
  ],
  BR2115: ["line {line}: written under policy {found}, not {expected}", "第 {line} 行：该台账属于政策 {found}，不属于 {expected}"],
  // ── settling through a server that keeps the ledgers (bylaw serve) ──
  BR2120: ["`{field}` must be non-empty text of at most {max} characters, with no spaces at its ends", "`{field}` 必须是非空文本，最多 {max} 个字符，首尾不含空格"],
  BR2121: [
    "claim id {claim} was used before for a different claim (person, date or input)",
    "结算单号 {claim} 已用于另一笔结算（人员、日期或输入不同）",
  ],
  // ── evaluation ──
  BR3001: ["table `{table}` has no row for `{key}`", "表 `{table}` 没有 `{key}` 对应的行"],
  BR3002: ["division by zero in `{field}`", "`{field}` 中出现除以零"],
  BR3003: [
    "a negative amount ({value}) cannot be added to ledger field `{ledger}`",
    "负数金额（{value}）不能计入台账字段 `{ledger}`",
  ],
  BR3004: [
    "`highest {table} over …` was given an empty set: the claim names none of the members it is taken over (give at least one, as [\"{example}\"])",
    "`highest {table} over …` 的集合为空：本次就医没有给出任何成员（至少给出一个，如 [\"{example}\"]）",
  ],
  BR3005: ["round: the unit {value} must be greater than 0", "round：取整单位 {value} 必须大于 0"],
  BR3006: ["the date {value} is out of range", "日期 {value} 超出范围"],
  BR3007: [
    "the edges of bands `{bands}` read on this claim are not in order at `{row}`",
    "本次结算读取的分段 `{bands}` 边界在 `{row}` 处顺序有误",
  ],
  BR3008: [
    "a deductible or cap of {value} in `{field}`: below 0 it would pay more than the claim, or nothing",
    "`{field}` 中的起付线或限额为 {value}：低于 0 时会多付或不付",
  ],
  BR3999: ["internal error while evaluating: {detail}", "计算时出现内部错误：{detail}"],
} as const satisfies Record<string, readonly [string, string]>;

export type ErrorCode = keyof typeof MESSAGES;
export type ErrorArgs = Record<string, string | number>;
export type Lang = "en" | "zh";

/** Every runtime error code, for tests and tools that list them. */
export const ERROR_CODES = Object.keys(MESSAGES) as ErrorCode[];

/** What the runtime reports: a code and its arguments, and where, never words. */
export interface RuntimeError {
  code: ErrorCode;
  args: ErrorArgs;
  /** the claim's input field (`自付`), `ledger.values.X`, `date`, or the output being computed */
  field?: string;
  /** where in the artifact's JSON (`ir.outputs[0].expr`) */
  path?: string;
}

function fill(template: string, args: ErrorArgs): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(args, key) ? String(args[key]) : whole,
  );
}

/** The error in words, in English or Chinese, from the one registry above. */
export function renderRuntimeError(e: RuntimeError, lang: Lang): string {
  const where: ErrorArgs = {};
  if (e.field !== undefined) where.field = quote(e.field, 100);
  if (e.path !== undefined) where.path = e.path;
  return fill(MESSAGES[e.code][lang === "zh" ? 1 : 0], { ...where, ...e.args });
}

/** Shortens user text quoted in a message (a 10 MB string must not become a 10 MB message). */
export function quote(value: unknown, max = 60): string {
  let s: string;
  if (typeof value === "string") s = value;
  else {
    // Both JSON.stringify and String() recurse: hostile nesting overflows either, so a value
    // that cannot be shown is described by its kind instead.
    try {
      s = JSON.stringify(value) ?? String(value);
    } catch {
      s = Array.isArray(value) ? "[…]" : typeof value === "object" && value !== null ? "{…}" : typeof value;
    }
  }
  return s.length > max ? s.slice(0, max) + "…" : s;
}

/**
 * Base of the errors the runtime throws (loading, choosing a version by date). `message` is
 * the English rendering, for stack traces; readers get renderRuntimeError(e, lang).
 */
export class BylawError extends Error implements RuntimeError {
  readonly code: ErrorCode;
  readonly args: ErrorArgs;
  constructor(code: ErrorCode, args: ErrorArgs, path?: string) {
    super(renderRuntimeError({ code, args, path }, "en"));
    this.code = code;
    this.args = args;
  }
}

/** A damaged, tampered or incompatible artifact; `path` points into the JSON (`ir.outputs[0].expr`). */
export class ArtifactError extends BylawError {
  readonly path?: string;
  constructor(code: ErrorCode, args: ErrorArgs, path?: string) {
    super(code, args, path);
    this.name = "ArtifactError";
    if (path !== undefined) this.path = path;
  }
}

/** No rule set of a RuleBook is in force on the requested date. */
export class NotInForceError extends BylawError {
  constructor(date: string) {
    super("BR2025", { date });
    this.name = "NotInForceError";
  }
}

/** One error in a claim's input, ledger or date, or in applying the rules to it. */
export interface InputError extends RuntimeError {
  /** the input field (`自付`), `ledger.values.X`, `date`, or the output being computed; "" for the whole claim */
  field: string;
}

/** An error as a result row's errors cell writes it: `自付: BR2006 …`, or `BR2103 …` for the
 *  whole row (no field). The SQL target writes the same text (sql/messages.ts). */
export function errorCell(field: string, code: string, message: string): string {
  return field === "" ? `${code} ${message}` : `${field}: ${code} ${message}`;
}

export function inputError(code: ErrorCode, field: string, args: ErrorArgs): InputError {
  return { code, field, args };
}

/** Thrown inside evaluation only; caught at the evaluate boundary and returned as an InputError. */
export class EvalFailure {
  readonly code: ErrorCode;
  readonly args: ErrorArgs;
  constructor(code: ErrorCode, args: ErrorArgs) {
    this.code = code;
    this.args = args;
  }
}
