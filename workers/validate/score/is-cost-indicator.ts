import type { Indicator } from '../../../schemas/index.ts';
import { compactText } from '../compact-text.ts';
import { parseIndicatorValue } from './parse-indicator-value.ts';

const COST_LEVEL = /成本/;
const COST_NAME = /成本|费用/;

const hasMoneyUnit = (text: string | null): boolean => {
  const value = parseIndicatorValue(text);
  return value.kind === 'numeric' && value.unit !== null && value.unit.includes('元');
};

/**
 * A cost row: filed under 成本指标 (as 一级 or 二级, templates differ), or named for a cost or fee with
 * money in its target or actual. The name alone is not enough: `费用报销及时率` is a rate.
 */
export function isCostIndicator(indicator: Indicator): boolean {
  const levels = [indicator.level1, indicator.level2].map(compactText);
  if (levels.some((level) => COST_LEVEL.test(level))) return true;
  const name = compactText(indicator.name);
  return COST_NAME.test(name) && (hasMoneyUnit(indicator.target) || hasMoneyUnit(indicator.actual));
}
