// Completion provider: keywords, names in scope, enum members, input and ledger fields,
// table keys — from the worker's symbol table (completion-items.ts decides which).
import * as monaco from "./monaco.ts";
import { KEYWORDS } from "../../grammar/tokens.ts";
import { completionCandidates, type CandidateKind } from "./completion-items.ts";
import { LANGUAGE_ID } from "./language.ts";
import { symbolMarkdown } from "./hover.ts";
import type { EditorSession } from "./session.ts";

const K = monaco.languages.CompletionItemKind;
const ITEM_KIND: Record<CandidateKind, monaco.languages.CompletionItemKind> = {
  keyword: K.Keyword,
  input: K.Field,
  param: K.Constant,
  table: K.Struct,
  bands: K.Struct,
  classify: K.Struct,
  define: K.Variable,
  output: K.Function,
  alert: K.Event,
  enum: K.Enum,
  member: K.EnumMember,
  ledger: K.Property,
  pipeline: K.Module,
  layer: K.Method,
  test: K.Text,
};

export function registerCompletion(session: EditorSession): monaco.IDisposable {
  return monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
    triggerCharacters: [".", "[", " "],
    provideCompletionItems(model, position, context) {
      const before = model.getValueInRange({
        startLineNumber: Math.max(1, position.lineNumber - 1),
        startColumn: 1,
        endLineNumber: position.lineNumber,
        endColumn: position.column,
      });
      const symbols = session.latest()?.symbols ?? [];
      let candidates = completionCandidates(before, symbols, KEYWORDS);
      // A space only opens the list where the context is specific (after `==`, `using`, …).
      if (context.triggerCharacter === " ") candidates = candidates.filter((c) => c.rank === 0);
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const seen = new Set<string>();
      const suggestions: monaco.languages.CompletionItem[] = [];
      for (const c of candidates) {
        if (seen.has(c.label)) continue;
        seen.add(c.label);
        suggestions.push({
          label: c.symbol?.label ? { label: c.label, description: c.symbol.label } : c.label,
          kind: ITEM_KIND[c.kind],
          detail: c.detail,
          documentation: c.symbol ? { value: symbolMarkdown(c.symbol, session.path()) } : undefined,
          insertText: c.label,
          sortText: `${c.rank}${String(suggestions.length).padStart(4, "0")}`,
          range,
        });
      }
      return { suggestions };
    },
  });
}
