// Every figure of a document accounted for: each figure the document states (figures.ts) is
// linked when a declaration citing its section (or a section above it) holds that value,
// acknowledged when an `acknowledge` citing it says why it is no rule (acknowledged.ts), and
// unlinked otherwise; the other way round, a declared figure whose cited section states no
// such value is listed too (a value that may contradict its document), and so is an
// acknowledged one. Declarations labelled 占位值 are placeholders: a figure a region has yet
// to set, shown as a class of their own.
import type { Expr as SourceExpr, Policy, Span } from "../../grammar/ast.ts";
import type { Artifact, EnumDef, Expr, TypeName, Value } from "../../runtime/ir/artifact.ts";
import { children } from "../../runtime/ir/nodes.ts";
import { enumOf } from "../../runtime/ir/types.ts";
import { D } from "../../runtime/ir/decimal.ts";
import { declExprs, walk } from "../walk.ts";
import { acknowledgmentsOf, figureOf, type AcknowledgedFigure, type Acknowledgment } from "./acknowledged.ts";
import { figuresOf, type Figure, type FigureKind } from "./figures.ts";
import { covers, paragraphs, type Paragraph } from "./sections.ts";

/** A numeric value a rule set declares, with the section it cites. */
export interface Declared {
  /** the declaration: `起付标准[第三类]`, `分段 [16000, 100000)`, `救助金` */
  name: string;
  type: TypeName;
  value: string;
  /** the sections it cites (the policy's when it cites none), without `§` */
  sections: string[];
  placeholder: boolean;
  /** where a written figure stands: its file and the literal's span */
  at?: Place;
  /** the policy's own dates (effective, ends): a document states them anywhere (本办法自…起施行) */
  anywhere?: true;
  /** a table cell's members, per enum key: the document says the figure of them (退休人员为4000元) */
  cell?: { enum: string; members: string[] }[];
}

export interface Place {
  file: string;
  span: Span;
}

export type FigureClass = "linked" | "acknowledged" | "unlinked";

export interface TracedFigure extends Figure {
  class: FigureClass;
  /** linked by value only to table cells of other members than the document names it of
   *  (高血压：1200元 held by 病种限额[糖尿病]): the member the document says it of */
  saidOf?: string;
  /** the declarations holding it; for an acknowledged figure, the reason given */
  declarations: string[];
  /** where the figures holding it are written (linked) or acknowledged */
  at: Place[];
}

/** An acknowledged figure its cited section does not state. */
export interface AcknowledgedAmiss extends AcknowledgedFigure {
  reason: string;
  sections: string[];
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
  /** acknowledged figures whose cited section of this document states no such figure */
  acknowledgedAmiss: AcknowledgedAmiss[];
  /** declarations labelled 占位值 */
  placeholders: Declared[];
  /** citations of a section the document does not have (§九（二） in a document of eight parts) */
  unknownSections: { section: string; name: string; at?: Place }[];
}

const KINDS: Record<FigureKind, readonly TypeName[]> = {
  money: ["Money", "Limit"],
  rate: ["Rate"],
  points: ["Points"],
  age: ["Int", "Number"],
  months: ["Int", "Number", "Duration"],
  years: ["Int", "Number"],
  multiple: ["Int", "Number", "Rate"],
  times: ["Int", "Number"],
  days: ["Int", "Number"],
  date: ["Date"],
};

/** The types whose values are figures a document states. */
const numeric = (t: TypeName) => ["Money", "Limit", "Rate", "Points", "Int", "Number", "Duration", "Date"].includes(t);
const cite = (s: string) => s.replace(/^§/, "");

