// The compiler's table of contents: its stages, in order (like OPA's stage list). Every
// stage reports diagnostics into the shared sink and never throws on bad text; a recovered
// syntax tree with missing children is skipped over, not crashed on. The pipeline stops
// between stages once ERROR_LIMIT errors were reported, and lowering runs only without
// errors.
import type { Artifact } from "../runtime/ir/artifact.ts";
import { writeArtifact } from "./artifact.ts";
import { checkBands } from "./check-bands.ts";
import { checkTables } from "./check-tables.ts";
import { checkTests } from "./check-tests.ts";
import { checkTypes, type TypeChecker } from "./check-types.ts";
import { checkValues } from "./check-values.ts";
import { Sink } from "./diagnostics.ts";
import { Folder } from "./fold.ts";
import { lint } from "./lint.ts";
import { lower, type Lowered } from "./lower.ts";
import { loadProgram, type SourceHost } from "./modules.ts";
import { resolveNames } from "./resolve.ts";
import type { Compilation } from "./symbols.ts";

interface State {
  c: Compilation;
  tc?: TypeChecker;
  folder: Folder;
  lowered?: Lowered;
  artifact?: Artifact;
}

interface Stage {
  name: string;
  run(s: State): void;
  /** runs only when no error was reported so far */
  needsClean?: boolean;
}

export const STAGES: Stage[] = [
  // parse + modules ran in `compile` below: they create the Compilation.
  { name: "ResolveNames", run: (s) => resolveNames(s.c) }, // binds refs; did-you-mean; remaining/base placement; ledger writers
  { name: "CheckTypes", run: (s) => (s.tc = checkTypes(s.c)) }, // types & units; enum members from context; overrides keep types
  { name: "CheckTables", run: (s) => checkTables(s.c, s.folder) }, // every member once; range rows ordered; ratios 0–100 %
  { name: "CheckBands", run: (s) => checkBands(s.c, s.folder) }, // order, overlap, undeclared gaps, rates; classifications
  { name: "CheckValues", run: (s) => checkValues(s.c, s.folder) }, // param bounds, Money × Rate ratios, negative caps/thresholds, dates
  { name: "CheckTests", run: (s) => checkTests(s.c, s.tc!, s.folder) }, // test names, value types, required inputs
  { name: "Lint", run: (s) => lint(s.c, s.folder), needsClean: true }, // warnings: unused, never/always-true conditions (noise amid errors)
  { name: "Lower", run: (s) => (s.lowered = lower(s.c, s.folder)), needsClean: true }, // folds constants, resolves base.X, writes IR
  { name: "WriteArtifact", run: (s) => (s.artifact = writeArtifact(s.c, s.lowered!)), needsClean: true },
];

export interface PipelineResult {
  c: Compilation;
  artifact?: Artifact;
}

export function runPipeline(path: string, text: string, host: SourceHost, root?: string): PipelineResult {
  const sink = new Sink();
  // Stage "Parse" + "Modules": parse the file and everything it extends or imports.
  const program = loadProgram(path, text, host, sink, root);
  const c: Compilation = { ...program, sink, res: new Map(), types: new Map(), keyTypes: new Map(), references: [] };
  const state: State = { c, folder: new Folder(c) };
  for (const stage of STAGES) {
    if (sink.full) break;
    if (stage.needsClean && sink.hasErrors) break;
    stage.run(state);
  }
  return { c, artifact: state.artifact };
}
