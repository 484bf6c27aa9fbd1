// The run form, generated from the compiled artifact's input schema: an enum becomes a
// dropdown of its labels, a Bool a checkbox, a set a group of checkboxes, an amount a text
// box that accepts `1.6万`. What was typed is kept by field name across recompiles, so
// editing the policy does not wipe the form; the form is rebuilt only when the schema changes.
import type { Artifact, EnumDef, InputField, Value } from "../../runtime/ir/artifact.ts";
import { clear, h } from "./dom.ts";
import { displayDefault, fieldValue, type RawValue } from "./field-values.ts";
import { t, type MessageKey } from "./i18n.ts";

export interface FormReading {
  input: Record<string, Value>;
  /** year-to-date ledger values typed in, undefined when all are empty */
  ledger?: Record<string, string>;
  date: string;
  problems: { field: string; problem: MessageKey }[];
}

export interface FormState {
  inputs: Record<string, RawValue>;
  ledger: Record<string, string>;
  date?: string;
}

/** A set member's checkbox text: its label when short, else its name (the label is the tooltip). */
function shortLabel(m: { name: string; label?: string }): string {
  return m.label && m.label.length <= 16 ? m.label : m.name;
}

let fieldIds = 0;

export class RunForm {
  readonly element = h("form", { class: "run-form", autocomplete: "off" });
  private readonly state: FormState;
  private schemaKey = "";
  private artifact: Artifact | undefined;
  private readonly onChange: () => void;

  constructor(state: FormState, onChange: () => void) {
    this.state = state;
    this.onChange = onChange;
    this.element.addEventListener("submit", (e) => e.preventDefault());
  }

  /** The typed values (what a share link stores). */
  snapshot(): FormState {
    return structuredClone(this.state);
  }

  /** Show the form for `artifact`'s schema; a no-op when the schema is unchanged. */
  update(artifact: Artifact | undefined, force = false): void {
    this.artifact = artifact;
    const key = artifact ? JSON.stringify([artifact.schema, artifact.ledger, artifact.policy.effective]) : "";
    if (key === this.schemaKey && !force) return;
    this.schemaKey = key;
    this.render();
  }

  /** Put a ledger (e.g. the one after the last claim) into the ledger fields. */
  setLedger(values: Record<string, string>): void {
    this.state.ledger = { ...values };
    this.render();
    this.onChange();
  }

  read(): FormReading {
    const problems: FormReading["problems"] = [];
    const input: Record<string, Value> = {};
    const artifact = this.artifact;
    if (!artifact) return { input, date: "", problems };
    for (const f of artifact.schema.fields) {
      const v = fieldValue(f.type, this.state.inputs[f.name], f.optional);
      if (!v.ok) problems.push({ field: f.name, problem: v.problem });
      else if (!("omitted" in v)) input[f.name] = v.value;
    }
    let ledger: Record<string, string> | undefined;
    for (const f of artifact.ledger.fields) {
      const v = fieldValue("Money", this.state.ledger[f.name], true);
      if (!v.ok) problems.push({ field: f.name, problem: v.problem });
      else if (!("omitted" in v)) (ledger ??= {})[f.name] = String(v.value);
    }
    return { input, ledger, date: this.state.date || artifact.policy.effective, problems };
  }

  /** Show (or clear) the problem next to each field; "required" is already the field's hint. */
  showProblems(problems: readonly { field: string; problem: MessageKey }[]): void {
    const byField = new Map(problems.filter((p) => p.problem !== "required").map((p) => [p.field, p.problem]));
    for (const slot of this.element.querySelectorAll<HTMLElement>("[data-problem-for]")) {
      const p = byField.get(slot.dataset.problemFor!);
      slot.textContent = p ? t(p) : "";
    }
  }

  /** The label of a field (input or ledger), for messages. */
  labelOf(name: string): string {
    const f = this.artifact?.schema.fields.find((x) => x.name === name) ?? this.artifact?.ledger.fields.find((x) => x.name === name);
    return f?.label ?? name;
  }

  private render(): void {
    clear(this.element);
    const artifact = this.artifact;
    if (!artifact) return;
    const enums = new Map(artifact.schema.enums.map((e) => [e.name, e]));
    const fields = artifact.schema.fields.map((f) => this.fieldRow(f, enums));
    this.element.append(
      h("fieldset", {}, h("legend", {}, t("inputs")), ...(fields.length ? fields : [h("p", { class: "muted" }, t("noInputs"))])),
    );
    if (artifact.ledger.fields.length > 0) {
      this.element.append(
        h("fieldset", { class: "ledger" },
          h("legend", {}, t("ledger")),
          h("p", { class: "muted" }, t("ledgerHint")),
          ...artifact.ledger.fields.map((f) =>
            this.row(f.name, f.label, this.textBox(f.name, "Money", this.state.ledger, ""), "")),
        ),
      );
    }
    const date = h("input", {
      type: "date",
      name: "claim-date",
      "data-field": "@date",
      value: this.state.date || artifact.policy.effective,
      oninput: (e: Event) => {
        this.state.date = (e.target as HTMLInputElement).value;
        this.onChange();
      },
    });
    this.element.append(h("fieldset", {}, this.row("@date", t("claimDate"), date, "")));
  }

