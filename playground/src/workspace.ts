// The files being edited, kept in the browser across reloads (localStorage): for each file
// the text as edited when it differs from the bundled copy, and which file was open. The
// compiler reads edited files through it, so a child policy compiles against its edited
// parent. A file whose text equals its bundled copy is not "modified" and is not stored.

export interface StoredWorkspace {
  open?: string;
  files: Record<string, string>;
}

/** The part of the Web Storage API used here (a Map-backed stand-in in the unit tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const WORKSPACE_KEY = "bylaw.workspace";

export class Workspace {
  private readonly bundled: (path: string) => string;
  private readonly store: KeyValueStore | undefined;
  private readonly edited = new Map<string, string>();
  private openPath: string | undefined;

  /** `bundled(path)` is a file's text as shipped (the blank template for a new file). */
  constructor(bundled: (path: string) => string, store: KeyValueStore | undefined) {
    this.bundled = bundled;
    this.store = store;
    const saved = read(store);
    this.openPath = saved?.open;
    for (const [path, text] of Object.entries(saved?.files ?? {})) this.edited.set(path, text);
  }

  /** The file that was open when the page was left, if any. */
  get open(): string | undefined {
    return this.openPath;
  }

  text(path: string): string {
    return this.edited.get(path) ?? this.bundled(path);
  }

  isModified(path: string): boolean {
    return this.edited.has(path);
  }

  /** Every edited file's text by path (what the compiler reads instead of the bundled copy). */
  edits(): Record<string, string> {
    return Object.fromEntries(this.edited);
  }

  set(path: string, text: string): void {
    if (text === this.bundled(path)) this.edited.delete(path);
    else this.edited.set(path, text);
    this.save();
  }

  setOpen(path: string): void {
    this.openPath = path;
    this.save();
  }

  private save(): void {
    const state: StoredWorkspace = { open: this.openPath, files: this.edits() };
    try {
      this.store?.setItem(WORKSPACE_KEY, JSON.stringify(state));
    } catch {
      // storage full or disabled: the edits stay in this page
    }
  }
}

function read(store: KeyValueStore | undefined): StoredWorkspace | undefined {
  try {
    const raw = store?.getItem(WORKSPACE_KEY);
    if (!raw) return undefined;
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null) return undefined;
    const { open, files } = value as Record<string, unknown>;
    const texts = typeof files === "object" && files !== null
      ? Object.entries(files).filter((e): e is [string, string] => typeof e[1] === "string")
      : [];
    return { open: typeof open === "string" ? open : undefined, files: Object.fromEntries(texts) };
  } catch {
    return undefined; // damaged or unreadable: start from the bundled files
  }
}
