// `bylaw trace-doc <paths…> [--docs DIR] [--format text|json]`: every figure of each source
// document the policies name, linked to the declaration that holds it, acknowledged by an
// `acknowledge` (with its reason), or reported unlinked (a warning at the document's line,
// with its sentence); declared and acknowledged figures their cited section does not state;
// placeholders (占位值). A missing document is a warning.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Lang } from "../../compiler/index.ts";
import type { Policy } from "../../grammar/ast.ts";
import type { Artifact } from "../../runtime/ir/artifact.ts";
import { byDocument, traceDocument, type DocumentTrace, type Place } from "../../compiler/doc/trace-doc.ts";
import { lineCol } from "../../grammar/position.ts";
import { showValue } from "../../compiler/fold.ts";
import { D } from "../../runtime/ir/decimal.ts";
import { expandPolicyPaths } from "../files.ts";
import { compileOrSay } from "../load-policy.ts";
import { countErrors, printDiagnostics } from "../report.ts";

export interface TraceDocOptions {
  lang: Lang;
  format: "text" | "json";
  /** another folder to look for documents in */
  docs?: string;
  root?: string;
}

export function traceDocCommand(paths: string[], opts: TraceDocOptions): number {
  const zh = opts.lang === "zh";
  const { files, missing } = expandPolicyPaths(paths.length > 0 ? paths : ["policies"]);
  for (const m of missing) process.stderr.write(`${m}: ${zh ? "找不到文件" : "no such file or folder"}\n`);
  let failed = missing.length;
  const compiled: { artifact: Artifact; ast: Policy | undefined; folder: string }[] = [];
  const texts = new Map<string, string>();
  for (const file of files) {
    const c = compileOrSay(file, opts.lang, opts.root);
    if (!c?.result.artifact || countErrors(c.result.diagnostics) > 0) {
      if (c) printDiagnostics(c.result.diagnostics, new Map([[c.path, c.text]]), opts.lang, "text");
      failed++;
      continue;
    }
    compiled.push({ artifact: c.result.artifact, ast: c.result.ast, folder: dirname(file) });
    texts.set(c.path, c.text);
  }
  const traces: DocumentTrace[] = [];
  for (const [document, { folders, ...sources }] of byDocument(compiled)) {
    const found = [...folders, ...(opts.docs ? [opts.docs] : [])].map((f) => join(f, document)).find((p) => existsSync(p));
    if (found === undefined) {
      process.stderr.write(`${document}: ${zh ? "警告: 找不到文件（可用 --docs 指定文件夹）" : "warning: document not found (name its folder with --docs)"}\n`);
      continue;
    }
    traces.push(traceDocument(document, readFileSync(found, "utf8"), sources));
  }
  if (opts.format === "json") process.stdout.write(JSON.stringify(traces, null, 2) + "\n");
  else for (const t of traces) process.stdout.write(traceText(t, zh, texts));
  return failed > 0 ? 1 : 0;
}

/** `file:line:col` of a place in a policy file read for this run. */
function placeOf(at: Place | undefined, texts: ReadonlyMap<string, string>): string | undefined {
  const text = at && texts.get(at.file);
  if (at === undefined || text === undefined) return undefined;
  const { line, col } = lineCol(text, at.span.start);
  return `${at.file}:${line}:${col}`;
}

function traceText(t: DocumentTrace, zh: boolean, texts: ReadonlyMap<string, string>): string {
  const lines = [zh
    ? `${t.document}: ${t.figures} 个数字，已对应 ${t.linked}，已说明 ${t.acknowledged}，占位值 ${t.placeholder}，未对应 ${t.unlinked}`
    : `${t.document}: ${t.figures} figures, ${t.linked} linked, ${t.acknowledged} acknowledged, ${t.placeholder} placeholder, ${t.unlinked} unlinked`];
  for (const f of t.items.filter((i) => i.class === "unlinked")) {
    lines.push(`${t.document}:${f.line}: ${zh ? "警告" : "warning"}: ${f.text} §${f.section} ${zh ? "没有对应的规则" : "is in no rule"}: ${f.sentence}`);
  }
  for (const f of t.items.filter((i) => i.saidOf !== undefined)) {
    lines.push(`${t.document}:${f.line}: ${zh ? "警告" : "warning"}: ${f.text} §${f.section} ${zh ? `是关于 ${f.saidOf} 的，却由 ${f.declarations.join("、")} 持有` : `is said of ${f.saidOf}, but ${f.declarations.join(", ")} holds it`}: ${f.sentence}`);
  }
  for (const d of t.notInDocument) {
    const value = d.type === "Date" ? d.value : showValue({ k: "dec", v: new D(d.value) }, d.type);
    // the policy's own dates are looked for in the whole document
    const where = d.anywhere ? (zh ? "在文件中没有出现" : "is not stated in the document") : `${d.sections.map((c) => `§${c}`).join(" ")} ${zh ? "在所引条款中没有出现" : "is not stated in its section"}`;
    lines.push(`${placeOf(d.at, texts) ?? t.document}: ${zh ? "警告" : "warning"}: ${d.name} = ${value} ${where}`);
  }
  for (const f of t.acknowledgedAmiss) {
    lines.push(`${t.document}: ${zh ? "警告" : "warning"}: ${zh ? "已说明的" : "acknowledged"} ${f.value} (${f.reason}) ${f.sections.map((c) => `§${c}`).join(" ")} ${zh ? "在所引条款中没有出现" : "is not stated in its section"}`);
  }
  for (const d of t.placeholders) lines.push(`${t.document}: ${zh ? "占位值" : "placeholder"}: ${d.name} = ${d.value}`);
  for (const u of t.unknownSections) {
    lines.push(`${placeOf(u.at, texts) ?? t.document}: ${zh ? "警告" : "warning"}: ${u.name} ${zh ? `引用的 §${u.section} 在 ${t.document} 中不存在` : `cites §${u.section}, which ${t.document} does not have`}`);
  }
  return lines.join("\n") + "\n";
}
