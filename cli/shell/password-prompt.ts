// Reads a password typed at the terminal without showing it, for `ksqlite --server URL --user U`
// given without `--password` (as ksqlDB's CLI asks for it), so it stays out of the shell history.

import type { ReadStream } from 'node:tty';

export function readPassword(prompt: string, input: ReadStream = process.stdin as ReadStream, output: NodeJS.WritableStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(prompt);
    const wasRaw = input.isRaw;
    input.setRawMode(true);
    let value = '';
    const finish = (): void => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new Error('No password given.'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
