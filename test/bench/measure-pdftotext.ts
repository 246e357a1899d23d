import { spawn, spawnSync } from 'node:child_process';

export type Pdftotext = { available: true; version: string } | { available: false; reason: string };

export const INSTALL_PDFTOTEXT = 'apt-get install -y poppler-utils';

/** Whether `pdftotext` is on PATH, and which poppler it is (it prints its version on stderr). */
export function findPdftotext(): Pdftotext {
  const probe = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  if (probe.error) return { available: false, reason: `pdftotext not found (${probe.error.message})` };
  const version = /pdftotext version (\S+)/.exec(`${probe.stderr}${probe.stdout}`)?.[1] ?? 'unknown version';
  return { available: true, version };
}

/**
 * One pass of `pdftotext -layout` over the files, `parallel` processes at a time; wall time in ms.
 * Text goes to /dev/null: writing it is pdftotext's output step, as storing is jixiao's, but piping it
 * back here would time Node reading a pipe. A process per file is how pdftotext is used, so its start-up
 * is counted too.
 */
export async function timePdftotextPass(files: readonly string[], parallel: number): Promise<number> {
  const start = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < files.length) await pdftotext(files[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, files.length)) }, lane));
  return performance.now() - start;
}

function pdftotext(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('pdftotext', ['-layout', file, '/dev/null'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`pdftotext ${file} exited with code ${code}: ${stderr.trim()}`)),
    );
  });
}
