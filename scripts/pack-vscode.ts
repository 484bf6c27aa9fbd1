// The VS Code extension as a .vsix (part of `npm run pack`): editors/vscode's manifest, grammar
// and language configuration, its client and the language server bundled by esbuild into one
// file each (CommonJS for VS Code's Node, 20 or later; `vscode` is the host's), and the licences
// of what the bundles hold. vsce packs the staged folder without npm or the network.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { generatedFiles } from "../editors/vscode/generate.ts";
import { licences } from "./licences.ts";

const ROOT = join(import.meta.dirname, "..");
const EXTENSION = join(ROOT, "editors/vscode");
const VSCE = join(ROOT, "node_modules/@vscode/vsce/vsce");

/** Builds the extension into `out`; answers the .vsix's path. */
export async function packVscode(out: string): Promise<string> {
  const stage = join(out, "stage/vscode");
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, "syntaxes"), { recursive: true });
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  // the sources are ES modules (`type: module`); the bundles VS Code loads are CommonJS
  const { type: _sources, ...manifest } = { ...JSON.parse(readFileSync(join(EXTENSION, "package.json"), "utf8")), version };
  writeFileSync(join(stage, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  cpSync(join(EXTENSION, "README.md"), join(stage, "README.md"));
  for (const [path, text] of Object.entries(generatedFiles())) writeFileSync(join(stage, path), text);

  const built = await build({
    entryPoints: { extension: "editors/vscode/src/extension.ts", server: "editors/vscode/src/server.ts" },
    outdir: join(stage, "dist"),
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["vscode"],
    // Chevrotain (in the server) is built for Node 22: Object.groupBy as in the bylaw package
    define: { "Object.groupBy": "objectGroupBy" },
    inject: ["packages/bylaw/node20.ts"],
    legalComments: "none",
    logLevel: "warning",
    metafile: true,
  });
  writeFileSync(join(stage, "THIRD-PARTY-LICENSES.txt"), licences(ROOT, Object.keys(built.metafile.inputs)));

  const vsix = join(out, `bylaw-${version}.vsix`);
  await promisify(execFile)(process.execPath, [VSCE, "package", "--no-dependencies", "--skip-license", "--allow-missing-repository", "--out", vsix], { cwd: stage });
  return vsix;
}
