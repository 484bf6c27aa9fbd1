// CST → AST. Defensive throughout: a node recovered from a syntax error may miss any
// child, and then the matching AST field is left undefined. Literal values are converted
// here (exact decimal strings); bad money precision and impossible dates are reported.
import type { CstNode, IToken } from "chevrotain";
import type * as A from "./ast.ts";
import {
  durationMonths, isValidDate, moneyValue, normalizeDecimal, pointsValue, rateValue, stringValue,
} from "./literals.ts";
import { SyntaxCodes, syntaxError, type SyntaxError } from "./syntax-error.ts";

type Child = CstNode | IToken;

function isNode(c: Child): c is CstNode {
  return (c as CstNode).children !== undefined;
}

/** A token that really is in the text (recovery may insert virtual ones). */
function isReal(t: IToken): boolean {
  return !t.isInsertedInRecovery && t.startOffset >= 0 && t.image !== "";
}

const NONE: readonly Child[] = [];

// A label always names subrules or always names tokens (see parser.ts), so no filtering
// is needed for nodes; tokens are filtered only when recovery inserted a virtual one.
function nodesOf(n: CstNode | undefined, key: string): CstNode[] {
  return (n?.children[key] ?? NONE) as CstNode[];
}
function nodeOf(n: CstNode | undefined, key: string): CstNode | undefined {
  return n?.children[key]?.[0] as CstNode | undefined;
}
function tokensOf(n: CstNode | undefined, key: string): IToken[] {
  const list = (n?.children[key] ?? NONE) as IToken[];
  return list.every(isReal) ? list : list.filter(isReal);
}
function tokenOf(n: CstNode | undefined, key: string): IToken | undefined {
  return tokensOf(n, key)[0];
}

export function tokenSpan(t: IToken): A.Span {
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
function nodeSpan(n: CstNode): A.Span {
  // Chevrotain tracks locations while parsing; after recovery they may be NaN.
  const loc = n.location;
  if (loc && loc.startOffset >= 0 && loc.endOffset !== undefined && loc.endOffset >= loc.startOffset) {
    return { start: loc.startOffset, end: loc.endOffset + 1 };
  }
  const { start, end } = extent(n);
  return start <= end ? { start, end } : { start: 0, end: 0 };
}

function join(...spans: (A.Span | undefined)[]): A.Span {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const s of spans) {
    if (!s) continue;
    if (s.start < start) start = s.start;
    if (s.end > end) end = s.end;
  }
  return start <= end ? { start, end } : { start: 0, end: 0 };
}

function name(t: IToken | undefined): A.Name | undefined {
  return t ? { text: t.image, span: tokenSpan(t) } : undefined;
}

const NOT_OVERRIDABLE = new Set(["import", "enum", "input", "ledger", "test"]);

export class AstBuilder {
  readonly errors: SyntaxError[] = [];

  // ------------------------------------------------------------ literals
  private str(t: IToken | undefined): A.StringLit | undefined {
    return t ? { kind: "string", span: tokenSpan(t), value: stringValue(t.image) } : undefined;
  }

  private date(t: IToken | undefined): A.DateLit | undefined {
    if (!t) return undefined;
    if (!isValidDate(t.image)) {
      this.errors.push(syntaxError(SyntaxCodes.invalidDate, tokenSpan(t), { text: t.image }));
    }
    return { kind: "date", span: tokenSpan(t), value: t.image };
  }

