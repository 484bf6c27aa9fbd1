// The compiler, off the page's main thread: typing never waits for a compile. Requests are
// answered in order; the client keeps at most one compile in flight (see worker-client.ts).
import { compile, helpText, message } from "../../compiler/index.ts";
import { format } from "../../grammar/format.ts";
import { analyze } from "../../analysis/index.ts";
import { sourceHost } from "./examples.ts";
import type { Artifact } from "../../runtime/ir/artifact.ts";
import type { AnalyzeReply, CompileReply, FormatReply, RenderedDiagnostic, WorkerRequest, WorkerResponse } from "./protocol.ts";

function compileText(path: string, text: string, edits: Record<string, string>): CompileReply {
  const started = performance.now();
  const result = compile(path, text, sourceHost(path, text, edits));
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
    if (req.op === "compile") return { id: req.id, ok: true, op: "compile", result: compileText(req.path, req.text, req.edits) };
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
