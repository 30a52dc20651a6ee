import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseFile } from '../../main/core/case/case-file';
import { checkMigrationOrder, LATEST_MIGRATION, migrate } from '../../main/core/case/migrate';
import { MIGRATIONS } from '../../main/core/case/migrations';
import { sql as initial } from '../../main/core/case/migrations/0001_initial';
import { Duck } from '../../main/core/db/duck';
import { lit, param, sql } from '../../main/core/db/sql';
import { tempDir } from '../helpers/paths';
import { trailmark } from '../robustness/tamper';
import { fillTargets, TARGETS_FILL_KEY } from '../../main/core/ingest/targets-fill';
import { ERROR_MESSAGE_FILL_KEY, fillErrorMessages } from '../../main/core/ingest/error-messages-fill';

// Each migration is tested as it meets real cases: the case is built as the version before it left it (every
// earlier migration applied, rows written), the migration runs, and the result is compared with what it must be.

const open: Duck[] = [];
afterEach(() => open.splice(0).forEach((d) => d.close()));

/** A fresh case database with the options the case file uses, migrated up to `upTo`. */
async function caseAt(upTo: number, first?: string): Promise<Duck> {
  const db = await Duck.open(path.join(await tempDir('trailmark-migrations-'), 'case.duckdb'), {
    storage_compatibility_version: 'v1.2.0',
  });
  open.push(db);
  if (first !== undefined) {
    // 0001 as an older Trailmark shipped it, recorded as applied.
    await db.run(lit(first));
    await db.run(
      sql`CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
    );
    await db.run(sql`INSERT INTO schema_migrations VALUES (1, 'initial', now())`);
  }
  await migrate(db, { upTo });
  return db;
}

const before = (id: number) => MIGRATIONS[MIGRATIONS.findIndex((m) => m.id === id) - 1]?.id ?? 0;

const tables = async (db: Duck) =>
  (
    await db.all<{ t: string }>(
      sql`SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary`,
    )
  )
    .map((r) => r.t)
    .sort();

const columns = async (db: Duck, table: string) =>
  db.all<{ name: string; type: string; nullable: string }>(
    sql`SELECT column_name AS name, data_type AS type, is_nullable AS nullable FROM information_schema.columns
        WHERE table_schema = 'main' AND table_name = ${param(table)} ORDER BY ordinal_position`,
  );

/** Applies exactly migration `id` to a case at the one before, and returns what it added to the table list. */
async function step(db: Duck, id: number): Promise<string[]> {
  const had = await tables(db);
  expect(await migrate(db, { upTo: id })).toEqual([id]);
  return (await tables(db)).filter((t) => !had.includes(t));
}

async function addEvidenceAndEvents(db: Duck, raws: string[]) {
  await db.run(
    sql`INSERT INTO evidence_files (ingest_id, path, sha256, size, format, added_at)
        VALUES ('i1', '/evidence/a.json', 'ab', 10, 'cloudtrail', now())`,
  );
  for (const [i, raw] of raws.entries())
    await db.run(
      sql`INSERT INTO events (event_uid, time, source, evidence_id, position, outcome, actor_uid, raw)
          VALUES (${param(`e${i}`)}, TIMESTAMPTZ '2026-03-01 10:00:00+00' + ${param(i)} * INTERVAL 1 MINUTE,
                  'aws_cloudtrail', 1, ${param(String(i))}, 'success', 'arn:aws:iam::1:role/ci', ${param(raw)})`,
    );
}

describe('migration order', () => {
  it('ids only increase, and a list that goes back or repeats is refused', () => {
    expect(() => checkMigrationOrder(MIGRATIONS)).not.toThrow();
    expect(MIGRATIONS.map((m) => m.id)).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(LATEST_MIGRATION).toBe(19);
    expect(() =>
      checkMigrationOrder([
        { id: 2, name: 'a' },
        { id: 2, name: 'b' },
      ]),
    ).toThrow(/2 \(b\).*only increase/);
    expect(() =>
      checkMigrationOrder([
        { id: 3, name: 'a' },
        { id: 1, name: 'b' },
      ]),
    ).toThrow(/only increase/);
  });

  it('a case written by a newer Trailmark is refused, and left untouched', async () => {
    const db = await caseAt(LATEST_MIGRATION);
    await db.run(sql`INSERT INTO schema_migrations VALUES (${param(LATEST_MIGRATION + 1)}, 'from the future', now())`);
    await expect(migrate(db)).rejects.toThrow(
      new RegExp(
        `written by a newer Trailmark .*migration ${LATEST_MIGRATION + 1}, this version knows up to ${LATEST_MIGRATION}`,
      ),
    );
    expect(await db.scalar(sql`SELECT count(*) FROM schema_migrations`)).toBe(MIGRATIONS.length + 1);
  });

  it('a refused case is closed again: another process then gets the same error, not a lock', async () => {
    const dir = path.join(await tempDir(), 'future.trailmark');
    (await CaseFile.open(dir, { create: true })).close();
    const raw = await Duck.open(path.join(dir, 'case.duckdb'));
    await raw.run(sql`INSERT INTO schema_migrations VALUES (${param(LATEST_MIGRATION + 1)}, 'from the future', now())`);
    raw.close();
    await expect(CaseFile.open(dir, { create: false })).rejects.toThrow(/written by a newer Trailmark/);
    // this process is still alive: had the refused open kept the database, the CLI would find it locked
    const other = trailmark('info', dir);
    expect(other.code, other.err).toBe(1); // a conflict, as a case held elsewhere is
    expect(other.err).toMatch(/written by a newer Trailmark/);
    expect(other.err).not.toMatch(/lock/i);
  });

  it('a case already at the latest migration is left as it is', async () => {
    const db = await caseAt(LATEST_MIGRATION);
    expect(await migrate(db)).toEqual([]);
  });
});

describe('each migration, from the case the version before left', () => {
  it('0001 initial: an empty file gets the case tables', async () => {
    const db = await caseAt(0);
    expect(await step(db, 1)).toEqual([
      'annotations',
      'case_meta',
      'events',
      'evidence_files',
      'findings',
      'identities',
      'identity_overrides',
      'ingest_issues',
    ]);
  });

  it('0002 ingest_mappings: adds the mappings table', async () => {
    const db = await caseAt(before(2));
    expect(await step(db, 2)).toEqual(['ingest_mappings']);
  });

  it('0003 integrity: adds digests and content hashes, evidence unchanged', async () => {
    const db = await caseAt(before(3));
    await addEvidenceAndEvents(db, ['{"eventName":"A"}']);
    expect(await step(db, 3)).toEqual(['cloudtrail_digests', 'evidence_content_hashes']);
    expect(await db.scalar(sql`SELECT count(*) FROM events`)).toBe(1);
  });

  it('0004 analysis_runs: findings stored before keep their rows and get empty provenance', async () => {
    const db = await caseAt(before(4));
    await db.run(
      sql`INSERT INTO findings (id, detector, severity, score, actor_uid, title, explanation, event_uids, created_at)
          VALUES ('f1', 'dormant', 'high', 70, 'a', 'Dormant', 'why', ['e0'], now())`,
    );
    expect(await step(db, 4)).toEqual(['analysis_runs']);
    expect(await db.one(sql`SELECT id, status, run_id, detectors, status_by, status_at FROM findings`)).toEqual({
      id: 'f1',
      status: 'new',
      run_id: null,
      detectors: null,
      status_by: null,
      status_at: null,
    });
  });

  it('0006 workspace: annotations made before have no place in time; the view state table appears', async () => {
    const db = await caseAt(before(6));
    await db.run(
      sql`INSERT INTO annotations (target_kind, target_id, kind, by_user, recorded_at)
          VALUES ('identity', 'a', 'note', 'me', now())`,
    );
    expect(await step(db, 6)).toEqual(['view_state']);
    expect(await db.one(sql`SELECT annotation_id, at_time, until_time, actor_uid FROM annotations`)).toEqual({
      annotation_id: 1,
      at_time: null,
      until_time: null,
      actor_uid: null,
    });
    // The sequence still numbers the next annotation after the ALTERs (and after the checkpoint migrate runs).
    await db.run(
      sql`INSERT INTO annotations (target_kind, target_id, kind, by_user, recorded_at) VALUES ('identity', 'b', 'note', 'me', now())`,
    );
    expect(await db.scalar(sql`SELECT max(annotation_id) FROM annotations`)).toBe(2);
  });

  it('0007 summaries: adds the empty summary tables', async () => {
    const db = await caseAt(before(7));
    expect(await step(db, 7)).toEqual(['summary_actor_hour', 'summary_actor_state', 'summary_actor_values']);
  });

  it('0017 sort_ranks: adds the empty table of event orders', async () => {
    const db = await caseAt(before(17));
    expect(await step(db, 17)).toEqual(['sort_ranks']);
  });

  it('0018 lineage_links: adds the empty table of links and its console view', async () => {
    const db = await caseAt(before(18));
    expect(await step(db, 18)).toEqual(['lineage_links']);
    expect(await db.scalar(sql`SELECT count(*) FROM q.lineage_links`)).toBe(0);
  });

  it('0008 text_index: adds the index tables', async () => {
    const db = await caseAt(before(8));
    expect(await step(db, 8)).toEqual(['text_index', 'text_index_build']);
  });

  // 0001 as each earlier Trailmark shipped it (git log -p main/core/case/migrations/0001_initial.ts), derived from
  // today's text so that only the two lines that changed differ.
  const RAW_NOW = /^ {2}raw VARCHAR NOT NULL USING COMPRESSION zstd$/m;
  const TIME_NOW = /^ {2}time TIMESTAMPTZ,$/m;
  const SHIPPED_0001 = {
    '2026-11-23 (raw JSON, time NOT NULL)': initial
      .replace(RAW_NOW, '  raw JSON NOT NULL')
      .replace(TIME_NOW, '  time TIMESTAMPTZ NOT NULL,'),
    '2026-11-24 00:12 (raw JSON)': initial.replace(RAW_NOW, '  raw JSON NOT NULL'),
    '2026-11-24 07:38 (raw JSON, zstd)': initial.replace(RAW_NOW, '  raw JSON NOT NULL USING COMPRESSION zstd'),
    'today (raw VARCHAR, zstd)': initial,
  };

  it('the shipped versions of 0001 differ from today only where the history says', () => {
    expect(initial).toMatch(RAW_NOW);
    expect(initial).toMatch(TIME_NOW);
    expect(new Set(Object.values(SHIPPED_0001)).size).toBe(4);
  });

  for (const [version, first] of Object.entries(SHIPPED_0001)) {
    it(`0011 events_one_shape: a case created by 0001 of ${version} ends with raw VARCHAR and time nullable`, async () => {
      const db = await caseAt(before(11), first);
      const raws = ['{"eventName":"CreateUser","requestParameters":{"userName":"svc-support"}}', '{"a":"é\\"q"}'];
      await addEvidenceAndEvents(db, raws);
      const zstd = version.includes('zstd');
      const rawBefore = (await columns(db, 'events')).find((c) => c.name === 'raw')!;
      expect(rawBefore.type).toBe(version.startsWith('today') ? 'VARCHAR' : 'JSON');
      expect(await step(db, 11)).toEqual([]);

      const after = await columns(db, 'events');
      const fresh = await columns(await caseAt(11), 'events');
      expect(after).toEqual(fresh);
      expect(after.find((c) => c.name === 'raw')).toEqual({ name: 'raw', type: 'VARCHAR', nullable: 'NO' });
      expect(after.find((c) => c.name === 'time')).toEqual({
        name: 'time',
        type: 'TIMESTAMP WITH TIME ZONE',
        nullable: 'YES',
      });
      // Every record's text as it was, readable as text and as JSON without a cast.
      expect((await db.all(sql`SELECT raw FROM events ORDER BY event_uid`)).map((r) => r.raw)).toEqual(raws);
      expect(await db.scalar(sql`SELECT count(*) FROM events WHERE regexp_matches(raw, 'svc-support')`)).toBe(1);
      expect(await db.scalar(sql`SELECT raw->>'$.requestParameters.userName' FROM events WHERE event_uid = 'e0'`)).toBe(
        'svc-support',
      );
      // An ingest may now write a row whose time is not known yet.
      await db.run(
        sql`INSERT INTO events (event_uid, time, source, evidence_id, position, outcome, raw)
            VALUES ('late', NULL, 'aws_cloudtrail', 1, '9', 'success', '{}')`,
      );
      await db.run(sql`CHECKPOINT`);
      const compression = await db.all<{ c: string }>(
        sql`SELECT DISTINCT compression AS c FROM pragma_storage_info('events')
            WHERE column_name = 'raw' AND segment_type = 'VARCHAR'`,
      );
      if (zstd) expect(compression.map((r) => r.c)).toEqual(['ZSTD']);
    });
  }

  it('0016 query_lineage: q.findings gains every detector of a finding, keeping its descriptions; q.lineage_edges', async () => {
    const db = await caseAt(before(16));
    await db.run(
      sql`INSERT INTO findings (id, detector, severity, score, actor_uid, title, explanation, event_uids, created_at, detectors)
          VALUES ('f1', 'first_seen', 'high', 80, 'a', 't', 'x', ['e1'], now(), ['first_seen', 'off_hours']),
                 ('f2', 'sigma:abc', 'low', 10, 'a', 't', 'x', [], now(), NULL)`,
    );
    await db.run(
      sql`INSERT INTO lineage_edges VALUES ('access_key', 'cloudtrail', 'arn:p', 'arn:c', 'AKIA1', 'e1', now(), 'e2',
          now(), now(), 3, 1.0, 'responseElements.accessKey.accessKeyId = userIdentity.accessKeyId (AKIA1)')`,
    );
    const comments = (view: string) =>
      db.all<{ column_name: string; comment: string }>(
        sql`SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = 'q' AND table_name = ${param(view)}`,
      );
    const before16 = await comments('findings');
    expect(await step(db, 16)).toEqual([]);
    const after = await comments('findings');
    expect(after.filter((c) => c.column_name !== 'detectors')).toEqual(before16);
    expect(after.find((c) => c.column_name === 'detectors')?.comment).toMatch(/agreed/);
    expect(await db.all(sql`SELECT finding_id, detectors FROM q.findings ORDER BY 1`)).toEqual([
      { finding_id: 'f1', detectors: ['first_seen', 'off_hours'] },
      { finding_id: 'f2', detectors: ['sigma:abc'] },
    ]);
    expect(await db.scalar(sql`SELECT use_count FROM q.lineage_edges WHERE credential_uid = 'AKIA1'`)).toBe(3);
    expect((await comments('lineage_edges')).every((c) => c.comment.length > 0)).toBe(true);
  });

  it("0015 event_targets: events get targets, filled from the stored records by each source's rule", async () => {
    const db = await caseAt(before(15));
    await db.run(
      sql`INSERT INTO evidence_files (ingest_id, path, sha256, size, format, added_at)
          VALUES ('i1', '/evidence/a.json', 'ab', 10, 'cloudtrail_records', now())`,
    );
    const records: [string, unknown][] = [
      [
        'cloudtrail',
        { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', requestParameters: { userName: 'svc-support' } },
      ],
      ['cloudtrail', { eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', requestParameters: null }],
      ['k8s_audit', { kind: 'Event', verb: 'get', objectRef: { resource: 'secrets', namespace: 'prod', name: 'db' } }],
      // Entra audit as diagnostic settings wrap it, stored in the Activity Log's source.
      [
        'azure_activity',
        {
          category: 'AuditLogs',
          resourceId: '/tenants/t/providers/Microsoft.aadiam',
          properties: { targetResources: [{ userPrincipalName: 'bob@acme.com', id: 'u1' }] },
        },
      ],
      [
        'azure_activity',
        { operationName: 'MICROSOFT.KEYVAULT/VAULTS/WRITE', resourceId: '/subscriptions/s/vaults/kv1' },
      ],
      [
        'okta',
        {
          eventType: 'user.lifecycle.deactivate',
          target: [{ alternateId: 'henry@acme.com' }, { displayName: 'Okta' }],
        },
      ],
      // OCSF rows land in the sources they describe; theirs come from resources[].
      [
        'cloudtrail',
        { class_uid: 6003, metadata: { product: { name: 'CloudTrail' } }, resources: [{ uid: 'arn:aws:s3:::b' }] },
      ],
    ];
    for (const [i, [source, rec]] of records.entries())
      await db.run(
        sql`INSERT INTO events (event_uid, time, source, evidence_id, position, outcome, raw)
            VALUES (${param(`e${i}`)}, TIMESTAMPTZ '2026-03-01 10:00:00+00', ${param(source)}, 1, ${param(String(i))},
                    'success', ${param(JSON.stringify(rec))})`,
      );
    await db.run(sql`INSERT INTO events (event_uid, time, source, evidence_id, position, outcome, raw)
      VALUES ('bad', TIMESTAMPTZ '2026-03-01 10:00:00+00', 'cloudtrail', 1, '99', 'success', 'not json')`);
    await db.run(sql`INSERT INTO summary_actor_state VALUES ('a', 1)`);
    await db.run(sql`INSERT INTO summary_actor_values VALUES ('a', 'operation', 'x', 1, 0, now(), now())`);
    const before15 = await db.all<{ column_name: string; comment: string }>(
      sql`SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = 'q' AND table_name = 'events'`,
    );
    expect(await step(db, 15)).toEqual([]);

    expect(await columns(db, 'events')).toEqual(
      (await columns(await caseAt(LATEST_MIGRATION), 'events')).filter((c) => c.name !== 'error_message'),
    );
    // The schema floor marks the case; the formats' rules fill it when it opens (ingest/targets-fill.ts).
    expect(await db.scalar(sql`SELECT value FROM case_meta WHERE key = ${param(TARGETS_FILL_KEY)}`)).toBe('pending');
    expect(await db.scalar(sql`SELECT count(*) FROM events WHERE targets IS NOT NULL`)).toBe(0);
    await fillTargets(db);
    expect(await db.scalar(sql`SELECT count(*) FROM case_meta WHERE key = ${param(TARGETS_FILL_KEY)}`)).toBe(0);
    const targets = await db.all<{ event_uid: string; targets: string[] | null }>(
      sql`SELECT event_uid, targets FROM events ORDER BY position::INT`,
    );
    expect(targets.map((r) => r.targets)).toEqual([
      ['svc-support'],
      null,
      ['namespaces/prod/secrets/db'],
      ['bob@acme.com'],
      ['/subscriptions/s/vaults/kv1'],
      ['henry@acme.com', 'Okta'],
      ['arn:aws:s3:::b'],
      null,
    ]);
    // The console's view has the column, described, and keeps every description it had.
    const after = await db.all<{ column_name: string; comment: string }>(
      sql`SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = 'q' AND table_name = 'events'`,
    );
    expect(after.filter((c) => c.column_name !== 'targets')).toEqual(before15);
    expect(after.find((c) => c.column_name === 'targets')?.comment).toMatch(/acted on/);
    expect(
      await db.scalar(sql`SELECT comment FROM duckdb_views() WHERE schema_name = 'q' AND view_name = 'events'`),
    ).toBe('One row per normalised event, with the original record in raw.');
    expect(await db.scalar(sql`SELECT targets[1] FROM q.events WHERE event_uid = 'e0'`)).toBe('svc-support');
    // Summaries rebuild with the new dimension.
    expect(await db.scalar(sql`SELECT count(*) FROM summary_actor_values`)).toBe(0);
    expect(await db.scalar(sql`SELECT count(*) FROM summary_actor_state`)).toBe(0);
    // A case with no events has nothing to fill and is not marked.
    const empty = await caseAt(LATEST_MIGRATION);
    expect(await empty.scalar(sql`SELECT count(*) FROM case_meta WHERE key = ${param(TARGETS_FILL_KEY)}`)).toBe(0);
  });

  it('0019 event_error_messages: failed calls get their error messages from the stored records, row ids kept', async () => {
    const db = await caseAt(before(19));
    await db.run(
      sql`INSERT INTO evidence_files (ingest_id, path, sha256, size, format, added_at)
          VALUES ('i1', '/evidence/a.json', 'ab', 10, 'cloudtrail_records', now())`,
    );
    const denied = 'User: arn:aws:sts::1:assumed-role/ci/x is not authorized to perform: iam:CreateUser';
    const records: [string, string, unknown][] = [
      [
        'cloudtrail',
        'failure',
        { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', errorCode: 'AccessDenied', errorMessage: denied },
      ],
      // A message on a call that succeeded is not an error message.
      ['cloudtrail', 'success', { eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', errorMessage: 'x' }],
      [
        'cloudtrail',
        'failure',
        { eventSource: 's3.amazonaws.com', eventName: 'GetObject', errorCode: 'NoSuchKey', errorMessage: '' },
      ],
      [
        'k8s_audit',
        'failure',
        {
          kind: 'Event',
          verb: 'get',
          objectRef: { resource: 'secrets', namespace: 'prod', name: 'db' },
          responseStatus: { code: 403, message: 'secrets "db" is forbidden' },
        },
      ],
      [
        'okta',
        'failure',
        { eventType: 'user.session.start', outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } },
      ],
      // Entra audit as diagnostic settings wrap it, stored in the Activity Log's source.
      [
        'azure_activity',
        'failure',
        { category: 'AuditLogs', properties: { targetResources: [], resultReason: 'Insufficient privileges' } },
      ],
    ];
    for (const [i, [source, outcome, rec]] of records.entries())
      await db.run(
        sql`INSERT INTO events (event_uid, time, source, evidence_id, position, outcome, raw)
            VALUES (${param(`e${i}`)}, TIMESTAMPTZ '2026-03-01 10:00:00+00', ${param(source)}, 1, ${param(String(i))},
                    ${param(outcome)}, ${param(JSON.stringify(rec))})`,
      );
    await db.run(sql`INSERT INTO events (event_uid, time, source, evidence_id, position, outcome, raw)
      VALUES ('bad', TIMESTAMPTZ '2026-03-01 10:00:00+00', 'cloudtrail', 1, '99', 'failure', 'not json')`);
    const before19 = await db.all<{ column_name: string; comment: string }>(
      sql`SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = 'q' AND table_name = 'events'`,
    );
    const rowids = sql`SELECT rowid AS r, event_uid FROM events ORDER BY rowid`;
    const ids = await db.all(rowids);
    expect(await step(db, 19)).toEqual([]);

    expect(await columns(db, 'events')).toEqual(await columns(await caseAt(LATEST_MIGRATION), 'events'));
    expect(await db.scalar(sql`SELECT value FROM case_meta WHERE key = ${param(ERROR_MESSAGE_FILL_KEY)}`)).toBe(
      'pending',
    );
    expect(await db.scalar(sql`SELECT count(error_message) FROM events`)).toBe(0);
    expect(await fillErrorMessages(db)).toBe(4);
    expect(await db.scalar(sql`SELECT count(*) FROM case_meta WHERE key = ${param(ERROR_MESSAGE_FILL_KEY)}`)).toBe(0);
    const messages = await db.all<{ error_message: string | null }>(
      sql`SELECT error_message FROM events ORDER BY position::INT`,
    );
    expect(messages.map((r) => r.error_message)).toEqual([
      denied,
      null,
      null,
      'secrets "db" is forbidden',
      'INVALID_CREDENTIALS',
      'Insufficient privileges',
      null,
    ]);
    // Updated in place: the sort ranks' row ids still point at the same events.
    expect(await db.all(rowids)).toEqual(ids);
    // The console's view has the column, described, and keeps every description it had.
    const after = await db.all<{ column_name: string; comment: string }>(
      sql`SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = 'q' AND table_name = 'events'`,
    );
    expect(after.filter((c) => c.column_name !== 'error_message')).toEqual(before19);
    expect(after.find((c) => c.column_name === 'error_message')?.comment).toMatch(/failed call/);
    expect(await db.scalar(sql`SELECT error_message FROM q.events WHERE event_uid = 'e3'`)).toBe(
      'secrets "db" is forbidden',
    );
    // A case whose calls all succeeded has nothing to fill and is not marked.
    const quiet = await caseAt(before(19));
    await addEvidenceAndEvents(quiet, ['{}']);
    await migrate(quiet, { upTo: 19 });
    expect(await quiet.scalar(sql`SELECT count(*) FROM case_meta WHERE key = ${param(ERROR_MESSAGE_FILL_KEY)}`)).toBe(
      0,
    );
  });

  it('0019: a cancelled fill keeps its mark, and the next run finishes it', async () => {
    const db = await caseAt(before(19));
    await addEvidenceAndEvents(db, []);
    await db.run(sql`INSERT INTO events (event_uid, time, source, evidence_id, position, outcome, raw)
      VALUES ('f', TIMESTAMPTZ '2026-03-01 10:00:00+00', 'vault_audit', 1, '0', 'failure',
              '{"type":"response","request":{"path":"secret/x"},"error":"permission denied"}')`);
    await step(db, 19);
    const stop = new AbortController();
    stop.abort();
    await expect(fillErrorMessages(db, { signal: stop.signal })).rejects.toThrow(/cancelled/);
    expect(await db.scalar(sql`SELECT count(*) FROM case_meta WHERE key = ${param(ERROR_MESSAGE_FILL_KEY)}`)).toBe(1);
    expect(await fillErrorMessages(db)).toBe(1);
    expect(await db.scalar(sql`SELECT error_message FROM events`)).toBe('permission denied');
  });
});
