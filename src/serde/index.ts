// Public face of the serde room: serdes per format, format checks with ksqlDB's messages, and the
// JSON form of values used by the test runner and the REST API.

export type { FormatInfo, FormatName, FormatOptions, Serde, SerdeColumn } from './types.js';
export { SerdeError } from './types.js';
export { createSerde, isUnwrapped } from './create-serde.js';
export { FORMAT_NAMES, formatSupports, parseDelimiter, parseFormatName } from './format-validation.js';
export * from './json-form.js';
export { bytesToTestForm, testFormToBytes } from './test-form.js';
