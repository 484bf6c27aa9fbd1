// `npm run pack` as an engine team meets it: both tarballs installed into a fresh project by
// npm, then plain JavaScript on Node 20 (the machine's own) and Node 24 compiles a seed policy
// with `bylaw` and settles claims with `bylaw-runtime`, and the installed `bylaw` command runs.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLsp } from "../cli/lsp-client.ts";
import { packAll } from "./pack.ts";
import { POOL_MIN_BYTES } from "../cli/commands/batch.ts";
import { startServe } from "../tests/support/serve-process.ts";

const ROOT = join(import.meta.dirname, "..");

/** The machine's Node 20, if it has one (the project's own Node 24 is first on an npm script's PATH). */
function findNode20(): string | undefined {
  const which = spawnSync("which", ["-a", "node"], { encoding: "utf8" }).stdout.split("\n");
  return [...which, "/usr/bin/node"].filter(Boolean).find((bin) => {
    const v = spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout ?? "";
    return v.startsWith("v20.");
  });
}
const NODE20 = findNode20();
const NODES = [["Node 24", process.execPath], ...(NODE20 ? [["Node 20", NODE20]] : [])] as const;

// Plain JavaScript, as an engine writes it: compile the policy from disk, load the artifact as it
// would come from a file, settle two claims of one person, the ledger carried between them.
const SETTLE_MJS = `
import { compileFile, renderDiagnostics } from "bylaw";
import { loadRuleSet } from "bylaw-runtime";

const { path, text, result } = compileFile("000-xpcc/assistance.bylaw", "en");
if (!result.artifact) throw new Error(renderDiagnostics(result.diagnostics, new Map([[path, text]]), "en"));
const rs = loadRuleSet(JSON.parse(JSON.stringify(result.artifact)));
const first = rs.evaluate({ 身份: ["低保边缘家庭成员"], 南疆: false, 自付: "12000" }, undefined, { date: "2022-08-01" });
const second = rs.evaluate({ 身份: ["低保边缘家庭成员"], 南疆: false, 自付: "5000" }, first.ledger, { date: "2022-09-01" });
const bad = rs.evaluate({ 身份: ["低保边缘家庭成员"], 自付: "0.001" });
process.stdout.write(JSON.stringify({ node: process.version, first, second, bad }));
`;

let project: string;
let tarballs: Awaited<ReturnType<typeof packAll>>;
let packSeconds: number;

beforeAll(async () => {
  const started = performance.now();
  tarballs = await packAll();
  packSeconds = (performance.now() - started) / 1000;
  project = mkdtempSync(join(tmpdir(), "bylaw-pack-"));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "engine", private: true, type: "module" }));
  cpSync(join(ROOT, "policies/000-xpcc"), join(project, "000-xpcc"), { recursive: true });
  writeFileSync(join(project, "settle.mjs"), SETTLE_MJS);
  // decimal.js comes from the npm cache that `npm ci` filled, or else from the registry
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarballs["bylaw-runtime"], tarballs.bylaw], { cwd: project, stdio: "pipe" });
}, 180_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

const manifest = (name: string) => JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8"));
const tarList = (file: string) => execFileSync("tar", ["tzf", file], { encoding: "utf8" }).trim().split("\n").sort();

