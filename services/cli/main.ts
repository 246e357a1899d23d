#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { StageName } from '../../schemas/index.ts';
import { errorMessage } from '../../workers/errors.ts';
import { loadConfig, type Config } from '../config.ts';
import { createLog } from '../log.ts';
import { requireScaleOut, ScaleOutConfigError } from '../queue/scale-out.ts';
import { REPORT_FORMATS, type ReportFormat } from '../report/write-report.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { checkOutPath } from './check-out-path.ts';
import { isAddressOrRange } from '../crawl/address-guard.ts';
import { chooseSources, crawlCommand } from './crawl-command.ts';
import { exportRecords } from './export-command.ts';
import { extractOptions } from './extract-options.ts';
import { ingest } from './ingest.ts';
import { packageVersion } from './package-version.ts';
import { reportCommand } from './report-command.ts';
import { retryCommand } from './retry-command.ts';
import { serveCommand } from './serve-command.ts';
import type { CliIo } from './run-summary.ts';
import { statusCommand } from './status-command.ts';
import { submitCommand } from './submit-command.ts';
import { validateCommand } from './validate-command.ts';
import { workerCommand } from './worker-command.ts';

const USAGE = `jixiao — budget-performance disclosures (PDF, Word, Excel, web pages) to validated project records

One machine, no servers (embedded store under JIXIAO_DATA_DIR, default ./data):
  jixiao ingest <files|folders…> [--out FILE.jsonl] [--concurrency N] [--force]
      Store each file, extract its forms, validate them. Folders are searched for *.pdf, *.docx, *.doc,
      *.wps, *.xlsx, *.xls, *.et, *.html and *.htm (what a file is, is told by its content).
      Documents already in the store are not processed again unless --force.
  jixiao export [--tables] [--format jsonl|csv] [--out FILE] [--department D] [--year Y]
      Write stored records in the interchange format (JSONL) or as a flat CSV; --tables: the department
      tables (部门预算/决算 表) instead, one per line (JSONL) or one row per cell (CSV).
  jixiao report [--format md|csv|json] [--out FILE] [--department D] [--year Y]
      Per department and year: forms, budget and execution, scores printed vs recomputed under the
      official rules, failed checks and flags, worst cases first (csv: every finding, one per row).
  jixiao serve [--port 8080] [--host 127.0.0.1] [--concurrency N]
      The HTTP API over the store (OpenAPI at /openapi.json, its documentation at /docs): upload documents, list
      documents, records, tables and findings, reports and exports. Tokens from JIXIAO_API_TOKENS; without
      any, open on loopback only. With REDIS_URL and DATABASE_URL, uploads are queued for the workers.
  jixiao crawl [--source NAME | --url URL] [--once] [--allow-private ADDR,…] [--sources FILE] [--status]
      Fetch what disclosure portals publish (sources in jixiao.sources.yaml: listing pages, links to follow,
      limits, schedule) into the store and the pipeline: robots.txt obeyed, 2 s between requests to a host,
      unchanged files not downloaded again. --once crawls now and exits; without it, each source on its
      schedule until SIGTERM. --url crawls one listing page with the defaults. --allow-private lets it reach
      those non-public addresses (an intranet portal). --status: the last run of each source.
  jixiao validate <records.json|.jsonl…> [--out FILE.jsonl] [--report md|csv|json]
      Checks, score recomputation and flags on records in the interchange format from elsewhere
      (your own transcriptions, a gold file), with no extraction and no store.

At scale (REDIS_URL and DATABASE_URL set; the same stages as BullMQ jobs):
  jixiao worker [--stages extract,normalize,validate] [--concurrency N] [--grace-seconds S] [--attempts N] [--sources FILE]
      Run queued steps until SIGTERM (then finish or hand back the current ones within S seconds).
      Rides out Redis outages, and queues again, every JIXIAO_SWEEP_MS, documents whose job was lost.
      --attempts: tries of the jobs this worker queues (each next stage); a job keeps the count it was queued with.
      --sources: also crawl those sources on their schedules (BullMQ job schedulers; one job per host at a time).
  jixiao submit <files|folders…> [--force] [--wait] [--out FILE.jsonl]
      Store the documents in PostgreSQL and queue them (--force: again from the start, even if running);
      --wait follows them to the end and prints the summary.
  jixiao status [--json]
      Jobs per queue, documents by status, failed ones with their reasons, unfinished ones with no job.
  jixiao retry [--stuck-only]
      Queue failed documents again, and unfinished ones whose job was lost (--stuck-only: only those).

  jixiao <command> --help     that command's usage
  jixiao --version

Environment: JIXIAO_DATA_DIR, DATABASE_URL (PostgreSQL instead of the embedded store), REDIS_URL,
JIXIAO_API_TOKENS, JIXIAO_API_TOKENS_FILE, JIXIAO_UPLOAD_MB, JIXIAO_SOURCES, JIXIAO_CRAWL_CONTACT,
JIXIAO_QUEUE_PREFIX (default jixiao), JIXIAO_LOCK_MS, JIXIAO_STEP_TIMEOUT_MS, JIXIAO_SWEEP_MS, LOG_LEVEL.
Exit codes: 0 done, 1 error, 2 done but some documents failed.
`;

