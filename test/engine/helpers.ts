// Helpers for engine tests: read a topic's records as decoded JSON text.

import type { Engine } from '../../src/engine/engine.js';

export interface Out {
  key: string | null;
  value: unknown;
  timestamp: number;
}

export function readJson(engine: Engine, topic: string): Out[] {
  const out: Out[] = [];
  const ends = engine.log.endOffsets(topic);
  ends.forEach((end, p) => {
    for (const r of engine.log.read(topic, p, 0, end)) {
      out.push({
        key: r.key === null ? null : r.key.toString('utf8'),
        value: r.value === null ? null : (JSON.parse(r.value.toString('utf8')) as unknown),
        timestamp: r.timestamp,
      });
    }
  });
  return out;
}
