// A county standard's rates by hospital level (issue 11: band rates read from tables): the
// enum, and a table for each of the two bands' rates, the lower band's and the upper band's.
// Used by the band-rate tests and by the differential variant; `townUpper` is 乡镇级's upper rate.
export const levelRates = (townUpper = "70%"): string => `enum 医院级别 "医院级别" {
  乡镇级 "乡镇级"
  县级以上 "县级以上"
}
table 低档: 医院级别 -> Rate "1万元以内比例" {
  乡镇级: 50%
  县级以上: 40%
}
table 高档: 医院级别 -> Rate "1万元以上比例" {
  乡镇级: ${townUpper}
  县级以上: 45%
}`;
