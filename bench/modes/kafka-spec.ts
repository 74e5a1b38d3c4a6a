// What the Kafka mode and its child processes (bench/kafka-probe, the Kafka Streams peer) pass to
// each other: the probe's instructions, its one-line report, and the peak-RSS reading both use.

import { readFileSync } from 'node:fs';

export interface KafkaProbeSpec {
  readonly brokers: string;
  readonly serviceId: string;
  readonly dataDir: string;
  /** CREATE STREAM statements of the data set (on this run's topics), run before the clock starts. */
  readonly ddl: string;
  /** The workload's statement; absent to reopen the service and time its restore. */
  readonly statement?: string;
  readonly inputTopic: string;
  /** The record produced to the input to make a reopened query restore its stores. */
  readonly triggerKey?: string;
  readonly triggerValue?: string;
  readonly timeoutMs: number;
}

export interface RestoreEntry {
  readonly partition: number;
  readonly from: 'local' | 'changelog';
  readonly records: number;
  readonly ms: number;
}

export type KafkaProbeReport =
  | {
      readonly status: 'ok';
      readonly seconds: number;
      readonly cpuSeconds: number;
      readonly peakRssMb: number;
      readonly recordsIn: number;
      readonly recordsOut: number;
      readonly restores: readonly RestoreEntry[];
    }
  | { readonly status: 'unsupported' | 'failed'; readonly reason: string };

/**
 * Peak RSS of this process in MB: VmHWM on Linux (getrusage's maxRSS in a child starts at the
 * parent's size at fork time), getrusage elsewhere.
 */
export function peakRssMb(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // Not Linux.
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