describe("npm run pack", () => {
  it("builds both packages in well under a minute", () => {
    expect(packSeconds).toBeLessThan(60);
  });

  it("bylaw-runtime: one built module and its declarations, decimal.js its only dependency, no side effects", () => {
    const files = tarList(tarballs["bylaw-runtime"]);
    expect(files).toContain("package/index.js");
    expect(files).toContain("package/types/index.d.ts");
    expect(files.filter((f) => !f.endsWith(".d.ts") && !/^package\/(index\.js|package\.json|README\.md)$/.test(f))).toEqual([]);
    const m = manifest("bylaw-runtime");
    expect(m).toMatchObject({ type: "module", sideEffects: false, dependencies: { "decimal.js": expect.any(String) }, exports: { ".": { types: "./types/index.d.ts", default: "./index.js" } } });
    expect(Object.keys(m.dependencies)).toEqual(["decimal.js"]);
    const code = readFileSync(join(project, "node_modules/bylaw-runtime/index.js"), "utf8");
    expect([...code.matchAll(/^import .* from "([^"]+)"/gm)].map((x) => x[1])).toEqual(["decimal.js"]);
    expect(code).not.toMatch(/\bimport\(|\brequire\(/); // nothing loaded behind a bundler's back
  });

  it("bylaw: the bundle and a bin, no TypeScript sources, no playground, bundled code's licences", () => {
    const files = tarList(tarballs.bylaw);
    expect(files).toEqual(expect.arrayContaining(["package/lib/bylaw.js", "package/lib/index.js", "package/lib/batch-worker.js", "package/THIRD-PARTY-LICENSES.txt"]));
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(files.some((f) => f.includes("playground"))).toBe(false);
    const m = manifest("bylaw");
    expect(m).toMatchObject({ bin: { bylaw: "lib/bylaw.js" }, engines: { node: ">=20" } });
    // the batch engines' clients stay packages of their own (DuckDB's bindings are native)
    expect(Object.keys(m.dependencies)).toEqual(["decimal.js", "pg", "@duckdb/node-api"]);
    const licences = readFileSync(join(project, "node_modules/bylaw/THIRD-PARTY-LICENSES.txt"), "utf8");
    for (const name of ["chevrotain", "commander"]) expect(licences).toMatch(new RegExp(`^${name}$`, "m"));
  });

  it("the declarations type an engine's TypeScript, strictly and without skipLibCheck", () => {
    writeFileSync(join(project, "engine.ts"), [
      'import { compileFile } from "bylaw";',
      'import { loadRuleSet, renderRuntimeError, type EvalResult } from "bylaw-runtime";',
      'const { result } = compileFile("000-xpcc/assistance.bylaw", "zh");',
      'const r: EvalResult = loadRuleSet(result.artifact).evaluate({ 自付: "12000" });',
      'export const said: string[] = r.ok ? Object.values(r.outputs).map(String) : r.errors.map((e) => renderRuntimeError(e, "zh"));',
      'export const wrong: number = loadRuleSet;',
    ].join("\n"));
    const options = { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", noEmit: true, skipLibCheck: false, types: [] };
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: options, files: ["engine.ts"] }));
    const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: project, encoding: "utf8" });
    // the one error is the one planted: everything else resolved and typed
    expect(tsc.stdout.trim().split("\n")).toEqual([expect.stringMatching(/^engine\.ts\(6,14\): error TS2322: Type '\(artifact: unknown/)]);
  }, 60_000);

  for (const [label, node] of NODES) {
    it(`${label}: 第三类自付12000元 → 救助金7000.00元 (§二(四)), then 5000元 with the ledger → 3500.00元`, () => {
      const r = JSON.parse(execFileSync(node, ["settle.mjs"], { cwd: project, encoding: "utf8" }));
      expect(r.node.slice(0, 4)).toBe(label === "Node 20" ? "v20." : "v24.");
      // (12000 − 2000) × 70% = 7000: 第三类 deductible 2000, 70% (§二(四)1-2)
      expect(r.first).toMatchObject({ ok: true, outputs: { 救助金: "7000.00", 年度累计个人负担: "12000.00" } });
      expect(r.first.alerts.map((a: { name: string }) => a.name)).toContain("因病返贫预警");
      // the deductible is used up this year: 5000 × 70% = 3500
      expect(r.second).toMatchObject({ ok: true, outputs: { 救助金: "3500.00", 年度累计个人负担: "17000.00" } });
      expect(r.bad.ok).toBe(false);
      expect(r.bad.errors[0]).toMatchObject({ field: "自付", code: expect.stringMatching(/^BR2/) });
    });
  }

  for (const [label, node] of NODES) {
    it(`${label}: the installed \`bylaw serve\` evaluates, and settles where node:sqlite is (Node 22.5+)`, async () => {
      const served = await startServe(["000-xpcc", "--no-watch"], { node, bin: join(project, "node_modules/bylaw/lib/bylaw.js"), cwd: project });
      try {
        const post = async (route: string, body: unknown) => {
          const r = await fetch(`${served.url}v1/policies/xpcc.assistance/${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
          return { status: r.status, body: await r.json() };
        };
        const input = { 身份: ["低保边缘家庭成员"], 自付: "12000" };
        expect(await post("evaluate", { input, date: "2022-08-01" })).toMatchObject({ status: 200, body: { outputs: { 救助金: "7000.00" } } });
        const settled = await post("settle", { person: "张三", claim: "c1", date: "2022-08-01", input });
        if (label === "Node 20") {
          expect(settled).toMatchObject({ status: 503, body: { error: expect.stringContaining("node:sqlite") } });
          expect(served.stderr()).toMatch(/only the stateless routes serve: .*node:sqlite/);
        } else expect(settled).toMatchObject({ status: 200, body: { outputs: { 救助金: "7000.00" } } });
      } finally {
        served.child.kill("SIGTERM");
        await served.exited;
      }
    }, 60_000);
  }

  it.skipIf(!NODE20)("the installed `bylaw` runs on Node 20: check, a wrong policy, and batch on the worker pool", () => {
    const env = { ...process.env, PATH: `${join(NODE20!, "..")}:${process.env.PATH}`, LANG: "en_US.UTF-8" };
    const bylaw = (...args: string[]) => spawnSync("npx", ["--no-install", "bylaw", ...args], { cwd: project, env, encoding: "utf8" });
    expect(bylaw("--version").stdout.trim()).toBe(manifest("bylaw").version);
    const ok = bylaw("check", "000-xpcc");
    expect(ok.status).toBe(0);
    expect(ok.stdout + ok.stderr).toMatch(/checked 6 files: 0 errors/);
    writeFileSync(join(project, "wrong.bylaw"), 'policy t.wrong "错" {\n  region "测试地区"\n  effective 2022-01-01\n  source "t.txt"\n}\noutput x: Money "x" = 未定义\n');
    const wrong = bylaw("check", "wrong.bylaw");
    expect(wrong.status).toBe(1);
    expect(wrong.stdout + wrong.stderr).toMatch(/wrong\.bylaw:\d+:\d+: error BL\d{4}/);

    // 第四类 (deductible 6000, 60%): 4000 → 0, then 5000 → (5000 − 2000) × 60% = 1800 a person
    const people = 25_000;
    const rows = ["person,date,身份,自付"];
    for (let i = 0; i < people; i++) rows.push(`p${i},2022-08-01,因病致贫重病患者,4000`, `p${i},2022-08-02,因病致贫重病患者,5000`);
    writeFileSync(join(project, "claims.csv"), rows.join("\n") + "\n");
    expect(statSync(join(project, "claims.csv")).size).toBeGreaterThan(POOL_MIN_BYTES); // large enough for the workers
    const batch = bylaw("batch", "000-xpcc/assistance.bylaw", "claims.csv", "-o", "out.csv", "--summary", "summary.json", "--workers", "2", "--no-progress");
    expect(batch.stderr).toMatch(/settled, 0 errors/);
    expect(batch.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(project, "summary.json"), "utf8"));
    expect(summary).toMatchObject({ rows: people * 2, errors: 0, totals: { 救助金: `${1800 * people}.00` } });
  }, 60_000);

  it.skipIf(!NODE20)("the installed `bylaw lsp` answers an editor on Node 20: a policy's diagnostics", async () => {
    const file = join(project, "lsp.bylaw");
    const text = 'policy t.lsp "编辑器" {\n  region "测试地区"\n  effective 2022-01-01\n  source "t.txt"\n}\ninput {\n  自付: Money "自付"\n}\noutput x: Money "x" = 自傅\n';
    writeFileSync(file, text);
    const lsp = startLsp(NODE20!, [join(project, "node_modules/bylaw/lib/bylaw.js"), "lsp", "--stdio"], project);
    await lsp.client.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {}, locale: "en" });
    const uri = pathToFileURL(file).href;
    await lsp.client.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "bylaw", version: 1, text } });
    expect((await lsp.diagnosticsFor(uri)).map((d) => d.message)).toEqual(["unknown name `自傅`; did you mean `自付`?"]);
    expect(await lsp.close()).toBe(0);
  }, 60_000);
});
