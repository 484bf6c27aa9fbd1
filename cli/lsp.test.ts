// `bylaw lsp` as an editor runs it: a child process speaking the Language Server Protocol over
// stdio, driven by a client (vscode-jsonrpc's framing) through a parent and a child policy on disk.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEdits, at, CHILD, PARENT } from "../language/tests/fixtures.ts";
import { startLsp, type LspSession } from "./lsp-client.ts";
import { ROOT, tmp } from "./run-bylaw.ts";

let lsp: LspSession;
const dir = tmp();
const parentUri = pathToFileURL(join(dir, "parent.bylaw")).href;
const childUri = pathToFileURL(join(dir, "child.bylaw")).href;
const diagnosticsFor = (uri: string, ok?: Parameters<LspSession["diagnosticsFor"]>[1]) => lsp.diagnosticsFor(uri, ok);

beforeAll(() => {
  writeFileSync(join(dir, "parent.bylaw"), PARENT);
  writeFileSync(join(dir, "child.bylaw"), CHILD);
  lsp = startLsp(process.execPath, [join(ROOT, "bin/bylaw.js"), "lsp", "--stdio"], dir);
});

afterAll(async () => {
  expect(await lsp.close()).toBe(0); // a clean shutdown
});

describe("bylaw lsp", () => {
  it("initialize: announces the features it serves", async () => {
    const r = await lsp.client.sendRequest<{ capabilities: Record<string, unknown>; serverInfo: { name: string } }>("initialize", {
      processId: null, rootUri: pathToFileURL(dir).href, capabilities: {}, locale: "en",
    });
    await lsp.client.sendNotification("initialized", {});
    expect(r.serverInfo.name).toBe("bylaw");
    expect(r.capabilities).toMatchObject({
      textDocumentSync: 2, hoverProvider: true, definitionProvider: true, referencesProvider: true,
      documentFormattingProvider: true, renameProvider: { prepareProvider: true },
    });
    expect(r.capabilities.completionProvider).toBeDefined();
  });

  it("diagnostics on open (the child compiles against its parent on disk) and on change", async () => {
    await lsp.client.sendNotification("textDocument/didOpen", { textDocument: { uri: childUri, languageId: "bylaw", version: 1, text: CHILD } });
    expect(await diagnosticsFor(childUri)).toEqual([]);
    const broken = CHILD.replace("救助金 * 2", "救助全 * 2");
    await lsp.client.sendNotification("textDocument/didChange", {
      textDocument: { uri: childUri, version: 2 },
      contentChanges: [{ range: { start: at(CHILD, "救助金 * 2", 2), end: at(CHILD, "救助金 * 2", 3) }, text: "全" }],
    });
    const diags = await diagnosticsFor(childUri, (p) => p.version === 2);
    expect(diags.map((d) => d.code)).toEqual(["BL2001"]);
    expect(diags[0]!.message).toContain("unknown name `救助全`; did you mean `救助金`?");
    expect(diags[0]!.range.start).toEqual(at(broken, "救助全"));

    // the quick fix the diagnostic carries, applied, clears it
    const actions = await lsp.client.sendRequest<{ title: string; edit: { changes: Record<string, { range: never; newText: string }[]> } }[]>(
      "textDocument/codeAction",
      { textDocument: { uri: childUri }, range: { start: at(broken, "救助全"), end: at(broken, "救助全") }, context: { diagnostics: diags } },
    );
    expect(actions.map((a) => a.title)).toEqual(["Change to `救助金`"]);
    const fixed = applyEdits(broken, actions[0]!.edit.changes[childUri]!);
    expect(fixed).toBe(CHILD);
    await lsp.client.sendNotification("textDocument/didChange", { textDocument: { uri: childUri, version: 3 }, contentChanges: [{ text: fixed }] });
    expect(await diagnosticsFor(childUri, (p) => p.version === 3)).toEqual([]);
  });

  it("completion in a table body offers the key enum's members without a row", async () => {
    const text = PARENT.replace("  第二类: 80%\n", "  \n");
    await lsp.client.sendNotification("textDocument/didOpen", { textDocument: { uri: parentUri, languageId: "bylaw", version: 1, text } });
    await diagnosticsFor(parentUri, (p) => p.version === 1);
    const items = await lsp.client.sendRequest<{ label: string; kind: number }[]>("textDocument/completion", {
      textDocument: { uri: parentUri }, position: at(text, "  第一类: 90%\n  ", "  第一类: 90%\n  ".length),
    });
    expect(items.map((i) => i.label)).toEqual(["第二类"]);
    expect(items[0]!.kind).toBe(20); // EnumMember
    // the parent as edited in the editor, not as on disk, is what its open child compiles against
    const renamed = PARENT.replace("output 救助金", "output 救助额");
    await lsp.client.sendNotification("textDocument/didChange", { textDocument: { uri: parentUri, version: 2 }, contentChanges: [{ text: renamed }] });
    expect((await diagnosticsFor(childUri, (p) => p.diagnostics.length > 0)).map((d) => d.message)).toEqual(["unknown name `救助金`; did you mean `救助额`?"]);
    await lsp.client.sendNotification("textDocument/didChange", { textDocument: { uri: parentUri, version: 3 }, contentChanges: [{ text: PARENT }] });
    expect(await diagnosticsFor(parentUri, (p) => p.version === 3)).toEqual([]);
    expect(await diagnosticsFor(childUri)).toEqual([]);
  });

  it("hover names the declaration, its type and label", async () => {
    const h = await lsp.client.sendRequest<{ contents: { kind: string; value: string } }>("textDocument/hover", {
      textDocument: { uri: childUri }, position: at(CHILD, "救助金 * 2", 1),
    });
    expect(h.contents.kind).toBe("markdown");
    expect(h.contents.value).toContain("**救助金** — output · `Money`");
    expect(h.contents.value).toContain("医疗救助金");
  });

  it("definition of a name declared in the parent is in the parent's file", async () => {
    const l = await lsp.client.sendRequest<{ uri: string; range: unknown }>("textDocument/definition", {
      textDocument: { uri: childUri }, position: at(CHILD, "救助金 * 2", 1),
    });
    expect(l).toEqual({ uri: parentUri, range: { start: at(PARENT, "救助金: Money"), end: at(PARENT, "救助金: Money", 3) } });
  });

  it("rename edits the parent and the child", async () => {
    const prepared = await lsp.client.sendRequest<{ placeholder: string }>("textDocument/prepareRename", {
      textDocument: { uri: childUri }, position: at(CHILD, "救助金 * 2", 1),
    });
    expect(prepared.placeholder).toBe("救助金");
    const edit = await lsp.client.sendRequest<{ changes: Record<string, { newText: string }[]> }>("textDocument/rename", {
      textDocument: { uri: childUri }, position: at(CHILD, "救助金 * 2", 1), newName: "救助款",
    });
    expect(Object.keys(edit.changes).sort()).toEqual([childUri, parentUri].sort());
    expect(edit.changes[parentUri]!.map((e) => e.newText)).toEqual(["救助款"]);
    expect(edit.changes[childUri]!.map((e) => e.newText)).toEqual(["救助款"]);
    const refused = await lsp.client.sendRequest("textDocument/rename", {
      textDocument: { uri: childUri }, position: at(CHILD, "救助金 * 2", 1), newName: "output",
    });
    expect(refused).toBeNull();
  });

  it("a document not saved yet (untitled:) is checked too", async () => {
    const uri = "untitled:Untitled-1";
    const text = PARENT.replace("* 比例[类别]", "* 比列[类别]");
    await lsp.client.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "bylaw", version: 1, text } });
    expect((await diagnosticsFor(uri)).map((d) => d.code)).toEqual(["BL2006"]);
    const l = await lsp.client.sendRequest<{ uri: string }>("textDocument/definition", { textDocument: { uri }, position: at(text, "起付线 *", 1) });
    expect(l.uri).toBe(uri);
  });

  it("formatting is bylaw fmt's layout", async () => {
    const messy = CHILD.replace("output 加倍: Money", "output   加倍 :Money");
    await lsp.client.sendNotification("textDocument/didChange", { textDocument: { uri: childUri, version: 4 }, contentChanges: [{ text: messy }] });
    const edits = await lsp.client.sendRequest<{ range: never; newText: string }[]>("textDocument/formatting", {
      textDocument: { uri: childUri }, options: { tabSize: 2, insertSpaces: true },
    });
    expect(applyEdits(messy, edits)).toBe(CHILD);
  });
});
