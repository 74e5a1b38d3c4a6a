// Every function the dialect names (../shared/spec/dialect.md) answers DESCRIBE FUNCTION with a
// description, a category and each of its signatures. The names are read from the spec itself.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { FunctionRegistry } from '../../src/functions/registry.js';

const SPEC = fileURLToPath(new URL('../../../shared/spec/dialect.md', import.meta.url));

/** The function names of the spec's three lists, by kind. */
function dialectFunctions(): { name: string; kind: 'SCALAR' | 'AGGREGATE' | 'TABLE' }[] {
  const text = readFileSync(SPEC, 'utf8').replace(/\s+/g, ' ');
  const section = (from: string, to: string): string => {
    const start = text.indexOf(from);
    const end = text.indexOf(to, start);
    if (start < 0 || end < 0) throw new Error(`dialect.md no longer has '${from}' ... '${to}'`);
    return text.slice(start + from.length, end);
  };
  const names = (s: string): string[] => [...s.matchAll(/\b[A-Z][A-Z0-9_]*[A-Z0-9]\b/g)].map((m) => m[0]);
  const scalars = names(section("Scalar functions (ksqlDB's names):", ', plus the struct'));
  const aggregates = names(section('Aggregate functions:', 'Table functions:'));
  const tables = names(section('Table functions:', 'Date/time format'));
  return [
    ...scalars.map((name) => ({ name, kind: 'SCALAR' as const })),
    ...aggregates.map((name) => ({ name, kind: 'AGGREGATE' as const })),
    ...tables.map((name) => ({ name, kind: 'TABLE' as const })),
  ];
}

describe.skipIf(!existsSync(SPEC))('the functions of dialect.md', () => {
  it('are read from the spec: its ~150 scalar, aggregate and table functions', () => {
    const fns = dialectFunctions();
    expect(fns.length).toBeGreaterThan(140);
    expect(fns.filter((f) => f.kind === 'TABLE').map((f) => f.name)).toEqual(['EXPLODE', 'CUBE_EXPLODE']);
  });

  it('each answer DESCRIBE FUNCTION with a description, a category and every signature', async () => {
    const registry = FunctionRegistry.builtins();
    const engine = new Engine({ inMemory: true, processingLogStream: false });
    try {
      const problems: string[] = [];
      for (const { name, kind } of dialectFunctions()) {
        const [r] = await engine.execute(`DESCRIBE FUNCTION ${name};`).catch((e: Error) => [e]);
        if (r instanceof Error || r?.type !== 'describe_function') {
          problems.push(`${name}: ${r instanceof Error ? r.message : 'not described'}`);
          continue;
        }
        const f = registry.get(name)!;
        const signatures = f.kind === 'SCALAR' ? f.signatures.length : f.variations.length;
        if (r.type_ !== kind) problems.push(`${name}: a ${r.type_} function, the dialect lists it as ${kind}`);
        if (r.description.trim() === '') problems.push(`${name}: no description`);
        if (registry.describe(name)!.category.trim() === '') problems.push(`${name}: no category`);
        if (r.functions.length === 0 || r.functions.length !== signatures) problems.push(`${name}: ${r.functions.length} of ${signatures} signatures described`);
        for (const v of r.functions) if (v.returnType === '') problems.push(`${name}: a signature without a return type`);
      }
      expect(problems).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});
