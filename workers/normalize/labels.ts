import type { FormType } from '../../schemas/index.ts';

/**
 * The words of the forms, in one place. Every template prints the same few things under other names; a
 * reader that knows the names here reads a form in any layout. Each table says, per entry, which printed
 * labels name it; when a real form shows a new synonym, it belongs here (with the test in labels.test.ts).
 */

/** Label comparison ignores width variants and all whitespace: print splits labels anywhere (`满意度指|标`). */
export const squash = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '');

/**
 * A header as compared with the rules: squashed, with circled numerals and formula asides dropped
 * (`小计 ③ = ①+②` → `小计`, `支出实现率(%) ⑤=④/③` → `支出实现率(%)`) and a bracketed alternative inside a
 * label dropped (`年度(/项目)指标值` → `年度指标值`).
 */
export function headerText(text: string): string {
  // Before NFKC, which turns ① into 1.
  return squash(text.replace(/[①-⑳](\s*=\s*[①-⑳+\-－/／×*\s]+)?/gu, ''))
    // OCR reads the 一 of 一级指标 as a dash.
    .replace(/^[—―\-－ー_~]级/u, '一级')
    .replace(/[(（]\/[^)）]*[)）]/gu, '')
    .replace(/[:：]$/u, '');
}

/** Header keys, tried in order against a whole header cell; the first match names the column. */
export type ColumnRule<K extends string> = readonly [K, RegExp];

/** Columns of the funds block (self-evaluations; some target forms print a 预算 column too). */
export const FUNDS_COLUMNS = [
  ['initialBudget', /^年初(预算|部门预算)?(数|安排|金额)?|^年初预算/],
  ['adjustment', /调整/],
  ['annualBudget', /^全年预算|^年度预算数?$|^预算数$|^调整后预算|^小计$/],
  ['executed', /^全年执行|^(年度)?执行数$|^实际(支出|执行)|^(年度)?拨付(金额|数)?$|^支出数$/],
  ['executionRate', /^(预算|资金)?执行率|实现率/],
  ['balance', /结余金额|^结余数?$/],
  ['balanceRate', /结余率/],
  ['weight', /^分值/],
  ['score', /^得分/],
] as const satisfies readonly ColumnRule<string>[];
export type FundsColumn = (typeof FUNDS_COLUMNS)[number][0];

/**
 * Columns of the indicator block. `name` before `level1` words that contain it: 三级指标 names the row; a
 * form that prints level 1, 2 and 3 run together in one 绩效指标 cell has that cell as its name column and
 * the levels are split from it ({@link splitLevels}). `extraRule` columns are kept under their header.
 */
export const INDICATOR_COLUMNS = [
  ['level1', /^一级指标/],
  ['level2', /^二级指标/],
  ['name', /^三级指标|^指标名称|^(绩效)?指标内容$/],
  ['lastYearValue', /^上年(完成|实际)值/],
  ['extra', /^指标值设置依据|^指标赋分规则|^佐证资料|^评分标准|^备注|^(绩效)?指标性质|^(绩效)?度量单位|^计量单位|^活动$|^实施周期指标值|^指标方向/],
  ['weight', /^(指标)?分值|权重/],
  ['score', /^(自评)?得分|^自评分$|^评分$/],
  ['deviationReason', /^偏差原因|^未完成原因|^原因分析/],
  ['target', /^(年度|本年|本年度|当年|全年)?(绩效)?(指标值|目标值)|^预期(指标)?值|^计划值$|^目标$/],
  ['actual', /^(实际)?完成值|^实际完成(情况|值)?$|^实际值|^全年实际值/],
] as const satisfies readonly ColumnRule<string>[];
export type IndicatorColumn = (typeof INDICATOR_COLUMNS)[number][0];

/**
 * A combined indicator cell (`产出指标数量指标财政评审项目数量`, Beijing 预算13表) when no 三级指标 column is
 * printed: `绩效指标` as a column header over rows that hold all three levels.
 */
export const COMBINED_INDICATOR = /^绩效指标$/;

/** Block labels printed down the left of a form (`年度绩效指标`, `项目资金（万元）`, `预算执行情况`): not columns. */
export const BLOCK_LABEL = /^(年度|总体|项目)?(绩效指标|绩效目标|总体目标|项目资金|资金情况|资金金额|预算执行情况|预算情况|财政资金安排和使用情况)/;

export function columnKey<K extends string>(rules: readonly ColumnRule<K>[], header: string): K | null {
  const text = headerText(header);
  return rules.find(([, re]) => re.test(text))?.[0] ?? null;
}

/**
 * Labels whose value is the next cell to the right. The 名称 of a 专项 or 转移支付 names the project; on a
 * department-level form it names the 专项 it reports under (kept in `extra`).
 */
export const FIELD_LABELS = {
  projectName: /^(项目名称|转移支付名称|专项(资金)?名称)[:：]?$/,
  department: /^(主管部门|预算单位|主管单位|部门名称|部门\(单位\)名称|单位名称|市级主管部门|省级主管部门|主管部门及代码)[:：]?$/,
  implementingUnit: /^实施单位[:：]?$/,
  owner: /^项目负责人[:：]?$/,
  deviationAnalysis: /^偏差大或目标未完成原因分析|^偏差原因分析$/,
  improvement: /^改进措施及结果应用方案|^改进措施$/,
  goal: /^(项目|年度|整体|部门)?(总体|整体)?(绩效)?目标[:：]?$/,
} as const;
export type FieldLabel = keyof typeof FIELD_LABELS;

