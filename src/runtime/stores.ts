// The state stores an operator of a query may open: each is a table of the engine's database,
// named after the query, flushed with the batch that changed it and discarded if it aborts.

import type { KeyValueStore, SessionStore, WindowStore } from '../state/index.js';

export interface QueryStores {
  keyValue(name: string): KeyValueStore<unknown>;
  window(name: string, windowSize: number): WindowStore<unknown>;
  session(name: string): SessionStore<unknown>;
}
