// Every wrapper Trailmark takes records out of, on a fixture written from the vendor's documented shape
// (test/fixtures/envelopes/README.md): recognised by content, reconciled (records = loaded + quarantined), and
// normalised as the source's own records are.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import type { IngestSummary } from '../../shared/model';
import { ingest, openTempCase } from '../helpers/core';
import { REPO, tempDir } from '../helpers/paths';

const FIXTURES = path.join(REPO, 'test/fixtures/envelopes');

const EXPECTED: Record<string, { format: string; records: number }> = {
  'es-search-cloudtrail.json': { format: 'es_hits+cloudtrail_lines', records: 2 },
  'es-source-cloudtrail.jsonl': { format: 'es_source+cloudtrail_lines', records: 2 },
  'logstash-cloudtrail.jsonl': { format: 'cloudtrail_lines', records: 2 },
  'splunk-export-cloudtrail.json': { format: 'splunk_result+cloudtrail_lines', records: 2 },
  'splunk-results-okta.json': { format: 'splunk_results+okta_system', records: 2 },
  'azure-activity-rest-page.json': { format: 'azure_page+azure_activity', records: 2 },
  'graph-signins-page.json': { format: 'azure_page+entra_signin', records: 2 },
  'eventhub-entra-signins.json': { format: 'event_hub+entra_signin', records: 2 },
  'cloudwatch-firehose-cloudtrail.gz': { format: 'cloudwatch_logs+cloudtrail_lines', records: 2 },
  'cloudwatch-filter-log-events-eks.json': { format: 'k8s_audit', records: 3 },
  'cloudwatch-export-cloudtrail.gz': { format: 'cloudwatch_export+cloudtrail_lines', records: 2 },
  'gcp-logging-entries-page.json': { format: 'gcp_entries+gcp_audit', records: 2 },
};

