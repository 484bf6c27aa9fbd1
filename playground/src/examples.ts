// Every policy file under policies/, bundled at build time: the examples menu and the
// compiler's source host (so `extends`/`import` between policy files work in the browser).
// One source of truth: the same files the CLI checks and tests.

const raw = import.meta.glob("../../policies/**/*.bylaw", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

/** path as the CLI names it from the repository root ("policies/000-xpcc/x.bylaw") → text */
export const EXAMPLES: ReadonlyMap<string, string> = new Map(
  Object.entries(raw)
    .map(([key, text]): [string, string] => [key.replace(/^(\.\.\/)+/, ""), text])
    .sort(([a], [b]) => a.localeCompare(b)),
);

/** Where a new, unsaved policy lives: relative `extends "…"` resolve against policies/. */
export const UNTITLED_PATH = "policies/untitled.bylaw";

/** '/'-separated path with `.` and `..` segments resolved ("a/./b/../c" → "a/c"). */
export function normalisePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

/**
 * A source host over the bundled files, with the editor's text standing for `openPath` and
 * the workspace's edited files (`edits`, by path) for theirs: a child sees its edited parent.
 */
export function sourceHost(
  openPath: string,
  openText: string,
  edits: Readonly<Record<string, string>> = {},
): { readFile(path: string): string | undefined } {
  const open = normalisePath(openPath);
  return {
    readFile(path: string): string | undefined {
      const p = normalisePath(path);
      if (p === open) return openText;
      return Object.hasOwn(edits, p) ? edits[p] : EXAMPLES.get(p);
    },
  };
}
