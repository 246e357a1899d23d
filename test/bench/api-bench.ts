/**
 * The HTTP API under load on loopback: requests/s and p50/p99 latency of `GET /findings` (a page of 50) and of one
 * department report, with 10,000 form records stored, and upload throughput (PDFs stored per second, processing
 * not counted). A measure, not a test: one process, PGlite in memory, keep-alive connections.
 *
 *   npm run bench:api -- [--records 10000] [--seconds 10] [--connections 8]
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ContractRecordInput, type DocumentId } from '../../schemas/index.ts';
import { formRecordFromContract } from '../../services/import/form-record-from-contract.ts';
import { buildServer } from '../../services/build-server.ts';
import type { DocumentProcessor } from '../../services/processing/processor.ts';
import { migrate } from '../../services/store/migrations.ts';
import { openPglite } from '../../services/store/pglite.ts';
import { createSqlStore } from '../../services/store/sql-store.ts';
import { validateRecord } from '../../workers/validate/validate-record.ts';
import { benchMachine, machineLine } from './bench-machine.ts';

const { values } = parseArgs({ options: { records: { type: 'string', default: '10000' }, seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '8' } } });
const RECORDS = Number(values.records), SECONDS = Number(values.seconds), CONNECTIONS = Number(values.connections);
const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const SAMPLES = path.join(ROOT, 'samples');

// Records: the 23 forms of a real sample, renamed, under 40 departments and 5 years, 20 forms a document.
const template = (JSON.parse(readFileSync(path.join(SAMPLES, 'expected', 't2-004-part1-digital.records.json'), 'utf8')) as unknown[])
  .map((r, i) => formRecordFromContract(ContractRecordInput.parse(r), i + 1));
/** A goal text of its own: 120 characters drawn from the sample's goals (a seeded generator, the same each run). */
const pool = [...template.map((r) => `${r.goals.expected ?? ''}${r.goals.actual ?? ''}`).join('')].filter((c) => /\p{Script=Han}/u.test(c));
function prose(seed: number): string {
  let x = seed * 2654435761 % 4294967296 || 1;
  return Array.from({ length: 120 }, () => pool[(x = (x * 1103515245 + 12345) % 2147483648) % pool.length]).join('');
}
const sql = await openPglite('memory://');
await migrate(sql);
const store = createSqlStore(sql);
const started = performance.now();
const FORMS_PER_DOCUMENT = 20;
for (let d = 0; d * FORMS_PER_DOCUMENT < RECORDS; d++) {
  const { info } = await store.putDocument({ fileName: `bench-${d}.pdf`, bytes: new TextEncoder().encode(`%PDF-1.4 bench document ${d}`) });
  const department = `基准部门${String(d % 40).padStart(2, '0')}`, year = 2020 + (d % 5);
  const records = Array.from({ length: Math.min(FORMS_PER_DOCUMENT, RECORDS - d * FORMS_PER_DOCUMENT) }, (_, i) => {
    const base = template[i % template.length]!;
    // Each project once, its goals its own: the same 23 texts thousands of times would be thousands of copies.
    const tag = `（${d}-${i}）`;
    return validateRecord({ ...base, projectName: `${base.projectName ?? '项目'}${tag}`, goals: { expected: prose(d * 100 + i), actual: prose(d * 100 + i + 50) }, department, fiscalYear: year, source: { ...base.source, documentId: info.id as DocumentId, file: `bench-${d}.pdf`, ordinal: i + 1 } });
  });
  await store.saveRecords(info.id, records);
  await store.setStatus(info.id, 'validated');
}
process.stdout.write(`jixiao API bench, ${new Date().toISOString()}\n${machineLine(benchMachine([createHash('sha256').update(readFileSync(path.join(SAMPLES, 'expected', 't2-004-part1-digital.records.json'))).digest('hex')]))}\n`);
process.stdout.write(`stored ${RECORDS} records in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

const processor: DocumentProcessor = { submit: async () => undefined, pending: () => 0, close: async () => undefined };
const app = await buildServer({ store, access: { tokens: new Map(), open: true }, processor, maxUploadBytes: 50 * 1048576, uploadsPerMinute: 1_000_000 }, { version: 'bench', mode: 'embedded' });
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as AddressInfo).port;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function request(method: string, url: string, body?: Buffer, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `CONNECTIONS` clients asking one after another for `SECONDS`: requests/s and latency percentiles. */
async function load(name: string, make: () => [string, string, Buffer?, Record<string, string>?]): Promise<void> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const status = await request(...make());
      latencies.push(performance.now() - t);
      if (status >= 400) errors++;
    }
  }));
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
  process.stdout.write(`${name.padEnd(44)} ${(latencies.length / SECONDS).toFixed(1).padStart(8)} req/s   p50 ${at(0.5).padStart(7)} ms   p99 ${at(0.99).padStart(7)} ms${errors ? `   ${errors} errors` : ''}\n`);
}

// The first request after a change works out the comparisons over the whole store; later ones are served from it.
for (const url of ['/findings?limit=50', '/records?limit=50', `/reports/departments/${encodeURIComponent('基准部门07')}/2022`, '/reports/departments', '/']) {
  const t = performance.now();
  await request('GET', url);
  process.stdout.write(`first GET ${url.split('?')[0]!.replace(/%[0-9A-F%]+/g, '…').padEnd(34)} after a change: ${((performance.now() - t) / 1000).toFixed(2)} s\n`);
}
process.stdout.write(`\n${CONNECTIONS} connections, ${SECONDS} s each, loopback, ${RECORDS} records stored\n`);
await load('GET /findings?limit=50', () => ['GET', '/findings?limit=50']);
await load('GET /findings?department=…&year=…&limit=50', () => ['GET', `/findings?department=${encodeURIComponent('基准部门07')}&year=2022&limit=50`]);
await load('GET /reports/departments/{name}/{year}', () => ['GET', `/reports/departments/${encodeURIComponent('基准部门07')}/2022`]);
await load('GET /records?limit=50', () => ['GET', '/records?limit=50']);

// Uploads: a 140 KB PDF made unique each time (a comment appended), stored by its sha256; processing is not run here.
const pdf = readFileSync(path.join(SAMPLES, 't4-001-part1-digital.pdf'));
let n = 0;
const boundary = '----jixiao-bench';
await load(`POST /documents (${Math.round(pdf.length / 1024)} KB each)`, () => {
  const unique = Buffer.concat([pdf, Buffer.from(`\n%bench ${n++}\n`)]);
  const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="u${n}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), unique, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return ['POST', '/documents', body, { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) }];
});

agent.destroy();
await app.close();
await sql.close();
