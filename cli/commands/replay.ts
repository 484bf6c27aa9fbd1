// `bylaw replay LOG [paths…]`: runs every decision of a `bylaw serve --log` file again with the
// artifacts in the paths (default: policies/) and reports each that differs, or cannot be run
// again (its artifact not among the paths, its record altered). Exit 1 when any does.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Lang } from "../../compiler/index.ts";
import type { RuleSet } from "../../runtime/index.ts";
import { loadCatalog } from "../../serve/catalog.ts";
import { replayRecord } from "../../serve/replay.ts";
import { CliError } from "../load-policy.ts";
import { ioMessage } from "../write-file.ts";

export interface ReplayOptions {
  lang: Lang;
  root?: string;
  trust?: string[];
}

export async function replayCommand(log: string, paths: string[], opts: ReplayOptions): Promise<number> {
  const zh = opts.lang === "zh";
  const catalog = await loadCatalog(paths.length > 0 ? paths : ["policies"], opts);
  for (const r of catalog.refused) process.stderr.write(`${zh ? "未加载" : "not loaded"}: ${r.reason.startsWith(r.file) ? r.reason : `${r.file}: ${r.reason}`}\n`);
  const byHash = new Map<string, RuleSet>([...catalog.files.values()].map((rs) => [rs.artifact.integrity, rs]));
  let line = 0, total = 0, bad = 0;
  const say = (text: string) => process.stdout.write(`${zh ? `第 ${line} 行` : `line ${line}`}: ${text}\n`);
  const input = createReadStream(log);
  const opened = new Promise<void>((done, fail) => input.once("open", () => done()).once("error", fail));
  try {
    await opened;
  } catch (e) {
    throw new CliError(ioMessage(log, e, opts.lang));
  }
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === "") continue;
    total++;
    const r = replayRecord(text, byHash);
    if (r.kind === "same") continue;
    bad++;
    if (r.kind === "unreadable") say(`${zh ? "无法读取" : "unreadable"}: ${r.detail}`);
    else if (r.kind === "no-artifact") say(`${zh ? "路径中没有做出该决定的规则包" : "the artifact that decided it is not in the paths"} (${r.artifact})`);
    else say(`${zh ? "结果不同" : "differs"}: ${r.parts.map((p) => `${p.what} ${p.recorded} → ${p.now}`).join("; ")}`);
  }
  process.stdout.write(zh ? `重放 ${total} 项决定：${bad} 项不一致\n` : `replayed ${total} decisions: ${bad} differ\n`);
  return bad === 0 ? 0 : 1;
}
