import { describe, expect, it } from 'vitest';
import { Finding, type FormRecord } from '../schemas/index.ts';
import { crossFormFlags } from '../workers/validate/flags/cross-form.ts';
import { otherProject, unflaggedRecord } from './fixtures/flag-records.ts';
import { withFundsRow, withIndicator } from './fixtures/validate-records.ts';

const GOAL = '为响应国家对加强全国信用信息共享平台一体化建设的要求，完成信用体系建设考核等目标任务。';
const ACTUAL = '完成各类公示信息年录入7万条，建立统一的信用标准体系，确保平台数据及时完整准确。';

const codesAt = (result: Map<number, Finding[]>, index: number): string[] => (result.get(index) ?? []).map((f) => f.code);

/** Two projects of 测试局 2024 sharing everything but their name (seed 004 forms 31/32). */
const twins = (): FormRecord[] => [
  otherProject('耕地占补平衡建设工程费用', 31, { goals: { expected: GOAL, actual: '已完成' } }),
  otherProject('耕地占补平衡开垦费', 32, { goals: { expected: GOAL, actual: '已完成' } }),
];

describe('crossFormFlags', () => {
  it('flags the same budget, goal and indicators under two names as a possible double declaration', () => {
    const result = crossFormFlags(twins());
    expect(codesAt(result, 0)).toEqual(['CROSS_FORM_DUPLICATE_PROJECT']);
    expect(codesAt(result, 1)).toEqual(['CROSS_FORM_DUPLICATE_PROJECT']);
    const finding = result.get(0)![0]!;
    expect(Finding.parse(finding)).toEqual(finding);
    expect(finding).toMatchObject({ kind: 'flag', status: 'fail', severity: 'error' });
    expect(finding.message).toContain('"耕地占补平衡开垦费" (hand-made.pdf p.32, form 32)');
    expect(finding.evidence.map((cell) => cell.field)).toEqual([
      'funds.rows[0].annualBudget', 'projectName', 'goals.expected',
      'funds.rows[0].annualBudget', 'projectName', 'goals.expected',
    ]);
    expect(finding.evidence.map((cell) => cell.printed)).toContain('耕地占补平衡开垦费');
  });
  it('reports only a shared goal when the budgets or indicators differ (seed 003 forms 1 and 21)', () => {
    const [a, b] = twins();
    const result = crossFormFlags([a!, withFundsRow(b!, 0, { annualBudget: 5 })]);
    expect(codesAt(result, 0)).toEqual(['CROSS_FORM_SAME_GOAL']);
    const finding = result.get(1)![0]!;
    expect(finding.severity).toBe('warning');
    expect(finding.evidence.map((cell) => cell.field)).toEqual(['goals.expected', 'goals.expected']);
    // The second cell is the other form's, and says so.
    expect(finding.evidence.map((cell) => cell.form?.ordinal ?? null)).toEqual([null, a!.source.ordinal]);
    const otherIndicators = crossFormFlags([a!, withIndicator(b!, 0, { target: '≥2个' })]);
    expect(codesAt(otherIndicators, 1)).toEqual(['CROSS_FORM_SAME_GOAL']);
  });
  it('flags the same long 实际完成情况 on two projects, each form naming the other', () => {
    const records = [
      otherProject('项目甲', 1, { goals: { expected: '甲', actual: ACTUAL } }),
      otherProject('项目乙', 2, { goals: { expected: '乙', actual: ACTUAL } }),
      otherProject('项目丙', 3, { goals: { expected: '丙', actual: ` ${ACTUAL.replace('，', ', ')}` } }),
    ];
    const result = crossFormFlags(records);
    expect(codesAt(result, 2)).toEqual(['CROSS_FORM_SAME_ACTUAL']);
    const finding = result.get(2)![0]!;
    expect(finding.message).toContain('form 1');
    expect(finding.message).toContain('form 2');
    expect(finding.evidence).toHaveLength(3);
  });
  it('ignores short boiler-plate, the same project printed twice, and other departments or years', () => {
    const goals = { expected: '完成项目建设', actual: '已完成全年预期目标' };
    const short = [otherProject('项目甲', 1, { goals }), otherProject('项目乙', 2, { goals })];
    expect(crossFormFlags(short).size).toBe(0);
    const [a, b] = twins();
    expect(crossFormFlags([a!, { ...b!, projectName: ' 耕地占补平衡建设工程费用 ' }]).size).toBe(0);
    expect(crossFormFlags([a!, { ...b!, department: '另一局' }]).size).toBe(0);
    expect(crossFormFlags([a!, { ...b!, fiscalYear: 2023 }]).size).toBe(0);
  });
  it('treats 测试局 and 测试局本级 as one department, and keys findings by input position', () => {
    const [a, b] = twins();
    const result = crossFormFlags([unflaggedRecord({ projectName: '无关项目' }), a!, { ...b!, department: '测试局 本级' }]);
    expect([...result.keys()]).toEqual([1, 2]);
  });
});

describe('crossFormFlags on texts read a little differently', () => {
  const goal = (expected: string) => ({ goals: { expected, actual: '已完成' } });
  const edited = GOAL.replace('考核', '考评');
  it('takes a goal with one word changed for the same goal', () => {
    const result = crossFormFlags([
      otherProject('信用平台运行维护', 1, goal(GOAL)),
      withFundsRow(otherProject('信用体系领导小组业务经费', 2, goal(edited)), 0, { annualBudget: 5 }),
    ]);
    expect(codesAt(result, 0)).toEqual(['CROSS_FORM_SAME_GOAL']);
  });
  it('takes one form in two documents, its name read a character short, for one project, not a copy', () => {
    const scanned = otherProject('部分搬迁、修及弱电改造项目', 7, goal(GOAL));
    const other = { ...scanned, source: { ...scanned.source, documentId: 'b'.repeat(64) } };
    expect(crossFormFlags([otherProject('部分搬迁、修缮及弱电改造项目', 7, goal(GOAL)), other])).toEqual(new Map());
    // Within one document two names a character apart are two projects.
    expect(codesAt(crossFormFlags([otherProject('部分搬迁、修缮及弱电改造项目', 7, goal(GOAL)), scanned]), 0)).toEqual(['CROSS_FORM_DUPLICATE_PROJECT']);
  });
});
