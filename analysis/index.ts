// Policy soundness analysis: a consumer of the IR (issue 15). `analyze` is the API; the rest
// is for tools that show or compare its results.
export { analyze, AnalysisTooLarge, changeDates, MAX_COMBINATIONS, type Analysis, type AnalyzeOptions, type AnalyzedFunction, type Breakpoint, type LedgerGiven, type Piece, type RefusedCombination } from "./analyze.ts";
export { breakKindText, describeFinding, findingHead, type Finding, type FindingKind } from "./findings.ts";
export type { BreakKind, Origin } from "./pl.ts";
export { renderChart } from "./chart.ts";
// The parts, for tools that compare versions (bylaw diff): which results read which inputs,
// the values the other inputs take, and the symbolic run for one combination.
export { combinations, mainAmount, overFor, representatives, resultsOf, type Result } from "./inputs.ts";
export { Symbolic, supremum, type SymbolicResult } from "./symbolic.ts";
export { at, isLine, pieceAt, type Cut, type Line, type PW, type Val } from "./pl.ts";
