// Runs test cases against fresh engines, one case at a time in file order, and judges each the way
// ksqlDB's TestExecutor does: the expected exception, else the outputs per topic in order, the REST
// responses (RQTT) and the post conditions. What happened is recorded whatever the verdict, and a
// per-case timeout keeps one stuck case from stopping the run.

import { newRunState, runQtt, runRqtt } from './case-flow.js';
import type { RunState } from './case-flow.js';
import { describeException, describeExpected, errorMismatch, exceptionMismatch, restErrorOf, toTestException } from './exceptions.js';
import type { TestException } from './exceptions.js';
import { postMismatches } from './post-conditions.js';
import { registerTopicSchemas } from './register-schemas.js';
import { compareOutputs, outputTopics } from './record-compare.js';
import { responsesMismatch } from './rest-responses.js';
import type { CaseVariant, TestCase } from './qtt-model.js';
import type { TestEngine, TestEngineFactory, TestRecord, TestResponse } from './test-engine.js';

export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  readonly file: string;
  readonly name: string;
  readonly format: string | null;
  readonly status: CaseStatus;
  /** Why the case failed or was skipped; '' when it passed. */
  readonly message: string;
  /** Every record found on the case's output topics, per topic in the order of `outputs`. */
  readonly outputs: readonly TestRecord[];
  /** The error the case raised, if any (for RQTT cases, named as the REST error entity). */
  readonly exception: { readonly type: string; readonly message: string } | null;
  /** RQTT cases: the REST answers received; null for QTT cases. */
  readonly responses: readonly TestResponse[] | null;
  readonly durationMs: number;
}

export interface RunOptions {
  /** Per case (per config variant) limit; default 10 s. */
  readonly timeoutMs?: number;
  /** Called with each result as soon as it is known (for streaming output). */
  readonly onResult?: (result: CaseResult) => void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** How long a timed-out or finished case may take to close its engine before the run moves on. */
const CLOSE_GRACE_MS = 2_000;

/** Runs the cases in order; never throws for a failing case. */
export async function runCases(cases: readonly TestCase[], factory: TestEngineFactory, options: RunOptions = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const tc of cases) {
    const r = await runCase(tc, factory, options);
    results.push(r);
    options.onResult?.(r);
  }
  return results;
}

function baseResult(tc: TestCase, status: CaseStatus, message: string, durationMs = 0): CaseResult {
  return { file: tc.file, name: tc.name, format: tc.format, status, message, outputs: [], exception: null, responses: tc.rest ? [] : null, durationMs };
}