  private literal(t: IToken): A.Expr {
    const span = tokenSpan(t);
    switch (t.tokenType.name) {
      case "MoneyLit": {
        const { value, precise } = moneyValue(t.image);
        if (!precise) this.errors.push(syntaxError(SyntaxCodes.moneyPrecision, span, { text: t.image }));
        return { kind: "money", span, value };
      }
      case "RateLit":
        return { kind: "rate", span, value: rateValue(t.image) };
      case "PointsLit":
        return { kind: "points", span, value: pointsValue(t.image) };
      case "DurationLit":
        return { kind: "duration", span, months: durationMonths(t.image) };
      case "DateLit":
        return this.date(t)!;
      case "StringLit":
        return this.str(t)!;
      default:
        return { kind: "number", span, value: normalizeDecimal(t.image) };
    }
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
    return { label: this.str(tokenOf(n, "label")), section: name(tokenOf(n, "section")) };
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
      case "ledgerDecl":
        return {
          kind: n.name === "inputDecl" ? "input" : "ledger", span, ...doc,
          fields: nodesOf(nodeOf(n, "fieldBlock"), "field").map((f) => this.field(f)),
        };
      case "paramDecl":
        return this.param(n, span, nameTok, doc);
      case "tableDecl":
        return {
          kind: "table", span, name: nameTok, ...doc,
          keyType: this.typeRef(nodeOf(n, "keyType")),
          valueType: this.typeRef(nodeOf(n, "valueType")),
          rows: nodesOf(n, "tableRow").map((r) => ({
            span: nodeSpan(r),
            key: name(tokenOf(r, "key")),
            range: this.interval(nodeOf(r, "range")),
            value: this.expr(nodeOf(r, "value")),
          })),
        };
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
      default:
        return undefined;
    }
  }

  private field(n: CstNode): A.Field {
    return {
      span: nodeSpan(n),
      name: name(tokenOf(n, "name")),
      type: this.typeRef(nodeOf(n, "typeRef")),
      ...this.doc(nodeOf(n, "doc")),
      default: this.expr(nodeOf(n, "default")),
    };
  }

  private typeRef(n: CstNode | undefined): A.TypeRef | undefined {
    if (!n) return undefined;
    const span = nodeSpan(n);
    if (tokenOf(n, "set")) return { kind: "set", of: name(tokenOf(n, "of")), span };
    const typeName = name(tokenOf(n, "name"));
    return typeName ? { kind: "named", name: typeName, span } : undefined;
  }

  private param(n: CstNode, span: A.Span, nameTok: A.Name | undefined, doc: A.Doc): A.ParamDecl {
    const after = this.doc(nodeOf(n, "docAfter"));
    const decl: A.ParamDecl = {
      kind: "param", span, name: nameTok,
      label: doc.label ?? after.label,
      section: doc.section ?? after.section,
      type: this.typeRef(nodeOf(n, "type")),
      value: this.expr(nodeOf(n, "value")),
    };
    for (const bound of nodesOf(n, "paramBound")) {
      const value = this.expr(nodeOf(bound, "value"));
      if (tokenOf(bound, "least")) decl.atLeast = value;
      else if (tokenOf(bound, "most")) decl.atMost = value;
    }
    return decl;
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
      marginal: tokenOf(n, "marginal") !== undefined,
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
      return { kind: "value", span, name: expName, value: this.expr(nodeOf(e, "value")) };
    });
  }

  // ------------------------------------------------------------ expressions
  expr(n: CstNode | undefined): A.Expr | undefined {
    if (!n) return undefined;
    switch (n.name) {
      case "expr":
        return this.expr(nodeOf(n, "ifExpr") ?? nodeOf(n, "orExpr"));
      case "ifExpr":
        return {
          kind: "if", span: nodeSpan(n),
          cond: this.expr(nodeOf(n, "cond")),
          then: this.expr(nodeOf(n, "then")),
          else: this.expr(nodeOf(n, "else")),
        };
      case "orExpr":
      case "andExpr":
        return this.logical(n, n.name === "orExpr" ? "or" : "and");
      case "notExpr": {
        const operand = this.expr(nodeOf(n, "operand"));
        return n.children["not"]
          ? { kind: "not", span: nodeSpan(n), operand }
          : operand;
      }
      case "comparison":
        return this.comparison(n);
      case "capExpr":
        return this.cap(n);
      case "additive":
      case "multiplicative":
        return this.arithmetic(n);
      case "postfix":
        return this.postfix(n);
      case "unary": {
        const operand = this.expr(nodeOf(n, "operand"));
        return n.children["minus"] ? { kind: "neg", span: nodeSpan(n), operand } : operand;
      }
      case "primary":
        return this.primary(n);
      default:
        return undefined;
    }
  }

  private logical(n: CstNode, op: "and" | "or"): A.Expr | undefined {
    const operands = nodesOf(n, "operand").map((o) => this.expr(o));
    if (operands.length === 1) return operands[0];
    return operands.slice(1).reduce<A.Expr | undefined>(
      (left, right) => ({ kind: "logical", op, span: join(left?.span, right?.span), left, right }),
      operands[0],
    );
  }

  private comparison(n: CstNode): A.Expr | undefined {
    const left = this.expr(nodeOf(n, "left"));
    const right = this.expr(nodeOf(n, "right"));
    const span = nodeSpan(n);
    if (n.children["in"]) return { kind: "in", span, item: left, set: right };
    const op = tokenOf(n, "op");
    if (!n.children["op"]) return left;
    return {
      kind: "compare", span, left, right,
      op: (op?.image ?? "==") as A.Compare["op"],
      opSpan: op ? tokenSpan(op) : span,
    };
  }

  private ledgerUse(n: CstNode | undefined): A.LedgerUse | undefined {
    const field = name(tokenOf(n, "field"));
    return n && field ? { field, span: nodeSpan(n) } : undefined;
  }

  private cap(n: CstNode): A.Expr | undefined {
    const value = this.expr(nodeOf(n, "value"));
    const limits = nodesOf(n, "capLimit");
    if (limits.length === 0) return value;
    return {
      kind: "cap", span: nodeSpan(n), value,
      limits: limits.map((l) => ({
        span: nodeSpan(l),
        limit: this.expr(nodeOf(l, "limit")),
        ledger: this.ledgerUse(nodeOf(l, "ledgerUse")),
      })),
    };
  }

  private arithmetic(n: CstNode): A.Expr | undefined {
    const operands = nodesOf(n, "operand").map((o) => this.expr(o));
    const ops = tokensOf(n, "op");
    let acc = operands[0];
    for (let i = 1; i < operands.length; i++) {
      const opTok = ops[i - 1];
      const right = operands[i];
      const opSpan = opTok ? tokenSpan(opTok) : join(acc?.span, right?.span);
      acc = {
        kind: "binary", op: (opTok?.image ?? "+") as A.Binary["op"],
        span: join(acc?.span, opSpan, right?.span), left: acc, right, opSpan,
      };
    }
    return acc;
  }

  private postfix(n: CstNode): A.Expr | undefined {
    let acc = this.expr(nodeOf(n, "operand"));
    for (const op of nodesOf(n, "postfixOp")) {
      const operand = this.expr(nodeOf(op, "operand"));
      const ledger = this.ledgerUse(nodeOf(op, "ledgerUse"));
      const span = join(acc?.span, nodeSpan(op));
      if (op.children["above"]) {
        acc = { kind: "above", span, value: acc, threshold: operand, ledger };
      } else if (op.children["atLeast"]) {
        acc = { kind: "atLeast", span, value: acc, floor: operand };
      } else if (acc?.kind === "ref") {
        acc = { kind: "apply", span, bands: acc, value: operand, ledger };
      } else {
        const onTok = tokenOf(op, "on");
        if (onTok) {
          this.errors.push(syntaxError(SyntaxCodes.unexpectedToken, tokenSpan(onTok), {
            found: "`on`",
            expected: "a bands or classify name before `on`",
          }));
        }
      }
    }
    return acc;
  }

  private primary(n: CstNode): A.Expr | undefined {
    const span = nodeSpan(n);
    const lit = tokenOf(n, "literal");
    if (lit) return this.literal(lit);
    const bool = tokenOf(n, "bool");
    if (bool) return { kind: "bool", span, value: bool.image === "true" };
    const unlimited = tokenOf(n, "unlimited");
    if (unlimited) return { kind: "unlimited", span, word: unlimited.image as "unlimited" | "none" };
    if (tokenOf(n, "remaining")) return { kind: "remaining", span };
    const inner = Object.values(n.children).flat().find(isNode);
    if (!inner) return undefined;
    switch (inner.name) {
      case "nameExpr":
        return this.nameExpr(inner);
      case "highest": {
        const table = this.ref(nodeOf(inner, "table"));
        return table ? { kind: "highest", span, table, set: this.expr(nodeOf(inner, "set")) } : undefined;
      }
      case "cumulative":
        return {
          kind: "cumulative", span,
          value: this.expr(nodeOf(inner, "value")),
          ledger: this.ledgerUse(nodeOf(inner, "ledgerUse")),
        };
      case "setLit":
        return { kind: "set", span, items: this.exprList(nodeOf(inner, "items")) };
      case "paren":
        return { kind: "paren", span, inner: this.expr(nodeOf(inner, "inner")) };
      default:
        return undefined;
    }
  }

  private exprList(n: CstNode | undefined): A.Expr[] {
    return nodesOf(n, "item")
      .map((i) => this.expr(i))
      .filter((e): e is A.Expr => e !== undefined);
  }

  private ref(n: CstNode | undefined): A.Ref | undefined {
    if (!n) return undefined;
    const names = tokensOf(n, "name").map((t) => name(t)!);
    const span = nodeSpan(n);
    if (tokenOf(n, "base")) return names[0] ? { kind: "ref", span, name: names[0], base: true } : undefined;
    if (names.length >= 2) return { kind: "ref", span, qualifier: names[0], name: names[1]! };
    return names[0] ? { kind: "ref", span, name: names[0] } : undefined;
  }

  private nameExpr(n: CstNode): A.Expr | undefined {
    const ref = this.ref(nodeOf(n, "ref"));
    if (!ref) return undefined;
    const span = nodeSpan(n);
    if (n.children["index"]) return { kind: "index", span, table: ref, key: this.expr(nodeOf(n, "key")) };
    if (n.children["call"]) {
      if (ref.qualifier || ref.base) {
        this.errors.push(syntaxError(SyntaxCodes.unexpectedToken, ref.span, {
          found: `\`${this.refText(ref)}\``,
          expected: "a function name (`min`, `max` or `round`)",
        }));
      }
      return { kind: "call", span, callee: ref.name, args: this.exprList(nodeOf(n, "args")) };
    }
    return ref;
  }

  private refText(ref: A.Ref): string {
    const prefix = ref.base ? "base." : ref.qualifier ? `${ref.qualifier.text}.` : "";
    return prefix + ref.name.text;
  }
}
