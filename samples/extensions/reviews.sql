-- JavaScript extensions from a query file: PARSE_PRICE and FIRST_NON_EMPTY (UDFs), WORDS (a
-- UDTF) and WEIGHTED_AVG (a UDAF), loaded at start from the data directory's ext/ folder.
-- Run it with (see samples/extensions/README.md):
--   mkdir -p ext-data/ext && cp samples/extensions/*.mjs samples/extensions/*.cjs ext-data/ext/
--   npx ksqlite run samples/extensions/reviews.sql --data-dir ext-data --until-idle

SET 'auto.offset.reset'='earliest';

CREATE STREAM IF NOT EXISTS reviews (
  reviewid INT KEY,
  itemid   STRING,
  price    STRING,
  title    STRING,
  nickname STRING,
  username STRING,
  stars    INT,
  helpful  INT
) WITH (KAFKA_TOPIC='reviews', PARTITIONS=1, VALUE_FORMAT='JSON');

INSERT INTO reviews (reviewid, itemid, price, title, nickname, username, stars, helpful) VALUES (1, 'Item_1', '$12.50', 'Great little lamp', NULL, 'alice', 5, 10);
INSERT INTO reviews (reviewid, itemid, price, title, nickname, username, stars, helpful) VALUES (2, 'Item_1', '12.5 EUR', 'Too dim', 'bobby', 'bob', 2, 1);
-- 'free' holds no price: PARSE_PRICE throws, this review gets a null PRICE and the processing log an entry.
INSERT INTO reviews (reviewid, itemid, price, title, nickname, username, stars, helpful) VALUES (3, 'Item_2', 'free', 'Works fine', ' ', NULL, 4, 3);
INSERT INTO reviews (reviewid, itemid, price, title, nickname, username, stars, helpful) VALUES (4, 'Item_2', '$1,099.00', 'Worth every cent', 'carol', 'carol', 5, 0);

-- UDFs: the price as a DECIMAL(10, 2), and a name for whoever wrote the review.
CREATE STREAM IF NOT EXISTS reviews_clean AS
  SELECT reviewid,
         itemid,
         PARSE_PRICE(price) AS price,
         FIRST_NON_EMPTY(nickname, username, 'anonymous') AS author,
         stars
  FROM reviews
  EMIT CHANGES;

-- UDTF: one row per word of four letters or more of each title.
CREATE STREAM IF NOT EXISTS review_words AS
  SELECT reviewid, WORDS(title, 4) AS word
  FROM reviews
  EMIT CHANGES;

-- UDAF: each item's stars, every review weighted by how many readers found it helpful (plus one).
CREATE TABLE IF NOT EXISTS item_ratings AS
  SELECT itemid, WEIGHTED_AVG(stars, helpful + 1) AS rating, COUNT(*) AS reviews
  FROM reviews
  GROUP BY itemid
  EMIT CHANGES;
