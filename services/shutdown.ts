import type { Log } from '../workers/stage.ts';

/**
 * Runs `close` once on the first SIGINT/SIGTERM (a second signal exits at once), so workers finish or hand
 * back their jobs and connections close before the process ends.
 */
export function onShutdown(log: Log, close: (signal: string) => Promise<void>): void {
  let closing = false;
  const handle = (signal: NodeJS.Signals) => {
    if (closing) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    closing = true;
    log.info({ signal }, 'shutting down');
    close(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ error: String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handle).once('SIGTERM', handle);
}
