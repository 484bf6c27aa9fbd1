// The "曲线" tab: for a Money output over a Money input, the payment and what the patient
// still pays, plotted against the amount (SVG, no chart library). A deductible shows as a
// flat start, a band edge as a bend, a cap as a plateau, a cliff as a jump. Moving the
// pointer over the chart reads the exact figures at that amount.
import type { Artifact } from "../../runtime/ir/artifact.ts";
import { bandsOf, chartSeries, sampleAmounts, sensibleMax, type ChartPoint } from "./chart-data.ts";
import { clear, h } from "./dom.ts";
import { t } from "./i18n.ts";
import { formatYuan, parseMoneyText } from "./number-input.ts";
import type { RunForm } from "./run-form.ts";
import { outputsOf, ruleSetFor } from "./rules.ts";

const SVG = "http://www.w3.org/2000/svg";
const W = 640;
const H = 360;
const M = { left: 72, right: 16, top: 16, bottom: 40 };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Compact axis labels: 150000 → "15万", 2500 → "2500". */
function axisLabel(v: number): string {
  return v >= 10000 ? `${+(v / 10000).toFixed(2)}万` : String(+v.toFixed(2));
}

export class BandChart {
  readonly element: HTMLElement;
  private readonly controls = h("div", { class: "chart-controls" });
  private readonly plot = h("div", { class: "chart-plot", "data-testid": "chart" });
  private readonly readout = h("p", { class: "readout" });
  private artifact: Artifact | undefined;
  private output = "";
  private axis = "";
  private max = "";
  private readonly form: RunForm;

  constructor(form: RunForm) {
    this.form = form;
    this.element = h("section", { class: "chart-panel" },
      this.controls, this.plot, this.readout, h("p", { class: "muted", "data-i18n": "chartHint" }, t("chartHint")));
    window.addEventListener("language", () => this.update(this.artifact));
  }

  update(artifact: Artifact | undefined): void {
    if (artifact && artifact.integrity !== this.artifact?.integrity) this.max = "";
    this.artifact = artifact;
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
          if (r.ok && r.value !== "0") this.max = r.value;
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
    const points = chartSeries(loaded.ruleSet, reading.input, this.axis, this.output, sampleAmounts(this.max), ledger, reading.date);
    if (points.length < 2) {
      this.plot.append(h("p", { class: "muted" }, t("inputErrors")));
      return;
    }
    this.plot.append(this.svgFor(points));
    for (const b of bandsOf(artifact, this.output)) {
      this.plot.append(h("p", { class: "muted" }, t(`chartBands${b.mode}`, { name: b.label ?? b.name })));
    }
  }

  private svgFor(points: ChartPoint[]): SVGSVGElement {
    // Pixels only: decimal strings become numbers here for drawing, never for arithmetic on money.
    const xs = points.map((p) => Number(p.x));
    const top = Math.max(1, ...points.map((p) => Math.max(Number(p.paid), Number(p.kept))));
    const xMax = xs[xs.length - 1]!;
    const px = (x: number) => M.left + (x / xMax) * (W - M.left - M.right);
    const py = (y: number) => H - M.bottom - (y / top) * (H - M.top - M.bottom);
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img" });
    for (let i = 0; i <= 5; i++) {
      const gx = (xMax * i) / 5;
      const gy = (top * i) / 5;
      root.append(
        svg("line", { x1: px(gx), x2: px(gx), y1: M.top, y2: H - M.bottom, class: "grid" }),
        svg("text", { x: px(gx), y: H - M.bottom + 16, "text-anchor": "middle", class: "tick" }, axisLabel(gx)),
        svg("line", { x1: M.left, x2: W - M.right, y1: py(gy), y2: py(gy), class: "grid" }),
        svg("text", { x: M.left - 6, y: py(gy) + 4, "text-anchor": "end", class: "tick" }, axisLabel(gy)),
      );
    }
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
