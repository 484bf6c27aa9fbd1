// One decimal.js configuration: the compiler, the runtime, the CLI and the playground compute
// with runtime/ir/decimal.ts's constructor and configure no other. Only the independent
// oracles (tests/) and the benchmark's hand-written contenders (bench/) have their own.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const HOME = "runtime/ir/decimal.ts";

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts"))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe("decimal.js", () => {
  it(`is configured in ${HOME} only`, () => {
    const configuring = ["compiler", "runtime", "cli", "playground/src", "grammar"]
      .flatMap(sources)
      .filter((f) => /Decimal\.(clone|set|config)\(/.test(readFileSync(join(ROOT, f), "utf8")));
    expect(configuring).toEqual([HOME]);
  });
});
