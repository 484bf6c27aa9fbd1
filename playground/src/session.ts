// What the editor features need to know about the workspace: the file being edited, the
// compiler's latest answer about it, the other files' texts and models. Implemented by app.ts.
import type * as monaco from "./monaco.ts";
import type { CompileReply } from "./protocol.ts";

export interface EditorSession {
  /** the path the open text stands for */
  path(): string;
  /** the newest compile reply (its text may lag behind the editor while typing) */
  latest(): CompileReply | undefined;
  /** a file's text as edited (or as bundled), for positions in a parent or an import */
  read(path: string): string | undefined;
  /** the model of a file, created if need be (definitions and renames reach other files) */
  model(path: string): monaco.editor.ITextModel;
}
