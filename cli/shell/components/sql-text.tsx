// Highlighted SQL, one row per line with the prompt (or continuation marker) before it; with a
// cursor when it is the line being edited.

import { Box, Text } from 'ink';
import { highlightLines } from '../highlight.js';
import { CONTINUATION, PROMPT, TOKEN_COLORS } from './theme.js';

export interface SqlTextProps {
  readonly text: string;
  readonly cursor?: number;
  readonly isFunction?: (upperName: string) => boolean;
}

export function SqlText({ text, cursor, isFunction }: SqlTextProps) {
  const lines = highlightLines(text, isFunction, cursor);
  return (
    <Box flexDirection="column">
      {lines.map((segments, i) => (
        <Text key={i}>
          <Text color={i === 0 ? 'green' : 'gray'} bold={i === 0}>
            {i === 0 ? PROMPT : CONTINUATION}
          </Text>
          {segments.map((s, k) => (
            <Text key={k} color={TOKEN_COLORS[s.kind]} bold={s.kind === 'keyword'} inverse={s.cursor === true}>
              {s.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
