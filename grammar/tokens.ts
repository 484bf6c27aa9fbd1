// Every token type of the language, in lexer priority order. The playground builds its
// Monaco highlighting from KEYWORDS / TYPE_KEYWORDS / LITERAL_PATTERNS, so the editor and
// the lexer cannot disagree about what a keyword is.
import { createToken, Lexer, type TokenType } from "chevrotain";

// ---- categories (abstract: never matched themselves) ----
export const Keyword = createToken({ name: "Keyword", pattern: Lexer.NA });
/** Built-in type names: Money, Rate, … (an enum name is an Identifier). */
export const TypeKeyword = createToken({ name: "TypeKeyword", pattern: Lexer.NA });
export const Literal = createToken({ name: "Literal", pattern: Lexer.NA });
export const InfinityTok = createToken({ name: "InfinityTok", pattern: Lexer.NA, label: "`∞`" });
export const Unlimited = createToken({ name: "Unlimited", pattern: Lexer.NA, label: "`unlimited`" });
export const BoolTok = createToken({ name: "BoolTok", pattern: Lexer.NA, label: "`true` or `false`" });
export const CompareOp = createToken({ name: "CompareOp", pattern: Lexer.NA, label: "a comparison" });
export const AddOp = createToken({ name: "AddOp", pattern: Lexer.NA, label: "`+` or `-`" });
export const MulOp = createToken({ name: "MulOp", pattern: Lexer.NA, label: "`*` or `/`" });

// Identifiers are Unicode: a letter or `_`, then letters, digits or `_`.
const identifierPattern = /[\p{L}_][\p{L}\p{N}_]*/u;

/** One start character per 256-code-unit bucket that holds a letter: Chevrotain's
 *  first-char optimisation only looks at the bucket, and a Unicode class cannot be
 *  analysed, so this hint is what lets `ensureOptimizations` accept the lexer. */
function identifierStartHints(): string[] {
  const hints: string[] = ["_"];
  const letter = /\p{L}/u;
  for (let bucket = 0; bucket < 0x100; bucket++) {
    for (let low = 0; low < 0x100; low++) {
      const code = bucket * 0x100 + low;
      // Astral letters start with a high surrogate: hint the whole surrogate range.
      if ((code >= 0xd800 && code <= 0xdbff) || letter.test(String.fromCharCode(code))) {
        hints.push(String.fromCharCode(code));
        if (bucket > 0) break; // one per bucket is enough above ASCII
      }
    }
  }
  return hints;
}

// Chevrotain drops a RegExp's `u` flag when it compiles patterns, so \p{…} needs a
// custom matcher running our own sticky Unicode RegExp.
const identifierSticky = new RegExp(identifierPattern.source, "uy");
export const Identifier = createToken({
  name: "Identifier",
  pattern: {
    exec(text: string, offset: number) {
      identifierSticky.lastIndex = offset;
      return identifierSticky.exec(text);
    },
  },
  start_chars_hint: identifierStartHints(),
  line_breaks: false,
  label: "a name",
});

const KEYWORD_WORDS = [
  "policy", "extends", "import", "as", "region", "effective", "ends", "source", "enum",
  "input", "ledger", "per", "year", "param", "table", "bands", "marginal", "whole", "classify",
  "else", "define", "output", "alert", "when", "test", "given", "expect", "claim", "date",
  "override", "base", "pipeline", "layer", "leaves", "remaining", "on", "above", "at",
  "most", "least", "using", "if", "then", "and", "or", "not", "in", "highest", "over",
  "cumulative", "none", "unlimited", "true", "false", "gap", "of", "set", "inf", "acknowledge",
] as const;
const TYPE_WORDS = ["Money", "Rate", "Points", "Number", "Int", "Bool", "Date", "Text", "Limit"] as const;

/** Reserved words, as written. */
export const KEYWORDS: string[] = [...KEYWORD_WORDS, ...TYPE_WORDS];
export const TYPE_KEYWORDS: string[] = [...TYPE_WORDS];
/** Keywords that are values: editors show them like literals. */
export const CONSTANT_KEYWORDS: string[] = ["true", "false", "inf", "unlimited", "none"];

function keyword(word: string, extraCategories: TokenType[] = []): TokenType {
  return createToken({
    name: `Kw_${word}`,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Keyword, ...extraCategories],
    label: `\`${word}\``,
    start_chars_hint: [word[0]!],
  });
}

const extraCategoriesOf: Record<string, TokenType[]> = {
  inf: [InfinityTok],
  none: [Unlimited],
  unlimited: [Unlimited],
  true: [BoolTok],
  false: [BoolTok],
};

/** Keyword token types by word (`kw.enum`, `kw.Money`, …). */
export const kw: Record<string, TokenType> = {};
for (const word of KEYWORD_WORDS) kw[word] = keyword(word, extraCategoriesOf[word]);
for (const word of TYPE_WORDS) kw[word] = keyword(word, [TypeKeyword]);

// ---- trivia ----
export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\f\v\u00a0\u3000\ufeff]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({
  name: "LineComment",
  pattern: /\/\/[^\r\n]*/,
  group: "comments",
});
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: "comments",
  line_breaks: true,
});
/** Lexed only to report BL1003; never reaches the parser. */
export const UnterminatedComment = createToken({
  name: "UnterminatedComment",
  pattern: /\/\*[\s\S]*/,
  group: "unterminated",
  line_breaks: true,
});

