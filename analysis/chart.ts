// An SVG of analysed functions: one panel per function (an output for one group of inputs),
// the payment's curve and, beside a payment, the patient's share (amount − payment), each
// breakpoint a dashed line labelled with where it comes from. Self-contained text: no script.
import type { AnalyzedFunction } from "./analyze.ts";
import { breakKindText } from "./findings.ts";

const W = 760, H = 240, PAD = { l: 70, r: 20, t: 34, b: 30 };

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");


function inputsText(fn: AnalyzedFunction): string {
  const first = fn.inputs[0] ?? {};
  const s = Object.entries(first).map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(",")}]` : String(v)}`).join(", ");
  return fn.inputs.length > 1 ? `${s} (+${fn.inputs.length - 1})` : s;
}

function panel(fn: AnalyzedFunction, top: number, lang: "en" | "zh"): string {
  const pts = fn.points.map(([x, y]) => [Number(x), Number(y)] as const);
  const share = fn.role === "output" ? pts.map(([x, y]) => [x, x - y] as const) : [];
  const xmax = Math.max(1, ...pts.map(([x]) => x));
  const ys = [...pts, ...share].map(([, y]) => y);
  const ymin = Math.min(0, ...ys), ymax = Math.max(1, ...ys);
  const px = (x: number) => PAD.l + ((W - PAD.l - PAD.r) * x) / xmax;
  const py = (y: number) => top + H - PAD.b - ((H - PAD.t - PAD.b) * (y - ymin)) / (ymax - ymin);
  const path = (ps: readonly (readonly [number, number])[]) => ps.map(([x, y], i) => `${i === 0 ? "M" : "L"}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ");
  const title = `${fn.output}${fn.label ? ` ${fn.label}` : ""}${fn.ledger ? ` [${fn.ledger}]` : ""} — ${inputsText(fn)}`;
  const parts = [
    `<text x="${PAD.l}" y="${top + 16}" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<line x1="${PAD.l}" y1="${py(0)}" x2="${W - PAD.r}" y2="${py(0)}" stroke="#999"/>`,
    `<line x1="${PAD.l}" y1="${top + PAD.t}" x2="${PAD.l}" y2="${top + H - PAD.b}" stroke="#999"/>`,
    `<text x="${PAD.l - 4}" y="${py(ymax) + 4}" font-size="10" text-anchor="end">${esc(String(ymax))}</text>`,
    `<text x="${W - PAD.r}" y="${top + H - 8}" font-size="10" text-anchor="end">${esc(`${fn.over} ${xmax}`)}</text>`,
  ];
  fn.breakpoints.forEach((b, i) => {
    const x = px(Number(b.fen));
    const kind = breakKindText(b.kind, lang);
    parts.push(`<line x1="${x.toFixed(1)}" y1="${top + PAD.t}" x2="${x.toFixed(1)}" y2="${top + H - PAD.b}" stroke="#c60" stroke-dasharray="3,3"/>`);
    parts.push(`<text x="${(x + 3).toFixed(1)}" y="${top + PAD.t + 10 + (i % 4) * 11}" font-size="10" fill="#c60">${esc(`${kind} ${b.name} ${b.fen}`)}</text>`);
  });
  parts.push(`<path d="${path(pts)}" fill="none" stroke="#1565c0" stroke-width="2"><title>${esc(fn.output)}</title></path>`);
  if (share.length > 0) {
    const label = lang === "zh" ? "个人负担" : "patient's share";
    parts.push(`<path d="${path(share)}" fill="none" stroke="#2e7d32" stroke-width="1.5" stroke-dasharray="6,3"><title>${esc(label)}</title></path>`);
  }
  return parts.join("\n");
}

/** The chart of `fns` (at most `most` panels), as SVG text. */
export function renderChart(fns: readonly AnalyzedFunction[], lang: "en" | "zh", most = 24): string {
  const shown = fns.filter((f) => f.points.length > 1).slice(0, most);
  const legend = lang === "zh" ? "蓝：支付金额；绿（虚线）：个人负担；橙：断点" : "blue: payment; green (dashed): patient's share; orange: breakpoints";
  const height = 24 + shown.length * H;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${PAD.l}" y="16" font-size="12">${esc(legend)}</text>`,
    ...shown.map((f, i) => panel(f, 24 + i * H, lang)),
    `</svg>`,
    "",
  ].join("\n");
}
