// The seed policies the browser tests open: every .bylaw file under policies/.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export const REPO = join(import.meta.dirname, "..", "..");
const POLICIES = join(REPO, "policies");

export function policyFiles(dir = POLICIES): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return policyFiles(full);
    return name.endsWith(".bylaw") ? [relative(REPO, full).split("\\").join("/")] : [];
  });
}

/** The largest seed policy (by bytes): the one the keystroke → markers goal is about. */
export function largestPolicy(): string {
  return policyFiles().sort((a, b) => statSync(join(REPO, b)).size - statSync(join(REPO, a)).size)[0]!;
}
