// Pull-query benchmark: materializes a table of N rows (a CREATE SOURCE TABLE over N records),
// then measures key lookups by pull query through the library API (one at a time) and over HTTP
// (POST /query-stream on a KsqliteServer, from a client process with some concurrency).
// Standalone: `node dist/bench/pull-bench.js [--rows N] [--lookups N] [--http-requests N] [--http2]
// [--concurrency N] [--json FILE]`; bench/run.ts can call runPullBench().

import { fork } from 'node:child_process';
import http2 from 'node:http2';
import net from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../src/engine/engine.js';
import type { ProduceRecord } from '../src/log/types.js';
import { KsqliteServer } from '../src/server/server.js';

export interface PullBenchOptions {
  /** Rows of the table (default 1,000,000). */
  readonly rows?: number;
  /** Key lookups through the library API (default 100,000). */
  readonly lookups?: number;
  /** Key lookups over HTTP (default 50,000). */
  readonly httpRequests?: number;
  /** HTTP requests in flight at once (default 8). */
  readonly concurrency?: number;
  /** Send the HTTP requests over one HTTP/2 connection rather than HTTP/1.1 ones (default false). */
  readonly http2?: boolean;
  /** Progress lines (default: none). */
  readonly progress?: (line: string) => void;
}

export interface LatencyFigures {
  readonly count: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface PullBenchResult {
  readonly rows: number;
  /** Producing the records and materializing the table. */
  readonly materializeRecordsPerSecond: number;
  readonly library: LatencyFigures;
  readonly http: LatencyFigures & {
    readonly concurrency: number;
    readonly errors: number;
    /** CPU time (user + system) of the server process per request, in µs; 1e6 / it is the rate one free core could serve. */
    readonly serverCpuUsPerRequest: number;
  };
  readonly peakRssMb: number;
}

const TABLE = 'PULL_BENCH';
const CLIENT_FLAG = '--pull-bench-client';
const WARM_UP = 500;

function figures(latenciesMs: number[], elapsedMs: number): LatencyFigures {
  const sorted = Float64Array.from(latenciesMs).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, perSecond: (sorted.length / elapsedMs) * 1000, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}

/** A fixed pseudo-random sequence, so runs look up the same keys. */
function keys(n: number, rows: number, seed = 42): Int32Array {
  const out = new Int32Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) % rows;
  }
  return out;
}

function produceRows(engine: Engine, rows: number): void {
  const batch = 10_000;
  for (let start = 0; start < rows; start += batch) {
    const records: ProduceRecord[] = [];
    for (let id = start; id < Math.min(rows, start + batch); id++) {
      const key = Buffer.allocUnsafe(4);
      key.writeInt32BE(id, 0);
      const value = `{"NAME":"user-${id}","CITY":"city-${id % 1000}","VISITS":${id % 97},"SCORE":${(id % 1000) / 10}}`;
      records.push({ key, value: Buffer.from(value), timestamp: 1_700_000_000_000 + id });
    }
    engine.log.produce(TABLE, records);
  }
}

