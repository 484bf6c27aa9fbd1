// The policies a server settles with: policy files compiled (or artifacts loaded) from the
// paths it was given, as `eval` and `batch` load them (trusted keys included), grouped by
// policy id into rule books that pick the version in force on a claim's date. A file that
// fails to compile or load is refused with its reason and the rest still serve; loaded again
// over a previous catalog (a reload), a refused file keeps its previous version serving, and
// so does a policy whose new versions do not fit together.
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
  /** each file's rule set as it serves: a reload keeps it when the file's new text is refused */
  files: Map<string, RuleSet>;
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
export async function loadCatalog(paths: readonly string[], opts: CatalogOptions, previous?: Catalog): Promise<Catalog> {
  const refused: Refusal[] = [];
  const files = new Map<string, RuleSet>();
  const { files: found, missing } = expandPolicyPaths(paths, [".bylaw", ".json"]);
  for (const m of missing) refused.push({ file: m, reason: opts.lang === "zh" ? "找不到文件" : "no such file or folder" });
  for (const file of found) {
    try {
      files.set(file, await loadPolicyOrArtifact(file, opts));
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      refused.push({ file, reason: e.message });
      const kept = previous?.files.get(file);
      if (kept !== undefined) files.set(file, kept);
    }
  }
  const byId = new Map<string, RuleSet[]>();
  for (const rs of files.values()) byId.set(rs.meta.id, [...(byId.get(rs.meta.id) ?? []), rs]);
  const books = new Map<string, RuleBook>();
  for (const [id, versions] of byId) {
    try {
      books.set(id, new RuleBook(versions));
    } catch (e) {
      if (!(e instanceof ArtifactError)) throw e;
      refused.push({ file: id, reason: `${e.code}: ${renderRuntimeError(e, opts.lang)}` });
      const kept = previous?.books.get(id);
      if (kept !== undefined) books.set(id, kept);
    }
  }
  return { books, files, refused };
}
