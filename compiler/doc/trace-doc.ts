// Every figure of a document accounted for: each figure the document states (figures.ts) is
// linked when a declaration citing its section (or a section above it) holds that value, and
// unlinked otherwise; the other way round, a declared figure whose cited section states no such
// value is listed too (a value that may contradict its document). Declarations labelled 占位值
// are placeholders: a figure a region has yet to set, shown as a class of their own.
import type { Artifact, Expr, TypeName, Value } from "../../runtime/ir/artifact.ts";
import { children } from "../../runtime/ir/nodes.ts";
import { D } from "../../runtime/ir/decimal.ts";
import { figuresOf, type Figure, type FigureKind } from "./figures.ts";
import { covers, paragraphs } from "./sections.ts";

/** A numeric value a rule set declares, with the section it cites. */
export interface Declared {
  /** the declaration: `起付标准[第三类]`, `分段 [16000, 100000)`, `救助金` */
  name: string;
  type: TypeName;
  value: string;
  /** the sections it cites (the policy's when it cites none), without `§` */
  sections: string[];
  placeholder: boolean;
}

export type FigureClass = "linked" | "unlinked";

export interface TracedFigure extends Figure {
  class: FigureClass;
  /** the declarations holding it */
  declarations: string[];
}

export interface DocumentTrace {
  document: string;
  figures: number;
  linked: number;
  acknowledged: number;
  placeholder: number;
  unlinked: number;
  items: TracedFigure[];
  /** declared values whose cited section of this document states no such figure */
  notInDocument: Declared[];
  /** declarations labelled 占位值 */
  placeholders: Declared[];
}

const KINDS: Record<FigureKind, readonly TypeName[]> = {
  money: ["Money", "Limit"],
  rate: ["Rate"],
  points: ["Points"],
  age: ["Int", "Number"],
  months: ["Int", "Number", "Duration"],
  multiple: ["Number", "Rate"],
  times: ["Int", "Number"],
};

const numeric = (t: TypeName) => ["Money", "Limit", "Rate", "Points", "Int", "Number", "Duration"].includes(t);
const cite = (s: string) => s.replace(/^§/, "");

/** Every numeric value the artifact declares, with its section (the policy's when it has none). */
export function declaredValues(a: Artifact): Declared[] {
  const ir = a.ir, out: Declared[] = [];
  const policySections = a.policy.section === undefined ? [] : [a.policy.section];
  const add = (name: string, type: TypeName, value: Value | undefined, doc: { sections?: string[]; label?: string }) => {
    if (!numeric(type) || (typeof value !== "string" && typeof value !== "number")) return;
    const sections = (doc.sections !== undefined && doc.sections.length > 0 ? doc.sections : policySections).map(cite);
    out.push({ name, type, value: String(value), sections, placeholder: (doc.label ?? "").includes("占位值") });
  };
  for (const p of ir.params) for (const v of p.values ?? [{ value: p.value }]) add(p.name, p.type, v.value, p);
  for (const t of ir.tables) {
    for (const r of t.rows) {
      add(`${t.name}[${r.key ?? "…"}]`, t.valueType, r.value, t);
      if (r.range) for (const b of [r.range.lo, r.range.hi]) if (b !== null) add(`${t.name} key`, t.keyType, b, t);
    }
  }
  for (const g of ir.grids ?? []) {
    for (const r of g.rows) {
      add(`${g.name}[…]`, g.valueType, r.value, g);
      r.keys.forEach((k, j) => {
        if ("range" in k) for (const b of [k.range.lo, k.range.hi]) if (b !== null) add(`${g.name} key`, g.keyTypes[j]!, b, g);
      });
    }
  }
  for (const b of ir.bands) {
    for (const r of b.rows) {
      for (const edge of [r.lo, r.hi]) if (typeof edge === "string") add(`${b.name} edge`, "Money", edge, b);
      if (typeof r.rate === "string") add(`${b.name} rate`, "Rate", r.rate, b);
    }
  }
  for (const c of ir.classifications) {
    for (const r of c.rows) for (const edge of [r.range.lo, r.range.hi]) if (edge !== null) add(`${c.name} edge`, "Money", edge, c);
  }
  const roots: { name: string; expr: Expr; doc: { sections?: string[]; label?: string } }[] = [
    ...ir.defines.map((d) => ({ name: d.name, expr: d.expr, doc: d })),
    ...ir.outputs.map((o) => ({ name: o.name, expr: o.expr, doc: o })),
    ...ir.alerts.map((al) => ({ name: al.name, expr: al.when, doc: al })),
    ...ir.pipelines.flatMap((p) => p.layers.map((l) => ({ name: l.name, expr: l.expr, doc: { sections: l.sections ?? p.sections, label: l.label } }))),
  ];
  for (const { name, expr, doc } of roots) {
    const stack = [expr];
    while (stack.length > 0) {
      const e = stack.pop()!;
      stack.push(...children(e));
      if (e.k === "lit" && e.t !== undefined) add(name, e.t, e.v, doc);
      else if (e.k === "dateAdd") add(name, "Duration", Math.abs(e.months), doc);
    }
  }
  return out;
}

function sameValue(f: Figure, d: Declared): boolean {
  return KINDS[f.kind].includes(d.type) && new D(f.value).eq(d.value);
}

/** Whether a declared value cites a section covering `section`. */
const citesFor = (d: Declared, section: string) => d.sections.some((c) => covers(c, section));

/** The figures of one document, each linked to the declarations of `declared` that hold it. */
export function traceDocument(document: string, text: string, declared: readonly Declared[]): DocumentTrace {
  // a citation's words before its numbers name an article of a bulletin (`冠县二`)
  const articles = [...new Set(declared.flatMap((d) => d.sections).map((c) => /^[^一二三四五六七八九十(（\d]+/.exec(c)?.[0]).filter((a) => a !== undefined))];
  const paras = paragraphs(text, articles);
  const figures = figuresOf(paras);
  const items: TracedFigure[] = figures.map((f) => {
    const holders = declared.filter((d) => citesFor(d, f.section) && sameValue(f, d));
    return { ...f, class: holders.length > 0 ? "linked" : "unlinked", declarations: [...new Set(holders.map((d) => d.name))] };
  });
  const sections = new Set(paras.map((p) => p.section));
  // a zero states no figure (不设起付标准, 免除): it is not looked for
  const notInDocument = declared.filter((d) => !d.placeholder && !new D(d.value).isZero()
    && [...sections].some((s) => citesFor(d, s))
    && !figures.some((f) => citesFor(d, f.section) && sameValue(f, d)));
  const placeholders = declared.filter((d) => d.placeholder);
  const count = (c: FigureClass) => items.filter((i) => i.class === c).length;
  return {
    document, figures: items.length, linked: count("linked"), acknowledged: 0, placeholder: placeholders.length,
    unlinked: count("unlinked"), items, notInDocument, placeholders,
  };
}
