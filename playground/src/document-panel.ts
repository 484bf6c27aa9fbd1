// The "原文" tab: the policy's source document beside the editor, paragraph by paragraph, every
// figure marked by its class — linked to a rule, acknowledged (why it is no rule), or unlinked
// — with the placeholders (占位值) counted apart. A click on a figure selects the literal that
// holds it (or the `acknowledge` that explains it) in the editor, and 回到原文 comes back to it;
// the editor's cursor on a `§` citation, or on a figure the document states, scrolls here.
import type { Span } from "../../grammar/ast.ts";
import type { TracedFigure } from "../../compiler/doc/trace-doc.ts";
import { covers } from "../../compiler/doc/sections.ts";
import type { DocumentView } from "./documents.ts";
import { clear, h } from "./dom.ts";
import { t, type MessageKey } from "./i18n.ts";

/** What the tab shows: the document of a compiled policy, or why there is none. */
export type DocumentState = { kind: "view"; view: DocumentView } | { kind: "blocked" } | { kind: "none" };

const CLASS_KEY: Record<TracedFigure["class"], MessageKey> = { linked: "docLinked", acknowledged: "docAcknowledged", unlinked: "docUnlinked" };

export class DocumentPanel {
  readonly element: HTMLElement;
  private readonly head = h("div", { class: "doc-head", "data-testid": "doc-summary" });
  private readonly body = h("div", { class: "doc-text", "data-testid": "doc-text" });
  private readonly back = h("button", { type: "button", "data-i18n": "docBack", "data-testid": "doc-back", hidden: true }, t("docBack"));
  private state: DocumentState = { kind: "none" };
  /** the figure last followed into the editor: 回到原文 returns to it */
  private followed: HTMLElement | undefined;
  private readonly marks: { el: HTMLElement; figure: TracedFigure }[] = [];

  private readonly openPath: () => string;
  private readonly goTo: (span: Span) => void;

  constructor(openPath: () => string, goTo: (span: Span) => void) {
    this.openPath = openPath;
    this.goTo = goTo;
    this.back.addEventListener("click", () => {
      if (this.followed) this.flash(this.followed, true);
    });
    this.element = h("section", { class: "doc-panel" }, h("div", { class: "actions" }, this.back), this.head, this.body);
  }

  show(state: DocumentState): void {
    this.state = state;
    this.render();
  }

  /** Re-renders in the current language. */
  render(): void {
    clear(this.head);
    clear(this.body);
    this.marks.length = 0;
    this.followed = undefined;
    this.back.hidden = true;
    const state = this.state;
    if (state.kind !== "view") {
      if (state.kind === "blocked") this.head.append(h("p", { class: "error" }, t("docBlocked")));
      else this.head.append(h("p", { class: "muted" }, t("docNone")));
      return;
    }
    const { view } = state;
    const tr = view.trace;
    this.head.append(
      h("p", { class: "doc-name" }, view.name),
      h("p", { class: "doc-counts" }, t("docFigures", { n: tr.figures }), " ",
        ...(["linked", "acknowledged", "unlinked"] as const).map((c) => h("span", { class: `fig fig-${c}`, "data-count": c }, `${t(CLASS_KEY[c])} ${tr[c]}`)),
        " ", h("span", { class: "fig fig-placeholder", "data-count": "placeholder" }, `${t("docPlaceholder")} ${tr.placeholder}`)),
    );
    const figures = [...tr.items].sort((a, b) => a.offset - b.offset);
    let next = 0;
    for (const p of view.paragraphs) {
      const para = h("p", { "data-section": p.section });
      let at = p.start;
      for (; next < figures.length && figures[next]!.offset < p.end; next++) {
        const f = figures[next]!;
        para.append(view.text.slice(at, f.offset), this.mark(f));
        at = f.offset + f.text.length;
      }
      para.append(view.text.slice(at, p.end));
      this.body.append(para);
    }
  }

  private mark(f: TracedFigure): HTMLElement {
    const here = f.at.filter((a) => a.file === this.openPath());
    const why = f.class === "unlinked" ? t("docUnlinkedWhy") : f.declarations.join("、");
    const el = h("mark", {
      class: `fig fig-${f.class}`, "data-class": f.class, "data-section": f.section, tabindex: 0, role: "button",
      title: `§${f.section} · ${t(CLASS_KEY[f.class])}: ${why}${here.length === 0 && f.class !== "unlinked" ? ` (${t("docOtherFile")})` : ""}`,
    }, f.text);
    const follow = () => {
      if (here.length === 0) return;
      this.followed = el;
      this.back.hidden = false;
      this.back.textContent = `${t("docBack")} §${f.section} ${f.text}`;
      this.goTo(here[0]!.span);
    };
    el.addEventListener("click", follow);
    el.addEventListener("keydown", (e) => {
      if ((e as KeyboardEvent).key === "Enter") follow();
    });
    this.marks.push({ el, figure: f });
    return el;
  }

  /** Scrolls to the first paragraph a citation (`二(四)1`, `§冠县二`) covers. */
  showSection(citation: string): boolean {
    const cite = citation.replace(/^§/, "");
    const para = [...this.body.querySelectorAll<HTMLElement>("p[data-section]")].find((p) => covers(cite, p.dataset.section!));
    if (!para) return false;
    this.flash(para, false);
    return true;
  }

  /** Scrolls to the figure held (or acknowledged) by the literal at `offset` of the open file. */
  showOffset(offset: number): boolean {
    const open = this.openPath();
    const m = this.marks.find(({ figure }) => figure.at.some((a) => a.file === open && a.span.start <= offset && offset <= a.span.end));
    if (!m) return false;
    this.flash(m.el, false);
    return true;
  }

  private flash(el: HTMLElement, focus: boolean): void {
    for (const old of this.body.querySelectorAll(".current")) old.classList.remove("current");
    el.classList.add("current");
    el.scrollIntoView({ block: "center" });
    if (focus) el.focus();
  }
}
