import { describe, expect, it } from 'vitest';
import { localToEpoch, parseZoneText, zoneOf } from '../../../src/functions/datetime/zones.js';
import { parseTimestampWithFormat, formatTimestampWithFormat } from '../../../src/functions/datetime.js';

const SUMMER = Date.UTC(2018, 4, 11, 21, 58, 33);
const WINTER = Date.UTC(2018, 0, 11, 21, 58, 33);

describe('zoneOf', () => {
  it('gives region offsets that follow daylight saving time', () => {
    const la = zoneOf('America/Los_Angeles');
    expect(la.offsetAt(SUMMER)).toBe(-7 * 3600_000);
    expect(la.offsetAt(WINTER)).toBe(-8 * 3600_000);
    expect(zoneOf('Asia/Kolkata').offsetAt(SUMMER)).toBe(5.5 * 3600_000);
  });

  it('reads fixed offsets in the forms java.time accepts', () => {
    expect(zoneOf('+0200').offsetAt(0)).toBe(2 * 3600_000);
    expect(zoneOf('-05:30').offsetAt(0)).toBe(-5.5 * 3600_000);
    expect(zoneOf('+5').offsetAt(0)).toBe(5 * 3600_000);
    expect(zoneOf('UTC+01:00').offsetAt(0)).toBe(3600_000);
    expect(zoneOf('GMT').offsetAt(0)).toBe(0);
    expect(zoneOf('Z').offsetAt(0)).toBe(0);
  });

  it('rejects unknown ids', () => {
    expect(() => zoneOf('Mars/Olympus')).toThrow('Unknown time-zone ID: Mars/Olympus');
    expect(() => zoneOf('+25:00')).toThrow();
  });

  it('names zones as Java short and long names', () => {
    expect(zoneOf('America/New_York').shortName(WINTER)).toBe('EST');
    expect(zoneOf('Europe/Paris').shortName(SUMMER)).toBe('CEST');
    expect(zoneOf('Australia/Sydney').shortName(SUMMER)).toBe('AEST');
    expect(zoneOf('Europe/London').longName(SUMMER)).toBe('British Summer Time');
  });
});

describe('localToEpoch', () => {
  it('maps local times to instants, the earlier offset winning in overlaps', () => {
    const la = zoneOf('America/Los_Angeles');
    expect(localToEpoch(Date.UTC(2018, 4, 11, 14, 58, 33), la)).toBe(SUMMER);
    expect(localToEpoch(Date.UTC(2018, 10, 4, 1, 30), la)).toBe(Date.UTC(2018, 10, 4, 8, 30));
  });
});

describe('parseZoneText', () => {
  it('reads abbreviations and region ids at the start of text', () => {
    expect(parseZoneText('PST rest')?.[0].id).toBe('America/Los_Angeles');
    expect(parseZoneText('Europe/Berlin!')).toMatchObject([{ id: 'Europe/Berlin' }, 13]);
    expect(parseZoneText('???')).toBeUndefined();
  });
});

describe('timestamp text for the runtime (TIMESTAMP_FORMAT)', () => {
  it('parses and formats with a pattern and an optional zone', () => {
    expect(parseTimestampWithFormat('2018-05-11T21:58:33Z', "yyyy-MM-dd'T'HH:mm:ssX")).toBe(SUMMER);
    expect(parseTimestampWithFormat('2018-05-11 14:58:33', 'yyyy-MM-dd HH:mm:ss', 'America/Los_Angeles')).toBe(SUMMER);
    expect(formatTimestampWithFormat(SUMMER, 'HH:mm', 'Asia/Tokyo')).toBe('06:58');
    expect(() => parseTimestampWithFormat('not a timestamp', "yyyy-MM-dd'T'HH:mm:ssX")).toThrow('could not be parsed');
  });
});
