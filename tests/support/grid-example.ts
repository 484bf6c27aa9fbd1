// The grid of rates (issue 11, "Grid decision tables"): people × hospital level ×
// amount, with `_` and `|`; used by the grid tests and the differential tests.
export const rateGrid = (citation = ""): string => `table 救助比例: (救助对象, 医院级别, Money) -> Rate "救助比例"${citation} {
  五保, _, _: 100%
  低保 | 优抚, 乡镇级, [0元, 1万元]: 50%
  低保 | 优抚, 乡镇级, (1万元, ∞): 70%
  低保 | 优抚, 县级以上, [0元, 1万元]: 40%
  低保 | 优抚, 县级以上, (1万元, ∞): 45%
  其他, _, _: 0%
}`;
