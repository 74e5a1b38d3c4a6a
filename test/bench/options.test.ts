import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../bench/options.js';

const NAMES = ['filter-project', 'nexmark-q0', 'nexmark-q1'];

describe('bench options', () => {
  it('runs everything on a million records by default (modes chosen by what answers), 200k with --quick', () => {
    expect(parseOptions([], NAMES)).toEqual({
      quick: false,
      records: 1_000_000,
      json: undefined,
      only: undefined,
      seed: 0,
      modes: undefined,
      startup: true,
      brokers: '127.0.0.1:9092',
      restoreKeys: 1_000_000,
    });
    expect(parseOptions(['--quick'], NAMES).records).toBe(200_000);
    expect(parseOptions(['--quick', '--records', '5_000'], NAMES).records).toBe(5000);
    expect(parseOptions(['--quick'], NAMES).restoreKeys).toBe(100_000);
  });

  it('takes the Kafka mode, its broker and the size of the restored table', () => {
    const o = parseOptions(['--mode', 'kafka', '--mode', 'embedded', '--brokers', 'kafka1:29092', '--restore-keys', '0'], NAMES);
    expect(o.modes).toEqual(['kafka', 'embedded']);
    expect(o.brokers).toBe('kafka1:29092');
    expect(o.restoreKeys).toBe(0);
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
    expect(() => parseOptions(['--mode', 'flink'], NAMES)).toThrow("unknown mode 'flink'; the modes are: embedded, kafka");
  });
});
