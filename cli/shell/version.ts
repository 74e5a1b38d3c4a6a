// The ksqlite version, read from the package.json above this file (the same from cli/ sources
// and from the built dist/cli/).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function ksqliteVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
        if (pkg.name === 'ksqlite' && typeof pkg.version === 'string') return pkg.version;
      } catch {
        // An unreadable package.json further up is not ours; keep looking.
      }
    }
    dir = dirname(dir);
  }
  return 'unknown';
}
