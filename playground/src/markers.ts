// Diagnostics → Monaco markers, through rangeOf (ranges.ts), the one conversion of spans.
import * as monaco from "./monaco.ts";
import type { Span } from "../../grammar/ast.ts";
import { rangeOf } from "./ranges.ts";
import type { Lang } from "./i18n.ts";
import type { RenderedDiagnostic } from "./protocol.ts";

export const MARKER_OWNER = "bylaw";

export function spanToRange(model: monaco.editor.ITextModel, span: Span): monaco.IRange {
  return rangeOf(model.getValue(), span);
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
  const text = model.getValue();
  return diagnostics
    .filter((d) => d.file === path)
    .map((d) => {
      const range = rangeOf(text, widen(model, d.span));
      return {
        ...range,
        severity: d.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        code: d.code,
        source: "bylaw",
        message: diagnosticText(d, lang),
        relatedInformation: (d.related ?? [])
          .filter((r) => r.file === path)
          .map((r) => ({ resource: model.uri, message: d.message[lang], ...rangeOf(text, r.span) })),
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
  owner = MARKER_OWNER,
): void {
  monaco.editor.setModelMarkers(model, owner, toMarkers(model, path, diagnostics, lang));
}