type Context = { config: Config; io: CliIo };
type Command = (args: string[], context: Context) => Promise<number>;

const commands: Record<string, Command> = {
  ingest: async (args, { config, io }) => {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: { out: { type: 'string' }, concurrency: { type: 'string', default: '2' }, force: { type: 'boolean', default: false } },
    });
    if (!positionals.length) throw new UsageError('ingest needs at least one file or folder');
    const concurrency = positiveInt(values.concurrency, '--concurrency');
    await checkOutPath(values.out);
    return withStore(config, io, (store) => ingest({ paths: positionals, out: values.out, concurrency, force: values.force, pool: extractOptions(config, concurrency) }, store, createLog(config.LOG_LEVEL ?? 'error'), io));
  },
  export: async (args, { config, io }) => {
    const { values } = parseArgs({
      args, options: { format: { type: 'string', default: 'jsonl' }, out: { type: 'string' }, department: { type: 'string' }, year: { type: 'string' }, tables: { type: 'boolean', default: false } },
    });
    if (values.format !== 'jsonl' && values.format !== 'csv') throw new UsageError('--format is jsonl or csv');
    const filter = { department: values.department, fiscalYear: values.year ? positiveInt(values.year, '--year') : undefined };
    await checkOutPath(values.out);
    return withStore(config, io, (store) => exportRecords({ format: values.format as 'jsonl' | 'csv', out: values.out, filter, tables: values.tables }, store, io, process.stdout));
  },
  report: async (args, { config, io }) => {
    const { values } = parseArgs({
      args, options: { format: { type: 'string', default: 'md' }, out: { type: 'string' }, department: { type: 'string' }, year: { type: 'string' } },
    });
    const format = reportFormat(values.format, '--format');
    const filter = { department: values.department, fiscalYear: values.year ? positiveInt(values.year, '--year') : undefined };
    await checkOutPath(values.out);
    return withStore(config, io, (store) => reportCommand({ format, out: values.out, filter }, store, io, process.stdout));
  },
  serve: async (args, { config, io }) => {
    const { values } = parseArgs({ args, options: { port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' }, concurrency: { type: 'string', default: '2' } } });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number, not "${values.port}"`);
    return serveCommand({ port, host: values.host, concurrency: positiveInt(values.concurrency, '--concurrency') }, config, createLog(config.LOG_LEVEL ?? 'warn'), io);
  },
  crawl: async (args, { config, io }) => {
    const { values } = parseArgs({
      args, options: {
        source: { type: 'string' }, url: { type: 'string' }, once: { type: 'boolean', default: false }, 'allow-private': { type: 'string' },
        sources: { type: 'string' }, status: { type: 'boolean', default: false }, concurrency: { type: 'string', default: '2' },
      },
    });
    if (values.source && values.url) throw new UsageError('crawl takes --source or --url, not both');
    const allowPrivate = (values['allow-private'] ?? '').split(',').map((a) => a.trim()).filter(Boolean);
    const bad = allowPrivate.find((a) => !isAddressOrRange(a));
    if (bad) throw new UsageError(`--allow-private takes addresses or CIDR ranges, not "${bad}"`);
    const options = { sourcesFile: values.sources, source: values.source, url: values.url, once: values.once, allowPrivate, status: values.status, concurrency: positiveInt(values.concurrency, '--concurrency') };
    // A sources file that cannot be used is said before the store is opened.
    const chosen = values.status ? null : await chooseSources(options, config);
    return withStore(config, io, (store) => crawlCommand(options, chosen, config, store, createLog(config.LOG_LEVEL ?? 'error'), io));
  },
  validate: async (args, { io }) => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, report: { type: 'string' } } });
    if (!positionals.length) throw new UsageError('validate needs at least one records file (.json or .jsonl)');
    const report = values.report === undefined ? undefined : reportFormat(values.report, '--report');
    await checkOutPath(values.out);
    return validateCommand({ files: positionals, out: values.out, report }, io, process.stdout);
  },
  worker: async (args, { config }) => {
    const { values } = parseArgs({
      args, options: {
        stages: { type: 'string', default: StageName.options.join(',') }, concurrency: { type: 'string', default: '1' },
        attempts: { type: 'string', default: '3' }, 'grace-seconds': { type: 'string', default: '60' }, sources: { type: 'string' },
      },
    });
    const stages = values.stages.split(',').map((s) => StageName.safeParse(s.trim()));
    const bad = stages.find((s) => !s.success);
    if (bad) throw new UsageError(`--stages takes ${StageName.options.join(', ')}`);
    return workerCommand({
      stages: stages.map((s) => s.data!), concurrency: positiveInt(values.concurrency, '--concurrency'),
      attempts: positiveInt(values.attempts, '--attempts'), graceMs: positiveInt(values['grace-seconds'], '--grace-seconds') * 1000,
      sourcesFile: values.sources ?? config.JIXIAO_SOURCES,
    }, config, createLog(config.LOG_LEVEL ?? 'info'));
  },
  submit: async (args, { config, io }) => {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: { force: { type: 'boolean', default: false }, wait: { type: 'boolean', default: false }, out: { type: 'string' } },
    });
    if (!positionals.length) throw new UsageError('submit needs at least one file or folder');
    requireScaleOut(config);
    await checkOutPath(values.out);
    return withStore(config, io, (store) => submitCommand({ paths: positionals, force: values.force, wait: values.wait, out: values.out }, config, store, io));
  },
  status: async (args, { config, io }) => {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
    requireScaleOut(config);
    return withStore(config, io, (store) => statusCommand(config, store, io, values.json));
  },
  retry: async (args, { config, io }) => {
    const { values } = parseArgs({ args, options: { 'stuck-only': { type: 'boolean', default: false } } });
    requireScaleOut(config);
    return withStore(config, io, (store) => retryCommand(config, store, io, values['stuck-only']));
  },
};

