// Push-query benchmark: a real server on 127.0.0.1 with N concurrent push queries
// (`SELECT * ... EMIT CHANGES` over POST /query-stream, HTTP/1.1, one connection each) on one
// stream; rows are produced, every query must receive every row in order (else it throws), and
// the server's memory per open query and the delivery rate (rows x queries per second) are reported.
// Standalone: `node dist/bench/push-bench.js [--queries N] [--rows N] [--json FILE]`.

import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Engine } from '../src/engine/engine.js';
import type { ProduceRecord } from '../src/log/types.js';
import { KsqliteServer } from '../src/server/server.js';

export interface PushBenchOptions {
  /** Concurrent push queries (default 500). */
  readonly queries?: number;
  /** Rows produced once every query is open (default 2,000). */
  readonly rows?: number;
  readonly progress?: (line: string) => void;
}

export interface PushBenchResult {
  readonly queries: number;
  readonly rows: number;
  /** Seconds until every query answered with its header. */
  readonly openSeconds: number;
  /** Server heap (JS heap + external buffers) per open query, after a full GC, in KB. */
  readonly heapPerQueryKb: number;
  /** Server process RSS growth per open query, in KB. */
  readonly rssPerQueryKb: number;
  /** Rows received by all queries together, per second, from the first row produced to the last received. */
  readonly deliveredRowsPerSecond: number;
  /** Rows produced per second that reached every query. */
  readonly sourceRowsPerSecond: number;
  readonly seconds: number;
  /** Transient queries still open once the clients disconnected (0: each disconnect freed its query). */
  readonly queriesLeftAfterClose: number;
}

const STREAM = 'PUSH_BENCH';
const CLIENT_FLAG = '--push-bench-client';

/** A full GC when the runtime allows one (it does once --expose-gc is set before the first call). */
function collect(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  if (typeof gc === 'function') {
    gc();
    gc();
  }
}

function serverMemory(): { heap: number; rss: number } {
  collect();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external, rss: m.rss };
}

