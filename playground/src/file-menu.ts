// The file menu: the shipped examples and the blank policy, then one's own files (opened from
// disk), each marked when modified; and where an opened .bylaw file goes in the workspace.
import { h } from "./dom.ts";
import { EXAMPLES, UNTITLED_PATH } from "./examples.ts";
import { t } from "./i18n.ts";
import type { Workspace } from "./workspace.ts";

/**
 * An opened file's path: beside the shipped policies (`policies/<name>`), so its relative
 * `extends "000-xpcc/assistance.bylaw"` resolves as it would in the repository, and two
 * files opened together find each other. A name already in the menu opens as that file, edited.
 */
export function pathForOpened(fileName: string): string {
  const name = fileName.split(/[\\/]/).pop()!.replace(/[^\p{L}\p{N}._ -]/gu, "_");
  return `policies/${name.toLowerCase().endsWith(".bylaw") ? name : `${name}.bylaw`}`;
}

/** The name a file is saved under (its last path segment). */
export function saveName(path: string): string {
  return path.split("/").pop()!;
}

export class FileMenu {
  readonly element: HTMLSelectElement;
  private readonly workspace: Workspace;

  constructor(workspace: Workspace, onChoose: (path: string) => void) {
    this.workspace = workspace;
    this.element = h("select", { name: "examples", id: "examples", "data-testid": "examples" });
    this.element.addEventListener("change", () => onChoose(this.element.value));
  }

  /** Every path the menu offers. */
  has(path: string | undefined): path is string {
    return path !== undefined && (EXAMPLES.has(path) || path === UNTITLED_PATH || this.workspace.isOwn(path));
  }

  /** Builds the menu (after a file was added, or in another language) with `path` chosen. */
  render(path: string): void {
    const option = (p: string) => h("option", { value: p });
    const own = this.workspace.ownFiles();
    this.element.replaceChildren(
      h("optgroup", { label: t("examples") }, ...[...EXAMPLES.keys(), UNTITLED_PATH].map(option)),
      ...(own.length > 0 ? [h("optgroup", { label: t("ownFiles"), "data-testid": "own-files" }, ...own.map(option))] : []),
    );
    this.element.value = path;
    this.label();
  }

  /** Marks the modified files (cheap: run after each edit). */
  label(): void {
    for (const option of this.element.options) {
      const p = option.value;
      const name = p === UNTITLED_PATH ? t("newFile") : p.replace(/^policies\//, "");
      const modified = this.workspace.isModified(p);
      option.textContent = modified ? `● ${name} · ${t("modified")}` : name;
      option.dataset.modified = String(modified);
    }
  }
}
