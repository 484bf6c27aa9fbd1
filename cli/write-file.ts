// Writing files so that a crash, a kill or a full disk never leaves half a file at the final
// path: whole files are written beside it under a temporary name, flushed to disk (fsync) and
// renamed over it. Also the one-line messages for the file errors a user can cause.
import { closeSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Lang } from "../compiler/index.ts";
import { CliError } from "./load-policy.ts";

/** A temporary name beside `path`, in the same folder (so renaming it is atomic). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** Makes a rename in `dir` durable: the folder's entry is flushed too. */
export function fsyncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // some file systems cannot flush a folder; the rename itself is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The path names something other than a file or folder: a device (`/dev/null`, `/dev/stdout`)
 *  or a pipe. It is written in place: renaming a file over it would replace the device itself
 *  (as root, `-o /dev/null` would leave a plain file at /dev/null), and nothing half-written
 *  can be left at it to look finished. */
export function isSpecialFile(path: string): boolean {
  try {
    const s = statSync(path);
    return !s.isFile() && !s.isDirectory();
  } catch {
    return false;
  }
}

export function writeFileAtomic(path: string, text: string): void {
  if (isSpecialFile(path)) {
    writeFileSync(path, text);
    return;
  }
  const tmp = tempPathFor(path);
  try {
    writeFileSync(tmp, text, { flush: true });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  fsyncFolder(dirname(path));
}

/** An I/O error as one line: what went wrong with which file, no stack. */
export function ioMessage(file: string, e: unknown, lang: Lang): string {
  const code = (e as NodeJS.ErrnoException).code;
  const zh = lang === "zh";
  const why: Record<string, [string, string]> = {
    ENOENT: ["no such file or folder", "文件或文件夹不存在"],
    EISDIR: ["is a folder", "是文件夹"],
    ENOTDIR: ["a part of the path is not a folder", "路径中有一部分不是文件夹"],
    EACCES: ["permission denied", "没有权限"],
    EPERM: ["permission denied", "没有权限"],
    ENOSPC: ["no space left on the disk", "磁盘空间不足"],
    EROFS: ["the disk is read-only", "磁盘只读"],
  };
  const known = code === undefined ? undefined : why[code];
  return `${file}: ${known ? known[zh ? 1 : 0] : (e as Error).message.split("\n")[0]}`;
}

/** The file a path names once links are followed, as [device, inode], or undefined if there is none. */
function identity(path: string): string | undefined {
  try {
    const s = statSync(realpathSync(path));
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Refuses an output path before anything is read: one in a missing folder, one that is a
 * folder, or one that is (after links, or as a hard link) any of `inputs` (or other outputs).
 */
export function checkOutputPath(out: string, inputs: readonly string[], lang: Lang): void {
  const zh = lang === "zh";
  let dir;
  try {
    dir = statSync(dirname(out));
  } catch (e) {
    throw new CliError(ioMessage(dirname(out), e, lang));
  }
  if (!dir.isDirectory()) throw new CliError(`${dirname(out)}: ${zh ? "不是文件夹" : "is not a folder"}`);
  let isDir = false;
  try {
    isDir = statSync(out).isDirectory();
  } catch {
    // no such file yet: it will be created
  }
  if (isDir) throw new CliError(`${out}: ${zh ? "是文件夹，不能写入" : "is a folder; name a file to write"}`);
  const self = identity(out);
  for (const input of inputs) {
    if (resolve(input) === resolve(out) || (self !== undefined && identity(input) === self)) {
      throw new CliError(zh ? `${out}：与输入文件 ${input} 是同一个文件，拒绝覆盖` : `${out}: is the input file ${input}; refusing to overwrite it`);
    }
  }
}

let stdoutLang: Lang = "en";

/**
 * Standard output closed early (`… | head -1`): one line on standard error and exit status 1,
 * instead of an unhandled 'error' event and its stack.
 */
export function guardStdout(lang: Lang): void {
  // the latest caller's language: main() guards every verb, a verb then names its --lang
  stdoutLang = lang;
  if (process.stdout.listenerCount("error") > 0) return;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    const zh = stdoutLang === "zh";
    const msg = e.code === "EPIPE" ? (zh ? "标准输出已关闭，输出未写完" : "standard output was closed before everything was written") : e.message;
    process.stderr.write(`bylaw: ${msg}\n`);
    process.exit(1);
  });
}
