// Messages between the page and the compiler worker. The worker renders every diagnostic
// in both languages up front, so switching the interface language re-renders markers
// without another compile (and the page never loads the compiler itself).
import type { Diagnostic, SymbolInfo } from "../../compiler/index.ts";
import type { Span } from "../../grammar/ast.ts";
import type { Artifact } from "../../runtime/ir/artifact.ts";
import type { Analysis } from "../../analysis/index.ts";
import type { DocumentView } from "./documents.ts";
import type { Lang } from "./i18n.ts";

export interface RenderedDiagnostic extends Diagnostic {
  message: Record<Lang, string>;
  help?: Partial<Record<Lang, string>>;
}

export interface CompileReply {
  diagnostics: RenderedDiagnostic[];
  artifact?: Artifact;
  symbols: SymbolInfo[];
  references: { span: Span; symbol: number }[];
  /** the path and text this reply is about (replies may arrive after newer edits) */
  path: string;
  text: string;
  /** time spent compiling inside the worker */
  compileMs: number;
}

export interface FormatReply {
  text?: string;
  errors: number;
}

/** The source document of a compiled policy, asked for only while the 原文 tab shows it. */
export interface DocumentReply {
  path: string;
  text: string;
  view?: DocumentView;
}

/** The soundness analysis of an artifact (the 分析 tab), or why there is none. */
export type AnalyzeReply = { analysis: Analysis } | { error: string };

export type WorkerRequest =
  | { id: number; op: "compile"; path: string; text: string; edits: Record<string, string> }
  | { id: number; op: "format"; text: string }
  | { id: number; op: "document"; path: string; text: string; edits: Record<string, string> }
  | { id: number; op: "analyze"; artifact: Artifact };

export type WorkerResponse =
  | { id: number; ok: true; op: "compile"; result: CompileReply }
  | { id: number; ok: true; op: "format"; result: FormatReply }
  | { id: number; ok: true; op: "document"; result: DocumentReply }
  | { id: number; ok: true; op: "analyze"; result: AnalyzeReply }
  | { id: number; ok: false; error: string };
