import { spawn, type ChildProcess } from 'node:child_process';
import type { Sql } from '../../services/store/sql.ts';
import { stopProcess } from '../fixtures/processes.ts';
import { PG_URL } from '../fixtures/services.ts';

const POLL_MS = 100;
// A run whose count of finished documents stands still this long is stuck (a lost job), not slow.
const STALL_MS = 180_000;

type WorkerProcess = { child: ChildProcess; ready: Promise<void>; tail: string[] };

export function startWorker(cli: string, redisUrl: string, schema: string, prefix: string, defer: (step: () => Promise<unknown>) => void): WorkerProcess {
  const child = spawn(process.execPath, [cli, 'worker', '--concurrency', '1', '--grace-seconds', '10'], {
    env: {
      ...process.env, REDIS_URL: redisUrl, JIXIAO_QUEUE_PREFIX: prefix, LOG_LEVEL: 'info',
      DATABASE_URL: `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  defer(() => stopProcess(child, 'SIGKILL'));
  // The last lines only, for the error message when a worker dies; the rest is read and dropped.
  const tail: string[] = [];
  let partial = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${child.pid} not ready after 60 s: ${tail.join(' | ')}`)), 60_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker ${child.pid} exited (${signal ?? code}) before it was ready: ${tail.join(' | ')}`));
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 10) tail.shift();
        if (isReadyLine(line)) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
  });
  return { child, ready, tail };
}

const isReadyLine = (line: string): boolean => {
  try {
    return (JSON.parse(line) as { msg?: unknown }).msg === 'worker ready';
  } catch {
    return false;
  }
};

export async function waitUntilFinal(sql: Sql, documents: number, procs: WorkerProcess[]): Promise<void> {
  let final = -1;
  let movedAt = Date.now();
  for (;;) {
    const dead = procs.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    if (dead) throw new Error(`worker ${dead.child.pid} exited (${dead.child.signalCode ?? dead.child.exitCode}) during the run: ${dead.tail.join(' | ')}`);
    // One aggregate per poll: on 2 cores, listing every document ten times a second would be timed as work.
    const { rows: [row] } = await sql.query(`select count(*)::int as n from documents where status in ('validated', 'failed')`);
    const n = (row as { n: number }).n;
    if (n === documents) return;
    if (n !== final) [final, movedAt] = [n, Date.now()];
    else if (Date.now() - movedAt > STALL_MS) throw new Error(`no document finished for ${STALL_MS / 1000} s (${n} of ${documents} final)`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** SIGTERM lets the worker close its connections; one that has not gone after 15 s is killed. */
export async function stopWorker(child: ChildProcess): Promise<void> {
  const gone = stopProcess(child, 'SIGTERM');
  const late = new Promise<'late'>((r) => setTimeout(() => r('late'), 15_000).unref());
  if ((await Promise.race([gone, late])) === 'late') await stopProcess(child, 'SIGKILL');
}
