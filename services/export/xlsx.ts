import * as XLSX from '@e965/xlsx';

export type Sheet = { name: string; header: readonly string[]; rows: Iterable<readonly (string | number | null)[]> };

/**
 * A workbook of sheets, header row first. Strings stay text cells (科目 codes like `2010601` keep their digits and
 * leading zeros; a text starting with `=` is no formula), numbers stay numbers. XLSX is a zip: the workbook is
 * built whole, so exports large enough to matter go to CSV or JSONL, which stream.
 */
export function workbook(sheets: readonly Sheet[]): Buffer {
  const book = XLSX.utils.book_new();
  const used = new Set<string>();
  for (const sheet of sheets) {
    const rows = [[...sheet.header], ...[...sheet.rows].map((row) => row.map((cell) => (cell === null ? '' : cell)))];
    const ws = XLSX.utils.aoa_to_sheet(rows);
    // Excel: 31 characters at most, none of []:*?/\\, unique.
    let name = sheet.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'sheet';
    for (let n = 2; used.has(name); n++) name = `${sheet.name.slice(0, 28)} ${n}`;
    used.add(name);
    XLSX.utils.book_append_sheet(book, ws, name);
  }
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}
