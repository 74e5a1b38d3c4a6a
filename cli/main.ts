#!/usr/bin/env node
// The `ksqlite` command: the shell (default), `test` for ksqlDB-format test files, and `run` for
// query files. Each is a thin client of the Engine.

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'test': {
      const { runTestCommand } = await import('./commands/test.js');
      const { engineTestFactory } = await import('../src/engine/test-adapter.js');
      return runTestCommand(rest, engineTestFactory);
    }
    case 'run': {
      const { runFileCommand } = await import('./commands/run.js');
      return runFileCommand(rest);
    }
    case 'server': {
      const { runServerCommand } = await import('./commands/server.js');
      return runServerCommand(rest);
    }
    case 'datagen': {
      const { runDatagenCommand } = await import('./commands/datagen.js');
      return runDatagenCommand(rest);
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default: {
      const { parseShellArgs, runShell } = await import('./shell/index.js');
      const args = parseShellArgs(argv);
      if (args.unknown.length > 0) {
        process.stderr.write(`Unknown argument: ${args.unknown[0]}\n${USAGE}`);
        return 2;
      }
      return runShell(args);
    }
  }
}

const USAGE = `Usage:
  ksqlite [--data-dir DIR] [--define k=v]  open the shell on the embedded engine
  ksqlite --kafka HOST:PORT [--service-id ID] [--guarantee exactly_once_v2]   the shell, on Apache Kafka
  ksqlite --server URL [--user U [--password P]]   open the shell on a running ksqlite server
  ksqlite run FILE.sql [--data-dir DIR] [--define k=v] [--until-idle] [--kafka HOST:PORT]
  ksqlite server [--port 8088] [--data-dir DIR] [--kafka HOST:PORT] [--queries-file F] [--auth-file F] [--tls-key K --tls-cert C]
  ksqlite datagen --quickstart pageviews|users|orders|nexmark [--topic T] [--rate N] [--count N] [--data-dir DIR]
  ksqlite test PATH... [--report FILE]     run ksqlDB-format test files
`;

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`ksqlite: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
