// Acknowledged figures: `acknowledge "why" §section { 30元, 550元 }` says that figures the
// document states in that section are no rule of the policy (a funding figure, a date of
// issue, a figure another layer owns). They are read from the syntax tree, never lowered:
// the IR, and so settlement, does not see them.
import type { AcknowledgeDecl, Expr, Policy, Span } from "../../grammar/ast.ts";
import type { TypeName } from "../../runtime/ir/artifact.ts";

export interface AcknowledgedFigure {
  /** the type a literal of this kind has: Money, Rate, Points, Int, Number, Duration, Date */
  type: TypeName;
  /** in the language's unit, as declaredValues gives it: "30", "0.7", "6", "2025-07-01" */
  value: string;
  span: Span;
}

export interface Acknowledgment {
  /** why the figures are no rule (the declaration's label) */
  reason: string;
  /** cited sections, without `§` */
  sections: string[];
  figures: AcknowledgedFigure[];
  span: Span;
  /** the policy file it is written in, when known */
  file?: string;
}

/** A figure as the document writes it, or undefined for anything else (a name, a sum). */
export function figureOf(e: Expr): AcknowledgedFigure | undefined {
  switch (e.kind) {
    case "money":
      return { type: "Money", value: e.value, span: e.span };
    case "rate":
      return { type: "Rate", value: e.value, span: e.span };
    case "points":
      return { type: "Points", value: e.value, span: e.span };
    case "number":
      return { type: /^\d+$/.test(e.value) ? "Int" : "Number", value: e.value, span: e.span };
    case "duration":
      return { type: "Duration", value: String(e.months), span: e.span };
    case "date":
      return { type: "Date", value: e.value, span: e.span };
    default:
      return undefined;
  }
}

export function acknowledgment(d: AcknowledgeDecl): Acknowledgment {
  return {
    reason: d.label?.value ?? "",
    sections: (d.sections ?? []).map((s) => s.text.replace(/^§/, "")),
    figures: d.figures.map(figureOf).filter((f) => f !== undefined),
    span: d.span,
  };
}

/** The acknowledgments of one file (a parent's are its own: trace-doc reads every file). */
export function acknowledgmentsOf(ast: Policy | undefined): Acknowledgment[] {
  return (ast?.decls ?? []).filter((d) => d.kind === "acknowledge").map(acknowledgment);
}
