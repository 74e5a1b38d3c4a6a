import { describe, expect, it } from 'vitest';
import { lastBase0AuctionId, lastBase0PersonId } from '../../../bench/nexmark/config.js';
import type { Auction, Bid, NexmarkEvent, Person } from '../../../bench/nexmark/generator.js';
import { NexmarkGenerator } from '../../../bench/nexmark/generator.js';

const EVENTS = 50_000;

function generate(gen: NexmarkGenerator, n = EVENTS): NexmarkEvent[] {
  const out: NexmarkEvent[] = [];
  for (let i = 0; i < n; i++) out.push(gen.event(i));
  return out;
}

const all = generate(new NexmarkGenerator());
const persons = all.flatMap((e) => (e.kind === 'person' ? [e.person] : []));
const auctions = all.flatMap((e) => (e.kind === 'auction' ? [e.auction] : []));
const bids = all.flatMap((e) => (e.kind === 'bid' ? [e.bid] : []));

function share<T>(xs: readonly T[], p: (x: T) => boolean): number {
  return xs.filter(p).length / xs.length;
}

describe('Nexmark generator: proportions and ids', () => {
  it('makes 1 person, 3 auctions and 46 bids in every 50 events, in that order', () => {
    expect([persons.length, auctions.length, bids.length]).toEqual([1000, 3000, 46_000]);
    expect(all.slice(0, 50).map((e) => e.kind)).toEqual(['person', 'auction', 'auction', 'auction', ...Array<string>(46).fill('bid')]);
  });

  it('numbers persons and auctions consecutively from 1000', () => {
    expect(persons.every((p, i) => p.id === 1000 + i)).toBe(true);
    expect(auctions.every((a, i) => a.id === 1000 + i)).toBe(true);
  });

  it('bids on auctions that exist or are at most 10 ahead, by people that exist or are at most 10 ahead', () => {
    const wrong = all.flatMap((e, n) => {
      if (e.kind !== 'bid') return [];
      const { auction, bidder } = e.bid;
      const ok = auction >= 1000 && auction <= 1000 + lastBase0AuctionId(n) + 10 && bidder >= 1000 && bidder <= 1000 + lastBase0PersonId(n) + 10;
      return ok ? [] : [{ n, auction, bidder }];
    });
    expect(wrong).toEqual([]);
  });

  it('sends about half the bids to the hot auction and three in four to a hot bidder', () => {
    // Hot: the first auction, and the second person, of each batch of 100. The reference seeds a
    // java.util.Random per event with its id, and the first draws of consecutive seeds are slightly
    // correlated: the hot-auction share comes out a little under one half, as in the reference.
    expect(share(bids, (b) => (b.auction - 1000) % 100 === 0)).toBeGreaterThan(0.44);
    expect(share(bids, (b) => (b.auction - 1000) % 100 === 0)).toBeLessThan(0.56);
    expect(share(bids, (b) => (b.bidder - 1000) % 100 === 1)).toBeGreaterThan(0.73);
    expect(share(bids, (b) => (b.bidder - 1000) % 100 === 1)).toBeLessThan(0.78);
    expect(share(auctions, (a) => (a.seller - 1000) % 100 === 0)).toBeGreaterThan(0.7);
    expect(share(auctions, (a) => (a.seller - 1000) % 100 === 0)).toBeLessThan(0.8);
  });
});

