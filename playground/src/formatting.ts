// Format document (Shift+Alt+F and the toolbar button): the grammar's formatter, run in the
// worker. It refuses text with syntax errors; the caller is told so instead of a silent no-op.
import * as monaco from "./monaco.ts";
import { LANGUAGE_ID } from "./language.ts";
import type { CompilerClient } from "./worker-client.ts";

export function registerFormatting(client: CompilerClient, onRefused: () => void): monaco.IDisposable {
  return monaco.languages.registerDocumentFormattingEditProvider(LANGUAGE_ID, {
    async provideDocumentFormattingEdits(model) {
      const text = model.getValue();
      const reply = await client.format(text);
      if (reply.text === undefined) {
        onRefused();
        return [];
      }
      if (reply.text === text) return [];
      return [{ range: model.getFullModelRange(), text: reply.text }];
    },
  });
}
