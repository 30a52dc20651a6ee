import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4Range } from '../../main/core/query/event-filter';
import { escapeRegex, indexWords } from '../../main/core/query/text-match';
import { parseText, searchHits } from '../../shared/text-search';
import { bucketSeconds } from '../../main/core/query/timeline';

const DAY = 86_400_000;

describe('timeline buckets and CIDR ranges (core)', () => {
  it('never exceeds the buckets asked for, in widths a person reads', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 5 * 365 * DAY }), fc.integer({ min: 1, max: 4000 }), (span, n) => {
        const s = bucketSeconds(span, n);
        return Math.ceil(span / (s * 1000)) <= n && s >= 1;
      }),
    );
    expect(bucketSeconds(21 * DAY, 1000)).toBe(3600); // 1,814 s asked for: the next readable width
    expect(bucketSeconds(DAY, 1000)).toBe(120);
  });

  it('reads IPv4 CIDRs and refuses impossible ones', () => {
    expect(ipv4Range('10.1.2.3/8')).toEqual([10 * 2 ** 24, 11 * 2 ** 24 - 1]);
    expect(ipv4Range('192.168.1.7/32')).toEqual([3232235783, 3232235783]);
    expect(ipv4Range('0.0.0.0/0')).toEqual([0, 2 ** 32 - 1]);
    expect(ipv4Range('10.0.0.1')).toBeNull();
    expect(() => ipv4Range('300.0.0.0/8')).toThrow(/CIDR/);
    expect(() => ipv4Range('10.0.0.0/33')).toThrow(/CIDR/);
  });
});

describe('free-text search pattern', () => {
  it('escapes every regular-expression character, so the text is matched literally', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, needle, b) => {
        const re = new RegExp(escapeRegex(needle), 'i');
        return re.test(`${a}${needle}${b}`) && (needle === '' || new RegExp(`^${escapeRegex(needle)}$`).test(needle));
      }),
    );
  });
});

describe('free-text words the index looks up', () => {
  // Each word must be what a matching record holds whole, or (the last one) as the start of a longer word.
  it('splits at punctuation, lower-cases, keeps only the last word as a prefix', () => {
    expect(indexWords('"errorCode":"AccessDenied"')).toEqual([
      { word: 'errorcode', prefix: false },
      { word: 'accessdenied', prefix: false },
    ]);
    expect(indexWords('arn:aws:iam::1234:role/Deploy')).toEqual([
      { word: 'arn', prefix: false },
      { word: 'aws', prefix: false },
      { word: 'iam', prefix: false },
      { word: '1234', prefix: false },
      { word: 'role', prefix: false },
      { word: 'deploy', prefix: true },
    ]);
    expect(indexWords('10.0.3.7')).toEqual([{ word: '10.0.3.7', prefix: true }]);
    expect(indexWords('ab cd')).toEqual([]);
  });

  it('gives nothing for a search that may start inside a word, or for non-ASCII words', () => {
    expect(indexWords('*cessDenied')).toEqual([]);
    expect(parseText('  **cess ')).toEqual({ literal: 'cess', anywhere: true });
    expect(indexWords('Zoë')).toEqual([]);
    expect(parseText('   ')).toBeNull();
  });

  it('every word it gives occurs in the search, lower-cased', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) =>
        indexWords(text).every(({ word }) => text.toLowerCase().includes(word) && word.length >= 3),
      ),
    );
  });
});

describe('search hits in a raw record (the detail pane marks them)', () => {
  it('follows the search rule: case-insensitive, at a word start, anywhere after *', () => {
    const raw = '{"errorCode": "AccessDeniedException", "x": "xAccessDenied", "msg": "accessdenied"}';
    const at = (t: string) => searchHits(raw, t).map(([a, b]) => raw.slice(a, b));
    expect(at('AccessDenied')).toEqual(['AccessDenied', 'accessdenied']);
    expect(at('*AccessDenied')).toEqual(['AccessDenied', 'AccessDenied', 'accessdenied']);
    expect(at('"x"')).toEqual(['"x"']);
    expect(at('')).toEqual([]);
    expect(searchHits('aaaa', '*aa')).toEqual([
      [0, 2],
      [2, 4],
    ]);
  });
});
