// Two small policies for the language service's tests: a parent and a child extending it
// (in one folder, served from memory), and a helper applying the service's edits.
import type { TextHost } from "../../compiler/index.ts";
import type { TextEdit } from "../navigation.ts";
import { offsetAt } from "../positions.ts";

export const HEADER = (id: string, extra = "") => `policy t.${id} "测试" ${extra}{\n  region "r"\n  effective 2022-01-01\n  source "s.txt"\n}\n`;

export const PARENT = `${HEADER("parent")}
enum 类别 "救助对象类别" {
  第一类 "特困人员"
  第二类 "低保对象"
}
input {
  类别: 类别 "救助对象类别"
  自付: Money "个人自付"
}
param 起付线: Money = 2000元 "起付标准" §二(一)
table 比例: 类别 -> Rate "救助比例" {
  第一类: 90%
  第二类: 80%
}
output 救助金: Money "医疗救助金" = 自付 above 起付线 * 比例[类别]
`;

export const CHILD = `${HEADER("child", 'extends "parent.bylaw" ')}
output 加倍: Money "加倍" = 救助金 * 2
`;

export const host = (files: Record<string, string>): TextHost => ({ readFile: (p) => files[p] });

/** `text` with `edits` applied (ranges of the original text, in any order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const placed = edits.map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }));
  placed.sort((a, b) => b.start - a.start);
  return placed.reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

/** The LSP position of the `nth` occurrence of `needle` in `text` (plus `delta` characters). */
export function at(text: string, needle: string, delta = 0, nth = 1) {
  let i = -1;
  for (let k = 0; k < nth; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, i + delta);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - before.lastIndexOf("\n") - 1 };
}
