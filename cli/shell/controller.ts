// The shell's state machine, apart from any UI: it owns the input editor, history, completion and
// the transcript, turns key presses into edits or submissions, and runs submissions through the
// statement runner. Components subscribe to its snapshots (useSyncExternalStore) and draw them.

import type { CompletionData, ShellBackend } from './backend.js';
import { commonPrefix, complete, suffixFor } from './completion.js';
import type { Candidate } from './completion.js';
import * as ed from './editor.js';
import type { EditorState } from './editor.js';
import type { History } from './history.js';
import { localCommand } from './local-commands.js';
import { errorItem } from './output.js';
import type { NewOutputItem, OutputFormat, OutputItem } from './output.js';
import { endsStatement } from './sql-scan.js';
import { runText } from './statement-runner.js';
import type { RunHost, StreamSink } from './statement-runner.js';

/** How many transcript items the controller keeps (at least; at most twice as many). */
const MAX_TRANSCRIPT = 200;

/** The keys the controller reacts to (a subset of ink's Key, so tests need not build a whole one). */
export interface KeyInfo {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly home?: boolean;
  readonly end?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly tab?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
}

/** prompt: editing; busy: a statement runs; streaming: a query or PRINT shows records; exited: done. */
export type Phase = 'prompt' | 'busy' | 'streaming' | 'exited';

export interface StreamStatus {
  readonly kind: 'query' | 'print';
  readonly name: string;
  readonly rows: number;
}

export interface ShellSnapshot {
  readonly phase: Phase;
  readonly editor: EditorState;
  /** Candidates listed after a Tab that did not settle on one word. */
  readonly completions: readonly Candidate[];
  /** A Tab waits for the backend's names (a round trip in remote mode); keys typed meanwhile wait too. */
  readonly completing: boolean;
  readonly busyLabel?: string;
  readonly stream?: StreamStatus;
  readonly outputFormat: OutputFormat;
  /** What was printed, oldest first: the recent items only; ids keep growing. */
  readonly transcript: readonly OutputItem[];
}

export interface ControllerOptions {
  readonly backend: ShellBackend;
  readonly history: History;
  readonly version: string;
  /** The terminal width, read whenever something is laid out. */
  readonly width: () => number;
  /** Streamed lines are gathered for this long before they are shown (0: at once). */
  readonly flushMs?: number;
}

export class ShellController {
  private snapshot: ShellSnapshot;
  private readonly listeners = new Set<() => void>();
  private items: OutputItem[] = [];
  private nextId = 0;
  /** Keys typed while a statement runs, replayed at the next prompt (pasted statements). */
  private queued: [string, KeyInfo][] = [];
  private cancelStream: (() => void) | undefined;
  private interrupted = false;
  private pendingLines: string[] = [];
  private pendingRows = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private resolveExit!: () => void;
  private readonly host: RunHost;
  /** Resolves when the user leaves the shell (Ctrl-D, EXIT). */
  readonly exited: Promise<void>;

  constructor(private readonly options: ControllerOptions) {
    this.exited = new Promise((resolve) => {
      this.resolveExit = resolve;
    });
    const { mode, location, serverVersion } = options.backend;
    this.items.push({ id: this.nextId++, kind: 'banner', version: options.version, mode, location, ...(serverVersion !== undefined ? { serverVersion } : {}) });
    this.snapshot = { phase: 'prompt', editor: ed.EMPTY_EDITOR, completions: [], completing: false, outputFormat: 'TABULAR', transcript: this.items };
    this.host = this.makeHost();
  }

