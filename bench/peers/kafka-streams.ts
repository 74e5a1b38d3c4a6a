// Runs the Kafka Streams peer (bench/peers/kafka-streams, Java): builds it once with Maven (the
// build is cached in its target/ folder and redone only when its sources change), then runs one
// workload per JVM on the same broker and topics as ksqlite and reads its one-line JSON report.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type PeerReport =
  | { readonly status: 'ok'; readonly seconds: number; readonly cpuSeconds: number; readonly peakRssMb: number }
  | { readonly status: 'unsupported' | 'failed'; readonly reason: string };

const BUILD_TIMEOUT_MS = 300_000;
const RUN_TIMEOUT_MS = 600_000;

/** The peer's Maven project, found from the source tree or from dist/ (both sit below the package root). */
export function peerProjectDir(): string | undefined {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'bench', 'peers', 'kafka-streams');
    if (existsSync(join(candidate, 'pom.xml'))) return candidate;
    const here = join(dir, 'kafka-streams');
    if (existsSync(join(here, 'pom.xml'))) return here;
    dir = join(dir, '..');
  }
  return undefined;
}

function newestSource(dir: string): number {
  let newest = statSync(join(dir, 'pom.xml')).mtimeMs;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else newest = Math.max(newest, statSync(join(d, e.name)).mtimeMs);
    }
  };
  walk(join(dir, 'src'));
  return newest;
}

export class KafkaStreamsPeer {
  /** Why the peer cannot run, once known; undefined while it may. */
  private unavailable: string | undefined;
  private built = false;

  constructor(
    private readonly brokers: string,
    private readonly stateRoot: string,
    private readonly progress: (msg: string) => void,
  ) {}

  /** Builds the peer unless its build is up to date; returns the reason it cannot run, if any. */
  private build(): string | undefined {
    if (this.built || this.unavailable !== undefined) return this.unavailable;
    const dir = peerProjectDir();
    if (dir === undefined) return (this.unavailable = 'bench/peers/kafka-streams is missing');
    const marker = join(dir, 'target', 'classes', 'ksqlite', 'peer', 'Peer.class');
    if (!existsSync(marker) || !existsSync(join(dir, 'target', 'lib')) || statSync(marker).mtimeMs < newestSource(dir)) {
      this.progress('  building the Kafka Streams peer (mvn -q package; once, then cached)');
      try {
        execFileSync('mvn', ['-q', '-B', 'package'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: BUILD_TIMEOUT_MS });
      } catch (e) {
        const out = e instanceof Error && 'stdout' in e ? String((e as { stdout: unknown }).stdout).trim().split('\n').slice(-5).join(' | ') : String(e);
        return (this.unavailable = `the Maven build of the peer failed (is mvn installed, is Maven Central reachable?): ${out}`);
      }
    }
    this.built = true;
    return undefined;
  }

  async run(workload: string, input: string, output: string, appId: string): Promise<PeerReport> {
    const reason = this.build();
    if (reason !== undefined) return { status: 'failed', reason };
    const dir = peerProjectDir()!;
    const cp = `${join(dir, 'target', 'classes')}:${join(dir, 'target', 'lib', '*')}`;
    const args = ['-Xmx1g', '-cp', cp, 'ksqlite.peer.Peer', this.brokers, workload, input, output, appId, join(this.stateRoot, appId)];
    return new Promise((resolve) => {
      const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: RUN_TIMEOUT_MS });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.on('error', (e) => resolve({ status: 'failed', reason: `java could not start: ${e.message}` }));
      child.on('close', (code, signal) => {
        const line = out.trim().split('\n').pop() ?? '';
        if (!line.startsWith('{')) {
          resolve({ status: 'failed', reason: `the peer exited with ${signal ?? `code ${code}`}: ${err.trim().split('\n').slice(-3).join(' | ')}` });
          return;
        }
        resolve(JSON.parse(line) as PeerReport);
      });
    });
  }
}
