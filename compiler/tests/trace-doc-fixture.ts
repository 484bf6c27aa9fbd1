// A hand-made document and a policy citing it, where every figure's class is known
// (compiler/tests/trace-doc.test.ts, cli/trace-doc.test.ts).
export const DOC = `某县医疗救助办法

一、救助标准
(一)起付标准。低保对象起付标准为1000元。
(二)救助比例。
1.低保对象按70%的比例救助,年度限额为2万元。
2.年满60周岁的,比例提高5个百分点。
二、其他
经办机构应在15个工作日内办结,救助比例全市统一为70%。
`;

export const POLICY = `policy t.doc "救助" {
  region "某县"
  effective 2022-01-01
  source "doc.txt" §一
}
input {
  年龄: Int "年龄"
  自付: Money "自付"
}
param 起付: Money = 1000元 "起付标准" §一(一)
param 比例: Rate = 70% "救助比例" §一(二)1
param 提高: Points = 5pp "年满60周岁提高" §一(二)2
param 限额: Money = 3万元 "年度限额" §一(二)1
param 地区系数: Rate = 90% "地区系数（占位值）" §一(二)
output 救助金: Money "医疗救助金" §一(二) = 自付 above 起付 * (if 年龄 >= 60 then 比例 + 提高 else 比例) at most 限额
`;
