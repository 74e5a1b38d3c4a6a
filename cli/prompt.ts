// The line prompt used when stdin is not a terminal (statements piped in, or a dumb terminal):
// the shell's controller without ink. Lines are fed as typed input; what the controller prints
// is written as plain text. Ctrl-C stops a streaming query.

import { createInterface } from 'node:readline';
import { messageOf } from '../src/errors.js';
import { ShellController } from './shell/controller.js';
import { History } from './shell/history.js';
import type { ShellArgs } from './shell/index.js';
import { openBackend } from './shell/index.js';
import { itemText } from './shell/output.js';
import type { ShellBackend } from './shell/backend.js';
import { ksqliteVersion } from './shell/version.js';

export async function runPrompt(args: ShellArgs): Promise<number> {
  let backend: ShellBackend;
  try {
    backend = await openBackend(args);
  } catch (e) {
    process.stderr.write(`ksqlite: ${messageOf(e)}\n`);
    return 1;
  }
  const controller = new ShellController({ backend, history: new History(), version: ksqliteVersion(), width: () => process.stdout.columns || 120, flushMs: 0 });
  let printed = -1;
  let failed = false;
  const printNew = (): void => {
    for (const item of controller.getSnapshot().transcript) {
      if (item.id <= printed) continue;
      printed = item.id;
      if (item.kind === 'error') failed = true;
      process.stdout.write(`${itemText(item)}\n`);
    }
  };
  const unsubscribe = controller.subscribe(printNew);
  printNew();
  const rl = createInterface({ input: process.stdin, terminal: false });
  const onSigint = (): void => controller.handleInput('c', { ctrl: true });
  process.on('SIGINT', onSigint);
  rl.on('line', (line) => controller.handleInput(`${line}\n`, {}));
  await new Promise<void>((resolve) => {
    rl.once('close', resolve);
    void controller.exited.then(resolve);
  });
  // Input ended: wait for what is still running (a script, a query with LIMIT) to finish.
  while (controller.getSnapshot().phase === 'busy' || controller.getSnapshot().phase === 'streaming') {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const leftover = controller.getSnapshot().editor.text.trim();
  if (leftover !== '' && controller.getSnapshot().phase === 'prompt') await controller.submit(`${leftover}${leftover.endsWith(';') ? '' : ';'}`);
  process.off('SIGINT', onSigint);
  rl.close();
  unsubscribe();
  await backend.close();
  return failed ? 1 : 0;
}
