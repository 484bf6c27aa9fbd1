// The analysed file's diagnostics as an editor shows them: a range, the text in the reader's
// language, and the related places (a previous row, the other declaration). How a diagnostic
// reads is the caller's: `bylaw lsp` renders from the compiler's registry (messages.ts), the
// playground's page has its worker's renderings and does not load the registry.
import type { Diagnostic, Related } from "../compiler/index.ts";
import type { Span } from "../grammar/ast.ts";
import { textOf, type Analysis, type ReadText } from "./analysis.ts";
import type { Location } from "./navigation.ts";
import { rangeOf, type Range } from "./positions.ts";

export interface EditorDiagnostic<D extends Diagnostic = Diagnostic> {
  range: Range;
  severity: Diagnostic["severity"];
  code: string;
  /** the message, then its help line where there is one */
  message: string;
  related: (Location & { message: string })[];
  /** the compiler's diagnostic (its args say what a quick fix needs) */
  source: D;
}

/** How a diagnostic reads: its text, and the text beside a related place. */
export interface Render<D extends Diagnostic> {
  text(d: D): string;
  related(d: D, r: Related): string;
}

/** A zero-width span (e.g. "expected `}` here" at the end of the text) is widened to one
 *  character so it stays visible. */
function visible(text: string, span: Span): Span {
  if (span.end > span.start) return span;
  if (span.start < text.length) return { start: span.start, end: span.start + 1 };
  return { start: Math.max(0, text.length - 1), end: text.length };
}

export function editorDiagnostics<D extends Diagnostic>(
  analysis: Pick<Analysis, "path" | "text"> & { diagnostics: readonly D[] },
  read: ReadText,
  render: Render<D>,
): EditorDiagnostic<D>[] {
  return analysis.diagnostics
    .filter((d) => d.file === analysis.path)
    .map((d) => ({
      range: rangeOf(analysis.text, visible(analysis.text, d.span)),
      severity: d.severity,
      code: d.code,
      message: render.text(d),
      related: (d.related ?? []).flatMap((r) => {
        const text = textOf(analysis, read, r.file);
        return text === undefined ? [] : [{ file: r.file, range: rangeOf(text, r.span), message: render.related(d, r) }];
      }),
      source: d,
    }));
}
