// Expression CST → AST. The parser reads an expression as a flat run of operands and
// operators (parser.ts `expr`); here a Pratt pass applies precedence and builds the tree.
// Literal values are converted here too (exact decimal strings), with BL1004 / BL1006.
import type { CstNode, IToken } from "chevrotain";
import type * as A from "./ast.ts";
import { join, name, nodeOf, nodeSpan, nodesOf, tokenOf, tokenSpan, tokensOf } from "./cst.ts";
import {
  durationMonths, isValidDate, moneyValue, normalizeDecimal, pointsValue, rateValue, stringValue,
} from "./literals.ts";
import { STRAY_PER, STRAY_PER_PARENS, STRAY_WHEN, SyntaxCodes, syntaxError, type SyntaxError } from "./syntax-error.ts";

/** Binding strength, loosest first, as in the language reference. */
const PRECEDENCE = {
  or: 1,
  and: 2,
  not: 3, // `not x` takes a comparison-level operand
  compare: 4, // == != < <= > >= in
  cap: 5, // at most
  add: 6, // + -
  mul: 7, // * /
  postfix: 8, // above, at least, on
  unary: 9, // prefix -, and the operand of postfix operators
} as const;

type Item =
  | { kind: "prefix"; token: IToken }
  | { kind: "primary"; node: CstNode }
  | { kind: "op"; op: string; span: A.Span }
  | { kind: "ledger"; node: CstNode };

const isOp = (item: Item, op: string): boolean => item.kind === "op" && item.op === op;

function precedenceOf(op: string): number {
  switch (op) {
    case "or":
      return PRECEDENCE.or;
    case "and":
      return PRECEDENCE.and;
    case "at most":
      return PRECEDENCE.cap;
    case "+":
    case "-":
      return PRECEDENCE.add;
    case "*":
    case "/":
      return PRECEDENCE.mul;
    case "above":
    case "at least":
    case "on":
      return PRECEDENCE.postfix;
    case "when":
      return -1; // only after a cap limit (optionalWhen); anywhere else it ends the run as a stray
    default:
      return PRECEDENCE.compare; // comparison operators and `in`
  }
}

export class ExprBuilder {
  private readonly errors: SyntaxError[];
  private items: Item[] = [];
  private pos = 0;
  /** the most operators met in one chain so far */
  longestChain = 0;
  /** building a test's expected value: a define holds amounts finer than the fen, so the
   *  compiler checks the precision there, by what the expectation names (check-tests.ts) */
  finerThanFen = false;

  constructor(errors: SyntaxError[]) {
    this.errors = errors;
  }

  // ------------------------------------------------------------ literals
  str(t: IToken | undefined): A.StringLit | undefined {
    return t ? { kind: "string", span: tokenSpan(t), value: stringValue(t.image) } : undefined;
  }

  date(t: IToken | undefined): A.DateLit | undefined {
    if (!t) return undefined;
    if (!isValidDate(t.image)) {
      this.errors.push(syntaxError(SyntaxCodes.invalidDate, tokenSpan(t), { text: t.image }));
    }
    return { kind: "date", span: tokenSpan(t), value: t.image };
  }

