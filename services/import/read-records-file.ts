import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ContractRecordInput, type FormRecord } from '../../schemas/index.ts';
import { errorMessage } from '../../workers/errors.ts';
import { formRecordFromContract } from './form-record-from-contract.ts';

export type RecordsFile = { records: FormRecord[]; errors: string[] };

/**
 * Contract records from a JSON array (the gold files), a single JSON object, or JSON Lines (jixiao's
 * export). Each record is checked on its own: a bad one is reported with its place in the file and the
 * others still come through.
 */
export async function readRecordsFile(file: string): Promise<RecordsFile> {
  const text = await readFile(file, 'utf8');
  const records: FormRecord[] = [];
  const errors: string[] = [];
  const perSource = new Map<string, number>();
  // In file order, so the messages read top to bottom like the file.
  for (const entry of parseEntries(text, file)) {
    if ('error' in entry) {
      errors.push(`${entry.where}: ${entry.error}`);
      continue;
    }
    const parsed = ContractRecordInput.safeParse(entry.value);
    if (!parsed.success) {
      errors.push(`${entry.where}: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ')}`);
      continue;
    }
    const position = (perSource.get(parsed.data.source.file) ?? 0) + 1;
    perSource.set(parsed.data.source.file, position);
    records.push(formRecordFromContract(parsed.data, position));
  }
  return { records, errors };
}

type Entry = { where: string; value: unknown } | { where: string; error: string };

function parseEntries(text: string, file: string): Entry[] {
  const name = path.basename(file);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !file.endsWith('.jsonl'))) {
    try {
      const json: unknown = JSON.parse(text);
      const list = Array.isArray(json) ? json : [json];
      return list.map((value, i) => ({ where: `${name} record ${i + 1}`, value }));
    } catch (error) {
      // A JSON Lines file also starts with `{`; only a file that is neither is an error.
      if (trimmed.startsWith('[')) return [{ where: name, error: `not valid JSON (${errorMessage(error)})` }];
    }
  }
  return text.split('\n').flatMap((line, i): Entry[] => {
    if (!line.trim()) return [];
    try {
      return [{ where: `${name} line ${i + 1}`, value: JSON.parse(line) }];
    } catch (error) {
      return [{ where: `${name} line ${i + 1}`, error: `not valid JSON (${errorMessage(error)})` }];
    }
  });
}
