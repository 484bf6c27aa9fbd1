// Wires the page together: the editor and its language features, the compiler worker, the
// problems list, the four tabs (试算 / 测试 / 曲线 / 分析), the workspace (edits kept across
// reloads), the policy's tests as problems, examples, share links and language.
import * as monaco from "./monaco.ts";
import type { Span } from "../../grammar/ast.ts";
import type { SrcSpan } from "../../runtime/ir/artifact.ts";
import { AnalysisPanel } from "./analysis-panel.ts";
import { BandChart } from "./band-chart.ts";
import { registerCompletion } from "./completion.ts";
import { registerDefinition } from "./definition.ts";
import { h } from "./dom.ts";
import { EXAMPLES, UNTITLED_PATH } from "./examples.ts";
import { registerFormatting } from "./formatting.ts";
import { registerHover } from "./hover.ts";
import { applyLanguage, lang, setLanguage, t } from "./i18n.ts";
import { NEW_POLICY } from "./new-policy.ts";
import { renderRuntimeError, runTests } from "../../runtime/index.ts";
import type { Artifact } from "../../runtime/ir/artifact.ts";
import { ruleSetFor } from "./rules.ts";
import { testProblems } from "./test-problems.ts";
import { Workspace } from "./workspace.ts";
import { LANGUAGE_ID, THEME, registerLanguage } from "./language.ts";
import { setMarkers, spanToRange } from "./markers.ts";
import { ProblemsList } from "./problems.ts";
import { splitter } from "./splitter.ts";
import type { CompileReply } from "./protocol.ts";
import { RunPanel } from "./run-panel.ts";
import type { EditorSession } from "./session.ts";
import { decodeShare, encodeShare, type ShareState } from "./share.ts";
import { TestsPanel, type TestsView } from "./tests-panel.ts";
import { CompilerClient } from "./worker-client.ts";

// The compiler runs in a worker with at most one compile in flight, so typing never waits for
// it; the debounce only spares compiles of text that is already stale. Short enough that
// markers follow a keystroke within about 50 ms on the largest seed policy.
const DEBOUNCE_MS = 25;
const TABS = ["run", "tests", "chart", "analysis"] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL = { run: "tabRun", tests: "tabTests", chart: "tabChart", analysis: "tabAnalysis" } as const;

/** Timings of the last compile, read by the browser tests and shown in the status bar. */
export interface Stats {
  /** compile time inside the worker */
  compileMs: number;
  /** from the request leaving the page to the markers being set (worker round trip + markers) */
  roundTripMs: number;
  /** from the last keystroke to its markers being set (includes the debounce) */
  keystrokeToMarkersMs: number;
  compiles: number;
  /** how many times the policy's tests have been run and shown */
  testRuns: number;
}

/** Markers of failing tests, kept apart from the compiler's so each can be replaced alone. */
const TEST_MARKER_OWNER = "bylaw-tests";
/** Tests run this long after a clean compile, so a burst of typing does not run them each time. */
const TESTS_DELAY_MS = 150;

const knownPath = (p: string | undefined): p is string => p !== undefined && (EXAMPLES.has(p) || p === UNTITLED_PATH);

function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // disabled (private mode, file://): edits live as long as the page
  }
}

