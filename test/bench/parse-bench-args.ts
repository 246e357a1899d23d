import { parseArgs } from 'node:util';

export type BenchArgs = { paths: string[]; passes: number; concurrency: number[]; json?: string; help: boolean };

export const BENCH_USAGE = `npm run bench -- [files|folders…] [--passes N] [--concurrency 1,2] [--json FILE]

  Born-digital pages/s through every jixiao stage (warm, one process, PGlite in memory), with a
  per-stage split, against pdftotext -layout on the same files. Default input: samples/*.pdf.
  --passes N        timed passes after one warm-up (default 3)
  --concurrency L   documents in flight for jixiao, and pdftotext processes at once (default 1,2)
  --json FILE       also write the figures as JSON to FILE
`;

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      passes: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '1,2' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    paths: positionals.length ? positionals : ['samples'],
    passes: positiveInt(values.passes, '--passes'),
    concurrency: [...new Set(values.concurrency.split(',').map((c) => positiveInt(c.trim(), '--concurrency')))],
    json: values.json,
    help: values.help,
  };
}

export function positiveInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} takes whole numbers ≥ 1, not "${text}"`);
  return n;
}
