// Nexmark as ksqlite sees it: one topic and one JSON stream per event type (person, auction, bid),
// event time carried as the record timestamp and as the `dateTime` column (epoch millis, like
// ksqlDB's JSON TIMESTAMP), and the Nexmark queries written in ksqlDB's dialect.

import type { NexmarkEvent } from './generator.js';

export const NEXMARK_TOPICS = { person: 'nexmark-person', auction: 'nexmark-auction', bid: 'nexmark-bid' } as const;

export const NEXMARK_DDL = `
CREATE STREAM person (id BIGINT, name STRING, emailAddress STRING, creditCard STRING, city STRING, state STRING,
    dateTime TIMESTAMP, extra STRING)
  WITH (KAFKA_TOPIC='${NEXMARK_TOPICS.person}', PARTITIONS=1, VALUE_FORMAT='JSON');
CREATE STREAM auction (id BIGINT, itemName STRING, description STRING, initialBid BIGINT, reserve BIGINT,
    dateTime TIMESTAMP, expires TIMESTAMP, seller BIGINT, category BIGINT, extra STRING)
  WITH (KAFKA_TOPIC='${NEXMARK_TOPICS.auction}', PARTITIONS=1, VALUE_FORMAT='JSON');
CREATE STREAM bid (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, dateTime TIMESTAMP,
    extra STRING)
  WITH (KAFKA_TOPIC='${NEXMARK_TOPICS.bid}', PARTITIONS=1, VALUE_FORMAT='JSON');
`;

/** The event's JSON value (its fields in the reference's order) and its event time. */
export function encodeEvent(e: NexmarkEvent): { topic: string; value: string; timestamp: number } {
  switch (e.kind) {
    case 'person':
      return { topic: NEXMARK_TOPICS.person, value: JSON.stringify(e.person), timestamp: e.person.dateTime };
    case 'auction':
      return { topic: NEXMARK_TOPICS.auction, value: JSON.stringify(e.auction), timestamp: e.auction.dateTime };
    case 'bid':
      return { topic: NEXMARK_TOPICS.bid, value: JSON.stringify(e.bid), timestamp: e.bid.dateTime };
  }
}

export interface NexmarkQuery {
  readonly name: string;
  readonly description: string;
  readonly statement: string;
}

/** The queries, as persistent queries over `bid` (Nexmark's numbering). */
export const NEXMARK_QUERIES: readonly NexmarkQuery[] = [
  {
    name: 'nexmark-q0',
    description: 'pass-through: every bid, every column',
    statement: 'CREATE STREAM nexmark_q0 AS SELECT * FROM bid;',
  },
  {
    name: 'nexmark-q1',
    description: 'currency conversion: price in euros (price * 0.908, exact DECIMAL)',
    statement: 'CREATE STREAM nexmark_q1 AS SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid;',
  },
  {
    name: 'nexmark-q2',
    description: 'selection: bids on every 123rd auction',
    statement: 'CREATE STREAM nexmark_q2 AS SELECT auction, price FROM bid WHERE auction % 123 = 0;',
  },
  {
    name: 'nexmark-q5',
    description: 'hot items (first step): bids per auction in 10 s windows advancing by 2 s',
    statement:
      'CREATE TABLE nexmark_q5 AS SELECT auction, COUNT(*) AS num FROM bid WINDOW HOPPING (SIZE 10 SECONDS, ADVANCE BY 2 SECONDS) GROUP BY auction;',
  },
];
