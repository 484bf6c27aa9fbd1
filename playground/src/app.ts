// Wires the page together: the editor and its language features, the compiler worker, the
// problems list, the three tabs (试算 / 测试 / 曲线), examples, share links and language.
import * as monaco from "./monaco.ts";
import type { Span } from "../../grammar/ast.ts";
import type { SrcSpan } from "../../runtime/ir/artifact.ts";
import { BandChart } from "./band-chart.ts";
import { registerCompletion } from "./completion.ts";
import { registerDefinition } from "./definition.ts";
import { h } from "./dom.ts";
import { EXAMPLES, UNTITLED_PATH } from "./examples.ts";
import { registerFormatting } from "./formatting.ts";
import { registerHover } from "./hover.ts";
import { applyLanguage, lang, setLanguage, t } from "./i18n.ts";
import { LANGUAGE_ID, THEME, registerLanguage } from "./language.ts";
import { setMarkers, spanToRange } from "./markers.ts";
import { ProblemsList } from "./problems.ts";
import type { CompileReply } from "./protocol.ts";
import { RunPanel } from "./run-panel.ts";
import type { EditorSession } from "./session.ts";
import { decodeShare, encodeShare, type ShareState } from "./share.ts";
import { TestsPanel } from "./tests-panel.ts";
import { CompilerClient } from "./worker-client.ts";

// The compiler runs in a worker with at most one compile in flight, so typing never waits for
// it; the debounce only spares compiles of text that is already stale. Short enough that
// markers follow a keystroke within about 50 ms on the largest seed policy.
const DEBOUNCE_MS = 25;
const TABS = ["run", "tests", "chart"] as const;
type Tab = (typeof TABS)[number];

/** Timings of the last compile, read by the browser tests and shown in the status bar. */
export interface Stats {
  /** compile time inside the worker */
  compileMs: number;
  /** from the request leaving the page to the markers being set (worker round trip + markers) */
  roundTripMs: number;
  /** from the last keystroke to its markers being set (includes the debounce) */
  keystrokeToMarkersMs: number;
  compiles: number;
}

const NEW_POLICY = `policy my.policy "新政策" {
  region "地区"
  effective 2024-01-01
  source "文件名.txt"
}
`;

function pickInitialPath(): string {
  // The first example of the first document (000 …), else anything.
  return [...EXAMPLES.keys()][0] ?? UNTITLED_PATH;
}

