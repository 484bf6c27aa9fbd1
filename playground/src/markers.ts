// Diagnostics → Monaco markers: the language service's editor diagnostics (ranges, widened
// zero-width spans), read in the worker's renderings, converted by ranges.ts.
import * as monaco from "./monaco.ts";
import type { Span } from "../../grammar/ast.ts";
import { editorDiagnostics, type Render } from "../../language/diagnostics.ts";
import { rangeOf, toMonacoRange } from "./ranges.ts";
import type { Lang } from "./i18n.ts";
import type { RenderedDiagnostic } from "./protocol.ts";

export const MARKER_OWNER = "bylaw";

export function spanToRange(model: monaco.editor.ITextModel, span: Span): monaco.IRange {
  return rangeOf(model.getValue(), span);
}

/** The text shown for a diagnostic: its message, then its help if the registry has one. */
function diagnosticText(d: RenderedDiagnostic, lang: Lang): string {
  const help = d.help?.[lang];
  return help ? `${d.message[lang]}\n${help}` : d.message[lang];
}

const rendered = (lang: Lang): Render<RenderedDiagnostic> => ({
  text: (d) => diagnosticText(d, lang),
  related: (d) => d.message[lang],
});

/** Markers for the diagnostics of the file in the editor (related places in that file only). */
export function toMarkers(
  model: monaco.editor.ITextModel,
  path: string,
  diagnostics: readonly RenderedDiagnostic[],
  lang: Lang,
): monaco.editor.IMarkerData[] {
  const shown = editorDiagnostics({ path, text: model.getValue(), diagnostics }, () => undefined, rendered(lang));
  return shown.map((d) => ({
    ...toMonacoRange(d.range),
    severity: d.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    code: d.code,
    source: "bylaw",
    message: d.message,
    relatedInformation: d.related.map((r) => ({ resource: model.uri, message: r.message, ...toMonacoRange(r.range) })),
  }));
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