  private row(name: string, label: string | undefined, control: HTMLElement, hint: string): HTMLElement {
    // Every control is named by its label: `for` an input or select, aria-labelledby for a group.
    const id = `field-${++fieldIds}`;
    const labelId = `${id}-label`;
    if (control.matches("input, select")) control.id = id;
    else {
      control.setAttribute("role", "group");
      control.setAttribute("aria-labelledby", labelId);
    }
    return h("div", { class: "field" },
      h("label", { id: labelId, for: control.matches("input, select") ? id : undefined },
        h("span", { class: "field-label" }, label ?? name),
        label && !name.startsWith("@") ? h("span", { class: "field-name" }, name) : undefined),
      control,
      hint ? h("span", { class: "hint" }, hint) : undefined,
      h("span", { class: "problem", "data-problem-for": name }),
    );
  }

  private fieldRow(f: InputField, enums: Map<string, EnumDef>): HTMLElement {
    const hint = f.optional
      ? t("optionalDefault", { value: displayDefault(f.type, f.default) || "—" })
      : t("required");
    const enumName = f.type.startsWith("enum:") ? f.type.slice(5) : undefined;
    const setOf = f.type.startsWith("set:") ? f.type.slice(4) : undefined;
    let control: HTMLElement;
    if (f.type === "Bool") control = this.checkBox(f);
    else if (enumName) control = this.select(f, enums.get(enumName));
    else if (setOf) control = this.memberChecks(f, enums.get(setOf));
    else if (f.type === "Date") control = this.textBox(f.name, "Date", this.state.inputs, displayDefault(f.type, f.default));
    else control = this.textBox(f.name, f.type, this.state.inputs, displayDefault(f.type, f.default));
    return this.row(f.name, f.label, control, hint);
  }

  private textBox(name: string, type: string, store: Record<string, RawValue>, placeholder: string): HTMLInputElement {
    const current = store[name];
    return h("input", {
      type: type === "Date" ? "date" : "text",
      name,
      "data-field": name,
      "data-type": type,
      inputmode: type === "Money" || type === "Int" || type === "Number" ? "decimal" : undefined,
      placeholder: placeholder || (type === "Money" ? t("moneyPlaceholder") : ""),
      value: typeof current === "string" ? current : "",
      oninput: (e: Event) => {
        store[name] = (e.target as HTMLInputElement).value;
        this.onChange();
      },
    });
  }

  private checkBox(f: InputField): HTMLElement {
    const current = this.state.inputs[f.name];
    const checked = typeof current === "boolean" ? current : f.default === true;
    this.state.inputs[f.name] = checked;
    return h("input", {
      type: "checkbox",
      name: f.name,
      "data-field": f.name,
      checked,
      onchange: (e: Event) => {
        this.state.inputs[f.name] = (e.target as HTMLInputElement).checked;
        this.onChange();
      },
    });
  }

  private select(f: InputField, def: EnumDef | undefined): HTMLSelectElement {
    const current = this.state.inputs[f.name];
    const chosen = typeof current === "string" ? current : typeof f.default === "string" ? f.default : "";
    const select = h("select", {
      name: f.name,
      "data-field": f.name,
      onchange: (e: Event) => {
        this.state.inputs[f.name] = (e.target as HTMLSelectElement).value;
        this.onChange();
      },
    },
      h("option", { value: "" }, "—"),
      ...(def?.members ?? []).map((m) =>
        h("option", { value: m.name, selected: m.name === chosen }, m.label && m.label !== m.name ? `${m.name} · ${m.label}` : m.name)),
    );
    return select;
  }

  private memberChecks(f: InputField, def: EnumDef | undefined): HTMLElement {
    const current = this.state.inputs[f.name];
    const chosen = new Set(Array.isArray(current) ? current : Array.isArray(f.default) ? f.default : []);
    this.state.inputs[f.name] = [...chosen];
    return h("div", { class: "set", "data-field": f.name },
      ...(def?.members ?? []).map((m) =>
        h("label", { class: "set-member", title: m.label ?? m.name },
          h("input", {
            type: "checkbox",
            value: m.name,
            checked: chosen.has(m.name),
            onchange: (e: Event) => {
              const box = e.target as HTMLInputElement;
              if (box.checked) chosen.add(m.name);
              else chosen.delete(m.name);
              // Keep the enum's order (the order the document lists the identities in).
              this.state.inputs[f.name] = (def?.members ?? []).map((x) => x.name).filter((n) => chosen.has(n));
              this.onChange();
            },
          }),
          shortLabel(m),
        )),
    );
  }
}
