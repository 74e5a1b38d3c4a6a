// `ksqlite` with no command: the interactive shell. On a terminal it is the ink shell; when stdin
// is not a terminal (piped statements) the plain prompt of cli/prompt.ts runs the same controller.

import { engineOptions, parseArgs } from '../args.js';
import type { CommonArgs } from '../args.js';
import { messageOf } from '../../src/errors.js';
import { EmbeddedBackend } from './embedded-backend.js';
import type { ShellBackend } from './backend.js';
import { readPassword } from './password-prompt.js';
import { RemoteBackend } from './remote-backend.js';
import { DEFAULT_HISTORY_FILE, History } from './history.js';
import { ksqliteVersion } from './version.js';

export interface ShellArgs extends CommonArgs {
  /** `--server URL`: remote mode, on a running `ksqlite server`. */
  readonly server?: string;
  readonly user?: string;
  readonly password?: string;
}

/** The shell's options: the common ones plus `--server URL` (and its `--user`/`--password`). */
export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const rest: string[] = [];
  const remote: { server?: string; user?: string; password?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(server|user|password)(?:=(.*))?$/.exec(argv[i]!);
    if (m) remote[m[1] as 'server' | 'user' | 'password'] = m[2] ?? argv[++i] ?? '';
    else rest.push(argv[i]!);
  }
  return { ...parseArgs(rest), ...remote };
}

/** Opens the backend the arguments ask for, applying `--define k=v` as session variables. */
export async function openBackend(args: ShellArgs): Promise<ShellBackend> {
  const backend = args.server === undefined ? await openEmbedded(args) : await openRemote(args.server, args);
  for (const [name, value] of Object.entries(args.defines)) await backend.execute(`DEFINE ${name} = '${value.replace(/'/g, "''")}';`);
  return backend;
}

async function openEmbedded(args: ShellArgs): Promise<ShellBackend> {
  if (args.user !== undefined || args.password !== undefined) throw new Error('--user and --password go with --server URL (the embedded engine has no users).');
  return EmbeddedBackend.open(engineOptions(args));
}

async function openRemote(url: string, args: ShellArgs): Promise<ShellBackend> {
  if (args.dataDir !== undefined) throw new Error('--data-dir is for the embedded engine; with --server the data lives on the server.');
  if (url === '') throw new Error('--server needs the URL of a running server, such as http://localhost:8088.');
  let password = args.password;
  if (args.user !== undefined && password === undefined) {
    if (!process.stdin.isTTY) throw new Error(`--user ${args.user} needs --password when the input is not a terminal.`);
    password = await readPassword(`Password for ${args.user}: `);
  }
  return RemoteBackend.connect(url, { ...(args.user !== undefined ? { user: args.user } : {}), ...(password !== undefined ? { password } : {}) });
}

/** Runs the shell until the user leaves it; returns the exit code. */
export async function runShell(args: ShellArgs): Promise<number> {
  if (!process.stdin.isTTY) {
    const { runPrompt } = await import('../prompt.js');
    return runPrompt(args);
  }
  let backend: ShellBackend;
  try {
    backend = await openBackend(args);
  } catch (e) {
    process.stderr.write(`ksqlite: ${messageOf(e)}\n`);
    return 1;
  }
  // ink prints only finished output when it believes it runs in CI (the CI variable); an
  // interactive terminal is no CI log, so the variables must not reach ink, loaded just below.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const { runInkShell } = await import('./ink-shell.js');
  await runInkShell(backend, new History(process.env.KSQLITE_HISTORY_FILE ?? DEFAULT_HISTORY_FILE), ksqliteVersion());
  await backend.close();
  return 0;
}
