// Decodes log records of a source into rows laid out as its SourceNode schema: key columns, value
// and header columns, then ROWTIME, ROWPARTITION, ROWOFFSET (and window bounds when windowed).

import type { DataSource } from '../catalog/types.js';
import type { LogRecord } from '../log/types.js';
import { createSerde } from '../serde/index.js';
import type { Rec } from './record.js';
import { timestampExtractor } from './timestamps.js';
import { splitWindow } from '../serde/windowed-key.js';
import type { KeyWindow } from '../serde/windowed-key.js';

export type Decoder = (r: LogRecord) => Rec | null;

/**
 * Builds the decoder once per query. Throws (SerdeError or KsqlError) per bad record; the caller
 * counts and logs it. Returns null for records a stream skips (a null value on a stream).
 */
export function sourceDecoder(source: DataSource): Decoder {
  const keyCols = source.columns.filter((c) => c.namespace === 'KEY');
  const valueCols = source.columns.filter((c) => c.namespace === 'VALUE');
  const keySerde = createSerde(source.keyFormat, keyCols.map((c) => ({ name: c.name, type: c.type })), true);
  const valueSerde = createSerde(source.valueFormat, valueCols.map((c) => ({ name: c.name, type: c.type })), false);
  // Where each source column comes from, in schema order.
  const plan = source.columns.map((c) => {
    if (c.namespace === 'KEY') return { from: 0, index: keyCols.indexOf(c), headerKey: undefined as string | undefined };
    if (c.namespace === 'VALUE') return { from: 1, index: valueCols.indexOf(c), headerKey: undefined };
    return { from: 2, index: -1, headerKey: c.headerKey };
  });
  const n = source.columns.length;
  const nk = keyCols.length;
  const nv = valueCols.length;
  const simple = nk + nv === n;
  const windowInfo = source.window;
  const windowed = windowInfo !== undefined;
  const width = n + 3 + (windowed ? 2 : 0);
  const tsIndex = source.timestamp ? source.columns.findIndex((c) => c.name === source.timestamp!.column) : -1;
  const extract = tsIndex >= 0 ? timestampExtractor(source.columns[tsIndex]!.type, source.timestamp!.format) : undefined;
  const isStream = source.sourceType === 'STREAM';
  const hasKeyCols = keyCols.length > 0;

  if (simple && !windowed && extract === undefined) {
    return simpleDecoder(nk, nv, (bytes) => keySerde.deserialize(bytes), (bytes) => valueSerde.deserialize(bytes), isStream, hasKeyCols);
  }

  return (r: LogRecord): Rec | null => {
    // A table has no row without a key: ksqlDB drops such records.
    if (!isStream && r.key === null && hasKeyCols) return null;
    const value = r.value === null ? null : valueSerde.deserialize(r.value);
    let keyBytes = r.key;
    let window: KeyWindow | undefined;
    if (windowInfo !== undefined && keyBytes !== null) {
      const split = splitWindow(windowInfo, keyBytes);
      keyBytes = split.inner;
      window = split.window;
    }
    const key = hasKeyCols ? keySerde.deserialize(keyBytes) : null;
    const row = new Array<unknown>(width);
    if (simple) {
      // Key columns, then value columns: two straight copies.
      for (let i = 0; i < nk; i++) row[i] = key === null ? null : key[i] ?? null;
      for (let i = 0; i < nv; i++) row[nk + i] = value === null ? null : value[i] ?? null;
    } else {
      for (let i = 0; i < n; i++) {
        const p = plan[i]!;
        if (p.from === 0) row[i] = key === null ? null : key[p.index] ?? null;
        else if (p.from === 1) row[i] = value === null ? null : value[p.index] ?? null;
        else row[i] = headerValue(r, p.headerKey);
      }
    }
    let ts = r.timestamp;
    if (extract) {
      const v = row[tsIndex];
      ts = extract(v);
    }
    row[n] = ts;
    row[n + 1] = r.partition;
    row[n + 2] = r.offset;
    if (window !== undefined) {
      row[n + 3] = window.start;
      row[n + 4] = window.end;
      return { row, ts, headers: r.headers, nullValue: value === null, nullKey: false, window };
    }
    return { row, ts, headers: r.headers, nullValue: value === null, nullKey: r.key === null };
  };
}

type Deserialize = (bytes: Buffer | null) => unknown[] | null;

/**
 * The usual source (key and value columns only, not windowed, the record's own timestamp): the
 * row is built by generated code as one array literal, the columns at constant indexes, rather
 * than by loops over a plan.
 */
function simpleDecoder(nk: number, nv: number, readKey: Deserialize, readValue: Deserialize, isStream: boolean, hasKeyCols: boolean): Decoder {
  const cells = [
    ...Array.from({ length: nk }, (_, i) => `key === null ? null : (key[${i}] ?? null)`),
    ...Array.from({ length: nv }, (_, i) => `value === null ? null : (value[${i}] ?? null)`),
    'r.timestamp',
    'r.partition',
    'r.offset',
  ];
  const source = `return function decode(r) {
    // A table has no row without a key: ksqlDB drops such records.
    if (${!isStream && hasKeyCols} && r.key === null) return null;
    const value = r.value === null ? null : readValue(r.value);
    const key = ${hasKeyCols ? 'readKey(r.key)' : 'null'};
    const row = [${cells.join(', ')}];
    return { row, ts: r.timestamp, headers: r.headers, nullValue: value === null, nullKey: r.key === null };
  };`;
  const factory = new Function('readKey', 'readValue', source) as (k: Deserialize, v: Deserialize) => Decoder;
  return factory(readKey, readValue);
}

function headerValue(r: LogRecord, key: string | undefined): unknown {
  if (key === undefined) return r.headers.map((h) => ({ KEY: h.key, VALUE: h.value }));
  for (let i = r.headers.length - 1; i >= 0; i--) if (r.headers[i]!.key === key) return r.headers[i]!.value;
  return null;
}
