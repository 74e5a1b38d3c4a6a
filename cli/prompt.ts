// A plain line prompt on the embedded engine (the ink shell replaces it): statements end with `;`,
// SELECT ... EMIT CHANGES streams rows until Ctrl-C, errors print without stack traces.

import { createInterface } from 'node:readline';
import { Engine } from '../src/engine/engine.js';
import { KsqlError } from '../src/errors.js';
import type { CommonArgs } from './args.js';
import { cell, renderResult, table } from './render.js';

export function errorText(e: unknown): string {
  if (e instanceof KsqlError && e.loc) return `${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

export async function runPrompt(args: CommonArgs): Promise<number> {
  const engine = new Engine({ dataDir: args.dataDir });
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'ksql> ' });
  process.stdout.write(`ksqlite ${process.env.npm_package_version ?? ''} (embedded, data: ${args.dataDir ?? './ksqlite-data'})\nStatements end with ';'. Ctrl-D exits.\n\n`);
  let buffer = '';
  let cancelQuery: (() => void) | undefined;
  rl.on('SIGINT', () => {
    if (cancelQuery) {
      cancelQuery();
      return;
    }
    buffer = '';
    process.stdout.write('\n');
    rl.prompt();
  });
  rl.prompt();
  for await (const line of rl) {
    buffer += `${line}\n`;
    if (!buffer.trim().endsWith(';')) {
      if (buffer.trim() === '') buffer = '';
      rl.setPrompt(buffer ? '   > ' : 'ksql> ');
      rl.prompt();
      continue;
    }
    const sql = buffer;
    buffer = '';
    rl.setPrompt('ksql> ');
    try {
      const statements = engine.parse(sql);
      for (const p of statements) {
        if (p.statement.kind === 'QueryStatement') {
          const q = await engine.query(p.text + ';');
          const names = q.header.columns.map((c) => c.name);
          process.stdout.write(`${table(names, [])}\n`);
          cancelQuery = () => q.cancel();
          let n = 0;
          for await (const row of q) {
            n++;
            process.stdout.write(`${table(names, [row.map(cell)]).split('\n')[3]}\n`);
          }
          cancelQuery = undefined;
          process.stdout.write(`Query terminated (${n} rows)\n`);
        } else {
          for (const r of await engine.execute(p.text + ';')) process.stdout.write(`${renderResult(r)}\n`);
        }
      }
    } catch (e) {
      process.stdout.write(`${errorText(e)}\n`);
    }
    rl.prompt();
  }
  await engine.close();
  return 0;
}
