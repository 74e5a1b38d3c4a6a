// What executing a statement returns: typed results shaped after ksqlDB's REST entities, so the
// shell prints them and the server serializes them without reshaping.

import type { PlanColumn } from '../plan/logical-plan.js';

export interface CommandStatus {
  readonly status: 'SUCCESS' | 'ERROR' | 'QUEUED' | 'EXECUTING' | 'TERMINATED';
  readonly message: string;
  readonly queryId?: string;
}

export interface SourceSummary {
  readonly type: 'STREAM' | 'TABLE';
  readonly name: string;
  readonly topic: string;
  readonly keyFormat: string;
  readonly valueFormat: string;
  readonly isWindowed: boolean;
}

export interface QuerySummary {
  readonly queryString: string;
  readonly sinks: readonly string[];
  readonly sinkKafkaTopics: readonly string[];
  readonly id: string;
  readonly statusCount: Readonly<Record<string, number>>;
  readonly queryType: 'PERSISTENT' | 'PUSH';
  readonly state: string;
}

export interface FieldInfo {
  readonly name: string;
  readonly schema: SchemaInfo;
  readonly type?: 'KEY' | 'HEADER';
}

export interface SchemaInfo {
  readonly type: string;
  readonly fields: readonly FieldInfo[] | null;
  readonly memberSchema: SchemaInfo | null;
}

export interface SourceDescription {
  readonly name: string;
  readonly windowType: string | null;
  readonly readQueries: readonly QuerySummary[];
  readonly writeQueries: readonly QuerySummary[];
  readonly fields: readonly FieldInfo[];
  readonly type: 'STREAM' | 'TABLE';
  readonly timestamp: string;
  readonly statistics: string;
  readonly errorStats: string;
  readonly extended: boolean;
  readonly keyFormat: string;
  readonly valueFormat: string;
  readonly topic: string;
  readonly partitions: number;
  readonly replication: number;
  readonly statement: string;
  readonly sourceConstraints: readonly string[];
}

export interface FunctionSignature {
  readonly arguments: readonly { readonly name: string; readonly type: string; readonly description: string }[];
  readonly returnType: string;
  readonly description: string;
  readonly argumentTypes: readonly string[];
}

export type StatementResult =
  | {
      readonly type: 'currentStatus';
      readonly statementText: string;
      readonly commandId: string;
      readonly commandStatus: CommandStatus;
      readonly commandSequenceNumber: number;
      readonly warnings: readonly { message: string }[];
    }
  | { readonly type: 'streams'; readonly statementText: string; readonly streams: readonly SourceSummary[] }
  | { readonly type: 'tables'; readonly statementText: string; readonly tables: readonly SourceSummary[] }
  | { readonly type: 'queries'; readonly statementText: string; readonly queries: readonly QuerySummary[] }
  | {
      readonly type: 'kafka_topics';
      readonly statementText: string;
      readonly topics: readonly { readonly name: string; readonly replicaInfo: readonly number[] }[];
    }
  | { readonly type: 'properties'; readonly statementText: string; readonly properties: readonly { name: string; scope: string; value: string }[] }
  | {
      readonly type: 'function_names';
      readonly statementText: string;
      readonly functions: readonly { readonly name: string; readonly type: string; readonly category: string }[];
    }
  | { readonly type: 'type_list'; readonly statementText: string; readonly types: Readonly<Record<string, SchemaInfo>> }
  | { readonly type: 'variables'; readonly statementText: string; readonly variables: readonly { name: string; value: string }[] }
  | { readonly type: 'sourceDescription'; readonly statementText: string; readonly sourceDescription: SourceDescription }
  | { readonly type: 'source_descriptions'; readonly statementText: string; readonly sourceDescriptions: readonly SourceDescription[] }
  | {
      readonly type: 'queryDescription';
      readonly statementText: string;
      readonly queryDescription: {
        readonly id: string;
        readonly statementText: string;
        readonly fields: readonly FieldInfo[];
        readonly sources: readonly string[];
        readonly sinks: readonly string[];
        readonly executionPlan: string;
        readonly topology: string;
        readonly overriddenProperties: Readonly<Record<string, string>>;
      };
    }
  | {
      readonly type: 'describe_function';
      readonly statementText: string;
      readonly name: string;
      readonly description: string;
      readonly author: string;
      readonly version: string;
      readonly path: string;
      readonly functions: readonly FunctionSignature[];
      readonly type_: 'SCALAR' | 'AGGREGATE' | 'TABLE';
    }
  | { readonly type: 'rows'; readonly statementText: string; readonly columns: readonly PlanColumn[]; readonly rows: readonly unknown[][] }
  | { readonly type: 'info'; readonly statementText: string; readonly message: string };
