import { departmentName } from '../flags/department-name.ts';

/**
 * A unit as compared across documents: its 说明 says `江苏省委办公厅`, its 公开表 `中共江苏省委办公厅` or
 * `中国共产党江苏省委员会办公厅`. 中国共产党 is written 中共 and 委员会 委 in short; brackets, spacing, a leading
 * unit code (`[292]`) and a trailing 本级 (the unit without its subordinates) do not make another unit.
 */
export function departmentKey(name: string | null): string {
  return departmentName(name)
    // The central government prints a unit with its code: `[292]国家信访局`.
    .replace(/^[[【]\d+[\]】]/u, '')
    .replace(/^中国共产党/u, '')
    .replace(/^中共/u, '')
    .replace(/委员会/gu, '委');
}

/** The same unit: the same key, or one key the other with a prefix (`江苏省委办公厅` in `中共江苏省委办公厅`). */
export function sameDepartment(a: string | null, b: string | null): boolean {
  const x = departmentKey(a), y = departmentKey(b);
  if (!x || !y) return false;
  return x === y || (Math.min(x.length, y.length) >= 4 && (x.endsWith(y) || y.endsWith(x)));
}
