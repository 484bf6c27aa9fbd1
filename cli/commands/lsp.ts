// `bylaw lsp`: the language server over stdio, for editors (the VS Code extension in
// editors/vscode starts it the same way). Everything it says goes to the client; nothing
// else may write to standard output.
import { createConnection } from "vscode-languageserver/node";
import { startLspServer, type LspOptions } from "../lsp-server.ts";

export function lspCommand(options: LspOptions): Promise<number> {
  const connection = createConnection(process.stdin, process.stdout);
  startLspServer(connection, options);
  // the server runs until the client says `exit` (vscode-languageserver then ends the process)
  return new Promise(() => {});
}
