// The benchmark's results as written by `--json FILE` and read by the report generator: the
// machine, one entry per measured workload and mode, and the workloads that were skipped or failed.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import Database from 'better-sqlite3';
import type { PullBenchResult } from './pull-bench.js';
import type { PushBenchResult } from './push-bench.js';

/** A faster system measured on the same workload, when one is available to compare against. */
export interface PeerResult {
  readonly name: string;
  readonly recordsPerSec: number;
  readonly ratio: number;
}

export interface BenchResult {
  readonly workload: string;
  readonly mode: 'embedded' | 'kafka';
  readonly recordsPerSec: number;
  /** JSON.parse + JSON.stringify of the same records, best of 3, measured just before the query. */
  readonly floorRecordsPerSec: number;
  /** recordsPerSec / floorRecordsPerSec, of this pair. */
  readonly ratioToFloor: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly peer: PeerResult | null;
  readonly extra?: {
    readonly records: number;
    readonly recordsOut: number;
    readonly seconds: number;
    /** Records per second of the query process's own CPU time: steadier than records/s on a busy machine. */
    readonly recordsPerCpuSecond: number;
    readonly description: string;
  };
}

export interface SkippedWorkload {
  readonly workload: string;
  readonly mode: 'embedded' | 'kafka';
  readonly reason: string;
}

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly os: string;
  readonly node: string;
  readonly sqlite: string;
  readonly betterSqlite3: string;
  readonly ksqlite: string;
  readonly commit: string;
  /** 1, 5 and 15 minute load averages when the run started and when it ended. */
  readonly loadAverageStart: readonly number[];
  readonly loadAverageEnd: readonly number[];
}

export interface BenchFile {
  readonly machine: Machine;
  readonly settings: { readonly records: number; readonly quick: boolean; readonly seed: number; readonly startedAt: string; readonly finishedAt: string };
  readonly results: readonly BenchResult[];
  readonly skipped: readonly SkippedWorkload[];
  readonly failed: readonly SkippedWorkload[];
  /** Median time from process start until the engine (the published bundle) answered a statement. */
  readonly startupMs: number | null;
  /** Kafka mode: time to restore a table of `keys` keys, from the local store and by changelog replay. */
  readonly restore?: RestoreResult | null;
  /** The REST server: pull queries by key over HTTP, and many concurrent push queries. */
  readonly server?: ServerBenchResult | null;
}

export interface ServerBenchResult {
  readonly pull: PullBenchResult | null;
  readonly push: PushBenchResult | null;
  /** Why a part did not run to the end. */
  readonly errors: readonly string[];
}

export interface RestoreResult {
  readonly keys: number;
  readonly localMs: number | null;
  readonly changelogMs: number | null;
  /** Records the changelog replay read. */
  readonly changelogRecords: number | null;
  readonly error?: string;
}

function packageVersion(path: string): string {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty === '' ? sha : `${sha} (with uncommitted changes)`;
  } catch {
    return 'unknown';
  }
}

export function loadAverage(): number[] {
  return loadavg().map((l) => Number(l.toFixed(2)));
}

/** The machine as it is now; `loadAverageEnd` is filled in when the run ends. */
export function describeMachine(loadAverageStart: readonly number[]): Machine {
  const db = new Database(':memory:');
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  const root = new URL('../../', import.meta.url);
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    sqlite,
    betterSqlite3: packageVersion(new URL('node_modules/better-sqlite3/package.json', root).pathname),
    ksqlite: packageVersion(new URL('package.json', root).pathname),
    commit: gitCommit(),
    loadAverageStart,
    loadAverageEnd: [],
  };
}
