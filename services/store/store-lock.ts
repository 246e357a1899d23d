import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Who holds the embedded store: enough for a user to find the process (and for us to see that it died). */
export const LockHolder = z.object({
  pid: z.int().positive(),
  host: z.string(),
  /** Linux's start time of the process (clock ticks since boot): a pid reused after a crash is not the holder. */
  started: z.string().nullable(),
  command: z.string(),
  since: z.iso.datetime(),
  token: z.string(),
});
export type LockHolder = z.infer<typeof LockHolder>;

export class StoreBusyError extends Error {
  override name = 'StoreBusyError';
}

export type LockOptions = {
  /** What this process is, as the holder's description shown to a process that waits (`jixiao ingest samples/`). */
  command: string;
  /** How long to wait for a holder to finish before refusing; 0 refuses at once. */
  waitMs: number;
  /** Told once when the store is busy and this process starts waiting. */
  onWait?: (message: string) => void;
  /** @default 250 */
  pollMs?: number;
};

export type StoreLock = { holder: LockHolder; release: () => Promise<void> };

/**
 * PGlite is one process's database: two processes opening the same data folder both write and corrupt it.
 * This lock lets one process at a time open it. The lock file is created exclusively (O_EXCL); a lock left
 * by a process that died (same host, pid gone or reused) is broken, under a second short lock, and only if it
 * is still that same dead holder's, so two processes breaking it at once cannot both end up holding it.
 */
export async function lockStore(dir: string, options: LockOptions): Promise<StoreLock> {
  const file = path.join(dir, 'store.lock');
  const me: LockHolder = {
    pid: process.pid, host: hostname(), started: startTime(process.pid), command: options.command,
    since: new Date().toISOString(), token: randomUUID(),
  };
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    if (await create(file, me)) return { holder: me, release: () => release(file, me.token) };
    const holder = await readHolder(file);
    if (holder === 'gone') continue;
    if (holder === 'unreadable' || isDead(holder)) {
      await breakStale(file, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new StoreBusyError(`the store in ${dir} is in use by ${describe(holder)}; ` +
        `try again when it has finished${options.waitMs > 0 ? ` (waited ${Math.round(options.waitMs / 1000)} s)` : ''}, or set JIXIAO_STORE_WAIT_SECONDS to wait longer`);
    }
    if (!told) {
      options.onWait?.(`the store in ${dir} is in use by ${describe(holder)}: waiting up to ${Math.round(options.waitMs / 1000)} s for it to finish`);
      told = true;
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 250));
  }
}

const describe = (h: LockHolder): string => `\`${h.command}\` (pid ${h.pid}${h.host === hostname() ? '' : ` on ${h.host}`}, since ${h.since})`;

async function create(file: string, holder: LockHolder): Promise<boolean> {
  const handle = await open(file, 'wx').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') return null;
    throw error;
  });
  if (!handle) return false;
  try {
    await handle.writeFile(JSON.stringify(holder));
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/** The holder, 'gone' when the file vanished meanwhile, 'unreadable' for a file a crash left half-written. */
async function readHolder(file: string): Promise<LockHolder | 'gone' | 'unreadable'> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return 'gone';
  const parsed = LockHolder.safeParse((() => {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  })());
  return parsed.success ? parsed.data : 'unreadable';
}

/**
 * Dead: on this host, no process with that pid, or one that started at another time (the pid was reused).
 * A holder on another host (a data folder on a network share) is never judged dead: we cannot see it.
 */
function isDead(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const now = startTime(holder.pid);
  return holder.started !== null && now !== null && now !== holder.started;
}

/**
 * Removes a dead holder's lock. Under `store.lock.break` (itself created exclusively) the file is read again
 * and removed only if it is still the dead holder's: another process may have broken it and taken the store
 * between our read and now. A half-written file is given a few seconds: its writer may still be writing it.
 */
async function breakStale(file: string, seen: LockHolder | 'unreadable'): Promise<void> {
  const breaker = `${file}.break`;
  const mine: LockHolder = { pid: process.pid, host: hostname(), started: startTime(process.pid), command: 'breaking a stale lock', since: new Date().toISOString(), token: randomUUID() };
  if (!(await create(breaker, mine))) {
    const other = await readHolder(breaker);
    if (other !== 'gone' && (other === 'unreadable' || isDead(other))) await rm(breaker, { force: true });
    await new Promise((r) => setTimeout(r, 50));
    return;
  }
  try {
    const now = await readHolder(file);
    if (now === 'gone') return;
    if (now === 'unreadable') {
      if (seen !== 'unreadable') return;
      const age = Date.now() - (await stat(file).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age < 5_000) return;
    } else if (seen === 'unreadable' || now.token !== seen.token) return;
    // rename first: the name is free at once for a clean O_EXCL create, whatever happens to the old file.
    const aside = `${file}.stale-${mine.token}`;
    await rename(file, aside);
    await rm(aside, { force: true });
  } finally {
    await rm(breaker, { force: true });
  }
}

async function release(file: string, token: string): Promise<void> {
  const holder = await readHolder(file);
  if (holder !== 'gone' && holder !== 'unreadable' && holder.token === token) await rm(file, { force: true });
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised name, which may hold spaces); null where there is no /proc. */
function startTime(pid: number): string | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
