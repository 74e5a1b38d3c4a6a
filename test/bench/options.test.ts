import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../bench/options.js';

const NAMES = ['filter-project', 'nexmark-q0', 'nexmark-q1'];

describe('bench options', () => {
  it('runs everything on a million records in embedded mode by default, 200k with --quick', () => {
    expect(parseOptions([], NAMES)).toEqual({ quick: false, records: 1_000_000, json: undefined, only: undefined, seed: 0, modes: ['embedded'], startup: true });
    expect(parseOptions(['--quick'], NAMES).records).toBe(200_000);
    expect(parseOptions(['--quick', '--records', '5_000'], NAMES).records).toBe(5000);
  });

  it('picks workloads with --only and writes JSON with --json', () => {
    const o = parseOptions(['--only', 'nexmark-q0, filter-project', '--json', 'out/r.json', '--seed', '7', '--no-startup'], NAMES);
    expect(o.only).toEqual(['nexmark-q0', 'filter-project']);
    expect(o.json).toBe('out/r.json');
    expect(o.seed).toBe(7);
    expect(o.startup).toBe(false);
  });

  it('refuses unknown workloads, options and modes with a message that says what exists', () => {
    expect(() => parseOptions(['--only', 'nexmark-q9'], NAMES)).toThrow('unknown workload nexmark-q9; the workloads are filter-project, nexmark-q0, nexmark-q1');
    expect(() => parseOptions(['--fast'], NAMES)).toThrow("unknown option '--fast'");
    expect(() => parseOptions(['--records'], NAMES)).toThrow('--records needs a value');
    expect(() => parseOptions(['--records', 'lots'], NAMES)).toThrow("--records takes a whole number >= 1, not 'lots'");
    expect(() => parseOptions(['--mode', 'kafka'], NAMES)).toThrow('the benchmark has no Kafka mode yet');
  });
});
