import { describe, expect, it } from 'vitest';
import { isJsonArray, parseJson } from '../../src/testing/json-value.js';
import type { JsonObject } from '../../src/testing/json-value.js';
import { responsesMismatch } from '../../src/testing/rest-responses.js';
import type { TestResponse } from '../../src/testing/test-engine.js';

/** Expected responses as an RQTT file writes them. */
function expected(text: string): JsonObject[] {
  const v = parseJson(text);
  if (!isJsonArray(v)) throw new Error('not a list');
  return v as JsonObject[];
}

const admin: TestResponse = { admin: { '@type': 'currentStatus', commandId: 'stream/S/create', commandStatus: { status: 'SUCCESS' } } };

describe('responsesMismatch', () => {
  it('accepts admin answers holding the fields the file gives', () => {
    expect(responsesMismatch(expected('[{"admin": {"@type": "currentStatus"}}]'), [admin])).toBeNull();
    expect(responsesMismatch(expected('[{"admin": {"@type": "streams"}}]'), [admin])).toBe('response 1: admin.@type: expected "streams" but was "currentStatus"');
  });

  it('accepts more answers than expected responses, but not fewer', () => {
    expect(responsesMismatch(expected('[{"admin": {"@type": "currentStatus"}}]'), [admin, admin])).toBeNull();
    expect(responsesMismatch(expected('[{"admin": {}}, {"admin": {}}]'), [admin])).toBe('expected 2 responses but got 1');
  });

  it('compares query answers row by row, with the header holding the given fields', () => {
    const actual: TestResponse = {
      query: [{ header: { queryId: 'query_1', schema: '`ID` STRING KEY, `COUNT` BIGINT' } }, { row: { columns: ['10', 1] } }],
    };
    const want = '[{"query": [{"header": {"schema": "`ID` STRING KEY, `COUNT` BIGINT"}}, {"row": {"columns": ["10", 1]}}]}]';
    expect(responsesMismatch(expected(want), [actual])).toBeNull();
    const fewer = '[{"query": [{"header": {"schema": "`ID` STRING KEY, `COUNT` BIGINT"}}]}]';
    expect(responsesMismatch(expected(fewer), [actual])).toMatch(/^response 1: query: expected 1 elements but got 2/);
  });

  it('compares row columns whole, so an extra struct field is a difference', () => {
    const actual: TestResponse = { query: [{ row: { columns: [{ A: 1, B: 2 }] } }] };
    expect(responsesMismatch(expected('[{"query": [{"row": {"columns": [{"A": 1}]}}]}]'), [actual])).toMatch(/unexpected field\(s\) "B"/);
  });

  it('compares numbers in rows numerically (10.0 is the double 10)', () => {
    expect(responsesMismatch(expected('[{"query": [{"row": {"columns": [10.0, 1]}}]}]'), [{ query: [{ row: { columns: [10, 1] } }] }])).toBeNull();
  });

  it('supports the |starts_with matcher on header fields', () => {
    const actual: TestResponse = { query: [{ header: { queryId: 'SCALABLE_PUSH_QUERY_123', schema: '`K` STRING' } }, { finalMessage: 'Limit Reached' }] };
    const want = '[{"query": [{"header": {"schema": "`K` STRING", "queryId|starts_with": "SCALABLE_PUSH_QUERY"}}, {"finalMessage": "Limit Reached"}]}]';
    expect(responsesMismatch(expected(want), [actual])).toBeNull();
    const wrong = '[{"query": [{"header": {"queryId|starts_with": "transient"}}, {"finalMessage": "Limit Reached"}]}]';
    expect(responsesMismatch(expected(wrong), [actual])).toMatch(/queryId: expected to start with "transient"/);
  });

  it('tells a query answer from an admin one', () => {
    expect(responsesMismatch(expected('[{"query": []}]'), [admin])).toMatch(/^response 1: expected a query response but got admin/);
  });
});
