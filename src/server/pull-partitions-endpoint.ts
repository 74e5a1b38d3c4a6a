// POST /ksqlite/pull-partitions: how instances of one Kafka-mode deployment forward pull queries
// to each other. The owner of the partitions asked for answers from its local state only (never
// forwards again) and sends the rows in the engine's state codec, so values come back exactly.

import { INTERNAL_REQUEST, PARTITIONS_PROPERTY } from '../engine/kafka-pull.js';
import { serializeState } from '../state/index.js';
import type { ServerContext } from './context.js';
import { badRequest, statementFailure } from './error-entities.js';
import type { Req, Res } from './http-io.js';
import { readJsonObject, stringField, stringMap } from './http-io.js';

export async function handlePullPartitions(ctx: ServerContext, req: Req, res: Res): Promise<void> {
  const body = await readJsonObject(req, ctx.config.maxBodyBytes);
  const sql = stringField(body, 'sql');
  const partitions = body['partitions'];
  if (!Array.isArray(partitions) || partitions.some((p) => typeof p !== 'number')) throw badRequest("Field 'partitions' must be an array of partition numbers.");
  const properties = { ...stringMap(body, 'properties'), [INTERNAL_REQUEST]: 'true', [PARTITIONS_PROPERTY]: partitions.join(',') };
  const rows: unknown[][] = [];
  try {
    const query = await ctx.engine.query(sql, { properties });
    for await (const row of query) rows.push(row);
  } catch (e) {
    throw statementFailure(e, sql);
  }
  const text = serializeState(rows).toString('base64');
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
