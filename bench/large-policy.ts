// A generated policy of about `lines` lines, valid and using most constructs, for timing the
// compiler on something far larger than any real document.
export function largePolicy(lines: number): string {
  const out: string[] = [
    `policy bench.large "生成的大型政策" {`,
    `  region "基准测试"`,
    `  effective 2022-01-01`,
    `  source "generated"`,
    `}`,
    ``,
    `enum 类别 "类别" {`,
    `  甲 "第一类"`,
    `  乙 "第二类"`,
    `  丙 "第三类"`,
    `}`,
    ``,
    `input {`,
    `  类别: 类别 "类别"`,
    `  自付: Money "个人负担"`,
    `  南疆: Bool "南疆" = false`,
    `}`,
    ``,
    `ledger per year {`,
  ];
  // 22 header lines, then per block 2 ledger lines and 20 lines of rules.
  const blocks = Math.max(1, Math.floor((lines - 24) / 22));
  for (let b = 0; b < blocks; b++) out.push(`  起付已用${b}: Money`, `  已付${b}: Money`);
  out.push(`}`, ``);
  for (let b = 0; b < blocks; b++) {
    const base = 1000 + b;
    out.push(
      `param 起付${b}: Money = ${base}元 "起付标准 ${b}" §一(${b})`,
      `table 比例${b}: 类别 -> Rate "比例 ${b}" {`,
      `  甲: 90%`,
      `  乙: 80%`,
      `  丙: 70%`,
      `}`,
      `bands 分段${b} "分段 ${b}" marginal {`,
      `  [${base}元, 10万元): 60%`,
      `  [10万元, 20万元): 65%`,
      `  [20万元, ∞): 70%`,
      `}`,
      `define 比例合计${b}: Rate = 比例${b}[类别] + (if 南疆 and 类别 != 甲 then 5pp else 0pp)`,
      `output 救助${b}: Money "救助 ${b}" =`,
      `  自付 above 起付${b} per year using 起付已用${b}`,
      `    * 比例合计${b}`,
      `    at most 5万元 per year using 已付${b}`,
      `output 大病${b}: Money = 分段${b} on 自付`,
      `alert 预警${b} "预警 ${b}" when 自付 > ${base * 10}元`,
      `// 第 ${b} 段结束`,
      ``,
    );
  }
  return out.join("\n");
}
