// Routing pull queries in Kafka mode without a broker: what an instance publishes in its group
// metadata, how partition owners are read from the group's members, and how the partitions of a
// query are split between this instance and the REST URLs of the others.

import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { KsqlError } from '../../src/errors.js';
import { parsePartitions, split } from '../../src/engine/kafka-pull.js';
import type { KafkaRuntime } from '../../src/engine/kafka-query.js';
import { advertiseRestUrl, instanceOf, memberData, ownersOf, parseMemberData } from '../../src/engine/pull-routing.js';

/** Routing keys its state by the runtime object; nothing of it is used here. */
function runtime(): KafkaRuntime {
  return {} as KafkaRuntime;
}

describe('pull query routing', () => {
  it('publishes the instance id, and its REST URL once a server advertises it, read at each join', () => {
    const k = runtime();
    const data = memberData(k, 'g', 't');
    const before = parseMemberData(data());
    expect(before).toEqual({ instance: instanceOf(k).id, url: undefined });
    advertiseRestUrl(k, 'http://10.0.0.7:8088/');
    expect(parseMemberData(data())).toEqual({ instance: instanceOf(k).id, url: 'http://10.0.0.7:8088' });
  });

  it('advertises this machine\'s host name for a server listening on every interface', () => {
    const k = runtime();
    advertiseRestUrl(k, 'http://0.0.0.0:8088');
    expect(instanceOf(k).url).toBe(new URL(`http://${hostname()}:8088`).origin);
  });

  it('gives two engines in one process different instance ids', () => {
    expect(instanceOf(runtime()).id).not.toBe(instanceOf(runtime()).id);
  });

  it('ignores member data that is missing or not its own', () => {
    expect(parseMemberData(null)).toBeUndefined();
    expect(parseMemberData(Buffer.alloc(0))).toBeUndefined();
    expect(parseMemberData(Buffer.from('not json'))).toBeUndefined();
    expect(parseMemberData(Buffer.from('{"url":"http://x"}'))).toBeUndefined();
  });

  it('maps each partition to the member that holds it, marking this instance\'s own', () => {
    const self = runtime();
    const other = runtime();
    advertiseRestUrl(other, 'http://other:8089');
    const owners = ownersOf(
      [
        { userData: memberData(self, 'g', 't')(), partitions: [0, 2] },
        { userData: memberData(other, 'g', 't')(), partitions: [1, 3] },
      ],
      instanceOf(self).id,
    );
    expect([...owners.keys()].sort()).toEqual([0, 1, 2, 3]);
    expect(owners.get(0)).toEqual({ instance: instanceOf(self).id, url: undefined, local: true });
    expect(owners.get(3)).toEqual({ instance: instanceOf(other).id, url: 'http://other:8089', local: false });
  });

  it('splits the partitions a query needs into local ones and one request per remote instance', () => {
    const owners = ownersOf(
      [
        { userData: Buffer.from('{"instance":"me","url":"http://me:1"}'), partitions: [0] },
        { userData: Buffer.from('{"instance":"b","url":"http://b:2"}'), partitions: [1, 3] },
        { userData: Buffer.from('{"instance":"c","url":"http://c:3"}'), partitions: [2] },
      ],
      'me',
    );
    const { mine, remote } = split([0, 1, 2, 3], owners, 'T');
    expect(mine).toEqual([0]);
    expect(remote).toEqual(
      new Map([
        ['http://b:2', [1, 3]],
        ['http://c:3', [2]],
      ]),
    );
  });

  it('refuses a partition whose owner has no REST server, naming the partition and the reason', () => {
    const owners = ownersOf([{ userData: Buffer.from('{"instance":"lib","url":null}'), partitions: [0, 1] }], 'me');
    expect(() => split([1], owners, 'PER_ID')).toThrow(KsqlError);
    expect(() => split([1], owners, 'PER_ID')).toThrow('Partition 1 of table PER_ID is held by instance lib, which runs no REST server');
  });

  it('refuses a partition no member holds (a rebalance in progress)', () => {
    expect(() => split([2], new Map(), 'T')).toThrow('No instance holds partition 2 of table T');
  });

  it('reads the partitions a forwarded request asks for', () => {
    expect(parsePartitions('0, 3,5')).toEqual([0, 3, 5]);
    expect(parsePartitions(undefined)).toBeUndefined();
    expect(() => parsePartitions('1,x')).toThrow('must list partition numbers');
  });
});
