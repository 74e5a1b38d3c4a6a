// The small read-only endpoints: GET /info, /healthcheck, /clusterStatus (one node: this one)
// and /metrics (Prometheus text).

import type { ServerContext } from './context.js';
import type { Req, Res } from './http-io.js';
import { jsonMediaType, sendJson } from './http-io.js';

/** ksqlDB's kafkaClusterId for the embedded log, which has no Kafka cluster behind it. */
const EMBEDDED_CLUSTER_ID = 'ksqlite-embedded';

export function handleInfo(ctx: ServerContext, req: Req, res: Res): Promise<void> {
  sendJson(
    res,
    200,
    {
      KsqlServerInfo: {
        version: ctx.config.version,
        kafkaClusterId: EMBEDDED_CLUSTER_ID,
        ksqlServiceId: ctx.config.serviceId,
        serverStatus: 'RUNNING',
      },
    },
    jsonMediaType(req.headers),
  );
  return Promise.resolve();
}

export function handleHealthcheck(ctx: ServerContext, req: Req, res: Res): Promise<void> {
  const healthy = { isHealthy: true };
  sendJson(
    res,
    200,
    { isHealthy: true, details: { metastore: healthy, kafka: healthy, commandRunner: healthy } },
    jsonMediaType(req.headers),
  );
  return Promise.resolve();
}

export function handleClusterStatus(ctx: ServerContext, req: Req, res: Res): Promise<void> {
  const now = Date.now();
  sendJson(
    res,
    200,
    {
      clusterStatus: {
        [ctx.hostInfo()]: {
          hostAlive: true,
          lastStatusUpdateMs: now,
          activeStandbyPerQuery: {},
          hostStoreLags: { stateStoreLags: {}, updateTimeMs: now },
        },
      },
    },
    jsonMediaType(req.headers),
  );
  return Promise.resolve();
}

export function handleMetrics(ctx: ServerContext, _req: Req, res: Res): Promise<void> {
  const text = ctx.metrics.render(ctx.engine, ctx.queries.openPushQueries);
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
  return Promise.resolve();
}
