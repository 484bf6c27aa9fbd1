// A policy with a Rate input, which no seed policy has: what the SQL engines keep of a rate (10 decimals).
export const RATE_POLICY = `policy t.rate "比例" {
  region "测试地区"
  effective 2022-01-01
  source "t.txt"
}
input {
  比例: Rate "比例"
  自付: Money "自付"
}
output 救助: Money "救助" §一 = 自付 * 比例
`;
