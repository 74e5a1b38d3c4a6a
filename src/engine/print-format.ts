// How PRINT shows a topic's records, after ksqlDB: the formats guessed from the bytes, then
//   rowtime: 2024/01/01 10:00:00.000 Z, key: alice, value: {"PAGE":"/home"}, partition: 0
// Keys and values are decoded best-effort: JSON or text when the bytes are UTF-8, else numbers or hex.

/** One record of a topic, as read from the log. */
export interface PrintedRecord {
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly { readonly key: string; readonly value: Buffer | null }[];
}

export type GuessedFormat = 'JSON' | 'KAFKA_STRING' | 'KAFKA_INT' | 'KAFKA_BIGINT' | 'BYTES' | 'NULL';

/** The format the bytes most likely have. */
export function guessFormat(bytes: Buffer | null): GuessedFormat {
  if (bytes === null) return 'NULL';
  const text = utf8Text(bytes);
  if (text !== undefined) {
    const trimmed = text.trim();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && isJson(trimmed)) return 'JSON';
    return 'KAFKA_STRING';
  }
  if (bytes.length === 4) return 'KAFKA_INT';
  if (bytes.length === 8) return 'KAFKA_BIGINT';
  return 'BYTES';
}

/** The bytes as PRINT shows them. */
export function decodeBytes(bytes: Buffer | null): string {
  if (bytes === null) return '<null>';
  switch (guessFormat(bytes)) {
    case 'JSON':
    case 'KAFKA_STRING':
      return bytes.toString('utf8');
    case 'KAFKA_INT':
      return String(bytes.readInt32BE(0));
    case 'KAFKA_BIGINT':
      return bytes.readBigInt64BE(0).toString();
    default:
      return `0x${bytes.toString('hex')}`;
  }
}

function utf8Text(bytes: Buffer): string | undefined {
  if (bytes.length === 0) return '';
  const text = bytes.toString('utf8');
  // Replacement characters mean invalid UTF-8; control characters mean binary data.
  if (text.includes('\uFFFD')) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return undefined;
  }
  return text;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `2024/01/01 10:00:00.000 Z`, as ksqlDB prints rowtimes. */
export function formatRowtime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '/')} ${iso.slice(11, 23)} Z`;
}

/** The "Key format: ... Value format: ..." lines printed before the first record. */
export function formatsHeader(first: PrintedRecord): string[] {
  const show = (f: GuessedFormat): string => (f === 'JSON' ? 'JSON or KAFKA_STRING' : f === 'NULL' ? '¯\\_(ツ)_/¯ - no data processed' : f);
  return [`Key format: ${show(guessFormat(first.key))}`, `Value format: ${show(guessFormat(first.value))}`];
}

export function formatRecord(r: PrintedRecord): string {
  const headers = r.headers.length === 0 ? '' : `, headers: [${r.headers.map((h) => `${h.key}=${decodeBytes(h.value)}`).join(', ')}]`;
  return `rowtime: ${formatRowtime(r.timestamp)}, key: ${decodeBytes(r.key)}, value: ${decodeBytes(r.value)}${headers}, partition: ${r.partition}`;
}
