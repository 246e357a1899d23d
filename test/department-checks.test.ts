import { describe, expect, it } from 'vitest';
import { BudgetTable, Finding } from '../schemas/index.ts';
import { checkDepartmentTable, checkDepartmentTables } from '../workers/validate/department/check-department-tables.ts';
import { checkCrossTables } from '../workers/validate/department/cross-table-checks.ts';
import { findTableSpec } from '../workers/validate/department/table-lookup.ts';
import { DEPARTMENT_TABLE_TOLERANCE } from '../workers/validate/tolerances.ts';
import {
  BASIC_LINES,
  INCOME_LINES,
  OVERVIEW_LINES,
  PROJECT_LINES,
  THREE_PUBLIC_LINES,
  expenditureTable,
  fundExpenditureTable,
  generalBasicTable,
  generalExpenditureTable,
  generalProjectTable,
  incomeTable,
  overviewTable,
  patched,
  seed001Tables,
  threePublicTable,
} from './fixtures/department-tables.ts';

const failures = (findings: readonly Finding[], code?: string) =>
  findings.filter((f) => f.status === 'fail' && (code === undefined || f.code === code));

const fields = (finding: Finding | undefined) => finding?.evidence.map((e) => `${e.field}=${e.printed}`);

/** 表2 with the printed 170.10 of `208 05` corrected to 170.11 in 总计, 小计 and 一般公共预算. */
const correctedIncome = () => incomeTable(patched(INCOME_LINES, [1, 2, '170.11'], [1, 3, '170.11'], [1, 4, '170.11']));

describe('the department-table model', () => {
  it('rejects a cell under a column the table does not declare', () => {
    const table = incomeTable();
    const broken = { ...table, rows: [{ ...table.rows[0]!, cells: { ...table.rows[0]!.cells, typo: 1 } }] };
    expect(BudgetTable.safeParse(broken).success).toBe(false);
    expect(BudgetTable.safeParse(table).success).toBe(true);
  });
  it('finds specs by normalized title, the longest match winning', () => {
    expect(findTableSpec('表6 一般公共预算基本支出情况表')?.kind).toBe('general-basic');
    expect(findTableSpec('一般公共预算支出情况表')?.kind).toBe('general-expenditure');
    expect(findTableSpec('财政拨款“三公”经费支出情况表')?.kind).toBe('three-public');
    expect(findTableSpec('部 门 收 支 总 体 情 况 表')?.kind).toBe('overview');
    expect(findTableSpec('收入支出决算总表')).toBeUndefined();
  });
  it('half a cent: one cent apart fails, agreement to the cent passes', () => {
    expect(DEPARTMENT_TABLE_TOLERANCE.toString()).toBe('0.005');
  });
});

describe('I8.tree 类 = Σ 款 = Σ 项 (表2 of seed 001)', () => {
  const findings = checkDepartmentTable(incomeTable());
  const treeFails = failures(findings, 'I8.tree');

  it('fails 208 05 in 总计, 小计 and 一般公共预算 with expected 170.11, and 208 against it with expected 170.10', () => {
    expect(treeFails).toHaveLength(6);
    const child = treeFails.filter((f) => f.expected === '170.11');
    expect(child.map((f) => f.printed)).toEqual(['170.10', '170.10', '170.10']);
    expect(fields(child[0])).toEqual(['表2.rows[1].total=170.10', '表2.rows[2].total=3.9', '表2.rows[3].total=110.81', '表2.rows[4].total=55.40']);
    expect(child.map((f) => f.evidence[0]?.field)).toEqual(['表2.rows[1].total', '表2.rows[1].fiscalSubtotal', '表2.rows[1].general']);
    expect(child[0]?.message).toContain('208 05 行政事业单位养老支出 · 总计');
    expect(child[0]?.message).toContain('= 170.11, off by -0.01');
    const parent = treeFails.filter((f) => f.expected === '170.10');
    expect(parent.map((f) => f.printed)).toEqual(['170.11', '170.11', '170.11']);
    expect(fields(parent[0])).toEqual(['表2.rows[0].total=170.11', '表2.rows[1].total=170.10']);
  });
  it('passes every other parent, 合计 = Σ 类 included', () => {
    const total = findings.find((f) => f.code === 'I8.tree' && f.evidence[0]?.field === '表2.rows[30].total');
    expect(total).toMatchObject({ status: 'pass', expected: '6128.18', printed: '6128.18', severity: 'info' });
    expect(total?.evidence).toHaveLength(7); // 合计 and the six 类
    expect(failures(findings, 'I8.row-total')).toEqual([]);
  });
  it('passes the corrected tree', () => {
    const corrected = checkDepartmentTable(correctedIncome());
    expect(failures(corrected)).toEqual([]);
    const fixed = corrected.find((f) => f.code === 'I8.tree' && f.evidence[0]?.field === '表2.rows[1].total');
    expect(fixed).toMatchObject({ status: 'pass', expected: '170.11', printed: '170.11' });
    // 12 parents and 合计, each in the columns where it or a child prints a value: 42 + 6.
    expect(corrected.filter((f) => f.code === 'I8.tree')).toHaveLength(48);
    expect(corrected.every((f) => Finding.safeParse(f).success && f.kind === 'check')).toBe(true);
  });
});

