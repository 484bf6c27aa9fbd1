// The "测试" tab: the policy's own test blocks, each passed or failed, with expected vs
// actual and the explanation of the failing claim, and one line of what they cover (the
// gutter marks in the editor show where). The app runs the tests (policy-tests.ts)
// and hands the results here; a policy with errors shows that it has none to show.
// Clicking a test's name shows its block in the editor.
import type { Coverage, TestResult } from "../../runtime/index.ts";
import type { Artifact, SrcSpan } from "../../runtime/ir/artifact.ts";
import { clear, h } from "./dom.ts";
import { lang, t } from "./i18n.ts";

/** What the tab shows: the results of a compiled policy, or why there are none. */
export type TestsView =
  | { kind: "results"; artifact: Artifact; results: TestResult[]; coverage: Coverage }
  | { kind: "error"; message: string }
  | { kind: "blocked" }
  | { kind: "none" };

export class TestsPanel {
  readonly element: HTMLElement;
  private readonly list = h("div", { class: "tests", "data-testid": "tests" });
  private readonly reveal: (span: SrcSpan) => void;

  constructor(reveal: (span: SrcSpan) => void, rerun: () => void) {
    this.reveal = reveal;
    const run = h("button", { type: "button", class: "primary", "data-i18n": "runTests", onclick: rerun }, t("runTests"));
    this.element = h("section", { class: "tests-panel" }, h("div", { class: "actions" }, run), this.list);
  }

  show(view: TestsView): void {
    clear(this.list);
    if (view.kind === "none") return;
    if (view.kind === "blocked") {
      this.list.append(h("p", { class: "error", "data-testid": "tests-blocked" }, t("testsNotRun")));
      return;
    }
    if (view.kind === "error") {
      this.list.append(h("p", { class: "error" }, view.message));
      return;
    }
    const { artifact, results, coverage } = view;
    const covered = h("p", { class: "coverage", "data-testid": "coverage-summary" }, t("coverageSummary", { counts: coverage.counts(lang()) }));
    if (results.length === 0) {
      this.list.append(h("p", { class: "muted" }, t("noTests")), covered);
      return;
    }
    const passed = results.filter((r) => r.passed).length;
    this.list.append(h("p", { class: passed === results.length ? "summary ok" : "summary failed", "data-testid": "tests-summary" },
      t("testsPassed", { passed, total: results.length })), covered);
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
