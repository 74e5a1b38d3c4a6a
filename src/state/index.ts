// State stores on the shared better-sqlite3 database: key-value, window and session stores for
// aggregation state, and materialized tables for pull queries; all flushed once per batch.
// Each store owns one table `state_<name>_<kv|win|ses|mat>`, registered in `state_stores`.

export { commitBatch } from './batch.js';
export type { StateStore, TransactionRunner } from './batch.js';
export { DEFAULT_CACHE_SIZE } from './cache.js';
export { decodeKey, encodeKey, keyEncoder } from './key-codec.js';
export type { KeyEncoder } from './key-codec.js';
export { KeyValueStore } from './key-value-store.js';
export type { StoreOptions } from './key-value-store.js';
export { MaterializedTable } from './materialized/materialized-table.js';
export type { MaterializedRow, TableColumn, TableWindow } from './materialized/materialized-table.js';
export type { BuiltQuery, Comparison, OrderTerm, Predicate, TableQuery } from './materialized/table-query.js';
export { SessionStore } from './session-store.js';
export type { StoredSession } from './session-store.js';
export { defaultStateCodec, deserializeState, serializeState } from './state-codec.js';
export type { StateCodec, StoredValue } from './state-codec.js';
export { dropStore, listStores } from './store-registry.js';
export type { StoreInfo, StoreKind } from './store-registry.js';
export { WindowStore } from './window-store.js';
export type { StoredWindow, WindowStoreOptions } from './window-store.js';
