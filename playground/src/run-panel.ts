// The "试算" tab: the generated form, and for each change an evaluation by the runtime —
// outputs, alerts and the explanation trace in the policy's own words, as a tree whose lines
// lead to the source (trace-view.ts). "记入台账" carries the ledger after this claim into the
// form, so a year of claims can be walked through. For audit, the claim's trace and the
// compiled artifact can be downloaded as JSON.
import type { Ledger } from "../../runtime/index.ts";
import { renderRuntimeError } from "../../runtime/index.ts";
import type { Artifact, SrcSpan } from "../../runtime/ir/artifact.ts";
import { clear, download, h } from "./dom.ts";
import { lang, t } from "./i18n.ts";
import { RunForm, type FormState } from "./run-form.ts";
import { displayValue, outputsOf, ruleSetFor } from "./rules.ts";
import { traceHits } from "./trace-links.ts";
import { traceTree } from "./trace-view.ts";

export interface RunPanelHooks {
  /** the form changed (the chart follows it) */
  onFormChange(): void;
  /** show a span of the artifact's sources in the editor */
  reveal(span: SrcSpan): void;
  /** the rows and bands the claim shown hit (none when nothing is shown) */
  showHits(spans: SrcSpan[]): void;
}

export class RunPanel {
  readonly element: HTMLElement;
  readonly form: RunForm;
  private readonly results = h("div", { class: "results", "data-testid": "results" });
  private readonly status = h("p", { class: "status", role: "status", "data-testid": "run-status" });
  private artifact: Artifact | undefined;
  /** the text has errors: the last artifact's form stays, but nothing computed from it is shown */
  private blocked = false;
  private lastLedger: Ledger | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly hooks: RunPanelHooks;
  private readonly downloadArtifact: HTMLButtonElement;

  constructor(state: FormState, hooks: RunPanelHooks) {
    this.hooks = hooks;
    this.form = new RunForm(state, () => this.changed());
    const evaluate = h("button", { type: "button", class: "primary", "data-i18n": "evaluate", onclick: () => this.evaluate() }, t("evaluate"));
    const carry = h("button", {
      type: "button",
      "data-i18n": "carryLedger",
      onclick: () => {
        if (this.lastLedger) this.form.setLedger(this.lastLedger.values);
      },
    }, t("carryLedger"));
    const reset = h("button", { type: "button", "data-i18n": "resetLedger", onclick: () => this.form.setLedger({}) }, t("resetLedger"));
    this.downloadArtifact = h("button", {
      type: "button", "data-i18n": "downloadArtifact", "data-testid": "download-artifact", disabled: true,
      onclick: () => {
        if (this.artifact && !this.blocked) download(`${this.artifact.policy.id}.json`, `${JSON.stringify(this.artifact, null, 2)}\n`);
      },
    }, t("downloadArtifact"));
    this.element = h("section", { class: "run-panel" },
      this.status, this.form.element, h("div", { class: "actions" }, evaluate, carry, reset, this.downloadArtifact), this.results);
    window.addEventListener("language", () => {
      this.form.update(this.artifact, true);
      this.evaluate();
    });
  }

  /**
   * A new compile result. With errors the form of the last runnable artifact stays (what was
   * typed is not lost) but no result is shown: a figure computed from older text would mislead.
   */
  update(artifact: Artifact | undefined, hasErrors: boolean): void {
    this.status.textContent = hasErrors ? t("notCompiled") : "";
    this.status.hidden = !hasErrors;
    this.blocked = hasErrors;
    if (artifact) {
      this.artifact = artifact;
      this.form.update(artifact);
    }
    this.evaluate();
  }

  /** Another file was opened: forget this one's form and results until it compiles. */
  reset(): void {
    this.artifact = undefined;
    this.blocked = false;
    this.status.hidden = true;
    this.form.update(undefined);
    this.evaluate();
  }

  private changed(): void {
    this.hooks.onFormChange();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.evaluate(), 120);
  }

  evaluate(): void {
    clearTimeout(this.timer);
    clear(this.results);
    this.hooks.showHits([]);
    this.lastLedger = undefined;
    const artifact = this.artifact;
    this.downloadArtifact.disabled = !artifact || this.blocked;
    if (!artifact || this.blocked) return;
    const loaded = ruleSetFor(artifact);
    if (!loaded.ok) {
      this.results.append(h("p", { class: "error" }, `${loaded.error.code}: ${renderRuntimeError(loaded.error, lang())}`));
      return;
    }
    const reading = this.form.read();
    this.form.showProblems(reading.problems);
    const missing = reading.problems.filter((p) => p.problem === "required");
    if (missing.length > 0) {
      this.results.append(h("p", { class: "missing" }, `${t("fillIn")}${missing.map((p) => this.form.labelOf(p.field)).join("、")}`));
    }
    if (reading.problems.length > 0) return;
    const ledger: Ledger | undefined = reading.ledger
      ? { year: Number(reading.date.slice(0, 4)), values: reading.ledger }
      : undefined;
    const result = loaded.ruleSet.evaluate(reading.input, ledger, { date: reading.date, trace: true });
    if (!result.ok) {
      this.results.append(
        h("h3", {}, t("inputErrors")),
        h("ul", { class: "input-errors" }, ...result.errors.map((e) =>
          h("li", { class: "error" }, `${e.field ? `${e.field}: ` : ""}${renderRuntimeError(e, lang())}`))),
      );
      return;
    }
    this.lastLedger = result.ledger;
    const rows = outputsOf(artifact).map((o) =>
      h("tr", { "data-output": o.name },
        h("th", {}, o.label ?? o.name, o.label ? h("span", { class: "field-name" }, o.name) : undefined),
        h("td", { class: o.type === "Money" ? "value money" : "value" }, displayValue(artifact, o.type, result.outputs[o.name])),
        h("td", { class: "section muted" }, o.sections?.join(" ") ?? "")));
    this.results.append(
      h("h3", {}, t("outputs")),
      h("table", { class: "outputs" }, h("tbody", {}, ...rows)),
      h("h3", {}, t("alerts")),
      result.alerts.length
        ? h("ul", { class: "alerts" }, ...result.alerts.map((a) =>
          h("li", { "data-alert": a.name }, `⚠ ${a.label ?? a.name}`, a.sections ? h("span", { class: "muted" }, ` ${a.sections.join(" ")}`) : undefined)))
        : h("p", { class: "muted" }, t("noAlerts")),
    );
    const trace = result.trace;
    if (trace) {
      // What an auditor needs to check this claim again: the artifact it was settled by (its
      // hash), the claim as read, the ledger before and after, the results and the steps.
      const record = {
        policy: trace.policy, date: reading.date, input: reading.input, ledgerBefore: ledger ?? null,
        outputs: result.outputs, alerts: result.alerts, ledgerAfter: result.ledger, trace,
      };
      this.results.append(
        h("h3", {}, t("trace")),
        traceTree(trace, artifact, lang(), (span) => this.hooks.reveal(span)),
        h("button", {
          type: "button", "data-testid": "download-trace",
          onclick: () => download(`${trace.policy.id}-${reading.date}-trace.json`, `${JSON.stringify(record, null, 2)}\n`),
        }, t("downloadTrace")),
      );
      this.hooks.showHits(traceHits(artifact, trace));
    }
  }
}