/** Runs one case: every config variant in turn, stopping at the first that fails. */
export async function runCase(tc: TestCase, factory: TestEngineFactory, options: RunOptions = {}): Promise<CaseResult> {
  if (!tc.enabled) return baseResult(tc, 'skipped', 'disabled in the test file (enabled: false)');
  if (tc.invalid !== null) return baseResult(tc, 'failed', `invalid test case: ${tc.invalid}`);
  const started = Date.now();
  let last: CaseResult | undefined;
  for (const v of tc.variants) {
    const r = await runVariant(tc, v, factory, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    last = v.config === null || r.status !== 'failed' ? r : { ...r, message: `[config ${v.config}] ${r.message}` };
    if (last.status === 'failed') break;
  }
  return { ...(last ?? baseResult(tc, 'failed', 'the case has nothing to run')), durationMs: Date.now() - started };
}

interface Outcome {
  readonly failure: string | null;
  readonly outputs: readonly TestRecord[];
}

/** The engine of a running variant, closed once whether the run ends or times out. */
interface EngineBox {
  engine: TestEngine | null;
  closed: boolean;
}

async function runVariant(tc: TestCase, v: CaseVariant, factory: TestEngineFactory, timeoutMs: number): Promise<CaseResult> {
  const state = newRunState();
  const box: EngineBox = { engine: null, closed: false };
  const work = execute(tc, v, factory, state, box).catch((e: unknown): Outcome => ({
    failure: `the runner failed: ${e instanceof Error ? e.message : String(e)}`,
    outputs: [],
  }));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([work, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    await closeOnce(state, box);
    return result(tc, state, { failure: `timed out after ${timeoutMs} ms while ${state.activity}`, outputs: [] });
  }
  return result(tc, state, outcome);
}

function result(tc: TestCase, state: RunState, outcome: Outcome): CaseResult {
  const e = state.exception;
  const named = e === null ? null : tc.rest ? restErrorOf(e) : e;
  return {
    file: tc.file,
    name: tc.name,
    format: tc.format,
    status: outcome.failure === null ? 'passed' : 'failed',
    message: outcome.failure ?? '',
    outputs: outcome.outputs,
    exception: named === null ? null : { type: named.type, message: named.message },
    responses: tc.rest ? [...state.responses] : null,
    durationMs: 0,
  };
}

/** Runs the variant to its end and judges it; resolves (never rejects) with the outcome. */
async function execute(tc: TestCase, v: CaseVariant, factory: TestEngineFactory, state: RunState, box: EngineBox): Promise<Outcome> {
  state.activity = 'creating the engine';
  try {
    registerTopicSchemas(v.topics);
    box.engine = await factory({ properties: v.properties, topics: v.topics, rest: tc.rest });
  } catch (e) {
    state.exception = toTestException(e, 'setup');
    return { failure: judgeError(tc, v, state.exception), outputs: [] };
  }
  const engine = box.engine;
  if (box.closed) {
    // The case timed out while the engine was being created: nobody else will close it.
    await engine.close().catch(() => undefined);
    return { failure: 'timed out', outputs: [] };
  }
  try {
    await (tc.rest ? runRqtt(engine, v, state) : runQtt(engine, v, state));
    state.activity = 'reading the output topics';
    const actual = new Map<string, readonly TestRecord[]>();
    const readProblems: string[] = [];
    for (const topic of outputTopics(v.outputs ?? [])) {
      try {
        actual.set(topic, await engine.readTopic(topic));
      } catch (e) {
        readProblems.push(`cannot read topic '${topic}': ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const outputs = [...actual.values()].flat();
    // After an error the outputs are only reported, so a topic that cannot be read does not matter.
    if (readProblems.length > 0 && state.exception === null) return { failure: readProblems.join('; '), outputs };
    return { failure: await judge(tc, v, engine, state, actual), outputs };
  } finally {
    await closeOnce(state, box);
  }
}

/** For a case that raised an error: why that is a failure, or null when it was the expected one. */
function judgeError(tc: TestCase, v: CaseVariant, e: TestException): string | null {
  if (v.expectedError !== null) return errorMismatch(e, v.expectedError);
  if (v.expectedException !== null) return exceptionMismatch(e, v.expectedException, v.statements.length - 1);
  const where = e.phase === 'setup' ? 'setting up the engine' : e.statementIndex !== null ? `statement ${e.statementIndex + 1}` : `the ${e.phase} phase`;
  return `unexpected error in ${where}: ${describeException(tc.rest ? { ...e, ...restErrorOf(e) } : e)}`;
}

async function judge(tc: TestCase, v: CaseVariant, engine: TestEngine, state: RunState, actual: ReadonlyMap<string, readonly TestRecord[]>): Promise<string | null> {
  const checkTimestamps = v.inputs.length > 0;
  if (state.exception !== null) return judgeError(tc, v, state.exception);
  // Like ksqlDB: without the expected error, wrong outputs are reported before the missing error.
  const outputsWrong = v.outputs === null ? null : compareOutputs(v.outputs, actual, { checkTimestamps });
  if (outputsWrong !== null) return outputsWrong;
  if (v.expectedError !== null) return `expected error ${v.expectedError.type ?? ''} containing ${JSON.stringify(v.expectedError.message ?? '')} but the statements succeeded`;
  if (v.expectedException !== null) return `expected ${describeExpected(v.expectedException)} but nothing failed`;
  if (v.responses !== null) {
    const d = responsesMismatch(v.responses, state.responses);
    if (d !== null) return d;
  }
  if (v.post !== null) {
    state.activity = 'checking post conditions';
    let problems: string[];
    try {
      problems = postMismatches(v.post, await engine.sources(), await engine.topics());
    } catch (e) {
      return `cannot check post conditions: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (problems.length > 0) return `post: ${problems.join('; ')}`;
  }
  return null;
}

/** Closes the case's queries and engine once, giving up on any close that hangs (the run goes on). */
async function closeOnce(state: RunState, box: EngineBox): Promise<void> {
  if (box.closed) return;
  box.closed = true;
  const engine = box.engine;
  const closers = [...state.queries.map((q) => () => q.close()), ...(engine === null ? [] : [() => engine.close()])];
  state.queries.length = 0;
  let timer: NodeJS.Timeout | undefined;
  const settled = Promise.all(closers.map((close) => Promise.resolve().then(close).catch(() => undefined)));
  await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)))]);
  clearTimeout(timer);
}
