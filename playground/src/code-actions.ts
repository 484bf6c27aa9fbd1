// Quick fixes (Ctrl+. and the light bulb): the language service's (language/fixes.ts), as
// Monaco code actions. The fixes read the syntax tree, so their module (and the parser) is
// loaded the first time one is asked for, not with the page.
import * as monaco from "./monaco.ts";
import { lang } from "./i18n.ts";
import { LANGUAGE_ID } from "./language.ts";
import { monacoEdit } from "./navigation.ts";
import { fromMonacoRange } from "./ranges.ts";
import type { EditorSession } from "./session.ts";

export function registerCodeActions(session: EditorSession): monaco.IDisposable {
  return monaco.languages.registerCodeActionProvider(LANGUAGE_ID, {
    async provideCodeActions(model, range, context) {
      const reply = session.latest();
      const none = { actions: [], dispose() {} };
      if (!reply || reply.text !== model.getValue()) return none;
      const { codeActions } = await import("../../language/fixes.ts");
      const actions = codeActions(reply, fromMonacoRange(range), (p) => session.read(p), lang()).map((a): monaco.languages.CodeAction => ({
        title: a.title,
        kind: "quickfix",
        isPreferred: a.preferred,
        diagnostics: context.markers.filter((m) => m.code === a.diagnostic.code),
        edit: monacoEdit(session, a.edit),
      }));
      return { actions, dispose() {} };
    },
  }, { providedCodeActionKinds: ["quickfix"] });
}
