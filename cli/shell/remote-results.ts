// The result objects of a server's /ksql answer as the engine's StatementResults, so the shell
// prints a remote result exactly as it prints an embedded one. The REST entities are the engine's
// results under ksqlDB's names (`@type` for `type`, `type` for DESCRIBE FUNCTION's `type_`).

import type { Entity } from '../../src/client/rest-client.js';
import type { CommandStatus, StatementResult } from '../../src/engine/results.js';

/** Entity types whose one list (or object) field holds the whole result. */
const LIST_FIELDS = {
  streams: 'streams',
  tables: 'tables',
  queries: 'queries',
  kafka_topics: 'topics',
  properties: 'properties',
  function_names: 'functions',
  variables: 'variables',
  source_descriptions: 'sourceDescriptions',
} as const;

const OBJECT_FIELDS = {
  type_list: 'types',
  sourceDescription: 'sourceDescription',
  queryDescription: 'queryDescription',
} as const;

export function entityResult(e: Entity): StatementResult {
  const type = e['@type'];
  // The engine's statementText has no closing `;` (ksqlDB's entities add one): as the engine, so OUTPUT JSON prints the same in both modes.
  const statementText = text(e['statementText']).replace(/;\s*$/, '');
  if (type in LIST_FIELDS) {
    const field = LIST_FIELDS[type as keyof typeof LIST_FIELDS];
    if (Array.isArray(e[field])) return { type, statementText, [field]: e[field] } as unknown as StatementResult;
  }
  if (type in OBJECT_FIELDS) {
    const field = OBJECT_FIELDS[type as keyof typeof OBJECT_FIELDS];
    if (isObject(e[field])) return { type, statementText, [field]: e[field] } as unknown as StatementResult;
  }
  switch (type) {
    case 'currentStatus':
      return {
        type: 'currentStatus',
        statementText,
        commandId: text(e['commandId']),
        commandStatus: commandStatus(e['commandStatus']),
        commandSequenceNumber: typeof e['commandSequenceNumber'] === 'number' ? e['commandSequenceNumber'] : -1,
        warnings: [],
      };
    case 'describe_function':
      if (Array.isArray(e['functions'])) {
        const { '@type': _t, type: kind, ...rest } = e;
        return { ...rest, type: 'describe_function', statementText, type_: kind } as unknown as StatementResult;
      }
      break;
    case 'terminate_query':
      return { type: 'info', statementText, message: e['wasTerminated'] === false ? `Query ${text(e['queryId'])} was not running.` : 'Query terminated.' };
    case 'assert_topic':
      return { type: 'info', statementText, message: `Topic ${text(e['topicName'])} ${e['exists'] === false ? 'does not exist' : 'exists'}.` };
    default:
      break;
  }
  // A result this shell does not know how to lay out: shown as the server wrote it.
  return { type: 'info', statementText, message: JSON.stringify(e, null, 2) };
}

function commandStatus(v: unknown): CommandStatus {
  const o = isObject(v) ? v : {};
  const status = text(o['status']);
  const queryId = o['queryId'];
  return { status: status === '' ? 'SUCCESS' : (status as CommandStatus['status']), message: text(o['message']), ...(typeof queryId === 'string' ? { queryId } : {}) };
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