describe('表7 `220 01` 项目支出合计 printed 1762.8', () => {
  const findings = checkDepartmentTable(generalProjectTable());
  it('fails the tree on both sides and the row total, nothing else', () => {
    expect(failures(findings).map((f) => [f.code, f.evidence[0]?.field, f.printed, f.expected])).toEqual([
      ['I8.tree', '表7.rows[0].total', '1763.8', '1762.8'],
      ['I8.tree', '表7.rows[1].total', '1762.8', '1763.8'],
      ['I8.row-total', '表7.rows[1].total', '1762.8', '1763.8'],
    ]);
  });
  it('sums the projects that share a 项 code and names them in the evidence', () => {
    const fail = failures(findings, 'I8.tree')[1];
    expect(fail?.evidence).toHaveLength(10); // 220 01 and its nine project rows
    expect(fail?.message).toContain('220 01 02 30 + 220 01 02 20 + 220 01 02 5');
    const rowTotal = failures(findings, 'I8.row-total')[0];
    expect(fields(rowTotal)).toEqual(['表7.rows[1].total=1762.8', '表7.rows[1].goods=1763.8']);
    expect(rowTotal?.message).toContain('off by -1.0');
  });
  it('passes once 1762.8 is corrected', () => {
    expect(failures(checkDepartmentTable(generalProjectTable(patched(PROJECT_LINES, [1, 3, '1763.8']))))).toEqual([]);
  });
});

describe('I8.balance (表1 of seed 001)', () => {
  const findings = checkDepartmentTable(overviewTable());
  const balances = findings.filter((f) => f.code === 'I8.balance');

  it('fails 一般公共预算拨款 = 一般财力 + 上级转移支付: 2606.73 + 1912 is 180 short of 4698.73', () => {
    expect(failures(findings)).toHaveLength(1);
    const fail = failures(findings, 'I8.balance')[0];
    expect(fail).toMatchObject({ expected: '4518.73', printed: '4698.73', severity: 'error' });
    expect(fields(fail)).toEqual(['表1.rows[2].income=4698.73', '表1.rows[4].income=2606.73', '表1.rows[6].income=1912']);
    expect(fail?.message).toContain('off by 180.00');
  });
  it('passes 收入总计 = 支出总计 across the two sides and reads a blank 单位资金 as its 其中 rows', () => {
    expect(balances.map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'fail', 'pass', 'pass', 'pass']);
    expect(fields(balances[0])).toEqual(['表1.rows[52].income=6128.18', '表1.rows[53].expenditure=6128.18']);
    expect(balances[2]).toMatchObject({ expected: '4878.73', printed: '4878.73' });
    expect(balances[2]?.message).toContain('单位资金/其中其他收入 180');
  });
  it('passes 支出总计 = Σ 类', () => {
    const tree = findings.filter((f) => f.code === 'I8.tree');
    expect(tree).toHaveLength(1);
    expect(tree[0]).toMatchObject({ status: 'pass', expected: '6128.18' });
    expect(tree[0]?.evidence).toHaveLength(7);
  });
  it('finds the 其中 rows below their heading (财政拨款结转 = its 一般公共预算拨款 314.19, not item 1)', () => {
    const carryover = balances.find((f) => f.message.startsWith('表1 财政拨款结转 ='));
    expect(carryover).toMatchObject({ status: 'pass', expected: '314.19' });
    expect(carryover?.evidence.map((e) => e.field)).toEqual(['表1.rows[36].income', '表1.rows[38].income']);
  });
});

