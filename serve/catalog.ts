// The policies a server settles with: policy files compiled (or artifacts loaded) from the
// paths it was given, as `eval` and `batch` load them (trusted keys included), grouped by
// policy id into rule books that pick the version in force on a claim's date. A file that
// fails to compile or load is refused with its reason and the rest still serve.
import type { Lang } from "../compiler/index.ts";
import { expandPolicyPaths } from "../cli/files.ts";
import { CliError, loadPolicyOrArtifact } from "../cli/load-policy.ts";
import { ArtifactError, renderRuntimeError, RuleBook, type RuleSet } from "../runtime/index.ts";

export interface Refusal {
  file: string;
  reason: string;
}

export interface Catalog {
  books: Map<string, RuleBook>;
  refused: Refusal[];
}

export interface CatalogOptions {
  lang: Lang;
  /** folder the policies' imports may be read from */
  root?: string;
  /** public key files: only artifacts signed by one of them are served */
  trust?: readonly string[];
}

/** `.bylaw` files are compiled, `.json` files loaded as artifacts; folders are searched for both. */
export async function loadCatalog(paths: readonly string[], opts: CatalogOptions): Promise<Catalog> {
  const refused: Refusal[] = [];
  const byId = new Map<string, RuleSet[]>();
  const { files, missing } = expandPolicyPaths(paths, [".bylaw", ".json"]);
  for (const m of missing) refused.push({ file: m, reason: opts.lang === "zh" ? "找不到文件" : "no such file or folder" });
  for (const file of files) {
    try {
      const rs = await loadPolicyOrArtifact(file, opts);
      byId.set(rs.meta.id, [...(byId.get(rs.meta.id) ?? []), rs]);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      refused.push({ file, reason: e.message });
    }
  }
  const books = new Map<string, RuleBook>();
  for (const [id, versions] of byId) {
    try {
      books.set(id, new RuleBook(versions));
    } catch (e) {
      if (!(e instanceof ArtifactError)) throw e;
      refused.push({ file: id, reason: `${e.code}: ${renderRuntimeError(e, opts.lang)}` });
    }
  }
  return { books, refused };
}
