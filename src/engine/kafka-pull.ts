// Pull queries on tables in Kafka mode: each key lives in one input partition of the query that
// keeps the table, and each partition's rows on the instance its consumer group gave it to. Local
// partitions are answered here; the others are asked of their owners over REST, and merged.

import type { TablePullPlan } from '../analyze/plan-pull.js';
import type { DataSource } from '../catalog/types.js';
import { KsqlError, messageOf } from '../errors.js';
import { formatQuery } from '../sql/format.js';
import type { Query } from '../sql/ast.js';
import { deserializeState } from '../state/index.js';
import type { ExecContext } from './context.js';
import { KafkaTable, kafkaTableOf } from './kafka-materialize.js';
import { sourceTableTaskId } from './materialize.js';
import { answer, PreparedPull } from './pull-query.js';
import type { PullQuery } from './pull-query.js';
import { forgetOwners, partitionOwners } from './pull-routing.js';
import { starSchema } from './pull-star-schema.js';
import type { PartitionOwner } from './pull-routing.js';

/** Set on a request forwarded by another instance: answer from local state, never forward again. */
export const INTERNAL_REQUEST = 'ksql.query.pull.internal.request';
/** With INTERNAL_REQUEST: the partitions (comma-separated) the forwarding instance asks for. */
export const PARTITIONS_PROPERTY = 'ksql.query.pull.partitions';
/** The REST path instances forward pull queries to (see src/server/pull-partitions-endpoint.ts). */
export const FORWARD_PATH = '/ksqlite/pull-partitions';

/** The Kafka-mode table of `source` on this instance, when a query keeps one. */
export function kafkaTableOfSource(ctx: ExecContext, source: DataSource): KafkaTable | undefined {
  if (ctx.kafka === undefined || source.sourceType !== 'TABLE') return undefined;
  const owner = source.createdByQuery ?? (source.isSource ? sourceTableTaskId(source.name) : undefined);
  return owner === undefined ? undefined : kafkaTableOf(ctx.kafka, owner);
}

let counter = 0;

export async function startKafkaPull(ctx: ExecContext, plan: TablePullPlan, query: Query, table: KafkaTable): Promise<PullQuery> {
  const prepared = new PreparedPull(plan, table.table, ctx.functions, starSchema(query, plan.source, plan.columns));
  const name = plan.source.name;
  const header = { queryId: `transient_${name}_${Date.now()}${counter++}`, ...prepared.header };
  const keys = prepared.keys();
  const { spec } = table;
  const partitionOf = spec.partitionOf;
  const all = Array.from({ length: spec.partitions }, (_v, i) => i);
  const local = async (partitions: readonly number[]): Promise<unknown[][]> => {
    await table.whenReady(partitions, name);
    const wanted = new Set(partitions);
    if (keys !== undefined && partitionOf !== undefined) return prepared.rows(keys.filter((k) => wanted.has(partitionOf(k))));
    return prepared.rows(keys, wanted.size >= spec.partitions ? undefined : KafkaTable.inPartitions(wanted));
  };

  if (ctx.properties[INTERNAL_REQUEST] === 'true') {
    const asked = parsePartitions(ctx.properties[PARTITIONS_PROPERTY]) ?? all;
    return answer(header, await local(asked), true, plan.limit);
  }

  const needed = keys !== undefined && partitionOf !== undefined ? [...new Set(keys.map(partitionOf))].sort((a, b) => a - b) : all;
  if (needed.length === 0) return answer(header, [], true, plan.limit);
  const k = ctx.kafka!;
  const sql = formatQuery(query);
  for (let attempt = 0; ; attempt++) {
    const owners = await partitionOwners(k, spec.groupId, spec.topic, spec.partitions);
    const { mine, remote } = split(needed, owners, name);
    if (remote.size === 0) return answer(header, await local(mine), true, plan.limit);
    if (plan.sqlOrder !== undefined || plan.rowOrder !== undefined || (plan.offset ?? 0) > 0)
      throw new KsqlError(
        'UNSUPPORTED',
        `ORDER BY and OFFSET are not supported in pull queries on table ${name} while its partitions are split over several instances (${[...remote.keys()].join(', ')} hold some).`,
      );
    try {
      const parts = await Promise.all([
        mine.length > 0 ? local(mine) : Promise.resolve([]),
        ...[...remote].map(([url, partitions]) => forward(url, sql, ctx.properties, partitions, name)),
      ]);
      const rows = parts.flat();
      return answer(header, plan.limit === undefined ? rows : rows.slice(0, plan.limit), true, plan.limit);
    } catch (e) {
      // Owners may have changed (a rebalance, an instance gone): the next query asks the group again.
      forgetOwners(k, spec.groupId);
      // An owner that lost its partitions in a rebalance says so: find the new owners, once.
      if (attempt > 0 || !(e instanceof KsqlError) || !/not held by this instance/.test(e.message)) throw e;
    }
  }
}

/** Splits the partitions into this instance's and each remote owner's (by REST URL). */
export function split(needed: readonly number[], owners: ReadonlyMap<number, PartitionOwner>, table: string): { mine: number[]; remote: Map<string, number[]> } {
  const mine: number[] = [];
  const remote = new Map<string, number[]>();
  for (const p of needed) {
    const owner = owners.get(p);
    if (owner === undefined) throw new KsqlError('TOPIC', `No instance holds partition ${p} of table ${table} right now; retry once its query runs.`);
    if (owner.local) {
      mine.push(p);
      continue;
    }
    if (owner.url === undefined)
      throw new KsqlError(
        'UNSUPPORTED',
        `Partition ${p} of table ${table} is held by instance ${owner.instance}, which runs no REST server to forward the pull query to: start a server there (or use one instance).`,
      );
    let list = remote.get(owner.url);
    if (list === undefined) remote.set(owner.url, (list = []));
    list.push(p);
  }
  return { mine, remote };
}

export function parsePartitions(text: string | undefined): number[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const out = text.split(',').map((t) => Number(t.trim()));
  if (out.some((p) => !Number.isInteger(p) || p < 0)) throw new KsqlError('INVALID_STATEMENT', `${PARTITIONS_PROPERTY} must list partition numbers, got '${text}'.`);
  return out;
}

/** Asks the instance at `url` for the rows of `partitions`; its rows come back in the state codec. */
async function forward(url: string, sql: string, properties: Readonly<Record<string, string>>, partitions: readonly number[], table: string): Promise<unknown[][]> {
  let res: Response;
  try {
    res = await fetch(`${url}${FORWARD_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql, properties, partitions }),
    });
  } catch (e) {
    throw new KsqlError('TOPIC', `Partition(s) ${partitions.join(', ')} of table ${table} are held by the instance at ${url}, which does not answer: ${messageOf(e instanceof Error && e.cause !== undefined ? e.cause : e)}`);
  }
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) {
    let message = body.toString('utf8');
    try {
      const v = JSON.parse(message) as { message?: unknown };
      if (typeof v.message === 'string') message = v.message;
    } catch {
      // Not JSON: the text as it came.
    }
    throw new KsqlError('TOPIC', `The instance at ${url} (holding partition(s) ${partitions.join(', ')} of table ${table}) failed: ${message}`);
  }
  return deserializeState(Buffer.from(body.toString('latin1'), 'base64')) as unknown[][];
}