  literal(t: IToken): A.Expr {
    const span = tokenSpan(t);
    switch (t.tokenType.name) {
      case "MoneyLit": {
        const { value, precise } = moneyValue(t.image);
        if (!precise && !this.finerThanFen) this.errors.push(syntaxError(SyntaxCodes.moneyPrecision, span, { text: t.image }));
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
        return { kind: "number", span, value: normalizeDecimal(t.image.replace(/(周?岁|年)$/, "")) };
    }
  }

  // ------------------------------------------------------------ entry points
  expr(n: CstNode | undefined): A.Expr | undefined {
    if (!n) return undefined;
    if (n.name === "operand") return this.run(this.operandItems(n, []), PRECEDENCE.unary);
    const ifExpr = nodeOf(n, "ifExpr");
    if (ifExpr) {
      return {
        kind: "if", span: nodeSpan(ifExpr),
        cond: this.expr(nodeOf(ifExpr, "cond")),
        then: this.expr(nodeOf(ifExpr, "then")),
        else: this.expr(nodeOf(ifExpr, "else")),
      };
    }
    return this.run(this.chainItems(n), 0);
  }

  ledgerUse(n: CstNode | undefined): A.LedgerUse | undefined {
    const field = name(tokenOf(n, "field"));
    return n && field ? { field, span: nodeSpan(n) } : undefined;
  }

  /** The reference written with `base`/`name` tokens in `n` (a primary or `highest`). */
  ref(n: CstNode | undefined): A.Ref | undefined {
    const names = tokensOf(n, "name").map((t) => name(t)!);
    const base = tokenOf(n, "base");
    const first = names[0];
    const last = names.at(-1);
    if (!first || !last) return undefined;
    const span = join(base && tokenSpan(base), first.span, last.span);
    if (base) return { kind: "ref", span, name: first, base: true };
    if (names.length >= 2) return { kind: "ref", span, qualifier: first, name: names[1]! };
    return { kind: "ref", span, name: first };
  }

  // ------------------------------------------------------------ the flat run
  private chainItems(n: CstNode): Item[] {
    const items: Item[] = [];
    const first = nodeOf(n, "operand");
    if (first) this.operandItems(first, items);
    for (const op of nodesOf(n, "chainOp")) {
      const ledger = nodeOf(op, "ledgerUse");
      if (ledger) {
        items.push({ kind: "ledger", node: ledger });
        continue;
      }
      const at = tokenOf(op, "at");
      const word = tokenOf(op, "most") ?? tokenOf(op, "least");
      const opTok = tokenOf(op, "op");
      if (at || word) {
        const kind = op.children["most"] ? "at most" : "at least";
        items.push({ kind: "op", op: kind, span: join(at && tokenSpan(at), word && tokenSpan(word)) });
      } else if (opTok) {
        items.push({ kind: "op", op: opTok.image, span: tokenSpan(opTok) });
      } else {
        continue; // recovery left an operator out: its operand has nothing to attach to
      }
      const operand = nodeOf(op, "operand");
      if (operand) this.operandItems(operand, items);
    }
    return items;
  }

  private operandItems(n: CstNode, items: Item[]): Item[] {
    for (const token of tokensOf(n, "prefix")) items.push({ kind: "prefix", token });
    const primary = nodeOf(n, "primary");
    if (primary) items.push({ kind: "primary", node: primary });
    return items;
  }

  /** Builds the tree of `items` (a nested run may start while an outer one is in progress). */
  private run(items: Item[], minPrecedence: number): A.Expr | undefined {
    const saved = { items: this.items, pos: this.pos };
    this.items = items;
    this.pos = 0;
    try {
      let e = this.parse(minPrecedence);
      // Anything left over (only after recovery) is dropped but still reported.
      while (this.pos < this.items.length) {
        this.stray(this.pos++);
        e = this.continueFrom(e, 0);
      }
      return e;
    } finally {
      this.items = saved.items;
      this.pos = saved.pos;
    }
  }

  /** Reports the left-over item at `at` of the run. */
  private stray(at: number): void {
    const item = this.items[at]!;
    if (item.kind === "op" && item.op === "when") {
      this.errors.push(syntaxError(SyntaxCodes.unexpectedToken, item.span, {
        found: "`when`",
        expected: STRAY_WHEN,
      }));
      return;
    }
    if (item.kind !== "ledger") return;
    const span = nodeSpan(item.node);
    this.errors.push(syntaxError(SyntaxCodes.unexpectedToken, { start: span.start, end: span.start + "per".length }, {
      found: "`per`",
      expected: this.afterArithmetic(at) ? STRAY_PER_PARENS : STRAY_PER,
    }));
  }

  /** Whether the operand before `at` follows `* / + -` and an `above`/`at most`/`on` comes
   *  before that: `x above a * b per year` read as `(x above a) * b`, a threshold or limit
   *  that needed parentheses. */
  private afterArithmetic(at: number): boolean {
    let i = at - 1;
    while (i >= 0 && this.items[i]!.kind !== "op") i--;
    const op = this.items[i];
    if (op?.kind !== "op" || !["*", "/", "+", "-"].includes(op.op)) return false;
    return this.items.slice(0, i).some((x) => x.kind === "op" && ["above", "at most", "on"].includes(x.op));
  }

  private parse(minPrecedence: number): A.Expr | undefined {
    return this.continueFrom(this.prefix(), minPrecedence);
  }

  /** The `per …` after an operator: `per year using F` or `per claim`. */
  private optionalPer(): { ledger?: A.LedgerUse; perClaim?: A.PerClaim } {
    const next = this.items[this.pos];
    if (next?.kind !== "ledger") return {};
    this.pos++;
    if (tokenOf(next.node, "claim")) return { perClaim: { span: nodeSpan(next.node) } };
    const ledger = this.ledgerUse(next.node);
    return ledger ? { ledger } : {};
  }

  /** `per year using F` after `on`, which has no per-claim form. */
  private optionalLedger(): A.LedgerUse | undefined {
    const { ledger, perClaim } = this.optionalPer();
    if (perClaim) {
      this.errors.push(syntaxError(SyntaxCodes.unexpectedToken, perClaim.span, {
        found: "`per claim`",
        expected: "`per year using <ledger field>` (`per claim` follows `above …` or `at most …`)",
      }));
    }
    return ledger;
  }

  /** `when c` after a cap limit: the condition runs to the cap's next `at most`, which it
   *  never swallows (`when 类 == 门诊 and not 特 at most 6万元 …`). */
  private optionalWhen(): A.Expr | undefined {
    const next = this.items[this.pos];
    if (next?.kind !== "op" || next.op !== "when") return undefined;
    this.pos++;
    let fence = this.pos;
    while (fence < this.items.length && !isOp(this.items[fence]!, "at most")) fence++;
    const all = this.items;
    this.items = all.slice(0, fence);
    try {
      return this.parse(PRECEDENCE.or);
    } finally {
      this.items = all;
    }
  }

  private prefix(): A.Expr | undefined {
    const item = this.items[this.pos];
    if (!item) return undefined;
    if (item.kind === "primary") {
      this.pos++;
      return this.primary(item.node);
    }
    if (item.kind !== "prefix") return undefined; // a missing operand (recovery)
    this.pos++;
    const start = tokenSpan(item.token);
    switch (item.token.image) {
      case "-": {
        const operand = this.parse(PRECEDENCE.unary);
        return { kind: "neg", span: join(start, operand?.span), operand };
      }
      case "not": {
        const operand = this.parse(PRECEDENCE.compare);
        return { kind: "not", span: join(start, operand?.span), operand };
      }
      default: {
        // `cumulative x per year using F`: x is an additive-level expression.
        const value = this.parse(PRECEDENCE.add);
        const { ledger, perClaim } = this.optionalPer();
        const span = join(start, value?.span, ledger?.span);
        if (!ledger) {
          // a running total needs the ledger field that keeps it
          this.errors.push(syntaxError(SyntaxCodes.unexpectedToken, perClaim?.span ?? { start: span.end, end: span.end }, {
            found: perClaim ? "`per claim`" : "the end of the expression",
            expected: "`per year using <ledger field>` after `cumulative …`",
          }));
        }
        return { kind: "cumulative", span, value, ledger };
      }
    }
  }

  private continueFrom(first: A.Expr | undefined, minPrecedence: number): A.Expr | undefined {
    let left = first;
    for (let operators = 1; ; operators++) {
      const item = this.items[this.pos];
      if (!item || item.kind !== "op") return left;
      const precedence = precedenceOf(item.op);
      if (precedence < minPrecedence) return left;
      this.pos++;
      left = this.operator(left, item.op, item.span, precedence);
      if (operators > this.longestChain) this.longestChain = operators;
    }
  }

  private operator(left: A.Expr | undefined, op: string, opSpan: A.Span, precedence: number): A.Expr | undefined {
    switch (op) {
      case "or":
      case "and": {
        const right = this.parse(precedence + 1);
        return { kind: "logical", op, span: join(left?.span, opSpan, right?.span), left, right };
      }
      case "+":
      case "-":
      case "*":
      case "/": {
        const right = this.parse(precedence + 1);
        return { kind: "binary", op, span: join(left?.span, opSpan, right?.span), left, right, opSpan };
      }
      case "at most": {
        const limit = this.parse(PRECEDENCE.add);
        const { ledger, perClaim } = this.optionalPer();
        const when = this.optionalWhen();
        const capLimit: A.CapLimit = { span: join(opSpan, limit?.span, ledger?.span, perClaim?.span, when?.span), limit, ledger };
        if (perClaim) capLimit.perClaim = perClaim;
        if (when) capLimit.when = when;
        // `x at most A … at most B …` is one cap; a parenthesised cap is a Paren, not merged.
        if (left?.kind === "cap") {
          return { ...left, span: join(left.span, capLimit.span), limits: [...left.limits, capLimit] };
        }
        return { kind: "cap", span: join(left?.span, capLimit.span), value: left, limits: [capLimit] };
      }
      case "above": {
        const threshold = this.parse(PRECEDENCE.unary);
        const { ledger, perClaim } = this.optionalPer();
        const above: A.Above = { kind: "above", span: join(left?.span, opSpan, threshold?.span, ledger?.span, perClaim?.span), value: left, threshold, ledger };
        if (perClaim) above.perClaim = perClaim;
        return above;
      }
      case "at least": {
        const floor = this.parse(PRECEDENCE.unary);
        return { kind: "atLeast", span: join(left?.span, opSpan, floor?.span), value: left, floor };
      }
      case "on":
        return this.applyBands(left, opSpan);
      default:
        return this.comparison(left, op, opSpan, precedence);
    }
  }

  private applyBands(left: A.Expr | undefined, opSpan: A.Span): A.Expr | undefined {
    const value = this.parse(PRECEDENCE.unary);
    const ledger = this.optionalLedger();
    if (left?.kind === "ref") {
      return { kind: "apply", span: join(left.span, opSpan, value?.span, ledger?.span), bands: left, value, ledger };
    }
    this.errors.push(syntaxError(SyntaxCodes.unexpectedToken, opSpan, {
      found: "`on`",
      expected: "a bands or classify name before `on`",
    }));
    return left;
  }

  private comparison(left: A.Expr | undefined, op: string, opSpan: A.Span, precedence: number): A.Expr {
    // Comparisons do not chain: `a < b < c` is a mistake, not `(a < b) < c`.
    if (left?.kind === "compare" || left?.kind === "in") {
      this.errors.push(syntaxError(SyntaxCodes.unexpectedToken, opSpan, {
        found: `\`${op}\``,
        expected: "`and` or `or` between comparisons",
      }));
    }
    const right = this.parse(precedence + 1);
    const span = join(left?.span, opSpan, right?.span);
    if (op === "in") return { kind: "in", span, item: left, set: right };
    return { kind: "compare", span, op: op as A.Compare["op"], left, right, opSpan };
  }

  // ------------------------------------------------------------ primaries
  private primary(n: CstNode): A.Expr | undefined {
    const span = nodeSpan(n);
    const lit = tokenOf(n, "literal");
    if (lit) return this.literal(lit);
    const bool = tokenOf(n, "bool");
    if (bool) return { kind: "bool", span, value: bool.image === "true" };
    const unlimited = tokenOf(n, "unlimited");
    if (unlimited) return { kind: "unlimited", span, word: unlimited.image as "unlimited" | "none" };
    if (tokenOf(n, "remaining")) return { kind: "remaining", span };
    if (tokenOf(n, "claimDate")) return { kind: "claimDate", span };
    if (n.children["name"]) return this.nameExpr(n);
    const highest = nodeOf(n, "highest");
    if (highest) {
      const table = this.ref(highest);
      return table ? { kind: "highest", span, table, set: this.expr(nodeOf(highest, "set")) } : undefined;
    }
    const setLit = nodeOf(n, "setLit");
    if (setLit) return { kind: "set", span, items: this.exprList(nodeOf(setLit, "items")) };
    const paren = nodeOf(n, "paren");
    if (paren) return { kind: "paren", span, inner: this.expr(nodeOf(paren, "inner")) };
    return undefined;
  }

  private exprList(n: CstNode | undefined): A.Expr[] {
    return nodesOf(n, "item")
      .map((i) => this.expr(i))
      .filter((e): e is A.Expr => e !== undefined);
  }

  private nameExpr(n: CstNode): A.Expr | undefined {
    const ref = this.ref(n);
    if (!ref) return undefined;
    const span = nodeSpan(n);
    if (n.children["index"]) {
      const [key, ...moreKeys] = nodesOf(n, "key").map((k) => this.expr(k));
      const x: A.Index = { kind: "index", span, table: ref, key };
      if (moreKeys.length > 0) x.moreKeys = moreKeys.filter((k) => k !== undefined);
      return x;
    }
    if (n.children["call"]) {
      if (ref.qualifier || ref.base) {
        this.errors.push(syntaxError(SyntaxCodes.unexpectedToken, ref.span, {
          found: `\`${ref.base ? "base" : ref.qualifier!.text}.${ref.name.text}\``,
          expected: "a function name (`min`, `max` or `round`)",
        }));
      }
      return { kind: "call", span, callee: ref.name, args: this.exprList(nodeOf(n, "args")) };
    }
    return ref;
  }
}
