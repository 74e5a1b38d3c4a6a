#!/usr/bin/env node
// A direct entry to the shell (`node dist/cli/shell/main.js [--data-dir D]`), for the end-to-end
// test and for trying the shell before cli/main.ts routes to it.

import { parseShellArgs, runShell } from './index.js';

runShell(parseShellArgs(process.argv.slice(2))).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`ksqlite: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