export async function startApp(root: HTMLElement): Promise<void> {
  const shared = await decodeShare(location.hash);
  registerLanguage();

  let path = shared?.path ?? pickInitialPath();
  let latest: CompileReply | undefined;
  const stats: Stats = { compileMs: 0, roundTripMs: 0, keystrokeToMarkersMs: 0, compiles: 0 };
  let lastEditAt = performance.now();
  let requestedAt = performance.now();

  // ---- layout ----
  const examples = h("select", { name: "examples", "data-testid": "examples", "aria-label": t("examples") },
    ...[...EXAMPLES.keys()].map((p) => h("option", { value: p }, p.replace(/^policies\//, ""))),
    h("option", { value: UNTITLED_PATH, "data-i18n": "newFile" }, t("newFile")));
  const toast = h("span", { class: "toast", role: "status" });
  const langButton = h("button", { type: "button", class: "lang", "data-i18n": "language" }, t("language"));
  const formatButton = h("button", { type: "button", "data-i18n": "format" }, t("format"));
  const shareButton = h("button", { type: "button", "data-i18n": "share", "data-testid": "share" }, t("share"));
  const editorHost = h("div", { class: "editor", "data-testid": "editor" });
  const problems = new ProblemsList((span) => reveal(span));
  const tabButtons = TABS.map((tab) => h("button", {
    type: "button", role: "tab", "data-tab": tab, "data-i18n": tab === "run" ? "tabRun" : tab === "tests" ? "tabTests" : "tabChart",
    onclick: () => showTab(tab),
  }, t(tab === "run" ? "tabRun" : tab === "tests" ? "tabTests" : "tabChart")));
  const statusBar = h("span", { class: "stats muted", "data-testid": "stats" });

  const formState = { inputs: { ...(shared?.inputs ?? {}) }, ledger: { ...(shared?.ledger ?? {}) }, date: shared?.date };
  const chart: { current?: BandChart } = {};
  const run = new RunPanel(formState, () => {
    if (currentTab === "chart") chart.current?.refresh();
  });
  chart.current = new BandChart(run.form);
  const tests = new TestsPanel((span) => revealSrc(span));
  const panels: Record<Tab, HTMLElement> = { run: run.element, tests: tests.element, chart: chart.current.element };
  let currentTab: Tab = TABS.includes(shared?.tab as Tab) ? (shared!.tab as Tab) : "run";

  root.append(
    h("header", {},
      h("h1", {}, h("span", { "data-i18n": "title" }, t("title"))),
      h("span", { class: "subtitle muted", "data-i18n": "subtitle" }, t("subtitle")),
      h("label", { class: "examples" }, h("span", { "data-i18n": "examples" }, t("examples")), examples),
      formatButton, shareButton, toast, h("span", { class: "spacer" }), statusBar, langButton),
    h("main", {},
      h("div", { class: "editor-pane" }, editorHost, problems.element),
      h("aside", { class: "side" },
        h("nav", { class: "tabs", role: "tablist" }, ...tabButtons),
        ...Object.values(panels))),
  );

  // ---- editor ----
  const modelFor = (p: string, text?: string): monaco.editor.ITextModel => {
    const uri = monaco.Uri.parse(`file:///${p}`);
    return monaco.editor.getModel(uri) ?? monaco.editor.createModel(text ?? EXAMPLES.get(p) ?? NEW_POLICY, LANGUAGE_ID, uri);
  };
  const initialModel = modelFor(path);
  if (shared) initialModel.setValue(shared.text);
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

  const session: EditorSession = { path: () => path, latest: () => latest };
  const client = new CompilerClient(onCompiled, (err) => {
    problems.failed(err.message);
    toastMessage(err.message);
  });
  registerCompletion(session);
  registerHover(session);
  registerDefinition(session);
  registerFormatting(client, () => toastMessage(t("formatFailed")));

  function requestCompile(): void {
    requestedAt = performance.now();
    problems.busy();
    client.schedule(path, editor.getModel()!.getValue());
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
    statusBar.textContent = `${t("checkTime")} ${reply.compileMs.toFixed(1)} ms`;
    problems.show(reply.diagnostics, path, reply.text);
    const hasErrors = reply.diagnostics.some((d) => d.severity === "error");
    run.update(reply.artifact, hasErrors);
    tests.update(reply.artifact);
    if (reply.artifact) chart.current!.update(reply.artifact);
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  editor.onDidChangeModelContent(() => {
    lastEditAt = performance.now();
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
    editor.setModel(modelFor(path));
    latest = undefined;
    requestCompile();
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
  });
  window.addEventListener("language", () => {
    if (latest && latest.path === path) setMarkers(editor.getModel()!, path, latest.diagnostics, lang());
    problems.render();
    for (const b of tabButtons) b.textContent = t(b.dataset.i18n as "tabRun");
  });

  function showTab(tab: Tab): void {
    currentTab = tab;
    for (const b of tabButtons) b.setAttribute("aria-selected", String(b.dataset.tab === tab));
    for (const [name, panel] of Object.entries(panels)) panel.hidden = name !== tab;
    if (tab === "chart") chart.current!.refresh();
    if (tab === "tests") tests.run();
  }

  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  function toastMessage(text: string): void {
    toast.textContent = text;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toast.textContent = ""; }, 4000);
  }

  // A hook for the browser tests and for anyone debugging in the console.
  Object.assign(window, {
    bylawPlayground: {
      editor,
      stats,
      markers: () => monaco.editor.getModelMarkers({ owner: "bylaw" }),
      path: () => path,
    },
  });

  applyLanguage(document);
  showTab(currentTab);
  requestCompile();
}
