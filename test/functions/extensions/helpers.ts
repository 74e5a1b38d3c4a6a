// Registries with the test fixtures' extensions loaded: ksqlDB's test UDFs (test/fixtures/ext)
// and the documented samples (samples/extensions).

import { fileURLToPath } from 'node:url';
import { loadExtensions } from '../../../src/functions/extensions/loader.js';
import { FunctionRegistry } from '../../../src/functions/registry.js';

export const KSQLDB_TEST_EXT = fileURLToPath(new URL('../../fixtures/ext', import.meta.url));
export const SAMPLES_EXT = fileURLToPath(new URL('../../../samples/extensions', import.meta.url));

/** The built-ins plus the extensions of `dir`; fails the test when a file does not load. */
export function registryWith(dir: string): FunctionRegistry {
  const fns = FunctionRegistry.builtins();
  const report = loadExtensions(dir, fns, { required: true });
  if (report.errors.length > 0) throw new Error(report.errors.map((e) => `${e.file}: ${e.message}`).join('\n'));
  return fns;
}
