#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { errorMessage } from '../../workers/errors.ts';
import { loadConfig } from '../config.ts';
import { createLog } from '../log.ts';
import { openStore } from '../store/open-store.ts';
import { exportRecords } from './export-command.ts';
import { ingest, type CliIo } from './ingest.ts';

const USAGE = `jixiao — budget-performance disclosures (PDF) to validated project records

  jixiao ingest <files|folders…> [--out FILE.jsonl] [--concurrency N] [--force]
      Store each PDF, extract its forms, validate them. Folders are searched for *.pdf.
      Documents already in the store are not processed again unless --force.
  jixiao export [--format jsonl|csv] [--out FILE] [--department D] [--year Y]
      Write stored records in the interchange format (JSONL) or as a flat CSV.

Environment: JIXIAO_DATA_DIR (default ./data), DATABASE_URL (PostgreSQL instead of the embedded store),
LOG_LEVEL (default error). Exit codes: 0 done, 1 error, 2 done but some documents failed.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  const log = createLog(config.LOG_LEVEL ?? 'error');
  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    tty: Boolean(process.stderr.isTTY),
  };
  if (command === 'ingest') {
    const { values, positionals } = parseArgs({
      args: rest, allowPositionals: true,
      options: { out: { type: 'string' }, concurrency: { type: 'string', default: '2' }, force: { type: 'boolean', default: false } },
    });
    if (!positionals.length) throw new UsageError('ingest needs at least one file or folder');
    const store = await openStore(config);
    io.stderr(`store: ${store.location}\n`);
    try {
      return await ingest({ paths: positionals, out: values.out, concurrency: positiveInt(values.concurrency, '--concurrency'), force: values.force }, store, log, io);
    } finally {
      await store.close();
    }
  }
  if (command === 'export') {
    const { values } = parseArgs({
      args: rest,
      options: { format: { type: 'string', default: 'jsonl' }, out: { type: 'string' }, department: { type: 'string' }, year: { type: 'string' } },
    });
    if (values.format !== 'jsonl' && values.format !== 'csv') throw new UsageError('--format is jsonl or csv');
    const store = await openStore(config);
    try {
      const filter = { department: values.department, fiscalYear: values.year ? positiveInt(values.year, '--year') : undefined };
      return await exportRecords({ format: values.format, out: values.out, filter }, store, io, process.stdout);
    } finally {
      await store.close();
    }
  }
  throw new UsageError(`unknown command "${command}"`);
}

class UsageError extends Error {}

function positiveInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} takes a whole number ≥ 1, not "${text}"`);
  return n;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`jixiao: ${errorMessage(error)}\n${usage ? '\n' + USAGE : ''}`);
    process.exitCode = 1;
  },
);
