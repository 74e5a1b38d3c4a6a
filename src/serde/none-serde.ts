// The NONE format: no columns at all. Writes null bytes; reading ignores whatever bytes are there
// (a keyless stream over a topic whose producers set keys).

import type { Serde } from './types.js';

export function createNoneSerde(): Serde {
  return {
    serialize: () => null,
    deserialize: (bytes) => (bytes === null ? null : []),
  };
}
