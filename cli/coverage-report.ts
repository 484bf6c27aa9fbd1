// `bylaw test --coverage [--lcov FILE]`: what each policy's tests reach (runtime/coverage.ts),
// as text — per kind, and every untested item at its line with its section — and as lcov for
// editors and CI (rows, bands and alerts as lines; if-branches and caps as branches).
import { readFileSync } from "node:fs";
import type { Lang } from "../compiler/index.ts";
import { lineCol } from "../grammar/position.ts";
import type { Artifact, SrcSpan } from "../runtime/ir/artifact.ts";
import type { Coverage } from "../runtime/index.ts";

/** The source texts an artifact names (read once; a missing file gives no line numbers). */
export class Sources {
  private readonly texts = new Map<string, string | undefined>();

  text(path: string): string | undefined {
    if (!this.texts.has(path)) {
      try {
        this.texts.set(path, readFileSync(path, "utf8"));
      } catch {
        this.texts.set(path, undefined);
      }
    }
    return this.texts.get(path);
  }

  /** The file and 1-based line and column of an item (or a test), when it has a span. */
  where(artifact: Artifact, item: { span?: SrcSpan }): { file: string; line: number; col: number } | undefined {
    if (item.span === undefined) return undefined;
    const file = artifact.sources[item.span[0]]?.path;
    const text = file === undefined ? undefined : this.text(file);
    return file === undefined || text === undefined ? undefined : { file, ...lineCol(text, item.span[1]) };
  }
}

/** The text report of one policy's coverage. */
export function coverageText(path: string, artifact: Artifact, cov: Coverage, sources: Sources, lang: Lang): string {
  const zh = lang === "zh";
  const lines = [`${zh ? "覆盖" : "coverage"} ${path}: ${cov.counts(lang)}`];
  for (const item of cov.uncovered()) {
    const at = sources.where(artifact, item);
    const place = at === undefined ? "" : `${at.file}:${at.line}:${at.col}: `;
    lines.push(`    ${place}${zh ? "未测试" : "untested"}: ${item.what}${item.section === undefined ? "" : ` ${item.section}`}`);
  }
  return lines.join("\n") + "\n";
}

/** lcov records, one per source file the items lie in. */
export function coverageLcov(artifact: Artifact, cov: Coverage, sources: Sources): string {
  const byFile = new Map<string, { lines: Map<number, number>; branches: { line: number; at: number; hits: number }[] }>();
  for (const item of cov.items) {
    const at = sources.where(artifact, item);
    if (at === undefined) continue;
    let f = byFile.get(at.file);
    if (f === undefined) byFile.set(at.file, (f = { lines: new Map(), branches: [] }));
    if (item.kind === "branch" || item.kind === "cap") f.branches.push({ line: at.line, at: item.span![1], hits: item.hits });
    else f.lines.set(at.line, (f.lines.get(at.line) ?? 0) + item.hits);
  }
  const out: string[] = [];
  for (const [file, f] of byFile) {
    out.push("TN:", `SF:${file}`);
    // one block per construct (an `if`, a cap), numbered along its line; its branches in order
    const blocks = new Map<number, number[]>();
    const taken = new Map<number, number>();
    for (const b of f.branches.sort((x, y) => x.line - y.line || x.at - y.at)) {
      const starts = blocks.get(b.line) ?? [];
      if (!starts.includes(b.at)) starts.push(b.at);
      blocks.set(b.line, starts);
      const n = taken.get(b.at) ?? 0;
      taken.set(b.at, n + 1);
      out.push(`BRDA:${b.line},${starts.indexOf(b.at)},${n},${b.hits}`);
    }
    out.push(`BRF:${f.branches.length}`, `BRH:${f.branches.filter((b) => b.hits > 0).length}`);
    for (const [line, hits] of [...f.lines].sort((a, b) => a[0] - b[0])) out.push(`DA:${line},${hits}`);
    out.push(`LF:${f.lines.size}`, `LH:${[...f.lines.values()].filter((h) => h > 0).length}`, "end_of_record");
  }
  return out.join("\n") + "\n";
}
