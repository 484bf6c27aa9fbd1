// The "分析" tab (issue 15): the soundness analysis of the policy as written. For each Money
// result and each combination of the other inputs, the exact payment and patient-share curve
// (analysis' own SVG) with its breakpoints listed by origin (起付线, 分段点, 封顶线, 界限,
// 表行); and the findings (悬崖效应, 全报销/零支付, 不可达, 封顶线不起作用), each a button
// that shows its declaration in the editor. The analysis runs in the compiler worker, only
// while the tab is shown, once per compiled artifact.
import { describeFinding, renderChart, type Analysis, type AnalyzedFunction, type BreakKind, type Finding, type FindingKind } from "../../analysis/index.ts";
import type { Artifact, SrcSpan } from "../../runtime/ir/artifact.ts";
import { clear, h } from "./dom.ts";
import { lang, t, type MessageKey } from "./i18n.ts";
import type { AnalyzeReply } from "./protocol.ts";

const BREAK_WORD: Record<BreakKind, MessageKey> = {
  deductible: "bk_deductible", "band edge": "bk_band", cap: "bk_cap", threshold: "bk_threshold", "table row": "bk_row",
};
const FINDING_WORD: Record<FindingKind, MessageKey> = {
  cliff: "fk_cliff", "full-coverage": "fk_fullCoverage", unreachable: "fk_unreachable", "cap-never-binds": "fk_capNeverBinds",
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

export class AnalysisPanel {
  readonly element: HTMLElement;
  private readonly status = h("p", { class: "muted", role: "status", "data-testid": "analysis-status" });
  private readonly controls = h("div", { class: "chart-controls" });
  private readonly body = h("div", { class: "analysis", "data-testid": "analysis" });
  private readonly analyzeInWorker: (artifact: Artifact) => Promise<AnalyzeReply>;
  private readonly reveal: (span: SrcSpan) => void;
  private artifact: Artifact | undefined;
  private blocked = false;
  /** the artifact (integrity) the shown reply is about, and the one being analysed */
  private analysed: { integrity: string; reply: AnalyzeReply } | undefined;
  private pending: string | undefined;
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

  /** Analyse the current artifact if the tab is shown and it is not analysed yet; else redraw. */
  refresh(): void {
    const artifact = this.artifact;
    if (this.element.hidden || !artifact || this.analysed?.integrity === artifact.integrity) return this.render();
    this.render();
    if (this.pending === artifact.integrity) return;
    this.pending = artifact.integrity;
    this.analyzeInWorker(artifact).then(
      (reply) => this.settle(artifact.integrity, reply),
      (err: unknown) => this.settle(artifact.integrity, { error: err instanceof Error ? err.message : String(err) }),
    );
  }

  private settle(integrity: string, reply: AnalyzeReply): void {
    if (this.pending === integrity) this.pending = undefined;
    this.analysed = { integrity, reply };
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
    if (this.analysed?.integrity !== artifact.integrity) {
      this.status.textContent = t("analysisRunning");
      return;
    }
    const reply = this.analysed.reply;
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
    const figure = h("figure", { class: "analysis-chart", role: "img", "aria-label": t("analysisChart", { output: fn.output, over: fn.over }) });
    // renderChart escapes every text it writes (analysis/chart.ts): its SVG is safe to insert.
    figure.innerHTML = renderChart([chartPoints(fn)], lang());
    this.body.append(figure);
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
