// Expression → one line of canonical text. Parentheses are explicit Paren nodes in the
// AST, so printing operators with single spaces reproduces the same tree; literals are
// copied from the source as written (`1.6万元` stays `1.6万元`).
import type { CapLimit, Expr, Interval, LedgerUse, PerClaim, Ref, Span, TypeRef } from "./ast.ts";

export class ExprPrinter {
  private readonly source: string;

  constructor(source: string) {
    this.source = source;
  }

  raw(span: Span): string {
    return this.source.slice(span.start, span.end);
  }

  ledger(use: LedgerUse | undefined, perClaim?: PerClaim): string {
    return use ? ` per year using ${use.field.text}` : perClaim ? " per claim" : "";
  }

  ref(r: Ref): string {
    const prefix = r.base ? "base." : r.qualifier ? `${r.qualifier.text}.` : "";
    return prefix + r.name.text;
  }

  type(t: TypeRef | undefined): string {
    if (!t) return "";
    return t.kind === "set" ? `set of ${t.of?.text ?? ""}` : t.name.text;
  }

  interval(i: Interval): string {
    if (i.point) return this.expr(i.low);
    const high = i.highInfinite ? "∞" : this.expr(i.high);
    return `${i.lowInclusive ? "[" : "("}${this.expr(i.low)}, ${high}${i.highInclusive ? "]" : ")"}`;
  }

  /** One cap limit: `at most C [per year using F | per claim] [when c]`. */
  capLimit(l: CapLimit): string {
    return `at most ${this.expr(l.limit)}${this.ledger(l.ledger, l.perClaim)}${l.when ? ` when ${this.expr(l.when)}` : ""}`;
  }

  /** Left-nested chains (`a + b + … + z`, several `above`/`at most`) are walked in a loop:
   *  a generated policy may chain thousands of terms, more than the stack allows. */
  expr(e: Expr | undefined): string {
    const suffixes: string[] = [];
    let head = e;
    for (let next = this.leftChild(head); next !== undefined; next = this.leftChild(head)) {
      suffixes.push(this.suffix(head!));
      head = next;
    }
    return this.single(head) + suffixes.reverse().join("");
  }

  private leftChild(e: Expr | undefined): Expr | undefined {
    switch (e?.kind) {
      case "binary":
      case "compare":
      case "logical":
        return e.left;
      case "above":
      case "atLeast":
      case "cap":
        return e.value;
      default:
        return undefined;
    }
  }

  /** What follows the left operand of a chain node, with its leading space. */
  private suffix(e: Expr): string {
    switch (e.kind) {
      case "binary":
      case "compare":
      case "logical":
        return ` ${e.op} ${this.expr(e.right)}`;
      case "above":
        return ` above ${this.expr(e.threshold)}${this.ledger(e.ledger, e.perClaim)}`;
      case "atLeast":
        return ` at least ${this.expr(e.floor)}`;
      case "cap":
        return e.limits.map((l) => ` ${this.capLimit(l)}`).join("");
      default:
        return "";
    }
  }

  private single(e: Expr | undefined): string {
    if (!e) return "";
    switch (e.kind) {
      case "rate":
        return this.raw(e.span).replace("％", "%"); // as the README says fmt writes it
      case "number":
      case "money":
      case "points":
      case "date":
      case "duration":
      case "string":
        return this.raw(e.span);
      case "bool":
        return String(e.value);
      case "unlimited":
        return e.word;
      case "remaining":
        return "remaining";
      case "claimDate":
        return "claim date";
      case "ref":
        return this.ref(e);
      case "set":
        return `[${e.items.map((i) => this.expr(i)).join(", ")}]`;
      case "neg":
        return `-${this.expr(e.operand)}`;
      case "not":
        return `not ${this.expr(e.operand)}`;
      case "in":
        return `${this.expr(e.item)} in ${this.expr(e.set)}`;
      case "if":
        return `if ${this.expr(e.cond)} then ${this.expr(e.then)} else ${this.expr(e.else)}`;
      case "apply":
        return `${this.ref(e.bands)} on ${this.expr(e.value)}${this.ledger(e.ledger)}`;
      case "cumulative":
        return `cumulative ${this.expr(e.value)}${this.ledger(e.ledger)}`;
      case "highest":
        return `highest ${this.ref(e.table)} over ${this.expr(e.set)}`;
      case "call":
        return `${e.callee.text}(${e.args.map((a) => this.expr(a)).join(", ")})`;
      case "index":
        return `${this.ref(e.table)}[${[e.key, ...(e.moreKeys ?? [])].map((k) => this.expr(k)).join(", ")}]`;
      case "paren":
        return `(${this.expr(e.inner)})`;
      default:
        return ""; // chain nodes are handled by expr()
    }
  }
}
