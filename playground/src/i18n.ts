// Interface strings in Chinese (the default: the users are 医保局 / 民政 staff) and English.
// Elements carrying `data-i18n="key"` are re-labelled by applyLanguage(); code that builds
// DOM calls t() and re-renders on the "language" event.

export type Lang = "zh" | "en";

const zh = {
  title: "bylaw 规则编辑器",
  subtitle: "医保与医疗救助规则 · 编写、检查、试算",
  examples: "示例政策",
  file: "文件",
  newFile: "（新建空白政策）",
  format: "格式化",
  share: "分享链接",
  shareCopied: "链接已复制到剪贴板",
  shareReady: "分享链接已生成（见地址栏）",
  language: "English",
  tabRun: "试算",
  tabTests: "测试",
  tabChart: "曲线",
  tabDoc: "原文",
  docNone: "此政策没有附带原文（政策文件夹中没有其 source 文件）",
  docBlocked: "政策有错误，修正后才能对照原文",
  docFigures: "{n} 个数字：",
  docLinked: "已对应",
  docAcknowledged: "已说明",
  docUnlinked: "未对应",
  docPlaceholder: "占位值",
  docUnlinkedWhy: "没有规则写出这个数字，也没有 acknowledge 说明",
  docOtherFile: "见同一文件夹的其他政策",
  docBack: "回到原文",
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
  traceReveal: "在编辑器中显示此处的声明（命中的表格行或分段）",
  traceFold: "收起或展开",
  traceHit: "试算的这次就医命中此行",
  traceCollapseAll: "全部收起",
  traceExpandAll: "全部展开",
  downloadTrace: "下载计算过程（JSON）",
  downloadArtifact: "下载编译产物（JSON）",
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
  tabsLabel: "试算、测试、曲线与原文",
  editorLabel: "政策文本编辑器",
  resizePanes: "拖动调整编辑器与侧栏的宽度",
  savedAs: "已保存为 {name}（编辑也一直自动保存在本浏览器中）",
  shortcuts: "Ctrl+S 保存为 .bylaw 文件 · Ctrl+O 打开 .bylaw 文件 · Ctrl+Enter 试算",
  openFile: "打开…",
  openFileHint: "打开电脑上的 .bylaw 文件，可多选（Ctrl+O）",
  saveFile: "保存",
  saveFileHint: "把当前文件保存为 .bylaw 文件（Ctrl+S）",
  opened: "已打开 {n} 个文件",
  ownFiles: "我的文件",
  newOwnFile: "新建",
  newOwnFileStem: "新政策",
  removeFile: "移除此文件",
  removeModified: "{name} 有未保存到电脑的修改，仍要从浏览器中移除吗？",
  removed: "已移除 {name}",
  revertedOwn: "已还原为打开或上次保存时的内容",
  collapse: "收起",
  expand: "展开",
};

const en: Record<keyof typeof zh, string> = {
  title: "bylaw rule editor",
  subtitle: "Medical insurance & assistance rules · write, check, try",
  examples: "Example policies",
  file: "File",
  newFile: "(new empty policy)",
  format: "Format",
  share: "Share link",
  shareCopied: "Link copied to the clipboard",
  shareReady: "Share link ready (see the address bar)",
  language: "中文",
  tabRun: "Try",
  tabTests: "Tests",
  tabChart: "Chart",
  tabDoc: "Document",
  docNone: "No source document for this policy (its source file is not in the policy's folder)",
  docBlocked: "The policy has errors: fix them to compare it with its document",
  docFigures: "{n} figures:",
  docLinked: "linked",
  docAcknowledged: "acknowledged",
  docUnlinked: "unlinked",
  docPlaceholder: "placeholder",
  docUnlinkedWhy: "no rule writes this figure and no acknowledge explains it",
  docOtherFile: "in another policy of this folder",
  docBack: "Back to the document",
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
  traceReveal: "Show the declaration (the table row or band that was hit) in the editor",
  traceFold: "Fold or unfold",
  traceHit: "the claim on the Try tab hit this row",
  traceCollapseAll: "Collapse all",
  traceExpandAll: "Expand all",
  downloadTrace: "Download the trace (JSON)",
  downloadArtifact: "Download the compiled artifact (JSON)",
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
  tabsLabel: "Try, tests, chart and document",
  editorLabel: "Policy text editor",
  resizePanes: "Drag to share the width between the editor and the side panel",
  savedAs: "Saved as {name} (edits are also kept in this browser as you type)",
  shortcuts: "Ctrl+S save as a .bylaw file · Ctrl+O open .bylaw files · Ctrl+Enter try",
  openFile: "Open…",
  openFileHint: "Open .bylaw files from this computer, several at once (Ctrl+O)",
  saveFile: "Save",
  saveFileHint: "Save this file as a .bylaw file (Ctrl+S)",
  opened: "Opened {n} file(s)",
  ownFiles: "My files",
  newOwnFile: "New",
  newOwnFileStem: "new-policy",
  removeFile: "Remove file",
  removeModified: "{name} has changes not saved to this computer. Remove it from the browser anyway?",
  removed: "Removed {name}",
  revertedOwn: "Reverted to the text as opened or last saved",
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
