import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PermanentError } from '../../errors.ts';

export type Conversion = { to: 'docx' | 'xlsx'; command: string; timeoutMs?: number };

/**
 * A Word or Excel 97–2003 file (or WPS's .wps/.et) converted to .docx/.xlsx by LibreOffice: `soffice --headless`
 * in its own process, with a private profile (so runs never share or lock one), killed at the time limit, in a
 * folder of its own that is removed afterwards. Without LibreOffice the document fails, saying what to install.
 */
export async function convertWithSoffice(bytes: Uint8Array, { to, command, timeoutMs = 120_000 }: Conversion): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jixiao-soffice-'));
  try {
    const input = path.join(dir, 'in', `document.${to === 'docx' ? 'doc' : 'xls'}`);
    await mkdir(path.dirname(input));
    await writeFile(input, bytes);
    const out = path.join(dir, 'out');
    const args = ['--headless', '--norestore', '--nolockcheck', '--nodefault', '--nologo', `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`, '--convert-to', to, '--outdir', out, input];
    await new Promise<void>((resolve, reject) => {
      execFile(command, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 20 }, (error, _stdout, stderr) => {
        if (!error) return resolve();
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return reject(new PermanentError(`a Word/Excel 97–2003 file needs LibreOffice to be read, and "${command}" is not installed (apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui, or set JIXIAO_SOFFICE)`));
        if (error.killed) return reject(new PermanentError(`LibreOffice took longer than ${timeoutMs / 1000} s to convert the file`));
        reject(new PermanentError(`LibreOffice could not convert the file: ${String(stderr).trim().slice(0, 300) || error.message}`));
      });
    });
    const made = (await readdir(out).catch(() => [] as string[])).find((f) => f.endsWith(`.${to}`));
    if (!made) throw new PermanentError('LibreOffice could not convert the file (it wrote nothing): damaged or not what it seems');
    return new Uint8Array(await readFile(path.join(out, made)));
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
