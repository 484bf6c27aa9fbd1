// Interface strings in Chinese (the default: the users are 医保局 / 民政 staff) and English.
// Elements carrying `data-i18n="key"` are re-labelled by applyLanguage(); code that builds
// DOM calls t() and re-renders on the "language" event.

export type Lang = "zh" | "en";

const zh = {
  title: "bylaw 规则编辑器",
  subtitle: "医保与医疗救助规则 · 编写、检查、试算",
  examples: "示例政策",
  newFile: "（新建空白政策）",
  format: "格式化",
  share: "分享链接",
  shareCopied: "链接已复制到剪贴板",
  shareReady: "分享链接已生成（见地址栏）",
  language: "English",
  tabRun: "试算",
  tabTests: "测试",
  tabChart: "曲线",
  problems: "问题",
  noProblems: "没有发现问题",
  compiling: "检查中…",
  checkTime: "检查用时",
  compilerFailed: "检查程序出错（请报告此问题）",
  line: "第{line}行第{col}列",
  inputs: "输入",
  ledger: "年度台账（本年已累计）",
  ledgerHint: "留空即为本年首次就医",
  claimDate: "就医日期",
  evaluate: "计算",
  carryLedger: "记入台账（下一次就医）",
  resetLedger: "清空台账",
  outputs: "结果",
  alerts: "预警",
  noAlerts: "无预警",
  trace: "计算过程",
  inputErrors: "输入有误",
  notCompiled: "政策有错误，修正后才能试算",
  noInputs: "此政策没有输入项",
  optionalDefault: "可不填，默认 {value}",
  required: "必填",
  fillIn: "请填写：",
  badMoney: "金额格式不对：可写 16000、16000.50、1.6万 或 1.6万元",
  badDecimals: "金额最多到分（两位小数）",
  badNegative: "金额不能为负数",
  badNumber: "请填写数字",
  badInt: "请填写整数",
  badRate: "比例可写 70% 或 0.7",
  runTests: "运行测试",
  testsPassed: "{passed}/{total} 个测试通过",
  noTests: "此政策没有测试",
  expected: "应为",
  actual: "实际",
  claimN: "第{n}次就医",
  chartOutput: "结果项",
  chartInput: "横轴（金额输入）",
  chartMax: "最大金额",
  chartBandsmarginal: "{name}：超额累进（每段金额按该段比例）",
  chartBandswhole: "{name}：全额累进（全部金额按所在分段比例，分段边界处跳变）",
  chartPaid: "支付金额",
  chartKept: "个人仍需负担",
  chartNoAxis: "此政策没有金额型的输入和结果，无法绘制曲线",
  chartHint: "其他输入取自“试算”表单；每条曲线约 200 个点，由规则引擎逐点计算",
  yuan: "元",
  definedIn: "定义于",
  value: "取值",
  datedValues: "分日期取值（就医日期适用当时有效的一项）",
  fromDate: "{date} 起",
  section: "依据",
  kind_input: "输入项",
  kind_param: "参数",
  kind_table: "表",
  kind_bands: "分段",
  kind_classify: "分类",
  kind_define: "定义",
  kind_output: "结果",
  kind_alert: "预警",
  kind_enum: "枚举",
  kind_member: "枚举成员",
  kind_ledger: "台账字段",
  kind_pipeline: "结算流程",
  kind_layer: "结算层",
  kind_test: "测试",
  formatFailed: "有语法错误，无法格式化",
  loading: "加载中…",
  modified: "已修改",
  revert: "还原此文件",
  reverted: "已还原为示例原文",
  shareDamaged: "分享链接已损坏，无法打开其中的政策；下面是你上次编辑的文件。",
  dismiss: "关闭",
  testsNotRun: "政策有错误，修正后才能运行测试",
  errorsCount: "{n} 个错误",
  warningsCount: "{n} 个警告",
  menusAfterReload: "编辑器右键菜单的语言在重新加载页面后切换（编辑内容会保留）",
  moneyPlaceholder: "例 1.6万",
  chartCap: "封顶",
  chartDeductible: "起付线",
  chartEdge: "分段点",
  tabAnalysis: "分析",
  analysisOutput: "结果项",
  analysisCombination: "输入组合",
  analysisAnyInputs: "（与其他输入无关）",
  analysisMore: "另有 {n} 个组合结果相同",
  analysisLedger: "台账：{name}",
  analysisChart: "{output}：支付金额（蓝）与个人负担（绿，虚线）随{over}变化，橙色虚线为断点",
  analysisBreakpoints: "断点",
  analysisBreakAt: "金额（元）",
  analysisBreakKind: "来源",
  analysisBreakName: "定义",
  analysisBreakValues: "前一分 → 此处",
  analysisFindings: "发现的问题",
  analysisNoFindings: "未发现悬崖效应、全报销/零支付、不可达的分段或不起作用的封顶线",
  analysisRunning: "分析中…",
  analysisFailed: "无法分析：{message}",
  analysisNoFunctions: "此政策没有随金额变化的金额型结果可分析",
  analysisHint: "每个断点由对规则的符号分析得出，数值由规则引擎精确计算到分；点击问题可跳到其定义",
  analysisAt: "金额",
  analysisJump: "跳变",
  analysisExample: "示例就医",
  analysisSampled: "抽样所得（此处不是分段线性，非精确）",
  bk_deductible: "起付线",
  bk_band: "分段点",
  bk_cap: "封顶线",
  bk_threshold: "界限",
  bk_row: "表行",
  fk_cliff: "悬崖效应",
  fk_fullCoverage: "全报销/零支付",
  fk_unreachable: "不可达",
  fk_capNeverBinds: "封顶线不起作用",
  severityError: "严重",
  severityWarning: "警告",
  analysisCompare: "与首次打开本标签时的文本对比",
  analysisNow: "当前版本",
  analysisBefore: "原版本",
  analysisNoCounterpart: "原版本没有这一结果项或输入组合",
  analysisSameBreakpoints: "两个版本的断点相同",
  analysisAdded: "新增断点：",
  analysisRemoved: "取消断点：",
  tabsLabel: "试算、测试、曲线与分析",
  editorLabel: "政策文本编辑器",
  resizePanes: "拖动调整编辑器与侧栏的宽度",
  saved: "已保存在本浏览器中（每次修改都会自动保存）",
  shortcuts: "Ctrl+S 保存 · Ctrl+Enter 试算",
  collapse: "收起",
  expand: "展开",
};

