// A seedable Nexmark event generator: Person, Auction and Bid events in the 1:3:46 proportion with
// the reference generator's field distributions (hot auctions, bidders and sellers, log-uniform
// prices, padding `extra` fields). Event n depends only on the config and n, as in the reference,
// which seeds one java.util.Random per event with its id (seed 0 uses exactly those seeds).

import type { NexmarkConfig } from './config.js';
import {
  AUCTION_ID_LEAD,
  DEFAULT_CONFIG,
  FIRST_AUCTION_ID,
  FIRST_CATEGORY_ID,
  FIRST_PERSON_ID,
  HOT_AUCTION_RATIO,
  HOT_BIDDER_RATIO,
  HOT_SELLER_RATIO,
  NUM_CATEGORIES,
  AUCTION_PROPORTION,
  PERSON_ID_LEAD,
  PROPORTION_DENOMINATOR,
  eventKind,
  lastBase0AuctionId,
  lastBase0PersonId,
  timestampForEvent,
} from './config.js';
import { JavaRandom } from './java-random.js';
import { nextExtra, nextString } from './strings.js';

/** Field names and order as in the reference (Flink's nexmark, which adds channel and url to Bid). */
export interface Person {
  readonly id: number;
  readonly name: string;
  readonly emailAddress: string;
  readonly creditCard: string;
  readonly city: string;
  readonly state: string;
  readonly dateTime: number;
  readonly extra: string;
}

export interface Auction {
  readonly id: number;
  readonly itemName: string;
  readonly description: string;
  readonly initialBid: number;
  readonly reserve: number;
  readonly dateTime: number;
  readonly expires: number;
  readonly seller: number;
  readonly category: number;
  readonly extra: string;
}

export interface Bid {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly channel: string;
  readonly url: string;
  readonly dateTime: number;
  readonly extra: string;
}

export type NexmarkEvent =
  | { readonly kind: 'person'; readonly person: Person }
  | { readonly kind: 'auction'; readonly auction: Auction }
  | { readonly kind: 'bid'; readonly bid: Bid };

const FIRST_NAMES = 'Peter,Paul,Luke,John,Saul,Vicky,Kate,Julie,Sarah,Deiter,Walter'.split(',');
const LAST_NAMES = 'Shultz,Abrams,Spencer,White,Bartels,Walton,Smith,Jones,Noris'.split(',');
const US_CITIES = 'Phoenix,Los Angeles,San Francisco,Boise,Portland,Bend,Redmond,Seattle,Kent,Cheyenne'.split(',');
const US_STATES = 'AZ,CA,ID,OR,WA,WY'.split(',');
const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'];
const HOT_CHANNELS_RATIO = 2;
const CHANNELS_NUMBER = 10_000;
const TWO_24 = 0x1000000;
/** Channel urls get their own random streams, far from any event id. */
const CHANNEL_SEED_BASE = 2 ** 47;

/** A price in cents, log-uniform between 1.00 and 1,000,000.00. */
export function nextPrice(random: JavaRandom): number {
  return Math.round(10 ** (random.nextDouble() * 6) * 100);
}

/** Java's Math.abs(Integer.reverse(n)), including abs(MIN_VALUE) staying negative. */
function reversedAbs(n: number): number {
  let x = n | 0;
  let r = 0;
  for (let i = 0; i < 32; i++) {
    r = (r << 1) | (x & 1);
    x >>>= 1;
  }
  return r === -0x80000000 ? r : Math.abs(r);
}

