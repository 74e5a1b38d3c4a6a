-- Quickstart, part 1: page views.
-- A stream over a topic, a few views inserted by hand, and streams derived from it with filters
-- and projections. Run it with:   npx ksqlite run samples/pageviews.sql --until-idle
-- (ksqlite datagen --quickstart pageviews writes more records of the same shape.)

-- Queries created below start from the beginning of their input topics.
SET 'auto.offset.reset'='earliest';

CREATE STREAM IF NOT EXISTS pageviews (
  userid   STRING KEY,
  viewtime BIGINT,
  pageid   STRING
) WITH (KAFKA_TOPIC='pageviews', PARTITIONS=2, VALUE_FORMAT='JSON', TIMESTAMP='viewtime');

INSERT INTO pageviews (userid, viewtime, pageid) VALUES ('User_1', 1704103200000, 'Page_10');
INSERT INTO pageviews (userid, viewtime, pageid) VALUES ('User_2', 1704103205000, 'Page_21');
INSERT INTO pageviews (userid, viewtime, pageid) VALUES ('User_1', 1704103210000, 'Page_11');
INSERT INTO pageviews (userid, viewtime, pageid) VALUES ('User_3', 1704103215000, 'Page_10');
INSERT INTO pageviews (userid, viewtime, pageid) VALUES ('User_4', 1704103220000, 'Page_42');
INSERT INTO pageviews (userid, viewtime, pageid) VALUES ('User_2', 1704103225000, 'Page_10');
INSERT INTO pageviews (userid, viewtime, pageid) VALUES ('User_5', 1704103230000, 'Page_77');
INSERT INTO pageviews (userid, viewtime, pageid) VALUES ('User_1', 1704103235000, 'Page_42');
INSERT INTO pageviews (userid, viewtime, pageid) VALUES ('User_6', 1704103240000, 'Page_19');
INSERT INTO pageviews (userid, viewtime, pageid) VALUES ('User_3', 1704103245000, 'Page_21');

-- Views of the first twenty pages only, with a readable time.
CREATE STREAM IF NOT EXISTS pageviews_top20 AS
  SELECT userid,
         pageid,
         TIMESTAMPTOSTRING(viewtime, 'yyyy-MM-dd HH:mm:ss', 'UTC') AS viewed_at
  FROM pageviews
  WHERE CAST(SUBSTRING(pageid, 6) AS INT) <= 20
  EMIT CHANGES;

-- The same views keyed by page instead of user (a new key, so a new partitioning).
CREATE STREAM IF NOT EXISTS pageviews_by_page
  WITH (KAFKA_TOPIC='pageviews_by_page', PARTITIONS=2) AS
  SELECT pageid, userid, viewtime
  FROM pageviews
  PARTITION BY pageid
  EMIT CHANGES;
