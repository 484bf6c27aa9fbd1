// The VS Code extension's client: starts the bundled language server (server.js, the same
// server as `bylaw lsp`) on VS Code's own Node and hands it the .bylaw files.
import type { ExtensionContext } from "vscode";
import { LanguageClient, TransportKind, type ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath("dist/server.js");
  const server: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
  };
  client = new LanguageClient("bylaw", "bylaw", server, {
    documentSelector: [{ scheme: "file", language: "bylaw" }, { scheme: "untitled", language: "bylaw" }],
  });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
