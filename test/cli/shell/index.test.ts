// The shell's command line: which backend the options open, and the options it refuses.

import { afterEach, describe, expect, it } from 'vitest';
import { openBackend, parseShellArgs } from '../../../cli/shell/index.js';
import type { ShellBackend } from '../../../cli/shell/backend.js';
import type { TestServer } from '../../client/server-fixture.js';
import { startTestServer } from '../../client/server-fixture.js';

let server: TestServer | undefined;
let backend: ShellBackend | undefined;
afterEach(async () => {
  await backend?.close();
  await server?.close();
  backend = undefined;
  server = undefined;
});

describe('the shell command line', () => {
  it('reads --server, --user and --password in both spellings, next to the common options', () => {
    expect(parseShellArgs(['--server', 'http://h:1', '--user=alice', '--password', 'secret', '--define', 'a=b'])).toMatchObject({
      server: 'http://h:1',
      user: 'alice',
      password: 'secret',
      defines: { a: 'b' },
      unknown: [],
    });
  });

  it('opens remote mode on --server, with --define variables in the session', async () => {
    server = await startTestServer('alice: secret');
    backend = await openBackend(parseShellArgs(['--server', server.url, '--user', 'alice', '--password', 'secret', '--define', 'topic=clicks']));
    expect([backend.mode, backend.location, backend.serverVersion]).toEqual(['remote', server.url, '0.29.0']);
    expect(await backend.execute('SHOW VARIABLES;')).toMatchObject([{ type: 'variables', variables: [{ name: 'topic', value: 'clicks' }] }]);
  });

  it('refuses options that do not go together, saying why', async () => {
    await expect(openBackend(parseShellArgs(['--server', 'http://h:1', '--data-dir', 'd']))).rejects.toThrow(
      '--data-dir is for the embedded engine; with --server the data lives on the server.',
    );
    await expect(openBackend(parseShellArgs(['--user', 'alice']))).rejects.toThrow('--user and --password go with --server URL');
    await expect(openBackend(parseShellArgs(['--server']))).rejects.toThrow('--server needs the URL of a running server');
  });
});
