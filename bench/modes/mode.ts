// Where a workload runs: a mode loads a data set once, then runs each workload's statement over
// it in a separate process and reports that process's own time, CPU and memory. Only the embedded
// Modes: embedded (the SQLite log) and kafka (topics on a broker).

import type { Dataset } from '../datasets.js';
import type { Workload } from '../workloads.js';

export type ModeName = 'embedded' | 'kafka';

/** What the query process measured, from the statement until it had read every input record. */
export interface QueryRun {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly recordsIn: number;
  readonly recordsOut: number;
  /** The same workload run by a peer system on the same input (Kafka mode), when it has one. */
  readonly peer?: { readonly name: string; readonly seconds: number; readonly cpuSeconds: number; readonly peakRssMb: number } | null;
}

export type QueryOutcome =
  | { readonly status: 'ok'; readonly run: QueryRun }
  /** The engine refused the statement as not supported yet: the workload is skipped, with the reason. */
  | { readonly status: 'unsupported'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string };

export interface BenchMode {
  readonly name: ModeName;
  /** Makes the data set's topics available to the mode's queries (once per run and data set). */
  load(dataset: Dataset): Promise<void>;
  /** Runs one workload over a loaded data set, from its first record, in a process of its own. */
  run(workload: Workload, dataset: Dataset): Promise<QueryOutcome>;
  /** Removes everything the mode created. */
  close(): Promise<void>;
}
