// Wires the page together: the editor and its language features, the compiler worker, the
// problems list, the five tabs (试算 / 测试 / 曲线 / 分析 / 原文), the workspace (edits kept across
// reloads), the policy's tests as problems and their coverage as gutter marks, examples, share
// links and language.
import * as monaco from "./monaco.ts";
import type { Span } from "../../grammar/ast.ts";
import type { SrcSpan } from "../../runtime/ir/artifact.ts";
import { AnalysisPanel } from "./analysis-panel.ts";
import { BandChart } from "./band-chart.ts";
import { registerCompletion } from "./completion.ts";
import { registerCodeActions } from "./code-actions.ts";
import { download, h } from "./dom.ts";
import { DocumentPanel } from "./document-panel.ts";
import { citationIn, linkCitations } from "./section-links.ts";
import { EXAMPLES, UNTITLED_PATH } from "./examples.ts";
import { registerFormatting } from "./formatting.ts";
import { registerHover } from "./hover.ts";
import { registerNavigation } from "./navigation.ts";
import { applyLanguage, lang, setLanguage, t } from "./i18n.ts";
import { NEW_POLICY } from "./new-policy.ts";
import { Coverage, renderRuntimeError, runTests } from "../../runtime/index.ts";
import type { Artifact } from "../../runtime/ir/artifact.ts";
import { ruleSetFor } from "./rules.ts";
import { testProblems } from "./test-problems.ts";
import { coverageMarks, markHover } from "./coverage-marks.ts";
import { FileMenu, pathForOpened, saveName } from "./file-menu.ts";
import { Workspace } from "./workspace.ts";
import { indexedDbStore } from "./workspace-store.ts";
import { LANGUAGE_ID, THEME, registerLanguage } from "./language.ts";
import { setMarkers, spanToRange } from "./markers.ts";
import { ProblemsList } from "./problems.ts";
import { splitter } from "./splitter.ts";
import type { CompileReply } from "./protocol.ts";
import { RunPanel } from "./run-panel.ts";
import type { EditorSession } from "./session.ts";
import { decodeShare, encodeShare, type ShareState } from "./share.ts";
import { TestsPanel, type TestsView } from "./tests-panel.ts";
import type { CompilerClient } from "./worker-client.ts";

// The compiler runs in a worker with at most one compile in flight, so typing never waits for
// it and a burst of keys costs one compile per round trip (worker-client.ts): no debounce
// beyond gathering the changes of one task (a paste, a format) into one request.
const DEBOUNCE_MS = 0;
/** The panels follow the markers after this pause (a newer reply first cancels them). */
const APPLY_DELAY_MS = 60;
const TABS = ["run", "tests", "chart", "analysis", "doc"] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS = { run: "tabRun", tests: "tabTests", chart: "tabChart", analysis: "tabAnalysis", doc: "tabDoc" } as const;

/** Timings of the last compile, read by the browser tests and shown in the status bar. */
export interface Stats {
  /** compile time inside the worker */
  compileMs: number;
  /** from the request leaving the page to the markers being set (worker round trip + markers) */
  roundTripMs: number;
  /** from the last keystroke to its markers being set (includes the debounce) */
  keystrokeToMarkersMs: number;
  /** when (performance.now(), from the start of navigation) markers were last set, and first */
  markersAt: number;
  firstMarkersAt: number;
  /** compile results applied to the whole page (markers, problems and the three tabs) */
  compiles: number;
  /** how many times the policy's tests have been run and shown */
  testRuns: number;
  /** how many document views the 原文 tab has shown */
  documents: number;
}

/** Markers of failing tests, kept apart from the compiler's so each can be replaced alone. */
const TEST_MARKER_OWNER = "bylaw-tests";
/** Tests run this long after the panels, so a burst of typing does not run them each time. */
const TESTS_DELAY_MS = 100;

