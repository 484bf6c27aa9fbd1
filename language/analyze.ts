// The compiler run for the language service: one compile gives the diagnostics, the symbols
// and the references (in every file of the program: parents and imports too). Kept apart
// from analysis.ts so the features can be loaded without the compiler (the playground's page).
import { compile, type SourceHost } from "../compiler/index.ts";
import type { Analysis } from "./analysis.ts";

export function analyze(path: string, text: string, host: SourceHost, root?: string): Analysis {
  const r = compile(path, text, host, root === undefined ? {} : { root });
  return { path, text, diagnostics: r.diagnostics, symbols: r.symbols, references: r.references };
}
