// The licences of the packages a bundle holds, for the THIRD-PARTY-LICENSES.txt beside it.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** The licence of every package whose code is inside a bundle (the inputs' paths are
 *  relative to `root` and may pass through a linked node_modules). */
export function licences(root: string, inputs: string[]): string {
  const dirs = new Map(inputs.flatMap((f) => {
    const m = /^(.*?node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(f);
    return m ? [[m[2], join(root, m[1])] as const] : [];
  }));
  return [...dirs].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => {
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    if (!file) throw new Error(`${name} is bundled but has no licence file`);
    return `${name}\n\n${readFileSync(join(dir, file), "utf8").trim()}\n`;
  }).join("\n" + "-".repeat(72) + "\n\n");
}