function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class NexmarkGenerator {
  readonly config: NexmarkConfig;
  private readonly random = new JavaRandom();
  /** The 48-bit seed offset, in 24-bit halves; 0 for seed 0 (the reference's own seeds). */
  private readonly seedLo: number;
  private readonly seedHi: number;
  private readonly channels = new Map<number, readonly [string, string]>();
  private readonly hotUrls: string[];
  /** Events from event n on reach the auction numInFlightAuctions ahead after this many events. */
  private readonly numEventsForAuctions: number;

  constructor(config: Partial<NexmarkConfig> = {}) {
    this.config = { ...DEFAULT_CONFIG, ...config };
    const seed = this.config.seed;
    this.seedLo = seed === 0 ? 0 : mix32(seed) & 0xffffff;
    this.seedHi = seed === 0 ? 0 : mix32(seed ^ 0x9e3779b9) & 0xffffff;
    this.numEventsForAuctions = Math.floor((this.config.numInFlightAuctions * PROPORTION_DENOMINATOR) / AUCTION_PROPORTION);
    this.hotUrls = HOT_CHANNELS.map((_, i) => baseUrl(this.seeded(CHANNEL_SEED_BASE - 1 - i)));
  }

  /** Event number `n` (from 0). Pure: the same config and n always give the same event. */
  event(n: number): NexmarkEvent {
    const random = this.seeded(n);
    const timestamp = timestampForEvent(this.config, n);
    switch (eventKind(n)) {
      case 'person':
        return { kind: 'person', person: this.person(n, random, timestamp) };
      case 'auction':
        return { kind: 'auction', auction: this.auction(n, random, timestamp) };
      case 'bid':
        return { kind: 'bid', bid: this.bid(n, random, timestamp) };
    }
  }

  /** The shared Random, reseeded as `new Random(id)` xor the seed offset. */
  private seeded(id: number): JavaRandom {
    const lo = id % TWO_24;
    const hi = Math.floor(id / TWO_24) % TWO_24;
    this.random.setSeed(lo ^ this.seedLo, hi ^ this.seedHi);
    return this.random;
  }

  private nextLong(random: JavaRandom, n: number): number {
    if (n < 0x7fffffff) return random.nextInt(n);
    // The reference's fallback for huge ranges (never reached with sane settings).
    const v = random.nextLong() % BigInt(n);
    return Number(v < 0n ? -v : v);
  }

  private nextBase0PersonId(eventId: number, random: JavaRandom): number {
    const numPeople = lastBase0PersonId(eventId) + 1;
    const activePeople = Math.min(numPeople, this.config.numActivePeople);
    const n = this.nextLong(random, activePeople + PERSON_ID_LEAD);
    return numPeople - activePeople + n;
  }

  private nextBase0AuctionId(eventId: number, random: JavaRandom): number {
    const maxAuction = lastBase0AuctionId(eventId);
    const minAuction = Math.max(maxAuction - this.config.numInFlightAuctions, 0);
    return minAuction + this.nextLong(random, maxAuction - minAuction + 1 + AUCTION_ID_LEAD);
  }

  private person(eventId: number, random: JavaRandom, timestamp: number): Person {
    const id = lastBase0PersonId(eventId) + FIRST_PERSON_ID;
    const name = `${FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]!} ${LAST_NAMES[random.nextInt(LAST_NAMES.length)]!}`;
    const emailAddress = `${nextString(random, 7)}@${nextString(random, 5)}.com`;
    const card: string[] = [];
    for (let i = 0; i < 4; i++) card.push(String(random.nextInt(10_000)).padStart(4, '0'));
    const creditCard = card.join(' ');
    const city = US_CITIES[random.nextInt(US_CITIES.length)]!;
    const state = US_STATES[random.nextInt(US_STATES.length)]!;
    const size = 8 + name.length + emailAddress.length + creditCard.length + city.length + state.length;
    const extra = nextExtra(random, size, this.config.avgPersonByteSize);
    return { id, name, emailAddress, creditCard, city, state, dateTime: timestamp, extra };
  }

  private auction(eventId: number, random: JavaRandom, timestamp: number): Auction {
    const id = lastBase0AuctionId(eventId) + FIRST_AUCTION_ID;
    let seller: number;
    if (random.nextInt(this.config.hotSellersRatio) > 0) {
      // A hot seller: the first person of the batch of the last HOT_SELLER_RATIO people.
      seller = Math.floor(lastBase0PersonId(eventId) / HOT_SELLER_RATIO) * HOT_SELLER_RATIO;
    } else {
      seller = this.nextBase0PersonId(eventId, random);
    }
    seller += FIRST_PERSON_ID;
    const category = FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES);
    const initialBid = nextPrice(random);
    const expires = timestamp + this.nextAuctionLengthMs(eventId, random, timestamp);
    const itemName = nextString(random, 20);
    const description = nextString(random, 100);
    const reserve = initialBid + nextPrice(random);
    const size = 8 + itemName.length + description.length + 8 + 8 + 8 + 8 + 8;
    const extra = nextExtra(random, size, this.config.avgAuctionByteSize);
    return { id, itemName, description, initialBid, reserve, dateTime: timestamp, expires, seller, category, extra };
  }

  /** A length whose average makes about numInFlightAuctions auctions open at any time. */
  private nextAuctionLengthMs(eventNumber: number, random: JavaRandom, timestamp: number): number {
    const futureAuction = timestampForEvent(this.config, eventNumber + this.numEventsForAuctions);
    const horizonMs = futureAuction - timestamp;
    return 1 + this.nextLong(random, Math.max(horizonMs * 2, 1));
  }

  private bid(eventId: number, random: JavaRandom, timestamp: number): Bid {
    let auction: number;
    if (random.nextInt(this.config.hotAuctionRatio) > 0) {
      // A hot auction: the first of the batch of the last HOT_AUCTION_RATIO auctions.
      auction = Math.floor(lastBase0AuctionId(eventId) / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO;
    } else {
      auction = this.nextBase0AuctionId(eventId, random);
    }
    auction += FIRST_AUCTION_ID;
    let bidder: number;
    if (random.nextInt(this.config.hotBiddersRatio) > 0) {
      // A hot bidder: the second person of the batch (so hot bidders and hot sellers differ).
      bidder = Math.floor(lastBase0PersonId(eventId) / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1;
    } else {
      bidder = this.nextBase0PersonId(eventId, random);
    }
    bidder += FIRST_PERSON_ID;
    const price = nextPrice(random);
    let channel: string;
    let url: string;
    if (random.nextInt(HOT_CHANNELS_RATIO) > 0) {
      const i = random.nextInt(HOT_CHANNELS.length);
      channel = HOT_CHANNELS[i]!;
      url = this.hotUrls[i]!;
    } else {
      [channel, url] = this.channel(random.nextInt(CHANNELS_NUMBER));
    }
    const extra = nextExtra(random, 8 + 8 + 8 + 8, this.config.avgBidByteSize);
    return { auction, bidder, price, channel, url, dateTime: timestamp, extra };
  }

  /**
   * Channel `n`'s name and url, made once. The reference draws these from an unseeded Random;
   * here they come from a Random seeded by the channel number, so every run is repeatable.
   */
  private channel(n: number): readonly [string, string] {
    let c = this.channels.get(n);
    if (c === undefined) {
      // The per-event Random is in use: give the channel its own.
      const random = new JavaRandom();
      random.setSeed(((CHANNEL_SEED_BASE + n) % TWO_24) ^ this.seedLo, Math.floor((CHANNEL_SEED_BASE + n) / TWO_24) ^ this.seedHi);
      let url = baseUrl(random);
      if (random.nextInt(10) > 0) url += `&channel_id=${reversedAbs(n)}`;
      c = [`channel-${n}`, url];
      this.channels.set(n, c);
    }
    return c;
  }
}

function baseUrl(random: JavaRandom): string {
  return `https://www.nexmark.com/${nextString(random, 5, '_')}/${nextString(random, 5, '_')}/${nextString(random, 5, '_')}/item.htm?query=1`;
}