  getSnapshot = (): ShellSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private update(patch: Partial<ShellSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  private emit(item: NewOutputItem): void {
    // Only recent items are kept: what is printed is on the terminal already, and a long-running
    // push query must not grow the shell's memory without end.
    const kept = this.items.length >= MAX_TRANSCRIPT * 2 ? this.items.slice(-MAX_TRANSCRIPT) : this.items;
    this.items = [...kept, { ...item, id: this.nextId++ } as OutputItem];
    this.update({ transcript: this.items });
  }

  /** One key press (or a pasted string) from the terminal. */
  handleInput = (input: string, key: KeyInfo): void => {
    const phase = this.snapshot.phase;
    if (phase === 'exited') return;
    if (key.ctrl && input === 'c') {
      this.interrupt();
      return;
    }
    if (phase !== 'prompt' || this.snapshot.completing) {
      this.queued.push([input, key]);
      return;
    }
    this.editKey(input, key);
  };

  /** Handles the keys that arrived while a statement ran or a Tab waited. */
  private replayQueued(): void {
    const queued = this.queued;
    this.queued = [];
    for (const [input, key] of queued) this.handleInput(input, key);
  }

  private interrupt(): void {
    if (this.snapshot.phase === 'prompt') {
      this.queued = [];
      this.options.history.resetBrowsing();
      this.update({ editor: ed.EMPTY_EDITOR, completions: [] });
      return;
    }
    this.interrupted = true;
    this.queued = [];
    this.cancelStream?.();
  }

  private editKey(input: string, key: KeyInfo): void {
    const s = this.snapshot.editor;
    const history = this.options.history;
    if (key.ctrl) {
      switch (input) {
        case 'd':
          if (s.text === '') this.exit();
          else this.setEditor(ed.deleteForward(s));
          return;
        case 'a':
          return this.setEditor(ed.home(s));
        case 'e':
          return this.setEditor(ed.end(s));
        case 'u':
          return this.setEditor(ed.killBefore(s));
        case 'k':
          return this.setEditor(ed.killAfter(s));
        case 'w':
          return this.setEditor(ed.deleteWordBefore(s));
        default:
          return;
      }
    }
    if (key.return) return key.meta ? this.setEditor(ed.insert(s, '\n')) : this.enter();
    if (key.tab) return this.completeWord();
    if (key.escape) return this.update({ completions: [] });
    if (key.backspace || key.delete) return this.setEditor(ed.backspace(s));
    if (key.leftArrow) return this.setEditor(ed.left(s));
    if (key.rightArrow) return this.setEditor(ed.right(s));
    if (key.home) return this.setEditor(ed.home(s));
    if (key.end) return this.setEditor(ed.end(s));
    if (key.upArrow) {
      const moved = ed.up(s);
      if (moved) return this.setEditor(moved);
      const entry = history.previous(s.text);
      if (entry !== undefined) this.setEditor(ed.editorOf(entry), false);
      return;
    }
    if (key.downArrow) {
      const moved = ed.down(s);
      if (moved) return this.setEditor(moved);
      const entry = history.next();
      if (entry !== undefined) this.setEditor(ed.editorOf(entry), false);
      return;
    }
    if (key.meta) return;
    this.typeText(input);
  }

  /** Inserts typed or pasted text; a line break in it acts as Enter. */
  private typeText(input: string): void {
    let chunk = '';
    for (let i = 0; i < input.length; i++) {
      const ch = input[i]!;
      if (this.snapshot.phase !== 'prompt') {
        // A pasted statement was submitted: the rest waits for the next prompt.
        this.queued.push([input.slice(i), {}]);
        return;
      }
      if (ch === '\r' || ch === '\n') {
        if (chunk) this.setEditor(ed.insert(this.snapshot.editor, chunk));
        chunk = '';
        if (ch === '\n' && input[i - 1] === '\r') continue;
        this.enter();
      } else if (ch === '\t') chunk += ' ';
      else if (ch >= ' ') chunk += ch;
    }
    if (chunk) this.setEditor(ed.insert(this.snapshot.editor, chunk));
  }

  private setEditor(editor: EditorState, stopBrowsing = true): void {
    if (stopBrowsing) this.options.history.resetBrowsing();
    this.update({ editor, completions: [] });
  }

  private enter(): void {
    const { text } = this.snapshot.editor;
    if (endsStatement(text) || localCommand(text) !== undefined) {
      void this.submit(text);
      return;
    }
    if (text.trim() === '') {
      this.setEditor(ed.EMPTY_EDITOR);
      return;
    }
    this.setEditor(ed.insert(this.snapshot.editor, '\n'));
  }

  private completeWord(): void {
    const before = this.snapshot.editor;
    this.update({ completing: true });
    const done = (data: CompletionData | undefined): void => {
      this.update({ completing: false });
      // Ctrl-C may have cleared the line meanwhile: complete only what Tab was pressed on.
      if (data !== undefined && this.snapshot.phase === 'prompt' && this.snapshot.editor === before) this.applyCompletion(before, data);
      this.replayQueued();
    };
    // Without the names (a server that went away) Tab does nothing; the next statement shows the error.
    void this.options.backend.completionData().then(done, () => done(undefined));
  }

  private applyCompletion(s: EditorState, data: CompletionData): void {
    const c = complete(s.text, s.cursor, data);
    if (c.candidates.length === 0) return;
    if (c.candidates.length === 1) {
      const only = c.candidates[0]!;
      this.setEditor(ed.replaceRange(s, c.from, c.to, only.text + suffixFor(only)));
      return;
    }
    const prefix = commonPrefix(c.candidates);
    const editor = prefix.length > c.to - c.from ? ed.replaceRange(s, c.from, c.to, prefix) : s;
    this.update({ editor, completions: c.candidates });
  }

  /** Runs `text` as if it had been typed and Enter pressed. Resolves when the prompt is back. */
  async submit(text: string): Promise<void> {
    this.options.history.add(text);
    this.emit({ kind: 'echo', text: text.replace(/\s+$/, '') });
    this.interrupted = false;
    this.update({ phase: 'busy', editor: ed.EMPTY_EDITOR, completions: [] });
    try {
      await runText(this.host, text);
    } catch (e) {
      this.emit(errorItem(e));
    }
    this.flush();
    if (this.snapshot.phase === 'exited') return;
    this.update({ phase: 'prompt', busyLabel: undefined, stream: undefined });
    this.replayQueued();
  }

  private exit(): void {
    if (this.snapshot.phase === 'exited') return;
    this.cancelStream?.();
    this.emit({ kind: 'text', text: 'Exiting ksqlite.', tone: 'muted' });
    this.update({ phase: 'exited', completions: [] });
    this.resolveExit();
  }

  private flush(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingLines.length === 0 && this.pendingRows === 0) return;
    const text = this.pendingLines.join('\n');
    const rows = this.pendingRows;
    this.pendingLines = [];
    this.pendingRows = 0;
    const stream = this.snapshot.stream;
    if (stream) this.snapshot = { ...this.snapshot, stream: { ...stream, rows: stream.rows + rows } };
    if (text !== '') this.emit({ kind: 'text', text, tone: 'plain' });
    else this.update({});
  }

  private makeHost(): RunHost {
    return {
      backend: this.options.backend,
      version: this.options.version,
      width: () => this.options.width(),
      outputFormat: () => this.snapshot.outputFormat,
      setOutputFormat: (format) => this.update({ outputFormat: format }),
      emit: (item) => this.emit(item),
      busy: (label) => this.update({ busyLabel: label }),
      interrupted: () => this.interrupted,
      exit: () => this.exit(),
      historyEntries: () => this.options.history.list(),
      stream: (kind, name, cancel): StreamSink => {
        this.cancelStream = cancel;
        // Ctrl-C pressed before the stream existed stops it at once.
        if (this.interrupted) cancel();
        this.update({ phase: 'streaming', stream: { kind, name, rows: 0 } });
        return {
          lines: (lines, rows) => {
            for (const l of lines) this.pendingLines.push(l);
            this.pendingRows += rows;
            const delay = this.options.flushMs ?? 50;
            if (delay <= 0) this.flush();
            else this.flushTimer ??= setTimeout(() => this.flush(), delay);
          },
          end: () => {
            this.flush();
            this.cancelStream = undefined;
            if (this.snapshot.phase === 'streaming') this.update({ phase: 'busy', stream: undefined });
          },
        };
      },
    };
  }
}
