// The banner at the top of a session: version, mode, and where the data lives (the data directory
// of the embedded engine, or the server's URL and version in remote mode).

import { Box, Text } from 'ink';

export interface BannerProps {
  readonly version: string;
  readonly mode: 'embedded' | 'remote';
  readonly location: string;
  readonly serverVersion?: string;
}

export function Banner({ version, mode, location, serverVersion }: BannerProps) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} alignSelf="flex-start">
      <Text>
        <Text bold color="cyan">
          ksqlite {version}
        </Text>
        <Text color="gray"> · streaming SQL in ksqlDB's dialect</Text>
      </Text>
      {mode === 'remote' ? (
        <Text>
          Mode: <Text bold>remote</Text> · Server: <Text bold>{location}</Text> · Server version: <Text bold>{serverVersion ?? 'unknown'}</Text>
        </Text>
      ) : (
        <Text>
          Mode: <Text bold>embedded</Text> · Data: <Text bold>{location}</Text>
        </Text>
      )}
      <Text color="gray">Statements end with ';'. HELP for help, Tab completes, Ctrl-D exits.</Text>
    </Box>
  );
}
