// Hover: the language service's (language/hover.ts), as a Monaco hover. Diagnostics' hovers
// come from the markers themselves.
import * as monaco from "./monaco.ts";
import { hover } from "../../language/hover.ts";
import { lang } from "./i18n.ts";
import { LANGUAGE_ID } from "./language.ts";
import { fromMonacoPosition, toMonacoRange } from "./ranges.ts";
import type { EditorSession } from "./session.ts";

export function registerHover(session: EditorSession): monaco.IDisposable {
  return monaco.languages.registerHoverProvider(LANGUAGE_ID, {
    provideHover(model, position) {
      const h = hover(session.latest(), model.getValue(), fromMonacoPosition(position), lang());
      return h ? { range: toMonacoRange(h.range), contents: [{ value: h.markdown }] } : null;
    },
  });
}
