// Writes the extension's generated files: the TextMate grammar (from the lexer's tokens) and
// language-configuration.json (from language/editor-config.ts, shared with the playground).
// `node editors/vscode/generate.ts` after changing either; a test fails while they are stale.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { vscodeLanguageConfiguration } from "../../language/editor-config.ts";
import { buildTextMate } from "./grammar.ts";

const HERE = import.meta.dirname;

/** Path (relative to editors/vscode) → the file's text. */
export function generatedFiles(): Record<string, string> {
  const json = (value: object) => JSON.stringify(value, null, 2) + "\n";
  return {
    "syntaxes/bylaw.tmLanguage.json": json(buildTextMate()),
    "language-configuration.json": json(vscodeLanguageConfiguration()),
  };
}

if (process.argv[1] === import.meta.filename) {
  for (const [path, text] of Object.entries(generatedFiles())) writeFileSync(join(HERE, path), text);
}
