// Started as its own process by the benchmark: opens the embedded engine from the published
// bundle (dist/ksqlite.mjs, what `import 'ksqlite'` loads), runs one statement and prints how long
// after process start the engine answered (performance.now() counts from there).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Ksqlite from '../src/index.js';

const bundle = new URL('../ksqlite.mjs', import.meta.url).href;
const { Engine } = (await import(bundle)) as typeof Ksqlite;
const dir = mkdtempSync(join(tmpdir(), 'ksqlite-startup-'));
const engine = new Engine({ dataDir: dir });
await engine.execute('SHOW STREAMS;');
const readyMs = performance.now();
await engine.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ readyMs })}\n`);
