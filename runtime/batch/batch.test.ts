import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createBatch, CsvReader, formatCsvRow, loadRuleSet, parseCsvLine, recordToRow, renderRuntimeError, RuleBook, splitCsv } from "../index.ts";
import { checkHeader, type HeaderError } from "./batch.ts";
import { CsvCutter, recordCells } from "./csv.ts";
import { HeldLedger } from "../eval/ledger.ts";
import { build, input, money, seal, xpcc } from "../tests/fixtures.ts";

describe("CSV", () => {
  it("splits quoted fields with commas, quotes and line breaks; skips blank lines and a BOM", () => {
    expect(splitCsv('\ufeffa,b\r\n"x, y","say ""hi""\nthere"\n\n1,\n')).toEqual([
      ["a", "b"], ["x, y", 'say "hi"\nthere'], ["1", ""],
    ]);
    expect(parseCsvLine('第三类,"12,000",')).toEqual(["第三类", "12,000", ""]);
  });

  it("streams: any chunking gives the same records", () => {
    const text = 'person,自付\r\n"张,三","12000"\r\n李四,"5""00"\n';
    const whole = splitCsv(text);
    for (let size = 1; size < 8; size++) {
      const r = new CsvReader();
      const out: string[][] = [];
      for (let i = 0; i < text.length; i += size) out.push(...r.push(text.slice(i, i + size)));
      out.push(...r.end());
      expect(out).toEqual(whole);
    }
  });

  it("writes rows back", () => {
    expect(formatCsvRow(["a,b", 'q"', 7, null, ["x", "y"]])).toBe('"a,b","q""",7,,x;y');
  });

  it("writes formula-like cells after a quote, plain numbers as they are", () => {
    expect(formatCsvRow(["=1+1", "+86 138", "-2+3", "@SUM(A1)", "\tx", "\r=1", "a=1", "-5", "-99.93", "+3", "2022-08-01"]))
      .toBe(`'=1+1,'+86 138,'-2+3,'@SUM(A1),'\tx,"'\r=1",a=1,-5,-99.93,+3,2022-08-01`);
    expect(formatCsvRow(['=HYPERLINK("x","y")'])).toBe(`"'=HYPERLINK(""x"",""y"")"`);
  });
});

describe("batch", () => {
  const rs = loadRuleSet(xpcc());
  const csv = [
    "id,person,date,类别,南疆,自付",
    "1,张三,2022-08-01,第四类,否,4000",
    "2,李四,2022-08-02,第三类,,12000",
    "3,张三,2022-09-01,第四类,false,5000",
    "4,王五,2022-09-02,第九类,是,abc",
    "5,张三,2023-01-10,第四类,0,7000",
  ].join("\n");

  it("carries each person's ledger, turns bad rows into error rows and totals the money", () => {
    const [header, ...records] = splitCsv(csv);
    const batch = createBatch(rs, { passthrough: ["id"] });
    const rows = records.map((r) => batch.push(recordToRow(header!, r)));
    expect(rows.map((r) => (r.ok ? r.outputs!.救助金 : r.errors!.map((e) => e.code).join("+")))).toEqual([
      "0.00", // 张三: 4000 of the 6000 deductible
      "7000.00", // 李四
      "1800.00", // 张三: (5000 − 2000) × 60 %
      "BR2012+BR2005",
      "600.00", // 张三, a new year: (7000 − 6000) × 60 %
    ]);
    expect(rows[0]).toMatchObject({ row: 1, person: "张三", date: "2022-08-01", passthrough: { id: "1" } });
    expect(batch.summary()).toEqual({
      rows: 5, ok: 4, failed: 1, persons: 2,
      totals: { 救助金: "9400.00" },
      alerts: { 因病返贫预警: 1 },
      errors: { BR2012: 1, BR2005: 1 },
    });
  });

  it("works over a RuleBook, choosing the version by each row's date", () => {
    const v1 = loadRuleSet(xpcc({ policy: { ends: "2022-12-31" } }));
    const later = xpcc({ policy: { effective: "2023-01-01" } });
    (later.ir.tables[0]!.rows[3]! as { value: string }).value = "5000";
    const book = new RuleBook([v1, loadRuleSet(seal(later))]);
    const batch = createBatch(book);
    const out = ["2022-08-01", "2023-08-01", "2021-01-01"].map((date) => batch.push({ person: "赵六", date, 类别: "第四类", 自付: "7000" }));
    expect(out.map((r) => r.ok ? r.outputs!.救助金 : r.errors![0]!.code)).toEqual(["600.00", "1200.00", "BR2025"]);
  });
});

