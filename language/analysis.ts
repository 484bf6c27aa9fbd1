// What the language service knows about one file: the compiler's answer for its text. The
// playground gets it from its compiler worker, `bylaw lsp` from analyze.ts; the features
// (completion, hover, navigation, fixes) only read it, so they load without the compiler.
import type { Diagnostic, SymbolInfo } from "../compiler/index.ts";
import type { Span } from "../grammar/ast.ts";

export interface Reference {
  span: Span;
  /** index into `symbols` */
  symbol: number;
  /** the file the reference is written in; the analysed file when absent */
  file?: string;
}

export interface Analysis {
  /** the compiler path of the analysed file, and the text analysed */
  path: string;
  text: string;
  diagnostics: readonly Diagnostic[];
  symbols: readonly SymbolInfo[];
  references: readonly Reference[];
}

/** Another file's text by compiler path (a parent, an import): for positions in it. */
export type ReadText = (path: string) => string | undefined;

/** The text of `file`: the analysed one, or what `read` serves. */
export function textOf(analysis: Pick<Analysis, "path" | "text">, read: ReadText, file: string): string | undefined {
  return file === analysis.path ? analysis.text : read(file);
}
