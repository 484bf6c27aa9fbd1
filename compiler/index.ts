// The compiler's public API (used by the CLI and the playground).
import type { Doc, Policy, Span } from "../grammar/ast.ts";
import type { Artifact } from "../runtime/ir/artifact.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { Folder, showValue } from "./fold.ts";
import { bandMode } from "./intervals.ts";
import { runPipeline } from "./pipeline.ts";
import { declOf, keysText, type Compilation, type Entity, type SymbolKind } from "./symbols.ts";
import { display } from "./types.ts";
import { derivedSchedule } from "./derived-dated.ts";
import type { SourceHost } from "./modules.ts";

export { CODES, type Code } from "./diagnostic-codes.ts";
export { COMPILER_VERSION } from "./artifact.ts";
export { message, helpText, type Diagnostic, type Lang, type Related } from "./diagnostics.ts";
export { renderDiagnostics, displayWidth } from "./render.ts";
export { lineCol, type LineCol } from "../grammar/position.ts";
export { STAGES } from "./pipeline.ts";
export { MAX_SOURCE_BYTES, type SourceHost, type SourceRefusal, type TextHost } from "./modules.ts";
export type { SymbolKind } from "./symbols.ts";

export interface SymbolInfo {
  name: string;
  kind: SymbolKind;
  type: string;
  label?: string;
  /** the document's sections it encodes, as cited */
  sections?: string[];
  /** constants, rendered e.g. "2000元", "70%" */
  value?: string;
  /** a dated param's values, each with the date it is in force from */
  dated?: { from: string; value: string }[];
  /** the declaring name */
  span: Span;
  file: string;
}

export interface CompileResult {
  diagnostics: Diagnostic[];
  /** only when there are no errors */
  artifact?: Artifact;
  ast?: Policy;
  symbols: SymbolInfo[];
  /** references to `symbols[symbol]`, in every file of the program (parents and imports too) */
  references: { span: Span; symbol: number; file: string }[];
}

export interface CompileOptions {
  /** the folder (a compiler path) imports and parents must lie in; default: the policy's own */
  root?: string;
}

export function compile(path: string, text: string, host: SourceHost, options: CompileOptions = {}): CompileResult {
  const { c, artifact } = runPipeline(path, text, host, options.root);
  const folder = new Folder(c);
  const result: CompileResult = {
    diagnostics: ordered(c),
    symbols: c.entities.map((e) => symbolInfo(c, folder, e)),
    references: c.references.map((r) => ({ span: r.span, symbol: r.symbol, file: r.file.path })),
  };
  if (c.root.file.ast) result.ast = c.root.file.ast;
  if (artifact && !c.sink.hasErrors) result.artifact = artifact;
  return result;
}

/** By file (the compiled one first), then position; the "too many errors" note stays last. */
function ordered(c: Compilation): Diagnostic[] {
  const fileIndex = new Map(c.files.map((f) => [f.path, f.index]));
  const limit = c.sink.list.filter((d) => d.code === "BL0001");
  const rest = c.sink.list.filter((d) => d.code !== "BL0001");
  rest.sort((a, b) => (fileIndex.get(a.file) ?? 0) - (fileIndex.get(b.file) ?? 0) || a.span.start - b.span.start || a.span.end - b.span.end);
  return [...rest, ...limit];
}

function symbolInfo(c: Compilation, folder: Folder, e: Entity): SymbolInfo {
  const info: SymbolInfo = { name: e.irName, kind: e.kind, type: typeText(c, e), span: e.nameSpan, file: e.file.path };
  const doc = (e.kind === "test" ? undefined : e.node) as Doc | undefined;
  if (doc?.label) info.label = doc.label.value;
  if (doc?.sections) info.sections = doc.sections.map((s) => s.text);
  const d = declOf(e);
  if (d?.kind === "param" && d.value) {
    const v = folder.value(d.value);
    if (v) info.value = showValue(v, e.type);
  }
  if (d?.kind === "param" && d.dated) {
    info.dated = d.dated.flatMap((r) => {
      const v = r.from && folder.value(r.value);
      return v ? [{ from: r.from!.value, value: showValue(v, e.type) }] : [];
    });
  }
  const derived = d?.kind === "param" ? derivedSchedule(c, e, folder) : undefined;
  if (d?.kind === "param" && derived) info.dated = derived.map((p) => ({ from: p.from, value: showValue(p.folder.value(d.value)!, e.type) }));
  return info;
}

function typeText(c: Compilation, e: Entity): string {
  switch (e.kind) {
    case "table":
      return `${keysText(c, e)} -> ${display(e.type)}`;
    case "bands":
      return `bands ${bandMode(c, e) ?? ""}`.trimEnd();
    case "classify":
      return `classify -> ${display(e.type)}`;
    case "enum":
      return "enum";
    case "test":
      return "test";
    default:
      return display(e.type);
  }
}
