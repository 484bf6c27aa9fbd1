// A small policy for coverage tests: a table, bands, an if inside a cap, an alert.
export const coveragePolicy = (tests: string): string => `policy t.cov "覆盖" {
  region "测试地区"
  effective 2022-01-01
  source "t.txt"
}
enum 类别 "类别" {
  甲 "甲类"
  乙 "乙类"
  丙 "丙类"
}
input {
  类别: 类别 "类别"
  自付: Money "自付"
}
table 起付: 类别 -> Money "起付线" §一 {
  甲: 0元
  乙: 1000元
  丙: 2000元
}
bands 分段 "分段" §二 marginal {
  [0元, 1万元): 50%
  [1万元, ∞): 60%
}
output 救助: Money "救助" §三 = (if 类别 == 甲 then 自付 else 自付 above 起付[类别]) at most 5000元
output 补偿: Money "补偿" §四 = 分段 on 自付
alert 大额 "大额" §五 when 自付 > 2万元
${tests}`;
