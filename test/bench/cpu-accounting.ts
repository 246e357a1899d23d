import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { summarize } from './summarize.ts';

// USER_HZ: the unit of /proc/stat and /proc/<pid>/stat; 100 on every Linux build Node supports.
const CLOCK_TICKS = 100;

/** All CPUs' time since boot from /proc/stat: busy (not idle or iowait) and total, in ticks. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal; guest time is already inside user.
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - fields[3]! - fields[4]!, total };
  } catch {
    return null;
  }
}

type Groups = { workers: number[]; redis: number[]; bench: number[] };
type CpuSnapshot = { machine: { busy: number; total: number }; ticks: Map<number, number>; postgres: number[]; family: Map<number, number[]> };
/** CPUs' worth of time (average cores busy) over the timed span, by who used it. */
export type CpuSplit = { workers: number; postgres: number; redis: number; bench: number; other: number; machine: number };

/** Machine-wide ticks, and those of our processes and of every PostgreSQL process (server and backends). */
export function cpuSnapshot(groups: Groups): CpuSnapshot | null {
  const machine = machineTicks();
  if (!machine) return null;
  const postgres = postgresPids();
  // Workers and the bench extract in child processes, whose time their parents' counters do not hold.
  const family = descendants([...groups.workers, ...groups.bench]);
  const ticks = new Map<number, number>();
  for (const pid of [...groups.workers, ...groups.redis, ...groups.bench, ...postgres, ...[...family.values()].flat()]) {
    const t = processTicks(pid);
    if (t !== null) ticks.set(pid, t);
  }
  return { machine, ticks, postgres, family };
}

/** Each given process' descendants now living (its extraction processes), from /proc's parent links. */
function descendants(roots: number[]): Map<number, number[]> {
  const parent = new Map<number, number>();
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        parent.set(Number(entry), Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]));
      } catch {
        // ended since the listing
      }
    }
  } catch {
    return new Map();
  }
  return new Map(roots.map((root) => {
    const tree = new Set([root]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, ppid] of parent) if (tree.has(ppid) && !tree.has(pid)) (tree.add(pid), (grew = true));
    }
    tree.delete(root);
    return [root, [...tree]];
  }));
}

/**
 * The time between two snapshots, split by group; `other` is the rest of the machine: other people's work,
 * which on a shared 2-CPU VM is what makes a run worthless. The window runs to the poll that saw the end, up
 * to POLL_MS past the timed span: slightly low, alike for every worker count.
 */
export function cpuSplit(before: CpuSnapshot | null, after: CpuSnapshot | null, groups: Groups): CpuSplit | null {
  if (!before || !after) return null;
  const seconds = (after.machine.total - before.machine.total) / CLOCK_TICKS / os.availableParallelism();
  const cores = (ticks: number) => ticks / CLOCK_TICKS / seconds;
  // A process missing from the first snapshot started inside the window (a backend opened mid-run): all its time counts.
  const used = (pids: number[]) => cores(pids.reduce((n, pid) => n + (after.ticks.get(pid) ?? 0) - (before.ticks.get(pid) ?? 0), 0));
  // A process with its extraction children, as they were at either snapshot (a child recycled in between is
  // in neither: its time lands in `other`).
  const withFamily = (pids: number[]) => [...new Set(pids.flatMap((pid) => [pid, ...(before.family.get(pid) ?? []), ...(after.family.get(pid) ?? [])]))];
  const split = { workers: used(withFamily(groups.workers)), postgres: used(after.postgres), redis: used(groups.redis), bench: used(withFamily(groups.bench)) };
  const machine = cores(after.machine.busy - before.machine.busy);
  // Processes that came and went inside the window are in `machine` only, so they land in `other`, as they should.
  return { ...split, machine, other: Math.max(0, machine - split.workers - split.postgres - split.redis - split.bench) };
}

/** Live PostgreSQL processes on this machine (none when the server is elsewhere: then its time is not ours to count). */
function postgresPids(): number[] {
  try {
    return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false; // ended since the listing
      }
    });
  } catch {
    return [];
  }
}

/** CPUs' worth of busy time across the machine over the next `ms`. */
export async function busyCoresOver(ms: number): Promise<number | null> {
  const before = machineTicks();
  await new Promise((r) => setTimeout(r, ms));
  const after = machineTicks();
  if (!before || !after) return null;
  return ((after.busy - before.busy) / (after.total - before.total)) * os.availableParallelism();
}

/** A process' user + system time in ticks, its threads included (not its children: see `descendants`). */
function processTicks(pid: number | undefined): number | null {
  try {
    // The command name in field 2 may hold spaces: count from the ')' that closes it.
    const after = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(after[11]) + Number(after[12]);
  } catch {
    return null;
  }
}

/** VmHWM from /proc (Linux) in MiB, or null where there is no /proc. */
export function peakRss(pid: number | undefined): number | null {
  try {
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) / 1024 : null;
  } catch {
    return null;
  }
}

export function medianSplit(splits: CpuSplit[]): CpuSplit {
  const median = (key: keyof CpuSplit) => summarize(splits.map((s) => s[key])).median;
  return { workers: median('workers'), postgres: median('postgres'), redis: median('redis'), bench: median('bench'), other: median('other'), machine: median('machine') };
}
