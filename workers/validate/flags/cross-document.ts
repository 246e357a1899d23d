import type { Evidence, Finding, FormRecord } from '../../../schemas/index.ts';
import { compactText, isBlankText } from '../compact-text.ts';
import { Decimal, isWithin, toDecimal } from '../decimal.ts';
import { evidenceFor } from '../finding.ts';
import { findTotalRow, fundsField, indicatorField, isTargetForm } from '../record-fields.ts';
import { normalizeValueText, parseIndicatorValue } from '../score/parse-indicator-value.ts';
import { sameUnit } from '../score/same-unit.ts';
import { amountTolerance } from '../tolerances.ts';
import { departmentName } from './department-name.ts';
import { raise } from './flag-codes.ts';

/** Names compared without spacing, width, punctuation or quotes (`“3+N”专班` = `"3+N"专班`). */
const nameKey = (name: string | null): string => compactText(name).replace(/[\p{P}\p{S}]/gu, '');

/**
 * The same target however printed: `≥95%` = `>=95%` = `95%以上` = `$\geq 95\%$` as parsed values; text
 * that does not parse as one figure is compared as printed, compacted.
 */
function sameTarget(a: string | null, b: string | null): boolean {
  const x = parseIndicatorValue(a), y = parseIndicatorValue(b);
  if (x.kind === 'numeric' && y.kind === 'numeric') {
    const direction = (c: typeof x.comparator) => (c === 'eq' ? null : c);
    return direction(x.comparator) === direction(y.comparator) && new Decimal(x.value).eq(new Decimal(y.value)) && sameUnit(x.unit, y.unit);
  }
  return normalizeValueText(a) === normalizeValueText(b);
}

/**
 * A 绩效目标表 and a self-evaluation are one project when year and name agree and so does the department,
 * unless one of them prints none (target forms name the 预算单位, self-evaluations the 主管部门).
 */
const projectKey = (record: FormRecord): string => `${record.fiscalYear}|${nameKey(record.projectName)}`;
const sameDepartment = (a: FormRecord, b: FormRecord): boolean =>
  departmentName(a.department) === '' || departmentName(b.department) === '' || departmentName(a.department) === departmentName(b.department);

/**
 * Flags that need two documents: the 项目支出绩效目标表 published with the budget (targets set before the
 * year) and the 项目支出绩效自评表 of the same project and year (results after it). Raised on the
 * self-evaluation, with the target form's cells as evidence. Findings keyed by index into `records`.
 */
export function crossDocumentFlags(records: readonly FormRecord[]): Map<number, Finding[]> {
  const targets = new Map<string, FormRecord[]>();
  for (const record of records) {
    if (!isTargetForm(record) || record.fiscalYear === null || !nameKey(record.projectName)) continue;
    const key = projectKey(record);
    targets.set(key, [...(targets.get(key) ?? []), record]);
  }
  const found = new Map<number, Finding[]>();
  records.forEach((record, index) => {
    if (record.formType !== 'project_self_evaluation' || record.fiscalYear === null) return;
    // One target form per project and year; two would be a duplicate publication, not a comparison.
    const plan = targets.get(projectKey(record))?.filter((candidate) => sameDepartment(candidate, record));
    if (plan?.length !== 1) return;
    const findings = compare(plan[0]!, record);
    if (findings.length) found.set(index, findings);
  });
  return found;
}

function compare(plan: FormRecord, result: FormRecord): Finding[] {
  const findings: Finding[] = [];
  const there = (field: string, value: number | string | null): Evidence => ({
    ...evidenceFor(plan, field, value),
    form: { documentId: plan.source.documentId, file: plan.source.file, ordinal: plan.source.ordinal },
  });
  const planName = `the 绩效目标表 (${plan.source.file} p.${plan.source.page})`;
  const planned = new Map(plan.indicators.flatMap((row, i) => (isBlankText(row.name) ? [] : [[nameKey(row.name), { row, i }] as const])));
  const reported = new Map(result.indicators.flatMap((row, i) => (isBlankText(row.name) ? [] : [[nameKey(row.name), { row, i }] as const])));

  for (const [key, { row, i }] of reported) {
    const set = planned.get(key);
    if (!set || isBlankText(set.row.target) || sameTarget(set.row.target, row.target)) continue;
    findings.push(raise('TARGET_REVISED_AFTER_BUDGET', {
      message: `${row.name}: the self-evaluation's target "${row.target ?? ''}" is not the "${set.row.target}" set in ${planName}`,
      expected: set.row.target,
      printed: row.target,
      evidence: [evidenceFor(result, indicatorField(i, 'target'), row.target), there(indicatorField(set.i, 'target'), set.row.target)],
    }));
  }
  const dropped = [...planned].filter(([key]) => !reported.has(key));
  if (dropped.length) {
    findings.push(raise('TARGET_INDICATOR_DROPPED', {
      message: `${dropped.length} of ${planned.size} indicators set in ${planName} are not in the self-evaluation: ${dropped.map(([, { row }]) => row.name).join('; ')}`,
      evidence: dropped.map(([, { row, i }]) => there(indicatorField(i, 'name'), row.name)),
    }));
  }
  const added = [...reported].filter(([key]) => !planned.has(key));
  if (added.length && added.length < reported.size) {
    findings.push(raise('INDICATOR_NOT_IN_TARGETS', {
      message: `${added.length} indicators are not in ${planName}: ${added.map(([, { row }]) => row.name).join('; ')}`,
      evidence: added.map(([, { row, i }]) => evidenceFor(result, indicatorField(i, 'name'), row.name)),
    }));
  }
  const planTotal = findTotalRow(plan);
  const resultTotal = findTotalRow(result);
  const budgeted = planTotal?.row.annualBudget ?? null;
  const initial = resultTotal?.row.initialBudget ?? null;
  if (planTotal && resultTotal && budgeted !== null && initial !== null) {
    const a = toDecimal(budgeted), b = toDecimal(initial);
    if (!isWithin(a, b, amountTolerance(a, b))) {
      findings.push(raise('BUDGET_DIFFERS_FROM_TARGET_FORM', {
        message: `年初预算数 ${initial} differs from the 年度预算总额 ${budgeted} of ${planName}`,
        expected: String(budgeted),
        printed: String(initial),
        evidence: [evidenceFor(result, fundsField(resultTotal.index, 'initialBudget'), initial), there(fundsField(planTotal.index, 'annualBudget'), budgeted)],
      }));
    }
  }
  return findings;
}
