import type { Indicator } from '../../../schemas/index.ts';
import { compactText } from '../compact-text.ts';
import { Decimal, toDecimal } from '../decimal.ts';

/** 满意度 by 一级 or 二级: T1 files the row as 满意度指标/满意度指标, T2 as 满意度指标/服务对象满意度指标. */
export const isSatisfaction = (indicator: Indicator): boolean =>
  /满意/u.test(compactText(indicator.level1)) || /满意/u.test(compactText(indicator.level2));

/** 数量/质量/时效 outputs; 成本 is left out because its score follows spending by design. */
export const isOutput = (indicator: Indicator): boolean =>
  /数量|质量|时效/u.test(compactText(indicator.level2)) && !/效益|满意/u.test(compactText(indicator.level1));

/** Both printed and 得分 ≥ 分值; a row lacking either is not known to be at full marks. */
export const hasFullMarks = (indicator: Indicator): boolean =>
  indicator.weight !== null && indicator.score !== null && toDecimal(indicator.score).gte(toDecimal(indicator.weight));

/** Points lost, or null when 分值 or 得分 is missing. */
export function pointsLost(indicator: Indicator): Decimal | null {
  if (indicator.weight === null || indicator.score === null) return null;
  const lost = toDecimal(indicator.weight).minus(toDecimal(indicator.score));
  return lost.gt(0) ? lost : new Decimal(0);
}