/** The reference: RFC 4180 by hand, one character at a time, for comparing with CsvReader's fast path. */
function referenceCsv(text: string): string[][] {
  const out: string[][] = [];
  let record: string[] = [], field = "", quoted = false, started = false;
  const endRecord = () => {
    record.push(field);
    if (!(record.length === 1 && record[0] === "")) out.push(record);
    record = [], field = "", started = false;
  };
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') field += '"', i++;
      else quoted = false;
    } else if (ch === '"' && !started) quoted = started = true;
    else if (ch === ",") record.push(field), field = "", started = false;
    else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
    } else field += ch, started = true;
  }
  if (started || field !== "" || record.length > 0) endRecord();
  return out;
}

/** CsvReader over `text` cut at the given offsets. */
function readInChunks(text: string, cuts: number[]): string[][] {
  const r = new CsvReader();
  const out: string[][] = [];
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    out.push(...r.push(text.slice(at, Math.max(at, c))));
    at = Math.max(at, c);
  }
  out.push(...r.push(text.slice(at)), ...r.end());
  return out;
}

describe("CSV fast path", () => {
  it("gives the RFC 4180 records for quoted and unquoted lines mixed, however the text is cut", () => {
    const text = 'p,d,身份\n张三,2023-01-01,低保对象\r\n"李,四",2023-01-02,"a|b"\n王五,2023-01-03,"x\n""y"""\r\r\n赵六,,\n';
    const expected = [
      ["p", "d", "身份"], ["张三", "2023-01-01", "低保对象"], ["李,四", "2023-01-02", "a|b"],
      ["王五", "2023-01-03", 'x\n"y"'], ["赵六", "", ""],
    ];
    expect(referenceCsv(text)).toEqual(expected);
    for (let size = 1; size <= text.length; size++) {
      const cuts = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => i * size);
      expect(readInChunks(text, cuts)).toEqual(expected);
    }
  });

  it("a chunk boundary inside a quoted field, right after a CR, or before a line's end", () => {
    const text = 'a,"one\r\ntwo, three"\rb,c\r\nd';
    const expected = [["a", "one\r\ntwo, three"], ["b", "c"], ["d"]];
    for (const cut of [4, 8, 9, 12, 20, 21, 22, 25, 26]) expect(readInChunks(text, [cut])).toEqual(expected);
  });

  it("agrees with the reference on random text and random cuts", () => {
    const cell = fc.stringMatching(/^[a张,"\r\n ]{0,4}$/);
    const line = fc.array(fc.oneof(cell, cell.map((c) => `"${c.replace(/"/g, '""')}"`)), { minLength: 1, maxLength: 4 }).map((cs) => cs.join(","));
    const text = fc.tuple(fc.boolean(), fc.array(fc.tuple(line, fc.constantFrom("\n", "\r\n", "\r")), { maxLength: 8 }))
      .map(([bom, ls]) => (bom ? "\ufeff" : "") + ls.map(([l, br]) => l + br).join(""));
    fc.assert(fc.property(text, fc.array(fc.nat(60), { maxLength: 6 }), (t, cuts) => {
      expect(readInChunks(t, cuts)).toEqual(referenceCsv(t));
    }), { numRuns: 2000 });
  });

  it("a file with lone CRs for line breaks streams without waiting for its end", () => {
    const r = new CsvReader();
    expect(r.push("a,b\rc,d\re")).toEqual([["a", "b"], ["c", "d"]]);
    expect(r.push("f\r")).toEqual([["ef"]]);
    expect(r.end()).toEqual([]);
  });
});

describe("batch internals", () => {
  const rs = loadRuleSet(xpcc());
  const header = ["id", "person", "date", "类别", "南疆", "自付"];
  const records = [
    ["1", "张三", "2022-08-01", "第四类", "否", "4000"],
    ["2", "李四", "2022-08-02", "第三类", "", "12000"],
    ["3", "张三", "2022-09-01", "第四类", "false", "5000"],
    ["4", "王五", "2022-09-02", "第九类", "是", "abc"],
    ["5", "张三", "2023-01-10", "第四类", "0", ""], // 自付 missing
    ["6", "张三", "2023-02-10", "第四类", "0", "7000"],
  ];

  it("columns(header) settles records exactly as push(recordToRow(header, record))", () => {
    const a = createBatch(rs, { passthrough: ["id"] }), b = createBatch(rs, { passthrough: ["id"] });
    const settle = a.columns(header);
    expect(records.map((r) => settle(r))).toEqual(records.map((r) => b.push(recordToRow(header, r))));
    expect(a.summary()).toEqual(b.summary());
    // 张三 in 2023: row 5 lacks 自付, row 6 pays (7000 − 6000) × 60 %
    expect(a.summary().totals).toEqual({ 救助金: "9400.00" });
    expect(a.summary().errors).toEqual({ BR2012: 1, BR2005: 1, BR2002: 1 });
  });


  it("carries a person's ledger across chunks of the file", () => {
    // 张三's 4000 then 5000 straddle the cut: the second row still sees 4000 of the 6000 deductible used
    const text = "person,date,类别,自付\n张三,2022-08-01,第四类,4000\n张三,2022-09-01,第四类,5000\n";
    for (let cut = 1; cut < text.length; cut++) {
      const batch = createBatch(rs);
      const reader = new CsvReader();
      const results: string[] = [];
      let settle: ((r: readonly string[]) => ReturnType<typeof batch.push>) | undefined;
      for (const part of [text.slice(0, cut), text.slice(cut)]) {
        for (const rec of reader.push(part)) {
          if (settle === undefined) settle = batch.columns(rec);
          else results.push(settle(rec).outputs!.救助金 as string);
        }
      }
      expect(results).toEqual(["0.00", "1800.00"]);
    }
  });

  it("totals stay exact past what whole fen in a JavaScript number could hold", () => {
    const echo = loadRuleSet(build({
      fields: [{ name: "自付", type: "Money", optional: false, label: "自付" }],
      ir: {
        outputs: [
          { name: "付", type: "Money", label: "付", expr: input("自付") },
          { name: "差", type: "Money", label: "差", expr: { k: "arith", op: "-", a: input("自付"), b: money("100") } },
        ],
      },
    }));
    const batch = createBatch(echo);
    // 5 × 9 999 999 999 999.99 = 49 999 999 999 999.95: 4.9999…e15 fen, past 2^52
    const row = (自付: string) => ({ person: "甲", date: "2022-08-01", 自付 });
    for (let i = 0; i < 5; i++) batch.push(row("9999999999999.99"));
    batch.push(row("123456789012345.67")); // 15 digits before the point: added as a decimal
    batch.push(row("0.07"));
    // 差 = 自付 − 100 on each of the 7 rows: 700 less; the last, 0.07 − 100 = −99.93, is negative
    expect(batch.summary().totals).toEqual({ 付: "173456789012345.69", 差: "173456789011645.69" });
  });

  it("rejected rows are numbered in line with the others and counted", () => {
    const batch = createBatch(rs);
    const bad = batch.reject([{ code: "BR2000", field: "", args: { detail: "not JSON" } }]);
    const good = batch.push({ person: "甲", date: "2022-08-01", 类别: "第一类", 自付: "1000" });
    expect([bad.row, bad.ok, good.row, good.ok]).toEqual([1, false, 2, true]);
    expect(batch.summary()).toMatchObject({ rows: 2, ok: 1, failed: 1, persons: 1, errors: { BR2000: 1 } });
  });
});

describe("held ledgers", () => {
  const rs = loadRuleSet(xpcc());
  const claim = { 类别: "第四类", 自付: "7000" };

  it("a held ledger in gives a held ledger out, reading as the plain ledger would", () => {
    const held = rs.evaluate(claim, HeldLedger.EMPTY, { date: "2022-08-01" });
    const plain = rs.evaluate(claim, undefined, { date: "2022-08-01" });
    if (!held.ok || !plain.ok) throw new Error("settles");
    expect(held.ledger).toBeInstanceOf(HeldLedger);
    expect(plain.ledger).not.toBeInstanceOf(HeldLedger);
    expect(JSON.parse(JSON.stringify(held.ledger))).toEqual(plain.ledger);
    expect(held.ledger.values).toEqual({ 起付已用: "6000.00", 已救助: "600.00", 年度自付: "7000.00" });
    // the next claim: the deductible is used up, 7000 × 60 % = 4200
    const next = rs.evaluate(claim, held.ledger, { date: "2022-09-01" });
    expect(next.ok && next.outputs.救助金).toBe("4200.00");
    // the held ledger itself is unchanged: settling from it again gives the same answer
    const again = rs.evaluate(claim, held.ledger, { date: "2022-09-01" });
    expect(again.ok && again.ledger.values).toEqual(next.ok && next.ledger.values);
  });

  it("another rule set reads a held ledger through its values; a later year starts afresh; an earlier one is refused", () => {
    const held = rs.evaluate(claim, HeldLedger.EMPTY, { date: "2022-08-01" });
    if (!held.ok) throw new Error("settles");
    const other = loadRuleSet(xpcc());
    const r = other.evaluate(claim, held.ledger, { date: "2022-09-01" });
    expect(r.ok && r.outputs.救助金).toBe("4200.00");
    const newYear = rs.evaluate(claim, held.ledger, { date: "2023-01-05" });
    expect(newYear.ok && newYear.outputs.救助金).toBe("600.00");
    const earlier = rs.evaluate(claim, held.ledger, { date: "2021-12-31" });
    expect(earlier.ok ? "ok" : earlier.errors.map((e) => e.code)).toContain("BR2022");
  });
});

describe("a batch holds each person's ledger in fen between their claims", () => {
  it("settles as one claim after another with plain ledgers would, row for row", () => {
    const rs = loadRuleSet(xpcc());
    const rows = [
      { person: "甲", date: "2022-08-01", 类别: "第四类", 自付: "7000" },
      { person: "乙", date: "2022-08-02", 类别: "第一类", 自付: "60000" },
      { person: "甲", date: "2022-09-01", 类别: "第四类", 自付: "7000" },
      { person: "乙", date: "2022-09-01", 类别: "第一类", 自付: "1" },
      { person: "甲", date: "2023-01-02", 类别: "第四类", 自付: "7000.55" },
    ];
    const batch = createBatch(rs);
    const got = rows.map((r) => batch.push(r).outputs);
    const plain = new Map<string, unknown>();
    const want = rows.map(({ person, date, ...claim }) => {
      const r = rs.evaluate(claim, plain.get(person) as never, { date });
      if (!r.ok) throw new Error("settles");
      plain.set(person, r.ledger);
      return r.outputs;
    });
    expect(got).toEqual(want);
    // by hand: 甲 7000 − 6000 deductible → 600; then 7000 × 60 % = 4200; a new year: 600.33
    // (1000.55 × 60 % = 600.33); 乙 60000 × 90 % capped at 50000, then nothing left
    expect(got.map((o) => o?.["救助金"])).toEqual(["600.00", "50000.00", "4200.00", "0.00", "600.33"]);
  });
});

describe("the input contract: a row breaking it is an error row and never reaches a ledger", () => {
  const rs = loadRuleSet(xpcc());
  const header = ["person", "date", "类别", "自付"];
  const codes = (r: ReturnType<ReturnType<typeof createBatch>["push"]>) => (r.ok ? "ok" : r.errors!.map((e) => e.code).join("+"));

  it("a header without person or date, naming a column twice or an unnamed one is refused whole", () => {
    const refused = (h: string[]) => {
      try {
        createBatch(rs).columns(h);
        return "accepted";
      } catch (e) {
        return `${(e as HeaderError).name} ${(e as HeaderError).code}`;
      }
    };
    expect(refused(["date", "类别", "自付"])).toBe("HeaderError BR2100");
    expect(refused(["person", "类别", "自付"])).toBe("HeaderError BR2100");
    expect(refused(["person", "自付", "date", "类别", "自付"])).toBe("HeaderError BR2101");
    expect(refused(["person", "date", "类别", "自付", ""])).toBe("HeaderError BR2102");
    expect(refused(header)).toBe("accepted");
    expect(() => checkHeader(["id", "date"], { personColumn: "id" })).not.toThrow();
  });

  it("CSV: surplus or missing cells, an empty person or date, a bad date, unreadable bytes", () => {
    const batch = createBatch(rs);
    const settle = batch.columns(header);
    // 第一类 pays 90 % up to 50 000 a year: 张三's third 50 000 would pay nothing if the ledger were carried
    const rows = [
      settle(["张三", "2022-08-01", "第一类", "12", "000"], 2), // an unquoted 12,000
      settle(["张三", "2022-08-01", "第一类"], 3),
      settle(["", "2022-08-01", "第一类", "60000"], 4),
      settle(["张三", "", "第一类", "60000"], 5),
      settle(["张三", "2022-02-30", "第一类", "60000"], 6),
      settle(["张\udcff三", "2022-08-01", "第一类", "60000"], 7), // a byte UTF-8 could not read
      settle(["张三", "2022-08-01", "第一类", "60000"], 8),
      settle(["张三", "2022-09-01", "第一类", "60000"], 9),
    ];
    expect(rows.map(codes)).toEqual(["BR2103", "BR2103", "BR2104", "BR2104", "BR2105", "BR2106", "ok", "ok"]);
    expect(renderRuntimeError(rows[0]!.errors![0]!, "en")).toBe("line 2: 5 cells where the header has 4 (an unquoted comma, as in 12,000?)");
    expect(rows[2]!.errors![0]).toMatchObject({ field: "person" });
    expect(renderRuntimeError(rows[2]!.errors![0]!, "en")).toBe("line 4, `person`: empty; every row needs one");
    expect(renderRuntimeError(rows[4]!.errors![0]!, "zh")).toBe("第 6 行 `date`：应为YYYY-MM-DD 格式的日期，实际为 2022-02-30");
    expect(rows[5]!.errors![0]).toMatchObject({ field: "person" });
    expect(renderRuntimeError(rows[5]!.errors![0]!, "en")).toBe("line 7, `person`: bytes the file's encoding cannot read");
    // only the two good rows reached 张三's ledger: 50 000 cap, then nothing
    expect(rows.slice(6).map((r) => r.outputs!.救助金)).toEqual(["50000.00", "0.00"]);
    expect(batch.summary()).toMatchObject({ rows: 8, ok: 2, failed: 6, persons: 1, totals: { 救助金: "50000.00" } });
  });

  it("JSONL: a person that is not text, a date that is null, a number or not a day", () => {
    const batch = createBatch(rs);
    const claim = { 类别: "第一类", 自付: "60000" };
    const rows = [
      batch.push({ person: 1, date: "2022-08-01", ...claim }),
      batch.push({ date: "2022-08-01", ...claim }),
      batch.push({ person: "甲", date: null, ...claim }),
      batch.push({ person: "甲", date: 20220801, ...claim }),
      batch.push({ person: "甲", ...claim }),
      batch.push({ person: "甲", date: "2022-8-1", ...claim }),
      batch.push({ person: "甲", date: "2022-08-01", ...claim, 类别: "第\ud800类" }),
      batch.push({ person: "甲", date: "2022-08-01", ...claim }, 12),
      // 甲 with a space after it, or a NUL in it, would be a second person with a ledger of its own
      batch.push({ person: "甲 ", date: "2022-08-01", ...claim }),
      batch.push({ person: "甲\u0000", date: "2022-08-01", ...claim }),
    ];
    expect(rows.map(codes)).toEqual(["BR2105", "BR2104", "BR2104", "BR2105", "BR2104", "BR2105", "BR2106", "ok", "BR2105", "BR2105"]);
    expect(renderRuntimeError(rows[0]!.errors![0]!, "en")).toBe("line 1, `person`: must be text with no spaces at its ends, found 1");
    expect(renderRuntimeError(rows[8]!.errors![0]!, "en")).toBe("line 9, `person`: must be text with no spaces at its ends, found 甲 ");
    expect(batch.summary()).toMatchObject({ rows: 10, ok: 1, persons: 1 });
  });
});

describe("CsvCutter", () => {
  /** [record text, line] pairs from the text cut into chunks of `size`. */
  function cut(text: string, size: number): [string, number][] {
    const c = new CsvCutter();
    const out: [string, number][] = [];
    const sink = (t: string, line: number) => out.push([t, line]);
    for (let i = 0; i < text.length; i += size) c.push(text.slice(i, i + size), sink);
    c.end(sink);
    return out;
  }

  it("numbers each record by the line it starts on: blank lines, CRLF, lone CR and quoted breaks count", () => {
    const text = '\ufeffa,b\r\n\r\n"x\r\ny",1\n2,"3\r4"\r5,6\n\n7,"8';
    const want: [string, number][] = [["a,b", 1], ['"x\r\ny",1', 3], ['2,"3\r4"', 5], ["5,6", 7], ['7,"8', 9]];
    for (let size = 1; size <= text.length; size++) expect(cut(text, size)).toEqual(want);
    expect(recordCells('7,"8')).toBeUndefined(); // a quoted cell never closed
    expect(recordCells('"a""b",c"d,"e"f')).toEqual(['a"b', 'c"d', "ef"]);
  });

  it("is linear in a long line: 48 MB in one record, in 64 KB chunks", { timeout: 20_000 }, () => {
    // cutting by rescanning the unfinished line at every chunk took 28 s on a 20 MB line; this is about 100 times that work
    for (const quoted of [false, true]) {
      const cell = "x".repeat(48 << 20);
      const text = quoted ? `a,"${cell}"\nb,c\n` : `a,${cell}\nb,c\n`;
      const got = cut(text, 1 << 16);
      expect(got.map(([t, line]) => [t.length, line])).toEqual([[cell.length + (quoted ? 4 : 2), 1], [3, 2]]);
    }
  });
});