async function withStore(config: Config, io: CliIo, run: (store: Store) => Promise<number>): Promise<number> {
  const command = ['jixiao', ...process.argv.slice(2)].join(' ');
  const store = await openStore(config, { command, onWait: (message) => io.stderr(`jixiao: ${message}\n`) });
  io.stderr(`store: ${store.location}\n`);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

class UsageError extends Error {}

function reportFormat(text: string, name: string): ReportFormat {
  const format = REPORT_FORMATS.find((f) => f === text);
  if (!format) throw new UsageError(`${name} is ${REPORT_FORMATS.join(', ')}, not "${text}"`);
  return format;
}

function positiveInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} takes a whole number ≥ 1, not "${text}"`);
  return n;
}

/** One command's part of USAGE: its synopsis line and the indented lines under it, then the environment. */
function commandUsage(name: string): string {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((l) => l === `  jixiao ${name}` || l.startsWith(`  jixiao ${name} `));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('      '));
  const footer = lines.slice(lines.findIndex((l) => l.startsWith('Environment:')));
  return [...lines.slice(start, end), '', ...footer].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`jixiao ${packageVersion()}\n`);
    return 0;
  }
  if (name === 'help' && args[0] && commands[args[0]]) {
    process.stdout.write(commandUsage(args[0]));
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  // Options end at `--`: after it, --help is a file name.
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (options.includes('--help') || options.includes('-h')) {
    process.stdout.write(commandUsage(name));
    return 0;
  }
  const io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), tty: Boolean(process.stderr.isTTY) };
  return command(args, { config: loadConfig(), io });
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const usage = error instanceof UsageError || error instanceof ScaleOutConfigError || String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`jixiao: ${errorMessage(error)}\n${usage ? '\n' + USAGE : ''}`);
    process.exitCode = 1;
  },
);
