// Wakes consumers when a topic grows. Appends made inside a transaction are only announced once the
// outermost transaction commits, so a woken consumer never looks for records that may yet roll back.

export type AppendListener = (topic: string) => void;

export class AppendNotifier {
  private readonly listeners = new Set<AppendListener>();
  private readonly pending = new Set<string>();

  subscribe(listener: AppendListener): () => void {
    // Wrapped so the same function subscribed twice gets two independent subscriptions.
    const entry: AppendListener = (topic) => listener(topic);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** Notes an append; announced by the next `flush`. */
  appended(topic: string): void {
    this.pending.add(topic);
  }

  /** Forgets appends of a transaction that rolled back. */
  discard(): void {
    this.pending.clear();
  }

  /**
   * Tells every listener about every pending topic, once each. A listener that throws does not stop
   * the others; the first error is rethrown afterwards (the appends are committed by then).
   */
  flush(): void {
    if (this.pending.size === 0) return;
    const topics = [...this.pending];
    this.pending.clear();
    let failure: { error: unknown } | undefined;
    for (const topic of topics) {
      for (const listener of [...this.listeners]) {
        try {
          listener(topic);
        } catch (error) {
          failure ??= { error };
        }
      }
    }
    if (failure !== undefined) throw failure.error;
  }
}
