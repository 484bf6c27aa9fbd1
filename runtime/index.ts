// The runtime's public API: load artifacts, settle claims, explain them, run a policy's tests,
// choose the version in force, process batches. Depends on decimal.js only; runs in browsers.
export { loadRuleSet, tryLoadRuleSet, type RuleSet } from "./load.ts";
export type { EvalOptions, EvalResult, AlertHit } from "./evaluate.ts";
export type { Ledger } from "./ledger.ts";
export type { OutputInfo } from "./check-ir.ts";
export { ArtifactError, BylawError, NotInForceError, type InputError, type ErrorCode } from "./errors.ts";
export { TRACE_VERSION, type Trace, type TraceStep, type TraceOutput, type TraceAlert } from "./trace.ts";
export { sha256Hex, canonicalJson, integrityOf } from "./hash.ts";
export * from "./ir.ts";
export { renderTraceText } from "./trace-text.ts";
export { RuleBook } from "./rulebook.ts";
export { runTests, type TestResult, type TestFailure } from "./test-runner.ts";
export { createBatch, type Batch, type BatchOptions, type BatchSummary, type ResultRow } from "./batch.ts";
export { CsvReader, splitCsv, parseCsvLine, formatCsvCell, formatCsvRow, recordToRow } from "./csv.ts";
