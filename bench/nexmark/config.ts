// Nexmark generator settings and the arithmetic that places events: which event number is a
// person, an auction or a bid (1:3:46 out of every 50), the ids they get, and their timestamps.
// Follows the reference generator (Apache Beam's GeneratorConfig and Person/AuctionGenerator).

export interface NexmarkConfig {
  /** 0 seeds each event's Random with its id, as the reference does; any other value gives another stream. */
  readonly seed: number;
  /** Event time of event 0, epoch milliseconds. */
  readonly baseTime: number;
  /** Event-time rate: events per second of event time (the reference's firstEventRate). */
  readonly eventsPerSecond: number;
  /** 1 - 1/ratio of bids go to a hot auction; 1 - 1/ratio of auctions to a hot seller, of bids to a hot bidder. */
  readonly hotAuctionRatio: number;
  readonly hotSellersRatio: number;
  readonly hotBiddersRatio: number;
  /** People that bid and sell are drawn from the last numActivePeople persons (plus a few ahead). */
  readonly numActivePeople: number;
  /** Bids go to the last numInFlightAuctions auctions (plus a few ahead); also sets auction lengths. */
  readonly numInFlightAuctions: number;
  /** Average sizes the `extra` padding field fills each event up to, in characters. */
  readonly avgPersonByteSize: number;
  readonly avgAuctionByteSize: number;
  readonly avgBidByteSize: number;
}

/** The reference defaults (Beam's NexmarkConfiguration), with a fixed base time so runs are repeatable. */
export const DEFAULT_CONFIG: NexmarkConfig = {
  seed: 0,
  baseTime: 1_700_000_000_000,
  eventsPerSecond: 10_000,
  hotAuctionRatio: 2,
  hotSellersRatio: 4,
  hotBiddersRatio: 4,
  numActivePeople: 1000,
  numInFlightAuctions: 100,
  avgPersonByteSize: 200,
  avgAuctionByteSize: 500,
  avgBidByteSize: 100,
};

export const PERSON_PROPORTION = 1;
export const AUCTION_PROPORTION = 3;
export const BID_PROPORTION = 46;
export const PROPORTION_DENOMINATOR = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;

export const FIRST_PERSON_ID = 1000;
export const FIRST_AUCTION_ID = 1000;
export const FIRST_CATEGORY_ID = 10;
export const NUM_CATEGORIES = 5;
/** Ids may run this far ahead of the last one generated, so a bid can precede its auction. */
export const PERSON_ID_LEAD = 10;
export const AUCTION_ID_LEAD = 10;
/** Hot sellers, bidders and auctions are the first of each batch of this many. */
export const HOT_SELLER_RATIO = 100;
export const HOT_BIDDER_RATIO = 100;
export const HOT_AUCTION_RATIO = 100;

export type EventKind = 'person' | 'auction' | 'bid';

export function eventKind(eventId: number): EventKind {
  const rem = eventId % PROPORTION_DENOMINATOR;
  if (rem < PERSON_PROPORTION) return 'person';
  if (rem < PERSON_PROPORTION + AUCTION_PROPORTION) return 'auction';
  return 'bid';
}

/** The id (from 0) of the last person generated at or before `eventId`. */
export function lastBase0PersonId(eventId: number): number {
  const epoch = Math.floor(eventId / PROPORTION_DENOMINATOR);
  let offset = eventId % PROPORTION_DENOMINATOR;
  // An auction or bid: go back to the last person of this epoch.
  if (offset >= PERSON_PROPORTION) offset = PERSON_PROPORTION - 1;
  return epoch * PERSON_PROPORTION + offset;
}

/** The id (from 0) of the last auction generated at or before `eventId`. */
export function lastBase0AuctionId(eventId: number): number {
  let epoch = Math.floor(eventId / PROPORTION_DENOMINATOR);
  let offset = eventId % PROPORTION_DENOMINATOR;
  if (offset < PERSON_PROPORTION) {
    // A person: go back to the last auction of the previous epoch.
    epoch--;
    offset = AUCTION_PROPORTION - 1;
  } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
    // A bid: go back to the last auction of this epoch.
    offset = AUCTION_PROPORTION - 1;
  } else {
    offset -= PERSON_PROPORTION;
  }
  return epoch * AUCTION_PROPORTION + offset;
}

/** Event time of event number `n`: the base time plus n inter-event delays (integer milliseconds). */
export function timestampForEvent(config: NexmarkConfig, n: number): number {
  const interEventDelayUs = 1_000_000 / config.eventsPerSecond;
  return config.baseTime + Math.floor(Math.floor(n * interEventDelayUs) / 1000);
}
