// The documented sample extensions (samples/extensions) end to end: loaded by `ksqlite run` from
// the data directory's ext/ folder, and by the library from ksql.extension.dir; a UDF that throws
// costs its record a null and a processing-log entry while the query keeps running.

import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFileCommand } from '../../../cli/commands/run.js';
import { Engine } from '../../../src/engine/engine.js';
import { PROCESSING_LOG_TOPIC } from '../../../src/engine/processing-log.js';
import { SAMPLES_EXT } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ksqlite-ext-samples-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The decoded JSON values of every record of a topic, in partition then offset order. */
function values(e: Engine, topic: string): Record<string, unknown>[] {
  return records(e, topic).map(([, v]) => v);
}

/** [key text, decoded JSON value] of every record of a topic, in partition then offset order. */
function records(e: Engine, topic: string): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  e.log.endOffsets(topic).forEach((end, p) => {
    for (const r of e.log.read(topic, p, 0, end)) out.push([r.key?.toString() ?? '', JSON.parse(r.value!.toString()) as Record<string, unknown>]);
  });
  return out;
}

const REVIEWS = `
  CREATE STREAM reviews (reviewid INT KEY, itemid STRING, price STRING, title STRING, nickname STRING, username STRING, stars INT, helpful INT)
    WITH (KAFKA_TOPIC='reviews', PARTITIONS=1, VALUE_FORMAT='JSON');
  CREATE STREAM reviews_clean AS SELECT reviewid, PARSE_PRICE(price) AS price, FIRST_NON_EMPTY(nickname, username, 'anonymous') AS author FROM reviews;
  CREATE STREAM review_words AS SELECT reviewid, WORDS(title) AS word FROM reviews;
  CREATE TABLE item_ratings AS SELECT itemid, WEIGHTED_AVG(stars, helpful + 1) AS rating FROM reviews GROUP BY itemid;`;

const insert = (id: number, item: string, price: string, title: string, stars: number, helpful: number): string =>
  `INSERT INTO reviews (reviewid, itemid, price, title, username, stars, helpful) VALUES (${id}, '${item}', '${price}', '${title}', 'user${id}', ${stars}, ${helpful});`;

describe('an engine with a bad extension file', () => {
  it('starts, warns naming the file, and loads the other files', async () => {
    const ext = join(dir, 'ext');
    mkdirSync(ext);
    cpSync(join(SAMPLES_EXT, 'weighted-avg.cjs'), join(ext, 'weighted-avg.cjs'));
    writeFileSync(join(ext, 'broken.mjs'), "export const udfs = [{ name: 'NO_DESCRIPTION', signatures: [] }];");
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    const e = new Engine({ dataDir: dir });
    try {
      const warning = await warned;
      expect(warning.message).toBe(`Cannot load the extension ${join(ext, 'broken.mjs')}: UDF NO_DESCRIPTION needs a 'description' string`);
      expect(e.functions.kindOf('WEIGHTED_AVG')).toBe('AGGREGATE');
      expect(e.extensions.errors.map((x) => x.file)).toEqual([join(ext, 'broken.mjs')]);
    } finally {
      await e.close();
    }
  });
});

