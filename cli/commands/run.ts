// `ksqlite run FILE.sql`: runs a query file's statements in order, stopping at the first error
// with file:line:column; then keeps the persistent queries running, or exits once idle.

import { readFileSync } from 'node:fs';
import { Engine } from '../../src/engine/engine.js';
import { KsqlError } from '../../src/errors.js';
import { parseArgs } from '../args.js';

export async function runFileCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const file = args.positional[0];
  if (!file) {
    process.stderr.write('Usage: ksqlite run FILE.sql [--data-dir DIR] [--define k=v] [--until-idle]\n');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const engine = new Engine({ dataDir: args.dataDir });
  try {
    for (const p of engine.parse(text, args.defines)) {
      try {
        engine.executeParsed(p, { variables: args.defines });
      } catch (e) {
        // Positions are counted from the start of the file, which was parsed as one text.
        const loc = e instanceof KsqlError && e.loc ? e.loc : p.loc;
        process.stderr.write(`${file}:${loc.line}:${loc.column}: ${e instanceof Error ? e.message : String(e)}\n`);
        await engine.close();
        return 1;
      }
    }
  } catch (e) {
    const loc = e instanceof KsqlError ? e.loc : undefined;
    process.stderr.write(`${file}:${loc?.line ?? 1}:${loc?.column ?? 1}: ${e instanceof Error ? e.message : String(e)}\n`);
    await engine.close();
    return 1;
  }
  if (args.untilIdle) {
    engine.runUntilIdle();
    await engine.close();
    return 0;
  }
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await engine.close();
  return 0;
}
