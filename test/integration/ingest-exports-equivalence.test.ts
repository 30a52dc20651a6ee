import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORTS, loadCase, type Loaded } from '../helpers/exports';

/**
 * One CloudTrail record pair and one Entra sign-in pair (a service principal, a user) written in their native
 * shape, and the same records in each SIEM / search export (fixtures/exports, written from the vendors'
 * documented columns). Each shape is ingested into a case of its own; each must give the native case's events
 * and identities, and every file reconciles, the malformed rows quarantined alone at their row.
 */
const SHAPES: Record<string, { files: string[]; formats: string[] }> = {
  native: {
    files: ['native-cloudtrail.json', 'native-entra-signins.jsonl'],
    formats: ['cloudtrail_records', 'entra_signin'],
  },
  sentinel_csv: {
    files: ['sentinel-awscloudtrail.csv', 'sentinel-aadserviceprincipalsigninlogs.csv', 'sentinel-signinlogs.csv'],
    formats: ['sentinel_awscloudtrail_csv', 'sentinel_signin_csv', 'sentinel_signin_csv'],
  },
  sentinel_json: {
    files: ['sentinel-awscloudtrail.json', 'sentinel-aadserviceprincipalsigninlogs.json', 'sentinel-signinlogs.json'],
    formats: ['sentinel_awscloudtrail_json', 'sentinel_signin_json', 'sentinel_signin_json'],
  },
  sentinel_api: {
    files: [
      'sentinel-awscloudtrail-api.json',
      'sentinel-aadserviceprincipalsigninlogs-api.json',
      'sentinel-signinlogs-api.json',
    ],
    formats: ['sentinel_awscloudtrail_api', 'sentinel_signin_api', 'sentinel_signin_api'],
  },
  splunk_csv: {
    files: ['splunk-cloudtrail.csv', 'splunk-entra-signins.csv'],
    formats: ['splunk_cloudtrail_lines_csv', 'splunk_entra_signin_csv'],
  },
  kibana_csv: {
    files: ['kibana-cloudtrail.csv', 'kibana-entra-signins.csv'],
    formats: ['kibana_cloudtrail_lines_csv', 'kibana_entra_signin_csv'],
  },
};

describe('one record gives the same events and identities in its native shape and in every export', () => {
  const got: Record<string, Loaded> = {};
  beforeAll(async () => {
    for (const [name, shape] of Object.entries(SHAPES))
      got[name] = await loadCase(shape.files.map((f) => path.join(EXPORTS, f)));
  });
  afterAll(async () => {
    for (const l of Object.values(got)) await l.core.close();
  });

  it('the native shape loads the two CloudTrail records and the two sign-ins', () => {
    const native = got.native!;
    expect(native.events).toHaveLength(4);
    expect(native.events.map((e) => e.actor_uid)).toEqual(
      expect.arrayContaining([
        'arn:aws:iam::111122223333:role/github-actions-deploy',
        'azure:sp:5p5p5p5p-0000-0000-0000-000000000001',
        'azure:user:erin@acme.example',
      ]),
    );
  });

  for (const [name, shape] of Object.entries(SHAPES)) {
    if (name === 'native') continue;
    it(`${name}: recognised by content, and the same event rows and identities as native`, () => {
      const l = got[name]!;
      expect(l.summary.files.map((f) => path.basename(f.path))).toEqual(shape.files);
      expect(l.summary.files.map((f) => f.format)).toEqual(shape.formats);
      expect(l.events).toEqual(got.native!.events);
      expect(l.identities).toEqual(got.native!.identities);
    });
  }

  it('each file reconciles: records = loaded + quarantined, a malformed row quarantined alone at its row', async () => {
    for (const [name, l] of Object.entries(got)) {
      for (const f of l.summary.files) {
        expect(f.skipped_reason, `${name} ${f.path}`).toBeUndefined();
        expect(f.records, `${name} ${f.path}`).toBe(f.loaded + f.quarantined);
      }
    }
    // Each CloudTrail export has one bad row between the two good ones: a time that isn't one, a cut-off _raw.
    for (const name of ['sentinel_csv', 'splunk_csv', 'kibana_csv']) {
      const l = got[name]!;
      const ct = l.summary.files[0]!;
      expect(ct, name).toMatchObject({ records: 3, loaded: 2, quarantined: 1 });
      const info = await l.core.api.caseInfo({});
      const issues = info.issues.first.filter((i) => i.file.endsWith(path.basename(ct.path)));
      expect(
        issues.map((i) => i.position),
        name,
      ).toEqual(['record 1']);
    }
  });
});
