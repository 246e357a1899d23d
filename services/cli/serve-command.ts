import path from 'node:path';
import type { Config } from '../config.ts';
import { checkListen, loadAccess } from '../http/auth.ts';
import { buildServer } from '../build-server.ts';
import { createInlineProcessor } from '../processing/inline-processor.ts';
import type { DocumentProcessor } from '../processing/processor.ts';
import { createQueuedProcessor } from '../processing/queued-processor.ts';
import { onShutdown } from '../shutdown.ts';
import { openStore } from '../store/open-store.ts';
import type { Log } from '../../workers/stage.ts';
import { extractOptions } from './extract-options.ts';
import { packageVersion } from './package-version.ts';
import type { CliIo } from './run-summary.ts';

export type ServeOptions = { port: number; host: string; concurrency: number };

/**
 * `jixiao serve`: the HTTP API (and, later, the web page) over the store. Embedded, uploads run in this process
 * and the store is this process's while it serves; with REDIS_URL (and DATABASE_URL) they go to the queue.
 * Runs until SIGINT/SIGTERM, then lets the documents under way finish.
 */
export async function serveCommand(options: ServeOptions, config: Config, log: Log, io: CliIo): Promise<number> {
  const access = loadAccess(config);
  checkListen(access, options.host);
  const scale = Boolean(config.REDIS_URL && config.DATABASE_URL);
  const store = await openStore(config, { command: `jixiao serve --port ${options.port}`, onWait: (m) => io.stderr(`jixiao: ${m}\n`) });
  let processor: DocumentProcessor | null = null;
  try {
    processor = scale
      ? await createQueuedProcessor(config, store)
      : createInlineProcessor(store, log, { concurrency: options.concurrency, pool: extractOptions(config, options.concurrency) });
    const app = await buildServer(
      {
        store, access, processor, maxUploadBytes: config.JIXIAO_UPLOAD_MB * 1048576, soffice: config.JIXIAO_SOFFICE,
        // Embedded, rendered pages are kept beside the store; at scale, on this machine's temporary folder.
        ...(scale ? {} : { cacheDir: path.join(path.resolve(config.JIXIAO_DATA_DIR), 'cache', 'pages') }),
      },
      { version: packageVersion(), mode: scale ? 'scale' : 'embedded' },
    );
    const address = await app.listen({ port: options.port, host: options.host });
    io.stderr(`jixiao serve: ${address} (store: ${store.location}; ${scale ? 'uploads queued for the workers' : 'uploads processed here'})\n`);
    io.stderr(access.open
      ? 'no API token configured: open to reads and writes, on loopback only (set JIXIAO_API_TOKENS=read:TOKEN,write:TOKEN to require tokens)\n'
      : `API tokens: ${[...access.tokens.values()].filter((s) => s === 'read').length} read, ${[...access.tokens.values()].filter((s) => s === 'write').length} write\n`);
    const held = processor;
    await new Promise<void>((resolve) => onShutdown(log, async () => {
      await app.close();
      await held.close();
      await store.close();
      resolve();
    }));
    return 0;
  } catch (error) {
    await processor?.close();
    await store.close();
    throw error;
  }
}
