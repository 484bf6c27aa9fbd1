// What a policy's tests exercise: every branch of an `if`, every table, band and classification
// row, every cap bound and not bound, every alert raised and not raised, every value of a dated
// param — counted from the
// traces of the test claims (runTests), matched to the rule set's IR by span, name and row.
// What no test reaches is listed with its section, so a reader sees which paragraph is untested.
import type { Artifact, Expr, SrcSpan } from "./ir/artifact.ts";
import { children } from "./ir/nodes.ts";
import { gridMatchers, showBandRow, showGridKeys, showRange } from "./ir/ops.ts";
import { decRange } from "./eval/compile-ir.ts";
import type { Trace, TraceStep } from "./eval/trace.ts";

export type CoverageKind = "branch" | "row" | "band" | "cap" | "alert" | "dated";

/** Each kind's name in a report, in both languages. */
const COVERAGE_KINDS: Record<CoverageKind, { en: string; zh: string }> = {
  branch: { en: "branches", zh: "分支" },
  row: { en: "table rows", zh: "表行" },
  band: { en: "bands", zh: "分段" },
  cap: { en: "caps bound / not bound", zh: "限额封顶 / 未封顶" },
  alert: { en: "alerts raised / not raised", zh: "预警触发 / 未触发" },
  dated: { en: "dated values", zh: "分时段取值" },
};

export interface CoverageItem {
  kind: CoverageKind;
  /** what is covered, in the policy's words: `if … then`, `起付标准[第三类]`, `分段 [16000, 100000)` */
  what: string;
  section?: string;
  span?: SrcSpan;
  /** the part of the construct the item is about, when narrower than `span`: an `if`'s then or
   *  else expression (an editor marks that line; reports keep `span`, the construct's) */
  at?: SrcSpan;
  /** claims of the tests that reached it */
  hits: number;
}

/** Every item of the rule set, none hit yet; `hit` counts a trace against them. */
export class Coverage {
  readonly items: CoverageItem[] = [];
  private readonly byKey = new Map<string, CoverageItem>();
  /** per bands, the tables its rates are read from and the rows reading each: a rate read is
   *  reached only when its band holds some of the amount (all rates are read on every claim) */
  private readonly rateTables = new Map<string, Map<string, string[]>>();

