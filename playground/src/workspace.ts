// The files being edited, kept in the browser across reloads (IndexedDB, workspace-store.ts):
// the shipped examples as edited, the user's own files (opened from disk or saved under a
// name), and which file was open. A file is "modified" when its text differs from its base:
// the shipped copy for an example, the text as opened or last saved for one's own file. The
// compiler reads the workspace's texts first, so a child compiles against its edited parent.

export interface StoredWorkspace {
  open?: string;
  /** texts that differ from the shipped copy, and every own file's text, by path */
  files: Record<string, string>;
  /** the user's own files: their text as opened or last saved, by path */
  own?: Record<string, string>;
}

/** Where the workspace is kept: loaded once when the page starts, saved after each change. */
export interface WorkspaceStore {
  load(): Promise<StoredWorkspace | undefined>;
  save(state: StoredWorkspace): void;
}

export class Workspace {
  private readonly shipped: (path: string) => string;
  private readonly store: WorkspaceStore | undefined;
  private readonly texts = new Map<string, string>();
  private readonly own = new Map<string, string>();
  private openPath: string | undefined;

  /** `shipped(path)` is an example's text as shipped (the blank template for a new file). */
  constructor(shipped: (path: string) => string, store: WorkspaceStore | undefined, saved?: StoredWorkspace) {
    this.shipped = shipped;
    this.store = store;
    this.openPath = saved?.open;
    for (const [path, text] of Object.entries(saved?.own ?? {})) this.own.set(path, text);
    for (const [path, text] of Object.entries(saved?.files ?? {})) this.texts.set(path, text);
  }

  /** The workspace as the store last saved it (an empty one when there is none or it is unreadable). */
  static async open(shipped: (path: string) => string, store: WorkspaceStore | undefined): Promise<Workspace> {
    let saved: StoredWorkspace | undefined;
    try {
      saved = parseStored(await store?.load());
    } catch {
      saved = undefined; // storage unreadable: start from the shipped files
    }
    return new Workspace(shipped, store, saved);
  }

  /** The file that was open when the page was left, if any. */
  get open(): string | undefined {
    return this.openPath;
  }

  /** The user's own files (not shipped), in the order they were added. */
  ownFiles(): string[] {
    return [...this.own.keys()];
  }

  isOwn(path: string): boolean {
    return this.own.has(path);
  }

  /** What "modified" is measured against and 还原 goes back to. */
  base(path: string): string {
    return this.own.get(path) ?? this.shipped(path);
  }

  text(path: string): string {
    return this.texts.get(path) ?? this.base(path);
  }

  isModified(path: string): boolean {
    return this.text(path) !== this.base(path);
  }

  /** Every text the compiler must read instead of a shipped copy (edited examples, own files), by path. */
  edits(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const path of this.own.keys()) out[path] = this.text(path);
    for (const [path, text] of this.texts) out[path] = text;
    return out;
  }

  set(path: string, text: string): void {
    if (text === this.base(path) && !this.own.has(path)) this.texts.delete(path);
    else this.texts.set(path, text);
    this.save();
  }

  /** Adds (or replaces) one's own file with the text it has on disk: it is not modified. */
  addOwn(path: string, text: string): void {
    this.own.set(path, text);
    this.texts.set(path, text);
    this.save();
  }

  /** Forgets one's own file (a shipped file cannot be removed, only reverted). */
  remove(path: string): void {
    if (!this.own.delete(path)) return;
    this.texts.delete(path);
    if (this.openPath === path) this.openPath = undefined;
    this.save();
  }

  /** The first free path `policies/<stem>-N.bylaw` (N from 1) among the files `taken` reports. */
  freePath(stem: string, taken: (path: string) => boolean): string {
    for (let n = 1; ; n++) {
      const path = `policies/${stem}-${n}.bylaw`;
      if (!taken(path)) return path;
    }
  }

  /** The file was saved to disk as it is: an own file is no longer modified. */
  saved(path: string): void {
    if (!this.own.has(path)) return;
    this.own.set(path, this.text(path));
    this.save();
  }

  setOpen(path: string): void {
    this.openPath = path;
    this.save();
  }

  private save(): void {
    const own = Object.fromEntries(this.own);
    this.store?.save({ open: this.openPath, files: this.edits(), ...(this.own.size > 0 ? { own } : {}) });
  }
}

const textsOf = (value: unknown): Record<string, string> =>
  typeof value === "object" && value !== null
    ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"))
    : {};

/** A stored workspace as read back, whatever was stored: wrong parts are dropped. */
export function parseStored(value: unknown): StoredWorkspace | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { open, files, own } = value as Record<string, unknown>;
  return { open: typeof open === "string" ? open : undefined, files: textsOf(files), own: textsOf(own) };
}
