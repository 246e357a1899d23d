import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import os from 'node:os';

export type BenchMachine = {
  node: string; cpus: number; cpuModel: string; platform: string; arch: string; totalMemMiB: number;
  /** The commit measured (`+changes` when the tree differs from it), so a figure can be traced to its code. */
  commit: string;
  /** sha256 over the inputs' own sha256s, sorted: the same figure from the same files, whatever their names. */
  inputs: string;
};

/** Where and on what a bench ran: machine, commit, and a hash of its inputs. */
export function benchMachine(inputHashes: readonly string[]): BenchMachine {
  return {
    node: process.version, cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    platform: process.platform, arch: process.arch, totalMemMiB: Math.round(os.totalmem() / 2 ** 20),
    commit: commitOf(), inputs: createHash('sha256').update([...inputHashes].sort().join('\n')).digest('hex').slice(0, 16),
  };
}

/** The machine line every bench report starts with. */
export const machineLine = (m: BenchMachine): string =>
  `node ${m.node}, ${m.platform}/${m.arch}, ${m.cpus} CPUs (${m.cpuModel}), ${m.totalMemMiB} MiB RAM; commit ${m.commit}; inputs ${m.inputs}`;

function commitOf(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: import.meta.dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('rev-parse', '--short=12', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? '+changes' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
