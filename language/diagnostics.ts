// The analysed file's diagnostics as the editor shows them: a range, the message and its help
// line in the reader's language, and the related places (a previous row, the other declaration).
import { helpText, message, type Diagnostic, type Lang } from "../compiler/index.ts";
import { textOf, type Analysis, type ReadText } from "./analysis.ts";
import type { Location } from "./navigation.ts";
import { rangeOf, type Range } from "./positions.ts";

export interface EditorDiagnostic {
  range: Range;
  severity: Diagnostic["severity"];
  code: string;
  /** the message, then its help line if the registry has one */
  message: string;
  related: (Location & { message: string })[];
  /** the compiler's diagnostic (its args say what a quick fix needs) */
  source: Diagnostic;
}

/**
 * A zero-width span (e.g. "expected `}` here" at the end of the text) is widened to one
 * character so it stays visible.
 */
function visible(text: string, d: Diagnostic) {
  if (d.span.end > d.span.start) return d.span;
  if (d.span.start < text.length) return { start: d.span.start, end: d.span.start + 1 };
  return { start: Math.max(0, text.length - 1), end: text.length };
}

export function diagnosticText(d: Pick<Diagnostic, "code" | "args">, lang: Lang): string {
  const help = helpText(d.code, lang, d.args);
  const text = message(d, lang);
  return help ? `${text}\n${help}` : text;
}

export function editorDiagnostics(analysis: Analysis, read: ReadText, lang: Lang): EditorDiagnostic[] {
  return analysis.diagnostics
    .filter((d) => d.file === analysis.path)
    .map((d) => ({
      range: rangeOf(analysis.text, visible(analysis.text, d)),
      severity: d.severity,
      code: d.code,
      message: diagnosticText(d, lang),
      related: (d.related ?? []).flatMap((r) => {
        const text = textOf(analysis, read, r.file);
        return text === undefined ? [] : [{ file: r.file, range: rangeOf(text, r.span), message: message(d, lang) }];
      }),
      source: d,
    }));
}
