// The banner at the top of a session: version, mode and where the data lives.

import { Box, Text } from 'ink';

export interface BannerProps {
  readonly version: string;
  readonly mode: string;
  readonly location: string;
}

export function Banner({ version, mode, location }: BannerProps) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} alignSelf="flex-start">
      <Text>
        <Text bold color="cyan">
          ksqlite {version}
        </Text>
        <Text color="gray"> · streaming SQL in ksqlDB's dialect</Text>
      </Text>
      <Text>
        Mode: <Text bold>{mode}</Text> · Data: <Text bold>{location}</Text>
      </Text>
      <Text color="gray">Statements end with ';'. HELP for help, Tab completes, Ctrl-D exits.</Text>
    </Box>
  );
}
