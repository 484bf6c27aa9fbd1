// The "试算" tab: the generated form, and for each change an evaluation by the runtime —
// outputs, alerts and the explanation trace in the policy's own words. "记入台账" carries
// the ledger after this claim into the form, so a year of claims can be walked through.
import type { Ledger } from "../../runtime/index.ts";
import { renderRuntimeError, renderTraceText } from "../../runtime/index.ts";
import type { Artifact } from "../../runtime/ir/artifact.ts";
import { clear, h } from "./dom.ts";
import { lang, t } from "./i18n.ts";
import { RunForm, type FormState } from "./run-form.ts";
import { displayValue, outputsOf, ruleSetFor } from "./rules.ts";

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
  private readonly onFormChange: () => void;

  constructor(state: FormState, onFormChange: () => void) {
    this.onFormChange = onFormChange;
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
    this.element = h("section", { class: "run-panel" },
      this.status, this.form.element, h("div", { class: "actions" }, evaluate, carry, reset), this.results);
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
    this.onFormChange();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.evaluate(), 120);
  }

  evaluate(): void {
    clearTimeout(this.timer);
    clear(this.results);
    this.lastLedger = undefined;
    const artifact = this.artifact;
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
    if (result.trace) {
      this.results.append(
        h("h3", {}, t("trace")),
        h("pre", { class: "trace", "data-testid": "trace" }, renderTraceText(result.trace, lang())),
      );
    }
  }
}
