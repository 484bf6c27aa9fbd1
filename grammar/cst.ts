// Helpers to read Chevrotain's CST defensively: recovery may insert virtual tokens (no
// text) or leave children out, and locations may then be missing.
import type { CstNode, IToken } from "chevrotain";
import type { Name, Span } from "./ast.ts";

export type Child = CstNode | IToken;

export function isNode(c: Child): c is CstNode {
  return (c as CstNode).children !== undefined;
}

/** A token that really is in the text (recovery may insert virtual ones). */
export function isReal(t: IToken): boolean {
  return !t.isInsertedInRecovery && t.startOffset >= 0 && t.image !== "";
}

const NONE: readonly Child[] = [];

// A label always names subrules or always names tokens (see parser.ts), so no filtering
// is needed for nodes; tokens are filtered only when recovery inserted a virtual one.
export function nodesOf(n: CstNode | undefined, key: string): CstNode[] {
  return (n?.children[key] ?? NONE) as CstNode[];
}
export function nodeOf(n: CstNode | undefined, key: string): CstNode | undefined {
  return n?.children[key]?.[0] as CstNode | undefined;
}
export function tokensOf(n: CstNode | undefined, key: string): IToken[] {
  const list = (n?.children[key] ?? NONE) as IToken[];
  return list.every(isReal) ? list : list.filter(isReal);
}
export function tokenOf(n: CstNode | undefined, key: string): IToken | undefined {
  return tokensOf(n, key)[0];
}

export function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

interface Extent {
  start: number;
  end: number;
}
/** The extent is cached on the CST node: the builder asks at every level of nesting. */
type WithExtent = CstNode & { extent?: Extent };

function childStart(c: Child): number {
  return isNode(c) ? extent(c).start : isReal(c) ? c.startOffset : Number.POSITIVE_INFINITY;
}
function childEnd(c: Child): number {
  return isNode(c) ? extent(c).end : isReal(c) ? c.startOffset + c.image.length : Number.NEGATIVE_INFINITY;
}

/** Children are grouped by name, each group in source order: the first and last real item
 *  of each group are enough to find where the node starts and ends. */
function extent(n: CstNode): Extent {
  const cached = (n as WithExtent).extent;
  if (cached) return cached;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const list of Object.values(n.children)) {
    for (const c of list) {
      const s = childStart(c);
      if (s !== Number.POSITIVE_INFINITY) {
        start = Math.min(start, s);
        break;
      }
    }
    for (let i = list.length - 1; i >= 0; i--) {
      const e = childEnd(list[i]!);
      if (e !== Number.NEGATIVE_INFINITY) {
        end = Math.max(end, e);
        break;
      }
    }
  }
  const result = { start, end };
  (n as WithExtent).extent = result;
  return result;
}

/** The node's extent over the tokens really in the text (recovery may insert others). */
export function nodeSpan(n: CstNode): Span {
  // Chevrotain tracks locations while parsing; after recovery they may be NaN.
  const loc = n.location;
  if (loc && loc.startOffset >= 0 && loc.endOffset !== undefined && loc.endOffset >= loc.startOffset) {
    return { start: loc.startOffset, end: loc.endOffset + 1 };
  }
  const { start, end } = extent(n);
  return start <= end ? { start, end } : { start: 0, end: 0 };
}

export function join(...spans: (Span | undefined)[]): Span {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const s of spans) {
    if (!s) continue;
    if (s.start < start) start = s.start;
    if (s.end > end) end = s.end;
  }
  return start <= end ? { start, end } : { start: 0, end: 0 };
}

export function name(t: IToken | undefined): Name | undefined {
  return t ? { text: t.image, span: tokenSpan(t) } : undefined;
}

