// Printing compiler diagnostics: human text with source lines and carets, or JSON for tools.
import { lineCol, message, helpText, renderDiagnostics, type Diagnostic, type Lang } from "../compiler/index.ts";
import { diskHost } from "./files.ts";

export type OutputFormat = "text" | "json";

/** Reads every file the diagnostics point into (a parent policy, an import…). */
export function sourcesFor(diags: Diagnostic[], known: Map<string, string>): Map<string, string> {
  const sources = new Map(known);
  for (const d of diags) {
    for (const file of [d.file, ...(d.related ?? []).map((r) => r.file)]) {
      if (!sources.has(file)) {
        const text = diskHost.readFile(file);
        if (text !== undefined) sources.set(file, text);
      }
    }
  }
  return sources;
}

export function diagnosticsAsJson(diags: Diagnostic[], sources: Map<string, string>, lang: Lang) {
  return diags.map((d) => {
    const text = sources.get(d.file) ?? "";
    const start = lineCol(text, d.span.start);
    const end = lineCol(text, d.span.end);
    return {
      file: d.file,
      line: start.line,
      column: start.col,
      endLine: end.line,
      endColumn: end.col,
      span: d.span,
      code: d.code,
      severity: d.severity,
      message: message(d, lang),
      help: helpText(d.code, lang, d.args),
    };
  });
}

export function printDiagnostics(diags: Diagnostic[], sources: Map<string, string>, lang: Lang, format: OutputFormat): void {
  const all = sourcesFor(diags, sources);
  if (format === "json") {
    process.stdout.write(JSON.stringify(diagnosticsAsJson(diags, all, lang), null, 2) + "\n");
  } else if (diags.length > 0) {
    process.stderr.write(renderDiagnostics(diags, all, lang) + "\n");
  }
}

export function countErrors(diags: Diagnostic[]): number {
  return diags.filter((d) => d.severity === "error").length;
}
