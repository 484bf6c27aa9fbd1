// Finding policy files and reading them from disk for the compiler.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve, relative, sep } from "node:path";
import type { SourceHost } from "../compiler/index.ts";

/** Expands files and folders into the `.bylaw` files they hold, sorted, without repeats. */
export function expandPolicyPaths(paths: string[]): { files: string[]; missing: string[] } {
  const files = new Set<string>();
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".bylaw")) files.add(full);
    }
  };
  for (const p of paths) {
    let stats;
    try {
      stats = statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (stats.isDirectory()) walk(p);
    else files.add(p);
  }
  return { files: [...files].sort(), missing };
}

/** Paths handed to the compiler are '/'-separated and relative to the working directory. */
export function toCompilerPath(file: string): string {
  return relative(process.cwd(), resolve(file)).split(sep).join("/");
}

/** Serves policy files from disk, paths relative to `root` (default: the working directory). */
export function diskHostAt(root = ""): SourceHost {
  return {
    readFile(path: string): string | undefined {
      try {
        return readFileSync(root === "" ? path : join(root, path), "utf8");
      } catch {
        return undefined;
      }
    },
  };
}

export const diskHost: SourceHost = diskHostAt();

export function readText(file: string): string {
  return readFileSync(file, "utf8");
}
