import type { DocumentInfo } from '../../schemas/index.ts';
import type { Config } from '../config.ts';
import { openQueues } from '../queue/scale-out.ts';
import type { Store } from '../store/store.ts';
import type { CliIo } from './run-summary.ts';
import { formatTable } from './summary-table.ts';
import { findStuck } from './stuck-documents.ts';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** `jixiao status`: queue depths per stage, documents by status, and the failed ones with their reasons. */
export async function statusCommand(config: Config, store: Store, io: CliIo): Promise<number> {
  const queues = await openQueues(config, 'producer');
  try {
    const rows = await Promise.all(Object.entries(queues.queues).map(async ([name, queue]) => {
      const counts = await queue.getJobCounts(...STATES);
      return [name, ...STATES.map((s) => String(counts[s] ?? 0))];
    }));
    io.stdout(formatTable(['queue', ...STATES], rows) + '\n');
    const documents = await store.listDocuments();
    const byStatus = new Map<string, number>();
    for (const d of documents) byStatus.set(d.status, (byStatus.get(d.status) ?? 0) + 1);
    io.stdout(formatTable(['documents', 'count'], [...byStatus].map(([s, n]) => [s, String(n)])) + '\n');
    const failed = documents.filter((d) => d.status === 'failed').sort(newestFirst);
    if (failed.length) {
      io.stdout(formatTable(['failed document', 'id', 'reason'], failed.slice(0, 20).map((d) => [d.fileName, d.id.slice(0, 12), (d.error ?? '').split('\n')[0]!])));
      if (failed.length > 20) io.stdout(`… and ${failed.length - 20} more\n`);
    }
    const stuck = await findStuck(documents, queues);
    if (stuck.length) io.stdout(`${stuck.length} documents are unfinished with no job queued (\`jixiao retry\` queues them again)\n`);
    return 0;
  } finally {
    await queues.shutdown();
  }
}

const newestFirst = (a: DocumentInfo, b: DocumentInfo): number => b.updatedAt.localeCompare(a.updatedAt);
