import type { BudgetTableRow, Cell, Provenance, Table } from '../../../schemas/index.ts';
import { isEmptyMark, parseAmount } from '../../values.ts';
import type { TableColumn } from './columns.ts';
import { squash } from '../labels.ts';

const TOTAL = /^(合计|总计|.*总计|.*合计)$/;
const SUBTOTAL = /小计$/;

const provenanceOf = (page: number, cell: Cell): Provenance =>
  ({ page, bbox: cell.bbox, source: cell.source, confidence: cell.confidence, ...(cell.ref ? { ref: cell.ref } : {}) });

/**
 * The rows of a table body, one per printed row and side: a two-sided table (收入 | 支出) gives each band a
 * row for its 收入 label and one for its 支出 label. The code joins what the code columns print (类 208, 款 05,
 * 项 01 → 2080501), or leads the name where no column holds it; a group label spanning rows names its 小计.
 */
export function readRows(table: Table, columns: TableColumn[], from: number, header: string[][]): BudgetTableRow[] {
  const rows: BudgetTableRow[] = [];
  const sides = [...new Set(columns.map((c) => c.side))];
  // 类/款/项 in cells of their own print a level once, blank on the rows under it: the last one printed stands.
  const lastCode = new Map<number, string>();
  for (let row = from; row < table.rowEdges.length - 1; row++) {
    const covering = table.cells.filter((c) => c.row <= row && row < c.row + c.rowSpan);
    const at = (col: number) => covering.find((c) => c.col <= col && col < c.col + c.colSpan);
    const texts = columns.map((c) => squash(at(c.index)?.text ?? ''));
    // A header printed again on a continuation page is not a row.
    if (header.some((h) => h.length === texts.length && h.every((t, i) => t === texts[i]) && texts.some(Boolean))) continue;
    // A label merged across sides (当年支出小计 over both 支出 sides) names the row of the last side it reaches.
    const labelCells = new Set(columns.filter((c) => c.role === 'code' || c.role === 'name').map((c) => at(c.index)).filter((c): c is Cell => Boolean(c)));
    const seen = new Set<Cell>();
    let carried: string[] = [];
    for (const side of sides) {
      const own = columns.filter((c) => c.side === side);
      const lastColumn = Math.max(...own.map((c) => c.index));
      let code = '';
      const names: string[] = [...carried];
      carried = [];
      let reachesOn = false;
      for (const column of own.filter((c) => c.role === 'code' || c.role === 'name')) {
        const cell = at(column.index);
        if (!cell || seen.has(cell)) continue;
        seen.add(cell);
        const text = squash(cell.text);
        if (!text) continue;
        if (cell.col + cell.colSpan - 1 > lastColumn) reachesOn = true;
        if (column.role === 'code' && /^\d+$/.test(text)) {
          // A 2-digit 款/项 continues the code; a full code after one already read is a second scheme printed
          // beside the first (部门 and 政府 经济分类): the first stands.
          if (text.length === 2) code = inheritLevels(own, column.index, lastCode) + text;
          else if (!code) code = text;
          lastCode.set(column.index, text);
          for (const deeper of own) if (deeper.index > column.index) lastCode.delete(deeper.index);
        }
        else if (cell.row < row && cell.rowSpan > 1 && !SUBTOTAL.test(text)) names.unshift(`\u0000${text}`);
        else names.push(text);
      }
      if (reachesOn) {
        carried = names;
        continue;
      }
      // A group label spanning rows (一般公共预算资金 over 小计, 公共财政拨款 …) names only the rows that need it.
      const group = names.find((n) => n.startsWith('\u0000'))?.slice(1);
      let name = names.filter((n) => !n.startsWith('\u0000')).join('');
      if (group && (!name || SUBTOTAL.test(name))) name = `${group}${name}`;
      // More than 类 + 款 + 项 (7 digits) is not one classification code: several code columns (经济分类 beside
      // 采购目录) run together. The first column's code is the row's.
      if (code.length > 7) code = firstCode(own, at) ?? '';
      if (!code) {
        // 2010101 行政运行, or bracketed: [30101]基本工资 (Guangdong).
        const lead = /^\[?(\d{3,7})(?!\d)\]?\s*(.*)$/.exec(name);
        if (lead && !/^\d+[.、]/.test(name)) [code, name] = [lead[1]!, lead[2]!];
      }
      const cells: Record<string, number | null> = {};
      const printed: Record<string, string> = {};
      const provenance: Record<string, Provenance> = {};
      for (const column of own.filter((c) => c.role === 'value')) {
        const cell = at(column.index);
        // A cell spanning value columns is read once, under its first column.
        if (!cell || labelCells.has(cell) || (cell.col !== column.index && own.some((c) => c.role === 'value' && c.index === cell.col))) continue;
        const text = cell.text.trim();
        if (!text) continue;
        printed[column.key] = text;
        cells[column.key] = isEmptyMark(text) ? null : parseAmount(text);
        provenance[column.key] = provenanceOf(table.page, cell);
      }
      if (!name && !code && !Object.keys(printed).length) continue;
      // The 栏次 row numbering the columns (1 2 3 …) where the header ends.
      if (/^(栏次|行次)$/.test(name)) continue;
      const kind = TOTAL.test(name) ? 'total' : SUBTOTAL.test(name) ? 'subtotal' : 'item';
      rows.push({ code: code || null, name, cells, printed, provenance, kind });
    }
  }
  return rows;
}

function firstCode(columns: readonly TableColumn[], at: (col: number) => Cell | undefined): string | null {
  const column = columns.find((c) => c.role === 'code' && /^\d{3,7}$/.test(squash(at(c.index)?.text ?? '')));
  return column ? squash(at(column.index)!.text) : null;
}

/**
 * The levels a code cell leaves blank: with 类, 款 and 项 in cells of their own, a 款 printed alone (`02`) is
 * under the last 类 printed above it. Only for 2-digit parts in the 款/项 columns; a full code stands alone.
 */
function inheritLevels(columns: readonly TableColumn[], index: number, last: ReadonlyMap<number, string>): string {
  const before = columns.filter((c) => c.role === 'code' && c.index < index);
  return before.map((c) => last.get(c.index) ?? '').join('');
}
