// Watching a server's paths: a change (a file written, added, removed or renamed) loads the
// catalog again over the serving one, and the new one replaces it in one assignment, so each
// request sees either the old catalog or the new one, whole. A file refused on reload keeps
// its previous version serving (catalog.ts); the refusal is reported with its diagnostics.
import { watch, statSync, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";
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
  const watchers: FSWatcher[] = [];
  for (const p of paths) {
    let folder: boolean;
    try {
      folder = statSync(p).isDirectory();
    } catch {
      continue; // refused as missing when loaded
    }
    // a file is watched through its folder: an editor's save replaces the file by a rename
    if (folder) watchers.push(watch(p, { recursive: true }, schedule));
    else watchers.push(watch(dirname(p), (_, name) => name === basename(p) && schedule()));
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
