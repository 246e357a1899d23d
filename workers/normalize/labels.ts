import type { FormType } from '../../schemas/index.ts';

/** Label comparison ignores width variants and all whitespace: print splits labels anywhere (`满意度指|标`). */
export const squash = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '');

/** Header keys, tried in order against a whole header cell; the first match names the column. */
export type ColumnRule<K extends string> = readonly [K, RegExp];

export const FUNDS_COLUMNS = [
  ['initialBudget', /^年初(预算)?数?$|^年初预算/],
  ['adjustment', /调整/],
  ['annualBudget', /^全年预算|^预算数$|^调整后预算/],
  ['executed', /^全年执行|^执行数$|^实际(支出|执行)/],
  ['executionRate', /^执行率/],
  ['weight', /^分值/],
  ['score', /^得分/],
] as const satisfies readonly ColumnRule<string>[];
export type FundsColumn = (typeof FUNDS_COLUMNS)[number][0];

export const INDICATOR_COLUMNS = [
  ['level1', /^一级指标/],
  ['level2', /^二级指标/],
  ['name', /^三级指标|^指标名称/],
  ['lastYearValue', /^上年(完成|实际)值/],
  ['weight', /^(指标)?分值|权重/],
  ['score', /^(自评)?得分/],
  ['deviationReason', /^偏差原因/],
  ['extra', /^指标值设置依据|^指标赋分规则|^佐证资料|^评分标准|^备注/],
  ['target', /^(年度)?(指标值|目标值)|^预期(指标)?值/],
  ['actual', /^(实际)?完成值|^实际完成(情况|值)?$|^实际值/],
] as const satisfies readonly ColumnRule<string>[];
export type IndicatorColumn = (typeof INDICATOR_COLUMNS)[number][0];

export function columnKey<K extends string>(rules: readonly ColumnRule<K>[], header: string): K | null {
  const text = squash(header);
  return rules.find(([, re]) => re.test(text))?.[0] ?? null;
}

/** Labels whose value is the next cell to the right. */
export const FIELD_LABELS = {
  projectName: /^项目名称[:：]?$/,
  department: /^(主管部门|预算单位|主管单位|部门名称)[:：]?$/,
  implementingUnit: /^实施单位[:：]?$/,
  owner: /^项目负责人[:：]?$/,
  deviationAnalysis: /^偏差大或目标未完成原因分析|^偏差原因分析$/,
  improvement: /^改进措施及结果应用方案|^改进措施$/,
  goal: /^(项目|年度)总体目标[:：]?$/,
} as const;
export type FieldLabel = keyof typeof FIELD_LABELS;

/** Funds row labels (`其中：当年财政拨款` is printed with the prefix; the record drops it). */
export const FUNDS_ROW = /^(其中[:：]?)?(年度资金总额|年度预算总额|资金总额|合计|当年财政拨款|财政拨款|上年结转资金|上年结转|其他资金)[:：]?$/;

export const fundsLabel = (text: string): string | null => {
  const m = FUNDS_ROW.exec(squash(text));
  return m ? m[2]! : null;
};

export const isTotalLabel = (text: string): boolean => /^(总分|合计得分|总计)$/.test(squash(text));

/** A free line that titles a form, and the form it names. */
export function titleFormType(line: string): FormType | null {
  const t = squash(line);
  if (t.length > 80) return null;
  if (/整体.*(绩效)?自评表|部门整体支出绩效/.test(t)) return 'department_self_evaluation';
  if (/绩效目标(申报)?表/.test(t)) return 'project_performance_target';
  // Titles are sometimes cut before the last character (`…项目自评`).
  if (/自评表|自评$/.test(t)) return 'project_self_evaluation';
  return null;
}

/** `产出指标 (50 分)` → name and printed weight. */
export function splitLevelWeight(text: string): { name: string; weight: number | null } {
  const m = /^(.*?)[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]$/.exec(text.normalize('NFKC').trim());
  return m ? { name: m[1]!.trim(), weight: Number(m[2]) } : { name: text.trim(), weight: null };
}

/** `(2021年度)`, `2024 年度…项目自评表`, `(2023 年)` → the year the form is about. */
export function fiscalYearOf(lines: string[]): number | null {
  const text = lines.map(squash).join(' ');
  const m = /((?:19|20)\d{2})年度/.exec(text) ?? /[(（]((?:19|20)\d{2})年?[)）]/.exec(text) ?? /((?:19|20)\d{2})年/.exec(text);
  return m ? Number(m[1]) : null;
}
