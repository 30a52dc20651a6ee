// One record of each source, fed through every wrapper that carries that source, gives the same event row (time,
// actor, operation, outcome, IP… and the raw record) and the same identity as the source's native shape, and every
// wrapped file reconciles (records = loaded + quarantined). Native and wrapped files are ingested into separate
// cases, one per wrapper, so each identity is classified from the same single record.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import type { Identity, IngestSummary } from '../../shared/model';
import { ingest, openTempCase } from '../helpers/core';
import { REPO, tempDir } from '../helpers/paths';

type Rec = Record<string, unknown>;
const SOURCES = path.join(REPO, 'test/fixtures/sources');

const firstLine = async (file: string): Promise<Rec> =>
  JSON.parse((await readFile(path.join(SOURCES, file), 'utf8')).split('\n')[0]!) as Rec;
const json = async (file: string): Promise<unknown> => JSON.parse(await readFile(path.join(SOURCES, file), 'utf8'));

/** A Microsoft 365 Management Activity API record (SharePoint, an app downloading a file). */
const M365: Rec = {
  CreationTime: '2024-06-04T09:00:00',
  Id: '7d1f0000-0000-4000-8000-000000000001',
  Operation: 'FileDownloaded',
  OrganizationId: '33333333-4444-5555-6666-777777777777',
  RecordType: 6,
  UserKey: 'i:0i.t|00000003-0000-0ff1-ce00-000000000000|app@sharepoint',
  UserType: 0,
  Version: 1,
  Workload: 'SharePoint',
  ClientIP: '198.51.100.40',
  ObjectId: 'https://acme.sharepoint.com/sites/fin/Shared Documents/q2.xlsx',
  UserId: 'app@sharepoint',
  ApplicationId: 'a1b2c3d4-0000-4000-8000-000000000001',
  UserAgent: 'python-requests/2.31',
};

/** Each source's record, and how its native file holds it. */
async function records(): Promise<Record<string, { rec: Rec; native: (r: Rec) => string }>> {
  const line = (r: Rec) => JSON.stringify(r) + '\n';
  const trail = (await json('cloudtrail-org-trail.json')) as { Records: Rec[] };
  const eks = (await json('eks-cloudwatch-audit.json')) as { logEvents: { message: string }[] };
  const gcp = (await json('gcp-audit-array.json')) as Rec[];
  return {
    cloudtrail: { rec: trail.Records[0]!, native: (r) => JSON.stringify({ Records: [r] }) },
    k8s: { rec: JSON.parse(eks.logEvents[0]!.message) as Rec, native: line },
    gcp: { rec: gcp[0]!, native: (r) => JSON.stringify([r], null, 2) },
    azure_activity: { rec: await firstLine('azure-activity-export.jsonl'), native: line },
    entra_signin: { rec: await firstLine('entra-user-signins.jsonl'), native: line },
    entra_audit: { rec: await firstLine('entra-audit.jsonl'), native: line },
    m365: { rec: M365, native: line },
    okta: { rec: await firstLine('okta-machines.jsonl'), native: line },
    vault: { rec: await firstLine('vault-machine-auth.jsonl'), native: line },
    github: { rec: await firstLine('github-audit-machines.jsonl'), native: line },
  };
}

const ALL = [
  'cloudtrail',
  'k8s',
  'gcp',
  'azure_activity',
  'entra_signin',
  'entra_audit',
  'm365',
  'okta',
  'vault',
  'github',
];
const AZURE = ['azure_activity', 'entra_signin', 'entra_audit'];

/** Each wrapper, as its vendor documents it, around one record; and the sources it carries. */
const WRAPPERS: Record<string, { sources: string[]; wrap: (r: Rec) => string | Buffer }> = {
  es_hits: {
    sources: ALL,
    wrap: (r) =>
      JSON.stringify(
        { took: 3, timed_out: false, hits: { total: { value: 1 }, hits: [{ _index: 'logs', _id: 'a1', _source: r }] } },
        null,
        2,
      ),
  },
  es_source: { sources: ALL, wrap: (r) => JSON.stringify({ _index: 'logs', _id: 'a1', _score: 1, _source: r }) + '\n' },
  splunk_result: {
    sources: ALL,
    wrap: (r) =>
      JSON.stringify({ preview: false, offset: 0, lastrow: true, result: { _raw: JSON.stringify(r), _time: 'x' } }) +
      '\n',
  },
  splunk_results: {
    sources: ALL,
    wrap: (r) =>
      JSON.stringify({ preview: false, init_offset: 0, messages: [], results: [{ _raw: JSON.stringify(r) }] }),
  },
  azure_page: { sources: AZURE, wrap: (r) => JSON.stringify({ value: [r], nextLink: null }, null, 2) },
  graph_page: {
    sources: AZURE,
    wrap: (r) =>
      JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#x',
        value: [r],
        '@odata.nextLink': 'x',
      }),
  },
  event_hub: { sources: AZURE, wrap: (r) => JSON.stringify({ records: [r] }) },
  cloudwatch_logs: {
    sources: ['cloudtrail', 'k8s'],
    wrap: (r) =>
      gzipSync(
        JSON.stringify({
          messageType: 'DATA_MESSAGE',
          owner: '111111111111',
          logGroup: 'g',
          logStream: 's',
          subscriptionFilters: ['f'],
          logEvents: [{ id: '1', timestamp: 1717236000000, message: JSON.stringify(r) }],
        }),
      ),
  },
  cloudwatch_export: {
    sources: ['cloudtrail', 'k8s'],
    wrap: (r) => gzipSync(`2024-06-01T10:00:00.000Z ${JSON.stringify(r)}\n`),
  },
  gcp_entries: { sources: ['gcp'], wrap: (r) => JSON.stringify({ entries: [r], nextPageToken: 'n' }) },
};

