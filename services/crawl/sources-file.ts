import { readFile } from 'node:fs/promises';
import { CronExpressionParser } from 'cron-parser';
import { parse as parseYaml } from 'yaml';
import { SourcesFile } from '../../schemas/index.ts';

/** Where `crawl` and `worker` look for sources when no file is named: the first of these that exists. */
export const DEFAULT_SOURCES_FILES = ['jixiao.sources.yaml', 'jixiao.sources.yml', 'jixiao.sources.json'];

/** A sources file that cannot be used, with every problem and where it is (`sources[2].startUrls[0]: …`). */
export class SourcesFileError extends Error {
  override name = 'SourcesFileError';
}

/** Reads and checks a sources file (YAML, or JSON, which is YAML too). */
export async function readSourcesFile(file: string): Promise<SourcesFile> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new SourcesFileError(`cannot read the sources file ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new SourcesFileError(`${file} is not YAML or JSON: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const parsed = SourcesFile.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(top)'}: ${i.message}`);
    throw new SourcesFileError(`${file} has problems:\n${problems.join('\n')}`);
  }
  const badSchedules = parsed.data.sources.flatMap((source, i) => {
    if (!source.schedule) return [];
    try {
      CronExpressionParser.parse(source.schedule.cron, { tz: source.schedule.tz });
      return [];
    } catch (error) {
      return [`  sources[${i}].schedule: ${error instanceof Error ? error.message : String(error)}`];
    }
  });
  if (badSchedules.length) throw new SourcesFileError(`${file} has problems:\n${badSchedules.join('\n')}`);
  return parsed.data;
}

