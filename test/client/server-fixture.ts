// A real `ksqlite server` for client tests: an in-memory engine behind KsqliteServer on
// 127.0.0.1 and an ephemeral port, optionally requiring HTTP Basic credentials.

import { Engine } from '../../src/engine/engine.js';
import { UserTable } from '../../src/server/auth.js';
import { KsqliteServer } from '../../src/server/server.js';

export interface TestServer {
  readonly engine: Engine;
  readonly server: KsqliteServer;
  readonly url: string;
  /** The server's Prometheus text, to see what it did (queries open, endpoints called). */
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/** `users`: lines of a users file ("alice: secret"); none means no authentication. */
export async function startTestServer(users?: string): Promise<TestServer> {
  const engine = new Engine({ inMemory: true, processingLogStream: false });
  const server = await KsqliteServer.start({ engine, host: '127.0.0.1', port: 0, ...(users !== undefined ? { users: UserTable.parse(users) } : {}) });
  const auth: Record<string, string> = users === undefined ? {} : { authorization: `Basic ${Buffer.from(users.split('\n')[0]!.replace(/\s*:\s*/, ':')).toString('base64')}` };
  return {
    engine,
    server,
    url: server.url,
    metrics: async () => (await fetch(`${server.url}/metrics`, { headers: auth })).text(),
    close: async () => {
      await server.close();
      await engine.close();
    },
  };
}

/** The value of one metric line (`name{labels} value`), 0 when the line is absent. */
export function metric(text: string, line: string): number {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}