describe('Nexmark generator: field values', () => {
  it('draws prices log-uniformly between 1.00 and 1,000,000.00 (in cents)', () => {
    const prices = [...bids.map((b) => b.price), ...auctions.map((a) => a.initialBid)];
    expect(Math.min(...prices)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...prices)).toBeLessThanOrEqual(100_000_000);
    // Each decade from $1 to $1M holds a sixth of the prices.
    for (let d = 0; d < 6; d++) {
      const s = share(prices, (p) => p >= 100 * 10 ** d && p < 100 * 10 ** (d + 1));
      expect(s).toBeGreaterThan(0.15);
      expect(s).toBeLessThan(0.185);
    }
  });

  it('stamps event n at the base time plus n tenths of a millisecond, and auctions expire later', () => {
    const late = all.flatMap((e, n) => {
      const t = e.kind === 'person' ? e.person.dateTime : e.kind === 'auction' ? e.auction.dateTime : e.bid.dateTime;
      return t === 1_700_000_000_000 + Math.floor(n / 10) ? [] : [{ n, t }];
    });
    expect(late).toEqual([]);
    expect(auctions.every((a) => a.expires > a.dateTime && a.reserve > a.initialBid)).toBe(true);
    expect(new Set(auctions.map((a) => a.category))).toEqual(new Set([10, 11, 12, 13, 14]));
  });

  it('gives persons a name, email, credit card, city and state in the reference formats', () => {
    const states = new Set(['AZ', 'CA', 'ID', 'OR', 'WA', 'WY']);
    for (const p of persons as Person[]) {
      expect(p.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
      expect(p.emailAddress).toMatch(/^[a-z][a-z ]*@[a-z][a-z ]*\.com$|^[a-z ]*@[a-z ]*\.com$/);
      expect(p.creditCard).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
      expect(states.has(p.state)).toBe(true);
    }
  });

  it('pads events with extra to 200, 500 and 100 characters on average (plus or minus 20%)', () => {
    // Bids: 32 bytes of fixed fields, so 68 of padding, 54 to 81 characters.
    const bidExtra = bids.map((b: Bid) => b.extra.length);
    expect(Math.min(...bidExtra)).toBe(54);
    expect(Math.max(...bidExtra)).toBe(81);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(bidExtra)).toBeCloseTo(67.5, 0);
    const auctionSize = mean(auctions.map((a: Auction) => 48 + a.itemName.length + a.description.length + a.extra.length));
    expect(auctionSize).toBeGreaterThan(490);
    expect(auctionSize).toBeLessThan(510);
  });

  it('draws half the bids from four hot channels, the others from 10,000 channels with stable urls', () => {
    const hot = new Set(['Google', 'Facebook', 'Baidu', 'Apple']);
    expect(share(bids, (b) => hot.has(b.channel))).toBeGreaterThan(0.48);
    expect(share(bids, (b) => hot.has(b.channel))).toBeLessThan(0.52);
    const urls = new Map<string, string>();
    const url = /^https:\/\/www\.nexmark\.com\/[a-z_]+\/[a-z_]+\/[a-z_]+\/item\.htm\?query=1(&channel_id=-?\d+)?$/;
    const wrong: Bid[] = [];
    for (const b of bids) {
      if (!/^(Google|Facebook|Baidu|Apple|channel-\d{1,4})$/.test(b.channel) || !url.test(b.url) || (urls.has(b.channel) && urls.get(b.channel) !== b.url))
        wrong.push(b);
      urls.set(b.channel, b.url);
    }
    expect(wrong).toEqual([]);
    expect(urls.size).toBeGreaterThan(4000);
  });
});

describe('Nexmark generator: seeds', () => {
  it('makes the same events for the same seed, whatever order they are asked in', () => {
    const a = new NexmarkGenerator({ seed: 7 });
    const b = new NexmarkGenerator({ seed: 7 });
    const forward = generate(a, 2000);
    const backward = Array.from({ length: 2000 }, (_, i) => b.event(1999 - i)).reverse();
    expect(backward).toEqual(forward);
  });

  it('makes other values, with the same event kinds and ids, for another seed', () => {
    const other = generate(new NexmarkGenerator({ seed: 1 }), 2000);
    expect(other.map((e) => e.kind)).toEqual(all.slice(0, 2000).map((e) => e.kind));
    const ids = (es: NexmarkEvent[]): number[] => es.flatMap((e) => (e.kind === 'auction' ? [e.auction.id] : e.kind === 'person' ? [e.person.id] : []));
    expect(ids(other)).toEqual(ids(all.slice(0, 2000)));
    const prices = (es: NexmarkEvent[]): number[] => es.flatMap((e) => (e.kind === 'bid' ? [e.bid.price] : []));
    expect(prices(other)).not.toEqual(prices(all.slice(0, 2000)));
  });

  it('follows the configured event rate and sizes', () => {
    const gen = new NexmarkGenerator({ eventsPerSecond: 1000, baseTime: 0, avgBidByteSize: 200 });
    const e = gen.event(4999);
    expect(e.kind).toBe('bid');
    if (e.kind !== 'bid') return;
    expect(e.bid.dateTime).toBe(4999);
    expect(e.bid.extra.length).toBeGreaterThanOrEqual(134);
    expect(e.bid.extra.length).toBeLessThanOrEqual(201);
  });
});
