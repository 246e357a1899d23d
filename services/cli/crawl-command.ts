import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CronExpressionParser } from 'cron-parser';
import { CrawlSource, type CrawlReport, type DocumentId } from '../../schemas/index.ts';
import type { Log } from '../../workers/stage.ts';
import type { Config } from '../config.ts';
import { crawlSource } from '../crawl/crawl-source.ts';
import { crawlReportText, crawlStatusText } from '../crawl/report-text.ts';
import { DEFAULT_SOURCES_FILES, readSourcesFile, SourcesFileError } from '../crawl/sources-file.ts';
import { createInlineProcessor } from '../processing/inline-processor.ts';
import type { DocumentProcessor } from '../processing/processor.ts';
import { createQueuedProcessor } from '../processing/queued-processor.ts';
import { onShutdown } from '../shutdown.ts';
import type { Store } from '../store/store.ts';
import { extractOptions } from './extract-options.ts';
import { packageVersion } from './package-version.ts';
import type { CliIo } from './run-summary.ts';

export type CrawlCommandOptions = {
  sourcesFile?: string;
  source?: string;
  url?: string;
  once: boolean;
  allowPrivate: string[];
  status: boolean;
  concurrency: number;
};

/** The sources a command line asks for, with the contact for the User-Agent. */
export async function chooseSources(options: Pick<CrawlCommandOptions, 'sourcesFile' | 'source' | 'url' | 'allowPrivate'>, config: Config): Promise<{ sources: CrawlSource[]; contact: string }> {
  const file = options.sourcesFile ?? config.JIXIAO_SOURCES ?? DEFAULT_SOURCES_FILES.find((f) => existsSync(f));
  const loaded = file && (options.sourcesFile || config.JIXIAO_SOURCES || !options.url) ? await readSourcesFile(file) : null;
  const contact = loaded?.contact ?? config.JIXIAO_CRAWL_CONTACT;
  if (!contact) {
    throw new SourcesFileError('a crawler must say who runs it: set JIXIAO_CRAWL_CONTACT=https://… (or mailto:…), or give a sources file with `contact:`');
  }
  const withAllowed = (source: CrawlSource) => ({ ...source, allowPrivate: [...source.allowPrivate, ...options.allowPrivate] });
  if (options.url) {
    const parsed = CrawlSource.safeParse({ name: `url-${safeHost(options.url)}`, startUrls: [options.url] });
    if (!parsed.success) throw new SourcesFileError(`--url takes an http(s) address of a listing page, not "${options.url}"`);
    return { sources: [withAllowed(parsed.data)], contact };
  }
  if (!loaded) throw new SourcesFileError(`no sources file: give --sources FILE (or JIXIAO_SOURCES), put ${DEFAULT_SOURCES_FILES[0]} here, or crawl one listing page with --url URL`);
  const sources = options.source ? loaded.sources.filter((s) => s.name === options.source) : loaded.sources;
  if (!sources.length) throw new SourcesFileError(`no source named "${options.source}" in ${file} (it has ${loaded.sources.map((s) => s.name).join(', ')})`);
  return { sources: sources.map(withAllowed), contact };
}

const safeHost = (url: string): string => {
  try {
    return new URL(url).hostname.replace(/[^\p{L}\p{N}.-]/gu, '_') || 'page';
  } catch {
    return 'page';
  }
};

/**
 * `jixiao crawl`: crawls sources into the store and the pipeline. `--once` crawls each chosen source now, lets
 * the documents it stored be processed (in this process, or queued at scale), prints the reports and exits;
 * without it, the command stays and crawls each source on its schedule until SIGINT/SIGTERM. `--status` prints the
 * latest run of each source.
 */
export async function crawlCommand(
  options: CrawlCommandOptions, chosen: Awaited<ReturnType<typeof chooseSources>> | null, config: Config, store: Store, log: Log, io: CliIo,
): Promise<number> {
  if (options.status || !chosen) {
    io.stdout(crawlStatusText(await store.listCrawlReports({ limit: 500 })));
    return 0;
  }
  const { sources, contact } = chosen;
  const unscheduled = sources.filter((s) => !s.schedule);
  if (!options.once && unscheduled.length) {
    throw new SourcesFileError(`${unscheduled.map((s) => s.name).join(', ')} ${unscheduled.length > 1 ? 'have' : 'has'} no schedule: crawl with --once, or give ${unscheduled.length > 1 ? 'them' : 'it'} \`schedule: { cron: "0 2 * * *" }\``);
  }
  const scale = Boolean(config.REDIS_URL && config.DATABASE_URL);
  const processor: DocumentProcessor = scale
    ? await createQueuedProcessor(config, store)
    : createInlineProcessor(store, log, { concurrency: options.concurrency, pool: extractOptions(config, options.concurrency) });
  const userAgent = `jixiao/${packageVersion()} (+${contact})`;
  const submitted: DocumentId[] = [];
  const run = async (source: CrawlSource): Promise<CrawlReport> => {
    io.stderr(`crawling ${source.name} (${source.startUrls.join(', ')})\n`);
    return crawlSource(source, { store, log, userAgent, submit: async (work) => { submitted.push(...work.keys()); await processor.submit(work); } });
  };

  if (options.once) {
    try {
      let failed = 0;
      for (const source of sources) {
        const report = await run(source);
        failed += report.documents.failed;
        io.stdout(crawlReportText(report));
      }
      while (!scale && processor.pending()) await sleep(200);
      if (submitted.length) {
        const statuses = await Promise.all(submitted.map(async (id) => (await store.getDocument(id))?.status));
        const done = statuses.filter((s) => s === 'validated').length;
        const broken = statuses.filter((s) => s === 'failed').length;
        io.stdout(scale
          ? `${submitted.length} documents queued for the workers\n`
          : `${submitted.length} documents processed: ${done} validated, ${broken} failed (jixiao status / jixiao export for the rest)\n`);
        failed += broken;
      }
      return failed ? 2 : 0;
    } finally {
      await processor.close();
    }
  }

  // Scheduled: each source at its next time, one crawl at a time. A signal lets the crawl under way and the
  // documents being processed finish (a second signal exits at once).
  let stopping = false;
  let wake = () => undefined as void;
  let ended = () => undefined as void;
  const loopEnded = new Promise<void>((resolve) => (ended = resolve));
  onShutdown(log, async () => {
    stopping = true;
    wake();
    await loopEnded;
  });
  const nextOf = (source: CrawlSource) => CronExpressionParser.parse(source.schedule!.cron, { tz: source.schedule!.tz, currentDate: new Date() }).next().toDate().getTime();
  const due = new Map(sources.map((s) => [s.name, nextOf(s)]));
  io.stderr(`scheduled: ${sources.map((s) => `${s.name} next at ${new Date(due.get(s.name)!).toISOString()}`).join('; ')}\n`);
  try {
    while (!stopping) {
      const source = sources.reduce((a, b) => (due.get(a.name)! <= due.get(b.name)! ? a : b));
      const wait = due.get(source.name)! - Date.now();
      if (wait > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(wait, 2 ** 31 - 1));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        continue;
      }
      io.stdout(crawlReportText(await run(source)));
      due.set(source.name, nextOf(source));
    }
    return 0;
  } finally {
    await processor.close();
    ended();
  }
}
