/** What the progress display is told; the ingest command calls these as documents move. */
export type Progress = {
  page: (id: string, page: number, pageCount: number) => void;
  done: (line: DoneLine) => void;
  finish: () => void;
};

export type DoneLine = { id: string; file: string; ok: boolean; pages: number; forms: number; flags: number; detail: string };

const BAR = 24;

/**
 * A one-line bar on a terminal (documents, pages, forms, flags, ETA), redrawn at most ten times a second;
 * elsewhere (CI logs, pipes) one plain line per finished document.
 */
export function createProgress(total: number, tty: boolean, write: (text: string) => void, now = () => Date.now()): Progress {
  const started = now();
  const partial = new Map<string, number>();
  let docs = 0, pages = 0, forms = 0, flags = 0, drawn = 0;
  const eta = (): string => {
    const progress = docs + [...partial.values()].reduce((s, v) => s + v, 0);
    if (progress <= 0) return '--:--';
    const seconds = Math.round(((now() - started) / progress) * (total - progress) / 1000);
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  };
  const draw = (force = false) => {
    if (!tty || (!force && now() - drawn < 100)) return;
    drawn = now();
    const share = total ? Math.min(1, (docs + [...partial.values()].reduce((s, v) => s + v, 0)) / total) : 1;
    const filled = Math.round(share * BAR);
    write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${docs}/${total} documents · ${pages} pages · ${forms} forms · ${flags} flags · ETA ${eta()}`);
  };
  return {
    page(id, page, pageCount) {
      partial.set(id, pageCount ? page / pageCount : 0);
      draw();
    },
    done(line) {
      docs++;
      pages += line.pages;
      forms += line.forms;
      flags += line.flags;
      partial.delete(line.id);
      if (tty) write('\r\x1b[2K');
      if (!line.ok || !tty) write(`[${docs}/${total}] ${line.ok ? 'ok    ' : 'FAILED'} ${line.file}: ${line.detail}\n`);
      draw(true);
    },
    finish() {
      if (tty) write('\r\x1b[2K');
    },
  };
}
