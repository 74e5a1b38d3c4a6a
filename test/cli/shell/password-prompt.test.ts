// The password prompt of `--user` without `--password`: what is typed is not shown, Backspace
// edits it, Enter ends it, Ctrl-C gives up; the terminal's mode is put back.

import { PassThrough } from 'node:stream';
import type { ReadStream } from 'node:tty';
import { describe, expect, it } from 'vitest';
import { readPassword } from '../../../cli/shell/password-prompt.js';

/** A stand-in for the terminal: bytes in, raw mode recorded, output collected. */
function terminal() {
  const input = Object.assign(new PassThrough(), {
    isRaw: false,
    setRawMode(mode: boolean) {
      input.isRaw = mode;
      return input;
    },
  });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  return { input, output, shown: () => shown };
}

describe('readPassword', () => {
  it('reads up to Enter without echoing, Backspace removing a character', async () => {
    const t = terminal();
    const read = readPassword('Password for alice: ', t.input as unknown as ReadStream, t.output);
    expect(t.input.isRaw).toBe(true);
    t.input.write('secrx\u007ft\r');
    expect(await read).toBe('secrt');
    expect(t.shown()).toBe('Password for alice: \n');
    expect(t.input.isRaw).toBe(false);
  });

  it('gives up on Ctrl-C', async () => {
    const t = terminal();
    const read = readPassword('Password: ', t.input as unknown as ReadStream, t.output);
    t.input.write('ab\u0003');
    await expect(read).rejects.toThrow('No password given.');
    expect(t.input.isRaw).toBe(false);
  });
});