// ---- literals ----
export const StringLit = createToken({
  name: "StringLit",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  categories: [Literal],
  label: "a string",
});
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  group: "unterminated",
});
export const DateLit = createToken({
  name: "DateLit",
  pattern: /\d{4}-\d{2}-\d{2}/,
  categories: [Literal],
  label: "a date",
});
export const MoneyLit = createToken({
  name: "MoneyLit",
  // `6万` without 元 is lexed as money too: the lexer reports it (BL1010) with the fix `6万元`;
  // 亿元 (a document's totals: 全年支出1.26亿元) is 10^8 yuan
  pattern: /\d+(?:\.\d+)?(?:[亿万千]元?|元)/,
  categories: [Literal],
  label: "a money amount",
});
export const RateLit = createToken({
  name: "RateLit",
  pattern: /\d+(?:\.\d+)?[%％]/,
  categories: [Literal],
  label: "a rate",
});
export const PointsLit = createToken({
  name: "PointsLit",
  pattern: /\d+(?:\.\d+)?(?:pp|个百分点)/,
  categories: [Literal],
  label: "percentage points",
});
export const DurationLit = createToken({
  name: "DurationLit",
  pattern: /\d+个月/,
  categories: [Literal],
  label: "a duration",
});
export const NumberLit = createToken({
  name: "NumberLit",
  // an age or a span of years as documents write it (年满70周岁, 18岁以下, 连续参保满5年) is the
  // number: `年龄 >= 70周岁`, `参保年数 >= 5年`
  pattern: /\d+(?:\.\d+)?(?:周岁|岁|年)?/,
  categories: [Literal],
  label: "a number",
});
export const Section = createToken({
  name: "Section",
  pattern: /§[^\s{},，"]+/,
  label: "a section citation",
  start_chars_hint: ["§"],
});
export const InfinitySign = createToken({
  name: "InfinitySign",
  pattern: /∞/,
  categories: [InfinityTok],
  label: "`∞`",
  start_chars_hint: ["∞"],
});
/** `无穷`, as documents write ∞; `无穷大` stays a name. */
export const InfinityWord = createToken({
  name: "InfinityWord",
  pattern: /无穷/,
  longer_alt: Identifier,
  categories: [InfinityTok],
  label: "`无穷`",
  start_chars_hint: ["无"],
});

/** The functions the language has (`max(a, b)`): `name (` with a space between is a call only
 *  for these, so a bands row `[0元, 1万元]: 低档  (1万元, ∞): 高档` on one line stays two rows. */
export const FUNCTION_NAMES: readonly string[] = ["min", "max", "round", "count"];

// ---- punctuation and operators ----
/** Full-width punctuation from a Chinese keyboard, read as its ASCII twin (the formatter
 *  writes the ASCII one). Strings, comments and § citations keep what was typed. `；` is
 *  not here: like `;`, it is no token of the language (BL1002 names it). */
export const FULL_WIDTH_TWINS: Record<string, string> = { ",": "，", ":": "：", "(": "（", ")": "）", "[": "【", "]": "】", "|": "｜", "=": "＝" };

function punct(name: string, text: string, categories: TokenType[] = []): TokenType {
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  const twin = FULL_WIDTH_TWINS[text];
  const pattern = new RegExp(twin === undefined ? escape(text) : `${escape(text)}|${twin}`);
  return createToken({ name, pattern, label: `\`${text}\``, categories });
}
export const Arrow = punct("Arrow", "->");
export const EqEq = punct("EqEq", "==", [CompareOp]);
export const NotEq = punct("NotEq", "!=", [CompareOp]);
export const LtEq = punct("LtEq", "<=", [CompareOp]);
export const GtEq = punct("GtEq", ">=", [CompareOp]);
export const Lt = punct("Lt", "<", [CompareOp]);
export const Gt = punct("Gt", ">", [CompareOp]);
export const Equals = punct("Equals", "=");
export const Plus = punct("Plus", "+", [AddOp]);
export const Minus = punct("Minus", "-", [AddOp]);
export const Star = punct("Star", "*", [MulOp]);
export const Slash = punct("Slash", "/", [MulOp]);
export const LCurly = punct("LCurly", "{");
export const RCurly = punct("RCurly", "}");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const Comma = punct("Comma", ",");
export const Colon = punct("Colon", ":");
export const Dot = punct("Dot", ".");
export const Question = punct("Question", "?");
/** `a | b`: several enum members sharing a grid table row. */
export const Bar = punct("Bar", "|");

// Longer keywords first so that `inf` is not lexed as `in` + `f`.
const keywordTokens = Object.values(kw).sort(
  (a, b) => String(b.PATTERN).length - String(a.PATTERN).length,
);

/** Lexer order: trivia, literals (longest forms first), keywords, Identifier, punctuation. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLit,
  UnterminatedString,
  DateLit,
  MoneyLit,
  RateLit,
  PointsLit,
  DurationLit,
  NumberLit,
  Section,
  InfinitySign,
  InfinityWord,
  ...keywordTokens,
  Identifier,
  Arrow,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Dot,
  Question,
  Bar,
  // categories last: the parser needs them in its vocabulary
  Keyword,
  TypeKeyword,
  Literal,
  InfinityTok,
  Unlimited,
  BoolTok,
  CompareOp,
  AddOp,
  MulOp,
];

/** Source patterns of literal tokens, for editor highlighting. */
export const LITERAL_PATTERNS: Record<string, RegExp> = {
  money: MoneyLit.PATTERN as RegExp,
  rate: RateLit.PATTERN as RegExp,
  points: PointsLit.PATTERN as RegExp,
  date: DateLit.PATTERN as RegExp,
  duration: DurationLit.PATTERN as RegExp,
  number: NumberLit.PATTERN as RegExp,
  string: StringLit.PATTERN as RegExp,
  section: Section.PATTERN as RegExp,
  identifier: identifierPattern,
};
export const OPERATORS: string[] = ["->", "==", "!=", "<=", ">=", "<", ">", "=", "+", "-", "*", "/", "|"];
