import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const PackageJson = z.object({ name: z.string(), version: z.string() });

/**
 * jixiao's version, from its package.json found upwards from this module: the same code runs from
 * services/cli/ (sources) and dist/services/cli/ (built), and an installed package sits anywhere.
 */
export function packageVersion(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = PackageJson.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (pkg.success && pkg.data.name === 'jixiao') return pkg.data.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json of jixiao above ${from}`);
  }
}
