// The "曲线" tab: for a Money output over a Money input, the payment and what the patient
// still pays, plotted against the amount (SVG, no chart library). A deductible shows as a
// flat start, a band edge as a bend, a cap as a plateau, a cliff as a jump; each bend is
// marked and labelled (起付线, 分段点, 封顶), ticks fall on round amounts, and the default
// range is widened until the cap is in the picture. Moving the pointer over the chart reads
// the exact figures at that amount.
import type { Artifact } from "../../runtime/ir/artifact.ts";
import {
  bandsOf, chartMarks, chartSeries, moneyFigures, niceTicks, rangeReachingCap, sampleAmounts, sensibleMax, type ChartMark, type ChartPoint,
} from "./chart-data.ts";
import { clear, h, svg } from "./dom.ts";
import { t } from "./i18n.ts";
import { formatYuan, parseMoneyText } from "./number-input.ts";
import type { RunForm } from "./run-form.ts";
import { outputsOf, ruleSetFor } from "./rules.ts";

const W = 640;
const H = 360;
const M = { left: 72, right: 16, top: 16, bottom: 40 };

/** Compact labels of round amounts: 150000 → "15万", 25000 → "2.5万", 2500 → "2500". */
function axisLabel(v: string): string {
  const n = Number(v); // a label of a round tick or mark, not arithmetic on money
  return n >= 10000 ? `${+(n / 10000).toFixed(4)}万` : String(+n.toFixed(2));
}

const MARK_WORD = { deductible: "chartDeductible", edge: "chartEdge", cap: "chartCap" } as const;

export class BandChart {
  readonly element: HTMLElement;
  private readonly controls = h("div", { class: "chart-controls" });
  private readonly plot = h("div", { class: "chart-plot", "data-testid": "chart" });
  private readonly readout = h("p", { class: "readout" });
  private artifact: Artifact | undefined;
  /** the text has errors: no curve from an older text */
  private blocked = false;
  private output = "";
  private axis = "";
  private max = "";
  /** the range was typed by the user: never widened */
  private maxChosen = false;
  private readonly form: RunForm;

  constructor(form: RunForm) {
    this.form = form;
    this.element = h("section", { class: "chart-panel" },
      this.controls, this.plot, this.readout, h("p", { class: "muted", "data-i18n": "chartHint" }, t("chartHint")));
    window.addEventListener("language", () => this.update(this.artifact, this.blocked));
  }

  /** A compile result: `blocked` when the text has errors (the controls stay, the curve goes). */
  update(artifact: Artifact | undefined, blocked = false): void {
    if (artifact && artifact.integrity !== this.artifact?.integrity) {
      this.max = "";
      this.maxChosen = false;
    }
    this.blocked = blocked;
    if (artifact || !blocked) this.artifact = artifact;
    this.renderControls();
    this.draw();
  }

  /** Redraw with the form's current inputs (called when the form changes). */
  refresh(): void {
    this.draw();
  }

  private renderControls(): void {
    clear(this.controls);
    const artifact = this.artifact;
    if (!artifact) return;
    const outputs = outputsOf(artifact).filter((o) => o.type === "Money");
    const axes = artifact.schema.fields.filter((f) => f.type === "Money");
    if (!outputs.some((o) => o.name === this.output)) this.output = outputs[0]?.name ?? "";
    if (!axes.some((f) => f.name === this.axis)) this.axis = axes[0]?.name ?? "";
    if (!this.max) this.max = sensibleMax(artifact);
    const select = (items: { name: string; label?: string }[], value: string, set: (v: string) => void, name: string) =>
      h("select", { name, onchange: (e: Event) => { set((e.target as HTMLSelectElement).value); this.draw(); } },
        ...items.map((i) => h("option", { value: i.name, selected: i.name === value }, i.label ? `${i.label}（${i.name}）` : i.name)));
    this.controls.append(
      h("label", {}, t("chartOutput"), select(outputs, this.output, (v) => { this.output = v; }, "chart-output")),
      h("label", {}, t("chartInput"), select(axes, this.axis, (v) => { this.axis = v; }, "chart-axis")),
      h("label", {}, t("chartMax"), h("input", {
        type: "text",
        name: "chart-max",
        value: this.max,
        onchange: (e: Event) => {
          const r = parseMoneyText((e.target as HTMLInputElement).value);
          if (r.ok && r.value !== "0") {
            this.max = r.value;
            this.maxChosen = true;
          }
          this.draw();
        },
      })),
    );
  }

