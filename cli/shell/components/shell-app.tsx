// The shell's root component. The transcript is printed once, above the live part, by plain
// writes (ink's <Static> lays out every character and cannot keep up with a fast push query);
// the live part is the prompt, a spinner while a statement runs, or a streaming query's counter.

import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Box, renderToString, useApp, useInput, useStdout } from 'ink';
import type { Key } from 'ink';
import type { ShellController } from '../controller.js';
import type { OutputItem } from '../output.js';
import { CompletionList } from './completion-list.js';
import { Spinner } from './spinner.js';
import { SqlText } from './sql-text.js';
import { StreamStatusLine } from './stream-status.js';
import { TranscriptItem } from './transcript-item.js';

export interface ShellAppProps {
  readonly controller: ShellController;
  /** Whether an upper-case name is a function (coloured differently). */
  readonly isFunction?: (upperName: string) => boolean;
  /** Milliseconds before the spinner of a running statement shows. */
  readonly spinnerDelayMs?: number;
  /** Where transcript text goes (default: the terminal, above the live part). */
  readonly print?: (text: string) => void;
}

/** A transcript item as terminal text: plain output as is (it can be long), the rest drawn by its component. */
export function itemString(item: OutputItem, width: number, isFunction?: (upperName: string) => boolean): string {
  if (item.kind === 'text' && item.tone === 'plain') return item.text;
  return renderToString(<TranscriptItem item={item} isFunction={isFunction} />, { columns: width });
}

/** The terminal's width, kept current on resize. */
function useTerminalWidth(): number {
  const { stdout } = useStdout();
  const [width, setWidth] = useState(stdout.columns || 80);
  useEffect(() => {
    const onResize = (): void => setWidth(stdout.columns || 80);
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return width;
}

export function ShellApp({ controller, isFunction, spinnerDelayMs, print }: ShellAppProps) {
  const width = useTerminalWidth();
  const snap = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const { write } = useStdout();
  /** Id of the last item printed (the controller keeps only recent items, so ids, not indexes). */
  const printed = useRef(-1);
  useLayoutEffect(() => {
    const fresh = snap.transcript.filter((item) => item.id > printed.current);
    if (fresh.length === 0) return;
    printed.current = fresh[fresh.length - 1]!.id;
    // Drawn after the commit: renderToString must not run inside ink's own render (they share yoga).
    queueMicrotask(() => (print ?? write)(`${fresh.map((item) => itemString(item, width, isFunction)).join('\n')}\n`));
  }, [snap.transcript, width, isFunction, print, write]);
  const { exit } = useApp();
  const onInput = useCallback((input: string, key: Key) => controller.handleInput(input, key), [controller]);
  useInput(onInput, { isActive: snap.phase !== 'exited' });
  useEffect(() => {
    if (snap.phase !== 'exited') return;
    // After the transcript's last items (queued as microtasks above) are written.
    const timer = setImmediate(() => exit());
    return () => clearImmediate(timer);
  }, [snap.phase, exit]);
  return (
    <Box flexDirection="column">
      {snap.phase === 'busy' && <Spinner label={snap.busyLabel ?? 'Running'} delayMs={spinnerDelayMs} />}
      {snap.phase === 'streaming' && snap.stream && <StreamStatusLine stream={snap.stream} />}
      {snap.phase === 'prompt' && <SqlText text={snap.editor.text} cursor={snap.editor.cursor} isFunction={isFunction} />}
      {snap.phase === 'prompt' && snap.completions.length > 0 && <CompletionList candidates={snap.completions} width={width} />}
    </Box>
  );
}
