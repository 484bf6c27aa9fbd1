// The runtime's public API: load artifacts, settle claims, explain them, run a policy's tests,
// choose the version in force, process batches. Depends on decimal.js only; runs in browsers.
export { loadRuleSet, loadTrustedRuleSet, tryLoadRuleSet, type RuleSet, type LoadOptions } from "./rule-set.ts";
export {
  importTrustedKey, keyIdOf, signedMessage, verifyArtifact, SIGNATURE_ALG, type ArtifactSignature, type TrustedKey,
} from "./load/signature.ts";
export type { EvaluatorChoice } from "./settle.ts";
export type { EvalOptions, EvalResult, AlertHit } from "./result.ts";
export { stampLedger, type Ledger, type LedgerPolicy } from "./eval/ledger.ts";
export type { OutputInfo } from "./load/check-ir.ts";
export {
  ArtifactError, BylawError, NotInForceError, renderRuntimeError, ERROR_CODES,
  type RuntimeError, type InputError, type ErrorCode, type ErrorArgs,
} from "./errors.ts";
export { TRACE_VERSION, type Trace, type TraceStep, type TraceOutput, type TraceAlert } from "./eval/trace.ts";
export { sha256Hex, canonicalJson, integrityOf } from "./load/hash.ts";
export * from "./ir/artifact.ts";
export { renderTraceText, traceAlertText, traceHeading, traceOutputText, traceStepText } from "./eval/trace-text.ts";
export { RuleBook } from "./batch/rulebook.ts";
export { runTests, type TestResult, type TestFailure } from "./test-runner.ts";
export { Coverage, type CoverageItem, type CoverageKind } from "./coverage.ts";
export { createBatch, type Batch, type BatchOptions, type BatchSummary, type ResultRow } from "./batch/batch.ts";
export { CsvReader, splitCsv, parseCsvLine, formatCsvCell, formatCsvRow, recordToRow } from "./batch/csv.ts";
