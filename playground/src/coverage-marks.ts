// The policy's test coverage (runtime/coverage.ts) as gutter marks of the open file: one mark
// per line holding a branch, row, band, cap or alert — covered when the tests reach every item
// on it, else uncovered, its hover naming what no test reaches. Items declared in a parent or
// an imported file are not drawn here. No Monaco at run time, so it is tested without a browser.
import { lineCol } from "../../grammar/position.ts";
import type { CoverageItem } from "../../runtime/index.ts";
import { t } from "./i18n.ts";

export interface CoverageMark {
  /** 1-based line of the open file */
  line: number;
  covered: boolean;
  /** the items on that line, in source order */
  items: CoverageItem[];
}

/** The marks of the open file (source 0) with text `text`, in line order. */
export function coverageMarks(items: readonly CoverageItem[], text: string): CoverageMark[] {
  const byLine = new Map<number, CoverageItem[]>();
  for (const item of items) {
    const span = item.at ?? item.span;
    if (span === undefined || span[0] !== 0) continue;
    const { line } = lineCol(text, span[1]);
    byLine.set(line, [...(byLine.get(line) ?? []), item]);
  }
  return [...byLine].sort((a, b) => a[0] - b[0]).map(([line, on]) => ({ line, covered: on.every((i) => i.hits > 0), items: on }));
}

/** The hover of a mark, in the current language: what no test reaches on the line, else what the tests reach. */
export function markHover(mark: CoverageMark): string {
  const name = (i: CoverageItem) => (i.section === undefined ? i.what : `${i.what} ${i.section}`);
  const untested = mark.items.filter((i) => i.hits === 0);
  if (untested.length > 0) return untested.map((i) => t("coverageUntested", { what: name(i) })).join("\n\n");
  return mark.items.map((i) => t("coverageCovered", { what: name(i), n: i.hits })).join("\n\n");
}