  constructor(artifact: Artifact) {
    const ir = artifact.ir;
    const read = readOnClaims(artifact);
    const item = (key: string, kind: CoverageKind, what: string, doc: { sections?: string[]; span?: SrcSpan }, at?: SrcSpan) => {
      if (this.byKey.has(key)) return;
      const it: CoverageItem = { kind, what, hits: 0 };
      if (doc.sections !== undefined && doc.sections.length > 0) it.section = doc.sections.join(" ");
      if (doc.span !== undefined) it.span = doc.span;
      if (at !== undefined) it.at = at;
      this.items.push(it);
      this.byKey.set(key, it);
    };
    // a table, bands or classification read only where the compiler folded it (`60% +
    // 倾斜提高[类别]`, derived bands' base) is reached by no claim: no test could reach it either
    for (const t of ir.tables) {
      if (!read.has(t.name)) continue;
      for (const r of t.rows) {
        const row = r.key ?? showRange(decRange(r.range!));
        item(`row ${t.name} ${row}`, "row", `${t.name}[${row}]`, { sections: t.sections, span: r.span ?? t.span });
      }
    }
    for (const g of ir.grids ?? []) {
      if (!read.has(g.name)) continue;
      g.rows.forEach((r, i) => {
        const cell = showGridKeys(gridMatchers(r.keys, decRange), showRange);
        item(`grid ${g.name} ${i + 1}`, "row", `${g.name}[${cell}]`, { sections: g.sections, span: r.span ?? g.span });
      });
    }
    for (const c of ir.classifications) {
      if (!read.has(c.name)) continue;
      for (const r of c.rows) {
        const row = showRange(decRange(r.range));
        item(`row ${c.name} ${row}`, "row", `${c.name} ${row} → ${r.member}`, { sections: c.sections, span: r.span ?? c.span });
      }
      item(`row ${c.name} otherwise`, "row", `${c.name} else → ${c.otherwise}`, { sections: c.sections, span: c.span });
    }
    for (const b of ir.bands) {
      const tables = new Map<string, string[]>();
      b.rows.forEach((r, j) => {
        if (typeof r.rate !== "string" && r.rate.k === "index") tables.set(r.rate.table, [...(tables.get(r.rate.table) ?? []), String(j)]);
      });
      this.rateTables.set(b.name, tables);
      if (!read.has(b.name)) continue;
      b.rows.forEach((r, j) => {
        item(`band ${b.name} ${j}`, "band", `${b.name} ${showBandRow(r)}`, { sections: b.sections, span: r.span ?? b.span });
      });
    }
    // a limit that is `unlimited`, written or as a param with no other value on any date
    const unlimited = (lim: Expr) => (lim.k === "lit" && lim.v === null)
      || (lim.k === "param" && ir.params.some((p) => p.name === lim.name && (p.values ?? [{ value: p.value }]).every((v) => v.value === null)));
    const roots: { expr: Expr; sections?: string[] }[] = [
      ...ir.defines.map((d) => ({ expr: d.expr, sections: d.sections })),
      ...ir.outputs.map((o) => ({ expr: o.expr, sections: o.sections })),
      ...ir.alerts.map((a) => ({ expr: a.when, sections: a.sections })),
      ...ir.pipelines.flatMap((p) => [{ expr: p.on, sections: p.sections }, ...p.layers.map((l) => ({ expr: l.expr, sections: l.sections ?? p.sections }))]),
    ];
    for (const { expr, sections } of roots) {
      const stack = [expr];
      while (stack.length > 0) {
        const e = stack.pop()!;
        stack.push(...children(e));
        if (e.s === undefined) continue;
        const at = e.s.join(":");
        if (e.k === "if") {
          item(`branch ${at} then`, "branch", "if … then", { sections, span: e.s }, e.a.s);
          item(`branch ${at} else`, "branch", "if … else", { sections, span: e.s }, e.b.s);
        } else if (e.k === "cap") {
          e.limits.forEach((l, i) => {
            if (l.left === true) return; // the pipeline's limit, not the document's: nothing to test
            const which = e.limits.length > 1 ? ` (limit ${i + 1})` : "";
            // an unlimited limit (不设封顶线, `unlimited`) never binds: no test could reach that
            if (!unlimited(l.lim)) item(`cap ${at} ${i} true`, "cap", `at most${which}: bound`, { sections, span: e.s });
            item(`cap ${at} ${i} false`, "cap", `at most${which}: not bound`, { sections, span: e.s });
          });
        }
      }
    }
    for (const a of ir.alerts) {
      for (const hit of [true, false]) item(`alert ${a.name} ${hit}`, "alert", `${a.name}: ${hit ? "raised" : "not raised"}`, a);
    }
    // each value of a dated param a claim reads: the change the document makes on a date is tested
    for (const p of ir.params) {
      if (p.values === undefined || !read.has(p.name)) continue;
      for (const v of p.values) item(`dated ${p.name} ${v.from}`, "dated", `${p.name} from ${v.from}`, p);
    }
  }

