/* global module */
// Sample ksqlite extension (CommonJS): a UDAF. Extension files may be ES modules (.mjs, or .js in
// a "type": "module" package) or CommonJS (.cjs, or .js elsewhere); both export the same shape.

module.exports = {
  udafs: [
    {
      name: 'WEIGHTED_AVG',
      description: 'The average of value weighted by weight; rows where either is null count for nothing.',
      signatures: [
        {
          params: ['value DOUBLE', 'weight DOUBLE'],
          returns: 'DOUBLE',
          // The state's SQL type, for the checks ksqlDB makes on formats; here it is only documentation.
          intermediate: 'STRUCT<SUM DOUBLE, WEIGHT DOUBLE>',
        },
      ],
      // State is plain data (numbers, strings, arrays, plain objects...): the engine stores it.
      init: () => ({ sum: 0, weight: 0 }),
      add: (s, value, weight) => (value === null || weight === null ? s : { sum: s.sum + value * weight, weight: s.weight + weight }),
      // undo lets the function aggregate a TABLE, where a changed row is first taken out.
      undo: (s, value, weight) => (value === null || weight === null ? s : { sum: s.sum - value * weight, weight: s.weight - weight }),
      // merge combines the states of two session windows that a late record joins.
      merge: (a, b) => ({ sum: a.sum + b.sum, weight: a.weight + b.weight }),
      result: (s) => (s.weight === 0 ? null : s.sum / s.weight),
    },
  ],
};
