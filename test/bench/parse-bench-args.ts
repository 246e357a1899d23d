import { parseArgs } from 'node:util';

import type { OcrEngineChoice } from '../../workers/extract/extract-messages.ts';

export type BenchArgs = {
  paths: string[];
  passes: number;
  concurrency: number[];
  ocrEngines: OcrEngineChoice[];
  ocrPages: number;
  json?: string;
  help: boolean;
};

const ENGINES: readonly OcrEngineChoice[] = ['paddle', 'tesseract'];

export const BENCH_USAGE = `npm run bench -- [files|folders…] [--passes N] [--concurrency 1,2]
                 [--ocr-engines paddle,tesseract] [--ocr-pages N] [--json FILE]

  Born-digital documents: pages/s through every jixiao stage (warm, one process, PGlite in memory),
  with a per-stage split, against pdftotext -layout on the same files.
  Documents with pages jixiao OCRs (scans, pasted pictures, broken text layers): seconds per OCR'd page
  with each engine (one process, one thread), against native tesseract (chi_sim, one thread) on the same rendered
  pages, and RSS over the run. Default input: samples/*.pdf.
  --passes N          timed passes after one warm-up (default 3)
  --concurrency L     documents in flight for jixiao, and pdftotext processes at once (default 1,2)
  --ocr-engines L     jixiao OCR engines to time, or none (default paddle,tesseract)
  --ocr-pages N       read the OCR documents again and again until N pages were OCR'd, to see whether
                      memory stays flat (default 0: one pass)
  --json FILE         also write the figures as JSON to FILE
`;

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      passes: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '1,2' },
      'ocr-engines': { type: 'string', default: 'paddle,tesseract' },
      'ocr-pages': { type: 'string', default: '0' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    paths: positionals.length ? positionals : ['samples'],
    passes: positiveInt(values.passes, '--passes'),
    concurrency: [...new Set(values.concurrency.split(',').map((c) => positiveInt(c.trim(), '--concurrency')))],
    ocrEngines: ocrEngines(values['ocr-engines']),
    ocrPages: values['ocr-pages'] === '0' ? 0 : positiveInt(values['ocr-pages'], '--ocr-pages'),
    json: values.json,
    help: values.help,
  };
}

export function positiveInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} takes whole numbers ≥ 1, not "${text}"`);
  return n;
}

function ocrEngines(text: string): OcrEngineChoice[] {
  if (text.trim() === 'none') return [];
  const names = [...new Set(text.split(',').map((e) => e.trim()))];
  const unknown = names.filter((e) => !isEngine(e));
  if (unknown.length) throw new Error(`--ocr-engines takes ${ENGINES.join(', ')} or none, not "${unknown.join(', ')}"`);
  return names.filter(isEngine);
}

const isEngine = (name: string): name is OcrEngineChoice => (ENGINES as readonly string[]).includes(name);
