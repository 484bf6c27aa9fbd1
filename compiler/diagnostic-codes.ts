// The one table of diagnostic codes (like TypeScript's diagnosticMessages.json). Tests refer
// to codes, never to message text. Message style (Cedar): lowercase, no trailing period,
// user text in backticks. Templates use `{arg}` placeholders; a `[[ … ]]` segment is kept
// only when every placeholder inside it has a non-empty argument (e.g. did-you-mean).
//
// Ranges: BL0 driver, BL1 syntax (from grammar/), BL2 names, BL3 types and units,
// BL4 values, BL5 tests, BL6 warnings (lints), BL7 modules (extends / import).

import { INPUT_BLOCK, LEDGER_BLOCK, LEDGER_BRACE, STRAY_PER, STRAY_PER_PARENS, STRAY_USING, STRAY_WHEN } from "../grammar/syntax-error.ts";

export type Severity = "error" | "warning";

export interface CodeInfo {
  severity: Severity;
  en: string;
  zh: string;
  help?: { en: string; zh: string };
}

const e = (en: string, zh: string, help?: { en: string; zh: string }): CodeInfo => ({ severity: "error", en, zh, help });
const w = (en: string, zh: string, help?: { en: string; zh: string }): CodeInfo => ({ severity: "warning", en, zh, help });
const DYM_EN = "[[; did you mean `{suggestion}`?]]";
const DYM_ZH = "[[，是否应为 `{suggestion}`？]]";
/** Help for a bare number where a unit is wanted (compiler/unit-fix.ts sets `fix`). */
const UNIT_FIX = { en: "[[write `{fix}`]]", zh: "[[请写成 `{fix}`]]" };

