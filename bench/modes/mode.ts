// Where a workload runs: a mode loads a data set once, then runs each workload's statement over
// it in a separate process and reports that process's own time, CPU and memory. Only the embedded
// mode exists; a Kafka mode (same workloads, topics on a broker) plugs in here when the engine has one.

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