export async function startApp(root: HTMLElement, client: CompilerClient): Promise<void> {
  const shared = await decodeShare(location.hash);
  const damagedShare = !shared && location.hash.startsWith("#s=");
  registerLanguage();
  const workspace = await Workspace.open((p) => EXAMPLES.get(p) ?? NEW_POLICY, indexedDbStore());
  const files = new FileMenu(workspace, (p) => openFile(p));
  // A shared file that is not in this workspace becomes one's own file.
  if (shared?.path !== undefined && !files.has(shared.path)) workspace.addOwn(shared.path, shared.text);
  const knownPath = (p: string | undefined): p is string => files.has(p);

  // A share link first; else the file open when the page was left; else the first example.
  let path = shared?.path ?? (knownPath(workspace.open) ? workspace.open : [...EXAMPLES.keys()][0] ?? UNTITLED_PATH);
  let latest: CompileReply | undefined;
  const stats: Stats = { compileMs: 0, roundTripMs: 0, keystrokeToMarkersMs: 0, markersAt: 0, firstMarkersAt: 0, compiles: 0, testRuns: 0, documents: 0 };
  let lastEditAt = performance.now();
  let requestedAt = performance.now();

  // ---- layout ----
  const examples = files.element;
  const labelFiles = () => {
    files.label();
    revertButton.disabled = !workspace.isModified(path);
    removeButton.hidden = !workspace.isOwn(path);
  };
  const fileInput = h("input", {
    type: "file", accept: ".bylaw,text/plain", multiple: true, hidden: true, "data-testid": "open-input", "aria-hidden": "true", tabindex: -1,
  });
  const openButton = h("button", { type: "button", "data-i18n": "openFile", "data-i18n-title": "openFileHint", "data-testid": "open", onclick: () => fileInput.click() }, t("openFile"));
  const newButton = h("button", { type: "button", "data-i18n": "newOwnFile", "data-testid": "new-file", onclick: () => newFile() }, t("newOwnFile"));
  const removeButton = h("button", { type: "button", "data-i18n": "removeFile", "data-testid": "remove-file", onclick: () => removeFile() }, t("removeFile"));
  const saveButton = h("button", { type: "button", "data-i18n": "saveFile", "data-i18n-title": "saveFileHint", "data-testid": "save", onclick: () => saveFile() }, t("saveFile"));
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
    "data-i18n": TAB_LABELS[tab],
    onclick: () => showTab(tab),
    onkeydown: (e: Event) => {
      // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
      const key = (e as KeyboardEvent).key;
      if (key !== "ArrowRight" && key !== "ArrowLeft") return;
      const next = TABS[(TABS.indexOf(tab) + (key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!;
      showTab(next);
      tabButtons[TABS.indexOf(next)]!.focus();
    },
  }, t(TAB_LABELS[tab])));
  const statusBar = h("span", { class: "stats muted", "data-testid": "stats", "data-i18n-title": "shortcuts" });

  const formState = { inputs: { ...(shared?.inputs ?? {}) }, ledger: { ...(shared?.ledger ?? {}) }, date: shared?.date };
  const chart: { current?: BandChart } = {};
  const run = new RunPanel(formState, {
    onFormChange: () => {
      if (currentTab === "chart") chart.current?.refresh();
    },
    reveal: (span) => revealSrc(span),
    showHits: (spans) => showHits(spans),
  });
  chart.current = new BandChart(run.form);
  const tests = new TestsPanel((span) => revealSrc(span), () => runPolicyTests());
  const analysis = new AnalysisPanel((artifact) => client.analyze(artifact), (span) => revealSrc(span));
  const documentPanel = new DocumentPanel(() => path, (span) => reveal(span));
  const panels: Record<Tab, HTMLElement> = { run: run.element, tests: tests.element, chart: chart.current.element, analysis: analysis.element, doc: documentPanel.element };
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
      h("label", { class: "examples", for: "examples" }, h("span", { "data-i18n": "file" }, t("file"))), examples,
      newButton, openButton, fileInput, saveButton, removeButton, revertButton, formatButton, shareButton, toast, h("span", { class: "spacer" }), statusBar, langButton),
    banner,
    h("main", {}, h("div", { class: "editor-pane" }, editorHost, problems.element), splitter(side, t("resizePanes")), side),
  );

  // ---- editor ----
  const modelFor = (p: string, text?: string): monaco.editor.ITextModel => {
    const uri = monaco.Uri.parse(`file:///${p}`);
    const known = monaco.editor.getModel(uri);
    if (known) return known;
    const model = monaco.editor.createModel(text ?? workspace.text(p), LANGUAGE_ID, uri);
    // A rename or a quick fix may edit a file that is not open: keep that edit too.
    model.onDidChangeContent(() => {
      if (p === path) return; // the open file is kept by the editor's own listener below
      workspace.set(p, model.getValue());
      labelFiles();
    });
    return model;
  };
  const pathOf = (uri: monaco.Uri): string => uri.path.replace(/^\//, "");
  const initialModel = modelFor(path);
  if (shared && shared.text !== initialModel.getValue()) {
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
    glyphMargin: true, // the tests' coverage marks
    fixedOverflowWidgets: true,
    scrollBeyondLastLine: false,
    tabSize: 2,
    wordBasedSuggestions: "off",
    quickSuggestions: { other: true, comments: false, strings: false },
    renderWhitespace: "none",
  });
  performance.mark("bylaw:editor-created");
  files.render(path);
  labelFiles();

  const session: EditorSession = {
    path: () => path,
    latest: () => latest,
    read: (p) => (p === path ? editor.getModel()!.getValue() : knownPath(p) ? workspace.text(p) : undefined),
    model: (p) => modelFor(p),
  };
  client.listen(onCompiled, (err) => {
    problems.failed(err.message);
    toastMessage(t("compilerFailed"));
  });
  registerCompletion(session);
  registerHover(session);
  registerNavigation(session);
  registerCodeActions(session);
  // F12 on a name declared in a parent or an import opens that file, at the declaration.
  monaco.editor.registerEditorOpener({
    openCodeEditor(_source, resource, selection) {
      const p = pathOf(resource);
      if (!knownPath(p)) return false;
      openFile(p);
      if (selection && "startLineNumber" in selection) {
        editor.setSelection(selection);
        editor.revealRangeInCenter(selection);
      } else if (selection) {
        editor.setPosition(selection);
        editor.revealPositionInCenter(selection);
      }
      return true;
    },
  });
  registerFormatting(client, () => toastMessage(t("formatFailed")));

  function requestCompile(): void {
    requestedAt = performance.now();
    problems.busy();
    client.schedule(path, editor.getModel()!.getValue(), workspace.edits());
  }

  // Markers first, as soon as a reply is in; the rest (problems list, the three tabs, the
  // policy's tests) a moment later, for the newest reply only: while typing, the main thread
  // stays free for the next key and its markers (#16 item 9).
  let applyTimer: ReturnType<typeof setTimeout> | undefined;
  function onCompiled(reply: CompileReply): void {
    const model = editor.getModel()!;
    latest = reply;
    // A reply for older text would put markers in the wrong places; a newer compile is coming.
    if (reply.path !== path || reply.text !== model.getValue()) return;
    setMarkers(model, path, reply.diagnostics, lang());
    monaco.editor.setModelMarkers(model, TEST_MARKER_OWNER, []);
    const now = performance.now();
    stats.compileMs = reply.compileMs;
    stats.roundTripMs = now - requestedAt;
    stats.keystrokeToMarkersMs = now - lastEditAt;
    stats.markersAt = now;
    if (stats.firstMarkersAt === 0) stats.firstMarkersAt = now;
    clearTimeout(applyTimer);
    clearTimeout(testsTimer);
    applyTimer = setTimeout(() => apply(reply), APPLY_DELAY_MS);
  }

  function apply(reply: CompileReply): void {
    if (reply !== latest || reply.text !== editor.getModel()!.getValue()) return;
    const started = performance.now();
    try {
      applyNow(reply);
    } finally {
      performance.measure("bylaw:apply", { start: started });
    }
  }

  function applyNow(reply: CompileReply): void {
    stats.compiles++;
    showCheckTime();
    problems.show(reply.diagnostics, path, reply.text);
    const hasErrors = reply.diagnostics.some((d) => d.severity === "error");
    run.update(reply.artifact, hasErrors);
    chart.current!.update(reply.artifact, hasErrors);
    analysis.update(reply.artifact, hasErrors);
    refreshDocument();
    if (hasErrors || !reply.artifact) {
      tests.show(hasErrors ? { kind: "blocked" } : { kind: "none" });
      coverageDecorations.clear();
      return;
    }
    testsTimer = setTimeout(runPolicyTests, TESTS_DELAY_MS);
  }

  // ---- the 原文 tab: the source document, asked of the worker only while the tab shows ----
  let documentShown: { path: string; text: string } | undefined;
  /** a citation clicked elsewhere, shown once the document is */
  let pendingSection: string | undefined;
  function refreshDocument(): void {
    const reply = latest;
    if (currentTab !== "doc" || !reply || reply.path !== path) return;
    if (documentShown?.path === reply.path && documentShown.text === reply.text) {
      followCursor();
      return;
    }
    if (reply.diagnostics.some((d) => d.severity === "error") || !reply.artifact) {
      documentPanel.show({ kind: "blocked" });
      documentShown = undefined;
      return;
    }
    void client.document(reply.path, reply.text, workspace.edits()).then((doc) => {
      if (doc.path !== path || doc.text !== editor.getModel()!.getValue()) return;
      documentShown = { path: doc.path, text: doc.text };
      documentPanel.show(doc.view ? { kind: "view", view: doc.view } : { kind: "none" });
      stats.documents++;
      followCursor();
    });
  }
  // a citation clicked elsewhere first; else the editor's cursor on a `§` citation, or on a
  // figure the document states, shows it there
  function followCursor(): void {
    if (currentTab !== "doc") return;
    if (pendingSection !== undefined) {
      documentPanel.showSection(pendingSection);
      pendingSection = undefined;
      return;
    }
    const model = editor.getModel()!;
    const pos = editor.getPosition();
    if (!pos) return;
    const cite = citationIn(model.getLineContent(pos.lineNumber), pos.column - 1);
    if (cite !== undefined) documentPanel.showSection(cite);
    else documentPanel.showOffset(model.getOffsetAt(pos));
  }
  editor.onDidChangeCursorPosition(() => followCursor());
  function openSection(citation: string): void {
    pendingSection = citation;
    if (currentTab === "doc") followCursor();
    else showTab("doc");
  }
  // § in the results, alerts and tests and in the editor's hovers; Ctrl/⌘+click on one in the code
  linkCitations((el) => el.closest(".monaco-hover") !== null || (el.closest(".side") !== null && el.closest("#panel-doc") === null), openSection);
  editor.onMouseDown((e) => {
    const pos = e.target.position;
    if (!pos || !(e.event.ctrlKey || e.event.metaKey)) return;
    const cite = citationIn(editor.getModel()!.getLineContent(pos.lineNumber), pos.column - 1);
    if (cite !== undefined) openSection(cite);
  });

  // ---- the policy's tests: the Tests tab, markers on `expect` lines, entries in Problems ----
  let testsTimer: ReturnType<typeof setTimeout> | undefined;
  function runPolicyTests(): void {
    clearTimeout(testsTimer);
    const reply = latest;
    const model = editor.getModel()!;
    if (!reply?.artifact || reply.path !== path || reply.text !== model.getValue()) return;
    if (reply.diagnostics.some((d) => d.severity === "error")) return;
    const started = performance.now();
    const view = testsView(reply.artifact);
    performance.measure("bylaw:tests", { start: started });
    tests.show(view);
    showCoverage(view.kind === "results" ? view.coverage : undefined);
    const failures = view.kind === "results" ? testProblems(reply.artifact, view.results, path, reply.text, lang()) : [];
    setMarkers(model, path, failures, lang(), TEST_MARKER_OWNER);
    problems.show([...reply.diagnostics, ...failures], path, reply.text);
    stats.testRuns++;
  }

  function testsView(artifact: Artifact): TestsView {
    const loaded = ruleSetFor(artifact);
    if (!loaded.ok) return { kind: "error", message: `${loaded.error.code}: ${renderRuntimeError(loaded.error, lang())}` };
    const coverage = new Coverage(artifact);
    const results = runTests(loaded.ruleSet, lang(), (trace) => coverage.hit(trace));
    return { kind: "results", artifact, results, coverage };
  }

  /** Plain text as Markdown (a hover's): `起付[甲]` is no link, `*` no emphasis. */
  const escapeMarkdown = (text: string) => text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, "\\$&");

  // What the tests reach, marked in the gutter of the open file (after each test run).
  const coverageDecorations = editor.createDecorationsCollection();
  function showCoverage(coverage: Coverage | undefined): void {
    const marks = coverage === undefined ? [] : coverageMarks(coverage.items, editor.getModel()!.getValue());
    coverageDecorations.set(marks.map((mark) => ({
      range: { startLineNumber: mark.line, startColumn: 1, endLineNumber: mark.line, endColumn: 1 },
      options: {
        glyphMarginClassName: mark.covered ? "coverage-covered" : "coverage-uncovered",
        glyphMarginHoverMessage: { value: escapeMarkdown(markHover(mark)) },
        stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
      },
    })));
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

  /** The workspace path of one of the artifact's sources (index 0 is the policy itself). */
  function sourcePath(index: number): string | undefined {
    return index === 0 ? path : latest?.artifact?.sources[index]?.path;
  }

  /** Shows a span of the artifact's sources: in another file (a parent, an import), that file opens. */
  function revealSrc(span: SrcSpan): void {
    const file = sourcePath(span[0]);
    if (file === undefined || !knownPath(file)) return;
    if (file !== path) openFile(file);
    reveal({ start: span[1], end: span[2] });
  }

  // The table rows and bands the claim on the 试算 tab hit, highlighted in the open file.
  const hitDecorations = editor.createDecorationsCollection();
  function showHits(spans: SrcSpan[]): void {
    const model = editor.getModel()!;
    hitDecorations.set(spans.filter((s) => sourcePath(s[0]) === path).map((s) => ({
      range: spanToRange(model, { start: s[1], end: s[2] }),
      options: {
        className: "trace-hit", isWholeLine: true, hoverMessage: { value: t("traceHit") },
        overviewRuler: { color: "#d9a400", position: monaco.editor.OverviewRulerLane.Center },
      },
    })));
  }

  // ---- toolbar ----
  examples.addEventListener("change", () => openFile(examples.value));
  function openFile(next: string): void {
    path = next;
    files.element.value = next;
    workspace.setOpen(path);
    hitDecorations.clear(); // they belong to the file being left
    coverageDecorations.clear();
    // A child compiles against its parent as edited: recompile even an already open model.
    editor.setModel(modelFor(path));
    latest = undefined;
    // Nothing computed from the previous file stays on screen.
    clearTimeout(applyTimer);
    clearTimeout(testsTimer);
    run.reset();
    tests.show({ kind: "none" });
    chart.current!.update(undefined);
    documentPanel.show({ kind: "none" });
    documentShown = undefined;
    analysis.reset();
    labelFiles();
    requestCompile();
  }
  revertButton.addEventListener("click", () => {
    editor.getModel()!.setValue(workspace.base(path));
    toastMessage(t(workspace.isOwn(path) ? "revertedOwn" : "reverted"));
  });

  // ---- files on disk: open (several at once), save the open one ----
  fileInput.addEventListener("change", async () => {
    const chosen = [...(fileInput.files ?? [])];
    fileInput.value = "";
    let last: string | undefined;
    for (const file of chosen) {
      const p = pathForOpened(file.name);
      const text = await file.text();
      if (files.has(p) && !workspace.isOwn(p)) workspace.set(p, text); // a shipped file's name: an edit of it
      else workspace.addOwn(p, text);
      // An open model keeps its text: give it the file's.
      const model = monaco.editor.getModel(monaco.Uri.parse(`file:///${p}`));
      if (model && model.getValue() !== text) model.setValue(text);
      last = p;
    }
    if (last === undefined) return;
    files.render(path);
    if (last === path) requestCompile();
    else openFile(last);
    toastMessage(t("opened", { n: chosen.length }));
  });

  function newFile(): void {
    const p = workspace.freePath(t("newOwnFileStem"), (x) => files.has(x));
    workspace.addOwn(p, NEW_POLICY);
    files.render(path);
    openFile(p);
  }

  function removeFile(): void {
    const gone = path;
    if (!workspace.isOwn(gone)) return;
    if (workspace.isModified(gone) && !confirm(t("removeModified", { name: saveName(gone) }))) return;
    workspace.remove(gone);
    const next = [...EXAMPLES.keys()][0] ?? UNTITLED_PATH;
    files.render(next);
    openFile(next);
    monaco.editor.getModel(monaco.Uri.parse(`file:///${gone}`))?.dispose();
    toastMessage(t("removed", { name: saveName(gone) }));
  }

  function saveFile(): void {
    const name = saveName(path);
    download(name, editor.getModel()!.getValue(), "text/plain");
    workspace.saved(path);
    labelFiles();
    toastMessage(t("savedAs", { name }));
  }
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
    files.render(path);
    documentPanel.render();
    labelFiles();
    showCheckTime();
    runPolicyTests();
  });

  // ---- shortcuts (listed in the status bar's tooltip and the README) ----
  // Ctrl+S saves the open file as a .bylaw file (edits are kept in the browser anyway), Ctrl+O
  // opens .bylaw files: instead of the browser's "save page" and "open file".
  const fileKeys: Record<string, () => void> = { s: () => saveFile(), o: () => fileInput.click() };
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, fileKeys.s!);
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyO, fileKeys.o!);
  window.addEventListener("keydown", (e) => {
    const action = (e.ctrlKey || e.metaKey) && !e.altKey ? fileKeys[e.key.toLowerCase()] : undefined;
    if (!action || e.defaultPrevented) return;
    e.preventDefault();
    action();
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
    if (tab === "doc") refreshDocument();
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
      /** the lines of the rows and bands the claim on the 试算 tab hit */
      hitLines: () => hitDecorations.getRanges().map((r) => r.startLineNumber),
      /** the coverage marks in the gutter: line, covered or not, hover text */
      coverageMarks: () => editor.getModel()!.getAllDecorations()
        .filter((d) => d.options.glyphMarginClassName?.startsWith("coverage-"))
        .map((d) => ({ line: d.range.startLineNumber, covered: d.options.glyphMarginClassName === "coverage-covered", hover: [d.options.glyphMarginHoverMessage ?? []].flat().map((m) => m.value).join("\n") })),
      path: () => path,
    },
  });

  applyLanguage(document);
  showTab(currentTab);
  requestCompile();
}
