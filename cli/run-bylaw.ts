// Running the `bylaw` command as a user does, for the CLI's tests: a real process, its exit
// code and output, in English unless the test's environment says otherwise.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "bin/bylaw.js");

export function bylaw(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: "utf8",
    timeout: 120_000, // a command that blocks (on a FIFO, say) fails the test instead of hanging it
    env: { ...process.env, LANG: "en_US.UTF-8", LC_ALL: "", LC_MESSAGES: "", ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const tmp = () => mkdtempSync(join(tmpdir(), "bylaw-cli-"));
