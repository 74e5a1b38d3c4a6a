// Sample ksqlite extension (ES module): two UDFs and a UDTF. Drop this file into the extension
// folder (`<data-dir>/ext`, or the folder named by ksql.extension.dir) and the functions appear in
// SHOW FUNCTIONS at the next start. The shape is described in samples/extensions/README.md.

/** '$1,234.50', '12.5 EUR', '-3' -> the number as text; anything without digits throws. */
function parsePrice(text) {
  const cleaned = text.replace(/[^0-9.,-]/g, '').replace(/,/g, '');
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(cleaned)) {
    // The record gets a null PRICE and an entry in the processing log; the query goes on.
    throw new Error(`no price in '${text}'`);
  }
  return cleaned; // DECIMAL(10, 2) results may be returned as numbers or numeric text
}

export const udfs = [
  {
    name: 'PARSE_PRICE',
    description: "Parses a price written by a person ('$1,234.50', '12.5 EUR') into a DECIMAL(10, 2).",
    category: 'CONVERSIONS',
    author: 'ksqlite samples',
    version: '1.0.0',
    signatures: [{ params: ['text STRING'], returns: 'DECIMAL(10, 2)', fn: parsePrice }],
  },
  {
    name: 'FIRST_NON_EMPTY',
    description: 'Returns the first of its arguments that is neither null nor blank, or null.',
    category: 'STRING',
    signatures: [
      {
        params: ['...values STRING'],
        returns: 'STRING',
        // 'pass': the function sees the nulls (by default a null argument gives null without a call).
        nulls: 'pass',
        fn: (...values) => values.find((v) => v !== null && v.trim() !== '') ?? null,
      },
    ],
  },
];

export const udtfs = [
  {
    name: 'WORDS',
    description: 'One row per word of a text, optionally only the words of at least minLength letters.',
    signatures: [
      { params: ['text STRING'], returns: 'STRING', fn: (text) => text.split(/\s+/).filter((w) => w !== '') },
      {
        params: ['text STRING', 'minLength INT'],
        returns: 'STRING',
        fn: (text, minLength) => text.split(/\s+/).filter((w) => w.length >= minLength),
      },
    ],
  },
];
