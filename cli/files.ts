// Finding policy files and reading them from disk for the compiler.
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
import { join, resolve, relative, sep, isAbsolute } from "node:path";
import { MAX_SOURCE_BYTES, type SourceHost, type SourceRefusal, type TextHost } from "../compiler/index.ts";

/** Expands files and folders into the `.bylaw` files they hold, sorted, without repeats. */
export function expandPolicyPaths(paths: readonly string[], extensions: readonly string[] = [".bylaw"]): { files: string[]; missing: string[] } {
  const files = new Set<string>();
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (extensions.some((x) => entry.name.endsWith(x))) files.add(full);
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
export function diskHostAt(root = ""): TextHost {
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

export const diskHost: TextHost = diskHostAt();

export function readText(file: string): string {
  return readFileSync(file, "utf8");
}

/** A policy file's text, read only when it is a regular file of at most MAX_SOURCE_BYTES:
 *  a device, a FIFO or a folder is never opened for reading (a FIFO would block, /dev/zero
 *  never ends), and a file growing past the limit is not read beyond it. */
export function readPolicyFile(file: string): string | SourceRefusal | undefined {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    return undefined;
  }
  if (!stats.isFile()) return { refused: "notFile" };
  if (stats.size > MAX_SOURCE_BYTES) return { refused: "tooLarge" };
  // non-blocking: should the file have become a FIFO since stat, opening it does not wait
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) return { refused: "notFile" };
    const buf = Buffer.alloc(MAX_SOURCE_BYTES + 1);
    let n = 0;
    for (let r; n < buf.length && (r = readSync(fd, buf, n, buf.length - n, null)) > 0; ) n += r;
    if (n > MAX_SOURCE_BYTES) return { refused: "tooLarge" };
    return buf.toString("utf8", 0, n);
  } finally {
    closeSync(fd);
  }
}

/** Serves policy files (compiler paths, relative to the working directory) found inside
 *  `root` once every link is resolved, through readPolicyFile. The compiler already keeps
 *  the paths it asks for inside the root; this sees where symbolic links lead. */
export function policyHost(root: string): SourceHost {
  let realRoot: string | undefined;
  try {
    realRoot = realpathSync(resolve(root));
  } catch {
    realRoot = undefined;
  }
  const readFile = (path: string) => {
    let real: string;
    try {
      real = realpathSync(resolve(path));
    } catch {
      return undefined;
    }
    const rel = realRoot === undefined ? ".." : relative(realRoot, real);
    if (rel === "" || rel === ".." || rel.startsWith(".." + sep) || isAbsolute(rel)) return { refused: "outside" } as const;
    return readPolicyFile(real);
  };
  return {
    readFile,
    // the source document, read as a policy file is (inside the root, regular, of a sane size)
    readDocument(path: string) {
      const text = readFile(path);
      return typeof text === "string" ? text : undefined;
    },
  };
}
