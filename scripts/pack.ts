// `npm run pack`: the two installable packages, as tarballs in dist/, and the VS Code
// extension (scripts/pack-vscode.ts) as a .vsix.
//
//   bylaw-runtime  the runtime as one ES module (index.js) and its declarations; decimal.js its
//                  only dependency; Node 20 and later, and browsers
//   bylaw          the compiler's API (lib/index.js) and the `bylaw` command (lib/bylaw.js)
//
// The JavaScript is bundled by esbuild, which follows the sources' `.ts` specifiers itself and
// takes well under a second; tsc would check every file again only to strip types. tsc writes
// the declarations (esbuild cannot), once for both packages. The bylaw package bundles the
// runtime rather than depending on bylaw-runtime: the compiler uses the runtime's inner
// modules (ops.ts for constant folding, the one decimal.js configuration, the artifact format
// and its hash), which the runtime package does not export, and a bundle built from the same
// commit cannot fold a constant differently from the evaluator or write a format its runtime
// cannot read. The artifact (JSON) is what passes between the two packages.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { licences } from "./licences.ts";
import { packVscode } from "./pack-vscode.ts";

const ROOT = join(import.meta.dirname, "..");
export const DIST = join(ROOT, "dist");
const STAGE = join(DIST, "stage");
const TYPES = join(DIST, "types");

const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  version: string;
  license: string;
  dependencies: Record<string, string>;
};
/** the root package's range for each dependency a package keeps: one version in one place */
const deps = (...names: string[]) => Object.fromEntries(names.map((n) => [n, root.dependencies[n]]));
const common = { version: root.version, license: root.license, type: "module", engines: { node: ">=20" } };

const MANIFESTS = {
  "bylaw-runtime": {
    name: "bylaw-runtime",
    description: "Settles claims exactly with a bylaw rule-set artifact: exact money, ledgers, traces. Node and browsers.",
    ...common,
    main: "./index.js",
    types: "./types/index.d.ts",
    exports: { ".": { types: "./types/index.d.ts", default: "./index.js" }, "./package.json": "./package.json" },
    sideEffects: false,
    files: ["index.js", "types"],
    dependencies: deps("decimal.js"),
  },
  bylaw: {
    name: "bylaw",
    description: "The bylaw policy language's compiler and the `bylaw` command",
    ...common,
    main: "./lib/index.js",
    types: "./types/packages/bylaw/index.d.ts",
    exports: { ".": { types: "./types/packages/bylaw/index.d.ts", default: "./lib/index.js" }, "./package.json": "./package.json" },
    bin: { bylaw: "lib/bylaw.js" },
    files: ["lib", "types", "THIRD-PARTY-LICENSES.txt"],
    // the batch engines' clients: DuckDB's native bindings cannot be bundled, and pg is kept beside it
    dependencies: deps("decimal.js", "pg", "@duckdb/node-api"),
  },
};
type PackageName = keyof typeof MANIFESTS;

const execFileAsync = promisify(execFile);

async function run(cmd: string, args: string[], cwd = ROOT): Promise<string> {
  try {
    return (await execFileAsync(cmd, args, { cwd, encoding: "utf8" })).stdout;
  } catch (e) {
    const { stdout = "", stderr = "" } = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${stdout}${stderr}`);
  }
}

async function declarations(): Promise<void> {
  await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "packages/tsconfig.types.json"]);
}

/** tsc keeps `.ts` in the declarations' specifiers (rewriteRelativeImportExtensions rewrites
 *  only the JavaScript it would emit); next to .d.ts files they must name .js modules. */
function rewriteSpecifiers(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, e.name);
    if (e.isDirectory()) rewriteSpecifiers(file);
    else if (e.name.endsWith(".d.ts")) {
      const text = readFileSync(file, "utf8");
      writeFileSync(file, text.replace(/((?:from|import)\s*\(?\s*["']\.{1,2}\/[^"']*?)\.ts(["'])/g, "$1.js$2"));
    }
  }
}

async function bundles(): Promise<void> {
  const shared = { bundle: true, format: "esm", target: "node20", logLevel: "warning", legalComments: "none", absWorkingDir: ROOT } as const;
  const [, cli] = await Promise.all([
    build({
      ...shared,
      entryPoints: ["runtime/index.ts"],
      outfile: join(STAGE, "bylaw-runtime/index.js"),
      platform: "neutral",
      target: "es2022", // browsers too
      external: ["decimal.js"],
    }),
    // one folder, so the batch worker (./batch-worker.js) sits beside the chunk that starts it
    build({
      ...shared,
      entryPoints: { index: "packages/bylaw/index.ts", bylaw: "packages/bylaw/bin.ts", "batch-worker": "cli/batch-worker.ts", "diff-worker": "cli/diff-worker.ts", "sqlite-checkpoint": "serve/store/sqlite-checkpoint.ts" },
      outdir: join(STAGE, "bylaw/lib"),
      platform: "node",
      // Chevrotain and commander are bundled: both declare Node ≥ 22 (engine-strict installs on
      // Node 20 would refuse them), and Chevrotain's one newer built-in is shimmed locally.
      // DuckDB (native, `batch --engine duckdb`) is loaded only when asked for, if installed.
      external: ["decimal.js", "pg", "@duckdb/node-api"],
      define: { "Object.groupBy": "objectGroupBy" },
      inject: ["packages/bylaw/node20.ts"],
      // the language server's protocol library is CommonJS and requires Node's modules: an ES
      // module has no `require` of its own, so each output file makes one
      banner: { js: 'import { createRequire as __bylawRequire } from "node:module"; const require = __bylawRequire(import.meta.url);' },
      splitting: true,
      chunkNames: "[name]-[hash]",
      metafile: true,
    }),
  ]);
  writeFileSync(join(STAGE, "bylaw/THIRD-PARTY-LICENSES.txt"), licences(ROOT, Object.keys(cli.metafile.inputs)));
}

async function pack(name: PackageName): Promise<string> {
  const dir = join(STAGE, name);
  writeFileSync(join(dir, "package.json"), JSON.stringify(MANIFESTS[name], null, 2) + "\n");
  cpSync(join(ROOT, "packages", name, "README.md"), join(dir, "README.md"));
  const [{ filename }] = JSON.parse(await run("npm", ["pack", "--json", "--pack-destination", DIST], dir)) as { filename: string }[];
  return join(DIST, filename);
}

/** Builds both packages and the VS Code extension; answers the tarballs' and the .vsix's paths. */
export async function packAll(): Promise<Record<PackageName | "vscode", string>> {
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(STAGE, { recursive: true });
  await Promise.all([declarations(), bundles()]);
  rewriteSpecifiers(TYPES);
  cpSync(join(TYPES, "runtime"), join(STAGE, "bylaw-runtime/types"), { recursive: true });
  cpSync(TYPES, join(STAGE, "bylaw/types"), { recursive: true });
  const [runtime, bylaw, vscode] = await Promise.all([pack("bylaw-runtime"), pack("bylaw"), packVscode(DIST)]);
  return { "bylaw-runtime": runtime, bylaw, vscode };
}

if (process.argv[1] === import.meta.filename) {
  const started = performance.now();
  const tarballs = await packAll();
  for (const file of Object.values(tarballs)) process.stdout.write(`${relative(process.cwd(), file)}\n`);
  process.stdout.write(`packed in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
