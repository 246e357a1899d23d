import { parseArgs } from 'node:util';
import { PG_URL } from '../fixtures/services.ts';
import { positiveInt } from './parse-bench-args.ts';

export const BASE_SAMPLE = 't4-001-part1-digital.pdf';
export const MIX_SAMPLES = [BASE_SAMPLE, 't1-003-digital.pdf', 't2-004-part1-digital.pdf'];

export const USAGE = `npm run bench:queue -- [--documents N] [--workers 1,2,4] [--runs N] [--mix] [--json FILE]

  Documents/minute through the queued pipeline (BullMQ on a private redis-server, PostgreSQL in a
  private schema) with 1, 2 and 4 \`jixiao worker --concurrency 1\` processes on the same input.
  --documents N   distinct documents, copies of samples/${BASE_SAMPLE} (default 60)
  --mix           cycle through every sample (${MIX_SAMPLES.join(', ')}) instead
  --workers L     worker process counts to compare (default 1,2,4)
  --runs N        runs per worker count, interleaved; the table shows medians (default 1)
  --json FILE     also write the figures as JSON to FILE
  PostgreSQL: DATABASE_URL, else ${PG_URL}; redis-server must be on PATH.
`;

export type Args = { documents: number; workers: number[]; runs: number; mix: boolean; json?: string; help: boolean };

export function parseQueueBenchArgs(argv: string[]): Args {
  const { values } = parseArgs({
    args: argv,
    options: {
      documents: { type: 'string', default: '60' },
      workers: { type: 'string', default: '1,2,4' },
      runs: { type: 'string', default: '1' },
      mix: { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    documents: positiveInt(values.documents, '--documents'),
    workers: [...new Set(values.workers.split(',').map((w) => positiveInt(w.trim(), '--workers')))],
    runs: positiveInt(values.runs, '--runs'),
    mix: values.mix,
    json: values.json,
    help: values.help,
  };
}
