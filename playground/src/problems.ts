// The list of problems under the editor: every diagnostic with its code, where it is and
// what it says, in the current language. Clicking one moves the cursor there. Diagnostics
// in other files (a parent policy, an import) are listed with their file name.
import type { Span } from "../../grammar/ast.ts";
import { lineCol } from "../../grammar/position.ts";
import { clear, h } from "./dom.ts";
import { count, lang, t } from "./i18n.ts";
import type { RenderedDiagnostic } from "./protocol.ts";

export class ProblemsList {
  readonly element = h("section", { class: "problems", "data-testid": "problems", "aria-labelledby": "problems-header" });
  private readonly header = h("h2", { class: "problems-header", id: "problems-header", "aria-live": "polite" });
  private readonly items = h("ul", {});
  private readonly onPick: (span: Span) => void;
  private last: { diagnostics: readonly RenderedDiagnostic[]; path: string; text: string } | undefined;

  private readonly toggle = h("button", { type: "button", class: "problems-toggle", "aria-expanded": "true", "aria-controls": "problems-items" });

  constructor(onPick: (span: Span) => void) {
    this.onPick = onPick;
    this.items.id = "problems-items";
    // Collapsing gives the editor the room; the header still counts the problems.
    this.toggle.addEventListener("click", () => {
      const open = this.toggle.getAttribute("aria-expanded") !== "true";
      this.toggle.setAttribute("aria-expanded", String(open));
      this.element.classList.toggle("collapsed", !open);
      this.labelToggle();
    });
    this.labelToggle();
    this.element.append(h("div", { class: "problems-bar" }, this.toggle, this.header), this.items);
  }

  private labelToggle(): void {
    this.toggle.textContent = t(this.toggle.getAttribute("aria-expanded") === "true" ? "collapse" : "expand");
  }

  busy(): void {
    this.header.textContent = `${t("problems")} · ${t("compiling")}`;
  }

  /** The compiler itself failed (a bug, not a problem in the text): say so instead of "checking…". */
  failed(reason: string): void {
    this.header.textContent = `${t("problems")} · ${t("compilerFailed")}`;
    clear(this.items);
    this.items.append(h("li", { class: "problem-item error" }, h("span", { class: "message" }, reason.split("\n")[0]!)));
  }

  show(diagnostics: readonly RenderedDiagnostic[], path: string, text: string): void {
    this.last = { diagnostics, path, text };
    this.render();
  }

  render(): void {
    this.labelToggle();
    clear(this.items);
    const last = this.last;
    if (!last) return;
    const { diagnostics, path, text } = last;
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const warnings = diagnostics.length - errors;
    this.header.textContent = diagnostics.length
      ? `${t("problems")} · ${count(errors, "errorsCount")} · ${count(warnings, "warningsCount")}`
      : `${t("problems")} · ${t("noProblems")}`;
    this.element.dataset.errors = String(errors);
    for (const d of diagnostics) {
      const here = d.file === path;
      const where = here ? t("line", { ...lineCol(text, d.span.start) }) : d.file;
      const item = h("li", { class: `problem-item ${d.severity}`, "data-code": d.code },
        h("span", { class: "code" }, d.code),
        h("span", { class: "where" }, where),
        h("span", { class: "message" }, d.message[lang()]),
        d.help?.[lang()] ? h("span", { class: "help" }, d.help[lang()]!) : undefined,
      );
      if (here) {
        // Reachable by keyboard: Tab to an entry, Enter shows it in the editor.
        item.tabIndex = 0;
        item.addEventListener("click", () => this.onPick(d.span));
        item.addEventListener("keydown", (e) => {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            this.onPick(d.span);
          }
        });
      }
      this.items.append(item);
    }
  }
}
