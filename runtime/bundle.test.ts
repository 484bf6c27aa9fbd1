import { describe, expect, it } from "vitest";
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, relative } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));

describe("the runtime stands alone", () => {
  it("bundles for browsers from runtime/ and decimal.js only; generated code only in fast/fast-settle.ts", async () => {
    const result = await build({
      entryPoints: [`${here}/index.ts`],
      bundle: true,
      write: false,
      metafile: true,
      platform: "browser",
      format: "esm",
      logLevel: "silent",
    });
    const outside = Object.keys(result.metafile.inputs).filter((path) => {
      const rel = relative(here, `${process.cwd()}/${path}`);
      return rel.startsWith("..") && !path.includes("node_modules/decimal.js/");
    });
    expect(outside).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes("node_modules/decimal.js/"))).toBe(true);
    expect(inputs.filter((p) => p.endsWith("runtime/eval/evaluate.ts"))).toHaveLength(1);
    const code = result.outputFiles[0]!.text;
    // the one use of generated code: the fast path's settle function (fast-settle.ts)
    expect(code.match(/\bnew Function\b/g)).toHaveLength(1);
    expect(code).toMatch(/new Function\("env", settleSource\(/);
    expect(code).not.toMatch(/\beval\(/);
    expect(code).not.toMatch(/from "node:/);
  });
});
