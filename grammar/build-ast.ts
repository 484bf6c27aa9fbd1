// CST → AST for the header and declarations (expressions: build-expr.ts). Defensive
// throughout: a node recovered from a syntax error may miss any child, and then the
// matching AST field is left undefined.
import type { CstNode, IToken } from "chevrotain";
import type * as A from "./ast.ts";
import { ExprBuilder } from "./build-expr.ts";
import { isNode, name, nodeOf, nodeSpan, nodesOf, tokenOf, tokenSpan, tokensOf } from "./cst.ts";
import { INPUT_BLOCK, LEDGER_BLOCK, LEDGER_BRACE, SyntaxCodes, syntaxError, type SyntaxError } from "./syntax-error.ts";

const NOT_OVERRIDABLE = new Set(["import", "enum", "input", "ledger", "test", "acknowledge"]);

export class AstBuilder {
  readonly errors: SyntaxError[] = [];

  private readonly x = new ExprBuilder(this.errors);

  get longestChain(): number {
    return this.x.longestChain;
  }

  private str(t: IToken | undefined): A.StringLit | undefined {
    return this.x.str(t);
  }

  private date(t: IToken | undefined): A.DateLit | undefined {
    return this.x.date(t);
  }

  private expr(n: CstNode | undefined): A.Expr | undefined {
    return this.x.expr(n);
  }

  // ------------------------------------------------------------ file
  /** Builds the header(s) and declarations of one parsed stretch of the file. */
  file(cst: CstNode): { headers: A.Header[]; decls: A.Decl[] } {
    const headers = nodesOf(cst, "header").map((h) => this.header(h));
    const decls = nodesOf(cst, "decl")
      .map((d) => this.decl(d))
      .filter((d): d is A.Decl => d !== undefined);
    return { headers, decls };
  }

  private header(n: CstNode): A.Header {
    const items = nodesOf(n, "headerItem");
    const pick = (key: string): IToken | undefined =>
      items.map((i) => tokenOf(i, key)).find((t) => t !== undefined);
    const id = nodeOf(n, "id");
    return {
      kind: "header",
      span: nodeSpan(n),
      id: id ? this.dottedName(id) : undefined,
      title: this.str(tokenOf(n, "title")),
      extends: this.str(tokenOf(n, "extends")),
      region: this.str(pick("region")),
      effective: this.date(pick("effective")),
      ends: this.date(pick("ends")),
      source: this.str(pick("source")),
      section: name(pick("section")),
    };
  }

  private dottedName(n: CstNode): A.DottedName | undefined {
    const parts = tokensOf(n, "part").map((t) => name(t)!);
    return parts.length ? { parts, span: nodeSpan(n) } : undefined;
  }

  private doc(n: CstNode | undefined): A.Doc {
    const sections = tokensOf(n, "section").map((t) => name(t)!);
    return { label: this.str(tokenOf(n, "label")), sections: sections.length > 0 ? sections : undefined };
  }

  // ------------------------------------------------------------ declarations
  private decl(n: CstNode): A.Decl | undefined {
    const overrideTok = tokenOf(n, "override");
    const inner = Object.values(n.children).flat().find(isNode);
    if (!inner) return undefined;
    const decl = this.declBody(inner);
    if (!decl) return undefined;
    decl.span = nodeSpan(n);
    if (overrideTok) {
      decl.override = tokenSpan(overrideTok);
      if (NOT_OVERRIDABLE.has(decl.kind)) {
        this.errors.push(syntaxError(SyntaxCodes.overrideKind, decl.override, { kind: decl.kind }));
      }
    }
    return decl;
  }

