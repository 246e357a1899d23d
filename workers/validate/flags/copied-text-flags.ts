import type { Finding, FormRecord } from '../../../schemas/index.ts';
import { compactText, isBlankText } from '../compact-text.ts';
import { evidenceFor } from '../finding.ts';
import { indicatorField, indicatorName, usedIndicators } from '../record-fields.ts';
import { raise } from './flag-codes.ts';

/** 实际完成情况 identical to 预期目标 after NFKC and whitespace removal (seed 000: 5 forms). */
export function flagGoalActualCopiesExpected(record: FormRecord): Finding[] {
  const { expected, actual } = record.goals;
  if (isBlankText(expected) || compactText(expected) !== compactText(actual)) return [];
  const preview = compactText(actual).slice(0, 40);
  return [
    raise('GOAL_ACTUAL_COPIES_EXPECTED', {
      message: `实际完成情况 repeats 预期目标 word for word ("${preview}${compactText(actual).length > 40 ? '…' : ''}"): no account of what was done`,
      expected: 'what was actually achieved',
      printed: actual,
      evidence: [evidenceFor(record, 'goals.expected', expected), evidenceFor(record, 'goals.actual', actual)],
    }),
  ];
}

/** ≥ ≤ = > < (and `>=`, `<=` after NFKC) opening a value: a target's form, not a measurement. */
const OPENS_WITH_COMPARATOR = /^(?:[≥≤=><]|\\[gl]eq)/u;

/**
 * 实际完成值 that is the target copied with its comparator (`=1000吨 → =1000吨`; seed 003: 31 rows in
 * 5 forms). A bare `95%` against `≥95%` may be a real measurement on the threshold and is not flagged.
 */
export function flagActualCopiesTarget(record: FormRecord): Finding[] {
  return usedIndicators(record).flatMap((row): Finding[] => {
    const { indicator, index } = row;
    const actual = compactText(indicator.actual);
    if (!OPENS_WITH_COMPARATOR.test(actual) || actual !== compactText(indicator.target)) return [];
    return [
      raise('ACTUAL_COPIES_TARGET', {
        message: `${indicatorName(row)}: actual "${indicator.actual}" is the target "${indicator.target}" copied with its comparator, not a measured value`,
        expected: 'a measured value',
        printed: indicator.actual,
        evidence: [
          evidenceFor(record, indicatorField(index, 'actual'), indicator.actual),
          evidenceFor(record, indicatorField(index, 'target'), indicator.target),
        ],
      }),
    ];
  });
}