const en: Record<keyof typeof zh, string> = {
  title: "bylaw rule editor",
  subtitle: "Medical insurance & assistance rules · write, check, try",
  examples: "Example policies",
  newFile: "(new empty policy)",
  format: "Format",
  share: "Share link",
  shareCopied: "Link copied to the clipboard",
  shareReady: "Share link ready (see the address bar)",
  language: "中文",
  tabRun: "Try",
  tabTests: "Tests",
  tabChart: "Chart",
  problems: "Problems",
  noProblems: "No problems found",
  compiling: "Checking…",
  checkTime: "checked in",
  compilerFailed: "the checker failed (please report this)",
  line: "line {line}, column {col}",
  inputs: "Inputs",
  ledger: "Year-to-date ledger",
  ledgerHint: "leave empty for the first claim of the year",
  claimDate: "Claim date",
  evaluate: "Evaluate",
  carryLedger: "Carry ledger to the next claim",
  resetLedger: "Clear ledger",
  outputs: "Results",
  alerts: "Alerts",
  noAlerts: "No alerts",
  trace: "How it was computed",
  inputErrors: "Input errors",
  notCompiled: "The policy has errors; fix them to try it",
  noInputs: "This policy has no inputs",
  optionalDefault: "optional, default {value}",
  required: "required",
  fillIn: "Please fill in: ",
  badMoney: "Not an amount: write 16000, 16000.50, 1.6万 or 1.6万元",
  badDecimals: "Amounts go down to the fen (2 decimals)",
  badNegative: "An amount cannot be negative",
  badNumber: "Enter a number",
  badInt: "Enter a whole number",
  badRate: "Write a rate as 70% or 0.7",
  runTests: "Run tests",
  testsPassed: "{passed}/{total} tests passed",
  noTests: "This policy has no tests",
  expected: "expected",
  actual: "actual",
  claimN: "claim {n}",
  chartOutput: "Result",
  chartInput: "Horizontal axis (amount input)",
  chartMax: "Largest amount",
  chartBandsmarginal: "{name}: marginal (each slice at its band's rate)",
  chartBandswhole: "{name}: whole (the whole amount at its band's rate: a jump at each edge)",
  chartPaid: "Paid",
  chartKept: "Patient still pays",
  chartNoAxis: "This policy has no amount input and result to plot",
  chartHint: "Other inputs come from the Try form; each curve has about 200 points, each evaluated by the engine",
  yuan: "yuan",
  definedIn: "defined in",
  value: "value",
  datedValues: "values by date (a claim takes the one in force on its date)",
  fromDate: "from {date}",
  section: "source",
  kind_input: "input",
  kind_param: "parameter",
  kind_table: "table",
  kind_bands: "bands",
  kind_classify: "classification",
  kind_define: "definition",
  kind_output: "output",
  kind_alert: "alert",
  kind_enum: "enum",
  kind_member: "enum member",
  kind_ledger: "ledger field",
  kind_pipeline: "pipeline",
  kind_layer: "layer",
  kind_test: "test",
  formatFailed: "Syntax errors: cannot format",
  loading: "Loading…",
  modified: "modified",
  revert: "Revert file",
  reverted: "Reverted to the example as shipped",
  shareDamaged: "This share link is damaged and cannot be opened; below is the file you last edited.",
  dismiss: "Dismiss",
  testsNotRun: "The policy has errors; fix them to run its tests",
  errorsCount: "{n} errors",
  warningsCount: "{n} warnings",
  menusAfterReload: "The editor's own menus switch language when the page is reloaded (your edits are kept)",
  moneyPlaceholder: "e.g. 1.6万",
  chartCap: "cap",
  chartDeductible: "deductible",
  chartEdge: "band edge",
  tabAnalysis: "Analysis",
  analysisOutput: "Result",
  analysisCombination: "Input combination",
  analysisAnyInputs: "(no other input matters)",
  analysisMore: "and {n} more combinations with the same result",
  analysisLedger: "ledger: {name}",
  analysisChart: "{output}: the payment (blue) and the patient's share (green, dashed) as {over} rises; breakpoints dashed orange",
  analysisBreakpoints: "Breakpoints",
  analysisBreakAt: "Amount (yuan)",
  analysisBreakKind: "Origin",
  analysisBreakName: "Declaration",
  analysisBreakValues: "a fen before → here",
  analysisFindings: "Findings",
  analysisNoFindings: "No cliff, full coverage, unreachable band or idle cap found",
  analysisRunning: "Analysing…",
  analysisFailed: "Cannot analyse: {message}",
  analysisNoFunctions: "This policy has no amount result that varies with an amount",
  analysisHint: "Each breakpoint comes from a symbolic analysis of the rules; the figures are the engine's, exact to the fen. Click a finding to go to its declaration",
  analysisAt: "at",
  analysisJump: "jump",
  analysisExample: "example claim",
  analysisSampled: "sampled (not piecewise linear here: not exact)",
  bk_deductible: "deductible",
  bk_band: "band edge",
  bk_cap: "cap",
  bk_threshold: "threshold",
  bk_row: "table row",
  fk_cliff: "cliff",
  fk_fullCoverage: "full coverage",
  fk_unreachable: "unreachable",
  fk_capNeverBinds: "cap never binds",
  severityError: "error",
  severityWarning: "warning",
  analysisCompare: "Compare with the text as it was when this tab was first opened",
  analysisNow: "current version",
  analysisBefore: "earlier version",
  analysisNoCounterpart: "The earlier version has no such result or input combination",
  analysisSameBreakpoints: "Both versions have the same breakpoints",
  analysisAdded: "new breakpoints:",
  analysisRemoved: "breakpoints gone:",
  tabsLabel: "Try, tests, chart and analysis",
  editorLabel: "Policy text editor",
  resizePanes: "Drag to share the width between the editor and the side panel",
  saved: "Saved in this browser (every edit is saved as you type)",
  shortcuts: "Ctrl+S save · Ctrl+Enter try",
  collapse: "Collapse",
  expand: "Expand",
};

