// Encodes output rows (key columns, then value columns) into produce records for a sink topic.

import type { ProduceRecord } from '../log/types.js';
import type { PlanColumn } from '../plan/logical-plan.js';
import { createSerde } from '../serde/index.js';
import type { FormatInfo } from '../serde/types.js';
import type { Rec } from './record.js';
import { timestampExtractor } from './timestamps.js';
import type { WindowInfo } from '../catalog/types.js';
import { appendWindow } from '../serde/windowed-key.js';
import { KsqlError } from '../errors.js';

export interface SinkSpec {
  readonly schema: readonly PlanColumn[];
  readonly keyFormat: FormatInfo;
  readonly valueFormat: FormatInfo;
  readonly timestampColumn?: string;
  readonly timestampFormat?: string;
  /** Set when the sink's keys are windowed: each record's window is appended to its key. */
  readonly window?: WindowInfo;
}

export type Encoder = (rec: Rec) => ProduceRecord;

export function sinkEncoder(spec: SinkSpec): Encoder {
  const keyCols = spec.schema.filter((c) => c.namespace === 'KEY');
  const valueCols = spec.schema.filter((c) => c.namespace === 'VALUE');
  const keySerde = createSerde(spec.keyFormat, keyCols.map((c) => ({ name: c.name, type: c.type })), true);
  const valueSerde = createSerde(spec.valueFormat, valueCols.map((c) => ({ name: c.name, type: c.type })), false);
  const nk = keyCols.length;
  const nv = valueCols.length;
  const tsIndex = spec.timestampColumn === undefined ? -1 : spec.schema.findIndex((c) => c.name === spec.timestampColumn);
  const extract = tsIndex >= 0 ? timestampExtractor(spec.schema[tsIndex]!.type, spec.timestampFormat) : undefined;
  // Scratch rows reused for every record: serializers read them and keep nothing.
  const k = new Array<unknown>(nk);
  const v = new Array<unknown>(nv);
  const windowInfo = spec.window;
  return (rec) => {
    const row = rec.row;
    let key: Buffer | null = null;
    if (nk > 0) {
      let allNull = true;
      for (let i = 0; i < nk; i++) {
        k[i] = row[i];
        if (row[i] !== null) allNull = false;
      }
      key = allNull && (nk === 1 || rec.nullKey === true) ? null : keySerde.serialize(k);
    }
    if (windowInfo !== undefined) {
      if (rec.window === undefined) throw new KsqlError('INTERNAL', 'A record for a windowed sink has no window.');
      key = appendWindow(windowInfo, key, rec.window);
    }
    let value: Buffer | null;
    if (rec.nullValue === true) value = null;
    else {
      for (let i = 0; i < nv; i++) v[i] = row[nk + i];
      value = valueSerde.serialize(v);
    }
    const ts = extract ? extract(row[tsIndex]) : rec.ts;
    return { key, value, timestamp: ts, headers: rec.headers };
  };
}
