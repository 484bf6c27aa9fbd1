// The compiler, off the page's main thread: typing never waits for a compile. Requests are
// answered in order; the client keeps at most one compile in flight (see worker-client.ts).
import { compile, helpText, message, type CompileResult } from "../../compiler/index.ts";
import { format } from "../../grammar/format.ts";
import { analyze } from "../../analysis/index.ts";
import type { Artifact } from "../../runtime/ir/artifact.ts";
import { documentView } from "./documents.ts";
import { EXAMPLES, sourceHost } from "./examples.ts";
import type { AnalyzeReply, CompileReply, DocumentReply, FormatReply, RenderedDiagnostic, WorkerRequest, WorkerResponse } from "./protocol.ts";

/** The last compile, so that the document view of the text just compiled needs no second one. */
let last: { path: string; text: string; result: CompileResult } | undefined;

function compileText(path: string, text: string, edits: Record<string, string>): CompileReply {
  const started = performance.now();
  const result = compile(path, text, sourceHost(path, text, edits));
  last = { path, text, result };
  const diagnostics: RenderedDiagnostic[] = result.diagnostics.map((d) => {
    const zh = helpText(d.code, "zh", d.args);
    const en = helpText(d.code, "en", d.args);
    return {
      ...d,
      message: { zh: message(d, "zh"), en: message(d, "en") },
      ...(zh || en ? { help: { zh, en } } : {}),
    };
  });
  return {
    diagnostics,
    artifact: result.artifact,
    symbols: result.symbols,
    references: result.references,
    path,
    text,
    compileMs: performance.now() - started,
  };
}

// While the page loads the editor (most of a second), the worker compiles the first example:
// the compiler's code is warm for the page's first request, and when that request is the
// same file, unedited (a first visit), the answer is ready.
const [warmPath, warmText] = [...EXAMPLES][0] ?? ["", ""];
let warm: CompileReply | undefined = warmPath ? compileText(warmPath, warmText, {}) : undefined;

function compileOnce(path: string, text: string, edits: Record<string, string>): CompileReply {
  const ready = warm;
  warm = undefined;
  if (ready && ready.path === path && ready.text === text && Object.keys(edits).length === 0) return ready;
  return compileText(path, text, edits);
}

function documentOf(path: string, text: string, edits: Record<string, string>): DocumentReply {
  const result = last?.path === path && last.text === text ? last.result : compile(path, text, sourceHost(path, text, edits));
  const view = documentView(path, result, edits);
  return view ? { path, text, view } : { path, text };
}

function formatText(text: string): FormatReply {
  const r = format(text);
  return { text: r.text, errors: r.errors.length };
}

function analyzeArtifact(artifact: Artifact): AnalyzeReply {
  // A policy too large to analyse (AnalysisTooLarge) is a message in the tab, not a failure.
  try {
    return { analysis: analyze(artifact) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

function answer(req: WorkerRequest): WorkerResponse {
  try {
    if (req.op === "compile") return { id: req.id, ok: true, op: "compile", result: compileOnce(req.path, req.text, req.edits) };
    if (req.op === "document") return { id: req.id, ok: true, op: "document", result: documentOf(req.path, req.text, req.edits) };
    if (req.op === "analyze") return { id: req.id, ok: true, op: "analyze", result: analyzeArtifact(req.artifact) };
    return { id: req.id, ok: true, op: "format", result: formatText(req.text) };
  } catch (err) {
    // The compiler promises not to throw on user text; if it does, say so instead of hanging.
    return { id: req.id, ok: false, error: err instanceof Error ? `${err.message}\n${err.stack ?? ""}` : String(err) };
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  self.postMessage(answer(event.data));
};
