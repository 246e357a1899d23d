/**
 * The little of SQL the store needs, satisfied by PGlite (one process, embedded) and by a `pg` Pool
 * (several processes or machines). Rows come back as `unknown`: callers parse them with zod.
 */
export type SqlTx = {
  /** One statement with `$1…` parameters. */
  query: (text: string, params?: readonly unknown[]) => Promise<{ rows: unknown[] }>;
  /** One or more statements without parameters (migrations). */
  exec: (text: string) => Promise<void>;
};

export type Sql = SqlTx & {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Not nestable. */
  transaction: <T>(fn: (tx: SqlTx) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
};
