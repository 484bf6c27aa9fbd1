// Writes a whole file or nothing: a crash or a full disk never leaves half an artifact.
import { renameSync, writeFileSync, rmSync } from "node:fs";

export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
