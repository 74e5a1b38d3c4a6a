-- Quickstart, part 2: users.
-- Profile records of users (a table is the natural shape for them; streams come first here),
-- with derived streams that filter by region and mask what should not travel further.
-- Run it with:   npx ksqlite run samples/users.sql --until-idle

SET 'auto.offset.reset'='earliest';

CREATE STREAM IF NOT EXISTS users (
  userid       STRING KEY,
  registertime BIGINT,
  regionid     STRING,
  gender       STRING
) WITH (KAFKA_TOPIC='users', PARTITIONS=1, VALUE_FORMAT='JSON');

INSERT INTO users (userid, registertime, regionid, gender) VALUES ('User_1', 1672531200000, 'Region_1', 'FEMALE');
INSERT INTO users (userid, registertime, regionid, gender) VALUES ('User_2', 1675209600000, 'Region_2', 'MALE');
INSERT INTO users (userid, registertime, regionid, gender) VALUES ('User_3', 1677628800000, 'Region_1', 'OTHER');
INSERT INTO users (userid, registertime, regionid, gender) VALUES ('User_4', 1680307200000, 'Region_3', 'FEMALE');
INSERT INTO users (userid, registertime, regionid, gender) VALUES ('User_5', 1682899200000, 'Region_2', 'FEMALE');
INSERT INTO users (userid, registertime, regionid, gender) VALUES ('User_6', 1685577600000, 'Region_4', 'MALE');

-- Users of two regions, with the registration date as text.
CREATE STREAM IF NOT EXISTS users_west AS
  SELECT userid,
         regionid,
         FORMAT_DATE(FROM_DAYS(CAST(registertime / 86400000 AS INT)), 'yyyy-MM-dd') AS registered_on
  FROM users
  WHERE regionid IN ('Region_1', 'Region_2')
  EMIT CHANGES;

-- Every user, with the id masked and the gender in lower case: safe to share.
CREATE STREAM IF NOT EXISTS users_public AS
  SELECT userid,
         MASK_LEFT(userid, 4) AS masked_id,
         LCASE(gender) AS gender,
         CASE WHEN regionid = 'Region_1' THEN 'home' ELSE 'away' END AS zone
  FROM users
  EMIT CHANGES;
