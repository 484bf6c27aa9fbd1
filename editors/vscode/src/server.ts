// The language server the extension starts: `bylaw lsp` without the rest of the CLI. The
// client passes `--stdio`, which createConnection reads from the command line.
import { createConnection } from "vscode-languageserver/node";
import { startLspServer } from "../../../cli/lsp-server.ts";

startLspServer(createConnection());
