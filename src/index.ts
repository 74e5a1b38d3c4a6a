// ksqlite's library API: `new Engine(options)`, `execute(sql)`, `query(sql)`, `close()`.

export { Engine } from './engine/engine.js';
export type { EngineOptions, ExecuteOptions } from './engine/engine.js';
export type { PushQuery, QueryHeader } from './engine/push-query.js';
export type { StatementResult } from './engine/results.js';
export { KsqlError } from './errors.js';
export type { SqlType } from './types/sql-type.js';
export { formatType } from './types/sql-type.js';