describe('the sample extensions', () => {
  it('load from a query file run by `ksqlite run`, out of <data-dir>/ext', async () => {
    mkdirSync(join(dir, 'ext'));
    cpSync(SAMPLES_EXT, join(dir, 'ext'), { recursive: true, filter: (f) => !/\.(sql|md)$/.test(f) });
    expect(await runFileCommand([join('samples', 'extensions', 'reviews.sql'), '--data-dir', dir, '--until-idle'])).toBe(0);
    const e = new Engine({ dataDir: dir });
    try {
      expect(e.extensions.loaded.flatMap((l) => l.functions)).toEqual(['PARSE_PRICE', 'FIRST_NON_EMPTY', 'WORDS', 'WEIGHTED_AVG']);
      // The extensions load before the catalog replays: the queries calling them start again.
      expect(e.runningQueries().map((q) => q.state)).toEqual(['RUNNING', 'RUNNING', 'RUNNING']);
      expect(values(e, 'REVIEWS_CLEAN').map((v) => [v.PRICE, v.AUTHOR])).toEqual([
        [12.5, 'alice'],
        [12.5, 'bobby'],
        [null, 'anonymous'],
        [1099, 'carol'],
      ]);
      expect(values(e, 'REVIEW_WORDS').map((v) => v.WORD)).toEqual(['Great', 'little', 'lamp', 'Works', 'fine', 'Worth', 'every', 'cent']);
      // The file's four reviews are one batch: with the record cache (on by default), each item's
      // table row is written once, with its rating over both of its reviews.
      expect(records(e, 'ITEM_RATINGS').map(([k, v]) => [k, v.RATING, v.REVIEWS])).toEqual([
        ['Item_1', 59 / 13, 2],
        ['Item_2', 4.2, 2],
      ]);
    } finally {
      await e.close();
    }
  });

  it('load from the library API with ksql.extension.dir, and show in SHOW FUNCTIONS', async () => {
    // The record cache off: the table's topic gets the rating after each review.
    const e = new Engine({
      inMemory: true,
      properties: { 'ksql.extension.dir': SAMPLES_EXT, 'auto.offset.reset': 'earliest', 'ksql.streams.cache.max.bytes.buffering': '0' },
    });
    try {
      await e.execute(REVIEWS);
      await e.execute(insert(1, 'Item_1', '$1,234.50', 'So good', 5, 1) + insert(2, 'Item_1', '3', 'Meh', 1, 0));
      e.runUntilIdle();
      expect(values(e, 'REVIEWS_CLEAN').map((v) => v.PRICE)).toEqual([1234.5, 3]);
      expect(values(e, 'REVIEW_WORDS').map((v) => v.WORD)).toEqual(['So', 'good', 'Meh']);
      expect(values(e, 'ITEM_RATINGS').map((v) => v.RATING)).toEqual([5, 11 / 3]);
      const [shown] = await e.execute('SHOW FUNCTIONS;');
      const listed = shown!.type === 'function_names' ? shown!.functions : [];
      expect(listed.filter((f) => ['PARSE_PRICE', 'WORDS', 'WEIGHTED_AVG'].includes(f.name))).toEqual([
        { name: 'PARSE_PRICE', type: 'SCALAR', category: 'CONVERSIONS' },
        { name: 'WEIGHTED_AVG', type: 'AGGREGATE', category: 'AGGREGATE' },
        { name: 'WORDS', type: 'TABLE', category: 'TABLE' },
      ]);
      const [described] = await e.execute('DESCRIBE FUNCTION parse_price;');
      expect(described).toMatchObject({ name: 'PARSE_PRICE', author: 'ksqlite samples', version: '1.0.0', path: join(SAMPLES_EXT, 'text-functions.mjs') });
    } finally {
      await e.close();
    }
  });

  it('keep the query running when a UDF throws: the record gets null and the processing log an entry', async () => {
    const e = new Engine({ inMemory: true, properties: { 'ksql.extension.dir': SAMPLES_EXT, 'auto.offset.reset': 'earliest' } });
    try {
      await e.execute(REVIEWS);
      await e.execute(insert(1, 'Item_1', 'free', 'Nice', 4, 0));
      e.runUntilIdle();
      await e.execute(insert(2, 'Item_1', '$5', 'Fine', 3, 0));
      e.runUntilIdle();
      expect(values(e, 'REVIEWS_CLEAN').map((v) => v.PRICE)).toEqual([null, 5]);
      const logged = values(e, PROCESSING_LOG_TOPIC).map((v) => v.MESSAGE as Record<string, unknown>);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ ERRORMESSAGE: "Error evaluating PARSE_PRICE: no price in 'free'" });
      expect(String(logged[0]!.QUERYID)).toMatch(/^CSAS_REVIEWS_CLEAN_/);
      expect(e.runningQueries().every((q) => q.state === 'RUNNING')).toBe(true);
    } finally {
      await e.close();
    }
  });
});
