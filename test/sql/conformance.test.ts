// Parses every statement of ksqlDB's own test files (read from ../shared/conformance, when
// present), formats each one and parses the result again: the AST must not change.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatStatement } from '../../src/sql/format.js';
import { parseStatements } from '../../src/sql/parse.js';
import { withoutLoc } from './ast-helpers.js';

const ROOT = fileURLToPath(new URL('../../../shared/conformance', import.meta.url));
const FOLDERS = ['query-validation-tests', 'rest-query-validation-tests'];

interface TestCase {
  readonly name: string;
  readonly statements: readonly string[];
  readonly format?: readonly string[];
  readonly expectedException?: unknown;
  readonly expectedError?: unknown;
}

/** The files allow `//` comments, which JSON does not: drop them outside strings. */
function stripComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else out += ch;
  }
  return out;
}

function* statementsOf(folder: string): Generator<{ where: string; sql: string; mayFail: boolean }> {
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.json'))) {
    const { tests } = JSON.parse(stripComments(readFileSync(join(folder, file), 'utf8'))) as { tests: TestCase[] };
    for (const t of tests) {
      const mayFail = t.expectedException !== undefined || t.expectedError !== undefined;
      for (const format of t.format ?? [undefined]) {
        for (const s of t.statements) {
          yield { where: `${file}: ${t.name}`, sql: format === undefined ? s : s.split('{FORMAT}').join(format), mayFail };
        }
      }
    }
  }
}

describe.skipIf(!existsSync(ROOT))("ksqlDB's conformance statements", () => {
  for (const name of FOLDERS) {
    it(`parses every statement of ${name} that ksqlDB accepts, and formats each back to the same AST`, () => {
      const seen = new Set<string>();
      const failures: string[] = [];
      const roundTripFailures: string[] = [];
      let parsed = 0;
      let rejected = 0;
      for (const { where, sql, mayFail } of statementsOf(join(ROOT, name))) {
        if (seen.has(sql)) continue;
        seen.add(sql);
        let statements;
        try {
          statements = parseStatements(sql);
        } catch (e) {
          if (mayFail) rejected++;
          else failures.push(`${where}\n  ${sql}\n  ${(e as Error).message}`);
          continue;
        }
        parsed++;
        for (const s of statements) {
          const formatted = formatStatement(s.statement);
          let problem: string | undefined;
          try {
            const again = parseStatements(formatted);
            if (again.length !== 1 || !isDeepStrictEqual(withoutLoc(again[0]!.statement), withoutLoc(s.statement))) {
              problem = 'parsed back to a different AST';
            }
          } catch (e) {
            problem = (e as Error).message;
          }
          if (problem !== undefined) roundTripFailures.push(`${where}\n  ${sql}\n  => ${formatted}\n  ${problem}`);
        }
      }
      console.log(`${name}: ${seen.size} distinct statements, ${parsed} parsed and round-tripped, ${rejected} rejected (all in cases expecting an error)`);
      expect(failures).toEqual([]);
      expect(roundTripFailures).toEqual([]);
      expect(parsed).toBeGreaterThan(0);
    });
  }
});
