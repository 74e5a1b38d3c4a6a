// A spinner for statements that take a moment; it appears only after a short delay, so quick
// statements do not flicker.

import { useEffect, useState } from 'react';
import { Text } from 'ink';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface SpinnerProps {
  readonly label: string;
  /** Milliseconds before the spinner shows. */
  readonly delayMs?: number;
}

export function useSpinnerFrame(): string {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % FRAMES.length), 80);
    return () => clearInterval(timer);
  }, []);
  return FRAMES[frame]!;
}

export function Spinner({ label, delayMs = 150 }: SpinnerProps) {
  const [visible, setVisible] = useState(delayMs <= 0);
  useEffect(() => {
    if (delayMs <= 0) return;
    const timer = setTimeout(() => setVisible(true), delayMs);
    return () => clearTimeout(timer);
  }, [delayMs]);
  return visible ? <SpinnerLine label={label} /> : null;
}

function SpinnerLine({ label }: { readonly label: string }) {
  const frame = useSpinnerFrame();
  return (
    <Text color="cyan">
      {frame} <Text color="gray">{label}…</Text>
    </Text>
  );
}
