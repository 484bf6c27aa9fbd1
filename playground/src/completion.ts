// Completion: the language service's context-aware candidates (language/completion.ts), as
// Monaco suggestions.
import * as monaco from "./monaco.ts";
import { completions, ITEM_KIND } from "../../language/completion.ts";
import { lang } from "./i18n.ts";
import { LANGUAGE_ID } from "./language.ts";
import { fromMonacoPosition } from "./ranges.ts";
import type { EditorSession } from "./session.ts";

export function registerCompletion(session: EditorSession): monaco.IDisposable {
  return monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
    triggerCharacters: [".", "[", " ", ":"],
    provideCompletionItems(model, position, context) {
      const items = completions(session.latest(), model.getValue(), fromMonacoPosition(position), {
        lang: lang(),
        // A space only opens the list where the context is specific (after `==`, `using`, …).
        specificOnly: context.triggerCharacter === " " || context.triggerCharacter === ":",
      });
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      return {
        suggestions: items.map((c) => ({
          label: c.description ? { label: c.label, description: c.description } : c.label,
          kind: monaco.languages.CompletionItemKind[ITEM_KIND[c.kind]],
          detail: c.detail,
          documentation: c.documentation ? { value: c.documentation } : undefined,
          insertText: c.label,
          sortText: c.sortText,
          range,
        })),
      };
    },
  });
}