  private draw(): void {
    // 200 evaluations per draw: only for a visible chart (showing the tab redraws it).
    if (this.element.hidden) return;
    clear(this.plot);
    this.readout.textContent = "";
    const artifact = this.artifact;
    if (this.blocked) {
      this.plot.append(h("p", { class: "error" }, t("notCompiled")));
      return;
    }
    if (!artifact) return;
    if (!this.output || !this.axis) {
      this.plot.append(h("p", { class: "muted" }, t("chartNoAxis")));
      return;
    }
    const loaded = ruleSetFor(artifact);
    if (!loaded.ok) return;
    const reading = this.form.read();
    // Inputs other than the axis come from the form; a missing one leaves no points to draw.
    const ledger = reading.ledger ? { year: Number(reading.date.slice(0, 4)), values: reading.ledger } : undefined;
    const series = (max: string) =>
      chartSeries(loaded.ruleSet, reading.input, this.axis, this.output, sampleAmounts(max), ledger, reading.date);
    let points: ChartPoint[];
    if (this.maxChosen) points = series(this.max);
    else ({ max: this.max, points } = rangeReachingCap(this.max, series));
    const maxBox = this.controls.querySelector<HTMLInputElement>("input[name=chart-max]");
    if (maxBox) maxBox.value = this.max;
    if (points.length < 2) {
      this.plot.append(h("p", { class: "muted" }, t("inputErrors")));
      return;
    }
    this.plot.append(this.svgFor(points, chartMarks(points, moneyFigures(artifact))));
    for (const b of bandsOf(artifact, this.output)) {
      this.plot.append(h("p", { class: "muted" }, t(`chartBands${b.mode}`, { name: b.label ?? b.name })));
    }
  }

  private svgFor(points: ChartPoint[], marks: ChartMark[]): SVGSVGElement {
    // Pixels only: decimal strings become numbers here for drawing, never for arithmetic on money.
    const xTicks = niceTicks(this.max);
    const yTicks = niceTicks(String(Math.max(1, ...points.map((p) => Math.max(Number(p.paid), Number(p.kept))))));
    const xMax = Number(xTicks[xTicks.length - 1]);
    const top = Number(yTicks[yTicks.length - 1]);
    const px = (x: number) => M.left + (x / xMax) * (W - M.left - M.right);
    const py = (y: number) => H - M.bottom - (y / top) * (H - M.top - M.bottom);
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": `${t("chartPaid")} / ${t("chartKept")}` });
    for (const gx of xTicks) {
      root.append(
        svg("line", { x1: px(Number(gx)), x2: px(Number(gx)), y1: M.top, y2: H - M.bottom, class: "grid" }),
        svg("text", { x: px(Number(gx)), y: H - M.bottom + 16, "text-anchor": "middle", class: "tick x-tick" }, axisLabel(gx)),
      );
    }
    for (const gy of yTicks) {
      root.append(
        svg("line", { x1: M.left, x2: W - M.right, y1: py(Number(gy)), y2: py(Number(gy)), class: "grid" }),
        svg("text", { x: M.left - 6, y: py(Number(gy)) + 4, "text-anchor": "end", class: "tick y-tick" }, axisLabel(gy)),
      );
    }
    marks.forEach((m, i) => {
      const x = px(Number(m.x));
      // Labels alternate between two heights so neighbouring marks stay readable.
      const y = M.top + 48 + (i % 2) * 14;
      const group = svg("g", { class: `mark-${m.kind}`, "data-mark": m.kind, "data-x": m.x });
      group.append(
        svg("line", { x1: x, x2: x, y1: M.top, y2: H - M.bottom, class: "mark" }),
        // A figure of the rules reads as on the axis (2000, 1.5万); a computed point in full (44,857.14).
        svg("text", { x: x + 3, y, class: "mark-label" }, `${t(MARK_WORD[m.kind])} ${/^\d+$/.test(m.x) ? axisLabel(m.x) : formatYuan(m.x)}`),
      );
      if (m.paid !== undefined) {
        group.append(
          svg("line", { x1: M.left, x2: W - M.right, y1: py(Number(m.paid)), y2: py(Number(m.paid)), class: "mark" }),
          svg("text", { x: W - M.right - 4, y: py(Number(m.paid)) - 4, "text-anchor": "end", class: "mark-label" }, `${t("chartCap")} ${formatYuan(m.paid)}`),
        );
      }
      root.append(group);
    });
    const line = (key: "paid" | "kept", cls: string) =>
      svg("polyline", { class: cls, fill: "none", points: points.map((p) => `${px(Number(p.x)).toFixed(1)},${py(Number(p[key])).toFixed(1)}`).join(" ") });
    root.append(line("kept", "series-kept"), line("paid", "series-paid"));
    root.append(
      svg("text", { x: M.left + 8, y: M.top + 14, class: "legend-paid" }, `— ${t("chartPaid")}`),
      svg("text", { x: M.left + 8, y: M.top + 30, class: "legend-kept" }, `— ${t("chartKept")}`),
    );
    const cursor = svg("line", { x1: 0, x2: 0, y1: M.top, y2: H - M.bottom, class: "cursor", visibility: "hidden" });
    root.append(cursor);
    root.addEventListener("pointermove", (e) => {
      const box = root.getBoundingClientRect();
      const x = ((e.clientX - box.left) / box.width) * W;
      const i = Math.round(((x - M.left) / (W - M.left - M.right)) * (points.length - 1));
      const p = points[Math.max(0, Math.min(points.length - 1, i))]!;
      cursor.setAttribute("x1", String(px(Number(p.x))));
      cursor.setAttribute("x2", String(px(Number(p.x))));
      cursor.setAttribute("visibility", "visible");
      this.readout.textContent =
        `${formatYuan(p.x)} ${t("yuan")} → ${t("chartPaid")} ${formatYuan(p.paid)}，${t("chartKept")} ${formatYuan(p.kept)}`;
    });
    return root;
  }
}
