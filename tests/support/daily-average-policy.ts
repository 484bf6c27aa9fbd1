// 超过31天的，按日均费用×31天计算: a quotient multiplied back. The division comes last
// (compiler/divide-last.ts), so 8886.01元 ÷ 62 × 31 is 4443.005 exactly and rounds half-up to
// 4443.01, on every engine; divided first it would be 4443.00499… and round to 4443.00. The
// tests' figures are worked by hand: 70 % of what is counted, at most 5000元 a year.
export const DAILY_AVERAGE = `policy variant.daily_average "日均费用按31天计算" {
  region "测试地区"
  effective 2022-01-01
  source "test.txt"
}
input {
  费用: Money "护理费用"
  天数: Int "护理天数"
}
ledger per year {
  已支付: Money "年度已支付"
}
define 纳入费用: Money "纳入计算的费用" = if 天数 > 31 then 费用 / 天数 * 31 else 费用
output 支付: Money "基金支付" = 纳入费用 * 70% at most 5000元 per year using 已支付
output 日均: Money "日均费用" = 费用 / 天数

test "超过31天按日均×31计算" {
  // 8886.01 × 31 ÷ 62 = 4443.005 → 4443.01; × 70% = 3110.1035 → 3110.10; 日均 143.3227… → 143.32
  claim { given 费用 = 8886.01元, 天数 = 62  expect 纳入费用 = 4443.005元, 支付 = 3110.10元, 日均 = 143.32元 }
  // 2674.61 × 31 ÷ 62 = 1337.305; × 70% = 936.1135 → 936.11 (5000 − 3110.10 = 1889.90 left)
  claim { given 费用 = 2674.61元, 天数 = 62  expect 纳入费用 = 1337.305元, 支付 = 936.11元 }
  // 31 days: all of it; 3000 × 70% = 2100 > 5000 − 3110.10 − 936.11 = 953.79 left
  claim { given 费用 = 3000元, 天数 = 31  expect 支付 = 953.79元, 已支付 = 5000元 }
}
`;
