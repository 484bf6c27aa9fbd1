// The compiler's table of contents: its stages, in order (like OPA's stage list). Every
// stage reports diagnostics into the shared sink and never throws on bad text; a recovered
// syntax tree with missing children is skipped over, not crashed on. The pipeline stops
// between stages once ERROR_LIMIT errors were reported, and lowering runs only without
// errors.
import type { Artifact } from "../runtime/ir/artifact.ts";
import { writeArtifact } from "./artifact.ts";
import { checkArtifact } from "./check-artifact.ts";
import { checkAcknowledged } from "./check-acknowledged.ts";
import { checkBands } from "./check-bands.ts";
import { checkTables } from "./check-tables.ts";
import { checkTests } from "./check-tests.ts";
import { checkTypes, type TypeChecker } from "./check-types.ts";
import { checkValues } from "./check-values.ts";
import { Sink } from "./diagnostics.ts";
import { Folder } from "./fold.ts";
import { lint } from "./lint.ts";
import { lower, type Lowered } from "./lower.ts";
import { loadProgram, parseFile, type SourceHost } from "./modules.ts";
import { bindMembers, resolveNames } from "./resolve.ts";
import type { Compilation, SourceFile } from "./symbols.ts";

interface State {
  readonly path: string;
  readonly text: string;
  readonly host: SourceHost;
  readonly sink: Sink;
  /** the folder imports and parents must lie in (default: the policy's own) */
  readonly root?: string;
  /** the root file, from Parse */
  file?: SourceFile;
  /** the program, from Modules: every later stage works on it */
  c?: Compilation;
  folder?: Folder;
  tc?: TypeChecker;
  lowered?: Lowered;
  artifact?: Artifact;
}

interface Stage {
  name: string;
  run(s: State): void;
  /** builds the program: runs even past ERROR_LIMIT, since the result (symbols, diagnostics) needs one */
  always?: boolean;
  /** runs only when no error was reported so far */
  needsClean?: boolean;
}

/** A stage working on the program Modules built (and the folder over it). */
const onProgram = (run: (c: Compilation, folder: Folder, s: State) => void) => (s: State) => run(s.c!, s.folder!, s);

export const STAGES: Stage[] = [
  { name: "Parse", run: (s) => (s.file = parseFile(s.path, s.text, 0, s.sink)), always: true }, // text → syntax tree, with recovery
  {
    name: "Modules", // parents (`extends`) and imports, parsed; entities declared; overrides merged
    run: (s) => {
      const c: Compilation = { ...loadProgram(s.file!, s.host, s.sink, s.root), sink: s.sink, res: new Map(), ledgers: new Map(), written: new Map(), types: new Map(), keyTypes: new Map(), gridKeys: new Map(), references: [], hidden: new Set() };
      s.c = c;
      s.folder = new Folder(c);
    },
    always: true,
  },
  { name: "ResolveNames", run: onProgram(resolveNames) }, // binds refs and written types; did-you-mean; remaining/base placement; ledger writers
  { name: "CheckTypes", run: onProgram((c, _, s) => (s.tc = checkTypes(c))) }, // types & units; enum members chosen from context; overrides keep types
  { name: "BindMembers", run: onProgram((c, _, s) => bindMembers(c, s.tc!.picks)) }, // name resolution finishes: each reference names one entity
  { name: "CheckTables", run: onProgram(checkTables) }, // every member once; range rows ordered; ratios 0–100 %
  { name: "CheckBands", run: onProgram(checkBands) }, // order, overlap, undeclared gaps, rates; classifications
  { name: "CheckValues", run: onProgram(checkValues) }, // param bounds, Money × Rate ratios, negative caps/thresholds, dates
  { name: "CheckTests", run: onProgram((c, folder, s) => checkTests(c, s.tc!, folder)) }, // test names, value types, required inputs
  { name: "Lint", run: onProgram(lint), needsClean: true }, // warnings: unused, never/always-true conditions (noise amid errors)
  { name: "Lower", run: onProgram((c, folder, s) => (s.lowered = lower(c, folder))), needsClean: true }, // folds constants, resolves base.X, writes IR
  { name: "WriteArtifact", run: onProgram((c, _, s) => (s.artifact = writeArtifact(c, s.lowered!))), needsClean: true },
  // the runtime's limits, at the expression: what compiles clean loads
  // figures a policy says are no rule: why, where, not held by a rule, stated by the document
  { name: "CheckAcknowledged", run: onProgram((c, _, s) => { checkAcknowledged(c, s.artifact!, s.host, s.root); if (c.sink.hasErrors) s.artifact = undefined; }), needsClean: true },
  { name: "CheckArtifact", run: onProgram((c, _, s) => { if (!checkArtifact(c, s.artifact!)) s.artifact = undefined; }), needsClean: true },
];

export interface PipelineResult {
  c: Compilation;
  artifact?: Artifact;
}

/** Runs the stages in order; imports are confined to `root` (default: the policy's folder);
 *  `until` stops after the stage of that name (for tests). */
export function runPipeline(path: string, text: string, host: SourceHost, root?: string, until?: string): PipelineResult {
  const sink = new Sink();
  const state: State = { path, text, host, sink, root };
  for (const stage of STAGES) {
    if (sink.full && !stage.always) break;
    if (stage.needsClean && sink.hasErrors) break;
    stage.run(state);
    if (stage.name === until) break;
  }
  return { c: state.c!, artifact: state.artifact };
}
