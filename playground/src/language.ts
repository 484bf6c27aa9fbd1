// Registers the bylaw language with Monaco: highlighting (Monarch, generated from the
// lexer's keywords), the editor configuration shared with VS Code (language/editor-config.ts),
// and a theme.
import * as monaco from "./monaco.ts";
import { KEYWORDS, LITERAL_PATTERNS, TYPE_KEYWORDS } from "../../grammar/tokens.ts";
import { EDITOR_CONFIG } from "../../language/editor-config.ts";
import { buildMonarch } from "./monarch.ts";

export const LANGUAGE_ID = "bylaw";
export const THEME = "bylaw-light";


export function registerLanguage(): void {
  monaco.languages.register({ id: LANGUAGE_ID, extensions: [".bylaw"], aliases: ["bylaw"] });
  monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, buildMonarch({ keywords: KEYWORDS, typeKeywords: TYPE_KEYWORDS, literals: LITERAL_PATTERNS }));
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, EDITOR_CONFIG);
  monaco.editor.defineTheme(THEME, {
    base: "vs",
    inherit: true,
    rules: [
      { token: "keyword", foreground: "7c3aed", fontStyle: "bold" },
      { token: "type", foreground: "0e7490" },
      { token: "constant", foreground: "b45309" },
      { token: "number.money", foreground: "047857", fontStyle: "bold" },
      { token: "number.rate", foreground: "c2410c", fontStyle: "bold" },
      { token: "number.points", foreground: "c2410c" },
      { token: "number.date", foreground: "1d4ed8" },
      { token: "number.duration", foreground: "1d4ed8" },
      { token: "number", foreground: "0f766e" },
      { token: "annotation", foreground: "9a3412", fontStyle: "italic" },
      { token: "string", foreground: "a21caf" },
      { token: "comment", foreground: "6b7280", fontStyle: "italic" },
      { token: "identifier", foreground: "111827" },
      { token: "operator", foreground: "374151" },
    ],
    colors: {},
  });
}
