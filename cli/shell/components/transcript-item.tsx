// One entry of the transcript: the banner, an echoed statement, printed text or an error with a
// caret under the position it is about.

import { Box, Text } from 'ink';
import type { OutputItem } from '../output.js';
import { Banner } from './banner.js';
import { SqlText } from './sql-text.js';
import { TONE_COLORS } from './theme.js';

export interface TranscriptItemProps {
  readonly item: OutputItem;
  readonly isFunction?: (upperName: string) => boolean;
}

export function TranscriptItem({ item, isFunction }: TranscriptItemProps) {
  switch (item.kind) {
    case 'banner':
      return <Banner version={item.version} mode={item.mode} location={item.location} serverVersion={item.serverVersion} />;
    case 'echo':
      return <SqlText text={item.text} isFunction={isFunction} />;
    case 'text':
      return <Text color={TONE_COLORS[item.tone]}>{item.text}</Text>;
    case 'error':
      return (
        <Box flexDirection="column">
          {item.source && (
            <>
              {item.source.label && <Text color="gray">{item.source.label}</Text>}
              <Text color="gray">  {item.source.line}</Text>
              <Text color="red" bold>
                {' '.repeat(item.source.column + 1)}^
              </Text>
            </>
          )}
          <Text color="red">{item.message}</Text>
        </Box>
      );
    default: {
      const never: never = item;
      return never;
    }
  }
}
