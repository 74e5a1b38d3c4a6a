// Bounded in-memory caches of the stores: a Map in insertion order plus a `used` bit per entry
// (the CLOCK approximation of LRU), trimmed after each flush when every entry is clean.

import { KsqlError } from '../errors.js';

/** Default number of cached keys per store. */
export const DEFAULT_CACHE_SIZE = 100_000;

export interface CacheEntry {
  /** Set on every access; cleared by an eviction pass that spares the entry. */
  used: boolean;
}

/**
 * Evicts entries until the cache holds at most `max`: first the oldest not used since the last
 * pass (sparing and clearing the used ones), then, if still too many, the oldest regardless.
 * Call only when nothing in the cache is dirty (right after a flush).
 */
export function trimCache<E extends CacheEntry>(cache: Map<string, E>, max: number): void {
  let excess = cache.size - max;
  if (excess <= 0) return;
  for (const [key, entry] of cache) {
    if (entry.used) {
      entry.used = false;
    } else {
      cache.delete(key);
      if (--excess === 0) return;
    }
  }
  for (const key of cache.keys()) {
    cache.delete(key);
    if (--excess === 0) return;
  }
}

export function checkCacheSize(size: number | undefined): number {
  if (size === undefined) return DEFAULT_CACHE_SIZE;
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new KsqlError('INTERNAL', `A state store's cacheSize must be a whole number >= 0, got ${size}`);
  }
  return size;
}
