// What every endpoint shares: the engine, the queries open on behalf of clients (so /close-query,
// TERMINATE and a server shutdown can end them), the status of recent commands for /status, the
// metrics and the server's settings.

import type { Engine } from '../engine/engine.js';
import type { ServerMetrics } from './metrics.js';

export interface ServerConfig {
  /** Started with --queries-file: statements on /ksql are refused. */
  readonly headless: boolean;
  readonly maxBodyBytes: number;
  /** ksqlDB's ksql.service.id, reported by /info. */
  readonly serviceId: string;
  /** Properties a request may not override (ksqlDB's immutable properties plus the configured ones). */
  readonly propertyDenylist: ReadonlySet<string>;
  readonly version: string;
}

export interface ServerContext {
  readonly engine: Engine;
  readonly queries: QueryRegistry;
  readonly commands: CommandStore;
  readonly metrics: ServerMetrics;
  readonly config: ServerConfig;
  /** `host:port` the server listens on, as /clusterStatus names it. */
  hostInfo(): string;
}

/** A query streaming to a client. */
export interface OpenQuery {
  readonly id: string;
  readonly pull: boolean;
  /** Ends the query at the client's request (/close-query, TERMINATE): the stream just ends. */
  close(): void;
}

export class QueryRegistry {
  private readonly open = new Map<string, OpenQuery>();
  private pushCount = 0;

  add(q: OpenQuery): void {
    this.open.set(q.id, q);
    if (!q.pull) this.pushCount++;
  }

  remove(q: OpenQuery): void {
    if (this.open.get(q.id) !== q) return;
    this.open.delete(q.id);
    if (!q.pull) this.pushCount--;
  }

  get(id: string): OpenQuery | undefined {
    return this.open.get(id) ?? [...this.open.values()].find((q) => q.id.toUpperCase() === id.toUpperCase());
  }

  get openPushQueries(): number {
    return this.pushCount;
  }

  closeAll(): void {
    for (const q of [...this.open.values()]) q.close();
  }
}

export interface CommandStatusEntry {
  readonly status: string;
  readonly message: string;
}

/** Status of the latest commands by commandId, for GET /status/{commandId}; bounded. */
export class CommandStore {
  private readonly entries = new Map<string, CommandStatusEntry>();

  constructor(private readonly capacity = 10_000) {}

  put(commandId: string, entry: CommandStatusEntry): void {
    if (commandId === '') return;
    this.entries.delete(commandId);
    this.entries.set(commandId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  get(commandId: string): CommandStatusEntry | undefined {
    return this.entries.get(commandId);
  }
}
