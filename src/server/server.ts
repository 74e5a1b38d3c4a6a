// `KsqliteServer`: ksqlDB's REST API over an Engine. Routes requests to the endpoint modules,
// checks HTTP Basic credentials when a users file is given, counts requests for /metrics, and
// turns every failure into ksqlDB's error object (never a stack trace).

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Engine } from '../engine/engine.js';
import { stringifyJson } from '../serde/json-value.js';
import type { UserTable } from './auth.js';
import { unauthorized } from './auth.js';
import type { ServerConfig, ServerContext } from './context.js';
import { CommandStore, QueryRegistry } from './context.js';
import { ErrorCodes, HttpError, genericError, requestFailure } from './error-entities.js';
import type { Req, Res } from './http-io.js';
import { APPLICATION_JSON, jsonMediaType, pathOf, sendError } from './http-io.js';
import { handleClusterStatus, handleHealthcheck, handleInfo, handleMetrics } from './info-endpoints.js';
import { handleInsertsStream } from './inserts-stream-endpoint.js';
import { handleIsValidProperty, handleKsql, handleStatus, handleTerminate } from './ksql-endpoint.js';
import { ServerMetrics } from './metrics.js';
import { handleQuery } from './query-endpoint.js';
import { handleCloseQuery, handleQueryStream } from './query-stream-endpoint.js';
import { handlePullPartitions } from './pull-partitions-endpoint.js';
import { advertiseRestUrl } from '../engine/pull-routing.js';
import { FORWARD_PATH } from '../engine/kafka-pull.js';
import { Transport } from './transport.js';
import { WsQueryEndpoint } from './ws-endpoint.js';

export interface ServerOptions {
  readonly engine: Engine;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 8088; 0 picks a free port (see KsqliteServer.port). */
  readonly port?: number;
  /** Serve HTTPS (HTTP/2 and HTTP/1.1 by ALPN) with this PEM key and certificate. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** Require HTTP Basic credentials of one of these users on every endpoint. */
  readonly users?: UserTable;
  /** Realm named in the 401 challenge. */
  readonly realm?: string;
  /** Refuse statements on /ksql (the server runs a queries file). */
  readonly headless?: boolean;
  /** Largest request body (and /inserts-stream line) accepted; default 4 MiB. */
  readonly maxBodyBytes?: number;
  /** ksqlDB's ksql.service.id; default "default_". */
  readonly serviceId?: string;
  /** Properties requests may not override, on top of ksqlDB's immutable ones. */
  readonly propertyDenylist?: readonly string[];
}

/** The ksqlDB version whose REST API this server speaks, as /info reports it. */
export const KSQLDB_API_VERSION = '0.29.0';

/** Properties only the server sets (ksqlDB's immutable properties). */
const IMMUTABLE_PROPERTIES = [
  'ksql.service.id',
  'ksql.extension.dir',
  'ksql.persistent.prefix',
  'ksql.output.topic.name.prefix',
  'ksql.internal.topic.replicas',
  'ksql.internal.topic.min.insync.replicas',
  'bootstrap.servers',
  'ksql.streams.bootstrap.servers',
];

type Handler = (ctx: ServerContext, req: Req, res: Res, path: string) => Promise<void>;

interface Route {
  /** Route pattern: the metrics label. */
  readonly label: string;
  readonly methods: readonly string[];
  readonly handler: Handler;
  /** Endpoints of ksqlDB's newer API answer errors as application/json whatever the Accept. */
  readonly newApi?: boolean;
}

const EXACT_ROUTES = new Map<string, Route>([
  ['/ksql', { label: '/ksql', methods: ['POST'], handler: handleKsql }],
  ['/ksql/terminate', { label: '/ksql/terminate', methods: ['POST'], handler: handleTerminate }],
  ['/query', { label: '/query', methods: ['POST'], handler: handleQuery }],
  ['/query-stream', { label: '/query-stream', methods: ['POST'], handler: handleQueryStream, newApi: true }],
  ['/close-query', { label: '/close-query', methods: ['POST'], handler: handleCloseQuery, newApi: true }],
  ['/inserts-stream', { label: '/inserts-stream', methods: ['POST'], handler: handleInsertsStream, newApi: true }],
  ['/info', { label: '/info', methods: ['GET'], handler: handleInfo }],
  ['/healthcheck', { label: '/healthcheck', methods: ['GET'], handler: handleHealthcheck }],
  ['/clusterStatus', { label: '/clusterStatus', methods: ['GET'], handler: handleClusterStatus }],
  ['/metrics', { label: '/metrics', methods: ['GET'], handler: handleMetrics }],
  // Kafka mode: pull queries forwarded by the other instances to the owner of their partitions.
  [FORWARD_PATH, { label: FORWARD_PATH, methods: ['POST'], handler: handlePullPartitions }],
]);

