// POST /ksql: runs the statements of a request in order and answers one ksqlDB entity per
// statement. SET and DEFINE apply to the rest of the request only (ksqlDB's clients keep them
// and send them with each request), so one client's settings never leak into another's.

import type { StatementResult } from '../engine/results.js';
import type { JsonValue } from '../serde/json-value.js';
import type { ParsedStatement } from '../sql/ast.js';
import type { ServerContext } from './context.js';
import type { JsonObject } from './entities.js';
import { toEntity, withSemicolon } from './entities.js';
import { ErrorCodes, HttpError, QUERY_ENDPOINT_MESSAGE, genericError, statementError, statementFailure } from './error-entities.js';
import type { Req, Res } from './http-io.js';
import { jsonMediaType, parseJsonObject, readBody, readJsonObject, sendJson, stringField, stringMap } from './http-io.js';
import { checkProperties } from './query-runner.js';
import { splitStatements } from './split-statements.js';

export function headlessRefusal(): HttpError {
  return new HttpError(
    400,
    genericError(
      ErrorCodes.BAD_REQUEST,
      'This server runs headless from its queries file (--queries-file) and does not accept statements. Edit the queries file and restart the server instead.',
    ),
  );
}

export async function handleKsql(ctx: ServerContext, req: Req, res: Res): Promise<void> {
  if (ctx.config.headless) throw headlessRefusal();
  const body = await readJsonObject(req, ctx.config.maxBodyBytes);
  const sql = stringField(body, 'ksql');
  const properties = stringMap(body, 'streamsProperties');
  const variables = stringMap(body, 'sessionVariables');
  checkProperties(ctx, properties);
  let statements: ParsedStatement[];
  try {
    statements = parseRequest(ctx, sql, variables);
  } catch (e) {
    throw statementFailure(e, sql);
  }
  const entities: JsonValue[] = [];
  for (const p of statements) {
    const kind = p.statement.kind;
    if (kind === 'QueryStatement' || kind === 'Print')
      throw new HttpError(400, statementError(ErrorCodes.QUERY_ENDPOINT, QUERY_ENDPOINT_MESSAGE, p.text, entities));
    let entity: JsonObject | null;
    try {
      entity = await runStatement(ctx, p, variables, properties);
    } catch (e) {
      throw statementFailure(e, p.text, entities);
    }
    if (entity !== null) entities.push(entity);
  }
  sendJson(res, 200, entities, jsonMediaType(req.headers));
}

/**
 * Parses a request's statements before any runs, so a syntax error anywhere changes nothing.
 * With `${var}` references, statement by statement: a DEFINE applies to the statements after it.
 */
function parseRequest(ctx: ServerContext, sql: string, variables: Readonly<Record<string, string>>): ParsedStatement[] {
  if (!sql.includes('${')) return ctx.engine.parse(sql, variables);
  const vars: Record<string, string> = { ...variables };
  const out: ParsedStatement[] = [];
  for (const text of splitStatements(sql)) {
    for (const p of ctx.engine.parse(text, vars)) {
      const s = p.statement;
      if (s.kind === 'DefineVariable') vars[s.name] = s.value;
      else if (s.kind === 'UndefineVariable') deleteVariable(vars, s.name);
      out.push(p);
    }
  }
  return out;
}

function deleteVariable(vars: Record<string, string>, name: string): void {
  for (const k of Object.keys(vars)) if (k.toUpperCase() === name.toUpperCase()) delete vars[k];
}

/** Runs one statement; null for statements that only change the request's settings. */
async function runStatement(ctx: ServerContext, p: ParsedStatement, vars: Record<string, string>, props: Record<string, string>): Promise<JsonObject | null> {
  const s = p.statement;
  switch (s.kind) {
    case 'SetProperty':
      checkProperties(ctx, { [s.name]: s.value });
      props[s.name] = s.value;
      return null;
    case 'UnsetProperty':
      delete props[s.name];
      return null;
    case 'DefineVariable':
      vars[s.name] = s.value;
      return null;
    case 'UndefineVariable':
      deleteVariable(vars, s.name);
      return null;
    case 'Show':
      if (s.what === 'VARIABLES')
        return toEntity({ type: 'variables', statementText: p.text, variables: Object.entries(vars).map(([name, value]) => ({ name, value })) });
      break;
    case 'Terminate': {
      // Push queries belong to the server, not the engine's catalog: TERMINATE ends them here.
      const open = s.queryId === undefined ? undefined : ctx.queries.get(s.queryId);
      if (open !== undefined && !open.pull) {
        open.close();
        return { '@type': 'terminate_query', statementText: withSemicolon(p.text), queryId: open.id, wasTerminated: true, warnings: [] };
      }
      break;
    }
    default:
      break;
  }
  // executeStatement: in Kafka mode the statement's topics and command are in Kafka before it answers.
  const result: StatementResult = await ctx.engine.executeStatement(p, { variables: vars, properties: props });
  if (result.type === 'currentStatus') ctx.commands.put(result.commandId, { status: result.commandStatus.status, message: result.commandStatus.message });
  return toEntity(result, s);
}

