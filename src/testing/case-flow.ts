// Drives a TestEngine through one case variant, in the order ksqlDB's executors use: QTT runs every
// statement, then each input (processing it fully before the next, as TopologyTestDriver does);
// RQTT runs the /ksql statements, the inputs, then the queries. It records what happened (the first
// error, the REST answers) and leaves judging to the runner.

import { isQueryStatement } from './qtt-file.js';
import { toTestException } from './exceptions.js';
import type { FailurePhase, TestException } from './exceptions.js';
import type { CaseVariant, RecordSpec } from './qtt-model.js';
import type { StatementPosition, TestEngine, TestQuery, TestRecord, TestResponse } from './test-engine.js';

/** What a run has done so far; the runner reads it even when the run times out. */
export interface RunState {
  /** What the run is doing now, for timeout messages ("running statement 2"). */
  activity: string;
  /** The first error, which ends the run. */
  exception: TestException | null;
  /** REST answers so far (RQTT): one per /ksql statement run, one per query. */
  readonly responses: TestResponse[];
  /** Queries started, closed when the run ends. */
  readonly queries: TestQuery[];
}

export function newRunState(): RunState {
  return { activity: 'starting', exception: null, responses: [], queries: [] };
}

/** Statement positions when `statements` are joined with "\n" into one script, as ksqlDB does. */
export function statementPositions(statements: readonly string[]): StatementPosition[] {
  let line = 1;
  return statements.map((s, index) => {
    const at = { index, line };
    line += 1 + (s.match(/\n/g)?.length ?? 0);
    return at;
  });
}

/** The record produced for an input: no timestamp means 0, and no headers means none. */
export function inputRecord(r: RecordSpec): TestRecord {
  return { topic: r.topic, key: r.key, value: r.value, timestamp: r.timestamp ?? 0, headers: r.headers ?? [], window: r.window };
}

/** Runs `fn`; on failure records the error (named for `phase`) and returns false. */
async function step(
  state: RunState,
  phase: FailurePhase,
  fn: () => Promise<void>,
  statement?: { readonly index: number; readonly text: string },
): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    state.exception = toTestException(e, phase, statement);
    return false;
  }
}

async function produceInputs(engine: TestEngine, v: CaseVariant, state: RunState): Promise<boolean> {
  for (let i = 0; i < v.inputs.length; i++) {
    state.activity = `producing input ${i + 1} of ${v.inputs.length}`;
    const record = inputRecord(v.inputs[i] as RecordSpec);
    if (!(await step(state, 'input', () => engine.produce(record)))) return false;
    state.activity = `processing input ${i + 1} of ${v.inputs.length}`;
    if (!(await step(state, 'processing', () => engine.runUntilIdle()))) return false;
  }
  return true;
}

/** QTT: every statement, then every input; stops at the first error. */
export async function runQtt(engine: TestEngine, v: CaseVariant, state: RunState): Promise<void> {
  const positions = statementPositions(v.statements);
  for (let i = 0; i < v.statements.length; i++) {
    const text = v.statements[i] as string;
    state.activity = `running statement ${i + 1}`;
    const ok = await step(state, 'statement', async () => {
      state.responses.push(...(await engine.execute(text, positions[i] as StatementPosition)));
    }, { index: i, text });
    if (!ok) return;
  }
  // INSERT VALUES records written by the statements are processed before the inputs.
  state.activity = 'processing the statements';
  if (!(await step(state, 'processing', () => engine.runUntilIdle()))) return;
  await produceInputs(engine, v, state);
}

/**
 * RQTT: the /ksql statements (all but SELECT and PRINT) as one script, then the inputs (or, with
 * waitForActivePushQuery, once the first query runs), then each query; with
 * testPullWithProtoFormat every query once more, answered in PROTOBUF.
 */
export async function runRqtt(engine: TestEngine, v: CaseVariant, state: RunState): Promise<void> {
  const admin: { index: number; text: string }[] = [];
  const queries: { index: number; text: string }[] = [];
  v.statements.forEach((text, index) => (isQueryStatement(text) ? queries : admin).push({ index, text }));

  const adminPositions = statementPositions(admin.map((s) => s.text));
  for (let i = 0; i < admin.length; i++) {
    const s = admin[i] as { index: number; text: string };
    state.activity = `running statement ${s.index + 1}`;
    const at = { index: s.index, line: (adminPositions[i] as StatementPosition).line };
    const ok = await step(state, 'statement', async () => {
      state.responses.push(...(await engine.execute(s.text, at)));
    }, s);
    if (!ok) return;
  }
  state.activity = 'processing the statements';
  if (!(await step(state, 'processing', () => engine.runUntilIdle()))) return;

  let produced = false;
  if (!v.waitForActivePushQuery || queries.length === 0) {
    if (!(await produceInputs(engine, v, state))) return;
    produced = true;
  }
  const formats: ('JSON' | 'PROTOBUF')[] = v.testPullWithProtoFormat ? ['JSON', 'PROTOBUF'] : ['JSON'];
  for (const format of formats) {
    for (const s of queries) {
      state.activity = `starting query statement ${s.index + 1}${format === 'PROTOBUF' ? ' (PROTOBUF)' : ''}`;
      let query: TestQuery | undefined;
      const started = await step(state, 'query', async () => {
        query = await engine.query(s.text, { index: s.index, line: 1 }, { format });
      }, s);
      if (!started || query === undefined) return;
      state.queries.push(query);
      if (!produced) {
        if (!(await produceInputs(engine, v, state))) return;
        produced = true;
      }
      state.activity = `waiting for the answer of statement ${s.index + 1}`;
      const q = query;
      const ok = await step(state, 'query', async () => {
        const rows = await q.done;
        state.responses.push(format === 'JSON' ? { query: rows } : { queryProto: rows });
      }, s);
      if (!ok) return;
    }
  }
}
