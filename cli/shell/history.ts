// Statement history, kept across sessions in a file (~/.ksqlite_history): one entry per line,
// multi-line statements stored as JSON strings so they come back with their line breaks.

import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_HISTORY_FILE = join(homedir(), '.ksqlite_history');
const MAX_ENTRIES = 1000;

export class History {
  private readonly entries: string[];
  /** Position while browsing with Up/Down: entries.length means "the line being typed". */
  private position: number;
  /** What was typed before browsing started, given back when Down passes the newest entry. */
  private draft = '';

  /** `file` undefined keeps history in memory only. */
  constructor(private readonly file?: string) {
    this.entries = file === undefined ? [] : load(file);
    this.position = this.entries.length;
  }

  list(): readonly string[] {
    return this.entries;
  }

  add(entry: string): void {
    const text = entry.trim();
    this.position = this.entries.length;
    if (text === '' || this.entries[this.entries.length - 1] === text) return;
    this.entries.push(text);
    this.position = this.entries.length;
    if (this.file === undefined) return;
    try {
      if (this.entries.length > MAX_ENTRIES * 2) {
        this.entries.splice(0, this.entries.length - MAX_ENTRIES);
        this.position = this.entries.length;
        writeFileSync(this.file, this.entries.map(encode).join(''));
      } else appendFileSync(this.file, encode(text));
    } catch {
      // A read-only home directory must not break the shell; the history stays in memory.
    }
  }

  /** The previous entry (Up), or undefined at the oldest. `current` is what is being typed. */
  previous(current: string): string | undefined {
    if (this.position === 0) return undefined;
    if (this.position === this.entries.length) this.draft = current;
    this.position--;
    return this.entries[this.position];
  }

  /** The next entry (Down); past the newest, the draft typed before browsing. */
  next(): string | undefined {
    if (this.position >= this.entries.length) return undefined;
    this.position++;
    return this.position === this.entries.length ? this.draft : this.entries[this.position];
  }

  resetBrowsing(): void {
    this.position = this.entries.length;
  }
}

function encode(entry: string): string {
  return `${entry.startsWith('"') || /[\n\r]/.test(entry) ? JSON.stringify(entry) : entry}\n`;
}

function load(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('"')) {
      try {
        const parsed: unknown = JSON.parse(line);
        if (typeof parsed === 'string') {
          out.push(parsed);
          continue;
        }
      } catch {
        // Not JSON after all: a statement that starts with a quoted identifier.
      }
    }
    out.push(line);
  }
  return out.slice(-MAX_ENTRIES);
}
