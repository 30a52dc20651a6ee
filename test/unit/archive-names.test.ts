import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memberNameProblem } from '../../main/core/ingest/archive-names';
import { sniffFormat } from '../../main/core/ingest/sniff';

const segment = fc.stringMatching(/^[A-Za-z0-9._ -]{1,12}$/).filter((s) => s !== '..' && s !== '.');

describe('archive member names', () => {
  it('accepts any relative path of ordinary segments', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (parts) => {
        expect(memberNameProblem(parts.join('/'))).toBeNull();
      }),
    );
  });

  it('refuses any path with a .. segment, wherever it is', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), fc.array(segment, { maxLength: 4 }), (before, after) => {
        expect(memberNameProblem([...before, '..', ...after].join('/'))).toMatch(/traversal/);
      }),
    );
  });

  it('refuses absolute paths, drive letters, backslashes and NUL', () => {
    fc.assert(
      fc.property(segment, (s) => {
        expect(memberNameProblem('/' + s)).toMatch(/absolute/);
        expect(memberNameProblem('C:' + s)).toMatch(/absolute/);
        expect(memberNameProblem(`a\\${s}`)).toMatch(/backslash/);
        expect(memberNameProblem(`${s}\0`)).toMatch(/NUL/);
      }),
    );
  });
});

describe('format sniffing', () => {
  it('recognises CloudTrail by content, with or without a BOM and leading space', () => {
    expect(sniffFormat(Buffer.from('{"Records":[{"eventVersion":"1.08"')).format).toBe('cloudtrail_records');
    expect(sniffFormat(Buffer.from('\ufeff  {\n "Records" : [')).format).toBe('cloudtrail_records');
    const arr = '[{"eventTime":"2024-01-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject"}]';
    expect(sniffFormat(Buffer.from(arr)).format).toBe('cloudtrail_array');
    const digest = '{"awsAccountId":"1","digestStartTime":"x","logFiles":[]}';
    expect(sniffFormat(Buffer.from(digest)).format).toBe('cloudtrail_digest');
  });

  it('never throws on arbitrary bytes, and names what it could not read', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const r = sniffFormat(Buffer.from(bytes));
        expect(r.reason.length).toBeGreaterThan(0);
      }),
    );
    expect(sniffFormat(Buffer.alloc(0))).toEqual({ format: 'unknown', reason: 'empty file', oneLine: true });
  });

  it('tells a head of one JSON value per line from a pretty-printed one', () => {
    const one = (s: string) => sniffFormat(Buffer.from(s)).oneLine;
    expect(one('{"Records":[{"eventVersion":"1.08"}]}')).toBe(true);
    expect(one('{"Records":[{"eventVersion":"1.08"}]}\r\n \n')).toBe(true); // trailing white space only
    expect(one('{"Records":[{"eventVersion":"1.08"')).toBe(true); // a head cut short: a guess, checked on reading
    expect(one('{\n  "Records": [')).toBe(false);
    expect(one('{"Records":[]}\n{"Records":[]}')).toBe(false); // two lines: DuckDB's own detection reads them
    expect(one('{"Records":[]}\r{"Records":[]}')).toBe(false);
    expect(one('\ufeff{"Records":[]}')).toBe(false); // DuckDB's newline-delimited reader refuses a BOM
  });
});
