// `ksqlite server`: serves ksqlDB's REST API over an embedded engine until SIGINT/SIGTERM. With
// --queries-file it first runs that file and then refuses statements on /ksql (headless mode).

import { readFileSync } from 'node:fs';
import { Engine } from '../../src/engine/engine.js';
import { engineOptions } from '../args.js';
import { KsqlError, messageOf } from '../../src/errors.js';
import { UserTable } from '../../src/server/auth.js';
import { KsqliteServer } from '../../src/server/server.js';
import type { ServerOptions } from '../../src/server/server.js';

export const SERVER_USAGE = `Usage: ksqlite server [options]
Serves ksqlDB's REST API (/ksql, /query, /query-stream, /inserts-stream, /ws/query, ...).
  --port N               port to listen on (default 8088; 0 picks a free one)
  --host H               address to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --data-dir D           folder of the data (default ./ksqlite-data)
  --in-memory            keep everything in memory (nothing survives a restart)
  --kafka HOST:PORT      run on Apache Kafka (with --service-id ID, --guarantee exactly_once_v2)
  --queries-file F       run F's statements, then refuse statements on /ksql (headless)
  --auth-file F          require HTTP Basic credentials from F: one "user: password[,role...]"
                         per line (Jetty realm format; "MD5:<hex>" passwords; # comments)
  --tls-key K --tls-cert C   serve HTTPS (HTTP/2 and HTTP/1.1) with these PEM files
  --max-body-bytes N     largest request body accepted (default 4194304)
`;

interface ServerArgs {
  port: number;
  host: string;
  dataDir?: string;
  inMemory: boolean;
  queriesFile?: string;
  authFile?: string;
  tlsKey?: string;
  tlsCert?: string;
  maxBodyBytes?: number;
  kafka?: string;
  serviceId?: string;
  guarantee?: string;
}

export interface ServerCommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Resolves when the server should stop; default: the first SIGINT or SIGTERM. */
  readonly stopped?: Promise<void>;
  /** Called once the server listens (tests read the port from it). */
  readonly started?: (server: KsqliteServer) => void;
}

const defaultIo: ServerCommandIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** Parses the options; a string is the usage error to print. */
export function parseServerArgs(argv: readonly string[]): ServerArgs | string {
  const out: ServerArgs = { port: 8088, host: '127.0.0.1', inMemory: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.indexOf('=');
    const name = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string | undefined => (raw.startsWith('--') && eq > 0 ? raw.slice(eq + 1) : argv[++i]);
    const need = (): string => {
      const v = value();
      if (v === undefined || v === '') throw new Error(`${name} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = Number(need());
      if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a non-negative integer`);
      return v;
    };
    try {
      switch (name) {
        case '--port':
          out.port = int();
          if (out.port > 65535) return '--port must be at most 65535';
          break;
        case '--host':
          out.host = need();
          break;
        case '--data-dir':
          out.dataDir = need();
          break;
        case '--in-memory':
          out.inMemory = true;
          break;
        case '--queries-file':
          out.queriesFile = need();
          break;
        case '--auth-file':
          out.authFile = need();
          break;
        case '--tls-key':
          out.tlsKey = need();
          break;
        case '--tls-cert':
          out.tlsCert = need();
          break;
        case '--max-body-bytes':
          out.maxBodyBytes = int();
          break;
        case '--kafka':
          out.kafka = need();
          break;
        case '--service-id':
          out.serviceId = need();
          break;
        case '--guarantee':
          out.guarantee = need();
          break;
        default:
          return `Unknown argument: ${raw}`;
      }
    } catch (e) {
      return messageOf(e);
    }
  }
  if ((out.tlsKey === undefined) !== (out.tlsCert === undefined)) return '--tls-key and --tls-cert go together.';
  return out;
}

export async function runServerCommand(argv: string[], io: ServerCommandIo = defaultIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(SERVER_USAGE.trimEnd());
    return 0;
  }
  const args = parseServerArgs(argv);
  if (typeof args === 'string') {
    io.err(`${args}\n${SERVER_USAGE.trimEnd()}`);
    return 2;
  }
  let options: Omit<ServerOptions, 'engine'>;
  let queries: string | undefined;
  try {
    options = {
      host: args.host,
      port: args.port,
      headless: args.queriesFile !== undefined,
      ...(args.maxBodyBytes !== undefined ? { maxBodyBytes: args.maxBodyBytes } : {}),
      ...(args.authFile !== undefined ? { users: UserTable.load(args.authFile) } : {}),
      ...(args.tlsKey !== undefined && args.tlsCert !== undefined ? { tls: { key: readFileSync(args.tlsKey), cert: readFileSync(args.tlsCert) } } : {}),
    };
    if (args.queriesFile !== undefined) queries = readFileSync(args.queriesFile, 'utf8');
  } catch (e) {
    io.err(`ksqlite server: ${messageOf(e)}`);
    return 2;
  }
  let engine: Engine;
  try {
    if (args.inMemory && args.kafka !== undefined) throw new Error('--in-memory and --kafka do not go together: Kafka mode keeps state stores in the data directory.');
    engine = await Engine.open(args.inMemory ? { inMemory: true } : engineOptions(args));
  } catch (e) {
    io.err(`ksqlite server: ${messageOf(e)}`);
    return 2;
  }
  if (queries !== undefined && !(await runQueriesFile(engine, args.queriesFile!, queries, io))) {
    await engine.close();
    return 1;
  }
  let server: KsqliteServer;
  try {
    server = await KsqliteServer.start({ engine, ...options });
  } catch (e) {
    io.err(`ksqlite server: cannot listen on ${args.host}:${args.port}: ${messageOf(e)}`);
    await engine.close();
    return 1;
  }
  io.out(`ksqlite server listening on ${server.url}${options.headless ? ' (headless: statements on /ksql are refused)' : ''}`);
  io.started?.(server);
  await (io.stopped ?? untilSignal());
  await server.close();
  await engine.close();
  return 0;
}

/** Runs a queries file; false (after printing file:line:column) at the first failing statement. */
async function runQueriesFile(engine: Engine, file: string, text: string, io: ServerCommandIo): Promise<boolean> {
  try {
    for (const p of engine.parse(text)) {
      try {
        if (p.statement.kind === 'QueryStatement' || p.statement.kind === 'Print')
          throw new KsqlError('INVALID_STATEMENT', 'A queries file cannot hold SELECT or PRINT statements: nobody would read their rows.');
        await engine.executeStatement(p);
      } catch (e) {
        // Positions in the AST, hence in errors, are positions in the whole file.
        const loc = (e instanceof KsqlError ? e.loc : undefined) ?? p.loc;
        io.err(`${file}:${loc.line}:${loc.column}: ${messageOf(e)}`);
        return false;
      }
    }
  } catch (e) {
    const loc = e instanceof KsqlError ? e.loc : undefined;
    io.err(`${file}:${loc?.line ?? 1}:${loc?.column ?? 1}: ${messageOf(e)}`);
    return false;
  }
  return true;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
