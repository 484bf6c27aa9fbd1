// Go to definition (F12 / Ctrl+click) within the open file.
import * as monaco from "./monaco.ts";
import { LANGUAGE_ID } from "./language.ts";
import { spanToRange } from "./markers.ts";
import type { EditorSession } from "./session.ts";
import { symbolAt } from "./symbols.ts";

export function registerDefinition(session: EditorSession): monaco.IDisposable {
  return monaco.languages.registerDefinitionProvider(LANGUAGE_ID, {
    provideDefinition(model, position) {
      const reply = session.latest();
      if (!reply || reply.text !== model.getValue()) return null;
      const s = symbolAt(reply, reply.path, model.getOffsetAt(position));
      if (!s || s.file !== reply.path) return null;
      return { uri: model.uri, range: spanToRange(model, s.span) };
    },
  });
}
