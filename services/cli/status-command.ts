import { DocumentStatus, type DocumentInfo } from '../../schemas/index.ts';
import type { Config } from '../config.ts';
import { openQueues } from '../queue/scale-out.ts';
import type { Store } from '../store/store.ts';
import type { CliIo } from './run-summary.ts';
import { QUEUE_STATES, StatusReport } from './status-report.ts';
import { formatTable } from './summary-table.ts';
import { findStuck } from '../queue/stuck-documents.ts';

/** `jixiao status`: queue depths per stage, documents by status, and the failed ones with their reasons; `json`: as one JSON object. */
export async function statusCommand(config: Config, store: Store, io: CliIo, json = false): Promise<number> {
  const report = await collectStatus(config, store);
  if (json) {
    io.stdout(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  io.stdout(formatTable(['queue', ...QUEUE_STATES], Object.entries(report.queues).map(([name, counts]) => [name, ...QUEUE_STATES.map((s) => String(counts[s]))])) + '\n');
  const present = Object.entries(report.documents).filter(([, n]) => n > 0);
  io.stdout(formatTable(['documents', 'count'], present.map(([s, n]) => [s, String(n)])) + '\n');
  const { failed } = report;
  if (failed.length) {
    io.stdout(formatTable(['failed document', 'id', 'reason'], failed.slice(0, 20).map((d) => [d.fileName, d.id.slice(0, 12), (d.error ?? '').split('\n')[0]!])));
    if (failed.length > 20) io.stdout(`… and ${failed.length - 20} more\n`);
  }
  if (report.stuck) io.stdout(`${report.stuck} documents are unfinished with no job queued (workers queue them again at their next sweep; \`jixiao retry\` does it now)\n`);
  return 0;
}

async function collectStatus(config: Config, store: Store): Promise<StatusReport> {
  const queues = await openQueues(config, 'producer');
  try {
    const counts = await Promise.all(Object.entries(queues.queues).map(async ([name, queue]) => {
      const byState = await queue.getJobCounts(...QUEUE_STATES);
      return [name, Object.fromEntries(QUEUE_STATES.map((s) => [s, byState[s] ?? 0]))] as const;
    }));
    const documents = await store.listDocuments();
    const byStatus = Object.fromEntries(DocumentStatus.options.map((s) => [s, documents.filter((d) => d.status === s).length]));
    const failed = documents.filter((d) => d.status === 'failed').sort(newestFirst)
      .map(({ id, fileName, error, updatedAt }) => ({ id, fileName, error, updatedAt }));
    const stuck = await findStuck(documents, queues);
    return StatusReport.parse({ queues: Object.fromEntries(counts), documents: byStatus, failed, stuck: stuck.length });
  } finally {
    await queues.shutdown();
  }
}

const newestFirst = (a: DocumentInfo, b: DocumentInfo): number => b.updatedAt.localeCompare(a.updatedAt);
