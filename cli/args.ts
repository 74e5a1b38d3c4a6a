// Common command-line options of the ksqlite commands.

export interface CommonArgs {
  dataDir?: string;
  defines: Record<string, string>;
  untilIdle: boolean;
  positional: string[];
  unknown: string[];
}

export function parseArgs(argv: readonly string[]): CommonArgs {
  const out: CommonArgs = { defines: {}, untilIdle: false, positional: [], unknown: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data-dir') out.dataDir = argv[++i];
    else if (a.startsWith('--data-dir=')) out.dataDir = a.slice('--data-dir='.length);
    else if (a === '--define') {
      const kv = argv[++i] ?? '';
      const eq = kv.indexOf('=');
      if (eq > 0) out.defines[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else if (a === '--until-idle') out.untilIdle = true;
    else if (a.startsWith('--')) out.unknown.push(a);
    else out.positional.push(a);
  }
  return out;
}