export async function runPushBench(opts: PushBenchOptions = {}): Promise<PushBenchResult> {
  const queries = opts.queries ?? 500;
  const rows = opts.rows ?? 2000;
  const say = opts.progress ?? ((): void => undefined);
  const engine = new Engine({ inMemory: true, processingLogStream: false });
  try {
    await engine.execute(`CREATE STREAM ${STREAM} (ID INT KEY, NAME STRING, V BIGINT) WITH (KAFKA_TOPIC='${STREAM}', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    const server = await KsqliteServer.start({ engine, host: '127.0.0.1', port: 0 });
    // The clients run in another process, so the server's memory and CPU are its own.
    const client = fork(fileURLToPath(import.meta.url), [CLIENT_FLAG, JSON.stringify({ url: server.url, queries, rows } satisfies ClientJob)]);
    try {
      const messages = inbox(client);
      await messages.next('ready');
      const before = serverMemory();
      say(`opening ${queries} push queries over HTTP/1.1`);
      const t0 = performance.now();
      client.send('open');
      await messages.next('open');
      const openSeconds = (performance.now() - t0) / 1000;
      const transient = (): number => engine.runningQueries().filter((q) => q.id.startsWith('transient_')).length;
      if (transient() !== queries) throw new Error(`${transient()} transient queries run, not ${queries}`);
      const after = serverMemory();
      const heapPerQueryKb = (after.heap - before.heap) / queries / 1024;
      const rssPerQueryKb = (after.rss - before.rss) / queries / 1024;
      say(`  open in ${openSeconds.toFixed(2)} s; ${heapPerQueryKb.toFixed(1)} KB heap, ${rssPerQueryKb.toFixed(1)} KB RSS per query`);

      const delivered = messages.next('delivered');
      const p0 = performance.now();
      produceRows(engine, rows);
      await delivered;
      const seconds = (performance.now() - p0) / 1000;
      say(`  ${rows} rows reached all ${queries} queries in ${seconds.toFixed(2)} s: ${Math.round((rows * queries) / seconds)} rows/s delivered`);

      client.send('close');
      await messages.next('closed');
      // Each disconnect ends its query; give the server's close handlers a few turns.
      const deadline = Date.now() + 10_000;
      while (transient() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return {
        queries,
        rows,
        openSeconds: round(openSeconds, 3),
        heapPerQueryKb: round(heapPerQueryKb, 1),
        rssPerQueryKb: round(rssPerQueryKb, 1),
        deliveredRowsPerSecond: Math.round((rows * queries) / seconds),
        sourceRowsPerSecond: Math.round(rows / seconds),
        seconds: round(seconds, 3),
        queriesLeftAfterClose: transient(),
      };
    } finally {
      client.kill();
      await server.close();
    }
  } finally {
    await engine.close();
  }
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

function produceRows(engine: Engine, rows: number): void {
  const batch = 500;
  for (let start = 0; start < rows; start += batch) {
    const records: ProduceRecord[] = [];
    for (let id = start; id < Math.min(rows, start + batch); id++) {
      const key = Buffer.allocUnsafe(4);
      key.writeInt32BE(id, 0);
      records.push({ key, value: Buffer.from(`{"NAME":"row-${id}","V":${id * 7}}`), timestamp: 1_700_000_000_000 + id });
    }
    engine.log.produce(STREAM, records);
  }
}

type ClientMessage = 'ready' | 'open' | 'delivered' | 'closed' | { readonly error: string };

/** The client process's messages in order; a message other than the one awaited (or an error) rejects. */
function inbox(client: ChildProcess): { next(expected: ClientMessage): Promise<void> } {
  const queue: ClientMessage[] = [];
  let waiting: ((m: ClientMessage) => void) | undefined;
  let failure: Error | undefined;
  const deliver = (m: ClientMessage): void => {
    if (waiting !== undefined) {
      const w = waiting;
      waiting = undefined;
      w(m);
    } else queue.push(m);
  };
  client.on('message', (m) => deliver(m as ClientMessage));
  client.on('error', (e) => {
    failure = e;
    deliver({ error: e.message });
  });
  client.on('exit', (code) => deliver({ error: `the client process exited with ${code}` }));
  return {
    next: async (expected) => {
      if (failure !== undefined) throw failure;
      const m = queue.shift() ?? (await new Promise<ClientMessage>((r) => (waiting = r)));
      if (m !== expected) throw new Error(typeof m === 'string' ? `push bench client said '${m}', expected '${String(expected)}'` : `push bench client: ${m.error}`);
    },
  };
}

interface ClientJob {
  readonly url: string;
  readonly queries: number;
  readonly rows: number;
}

/**
 * The client process: one HTTP/1.1 connection per query. Each checks that its rows come
 * in the order produced, with the values produced, and none missing; it reports 'delivered' once
 * every query has every row.
 */
function runClient(job: ClientJob): void {
  const send = (m: ClientMessage): void => {
    process.send!(m);
  };
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const requests: http.ClientRequest[] = [];
  let opened = 0;
  let complete = 0;
  const fail = (e: unknown): void => {
    send({ error: e instanceof Error ? e.message : String(e) });
  };
  const open = (): void => {
    for (let q = 0; q < job.queries; q++) {
      let headerSeen = false;
      let received = 0;
      let pending = '';
      const req = http.request(`${job.url}/query-stream`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
        if (res.statusCode !== 200) return fail(new Error(`query ${q}: HTTP ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          pending += d;
          let nl: number;
          while ((nl = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, nl);
            pending = pending.slice(nl + 1);
            if (!headerSeen) {
              headerSeen = true;
              if (!line.includes('"queryId"')) return fail(new Error(`query ${q}: no header but ${line}`));
              if (++opened === job.queries) send('open');
              continue;
            }
            const id = received;
            if (line !== `[${id},"row-${id}",${id * 7}]`) return fail(new Error(`query ${q}: row ${id} was ${line}`));
            if (++received === job.rows && ++complete === job.queries) send('delivered');
          }
        });
        res.on('error', () => undefined);
      });
      req.on('error', (e) => {
        if (!closing) fail(e);
      });
      req.end(JSON.stringify({ sql: `SELECT * FROM ${STREAM} EMIT CHANGES;` }));
      requests.push(req);
    }
  };
  let closing = false;
  process.on('message', (m: string) => {
    if (m === 'open') open();
    else if (m === 'close') {
      closing = true;
      for (const r of requests) r.destroy();
      agent.destroy();
      send('closed');
    }
  });
  send('ready');
}

function flagValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const clientJob = flagValue(process.argv, CLIENT_FLAG);
if (clientJob !== undefined) {
  runClient(JSON.parse(clientJob) as ClientJob);
} else if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const num = (name: string): number | undefined => {
    const v = flagValue(args, name);
    return v === undefined ? undefined : Number(v);
  };
  const result = await runPushBench({ queries: num('--queries'), rows: num('--rows'), progress: (line) => process.stderr.write(`${line}\n`) });
  const json = flagValue(args, '--json');
  if (json !== undefined) writeFileSync(json, JSON.stringify(result, null, 2));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
