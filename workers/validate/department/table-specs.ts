import type { CrossTableSpec, TableSpec } from './table-spec.ts';

/*
 * What must add up in the 部门预算 tables 表1–表10 (domain.md §4 I8), from the templates of seed 001
 * (research/seeds-001-002.md (c), (d)). Column keys are the ones extraction is asked to use; the header
 * lists let a table with other keys still match by its printed (flattened) header.
 */

const TOTAL_BASIC_PROJECT = {
  total: ['合计', '总计'],
  basic: ['基本支出'],
  project: ['项目支出'],
} as const;

const BASIC_PLUS_PROJECT = [{ total: 'total', parts: ['basic', 'project'] }] as const;

const TOTAL = ['合计', '总计'] as const;

/** 表3/表5/表8/表9 share a shape: 功能分类 tree, 合计 = 基本支出 + 项目支出. */
const functionalExpenditure = (kind: TableSpec['kind'], title: string): TableSpec => ({
  kind,
  title,
  columns: TOTAL_BASIC_PROJECT,
  tree: { totalRow: TOTAL },
  rowTotals: BASIC_PLUS_PROJECT,
});

export const TABLE_SPECS: readonly TableSpec[] = [
  {
    kind: 'overview',
    title: '部门收支总体情况表',
    columns: { income: ['收入预算数', '收入'], expenditure: ['支出预算数', '支出'] },
    tree: { totalRow: '支出总计', columns: ['expenditure'] },
    balances: [
      { code: 'I8.balance', total: { row: '收入总计', column: 'income' }, parts: [{ row: '支出总计', column: 'expenditure' }] },
      { code: 'I8.balance', total: { row: '收入总计', column: 'income' }, parts: [{ row: '本年收入' }, { row: '上年结转结余' }] },
      {
        code: 'I8.balance',
        total: { row: '本年收入', column: 'income' },
        parts: [
          { row: '一般公共预算拨款' },
          { row: '基金预算拨款' },
          { row: '国有资本经营预算拨款' },
          { row: '财政专户核拨' },
          { row: { labels: '单位资金', orSumOf: ['事业收入', '上级补助收入', '附属单位上缴收入', '事业单位经营收入', '其他收入'] } },
        ],
      },
      {
        code: 'I8.balance',
        total: { row: '一般公共预算拨款', column: 'income' },
        parts: [{ row: ['一般财力', '一般公共预算财力'] }, { row: ['上级一般公共预算安排转移支付', '上级一般公共预算安排的转移支付'] }],
      },
      {
        code: 'I8.balance',
        total: { row: '基金预算拨款', column: 'income' },
        parts: [{ row: '政府性基金收入' }, { row: ['上级政府性基金安排转移支付', '上级政府性基金安排的转移支付'] }],
      },
      {
        code: 'I8.balance',
        total: { row: '国有资本经营预算拨款', column: 'income' },
        parts: [{ row: '国有资本经营收入' }, { row: ['上级国有资本经营预算安排转移支付', '上级国有资本经营预算安排的转移支付'] }],
      },
      {
        code: 'I8.balance',
        total: { row: '上年结转结余', column: 'income' },
        parts: [{ row: '财政拨款结转' }, { row: '非财政拨款结转结余' }],
      },
      {
        code: 'I8.balance',
        total: { row: '财政拨款结转', column: 'income' },
        parts: [
          { row: { labels: '一般公共预算拨款', after: '财政拨款结转' } },
          { row: { labels: '基金预算拨款', after: '财政拨款结转' } },
          { row: { labels: '国有资本经营预算拨款', after: '财政拨款结转' } },
        ],
      },
      {
        code: 'I8.balance',
        total: { row: '非财政拨款结转结余', column: 'income' },
        parts: [
          { row: { labels: '财政专户核拨', after: '非财政拨款结转结余' } },
          { row: { labels: '单位资金', after: '非财政拨款结转结余' } },
        ],
      },
    ],
  },
  {
    kind: 'income',
    title: '部门收入总体情况表',
    columns: {
      total: ['总计', '合计'],
      fiscalSubtotal: ['财政拨款(补助)小计', '小计'],
      general: ['一般公共预算'],
      generalTransfer: ['上级一般公共预算安排的转移支付', '上级一般公共预算安排转移支付'],
      fund: ['政府性基金预算'],
      fundTransfer: ['上级政府性基金安排的转移支付', '上级政府性基金安排转移支付'],
      capital: ['国有资本经营预算'],
      capitalTransfer: ['上级国有资本经营预算安排的转移支付', '上级国有资本经营预算安排转移支付'],
      specialAccount: ['财政专户(教育收费)', '财政专户管理资金', '财政专户核拨'],
      unitFunds: ['单位资金'],
      fiscalCarryover: ['财政拨款结转'],
      otherCarryover: ['非财政拨款结转结余'],
    },
    tree: { totalRow: TOTAL },
    rowTotals: [
      { total: 'total', parts: ['fiscalSubtotal', 'specialAccount', 'unitFunds', 'fiscalCarryover', 'otherCarryover'] },
      { total: 'fiscalSubtotal', parts: ['general', 'generalTransfer', 'fund', 'fundTransfer', 'capital', 'capitalTransfer'] },
    ],
  },
  functionalExpenditure('expenditure', '部门支出总体情况表'),
  {
    kind: 'fiscal-overview',
    title: '财政拨款收支预算总体情况表',
    columns: {
      income: ['财政拨款收入合计', '收入合计'],
      expenditure: ['财政拨款支出合计', '支出合计'],
      general: ['一般公共预算'],
      fund: ['政府性基金预算'],
      capital: ['国有资本经营预算'],
    },
    tree: { totalRow: '支出总计', columns: ['expenditure', 'general', 'fund', 'capital'] },
    rowTotals: [{ total: 'expenditure', parts: ['general', 'fund', 'capital'] }],
    balances: [
      { code: 'I8.balance', total: { row: '收入总计', column: 'income' }, parts: [{ row: '支出总计', column: 'expenditure' }] },
      {
        code: 'I8.balance',
        total: { row: '收入总计', column: 'income' },
        parts: [{ row: '一般公共预算' }, { row: '政府性基金预算' }, { row: '国有资本经营预算' }],
      },
    ],
  },
  functionalExpenditure('general-expenditure', '一般公共预算支出情况表'),
  {
    kind: 'general-basic',
    title: '一般公共预算基本支出情况表',
    columns: { total: TOTAL, personnel: ['人员经费'], public: ['公用经费'] },
    tree: { totalRow: TOTAL },
    rowTotals: [{ total: 'total', parts: ['personnel', 'public'] }],
  },
  {
    kind: 'general-project',
    title: '一般公共预算项目支出情况表',
    columns: {
      total: ['项目支出合计', '合计'],
      wages: ['工资福利支出'],
      goods: ['商品和服务支出'],
      households: ['对个人和家庭的补助'],
      debtInterest: ['债务利息及费用支出'],
      capitalConstruction: ['资本性支出(基本建设)'],
      capitalOutlay: ['资本性支出'],
      enterpriseConstruction: ['对企业补助(基本建设)'],
      enterprise: ['对企业补助'],
      socialSecurity: ['对社会保障基金补助'],
      other: ['其他支出'],
    },
    tree: { totalRow: TOTAL },
    rowTotals: [
      {
        total: 'total',
        parts: ['wages', 'goods', 'households', 'debtInterest', 'capitalConstruction', 'capitalOutlay', 'enterpriseConstruction', 'enterprise', 'socialSecurity', 'other'],
      },
    ],
  },
  functionalExpenditure('fund-expenditure', '政府性基金预算支出情况表'),
  functionalExpenditure('capital-expenditure', '国有资本经营预算支出情况表'),
  {
    kind: 'three-public',
    title: '"三公"经费支出情况表',
    columns: { total: ['合计'], general: ['一般公共预算'], fund: ['政府性基金', '政府性基金预算'], capital: ['国有资本经营预算'] },
    rowTotals: [{ total: 'total', parts: ['general', 'fund', 'capital'] }],
    balances: [
      {
        code: 'I8.three-public',
        total: { row: '合计' },
        parts: [
          { row: ['因公出国(境)费', '因公出国(境)费用'] },
          { row: '公务接待费' },
          { row: ['公务用车购置及运行费(小计)', '公务用车购置及运行费', '公务用车购置及运行维护费'] },
        ],
      },
      {
        code: 'I8.three-public',
        total: { row: ['公务用车购置及运行费(小计)', '公务用车购置及运行费', '公务用车购置及运行维护费'] },
        parts: [{ row: '公务用车购置费' }, { row: ['公务用车运行费', '公务用车运行维护费'] }],
      },
    ],
  },
];