  /** Counts what one claim's trace reached. */
  hit(trace: Trace): void {
    const reached = new Set<CoverageItem>();
    const mark = (key: string) => {
      const it = this.byKey.get(key);
      if (it !== undefined) reached.add(it);
    };
    const visit = (steps: readonly TraceStep[], bands?: string, held?: ReadonlySet<string>) => {
      for (const s of steps) {
        const v = s.values, at = s.span?.join(":");
        switch (s.op) {
          case "if":
            mark(`branch ${at} ${v.branch}`);
            break;
          case "index": {
            // a band's rate counts when the band held some of the amount
            const rows = bands === undefined ? undefined : this.rateTables.get(bands)?.get(v.table!);
            if (rows === undefined || rows.some((j) => held?.has(j))) mark(`row ${v.table} ${v.row ?? v.key}`);
            break;
          }
          case "lookup":
            mark(`grid ${v.table} ${v.row}`);
            break;
          case "highest":
            mark(`row ${v.table} ${v.from}`);
            break;
          case "classify":
            mark(`row ${v.name} ${v.row}`);
            break;
          case "param":
            if (v.from !== undefined) mark(`dated ${v.name} ${v.from}`);
            break;
          case "band":
            mark(`band ${bands} ${v.row}`);
            break;
          case "cap":
            (s.children ?? []).filter((c) => c.op === "limit").forEach((l, i) => {
              if (l.values.applies !== "false") mark(`cap ${at} ${i} ${l.values.bites}`);
            });
            break;
        }
        if (s.children === undefined) continue;
        if (s.op === "bands") visit(s.children, v.name, new Set(s.children.filter((c) => c.op === "band").map((c) => c.values.row!)));
        else visit(s.children, bands, held);
      }
    };
    for (const o of trace.outputs) visit(o.steps);
    visit(trace.ledger ?? []);
    for (const a of trace.alerts) {
      mark(`alert ${a.name} ${a.hit}`);
      visit(a.steps);
    }
    for (const it of reached) it.hits++;
  }

  /** Covered and total items of each kind, in the order kinds are listed. */
  summary(): { kind: CoverageKind; covered: number; total: number }[] {
    const kinds: CoverageKind[] = ["branch", "row", "band", "cap", "alert", "dated"];
    return kinds.map((kind) => {
      const of = this.items.filter((i) => i.kind === kind);
      return { kind, covered: of.filter((i) => i.hits > 0).length, total: of.length };
    }).filter((k) => k.total > 0);
  }

  /** The counts in words: `分支 8/8，表行 12/12` / `branches 8/8, table rows 12/12`. */
  counts(lang: "zh" | "en"): string {
    const zh = lang === "zh";
    const parts = this.summary().map((k) => `${COVERAGE_KINDS[k.kind][lang]} ${k.covered}/${k.total}`);
    if (parts.length === 0) return zh ? "没有分支、表行、分段、限额、预警或分时段取值" : "no branch, row, band, cap, alert or dated value";
    return parts.join(zh ? "，" : ", ");
  }

  /** What no test reached, in source order. */
  uncovered(): CoverageItem[] {
    const at = (i: CoverageItem) => (i.span === undefined ? [Infinity, 0] : [i.span[0], i.span[1]]);
    return this.items.filter((i) => i.hits === 0).sort((a, b) => at(a)[0]! - at(b)[0]! || at(a)[1]! - at(b)[1]!);
  }
}

/** The tables, grids, bands and classifications some claim reads: named by an expression of an
 *  output, define, alert or pipeline, or by a band's rate or edge read per claim. */
function readOnClaims(artifact: Artifact): Set<string> {
  const ir = artifact.ir;
  const names = new Set<string>();
  const stack: Expr[] = [
    ...ir.defines.map((d) => d.expr), ...ir.outputs.map((o) => o.expr), ...ir.alerts.map((a) => a.when),
    ...ir.pipelines.flatMap((p) => [p.on, ...p.layers.map((l) => l.expr)]),
  ];
  const band = (name: string) => {
    const b = ir.bands.find((x) => x.name === name);
    for (const r of b?.rows ?? []) for (const x of [r.rate, r.lo, r.hi]) if (x !== null && typeof x !== "string") stack.push(x);
  };
  while (stack.length > 0) {
    const e = stack.pop()!;
    stack.push(...children(e));
    const name = e.k === "index" || e.k === "highest" ? e.table : e.k === "lookup" ? e.grid : e.k === "bands" || e.k === "classify" || e.k === "param" ? e.name : undefined;
    if (name === undefined || names.has(name)) continue;
    names.add(name);
    if (e.k === "bands") band(name);
  }
  return names;
}
