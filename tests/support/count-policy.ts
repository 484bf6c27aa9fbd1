// 年度内第二次及以后住院起付线减半: a ledger that counts the year's inpatient claims (an Int
// field, `cumulative` of 1 or 0), the deductible chosen by the count, capped per year. Its
// tests' figures are worked by hand: 起付线 800元 (the second and later stays 400元), 报销 80 %,
// 年度限额 3000元; a clinic visit (not 住院) does not count and pays from the first yuan.
export const COUNT_POLICY = `policy variant.counts "年度第二次及以后住院起付线减半" {
  region "测试地区"
  effective 2022-01-01
  source "test.txt"
}
input {
  住院: Bool "是否住院"
  费用: Money "合规费用"
}
ledger per year {
  住院次数: Int "年度住院次数"
  已报销: Money "年度已报销"
}
define 第几次: Int "本次为年度第几次住院" = cumulative (if 住院 then 1 else 0) per year using 住院次数
define 起付线: Money "本次起付线" = if not 住院 then 0元 else if 第几次 >= 2 then 800元 * 50% else 800元
output 报销: Money "报销" = (费用 above 起付线) * 80% at most 3000元 per year using 已报销
output 次数: Int "本次为年度第几次住院" = 第几次
test "第二次及以后住院起付线减半" {
  claim { given 住院 = true, 费用 = 1800元  expect 报销 = 800元, 次数 = 1, 住院次数 = 1 }
  claim { given 住院 = false, 费用 = 100元  expect 报销 = 80元, 住院次数 = 1 }
  claim { given 住院 = true, 费用 = 1800元  expect 报销 = 1120元, 第几次 = 2, 住院次数 = 2, 已报销 = 2000元 }
  claim { given 住院 = true, 费用 = 1800元  expect 报销 = 1000元, 住院次数 = 3, 已报销 = 3000元 }
}
test "期初台账：本年已住院 4 次" {
  ledger 住院次数 = 4
  given 住院 = true, 费用 = 1800元
  expect 报销 = 1120元, 第几次 = 5
}
`;
