import { createHash } from 'node:crypto';
import type { ContractRecordInput, FormRecord } from '../../schemas/index.ts';

/**
 * A contract record as a FormRecord, so it goes through the same validation as an extracted one. Without a
 * document id, records of the same `source.file` share one derived from the file name, so forms of one
 * document still group together; without an ordinal, its position among that file's records is used.
 */
export function formRecordFromContract(input: ContractRecordInput, positionInFile: number): FormRecord {
  const { source, ordinal, ...fields } = input;
  return {
    ...fields,
    source: {
      file: source.file,
      page: source.page,
      pages: source.pages ?? [source.page],
      documentId: source.documentId ?? createHash('sha256').update(`file:${source.file}`).digest('hex'),
      ordinal: source.ordinal ?? ordinal ?? positionInFile,
    },
  };
}
