/**
 * PostgreSQL's memory settings for one embedded user: PGlite's defaults (128 MB of shared buffers) keep a process at
 * 340 MiB before it holds anything; 16 MB brings that to about 215 MiB. The data files stay in the operating
 * system's cache, so the smaller buffer costs little here.
 */
export const EMBEDDED_CONF = 'shared_buffers = 16MB\nwal_buffers = 1MB';
