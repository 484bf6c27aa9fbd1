// Header and declarations → canonical lines. Each line remembers the source offset of what
// it starts with, so format.ts can put every comment back next to the code it was near.
import type {
  Assignment, BandsDecl, Decl, Doc, Expectation, Expr, Header, PipelineDecl, Span, TableCell, TableDecl, TestDecl,
} from "./ast.ts";
import { ExprPrinter } from "./format-expr.ts";

export interface Line {
  indent: number;
  text: string;
  /** source offset of the first thing on this line */
  src: number;
  /** a line that closes a block (`}`): comments before it belong inside the block */
  closing?: boolean;
}

export const MAX_WIDTH = 120;
const INDENT = 2;

/** Display width: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  }
  return width;
}

function joinWords(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p !== undefined && p !== "").join(" ");
}

interface BrokenLine {
  text: string;
  src: number;
  depth: number;
}

export class DeclPrinter {
  readonly lines: Line[] = [];
  private readonly p: ExprPrinter;

  /** Whether a comment lies inside a span: such code keeps its multi-line form. */
  private readonly hasCommentIn: (span: Span) => boolean;

  constructor(source: string, hasCommentIn: (span: Span) => boolean) {
    this.p = new ExprPrinter(source);
    this.hasCommentIn = hasCommentIn;
  }

  private line(indent: number, text: string, src: number, closing = false): void {
    this.lines.push({ indent, text, src, closing });
  }

  private doc(d: Doc): string {
    return joinWords(d.label ? this.p.raw(d.label.span) : undefined, ...(d.sections ?? []).map((s) => s.text));
  }

  private typed(name: string, type: string): string {
    return type ? `${name}: ${type}` : name;
  }

  /** `head = value` on one line when it fits and was written so; otherwise the value on
   *  the next line, and broken into one line per top-level operator when the author broke
   *  it or it is too long. Decided from the text so that formatting is idempotent. */
  private valueLines(indent: number, head: string, keyword: string, value: Expr | undefined, src: number): void {
    const flat = `${head} ${keyword} ${this.p.expr(value)}`;
    const brokenInSource = value !== undefined && this.p.raw(value.span).includes("\n");
    const fits = indent + displayWidth(flat) <= MAX_WIDTH;
    if (!value || (fits && !brokenInSource && !this.startsOwnLine(value))) {
      this.line(indent, flat, src);
      return;
    }
    this.line(indent, `${head} ${keyword}`, src);
    const inner = indent + INDENT;
    const exprFits = inner + displayWidth(this.p.expr(value)) <= MAX_WIDTH;
    if (exprFits && !brokenInSource) {
      this.line(inner, this.p.expr(value), value.span.start);
      return;
    }
    for (const l of this.brokenLines(value)) this.line(inner + l.depth * INDENT, l.text, l.src);
  }

  /** Whether the author put the expression on its own line (after `=` or `when`). */
  private startsOwnLine(value: Expr): boolean {
    const before = /\s*$/.exec(this.p.raw({ start: Math.max(0, value.span.start - 200), end: value.span.start }));
    return before !== null && before[0].includes("\n");
  }

  /** An expression as lines: its first operand, then one line per operator of its top
   *  chain (`* R`, `at most C …`, `or X`), or an `if … else if … else` ladder. A first
   *  operand in parentheses that the author broke is broken inside too, a level deeper.
   *  `depth`: indent levels below the expression's first line. */
  private brokenLines(e: Expr): BrokenLine[] {
    if (e.kind === "if") {
      const lines: BrokenLine[] = [];
      let branch: Expr | undefined = e;
      let prefix = "";
      while (branch?.kind === "if") {
        lines.push({ text: `${prefix}if ${this.p.expr(branch.cond)} then ${this.p.expr(branch.then)}`, src: branch.span.start, depth: 0 });
        prefix = "else ";
        branch = branch.else;
      }
      lines.push({ text: `else ${this.p.expr(branch)}`, src: branch?.span.start ?? e.span.end, depth: 0 });
      return lines;
    }
    const rest: BrokenLine[] = [];
    let head: Expr | undefined = e;
    for (;;) {
      if (head?.kind === "cap") {
        rest.unshift(...head.limits.map((l) => ({ text: this.p.capLimit(l), src: l.span.start, depth: 1 })));
        head = head.value;
        if (head?.kind !== "binary") break;
      } else if (head?.kind === "binary") {
        rest.unshift({ text: `${head.op} ${this.p.expr(head.right)}`, src: head.opSpan.start, depth: 1 });
        head = head.left;
        if (head?.kind !== "binary") break;
      } else if (head?.kind === "logical") {
        const op: "and" | "or" = head.op;
        rest.unshift({ text: `${op} ${this.p.expr(head.right)}`, src: head.right?.span.start ?? head.span.end, depth: 1 });
        head = head.left;
        if (head?.kind !== "logical" || head.op !== op) break;
      } else {
        break;
      }
    }
    if (head?.kind === "paren" && head.inner !== undefined && this.p.raw(head.inner.span).includes("\n")) {
      const inside = this.brokenLines(head.inner);
      if (inside.length > 1) {
        const last = inside.length - 1;
        return [
          ...inside.map((l, i) => ({ text: `${i === 0 ? "(" : ""}${l.text}${i === last ? ")" : ""}`, src: l.src, depth: i === 0 ? 0 : l.depth + 1 })),
          ...rest,
        ];
      }
    }
    return [{ text: this.p.expr(head), src: head?.span.start ?? e.span.start, depth: 0 }, ...rest];
  }

  private open(text: string, src: number): void {
    this.line(0, `${text} {`, src);
  }

  private close(end: number, indent = 0): void {
    this.line(indent, "}", Math.max(0, end - 1), true);
  }

  header(h: Header): void {
    const id = h.id ? h.id.parts.map((part) => part.text).join(".") : "";
    const title = h.title ? this.p.raw(h.title.span) : undefined;
    const ext = h.extends ? `extends ${this.p.raw(h.extends.span)}` : undefined;
    this.open(joinWords("policy", id, title, ext), h.span.start);
    if (h.region) this.line(INDENT, `region ${this.p.raw(h.region.span)}`, h.region.span.start);
    if (h.effective) this.line(INDENT, `effective ${h.effective.value}`, h.effective.span.start);
    if (h.ends) this.line(INDENT, `ends ${h.ends.value}`, h.ends.span.start);
    if (h.source) {
      this.line(INDENT, joinWords("source", this.p.raw(h.source.span), h.section?.text), h.source.span.start);
    }
    this.close(h.span.end);
  }

  decl(d: Decl): void {
    const o = d.override ? "override " : "";
    const name = "name" in d ? (d.name?.text ?? "") : "";
    const start = d.span.start;
    switch (d.kind) {
      case "import":
        this.line(0, joinWords(`${o}import`, d.path ? this.p.raw(d.path.span) : undefined, "as", d.alias?.text), start);
        return;
      case "enum":
        this.open(joinWords(`${o}enum`, name, this.doc(d)), start);
        for (const m of d.members) this.line(INDENT, joinWords(m.name.text, this.doc(m)), m.span.start);
        this.close(d.span.end);
        return;
      case "input":
      case "ledger":
        this.open(joinWords(o + (d.kind === "input" ? "input" : "ledger per year"), this.doc(d)), start);
        for (const f of d.fields) {
          const head = joinWords(this.typed(f.name?.text ?? "", this.p.type(f.type)), this.doc(f));
          const text = f.default ? `${head} = ${this.p.expr(f.default)}` : head;
          this.line(INDENT, text, f.span.start);
        }
        this.close(d.span.end);
        return;
      case "param": {
        const head = this.typed(`${o}param ${name}`, this.p.type(d.type));
        const least = d.atLeast ? `at least ${this.p.expr(d.atLeast)}` : undefined;
        const most = d.atMost ? `at most ${this.p.expr(d.atMost)}` : undefined;
        if (d.dated) {
          // the dated form: the label and section before the brace, the bounds after it
          this.open(joinWords(head, this.doc(d)), start);
          for (const r of d.dated) this.line(INDENT, `${r.from?.value ?? ""}: ${this.p.expr(r.value)}`, r.span.start);
          this.lines.push({ indent: 0, text: joinWords("}", least, most), src: Math.max(0, d.span.end - 1), closing: true });
          return;
        }
        const value = d.value ? `= ${this.p.expr(d.value)}` : undefined;
        this.line(0, joinWords(head, value, this.doc(d), least, most), start);
        return;
      }
      case "table":
        return this.table(d, o);
      case "bands":
        return this.bands(d, o);
      case "classify":
        this.open(joinWords(this.typed(`${o}classify ${name}`, this.p.type(d.resultType)), this.doc(d)), start);
        for (const r of d.rows) {
          this.line(INDENT, `${r.range ? this.p.interval(r.range) : ""}: ${r.member?.text ?? ""}`, r.span.start);
        }
        if (d.otherwise) this.line(INDENT, `else ${d.otherwise.text}`, d.otherwise.span.start);
        this.close(d.span.end);
        return;
      case "define":
      case "output": {
        const head = joinWords(this.typed(`${o}${d.kind} ${name}`, this.p.type(d.type)), this.doc(d));
        this.valueLines(0, head, "=", d.value, start);
        return;
      }
      case "alert":
        this.valueLines(0, joinWords(`${o}alert`, name, this.doc(d)), "when", d.when, start);
        return;
      case "pipeline":
        return this.pipeline(d, o);
      case "test":
        return this.test(d, o);
      case "acknowledge": {
        // all on one line when it fits (and holds no comment); else the figures in a block, on
        // one line when they fit, else one a line
        const head = joinWords("acknowledge", this.doc(d));
        const figures = d.figures.map((f) => this.p.expr(f));
        const one = figures.join(", ");
        const whole = `${head} { ${one} }`;
        if (displayWidth(whole) <= MAX_WIDTH && !this.hasCommentIn(d.span)) return this.line(0, whole, start);
        this.open(head, start);
        if (displayWidth(one) + INDENT <= MAX_WIDTH) this.line(INDENT, one, d.figures[0]?.span.start ?? start);
        else d.figures.forEach((f, i) => this.line(INDENT, `${figures[i]},`, f.span.start));
        this.close(d.span.end);
        return;
      }
    }
  }

  private table(d: TableDecl, o: string): void {
    const keys = d.keys ? `(${d.keys.map((k) => this.p.type(k)).join(", ")})` : this.p.type(d.keyType);
    this.open(joinWords(`${o}table ${d.name?.text ?? ""}: ${keys} -> ${this.p.type(d.valueType)}`, this.doc(d)), d.span.start);
    for (const r of d.rows) {
      const key = r.cells ? r.cells.map((c) => this.cell(c)).join(", ") : r.range ? this.p.interval(r.range) : (r.key?.text ?? "");
      this.line(INDENT, `${key}: ${this.p.expr(r.value)}`, r.span.start);
    }
    this.close(d.span.end);
  }

  private cell(c: TableCell): string {
    if (c.kind === "any") return "_";
    if (c.kind === "members") return c.members.map((m) => m.text).join(" | ");
    return this.p.interval(c.range);
  }

  private bands(d: BandsDecl, o: string): void {
    const head = joinWords(`${o}bands`, d.name?.text, this.doc(d));
    if (d.derived) {
      const add = d.derived.add ? ` + ${this.p.expr(d.derived.add)}` : "";
      this.line(0, `${head} = ${this.p.expr(d.derived.from)}${add}`, d.span.start);
      return;
    }
    this.open(joinWords(head, d.mode), d.span.start);
    for (const r of d.rows) {
      const range = r.range ? this.p.interval(r.range) : "";
      this.line(INDENT, r.gap ? `gap ${range}` : `${range}: ${this.p.expr(r.rate)}`, r.span.start);
    }
    this.close(d.span.end);
  }

  private pipeline(d: PipelineDecl, o: string): void {
    const head = joinWords(`${o}pipeline`, d.name?.text, this.doc(d), "on", this.p.expr(d.on));
    this.open(head, d.span.start);
    for (const l of d.layers) {
      this.valueLines(INDENT, joinWords("layer", l.name?.text, this.doc(l)), "=", l.value, l.span.start);
    }
    if (d.leaves) {
      const label = d.leaves.label ? this.p.raw(d.leaves.label.span) : undefined;
      this.line(INDENT, joinWords("leaves", d.leaves.name.text, label), d.leaves.span.start);
    }
    this.close(d.span.end);
  }

  private assignments(items: Assignment[]): string[] {
    return items.map((a) => `${a.name?.text ?? ""} = ${this.p.expr(a.value)}`);
  }

  private expectations(items: Expectation[]): string[] {
    return items.map((e) =>
      e.kind === "alert"
        ? `${e.negated ? "no " : ""}alert ${e.name?.text ?? ""}`
        : `${e.name?.text ?? ""} = ${this.p.expr(e.value)}`,
    );
  }

  /** `given a = 1, b = 2` on one line when it fits; else wrapped after commas, each further
   *  line under the first item, so a long list of expectations stays readable. */
  private list(indent: number, keyword: string, items: string[], from: { span: { start: number } }[]): void {
    const one = `${keyword} ${items.join(", ")}`;
    if (indent + displayWidth(one) <= MAX_WIDTH) return this.line(indent, one, from[0]!.span.start);
    const pad = " ".repeat(keyword.length + 1);
    let text = `${keyword} ${items[0]}`, src = from[0]!.span.start;
    items.slice(1).forEach((item, i) => {
      if (indent + displayWidth(`${text}, ${item},`) <= MAX_WIDTH) {
        text = `${text}, ${item}`;
        return;
      }
      this.line(indent, `${text},`, src);
      text = `${pad}${item}`;
      src = from[i + 1]!.span.start;
    });
    this.line(indent, text, src);
  }

  private test(d: TestDecl, o: string): void {
    this.open(joinWords(`${o}test`, d.title ? this.p.raw(d.title.span) : undefined), d.span.start);
    if (d.given.length) this.list(INDENT, "given", this.assignments(d.given), d.given);
    if (d.date) this.line(INDENT, `date ${d.date.value}`, d.date.span.start);
    if (d.ledger.length) this.list(INDENT, "ledger", this.assignments(d.ledger), d.ledger);
    if (d.expect.length) this.list(INDENT, "expect", this.expectations(d.expect), d.expect);
    for (const c of d.claims) {
      const date = c.date ? `date ${c.date.value}` : undefined;
      const given = c.given.length ? `given ${this.assignments(c.given).join(", ")}` : undefined;
      const expect = c.expect.length ? `expect ${this.expectations(c.expect).join(", ")}` : undefined;
      // A short claim without comments inside stays on one line, as claims are usually written.
      const oneLine = `claim { ${[date, given, expect].filter((x) => x).join("  ")} }`;
      if (INDENT + displayWidth(oneLine) <= MAX_WIDTH && !this.hasCommentIn(c.span)) {
        this.line(INDENT, oneLine, c.span.start);
        continue;
      }
      this.line(INDENT, "claim {", c.span.start);
      if (date) this.line(2 * INDENT, date, c.date!.span.start);
      if (given) this.list(2 * INDENT, "given", this.assignments(c.given), c.given);
      if (expect) this.list(2 * INDENT, "expect", this.expectations(c.expect), c.expect);
      this.close(c.span.end, INDENT);
    }
    this.close(d.span.end);
  }
}
