import { PGlite } from '@electric-sql/pglite';
import { EMBEDDED_CONF } from './pglite-conf.ts';

// Run as a child process by openPglite: creates a new data directory (initdb) and exits. initdb leaves about
// 600 MiB in the process that runs it, which WebAssembly memory never gives back; here it goes with the process.
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: pglite-initdb <data directory>');
await (await PGlite.create(dataDir, { postgresqlconf: EMBEDDED_CONF })).close();
