// A Language Server Protocol client for the tests: spawns a server speaking over stdio,
// frames messages with vscode-jsonrpc and keeps the diagnostics the server publishes.
import { spawn } from "node:child_process";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";

export interface Diag { code: string; message: string; range: { start: { line: number; character: number } } }
export interface Published { uri: string; version?: number; diagnostics: Diag[] }

export interface LspSession {
  client: MessageConnection;
  /** The newest diagnostics published for `uri` once they satisfy `ok` (waits for them). */
  diagnosticsFor(uri: string, ok?: (p: Published) => boolean): Promise<Diag[]>;
  /** shutdown, exit; resolves with the server's exit code */
  close(): Promise<number | null>;
}

export function startLsp(command: string, args: string[], cwd: string): LspSession {
  const server = spawn(command, args, { cwd, stdio: ["pipe", "pipe", "inherit"] });
  const client = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const published: Published[] = [];
  const waiters: (() => void)[] = [];
  client.onNotification("textDocument/publishDiagnostics", (p: Published) => {
    published.push(p);
    for (const w of waiters.splice(0)) w();
  });
  client.listen();
  return {
    client,
    diagnosticsFor: (uri, ok = () => true) =>
      new Promise((resolve) => {
        const look = () => {
          const p = published.findLast((x) => x.uri === uri);
          if (p && ok(p)) resolve(p.diagnostics);
          else waiters.push(look);
        };
        look();
      }),
    async close() {
      const exited = new Promise<number | null>((done) => (server.exitCode !== null ? done(server.exitCode) : server.once("exit", done)));
      await client.sendRequest("shutdown");
      await client.sendNotification("exit");
      const code = await exited;
      client.dispose();
      return code;
    },
  };
}
