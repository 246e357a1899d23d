import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusReport } from '../services/cli/status-report.ts';
import { migrate } from '../services/store/migrations.ts';
import { openPostgres } from '../services/store/postgres.ts';
import type { Sql } from '../services/store/sql.ts';
import { createSqlStore } from '../services/store/sql-store.ts';
import { createQueues } from '../workers/run-queued.ts';
import { freePort, ROOT } from './fixtures/processes.ts';
import { runCli } from './fixtures/run-cli.ts';
import { scratchDirs } from './fixtures/scratch-dirs.ts';
import { ON_CI, PG_URL, probePostgres, probeRedis, REDIS_URL, scratchName } from './fixtures/services.ts';

const sample = path.join(ROOT, 'samples', 't4-001-part1-digital.pdf');
const down = (await probeRedis()) ?? (await probePostgres());
const scratch = scratchDirs('jixiao-cli-');

describe('the jixiao command line', () => {
  it('prints its version from package.json', async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = await runCli(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `jixiao ${version}\n`, stderr: '' });
  });

  it('prints one command\'s usage on <command> --help, without opening a store or needing servers', async () => {
    const data = path.join(scratch(), 'data');
    const env = { JIXIAO_DATA_DIR: data };
    const runs = await Promise.all([
      runCli(['ingest', '--help'], env), runCli(['status', '--help'], env), runCli(['worker', '-h'], env),
      runCli(['export', '--format', 'csv', '--help'], env), runCli(['help', 'retry'], env),
    ]);
    const [ingest, status, worker, exported, retry] = runs;
    for (const run of runs) expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(ingest!.stdout).toMatch(/^ {2}jixiao ingest <files\|folders…> \[--out FILE\.jsonl\]/);
    expect(ingest!.stdout).toContain('unless --force');
    expect(ingest!.stdout).not.toContain('jixiao export');
    expect(status!.stdout).toMatch(/^ {2}jixiao status \[--json\]\n/);
    expect(worker!.stdout).toMatch(/^ {2}jixiao worker .*--attempts N/);
    expect(exported!.stdout).toMatch(/^ {2}jixiao export /);
    expect(retry!.stdout).toMatch(/^ {2}jixiao retry \[--stuck-only\]/);
    for (const run of runs) expect(run.stdout).toContain('Exit codes:');
    expect(existsSync(data)).toBe(false);
  });

  it('refuses an --out it cannot write with one line, before doing any work', async () => {
    const dir = scratch();
    const data = path.join(dir, 'data');
    const folder = path.join(dir, 'existing-folder');
    mkdirSync(folder);
    const missing = path.join(dir, 'no-such-folder', 'records.jsonl');
    const records = path.join(dir, 'records.jsonl');
    // Queued mode with servers nobody listens to: the --out check must come before connecting.
    const port = await freePort();
    const servers = { REDIS_URL: `redis://127.0.0.1:${port}`, DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test` };
    const cases: [string[], Record<string, string>, string][] = [
      [['ingest', sample, '--out', missing], {}, `cannot write ${missing}: folder ${path.dirname(missing)} does not exist`],
      [['export', '--out', folder], {}, `cannot write ${folder}: it is a folder`],
      [['report', '--format', 'csv', '--out', missing], {}, `cannot write ${missing}: folder ${path.dirname(missing)} does not exist`],
      [['validate', records, '--out', folder], {}, `cannot write ${folder}: it is a folder`],
      [['submit', sample, '--wait', '--out', path.join(sample, 'x.jsonl')], servers, `cannot write ${path.join(sample, 'x.jsonl')}: ${path.dirname(sample)}/t4-001-part1-digital.pdf is not a folder`],
    ];
    const runs = await Promise.all(cases.map(([args, env]) => runCli(args, { JIXIAO_DATA_DIR: data, ...env })));
    runs.forEach((run, i) => expect(run, cases[i]![0].join(' ')).toMatchObject({ code: 1, stdout: '', stderr: `jixiao: ${cases[i]![2]}\n` }));
    expect(existsSync(data)).toBe(false);
  });

  describe.skipIf(down !== null && !ON_CI)(`status --json on Redis and PostgreSQL${down ? ` (skipped: ${down})` : ''}`, () => {
    const schema = scratchName('status');
    const prefix = scratchName('s');
    let admin: Sql;
    let sql: Sql;
    let redis: Redis;

    beforeAll(async () => {
      admin = await openPostgres(PG_URL, { max: 1 });
      await admin.exec(`create schema ${schema}`);
      sql = await openPostgres(PG_URL, { schema, max: 2 });
      await migrate(sql);
      redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    });
    afterAll(async () => {
      const queues = createQueues({ connection: redis, prefix });
      await Promise.all(Object.values(queues.queues).map((q) => q.obliterate({ force: true })));
      await queues.close();
      redis?.disconnect();
      await sql?.close();
      await admin?.exec(`drop schema if exists ${schema} cascade`);
      await admin?.close();
    });

    it('reports queues, documents by status, failed ones with reasons and unfinished ones without a job, as JSON', async () => {
      const store = createSqlStore(sql);
      const put = async (label: string) => (await store.putDocument({ fileName: `${label}.pdf`, bytes: new TextEncoder().encode(`%PDF-1.7 ${label}`) })).info.id;
      const [done, broken, queued, lost] = [await put('done'), await put('broken'), await put('queued'), await put('lost')];
      await store.setStatus(done, 'validated');
      await store.setStatus(broken, 'failed', { error: 'extract: 文件已加密\nmore detail' });
      await store.setStatus(lost, 'extracted');
      const queues = createQueues({ connection: redis, prefix });
      await queues.enqueue('extract', queued);
      await queues.close();

      const run = await runCli(['status', '--json'], {
        REDIS_URL, JIXIAO_QUEUE_PREFIX: prefix,
        DATABASE_URL: `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`,
      });
      expect(run.code, run.stderr).toBe(0);
      const report = StatusReport.parse(JSON.parse(run.stdout));
      expect(report.documents).toEqual({ received: 1, extracted: 1, normalized: 0, validated: 1, failed: 1 });
      expect(report.queues.extract).toEqual({ waiting: 1, active: 0, delayed: 0, failed: 0, completed: 0 });
      expect(report.queues.normalize.waiting).toBe(0);
      expect(report.failed).toEqual([expect.objectContaining({ id: broken, fileName: 'broken.pdf', error: 'extract: 文件已加密\nmore detail' })]);
      // `lost` is extracted with no normalize job; `queued` waits in the extract queue.
      expect(report.stuck).toBe(1);
    });
  });
});
