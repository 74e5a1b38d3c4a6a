-- Quickstart, part 3: orders.
-- Orders with an INT key and a nested address; derived streams read into the struct, compute
-- with numbers and re-key the orders by state.
-- Run it with:   npx ksqlite run samples/orders.sql --until-idle

SET 'auto.offset.reset'='earliest';

CREATE STREAM IF NOT EXISTS orders (
  orderid    INT KEY,
  ordertime  BIGINT,
  itemid     STRING,
  orderunits DOUBLE,
  address    STRUCT<city STRING, state STRING, zipcode INT>
) WITH (KAFKA_TOPIC='orders', PARTITIONS=2, VALUE_FORMAT='JSON', TIMESTAMP='ordertime');

INSERT INTO orders (orderid, ordertime, itemid, orderunits, address) VALUES (1, 1704103200000, 'Item_184', 6.2, STRUCT(city := 'Mountain View', state := 'CA', zipcode := 94041));
INSERT INTO orders (orderid, ordertime, itemid, orderunits, address) VALUES (2, 1704103260000, 'Item_9', 1.5, STRUCT(city := 'Seattle', state := 'WA', zipcode := 98101));
INSERT INTO orders (orderid, ordertime, itemid, orderunits, address) VALUES (3, 1704103320000, 'Item_42', 12.0, STRUCT(city := 'Portland', state := 'OR', zipcode := 97201));
INSERT INTO orders (orderid, ordertime, itemid, orderunits, address) VALUES (4, 1704103380000, 'Item_184', 3.75, STRUCT(city := 'San Francisco', state := 'CA', zipcode := 94105));
INSERT INTO orders (orderid, ordertime, itemid, orderunits, address) VALUES (5, 1704103440000, 'Item_7', 8.1, STRUCT(city := 'Boise', state := 'ID', zipcode := 83702));
INSERT INTO orders (orderid, ordertime, itemid, orderunits, address) VALUES (6, 1704103500000, 'Item_42', 0.5, STRUCT(city := 'Los Angeles', state := 'CA', zipcode := 90012));

-- Orders of five units or more, with where they go and a size class.
CREATE STREAM IF NOT EXISTS large_orders AS
  SELECT orderid,
         itemid,
         orderunits,
         ROUND(orderunits * 9.99, 2) AS amount,
         address->city AS city,
         CASE WHEN orderunits >= 10 THEN 'XL' ELSE 'L' END AS size
  FROM orders
  WHERE orderunits >= 5
  EMIT CHANGES;

-- Californian orders, flattened.
CREATE STREAM IF NOT EXISTS orders_ca AS
  SELECT orderid, itemid, orderunits, address->city AS city, address->zipcode AS zipcode
  FROM orders
  WHERE address->state = 'CA'
  EMIT CHANGES;

-- All orders keyed by state, for consumers that work state by state.
CREATE STREAM IF NOT EXISTS orders_by_state
  WITH (KAFKA_TOPIC='orders_by_state', PARTITIONS=2) AS
  SELECT address->state AS state, orderid, itemid, orderunits
  FROM orders
  PARTITION BY address->state
  EMIT CHANGES;
