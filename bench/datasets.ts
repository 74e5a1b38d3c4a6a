// The benchmark's input data sets, built in memory once per run: `orders` (ksqlDB-style order
// records, 10k customers) and `nexmark` (the Nexmark event stream, one topic per event type).
// Each says which topic its workloads read; the floor is measured on that topic's records.

import { NexmarkGenerator } from './nexmark/generator.js';
import { NEXMARK_DDL, NEXMARK_TOPICS, encodeEvent } from './nexmark/queries.js';
import { PackedBuilder } from './packed-records.js';
import type { PackedRecords } from './packed-records.js';

export type DatasetName = 'orders' | 'nexmark';

export interface Dataset {
  readonly name: DatasetName;
  /** CREATE STREAM statements for its topics. */
  readonly ddl: string;
  /** Records of each topic, produced in this order. */
  readonly topics: readonly { readonly topic: string; readonly records: PackedRecords }[];
  /** The topic the workloads read. */
  readonly inputTopic: string;
  readonly input: PackedRecords;
}

export const ORDER_CUSTOMERS = 10_000;
const ITEMS = ['pen', 'ink', 'cup', 'hat', 'map', 'box', 'bag', 'key'];
const ORDERS_BASE_TIME = 1_700_000_000_000;

export const ORDERS_DDL = `CREATE STREAM orders (CUSTOMER_KEY STRING KEY, ORDER_ID BIGINT, CUSTOMER STRING, ITEM STRING, QTY INT,
    PRICE DOUBLE, CREATED_AT BIGINT, NOTE STRING)
  WITH (KAFKA_TOPIC='orders', PARTITIONS=1, VALUE_FORMAT='JSON');`;

/** `n` orders, one per millisecond of event time, spread evenly over 10k customers (the grouping key). */
export function ordersDataset(n: number): Dataset {
  const b = new PackedBuilder(true);
  for (let i = 0; i < n; i++) {
    const customer = `customer-${i % ORDER_CUSTOMERS}`;
    const value = {
      ORDER_ID: i,
      CUSTOMER: customer,
      ITEM: ITEMS[i % ITEMS.length],
      QTY: (i * 7) % 13,
      PRICE: ((i * 31) % 1000) / 10,
      CREATED_AT: ORDERS_BASE_TIME + i,
      NOTE: 'express delivery requested',
    };
    b.add(customer, JSON.stringify(value), ORDERS_BASE_TIME + i);
  }
  const input = b.build();
  return { name: 'orders', ddl: ORDERS_DDL, topics: [{ topic: 'orders', records: input }], inputTopic: 'orders', input };
}

/**
 * Nexmark events from event 0 until `bids` bids were generated (about bids * 50/46 events): the
 * persons and auctions of that span go to their own topics, so joins can be added later.
 */
export function nexmarkDataset(bids: number, seed: number, onProgress?: (events: number) => void): Dataset {
  const gen = new NexmarkGenerator({ seed });
  const builders: Record<string, PackedBuilder> = {
    [NEXMARK_TOPICS.person]: new PackedBuilder(false),
    [NEXMARK_TOPICS.auction]: new PackedBuilder(false),
    [NEXMARK_TOPICS.bid]: new PackedBuilder(false),
  };
  const bidBuilder = builders[NEXMARK_TOPICS.bid]!;
  let n = 0;
  while (bidBuilder.size < bids) {
    const e = encodeEvent(gen.event(n++));
    builders[e.topic]!.add(null, e.value, e.timestamp);
    if (onProgress && n % 200_000 === 0) onProgress(n);
  }
  const topics = Object.entries(builders).map(([topic, builder]) => ({ topic, records: builder.build() }));
  const input = topics.find((t) => t.topic === NEXMARK_TOPICS.bid)!.records;
  return { name: 'nexmark', ddl: NEXMARK_DDL, topics, inputTopic: NEXMARK_TOPICS.bid, input };
}
