// Sniffing by whole records: the head's records are parsed (a record cut by the end of the head is left out), a
// wrapper is recognised on the first record and the records inside it are sniffed in its place; key order, a
// shipper's added fields and a renamed timestamp play no part.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { headValues, recordsOf } from '../../main/core/ingest/head-records';
import { sniffFormat } from '../../main/core/ingest/sniff';
import { REPO } from '../helpers/paths';

const FIXTURES = path.join(REPO, 'test/fixtures/envelopes');
const sniffText = (t: string) => sniffFormat(Buffer.from(t));

async function sniffFixture(name: string) {
  let head = await readFile(path.join(FIXTURES, name));
  if (name.endsWith('.gz')) head = gunzipSync(head);
  return sniffFormat(head.subarray(0, 64 * 1024));
}

const CT = {
  eventVersion: '1.09',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/ci' },
  eventTime: '2024-06-01T10:00:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'ListBuckets',
  awsRegion: 'eu-west-1',
};

describe('whole records at the head', () => {
  it('reads JSON lines, a top-level array, concatenated objects and a page, dropping a record cut by the end', () => {
    expect(recordsOf(headValues('{"a":1}\n{"b":2}\n{"c":').values)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(recordsOf(headValues('[{"a":1},{"b":[1,2]},{"c":"x').values)).toEqual([{ a: 1 }, { b: [1, 2] }]);
    expect(recordsOf(headValues('{"a":1}{"b":2}').values)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(headValues('{"Records":[{"a":1},{"b":{"c":[1,').values).toEqual([{ Records: [{ a: 1 }] }]);
    // one big pretty-printed record cut by the end: its finished members are kept
    expect(headValues('{\n  "a": "x",\n  "b": {"c": 1, "d": "unfini').values).toEqual([{ a: 'x', b: { c: 1 } }]);
    expect(headValues('{"a": 12').values).toEqual([{}]);
    expect(headValues('eventTime,eventName\n').values).toEqual([]);
  });
});

describe('sniffing by what a record is', () => {
  it('takes CloudTrail records in any key order, with shipper fields and without eventTime', () => {
    const reshipped = { '@timestamp': '2024-06-01T10:00:00.000Z', '@version': '1', host: { name: 'ls' }, ...CT };
    delete (reshipped as Partial<typeof CT>).eventTime;
    const sorted = Object.fromEntries(Object.entries(reshipped).sort(([a], [b]) => a.localeCompare(b)));
    expect(sniffText(JSON.stringify(sorted) + '\n').format).toBe('cloudtrail_lines');
    expect(sniffText(JSON.stringify([sorted], null, 2)).format).toBe('cloudtrail_array');
  });

  it('ignores the keys of a record cut by the end of the head', () => {
    // the cut record would look like CloudTrail; the whole ones are not
    const head = '{"a":1}\n{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","eventName":"X","eventTi';
    const r = sniffText(head + 'x'.repeat(64 * 1024 - head.length));
    expect(r.format).toBe('unknown');
    expect(r.reason).toContain(
      "looked for the keys of each source and wrapper in its first 1 whole records; its first record's keys: a",
    );
  });

  it('sniffs past a record nested too deep, and gives up on a head that is nothing else', () => {
    const deep = (n: number) => `${'[{"a":'.repeat(n >> 1)}1${'}]'.repeat(n >> 1)}`;
    const line = JSON.stringify(CT);
    const lines = [line, line.replace(/}$/, `,"requestParameters":${deep(5000)}}`), line].join('\n');
    expect(sniffText(lines).format).toBe('cloudtrail_lines');
    expect(sniffText(JSON.stringify([CT]).replace(/]$/, `,${deep(60_000)}]`)).format).toBe('cloudtrail_array');
    expect(sniffText(deep(60_000)).format).toBe('unknown');
  });

  it('calls [] and {} (and white space) empty files, not unknown formats', () => {
    for (const t of ['[]', ' [ ]\n', '{}', '{ }\n', '\n\n', '[{}]'])
      expect(sniffText(t).reason, t).toMatch(/^empty file/);
  });

  it.each([
    ['es-search-cloudtrail.json', 'es_hits+cloudtrail_lines'],
    ['es-source-cloudtrail.jsonl', 'es_source+cloudtrail_lines'],
    ['logstash-cloudtrail.jsonl', 'cloudtrail_lines'],
    ['splunk-export-cloudtrail.json', 'splunk_result+cloudtrail_lines'],
    ['splunk-results-okta.json', 'splunk_results+okta_system'],
    ['azure-activity-rest-page.json', 'azure_page+azure_activity'],
    ['graph-signins-page.json', 'azure_page+entra_signin'],
    ['eventhub-entra-signins.json', 'event_hub+entra_signin'],
    ['cloudwatch-firehose-cloudtrail.gz', 'cloudwatch_logs+cloudtrail_lines'],
    ['cloudwatch-filter-log-events-eks.json', 'k8s_audit'],
    ['cloudwatch-export-cloudtrail.gz', 'cloudwatch_export+cloudtrail_lines'],
    ['gcp-logging-entries-page.json', 'gcp_entries+gcp_audit'],
  ])('%s is %s', async (file, format) => {
    expect((await sniffFixture(file)).format).toBe(format);
  });

  it('takes a text log with ISO timestamps for no wrapper unless a JSON record follows them', () => {
    expect(sniffText('2024-06-01T10:00:00.000Z sshd[42]: Accepted publickey for ci\n').reason).toMatch(
      /^not a log format Trailmark reads yet; starts with/,
    );
    expect(sniffText(`2024-06-01T10:00:00Z ${JSON.stringify(CT)}\n`).format).toBe('cloudwatch_export+cloudtrail_lines');
  });

  it('names the wrapper when its records are of no source it reads, and an empty page is an empty file', async () => {
    const r = sniffText(JSON.stringify({ value: [{ foo: 1, bar: 2 }], nextLink: null }));
    expect(r.format).toBe('unknown');
    expect(r.reason).toMatch(/^an Azure REST or Microsoft Graph page \(value\[\]\) holding records of no source/);
    expect(r.reason).toContain("first record's keys: foo, bar");
    expect((await sniffFixture('graph-empty-page.json')).reason).toMatch(/^empty file \(an Azure REST/);
  });
});
