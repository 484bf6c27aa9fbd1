// 经三重制度综合保障后个人负担: rules that read a pipeline's results. A yearly ledger of the
// share left after the layers (a monitoring alert on it), a second pipeline on that share
// (倾斜救助 above 5000元), and an output adding up what every layer paid. The tests' figures are
// worked by hand: 大病保险 60 % above 1万元 a year; 医疗救助 70 %, at most 1万元 a year; 倾斜救助
// 50 % of a claim's remaining share above 5000元, at most 2万元 a year; 监测 above 1.5万元 a year.
// Two alerts read ledger fields after the claim: 已救助 reaching 1万元, 累计负担 above 1万元.
export const RESULT_READS = `policy variant.result_reads "综合保障后个人负担的监测与倾斜救助" {
  region "测试地区"
  effective 2022-01-01
  source "test.txt"
}
input {
  自付: Money "政策范围内个人自付"
}
ledger per year {
  大病起付: Money "大病保险起付线已用"
  已救助: Money "年度已救助"
  累计负担: Money "年度累计个人负担"
  已倾斜: Money "年度已倾斜救助"
}
pipeline 三重保障 "三重制度综合保障" on 自付 {
  layer 大病保险 "大病保险" = remaining above 1万元 per year using 大病起付 * 60%
  layer 医疗救助 "医疗救助" = remaining * 70% at most 1万元 per year using 已救助
  leaves 个人负担 "综合保障后个人负担"
}
define 年度负担: Money "年度累计个人负担" = cumulative 个人负担 per year using 累计负担
pipeline 托底 "倾斜救助" on 个人负担 {
  layer 倾斜救助 "倾斜救助" = (remaining above 5000元) * 50% at most 2万元 per year using 已倾斜
  leaves 最终负担 "最终个人负担"
}
output 合计报销: Money "各项保障合计" = 大病保险 + 医疗救助 + 倾斜救助
alert 返贫监测 "年度累计个人负担超过1.5万元，纳入监测" when 年度负担 > 1.5万元
alert 负担较重 "本次最终负担超过3000元" when 最终负担 > 3000元
// ledger fields read by alerts: their values after the claim (one a layer's cap writes, one a define)
alert 救助已达限额 "年度医疗救助已达1万元，告知本人" when 已救助 >= 1万元
alert 负担过万 "年度累计个人负担超过1万元" when 累计负担 > 1万元

test "一年三次，次年重新累计" {
  date 2022-03-01
  // 8000 ≤ 1万 起付: 大病 0; 救助 8000 × 70% = 5600; 负担 2400; 2400 ≤ 5000: 倾斜 0
  claim { given 自付 = 8000元  expect 大病保险 = 0元, 医疗救助 = 5600元, 个人负担 = 2400元, 倾斜救助 = 0元, 最终负担 = 2400元, 合计报销 = 5600元, no alert 返贫监测, no alert 负担较重, no alert 救助已达限额, no alert 负担过万 }
  // 大病 (40000 − 2000) × 60% = 22800, left 17200; 救助 12040 > room 4400: 4400; 负担 12800,
  // the year's 15200 > 15000; 倾斜 (12800 − 5000) × 50% = 3900; 最终 8900
  claim { given 自付 = 40000元  expect 大病保险 = 22800元, 医疗救助 = 4400元, 个人负担 = 12800元, 年度负担 = 15200元, 倾斜救助 = 3900元, 最终负担 = 8900元, 合计报销 = 31100元, alert 返贫监测, alert 负担较重, alert 救助已达限额, alert 负担过万 }
  // 大病 600, left 400; 救助 room 0; the year's 15600
  claim { given 自付 = 1000元  expect 大病保险 = 600元, 医疗救助 = 0元, 个人负担 = 400元, 最终负担 = 400元, 累计负担 = 15600元, 已倾斜 = 3900元, alert 返贫监测, no alert 负担较重, alert 救助已达限额 }
  // a new year: 大病 (12000 − 10000) × 60% = 1200, left 10800; 救助 7560; 负担 3240
  claim { date 2023-01-10  given 自付 = 12000元  expect 大病保险 = 1200元, 医疗救助 = 7560元, 个人负担 = 3240元, 年度负担 = 3240元, 最终负担 = 3240元, 合计报销 = 8760元, no alert 返贫监测, alert 负担较重, no alert 救助已达限额, no alert 负担过万 }
}
test "期初台账：本年已负担 14500元" {
  ledger 累计负担 = 14500元
  // 大病 0 (2000 of the 1万 起付); 救助 1400; 负担 600; the year's 15100 > 15000
  given 自付 = 2000元
  expect 医疗救助 = 1400元, 个人负担 = 600元, 年度负担 = 15100元, alert 返贫监测, no alert 负担较重, no alert 救助已达限额, alert 负担过万
}
`;
