import { pino } from 'pino';
import type { Log } from '../workers/stage.ts';

/** JSON lines on stderr, so stdout stays free for exports and tables. */
export function createLog(level = 'info'): Log & { child: (b: Record<string, unknown>) => Log } {
  return pino({ level, base: undefined }, pino.destination(2));
}
