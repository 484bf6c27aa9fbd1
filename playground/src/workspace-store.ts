// The workspace in IndexedDB (database "bylaw", store "workspace", one record): unlike
// localStorage it holds many large files and writes without blocking typing. A workspace an
// earlier version kept in localStorage (key "bylaw.workspace") is read once and moved here.
import type { StoredWorkspace, WorkspaceStore } from "./workspace.ts";

export const DB_NAME = "bylaw";
export const STORE_NAME = "workspace";
export const RECORD_KEY = "state";
/** where earlier versions kept the workspace */
export const LEGACY_KEY = "bylaw.workspace";

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

function openDb(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE_NAME);
  return request(req);
}

function legacy(): StoredWorkspace | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(LEGACY_KEY);
    return raw ? (JSON.parse(raw) as StoredWorkspace) : undefined;
  } catch {
    return undefined;
  }
}

/** The IndexedDB store, or undefined where there is none (then edits live as long as the page). */
export function indexedDbStore(): WorkspaceStore | undefined {
  if (typeof indexedDB === "undefined") return undefined;
  let db: Promise<IDBDatabase> | undefined;
  const connect = () => (db ??= openDb());
  return {
    async load() {
      const tx = (await connect()).transaction(STORE_NAME, "readonly");
      const stored = (await request(tx.objectStore(STORE_NAME).get(RECORD_KEY))) as StoredWorkspace | undefined;
      return stored ?? legacy();
    },
    save(state) {
      // Transactions on one connection commit in the order they were made: the last write wins.
      void connect().then((d) => {
        d.transaction(STORE_NAME, "readwrite").objectStore(STORE_NAME).put(state, RECORD_KEY);
        try {
          globalThis.localStorage?.removeItem(LEGACY_KEY); // moved to IndexedDB
        } catch {
          // nothing to remove
        }
      }).catch(() => {
        // storage disabled or full: the edits stay in this page
      });
    },
  };
}
