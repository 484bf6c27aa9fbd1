// The Language Server Protocol side of the language service (language/): documents come from
// the client, the files they extend or import from the client when open there, else from disk
// (read as the CLI reads them: inside the root folder, regular files of a sane size). Every
// feature is the service's; this file only converts between it and the protocol.
import { dirname, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type InitializeResult,
  type WorkspaceEdit as LspWorkspaceEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Lang, SourceHost } from "../compiler/index.ts";
import type { Analysis } from "../language/analysis.ts";
import { analyze } from "../language/analyze.ts";
import { completions, ITEM_KIND } from "../language/completion.ts";
import { editorDiagnostics } from "../language/diagnostics.ts";
import { codeActions } from "../language/fixes.ts";
import { registryRender } from "../language/messages.ts";
import { formatEdits } from "../language/format.ts";
import { hover } from "../language/hover.ts";
import { definition, references, rename, renameTarget, type Location, type WorkspaceEdit } from "../language/navigation.ts";
import { policyHost } from "./files.ts";

export interface LspOptions {
  /** messages' language; default: the client's locale (zh for zh-*, else en) */
  lang?: Lang;
  /** the folder imports and parents may be read from (default: each policy's own folder) */
  root?: string;
}

/** Compiler paths are '/'-separated file paths; a document not on disk (VS Code's `untitled:`)
 *  goes by its URI, which no file resolves against. */
const toCompilerPath = (file: string): string => file.split(sep).join("/");
const pathOf = (uri: string): string => (uri.startsWith("file:") ? toCompilerPath(fileURLToPath(uri)) : uri);
const uriOf = (path: string): string => (path.startsWith("/") || /^[A-Za-z]:\//.test(path) ? pathToFileURL(path).href : path);

export function startLspServer(connection: Connection, options: LspOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();
  let lang: Lang = options.lang ?? "en";
  const root = options.root === undefined ? undefined : toCompilerPath(resolve(options.root));

  const openText = (path: string): string | undefined => documents.get(uriOf(path))?.getText();
  const hostFor = (path: string): SourceHost => {
    const disk = policyHost(root ?? dirname(path));
    return { readFile: (p) => openText(p) ?? disk.readFile(p) };
  };
  /** Another file's text for positions in it: the open document, else the file on disk. */
  const read = (path: string): string | undefined => {
    const text = hostFor(path).readFile(path);
    return typeof text === "string" ? text : undefined;
  };

  function check(doc: TextDocument): void {
    const path = pathOf(doc.uri);
    const analysis = analyze(path, doc.getText(), hostFor(path), root);
    analyses.set(doc.uri, analysis);
    const diagnostics = editorDiagnostics(analysis, read, registryRender(lang)).map((d) => ({
      range: d.range,
      severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      code: d.code,
      source: "bylaw",
      message: d.message,
      relatedInformation: d.related.map((r) => ({ location: { uri: uriOf(r.file), range: r.range }, message: r.message })),
    }));
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  /** The open document and its analysis, while they are of the same text. */
  const state = (uri: string) => {
    const doc = documents.get(uri);
    return doc ? { text: doc.getText(), analysis: analyses.get(uri) } : undefined;
  };
  const location = (l: Location) => ({ uri: uriOf(l.file), range: l.range });
  const workspaceEdit = (edit: WorkspaceEdit): LspWorkspaceEdit => ({
    changes: Object.fromEntries(Object.entries(edit).map(([file, edits]) => [uriOf(file), edits])),
  });

  connection.onInitialize((params): InitializeResult => {
    if (!options.lang && params.locale) lang = params.locale.toLowerCase().startsWith("zh") ? "zh" : "en";
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [".", "[", " ", ":"] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: "bylaw" },
    };
  });

  // A parent edited in the editor changes its children's diagnostics: every open policy is
  // checked again (a compile takes milliseconds).
  documents.onDidChangeContent(() => {
    for (const doc of documents.all()) check(doc);
  });
  documents.onDidClose((e) => {
    analyses.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCompletion((params) => {
    const s = state(params.textDocument.uri);
    if (!s) return [];
    const trigger = params.context?.triggerCharacter;
    return completions(s.analysis, s.text, params.position, { lang, specificOnly: trigger === " " || trigger === ":" }).map((c) => ({
      label: c.label,
      kind: CompletionItemKind[ITEM_KIND[c.kind]],
      ...(c.detail !== undefined ? { detail: c.detail } : {}),
      ...(c.description !== undefined ? { labelDetails: { description: c.description } } : {}),
      ...(c.documentation !== undefined ? { documentation: { kind: "markdown" as const, value: c.documentation } } : {}),
      sortText: c.sortText,
    }));
  });
  connection.onHover((params) => {
    const s = state(params.textDocument.uri);
    const h = s && hover(s.analysis, s.text, params.position, lang);
    return h ? { contents: { kind: "markdown", value: h.markdown }, range: h.range } : null;
  });
  connection.onDefinition((params) => {
    const s = state(params.textDocument.uri);
    const l = s && definition(s.analysis, s.text, params.position, read);
    return l ? location(l) : null;
  });
  connection.onReferences((params) => {
    const s = state(params.textDocument.uri);
    return s ? references(s.analysis, s.text, params.position, read).map(location) : [];
  });
  connection.onPrepareRename((params) => {
    const s = state(params.textDocument.uri);
    const target = s && renameTarget(s.analysis, s.text, params.position);
    return target ? { range: target.range, placeholder: target.name } : null;
  });
  connection.onRenameRequest((params) => {
    const s = state(params.textDocument.uri);
    const edit = s && rename(s.analysis, s.text, params.position, params.newName, read);
    return edit ? workspaceEdit(edit) : null;
  });
  connection.onDocumentFormatting((params) => {
    const s = state(params.textDocument.uri);
    return (s && formatEdits(s.text)) ?? [];
  });
  connection.onCodeAction((params): CodeAction[] => {
    const s = state(params.textDocument.uri);
    if (!s?.analysis || s.analysis.text !== s.text) return [];
    return codeActions(s.analysis, params.range, read, lang).map((a) => ({
      title: a.title,
      kind: CodeActionKind.QuickFix,
      isPreferred: a.preferred,
      diagnostics: params.context.diagnostics.filter((d) => d.code === a.diagnostic.code),
      edit: workspaceEdit(a.edit),
    }));
  });

  documents.listen(connection);
  connection.listen();
}
