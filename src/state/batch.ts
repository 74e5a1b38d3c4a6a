// The contract between the runtime's batches and the stores: stores buffer a batch's changes in
// memory, `flush` writes them inside the batch's transaction, and `discard` forgets whatever a
// rolled-back batch left in memory, so memory never runs ahead of what SQLite committed.

/** What every state store offers the runtime's batch loop. */
export interface StateStore {
  readonly name: string;
  /** Writes the pending changes; call inside the transaction that commits the batch's outputs and offsets. */
  flush(): void;
  /**
   * Forgets pending changes and cached values (a cold cache reads SQLite again). Call when the
   * batch transaction failed: its flushed rows were rolled back, and the cache may hold them.
   */
  discard(): void;
}

/** The part of EmbeddedLog a batch needs (structural, so this room does not import the log). */
export interface TransactionRunner {
  transaction<T>(fn: () => T): T;
}

/**
 * Runs one batch: `fn` (which produces outputs and commits offsets through the log) then a flush
 * of every store, all in one transaction. If anything throws, the transaction rolls back, every
 * store discards its in-memory changes, and the error propagates: the batch can be replayed
 * from the committed offsets against the committed state.
 * Not for use inside an outer transaction that may still roll back after this returns.
 */
export function commitBatch<T>(log: TransactionRunner, stores: readonly StateStore[], fn: () => T): T {
  try {
    return log.transaction(() => {
      const result = fn();
      for (let i = 0; i < stores.length; i++) stores[i]!.flush();
      return result;
    });
  } catch (e) {
    for (let i = 0; i < stores.length; i++) stores[i]!.discard();
    throw e;
  }
}