const PREFIX_ROUTES: readonly (readonly [string, Route])[] = [
  ['/status/', { label: '/status/{commandId}', methods: ['GET'], handler: handleStatus }],
  ['/is_valid_property/', { label: '/is_valid_property/{name}', methods: ['GET', 'POST'], handler: handleIsValidProperty }],
];

function findRoute(path: string): Route | undefined {
  const exact = EXACT_ROUTES.get(path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);
  if (exact !== undefined) return exact;
  for (const [prefix, route] of PREFIX_ROUTES) if (path.startsWith(prefix) && path.length > prefix.length) return route;
  return undefined;
}

export class KsqliteServer {
  private readonly ctx: ServerContext;
  private readonly ws: WsQueryEndpoint;
  private transport: Transport | undefined;
  private readonly users: UserTable | undefined;
  private readonly realm: string;

  private constructor(
    private readonly options: ServerOptions,
    readonly host: string,
  ) {
    const config: ServerConfig = {
      headless: options.headless ?? false,
      maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
      serviceId: options.serviceId ?? 'default_',
      propertyDenylist: new Set([...IMMUTABLE_PROPERTIES, ...(options.propertyDenylist ?? [])]),
      version: KSQLDB_API_VERSION,
    };
    this.ctx = {
      engine: options.engine,
      queries: new QueryRegistry(),
      commands: new CommandStore(),
      metrics: new ServerMetrics(),
      config,
      hostInfo: () => `${host}:${this.port}`,
    };
    this.ws = new WsQueryEndpoint(this.ctx);
    this.users = options.users;
    this.realm = options.realm ?? 'ksqlite';
  }

  /** Starts a server and resolves once it listens. */
  static async start(options: ServerOptions): Promise<KsqliteServer> {
    const server = new KsqliteServer(options, options.host ?? '127.0.0.1');
    server.transport = await Transport.listen({
      host: server.host,
      port: options.port ?? 8088,
      tls: options.tls,
      onRequest: (req, res) => server.onRequest(req, res),
      onUpgrade: (req, socket, head) => server.onUpgrade(req, socket, head),
    });
    // Kafka mode: the other instances forward pull queries on this instance's partitions here.
    if (options.engine.kafka !== undefined) advertiseRestUrl(options.engine.kafka, server.url);
    return server;
  }

  /** The port listened on (the ephemeral one when started with port 0). */
  get port(): number {
    return this.transport?.port ?? 0;
  }

  get url(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `${this.options.tls ? 'https' : 'http'}://${host}:${this.port}`;
  }

  /** Ends every query streaming to a client, closes every connection and stops listening. The engine stays open. */
  async close(): Promise<void> {
    this.ctx.queries.closeAll();
    this.ws.close();
    await this.transport?.close();
  }

  /** True when no users file is configured or the request carries a known user's credentials. */
  private authorized(req: Req | IncomingMessage): boolean {
    return this.users === undefined || this.users.authenticate(req.headers.authorization) !== undefined;
  }

  private onRequest(req: Req, res: Res): void {
    const path = pathOf(req.url);
    const route = findRoute(path);
    let counted = false;
    const count = (): void => {
      if (counted) return;
      counted = true;
      this.ctx.metrics.request(route?.label ?? 'other', res.statusCode);
    };
    res.once('finish', count);
    res.once('close', count);
    const errorType = route?.newApi === true ? APPLICATION_JSON : jsonMediaType(req.headers);
    const fail = (e: unknown): void => sendError(res, requestFailure(e), errorType);
    if (!this.authorized(req)) return fail(unauthorized(this.realm));
    if (route === undefined) return fail(new HttpError(404, genericError(ErrorCodes.NOT_FOUND, `Not found: ${path}`)));
    if (!route.methods.includes(req.method ?? '')) {
      return fail(
        new HttpError(405, genericError(ErrorCodes.METHOD_NOT_ALLOWED, `Method ${req.method ?? ''} is not allowed on ${route.label}; use ${route.methods.join(' or ')}.`), {
          allow: route.methods.join(', '),
        }),
      );
    }
    // Handlers may throw before their first await: both ways end in `fail`.
    let pending: Promise<void>;
    try {
      pending = route.handler(this.ctx, req, res, path);
    } catch (e) {
      return fail(e);
    }
    pending.catch(fail);
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    const path = pathOf(req.url);
    let refusal: HttpError | undefined;
    if (!this.authorized(req)) refusal = unauthorized(this.realm);
    else if (path !== '/ws/query' || (req.headers.upgrade ?? '').toLowerCase() !== 'websocket')
      refusal = new HttpError(404, genericError(ErrorCodes.NOT_FOUND, `No WebSocket endpoint at ${path}; use /ws/query.`));
    if (refusal === undefined) {
      this.ws.upgrade(req, socket, head);
      return;
    }
    const body = stringifyJson(refusal.body);
    const headers = Object.entries(refusal.headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.end(
      `HTTP/1.1 ${refusal.status} ${refusal.status === 401 ? 'Unauthorized' : 'Not Found'}\r\n${headers}content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
}
