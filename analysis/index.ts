// Policy soundness analysis: a consumer of the IR (issue 15). `analyze` is the API; the rest
// is for tools that show or compare its results.
export { analyze, type Analysis, type AnalyzeOptions, type AnalyzedFunction, type Breakpoint, type LedgerGiven, type Piece } from "./analyze.ts";
export { describeFinding, type Finding, type FindingKind } from "./findings.ts";
export type { BreakKind, Origin } from "./pl.ts";
export { renderChart } from "./chart.ts";
