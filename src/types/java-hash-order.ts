// The order in which a java.util.HashMap with string keys iterates its entries. ksqlDB reads map
// columns into HashMaps, so functions that fold over a map (REDUCE) see its entries in this
// order; a deserializer that wants identical results can order entries with this.

/** The capacity of `new java.util.HashMap<>()`. */
export const JAVA_HASHMAP_DEFAULT_CAPACITY = 16;

/** Java String.hashCode over UTF-16 units. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Entries reordered as a `new HashMap<>(initialCapacity)` filled in this order would iterate
 * them: by bucket of the spread hash (h ^ h >>> 16) for the table size the map grows to,
 * insertion order within a bucket. ksqlDB's JSON deserializer builds `new HashMap<>(size)`,
 * hence the default. Entries whose keys are not strings keep their order.
 */
export function javaHashMapOrder<K, V>(entries: readonly (readonly [K, V])[], initialCapacity = entries.length): [K, V][] {
  if (!entries.every(([k]) => typeof k === 'string')) return entries.map(([k, v]) => [k, v]);
  let capacity = 1;
  while (capacity < initialCapacity) capacity *= 2;
  while (entries.length > Math.floor(capacity * 0.75)) capacity *= 2;
  const mask = capacity - 1;
  return entries
    .map(([k, v], i) => {
      const h = javaStringHash(k as string);
      return { k, v, i, bucket: (h ^ (h >>> 16)) & mask };
    })
    .sort((a, b) => a.bucket - b.bucket || a.i - b.i)
    .map(({ k, v }) => [k, v]);
}
