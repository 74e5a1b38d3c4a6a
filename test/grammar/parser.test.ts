import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cstDtsSource } from '../../grammar/generate-cst-dts.js';
import { createParser, parser } from '../../grammar/parser.js';

describe('the grammar', () => {
  it('passes chevrotain validation (no ambiguity or left recursion)', () => {
    expect(() => createParser(true)).not.toThrow();
  });

  it('matches the committed CST types (run grammar/generate-cst-dts after changing it)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../grammar/cst.d.ts', import.meta.url)), 'utf8');
    expect(committed).toBe(cstDtsSource());
  });

  it('has railroad diagrams committed for every rule', () => {
    const file = fileURLToPath(new URL('../../grammar/diagrams.html', import.meta.url));
    expect(existsSync(file)).toBe(true);
    const html = readFileSync(file, 'utf8');
    for (const rule of Object.keys(parser.getGAstProductions())) expect(html).toContain(`"name": "${rule}"`);
  });
});
