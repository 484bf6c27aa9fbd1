// The concrete-syntax parser (Chevrotain CstParser). It knows no semantics: build-ast.ts
// turns its CST into the AST. One instance is reused for every parse.
//
// Two context rules keep a whitespace-insensitive grammar unambiguous:
// - `T[key]` and `f(args)` only when `[` / `(` is on the same line as the name. A table or
//   bands row may start with `[` or `(` on the next line (`[0, 18]: 75%`), and must not be
//   read as indexing the previous row's value.
// - Inside a `param` declaration, `at least` / `at most` at the top level of the value are
//   the param's bounds (`param 限额: Money = 10万元 at least 10万元`), not operators. In
//   parentheses (and in the braces of a dated param) they are operators again.
//
// Precedence is applied in build-expr.ts (see PRECEDENCE there). `B on x`: `on` sits with
// `above` and `at least` (tighter than `*`), and its operand is a unary-level expression.
// So `分段 on remaining per year using 累计` and `预警码 on 年度累计` read naturally, and
// `分段 on x * 50%` is `(分段 on x) * 50%`.
import { CstParser, type CstNode, type IToken, type TokenType } from "chevrotain";
import {
  AddOp, Arrow, Bar, BoolTok, Colon, Comma, CompareOp, DateLit, Dot, Equals, Identifier, Keyword,
  InfinityTok, LBracket, LCurly, LParen, Literal, Minus, MoneyLit, MulOp, NumberLit, RBracket, RCurly, RParen,
  Section, StringLit, TypeKeyword, Unlimited, allTokens, FUNCTION_NAMES, kw,
} from "./tokens.ts";
import { expectedDescription } from "./expected.ts";

const MAX_REPETITION_RECOVERY_DEPTH = 50;

export class BylawParser extends CstParser {
  /** The text being parsed: the same-line rule needs it. */
  source = "";
  /** Bracket nesting depth inside the current declaration. */
  private nesting = 0;
  /** Nesting depth at which `at least` / `at most` are param bounds; -1 outside params. */
  private boundsAt = -1;