/** The labels that open a form's header block: where they are printed, a new form begins. */
export const IDENTITY_FIELDS = ['projectName', 'department'] as const satisfies readonly FieldLabel[];

/**
 * Funds row labels. The record drops `其中：` and a list numeral (`①中央财政资金`). A row label is a kind
 * of money: a total (总额, 合计, 小计) or a source (财政拨款, 财政资金, 上年结转, 其他资金 …).
 */
const FUNDS_ROW = /^(其中[:：]?)?(\d+[.、]?)?((?:年度|本年|当年|实施期|项目|预算支出|资金)?(?:资金|预算|金额)?(?:申请)?(?:总额|总计|合计|小计|金额)|(?:当年|本级|中央|省级|市级|县级|区级|地方)?财政(?:拨款|资金)(?:小计)?|上年结转(?:资金)?|结转(?:资金)?|其他资金(?:小计)?|自筹资金)[:：]?$/u;

export const fundsLabel = (text: string): string | null => {
  if (!FUNDS_ROW.test(squash(text))) return null;
  return text.replace(/\s+/g, '').replace(/^其中[:：]?/u, '').replace(/[:：]$/u, '');
};

/** The form's total row: `总分`, `合计得分`, `总分值、评价总分 (S)`. */
export const isTotalLabel = (text: string): boolean => {
  const t = squash(text);
  return /^(总分|合计得分|总计|合计)$/.test(t) || (t.length <= 16 && /总分/.test(t) && !/指标/.test(t));
};

/**
 * A free line that titles a form, and the form it names. 目标表 (目标申报表, 目标填报表, 目标明细表 …) are
 * set before the year; 自评表 after it; 整体 names the whole department's form.
 */
export function titleFormType(line: string): FormType | null {
  const t = squash(line);
  if (t.length > 80) return null;
  const whole = /整体/.test(t);
  if (/绩效目标(申报|填报|明细|申请|设定)?表|目标(申报|填报|明细)表/.test(t)) return whole ? 'department_performance_target' : 'project_performance_target';
  // Titles are sometimes cut before the last character (`…项目自评`).
  if (/自评表|自评$/.test(t)) return whole ? 'department_self_evaluation' : 'project_self_evaluation';
  if (whole && /部门整体支出绩效/.test(t) && !/评价|报告|情况/.test(t)) return 'department_self_evaluation';
  return null;
}

/** A line that is a table's number (`预算12表`, `表14-1`, `公开08表`), printed beside or above a title. */
export const isTableNumber = (line: string): boolean => /^(预算|决算|公开|附)?表?\d+(-\d+)?表?$|^表\d+(-\d+)?$/.test(squash(line));

/** `金额单位：万元`, `单位：元`: the unit of every amount below it. */
export function unitOf(line: string): '万元' | '元' | null {
  const m = /^(金额)?单位[:：](万元|元)$/.exec(squash(line));
  return m ? (m[2] as '万元' | '元') : null;
}

/** A year line under a title: `(2021 年度)`, `（2026年度）`. */
export const isYearLine = (line: string): boolean => /^[(（]?(19|20)\d{2}年度?[)）]?$/.test(squash(line));

/** `产出指标 (50 分)` → name and printed weight. */
export function splitLevelWeight(text: string): { name: string; weight: number | null } {
  const m = /^(.*?)[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]$/.exec(text.normalize('NFKC').trim());
  return m ? { name: m[1]!.trim(), weight: Number(m[2]) } : { name: text.trim(), weight: null };
}

/** 一级 indicator names of the national framework (财预〔2020〕10号) and the provinces' variants. */
const LEVEL1 = ['产出指标', '效益指标', '满意度指标', '成本指标', '履职效能', '管理效率', '一般性支出情况'];
/** 二级 names end in 指标 (数量指标, 经济成本指标, 服务对象满意度指标 …). */
const LEVEL2 = /^(数量|质量|时效|(经济|社会|生态环境|生态)?成本|(经济|社会|生态)效益|可持续影响|(服务对象)?满意度)指标/u;

/** `产出指标数量指标财政评审项目数量` → 产出指标 / 数量指标 / 财政评审项目数量; null when it does not start with a level 1 name. */
export function splitLevels(text: string): { level1: string; level2: string | null; name: string } | null {
  const t = text.trim();
  const level1 = LEVEL1.find((l) => t.startsWith(l));
  if (!level1) return null;
  const rest = t.slice(level1.length);
  const level2 = LEVEL2.exec(rest)?.[0] ?? null;
  return { level1, level2, name: level2 ? rest.slice(level2.length) : rest };
}

/** `(2021年度)`, `2024 年度…项目自评表`, `(2023 年)` → the year the form is about. */
export function fiscalYearOf(lines: string[]): number | null {
  const text = lines.map(squash).join(' ');
  const m = /((?:19|20)\d{2})年度/.exec(text) ?? /[(（]((?:19|20)\d{2})年?[)）]/.exec(text) ?? /((?:19|20)\d{2})年/.exec(text);
  return m ? Number(m[1]) : null;
}
