import type { ExtractedDocument } from '../../schemas/index.ts';

export type ThreadRequest = { id: string; fileName: string; bytes: Uint8Array; maxPages: number };

export type ThreadReply =
  | { kind: 'page'; page: number; pageCount: number }
  | { kind: 'done'; doc: ExtractedDocument }
  | { kind: 'failed'; message: string; permanent: boolean };
