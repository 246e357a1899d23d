import type { CheckedTable, DepartmentTable } from '../../../schemas/index.ts';
import { checkDepartmentTable } from './check-department-tables.ts';
import { checkCrossTables } from './cross-table-checks.ts';

/**
 * I8 on the department tables read from one document: each table's own sums on it, the equalities between
 * tables on the first table (they belong to no single table; each names the cells it compared).
 */
export function checkTables(tables: readonly DepartmentTable[]): CheckedTable[] {
  const cross = checkCrossTables(tables);
  return tables.map((table, i) => ({ table, findings: [...checkDepartmentTable(table), ...(i === 0 ? cross : [])] }));
}
