// The "测试" tab: runs the policy's own test blocks with the runtime and shows each one
// passed or failed, with expected vs actual and the explanation of the failing claim.
// Clicking a test's name shows its block in the editor.
import { renderRuntimeError, runTests } from "../../runtime/index.ts";
import type { Artifact, SrcSpan } from "../../runtime/ir/artifact.ts";
import { clear, h } from "./dom.ts";
import { lang, t } from "./i18n.ts";
import { ruleSetFor } from "./rules.ts";

export class TestsPanel {
  readonly element: HTMLElement;
  private readonly list = h("div", { class: "tests", "data-testid": "tests" });
  private artifact: Artifact | undefined;
  private readonly reveal: (span: SrcSpan) => void;

  constructor(reveal: (span: SrcSpan) => void) {
    this.reveal = reveal;
    const run = h("button", { type: "button", class: "primary", "data-i18n": "runTests", onclick: () => this.run() }, t("runTests"));
    this.element = h("section", { class: "tests-panel" }, h("div", { class: "actions" }, run), this.list);
    window.addEventListener("language", () => this.run());
  }

  update(artifact: Artifact | undefined): void {
    if (!artifact) return;
    this.artifact = artifact;
    this.run();
  }

  run(): void {
    // Every test on every compile is wasted while the tab is hidden; showing it runs them.
    if (this.element.hidden) return;
    clear(this.list);
    const artifact = this.artifact;
    if (!artifact) return;
    const loaded = ruleSetFor(artifact);
    if (!loaded.ok) {
      this.list.append(h("p", { class: "error" }, `${loaded.error.code}: ${renderRuntimeError(loaded.error, lang())}`));
      return;
    }
    const results = runTests(loaded.ruleSet, lang());
    if (results.length === 0) {
      this.list.append(h("p", { class: "muted" }, t("noTests")));
      return;
    }
    const passed = results.filter((r) => r.passed).length;
    this.list.append(h("p", { class: passed === results.length ? "summary ok" : "summary failed", "data-testid": "tests-summary" },
      t("testsPassed", { passed, total: results.length })));
    results.forEach((r, i) => {
      const span = artifact.tests[i]?.span;
      const title = h("a", {
        href: "#",
        onclick: (e: Event) => {
          e.preventDefault();
          if (span) this.reveal(span);
        },
      }, r.name);
      this.list.append(h("div", { class: r.passed ? "test ok" : "test failed", "data-passed": String(r.passed) },
        h("div", { class: "test-title" }, r.passed ? "✓ " : "✗ ", title),
        r.failures.length
          ? h("table", { class: "failures" }, h("tbody", {}, ...r.failures.map((f) =>
            h("tr", {},
              h("td", {}, t("claimN", { n: f.claim + 1 })),
              h("td", {}, f.what),
              h("td", {}, `${t("expected")} `, h("b", {}, f.expected)),
              h("td", {}, `${t("actual")} `, h("b", { class: "error" }, f.actual))))))
          : undefined,
        r.trace ? h("details", {}, h("summary", {}, t("trace")), h("pre", { class: "trace" }, r.trace)) : undefined,
      ));
    });
  }
}
