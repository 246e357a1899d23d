import pg from 'pg';
import { errorMessage } from '../../workers/errors.ts';
import { redactUrl } from '../redact-url.ts';
import type { Sql, SqlTx } from './sql.ts';

export type PostgresOptions = {
  /** Schema to work in (`search_path` of every connection): it must exist; lower-case letters, digits, `_`. @default the server's search_path */
  schema?: string;
  /** @default 10 */
  max?: number;
};

/** How long one connection attempt may take (a fresh one per pool client). */
const CONNECT_TIMEOUT_MS = 5_000;

/** Connects a pool to PostgreSQL and checks that the server answers, so a wrong URL fails here, within seconds. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Sql> {
  // The name goes into the startup `options` string, which the server splits on spaces: allow only plain names.
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new Error(`schema name ${JSON.stringify(options.schema)} must be lower-case letters, digits and _`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    // pg waits for a connection without limit by default: a server that drops packets would hang the CLI.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client whose connection dies emits 'error' on the pool; unheard, node would end the process.
  // The pool already drops that client, and the next query opens a new connection.
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end();
    const what = isNetworkError(error) ? 'is not reachable' : 'refused the connection';
    // A refused connection to a name with several addresses (localhost) is an AggregateError with no message.
    const reason = errorMessage(error) || String((error as { code?: unknown }).code ?? 'no reason given');
    throw new Error(`PostgreSQL at ${redactUrl(url)} ${what}: ${reason}`, { cause: error });
  }
  return {
    ...wrap(pool),
    transaction: async (fn) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        // A connection that could not roll back is in an unknown state: destroy it rather than reuse it.
        client.release(broken ?? false);
      }
    },
    close: () => pool.end(),
  };
}

function wrap(db: pg.Pool | pg.PoolClient): SqlTx {
  return {
    query: async (text, params) => {
      const result = await db.query(text, params ? [...params] : undefined);
      return { rows: result.rows };
    },
    exec: async (text) => {
      await db.query(text);
    },
  };
}

/** Nothing answered (as opposed to a server that answered no: wrong password, no such database). */
function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/.test(code))
    || /timeout|terminated unexpectedly/i.test(errorMessage(error));
}
