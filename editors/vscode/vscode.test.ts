// The VS Code extension: its generated files are current, its grammar highlights what the
// lexer reads, and `npm run pack`'s .vsix holds the manifest, grammar, client and a server that
// answers a client on Node 20 (VS Code's) with nothing else installed.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { startLsp } from "../../cli/lsp-client.ts";
import { PARENT } from "../../language/tests/fixtures.ts";
import { packVscode } from "../../scripts/pack-vscode.ts";
import { generatedFiles } from "./generate.ts";
import { buildTextMate, type Rule } from "./grammar.ts";

describe("生成文件 generated files", () => {
  it("the grammar and language configuration in editors/vscode are what generate.ts writes", () => {
    for (const [path, text] of Object.entries(generatedFiles())) {
      expect(readFileSync(join(import.meta.dirname, path), "utf8"), `${path}: run node editors/vscode/generate.ts`).toBe(text);
    }
  });
});

/** Scopes of `line` the way TextMate picks them: at each point the rule matching earliest wins (first listed on a tie). */
function scopes(line: string): [string, string][] {
  const rules = buildTextMate().patterns.filter((r): r is Rule & { match: string } => r.match !== undefined);
  const out: [string, string][] = [];
  let pos = 0;
  while (pos < line.length) {
    let best: { index: number; text: string; name: string } | undefined;
    for (const r of rules) {
      const re = new RegExp(r.match, "gu");
      re.lastIndex = pos;
      const m = re.exec(line);
      if (m && m[0] !== "" && (!best || m.index < best.index)) best = { index: m.index, text: m[0], name: r.name! };
    }
    if (!best) break;
    out.push([best.text, best.name.replace(/\.bylaw$/, "")]);
    pos = best.index + best.text.length;
  }
  return out;
}

describe("语法高亮 the TextMate grammar", () => {
  it("keywords, types, Chinese names, amounts, rates and sections", () => {
    expect(scopes("output 救助金: Money = 自付 above 1.6万元 * 70% at most unlimited §二(四)2")).toEqual([
      ["output", "keyword.other"], ["救助金", "variable.other"], [":", "punctuation.separator"], ["Money", "storage.type"],
      ["=", "keyword.operator"], ["自付", "variable.other"], ["above", "keyword.other"], ["1.6万元", "constant.numeric.money"],
      ["*", "keyword.operator"], ["70%", "constant.numeric.rate"], ["at", "keyword.other"], ["most", "keyword.other"],
      ["unlimited", "constant.language"], ["§二(四)2", "entity.name.section"],
    ]);
  });
  it("a keyword inside a name is a name; 无穷 is ∞ but 无穷大 a name; dates and points", () => {
    expect(scopes("override_x c1 无穷 无穷大 2022-07-25 5pp 6个月")).toEqual([
      ["override_x", "variable.other"], ["c1", "variable.other"], ["无穷", "constant.language"], ["无穷大", "variable.other"],
      ["2022-07-25", "constant.numeric.date"], ["5pp", "constant.numeric.points"], ["6个月", "constant.numeric.duration"],
    ]);
  });
});

describe("VS Code 扩展包 the .vsix", () => {
  let vsix: string;
  let unpacked: string;
  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), "bylaw-vsix-"));
    vsix = await packVscode(out);
    unpacked = join(out, "unpacked");
    execFileSync("unzip", ["-q", vsix, "-d", unpacked]);
  }, 120_000);

  it("holds the manifest, grammar, language configuration, client and server", () => {
    const listing = spawnSync("unzip", ["-Z1", vsix], { encoding: "utf8" }).stdout.split("\n");
    expect(listing).toEqual(expect.arrayContaining([
      "extension/package.json", "extension/syntaxes/bylaw.tmLanguage.json", "extension/language-configuration.json",
      "extension/dist/extension.js", "extension/dist/server.js", "extension/THIRD-PARTY-LICENSES.txt",
    ]));
    const manifest = JSON.parse(readFileSync(join(unpacked, "extension/package.json"), "utf8"));
    expect(manifest.main).toBe("./dist/extension.js");
    expect(manifest.type).toBeUndefined(); // the bundles are CommonJS
    expect(manifest.contributes.grammars[0].scopeName).toBe("source.bylaw");
    expect(manifest.version).toBe(JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")).version);
    // the client is bundled: only `vscode` (the host's) is left to require
    const client = readFileSync(join(unpacked, "extension/dist/extension.js"), "utf8");
    expect([...new Set([...client.matchAll(/require\("([^".][^"]*)"\)/g)].map((m) => m[1]))].filter((m) => !m!.startsWith("node:") && !builtinModules.includes(m!))).toEqual(["vscode"]);
  });

  it("its server answers a client: diagnostics of a policy, on VS Code's Node 20 when the machine has it", async () => {
    const node20 = "/usr/bin/node";
    const node = (spawnSync(node20, ["--version"], { encoding: "utf8" }).stdout ?? "").startsWith("v20.") ? node20 : process.execPath;
    const dir = mkdtempSync(join(tmpdir(), "bylaw-vsix-ws-"));
    const text = PARENT.replace("* 比例[类别]", "* 比列[类别]");
    writeFileSync(join(dir, "p.bylaw"), text);
    const uri = pathToFileURL(join(dir, "p.bylaw")).href;
    const lsp = startLsp(node, [join(unpacked, "extension/dist/server.js"), "--stdio"], dir);
    await lsp.client.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {}, locale: "zh-cn" });
    await lsp.client.sendNotification("initialized", {});
    await lsp.client.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "bylaw", version: 1, text } });
    const diags = await lsp.diagnosticsFor(uri);
    expect(diags.map((d) => d.code)).toEqual(["BL2006"]);
    expect(diags[0]!.message).toContain("是否应为 `比例`");
    expect(await lsp.close()).toBe(0);
  });
});
