// ksqlite's library API: `new Engine(options)`, `execute(sql)`, `query(sql)`, `close()`.

export { Engine } from './engine/engine.js';
export type { EngineOptions, ExecuteOptions, KafkaModeOptions } from './engine/engine.js';
export type { PushQuery, QueryHeader } from './engine/push-query.js';
export { isPullQuery } from './engine/pull-query.js';
export type { PullQuery } from './engine/pull-query.js';
export type { StatementResult } from './engine/results.js';
export { KsqlError } from './errors.js';
export type { SqlType } from './types/sql-type.js';
export { formatType } from './types/sql-type.js';
export type { UdfSpec, UdafSpec, UdtfSpec } from './functions/extensions/spec.js';
