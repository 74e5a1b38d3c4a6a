// A shell controller on a real in-memory engine, or on a real `ksqlite server` over REST, and
// helpers to type into it and read what it printed, as a user at the terminal would.

import { ShellController } from '../../../cli/shell/controller.js';
import type { KeyInfo, ShellSnapshot } from '../../../cli/shell/controller.js';
import { EmbeddedBackend } from '../../../cli/shell/embedded-backend.js';
import { History } from '../../../cli/shell/history.js';
import { itemText } from '../../../cli/shell/output.js';
import type { RemoteOptions } from '../../../cli/shell/remote-backend.js';
import { RemoteBackend } from '../../../cli/shell/remote-backend.js';
import type { TestServer } from '../../client/server-fixture.js';
import { startTestServer } from '../../client/server-fixture.js';

export interface TestShell {
  readonly controller: ShellController;
  readonly backend: EmbeddedBackend;
  readonly history: History;
}

export function newShell(options: { flushMs?: number; width?: number } = {}): TestShell {
  const backend = new EmbeddedBackend({ inMemory: true, processingLogStream: false });
  const history = new History();
  const controller = new ShellController({ backend, history, version: '9.9.9', width: () => options.width ?? 80, flushMs: options.flushMs ?? 0 });
  return { controller, backend, history };
}

export interface RemoteTestShell {
  readonly controller: ShellController;
  readonly backend: RemoteBackend;
  /** The server the shell talks to; its engine is "another client" that can insert rows. */
  readonly server: TestServer;
  close(): Promise<void>;
}

/** A shell in remote mode on a server started for the test (with `users`, it requires credentials). */
export async function newRemoteShell(options: { users?: string; credentials?: RemoteOptions; width?: number } = {}): Promise<RemoteTestShell> {
  const server = await startTestServer(options.users);
  let backend: RemoteBackend;
  try {
    backend = await RemoteBackend.connect(server.url, options.credentials);
  } catch (e) {
    await server.close();
    throw e;
  }
  const controller = new ShellController({ backend, history: new History(), version: '9.9.9', width: () => options.width ?? 80, flushMs: 0 });
  return {
    controller,
    backend,
    server,
    close: async () => {
      await backend.close();
      await server.close();
    },
  };
}

export function type(c: ShellController, text: string): void {
  c.handleInput(text, {});
}

export function press(c: ShellController, key: KeyInfo, input = ''): void {
  c.handleInput(input, key);
}

export const ENTER: KeyInfo = { return: true };
export const TAB: KeyInfo = { tab: true };

export function ctrl(c: ShellController, letter: string): void {
  c.handleInput(letter, { ctrl: true });
}

/** Presses Tab and waits for the completion (the backend's names come asynchronously). */
export async function tab(c: ShellController): Promise<void> {
  c.handleInput('', TAB);
  await until(() => !c.getSnapshot().completing, 'the completion');
}

/** Types a line and presses Enter. */
export function enter(c: ShellController, text: string): void {
  type(c, text);
  press(c, ENTER);
}

export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Waits until the prompt is back (the statements submitted are done). */
export function prompt(c: ShellController): Promise<void> {
  return until(() => c.getSnapshot().phase === 'prompt', 'the prompt');
}

/** Runs one submission to its end. */
export async function run(c: ShellController, text: string): Promise<void> {
  enter(c, text);
  await prompt(c);
}

export function snapshot(c: ShellController): ShellSnapshot {
  return c.getSnapshot();
}

/** Everything printed, as plain text. */
export function printed(c: ShellController): string {
  return c
    .getSnapshot()
    .transcript.map((i) => itemText(i))
    .join('\n');
}

/** What was printed after the last echoed statement. */
export function lastOutput(c: ShellController): string {
  const items = c.getSnapshot().transcript;
  let k = items.length - 1;
  while (k >= 0 && items[k]!.kind !== 'echo') k--;
  return items
    .slice(k + 1)
    .map((i) => itemText(i))
    .join('\n');
}

export const CREATE_PAGEVIEWS = "CREATE STREAM pageviews (userid STRING KEY, page STRING, ms INT) WITH (KAFKA_TOPIC='pageviews', PARTITIONS=1, VALUE_FORMAT='JSON');";
