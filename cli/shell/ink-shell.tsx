// Mounts the ink shell on the terminal and resolves when the user leaves it. Loaded lazily by
// index.ts, so piped (non-terminal) sessions never pay for loading ink.

import { render } from 'ink';
import type { ShellBackend } from './backend.js';
import { ShellApp } from './components/shell-app.js';
import { ShellController } from './controller.js';
import type { History } from './history.js';

export async function runInkShell(backend: ShellBackend, history: History, version: string): Promise<void> {
  const controller = new ShellController({ backend, history, version, width: () => process.stdout.columns || 80 });
  // Function names colour the SQL being typed; without them (a server that does not answer) it is just less colourful.
  const names = await backend.completionData().catch(() => undefined);
  const functions = new Set((names?.functions ?? []).map((f) => f.toUpperCase()));
  const app = render(<ShellApp controller={controller} isFunction={(name) => functions.has(name)} />, { exitOnCtrlC: false, patchConsole: false });
  await controller.exited;
  // ShellApp leaves ink itself once it has drawn the exited state, after its last transcript
  // items ("Exiting ksqlite.") are written; unmounting earlier would lose them.
  await app.waitUntilExit();
}