  constructor() {
    super(allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: "onlyOffset",
      maxLookahead: 3,
      errorMessageProvider: expectedDescription,
    });
    this.performSelfAnalysis();
    this.limitRepetitionRecovery();
  }

  /** Two limits on Chevrotain's in-repetition recovery (it re-syncs inside a `MANY`):
   *  - it re-enters the repetition recursively for every re-sync, so thousands of stray
   *    tokens would overflow the stack: past a depth we skip it;
   *  - at the top level the only re-sync token is the end of input, so each error would
   *    scan to the end of the file (quadratic): there parse.ts's restart loop does the job.
   *  What is skipped is still reported, by rule-level re-sync or by that loop. */
  private limitRepetitionRecovery(): void {
    type Recovery = (...args: unknown[]) => void;
    const self = this as unknown as { attemptInRepetitionRecovery: Recovery; RULE_STACK_IDX?: number };
    const original = self.attemptInRepetitionRecovery;
    let depth = 0;
    self.attemptInRepetitionRecovery = function (this: unknown, ...args: unknown[]) {
      if (depth >= MAX_REPETITION_RECOVERY_DEPTH || self.RULE_STACK_IDX === 0) return;
      depth++;
      try {
        original.apply(this, args);
      } finally {
        depth--;
      }
    };
  }

  /** Parses `tokens` from index `from` on, without copying the array (parse.ts restarts
   *  after junk at the top level, possibly many times in one file). */
  parseFrom(tokens: IToken[], from: number, source: string): CstNode {
    this.source = source;
    this.input = tokens;
    // Chevrotain's token cursor: the index of the last consumed token.
    (this as unknown as { currIdx: number }).currIdx = from - 1;
    return this.file();
  }

  private operatorsAllowed(): boolean {
    return this.boundsAt !== this.nesting;
  }

  /** True when the next token starts on the line where the previous one ended. */
  /** The next token follows the last with nothing between. */
  private adjacent(): boolean {
    const prev = this.LA(0);
    return prev.startOffset + prev.image.length === this.LA(1).startOffset;
  }

  private sameLine(): boolean {
    const prev = this.LA(0);
    const next = this.LA(1);
    const from = prev.startOffset + prev.image.length;
    if (!(from >= 0) || !(next.startOffset >= 0)) return false;
    const newline = this.source.indexOf("\n", from);
    return newline === -1 || newline >= next.startOffset;
  }

  private open(): void {
    this.ACTION(() => this.nesting++);
  }

  private close(): void {
    this.ACTION(() => this.nesting--);
  }

  // ---------------------------------------------------------------- file, header
  public file = this.RULE("file", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.header) },
        { ALT: () => this.SUBRULE(this.decl) },
      ]);
    });
  });

  public header = this.RULE("header", () => {
    this.CONSUME(kw.policy!);
    this.SUBRULE(this.dottedName, { LABEL: "id" });
    this.OPTION(() => this.CONSUME1(StringLit, { LABEL: "title" }));
    this.OPTION1(() => {
      this.CONSUME(kw.extends!);
      this.CONSUME2(StringLit, { LABEL: "extends" });
    });
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.headerItem));
    this.CONSUME(RCurly);
  });

  /** `qingyang.date`, `xx.pipeline`: after a dot, a keyword is a name part like any other word
   *  (the id names the rule set, it is never read as code). */
  public dottedName = this.RULE("dottedName", () => {
    this.CONSUME(Identifier, { LABEL: "part" });
    this.MANY(() => {
      this.CONSUME(Dot);
      this.OR([
        { ALT: () => this.CONSUME1(Identifier, { LABEL: "part" }) },
        { ALT: () => this.CONSUME(Keyword, { LABEL: "part" }) },
      ]);
    });
  });

  public headerItem = this.RULE("headerItem", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw.region!);
          this.CONSUME(StringLit, { LABEL: "region" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw.effective!);
          this.CONSUME(DateLit, { LABEL: "effective" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw.ends!);
          this.CONSUME1(DateLit, { LABEL: "ends" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw.source!);
          this.CONSUME1(StringLit, { LABEL: "source" });
          this.OPTION(() => this.CONSUME(Section, { LABEL: "section" }));
        },
      },
    ]);
  });

  // ---------------------------------------------------------------- declarations
  public decl = this.RULE("decl", () => {
    this.ACTION(() => {
      this.nesting = 0;
      this.boundsAt = -1;
    });
    this.OPTION(() => this.CONSUME(kw.override!, { LABEL: "override" }));
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.inputDecl) },
      { ALT: () => this.SUBRULE(this.ledgerDecl) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.tableDecl) },
      { ALT: () => this.SUBRULE(this.bandsDecl) },
      { ALT: () => this.SUBRULE(this.classifyDecl) },
      { ALT: () => this.SUBRULE(this.defineDecl) },
      { ALT: () => this.SUBRULE(this.outputDecl) },
      { ALT: () => this.SUBRULE(this.alertDecl) },
      { ALT: () => this.SUBRULE(this.pipelineDecl) },
      { ALT: () => this.SUBRULE(this.testDecl) },
      { ALT: () => this.SUBRULE(this.acknowledgeDecl) },
    ]);
  });

  /** `["label"] [§section …]` — may be empty; a rule may cite several sections. */
  public doc = this.RULE("doc", () => {
    this.OPTION(() => this.CONSUME(StringLit, { LABEL: "label" }));
    this.MANY(() => this.CONSUME(Section, { LABEL: "section" }));
  });

  public importDecl = this.RULE("importDecl", () => {
    this.CONSUME(kw.import!);
    this.CONSUME(StringLit, { LABEL: "path" });
    this.CONSUME(kw.as!);
    this.CONSUME(Identifier, { LABEL: "alias" });
  });

  public enumDecl = this.RULE("enumDecl", () => {
    this.CONSUME(kw.enum!);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.SUBRULE(this.doc);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.enumMember));
    this.CONSUME(RCurly);
  });

  public enumMember = this.RULE("enumMember", () => {
    this.CONSUME(Identifier, { LABEL: "name" });
    this.SUBRULE(this.doc);
    this.OPTION(() => this.CONSUME(Comma));
  });

  // `input 年龄: Int`, written like a param, is parsed as the one field it means, so that the
  // error (the block is missing) is one, at its place, and the rest of the file still checks.
  public inputDecl = this.RULE("inputDecl", () => {
    this.CONSUME(kw.input!);
    this.SUBRULE(this.fields, { LABEL: "body" });
  });

  public ledgerDecl = this.RULE("ledgerDecl", () => {
    this.CONSUME(kw.ledger!);
    this.OR([
      { ALT: () => this.SUBRULE(this.field, { LABEL: "bare" }) },
      {
        ALT: () => {
          this.CONSUME(kw.per!, { LABEL: "per" });
          this.CONSUME(kw.year!);
          this.SUBRULE(this.fields, { LABEL: "body" });
        },
      },
    ]);
  });

  /** The fields of an input or ledger declaration: `"label" { … }`, or one field alone (an error). */
  public fields = this.RULE("fields", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.field, { LABEL: "bare" }) },
      {
        ALT: () => {
          this.SUBRULE(this.doc);
          this.SUBRULE(this.fieldBlock);
        },
      },
    ]);
  });

  public fieldBlock = this.RULE("fieldBlock", () => {
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.field));
    this.CONSUME(RCurly);
  });

  public field = this.RULE("field", () => {
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(Colon);
    this.SUBRULE(this.typeRef);
    this.SUBRULE(this.doc);
    this.OPTION(() => {
      this.CONSUME(Equals);
      this.SUBRULE(this.expr, { LABEL: "default" });
      // the label after the default too, as a param's after its value
      this.SUBRULE1(this.doc, { LABEL: "docAfter" });
    });
    this.OPTION1(() => this.CONSUME(Comma));
  });

  public typeRef = this.RULE("typeRef", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw.set!, { LABEL: "set" });
          this.CONSUME(kw.of!);
          this.CONSUME(Identifier, { LABEL: "of" });
        },
      },
      { ALT: () => this.CONSUME(TypeKeyword, { LABEL: "name" }) },
      { ALT: () => this.CONSUME1(Identifier, { LABEL: "name" }) },
    ]);
  });

  /** Optional `: Type` after a declared name. */
  private typeAnnotation(): void {
    this.OPTION9(() => {
      this.CONSUME9(Colon);
      this.SUBRULE9(this.typeRef, { LABEL: "type" });
    });
  }

  public paramDecl = this.RULE("paramDecl", () => {
    this.CONSUME(kw.param!);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.typeAnnotation();
    this.SUBRULE(this.doc);
    this.ACTION(() => (this.boundsAt = this.nesting));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Equals);
          this.SUBRULE(this.expr, { LABEL: "value" });
          this.SUBRULE1(this.doc, { LABEL: "docAfter" });
        },
      },
      {
        // dated values: `{ 2021-01-01: 30000元  2022-01-01: 40000元 }`
        ALT: () => {
          this.CONSUME(LCurly, { LABEL: "dated" });
          this.open();
          this.MANY1(() => this.SUBRULE(this.datedValue));
          this.close();
          this.CONSUME(RCurly);
        },
      },
    ]);
    this.MANY(() => this.SUBRULE(this.paramBound));
    this.ACTION(() => (this.boundsAt = -1));
  });

  /** `2022-01-01: 40000元`: the value in force from that date on. */
  public datedValue = this.RULE("datedValue", () => {
    this.CONSUME(DateLit, { LABEL: "from" });
    this.CONSUME(Colon);
    this.SUBRULE(this.expr, { LABEL: "value" });
    this.OPTION(() => this.CONSUME(Comma));
  });

  public paramBound = this.RULE("paramBound", () => {
    this.CONSUME(kw.at!);
    this.OR([
      { ALT: () => this.CONSUME(kw.least!, { LABEL: "least" }) },
      { ALT: () => this.CONSUME(kw.most!, { LABEL: "most" }) },
    ]);
    this.SUBRULE(this.expr, { LABEL: "value" });
  });

  public tableDecl = this.RULE("tableDecl", () => {
    this.CONSUME(kw.table!);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(Colon);
    this.OR([
      {
        // a grid: `(K1, K2, …) -> V`
        ALT: () => {
          this.CONSUME(LParen, { LABEL: "keys" });
          this.SUBRULE(this.typeRef, { LABEL: "keyType" });
          this.MANY(() => {
            this.CONSUME(Comma);
            this.SUBRULE1(this.typeRef, { LABEL: "keyType" });
          });
          this.CONSUME(RParen);
        },
      },
      { ALT: () => this.SUBRULE2(this.typeRef, { LABEL: "keyType" }) },
    ]);
    this.CONSUME(Arrow);
    this.SUBRULE3(this.typeRef, { LABEL: "valueType" });
    this.SUBRULE(this.doc);
    this.CONSUME(LCurly);
    this.MANY1(() => this.SUBRULE(this.tableRow));
    this.CONSUME(RCurly);
  });

  /** `key: value`, or a grid row `cell, cell, …: value`. */
  public tableRow = this.RULE("tableRow", () => {
    this.SUBRULE(this.tableCell, { LABEL: "cell" });
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE1(this.tableCell, { LABEL: "cell" });
    });
    this.CONSUME(Colon);
    this.SUBRULE(this.expr, { LABEL: "value" });
    this.OPTION(() => this.CONSUME1(Comma));
  });

  /** An interval, one value (`5`, the interval `[5, 5]`), or members `a | b` (`_`, an
   *  Identifier, is any value). */
  public tableCell = this.RULE("tableCell", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.interval, { LABEL: "range" }) },
      // `5:`, `5000元:` — one value, the interval [v, v] (not `-1:`: after a row's value, a `-`
      // on the next line continues that value; `[-1, -1]` says it)
      { ALT: () => this.CONSUME(NumberLit, { LABEL: "point" }) },
      { ALT: () => this.CONSUME(MoneyLit, { LABEL: "point" }) },
      {
        ALT: () => {
          this.CONSUME(Identifier, { LABEL: "member" });
          this.MANY(() => {
            this.CONSUME(Bar);
            this.CONSUME1(Identifier, { LABEL: "member" });
          });
        },
      },
    ]);
  });

  /** `[low, high)`, `(low, ∞)` … */
  public interval = this.RULE("interval", () => {
    this.OR([
      { ALT: () => this.CONSUME(LBracket, { LABEL: "lowInclusive" }) },
      { ALT: () => this.CONSUME(LParen, { LABEL: "lowExclusive" }) },
    ]);
    this.open();
    this.SUBRULE(this.expr, { LABEL: "low" });
    this.CONSUME(Comma);
    this.OR1([
      { ALT: () => this.CONSUME(InfinityTok, { LABEL: "infinity" }) },
      { ALT: () => this.SUBRULE1(this.expr, { LABEL: "high" }) },
    ]);
    this.close();
    this.OR2([
      { ALT: () => this.CONSUME(RBracket, { LABEL: "highInclusive" }) },
      { ALT: () => this.CONSUME(RParen, { LABEL: "highExclusive" }) },
    ]);
  });

  public bandsDecl = this.RULE("bandsDecl", () => {
    this.CONSUME(kw.bands!);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.SUBRULE(this.doc);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Equals);
          this.SUBRULE(this.expr, { LABEL: "derived" });
        },
      },
      {
        ALT: () => {
          // optional here so that a missing mode is a coded error (check-bands), not a syntax error
          this.OPTION(() => this.OR1([
            { ALT: () => this.CONSUME(kw.marginal!, { LABEL: "marginal" }) },
            { ALT: () => this.CONSUME(kw.whole!, { LABEL: "whole" }) },
          ]));
          this.CONSUME(LCurly);
          this.MANY(() => this.SUBRULE(this.bandRow));
          this.CONSUME(RCurly);
        },
      },
    ]);
  });

  public bandRow = this.RULE("bandRow", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw.gap!, { LABEL: "gap" });
          this.SUBRULE(this.interval, { LABEL: "range" });
        },
      },
      {
        ALT: () => {
          this.SUBRULE1(this.interval, { LABEL: "range" });
          this.CONSUME(Colon);
          this.SUBRULE(this.expr, { LABEL: "rate" });
        },
      },
    ]);
    this.OPTION(() => this.CONSUME(Comma));
  });

  public classifyDecl = this.RULE("classifyDecl", () => {
    this.CONSUME(kw.classify!);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.typeAnnotation();
    this.SUBRULE(this.doc);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.classifyRow));
    this.OPTION(() => {
      this.CONSUME(kw.else!);
      this.CONSUME1(Identifier, { LABEL: "otherwise" });
      this.OPTION1(() => this.CONSUME(Comma));
    });
    this.CONSUME(RCurly);
  });

  public classifyRow = this.RULE("classifyRow", () => {
    this.SUBRULE(this.interval, { LABEL: "range" });
    this.CONSUME(Colon);
    this.CONSUME(Identifier, { LABEL: "member" });
    this.OPTION(() => this.CONSUME(Comma));
  });

  public defineDecl = this.RULE("defineDecl", () => {
    this.CONSUME(kw.define!);
    this.namedValue();
  });

  public outputDecl = this.RULE("outputDecl", () => {
    this.CONSUME(kw.output!);
    this.namedValue();
  });

  /** `name[: type] doc = expr`, shared by define and output. */
  private namedValue(): void {
    this.CONSUME8(Identifier, { LABEL: "name" });
    this.typeAnnotation();
    this.SUBRULE8(this.doc);
    this.CONSUME8(Equals);
    this.SUBRULE8(this.expr, { LABEL: "value" });
  }

  public alertDecl = this.RULE("alertDecl", () => {
    this.CONSUME(kw.alert!);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.SUBRULE(this.doc);
    this.CONSUME(kw.when!);
    this.SUBRULE(this.expr, { LABEL: "when" });
  });

  public pipelineDecl = this.RULE("pipelineDecl", () => {
    this.CONSUME(kw.pipeline!);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.SUBRULE(this.doc);
    this.CONSUME(kw.on!);
    this.SUBRULE(this.expr, { LABEL: "on" });
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.layer));
    this.OPTION(() => this.SUBRULE(this.leaves));
    this.CONSUME(RCurly);
  });

  public layer = this.RULE("layer", () => {
    this.CONSUME(kw.layer!);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.SUBRULE(this.doc);
    this.CONSUME(Equals);
    this.SUBRULE(this.expr, { LABEL: "value" });
  });

  public leaves = this.RULE("leaves", () => {
    this.CONSUME(kw.leaves!);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(StringLit, { LABEL: "label" }));
  });

  /** `acknowledge "why" §section { 30元, 550元 }`: figures of the document that are no rule. */
  public acknowledgeDecl = this.RULE("acknowledgeDecl", () => {
    this.CONSUME(kw.acknowledge!);
    this.SUBRULE(this.doc);
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.SUBRULE(this.expr, { LABEL: "figure" });
      this.OPTION(() => this.CONSUME(Comma));
    });
    this.CONSUME(RCurly);
  });

  public testDecl = this.RULE("testDecl", () => {
    this.CONSUME(kw.test!);
    this.OPTION(() => this.CONSUME(StringLit, { LABEL: "title" }));
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.testItem));
    this.CONSUME(RCurly);
  });

  public testItem = this.RULE("testItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.givenClause) },
      { ALT: () => this.SUBRULE(this.expectClause) },
      {
        ALT: () => {
          this.CONSUME(kw.date!);
          this.CONSUME(DateLit, { LABEL: "date" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw.ledger!);
          this.SUBRULE(this.assignments, { LABEL: "ledger" });
        },
      },
      { ALT: () => this.SUBRULE(this.claim) },
    ]);
  });

  public claim = this.RULE("claim", () => {
    this.CONSUME(kw.claim!);
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.givenClause) },
        { ALT: () => this.SUBRULE(this.expectClause) },
        {
          ALT: () => {
            this.CONSUME(kw.date!);
            this.CONSUME(DateLit, { LABEL: "date" });
          },
        },
      ]);
    });
    this.CONSUME(RCurly);
  });

  public givenClause = this.RULE("givenClause", () => {
    this.CONSUME(kw.given!);
    this.SUBRULE(this.assignments);
  });

  public expectClause = this.RULE("expectClause", () => {
    this.CONSUME(kw.expect!);
    this.SUBRULE(this.expectation);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE1(this.expectation);
    });
  });

  public assignments = this.RULE("assignments", () => {
    this.SUBRULE(this.assignment);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE1(this.assignment);
    });
  });

  public assignment = this.RULE("assignment", () => {
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(Equals);
    this.SUBRULE(this.expr, { LABEL: "value" });
  });

  public expectation = this.RULE("expectation", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw.alert!, { LABEL: "alert" });
          this.CONSUME(Identifier, { LABEL: "name" });
        },
      },
      {
        // `no alert X`: `no` is not reserved, so it is an Identifier spelt "no".
        GATE: () => this.LA(1).image === "no",
        ALT: () => {
          this.CONSUME1(Identifier, { LABEL: "no" });
          this.CONSUME1(kw.alert!, { LABEL: "alert" });
          this.CONSUME2(Identifier, { LABEL: "name" });
        },
      },
      {
        ALT: () => {
          this.CONSUME3(Identifier, { LABEL: "name" });
          this.CONSUME(Equals);
          this.SUBRULE(this.expr, { LABEL: "value" });
        },
      },
    ]);
  });

  // ---------------------------------------------------------------- expressions
  // Expressions are parsed flat: an operand, then operators each with their operand.
  // build-expr.ts applies precedence (a Pratt pass). A rule per precedence level would
  // create a dozen CST nodes per literal, and most of the parse time went to that garbage.
  public expr = this.RULE("expr", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.ifExpr) },
      {
        ALT: () => {
          this.SUBRULE(this.operand);
          this.MANY({
            // Inside a param, `at least` / `at most` at the top level are its bounds.
            GATE: () => this.LA(1).tokenType !== kw.at || this.operatorsAllowed(),
            DEF: () => this.SUBRULE(this.chainOp),
          });
        },
      },
    ]);
  });

  public ifExpr = this.RULE("ifExpr", () => {
    this.CONSUME(kw.if!);
    this.SUBRULE(this.expr, { LABEL: "cond" });
    this.CONSUME(kw.then!);
    this.SUBRULE1(this.expr, { LABEL: "then" });
    this.CONSUME(kw.else!);
    this.SUBRULE2(this.expr, { LABEL: "else" });
  });

  /** An operator and its right operand, or a `per …` for the operator before. */
  public chainOp = this.RULE("chainOp", () => {
    this.OR([
      {
        ALT: () => {
          this.OR1([
            { ALT: () => this.CONSUME(kw.or!, { LABEL: "op" }) },
            { ALT: () => this.CONSUME(kw.and!, { LABEL: "op" }) },
            { ALT: () => this.CONSUME(CompareOp, { LABEL: "op" }) },
            { ALT: () => this.CONSUME(kw.in!, { LABEL: "op" }) },
            { ALT: () => this.CONSUME(AddOp, { LABEL: "op" }) },
            { ALT: () => this.CONSUME(MulOp, { LABEL: "op" }) },
            { ALT: () => this.CONSUME(kw.above!, { LABEL: "op" }) },
            { ALT: () => this.CONSUME(kw.on!, { LABEL: "op" }) },
            { ALT: () => this.CONSUME(kw.when!, { LABEL: "op" }) },
          ]);
          this.SUBRULE(this.operand);
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw.at!, { LABEL: "at" });
          this.OR2([
            { ALT: () => this.CONSUME(kw.most!, { LABEL: "most" }) },
            { ALT: () => this.CONSUME(kw.least!, { LABEL: "least" }) },
          ]);
          this.SUBRULE1(this.operand);
        },
      },
      { ALT: () => this.SUBRULE(this.ledgerUse) },
    ]);
  });

  /** `per year using F` (a yearly ledger field) or `per claim` (none, said explicitly). */
  public ledgerUse = this.RULE("ledgerUse", () => {
    this.CONSUME(kw.per!);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw.year!);
          this.CONSUME(kw.using!);
          this.CONSUME(Identifier, { LABEL: "field" });
        },
      },
      { ALT: () => this.CONSUME(kw.claim!, { LABEL: "claim" }) },
    ]);
  });

  /** Prefix operators, then a primary. */
  public operand = this.RULE("operand", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Minus, { LABEL: "prefix" }) },
        { ALT: () => this.CONSUME(kw.not!, { LABEL: "prefix" }) },
        { ALT: () => this.CONSUME(kw.cumulative!, { LABEL: "prefix" }) },
      ]);
    });
    this.SUBRULE(this.primary);
  });

  public primary = this.RULE("primary", () => {
    this.OR([
      { ALT: () => this.CONSUME(Literal, { LABEL: "literal" }) },
      { ALT: () => this.CONSUME(BoolTok, { LABEL: "bool" }) },
      { ALT: () => this.CONSUME(Unlimited, { LABEL: "unlimited" }) },
      { ALT: () => this.CONSUME(kw.remaining!, { LABEL: "remaining" }) },
      {
        // `claim date`: the date of the claim being settled
        ALT: () => {
          this.CONSUME(kw.claim!, { LABEL: "claimDate" });
          this.CONSUME(kw.date!);
        },
      },
      {
        // A reference, optionally indexed `T[key]` or called `f(a, b)` (same line only).
        // Inlined rather than subrules: one CST node less per name (see `expr`).
        ALT: () => {
          this.refParts();
          this.OPTION({
            // `f(a)` is a call; `低档 (1万元, ∞)` with a space is a call only for the language's functions
            GATE: () => this.sameLine() && (this.LA(1).tokenType !== LParen || this.adjacent() || FUNCTION_NAMES.includes(this.LA(0).image)),
            DEF: () => {
              this.OR1([
                {
                  ALT: () => {
                    this.CONSUME(LBracket, { LABEL: "index" });
                    this.open();
                    this.SUBRULE(this.expr, { LABEL: "key" });
                    this.MANY2(() => {
                      this.CONSUME(Comma);
                      this.SUBRULE1(this.expr, { LABEL: "key" });
                    });
                    this.close();
                    this.CONSUME(RBracket);
                  },
                },
                {
                  ALT: () => {
                    this.CONSUME(LParen, { LABEL: "call" });
                    this.open();
                    this.OPTION1(() => this.SUBRULE(this.exprList, { LABEL: "args" }));
                    this.close();
                    this.CONSUME(RParen);
                  },
                },
              ]);
            },
          });
        },
      },
      { ALT: () => this.SUBRULE(this.highest) },
      { ALT: () => this.SUBRULE(this.setLit) },
      { ALT: () => this.SUBRULE(this.paren) },
    ]);
  });

  /** `X`, `base.X`, `alias.X`, `Enum.Member`, as tokens labelled `base` and `name`. */
  private refParts(): void {
    this.OR7([
      {
        ALT: () => {
          this.CONSUME7(kw.base!, { LABEL: "base" });
          this.CONSUME7(Dot);
          this.CONSUME7(Identifier, { LABEL: "name" });
        },
      },
      {
        ALT: () => {
          this.CONSUME8(Identifier, { LABEL: "name" });
          this.OPTION7(() => {
            this.CONSUME8(Dot);
            this.CONSUME9(Identifier, { LABEL: "name" });
          });
        },
      },
    ]);
  }

  public exprList = this.RULE("exprList", () => {
    this.SUBRULE(this.expr, { LABEL: "item" });
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE1(this.expr, { LABEL: "item" });
    });
  });

  public highest = this.RULE("highest", () => {
    this.CONSUME(kw.highest!);
    this.refParts();
    this.CONSUME(kw.over!);
    this.SUBRULE(this.operand, { LABEL: "set" });
  });

  public setLit = this.RULE("setLit", () => {
    this.CONSUME(LBracket);
    this.open();
    this.OPTION(() => this.SUBRULE(this.exprList, { LABEL: "items" }));
    this.close();
    this.CONSUME(RBracket);
  });

  public paren = this.RULE("paren", () => {
    this.CONSUME(LParen);
    this.open();
    this.SUBRULE(this.expr, { LABEL: "inner" });
    this.close();
    this.CONSUME(RParen);
  });
}

export const parser = new BylawParser();

export type { CstNode, IToken, TokenType };