describe('I8.three-public (表10 of seed 001)', () => {
  it('passes 合计 = 出国 + 接待 + 用车小计 and 小计 = 购置 + 运行 in each printed column', () => {
    const findings = checkDepartmentTable(threePublicTable());
    expect(failures(findings)).toEqual([]);
    const three = findings.filter((f) => f.code === 'I8.three-public');
    expect(three.map((f) => [f.evidence[0]?.field, f.expected])).toEqual([
      ['表10.rows[0].total', '14.74'],
      ['表10.rows[0].general', '14.74'],
      ['表10.rows[3].total', '14'],
      ['表10.rows[3].general', '14'],
    ]);
    expect(findings.filter((f) => f.code === 'I8.row-total').map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });
  it('fails 合计 when 公务接待费 is misprinted', () => {
    const findings = checkDepartmentTable(threePublicTable(patched(THREE_PUBLIC_LINES, [2, 2, '0.47'])));
    expect(failures(findings).map((f) => [f.code, f.evidence[0]?.field, f.expected])).toEqual([
      ['I8.row-total', '表10.rows[2].total', '0.74'],
      ['I8.three-public', '表10.rows[0].total', '14.47'],
    ]);
  });
});

describe('I8.cross-table', () => {
  const findings = checkDepartmentTables(seed001Tables());

  it('finds the four defects of seed 001 and nothing else: 13 failures, as the research counted', () => {
    expect(failures(findings)).toHaveLength(13);
    expect(failures(findings).map((f) => f.code).sort()).toEqual([
      'I8.balance',
      ...Array<string>(3).fill('I8.cross-table'),
      'I8.row-total',
      ...Array<string>(8).fill('I8.tree'),
    ]);
    expect(findings.filter((f) => f.status === 'skipped')).toEqual([]);
  });
  it('fails 表1 一般财力 against 表2 一般公共预算, 表1 935.26 against a blank 表2 column, and 表3 208 05 against 表2', () => {
    const cross = failures(findings, 'I8.cross-table');
    expect(cross.map((f) => [fields(f), f.expected, f.printed])).toEqual([
      [['表1.rows[4].income=2606.73', '表2.rows[30].general=2786.73'], '2786.73', '2606.73'],
      [['表1.rows[44].income=935.26', '表2.rows[30].otherCarryover=null'], '0.00', '935.26'],
      [['表3.rows[1].total=170.11', '表2.rows[1].total=170.10'], '170.10', '170.11'],
    ]);
  });
  it('passes 表5 基本支出 = 表6 合计 and fails it when 表6 is misprinted', () => {
    const pass = findings.find((f) => f.code === 'I8.cross-table' && f.evidence[0]?.field === '表5.rows[25].basic');
    expect(pass).toMatchObject({ status: 'pass', expected: '1174.93' });
    const misprinted = generalBasicTable(patched(BASIC_LINES, [32, 2, '1147.93']));
    const fails = failures(checkCrossTables([generalExpenditureTable(), misprinted]));
    expect(fails.map((f) => [fields(f), f.expected])).toEqual([[['表5.rows[25].basic=1174.93', '表6.rows[32].total=1147.93'], '1147.93']]);
  });
  it('compares a 元 table with a 万元 table in 万元', () => {
    const basic = generalBasicTable();
    const inYuan = BudgetTable.parse({
      ...basic,
      unit: '元',
      rows: basic.rows.map((r) => ({ ...r, printed: {}, cells: Object.fromEntries(Object.entries(r.cells).map(([k, v]) => [k, v === null ? null : Math.round(v * 10000)])) })),
    });
    const found = checkCrossTables([generalExpenditureTable(), inYuan]).filter((f) => f.evidence[0]?.field === '表5.rows[25].basic');
    expect(found.map((f) => [f.status, f.expected])).toEqual([['pass', '1174.93']]);
  });
  it('skips an equality whose column the other table does not print, rather than read it as blank', () => {
    const basic = generalBasicTable();
    const renamed = BudgetTable.parse({
      ...basic,
      columns: basic.columns.map((c) => (c.key === 'total' ? { key: 'sum', header: '金额' } : c)),
      rows: basic.rows.map((r) => {
        const rename = <T,>(record: Record<string, T> | undefined) => record && Object.fromEntries(Object.entries(record).map(([k, v]) => [k === 'total' ? 'sum' : k, v]));
        return { ...r, cells: rename(r.cells)!, printed: rename(r.printed), provenance: rename(r.provenance) };
      }),
    });
    const found = checkCrossTables([generalExpenditureTable(), renamed]).filter((f) => f.message.includes('表6'));
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.status === 'skipped')).toBe(true);
    expect(found[0]!.message).toContain('no total column in 表6');
  });
  it('calls equalities whose table is missing not applicable, naming it', () => {
    const found = checkCrossTables([expenditureTable()]);
    expect(found.every((f) => f.status === 'not-applicable' && f.code === 'I8.cross-table')).toBe(true);
    expect(found[0]?.message).toContain('no 部门收支总体情况表 or 部门收入总体情况表 among the tables');
  });
});

