// The built-in aggregate functions (ksqlDB's UDAFs) that FunctionRegistry.builtins() registers,
// and the helper for writing more (the test-only UDAFs, JavaScript UDAFs).

import type { AggregateFunction } from '../types.js';
import { ATTR } from './attr.js';
import { EARLIEST_BY_OFFSET, LATEST_BY_OFFSET } from './by-offset.js';
import { COLLECT_LIST, COLLECT_SET, HISTOGRAM } from './collect.js';
import { COUNT, COUNT_DISTINCT } from './count.js';
import { MAX, MIN } from './min-max.js';
import { AVG, SUM, SUM_LIST } from './numeric.js';
import { CORRELATION, STDDEV_SAMP, STDDEV_SAMPLE } from './statistics.js';
import { TOPK, TOPKDISTINCT } from './topk.js';

export function builtinAggregateFunctions(): readonly AggregateFunction[] {
  return [
    ATTR,
    AVG,
    COLLECT_LIST,
    COLLECT_SET,
    CORRELATION,
    COUNT,
    COUNT_DISTINCT,
    EARLIEST_BY_OFFSET,
    HISTOGRAM,
    LATEST_BY_OFFSET,
    MAX,
    MIN,
    STDDEV_SAMP,
    STDDEV_SAMPLE,
    SUM,
    SUM_LIST,
    TOPK,
    TOPKDISTINCT,
  ];
}

export { COLLECT_LIST_LIMIT, COLLECT_SET_LIMIT, HISTOGRAM_LIMIT } from './collect.js';
export { defineAggregate } from './define.js';
export type { AggregateSpec, MakeContext, Overload, ParamSpec, TypeContext, UdafCore } from './define.js';
