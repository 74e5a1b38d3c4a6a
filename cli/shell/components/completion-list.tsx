// The candidates of an ambiguous Tab, in columns under the prompt (Esc or typing hides them).

import { Box, Text } from 'ink';
import type { Candidate } from '../completion.js';

const MAX_SHOWN = 60;
const KIND_COLORS: Readonly<Record<Candidate['kind'], string>> = {
  keyword: 'cyan',
  source: 'green',
  column: 'white',
  function: 'yellow',
  topic: 'blue',
  command: 'cyan',
};

export interface CompletionListProps {
  readonly candidates: readonly Candidate[];
  readonly width: number;
}

export function CompletionList({ candidates, width }: CompletionListProps) {
  const shown = candidates.slice(0, MAX_SHOWN);
  const cell = Math.min(40, Math.max(...shown.map((c) => c.text.length)) + 2);
  const perRow = Math.max(1, Math.floor(width / cell));
  const rows: Candidate[][] = [];
  for (let i = 0; i < shown.length; i += perRow) rows.push(shown.slice(i, i + perRow));
  return (
    <Box flexDirection="column">
      {rows.map((row, i) => (
        <Text key={i}>
          {row.map((c) => (
            <Text key={c.text} color={KIND_COLORS[c.kind]}>
              {c.text.padEnd(cell)}
            </Text>
          ))}
        </Text>
      ))}
      {candidates.length > MAX_SHOWN && <Text color="gray">… and {candidates.length - MAX_SHOWN} more</Text>}
    </Box>
  );
}
