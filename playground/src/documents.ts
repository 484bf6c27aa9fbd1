// The source documents beside the policies (policies/<folder>/<document>.txt), bundled at build
// time like the policies themselves, and the document view of a compiled policy: the text in
// paragraphs with their sections, and every figure traced — linked to the rules of the policy's
// folder, acknowledged, or unlinked (compiler/doc/trace-doc.ts). Runs in the compiler worker.
import { compile, type CompileResult } from "../../compiler/index.ts";
import { byDocument, citationsOf, documentFigures, traceDocument, type DocumentTrace } from "../../compiler/doc/trace-doc.ts";
import { EXAMPLES, normalisePath, sourceHost } from "./examples.ts";

const raw = import.meta.glob("../../policies/**/*.txt", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

/** path from the repository root ("policies/000-xpcc/000_….txt") → text */
export const DOCUMENTS: ReadonlyMap<string, string> = new Map(
  Object.entries(raw).map(([key, text]): [string, string] => [key.replace(/^(\.\.\/)+/, ""), text]),
);

export interface DocumentParagraph {
  section: string;
  start: number;
  end: number;
}

export interface DocumentView {
  /** the document's file name, as the policy's `source` gives it */
  name: string;
  text: string;
  paragraphs: DocumentParagraph[];
  trace: DocumentTrace;
}

const folderOf = (p: string) => p.slice(0, p.lastIndexOf("/") + 1);

/** A sibling's contribution, compiled once per text (typing in one file does not recompile the rest). */
const siblings = new Map<string, { text: string; compiled?: { artifact: NonNullable<CompileResult["artifact"]>; ast: CompileResult["ast"] } }>();

function sibling(path: string, text: string, edits: Record<string, string>) {
  const cached = siblings.get(path);
  if (cached?.text === text) return cached.compiled;
  const r = compile(path, text, sourceHost(path, text, edits));
  const compiled = r.artifact ? { artifact: r.artifact, ast: r.ast } : undefined;
  siblings.set(path, { text, compiled });
  return compiled;
}

/** The document view of the open policy, traced against every policy of its folder naming the
 *  same document (the open one as edited); undefined without a compiled policy or a document. */
export function documentView(path: string, result: CompileResult, edits: Record<string, string>): DocumentView | undefined {
  const artifact = result.artifact;
  if (!artifact || artifact.policy.source === "") return undefined;
  const name = artifact.policy.source;
  const text = DOCUMENTS.get(normalisePath(folderOf(path) + name));
  if (text === undefined) return undefined;
  const open = normalisePath(path);
  const folder = folderOf(open);
  const others = [...EXAMPLES.keys()].filter((p) => p !== open && folderOf(p) === folder).flatMap((p) => {
    const c = sibling(p, Object.hasOwn(edits, p) ? edits[p]! : EXAMPLES.get(p)!, edits);
    return c && c.artifact.policy.source === name ? [{ ...c, folder }] : [];
  });
  const sources = byDocument([{ artifact, ast: result.ast, folder }, ...others]).get(name)!;
  const { paragraphs } = documentFigures(text, citationsOf(sources));
  return {
    name,
    text,
    paragraphs: paragraphs.map((p) => ({ section: p.section, start: p.start, end: p.start + p.text.length })),
    trace: traceDocument(name, text, sources),
  };
}
