import type { Config } from '../config.ts';
import { openQueues } from '../queue/scale-out.ts';
import type { Store } from '../store/store.ts';
import type { DocumentProcessor } from './processor.ts';

/** At scale: uploads are queued for the workers, as `jixiao submit` queues files, in the run the store gives them. */
export async function createQueuedProcessor(config: Config, store: Store): Promise<DocumentProcessor> {
  const queues = await openQueues(config, 'producer');
  return {
    submit: async (work) => {
      for (const [id, stage] of work) {
        const run = (await store.getDocument(id))?.run ?? 0;
        if (run > 0) await queues.clearJobs(id, run - 1);
        await queues.enqueue(stage, id, run);
      }
    },
    pending: () => 0,
    close: () => queues.shutdown(),
    queues: Object.values(queues.queues),
  };
}