  private declBody(n: CstNode): A.Decl | undefined {
    const span = nodeSpan(n);
    const nameTok = name(tokenOf(n, "name"));
    const doc = this.doc(nodeOf(n, "doc"));
    switch (n.name) {
      case "importDecl":
        return { kind: "import", span, path: this.str(tokenOf(n, "path")), alias: name(tokenOf(n, "alias")) };
      case "enumDecl":
        return {
          kind: "enum", span, name: nameTok, ...doc,
          members: nodesOf(n, "enumMember").flatMap((m) => {
            const memberName = name(tokenOf(m, "name"));
            return memberName ? [{ name: memberName, span: nodeSpan(m), ...this.doc(nodeOf(m, "doc")) }] : [];
          }),
        };
      case "inputDecl":
      case "ledgerDecl": {
        const kind = n.name === "inputDecl" ? "input" : "ledger";
        const body = nodeOf(n, "body");
        const bare = nodeOf(n, "bare") ?? nodeOf(body, "bare");
        if (bare) {
          const at = tokenOf(bare, "name");
          this.errors.push(syntaxError(SyntaxCodes.unexpectedToken, at ? tokenSpan(at) : span, {
            found: at ? `\`${at.image}\`` : "a field",
            expected: kind === "input" ? INPUT_BLOCK : tokenOf(n, "per") ? LEDGER_BRACE : LEDGER_BLOCK,
          }));
        }
        const fields = bare ? [bare] : nodesOf(nodeOf(body, "fieldBlock"), "field");
        return { kind, span, ...this.doc(nodeOf(body, "doc")), fields: fields.map((f) => this.field(f)) };
      }
      case "paramDecl":
        return this.param(n, span, nameTok, doc);
      case "tableDecl":
        return this.table(n, span, nameTok, doc);
      case "bandsDecl":
        return this.bands(n, span, nameTok, doc);
      case "classifyDecl":
        return {
          kind: "classify", span, name: nameTok, ...doc,
          resultType: this.typeRef(nodeOf(n, "type")),
          rows: nodesOf(n, "classifyRow").map((r) => ({
            span: nodeSpan(r),
            range: this.interval(nodeOf(r, "range")),
            member: name(tokenOf(r, "member")),
          })),
          otherwise: name(tokenOf(n, "otherwise")),
        };
      case "defineDecl":
      case "outputDecl":
        return {
          kind: n.name === "defineDecl" ? "define" : "output", span, name: nameTok, ...doc,
          type: this.typeRef(nodeOf(n, "type")),
          value: this.expr(nodeOf(n, "value")),
        };
      case "alertDecl":
        return { kind: "alert", span, name: nameTok, ...doc, when: this.expr(nodeOf(n, "when")) };
      case "pipelineDecl":
        return this.pipeline(n, span, nameTok, doc);
      case "testDecl":
        return this.test(n, span);
      case "acknowledgeDecl":
        return { kind: "acknowledge", span, ...doc, figures: nodesOf(n, "figure").map((f) => this.expr(f)).filter((e) => e !== undefined) };
      default:
        return undefined;
    }
  }

  private field(n: CstNode): A.Field {
    const doc = this.doc(nodeOf(n, "doc")), after = this.doc(nodeOf(n, "docAfter"));
    return {
      span: nodeSpan(n),
      name: name(tokenOf(n, "name")),
      type: this.typeRef(nodeOf(n, "typeRef")),
      ...this.merged(doc, after),
      default: this.expr(nodeOf(n, "default")),
    };
  }

  /** A declaration's label and sections, written before its value or after it. */
  private merged(doc: A.Doc, after: A.Doc): A.Doc {
    const out: A.Doc = {};
    const label = doc.label ?? after.label, sections = doc.sections ?? after.sections;
    if (label !== undefined) out.label = label;
    if (sections !== undefined) out.sections = sections;
    return out;
  }

  private typeRef(n: CstNode | undefined): A.TypeRef | undefined {
    if (!n) return undefined;
    const span = nodeSpan(n);
    if (tokenOf(n, "set")) return { kind: "set", of: name(tokenOf(n, "of")), span };
    const typeName = name(tokenOf(n, "name"));
    return typeName ? { kind: "named", name: typeName, span } : undefined;
  }

  private param(n: CstNode, span: A.Span, nameTok: A.Name | undefined, doc: A.Doc): A.ParamDecl {
    const decl: A.ParamDecl = {
      kind: "param", span, name: nameTok,
      ...this.merged(doc, this.doc(nodeOf(n, "docAfter"))),
      type: this.typeRef(nodeOf(n, "type")),
      value: this.expr(nodeOf(n, "value")),
    };
    if (tokenOf(n, "dated")) {
      decl.dated = nodesOf(n, "datedValue").map((r) => ({
        span: nodeSpan(r), from: this.date(tokenOf(r, "from")), value: this.expr(nodeOf(r, "value")),
      }));
    }
    for (const bound of nodesOf(n, "paramBound")) {
      const value = this.expr(nodeOf(bound, "value"));
      if (tokenOf(bound, "least")) decl.atLeast = value;
      else if (tokenOf(bound, "most")) decl.atMost = value;
    }
    return decl;
  }

  private table(n: CstNode, span: A.Span, nameTok: A.Name | undefined, doc: A.Doc): A.TableDecl {
    const keyTypes = nodesOf(n, "keyType").map((k) => this.typeRef(k)).filter((k) => k !== undefined);
    const grid = tokenOf(n, "keys") !== undefined;
    const rows = nodesOf(n, "tableRow").map((r): A.TableRow => {
      const cells = nodesOf(r, "cell").flatMap((c) => this.cell(c));
      const row: A.TableRow = { span: nodeSpan(r), value: this.expr(nodeOf(r, "value")) };
      const only = cells.length === 1 ? cells[0]! : undefined;
      // A plain one-key row keeps today's shape; anything grid-like is kept as cells.
      if (!grid && only?.kind === "range") row.range = only.range;
      else if (!grid && only?.kind === "members" && only.members.length === 1) row.key = only.members[0];
      else row.cells = cells;
      return row;
    });
    const decl: A.TableDecl = { kind: "table", span, name: nameTok, ...doc, valueType: this.typeRef(nodeOf(n, "valueType")), rows };
    if (grid) decl.keys = keyTypes;
    else decl.keyType = keyTypes[0];
    return decl;
  }

