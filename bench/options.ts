// Command-line options of `npm run bench`, checked up front so a typo fails in a second, not after
// minutes of measuring.

import type { ModeName } from './modes/mode.js';

export interface BenchOptions {
  readonly quick: boolean;
  /** Input records per workload (bids for Nexmark, orders for the others). */
  readonly records: number;
  readonly json: string | undefined;
  /** Workload names to run; undefined runs them all. */
  readonly only: readonly string[] | undefined;
  /** Nexmark generator seed (0 = per-event seeds as in the reference). */
  readonly seed: number;
  /** The modes asked for with --mode; undefined: embedded, plus kafka when a broker answers. */
  readonly modes: readonly ModeName[] | undefined;
  readonly startup: boolean;
  /** Bootstrap servers of the Kafka mode. */
  readonly brokers: string;
  /** Keys of the table whose restore the Kafka mode times; 0 skips it. */
  readonly restoreKeys: number;
}

export const USAGE = `usage: npm run bench -- [--quick] [--records N] [--only a,b] [--seed N] [--mode embedded|kafka] [--brokers H:P] [--restore-keys N] [--no-startup] [--json FILE]
  --quick        200,000 records per workload (default 1,000,000): the whole run stays under 5 minutes
  --records N    records per workload
  --only a,b     run only these workloads (names as in the table)
  --seed N       seed of the Nexmark generator (default 0: each event's Random seeded with its id, as the reference does)
  --mode M       embedded or kafka (repeatable; default: embedded, plus kafka when a broker answers on --brokers)
  --brokers H:P  the Kafka mode's broker (default 127.0.0.1:9092, where npm run kafka:start puts it)
  --restore-keys N  keys of the table whose restore the Kafka mode times (default 1,000,000; quick 100,000; 0 skips)
  --no-startup   skip the start-up time probe
  --json FILE    also write the results as JSON (the input of npm run bench:report)`;

export class OptionsError extends Error {}

export function parseOptions(argv: readonly string[], workloadNames: readonly string[]): BenchOptions {
  let quick = false;
  let records: number | undefined;
  let json: string | undefined;
  let only: string[] | undefined;
  let seed = 0;
  let startup = true;
  let brokers = '127.0.0.1:9092';
  let restoreKeys: number | undefined;
  const modes: ModeName[] = [];
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new OptionsError(`${flag} needs a value`);
    return v;
  };
  const integer = (v: string, flag: string, min: number): number => {
    const n = Number(v.replaceAll('_', ''));
    if (!Number.isSafeInteger(n) || n < min) throw new OptionsError(`${flag} takes a whole number >= ${min}, not '${v}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    switch (a) {
      case '--quick':
        quick = true;
        break;
      case '--records':
        records = integer(value(i++, a), a, 1);
        break;
      case '--json':
        json = value(i++, a);
        break;
      case '--only': {
        only = value(i++, a).split(',').map((s) => s.trim()).filter((s) => s !== '');
        const unknown = only.filter((n) => !workloadNames.includes(n));
        if (unknown.length > 0) throw new OptionsError(`unknown workload ${unknown.join(', ')}; the workloads are ${workloadNames.join(', ')}`);
        break;
      }
      case '--seed':
        seed = integer(value(i++, a), a, 0);
        break;
      case '--mode': {
        const m = value(i++, a);
        if (m !== 'embedded' && m !== 'kafka') throw new OptionsError(`unknown mode '${m}'; the modes are: embedded, kafka`);
        if (!modes.includes(m)) modes.push(m);
        break;
      }
      case '--brokers':
        brokers = value(i++, a);
        break;
      case '--restore-keys':
        restoreKeys = integer(value(i++, a), a, 0);
        break;
      case '--no-startup':
        startup = false;
        break;
      case '--help':
      case '-h':
        throw new OptionsError('');
      default:
        throw new OptionsError(`unknown option '${a}'`);
    }
  }
  return {
    quick,
    records: records ?? (quick ? 200_000 : 1_000_000),
    json,
    only,
    seed,
    modes: modes.length > 0 ? modes : undefined,
    startup,
    brokers,
    restoreKeys: restoreKeys ?? (quick ? 100_000 : 1_000_000),
  };
}
