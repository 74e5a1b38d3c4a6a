// Tab completion: keywords, sources, columns, functions and topics, by context.

import { describe, expect, it } from 'vitest';
import { commonPrefix, complete, suffixFor } from '../../../cli/shell/completion.js';
import type { CompletionData } from '../../../cli/shell/backend.js';

const data: CompletionData = {
  sources: [
    { name: 'PAGEVIEWS', columns: ['USERID', 'PAGEID', 'VIEWTIME'] },
    { name: 'ORDERS', columns: ['ORDERID', 'ITEMID', 'ADDRESS'] },
  ],
  functions: ['UCASE', 'UNIX_TIMESTAMP', 'COUNT'],
  topics: ['pageviews', 'orders_topic'],
};

function texts(text: string, cursor = text.length): string[] {
  return complete(text, cursor, data).candidates.map((c) => c.text);
}

describe('complete', () => {
  it('completes keywords in the case they are typed', () => {
    expect(texts('SEL')).toEqual(['SELECT']);
    expect(texts('sel')).toEqual(['select']);
  });

  it('offers only sources after FROM, JOIN, INTO and DESCRIBE', () => {
    expect(texts('SELECT * FROM ')).toEqual(['PAGEVIEWS', 'ORDERS']);
    expect(texts('SELECT * FROM pa')).toEqual(['pageviews']);
    expect(texts('DESCRIBE O')).toEqual(['ORDERS']);
    expect(texts('INSERT INTO P')).toEqual(['PAGEVIEWS']);
  });

  it('offers topics after PRINT, as they are spelled', () => {
    expect(texts('PRINT ')).toEqual(['pageviews', 'orders_topic']);
    expect(texts('PRINT OR')).toEqual(['orders_topic']);
  });

  it('offers the columns of the sources the statement reads, and of an alias after a dot', () => {
    expect(texts('SELECT ITEM')).toEqual(['ITEMID']);
    expect(texts('SELECT P FROM PAGEVIEWS', 8).slice(0, 2)).toEqual(['PAGEID', 'PAGEVIEWS']);
    expect(texts('SELECT I FROM ORDERS', 8)[0]).toBe('ITEMID');
    expect(texts('SELECT I FROM PAGEVIEWS', 8)).not.toContain('ITEMID');
    expect(texts('SELECT o. FROM ORDERS o', 9)).toEqual(['ORDERID', 'ITEMID', 'ADDRESS']);
  });

  it('offers functions and keywords together, and replaces just the word under the cursor', () => {
    const c = complete('SELECT U', 8, data);
    expect(c.from).toBe(7);
    expect(c.to).toBe(8);
    expect(c.candidates.map((x) => `${x.kind}:${x.text}`)).toContain('function:UCASE');
    expect(c.candidates.map((x) => `${x.kind}:${x.text}`)).toContain('keyword:UNSET');
  });

  it('extends to the common prefix and types what follows a unique word', () => {
    expect(commonPrefix(complete('SELECT UN', 9, data).candidates)).toBe('UN');
    expect(commonPrefix(complete('DESCRIBE PAGE', 13, data).candidates)).toBe('PAGEVIEWS');
    expect(suffixFor({ text: 'UCASE', kind: 'function' })).toBe('(');
    expect(suffixFor({ text: 'FROM', kind: 'keyword' })).toBe(' ');
    expect(suffixFor({ text: 'USERID', kind: 'column' })).toBe('');
  });
});