describe('records inside SIEM exports and cloud delivery wrappers', () => {
  let core: CoreService;
  let summary: IngestSummary;

  beforeAll(async () => {
    ({ core } = await openTempCase('envelopes'));
    summary = await ingest(core, [FIXTURES]);
  });
  afterAll(() => core.close());

  const file = (name: string) => {
    const f = summary.files.find((x) => path.basename(x.path) === name);
    expect(f, name).toBeDefined();
    return f!;
  };
  const events = async (name: string) => {
    const db = core.session.requireCase().db;
    return db.all<Record<string, unknown>>(
      `SELECT e.* EXCLUDE (raw), strftime(e.time, '%Y-%m-%dT%H:%M:%SZ') AS at FROM events e
       JOIN evidence_files f USING (evidence_id) WHERE f.path LIKE ? ORDER BY e.time, e.position`,
      [`%/${name}`],
    );
  };

  it('recognises each wrapper and the source inside it, and loads every record it carries', () => {
    for (const [name, want] of Object.entries(EXPECTED)) {
      const f = file(name);
      expect(f.skipped_reason, name).toBeUndefined();
      expect(f.format, name).toBe(want.format);
      expect(f.records, name).toBe(want.records);
      expect(f.records, name).toBe(f.loaded + f.quarantined);
      expect(f.quarantined, name).toBe(0);
    }
  });

  it('lists [], {} and an empty Graph page as empty files', () => {
    expect(file('empty-array.json').skipped_reason).toMatch(/^empty file/);
    expect(file('empty-object.json').skipped_reason).toMatch(/^empty file/);
    expect(file('graph-empty-page.json').skipped_reason).toMatch(/^empty file \(an Azure REST or Microsoft Graph page/);
  });

  it('takes a re-shipped CloudTrail record without eventTime at its @timestamp, with its own fields', async () => {
    for (const name of ['es-search-cloudtrail.json', 'es-source-cloudtrail.jsonl', 'logstash-cloudtrail.jsonl']) {
      const rows = await events(name);
      expect(rows.map((r) => r.at)).toEqual(['2024-06-01T10:00:00Z', '2024-06-01T10:00:05Z']);
      expect(rows[1]).toMatchObject({
        source: 'cloudtrail',
        api_operation: 'GetSecretValue',
        outcome: 'failure',
        error_code: 'AccessDenied',
        src_ip: '203.0.113.7',
        actor_uid: 'arn:aws:iam::111111111111:role/ci-deploy',
      });
    }
  });

  it('reads Splunk _raw, CloudWatch messages and the Azure REST shape as the records they carry', async () => {
    const splunk = await events('splunk-export-cloudtrail.json');
    expect(splunk.map((r) => [r.at, r.api_operation, r.outcome])).toEqual([
      ['2024-06-01T10:00:00Z', 'ListBuckets', 'success'],
      ['2024-06-01T10:00:05Z', 'GetSecretValue', 'failure'],
    ]);
    // the CONTROL_MESSAGE Firehose delivered before the data carries no record
    expect((await events('cloudwatch-export-cloudtrail.gz')).map((r) => [r.at, r.api_operation])).toEqual([
      ['2024-06-01T10:00:00Z', 'ListBuckets'],
      ['2024-06-01T10:00:05Z', 'GetSecretValue'],
    ]);
    expect((await events('cloudwatch-firehose-cloudtrail.gz')).map((r) => r.api_operation)).toEqual([
      'ListBuckets',
      'GetSecretValue',
    ]);
    const rest = await events('azure-activity-rest-page.json');
    expect(rest.map((r) => [r.at, r.api_operation, r.outcome, r.actor_uid])).toEqual([
      [
        '2024-06-02T08:15:00Z',
        'Microsoft.Authorization/roleAssignments/write',
        'success',
        'azure:sp:9f8e7d6c-0000-4000-8000-00000000abcd',
      ],
      [
        '2024-06-02T08:20:00Z',
        'Microsoft.Authorization/roleAssignments/write',
        'failure',
        'azure:sp:9f8e7d6c-0000-4000-8000-00000000abcd',
      ],
    ]);
    const graph = await events('graph-signins-page.json');
    expect(graph.map((r) => [r.outcome, r.error_code, r.actor_uid, r.actor_type])).toEqual([
      ['success', null, 'azure:sp:9f8e7d6c-0000-4000-8000-00000000abcd', 'signin:ServicePrincipalSignInLogs'],
      ['failure', '7000215', 'azure:sp:9f8e7d6c-0000-4000-8000-00000000abcd', 'signin:ServicePrincipalSignInLogs'],
    ]);
    const hub = await events('eventhub-entra-signins.json');
    expect(hub.map((r) => r.actor_type)).toEqual([
      'signin:ServicePrincipalSignInLogs',
      'signin:ManagedIdentitySignInLogs',
    ]);
    const okta = await events('splunk-results-okta.json');
    expect(okta.every((r) => r.source === 'okta' && typeof r.actor_uid === 'string')).toBe(true);
  });

  it('quarantines a broken line of a wrapped export alone, with its position, and loads the others', async () => {
    const dir = await tempDir();
    for (const name of ['es-source-cloudtrail.jsonl', 'splunk-export-cloudtrail.json']) {
      const [a, b] = (await readFile(path.join(FIXTURES, name), 'utf8')).trim().split('\n');
      await writeFile(
        path.join(dir, `broken-${name}`),
        [a, b!.slice(0, 80), a!.replace('"offset":0', '"offset":2'), b].join('\n'),
      );
    }
    const { core: other } = await openTempCase('broken-envelopes');
    try {
      const s = await ingest(other, [dir]);
      for (const f of s.files) {
        expect(f.format, f.path).toMatch(/^(es_source|splunk_result)\+cloudtrail_lines$/);
        expect([f.records, f.loaded, f.quarantined], f.path).toEqual([4, 3, 1]);
      }
      const issues = await other.session
        .requireCase()
        .db.all<{ position: string }>(`SELECT position FROM ingest_issues ORDER BY position`);
      expect(issues.map((i) => i.position)).toEqual(['record 1', 'record 1']);
    } finally {
      other.close();
    }
  });
});
