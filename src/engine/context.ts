// The engine's shared state, handed to the statement handlers (one file per family of statements).

import type { Catalog } from '../catalog/catalog.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { EmbeddedLog } from '../log/embedded/embedded-log.js';
import type { EngineTopics } from '../log/topics.js';
import type { KafkaRuntime } from './kafka-query.js';
import type { ParsedStatement } from '../sql/ast.js';
import type { RunningQuery } from './running-query.js';
import type { ProcessingLog } from './processing-log.js';

export interface ExecContext {
  readonly catalog: Catalog;
  /** The local database's log: in embedded mode also where topics live; its `db` holds state. */
  readonly log: EmbeddedLog;
  /** Where topics live: the embedded log, or Kafka in Kafka mode. */
  readonly topics: EngineTopics;
  /** Set in Kafka mode: queries run as consumer groups on the cluster. */
  readonly kafka?: KafkaRuntime;
  readonly functions: FunctionRegistry;
  readonly queries: Map<string, RunningQuery>;
  readonly processingLog: ProcessingLog;
  /** Session and system properties in force for this statement. */
  readonly properties: Readonly<Record<string, string>>;
  /** True while replaying the command log at start: no side effects beyond rebuilding state. */
  readonly replaying: boolean;
  /** Query id recorded for this command when replaying. */
  readonly replayQueryId?: string;
  /** Sequence number the command gets in the command log. */
  nextSequence(): number;
  /** Records a command in the command log (not while replaying). */
  persist(stmt: ParsedStatement, extra?: { queryId?: string }): number;
  /** Wakes the scheduler. */
  schedule(): void;
}

export function prop(ctx: ExecContext, name: string): string | undefined {
  return ctx.properties[name];
}
