// The policies a server settles with: policy files compiled (or artifacts loaded) from the
// paths it was given, grouped by policy id into rule books that pick the version in force on
// a claim's date. A file that fails to compile or load is refused with its reason and the
// rest still serve.
import { readFileSync } from "node:fs";
import { compileFile, CliError } from "../cli/load-policy.ts";
import { expandPolicyPaths } from "../cli/files.ts";
import { countErrors } from "../cli/report.ts";
import { loadRuleSet, renderRuntimeError, RuleBook, ArtifactError, type RuleSet } from "../runtime/index.ts";

export interface Refusal {
  file: string;
  reason: string;
}

export interface Catalog {
  books: Map<string, RuleBook>;
  refused: Refusal[];
}

/** `.bylaw` files are compiled, `.json` files loaded as artifacts; folders are searched for both. */
export function loadCatalog(paths: readonly string[], root?: string): Catalog {
  const refused: Refusal[] = [];
  const byId = new Map<string, RuleSet[]>();
  const { files, missing } = expandPolicyPaths(paths, [".bylaw", ".json"]);
  for (const m of missing) refused.push({ file: m, reason: "no such file or folder" });
  for (const file of files) {
    try {
      const rs = file.endsWith(".json") ? loadRuleSet(JSON.parse(readFileSync(file, "utf8"))) : compiled(file, root);
      if (rs === undefined) continue; // a library file: no policy header of its own
      byId.set(rs.meta.id, [...(byId.get(rs.meta.id) ?? []), rs]);
    } catch (e) {
      const reason = e instanceof ArtifactError ? `${e.code}: ${renderRuntimeError(e, "en")}` : e instanceof Error ? e.message : String(e);
      refused.push({ file, reason });
    }
  }
  const books = new Map<string, RuleBook>();
  for (const [id, versions] of byId) {
    try {
      books.set(id, new RuleBook(versions));
    } catch (e) {
      refused.push({ file: id, reason: e instanceof ArtifactError ? `${e.code}: ${renderRuntimeError(e, "en")}` : String(e) });
    }
  }
  return { books, refused };
}

function compiled(file: string, root?: string): RuleSet | undefined {
  const { result } = compileFile(file, "en", root);
  if (countErrors(result.diagnostics) > 0 || result.artifact === undefined) {
    const first = result.diagnostics.find((d) => d.severity === "error");
    throw new CliError(`does not compile${first ? ` (${first.code} and ${countErrors(result.diagnostics) - 1} more)` : ""}`);
  }
  return result.artifact.policy.id === "" ? undefined : loadRuleSet(result.artifact);
}