/** Every numeric value the artifact declares, with its section (the policy's when it has none). */
export function declaredValues(a: Artifact): Declared[] {
  const ir = a.ir, out: Declared[] = [];
  const policySections = a.policy.section === undefined ? [] : [a.policy.section];
  const add = (name: string, type: TypeName, value: Value | undefined, doc: { sections?: string[]; label?: string }, cell?: Declared["cell"]) => {
    if (!numeric(type) || (typeof value !== "string" && typeof value !== "number")) return;
    const sections = (doc.sections !== undefined && doc.sections.length > 0 ? doc.sections : policySections).map(cite);
    out.push({ name, type, value: String(value), sections, placeholder: (doc.label ?? "").includes("占位值"), ...(cell && cell.length > 0 ? { cell } : {}) });
  };
  for (const p of ir.params) for (const v of p.values ?? [{ value: p.value }]) add(p.name, p.type, v.value, p);
  // a dated param's change dates (自2025年7月1日起调整为…); the first is the policy's own
  for (const p of ir.params) for (const v of (p.values ?? []).slice(1)) add(p.name, "Date", v.from, p);
  const { effective, ends } = a.policy;
  out.push(...headerDates({ effective: { value: effective }, ends: ends === undefined ? undefined : { value: ends } }));
  for (const t of ir.tables) {
    for (const r of t.rows) {
      const e = enumOf(t.keyType);
      add(`${t.name}[${r.key ?? "…"}]`, t.valueType, r.value, t, e !== undefined && r.key !== undefined ? [{ enum: e, members: [r.key] }] : undefined);
      if (r.range) for (const b of [r.range.lo, r.range.hi]) if (b !== null) add(`${t.name} key`, t.keyType, b, t);
    }
  }
  for (const g of ir.grids ?? []) {
    for (const r of g.rows) {
      const cell = r.keys.flatMap((k, j) => {
        const e = enumOf(g.keyTypes[j]!);
        return e !== undefined && "members" in k ? [{ enum: e, members: k.members }] : [];
      });
      add(`${g.name}[${r.keys.map((k) => ("members" in k ? k.members.join("|") : "range" in k ? "…" : "_")).join(", ")}]`, g.valueType, r.value, g, cell);
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

/** The policy's effective and end dates, stated anywhere in its document. */
function headerDates(dates: Record<"effective" | "ends", { value: string; at?: Place } | undefined>): Declared[] {
  return Object.entries(dates).flatMap(([name, d]) => (d === undefined || d.value === "" ? [] : [{
    name, type: "Date" as const, value: d.value, sections: [], placeholder: false, anywhere: true as const, ...(d.at ? { at: d.at } : {}),
  }]));
}

/** Every figure written in the declarations of one file, with the sections each cites (the
 *  policy's when it cites none): what its author says the document states. A derived value
 *  (`50% * base.居民起付线`) holds the figures it is written with (50%), not what they make. */
export function writtenValues(ast: Policy | undefined, file = ""): Declared[] {
  const policySections = ast?.header?.section ? [cite(ast.header.section.text)] : [];
  const out: Declared[] = [];
  const add = (name: string, doc: { sections?: { text: string }[]; label?: { value: string } }, roots: SourceExpr[]) => {
    const sections = doc.sections && doc.sections.length > 0 ? doc.sections.map((x) => cite(x.text)) : policySections;
    const placeholder = (doc.label?.value ?? "").includes("占位值");
    for (const root of roots) {
      walk(root, (e) => {
        const f = figureOf(e);
        if (f) out.push({ name, type: f.type, value: f.value, sections, placeholder, at: { file, span: f.span } });
      });
    }
  };
  const h = ast?.header;
  const dated = (x: { value: string; span: Span } | undefined) => (x ? { value: x.value, at: { file, span: x.span } } : undefined);
  out.push(...headerDates({ effective: dated(h?.effective), ends: dated(h?.ends) }));
  for (const d of ast?.decls ?? []) {
    if (d.kind === "test" || d.kind === "acknowledge" || d.kind === "input" || d.kind === "ledger") continue;
    const name = "name" in d ? (d.name?.text ?? "") : "";
    add(name, d, declExprs(d));
    // the dates a dated param changes on, as its document states them (the first is the policy's)
    if (d.kind === "param") add(name, d, (d.dated ?? []).slice(1).flatMap((r) => (r.from ? [r.from] : [])));
    if (d.kind === "pipeline") for (const l of d.layers) add(l.name?.text ?? "", l.sections ? l : { ...l, sections: d.sections }, l.value ? [l.value] : []);
  }
  return out;
}

/** A value of one of the language's types, as declared or acknowledged. */
interface Typed {
  type: TypeName;
  value: string;
}

function sameValue(f: Figure, d: Typed): boolean {
  if (f.kind === "date" || d.type === "Date") return f.kind === "date" && d.type === "Date" && f.value === d.value;
  // 年满70周岁 written as a birth date + 840个月
  if (d.type === "Duration" && (f.kind === "age" || f.kind === "years")) return new D(f.value).times(12).eq(d.value);
  return KINDS[f.kind].includes(d.type) && new D(f.value).eq(d.value);
}

/** Whether a citation list covers `section`. */
const citesFor = (sections: readonly string[], section: string) => sections.some((c) => covers(c, section));

/** Whether a value citing `sections` is stated there by the document. */
const stated = (figures: readonly Figure[], sections: readonly string[], v: Typed) =>
  figures.some((f) => citesFor(sections, f.section) && sameValue(f, v));

/** The document's figures, its sections numbered as `citations` cite them: a citation's words
 *  before its numbers name an article of a bulletin (`冠县二`). */
export function documentFigures(text: string, citations: readonly string[]): { figures: Figure[]; sections: Set<string>; paragraphs: Paragraph[] } {
  // `第十二条` numbers an article of a regulation, it names none
  const named = citations.filter((c) => !/^第[一二三四五六七八九十百零〇\d]+条/.test(c));
  const articles = [...new Set(named.map((c) => /^[^一二三四五六七八九十(（\d]+/.exec(c)?.[0]).filter((a) => a !== undefined))];
  const paras = paragraphs(text, articles);
  return { figures: figuresOf(paras), sections: new Set(paras.map((p) => p.section)), paragraphs: paras };
}

/** Every section the sources cite, without `§`. */
export const citationsOf = ({ declared, written, acks }: TraceSources): string[] =>
  [...declared, ...written, ...acks].flatMap((d) => d.sections);

/** The acknowledged figures their cited section does not state. */
export function acknowledgedAmiss(figures: readonly Figure[], acks: readonly Acknowledgment[]): AcknowledgedAmiss[] {
  return acks.flatMap((a) => a.figures.filter((f) => !stated(figures, a.sections, f)).map((f) => ({ ...f, reason: a.reason, sections: a.sections })));
}

/** What a document's figures are traced to: the values the rule sets hold (declaredValues, of
 *  the compiled artifacts), the figures their files write (writtenValues; the reverse check and
 *  the placeholders use these), and the acknowledgments. */
export interface TraceSources {
  declared: readonly Declared[];
  written: readonly Declared[];
  acks: readonly Acknowledgment[];
  /** the enums table cells are keyed by, with their members' labels (how documents name them) */
  enums?: readonly EnumDef[];
}

/** The member the document names a figure of, when every declaration holding the figure is a
 *  table cell of other members: in its sentence, before it, the last mention of a member of a
 *  key's enum (by name or label: 退休人员为4000元). */
function saidOf(text: string, f: Figure, holders: readonly Declared[], enums: readonly EnumDef[]): string | undefined {
  // (the figures written in the files mirror the declared values: the cells are those)
  if (holders.length === 0 || holders.some((d) => d.cell === undefined)) return undefined;
  const start = Math.max(...["。", "；", ";", "\n"].map((t) => text.lastIndexOf(t, f.offset - 1))) + 1;
  // what a parenthesis excludes names no member the figure is of: 居民(不含学生)310元
  const before = text.slice(start, f.offset).replace(/[（(][^（()）]*[)）]/g, "");
  const found = new Set<string>();
  for (const d of holders) {
    const saids = d.cell!.map((key) => ({ key, said: namedOf(before, enums.find((e) => e.name === key.enum)) }));
    // a cell the sentence names (or does not name otherwise) holds it as the document says
    if (saids.every(({ key, said }) => said === undefined || key.members.includes(said))) return undefined;
    for (const { key, said } of saids) if (said !== undefined && !key.members.includes(said)) found.add(said);
  }
  return [...found].join(", ");
}

/** The member of `e` a figure ending `text` is said of: named last before it (by a name of two
 *  characters or more, or its label), or in a 分别 list (在职职工、退休人员分别为3000元、4000元)
 *  the member at the figure's place in the list. */
function namedOf(text: string, e: EnumDef | undefined): string | undefined {
  const respectively = text.lastIndexOf("分别");
  if (respectively >= 0) {
    const listed = mentions(text.slice(0, respectively), e).sort((p, q) => p.at - q.at).map((m) => m.member);
    const place = (text.slice(respectively).match(/[、，,]/g) ?? []).length;
    if (listed.length > 1) return listed[place];
  }
  return mentions(text, e).sort((p, q) => q.end - p.end)[0]?.member;
}

/** Where `text` names members of `e` (by a name of two characters or more, or its label): the
 *  last mention of each. */
function mentions(text: string, e: EnumDef | undefined): { member: string; at: number; end: number }[] {
  const out: { member: string; at: number; end: number }[] = [];
  for (const m of e?.members ?? []) {
    let best: { member: string; at: number; end: number } | undefined;
    for (const word of [m.name, m.label]) {
      if (word === undefined || word.length < 2) continue;
      const at = text.lastIndexOf(word);
      if (at >= 0 && (best === undefined || at + word.length > best.end)) best = { member: m.name, at, end: at + word.length };
    }
    if (best) out.push(best);
  }
  return out;
}

/** One of each name, value and citation (a band edge is written twice, as two bands' ends). */
function unique(ds: readonly Declared[]): Declared[] {
  const seen = new Map(ds.map((d) => [`${d.name} ${d.type} ${d.value} ${d.sections.join(" ")}`, d]));
  return [...seen.values()];
}

/** What one compiled policy file contributes to its document's trace. */
export function traceSources(artifact: Artifact, ast: Policy | undefined): TraceSources {
  const file = artifact.sources[0]?.path ?? "";
  return { declared: declaredValues(artifact), written: writtenValues(ast, file), acks: acknowledgmentsOf(ast).map((a) => ({ ...a, file })), enums: artifact.schema.enums };
}

/** The trace sources of several compiled files, merged by the document each names (its
 *  `source`), with the folders of the files naming it (where the document is looked for). */
export function byDocument(files: readonly { artifact: Artifact; ast: Policy | undefined; folder: string }[]): Map<string, TraceSources & { folders: string[] }> {
  const out = new Map<string, { declared: Declared[]; written: Declared[]; acks: Acknowledgment[]; enums: EnumDef[]; folders: string[] }>();
  for (const { artifact, ast, folder } of files) {
    const document = artifact.policy.source;
    if (document === "") continue;
    const entry = out.get(document) ?? { declared: [], written: [], acks: [], enums: [], folders: [] };
    const from = traceSources(artifact, ast);
    entry.declared.push(...from.declared);
    entry.written.push(...from.written);
    entry.acks.push(...from.acks);
    entry.enums.push(...(from.enums ?? []));
    if (!entry.folders.includes(folder)) entry.folders.push(folder);
    out.set(document, entry);
  }
  return out;
}

/** The figures of one document, each linked to the declarations that hold it, or acknowledged. */
export function traceDocument(document: string, text: string, { declared, written, acks, enums = [] }: TraceSources): DocumentTrace {
  const holding = [...declared, ...written];
  const { figures, sections } = documentFigures(text, citationsOf({ declared, written, acks }));
  const items: TracedFigure[] = figures.map((f) => {
    const holders = holding.filter((d) => (d.anywhere || citesFor(d.sections, f.section)) && sameValue(f, d));
    if (holders.length > 0) {
      const said = saidOf(text, f, holders.filter((d) => declared.includes(d)), enums);
      return { ...f, class: "linked", declarations: [...new Set(holders.map((d) => d.name))], at: holders.flatMap((d) => (d.at ? [d.at] : [])), ...(said ? { saidOf: said } : {}) };
    }
    const why = acks.filter((a) => citesFor(a.sections, f.section) && a.figures.some((v) => sameValue(f, v)));
    const at = why.flatMap((a) => a.figures.filter((v) => sameValue(f, v)).map((v) => ({ file: a.file ?? "", span: v.span })));
    return { ...f, class: why.length > 0 ? "acknowledged" : "unlinked", declarations: [...new Set(why.map((a) => a.reason))], at };
  });
  // a zero states no figure (不设起付标准, 免除), nor does a one: a count's 1 (`count(病种) - 1`,
  // `if 住院 then 1 else 0`), the whole (`100% - 25%`), a rounding unit (`round(x, 1元)`)
  const counting = (d: Declared) => d.type !== "Date" && (new D(d.value).eq(1) || new D(d.value).isZero());
  // the policy's dates, when the document states dates at all (some state none: 000)
  const dated = figures.some((f) => f.kind === "date");
  const misdated = dated ? written.filter((d) => d.anywhere && !figures.some((f) => sameValue(f, d))) : [];
  const notInDocument = unique([...written.filter((d) => !d.anywhere && !d.placeholder && !counting(d)
    && [...sections].some((s) => citesFor(d.sections, s)) && !stated(figures, d.sections, d)), ...misdated]);
  // a placeholder's change date is part of the figure it stands for
  const placeholders = written.filter((d) => d.placeholder && d.type !== "Date");
  const count = (c: FigureClass) => items.filter((i) => i.class === c).length;
  // a citation neither holding nor held by any section the document numbers cites nothing in it
  const known = (c: string) => [...sections].some((s) => covers(c, s) || covers(s, c));
  const citing = [...written.map((d) => ({ name: d.name, sections: d.sections, at: d.at })),
    ...acks.map((a) => ({ name: a.reason, sections: a.sections, at: a.file === undefined ? undefined : { file: a.file, span: a.span } }))];
  const unknown = new Map<string, DocumentTrace["unknownSections"][number]>();
  for (const d of citing) for (const section of d.sections) if (!known(section) && !unknown.has(section)) unknown.set(section, { section, name: d.name, ...(d.at ? { at: d.at } : {}) });
  return {
    document, figures: items.length, linked: count("linked"), acknowledged: count("acknowledged"), placeholder: placeholders.length,
    unlinked: count("unlinked"), items, notInDocument, acknowledgedAmiss: acknowledgedAmiss(figures, acks), placeholders,
    unknownSections: [...unknown.values()],
  };
}