export async function startApp(root: HTMLElement): Promise<void> {
  const shared = await decodeShare(location.hash);
  const damagedShare = !shared && location.hash.startsWith("#s=");
  registerLanguage();
  const workspace = new Workspace((p) => EXAMPLES.get(p) ?? NEW_POLICY, browserStorage());

  // A share link first; else the file open when the page was left; else the first example.
  let path = shared?.path ?? (knownPath(workspace.open) ? workspace.open : [...EXAMPLES.keys()][0] ?? UNTITLED_PATH);
  let latest: CompileReply | undefined;
  const stats: Stats = { compileMs: 0, roundTripMs: 0, keystrokeToMarkersMs: 0, compiles: 0, testRuns: 0 };
  let lastEditAt = performance.now();
  let requestedAt = performance.now();

  // ---- layout ----
  const examples = h("select", { name: "examples", id: "examples", "data-testid": "examples" },
    ...[...EXAMPLES.keys(), UNTITLED_PATH].map((p) => h("option", { value: p })));
  const fileName = (p: string) => (p === UNTITLED_PATH ? t("newFile") : p.replace(/^policies\//, ""));
  const labelFiles = () => {
    for (const option of examples.options) {
      const p = option.value;
      option.textContent = workspace.isModified(p) ? `● ${fileName(p)} · ${t("modified")}` : fileName(p);
      option.dataset.modified = String(workspace.isModified(p));
    }
    revertButton.disabled = !workspace.isModified(path);
  };
  const toast = h("span", { class: "toast", role: "status" });
  const langButton = h("button", { type: "button", class: "lang", "data-i18n": "language" }, t("language"));
  const formatButton = h("button", { type: "button", "data-i18n": "format" }, t("format"));
  const revertButton = h("button", { type: "button", "data-i18n": "revert", "data-testid": "revert" }, t("revert"));
  const banner = h("div", { class: "banner", role: "alert", "data-testid": "banner", hidden: !damagedShare },
    h("span", { "data-i18n": "shareDamaged" }, t("shareDamaged")),
    h("button", { type: "button", "data-i18n": "dismiss", onclick: () => { banner.hidden = true; } }, t("dismiss")));
  const shareButton = h("button", { type: "button", "data-i18n": "share", "data-testid": "share" }, t("share"));
  const editorHost = h("div", { class: "editor", "data-testid": "editor", role: "region", "data-i18n-label": "editorLabel" });
  const problems = new ProblemsList((span) => reveal(span));
  const tabButtons = TABS.map((tab) => h("button", {
    type: "button", role: "tab", id: `tab-${tab}`, "aria-controls": `panel-${tab}`, "data-tab": tab,
    "data-i18n": TAB_LABEL[tab],
    onclick: () => showTab(tab),
    onkeydown: (e: Event) => {
      // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
      const key = (e as KeyboardEvent).key;
      if (key !== "ArrowRight" && key !== "ArrowLeft") return;
      const next = TABS[(TABS.indexOf(tab) + (key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!;
      showTab(next);
      tabButtons[TABS.indexOf(next)]!.focus();
    },
  }, t(TAB_LABEL[tab])));
  const statusBar = h("span", { class: "stats muted", "data-testid": "stats", "data-i18n-title": "shortcuts" });

  const formState = { inputs: { ...(shared?.inputs ?? {}) }, ledger: { ...(shared?.ledger ?? {}) }, date: shared?.date };
  const chart: { current?: BandChart } = {};
  const run = new RunPanel(formState, () => {
    if (currentTab === "chart") chart.current?.refresh();
  });
  chart.current = new BandChart(run.form);
  const tests = new TestsPanel((span) => revealSrc(span), () => runPolicyTests());
  const analysis = new AnalysisPanel((artifact) => client.analyze(artifact), (span) => revealSrc(span));
  const panels: Record<Tab, HTMLElement> = { run: run.element, tests: tests.element, chart: chart.current.element, analysis: analysis.element };
  for (const tab of TABS) {
    Object.assign(panels[tab], { id: `panel-${tab}` });
    panels[tab].setAttribute("role", "tabpanel");
    panels[tab].setAttribute("aria-labelledby", `tab-${tab}`);
  }
  let currentTab: Tab = TABS.includes(shared?.tab as Tab) ? (shared!.tab as Tab) : "run";

  const side = h("aside", { class: "side" },
    h("div", { class: "tabs", role: "tablist", "data-i18n-label": "tabsLabel" }, ...tabButtons),
    ...Object.values(panels));
  root.append(
    h("header", {},
      h("h1", {}, h("span", { "data-i18n": "title" }, t("title"))),
      h("span", { class: "subtitle muted", "data-i18n": "subtitle" }, t("subtitle")),
      h("label", { class: "examples", for: "examples" }, h("span", { "data-i18n": "examples" }, t("examples"))), examples,
      revertButton, formatButton, shareButton, toast, h("span", { class: "spacer" }), statusBar, langButton),
    banner,
    h("main", {}, h("div", { class: "editor-pane" }, editorHost, problems.element), splitter(side, t("resizePanes")), side),
  );

  // ---- editor ----
  const modelFor = (p: string, text?: string): monaco.editor.ITextModel => {
    const uri = monaco.Uri.parse(`file:///${p}`);
    return monaco.editor.getModel(uri) ?? monaco.editor.createModel(text ?? workspace.text(p), LANGUAGE_ID, uri);
  };
  const initialModel = modelFor(path);
  if (shared) {
    initialModel.setValue(shared.text);
    workspace.set(path, shared.text);
  }
  workspace.setOpen(path);
  const editor = monaco.editor.create(editorHost, {
    model: initialModel,
    theme: THEME,
    automaticLayout: true,
    fontFamily: "'DejaVu Sans Mono', 'WenQuanYi Zen Hei Mono', 'Noto Sans Mono CJK SC', monospace",
    fontSize: 14,
    minimap: { enabled: false },
    fixedOverflowWidgets: true,
    scrollBeyondLastLine: false,
    tabSize: 2,
    wordBasedSuggestions: "off",
    quickSuggestions: { other: true, comments: false, strings: false },
    renderWhitespace: "none",
  });
  examples.value = path;
  labelFiles();

  const session: EditorSession = { path: () => path, latest: () => latest };
  const client = new CompilerClient(onCompiled, (err) => {
    problems.failed(err.message);
    toastMessage(t("compilerFailed"));
  });
  registerCompletion(session);
  registerHover(session);
  registerDefinition(session);
  registerFormatting(client, () => toastMessage(t("formatFailed")));

  function requestCompile(): void {
    requestedAt = performance.now();
    problems.busy();
    client.schedule(path, editor.getModel()!.getValue(), workspace.edits());
  }

  function onCompiled(reply: CompileReply): void {
    const model = editor.getModel()!;
    latest = reply;
    // A reply for older text would put markers in the wrong places; a newer compile is coming.
    if (reply.path !== path || reply.text !== model.getValue()) return;
    setMarkers(model, path, reply.diagnostics, lang());
    const now = performance.now();
    stats.compiles++;
    stats.compileMs = reply.compileMs;
    stats.roundTripMs = now - requestedAt;
    stats.keystrokeToMarkersMs = now - lastEditAt;
    showCheckTime();
    problems.show(reply.diagnostics, path, reply.text);
    const hasErrors = reply.diagnostics.some((d) => d.severity === "error");
    run.update(reply.artifact, hasErrors);
    chart.current!.update(reply.artifact, hasErrors);
    analysis.update(reply.artifact, hasErrors);
    clearTimeout(testsTimer);
    monaco.editor.setModelMarkers(model, TEST_MARKER_OWNER, []);
    if (hasErrors || !reply.artifact) {
      tests.show(hasErrors ? { kind: "blocked" } : { kind: "none" });
      return;
    }
    testsTimer = setTimeout(runPolicyTests, TESTS_DELAY_MS);
  }

  // ---- the policy's tests: the Tests tab, markers on `expect` lines, entries in Problems ----
  let testsTimer: ReturnType<typeof setTimeout> | undefined;
  function runPolicyTests(): void {
    clearTimeout(testsTimer);
    const reply = latest;
    const model = editor.getModel()!;
    if (!reply?.artifact || reply.path !== path || reply.text !== model.getValue()) return;
    if (reply.diagnostics.some((d) => d.severity === "error")) return;
    const view = testsView(reply.artifact);
    tests.show(view);
    const failures = view.kind === "results" ? testProblems(reply.artifact, view.results, path, reply.text, lang()) : [];
    setMarkers(model, path, failures, lang(), TEST_MARKER_OWNER);
    problems.show([...reply.diagnostics, ...failures], path, reply.text);
    stats.testRuns++;
  }

  function testsView(artifact: Artifact): TestsView {
    const loaded = ruleSetFor(artifact);
    if (!loaded.ok) return { kind: "error", message: `${loaded.error.code}: ${renderRuntimeError(loaded.error, lang())}` };
    return { kind: "results", artifact, results: runTests(loaded.ruleSet, lang()) };
  }

  function showCheckTime(): void {
    if (stats.compiles > 0) statusBar.textContent = `${t("checkTime")} ${stats.compileMs.toFixed(1)} ms`;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  editor.onDidChangeModelContent(() => {
    lastEditAt = performance.now();
    workspace.set(path, editor.getModel()!.getValue());
    labelFiles();
    clearTimeout(timer);
    timer = setTimeout(requestCompile, DEBOUNCE_MS);
  });

  function reveal(span: Span): void {
    const range = spanToRange(editor.getModel()!, span);
    editor.setSelection(range);
    editor.revealRangeInCenter(range);
    editor.focus();
  }

  function revealSrc(span: SrcSpan): void {
    // Test spans point into the artifact's sources; index 0 is the policy itself.
    if (span[0] === 0) reveal({ start: span[1], end: span[2] });
  }

  // ---- toolbar ----
  examples.addEventListener("change", () => {
    path = examples.value;
    workspace.setOpen(path);
    // A child compiles against its parent as edited: recompile even an already open model.
    editor.setModel(modelFor(path));
    latest = undefined;
    // Nothing computed from the previous file stays on screen.
    clearTimeout(testsTimer);
    run.reset();
    tests.show({ kind: "none" });
    chart.current!.update(undefined);
    analysis.reset();
    labelFiles();
    requestCompile();
  });
  revertButton.addEventListener("click", () => {
    editor.getModel()!.setValue(EXAMPLES.get(path) ?? NEW_POLICY);
    toastMessage(t("reverted"));
  });
  formatButton.addEventListener("click", () => {
    void editor.getAction("editor.action.formatDocument")?.run();
  });
  shareButton.addEventListener("click", async () => {
    const form = run.form.snapshot();
    const state: ShareState = {
      path,
      text: editor.getModel()!.getValue(),
      inputs: form.inputs,
      ledger: form.ledger,
      date: form.date,
      tab: currentTab,
    };
    const hash = await encodeShare(state);
    history.replaceState(null, "", hash);
    try {
      await navigator.clipboard.writeText(location.href);
      toastMessage(t("shareCopied"));
    } catch {
      toastMessage(t("shareReady"));
    }
  });
  langButton.addEventListener("click", () => {
    setLanguage(lang() === "zh" ? "en" : "zh");
    // Monaco's own strings are fixed when it loads (main.ts): say so rather than leave them mixed.
    toastMessage(t("menusAfterReload"));
  });
  window.addEventListener("language", () => {
    if (latest && latest.path === path) setMarkers(editor.getModel()!, path, latest.diagnostics, lang());
    problems.render();
    labelFiles();
    showCheckTime();
    runPolicyTests();
  });

  // ---- shortcuts (listed in the status bar's tooltip and the README) ----
  // Ctrl+S: every edit is already kept; say so instead of the browser's "save page" dialog.
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => toastMessage(t("saved")));
  window.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") {
      e.preventDefault();
      toastMessage(t("saved"));
    }
  });
  // Ctrl+Enter: try the policy with the form as filled in.
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => {
    showTab("run");
    run.evaluate();
  });

  function showTab(tab: Tab): void {
    currentTab = tab;
    for (const b of tabButtons) b.setAttribute("aria-selected", String(b.dataset.tab === tab));
    for (const [name, panel] of Object.entries(panels)) panel.hidden = name !== tab;
    if (tab === "chart") chart.current!.refresh();
    if (tab === "analysis") analysis.refresh();
  }

  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  function toastMessage(text: string): void {
    toast.textContent = text;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toast.textContent = ""; }, 6000);
  }

  // A hook for the browser tests and for anyone debugging in the console.
  Object.assign(window, {
    bylawPlayground: {
      editor,
      stats,
      markers: () => monaco.editor.getModelMarkers({ owner: "bylaw" }),
      testMarkers: () => monaco.editor.getModelMarkers({ owner: TEST_MARKER_OWNER }),
      path: () => path,
    },
  });

  applyLanguage(document);
  showTab(currentTab);
  requestCompile();
}
