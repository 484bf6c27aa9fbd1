// Property tests: whatever the text, parse and format never throw, terminate, and report
// spans inside the text; what format produces parses cleanly and formats to itself.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SyntaxError } from "../syntax-error.ts";
import { format } from "../format.ts";
import { lex } from "../lexer.ts";
import { parse } from "../parse.ts";
import { KEYWORDS } from "../tokens.ts";
import { readFixture, withoutSpans } from "./helpers.ts";

function spansValid(errors: SyntaxError[], length: number): boolean {
  return errors.every((e) => Number.isInteger(e.span.start) && Number.isInteger(e.span.end) &&
    e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= length);
}

/** parse and format both hold up; a formatted text is clean, means the same, keeps its
 *  comments and is a fixed point. */
function holdsUp(text: string): void {
  const parsed = parse(text);
  expect(spansValid(parsed.errors, text.length)).toBe(true);
  const formatted = format(text);
  expect(spansValid(formatted.errors, text.length)).toBe(true);
  expect(formatted.text === undefined).toBe(parsed.errors.length > 0);
  if (formatted.text !== undefined) {
    const reparsed = parse(formatted.text);
    expect(reparsed.errors).toEqual([]);
    expect(withoutSpans(reparsed.ast.decls)).toEqual(withoutSpans(parsed.ast.decls));
    expect(reparsed.ast.comments.length).toBe(parsed.ast.comments.length);
    expect(format(formatted.text).text).toBe(formatted.text);
  }
}

const fixture = readFixture("all-constructs.bylaw");
const fixtureTokens = lex(fixture).tokens.map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length }));

const PIECES = [
  ...KEYWORDS, "{", "}", "(", ")", "[", "]", ",", ":", "=", "->", ".", "?", "+", "-", "*", "/",
  "==", "!=", "<", "<=", ">", ">=", "1.6万元", "2000元", "1.234元", "70%", "5pp", "3", "1.5",
  "2022-07-25", "2022-02-30", "6个月", '"标签"', '"unterminated', "§二(四)", "∞", "起付", "类别",
  "第一类", "x", "no", "// c\n", "/* c */", "/* open", "\n", "#", "no alert",
];

describe("fuzz", () => {
  it("random text", () => {
    const alphabet = fc.constantFrom(...'{}()[],:=-<>!.?+*/%"\\§∞元万个月pp \n\t/*abcino起付类别0123456789'.split(""));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120 }), fc.string({ unit: alphabet, maxLength: 200 })), (text) => {
        holdsUp(text);
      }),
      { numRuns: 800 },
    );
  });

  it("random token sequences", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), fc.boolean(), (pieces, withHeader) => {
        const body = pieces.join(" ");
        holdsUp(withHeader ? `policy a "t" { effective 2022-01-01 }\n${body}` : body);
      }),
      { numRuns: 800 },
    );
  });

  it("mutations of the fixture: deleted, duplicated and swapped tokens", () => {
    const n = fixtureTokens.length;
    const mutation = fc.oneof(
      fc.record({ op: fc.constant("delete" as const), i: fc.nat(n - 1), j: fc.constant(0) }),
      fc.record({ op: fc.constant("duplicate" as const), i: fc.nat(n - 1), j: fc.constant(0) }),
      fc.record({ op: fc.constant("swap" as const), i: fc.nat(n - 1), j: fc.nat(n - 1) }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        let text = fixture;
        // Apply from the last position backwards so earlier offsets stay valid.
        const sorted = [...mutations].sort((a, b) => Math.max(b.i, b.j) - Math.max(a.i, a.j));
        for (const m of sorted) {
          const a = fixtureTokens[Math.min(m.i, m.j)]!;
          const b = fixtureTokens[Math.max(m.i, m.j)]!;
          const ta = fixture.slice(a.start, a.end);
          const tb = fixture.slice(b.start, b.end);
          if (m.op === "delete") text = text.slice(0, a.start) + text.slice(a.end);
          else if (m.op === "duplicate") text = `${text.slice(0, a.end)} ${ta}${text.slice(a.end)}`;
          else if (a !== b) text = text.slice(0, a.start) + tb + text.slice(a.end, b.start) + ta + text.slice(b.end);
        }
        holdsUp(text);
      }),
      { numRuns: 400 },
    );
  });
});
