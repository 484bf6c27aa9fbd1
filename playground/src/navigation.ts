// Go to definition (F12 / Ctrl+click), find references (Shift+F12) and rename (F2), across
// files: the language service's (language/navigation.ts), as Monaco providers. A place in
// another file (a parent, an import) gets that file's model, which the app opens on demand.
import * as monaco from "./monaco.ts";
import { definition, references, rename, renameTarget, type Location, type WorkspaceEdit } from "../../language/navigation.ts";
import { lang } from "./i18n.ts";
import { LANGUAGE_ID } from "./language.ts";
import { fromMonacoPosition, toMonacoRange } from "./ranges.ts";
import type { EditorSession } from "./session.ts";

const NOT_A_NAME = { zh: "这里不是可以重命名的名称", en: "nothing to rename here" };
const BAD_NAME = { zh: "新名称须为标识符（不能是关键字）", en: "the new name must be an identifier (not a keyword)" };

/** The service's edits by compiler path, as Monaco's edits of those files' models. */
export function monacoEdit(session: EditorSession, edit: WorkspaceEdit): monaco.languages.WorkspaceEdit {
  return {
    edits: Object.entries(edit).flatMap(([file, edits]) => {
      const model = session.model(file);
      return edits.map((e) => ({ resource: model.uri, versionId: model.getVersionId(), textEdit: { range: toMonacoRange(e.range), text: e.newText } }));
    }),
  };
}

export function registerNavigation(session: EditorSession): monaco.IDisposable[] {
  const read = (p: string) => session.read(p);
  const link = (l: Location): monaco.languages.Location => ({ uri: session.model(l.file).uri, range: toMonacoRange(l.range) });
  return [
    monaco.languages.registerDefinitionProvider(LANGUAGE_ID, {
      provideDefinition(model, position) {
        const l = definition(session.latest(), model.getValue(), fromMonacoPosition(position), read);
        return l ? link(l) : null;
      },
    }),
    monaco.languages.registerReferenceProvider(LANGUAGE_ID, {
      provideReferences(model, position) {
        return references(session.latest(), model.getValue(), fromMonacoPosition(position), read).map(link);
      },
    }),
    monaco.languages.registerRenameProvider(LANGUAGE_ID, {
      resolveRenameLocation(model, position) {
        const target = renameTarget(session.latest(), model.getValue(), fromMonacoPosition(position));
        if (!target) return { range: new monaco.Range(position.lineNumber, position.column, position.lineNumber, position.column), text: "", rejectReason: NOT_A_NAME[lang()] };
        return { range: toMonacoRange(target.range), text: target.name };
      },
      provideRenameEdits(model, position, newName) {
        const edit = rename(session.latest(), model.getValue(), fromMonacoPosition(position), newName, read);
        return edit ? monacoEdit(session, edit) : { edits: [], rejectReason: BAD_NAME[lang()] };
      },
    }),
  ];
}
