// The seed policies as the tests see them: every policies/**/*.bylaw, its text, a source host
// serving the real files, and each compiled artifact (compiled once per test file).
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { compile, type TextHost } from "../../compiler/index.ts";
import type { Artifact } from "../../runtime/ir/artifact.ts";
import { loadRuleSet, type RuleSet } from "../../runtime/index.ts";
import { diskHostAt, expandPolicyPaths } from "../../cli/files.ts";

/** The repository root; compiler paths are relative to it ("policies/000-xpcc/assistance.bylaw"). */
export const ROOT = resolve(import.meta.dirname, "../..");


/** Seed policy paths relative to ROOT. */
export const SEED_FILES: string[] = expandPolicyPaths([join(ROOT, "policies")]).files.map((p) => relative(ROOT, p));

export function readSeed(path: string): string {
  return readFileSync(join(ROOT, path), "utf8");
}

/** Serves the real policy files; `overrides` replaces some texts (a mutated parent, say). */
const fromDisk = diskHostAt(ROOT);

export function seedHost(overrides: ReadonlyMap<string, string> = new Map()): TextHost {
  return {
    readFile(path: string): string | undefined {
      const o = overrides.get(path);
      if (o !== undefined) return o;
      return fromDisk.readFile(path);
    },
  };
}

export interface Seed {
  file: string;
  id: string;
  artifact: Artifact;
  ruleSet: RuleSet;
}

let cache: Seed[] | undefined;

/** Every seed policy compiled and loaded; throws if one does not compile (policies.test.ts says why). */
export function seeds(): Seed[] {
  if (cache !== undefined) return cache;
  const host = seedHost();
  cache = SEED_FILES.map((file) => {
    const r = compile(file, readSeed(file), host);
    if (r.artifact === undefined) throw new Error(`${file} does not compile: ${r.diagnostics.map((d) => d.code).join(", ")}`);
    return { file, id: r.artifact.policy.id, artifact: r.artifact, ruleSet: loadRuleSet(r.artifact) };
  });
  return cache;
}

export function seedById(id: string): Seed {
  const s = seeds().find((x) => x.id === id);
  if (s === undefined) throw new Error(`no seed policy ${id}`);
  return s;
}
