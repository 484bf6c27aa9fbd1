// What the editor features need to know about the file being edited: its path and the
// compiler's latest answer about it. Implemented by app.ts.
import type { CompileReply } from "./protocol.ts";

export interface EditorSession {
  /** the path the open text stands for */
  path(): string;
  /** the newest compile reply (its text may lag behind the editor while typing) */
  latest(): CompileReply | undefined;
}