export const CODES = {
  // ── BL0 driver ─────────────────────────────────────────────────────────────
  BL0001: e("too many errors; stopped after {limit}", "错误过多，已在第 {limit} 个错误后停止检查"),
  // An internal error: a check that should have refused the text did not. Never in a golden
  // case (it would be a bug); compiler/tests/internal.test.ts produces it.
  BL0002: e("internal error: the compiler cannot translate {what}; please report it", "内部错误：编译器无法转换{what}，请报告此问题"),

  // ── BL1 syntax (reported by grammar/parse.ts) ──────────────────────────────
  BL1001: e("unexpected {found}; expected {expected}" + DYM_EN, "此处不应出现 {found}，应为 {expected}" + DYM_ZH),
  BL1002: e("unknown character `{char}`", "无法识别的字符 `{char}`", UNIT_FIX),
  BL1003: e("unterminated {what}", "{what} 没有结束"),
  BL1004: e("money amount `{text}` has more than 2 decimals after converting to yuan", "金额 `{text}` 换算成元后超过两位小数（最小单位为分）"),
  BL1005: e("policy header: {problem}", "政策头部有误：{problem}", {
    en: "a file starts with exactly one `policy <id> \"<title>\" { … }` header",
    zh: "每个文件开头必须有且只有一个 `policy 编号 \"标题\" { … }` 头部",
  }),
  BL1006: e("invalid date `{text}`", "无效日期 `{text}`"),
  BL1009: e("`{word}` is a reserved word of the language and cannot be a name", "`{word}` 是语言的保留字，不能用作名称", {
    en: "choose another name, or write it in Chinese as the document does",
    zh: "请换一个名称，或按文件原文用中文命名",
  }),
  BL1010: e("amount `{text}` has no unit: write `{fix}`", "金额 `{text}` 缺少单位：请写成 `{fix}`", {
    en: "amounts are written with 元 as the document writes them: `6万元`, `5千元`, `800元`",
    zh: "金额按文件写法带“元”：`6万元`、`5千元`、`800元`",
  }),
  BL1011: e("`{text}{unit}` is a count, not an amount of money", "`{text}{unit}` 是计数，不是金额", {
    en: "counts (人, 人次, 户) are no figures of a rule and need no acknowledging: leave them out; a count a rule uses is a whole number, `{count}`",
    zh: "人数、人次、户数等计数不是规则中的数字，也无须 acknowledge，请删去；规则要用的计数写成整数 `{count}`",
  }),
  BL1007: e("a `{kind}` declaration cannot be overridden", "`{kind}` 声明不能使用 override 覆盖"),
  BL1008: e("more than {max} operators in one chain", "一串运算超过 {max} 个运算符", {
    en: "split it: name parts of the sum with `define`",
    zh: "请拆分：用 `define` 为其中几部分分别命名",
  }),

  // ── BL2 names ─────────────────────────────────────────────────────────────
  BL2001: e("unknown name `{name}`" + DYM_EN, "未定义的名称 `{name}`" + DYM_ZH),
  BL2002: e("`{name}` is declared more than once", "名称 `{name}` 重复声明"),
  BL2003: e("`{member}` is not a member of enum `{enum}`" + DYM_EN, "`{member}` 不是枚举 `{enum}` 的成员" + DYM_ZH),
  BL2004: e("unknown ledger field `{name}`" + DYM_EN, "未声明的台账字段 `{name}`" + DYM_ZH, {
    en: "declare it in `ledger per year { … }`",
    zh: "请在 `ledger per year { … }` 中声明该字段",
  }),
  BL2005: e("ledger field `{name}` is written by more than one operator", "台账字段 `{name}` 被多个运算写入", {
    en: "each deductible, cap or cumulative amount needs its own ledger field; a cap shared by kinds of claim (合并计算) is one cap over one amount: `(if 特病 then … else …) at most 15万元 per year using 已支付`, a sub-cap of it `at most 1万元 per year using 门诊已支付 when 门诊`",
    zh: "每个起付线、限额或累计金额都需要单独的台账字段；多类就医共用的限额（合并计算）是对同一金额的一个限额：`(if 特病 then … else …) at most 15万元 per year using 已支付`，其中的子限额写作 `at most 1万元 per year using 门诊已支付 when 门诊`",
  }),
  BL2006: e("unknown table `{name}`" + DYM_EN, "未定义的表 `{name}`" + DYM_ZH),
  BL2007: e("unknown bands `{name}`" + DYM_EN, "未定义的分段 `{name}`" + DYM_ZH),
  BL2008: e("`{name}` is {kind} and cannot be used as {expected}", "`{name}` 是{kind}，不能作为{expected}使用"),
  BL2009: e("`remaining` can only be used in a pipeline layer", "`remaining` 只能在结算流程（pipeline）的层中使用"),
  BL2010: e("`base.{name}` can only be used in an `override` declaration", "`base.{name}` 只能在 override 声明中使用"),
  BL2011: e("unknown type `{name}`" + DYM_EN, "未知的类型 `{name}`" + DYM_ZH),
  BL2012: e("unknown function `{name}`; the functions are `min`, `max` and `round`", "未知的函数 `{name}`；可用函数为 `min`、`max`、`round`"),
  BL2013: e("`{name}` depends on itself: {cycle}", "`{name}` 循环引用了自身：{cycle}"),
  BL2014: e("`{member}` is a member of several enums ({enums}); write `{enum}.{member}`", "`{member}` 同时属于多个枚举（{enums}），请写成 `{enum}.{member}`"),
  BL2015: e("enum `{enum}` lists `{member}` twice", "枚举 `{enum}` 中 `{member}` 重复出现"),
  BL2016: e("the parent policy has no `{name}` for `base.{name}`", "上级政策中没有 `{name}`，无法使用 `base.{name}`"),
  BL2017: e("`{qualifier}` is neither an enum nor an imported policy", "`{qualifier}` 既不是枚举，也不是导入的政策"),
  BL2018: e("imported policy `{alias}` has no `{name}`" + DYM_EN, "导入的政策 `{alias}` 中没有 `{name}`" + DYM_ZH),
  BL2021: e("ledger field `{name}` is read only by alerts (its value after the claim)", "台账字段 `{name}` 只能在预警中读取（本次就医后的本年累计值）", {
    en: "elsewhere, add up the year's amounts in a field of their own (`cumulative x per year using G`), or compare the rule's own result",
    zh: "其他地方请另设台账字段累计本年金额（`cumulative x per year using G`），或直接比较规则本身的结果",
  }),
  BL2019: e(
    "`{name}` is a result of pipeline `{pipeline}`, which needs this value to run: a pipeline's results are read after it, not by its own layers, directly or through defines or other pipelines (a layer sees what the layers before it left as `remaining`)",
    "`{name}` 是结算流程 `{pipeline}` 的结果，而该流程运行时需要此处的值：结算流程的结果只能在流程之后读取，其各层不能直接或经由定义、其他结算流程读取（各层用 `remaining` 取前面各层支付后的剩余金额）",
  ),
  BL2020: e("two tests are called `{name}`", "有两个测试同名：`{name}`"),

  // ── BL3 types and units ───────────────────────────────────────────────────
  BL3001: e("cannot `{op}` Money and Rate", "金额与比例不能相加减", {
    en: "to take a share of an amount, multiply: `amount * 70%`",
    zh: "按比例计算请用乘法，例如 `金额 * 70%`",
  }),
  BL3002: e("cannot multiply Money by Money", "金额不能与金额相乘", {
    en: "multiply an amount by a Rate or a Number",
    zh: "金额只能乘以比例或数值",
  }),
  BL3003: e("percentage points `{text}` can only be added to or subtracted from a Rate", "百分点 `{text}` 只能与比例相加减", {
    en: "`5pp` raises a rate by 5 points: `70% + 5pp` is 75%",
    zh: "`5pp` 表示提高 5 个百分点：`70% + 5pp` 即 75%",
  }),
  BL3004: e("cannot compare Money with a Rate", "金额不能与比例比较"),
  BL3005: e("a condition must be Bool, found `{found}`", "条件必须是真假值（Bool），此处为 `{found}`"),
  BL3006: e("`{name}` is declared `{declared}` but its value is `{found}`", "`{name}` 声明为 `{declared}`，但取值是 `{found}`", UNIT_FIX),
  BL3007: e("the default of `{name}` must be `{declared}`, found `{found}`", "`{name}` 的默认值应为 `{declared}`，此处为 `{found}`", UNIT_FIX),
  BL3008: e("`{name}` holds `{declared}` values, found `{found}`", "`{name}` 的取值类型为 `{declared}`，此处为 `{found}`", UNIT_FIX),
  BL3009: e("`above` needs Money on both sides, found `{left}` above `{right}`", "`above`（超过起付线的部分）两边都必须是金额，此处为 `{left}` 与 `{right}`", UNIT_FIX),
  BL3010: e("`at most` needs a Money amount and a Money or `unlimited` cap, found `{left}` at most `{right}`", "`at most`（限额）要求金额与金额或 `unlimited` 限额，此处为 `{left}` 与 `{right}`", UNIT_FIX),
  BL3011: e("`on` needs bands or a classification on its left, `{name}` is {kind}", "`on` 左边必须是分段或分类，`{name}` 是{kind}"),
  BL3012: e("`{name}` is applied to `{expected}` amounts, found `{found}`", "`{name}` 应作用于 `{expected}`，此处为 `{found}`", UNIT_FIX),
  BL3013: e("`in` needs a set on its right, found `{found}`", "`in` 右边必须是集合，此处为 `{found}`"),
  BL3014: e("`{found}` does not fit a set of `{expected}`", "`{found}` 与 `{expected}` 的集合类型不符"),
  BL3015: e("`set of` needs an enum, `{name}` is not one", "`set of` 后面必须是枚举，`{name}` 不是枚举"),
  BL3016: e("`{name}` takes {expected} argument(s), found {found}", "`{name}` 需要 {expected} 个参数，此处有 {found} 个"),
  BL3017: e("the arguments of `{name}` must be {expected}, found `{found}`", "`{name}` 的参数应为 {expected}，此处为 `{found}`", UNIT_FIX),
  BL3018: e("cannot apply `{op}` to `{left}` and `{right}`", "`{left}` 与 `{right}` 之间不能使用 `{op}`", UNIT_FIX),
  BL3019: e("cannot compare `{left}` with `{right}`", "`{left}` 与 `{right}` 不能比较", UNIT_FIX),
  BL3020: e("a Limit may be unlimited and can only be used after `at most`", "限额（Limit）可能为不封顶，只能用在 `at most` 之后"),
  BL3021: e("the branches of `if` differ: `{then}` and `{else}`", "`if` 两个分支的类型不同：`{then}` 与 `{else}`"),
  BL3022: e("table `{name}` is keyed by `{expected}`, found `{found}`", "表 `{name}` 的键类型为 `{expected}`，此处为 `{found}`", UNIT_FIX),
  BL3023: e("table `{name}` is keyed by `{expected}`; this row needs {needs}", "表 `{name}` 的键类型为 `{expected}`，此行应为{needs}"),
  BL3041: e("table `{name}` has {expected} key(s); this row gives {found}", "表 `{name}` 有 {expected} 个键，此行给出 {found} 个"),
  BL3042: e("table `{name}` takes {expected} key(s), found {found}", "表 `{name}` 需要 {expected} 个键，此处有 {found} 个", {
    en: "give every key, in the order of the table's declaration: `T[a, b, c]`",
    zh: "请按表声明中的顺序给出全部键：`T[a, b, c]`",
  }),
  BL3043: e("`_` stands for any value and cannot be combined with `|`", "`_` 表示任意取值，不能与 `|` 连用"),
  BL3044: e("this row of one-key table `{name}` is written like a grid row", "单键表 `{name}` 的这一行写成了多键表的形式", {
    en: "`a | b`, `_` and several keys belong to grid tables: `table T: (K1, K2) -> V { … }`",
    zh: "`a | b`、`_` 与多个键只能用于多键表：`table T: (K1, K2) -> V { … }`",
  }),
  BL3046: e("a key of table `{name}` must be an enum or an amount type, found `{found}`", "表 `{name}` 的键必须是枚举或数额类型，此处为 `{found}`", {
    en: "[[a yes/no key is an enum of its two cases: `enum {cases}`]]",
    zh: "[[是/否的键请写成两种情形的枚举：`enum {cases}`]]",
  }),
  BL3024: e("`{name}` must be Money, found `{found}`", "`{name}` 必须是金额（Money），此处为 `{found}`", UNIT_FIX),
  BL3025: e("`cumulative … using {field}` adds up `{expected}`, the type of `{field}`; found `{found}`", "`cumulative … using {field}`（年度累计）累计的是 `{field}` 的类型 `{expected}`，此处为 `{found}`", UNIT_FIX),
  BL3026: e("classification `{name}` cannot take `per year using`", "分类 `{name}` 不能使用 `per year using`", {
    en: "classify the year's cumulative amount: `分类 on cumulative x per year using F`",
    zh: "请对年度累计金额分类：`分类 on cumulative x per year using F`",
  }),
  BL3027: e("`highest` needs a table from an enum to an enum or an amount, `{name}` maps `{found}`", "`highest`（就高不就低）需要从枚举到枚举或金额的表，`{name}` 的类型为 `{found}`"),
  BL3028: e("cannot negate `{found}`", "`{found}` 不能取负"),
  BL3048: e("ledger field `{name}` must be Money (an amount) or Int (a count), found `{found}`", "台账字段 `{name}` 必须是金额（Money）或次数（Int），此处为 `{found}`"),
  BL3049: e("`{name}` counts (Int): only `cumulative` adds to it", "`{name}` 是次数（Int），只能用 `cumulative` 累计", {
    en: "deductibles, caps and bands record money: give them a Money field",
    zh: "起付线、限额与分段记录的是金额：请使用金额（Money）台账字段",
  }),
  BL3047: e("`{op}` cannot compare two sets", "`{op}` 不能比较两个集合", {
    en: "ask about a member instead: `低保 in 身份`, `not (低保 in 身份)`",
    zh: "请改为判断某个成员：`低保 in 身份`、`not (低保 in 身份)`",
  }),
  BL3029: e("`{op}` cannot order `{found}` values; use `==` or `!=`", "`{found}` 不能比较大小，只能用 `==` 或 `!=`"),
  BL3030: e("bands are raised by percentage points, found `{found}`", "分段比例只能按百分点调整，此处为 `{found}`"),

  // ── BL4 values ────────────────────────────────────────────────────────────
  BL4001: e("table `{name}` has no row for `{member}`", "表 `{name}` 缺少 `{member}` 的取值"),
  BL4002: e("table `{name}` has two rows for `{member}`", "表 `{name}` 中 `{member}` 重复出现"),
  BL4003: e("row `{row}` of `{name}` is out of order: it starts below `{previous}`", "`{name}` 的 `{row}` 顺序有误：起点低于上一行 `{previous}`", {
    en: "write bands from the lowest amount to the highest",
    zh: "分段请按金额从低到高排列",
  }),
  BL4004: e("rows `{previous}` and `{row}` of `{name}` overlap", "`{name}` 的 `{previous}` 与 `{row}` 区间重叠", {
    en: "a bound belongs to one band only: close one side with `)` or `(`",
    zh: "一个端点只能属于一个分段：请用 `)` 或 `(` 表示不含",
  }),
  BL4005: e("bands `{name}` leave a gap between `{from}` and `{to}`", "分段 `{name}` 在 `{from}` 与 `{to}` 之间有空缺", {
    en: "if the document pays nothing there, declare it: `gap [from, to)`",
    zh: "如果文件规定该区间不予支付，请写明：`gap [起, 止)`",
  }),
  BL4006: e("band rate `{rate}` is outside 0–100%", "分段比例 `{rate}` 超出 0–100% 范围"),
  BL4007: e("bound `{value}` is negative", "区间端点 `{value}` 不能为负数"),
  BL4008: e("ratio `{value}` is outside 0–100%", "比例 `{value}` 超出 0–100% 范围"),
  BL4055: e("ratio `{value}` is outside 0–100% when {case}", "当 {case} 时，比例 `{value}` 超出 0–100% 范围", {
    en: "a ratio read per claim (a table less points, a flag's adjustment) must stay within 0–100% for every member and flag: floor it (`max(…, 0%)`) as the document does, or correct the figures",
    zh: "按每次就医取值的比例（表中比例减去百分点、按标志调整）须对每个成员和标志都在 0–100% 之间：按文件规定设下限（`max(…, 0%)`）或更正数字",
  }),
  BL4056: e("the default of `{name}` is `{value}`, below zero", "`{name}` 的默认值 `{value}` 小于 0", {
    en: "a claim that leaves the input out takes the default, and amounts and counts are 0 or more (BR2007)",
    zh: "未给出该输入的就医取默认值，而金额和计数不能小于 0（BR2007）",
  }),
  BL4057: e("table `{name}` has no rows: every lookup would fail", "表 `{name}` 没有任何行：每次查表都会失败"),
  BL4009: e("threshold `{value}` is negative", "起付标准不能为负数（此处为 `{value}`）"),
  BL4010: e("cap `{value}` is negative", "限额不能为负数（此处为 `{value}`）"),
  BL4011: e("`{name}` = `{value}` is below the document's lower bound `{bound}`", "`{name}` = `{value}` 低于文件规定的下限 `{bound}`（不低于）"),
  BL4012: e("`{name}` = `{value}` is above the document's upper bound `{bound}`", "`{name}` = `{value}` 高于文件规定的上限 `{bound}`（不超过）"),
  BL4013: e("rows `{previous}` and `{row}` of table `{name}` overlap", "表 `{name}` 的 `{previous}` 与 `{row}` 区间重叠"),
  BL4014: e("row `{row}` of table `{name}` is out of order: it starts below `{previous}`", "表 `{name}` 的 `{row}` 顺序有误：起点低于上一行 `{previous}`"),
  BL4015: e("table `{name}` has no row between `{from}` and `{to}`[[: `{missing}` finds none]]", "表 `{name}` 在 `{from}` 与 `{to}` 之间没有取值[[：`{missing}` 没有对应的行]]"),
  BL4016: e("`{member}` is not a member of `{enum}`, the result of classification `{name}`", "`{member}` 不是分类 `{name}` 的结果枚举 `{enum}` 的成员"),
  BL4041: e("table `{name}` has no row for ({cell})", "表 `{name}` 缺少 ({cell}) 的取值", {
    en: "every combination of the keys needs exactly one row; `_` covers every value of a key",
    zh: "每种键的组合都必须恰有一行；`_` 表示该键的任意取值",
  }),
  BL4042: e("rows {first} and {second} of table `{name}` both cover ({cell})", "表 `{name}` 的第 {first} 行与第 {second} 行都覆盖了 ({cell})"),
  BL4017: e("the end date `{ends}` is before the effective date `{effective}`", "废止日期 `{ends}` 早于生效日期 `{effective}`"),
  BL4018: e(
    "{what} must be a constant[[: `{dated}` is a dated param, its value depends on the claim's date]]",
    "{what}必须是常量[[：`{dated}` 是分日期参数，其取值随就医日期而定]]",
  ),
  BL4019: e("interval `{text}` is empty[[: an `{whole}` key is a whole number]]", "区间 `{text}` 为空[[：`{whole}` 键只取整数]]"),
  BL4020: e("division by zero", "除数为零"),
  BL4021: e("classification `{name}` needs an `else` member", "分类 `{name}` 需要 `else` 默认结果"),
  BL4022: e("the date `{value}` is outside the years 0001–9999", "日期 `{value}` 超出 0001–9999 年的范围"),
  BL4023: e("the rounding unit `{value}` must be greater than 0", "取整单位 `{value}` 必须大于 0"),
  BL4024: e("the policy header needs its effective date", "policy 头部缺少生效日期", {
    en: "write `effective YYYY-MM-DD`: the day the document takes effect",
    zh: "请写明 `effective YYYY-MM-DD`，即文件开始施行的日期",
  }),
  BL4025: e("enum `{name}` has no members", "枚举 `{name}` 没有任何成员"),
  BL4030: e("bands `{name}` need a mode: `marginal` or `whole`", "分段 `{name}` 须写明累进方式：`marginal`（超额累进）或 `whole`（全额累进）", {
    en: "`marginal` (超额累进) pays each slice at its band's rate: \"超过…的部分给予…\", \"…以上、…以下的部分给予…\"; `whole` (全额累进) pays the whole amount at the rate of the band it falls in: \"…以内的给予 40%，…以上的给予 45%\"",
    zh: "`marginal`（超额累进）每段金额按该段比例计算，对应“超过…的部分给予…”“…以上、…以下的部分给予…”；`whole`（全额累进）全部金额按其所在分段的比例计算，对应“…以内的给予40%，…以上的给予45%”",
  }),
  BL4031: e("a band rate must be a constant, a parameter, or a table looked up by an input, a parameter or a define that writes no ledger[[: `{dated}` is a dated param, read here through an expression or a table]]", "分段比例必须是常量、参数，或按输入项、参数或不写台账的定义查表所得的比例[[：`{dated}` 是分日期参数，此处经由表达式或表读取]]", {
    en: "write the rate as `40%`, a param `高档比例`, or a table keyed by an enum `病种低档[级别]` (the key may be a define such as `认定身份`); bands with rates read per claim cannot be raised with `+ 5pp`",
    zh: "请写成 `40%`、参数 `高档比例`，或按枚举查表 `病种低档[级别]`（键可以是 `认定身份` 这样的定义）；按费用查表得到比例的分段不能再用 `+ 5pp` 调整",
  }),
  BL4032: e("a band edge must be a constant, or read per claim from dated params and tables keyed by an enum input", "分段边界必须是常量，或按就医日期取值的参数、按枚举输入项查表所得的金额", {
    en: "write the edge as `2万元`, a param `封顶线`, a dated param `人均可支配收入 * 50%`, or a table of constant amounts keyed by an enum `病种限额[级别]` (a table whose cells read a dated param is not one: write the edge from the param, `线 * 50%`); every edge is then checked for each member and each dated value",
    zh: "请写成 `2万元`、参数 `封顶线`、分日期参数 `人均可支配收入 * 50%`，或按枚举查常量金额表 `病种限额[级别]`（单元格读取分日期参数的表不行：请直接用该参数写边界，如 `线 * 50%`）；编译器会按每个成员、每个日期取值逐一检查",
  }),
  BL4026: e("this expression nests more than {max} levels deep, more than the runtime evaluates", "该表达式嵌套超过 {max} 层，超出运行时的支持范围", {
    en: "name a part of it with `define`",
    zh: "可以用 `define` 为其中一部分命名",
  }),
  BL4027: e("this name is longer than {max} characters", "名称超过 {max} 个字符"),
  // dated params (BL4044–BL4046)
  BL4044: e("the dates of dated param `{name}` must go forward: `{date}` is not after `{previous}`", "分日期参数 `{name}` 的日期须逐项递增：`{date}` 不晚于 `{previous}`"),
  BL4045: e("dated param `{name}` has no value on the effective date `{effective}`: its first value is in force from `{from}`", "分日期参数 `{name}` 在生效日期 `{effective}` 没有取值：第一项自 `{from}` 起执行", {
    en: "start the first value on or before the policy's effective date, so that every claim the policy settles has one",
    zh: "第一项的日期须不晚于政策生效日期，政策有效期内的每笔结算才都有取值",
  }),
  BL4046: e("dated param `{name}` has no values", "分日期参数 `{name}` 没有任何取值", {
    en: "write one line per date: `2022-01-01: 40000元`",
    zh: "每个日期写一行，例如 `2022-01-01: 40000元`",
  }),
  // acknowledged figures (BL4050–BL4054)
  BL4050: e("`{text}` is not a figure as a document writes it", "`{text}` 不是文件中写法的数字", {
    en: "acknowledge figures with their unit: `30元`, `1.5万元`, `70%`, `5pp`, `60`, `6个月`, a date `2019-08-09`",
    zh: "请连同单位写出数字：`30元`、`1.5万元`、`70%`、`5pp`、`60`、`6个月`，日期写作 `2019-08-09`",
  }),
  BL4051: e("`acknowledge` needs its reason, why these figures are no rule, as its label: `acknowledge \"筹资标准，不参与结算\" §一(一) { … }`", "`acknowledge` 须以标签写明理由（这些数字为何不是规则）：`acknowledge \"筹资标准，不参与结算\" §一(一) { … }`"),
  BL4052: e("`acknowledge` needs the section its figures stand in: `acknowledge \"…\" §一(一) { … }`", "`acknowledge` 须引用这些数字所在的条款：`acknowledge \"…\" §一(一) { … }`"),
  BL4053: e("`{figure}` is held by `{name}` ({section}): it is linked to a rule, not acknowledged", "`{figure}` 已由 `{name}`（{section}）体现：它对应一条规则，无需说明"),
  BL4054: e("`{document}` states no `{figure}` in {section}", "`{document}` 的 {section} 中没有 `{figure}`", {
    en: "acknowledge a figure where the document states it; figures are amounts (元, 万元, 亿元), percentages, percentage points, ages (岁), months, years (满4年), multiples (倍), times (次, 第二次), days (98天) and dates (2025年7月1日, written 2025-07-01): working days and head counts are none",
    zh: "请在文件写明该数字的条款下说明；数字指金额（元、万元、亿元）、百分比、百分点、年龄（岁）、月数、年数（满4年）、倍数、次数（次、第二次）、天数（98天）和日期（2025年7月1日，写作 2025-07-01），工作日、人数等不在其列",
  }),

  // ── BL5 tests ─────────────────────────────────────────────────────────────
  BL5001: e("expected value of `{name}` must be `{expected}`, found `{found}`", "`{name}` 的期望值应为 `{expected}`，此处为 `{found}`", UNIT_FIX),
  BL5002: e("unknown input `{name}` in test" + DYM_EN, "测试中的输入 `{name}` 未声明" + DYM_ZH),
  BL5003: e("`{name}` is not an output, define or ledger field" + DYM_EN, "`{name}` 不是输出项、定义或台账字段" + DYM_ZH),
  BL5004: e("unknown alert `{name}` in test" + DYM_EN, "测试中的预警 `{name}` 未声明" + DYM_ZH),
  BL5005: e("unknown ledger field `{name}` in test" + DYM_EN, "测试中的台账字段 `{name}` 未声明" + DYM_ZH),
  BL5006: e("required input `{name}` is missing from the test", "测试缺少必填输入 `{name}`", {
    en: "give it a value in `given`, or declare a default in `input`",
    zh: "请在 `given` 中赋值，或在 `input` 中声明默认值",
  }),
  BL5007: e("input `{name}` is `{expected}`, the test gives `{found}`", "输入 `{name}` 的类型为 `{expected}`，测试给出的是 `{found}`", UNIT_FIX),
  BL5012: e("ledger field `{name}` is `{expected}`, the test gives `{found}`", "台账字段 `{name}` 的类型为 `{expected}`，测试给出的是 `{found}`", UNIT_FIX),
  BL5008: e("test values must be constants", "测试中的取值必须是常量"),
  BL5009: e("`{name}` is given twice in this test", "测试中 `{name}` 被赋值两次"),
  BL5013: e("`{name}` is expected twice in this claim", "本次就医中 `{name}` 的期望值出现两次", {
    en: "only one of the two would be compared: keep the figure computed from the document",
    zh: "两个期望值只会比较其中一个：请保留按文件计算出的那一个",
  }),
  BL5010: e("test date `{date}` is outside the policy's period (from {effective}[[ until {ends}]])", "测试日期 `{date}` 不在政策有效期内（自 {effective} 起[[，至 {ends} 止]]）"),
  BL5011: e("this claim's date `{date}` is before the claim before it (`{previous}`)", "本次就医日期 `{date}` 早于上一次就医（`{previous}`）", {
    en: "a test's claims are settled in order on one ledger: write them in date order",
    zh: "测试中的各次就医按顺序在同一台账上结算：请按日期先后书写",
  }),

  // ── BL6 warnings ──────────────────────────────────────────────────────────
  BL6001: w("define `{name}` is never used", "定义 `{name}` 未被使用"),
  BL6002: w("input `{name}` is never used", "输入 `{name}` 未被使用"),
  BL6003: w("this condition can never hold", "该条件永远不会成立"),
  BL6004: w("param `{name}` is never used", "参数 `{name}` 未被使用"),
  BL6005: w("{noun} `{name}` is never used", "{noun} `{name}` 未被使用"),
  BL6006: w("this condition always holds", "该条件永远成立"),
  BL6007: w("the yearly cap inside records the amount before it is rounded to {unit}, not what is paid", "其中的年度限额记入台账的是取整到 {unit} 之前的金额，而不是实际支付的金额", {
    en: "round before the cap: `round(x, {unit}) at most C per year using F`",
    zh: "请先取整再限额：`round(x, {unit}) at most C per year using F`",
  }),

  BL6008: w("layer `{layer}` pays at most what the layers before it left, but the yearly cap in `{name}` records all that `{name}` computes in `{ledger}`", "结算层 `{layer}` 最多支付前面各层余下的金额，而 `{name}` 中的年度限额会把 `{name}` 算出的全部金额记入 `{ledger}`", {
    en: "write the cap in the layer: `layer {layer} = … at most … per year using {ledger}` records what the layer pays",
    zh: "请把限额写在结算层中：`layer {layer} = … at most … per year using {ledger}`，台账记入的才是该层实际支付的金额",
  }),

  BL6009: w("the test gives `{name}`, which no rule of this policy reads: the value is ignored", "测试给出了 `{name}`，但本政策没有规则读取它：该值被忽略", {
    en: "an imported policy's input is this policy's only where one of its rules used here reads it",
    zh: "导入政策的输入只有在此处用到的规则读取它时，才是本政策的输入",
  }),

  BL6010: w("the value of `{name}` from {from} is after the policy ends ({ends}): no claim reads it", "`{name}` 自 {from} 起的取值晚于政策终止日期（{ends}）：没有就医会用到它", {
    en: "write it in the version that takes effect then, or correct the date",
    zh: "请写在届时生效的新版本中，或更正日期",
  }),

  BL6011: w("this yearly amount is `{value}`, finer than the fen[[ when {case}]]: its ledger records fen, so part of it is never used up", "该年度金额为 `{value}`，精确到分以下[[（当 {case} 时）]]：台账按分记录，其中一部分永远用不完", {
    en: "round it as the document does: `round(x, 0.01元)`, or `round(x, 1元)` for 精确到元",
    zh: "请按文件的规定取整：`round(x, 0.01元)`，精确到元则写 `round(x, 1元)`",
  }),

  BL6012: w("ledger field `{name}` is never written: it keeps the value the year opened with (0 in a new year)", "台账字段 `{name}` 从未被记入：始终保持年初的值（新年度为 0）", {
    en: "name it where the document accumulates it: `at most 限额 per year using {name}`, `cumulative x per year using {name}`",
    zh: "请在文件累计它的地方写明：`at most 限额 per year using {name}` 或 `cumulative x per year using {name}`",
  }),

  // ── BL7 modules ───────────────────────────────────────────────────────────
  BL7001: e("file `{path}` not found", "找不到文件 `{path}`"),
  BL7002: e("policies include each other in a cycle: {cycle}", "政策之间存在循环引用：{cycle}"),
  BL7003: e("`override {keyword} {name}`: the parent policy has no `{name}`", "`override {keyword} {name}`：上级政策中没有 `{name}`"),
  BL7004: e("`{name}` is {parentKind} in the parent policy; an override cannot make it {kind}", "`{name}` 在上级政策中是{parentKind}，覆盖时不能改为{kind}"),
  BL7005: e("`{name}` is `{parentType}` in the parent policy; the override is `{type}`", "`{name}` 在上级政策中的类型为 `{parentType}`，覆盖后为 `{type}`"),
  BL7006: e("`override` needs a policy that `extends` another", "只有使用 `extends` 继承其他政策时才能使用 `override`"),
  BL7007: e("`{name}` is already declared in the parent policy; write `override` to replace it", "`{name}` 已在上级政策中声明；如需替换请使用 `override`"),
  BL7008: e("`{name}` in imported policy `{alias}` differs from this policy's `{name}`", "导入政策 `{alias}` 中的 `{name}` 与本政策的 `{name}` 不一致", {
    en: "imported inputs, ledger fields and enums are shared by name and must agree",
    zh: "导入政策的输入项、台账字段和枚举按名称共享，必须一致",
  }),
  BL7009: e("`{path}` is outside `{root}`, the folder this policy may read", "`{path}` 不在本政策可读取的文件夹 `{root}` 之内", {
    en: "imports and parents are read from the policy's own folder; the command line's `--root DIR` widens it",
    zh: "导入和继承的政策只从本政策所在的文件夹读取；命令行的 `--root 目录` 可扩大范围",
  }),
  BL7010: e("`{path}` is not a `.bylaw` file", "`{path}` 不是 `.bylaw` 文件"),
  BL7011: e("`{path}` is not a regular file", "`{path}` 不是普通文件"),
  BL7012: e("`{path}` is larger than {max} bytes", "`{path}` 超过 {max} 字节"),
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

/** Words used in `{kind}`/`{expected}`/`{parentKind}` arguments, shown in the reader's language. */
export const KIND_WORDS: Record<string, { en: string; zh: string }> = {
  input: { en: "an input", zh: "输入项" },
  param: { en: "a param", zh: "参数" },
  table: { en: "a table", zh: "表" },
  bands: { en: "bands", zh: "分段" },
  classify: { en: "a classification", zh: "分类" },
  define: { en: "a define", zh: "定义" },
  output: { en: "an output", zh: "输出项" },
  alert: { en: "an alert", zh: "预警" },
  enum: { en: "an enum", zh: "枚举" },
  member: { en: "an enum member", zh: "枚举成员" },
  ledger: { en: "a ledger field", zh: "台账字段" },
  pipeline: { en: "a pipeline", zh: "结算流程" },
  layer: { en: "a pipeline layer", zh: "结算层" },
  test: { en: "a test", zh: "测试" },
  import: { en: "an imported policy", zh: "导入的政策" },
  value: { en: "a value", zh: "取值" },
  function: { en: "a function", zh: "函数" },
  numbers: { en: "one kind of number (Money, Rate or Number)", zh: "同一种数值（金额、比例或数值）" },
  money: { en: "Money", zh: "金额" },
  "a set": { en: "a set (`set of …`)", zh: "集合（`set of …`）" },
  "member row": { en: "an enum member", zh: "枚举成员" },
  "range row": { en: "an interval such as `[0, 18]`", zh: "区间，例如 `[0, 18]`" },
  "param value": { en: "a param's value", zh: "参数的取值" },
  "param bound": { en: "a param's bound", zh: "参数的上下限" },
  "table value": { en: "a table value", zh: "表中的取值" },
  "interval bound": { en: "an interval bound", zh: "区间端点" },
  "band rate": { en: "a band rate", zh: "分段比例" },
  "rounding unit": { en: "the rounding unit", zh: "取整单位" },
  // words the grammar puts into BL1001/BL1003/BL1005 arguments
  [STRAY_WHEN]: { en: STRAY_WHEN, zh: "`when` 前的 `at most …`（子限额的条件）" },
  [STRAY_PER]: { en: STRAY_PER, zh: "`per …` 前的 `above`、`at most` 或 `on`" },
  [STRAY_USING]: { en: STRAY_USING, zh: "`using` 前的 `per year`（`at most 15万元 per year using 已支付`）" },
  [INPUT_BLOCK]: { en: INPUT_BLOCK, zh: "`{`：输入项写在一个块中，`input { 年龄: Int  自付: Money }`" },
  [LEDGER_BRACE]: { en: LEDGER_BRACE, zh: "`{`：台账字段写在一个块中，`ledger per year { 已支付: Money }`" },
  [LEDGER_BLOCK]: { en: LEDGER_BLOCK, zh: "`per year {`：台账字段写在一个块中，`ledger per year { 已支付: Money }`" },
  [STRAY_PER_PARENS]: {
    en: STRAY_PER_PARENS,
    zh: "带括号的起付线或限额（`above`、`at most` 比 `* / + -` 结合得更紧，请写成 `x above (a * b) per year`）",
  },
  "a declaration": { en: "a declaration", zh: "声明" },
  "a name": { en: "a name", zh: "名称" },
  "an expression": { en: "an expression", zh: "表达式" },
  "a type": { en: "a type", zh: "类型" },
  "end of file": { en: "end of file", zh: "文件结尾" },
  string: { en: "string", zh: "字符串" },
  comment: { en: "comment", zh: "注释" },
  missing: { en: "missing", zh: "缺少 policy 头部" },
  "not first": { en: "not first", zh: "policy 头部必须位于文件开头" },
  duplicate: { en: "duplicate", zh: "policy 头部重复" },
};

/** Bare nouns for `{noun}` arguments. */
export const NOUNS: Record<string, { en: string; zh: string }> = {
  table: { en: "table", zh: "表" },
  bands: { en: "bands", zh: "分段" },
  classify: { en: "classification", zh: "分类" },
};

/** Notes attached to `related` locations (args.note). */
export const NOTES: Record<string, { en: string; zh: string }> = {
  firstDeclared: { en: "first declared here", zh: "首次声明于此" },
  otherWriter: { en: "also written here", zh: "另一处写入" },
  parentDecl: { en: "declared in the parent policy here", zh: "上级政策中的声明" },
  previousRow: { en: "the row before", zh: "上一行" },
  importedHere: { en: "imported here", zh: "在此导入" },
};