/**
 * Equalities between tables. Left out on purpose: 表6 302 17/302 31 = 表10 (三公 may also be paid from
 * 项目支出, so a gap is not an error), 表1 单位资金 = 表2 单位资金 (seed 001's one misbooking of 935.26 already
 * fails 非财政拨款结转结余; both would report it twice), 表5 = 表2 below 类 and 表5 = 表7 by code (each
 * repeats a defect the tree check already pins to its row).
 */
export const CROSS_TABLE_SPECS: readonly CrossTableSpec[] = [
  { by: 'cell', printed: { table: 'overview', row: '收入总计', column: 'income' }, expected: { table: 'income', row: TOTAL, columns: ['total'] } },
  { by: 'cell', printed: { table: 'overview', row: '支出总计', column: 'expenditure' }, expected: { table: 'expenditure', row: TOTAL, columns: ['total'] } },
  {
    by: 'cell',
    printed: { table: 'overview', row: '一般公共预算拨款', column: 'income' },
    expected: { table: 'income', row: TOTAL, columns: ['general', 'generalTransfer'] },
  },
  { by: 'cell', printed: { table: 'overview', row: ['一般财力', '一般公共预算财力'], column: 'income' }, expected: { table: 'income', row: TOTAL, columns: ['general'] } },
  {
    by: 'cell',
    printed: { table: 'overview', row: ['上级一般公共预算安排转移支付', '上级一般公共预算安排的转移支付'], column: 'income' },
    expected: { table: 'income', row: TOTAL, columns: ['generalTransfer'] },
  },
  { by: 'cell', printed: { table: 'overview', row: '财政拨款结转', column: 'income' }, expected: { table: 'income', row: TOTAL, columns: ['fiscalCarryover'] } },
  { by: 'cell', printed: { table: 'overview', row: '非财政拨款结转结余', column: 'income' }, expected: { table: 'income', row: TOTAL, columns: ['otherCarryover'] } },
  {
    by: 'cell',
    printed: { table: 'fiscal-overview', row: '一般公共预算', column: 'income' },
    expected: { table: 'overview', row: '一般公共预算拨款', columns: ['income'] },
  },
  { by: 'cell', printed: { table: 'fiscal-overview', row: '支出总计', column: 'expenditure' }, expected: { table: 'general-expenditure', row: TOTAL, columns: ['total'] } },
  { by: 'cell', printed: { table: 'general-expenditure', row: TOTAL, column: 'basic' }, expected: { table: 'general-basic', row: TOTAL, columns: ['total'] } },
  { by: 'cell', printed: { table: 'general-expenditure', row: TOTAL, column: 'project' }, expected: { table: 'general-project', row: TOTAL, columns: ['total'] } },
  { by: 'code', levels: 'all', printed: { table: 'expenditure', column: 'total' }, expected: { table: 'income', columns: ['total'] } },
  { by: 'code', levels: 'class', printed: { table: 'overview', column: 'expenditure' }, expected: { table: 'expenditure', columns: ['total'] } },
  { by: 'code', levels: 'class', printed: { table: 'general-expenditure', column: 'total' }, expected: { table: 'income', columns: ['general', 'generalTransfer'] } },
  { by: 'code', levels: 'class', printed: { table: 'fiscal-overview', column: 'general' }, expected: { table: 'general-expenditure', columns: ['total'] } },
];
