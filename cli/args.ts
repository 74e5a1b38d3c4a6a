// Common command-line options of the ksqlite commands.

import type { EngineOptions } from '../src/engine/engine.js';

export interface CommonArgs {
  dataDir?: string;
  /** Kafka mode: bootstrap servers, service id, processing guarantee. */
  kafka?: string;
  serviceId?: string;
  guarantee?: string;
  defines: Record<string, string>;
  untilIdle: boolean;
  positional: string[];
  unknown: string[];
}

export function parseArgs(argv: readonly string[]): CommonArgs {
  const out: CommonArgs = { defines: {}, untilIdle: false, positional: [], unknown: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data-dir') out.dataDir = argv[++i];
    else if (a.startsWith('--data-dir=')) out.dataDir = a.slice('--data-dir='.length);
    else if (a === '--define') {
      const kv = argv[++i] ?? '';
      const eq = kv.indexOf('=');
      if (eq > 0) out.defines[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else if (a === '--until-idle') out.untilIdle = true;
    else if (a === '--kafka' || a === '--service-id' || a === '--guarantee') {
      const v = argv[++i] ?? '';
      if (a === '--kafka') out.kafka = v;
      else if (a === '--service-id') out.serviceId = v;
      else out.guarantee = v;
    }
    else if (a.startsWith('--')) out.unknown.push(a);
    else out.positional.push(a);
  }
  return out;
}

/** Engine options for the common arguments; throws a readable Error for a bad combination. */
export function engineOptions(args: Pick<CommonArgs, 'dataDir' | 'kafka' | 'serviceId' | 'guarantee'>): EngineOptions {
  if (args.kafka === undefined) {
    if (args.serviceId !== undefined || args.guarantee !== undefined) throw new Error('--service-id and --guarantee go with --kafka HOST:PORT.');
    return { dataDir: args.dataDir };
  }
  if (args.kafka === '') throw new Error('--kafka needs the bootstrap servers, such as 127.0.0.1:9092.');
  if (args.guarantee !== undefined && args.guarantee !== 'at_least_once' && args.guarantee !== 'exactly_once_v2')
    throw new Error(`--guarantee must be at_least_once or exactly_once_v2, not '${args.guarantee}'.`);
  return {
    dataDir: args.dataDir,
    kafka: {
      brokers: args.kafka.split(','),
      ...(args.serviceId !== undefined ? { serviceId: args.serviceId } : {}),
      ...(args.guarantee !== undefined ? { guarantee: args.guarantee } : {}),
    },
  };
}