  private cell(n: CstNode): A.TableCell[] {
    const span = nodeSpan(n);
    const range = this.interval(nodeOf(n, "range"));
    if (range) return [{ kind: "range", span, range }];
    const point = tokenOf(n, "point");
    if (point) {
      const value = this.x.literal(point);
      return [{ kind: "range", span, range: { span, lowInclusive: true, low: value, high: value, highInfinite: false, highInclusive: true, point: true } }];
    }
    const members = tokensOf(n, "member").map((t) => name(t)).filter((m) => m !== undefined);
    if (members.length === 0) return [];
    if (members.length === 1 && members[0]!.text === "_") return [{ kind: "any", span }];
    return [{ kind: "members", span, members }];
  }

  private interval(n: CstNode | undefined): A.Interval | undefined {
    if (!n) return undefined;
    const infinity = tokenOf(n, "infinity");
    return {
      span: nodeSpan(n),
      lowInclusive: tokenOf(n, "lowExclusive") === undefined,
      low: this.expr(nodeOf(n, "low")),
      high: this.expr(nodeOf(n, "high")),
      highInfinite: infinity !== undefined,
      // `∞)` and `∞]` both mean no upper end; inclusive only matters for finite ends.
      highInclusive: tokenOf(n, "highInclusive") !== undefined,
    };
  }

  private bands(n: CstNode, span: A.Span, nameTok: A.Name | undefined, doc: A.Doc): A.BandsDecl {
    const decl: A.BandsDecl = {
      kind: "bands", span, name: nameTok, ...doc,
      mode: tokenOf(n, "marginal") ? "marginal" : tokenOf(n, "whole") ? "whole" : undefined,
      rows: nodesOf(n, "bandRow").map((r) => ({
        span: nodeSpan(r),
        gap: tokenOf(r, "gap") !== undefined,
        range: this.interval(nodeOf(r, "range")),
        rate: this.expr(nodeOf(r, "rate")),
      })),
    };
    const derivedNode = nodeOf(n, "derived");
    const derived = this.expr(derivedNode);
    if (derivedNode && derived) {
      // `= base.分段 + 5pp`: the bands to start from, and the points added to every rate.
      decl.derived =
        derived.kind === "binary" && derived.op === "+" && derived.left
          ? { from: derived.left, add: derived.right, span: derived.span }
          : { from: derived, span: derived.span };
    }
    return decl;
  }

  private pipeline(n: CstNode, span: A.Span, nameTok: A.Name | undefined, doc: A.Doc): A.PipelineDecl {
    const leavesNode = nodeOf(n, "leaves");
    const leavesName = name(tokenOf(leavesNode, "name"));
    return {
      kind: "pipeline", span, name: nameTok, ...doc,
      on: this.expr(nodeOf(n, "on")),
      layers: nodesOf(n, "layer").map((l) => ({
        span: nodeSpan(l),
        name: name(tokenOf(l, "name")),
        ...this.doc(nodeOf(l, "doc")),
        value: this.expr(nodeOf(l, "value")),
      })),
      leaves: leavesNode && leavesName
        ? { name: leavesName, label: this.str(tokenOf(leavesNode, "label")), span: nodeSpan(leavesNode) }
        : undefined,
    };
  }

  private test(n: CstNode, span: A.Span): A.TestDecl {
    const items = nodesOf(n, "testItem");
    const ofItems = (key: string): CstNode[] => items.flatMap((i) => nodesOf(i, key));
    const dateTok = items.map((i) => tokenOf(i, "date")).find((t) => t !== undefined);
    return {
      kind: "test", span,
      title: this.str(tokenOf(n, "title")),
      given: ofItems("givenClause").flatMap((g) => this.assignments(nodeOf(g, "assignments"))),
      ledger: ofItems("ledger").flatMap((l) => this.assignments(l)),
      date: this.date(dateTok),
      expect: ofItems("expectClause").flatMap((e) => this.expectations(e)),
      claims: ofItems("claim").map((c) => ({
        span: nodeSpan(c),
        date: this.date(tokenOf(c, "date")),
        given: nodesOf(c, "givenClause").flatMap((g) => this.assignments(nodeOf(g, "assignments"))),
        expect: nodesOf(c, "expectClause").flatMap((e) => this.expectations(e)),
      })),
    };
  }

  private assignments(n: CstNode | undefined): A.Assignment[] {
    return nodesOf(n, "assignment").map((a) => ({
      span: nodeSpan(a),
      name: name(tokenOf(a, "name")),
      value: this.expr(nodeOf(a, "value")),
    }));
  }

  private expectations(n: CstNode): A.Expectation[] {
    return nodesOf(n, "expectation").map((e): A.Expectation => {
      const span = nodeSpan(e);
      const expName = name(tokenOf(e, "name"));
      if (tokenOf(e, "alert")) return { kind: "alert", span, name: expName, negated: tokenOf(e, "no") !== undefined };
      this.x.finerThanFen = true;
      const value = this.expr(nodeOf(e, "value"));
      this.x.finerThanFen = false;
      return { kind: "value", span, name: expName, value };
    });
  }
}
