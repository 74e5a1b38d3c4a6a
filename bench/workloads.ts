// The workloads `npm run bench` measures: one persistent query each, over one data set. The
// ksqlDB-style ones read `orders`; the Nexmark ones read `bid`. Adding a workload is adding a line.

import type { DatasetName } from './datasets.js';
import { NEXMARK_QUERIES } from './nexmark/queries.js';

export interface Workload {
  readonly name: string;
  readonly dataset: DatasetName;
  readonly description: string;
  readonly statement: string;
}

const ORDERS_WORKLOADS: readonly Workload[] = [
  {
    name: 'filter-project',
    dataset: 'orders',
    description: 'WHERE on a column, projection with arithmetic',
    statement: 'CREATE STREAM big_orders AS SELECT CUSTOMER_KEY, ORDER_ID, ITEM, QTY * PRICE AS TOTAL FROM orders WHERE QTY > 3;',
  },
  {
    name: 'function-projection',
    dataset: 'orders',
    description: 'five string and date functions per record (UCASE, SUBSTRING, CONCAT, TIMESTAMPTOSTRING, LEN)',
    statement:
      "CREATE STREAM order_labels AS SELECT CUSTOMER_KEY, UCASE(ITEM) AS ITEM_UC, SUBSTRING(NOTE, 1, 7) AS NOTE_START, CONCAT(CUSTOMER, '/', ITEM) AS LABEL, TIMESTAMPTOSTRING(CREATED_AT, 'yyyy-MM-dd HH:mm:ss.SSS', 'UTC') AS CREATED, LEN(NOTE) AS NOTE_LEN FROM orders;",
  },
  {
    name: 'groupby-count',
    dataset: 'orders',
    description: 'GROUP BY over 10k keys, COUNT(*), one table update per record',
    statement: 'CREATE TABLE orders_per_customer AS SELECT CUSTOMER, COUNT(*) AS ORDERS FROM orders GROUP BY CUSTOMER;',
  },
  {
    name: 'groupby-sum',
    dataset: 'orders',
    description: 'GROUP BY over 10k keys, SUM(PRICE)',
    statement: 'CREATE TABLE revenue_per_customer AS SELECT CUSTOMER, SUM(PRICE) AS REVENUE FROM orders GROUP BY CUSTOMER;',
  },
  {
    name: 'tumbling-count',
    dataset: 'orders',
    description: 'COUNT(*) per customer in 1-minute tumbling windows',
    statement:
      'CREATE TABLE orders_per_minute AS SELECT CUSTOMER, COUNT(*) AS ORDERS FROM orders WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY CUSTOMER;',
  },
];

export const WORKLOADS: readonly Workload[] = [
  ...ORDERS_WORKLOADS,
  ...NEXMARK_QUERIES.map((q) => ({ ...q, dataset: 'nexmark' as const })),
];
