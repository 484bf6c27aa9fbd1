// Vitest global setup: every test (and every process it starts) makes its temporary files
// under one folder of this run, removed when the run ends, so runs leave nothing in /tmp.
// The folder is world-traversable because the PostgreSQL tests hand subfolders to `postgres`.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "bylaw-tests-"));
  chmodSync(root, 0o755);
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
