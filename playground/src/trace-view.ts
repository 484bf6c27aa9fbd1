// The explanation of one claim as a tree that folds: each output and alert, each step under
// the steps it decided. Every line that leads somewhere is a button: it shows its declaration
// (or the table row or band that was hit) in the editor. ▾/▸ folds a line's steps; 全部收起 /
// 全部展开 fold or unfold everything.
import type { Trace, TraceStep } from "../../runtime/index.ts";
import { traceAlertText, traceHeading, traceOutputText, traceStepText } from "../../runtime/index.ts";
import type { Artifact, SrcSpan } from "../../runtime/ir/artifact.ts";
import { h } from "./dom.ts";
import { type Lang, t } from "./i18n.ts";
import { declarations, hitRow, stepTarget } from "./trace-links.ts";

export type Reveal = (span: SrcSpan) => void;

function fold(node: HTMLElement, open: boolean): void {
  const button = node.querySelector<HTMLButtonElement>(":scope > .trace-fold");
  const list = node.querySelector<HTMLElement>(":scope > ul");
  if (!button || !list) return;
  button.setAttribute("aria-expanded", String(open));
  button.textContent = open ? "▾" : "▸";
  list.hidden = !open;
}

function line(text: string, target: SrcSpan | undefined, reveal: Reveal, kids: HTMLElement[], attrs: Record<string, string>): HTMLElement {
  const label = target
    ? h("button", {
      type: "button", class: "trace-link", "data-span": target.join(":"), title: t("traceReveal"),
      onclick: () => reveal(target),
    }, text)
    : h("span", { class: "trace-text" }, text);
  const node = h("li", { class: "trace-node", ...attrs });
  if (kids.length === 0) {
    node.append(h("span", { class: "trace-fold-space", "aria-hidden": "true" }), label);
    return node;
  }
  const toggle = h("button", { type: "button", class: "trace-fold", "aria-label": t("traceFold") });
  node.append(toggle, label, h("ul", {}, ...kids));
  toggle.addEventListener("click", () => fold(node, toggle.getAttribute("aria-expanded") !== "true"));
  fold(node, true);
  return node;
}

export function traceTree(trace: Trace, artifact: Artifact, lang: Lang, reveal: Reveal): HTMLElement {
  const decls = declarations(artifact);
  const steps = (list: readonly TraceStep[] | undefined, parent?: TraceStep): HTMLElement[] =>
    (list ?? []).map((step) => {
      const hit = hitRow(artifact, step, parent);
      return line(traceStepText(step, lang), stepTarget(artifact, decls, step, parent), reveal, steps(step.children, step),
        { "data-op": step.op, ...(hit ? { "data-hit": hit.join(":") } : {}) });
    });
  const tree = h("ul", { class: "trace-tree" },
    ...trace.outputs.map((o) => line(traceOutputText(o, lang), decls.get(o.name), reveal, steps(o.steps), { "data-output": o.name })),
    ...trace.alerts.map((a) => line(traceAlertText(a, lang), decls.get(a.name), reveal, steps(a.steps), { "data-alert": a.name })),
    ...(trace.ledger === undefined ? [] : [line(t("traceLedger"), undefined, reveal, steps(trace.ledger), { "data-ledger": "" })]));
  const all = (open: boolean) => () => {
    for (const node of tree.querySelectorAll<HTMLElement>(".trace-node")) fold(node, open);
  };
  return h("div", { class: "trace", "data-testid": "trace" },
    h("div", { class: "trace-bar" },
      h("span", { class: "muted" }, traceHeading(trace, lang)),
      h("button", { type: "button", "data-testid": "trace-collapse", onclick: all(false) }, t("traceCollapseAll")),
      h("button", { type: "button", "data-testid": "trace-expand", onclick: all(true) }, t("traceExpandAll"))),
    tree);
}