describe('blank cells', () => {
  it('yields no finding for a blank template (表8)', () => {
    expect(checkDepartmentTable(fundExpenditureTable())).toEqual([]);
  });
  it('reads a blank parent as 0 against printed children, and a dash as blank', () => {
    for (const blank of ['', '—']) {
      const lines = patched(INCOME_LINES, [0, 2, blank], [1, 2, '170.11'], [1, 3, '170.11'], [1, 4, '170.11']);
      const fails = failures(checkDepartmentTable(incomeTable(lines)));
      expect(fails.map((f) => [f.code, f.evidence[0]?.field, f.printed, f.expected])).toEqual([
        ['I8.tree', '表2.rows[0].total', blank === '' ? null : '—', '170.11'],
        ['I8.tree', '表2.rows[30].total', '6128.18', '5958.07'],
        ['I8.row-total', '表2.rows[0].total', blank === '' ? null : '—', '170.11'],
      ]);
    }
  });
  it('does not count a parent and children that are all blank', () => {
    const lines = patched(INCOME_LINES, [27, 2, ''], [28, 2, ''], [29, 2, '']);
    const findings = checkDepartmentTable(incomeTable(lines));
    const tree229 = findings.filter((f) => f.code === 'I8.tree' && /rows\[(27|28)\]\.total$/.test(f.evidence[0]?.field ?? ''));
    expect(tree229).toEqual([]);
    // Still blank against its 14.09 财政拨款结转: the row total catches what the tree cannot.
    expect(failures(findings, 'I8.row-total').map((f) => [f.evidence[0]?.field, f.expected])).toEqual([
      ['表2.rows[27].total', '14.09'],
      ['表2.rows[28].total', '14.09'],
      ['表2.rows[29].total', '14.09'],
    ]);
  });
  it('skips a sum whose cell is printed as text, quoting it', () => {
    const lines = patched(INCOME_LINES, [2, 2, '3.9?']);
    const skipped = checkDepartmentTable(incomeTable(lines)).filter((f) => f.status === 'skipped');
    expect(skipped.map((f) => f.code)).toEqual(['I8.tree', 'I8.row-total']);
    expect(skipped[0]?.message).toContain('printed as "3.9?", not a number');
  });
  it('checks what holds in any template on a table no spec knows, and skips one with nothing to check', () => {
    const coded = checkDepartmentTable({ ...expenditureTable(), title: '收入支出决算总表' });
    expect(coded.some((f) => f.code === 'I8.tree' && f.status === 'pass')).toBe(true);
    expect(coded.filter((f) => f.code === 'I8')).toEqual([]);
    const table = expenditureTable();
    const plain = { ...table, title: '收入支出决算总表', rows: table.rows.map((row) => ({ ...row, code: null })), columns: table.columns.slice(0, 1) };
    const kept = new Set(plain.columns.map((c) => c.key));
    plain.rows = plain.rows.map((row) => ({ ...row, cells: Object.fromEntries(Object.entries(row.cells).filter(([k]) => kept.has(k))), printed: undefined, provenance: undefined }));
    expect(checkDepartmentTable(plain)).toEqual([
      expect.objectContaining({ code: 'I8', status: 'skipped', message: '表3 收入支出决算总表: no department-table spec matches the title' }),
    ]);
  });
});

describe('evidence', () => {
  it('carries page and box from provenance when the extraction gives them', () => {
    const table = overviewTable(OVERVIEW_LINES);
    const bbox: [number, number, number, number] = [100, 200, 160, 214];
    table.rows[4] = { ...table.rows[4]!, provenance: { income: { page: 3, bbox, source: 'text-layer', confidence: 1 } } };
    const fail = failures(checkDepartmentTable(table), 'I8.balance')[0];
    expect(fail?.evidence[1]).toEqual({ field: '表1.rows[4].income', page: 3, bbox, printed: '2606.73' });
    expect(fail?.evidence[0]).toMatchObject({ page: null, bbox: null });
  });
});
