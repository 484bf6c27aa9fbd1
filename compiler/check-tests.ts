// Stage "check tests": every name in a test block is a declared input / output / ledger
// field / alert, values are constants of the right type, every required input is given
// for every claim, the test's and each claim's date fall within the policy's period, and the
// claims' dates go forward.
import type { Assignment, DateLit, Expectation, Span, TestDecl } from "../grammar/ast.ts";
import type { TypeChecker } from "./check-types.ts";
import type { Code } from "./diagnostic-codes.ts";
import type { Folder } from "./fold.ts";
import { canon, type Compilation, type Entity } from "./symbols.ts";
import { suggest } from "../grammar/suggest.ts";
import { fractionDigits } from "../grammar/literals.ts";
import { unparen, walk } from "./walk.ts";
import { assignable, display, UNKNOWN } from "./types.ts";
import { unitFix } from "./unit-fix.ts";

export function checkTests(c: Compilation, tc: TypeChecker, folder: Folder): void {
  const scope = c.root.levels[0]!;
  const ofKind = (kinds: string[]) => [...scope.values()].filter((e) => kinds.includes(e.kind) && e.live !== false);
  const inputs = ofKind(["input"]);
  const required = inputs.filter((e) => !("default" in e.node && e.node.default));
  const header = c.root.file.ast?.header;

  for (const { entity: test, decl } of c.tests) {
    const file = test.file.path;
    const report = (code: Code, span: Span, args: Record<string, string> = {}) => c.sink.report(code, file, span, args);

    /** Checks one `name = value` against the entity it names; returns the name if valid. */
    const assign = (a: Assignment, kinds: string[], unknown: Code, mismatch: Code): string | undefined => {
      if (!a.name) return undefined;
      const target = scope.get(a.name.text);
      if (!target || !kinds.includes(target.kind)) {
        report(unknown, a.name.span, { name: a.name.text, suggestion: suggest(a.name.text, ofKind(kinds).map((e) => e.local)) });
        return undefined;
      }
      c.references.push({ span: a.name.span, symbol: canon(target).id, file: test.file });
      // a define a test checks is used: no "never used" (BL6001) for it
      if (target.kind === "define") target.used = true;
      if (a.value) value(a.value, canon(target), a.name.text, mismatch);
      return a.name.text;
    };
    const value = (x: NonNullable<Assignment["value"]>, target: Entity, name: string, mismatch: Code) => {
      const t = tc.inferIn(test, x, target.type);
      // a bare member the field's enum chose (`given 项目 = 津贴` beside an output 津贴): bound now
      const bare = unparen(x);
      const pick = bare?.kind === "ref" ? tc.picks.get(bare) : undefined;
      if (bare?.kind === "ref" && pick !== undefined) c.res.set(bare, [pick.member]);
      if (t !== UNKNOWN && !assignable(t, target.type)) {
        report(mismatch, x.span, { name, expected: display(target.type), found: display(t), ...unitFix(x, target.type) });
        return;
      }
      if (t !== UNKNOWN && !folder.value(x, file)) report("BL5008", x.span);
    };
    const givens = (list: Assignment[], already: Set<string>) => {
      for (const a of list) {
        const name = assign(a, ["input"], "BL5002", "BL5007");
        if (!name) continue;
        const target = scope.get(name);
        if (target && !canon(target).live) report("BL6009", a.name!.span, { name });
        if (already.has(name)) report("BL5009", a.name!.span, { name });
        already.add(name);
      }
    };
    const expects = (list: Expectation[]) => {
      const expected = new Set<string>();
      for (const x of list) {
        if (!x.name) continue;
        if (x.kind === "alert") {
          const target = scope.get(x.name.text);
          if (target?.kind !== "alert") report("BL5004", x.name.span, { name: x.name.text, suggestion: suggest(x.name.text, ofKind(["alert"]).map((e) => e.local)) });
          else c.references.push({ span: x.name.span, symbol: target.id, file: test.file });
          continue;
        }
        const e = { span: x.span, name: x.name, value: x.value };
        const name = assign(e, ["output", "layer", "ledger", "define"], "BL5003", "BL5001");
        // the expectations are kept by name: a second would silently replace the first
        if (name && expected.has(name)) report("BL5013", x.name.span, { name });
        if (name) expected.add(name);
        // outputs and ledgers hold money to the fen; a define as it computes it (4443.005元)
        if (scope.get(x.name.text)?.kind !== "define") {
          walk(x.value, (y) => {
            if (y.kind === "money" && fractionDigits(y.value) > 2) report("BL1004", y.span, { text: `${y.value}元` });
          });
        }
      }
    };

    const top = new Set<string>();
    givens(decl.given, top);
    const ledgerNames = new Set<string>();
    for (const a of decl.ledger) {
      const name = assign(a, ["ledger"], "BL5005", "BL5012");
      if (name && ledgerNames.has(name)) report("BL5009", a.name!.span, { name });
      if (name) ledgerNames.add(name);
    }
    expects(decl.expect);
    const claims = decl.claims.length > 0 ? decl.claims : [{ span: decl.span, given: [], expect: [] }];
    for (const claim of decl.claims) {
      // a claim's own `given` overrides the test's (the year's claims share the rest)
      givens(claim.given, new Set());
      expects(claim.expect);
    }
    for (const claim of claims) {
      const given = new Set([...top, ...claim.given.flatMap((a) => (a.name ? [a.name.text] : []))]);
      for (const r of required) if (!given.has(r.local)) report("BL5006", claim === claims[0] && decl.claims.length === 0 ? titleSpan(decl) : claim.span, { name: r.local });
    }
    // the policy is in force on its `ends` date too (the runtime's BR2024)
    const inForce = (date: DateLit | undefined) => {
      if (!date || !header?.effective) return;
      const ends = header.ends?.value;
      if (date.value < header.effective.value || (ends !== undefined && date.value > ends)) {
        report("BL5010", date.span, { date: date.value, effective: header.effective.value, ends: ends ?? "" });
      }
    };
    inForce(decl.date);
    let previous = decl.date;
    for (const claim of decl.claims) {
      inForce(claim.date);
      if (claim.date && previous && claim.date.value < previous.value) report("BL5011", claim.date.span, { date: claim.date.value, previous: previous.value });
      previous = claim.date ?? previous;
    }
  }
}

function titleSpan(t: TestDecl): Span {
  return t.title?.span ?? t.span;
}
