// The server's Prometheus metrics (GET /metrics, text format 0.0.4): requests by endpoint and
// status, push queries open and rows sent, the pull-query latency histogram, and per-query
// records in and out read from the engine when scraped.

import type { Engine } from '../engine/engine.js';

/** Pull-query latency buckets in seconds: sub-millisecond lookups up to slow scans. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

class Histogram {
  readonly counts = new Array<number>(LATENCY_BUCKETS.length).fill(0);
  sum = 0;
  count = 0;

  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) {
      if (seconds <= LATENCY_BUCKETS[i]!) {
        this.counts[i]!++;
        break;
      }
    }
  }
}

export class ServerMetrics {
  private readonly requests = new Map<string, number>();
  private readonly pullLatency = new Histogram();
  pushQueriesStarted = 0;
  pullQueriesRun = 0;
  rowsSent = 0;
  queryErrors = 0;
  webSocketsOpen = 0;

  /** Counts a finished request; `endpoint` is a route pattern, never a raw path (bounded labels). */
  request(endpoint: string, status: number): void {
    const key = `${endpoint}\u0000${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  pullQuery(seconds: number): void {
    this.pullQueriesRun++;
    this.pullLatency.observe(seconds);
  }

  /** The metrics as Prometheus text. `openPushQueries` comes from the server's query registry. */
  render(engine: Engine, openPushQueries: number): string {
    const out: string[] = [];
    const family = (name: string, type: string, help: string): void => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    };
    family('ksqlite_http_requests_total', 'counter', 'HTTP requests answered, by endpoint and status code.');
    for (const [key, n] of this.requests) {
      const [endpoint, status] = key.split('\u0000');
      out.push(`ksqlite_http_requests_total{endpoint="${label(endpoint!)}",status="${status}"} ${n}`);
    }
    family('ksqlite_push_queries_open', 'gauge', 'Push queries currently streaming to a client.');
    out.push(`ksqlite_push_queries_open ${openPushQueries}`);
    family('ksqlite_push_queries_started_total', 'counter', 'Push queries started by clients.');
    out.push(`ksqlite_push_queries_started_total ${this.pushQueriesStarted}`);
    family('ksqlite_query_rows_sent_total', 'counter', 'Rows sent to clients by push and pull queries.');
    out.push(`ksqlite_query_rows_sent_total ${this.rowsSent}`);
    family('ksqlite_query_request_errors_total', 'counter', 'Query requests refused or failed.');
    out.push(`ksqlite_query_request_errors_total ${this.queryErrors}`);
    family('ksqlite_websockets_open', 'gauge', 'WebSocket query connections open.');
    out.push(`ksqlite_websockets_open ${this.webSocketsOpen}`);
    family('ksqlite_pull_query_latency_seconds', 'histogram', 'Pull-query latency, from request to the last row sent.');
    let cumulative = 0;
    LATENCY_BUCKETS.forEach((le, i) => {
      cumulative += this.pullLatency.counts[i]!;
      out.push(`ksqlite_pull_query_latency_seconds_bucket{le="${le}"} ${cumulative}`);
    });
    out.push(`ksqlite_pull_query_latency_seconds_bucket{le="+Inf"} ${this.pullLatency.count}`);
    out.push(`ksqlite_pull_query_latency_seconds_sum ${this.pullLatency.sum}`);
    out.push(`ksqlite_pull_query_latency_seconds_count ${this.pullLatency.count}`);
    const queries = engine.runningQueries();
    family('ksqlite_query_records_in_total', 'counter', 'Records read by each running query.');
    for (const q of queries) out.push(`ksqlite_query_records_in_total{query_id="${label(q.id)}"} ${q.recordsIn}`);
    family('ksqlite_query_records_out_total', 'counter', 'Records written by each running persistent query.');
    for (const q of queries) out.push(`ksqlite_query_records_out_total{query_id="${label(q.id)}"} ${q.recordsOut}`);
    family('ksqlite_query_state', 'gauge', 'State of each running query (1 for the state it is in).');
    for (const q of queries) out.push(`ksqlite_query_state{query_id="${label(q.id)}",state="${label(q.state)}"} 1`);
    return out.join('\n') + '\n';
  }
}

function label(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
