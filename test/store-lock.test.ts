import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, until } from './fixtures/processes.ts';
import { startCli, type CliRun } from './fixtures/run-cli.ts';
import { scratchDirs } from './fixtures/scratch-dirs.ts';

const LOCK_MODULE = path.join(ROOT, 'dist', 'services', 'store', 'store-lock.js');
const sample = (name: string) => path.join(ROOT, 'samples', name);

/** The built CLI as a separate process on a data folder of the test's own. */
function cli(dataDir: string, args: string[], env: Record<string, string> = {}): { pid: number; done: Promise<CliRun> } {
  const { child, done } = startCli(args, { JIXIAO_DATA_DIR: dataDir, ...env }, { timeoutMs: 240_000 });
  return { pid: child.pid!, done };
}

const scratch = scratchDirs('jixiao-lock-');

describe('the embedded store shared by two processes', () => {
  it('lets one process at a time in: a second waits (and says so) or is refused naming the holder; nothing is lost', async () => {
    const data = path.join(scratch(), 'data');
    const first = cli(data, ['ingest', sample('t1-003-digital.pdf'), sample('t2-004-part1-digital.pdf')]);
    await until('the first ingest to hold the store', async () => existsSync(path.join(data, 'store.lock')), 60_000, 50);

    const refused = await cli(data, ['report'], { JIXIAO_STORE_WAIT_SECONDS: '0' }).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('in use by `jixiao ingest');
    expect(refused.stderr).toContain(`pid ${first.pid}`);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);

    const second = cli(data, ['ingest', sample('t4-001-part1-digital.pdf')], { JIXIAO_STORE_WAIT_SECONDS: '300' });
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/in use by `jixiao ingest .*waiting up to 300 s/);

    const exported = await cli(data, ['export']).done;
    expect(exported.code, exported.stderr).toBe(0);
    const records = exported.stdout.trim().split('\n').map((line) => JSON.parse(line) as { source: { documentId: string } });
    expect(new Set(records.map((r) => r.source.documentId)).size).toBe(3);
    expect(existsSync(path.join(data, 'store.lock'))).toBe(false);
  }, 240_000);

  it('takes over a lock left by a process that died', async () => {
    const data = path.join(scratch(), 'data');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(dead.stdout);
    mkdirSync(data, { recursive: true });
    writeFileSync(path.join(data, 'store.lock'), JSON.stringify({ pid, host: hostname(), started: null, command: 'jixiao ingest crashed/', since: new Date().toISOString(), token: 'x' }));
    const run = await cli(data, ['report', '--format', 'json']).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('in use');
  }, 120_000);

  it('hands a dead holder\'s lock to exactly one of several processes breaking it at once', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'store.lock'), JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), started: null, command: 'gone', since: new Date().toISOString(), token: 'y' }));
    // Each contender tries once (no waiting) and holds what it gets for a few seconds, so the others meet it alive.
    const script = `import(${JSON.stringify(LOCK_MODULE)}).then(async ({ lockStore }) => {
      try {
        const lock = await lockStore(${JSON.stringify(dir)}, { command: 'contender', waitMs: 0 });
        process.stdout.write('got');
        await new Promise((r) => setTimeout(r, 3000));
        await lock.release();
      } catch (error) { process.stdout.write(error.name); }
    })`;
    const results = await Promise.all(Array.from({ length: 4 }, () => new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', () => resolve(out));
    })));
    expect(results.filter((r) => r === 'got')).toHaveLength(1);
    expect(results.filter((r) => r === 'StoreBusyError')).toHaveLength(3);
    expect(existsSync(path.join(dir, 'store.lock'))).toBe(false);
  }, 60_000);
});