export async function runPullBench(opts: PullBenchOptions = {}): Promise<PullBenchResult> {
  const rows = opts.rows ?? 1_000_000;
  const lookups = opts.lookups ?? 100_000;
  const httpRequests = opts.httpRequests ?? 50_000;
  const concurrency = opts.concurrency ?? 8;
  const say = opts.progress ?? ((): void => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'ksqlite-pull-bench-'));
  const engine = new Engine({ dataDir: dir, processingLogStream: false });
  let peakRss = process.memoryUsage().rss;
  const sample = (): void => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  try {
    await engine.execute(
      `CREATE SOURCE TABLE ${TABLE} (ID INT PRIMARY KEY, NAME STRING, CITY STRING, VISITS INT, SCORE DOUBLE)
       WITH (KAFKA_TOPIC='${TABLE}', PARTITIONS=1, VALUE_FORMAT='JSON');`,
    );
    say(`materializing ${rows} rows`);
    const t0 = performance.now();
    produceRows(engine, rows);
    engine.runUntilIdle();
    const materializeMs = performance.now() - t0;
    sample();
    say(`  ${Math.round((rows / materializeMs) * 1000)} rows/s`);

    // Library API: one lookup at a time, each awaited, as an application would.
    const libKeys = keys(lookups, rows);
    const warm = Math.min(2000, lookups);
    for (let i = 0; i < warm; i++) await lookup(engine, libKeys[i]!);
    const lat: number[] = new Array<number>(lookups);
    const l0 = performance.now();
    for (let i = 0; i < lookups; i++) {
      const s = performance.now();
      const found = await lookup(engine, libKeys[i]!);
      lat[i] = performance.now() - s;
      if (found !== 1) throw new Error(`key ${libKeys[i]} returned ${found} rows`);
    }
    const library = figures(lat, performance.now() - l0);
    sample();
    say(`  library: ${Math.round(library.perSecond)} lookups/s, p50 ${library.p50Ms.toFixed(3)} ms, p99 ${library.p99Ms.toFixed(3)} ms`);

    // HTTP: the client runs in its own process, so it does not share the server's event loop.
    const server = await KsqliteServer.start({ engine, host: '127.0.0.1', port: 0 });
    let httpFigures: PullBenchResult['http'];
    try {
      // The client is another process: the server's CPU time is then its own.
      const client = fork(fileURLToPath(import.meta.url), [CLIENT_FLAG, JSON.stringify({ url: server.url, requests: httpRequests, concurrency, rows, http2: opts.http2 === true } satisfies ClientJob)]);
      const timer = setInterval(sample, 200);
      const cpu0 = process.cpuUsage();
      const result = await new Promise<ClientResult>((resolve, reject) => {
        client.once('message', (m: ClientResult) => resolve(m));
        client.once('error', reject);
        client.once('exit', (code) => reject(new Error(`the pull bench client exited with ${code} before answering`)));
      });
      const cpu = process.cpuUsage(cpu0);
      clearInterval(timer);
      client.kill();
      // Server CPU (user + system) per request, warm-up included: steadier than requests/s on a shared machine.
      const cpuUs = (cpu.user + cpu.system) / (httpRequests + Math.min(WARM_UP, httpRequests));
      httpFigures = { ...figures(result.latencies, result.elapsedMs), concurrency, errors: result.errors, serverCpuUsPerRequest: Number(cpuUs.toFixed(1)) };
    } finally {
      await server.close();
    }
    say(`  http: ${Math.round(httpFigures.perSecond)} requests/s at concurrency ${concurrency}, p50 ${httpFigures.p50Ms.toFixed(2)} ms, p99 ${httpFigures.p99Ms.toFixed(2)} ms, errors ${httpFigures.errors}, server CPU ${httpFigures.serverCpuUsPerRequest} µs per request`);
    return {
      rows,
      materializeRecordsPerSecond: (rows / materializeMs) * 1000,
      library,
      http: httpFigures,
      peakRssMb: peakRss / 1024 / 1024,
    };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function lookup(engine: Engine, id: number): Promise<number> {
  const q = await engine.query(`SELECT * FROM ${TABLE} WHERE ID = ${id};`);
  let n = 0;
  for await (const _row of q) n++;
  return n;
}

interface ClientJob {
  readonly url: string;
  readonly requests: number;
  readonly concurrency: number;
  readonly rows: number;
  /** HTTP/2 (one connection, `concurrency` streams at a time) instead of HTTP/1.1 connections. */
  readonly http2: boolean;
}

interface ClientResult {
  readonly latencies: number[];
  readonly elapsedMs: number;
  readonly errors: number;
}

/**
 * The client process: `concurrency` keep-alive HTTP/1.1 connections, each sending its next request when
 * the last was answered. Requests and answers are read straight off the sockets, so the load
 * generator costs little CPU next to the server it measures.
 */
async function runClient(job: ClientJob): Promise<ClientResult> {
  const url = new URL(job.url);
  const ids = keys(job.requests, job.rows, 7);
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const session = job.http2 ? http2.connect(url) : undefined;
  const connections = await Promise.all(Array.from({ length: job.concurrency }, () => (session !== undefined ? h2Lane(session) : connect(url))));
  // A short warm-up, not measured.
  for (let i = 0; i < Math.min(WARM_UP, job.requests); i++) if (!(await connections[0]!.lookup(ids[i]!))) errors++;
  errors = 0;
  const t0 = performance.now();
  const lane = async (c: Connection): Promise<void> => {
    while (next < job.requests) {
      const id = ids[next++]!;
      const s = performance.now();
      const ok = await c.lookup(id);
      latencies.push(performance.now() - s);
      if (!ok) errors++;
    }
  };
  await Promise.all(connections.map(lane));
  const elapsedMs = performance.now() - t0;
  for (const c of connections) c.close();
  session?.close();
  return { latencies, elapsedMs, errors };
}

interface Connection {
  /** True when the answer is 200 with the header and exactly one row. */
  lookup(id: number): Promise<boolean>;
  close(): void;
}

function connect(url: URL): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    socket.setNoDelay(true);
    let buffer = '';
    let waiting: ((ok: boolean) => void) | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      buffer += d;
      const headEnd = buffer.indexOf('\r\n\r\n');
      if (headEnd < 0 || waiting === undefined) return;
      const head = buffer.slice(0, headEnd);
      const chunked = /transfer-encoding: *chunked/i.test(head);
      let body: string | undefined;
      if (chunked) {
        if (!buffer.endsWith('\r\n0\r\n\r\n')) return;
        body = dechunk(buffer.slice(headEnd + 4));
      } else {
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (Buffer.byteLength(buffer.slice(headEnd + 4)) < length) return;
        body = buffer.slice(headEnd + 4);
      }
      buffer = '';
      const ok = head.startsWith('HTTP/1.1 200') && body.split('\n').filter((l) => l !== '').length === 2;
      const w = waiting;
      waiting = undefined;
      w(ok);
    });
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({
        lookup: (id) =>
          new Promise((done) => {
            waiting = done;
            const body = `{"sql":"SELECT * FROM ${TABLE} WHERE ID = ${id};"}`;
            socket.write(`POST /query-stream HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
          }),
        close: () => socket.destroy(),
      }),
    );
  });
}

/** A lane of requests on a shared HTTP/2 session: one stream per request, one at a time. */
async function h2Lane(session: http2.ClientHttp2Session): Promise<Connection> {
  return {
    lookup: (id) =>
      new Promise((done) => {
        const stream = session.request({ ':method': 'POST', ':path': '/query-stream', 'content-type': 'application/json' });
        let status = 0;
        let body = '';
        stream.setEncoding('utf8');
        stream.on('response', (h) => (status = Number(h[':status'])));
        stream.on('data', (d: string) => (body += d));
        stream.on('end', () => done(status === 200 && body.split('\n').filter((l) => l !== '').length === 2));
        stream.on('error', () => done(false));
        stream.end(`{"sql":"SELECT * FROM ${TABLE} WHERE ID = ${id};"}`);
      }),
    close: () => undefined,
  };
}

function dechunk(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = text.indexOf('\r\n', at);
    const size = parseInt(text.slice(at, eol), 16);
    if (!(size > 0)) return out;
    // Sizes count bytes; the answers here are ASCII.
    out += text.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

function flagValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const clientJob = flagValue(process.argv, CLIENT_FLAG);
if (clientJob !== undefined) {
  void runClient(JSON.parse(clientJob) as ClientJob).then((r) => process.send!(r, () => process.exit(0)));
} else if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const num = (name: string): number | undefined => {
    const v = flagValue(args, name);
    return v === undefined ? undefined : Number(v);
  };
  const result = await runPullBench({
    rows: num('--rows'),
    lookups: num('--lookups'),
    httpRequests: num('--http-requests'),
    concurrency: num('--concurrency'),
    http2: args.includes('--http2'),
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  const json = flagValue(args, '--json');
  if (json !== undefined) writeFileSync(json, JSON.stringify(result, null, 2));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
