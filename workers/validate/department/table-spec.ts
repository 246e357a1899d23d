/** Which department table a spec describes; cross-table specs name tables by kind, not by 表N (numbering varies). */
export type TableKind =
  | 'overview'
  | 'income'
  | 'expenditure'
  | 'fiscal-overview'
  | 'general-expenditure'
  | 'general-basic'
  | 'general-project'
  | 'fund-expenditure'
  | 'capital-expenditure'
  | 'three-public'
  /** A table no spec names: only what holds in every template (code trees, 合计 = 基本 + 项目). */
  | 'generic';

/** A printed label and its variants; compared after normalizeLabel (spaces, 一、/1./其中： dropped). */
export type Labels = string | readonly string[];

/**
 * A row by label. Labels repeat within a table (表1 `一般公共预算拨款` is both item 1 and a 其中 of
 * 财政拨款结转), so `after` searches below another row. `orSumOf` stands in for a part printed blank while
 * its 其中 rows carry the money: 表1 of seed 001 leaves `5.单位资金` blank and prints `其他收入 180` under it.
 */
export type RowRef = Labels | { labels: Labels; after?: Labels; orSumOf?: readonly Labels[] };

/** A cell by row and column key; without a column the balance holds in every column of the table. */
export type CellSpec = { row: RowRef; column?: string };

/** total = Σ parts, across rows of one table. */
export type BalanceSpec = { code: 'I8.balance' | 'I8.three-public'; total: CellSpec; parts: readonly CellSpec[] };

/** In every row: the total column = Σ the part columns. */
export type RowTotalSpec = { total: string; parts: readonly string[] };

/** 类 = Σ 款 = Σ 项 by code prefix, and the total row = Σ the top-level codes. */
export type TreeSpec = { totalRow: Labels; columns?: readonly string[] };

export type TableSpec = {
  kind: TableKind;
  /** Matched as a normalized substring of the printed title; the longest matching title wins. */
  title: string;
  /** Canonical column key → flattened printed headers; a table column matches by key, else by a unique header. */
  columns: Readonly<Record<string, readonly string[]>>;
  tree?: TreeSpec;
  rowTotals?: readonly RowTotalSpec[];
  balances?: readonly BalanceSpec[];
};

/** Columns of a table are summed; the printed side is one cell, the expected side may add several columns. */
export type CrossTableSpec =
  | {
      by: 'cell';
      printed: { table: TableKind; row: RowRef; column: string };
      expected: { table: TableKind; row: RowRef; columns: readonly string[] };
    }
  | {
      /** Row by row over the codes either table prints; `class` compares only 类 (3-digit) codes. */
      by: 'code';
      levels: 'all' | 'class';
      printed: { table: TableKind; column: string };
      expected: { table: TableKind; columns: readonly string[] };
    };