export type MessageKey = keyof typeof zh;

const tables: Record<Lang, Record<MessageKey, string>> = { zh, en };

const STORAGE_KEY = "bylaw.lang";

let current: Lang = initialLanguage();

function initialLanguage(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (stored === "en" || stored === "zh") return stored;
  } catch {
    // storage may be disabled (private mode, file://): fall back to the default
  }
  return "zh";
}

export function lang(): Lang {
  return current;
}

/** The string for `key` in the current language, `{name}` placeholders filled from `args`. */
export function t(key: MessageKey, args: Record<string, string | number> = {}): string {
  return tables[current][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in args ? String(args[name]) : whole);
}

/** "3 errors" / "1 error" / "3 个错误": `many` is the plural form, `{n}` the count. */
export function count(n: number, many: "errorsCount" | "warningsCount"): string {
  if (n === 1 && current === "en") return t(many, { n }).replace(/s$/, "");
  return t(many, { n });
}

export function setLanguage(next: Lang): void {
  current = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // not persisted; the switch still applies to this page
  }
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
  applyLanguage(document);
  window.dispatchEvent(new CustomEvent("language", { detail: next }));
}

/** Re-label every element with `data-i18n` (text) or `data-i18n-title` (tooltip). */
export function applyLanguage(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n as MessageKey);
  }
  for (const el of root.querySelectorAll<HTMLElement>("[data-i18n-title]")) {
    el.title = t(el.dataset.i18nTitle as MessageKey);
  }
  for (const el of root.querySelectorAll<HTMLElement>("[data-i18n-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nLabel as MessageKey));
  }
}
