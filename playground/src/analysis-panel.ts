// The "分析" tab (issue 15): the soundness analysis of the policy as written. For each Money
// result and each combination of the other inputs, the exact payment and patient-share curve
// (analysis' own SVG) with its breakpoints listed by origin (起付线, 分段点, 封顶线, 界限,
// 表行); and the findings (悬崖效应, 全报销/零支付, 不可达, 封顶线不起作用), each a button
// that shows its declaration in the editor. The analysis runs in the compiler worker, only
// while the tab is shown, once per compiled artifact. "Compare" overlays the curves of the
// text as it was when the tab was first shown for this file.
import { describeFinding, renderChart, type Analysis, type AnalyzedFunction, type BreakKind, type Finding, type FindingKind } from "../../analysis/index.ts";
import type { Artifact, SrcSpan } from "../../runtime/ir/artifact.ts";
import { clear, h, svg } from "./dom.ts";
import { lang, t, type MessageKey } from "./i18n.ts";
import type { AnalyzeReply } from "./protocol.ts";

const BREAK_WORD: Record<BreakKind, MessageKey> = {
  deductible: "bk_deductible", "band edge": "bk_band", cap: "bk_cap", threshold: "bk_threshold", "table row": "bk_row",
};
const FINDING_WORD: Record<FindingKind, MessageKey> = {
  cliff: "fk_cliff", "full-coverage": "fk_fullCoverage", unreachable: "fk_unreachable", "cap-never-binds": "fk_capNeverBinds", negative: "fk_negative",
};

const valueText = (v: unknown) => (Array.isArray(v) ? `[${v.join("、")}]` : String(v));

/** "类别=甲, 住院=true", or that no other input matters; and how many more combinations share it. */
function combinationText(fn: AnalyzedFunction): string {
  const first = Object.entries(fn.inputs[0] ?? {}).map(([k, v]) => `${k}=${valueText(v)}`).join(", ");
  const parts = [first || t("analysisAnyInputs")];
  if (fn.inputs.length > 1) parts.push(t("analysisMore", { n: fn.inputs.length - 1 }));
  if (fn.ledger) parts.push(t("analysisLedger", { name: fn.ledger }));
  return parts.join(" · ");
}

/**
 * The points worth drawing: the analysis also settles a claim far past the last breakpoint
 * (to check the last piece), which would squeeze every breakpoint into the chart's left edge;
 * the chart stops about a piece's length past the last breakpoint. (Axis positions only.)
 */
function chartPoints(fn: AnalyzedFunction): AnalyzedFunction {
  const last = fn.breakpoints.at(-1);
  if (!last) return fn;
  const limit = 2 * Number(last.fen) + 20000;
  return { ...fn, points: fn.points.filter(([x]) => Number(x) <= limit) };
}

/** The curves of a function as pixel-ready numbers: the payment, and beside a payment the share. */
function curves(fn: AnalyzedFunction): [number, number][][] {
  const paid = chartPoints(fn).points.map(([x, y]) => [Number(x), Number(y)] as [number, number]);
  return fn.role === "output" ? [paid, paid.map(([x, y]) => [x, x - y] as [number, number])] : [paid];
}

