// Watching a server's paths: a change (a file written, added, removed or renamed) loads the
// catalog again over the serving one, and the new one replaces it in one assignment, so each
// request sees either the old catalog or the new one, whole. A file refused on reload keeps
// its previous version serving (catalog.ts); the refusal is reported with its diagnostics.
import { readdirSync, statSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname, join } from "node:path";
import { loadCatalog, type Catalog, type CatalogOptions } from "./catalog.ts";
import type { Service } from "./server.ts";

/** Changes closer together than this are loaded once (an editor's save is several events). */
const SETTLE_MS = 100;

/** Watches `paths`; `loaded` hears of each catalog put in service. Answers a function that stops watching. */
export function watchCatalog(paths: readonly string[], opts: CatalogOptions, service: Service, loaded: (c: Catalog) => void, failed: (e: Error) => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const reload = async () => {
    try {
      const next = await loadCatalog(paths, opts, service.catalog);
      service.catalog = next;
      loaded(next);
    } catch (e) {
      failed(e as Error); // the serving catalog stays
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // one load at a time; changes during one load once more after it
      if (running) return void (again = true);
      running = reload().finally(() => {
        running = undefined;
        if (again) (again = false), schedule();
      });
    }, SETTLE_MS);
  };
  // Folders, never files, are watched: `sed -i`, an editor's save or `git checkout` replace a
  // file by a rename, and a watch on the file (as a recursive watch keeps on Linux) goes
  // deaf with the old file. A folder's watch hears of its entries whatever their inode.
  const watchers = new Map<string, FSWatcher>();
  /** Each folder to watch, with the names that matter in it (undefined: every name). */
  let wanted = new Map<string, Set<string> | undefined>();
  const changed = (dir: string) => (_: string, name: string | null) => {
    const names = wanted.get(dir);
    if (names !== undefined && name !== null && !names.has(name)) return; // beside a served file
    sync();
    schedule();
  };
  /** Watches every folder of the paths (and the folder of each file), and only those. */
  const sync = () => {
    wanted = new Map();
    for (const p of paths) {
      if (isFolder(p)) for (const dir of foldersUnder(p)) wanted.set(dir, undefined);
      else if (!wanted.has(dirname(p)) || wanted.get(dirname(p)) !== undefined) {
        wanted.set(dirname(p), new Set([...(wanted.get(dirname(p)) ?? []), basename(p)]));
      }
    }
    for (const [dir, w] of watchers) if (!wanted.has(dir)) (w.close(), watchers.delete(dir));
    for (const dir of wanted.keys()) {
      if (watchers.has(dir)) continue;
      try {
        watchers.set(dir, watch(dir, changed(dir)));
      } catch {
        // gone between listing and watching: the next event lists again
      }
    }
  };
  sync();
  return () => {
    clearTimeout(timer);
    for (const w of watchers.values()) w.close();
  };
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false; // refused as missing when loaded
  }
}

/** The folder and every folder under it. */
function foldersUnder(root: string): string[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const e of readdirSync(out[i]!, { withFileTypes: true })) if (e.isDirectory()) out.push(join(out[i]!, e.name));
    } catch {
      // removed meanwhile
    }
  }
  return out;
}