interface Loaded {
  core: CoreService;
  summary: IngestSummary;
  identities: Identity[];
}

async function load(name: string, files: Record<string, string | Buffer>): Promise<Loaded> {
  const dir = path.join(await tempDir(), name);
  await mkdir(dir);
  for (const [f, body] of Object.entries(files)) await writeFile(path.join(dir, f), body);
  const { core } = await openTempCase(name);
  const summary = await ingest(core, [dir]);
  const identities = (await core.api.listIdentities({ limit: 1000 })).rows;
  return { core, summary, identities };
}

/** The event rows of one file, without what names the file (evidence id, position, event id); raw parsed. */
async function eventsOf(c: Loaded, file: string): Promise<Rec[]> {
  const rows = await c.core.session.requireCase().db.all<Rec>(
    `SELECT e.* EXCLUDE (event_uid, evidence_id, position, raw), e.raw FROM events e
     JOIN evidence_files f USING (evidence_id) WHERE f.path LIKE ? ORDER BY e.time`,
    [`%/${file}`],
  );
  return rows.map((r) => ({ ...r, raw: JSON.parse(String(r.raw)) }));
}

describe('one record per source, natively and in every wrapper that carries it', () => {
  let recs: Awaited<ReturnType<typeof records>>;
  let native: Loaded;
  const wrapped: Record<string, Loaded> = {};

  beforeAll(async () => {
    recs = await records();
    native = await load(
      'native',
      Object.fromEntries(Object.entries(recs).map(([s, { rec, native: n }]) => [`${s}.json`, n(rec)])),
    );
    for (const [w, { sources, wrap }] of Object.entries(WRAPPERS))
      wrapped[w] = await load(w, Object.fromEntries(sources.map((s) => [`${s}.json`, wrap(recs[s]!.rec)])));
  });
  afterAll(() => {
    native.core.close();
    for (const c of Object.values(wrapped)) c.core.close();
  });

  it('loads each native record as one event', () => {
    for (const f of native.summary.files) {
      expect(f.skipped_reason, f.path).toBeUndefined();
      expect([f.records, f.loaded, f.quarantined], f.path).toEqual([1, 1, 0]);
    }
    expect(native.summary.files).toHaveLength(ALL.length);
  });

  it.each(Object.keys(WRAPPERS))(
    '%s: same events and identities as the native shape, every file reconciled',
    async (w) => {
      const c = wrapped[w]!;
      expect(c.summary.files).toHaveLength(WRAPPERS[w]!.sources.length);
      for (const f of c.summary.files) {
        expect(f.skipped_reason, f.path).toBeUndefined();
        expect([f.records, f.loaded, f.quarantined], f.path).toEqual([1, 1, 0]);
        const inNative = native.summary.files.find((n) => path.basename(n.path) === path.basename(f.path))!;
        // the same format, inside this wrapper (k8s reads CloudWatch payloads itself)
        expect(f.format.replace(/^[a-z_]+\+/, ''), f.path).toBe(
          inNative.format.replace(/^cloudtrail_records$/, 'cloudtrail_lines'),
        );
      }
      for (const s of WRAPPERS[w]!.sources) {
        const file = `${s}.json`;
        const got = await eventsOf(c, file);
        expect(got, `${w}/${s}`).toEqual(await eventsOf(native, file));
        expect(got[0]?.time, `${w}/${s}`).toBeTruthy();
      }
      const key = (i: Identity) => ({ ...i, overridden: undefined });
      const actors = new Set(c.identities.map((i) => i.actor_uid));
      expect(c.identities.length).toBeGreaterThan(0);
      expect(c.identities.map(key)).toEqual(native.identities.filter((i) => actors.has(i.actor_uid)).map(key));
      // and no identity the native records of these sources have is missing
      const nativeOfTheseSources = await native.core.session.requireCase().db.all<{ actor_uid: string }>(
        `SELECT DISTINCT i.actor_uid FROM identities i JOIN events e USING (actor_uid)
       JOIN evidence_files f USING (evidence_id) WHERE f.path SIMILAR TO ?`,
        [`.*/(${WRAPPERS[w]!.sources.join('|')})\\.json`],
      );
      for (const { actor_uid } of nativeOfTheseSources) expect(actors, `${w}: ${actor_uid}`).toContain(actor_uid);
    },
  );
});