/** Both versions on one pair of axes: the earlier one grey, the current one as renderChart colours it. */
function overlayChart(now: AnalyzedFunction, before: AnalyzedFunction | undefined): SVGSVGElement {
  const W = 640, H = 300, L = 64, R = 12, T = 30, B = 26;
  const mine = curves(now), theirs = before ? curves(before) : [];
  const all = [...mine, ...theirs].flat();
  const xmax = Math.max(1, ...all.map(([x]) => x));
  const ymin = Math.min(0, ...all.map(([, y]) => y)), ymax = Math.max(1, ...all.map(([, y]) => y));
  const px = (x: number) => L + ((W - L - R) * x) / xmax;
  const py = (y: number) => H - B - ((H - T - B) * (y - ymin)) / (ymax - ymin);
  const d = (ps: [number, number][]) => ps.map(([x, y], i) => `${i ? "L" : "M"}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ");
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "overlay", "font-family": "sans-serif" });
  root.append(
    svg("rect", { width: W, height: H, fill: "white" }),
    svg("line", { x1: L, y1: py(0), x2: W - R, y2: py(0), stroke: "#999" }),
    svg("text", { x: L - 4, y: py(ymax) + 4, "font-size": 11, "text-anchor": "end" }, String(ymax)),
    svg("text", { x: W - R, y: H - 6, "font-size": 11, "text-anchor": "end" }, `${now.over} ${xmax}`),
    svg("text", { x: L, y: 14, "font-size": 12, fill: "#1565c0" }, `— ${t("analysisNow")}`),
    svg("text", { x: L + 160, y: 14, "font-size": 12, fill: "#9ca3af" }, `— ${t("analysisBefore")}`),
  );
  for (const b of now.breakpoints) {
    const x = px(Number(b.fen)).toFixed(1);
    root.append(svg("line", { x1: x, y1: T, x2: x, y2: H - B, stroke: "#c60", "stroke-dasharray": "3,3" }));
  }
  theirs.forEach((ps, i) => root.append(svg("path", { d: d(ps), fill: "none", stroke: "#9ca3af", "stroke-width": 3, "stroke-dasharray": i ? "6,3" : "", "data-version": "before" })));
  mine.forEach((ps, i) => root.append(svg("path", { d: d(ps), fill: "none", stroke: i ? "#2e7d32" : "#1565c0", "stroke-width": 1.5, "stroke-dasharray": i ? "6,3" : "", "data-version": "now" })));
  return root;
}

/** Breakpoints of one version missing from the other, as "kind name fen". */
function breakpointChanges(now: AnalyzedFunction, before: AnalyzedFunction): { added: string[]; removed: string[] } {
  const key = (b: AnalyzedFunction["breakpoints"][number]) => `${t(BREAK_WORD[b.kind])} ${b.name} ${b.fen}`;
  const a = new Set(now.breakpoints.map(key)), r = new Set(before.breakpoints.map(key));
  return { added: [...a].filter((k) => !r.has(k)), removed: [...r].filter((k) => !a.has(k)) };
}

/** The earlier version's function for the same output, ledger and combination of inputs. */
function counterpart(fn: AnalyzedFunction, analysis: Analysis): AnalyzedFunction | undefined {
  const combination = JSON.stringify(fn.inputs[0] ?? {});
  return analysis.functions.find((f) => f.output === fn.output && f.ledger === fn.ledger && f.inputs.some((i) => JSON.stringify(i) === combination));
}

export class AnalysisPanel {
  readonly element: HTMLElement;
  private readonly status = h("p", { class: "muted", role: "status", "data-testid": "analysis-status" });
  private readonly controls = h("div", { class: "chart-controls" });
  private readonly body = h("div", { class: "analysis", "data-testid": "analysis" });
  private readonly analyzeInWorker: (artifact: Artifact) => Promise<AnalyzeReply>;
  private readonly reveal: (span: SrcSpan) => void;
  private artifact: Artifact | undefined;
  private blocked = false;
  /** replies by artifact integrity (the current text's and the compared one's), and the one being analysed */
  private readonly replies = new Map<string, AnalyzeReply>();
  private running: string | undefined;
  /** the text as it was when the tab was first shown for this file, and whether to overlay it */
  private baseline: Artifact | undefined;
  private compare = false;
  private output = "";
  private combination = 0;

  constructor(analyze: (artifact: Artifact) => Promise<AnalyzeReply>, reveal: (span: SrcSpan) => void) {
    this.analyzeInWorker = analyze;
    this.reveal = reveal;
    this.element = h("section", { class: "analysis-panel" },
      this.status, this.controls, this.body, h("p", { class: "muted", "data-i18n": "analysisHint" }, t("analysisHint")));
    window.addEventListener("language", () => this.render());
  }

  /** A compile result: `blocked` when the text has errors (nothing from an older text stays). */
  update(artifact: Artifact | undefined, blocked = false): void {
    this.blocked = blocked;
    this.artifact = blocked ? undefined : artifact;
    this.refresh();
  }

  /** Another file: nothing of the previous one stays, and its baseline is forgotten. */
  reset(): void {
    this.baseline = undefined;
    this.update(undefined);
  }

  /** Analyse what is shown (the current text, and the baseline when comparing) if not done yet; redraw. */
  refresh(): void {
    if (!this.element.hidden && this.artifact) {
      this.baseline ??= this.artifact;
      // Keep only the replies still wanted, so the map stays at two entries.
      const wanted = [this.artifact, ...(this.compare ? [this.baseline] : [])];
      for (const k of this.replies.keys()) if (k !== this.artifact.integrity && k !== this.baseline.integrity) this.replies.delete(k);
      for (const artifact of wanted) this.ask(artifact);
    }
    this.render();
  }

  private ask(artifact: Artifact): void {
    const key = artifact.integrity;
    // One analysis in the worker at a time (compiles queue behind it): while typing, the text
    // compiled last is analysed when the one running settles.
    if (this.replies.has(key) || this.running !== undefined) return;
    this.running = key;
    this.analyzeInWorker(artifact).then(
      (reply) => this.settle(key, reply),
      (err: unknown) => this.settle(key, { error: err instanceof Error ? err.message : String(err) }),
    );
  }

  private settle(integrity: string, reply: AnalyzeReply): void {
    this.running = undefined;
    this.replies.set(integrity, reply);
    // A newer text may have compiled meanwhile: analyse that one (or show this one if current).
    this.refresh();
  }

  private render(): void {
    clear(this.controls);
    clear(this.body);
    this.status.textContent = "";
    if (this.blocked) {
      this.status.textContent = t("notCompiled");
      return;
    }
    const artifact = this.artifact;
    if (!artifact) return;
    const reply = this.replies.get(artifact.integrity);
    if (!reply) {
      this.status.textContent = t("analysisRunning");
      return;
    }
    if ("error" in reply) {
      this.status.textContent = t("analysisFailed", { message: reply.error });
      return;
    }
    this.renderFunctions(reply.analysis);
    this.renderFindings(reply.analysis.findings);
  }

  private renderFunctions(analysis: Analysis): void {
    const fns = analysis.functions.filter((f) => f.points.length > 1);
    if (fns.length === 0) {
      this.body.append(h("p", { class: "muted" }, t("analysisNoFunctions")));
      return;
    }
    const outputs = [...new Map(fns.map((f) => [f.output, f.label ? `${f.label}（${f.output}）` : f.output])).entries()];
    if (!outputs.some(([name]) => name === this.output)) {
      this.output = outputs[0]![0];
      this.combination = 0;
    }
    const ofOutput = fns.filter((f) => f.output === this.output);
    if (this.combination >= ofOutput.length) this.combination = 0;
    const fn = ofOutput[this.combination]!;
    const select = (name: string, label: MessageKey, options: [string, string][], value: string, set: (v: string) => void) =>
      h("label", {}, t(label), h("select", {
        name,
        "data-testid": name,
        onchange: (e: Event) => {
          set((e.target as HTMLSelectElement).value);
          this.render();
        },
      }, ...options.map(([v, text]) => h("option", { value: v, selected: v === value }, text))));
    this.controls.append(
      select("analysis-output", "analysisOutput", outputs, this.output, (v) => {
        this.output = v;
        this.combination = 0;
      }),
      select("analysis-combination", "analysisCombination", ofOutput.map((f, i) => [String(i), combinationText(f)]), String(this.combination),
        (v) => { this.combination = Number(v); }),
    );
    const compareBox = h("input", {
      type: "checkbox",
      name: "analysis-compare",
      checked: this.compare,
      onchange: (e: Event) => {
        this.compare = (e.target as HTMLInputElement).checked;
        this.refresh();
      },
    });
    this.controls.append(h("label", { class: "compare" }, h("span", {}, compareBox, ` ${t("analysisCompare")}`)));
    const figure = h("figure", { class: "analysis-chart", role: "img", "aria-label": t("analysisChart", { output: fn.output, over: fn.over }) });
    this.body.append(figure);
    if (this.compare) this.renderComparison(figure, fn);
    // renderChart escapes every text it writes (analysis/chart.ts): its SVG is safe to insert.
    else figure.innerHTML = renderChart([chartPoints(fn)], lang());
    if (fn.sampled) this.body.append(h("p", { class: "warn" }, `${t("analysisSampled")}: ${fn.sampled.join("; ")}`));
    this.body.append(h("table", { class: "breakpoints", "data-testid": "analysis-breakpoints" },
      h("caption", {}, t("analysisBreakpoints")),
      h("thead", {}, h("tr", {},
        ...(["analysisBreakAt", "analysisBreakKind", "analysisBreakName", "analysisBreakValues"] as const).map((k) => h("th", { scope: "col" }, t(k))))),
      h("tbody", {}, ...fn.breakpoints.map((b) => h("tr", { "data-kind": b.kind, "data-name": b.name, "data-fen": b.fen },
        h("td", { class: "value" }, b.fen),
        h("td", {}, t(BREAK_WORD[b.kind])),
        h("td", {}, b.name, b.sections?.length ? h("span", { class: "field-name" }, b.sections.join(" ")) : undefined),
        h("td", { class: "value" }, `${b.before} → ${b.value}`))))));
  }

  private renderComparison(figure: HTMLElement, fn: AnalyzedFunction): void {
    const reply = this.baseline ? this.replies.get(this.baseline.integrity) : undefined;
    const before = reply && "analysis" in reply ? counterpart(fn, reply.analysis) : undefined;
    figure.append(overlayChart(fn, before));
    const note = h("p", { class: "muted", "data-testid": "analysis-compare" });
    if (!reply) note.textContent = t("analysisRunning");
    else if (!before) note.textContent = t("analysisNoCounterpart");
    else {
      const { added, removed } = breakpointChanges(fn, before);
      note.textContent = added.length + removed.length === 0 ? t("analysisSameBreakpoints")
        : [added.length ? `${t("analysisAdded")} ${added.join("、")}` : "", removed.length ? `${t("analysisRemoved")} ${removed.join("、")}` : ""].filter(Boolean).join("；");
    }
    this.body.append(note);
  }

  private renderFindings(findings: Finding[]): void {
    this.body.append(h("h3", {}, t("analysisFindings")));
    if (findings.length === 0) {
      this.body.append(h("p", { class: "ok", "data-testid": "analysis-no-findings" }, t("analysisNoFindings")));
      return;
    }
    this.body.append(h("ul", { class: "findings", "data-testid": "analysis-findings" }, ...findings.map((f) => {
      const facts = [
        f.section,
        f.at !== undefined ? `${t("analysisAt")} ${f.at}${f.to !== undefined ? `–${f.to ?? "∞"}` : ""} ${t("yuan")}` : undefined,
        f.jump !== undefined ? `${t("analysisJump")} ${f.jump} ${t("yuan")}` : undefined,
        f.sampled ? t("analysisSampled") : undefined,
      ].filter((x) => x !== undefined);
      const span = f.span;
      return h("li", { class: `finding ${f.severity}`, "data-kind": f.kind, "data-output": f.output },
        h("button", {
          type: "button",
          class: "finding-title",
          disabled: !span,
          onclick: () => { if (span) this.reveal(span); },
        }, h("b", {}, `${t(f.severity === "error" ? "severityError" : "severityWarning")} · ${t(FINDING_WORD[f.kind])}`), ` ${describeFinding(f, lang())}`),
        h("div", { class: "muted" }, facts.join(" · ")),
        h("details", {}, h("summary", {}, t("analysisExample")), h("pre", { class: "trace" }, JSON.stringify(f.example, null, 2))));
    })));
  }
}
