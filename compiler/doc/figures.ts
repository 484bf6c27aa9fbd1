// The figures a policy document states: amounts (元, 千元, 万元, 亿元), percentages, percentage
// points, ages (周岁, 岁), months, years (满4年, 第二年; up to 100: 2024年 is a date), multiples (倍),
// counts of times (次) and days (天), each with its value in the unit the language uses (yuan, a fraction for
// a rate) and where it stands; 减半, a rate of 50 % in words; and dates (2025年7月1日, as
// YYYY-MM-DD: 自…起施行, 自…起调整为). Numbers with no unit (document numbers such as
// 国办发〔2021〕42号) are not figures.
import { D } from "../../runtime/ir/decimal.ts";
import type { Paragraph } from "./sections.ts";

export type FigureKind = "money" | "rate" | "points" | "age" | "months" | "years" | "multiple" | "times" | "days" | "date";

export interface Figure {
  kind: FigureKind;
  /** in the language's unit: yuan for money, a fraction for a rate ("0.7"), points for points,
   *  YYYY-MM-DD for a date */
  value: string;
  /** as written: `1.6万元` */
  text: string;
  section: string;
  line: number;
  /** offset in the document */
  offset: number;
  /** the sentence it stands in */
  sentence: string;
}

const UNITS: [RegExp, FigureKind, (n: InstanceType<typeof D>) => InstanceType<typeof D>][] = [
  [/^亿元/, "money", (n) => n.times(100000000)],
  [/^万元/, "money", (n) => n.times(10000)],
  [/^千元/, "money", (n) => n.times(1000)],
  [/^元/, "money", (n) => n],
  [/^[%％]/, "rate", (n) => n.div(100)],
  [/^个百分点/, "points", (n) => n],
  [/^周岁/, "age", (n) => n],
  [/^岁/, "age", (n) => n],
  [/^个月/, "months", (n) => n],
  // 满4年, 连续参保5年; not 2024年 (a date) nor 年度
  [/^年(?!度)/, "years", (n) => n],
  [/^倍/, "multiple", (n) => n],
  [/^次/, "times", (n) => n],
  // 产假98天, 超过31天的: a number of days (not 工作日, a time limit of procedure)
  [/^天/, "days", (n) => n],
];

const NUMBER = /\d+(?:\.\d+)?/g;

/** 一 … 十 as 1 … 10 (两, 2, is read apart) */
const CHINESE_DIGITS = "一二三四五六七八九十";

/** The sentence (between 。；; or line ends) around `at` in `text`. */
function sentenceAt(text: string, at: number): string {
  const ends = /[。；;！？]/g;
  let start = 0;
  for (let m; (m = ends.exec(text)) !== null && m.index < at; ) start = m.index + 1;
  ends.lastIndex = at;
  const end = ends.exec(text)?.index ?? text.length;
  return text.slice(start, end + 1).trim();
}

export function figuresOf(paras: readonly Paragraph[]): Figure[] {
  const out: Figure[] = [];
  for (const p of paras) {
    for (const m of p.text.matchAll(NUMBER)) {
      const after = p.text.slice(m.index + m[0].length).replace(/^\s+/, "");
      const before = p.text[m.index - 1];
      if (before !== undefined && /[\d.〔]/.test(before)) continue; // part of a larger token
      for (const [unit, kind, scale] of UNITS) {
        const u = unit.exec(after);
        if (!u || (kind === "years" && !/^([1-9]?\d|100)$/.test(m[0]))) continue;
        out.push({
          kind, value: scale(new D(m[0])).toString(), text: `${m[0]}${u[0]}`, section: p.section, line: p.line,
          offset: p.start + m.index, sentence: sentenceAt(p.text, m.index),
        });
        break;
      }
    }
    // 第二次及以后住院, 两次: a count of times in Chinese numerals, 二 to 十 (一次 is mostly 一次性);
    // 自连续参保第二年起: the year a count of years reaches
    for (const m of p.text.matchAll(/([二两三四五六七八九十])次|第([二三四五六七八九十])年/g)) {
      const digit = m[1] ?? m[2]!;
      out.push({
        kind: m[1] ? "times" : "years", value: String(CHINESE_DIGITS.indexOf(digit) + 1 || 2), text: m[0], section: p.section, line: p.line,
        offset: p.start + m.index, sentence: sentenceAt(p.text, m.index),
      });
    }
    // a range's end takes its start's year: 2025年1月1日至12月31日
    for (const m of p.text.matchAll(/(\d{4})年(\d{1,2})月(\d{1,2})日(?:(至|到|—|－|-)(\d{1,2})月(\d{1,2})日)?/g)) {
      const date = (month: string, day: string) => `${m[1]}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
      const at = (offset: number, text: string, value: string) =>
        out.push({ kind: "date", value, text, section: p.section, line: p.line, offset: p.start + offset, sentence: sentenceAt(p.text, offset) });
      const first = m[0].length - (m[4] === undefined ? 0 : m[4].length + m[5]!.length + m[6]!.length + 2);
      at(m.index, m[0].slice(0, first), date(m[2]!, m[3]!));
      if (m[4] !== undefined) at(m.index + first + m[4].length, m[0].slice(first + m[4].length), date(m[5]!, m[6]!));
    }
    for (const m of p.text.matchAll(/减半/g)) {
      out.push({ kind: "rate", value: "0.5", text: m[0], section: p.section, line: p.line, offset: p.start + m.index, sentence: sentenceAt(p.text, m.index) });
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}
