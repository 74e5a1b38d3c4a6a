// Random strings as the reference Nexmark generator makes them (its StringsGenerator): short
// lower-case words with an occasional separator, and the `extra` padding that brings each event to
// its configured average size (plus or minus 20%).

import type { JavaRandom } from './java-random.js';

const MIN_STRING_LENGTH = 3;
const A = 'a'.charCodeAt(0);
/** Reused for every string: generating a million events allocates only the strings themselves. */
const codes = Buffer.alloc(4096);

function fromCodes(length: number): string {
  return codes.toString('latin1', 0, length);
}

/** 3 to maxLength-1 characters, each a lower-case letter or (1 in 13) `special`; trimmed. */
export function nextString(random: JavaRandom, maxLength: number, special = ' '): string {
  const len = MIN_STRING_LENGTH + random.nextInt(maxLength - MIN_STRING_LENGTH);
  const sp = special.charCodeAt(0);
  for (let i = 0; i < len; i++) codes[i] = random.nextInt(13) === 0 ? sp : A + random.nextInt(26);
  // Java's trim() drops characters <= ' ' at both ends; the only such character here is a space.
  return fromCodes(len).trim();
}

/** Exactly `length` lower-case letters. */
export function nextExactString(random: JavaRandom, length: number): string {
  if (length > codes.length) throw new RangeError(`padding of ${length} characters is larger than ${codes.length}`);
  for (let i = 0; i < length; i++) codes[i] = A + random.nextInt(26);
  return fromCodes(length);
}

/** Padding that brings an event of `currentSize` to `desiredAverageSize` on average (+-20%), or "". */
export function nextExtra(random: JavaRandom, currentSize: number, desiredAverageSize: number): string {
  if (currentSize > desiredAverageSize) return '';
  const want = desiredAverageSize - currentSize;
  const delta = Math.round(want * 0.2);
  const minSize = want - delta;
  const size = minSize + (delta === 0 ? 0 : random.nextInt(2 * delta));
  return nextExactString(random, size);
}
