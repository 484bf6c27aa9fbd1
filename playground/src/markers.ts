// Diagnostics → Monaco markers. Diagnostics carry 0-based, end-exclusive UTF-16 offsets;
// Monaco wants 1-based line/column ranges. The conversion happens here only (spanToRange),
// through the model, which knows the line starts.
import * as monaco from "./monaco.ts";
import type { Span } from "../../grammar/ast.ts";
import type { Lang } from "./i18n.ts";
import type { RenderedDiagnostic } from "./protocol.ts";

export const MARKER_OWNER = "bylaw";

export function spanToRange(model: monaco.editor.ITextModel, span: Span): monaco.Range {
  const length = model.getValueLength();
  const start = model.getPositionAt(Math.max(0, Math.min(span.start, length)));
  const end = model.getPositionAt(Math.max(0, Math.min(Math.max(span.end, span.start), length)));
  return monaco.Range.fromPositions(start, end);
}

/** The text shown for a diagnostic: its message, then its help if the registry has one. */
export function diagnosticText(d: RenderedDiagnostic, lang: Lang): string {
  const help = d.help?.[lang];
  return help ? `${d.message[lang]}\n${help}` : d.message[lang];
}

/**
 * Markers for the diagnostics of the file in the editor. A zero-width span (e.g. "expected
 * `}` here" at the end of the text) is widened to one character so it stays visible.
 */
export function toMarkers(
  model: monaco.editor.ITextModel,
  path: string,
  diagnostics: readonly RenderedDiagnostic[],
  lang: Lang,
): monaco.editor.IMarkerData[] {
  return diagnostics
    .filter((d) => d.file === path)
    .map((d) => {
      const range = spanToRange(model, widen(model, d.span));
      return {
        ...range,
        severity: d.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        code: d.code,
        source: "bylaw",
        message: diagnosticText(d, lang),
        relatedInformation: (d.related ?? [])
          .filter((r) => r.file === path)
          .map((r) => ({ resource: model.uri, message: d.message[lang], ...spanToRange(model, r.span) })),
      };
    });
}

function widen(model: monaco.editor.ITextModel, span: Span): Span {
  if (span.end > span.start) return span;
  const length = model.getValueLength();
  if (span.start < length) return { start: span.start, end: span.start + 1 };
  return { start: Math.max(0, length - 1), end: length };
}

export function setMarkers(
  model: monaco.editor.ITextModel,
  path: string,
  diagnostics: readonly RenderedDiagnostic[],
  lang: Lang,
): void {
  monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(model, path, diagnostics, lang));
}
