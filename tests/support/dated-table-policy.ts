// 自2024年7月1日起，居家护理一级日标准由60元调整为70元: a grid, a table and a `highest` whose
// values read a dated param, lowered to one table a period read by the claim's date. The tests'
// figures are worked by hand: 75 % of the daily standard × days, at most 3000元 a year.
export const DATED_TABLE = `policy variant.dated_table "长期护理日支付标准（分时段）" {
  region "测试地区"
  effective 2024-01-01
  source "test.txt"
}
enum 形式 "服务形式" { 机构护理  居家护理 }
enum 等级 "失能等级" { 一级  二级 }
input {
  服务形式: 形式 "服务形式"
  失能等级: 等级 "失能等级"
  天数: Int "护理天数"
  可选形式: set of 形式 "可选服务形式" = [居家护理]
}
ledger per year {
  已支付: Money "年度已支付"
}
param 居家一级: Money "居家护理一级日标准" { 2024-01-01: 60元  2024-07-01: 70元 }
table 日标准: (形式, 等级) -> Money "日支付标准" {
  机构护理, 一级: 100元
  机构护理, 二级: 80元
  居家护理, 一级: 居家一级
  居家护理, 二级: 居家一级 - 10元
}
table 最高标准: 形式 -> Money "按形式的日标准" { 机构护理: 100元  居家护理: 居家一级 }
output 支付: Money "护理费支付" = 日标准[服务形式, 失能等级] * 天数 * 75% at most 3000元 per year using 已支付
output 最高日标准: Money "可选形式中最高日标准" = highest 最高标准 over 可选形式

test "7月1日起居家护理标准提高" {
  given 服务形式 = 居家护理, 失能等级 = 二级, 天数 = 10
  // (60 − 10) × 10 × 75% = 375; from 2024-07-01 (70 − 10) × 10 × 75% = 450
  claim { date 2024-06-30  expect 支付 = 375元, 最高日标准 = 60元 }
  claim { date 2024-07-01  expect 支付 = 450元, 最高日标准 = 70元 }
  // 一级 30 days: 70 × 30 × 75% = 1575, within the 3000 − 375 − 450 = 2175 left
  claim { given 失能等级 = 一级, 天数 = 30  expect 支付 = 1575元, 已支付 = 2400元 }
  // 机构一级 20 days: 100 × 20 × 75% = 1500, but 3000 − 2400 = 600 left
  claim { given 服务形式 = 机构护理, 失能等级 = 一级, 天数 = 20, 可选形式 = [机构护理, 居家护理]  expect 支付 = 600元, 最高日标准 = 100元 }
}
`;
