// The data sets `ksqlite datagen` can write: Confluent's classic quickstarts (pageviews, users,
// orders) and the Nexmark auction benchmark's events. Deterministic for a seed and a clock, so a
// run can be reproduced exactly.

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same records. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

export interface GeneratedRecord {
  /** A string key (KAFKA STRING) or an integer one (KAFKA INT: 4 bytes, big-endian). */
  readonly key: string | number;
  readonly value: Readonly<Record<string, unknown>>;
  /** Event time of the record, in ms. */
  readonly timestamp: number;
}

export interface Quickstart {
  readonly name: string;
  readonly description: string;
  /** A CREATE STREAM that reads what this quickstart writes to `topic`. */
  createStatement(topic: string): string;
  /** A generator of records; `now` gives the event time of each record. */
  generator(random: Random, now: () => number): () => GeneratedRecord;
}

const pageviews: Quickstart = {
  name: 'pageviews',
  description: 'page views: viewtime, userid, pageid, keyed by userid',
  createStatement: (topic) =>
    `CREATE STREAM pageviews (userid STRING KEY, viewtime BIGINT, pageid STRING) WITH (KAFKA_TOPIC='${topic}', VALUE_FORMAT='JSON', TIMESTAMP='viewtime');`,
  generator: (random, now) => () => {
    const t = now();
    const userid = `User_${random.int(1, 9)}`;
    return { key: userid, timestamp: t, value: { viewtime: t, userid, pageid: `Page_${random.int(1, 99)}` } };
  },
};

const users: Quickstart = {
  name: 'users',
  description: 'user profiles (9 users, updated again and again): registertime, userid, regionid, gender',
  createStatement: (topic) =>
    `CREATE STREAM users (userid STRING KEY, registertime BIGINT, regionid STRING, gender STRING) WITH (KAFKA_TOPIC='${topic}', VALUE_FORMAT='JSON');`,
  generator: (random, now) => () => {
    const t = now();
    const userid = `User_${random.int(1, 9)}`;
    return {
      key: userid,
      timestamp: t,
      value: { registertime: t - random.int(0, 2 * 365 * 86_400_000), userid, regionid: `Region_${random.int(1, 9)}`, gender: random.pick(['MALE', 'FEMALE', 'OTHER']) },
    };
  },
};

const orders: Quickstart = {
  name: 'orders',
  description: 'orders: ordertime, orderid, itemid, orderunits, address struct, keyed by orderid (an INT key)',
  createStatement: (topic) =>
    `CREATE STREAM orders (orderid INT KEY, ordertime BIGINT, itemid STRING, orderunits DOUBLE, address STRUCT<city STRING, state STRING, zipcode INT>) WITH (KAFKA_TOPIC='${topic}', VALUE_FORMAT='JSON', TIMESTAMP='ordertime');`,
  generator: (random, now) => {
    // Runs with different seeds number their orders in different ranges, so they can share a topic.
    let orderid = random.int(1, 9000) * 1000;
    return () => {
      const t = now();
      orderid++;
      return {
        key: orderid,
        timestamp: t,
        value: {
          ordertime: t,
          orderid,
          itemid: `Item_${random.int(1, 999)}`,
          orderunits: Math.round(random.next() * 1000) / 100,
          address: { city: `City_${random.int(1, 99)}`, state: `State_${random.int(1, 50)}`, zipcode: random.int(10000, 99999) },
        },
      };
    };
  },
};

const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'];
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'];
const PLACES: readonly (readonly [string, string])[] = [
  ['Phoenix', 'AZ'], ['Los Angeles', 'CA'], ['San Francisco', 'CA'], ['Boise', 'ID'], ['Portland', 'OR'],
  ['Bend', 'OR'], ['Redmond', 'WA'], ['Seattle', 'WA'], ['Kent', 'WA'], ['Cheyenne', 'WY'],
];
const CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'];
const FIRST_PERSON_ID = 1000;
const FIRST_AUCTION_ID = 1000;

/**
 * Nexmark's online auction: one stream of events, each a person joining, an auction opening or
 * a bid, in the benchmark's proportions (1 : 3 : 46), as Flink's and Arroyo's nexmark sources write.
 */
const nexmark: Quickstart = {
  name: 'nexmark',
  description: 'Nexmark auction events: event_type 0 person, 1 auction, 2 bid, with the other two null',
  createStatement: (topic) =>
    `CREATE STREAM nexmark (id STRING KEY, event_type INT, person STRUCT<id BIGINT, name STRING, emailAddress STRING, creditCard STRING, city STRING, state STRING, dateTime BIGINT>, auction STRUCT<id BIGINT, itemName STRING, description STRING, initialBid BIGINT, reserve BIGINT, dateTime BIGINT, expires BIGINT, seller BIGINT, category BIGINT>, bid STRUCT<auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, dateTime BIGINT>) WITH (KAFKA_TOPIC='${topic}', VALUE_FORMAT='JSON');`,
  generator: (random, now) => {
    let persons = 0;
    let auctions = 0;
    let n = 0;
    const somePerson = (): number => FIRST_PERSON_ID + Math.max(0, persons - 1 - random.int(0, Math.min(persons - 1, 20)));
    const someAuction = (): number => FIRST_AUCTION_ID + Math.max(0, auctions - 1 - random.int(0, Math.min(auctions - 1, 20)));
    return () => {
      const t = now();
      const slot = n++ % 50;
      if (slot === 0 || persons === 0) {
        const id = FIRST_PERSON_ID + persons++;
        const [city, state] = random.pick(PLACES);
        const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
        const person = {
          id, name, emailAddress: `${name.replace(' ', '.').toLowerCase()}@example.com`,
          creditCard: Array.from({ length: 4 }, () => String(random.int(1000, 9999))).join(' '), city, state, dateTime: t,
        };
        return { key: String(id), timestamp: t, value: { event_type: 0, person, auction: null, bid: null } };
      }
      if (slot <= 3 || auctions === 0) {
        const id = FIRST_AUCTION_ID + auctions++;
        const initialBid = random.int(1, 100) * 100;
        const auction = {
          id, itemName: `item-${random.int(1, 10_000)}`, description: `A ${random.pick(['used', 'new', 'vintage', 'rare'])} item`,
          initialBid, reserve: initialBid + random.int(1, 50) * 100, dateTime: t, expires: t + random.int(10, 600) * 1000,
          seller: somePerson(), category: 10 + random.int(0, 4),
        };
        return { key: String(id), timestamp: t, value: { event_type: 1, person: null, auction, bid: null } };
      }
      const auctionId = someAuction();
      const channel = random.pick(CHANNELS);
      const bid = {
        auction: auctionId, bidder: somePerson(), price: random.int(100, 100_000), channel,
        url: `https://www.nexmark.com/${channel.toLowerCase()}/item.htm?query=${random.int(1, 999)}`, dateTime: t,
      };
      return { key: String(auctionId), timestamp: t, value: { event_type: 2, person: null, auction: null, bid } };
    };
  },
};

export const QUICKSTARTS: Readonly<Record<string, Quickstart>> = { pageviews, users, orders, nexmark };
