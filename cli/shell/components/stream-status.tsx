// The live line under a streaming push query or PRINT: a spinner, the row counter and how to stop.

import { Text } from 'ink';
import type { StreamStatus } from '../controller.js';
import { useSpinnerFrame } from './spinner.js';

export function StreamStatusLine({ stream }: { readonly stream: StreamStatus }) {
  const frame = useSpinnerFrame();
  const noun = stream.kind === 'query' ? 'row' : 'record';
  return (
    <Text color="cyan">
      {frame}{' '}
      <Text bold>
        {stream.rows} {noun}
        {stream.rows === 1 ? '' : 's'}
      </Text>
      <Text color="gray">
        {' '}
        · {stream.name} · Ctrl-C to stop
      </Text>
    </Text>
  );
}
