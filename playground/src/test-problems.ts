// A failing test of the policy becomes a problem like any other: a marker on the `expect`
// line (on the output or alert it names when it can be found there) and an entry in the
// Problems list, saying what was expected and what the rules gave.
import type { Span } from "../../grammar/ast.ts";
import type { TestResult } from "../../runtime/index.ts";
import type { Artifact, SrcSpan } from "../../runtime/ir/artifact.ts";
import type { Lang } from "./i18n.ts";
import type { RenderedDiagnostic } from "./protocol.ts";

/** The code test failures are listed under (not a compiler code: the text compiled). */
export const TEST_CODE = "test";

const NAME_CHAR = String.raw`[\p{L}\p{N}_]`;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Where in `text` a failure of `what` within the test or claim block `block` is best shown:
 * the name after `expect`, else the `expect` keyword, else the block's first line.
 */
export function failureSpan(text: string, block: SrcSpan, what: string): Span {
  const [, start, end] = block;
  const source = text.slice(start, end);
  // Skip a test's title: it may well mention an output by name.
  const body = source.match(/^test\s+"[^"\n]*"/)?.[0].length ?? 0;
  const expect = /\bexpect\b/g;
  expect.lastIndex = body;
  const at = expect.exec(source);
  if (!at) {
    const lineEnd = source.indexOf("\n");
    return { start, end: start + (lineEnd < 0 ? source.length : lineEnd) };
  }
  // An alert failure reads "预警 X" / "alert X": the name is the last word.
  const name = what.includes(" ") ? what.slice(what.lastIndexOf(" ") + 1) : what;
  const named = new RegExp(`(?<!${NAME_CHAR})${escape(name)}(?!${NAME_CHAR})`, "gu");
  named.lastIndex = at.index;
  const hit = named.exec(source);
  return hit
    ? { start: start + hit.index, end: start + hit.index + name.length }
    : { start: start + at.index, end: start + at.index + "expect".length };
}

function describe(test: string, claim: number | undefined, f: TestResult["failures"][number], lang: Lang): string {
  if (lang === "zh") {
    const which = claim === undefined ? "" : `第${claim + 1}次就医：`;
    return `测试「${test}」未通过：${which}${f.what} 应为 ${f.expected}，实际 ${f.actual}`;
  }
  const which = claim === undefined ? "" : `claim ${claim + 1}: `;
  return `test "${test}" failed: ${which}${f.what} expected ${f.expected}, actual ${f.actual}`;
}

/**
 * The failures of `results` (the tests of `artifact`, run in `lang`) as diagnostics of the
 * file at `path` with text `text`. Tests from a parent file are not shown here.
 */
export function testProblems(
  artifact: Artifact,
  results: readonly TestResult[],
  path: string,
  text: string,
  lang: Lang,
): RenderedDiagnostic[] {
  const out: RenderedDiagnostic[] = [];
  results.forEach((r, i) => {
    const test = artifact.tests[i];
    if (r.passed || !test?.span || test.span[0] !== 0) return;
    for (const f of r.failures) {
      const block = test.claims[f.claim]?.span ?? test.span;
      const claim = test.claims.length > 1 ? f.claim : undefined;
      // Results are rendered in one language (the runtime words them); both slots carry it.
      const message = describe(r.name, claim, f, lang);
      out.push({
        code: TEST_CODE,
        severity: "error",
        args: {},
        file: path,
        span: failureSpan(text, block, f.what),
        message: { zh: message, en: message },
      });
    }
  });
  return out;
}