/** GET /status/{commandId}: the status of a command this server ran. */
export function handleStatus(ctx: ServerContext, req: Req, res: Res, path: string): Promise<void> {
  let commandId: string;
  try {
    commandId = decodeURIComponent(path.slice('/status/'.length));
  } catch {
    throw new HttpError(400, genericError(ErrorCodes.BAD_REQUEST, 'Malformed command id in the path.'));
  }
  const entry = ctx.commands.get(commandId);
  if (entry === undefined) throw new HttpError(404, genericError(ErrorCodes.NOT_FOUND, `Command not found: ${commandId}`));
  sendJson(res, 200, { status: entry.status, message: entry.message }, jsonMediaType(req.headers));
  return Promise.resolve();
}

/** GET or POST /is_valid_property/{name}: true, or ksqlDB's 400 for a property a request may not set. */
export function handleIsValidProperty(ctx: ServerContext, req: Req, res: Res, path: string): Promise<void> {
  const name = decodeURIComponent(path.slice('/is_valid_property/'.length));
  checkProperties(ctx, { [name]: '' });
  sendJson(res, 200, true, jsonMediaType(req.headers));
  return Promise.resolve();
}

/**
 * POST /ksql/terminate {deleteTopicList?}: ends every query and drops every source, deleting the
 * topics whose names match one of the patterns (regular expressions, as in ksqlDB).
 */
export async function handleTerminate(ctx: ServerContext, req: Req, res: Res): Promise<void> {
  if (ctx.config.headless) throw headlessRefusal();
  const text = await readBody(req, ctx.config.maxBodyBytes);
  // An empty body is a terminate without topic deletion.
  const body = text.trim() === '' ? {} : parseJsonObject(text);
  const patterns = topicPatterns(body['deleteTopicList']);
  ctx.queries.closeAll();
  const engine = ctx.engine;
  const run = (sql: string): StatementResult[] => engine.parse(sql).map((p) => engine.executeParsed(p));
  run('TERMINATE ALL;');
  const failures: string[] = [];
  for (const kind of ['STREAMS', 'TABLES'] as const) {
    const shown = run(`SHOW ${kind};`)[0];
    const sources = shown?.type === 'streams' ? shown.streams : shown?.type === 'tables' ? shown.tables : [];
    for (const s of sources) {
      const deleteTopic = patterns.some((re) => re.test(s.topic));
      try {
        run(`DROP ${s.type} \`${s.name}\`${deleteTopic ? ' DELETE TOPIC' : ''};`);
      } catch (e) {
        failures.push(`${s.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  const entity: JsonObject = {
    '@type': 'currentStatus',
    statementText: 'TERMINATE CLUSTER;',
    commandId: 'cluster/CLUSTER/terminate',
    commandStatus: {
      status: failures.length === 0 ? 'SUCCESS' : 'ERROR',
      message: failures.length === 0 ? 'Cluster terminated.' : `Could not drop: ${failures.join('; ')}`,
      queryId: null,
    },
    commandSequenceNumber: -1,
    warnings: [],
  };
  sendJson(res, 200, [entity], jsonMediaType(req.headers));
}

function topicPatterns(list: JsonValue | undefined): RegExp[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string'))
    throw new HttpError(400, genericError(ErrorCodes.BAD_REQUEST, "'deleteTopicList' must be a list of topic names or patterns."));
  return (list as string[]).map((p) => {
    try {
      return new RegExp(`^(?:${p})$`, 'i');
    } catch {
      throw new HttpError(400, genericError(ErrorCodes.BAD_REQUEST, `Invalid topic pattern in deleteTopicList: ${p}`));
    }
  });
}
